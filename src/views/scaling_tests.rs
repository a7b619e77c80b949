use super::*;
use crate::api::{ApiError, Loaded};
use crate::fixtures;
use crate::model::{
    ActivityStatus, Cluster, MetricSet, PolicyKind, ScalingDetail, Series, ServiceTarget, TargetTracking, TrackedMetric,
};
use crate::state::Payload;
use crate::views::View;

fn cluster() -> Cluster {
    Cluster { arn: fixtures::cluster_arn("prod"), name: "prod".into(), status: "ACTIVE".into(), ..Default::default() }
}

fn service(name: &str, desired: i32) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/{name}"),
        name: name.into(),
        cluster_arn: cluster().arn,
        status: "ACTIVE".into(),
        desired,
        running: desired,
        ..Default::default()
    }
}

fn detail() -> ScalingDetail {
    let activity = |n: i64, status: &str, description: &str| ScalingActivity {
        id: format!("a{n}"),
        status: ActivityStatus::parse(status),
        cause: "monitor alarm high in state ALARM triggered policy cpu".into(),
        description: description.into(),
        status_message: None,
        start: Some(fixtures::now() - chrono::Duration::minutes(n)),
        end: Some(fixtures::now() - chrono::Duration::minutes(n - 1)),
        not_scaled: vec![],
    };
    ScalingDetail {
        target: Some(ScalableTarget { min: 1, max: 3, ..Default::default() }),
        policies: vec![ScalingPolicy {
            name: "cpu".into(),
            arn: "arn:cpu".into(),
            kind: PolicyKind::TargetTrackingScaling(TargetTracking {
                metric: TrackedMetric::Cpu,
                target_value: 60.0,
                scale_out_cooldown: Some(60),
                scale_in_cooldown: Some(300),
                disable_scale_in: false,
            }),
            alarms: vec![],
            created_at: None,
        }],
        activities: vec![
            activity(3, "Failed", "Attempting to scale due to alarm triggered"),
            activity(9, "Unfulfilled", "Setting desired count to 4."),
            activity(25, "Successful", "Setting desired count to 3."),
        ],
    }
}

fn answer(data: &mut Data, req: u64, load: Load, result: Result<Payload, ApiError>) {
    data.start(&load, req);
    assert!(data.apply(&load, req, fixtures::now(), result), "{load:?} applied");
}

#[test]
fn the_pane_shows_a_pinned_service_and_its_refused_scale_outs() {
    let mut data = Data::default();
    let svc = service("payments", 3);
    let (c, s) = (cluster().arn, svc.arn.clone());
    assert_eq!(Scaling::of(&data, &c, &s, &svc), Scaling::Loading);
    answer(&mut data, 1, load(&c, &s), Ok(Payload::ScalingDetail(Box::new(detail()))));
    let shown = Scaling::of(&data, &c, &s, &svc);
    assert!(matches!(&shown, Scaling::Loaded { desired: 3, activities, .. } if activities.len() == 3));
    assert_eq!(shown.problems(), 2);
    assert_eq!(shown.gist(), "1–3 · at max · target CPU 60% · 2 failed or unfulfilled");
    // Target, one policy, the heading, three activities.
    assert_eq!(shown.entries(), 6);
    // Below its maximum: not marked.
    let calm = Scaling::of(&data, &c, &s, &service("payments", 2));
    assert_eq!(calm.gist(), "1–3 · target CPU 60% · 2 failed or unfulfilled");
}

#[test]
fn a_service_without_a_target_is_not_auto_scaled_and_a_refusal_names_the_permission() {
    let mut data = Data::default();
    let svc = service("worker", 2);
    let (c, s) = (cluster().arn, svc.arn.clone());
    answer(&mut data, 1, load(&c, &s), Ok(Payload::ScalingDetail(Box::default())));
    assert_eq!(Scaling::of(&data, &c, &s, &svc), Scaling::NotScaled);
    assert_eq!(Scaling::NotScaled.gist(), "not auto scaled");

    let other = service("api", 2);
    let denied = ApiError::new(ErrorKind::AccessDenied, "User is not authorized")
        .with_code("AccessDeniedException")
        .with_hint("your role needs application-autoscaling:DescribeScalingPolicies (docs/iam.md lists the actions each feature needs)");
    answer(&mut data, 2, load(&c, &other.arn), Err(denied));
    assert_eq!(
        Scaling::of(&data, &c, &other.arn, &other),
        Scaling::Error("no permission for application-autoscaling:DescribeScalingPolicies".into())
    );
    let broken = ApiError::new(ErrorKind::Service, "boom");
    assert_eq!(error_text(&broken), "auto scaling could not be read: AWS service error: boom");
}

#[test]
fn suspended_kinds_in_words() {
    let t = ScalableTarget { min: 1, max: 3, suspended_in: true, suspended_scheduled: true, ..Default::default() };
    assert_eq!(suspended(&t).as_deref(), Some("scale-in, scheduled scaling suspended"));
    assert_eq!(suspended(&ScalableTarget::default()), None);
}

#[test]
fn triage_loads_the_pinned_services_once_the_targets_are_in() {
    let mut data = Data::default();
    let c = cluster();
    let (pinned, calm) = (service("payments", 3), service("api", 2));
    answer(&mut data, 1, Load::Clusters, Ok(Payload::Clusters(Loaded { items: vec![c.clone()], failures: vec![] })));
    let services = Load::Services { cluster: c.arn.clone() };
    let items = vec![pinned.clone(), calm.clone()];
    answer(&mut data, 2, services, Ok(Payload::Services(Loaded { items, failures: vec![] })));
    assert_eq!(triage_loads(&data), vec![Load::ScalableTargets], "the targets first");
    assert_eq!(triage_loads(&Data::default()), vec![], "not before the clusters");
    assert!(triage_input(&data, &c).is_empty());

    let target = |service: &str| ServiceTarget {
        cluster: "prod".into(),
        service: service.into(),
        target: ScalableTarget { min: 1, max: 3, ..Default::default() },
    };
    let targets = vec![target("payments"), target("api")];
    answer(&mut data, 3, Load::ScalableTargets, Ok(Payload::ScalableTargets(targets)));
    let loads = triage_loads(&data);
    let cpu = crate::triage::scaling::cpu_query("prod", "payments");
    assert_eq!(
        loads,
        vec![Load::ScalableTargets, load(&c.arn, &pinned.arn), Load::Metrics { queries: vec![cpu.clone()] }],
        "only the service at its maximum"
    );
    let input = triage_input(&data, &c);
    assert_eq!(input.len(), 2);
    assert_eq!(input["payments"].detail, None);

    answer(&mut data, 4, load(&c.arn, &pinned.arn), Ok(Payload::ScalingDetail(Box::new(detail()))));
    let now = fixtures::now();
    let series = Series { points: vec![(now - chrono::Duration::minutes(2), 70.0), (now, 91.0)], ..Default::default() };
    let set = MetricSet { start: now, end: now, series: vec![series] };
    answer(&mut data, 5, Load::Metrics { queries: vec![cpu] }, Ok(Payload::Metrics(set)));
    let input = triage_input(&data, &c);
    assert_eq!(input["payments"].cpu, Some(91.0), "the newest point");
    assert_eq!(input["payments"].detail.as_ref().and_then(ScalingDetail::cpu_target), Some(60.0));
    assert_eq!(input["api"].cpu, None, "only the pinned ones are read");

    // The triage view: one row for payments, with figures; Enter opens the auto scaling pane.
    let mut v = crate::views::TriageView::new(Default::default(), false);
    use crate::views::Screen;
    v.sync(&data, now, 20);
    let p = v.problems().iter().find(|p| p.rule == crate::triage::Rule::AtScalingMax).expect("an at-max row");
    assert_eq!(p.service.as_deref(), Some("payments"));
    assert_eq!(p.reason, "at max 3 of 3 for 24m; CPU 91% over target 60%: more load cannot be met");
    let Some(View::Service(detail)) = v.open(&p.id(), &data) else { panic!("a service detail") };
    assert_eq!(detail.panes.focus, crate::views::Pane::Scaling);
    assert_eq!(detail.service, pinned.arn);
}
