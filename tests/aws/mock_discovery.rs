//! Cloud Map failures as the user sees them, from realistic wire answers (moto enforces no
//! permissions), and the registry ARN sent as ECS gave it (moto finds services by id only).
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_servicediscovery::Client as Discovery;
use aws_sdk_servicediscovery::config::{Credentials, Region};
use aws_sdk_servicediscovery::operation::get_namespace::GetNamespaceOutput;
use aws_sdk_servicediscovery::operation::get_service::GetServiceOutput;
use aws_sdk_servicediscovery::types::{DnsConfig, DnsRecord, Namespace, NamespaceType, RecordType, Service};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use bosun::api::{DiscoveryApi, ErrorKind, discovery};
use bosun::aws::SdkDiscovery;

const ROLE: &str = "arn:aws:sts::123456789012:assumed-role/ReadOnly/sre";
const ARN: &str = "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-0a1b2c3d4e5f6a7b";

fn mock_discovery(rules: &[&Rule], profile: Option<&str>) -> SdkDiscovery {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
    for r in rules {
        mocks = mocks.with_rule(r);
    }
    let conf = aws_sdk_servicediscovery::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
        .http_client(create_mock_http_client())
        .interceptor(mocks)
        .retry_config(RetryConfig::disabled())
        .build();
    SdkDiscovery::from_client(Discovery::from_conf(conf), profile.map(str::to_string))
}

/// Cloud Map speaks awsJson1.1.
fn json_error(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","Message":"{message}"}}"#))
}

fn api_service() -> Service {
    let dns = DnsConfig::builder()
        .dns_records(DnsRecord::builder().r#type(RecordType::A).ttl(60).build().expect("valid"))
        .build()
        .expect("valid");
    Service::builder().id("srv-0a1b2c3d4e5f6a7b").arn(ARN).name("api").namespace_id("ns-1").dns_config(dns).build()
}

#[tokio::test]
async fn a_refused_get_service_is_access_denied_naming_the_action() {
    let msg = format!("User: {ROLE} is not authorized to perform: servicediscovery:GetService on resource: {ARN}");
    let rule =
        mock!(Discovery::get_service).sequence().http_status(400, json_error("AccessDeniedException", &msg)).build();
    let api = mock_discovery(&[&rule], Some("prod"));
    let e = api.service(ARN.into()).await.expect_err("denied");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::AccessDenied, Some("AccessDeniedException")));
    assert_eq!(e.message, msg);
    let hint = e.hint.as_deref().expect("a hint");
    assert!(hint.contains("servicediscovery:GetService") && hint.contains("docs/iam.md"), "{hint}");
}

#[tokio::test]
async fn a_deleted_service_is_not_found() {
    let rule = mock!(Discovery::get_service)
        .sequence()
        .http_status(400, json_error("ServiceNotFound", "No service found with ID srv-0a1b2c3d4e5f6a7b"))
        .times(2)
        .build();
    let api = mock_discovery(&[&rule], None);
    let e = api.service(ARN.into()).await.expect_err("gone");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::NotFound, Some("ServiceNotFound")));
    assert_eq!(e.message, "No service found with ID srv-0a1b2c3d4e5f6a7b");
    let e = discovery::registry(&api, ARN).await.expect_err("the load fails as not found");
    assert_eq!(e.kind, ErrorKind::NotFound);
}

#[tokio::test]
async fn the_registry_arn_goes_out_as_ecs_gave_it_then_its_namespace_by_id() {
    let service = mock!(Discovery::get_service)
        .match_requests(|r| r.id() == Some(ARN))
        .then_output(|| GetServiceOutput::builder().service(api_service()).build());
    let namespace = mock!(Discovery::get_namespace).match_requests(|r| r.id() == Some("ns-1")).then_output(|| {
        let ns = Namespace::builder().id("ns-1").name("prod.local").r#type(NamespaceType::DnsPrivate).build();
        GetNamespaceOutput::builder().namespace(ns).build()
    });
    // A request for anything else matches no rule and fails the test.
    let api = mock_discovery(&[&service, &namespace], None);
    let r = discovery::registry(&api, ARN).await.expect("the registry");
    assert_eq!(format!("{} ({})", r.dns_name(), r.how()), "api.prod.local (DNS private, A 60s)");
}

#[tokio::test]
async fn a_refused_get_namespace_keeps_the_service_name_and_says_why() {
    let service =
        mock!(Discovery::get_service).then_output(|| GetServiceOutput::builder().service(api_service()).build());
    let msg = format!("User: {ROLE} is not authorized to perform: servicediscovery:GetNamespace");
    let namespace =
        mock!(Discovery::get_namespace).sequence().http_status(400, json_error("AccessDeniedException", &msg)).build();
    let api = mock_discovery(&[&service, &namespace], None);
    let r = discovery::registry(&api, ARN).await.expect("the service is still read");
    assert_eq!((r.dns_name().as_str(), r.how().as_str()), ("api", "A 60s"));
    assert_eq!(
        r.namespace_problem.as_deref(),
        Some("namespace ns-1 unknown: no permission for servicediscovery:GetNamespace")
    );
}

#[tokio::test]
async fn an_answer_without_a_service_is_an_error_not_a_blank_name() {
    let rule = mock!(Discovery::get_service).then_output(|| GetServiceOutput::builder().build());
    let api = mock_discovery(&[&rule], None);
    let e = api.service(ARN.into()).await.expect_err("no service in the answer");
    assert_eq!(e.kind, ErrorKind::Service);
    assert!(e.message.contains("servicediscovery:GetService"), "{}", e.message);
}
