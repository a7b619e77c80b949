use super::*;
use crate::fixtures;
use crate::model::{AwsVpc, DeploymentAlarms, LoadBalancer, StrategyItem};

fn api() -> Service {
    fixtures::services().into_iter().find(|s| s.name == "api").expect("api fixture")
}

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

/// (provider, expected, placed) per row, placed only once the tasks are counted.
fn rows(m: &Mix) -> Vec<(&str, Option<u32>, Option<u32>)> {
    let counted = matches!(m.actual, Actual::Counted(_));
    m.mix.rows.iter().map(|r| (r.name.as_str(), r.expected, counted.then_some(r.placed()))).collect()
}

#[test]
fn the_mix_pane_counts_the_services_tasks_against_the_expected_split() {
    // api wants 4 on FARGATE b1 w1 · SPOT w4: 1 by base, the other 3 by weight, each within its
    // exact share (0.6 and 2.4): 1 and 3. Its tasks run 1 on FARGATE, 2 on Spot.
    let tasks = fixtures::tasks();
    let m = mix(&api(), None, Ok(Some(&tasks)));
    assert_eq!(m.mix.source, crate::model::MixSource::Service);
    assert_eq!(rows(&m), vec![("FARGATE", Some(1), Some(1)), ("FARGATE_SPOT", Some(3), Some(2))]);
    assert_eq!(m.actual, Actual::Counted(3));
    assert_eq!((m.mix.expected_spot_share(), m.mix.spot_share()), (Some(75), Some(67)));
    assert!(!m.default_unknown);
    assert_eq!(m.entries(), 3 + 2 + m.mix.warnings.len());
}

#[test]
fn nothing_is_compared_before_the_tasks_are_counted() {
    let mut svc = api();
    svc.strategy = Strategy::default();
    let default = strategy(&[("FARGATE_SPOT", 0, 1)]);
    let m = mix(&svc, Some(&default), Ok(None));
    assert_eq!(m.mix.source, crate::model::MixSource::ClusterDefault);
    assert_eq!(rows(&m), vec![("FARGATE_SPOT", Some(4), None)]);
    assert_eq!(m.actual, Actual::Loading);
    assert!(m.shown_warnings().is_empty(), "every provider would look short before counting");
    // The cluster default is not known yet: said, not guessed.
    assert!(mix(&svc, None, Ok(None)).default_unknown);
    let failed = mix(&svc, Some(&default), Err("AccessDenied".into()));
    assert_eq!(failed.actual, Actual::Error("AccessDenied".into()));
    // Spot short: counted, the warning shows.
    let tasks: Vec<Task> =
        fixtures::tasks().into_iter().map(|t| Task { capacity_provider: Some("FARGATE".into()), ..t }).collect();
    let m = mix(&svc, Some(&default), Ok(Some(&tasks)));
    assert!(
        m.shown_warnings().iter().any(|w| w.contains("FARGATE_SPOT") && w.contains("Spot capacity may be short")),
        "{:?}",
        m.shown_warnings()
    );
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
    assert_eq!(view.panes.focus, Pane::Scaling, "backtab from the first wraps to the last");
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
fn it_loads_the_running_tasks_the_history_and_the_clusters_only_for_a_default_strategy() {
    let view = loaded_view();
    let cluster = fixtures::cluster_arn("prod");
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    let mut data = Data::default();
    assert_eq!(
        view.loads(&data),
        vec![
            Load::Services { cluster: cluster.clone() },
            Load::Tasks { cluster: cluster.clone(), filter: running },
            Load::Deployments { cluster: cluster.clone(), service: fixtures::services()[0].arn.clone() },
            Load::Alarms,
        ]
    );
    let mut services = fixtures::services();
    services.iter_mut().for_each(|s| s.strategy = Strategy::default());
    let load = Load::Services { cluster: cluster.clone() };
    data.start(&load, 1);
    let payload = crate::state::Payload::Services(crate::api::Loaded { items: services, failures: vec![] });
    assert!(data.apply(&load, 1, fixtures::now(), Ok(payload)));
    assert!(view.loads(&data).contains(&Load::Clusters));
}

#[test]
fn the_history_is_newest_first_and_counts_what_ecs_no_longer_keeps() {
    use crate::api::{Described, ServiceDeployment};
    use crate::model::Failure;
    use crate::state::Payload;
    let (cluster, service) = (fixtures::cluster_arn("prod"), api().arn);
    let mut data = Data::default();
    let load = Load::Deployments { cluster: cluster.clone(), service: service.clone() };
    assert_eq!(History::of(&data, &cluster, &service), History::Loading);
    let dep = |id: &str, status: &str, mins: i64| ServiceDeployment {
        arn: format!("arn:aws:ecs:eu-west-1:1:service-deployment/prod/api/{id}"),
        status: status.into(),
        created_at: Some(fixtures::now() - chrono::Duration::minutes(mins)),
        ..Default::default()
    };
    data.start(&load, 1);
    let described = Described {
        items: vec![dep("old", "SUCCESSFUL", 600), dep("new", "ROLLBACK_SUCCESSFUL", 5)],
        failures: vec![Failure {
            arn: "arn:aws:ecs:eu-west-1:1:service-deployment/prod/api/gone".into(),
            reason: "MISSING".into(),
            detail: None,
        }],
    };
    assert!(data.apply(&load, 1, fixtures::now(), Ok(Payload::Deployments(described))));
    match History::of(&data, &cluster, &service) {
        History::Loaded { items, missing } => {
            assert_eq!(
                items.iter().map(|d| d.status.as_str()).collect::<Vec<_>>(),
                ["ROLLBACK_SUCCESSFUL", "SUCCESSFUL"]
            );
            assert_eq!(missing, 1);
        }
        other => panic!("{other:?}"),
    }
    // A failed load says why instead of loading forever.
    let mut data = Data::default();
    data.start(&load, 2);
    let denied = crate::api::ApiError::new(crate::api::ErrorKind::AccessDenied, "no ecs:ListServiceDeployments");
    data.apply(&load, 2, fixtures::now(), Err(denied));
    assert!(
        matches!(History::of(&data, &cluster, &service), History::Error(e) if e.contains("ListServiceDeployments"))
    );
}
