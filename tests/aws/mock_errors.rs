//! Failures as the user sees them, produced by the real SDK (its deserializer, retry
//! classifier and connector) from realistic wire answers.
use crate::common::mock_api;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::list_clusters::ListClustersOutput;
use aws_smithy_mocks::{RuleMode, mock};
use bosun::api::{EcsApi, ErrorKind};
use bosun::aws::{AwsOptions, SdkEcs, load_config};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";

/// An awsJson1.1 error body, as ECS sends it.
fn error_body(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
}

#[tokio::test]
async fn throttling_is_retried_until_success() {
    let rule = mock!(Client::list_clusters)
        .sequence()
        .http_status(400, error_body("ThrottlingException", "Rate exceeded"))
        .times(2)
        .output(|| ListClustersOutput::builder().cluster_arns(CLUSTER).build())
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, None);

    let page = api.list_clusters(None).await.expect("the third attempt succeeds");

    assert_eq!(page.arns, vec![CLUSTER.to_string()]);
    assert_eq!(rule.num_calls(), 3, "two throttled attempts, then the answer");
}

#[tokio::test]
async fn throttling_without_retries_left_is_reported_as_throttled() {
    let rule = mock!(Client::list_clusters)
        .sequence()
        .http_status(400, error_body("ThrottlingException", "Rate exceeded"))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let e = api.list_clusters(None).await.expect_err("throttled");
    assert_eq!(e.kind, ErrorKind::Throttled);
    assert_eq!(e.code.as_deref(), Some("ThrottlingException"));
    assert_eq!(e.message, "Rate exceeded");
}

#[tokio::test]
async fn access_denied_names_the_missing_permission() {
    let msg = "User: arn:aws:sts::123456789012:assumed-role/ReadOnly/sre is not authorized to perform: \
               ecs:DescribeServices on resource: arn:aws:ecs:eu-west-1:123456789012:service/prod/api";
    let rule =
        mock!(Client::describe_services).sequence().http_status(400, error_body("AccessDeniedException", msg)).build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, Some("prod"));
    let e = api.describe_services(CLUSTER.into(), vec!["api".into()]).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(e.message, msg);
    let hint = e.hint.as_deref().expect("a hint");
    assert!(hint.contains("ecs:DescribeServices") && hint.contains("docs/iam.md"), "{hint}");
    assert_eq!(rule.num_calls(), 1, "access denied is not retried");
}

#[tokio::test]
async fn expired_token_says_how_to_log_in_again() {
    let rule = mock!(Client::list_services)
        .sequence()
        .http_status(400, error_body("ExpiredTokenException", "The security token included in the request is expired"))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, Some("prod-admin"));
    let e = api.list_services(CLUSTER.into(), None).await.expect_err("expired");
    assert_eq!(e.kind, ErrorKind::ExpiredToken);
    assert!(e.is_setup_problem());
    assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod-admin"));
}

#[tokio::test]
async fn missing_cluster_is_not_found() {
    let rule = mock!(Client::list_services)
        .sequence()
        .http_status(400, error_body("ClusterNotFoundException", "Cluster not found."))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let e = api.list_services("gone".into(), None).await.expect_err("not found");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.to_string(), "Not found: Cluster not found. (ClusterNotFoundException)");
}

#[tokio::test]
async fn unreachable_endpoint_is_a_network_error() {
    // A port that was just free: nothing listens there, so the connection is refused.
    let port = std::net::TcpListener::bind("127.0.0.1:0").and_then(|l| l.local_addr()).expect("free port").port();
    let endpoint = format!("http://127.0.0.1:{port}");
    let opts = AwsOptions {
        profile: None,
        region: Some("eu-west-1".into()),
        endpoint_url: Some(endpoint.clone()),
        max_attempts: 1,
        ..AwsOptions::default()
    };
    let config = load_config(&opts).await.expect("config loads");
    // Static keys, so the failure is the connection and not a machine without credentials.
    let creds = aws_sdk_ecs::config::Credentials::new("testing", "testing", None, None, "bosun-tests");
    let config =
        config.to_builder().credentials_provider(aws_sdk_ecs::config::SharedCredentialsProvider::new(creds)).build();
    let api = SdkEcs::new(&config, None);
    assert_eq!(api.endpoint(), endpoint);

    let e = api.list_clusters(None).await.expect_err("nothing listens there");

    assert_eq!(e.kind, ErrorKind::Network, "{e}");
    assert!(e.message.starts_with(&format!("cannot reach {endpoint}: ")), "{}", e.message);
    assert!(!e.message.contains("Error {") && !e.message.contains("DispatchFailure"), "{}", e.message);
}

#[tokio::test]
async fn unknown_profile_is_explained_before_any_call() {
    let opts = AwsOptions {
        profile: Some("bosun-test-profile-that-does-not-exist".into()),
        region: Some("eu-west-1".into()),
        endpoint_url: None,
        max_attempts: 1,
        ..AwsOptions::default()
    };
    let e = load_config(&opts).await.expect_err("unknown profile");
    assert_eq!(e.kind, ErrorKind::NoCredentials);
    assert!(e.message.contains("bosun-test-profile-that-does-not-exist"), "{}", e.message);
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("aws configure")), "{e}");
}
