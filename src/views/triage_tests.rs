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
