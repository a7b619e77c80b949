use super::*;
use crate::fixtures;
use crate::model::{AwsVpc, DeploymentAlarms, LoadBalancer, StrategyItem};

fn api() -> Service {
    fixtures::services().into_iter().find(|s| s.name == "api").expect("api fixture")
}

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

/// (provider, expected, actual) per row.
fn rows(m: &Mix) -> Vec<(&str, Option<u32>, Option<u32>)> {
    m.rows.iter().map(|r| (r.provider.as_str(), r.expected, r.actual)).collect()
}

#[test]
fn the_mix_compares_the_expected_split_with_where_tasks_run() {
    // api wants 4 on FARGATE b1 w1 · SPOT w4: 1 by base, the other 3 by weight (0.6 and 2.4,
    // the larger remainder rounds up): 2 and 2. Its tasks run 1 on FARGATE, 2 on Spot.
    let tasks = fixtures::tasks();
    let m = mix(&api(), None, Ok(Some(&tasks)));
    assert_eq!(m.source, Source::Own);
    assert_eq!(rows(&m), vec![("FARGATE", Some(2), Some(1)), ("FARGATE_SPOT", Some(2), Some(2))]);
    assert_eq!(m.actual, Actual::Counted(3));
    assert_eq!(m.spot, Some((50, Some(67))));
    assert_eq!(m.warnings, vec!["FARGATE: 1 running, 2 expected".to_string()]);
    assert_eq!(m.entries(), 3 + 2 + 1);
}

#[test]
fn short_spot_capacity_is_said_and_tasks_outside_the_strategy_are_shown() {
    let mut svc = api();
    svc.desired = 5;
    let mut tasks = fixtures::tasks();
    // Nothing on Spot: all three on FARGATE, and one of a launch type.
    tasks.iter_mut().for_each(|t| t.capacity_provider = Some("FARGATE".into()));
    tasks[0].capacity_provider = None;
    let m = mix(&svc, None, Ok(Some(&tasks)));
    assert_eq!(
        rows(&m),
        vec![("FARGATE", Some(2), Some(2)), ("FARGATE_SPOT", Some(3), Some(0)), (NO_PROVIDER, None, Some(1))]
    );
    assert!(m.warnings[0].starts_with("FARGATE_SPOT: 0 running, 3 expected — Spot capacity may be short"), "{m:?}");
    assert_eq!(m.warnings[1], format!("{NO_PROVIDER}: 1 running, but it is not in the strategy"));
    assert_eq!(m.spot, Some((60, Some(0))));
    assert_eq!(m.warnings.len(), 2, "one deployment runs tasks: no rollout to explain it");
    // While two deployments run tasks, the difference is said to be (maybe) the rollout.
    let mut rolling = svc.clone();
    rolling.deployments = fixtures::services()[1].deployments.clone();
    rolling.deployments.iter_mut().for_each(|d| d.running = 2);
    let m = mix(&rolling, None, Ok(Some(&tasks)));
    assert_eq!(
        m.warnings.last().map(String::as_str),
        Some("a deployment is rolling: tasks of old and new revisions both count")
    );
}

#[test]
fn the_effective_strategy_says_where_it_comes_from() {
    let mut svc = api();
    svc.strategy = Strategy::default();
    let default = strategy(&[("FARGATE_SPOT", 0, 1)]);
    let m = mix(&svc, Some(&default), Ok(None));
    assert_eq!((m.source.clone(), m.strategy.short()), (Source::ClusterDefault, "FARGATE_SPOT w1".to_string()));
    assert_eq!(rows(&m), vec![("FARGATE_SPOT", Some(4), None)]);
    assert_eq!(m.actual, Actual::Loading);
    assert!(m.warnings.is_empty(), "nothing is compared before the tasks are counted");
    assert_eq!(mix(&svc, None, Ok(None)).source, Source::ClusterUnknown);
    svc.launch_type = Some("FARGATE".into());
    let tasks: Vec<Task> = fixtures::tasks().into_iter().map(|t| Task { capacity_provider: None, ..t }).collect();
    let m = mix(&svc, Some(&default), Ok(Some(&tasks)));
    assert_eq!(m.source, Source::LaunchType("FARGATE".into()));
    assert_eq!(rows(&m), vec![(NO_PROVIDER, None, Some(3))]);
    assert!(m.warnings.is_empty(), "a launch type has no providers to differ from");
    assert_eq!(m.spot, None);
    let failed = mix(&svc, None, Err("AccessDenied".into()));
    assert_eq!(failed.actual, Actual::Error("AccessDenied".into()));
}

#[test]
fn the_summary_names_what_an_operator_looks_for() {
    let mut svc = api();
    svc.alarms = Some(DeploymentAlarms { alarm_names: vec!["api-5xx".into()], enable: true, rollback: true });
    svc.network = Some(AwsVpc {
        subnets: vec!["subnet-a".into(), "subnet-b".into()],
        security_groups: vec!["sg-1".into()],
        assign_public_ip: Some("DISABLED".into()),
    });
    svc.load_balancers = vec![LoadBalancer {
        target_group_arn: Some("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/prod-api/0123abcd".into()),
        container_name: Some("app".into()),
        container_port: Some(8080),
    }];
    let facts = summary(&svc, fixtures::now());
    let value = |label: &str| facts.iter().find(|f| f.label == label).map(|f| f.value.clone()).unwrap_or_default();
    assert_eq!(value("tasks"), "desired 4 · running 4 · pending 0");
    assert_eq!(value("placement"), "strategy FARGATE b1 w1 · SPOT w4");
    assert_eq!(value("deployment alarms"), "api-5xx (roll back)");
    assert_eq!(value("subnets"), "subnet-a, subnet-b");
    assert_eq!(value("public IP"), "DISABLED");
    assert_eq!(value("load balancer"), "target group prod-api → app:8080");
    assert_eq!(value("circuit breaker"), "not reported");
    assert!(value("age").starts_with("30d (created 2026-10-24"), "{}", value("age"));
    // A degraded service's count is a warning.
    let worker = fixtures::services().into_iter().find(|s| s.name == "worker").expect("worker");
    assert_eq!(summary(&worker, fixtures::now())[0].tone, Tone::Warn);
    assert_eq!(target_group_name("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/ff"), "web");
    assert_eq!(target_group_name("web"), "web");
}

#[test]
fn deployments_and_events_come_newest_first_with_their_reasons_and_tones() {
    let worker = fixtures::services().into_iter().find(|s| s.name == "worker").expect("worker");
    let mut checkout = fixtures::services().into_iter().find(|s| s.name == "checkout").expect("checkout");
    checkout.deployments.reverse(); // ECS's order is not ours: the primary comes first anyway
    let d = detail(&checkout, None, Ok(None), fixtures::now());
    let shown: Vec<(&str, &str)> =
        d.deployments.iter().map(|c| (c.status.as_str(), c.bar.task_definition.as_str())).collect();
    assert_eq!(shown, vec![("PRIMARY", "checkout:18"), ("ACTIVE", "checkout:17")]);
    let d = detail(&worker, None, Ok(None), fixtures::now());
    assert_eq!(d.events[0].tone, Tone::Error, "a failed deployment is a problem");
    assert_eq!(d.len(Pane::Events), 1);
    assert_eq!(detail(&api(), None, Ok(None), fixtures::now()).len(Pane::Events), 1, "'no events' is one entry");
}

fn loaded_view() -> ServiceView {
    let cluster = fixtures::cluster_arn("prod");
    let mut data = Data::default();
    let load = Load::Services { cluster: cluster.clone() };
    data.start(&load, 1);
    let payload = crate::state::Payload::Services(crate::api::Loaded { items: fixtures::services(), failures: vec![] });
    assert!(data.apply(&load, 1, fixtures::now(), Ok(payload)));
    let mut view = ServiceView::new(cluster, api().arn);
    view.sync(&data, fixtures::now(), 20);
    view
}

#[test]
fn panes_are_focused_by_number_or_in_turn_and_the_focused_one_zooms_and_scrolls() {
    let mut view = loaded_view();
    let data = Data::default();
    assert_eq!(view.panes.focus, Pane::Summary);
    view.act(Action::PrevPane, &data);
    assert_eq!(view.panes.focus, Pane::Mix, "backtab from the first wraps to the last");
    view.act(Action::NextPane, &data);
    view.act(Action::NextPane, &data);
    assert_eq!(view.panes.focus, Pane::Deployments);
    view.act(Action::PaneSummary, &data);
    // Scrolling moves the focused pane only, and never past its last entry.
    let facts = view.panes.detail().map(|d| d.len(Pane::Summary)).unwrap_or(0);
    view.cursor(Move::By(3));
    assert_eq!(view.panes.offset(Pane::Summary), 3);
    view.cursor(Move::Bottom);
    assert_eq!(view.panes.offset(Pane::Summary), facts - 1);
    assert_eq!(view.panes.offset(Pane::Events), 0);
    view.act(Action::PaneEvents, &data);
    view.cursor(Move::Page(1));
    assert_eq!(view.panes.offset(Pane::Events), 0, "one event: nothing to scroll");
    view.act(Action::Zoom, &data);
    assert!(view.panes.zoomed);
    assert_eq!(view.title(), "service · api · events (zoomed)");
    view.act(Action::Zoom, &data);
    assert!(!view.panes.zoomed);
    // t opens the service's tasks, as :tasks api does.
    let Acted::Open(v) = view.act(Action::ServiceTasks, &data) else { panic!("t opens nothing") };
    assert!(matches!(*v, View::Tasks(ref t) if t.service.as_deref() == Some("api") && !t.stopped));
}

#[test]
fn it_loads_the_running_tasks_and_the_clusters_only_for_a_default_strategy() {
    let view = loaded_view();
    let cluster = fixtures::cluster_arn("prod");
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    let mut data = Data::default();
    assert_eq!(
        view.loads(&data),
        vec![Load::Services { cluster: cluster.clone() }, Load::Tasks { cluster: cluster.clone(), filter: running }]
    );
    let mut services = fixtures::services();
    services.iter_mut().for_each(|s| s.strategy = Strategy::default());
    let load = Load::Services { cluster: cluster.clone() };
    data.start(&load, 1);
    let payload = crate::state::Payload::Services(crate::api::Loaded { items: services, failures: vec![] });
    assert!(data.apply(&load, 1, fixtures::now(), Ok(payload)));
    assert!(view.loads(&data).contains(&Load::Clusters));
}
