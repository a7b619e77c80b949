//! SDK clients for the tests: against a moto account (header interceptor, no retries, dummy
//! credentials) or against `aws-smithy-mocks` rules (no network at all).
use crate::moto::{ACCOUNT_HEADER, MotoAccount, REGION};
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_ecs::config::{Credentials, Region, SharedCredentialsProvider};
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use bosun::aws::{SdkEcs, SdkIam, SdkScaling, SdkSts};
use std::time::Duration;

/// Adds `x-moto-account-id` to every request, so each test has an account of its own.
#[derive(Debug, Clone)]
pub struct AccountHeader(pub String);

impl Intercept for AccountHeader {
    fn name(&self) -> &'static str {
        "MotoAccountHeader"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context.request_mut().headers_mut().insert(ACCOUNT_HEADER, self.0.clone());
        Ok(())
    }
}

fn credentials() -> SharedCredentialsProvider {
    SharedCredentialsProvider::new(Credentials::new("testing", "testing", None, None, "bosun-tests"))
}

/// The shared configuration a moto account is reached with.
pub fn moto_config(acct: &MotoAccount) -> aws_config::SdkConfig {
    aws_config::SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .credentials_provider(credentials())
        .endpoint_url(&acct.endpoint)
        // moto answers unimplemented calls with HTML 500s, which retries would only repeat.
        .retry_config(RetryConfig::disabled())
        .build()
}

/// A raw ECS client for seeding a moto account.
pub fn moto_ecs(acct: &MotoAccount) -> aws_sdk_ecs::Client {
    let conf = aws_sdk_ecs::config::Builder::from(&moto_config(acct)).interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_ecs::Client::from_conf(conf.build())
}

pub fn moto_sts(acct: &MotoAccount) -> aws_sdk_sts::Client {
    let conf = aws_sdk_sts::config::Builder::from(&moto_config(acct)).interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_sts::Client::from_conf(conf.build())
}

pub fn moto_iam_client(acct: &MotoAccount) -> aws_sdk_iam::Client {
    let conf = aws_sdk_iam::config::Builder::from(&moto_config(acct)).interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_iam::Client::from_conf(conf.build())
}

pub fn moto_scaling_client(acct: &MotoAccount) -> aws_sdk_applicationautoscaling::Client {
    let conf = aws_sdk_applicationautoscaling::config::Builder::from(&moto_config(acct))
        .interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_applicationautoscaling::Client::from_conf(conf.build())
}

/// Our IAM implementation, talking to one moto account.
pub fn moto_iam(acct: &MotoAccount) -> SdkIam {
    SdkIam::from_client(moto_iam_client(acct), None)
}

/// Our Application Auto Scaling implementation, talking to one moto account.
pub fn moto_scaling(acct: &MotoAccount) -> SdkScaling {
    SdkScaling::from_client(moto_scaling_client(acct), None)
}

/// Our ECS implementation, talking to one moto account.
pub fn moto_api(acct: &MotoAccount) -> SdkEcs {
    SdkEcs::from_client(moto_ecs(acct), None)
}

/// Our STS implementation, talking to one moto account.
pub fn moto_identity(acct: &MotoAccount) -> SdkSts {
    SdkSts::from_client(moto_sts(acct), None)
}

/// An ECS client answered by mock rules. `attempts` > 1 turns on standard retries with a tiny
/// backoff, so retry tests stay fast.
pub fn mock_ecs(mode: RuleMode, rules: &[&Rule], attempts: u32) -> aws_sdk_ecs::Client {
    let mut mocks = MockResponseInterceptor::new().rule_mode(mode);
    for r in rules {
        mocks = mocks.with_rule(r);
    }
    let retry = if attempts > 1 {
        RetryConfig::standard()
            .with_max_attempts(attempts)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5))
    } else {
        RetryConfig::disabled()
    };
    let conf = aws_sdk_ecs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
        .http_client(create_mock_http_client())
        .interceptor(mocks)
        .retry_config(retry)
        .build();
    aws_sdk_ecs::Client::from_conf(conf)
}

/// `SdkEcs` over mock rules, with the profile the hints should name.
pub fn mock_api(mode: RuleMode, rules: &[&Rule], attempts: u32, profile: Option<&str>) -> SdkEcs {
    SdkEcs::from_client(mock_ecs(mode, rules, attempts), profile.map(str::to_string))
}

fn mock_interceptor(rules: &[&Rule]) -> MockResponseInterceptor {
    let mut mocks = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
    for r in rules {
        mocks = mocks.with_rule(r);
    }
    mocks
}

/// `SdkIam` over mock rules (no retries), with the profile the hints should name.
pub fn mock_iam(rules: &[&Rule], profile: Option<&str>) -> SdkIam {
    let conf = aws_sdk_iam::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(credentials())
        .http_client(create_mock_http_client())
        .interceptor(mock_interceptor(rules))
        .retry_config(RetryConfig::disabled())
        .build();
    SdkIam::from_client(aws_sdk_iam::Client::from_conf(conf), profile.map(str::to_string))
}

/// `SdkScaling` over mock rules (no retries), with the profile the hints should name.
pub fn mock_scaling(rules: &[&Rule], profile: Option<&str>) -> SdkScaling {
    let conf = aws_sdk_applicationautoscaling::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(credentials())
        .http_client(create_mock_http_client())
        .interceptor(mock_interceptor(rules))
        .retry_config(RetryConfig::disabled())
        .build();
    SdkScaling::from_client(aws_sdk_applicationautoscaling::Client::from_conf(conf), profile.map(str::to_string))
}

/// `SdkLogs` over mock rules (no retries), with the profile the hints should name.
pub fn mock_logs(rules: &[&Rule], profile: Option<&str>) -> bosun::aws::SdkLogs {
    let conf = aws_sdk_cloudwatchlogs::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(credentials())
        .http_client(create_mock_http_client())
        .interceptor(mock_interceptor(rules))
        .retry_config(RetryConfig::disabled())
        .build();
    bosun::aws::SdkLogs::from_client(aws_sdk_cloudwatchlogs::Client::from_conf(conf), profile.map(str::to_string))
}

/// Our CloudWatch Logs implementation, talking to one moto account.
pub fn moto_logs_client(acct: &MotoAccount) -> aws_sdk_cloudwatchlogs::Client {
    let conf = aws_sdk_cloudwatchlogs::config::Builder::from(&moto_config(acct))
        .interceptor(AccountHeader(acct.account.clone()));
    aws_sdk_cloudwatchlogs::Client::from_conf(conf.build())
}
