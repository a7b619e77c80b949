use super::*;
use crate::api::Loaded;
use crate::fixtures;
use crate::model::{Cluster, ContainerInstance, Service};
use crate::state::Payload;

fn cluster(name: &str, instances: i32) -> Cluster {
    Cluster {
        arn: format!("arn:aws:ecs:eu-west-1:1:cluster/{name}"),
        name: name.into(),
        registered_instances: instances,
        ..Default::default()
    }
}

fn service(cluster: &str, name: &str, running: i32, desired: i32) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:1:service/{cluster}/{name}"),
        name: name.into(),
        cluster_arn: format!("arn:aws:ecs:eu-west-1:1:cluster/{cluster}"),
        status: "ACTIVE".into(),
        desired,
        running,
        ..Default::default()
    }
}

fn load(data: &mut Data, load: Load, req: u64, payload: Payload) {
    data.start(&load, req);
    assert!(data.apply(&load, req, fixtures::now(), Ok(payload)));
}

#[test]
fn rows_come_as_each_cluster_is_checked_and_enter_opens_the_pane_that_shows_it() {
    let now = fixtures::now();
    let mut data = Data::default();
    let mut v = TriageView::new(Thresholds::default(), false);
    v.sync(&data, now, 20);
    assert!(v.list.rows.is_none(), "nothing until the clusters are known");
    assert_eq!(v.loads(&data), vec![Load::Clusters]);

    let clusters = vec![cluster("prod", 0), cluster("batch", 2)];
    load(&mut data, Load::Clusters, 1, Payload::Clusters(Loaded { items: clusters, failures: vec![] }));
    let loads = v.loads(&data);
    assert!(loads.contains(&Load::ContainerInstances { cluster: cluster("batch", 2).arn }));
    assert!(!loads.contains(&Load::ContainerInstances { cluster: cluster("prod", 0).arn }), "Fargate only");
    assert!(loads.contains(&stopped(&cluster("prod", 0).arn)));

    let prod = Load::Services { cluster: cluster("prod", 0).arn };
    let services = vec![service("prod", "api", 4, 4), service("prod", "worker", 0, 3)];
    load(&mut data, prod, 2, Payload::Services(Loaded { items: services, failures: vec![] }));
    v.sync(&data, now, 20);
    assert_eq!(v.title(), "triage · 1 critical, 0 warnings · 1 of 2 clusters checked");
    let rows = v.list.rows.as_ref().expect("rows");
    assert_eq!(rows.table.rows.len(), 1);
    let row = &rows.table.rows[0];
    let texts: Vec<&str> = row.cells.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, ["critical", "-", "prod/worker", "running 0 of 3 desired"]);
    assert_eq!(row.health, Tone::Error);

    let Some(View::Service(detail)) = v.open(&row.id, &data) else { panic!("a service detail") };
    assert_eq!(detail.service, "arn:aws:ecs:eu-west-1:1:service/prod/worker");
    assert_eq!(detail.panes.focus, super::super::Pane::Events);

    let lost =
        ContainerInstance { arn: "ci/1".into(), status: "ACTIVE".into(), agent_connected: false, ..Default::default() };
    let batch = cluster("batch", 2).arn;
    load(
        &mut data,
        Load::ContainerInstances { cluster: batch.clone() },
        3,
        Payload::ContainerInstances(Loaded { items: vec![lost], failures: vec![] }),
    );
    load(
        &mut data,
        Load::Services { cluster: batch },
        4,
        Payload::Services(Loaded { items: vec![], failures: vec![] }),
    );
    v.sync(&data, now, 20);
    assert_eq!(v.title(), "triage · 2 critical, 0 warnings");
    let id = v.problems().iter().find(|p| p.cluster == "batch").map(Problem::id).expect("batch row");
    let Some(View::Cluster(c)) = v.open(&id, &data) else { panic!("a cluster detail") };
    assert_eq!(c.panes.focus, super::super::cluster::Pane::Instances);
    assert!(!v.settled(&data), "stopped tasks are still to come");
}

#[test]
fn a_calm_fleet_says_so() {
    let now = fixtures::now();
    let mut data = Data::default();
    let mut v = TriageView::new(Thresholds::default(), false);
    let c = cluster("prod", 0);
    load(&mut data, Load::Clusters, 1, Payload::Clusters(Loaded { items: vec![c.clone()], failures: vec![] }));
    v.sync(&data, now, 20);
    assert_eq!(v.empty_text(), "nothing wrong so far (0 of 1 clusters checked)");
    load(
        &mut data,
        Load::Services { cluster: c.arn.clone() },
        2,
        Payload::Services(Loaded { items: vec![service("prod", "api", 2, 2)], failures: vec![] }),
    );
    load(&mut data, stopped(&c.arn), 3, Payload::Tasks(Loaded { items: vec![], failures: vec![] }));
    v.sync(&data, now, 20);
    assert!(!v.settled(&data), "the region's auto scaling targets are still to come");
    load(&mut data, Load::ScalableTargets, 4, Payload::ScalableTargets(vec![]));
    v.sync(&data, now, 20);
    assert!(v.settled(&data));
    assert_eq!(v.empty_text(), "nothing wrong in 1 cluster");
    assert_eq!(v.title(), "triage · 0 critical, 0 warnings");
}

#[test]
fn l_on_a_service_row_opens_its_logs_and_on_a_cluster_row_says_why_not() {
    let now = fixtures::now();
    let mut data = Data::default();
    let mut v = TriageView::new(Thresholds::default(), false);
    assert_eq!(v.logs(&data), Some(Err("no triage row selected".into())));
    let clusters = vec![cluster("prod", 0), cluster("batch", 2)];
    load(&mut data, Load::Clusters, 1, Payload::Clusters(Loaded { items: clusters, failures: vec![] }));
    let mut worker = service("prod", "worker", 0, 3);
    worker.task_definition = "arn:aws:ecs:eu-west-1:1:task-definition/prod-worker:7".into();
    let prod = Load::Services { cluster: cluster("prod", 0).arn };
    load(&mut data, prod, 2, Payload::Services(Loaded { items: vec![worker], failures: vec![] }));
    let lost =
        ContainerInstance { arn: "ci/1".into(), status: "ACTIVE".into(), agent_connected: false, ..Default::default() };
    let batch = cluster("batch", 2).arn;
    load(
        &mut data,
        Load::ContainerInstances { cluster: batch.clone() },
        3,
        Payload::ContainerInstances(Loaded { items: vec![lost], failures: vec![] }),
    );
    v.sync(&data, now, 20);
    let rows: Vec<String> = v.list.rows.as_ref().expect("rows").table.rows.iter().map(|r| r.id.clone()).collect();
    let at = |v: &TriageView, cluster: &str| {
        rows.iter().position(|id| v.find(id).is_some_and(|p| p.cluster == cluster)).expect("a row")
    };
    v.list.selected = at(&v, "prod");
    assert_eq!(
        v.logs(&data),
        Some(Ok(crate::views::LogsOf::Service {
            cluster: cluster("prod", 0).arn,
            service: "arn:aws:ecs:eu-west-1:1:service/prod/worker".into(),
            task_definition: "arn:aws:ecs:eu-west-1:1:task-definition/prod-worker:7".into(),
        }))
    );
    v.list.selected = at(&v, "batch");
    let Some(Err(why)) = v.logs(&data) else { panic!("a cluster's row has no logs") };
    assert_eq!(why, "this row is about the cluster batch, not a service: l opens a service's logs");
}

#[test]
fn alarms_arriving_after_the_services_are_rows_as_the_title_counts() {
    use crate::model::alarm::{AlarmMetric, Dimension};
    use crate::model::{Alarm, AlarmState};
    let now = fixtures::now();
    let mut data = Data::default();
    let mut v = TriageView::new(Thresholds::default(), false);
    load(&mut data, Load::Clusters, 1, Payload::Clusters(Loaded { items: vec![cluster("prod", 0)], failures: vec![] }));
    let services = vec![service("prod", "api", 2, 2), service("prod", "worker", 0, 3)];
    let prod = Load::Services { cluster: cluster("prod", 0).arn };
    load(&mut data, prod, 2, Payload::Services(Loaded { items: services, failures: vec![] }));
    v.sync(&data, now, 20);
    assert_eq!(v.list.rows.as_ref().map(|r| r.table.rows.len()), Some(1));
    let alarm = Alarm {
        name: "api-5xx".into(),
        state: AlarmState::Alarm,
        reason: "Threshold Crossed".into(),
        state_updated_at: Some(now - chrono::Duration::minutes(5)),
        metrics: vec![AlarmMetric {
            namespace: Some("AWS/ECS".into()),
            name: Some("CPUUtilization".into()),
            dimensions: vec![Dimension::new("ClusterName", "prod"), Dimension::new("ServiceName", "api")],
        }],
        ..Default::default()
    };
    load(&mut data, Load::Alarms, 3, Payload::Alarms(vec![alarm]));
    v.sync(&data, now, 20);
    assert_eq!(v.title(), "triage · 2 critical, 0 warnings");
    assert_eq!(v.list.rows.as_ref().map(|r| r.table.rows.len()), Some(2), "a row for each problem counted");
    v.sync(&data, now, 20);
    assert_eq!(v.list.rows.as_ref().map(|r| r.table.rows.len()), Some(2), "and they stay");
}
