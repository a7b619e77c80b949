//! Services through moto: task definitions with awslogs, CreateService, and the UpdateService
//! fields moto stores faithfully (strategy, exec, circuit breaker).
use crate::common::{moto_api, moto_ecs};
use crate::moto;
use crate::moto_clusters::item;
use aws_sdk_ecs::types::{
    ContainerDefinition, DeploymentCircuitBreaker, DeploymentConfiguration, LogConfiguration, LogDriver, Tag,
};
use bosun::api::{EcsApi, Loader};
use std::sync::Arc;

/// Registers `family` with one container logging to `/ecs/<env>/<family>`; returns its ARN.
pub async fn register(ecs: &aws_sdk_ecs::Client, family: &str) -> String {
    let logs = LogConfiguration::builder()
        .log_driver(LogDriver::Awslogs)
        .options("awslogs-group", format!("/ecs/prod/{family}"))
        .options("awslogs-region", moto::REGION)
        .options("awslogs-stream-prefix", family)
        .build()
        .expect("driver is set");
    let out = ecs
        .register_task_definition()
        .family(family)
        .cpu("256")
        .memory("512")
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("public.ecr.aws/nginx/nginx:1.27")
                // moto's RunTask needs container-level memory (HTTP 500 otherwise).
                .memory(512)
                .essential(true)
                .log_configuration(logs)
                .build(),
        )
        .send()
        .await
        .expect("RegisterTaskDefinition");
    let td = out.task_definition().expect("task definition");
    let logs = td.container_definitions()[0].log_configuration().expect("awslogs kept");
    assert_eq!(
        logs.options().and_then(|o| o.get("awslogs-group")).map(String::as_str),
        Some(&*format!("/ecs/prod/{family}"))
    );
    td.task_definition_arn().expect("task definition ARN").to_string()
}

#[tokio::test]
async fn create_then_update_service() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "api").await;
    let created = ecs
        .create_service()
        .cluster("prod")
        .service_name("api")
        .task_definition(&td)
        .desired_count(2)
        .send()
        .await
        .expect("CreateService");
    let arn = created.service().and_then(|s| s.service_arn()).expect("service ARN").to_string();
    ecs.update_service()
        .cluster("prod")
        .service("api")
        .capacity_provider_strategy(item("FARGATE", 1, 1))
        .capacity_provider_strategy(item("FARGATE_SPOT", 0, 4))
        .enable_execute_command(true)
        .deployment_configuration(
            DeploymentConfiguration::builder()
                .deployment_circuit_breaker(DeploymentCircuitBreaker::builder().enable(true).rollback(true).build())
                .maximum_percent(200)
                .minimum_healthy_percent(100)
                .build(),
        )
        .send()
        .await
        .expect("UpdateService");

    let api = moto_api(&acct);
    let page = api.list_services("prod".into(), None).await.expect("ListServices");
    assert_eq!(page.arns, vec![arn.clone()]);
    let d = api.describe_services("prod".into(), page.arns).await.expect("DescribeServices");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    let s = &d.items[0];
    assert_eq!((s.name.as_str(), s.arn.as_str(), s.status.as_str()), ("api", arn.as_str(), "ACTIVE"));
    assert!(s.cluster_arn.ends_with("cluster/prod"), "{}", s.cluster_arn);
    assert_eq!(s.desired, 2);
    assert_eq!(s.task_definition_short(), "api:1");
    assert_eq!(s.controller, "ECS");
    assert_eq!(s.strategy.short(), "FARGATE b1 w1 · SPOT w4");
    assert!(s.enable_execute_command);
    assert_eq!(s.circuit_breaker.map(|c| (c.enable, c.rollback)), Some((true, true)));
    assert!(s.primary().is_some(), "a PRIMARY deployment");
}

/// Tags reach our model: DescribeServices asks for them (`include=TAGS`) and the conversion
/// keeps them, through the loader as the console loads a cluster's services.
#[tokio::test]
async fn service_tags_reach_the_model() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "web").await;
    let created = ecs
        .create_service()
        .cluster("prod")
        .service_name("web")
        .task_definition(&td)
        .desired_count(1)
        .send()
        .await
        .expect("CreateService");
    let arn = created.service().and_then(|s| s.service_arn()).expect("service ARN").to_string();
    ecs.tag_resource()
        .resource_arn(&arn)
        .tags(Tag::builder().key("team").value("edge").build())
        .tags(Tag::builder().key("env").value("prod").build())
        .send()
        .await
        .expect("TagResource");

    let loaded = Loader::new(Arc::new(moto_api(&acct)), 8).services("prod").await.expect("services load");
    assert_eq!(loaded.items.len(), 1);
    let tags: Vec<(&str, &str)> = loaded.items[0].tags.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    assert_eq!(tags, vec![("env", "prod"), ("team", "edge")]);
}

#[tokio::test]
async fn services_of_an_unknown_cluster_are_not_found() {
    let acct = moto::account();
    let e = moto_api(&acct).list_services("nowhere".into(), None).await.expect_err("no such cluster");
    assert_eq!(e.kind, bosun::api::ErrorKind::NotFound, "{e}");
}
