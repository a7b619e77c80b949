//! A service's scaling activities and the paging of policies and targets, from realistic wire
//! answers (moto does not implement DescribeScalingActivities and repeats its NextTokens).
use crate::common::mock_scaling;
use aws_sdk_applicationautoscaling::Client as Scaling;
use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput;
use aws_sdk_applicationautoscaling::operation::describe_scaling_activities::DescribeScalingActivitiesOutput;
use aws_sdk_applicationautoscaling::operation::describe_scaling_policies::DescribeScalingPoliciesOutput;
use aws_sdk_applicationautoscaling::types::{
    NotScaledReason, ScalableDimension, ScalableTarget as SdkTarget, ScalingActivity as SdkActivity,
    ScalingActivityStatusCode, ScalingPolicy as SdkPolicy, ServiceNamespace,
};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use aws_smithy_types::DateTime;
use bosun::api::{ErrorKind, ScalingApi};
use bosun::aws::SdkScaling;
use bosun::model::{ActivityStatus, NotScaled, PolicyKind};

/// `SdkScaling` over rules matched in any order: a service's detail asks for its policies and
/// its activities at the same time.
fn any_order(rules: &[&Rule]) -> SdkScaling {
    use aws_sdk_applicationautoscaling::config::{BehaviorVersion, Credentials, Region};
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for r in rules {
        mocks = mocks.with_rule(r);
    }
    let conf = aws_sdk_applicationautoscaling::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
        .http_client(create_mock_http_client())
        .interceptor(mocks)
        .retry_config(aws_config::retry::RetryConfig::disabled())
        .build();
    SdkScaling::from_client(Scaling::from_conf(conf), Some("prod".into()))
}

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/ReadOnly/sre";

fn json_error(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","Message":"{message}"}}"#))
}

fn target(service: &str) -> SdkTarget {
    SdkTarget::builder()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(format!("service/prod/{service}"))
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(1)
        .max_capacity(3)
        .role_arn("arn:aws:iam::123456789012:role/scaling")
        .creation_time(DateTime::from_secs(1_700_000_000))
        .build()
        .expect("required fields are set")
}

fn activity(id: &str, at: i64, status: ScalingActivityStatusCode) -> SdkActivity {
    SdkActivity::builder()
        .activity_id(id)
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/prod/payments")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .description("Setting desired count to 3.")
        .cause("monitor alarm TargetTracking-service/prod/payments-AlarmHigh-1 in state ALARM triggered policy cpu")
        .start_time(DateTime::from_secs(at))
        .end_time(DateTime::from_secs(at + 60))
        .status_code(status)
        .build()
        .expect("required fields are set")
}

fn policy(name: &str) -> SdkPolicy {
    SdkPolicy::builder()
        .policy_arn(format!("arn:aws:autoscaling:eu-west-1:123456789012:scalingPolicy:1:resource/ecs/service/prod/payments:policyName/{name}"))
        .policy_name(name)
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/prod/payments")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .policy_type(aws_sdk_applicationautoscaling::types::PolicyType::PredictiveScaling)
        .creation_time(DateTime::from_secs(1_700_000_000))
        .build()
        .expect("required fields are set")
}

#[tokio::test]
async fn scaling_activities_keep_their_status_message_and_why_not_scaled() {
    let refused = SdkActivity::builder()
        .activity_id("a1")
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/prod/payments")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .description("Attempting to scale due to alarm triggered")
        .cause("monitor alarm TargetTracking-service/prod/payments-AlarmHigh-1 in state ALARM triggered policy cpu")
        .start_time(DateTime::from_secs(1_700_000_600))
        .status_code(ScalingActivityStatusCode::Failed)
        .status_message("Failed to set desired count to 4")
        .not_scaled_reasons(
            NotScaledReason::builder()
                .code("AlreadyAtMaxCapacity")
                .max_capacity(3)
                .current_capacity(3)
                .build()
                .expect("code"),
        )
        .build()
        .expect("required fields are set");
    let rule = mock!(Scaling::describe_scaling_activities)
        .match_requests(|r| {
            r.service_namespace() == Some(&ServiceNamespace::Ecs)
                && r.resource_id() == Some("service/prod/payments")
                && r.include_not_scaled_activities() == Some(true)
                && r.max_results() == Some(20)
        })
        .then_output(move || {
            DescribeScalingActivitiesOutput::builder()
                .scaling_activities(refused.clone())
                .scaling_activities(activity("a2", 1_700_000_000, ScalingActivityStatusCode::Unfulfilled))
                .build()
        });
    let scaling = mock_scaling(&[&rule], None);
    let page = scaling.scaling_activities("prod".into(), "payments".into(), 20, None).await.expect("answered");
    assert_eq!(page.items.len(), 2);
    let a = &page.items[0];
    assert_eq!(a.status, ActivityStatus::Failed);
    assert_eq!(a.status_message.as_deref(), Some("Failed to set desired count to 4"));
    assert_eq!(a.end, None, "still open");
    assert_eq!(
        a.not_scaled,
        vec![NotScaled { code: "AlreadyAtMaxCapacity".into(), max: Some(3), min: None, current: Some(3) }]
    );
    assert!(a.refused_out());
    assert_eq!(page.items[1].status, ActivityStatus::Unfulfilled);
    assert_eq!(page.items[1].desired_to(), Some(3));
}

#[tokio::test]
async fn the_detail_follows_policy_pages_and_stops_at_twenty_activities() {
    let target_rule = mock!(Scaling::describe_scalable_targets)
        .then_output(|| DescribeScalableTargetsOutput::builder().scalable_targets(target("payments")).build());
    let policies = mock!(Scaling::describe_scaling_policies)
        .sequence()
        .output(|| DescribeScalingPoliciesOutput::builder().scaling_policies(policy("one")).next_token("p2").build())
        .output(|| DescribeScalingPoliciesOutput::builder().scaling_policies(policy("two")).build())
        .build();
    // Two pages of 12 (AWS may answer fewer than asked): the second is asked for the 8 still wanted.
    let page = |from: i64, token: Option<&str>| {
        let mut out = DescribeScalingActivitiesOutput::builder().set_next_token(token.map(str::to_string));
        for i in 0..12 {
            let at = 1_700_000_000 - (from + i) * 600;
            out =
                out.scaling_activities(activity(&format!("a{}", from + i), at, ScalingActivityStatusCode::Successful));
        }
        out.build()
    };
    let first = mock!(Scaling::describe_scaling_activities)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(20))
        .then_output(move || page(0, Some("a2")));
    let second = mock!(Scaling::describe_scaling_activities)
        .match_requests(|r| r.next_token() == Some("a2") && r.max_results() == Some(8))
        .then_output(move || page(12, Some("a3")));
    let scaling = any_order(&[&target_rule, &policies, &first, &second]);
    let d = bosun::api::scaling::detail(&scaling, "prod", "payments").await.expect("answered");
    let names: Vec<&str> = d.policies.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["one", "two"]);
    assert_eq!(d.policies[0].kind, PolicyKind::PredictiveScaling);
    assert_eq!(d.activities.len(), 20, "the most recent twenty, not the third page");
    assert!(d.activities.windows(2).all(|w| w[0].start >= w[1].start), "newest first");
    assert_eq!(d.activities[0].id, "a0");
}

#[tokio::test]
async fn a_service_without_a_target_asks_nothing_more() {
    let target_rule =
        mock!(Scaling::describe_scalable_targets).then_output(|| DescribeScalableTargetsOutput::builder().build());
    // Any other call matches no rule and fails.
    let scaling = mock_scaling(&[&target_rule], None);
    let d = bosun::api::scaling::detail(&scaling, "prod", "worker").await.expect("answered");
    assert_eq!(d, bosun::model::ScalingDetail::default());
}

#[tokio::test]
async fn refused_policies_name_describe_scaling_policies() {
    let msg = format!("User: {ROLE} is not authorized to perform: application-autoscaling:DescribeScalingPolicies");
    let target_rule = mock!(Scaling::describe_scalable_targets)
        .then_output(|| DescribeScalableTargetsOutput::builder().scalable_targets(target("payments")).build());
    let denied = mock!(Scaling::describe_scaling_policies)
        .sequence()
        .http_status(400, json_error("AccessDeniedException", &msg))
        .build();
    let activities =
        mock!(Scaling::describe_scaling_activities).then_output(|| DescribeScalingActivitiesOutput::builder().build());
    let scaling = any_order(&[&target_rule, &denied, &activities]);
    let e = bosun::api::scaling::detail(&scaling, "prod", "payments").await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(
        bosun::views::scaling::error_text(&e),
        "no permission for application-autoscaling:DescribeScalingPolicies"
    );
}

#[tokio::test]
async fn region_targets_follow_every_page_and_skip_other_resources() {
    let odd = SdkTarget::builder()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("not-a-service")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(1)
        .max_capacity(2)
        .role_arn("arn")
        .creation_time(DateTime::from_secs(1))
        .build()
        .expect("required fields are set");
    let rule = mock!(Scaling::describe_scalable_targets)
        .match_requests(|r| {
            r.service_namespace() == Some(&ServiceNamespace::Ecs)
                && r.resource_ids().is_empty()
                && r.scalable_dimension() == Some(&ScalableDimension::EcsServiceDesiredCount)
        })
        .sequence()
        .output(|| DescribeScalableTargetsOutput::builder().scalable_targets(target("api")).next_token("t2").build())
        .output(move || {
            DescribeScalableTargetsOutput::builder()
                .scalable_targets(target("web"))
                .scalable_targets(odd.clone())
                .build()
        })
        .build();
    let scaling = mock_scaling(&[&rule], None);
    let all = bosun::api::scaling::all_targets(&scaling).await.expect("answered");
    let names: Vec<&str> = all.iter().map(|t| t.service.as_str()).collect();
    assert_eq!(names, ["api", "web"]);
    assert!(all.iter().all(|t| t.cluster == "prod" && t.target.max == 3));
    assert_eq!(rule.num_calls(), 2);
}
