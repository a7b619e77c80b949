//! The whole pipelined loader over `SdkEcs` against a seeded moto account.
use crate::common::{moto_api, moto_ecs};
use crate::moto;
use crate::moto_services::register;
use crate::moto_tasks::run;
use bosun::api::Loader;
use std::collections::BTreeSet;
use std::sync::Arc;

/// Create each cluster with its services (one task definition each, desired 1) and run
/// `tasks_per_service` tasks per service; returns the `cluster/service` names and task ARNs.
pub async fn seed(
    ecs: &aws_sdk_ecs::Client,
    layout: &[(&str, &[&str])],
    tasks_per_service: i32,
) -> (BTreeSet<String>, BTreeSet<(String, String)>) {
    let mut want_services = BTreeSet::new();
    let mut want_tasks = BTreeSet::new();
    for (cluster, services) in layout {
        ecs.create_cluster().cluster_name(*cluster).send().await.expect("CreateCluster");
        for svc in *services {
            let td = register(ecs, svc).await;
            ecs.create_service()
                .cluster(*cluster)
                .service_name(*svc)
                .task_definition(&td)
                .desired_count(1)
                .send()
                .await
                .expect("CreateService");
            want_services.insert(format!("{cluster}/{svc}"));
            for arn in run(ecs, cluster, &td, &format!("service:{svc}"), "FARGATE", tasks_per_service).await {
                want_tasks.insert((cluster.to_string(), arn));
            }
        }
    }
    (want_services, want_tasks)
}

#[tokio::test]
async fn fleet_lists_every_seeded_cluster_service_and_task() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    let layout: [(&str, &[&str]); 3] = [("prod", &["api", "web", "worker"]), ("staging", &["api"]), ("empty", &[])];
    let (want_services, want_tasks) = seed(&ecs, &layout, 2).await;

    let fleet = Loader::new(Arc::new(moto_api(&acct)), 8).fleet(None).await.expect("fleet loads");

    assert!(fleet.failures.is_empty(), "{:?}", fleet.failures);
    let clusters: BTreeSet<&str> = fleet.clusters.iter().map(|c| c.cluster.name.as_str()).collect();
    assert_eq!(clusters, BTreeSet::from(["empty", "prod", "staging"]));
    let services: BTreeSet<String> = fleet
        .clusters
        .iter()
        .flat_map(|c| c.services.iter().map(move |s| format!("{}/{}", c.cluster.name, s.name)))
        .collect();
    assert_eq!(services, want_services);
    let tasks: BTreeSet<(String, String)> = fleet
        .clusters
        .iter()
        .flat_map(|c| c.tasks.iter().map(move |t| (c.cluster.name.clone(), t.arn.clone())))
        .collect();
    assert_eq!(tasks, want_tasks);
    assert_eq!(tasks.len(), 8);
}
