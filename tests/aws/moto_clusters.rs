//! Clusters through moto: what CreateCluster / PutClusterCapacityProviders store comes back
//! through our DescribeClusters conversion intact.
use crate::common::{moto_api, moto_ecs, moto_identity};
use crate::moto;
use aws_sdk_ecs::types::{
    CapacityProviderStrategyItem, ClusterConfiguration, ClusterSetting, ClusterSettingName,
    ExecuteCommandConfiguration, ExecuteCommandLogConfiguration, ExecuteCommandLogging, Tag,
};
use bosun::api::{EcsApi, StsApi};
use bosun::model::ExecLogging;

pub fn item(provider: &str, base: i32, weight: i32) -> CapacityProviderStrategyItem {
    CapacityProviderStrategyItem::builder()
        .capacity_provider(provider)
        .base(base)
        .weight(weight)
        .build()
        .expect("provider is set")
}

#[tokio::test]
async fn create_cluster_round_trips_strategy_insights_exec_and_tags() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    let created = ecs
        .create_cluster()
        .cluster_name("prod")
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .default_capacity_provider_strategy(item("FARGATE", 1, 1))
        .default_capacity_provider_strategy(item("FARGATE_SPOT", 0, 4))
        .settings(ClusterSetting::builder().name(ClusterSettingName::ContainerInsights).value("enabled").build())
        .configuration(
            ClusterConfiguration::builder()
                .execute_command_configuration(
                    ExecuteCommandConfiguration::builder()
                        .kms_key_id("arn:aws:kms:us-east-1:123456789012:key/exec")
                        .logging(ExecuteCommandLogging::Override)
                        .log_configuration(
                            ExecuteCommandLogConfiguration::builder()
                                .cloud_watch_log_group_name("/ecs/exec-audit")
                                .cloud_watch_encryption_enabled(true)
                                .s3_bucket_name("exec-audit")
                                .s3_key_prefix("prod")
                                .build(),
                        )
                        .build(),
                )
                .build(),
        )
        .tags(Tag::builder().key("env").value("prod").build())
        .send()
        .await
        .expect("CreateCluster");
    let arn = created.cluster().and_then(|c| c.cluster_arn()).expect("cluster ARN").to_string();
    assert!(arn.contains(&acct.account), "the cluster lives in this test's account: {arn}");

    let api = moto_api(&acct);
    let page = api.list_clusters(None).await.expect("ListClusters");
    assert_eq!(page.arns, vec![arn.clone()]);
    let d = api.describe_clusters(page.arns).await.expect("DescribeClusters");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    let c = &d.items[0];
    assert_eq!(c.name, "prod");
    assert_eq!(c.status, "ACTIVE");
    assert_eq!(c.capacity_providers, vec!["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(c.default_strategy.short(), "FARGATE b1 w1 · SPOT w4");
    assert_eq!(c.container_insights.as_deref(), Some("enabled"));
    assert_eq!(c.insights_label(), "on");
    assert_eq!(c.exec.logging, ExecLogging::Override);
    assert_eq!(c.exec.audit_label(), "OVERRIDE → cw:/ecs/exec-audit s3:exec-audit/prod +kms");
    assert!(c.exec.cloudwatch_encryption);
    assert_eq!(c.tags.get("env").map(String::as_str), Some("prod"));
}

#[tokio::test]
async fn put_cluster_capacity_providers_changes_the_default_strategy() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("dev").send().await.expect("CreateCluster");
    let api = moto_api(&acct);
    let before = api.describe_clusters(vec!["dev".into()]).await.expect("DescribeClusters");
    assert!(before.items[0].default_strategy.is_empty());
    assert_eq!(before.items[0].exec.logging, ExecLogging::Default, "no exec configuration means DEFAULT");

    ecs.put_cluster_capacity_providers()
        .cluster("dev")
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .default_capacity_provider_strategy(item("FARGATE_SPOT", 0, 1))
        .send()
        .await
        .expect("PutClusterCapacityProviders");

    let after = api.describe_clusters(vec!["dev".into()]).await.expect("DescribeClusters");
    assert_eq!(after.items[0].capacity_providers, vec!["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(after.items[0].default_strategy.short(), "FARGATE_SPOT w1");
}

#[tokio::test]
async fn unknown_cluster_names_come_back_as_failures() {
    let acct = moto::account();
    moto_ecs(&acct).create_cluster().cluster_name("real").send().await.expect("CreateCluster");
    let d = moto_api(&acct).describe_clusters(vec!["real".into(), "ghost".into()]).await.expect("DescribeClusters");
    assert_eq!(d.items.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["real"]);
    assert_eq!(d.failures.len(), 1, "{:?}", d.failures);
    assert!(d.failures[0].arn.ends_with("ghost"), "{:?}", d.failures);
    assert_eq!(d.failures[0].reason, "MISSING");
}

#[tokio::test]
async fn accounts_are_isolated_and_identity_names_ours() {
    let a = moto::account();
    let b = moto::account();
    moto_ecs(&a).create_cluster().cluster_name("only-in-a").send().await.expect("CreateCluster");
    assert_eq!(moto_api(&b).list_clusters(None).await.expect("ListClusters").arns, Vec::<String>::new());
    let id = moto_identity(&a).identity().await.expect("GetCallerIdentity");
    assert_eq!(id.account.as_deref(), Some(a.account.as_str()));
    assert!(id.arn.is_some());
}
