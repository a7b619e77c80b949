//! A service's scaling policies and the region's scalable targets through moto, which stores
//! and answers policies faithfully enough for one page (its gaps — no DescribeScalingActivities,
//! a ResourceId filter that matches by substring, NextTokens that repeat — are in
//! docs/testing.md and covered by `mock_scaling_detail.rs`).
use crate::common::{moto_ecs, moto_scaling, moto_scaling_client};
use crate::moto;
use crate::moto_services::register;
use aws_sdk_applicationautoscaling::types::{
    AdjustmentType, MetricType, PolicyType, PredefinedMetricSpecification, ScalableDimension, ServiceNamespace,
    StepAdjustment, StepScalingPolicyConfiguration, TargetTrackingScalingPolicyConfiguration,
};
use bosun::api::ScalingApi;
use bosun::model::{PolicyKind, ScalableTarget, ServiceTarget, Step, StepScaling, TargetTracking, TrackedMetric};

/// Cluster `prod` with services `api`, `ap` (a name `api` starts with) and `worker`, the first
/// two registered with auto scaling (moto registers targets only for services that exist).
async fn fleet(acct: &moto::MotoAccount) {
    let ecs = moto_ecs(acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "api").await;
    for name in ["api", "ap", "worker"] {
        ecs.create_service()
            .cluster("prod")
            .service_name(name)
            .task_definition(&td)
            .desired_count(2)
            .send()
            .await
            .expect("CreateService");
    }
    let client = moto_scaling_client(acct);
    for (name, max) in [("api", 10), ("ap", 4)] {
        client
            .register_scalable_target()
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id(format!("service/prod/{name}"))
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .min_capacity(2)
            .max_capacity(max)
            .send()
            .await
            .expect("RegisterScalableTarget");
    }
}

async fn put_cpu_target(acct: &moto::MotoAccount, service: &str, target: f64) {
    let config = TargetTrackingScalingPolicyConfiguration::builder()
        .target_value(target)
        .predefined_metric_specification(
            PredefinedMetricSpecification::builder()
                .predefined_metric_type(MetricType::EcsServiceAverageCpuUtilization)
                .build()
                .expect("metric type set"),
        )
        .scale_out_cooldown(60)
        .scale_in_cooldown(300)
        .build()
        .expect("target value set");
    moto_scaling_client(acct)
        .put_scaling_policy()
        .policy_name(format!("{service}-cpu-target"))
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(format!("service/prod/{service}"))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(PolicyType::TargetTrackingScaling)
        .target_tracking_scaling_policy_configuration(config)
        .send()
        .await
        .expect("PutScalingPolicy (target tracking)");
}

#[tokio::test]
async fn scaling_policies_of_a_service_round_trip() {
    let acct = moto::account();
    fleet(&acct).await;
    put_cpu_target(&acct, "api", 60.0).await;
    put_cpu_target(&acct, "ap", 75.0).await;
    let step = |lower: f64, upper: Option<f64>, adjustment| {
        StepAdjustment::builder()
            .metric_interval_lower_bound(lower)
            .set_metric_interval_upper_bound(upper)
            .scaling_adjustment(adjustment)
            .build()
            .expect("adjustment set")
    };
    moto_scaling_client(&acct)
        .put_scaling_policy()
        .policy_name("api-steps")
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/prod/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(PolicyType::StepScaling)
        .step_scaling_policy_configuration(
            StepScalingPolicyConfiguration::builder()
                .adjustment_type(AdjustmentType::ChangeInCapacity)
                .step_adjustments(step(0.0, Some(10.0), 1))
                .step_adjustments(step(10.0, None, 3))
                .cooldown(120)
                .build(),
        )
        .send()
        .await
        .expect("PutScalingPolicy (steps)");

    let scaling = moto_scaling(&acct);
    let page = scaling.scaling_policies("prod".into(), "api".into(), None).await.expect("DescribeScalingPolicies");
    assert_eq!(page.next_token, None);
    // Only api's own: moto's filter also answers `ap`'s (a substring of api's resource id).
    let mut names: Vec<&str> = page.items.iter().map(|p| p.name.as_str()).collect();
    names.sort();
    assert_eq!(names, ["api-cpu-target", "api-steps"]);
    let cpu = page.items.iter().find(|p| p.name == "api-cpu-target").expect("the CPU policy");
    assert_eq!(
        cpu.kind,
        PolicyKind::TargetTrackingScaling(TargetTracking {
            metric: TrackedMetric::Cpu,
            target_value: 60.0,
            scale_out_cooldown: Some(60),
            scale_in_cooldown: Some(300),
            disable_scale_in: false,
        })
    );
    assert_eq!(cpu.cpu_target(), Some(60.0));
    assert!(cpu.arn.starts_with("arn:aws:autoscaling:"), "{}", cpu.arn);
    // Target tracking owns its alarm pair.
    assert_eq!(cpu.alarms.len(), 2, "{:?}", cpu.alarms);
    assert!(cpu.alarms.iter().all(|a| a.starts_with("TargetTracking-service/prod/api-Alarm")), "{:?}", cpu.alarms);
    let steps = page.items.iter().find(|p| p.name == "api-steps").expect("the step policy");
    assert_eq!(
        steps.kind,
        PolicyKind::StepScaling(StepScaling {
            adjustment_type: Some("ChangeInCapacity".into()),
            steps: vec![
                Step { lower: Some(0.0), upper: Some(10.0), adjustment: 1 },
                Step { lower: Some(10.0), upper: None, adjustment: 3 },
            ],
            cooldown: Some(120),
            min_adjustment_magnitude: None,
        })
    );

    let worker = scaling.scaling_policies("prod".into(), "worker".into(), None).await.expect("answered");
    assert!(worker.items.is_empty(), "{:?}", worker.items);
}

#[tokio::test]
async fn the_region_scalable_targets_name_their_services() {
    let acct = moto::account();
    fleet(&acct).await;
    let scaling = moto_scaling(&acct);
    let mut all = bosun::api::scaling::all_targets(&scaling).await.expect("DescribeScalableTargets");
    all.sort_by(|a, b| a.service.cmp(&b.service));
    let target = |service: &str, max| ServiceTarget {
        cluster: "prod".into(),
        service: service.into(),
        target: ScalableTarget { min: 2, max, ..Default::default() },
    };
    assert_eq!(all, vec![target("ap", 4), target("api", 10)]);
}
