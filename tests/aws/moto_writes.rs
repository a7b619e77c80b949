//! The write calls through our `EcsApi` against moto, where moto keeps what ECS keeps
//! (see testing.md): UpdateService's strategy, exec flag and desired count,
//! PutClusterCapacityProviders, StopTask with its reason.
use crate::common::{moto_api, moto_ecs};
use crate::moto;
use crate::moto_services::register;
use crate::moto_tasks::run;
use bosun::api::{EcsApi, ErrorKind, UpdateService};
use bosun::model::{Strategy, StrategyItem};

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

#[tokio::test]
async fn update_service_sends_strategy_exec_and_count() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "api").await;
    ecs.create_service()
        .cluster("prod")
        .service_name("api")
        .task_definition(&td)
        .desired_count(2)
        .send()
        .await
        .expect("CreateService");

    let api = moto_api(&acct);
    let mix = strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
    let request = UpdateService {
        desired_count: Some(3),
        capacity_provider_strategy: Some(mix.clone()),
        enable_execute_command: Some(true),
        force_new_deployment: Some(true),
        ..UpdateService::new("prod", "api")
    };
    let answered = api.update_service(request).await.expect("UpdateService");
    assert_eq!((answered.name.as_str(), answered.desired), ("api", 3));
    assert_eq!(answered.strategy, mix);
    assert!(answered.enable_execute_command);

    // What ECS stored, read back the way the console reads it.
    let d = api.describe_services("prod".into(), vec!["api".into()]).await.expect("DescribeServices");
    let s = &d.items[0];
    assert_eq!((s.desired, s.strategy.clone(), s.enable_execute_command), (3, mix, true));

    let e = api.update_service(UpdateService::new("prod", "ghost")).await.expect_err("no such service");
    assert_eq!(e.kind, ErrorKind::NotFound, "{e}");
}

#[tokio::test]
async fn put_cluster_capacity_providers_replaces_providers_and_default() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").capacity_providers("FARGATE").send().await.expect("CreateCluster");

    let api = moto_api(&acct);
    let providers = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    let default = strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
    let c = api
        .put_cluster_capacity_providers("prod".into(), providers.clone(), default.clone())
        .await
        .expect("PutClusterCapacityProviders");
    assert_eq!((c.capacity_providers.clone(), c.default_strategy.clone()), (providers.clone(), default.clone()));
    let d = api.describe_clusters(vec!["prod".into()]).await.expect("DescribeClusters");
    assert_eq!((d.items[0].capacity_providers.clone(), d.items[0].default_strategy.clone()), (providers, default));
}

#[tokio::test]
async fn stop_task_sends_the_reason() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "worker").await;
    let arns = run(&ecs, "prod", &td, "service:worker", "FARGATE", 1).await;

    let api = moto_api(&acct);
    let t = api.stop_task("prod".into(), arns[0].clone(), Some("drained by sre".into())).await.expect("StopTask");
    assert_eq!(t.arn, arns[0]);
    assert_eq!(t.desired_status, "STOPPED");
    assert_eq!(t.stopped_reason.as_deref(), Some("drained by sre"));
    let d = api.describe_tasks("prod".into(), arns).await.expect("DescribeTasks");
    assert_eq!(d.items[0].stopped_reason.as_deref(), Some("drained by sre"));
}
