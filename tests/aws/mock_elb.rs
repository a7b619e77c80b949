//! ELBv2 answers moto cannot give (docs/testing.md): targets failing their health checks with
//! reason codes and descriptions, a refused DescribeTargetHealth, a target group that is gone,
//! and DescribeTargetGroups' pages; all through bosun's SDK implementation and its load.
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_elasticloadbalancingv2::Client as Elb;
use aws_sdk_elasticloadbalancingv2::config::{Credentials, Region};
use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_health::DescribeTargetHealthOutput;
use aws_sdk_elasticloadbalancingv2::types::{
    ProtocolEnum, TargetDescription, TargetGroup, TargetHealth, TargetHealthDescription, TargetHealthReasonEnum,
    TargetHealthStateEnum,
};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use bosun::api::{ElbApi, ErrorKind, elb};
use bosun::aws::SdkElb;
use bosun::model::TargetState;

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/ReadOnly/sre";
const TG: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123abcd";
const LB: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/prod-public/5f1c";

fn mock_elb(rules: &[&Rule], profile: Option<&str>) -> SdkElb {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for r in rules {
        mocks = mocks.with_rule(r);
    }
    let conf = aws_sdk_elasticloadbalancingv2::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
        .http_client(create_mock_http_client())
        .interceptor(mocks)
        .retry_config(RetryConfig::disabled())
        .build();
    SdkElb::from_client(Elb::from_conf(conf), profile.map(str::to_string))
}

/// ELBv2 speaks the query protocol: errors are XML.
fn xml_error(code: &str, message: &str) -> Option<String> {
    Some(format!(
        "<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error><Type>Sender</Type>\
         <Code>{code}</Code><Message>{message}</Message></Error><RequestId>4d5e6f</RequestId></ErrorResponse>"
    ))
}

fn target(
    id: &str,
    state: TargetHealthStateEnum,
    reason: Option<(TargetHealthReasonEnum, &str)>,
) -> TargetHealthDescription {
    let mut health = TargetHealth::builder().state(state);
    if let Some((r, d)) = reason {
        health = health.reason(r).description(d);
    }
    TargetHealthDescription::builder()
        .target(TargetDescription::builder().id(id).port(8080).availability_zone("eu-west-1a").build())
        .target_health(health.build())
        .build()
}

fn prod_api() -> TargetGroup {
    TargetGroup::builder()
        .target_group_arn(TG)
        .target_group_name("prod-api")
        .protocol(ProtocolEnum::Http)
        .port(8080)
        .load_balancer_arns(LB)
        .build()
}

#[tokio::test]
async fn unhealthy_and_draining_targets_keep_their_reasons() {
    let groups = mock!(Elb::describe_target_groups)
        .match_requests(|r| r.target_group_arns() == [TG])
        .then_output(|| DescribeTargetGroupsOutput::builder().target_groups(prod_api()).build());
    let health =
        mock!(Elb::describe_target_health).match_requests(|r| r.target_group_arn() == Some(TG)).then_output(|| {
            DescribeTargetHealthOutput::builder()
                .target_health_descriptions(target("10.0.1.11", TargetHealthStateEnum::Healthy, None))
                .target_health_descriptions(target(
                    "10.0.1.12",
                    TargetHealthStateEnum::Unhealthy,
                    Some((
                        TargetHealthReasonEnum::ResponseCodeMismatch,
                        "Health checks failed with these codes: [502]",
                    )),
                ))
                .target_health_descriptions(target(
                    "10.0.63.250",
                    TargetHealthStateEnum::Draining,
                    Some((TargetHealthReasonEnum::DeregistrationInProgress, "Target deregistration is in progress")),
                ))
                .target_health_descriptions(target(
                    "10.0.1.13",
                    TargetHealthStateEnum::Initial,
                    Some((TargetHealthReasonEnum::InitialHealthChecking, "Initial health checks in progress")),
                ))
                .build()
        });
    let api = mock_elb(&[&groups, &health], None);
    let out = elb::target_health(&api, &[TG.to_string()]).await;
    let tg = out[0].1.as_ref().expect("the group answers");
    assert_eq!((tg.name.as_str(), tg.protocol.as_deref(), tg.port), ("prod-api", Some("HTTP"), Some(8080)));
    assert_eq!(tg.load_balancer_arns, [LB]);
    assert_eq!(tg.counts().text(), "1 healthy · 1 unhealthy · 1 draining · 1 initial");
    let bad = tg.unhealthy().next().expect("one unhealthy");
    assert_eq!(
        (bad.id.as_str(), bad.reason.as_deref(), bad.description.as_deref()),
        ("10.0.1.12", Some("Target.ResponseCodeMismatch"), Some("Health checks failed with these codes: [502]"))
    );
    assert_eq!(bad.availability_zone.as_deref(), Some("eu-west-1a"));
    assert_eq!(tg.targets[2].state, TargetState::Draining);
    assert_eq!(tg.targets[2].reason.as_deref(), Some("Target.DeregistrationInProgress"));
}

#[tokio::test]
async fn a_refused_describe_target_health_is_access_denied_naming_the_action() {
    let msg = format!("User: {ROLE} is not authorized to perform: elasticloadbalancing:DescribeTargetHealth");
    let rule = mock!(Elb::describe_target_health).sequence().http_status(403, xml_error("AccessDenied", &msg)).build();
    let api = mock_elb(&[&rule], Some("prod"));
    let e = api.describe_target_health(TG.into()).await.expect_err("denied");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::AccessDenied, Some("AccessDenied")));
    let hint = e.hint.as_deref().expect("a hint");
    assert!(hint.contains("elasticloadbalancing:DescribeTargetHealth"), "{hint}");
}

#[tokio::test]
async fn a_target_group_that_is_gone_is_not_found_and_fails_alone() {
    const OTHER: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-old/9999";
    let gone = || xml_error("TargetGroupNotFound", "One or more target groups not found");
    // The batch names the gone one: AWS fails it whole; each is then asked alone.
    let batch = mock!(Elb::describe_target_groups)
        .match_requests(|r| r.target_group_arns().len() == 2)
        .sequence()
        .http_status(400, gone())
        .build();
    let alone_gone = mock!(Elb::describe_target_groups)
        .match_requests(|r| r.target_group_arns() == [OTHER])
        .sequence()
        .http_status(400, gone())
        .build();
    let alone = mock!(Elb::describe_target_groups)
        .match_requests(|r| r.target_group_arns() == [TG])
        .then_output(|| DescribeTargetGroupsOutput::builder().target_groups(prod_api()).build());
    let health =
        mock!(Elb::describe_target_health).match_requests(|r| r.target_group_arn() == Some(TG)).then_output(|| {
            DescribeTargetHealthOutput::builder()
                .target_health_descriptions(target("10.0.1.11", TargetHealthStateEnum::Healthy, None))
                .build()
        });
    let api = mock_elb(&[&batch, &alone_gone, &alone, &health], None);
    let out = elb::target_health(&api, &[TG.to_string(), OTHER.to_string()]).await;
    assert_eq!(out[0].1.as_ref().map(|tg| tg.targets.len()).ok(), Some(1));
    let e = out[1].1.as_ref().expect_err("gone");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("TargetGroupNotFound")));
    // And DescribeTargetHealth of it alone says the same.
    let health_gone = mock!(Elb::describe_target_health).sequence().http_status(400, gone()).build();
    let e = mock_elb(&[&health_gone], None).describe_target_health(OTHER.into()).await.expect_err("gone");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn described_target_groups_follow_their_pages() {
    const WEB: &str = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-web/4567";
    let first = mock!(Elb::describe_target_groups)
        .match_requests(|r| r.marker().is_none())
        .then_output(|| DescribeTargetGroupsOutput::builder().target_groups(prod_api()).next_marker("page-2").build());
    let second =
        mock!(Elb::describe_target_groups).match_requests(|r| r.marker() == Some("page-2")).then_output(|| {
            let web = TargetGroup::builder().target_group_arn(WEB).target_group_name("prod-web").port(3000).build();
            DescribeTargetGroupsOutput::builder().target_groups(web).build()
        });
    let api = mock_elb(&[&first, &second], None);
    let groups = api.describe_target_groups(vec![TG.into(), WEB.into()]).await.expect("both pages");
    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["prod-api", "prod-web"]);
    // More than a batch is refused, never split.
    let many: Vec<String> = (0..21).map(|i| format!("{TG}{i}")).collect();
    let e = api.describe_target_groups(many).await.expect_err("too many");
    assert_eq!(e.kind, ErrorKind::InvalidInput);
}
