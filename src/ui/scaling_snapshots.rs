//! Render snapshots of the service detail's auto scaling pane (8): a service pinned at its
//! maximum with refused scale-outs, a service without a target, a refused load.
use super::snapshots::{answer, detail, draw, key};
use crate::api::{ApiError, ErrorKind};
use crate::fixtures;
use crate::model::{
    ActivityStatus, NotScaled, PolicyKind, ScalableTarget, ScalingActivity, ScalingDetail, ScalingPolicy,
    TargetTracking, TrackedMetric,
};
use crate::state::{Payload, State};
use crate::views::View;
use chrono::Duration;
use crossterm::event::KeyCode;

const ALARM: &str = "TargetTracking-service/prod/api-AlarmHigh-3f2a9c1e-7b4d-4e1a-9c0f-5d6e7f8a9b0c";

fn scaling_load(s: &State) -> crate::state::Load {
    let View::Service(v) = s.view() else { panic!("the service detail is on screen") };
    crate::views::scaling::load(&v.cluster, &v.service)
}

fn pinned() -> ScalingDetail {
    let at = |m: i64| Some(fixtures::now() - Duration::minutes(m));
    let cause = format!("monitor alarm {ALARM} in state ALARM triggered policy api-cpu-target");
    ScalingDetail {
        target: Some(ScalableTarget { min: 2, max: 4, suspended_in: true, ..Default::default() }),
        policies: vec![ScalingPolicy {
            name: "api-cpu-target".into(),
            arn: "arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:resource/ecs/service/prod/api:policyName/api-cpu-target".into(),
            kind: PolicyKind::TargetTrackingScaling(TargetTracking {
                metric: TrackedMetric::Cpu,
                target_value: 60.0,
                scale_out_cooldown: Some(60),
                scale_in_cooldown: Some(300),
                disable_scale_in: false,
            }),
            alarms: vec![ALARM.into(), ALARM.replace("High", "Low")],
            created_at: at(43_200),
        }],
        activities: vec![
            ScalingActivity {
                id: "a1".into(),
                status: ActivityStatus::Failed,
                cause: cause.clone(),
                description: "Attempting to scale due to alarm triggered".into(),
                status_message: Some("Failed to set desired count to 5".into()),
                start: at(3),
                end: at(3),
                not_scaled: vec![NotScaled {
                    code: "AlreadyAtMaxCapacity".into(),
                    max: Some(4),
                    min: None,
                    current: Some(4),
                }],
            },
            ScalingActivity {
                id: "a2".into(),
                status: ActivityStatus::Unfulfilled,
                cause: cause.clone(),
                description: "Setting desired count to 5.".into(),
                status_message: Some(
                    "Unable to set desired count to 5: the maximum capacity of 4 was reached. Raise the maximum \
                     capacity to let this service grow."
                        .into(),
                ),
                start: at(24),
                end: at(24),
                not_scaled: vec![],
            },
            ScalingActivity {
                id: "a3".into(),
                status: ActivityStatus::Successful,
                cause,
                description: "Setting desired count to 4.".into(),
                status_message: Some("Successfully set desired count to 4. Change successfully fulfilled by ecs.".into()),
                start: at(26),
                end: at(25),
                not_scaled: vec![],
            },
        ],
    }
}

#[test]
fn the_scaling_pane_of_a_service_pinned_at_its_maximum() {
    let mut s = detail();
    let load = scaling_load(&s);
    answer(&mut s, load, Ok(Payload::ScalingDetail(Box::new(pinned()))));
    key(&mut s, KeyCode::Char('8'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("auto scaling"), "{screen}");
    assert!(screen.contains("min 2 · desired 4 · max 4"), "{screen}");
    assert!(screen.contains("▲ at max"), "{screen}");
    assert!(screen.contains("keep average CPU at 60%"), "{screen}");
    insta::assert_snapshot!("service_scaling_80x24", screen);
    key(&mut s, KeyCode::Char('z'));
    let screen = draw(&mut s, 80, 40);
    // Every activity whole: the unfulfilled one's message wraps, its end on screen.
    assert!(screen.contains("to let this service grow."), "{screen}");
    assert!(screen.contains("✖ 2 failed or unfulfilled"), "{screen}");
    assert_eq!(screen.matches("✖ Failed").count() + screen.matches("✖ Unfulfilled").count(), 2, "{screen}");
    insta::assert_snapshot!("service_scaling_zoomed_80x40", screen);
    key(&mut s, KeyCode::Char('z'));
    let screen = draw(&mut s, 160, 60);
    // The grid shows every pane whole, the auto scaling one last.
    assert!(screen.contains("auto scaling") && screen.contains("min 2 · desired 4 · max 4"), "{screen}");
    insta::assert_snapshot!("service_scaling_160x60", screen);
}

#[test]
fn the_scaling_pane_says_not_auto_scaled_or_the_missing_permission() {
    let mut s = detail();
    let load = scaling_load(&s);
    answer(&mut s, load.clone(), Ok(Payload::ScalingDetail(Box::default())));
    key(&mut s, KeyCode::Char('8'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("not auto scaled"), "{screen}");

    let mut s = detail();
    let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized").with_hint(
        "your role needs application-autoscaling:DescribeScalingActivities (docs/iam.md lists the actions each feature needs)",
    );
    answer(&mut s, load, Err(denied));
    key(&mut s, KeyCode::Char('2'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("auto scaling no permission (8 says which)"), "collapsed: {screen}");
    key(&mut s, KeyCode::Char('8'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("no permission for application-autoscaling:DescribeScalingActivities"), "{screen}");
}
