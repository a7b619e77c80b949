//! IAM and Application Auto Scaling failures as the user sees them, from realistic wire answers
//! (moto enforces no permissions).
use crate::common::{mock_iam, mock_scaling};
use aws_sdk_applicationautoscaling::Client as Scaling;
use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput;
use aws_sdk_applicationautoscaling::types::{ScalableDimension, ScalableTarget as SdkTarget, ServiceNamespace};
use aws_sdk_iam::Client as Iam;
use aws_smithy_mocks::mock;
use bosun::api::{ErrorKind, IamApi, ScalingApi};
use bosun::model::ScalableTarget;

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/ReadOnly/sre";

/// IAM speaks the query protocol: errors are XML.
fn iam_error(code: &str, message: &str) -> Option<String> {
    Some(format!(
        "<ErrorResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{message}</Message></Error><RequestId>4d5e6f</RequestId></ErrorResponse>"
    ))
}

/// Application Auto Scaling speaks awsJson1.1.
fn json_error(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","Message":"{message}"}}"#))
}

#[tokio::test]
async fn a_refused_alias_is_access_denied_naming_list_account_aliases() {
    let msg = format!("User: {ROLE} is not authorized to perform: iam:ListAccountAliases on resource: *");
    let rule = mock!(Iam::list_account_aliases).sequence().http_status(403, iam_error("AccessDenied", &msg)).build();
    let iam = mock_iam(&[&rule], Some("prod"));
    let e = iam.account_alias().await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(e.code.as_deref(), Some("AccessDenied"));
    assert_eq!(e.message, msg);
    let hint = e.hint.as_deref().expect("a hint");
    assert!(hint.contains("iam:ListAccountAliases") && hint.contains("docs/iam.md"), "{hint}");
}

#[tokio::test]
async fn a_refused_scalable_target_is_access_denied_naming_describe_scalable_targets() {
    let msg = format!("User: {ROLE} is not authorized to perform: application-autoscaling:DescribeScalableTargets");
    let rule = mock!(Scaling::describe_scalable_targets)
        .sequence()
        .http_status(400, json_error("AccessDeniedException", &msg))
        .build();
    let scaling = mock_scaling(&[&rule], Some("prod"));
    let e = scaling.scalable_target("prod".into(), "api".into()).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(e.code.as_deref(), Some("AccessDeniedException"));
    assert_eq!(e.message, msg);
    let hint = e.hint.as_deref().expect("a hint");
    assert!(hint.contains("application-autoscaling:DescribeScalableTargets") && hint.contains("docs/iam.md"), "{hint}");
}

#[tokio::test]
async fn the_request_names_the_ecs_service_and_its_desired_count() {
    let target = SdkTarget::builder()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id("service/prod/api")
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .min_capacity(2)
        .max_capacity(10)
        .role_arn("arn:aws:iam::123456789012:role/scaling")
        .creation_time(aws_smithy_types::DateTime::from_secs(1_700_000_000))
        .build()
        .expect("required fields are set");
    let rule = mock!(Scaling::describe_scalable_targets)
        .match_requests(|r| {
            r.service_namespace() == Some(&ServiceNamespace::Ecs)
                && r.resource_ids() == ["service/prod/api".to_string()]
                && r.scalable_dimension() == Some(&ScalableDimension::EcsServiceDesiredCount)
        })
        .then_output(move || DescribeScalableTargetsOutput::builder().scalable_targets(target.clone()).build());
    // A request for anything else matches no rule and fails the test.
    let scaling = mock_scaling(&[&rule], None);
    let got = scaling
        .scalable_target(
            "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
            "arn:aws:ecs:eu-west-1:123456789012:service/prod/api".into(),
        )
        .await
        .expect("answered");
    assert_eq!(got, Some(ScalableTarget { min: 2, max: 10, ..Default::default() }));
    assert_eq!(rule.num_calls(), 1);
}
