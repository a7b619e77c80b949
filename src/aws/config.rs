//! The shared SDK configuration, resolved exactly as the AWS CLI resolves it: flags first, then
//! the standard `AWS_*` variables and the profile files. Credentials and signing are aws-config's.
use crate::api::{ApiError, ErrorKind};
use crate::config::settings::Timeouts;
use aws_config::BehaviorVersion;
use aws_config::identity::IdentityCache;
use aws_config::profile::ProfileSet;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_types::os_shim_internal::{Env, Fs};
use aws_types::region::Region;
use std::borrow::Cow;
use std::time::Duration;

/// What the command line says about reaching AWS; everything left `None` comes from the
/// environment and the profile files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsOptions {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub endpoint_url: Option<String>,
    /// Attempts per call, the first included (the SDK's standard retry mode); tests use 1.
    pub max_attempts: u32,
    /// Without them a connection that accepts and never answers hangs a call forever.
    pub timeouts: Timeouts,
}

impl Default for AwsOptions {
    fn default() -> Self {
        Self { profile: None, region: None, endpoint_url: None, max_attempts: 3, timeouts: Timeouts::default() }
    }
}

/// The SDK's timeouts from ours: every client built from the shared config gets them.
pub fn timeout_config(t: &Timeouts) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(t.connect)
        .read_timeout(t.read)
        .operation_attempt_timeout(t.attempt)
        .operation_timeout(t.operation)
        .build()
}

/// Loads the SDK configuration, or explains why it cannot be used: no region, or a profile
/// that does not exist. Other credential problems surface on the first call.
pub async fn load_config(opts: &AwsOptions) -> Result<aws_config::SdkConfig, ApiError> {
    let explicit = opts.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok()).filter(|p| !p.is_empty());
    if let Some(problem) = profile_problem(&Fs::real(), &Env::real(), explicit.as_deref()).await {
        return Err(problem);
    }
    let process = profile_credentials(&Fs::real(), &Env::real(), explicit.as_deref()).await?;
    // Standard retry, set explicitly (docs/configuration.md says why not adaptive).
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .retry_config(RetryConfig::standard().with_max_attempts(opts.max_attempts.max(1)))
        .timeout_config(timeout_config(&opts.timeouts));
    if let Some(p) = &opts.profile {
        loader = loader.profile_name(p);
    }
    if let Some(r) = &opts.region {
        loader = loader.region(Region::new(r.clone()));
    }
    if let Some(u) = &opts.endpoint_url {
        loader = loader.endpoint_url(u);
    }
    if let Some((profile, command)) = process {
        let limit = opts.timeouts.credentials;
        loader = loader
            .credentials_provider(super::credentials::ProcessCredentials::new(command, profile, limit))
            // The cache must not give up first: its own timeout would leave a vaguer error.
            .identity_cache(IdentityCache::lazy().load_timeout(limit + Duration::from_secs(2)).build());
    }
    let config = loader.load().await;
    if config.region().is_none() {
        return Err(no_region(explicit.as_deref()));
    }
    Ok(config)
}

fn no_region(profile: Option<&str>) -> ApiError {
    let profile = profile.unwrap_or("default");
    ApiError::new(ErrorKind::NoRegion, "no AWS region is set").with_hint(format!(
        "pass --region eu-west-1, set AWS_REGION, or add `region = ...` to [profile {profile}] in ~/.aws/config"
    ))
}

/// A profile named on the command line or in `AWS_PROFILE` must exist in the profile files,
/// as the AWS CLI requires; otherwise every call would fail with a vaguer error.
async fn profile_problem(fs: &Fs, env: &Env, explicit: Option<&str>) -> Option<ApiError> {
    let name = explicit?;
    let files = Default::default();
    match aws_config::profile::load(fs, env, &files, Some(Cow::Owned(name.to_string()))).await {
        Ok(set) if set.get_profile(name).is_some() => None,
        Ok(set) => {
            let mut known: Vec<&str> = set.profiles().collect();
            known.sort_unstable();
            let known = if known.is_empty() { "none".to_string() } else { known.join(", ") };
            Some(
                ApiError::new(
                    ErrorKind::NoCredentials,
                    format!("the profile `{name}` is not in ~/.aws/config or ~/.aws/credentials"),
                )
                .with_hint(format!(
                    "known profiles: {known}; create it with `aws configure --profile {name}` or \
                     `aws configure sso --profile {name}`"
                )),
            )
        }
        Err(e) => Some(
            ApiError::new(ErrorKind::NoCredentials, format!("the AWS profile files cannot be read: {e}"))
                .with_hint("fix ~/.aws/config (or the file AWS_CONFIG_FILE names), then start again"),
        ),
    }
}

/// What the profile in use says about static keys and `credential_process`, checked before any
/// call: a key id without its secret (or the reverse) is explained here, because aws-config
/// only reports it once and then says "initialization error already taken". Returns the
/// profile's `credential_process`, which bosun runs itself (see `credentials.rs`). Keys in the
/// environment come first in the chain, so then the profile's credentials do not matter.
async fn profile_credentials(fs: &Fs, env: &Env, explicit: Option<&str>) -> Result<Option<(String, String)>, ApiError> {
    if env.get("AWS_ACCESS_KEY_ID").is_ok_and(|v| !v.is_empty()) {
        return Ok(None);
    }
    let name = explicit.unwrap_or("default");
    let files = Default::default();
    let Ok(set) = aws_config::profile::load(fs, env, &files, Some(Cow::Owned(name.to_string()))).await else {
        return Ok(None);
    };
    check_keys(&set, name)?;
    let Some(profile) = set.get_profile(name) else { return Ok(None) };
    // Role chains and other sources resolve through aws-config as usual.
    let simple = profile.get("role_arn").is_none() && profile.get("aws_access_key_id").is_none();
    Ok(profile
        .get("credential_process")
        .filter(|c| simple && !c.trim().is_empty())
        .map(|c| (name.to_string(), c.to_string())))
}

fn check_keys(set: &ProfileSet, name: &str) -> Result<(), ApiError> {
    let Some(profile) = set.get_profile(name) else { return Ok(()) };
    let has = |key: &str| profile.get(key).is_some_and(|v| !v.trim().is_empty());
    let missing = match (has("aws_access_key_id"), has("aws_secret_access_key")) {
        (true, false) => ("aws_access_key_id", "aws_secret_access_key"),
        (false, true) => ("aws_secret_access_key", "aws_access_key_id"),
        _ => return Ok(()),
    };
    Err(ApiError::new(ErrorKind::NoCredentials, format!("the profile `{name}` has {} but no {}", missing.0, missing.1))
        .with_hint(format!("run `aws configure --profile {name}` to set both keys")))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CONFIG: &str = "[default]\nregion = eu-west-1\n\n[profile prod]\nsso_session = corp\nregion = eu-west-1\n";
    const CREDS: &str = "[ci]\naws_access_key_id = AKIDEXAMPLE\naws_secret_access_key = secret\n";

    fn fs() -> Fs {
        Fs::from_slice(&[("/home/u/.aws/config", CONFIG), ("/home/u/.aws/credentials", CREDS)])
    }

    fn env() -> Env {
        Env::from_slice(&[("HOME", "/home/u")])
    }

    #[tokio::test]
    async fn existing_profiles_pass() {
        assert_eq!(profile_problem(&fs(), &env(), Some("prod")).await, None);
        assert_eq!(profile_problem(&fs(), &env(), Some("ci")).await, None);
        assert_eq!(profile_problem(&fs(), &env(), None).await, None);
    }

    #[tokio::test]
    async fn unknown_profile_is_a_credentials_problem_with_a_hint() {
        let e = profile_problem(&fs(), &env(), Some("staging")).await.expect("an error");
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        assert!(e.message.contains("`staging`"), "{}", e.message);
        let hint = e.hint.expect("hint");
        assert!(hint.contains("ci, default, prod"), "{hint}");
        assert!(hint.contains("aws configure sso --profile staging"), "{hint}");
    }

    #[tokio::test]
    async fn a_key_id_without_its_secret_is_explained() {
        let creds = "[half]\naws_access_key_id = AKIDEXAMPLE\n[other]\naws_secret_access_key = s\n";
        let fs = Fs::from_slice(&[("/home/u/.aws/config", CONFIG), ("/home/u/.aws/credentials", creds)]);
        let e = profile_credentials(&fs, &env(), Some("half")).await.expect_err("half a key pair");
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        assert_eq!(e.message, "the profile `half` has aws_access_key_id but no aws_secret_access_key");
        assert_eq!(e.hint.as_deref(), Some("run `aws configure --profile half` to set both keys"));
        let e = profile_credentials(&fs, &env(), Some("other")).await.expect_err("the other half");
        assert!(e.message.contains("has aws_secret_access_key but no aws_access_key_id"), "{}", e.message);
        // Keys in the environment win over the profile: nothing to complain about.
        let with_env = Env::from_slice(&[("HOME", "/home/u"), ("AWS_ACCESS_KEY_ID", "AKID")]);
        assert_eq!(profile_credentials(&fs, &with_env, Some("half")).await, Ok(None));
        assert_eq!(profile_credentials(&self::fs(), &env(), Some("ci")).await, Ok(None));
    }

    #[tokio::test]
    async fn a_credential_process_is_run_by_bosun() {
        let config = "[profile tool]\ncredential_process = /usr/bin/get-creds --account 1\n\
                      [profile chained]\nrole_arn = arn:aws:iam::1:role/x\ncredential_process = other\n";
        let fs = Fs::from_slice(&[("/home/u/.aws/config", config)]);
        assert_eq!(
            profile_credentials(&fs, &env(), Some("tool")).await,
            Ok(Some(("tool".into(), "/usr/bin/get-creds --account 1".into())))
        );
        assert_eq!(profile_credentials(&fs, &env(), Some("chained")).await, Ok(None));
    }

    #[tokio::test]
    async fn no_profile_files_at_all() {
        let e = profile_problem(&Fs::from_slice(&[]), &env(), Some("prod")).await.expect("an error");
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        assert!(e.hint.expect("hint").contains("known profiles: none"));
    }

    #[test]
    fn no_region_hint_names_every_way_to_set_one() {
        let e = no_region(Some("prod"));
        assert_eq!(e.kind, ErrorKind::NoRegion);
        assert!(e.is_setup_problem());
        let hint = e.hint.expect("hint");
        assert!(hint.contains("--region") && hint.contains("AWS_REGION") && hint.contains("[profile prod]"), "{hint}");
    }

    #[tokio::test]
    async fn flags_win() {
        let opts = AwsOptions {
            profile: None,
            region: Some("ap-southeast-2".into()),
            endpoint_url: Some("http://127.0.0.1:9".into()),
            max_attempts: 1,
            ..AwsOptions::default()
        };
        let c = load_config(&opts).await.expect("config");
        let t = c.timeout_config().expect("timeouts are set");
        assert_eq!(t.connect_timeout(), Some(std::time::Duration::from_secs(3)));
        assert_eq!(t.read_timeout(), Some(std::time::Duration::from_secs(10)));
        assert_eq!(t.operation_attempt_timeout(), Some(std::time::Duration::from_secs(15)));
        assert_eq!(t.operation_timeout(), Some(std::time::Duration::from_secs(40)));
        assert_eq!(c.region().map(|r| r.as_ref()), Some("ap-southeast-2"));
        assert_eq!(c.endpoint_url(), Some("http://127.0.0.1:9"));
        assert_eq!(c.retry_config().map(|r| r.max_attempts()), Some(1));
    }
}
