//! Render snapshots of the service detail's targets pane (7): a target group with an
//! unhealthy, a draining and healthy targets mapped to the service's tasks, and the words for
//! a refused call and a target group that is gone.
use super::snapshots::{answer, detail, draw, key};
use crate::api::{ApiError, ErrorKind};
use crate::fixtures;
use crate::model::{TargetGroupHealth, TargetHealth, TargetState, TaskFilter, TaskStatusFilter};
use crate::state::{Load, Payload, State};
use crossterm::event::KeyCode;

const TG: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123abcd";
const DESCRIPTION: &str = "Health checks failed with these codes: [502]";

fn target(ip: &str, state: TargetState, reason: Option<(&str, &str)>) -> TargetHealth {
    TargetHealth {
        id: ip.into(),
        port: Some(8080),
        availability_zone: Some("eu-west-1a".into()),
        state,
        reason: reason.map(|r| r.0.to_string()),
        description: reason.map(|r| r.1.to_string()),
    }
}

/// api's detail with its running tasks at 10.0.1.11–13 and its target group's health.
fn with_targets(result: Result<TargetGroupHealth, ApiError>) -> State {
    let mut s = detail();
    let prod = fixtures::cluster_arn("prod");
    let mut tasks = fixtures::tasks();
    for (i, t) in tasks.iter_mut().enumerate() {
        t.private_ip = Some(format!("10.0.1.{}", 11 + i));
    }
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    let load = Load::Tasks { cluster: prod, filter: running };
    answer(&mut s, load, Ok(Payload::Tasks(crate::api::Loaded { items: tasks, failures: vec![] })));
    answer(&mut s, Load::TargetHealth { arns: vec![TG.into()] }, Ok(Payload::TargetHealth(vec![(TG.into(), result)])));
    s
}

fn prod_api() -> TargetGroupHealth {
    TargetGroupHealth {
        arn: TG.into(),
        name: "prod-api".into(),
        protocol: Some("HTTP".into()),
        port: Some(8080),
        load_balancer_arns: vec![
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-public/5f1c".into(),
        ],
        targets: vec![
            target("10.0.1.11", TargetState::Healthy, None),
            target("10.0.1.12", TargetState::Unhealthy, Some(("Target.ResponseCodeMismatch", DESCRIPTION))),
            target("10.0.1.13", TargetState::Healthy, None),
            target(
                "10.0.63.250",
                TargetState::Draining,
                Some(("Target.DeregistrationInProgress", "Target deregistration is in progress")),
            ),
        ],
        note: None,
    }
}

#[test]
fn the_targets_pane_counts_marks_and_explains_each_target() {
    let mut s = with_targets(Ok(prod_api()));
    key(&mut s, KeyCode::Char('7'));
    let screen = draw(&mut s, 160, 50);
    assert!(screen.contains("prod-api  HTTP:8080  2 healthy · 1 unhealthy · 1 draining"), "{screen}");
    // Only the unhealthy target is marked, and it comes first with its task and reason.
    assert_eq!(screen.matches("✖ unhealthy").count(), 1, "{screen}");
    assert!(!screen.contains("✖ healthy") && !screen.contains("✖ draining"), "{screen}");
    assert!(screen.contains("no running task (deregistering)"), "{screen}");
    insta::assert_snapshot!("service_targets_160x50", screen);
    let screen = draw(&mut s, 80, 24);
    // At 80 wide the reason wraps whole: its last words are on screen.
    assert!(screen.contains("[502]"), "{screen}");
    assert!(screen.contains("task 9a8b7c6d") || screen.contains("task "), "{screen}");
    insta::assert_snapshot!("service_targets_80x24", screen);
    // Collapsed, from another pane: the counts.
    key(&mut s, KeyCode::Char('1'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("7 targets ✖ 2 healthy · 1 unhealthy · 1 draining"), "{screen}");
}

#[test]
fn a_refused_call_and_a_group_that_is_gone_say_so() {
    let denied = ApiError::new(
        ErrorKind::AccessDenied,
        "User is not authorized to perform: elasticloadbalancing:DescribeTargetHealth",
    )
    .with_code("AccessDenied");
    let mut s = with_targets(Err(denied));
    key(&mut s, KeyCode::Char('7'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("no permission for elasticloadbalancing:DescribeTargetHealth"), "{screen}");
    let gone = ApiError::new(ErrorKind::NotFound, "Target groups not found").with_code("TargetGroupNotFound");
    let mut s = with_targets(Err(gone));
    key(&mut s, KeyCode::Char('7'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("target group is gone"), "{screen}");
    insta::assert_snapshot!("service_targets_gone_80x24", screen);
}
