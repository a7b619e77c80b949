//! The account alias (IAM ListAccountAliases) and a service's scalable target (Application Auto
//! Scaling DescribeScalableTargets) through moto, which stores and answers both faithfully.
use crate::common::{moto_ecs, moto_iam, moto_iam_client, moto_scaling, moto_scaling_client};
use crate::moto;
use crate::moto_services::register;
use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace, SuspendedState};
use bosun::api::{IamApi, ScalingApi};
use bosun::model::ScalableTarget;

#[tokio::test]
async fn the_account_alias_round_trips() {
    let acct = moto::account();
    let iam = moto_iam(&acct);
    assert_eq!(iam.account_alias().await.expect("ListAccountAliases"), None, "a new account has no alias");

    moto_iam_client(&acct).create_account_alias().account_alias("acme-prod").send().await.expect("CreateAccountAlias");
    assert_eq!(iam.account_alias().await.expect("ListAccountAliases").as_deref(), Some("acme-prod"));
}

/// A cluster `prod` with services `api` and `worker` (moto registers targets only for services
/// that exist).
async fn fleet(acct: &moto::MotoAccount) {
    let ecs = moto_ecs(acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "api").await;
    for name in ["api", "worker"] {
        ecs.create_service()
            .cluster("prod")
            .service_name(name)
            .task_definition(&td)
            .desired_count(2)
            .send()
            .await
            .expect("CreateService");
    }
}

async fn register_target(
    acct: &moto::MotoAccount,
    service: &str,
    min: i32,
    max: i32,
    suspended: Option<SuspendedState>,
) {
    moto_scaling_client(acct)
        .register_scalable_target()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(format!("service/prod/{service}"))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(min)
        .max_capacity(max)
        .role_arn(format!(
            "arn:aws:iam::{}:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/\
             AWSServiceRoleForApplicationAutoScaling_ECSService",
            acct.account
        ))
        .set_suspended_state(suspended)
        .send()
        .await
        .expect("RegisterScalableTarget");
}

#[tokio::test]
async fn a_service_scalable_target_round_trips() {
    let acct = moto::account();
    fleet(&acct).await;
    register_target(&acct, "api", 2, 10, None).await;
    let suspended =
        SuspendedState::builder().dynamic_scaling_in_suspended(true).scheduled_scaling_suspended(true).build();
    register_target(&acct, "worker", 1, 4, Some(suspended)).await;
    let scaling = moto_scaling(&acct);

    let api = scaling.scalable_target("prod".into(), "api".into()).await.expect("DescribeScalableTargets");
    assert_eq!(api, Some(ScalableTarget { min: 2, max: 10, ..Default::default() }));

    // Names come from ARNs, as the console holds them.
    let cluster = format!("arn:aws:ecs:{}:{}:cluster/prod", moto::REGION, acct.account);
    let service = format!("arn:aws:ecs:{}:{}:service/prod/worker", moto::REGION, acct.account);
    let worker = scaling.scalable_target(cluster, service).await.expect("DescribeScalableTargets");
    let want = ScalableTarget { min: 1, max: 4, suspended_in: true, suspended_out: false, suspended_scheduled: true };
    assert_eq!(worker, Some(want));
}

#[tokio::test]
async fn a_service_without_a_scalable_target_has_none() {
    let acct = moto::account();
    fleet(&acct).await;
    register_target(&acct, "api", 2, 10, None).await;
    let scaling = moto_scaling(&acct);
    assert_eq!(scaling.scalable_target("prod".into(), "worker".into()).await.expect("answered"), None);
    assert_eq!(scaling.scalable_target("other".into(), "api".into()).await.expect("answered"), None);
}
