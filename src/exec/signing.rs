//! Optional SigV4 signing of the WebSocket upgrade request.
//!
//! *Unverified against the service*: newer official clients SigV4-sign the upgrade (service
//! `ssmmessages`, empty-body payload hash, skipped when the URL is presigned); older clients
//! do not and the token alone opens the channel. The engine therefore signs only when a
//! signer is configured in [`ExecOptions::sign_upgrade`](super::ExecOptions), which is off by
//! default. [`SigV4UpgradeSigner`] is the real signer; nothing in the test suite can tell
//! whether the service accepts its signature, only that it is well formed.
//!
//! What is signed: a GET of the stream URL with none of the upgrade's own headers
//! (`Connection`, `Upgrade`, `Sec-WebSocket-*`), so of the request's headers only `Host`.
//! SigV4 itself adds `X-Amz-Date` (and `X-Amz-Security-Token` for temporary credentials) and
//! signs them too: AWS requires every `x-amz-*` header sent to be signed, and the official
//! plugin's signer (aws-sdk-go v4 `Signer.Sign` on a bare `http.NewRequest("GET", url, nil)`)
//! produces exactly `SignedHeaders=host;x-amz-date[;x-amz-security-token]`.

use std::time::SystemTime;

use async_trait::async_trait;
use aws_credential_types::Credentials;
use aws_credential_types::provider::{ProvideCredentials, SharedCredentialsProvider};
use aws_sigv4::http_request::{SignableBody, SignableRequest, SigningSettings, sign};
use aws_sigv4::sign::v4;
use aws_smithy_runtime_api::client::identity::Identity;

/// The SigV4 service name of the data channel.
pub const SIGNING_SERVICE: &str = "ssmmessages";

/// Query parameters whose presence marks a presigned URL, as the official plugin checks them.
const PRESIGNED_PARAMS: [&str; 7] = [
    "X-Amz-Algorithm",
    "X-Amz-Credential",
    "X-Amz-Date",
    "X-Amz-Expires",
    "X-Amz-SignedHeaders",
    "X-Amz-Signature",
    "X-Amz-Security-Token",
];

/// Adds headers to the upgrade request of a stream URL.
#[async_trait]
pub trait UpgradeSigner: Send + Sync {
    /// Headers (name, value) to add to the GET upgrade request of `url`.
    async fn upgrade_headers(&self, url: &url::Url) -> Result<Vec<(String, String)>, String>;
}

/// Whether a URL already carries a SigV4 query signature (then it must not be signed again).
pub fn is_presigned(url: &url::Url) -> bool {
    url.query_pairs().any(|(k, _)| PRESIGNED_PARAMS.contains(&k.as_ref()))
}

/// The region named in a stream URL's host, `ssmmessages.<region>.amazonaws.com[.cn]`.
pub fn region_from_host(host: &str) -> Option<&str> {
    let mut labels = host.split('.');
    labels.by_ref().find(|label| *label == SIGNING_SERVICE)?;
    labels.next().filter(|region| !region.is_empty() && *region != "amazonaws")
}

/// Signs the upgrade GET of `url` at `time`: the headers to add (`Authorization`,
/// `X-Amz-Date`, and `X-Amz-Security-Token` for temporary credentials). Pure, so it can be
/// pinned with fixed credentials and a fixed time.
pub fn sign_upgrade(
    url: &url::Url,
    credentials: &Credentials,
    region: &str,
    time: SystemTime,
) -> Result<Vec<(String, String)>, String> {
    if url.host_str().is_none_or(str::is_empty) {
        return Err("the stream URL has no host to sign".to_owned());
    }
    let identity: Identity = credentials.clone().into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(region)
        .name(SIGNING_SERVICE)
        .time(time)
        .settings(SigningSettings::default())
        .build()
        .map_err(|e| format!("SigV4 parameters: {e}"))?
        .into();
    // No request headers are passed: Host is derived from the URL, the upgrade's own
    // headers stay unsigned. The body of a GET upgrade is empty.
    let request = SignableRequest::new("GET", url.as_str(), std::iter::empty(), SignableBody::Bytes(&[]))
        .map_err(|e| format!("SigV4 request: {e}"))?;
    let (instructions, _signature) = sign(request, &params).map_err(|e| format!("SigV4 signing: {e}"))?.into_parts();
    Ok(instructions.headers().map(|(name, value)| (name.to_owned(), value.to_owned())).collect())
}

/// SigV4 signer of the upgrade request with credentials from the SDK's provider chain.
/// *Unverified* against the service; see the module documentation.
#[derive(Debug, Clone)]
pub struct SigV4UpgradeSigner {
    credentials: SharedCredentialsProvider,
    region: Option<String>,
}

impl SigV4UpgradeSigner {
    /// Signs with credentials from `credentials`, in the region named by the URL's host.
    pub fn new(credentials: SharedCredentialsProvider) -> SigV4UpgradeSigner {
        SigV4UpgradeSigner { credentials, region: None }
    }

    /// The signer for an SDK configuration's credentials; `None` when it has none.
    pub fn from_sdk_config(config: &aws_types::SdkConfig) -> Option<SigV4UpgradeSigner> {
        config.credentials_provider().map(SigV4UpgradeSigner::new)
    }

    /// Signs for `region` instead of the region named by the URL's host.
    pub fn with_region(mut self, region: impl Into<String>) -> SigV4UpgradeSigner {
        self.region = Some(region.into());
        self
    }
}

#[async_trait]
impl UpgradeSigner for SigV4UpgradeSigner {
    async fn upgrade_headers(&self, url: &url::Url) -> Result<Vec<(String, String)>, String> {
        let region = match &self.region {
            Some(region) => region.clone(),
            None => url
                .host_str()
                .and_then(region_from_host)
                .map(str::to_owned)
                .ok_or("the stream URL's host names no region to sign for")?,
        };
        let credentials = self
            .credentials
            .provide_credentials()
            .await
            .map_err(|e| format!("no credentials to sign the data channel with: {e}"))?;
        sign_upgrade(url, &credentials, &region, SystemTime::now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, UNIX_EPOCH};

    const URL: &str =
        "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0f13ab?role=publish_subscribe";

    fn url() -> url::Url {
        url::Url::parse(URL).unwrap()
    }

    /// 2024-01-02T03:04:05Z.
    fn fixed_time() -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(1_704_164_645)
    }

    /// The AWS documentation's example key pair: not a real secret.
    fn fixed_credentials(session_token: Option<&str>) -> Credentials {
        Credentials::new(
            "AKIDEXAMPLE",
            "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
            session_token.map(str::to_owned),
            None,
            "fixed",
        )
    }

    fn header<'a>(headers: &'a [(String, String)], name: &str) -> &'a str {
        headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str()).unwrap_or("")
    }

    #[test]
    fn presigned_urls_are_recognised() {
        assert!(!is_presigned(&url()));
        let signed = url::Url::parse("wss://h/v1/data-channel/s?role=publish_subscribe&X-Amz-Signature=ab").unwrap();
        assert!(is_presigned(&signed));
        // Any of the presigning parameters counts, as in the official plugin.
        let partial = url::Url::parse("wss://h/v1/data-channel/s?X-Amz-Credential=AKID%2F20240102").unwrap();
        assert!(is_presigned(&partial));
    }

    #[test]
    fn region_comes_from_the_host() {
        assert_eq!(region_from_host("ssmmessages.eu-west-1.amazonaws.com"), Some("eu-west-1"));
        assert_eq!(region_from_host("ssmmessages.cn-north-1.amazonaws.com.cn"), Some("cn-north-1"));
        assert_eq!(region_from_host("127.0.0.1"), None);
        assert_eq!(region_from_host("ssmmessages.amazonaws.com"), None);
    }

    #[test]
    fn signature_is_pinned_for_fixed_inputs() {
        let headers = sign_upgrade(&url(), &fixed_credentials(None), "eu-west-1", fixed_time()).unwrap();
        let names: Vec<String> = headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
        assert_eq!(names.len(), 2, "{names:?}");
        assert!(names.contains(&"authorization".to_owned()) && names.contains(&"x-amz-date".to_owned()));
        assert_eq!(header(&headers, "x-amz-date"), "20240102T030405Z");
        let auth = header(&headers, "authorization");
        // Canonical inputs: algorithm, credential scope (date / region / service), and the
        // signed headers: Host and the SigV4 date, none of the WebSocket upgrade's headers.
        assert!(
            auth.starts_with(
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/eu-west-1/ssmmessages/aws4_request, \
                 SignedHeaders=host;x-amz-date, Signature="
            ),
            "{auth}"
        );
        // Golden value, also computed by hand from the SigV4 specification for the canonical
        // request "GET\n/v1/data-channel/ecs-execute-command-0f13ab\nrole=publish_subscribe\n
        // host:ssmmessages.eu-west-1.amazonaws.com\nx-amz-date:20240102T030405Z\n\nhost;x-amz-date\n
        // <SHA-256 of the empty body>": any change of path, query, payload hash or headers changes it.
        assert_eq!(
            auth.rsplit("Signature=").next().unwrap(),
            "ba70de807074c1b390d18cff73aae33cf00a2e1041177ff5d8ec65f89c71249d"
        );
        // Stable: the same inputs sign the same way.
        assert_eq!(sign_upgrade(&url(), &fixed_credentials(None), "eu-west-1", fixed_time()).unwrap(), headers);
    }

    #[test]
    fn temporary_credentials_sign_their_token() {
        let headers =
            sign_upgrade(&url(), &fixed_credentials(Some("session-token")), "eu-west-1", fixed_time()).unwrap();
        assert_eq!(header(&headers, "x-amz-security-token"), "session-token");
        assert!(header(&headers, "authorization").contains("SignedHeaders=host;x-amz-date;x-amz-security-token,"));
    }

    #[test]
    fn region_and_path_change_the_signature() {
        let base = sign_upgrade(&url(), &fixed_credentials(None), "eu-west-1", fixed_time()).unwrap();
        let other_region = sign_upgrade(&url(), &fixed_credentials(None), "us-east-1", fixed_time()).unwrap();
        assert!(header(&other_region, "authorization").contains("/20240102/us-east-1/ssmmessages/aws4_request"));
        assert_ne!(header(&base, "authorization"), header(&other_region, "authorization"));
        let other = url::Url::parse(&URL.replace("0f13ab", "0f13ac")).unwrap();
        let other_path = sign_upgrade(&other, &fixed_credentials(None), "eu-west-1", fixed_time()).unwrap();
        assert_ne!(header(&base, "authorization"), header(&other_path, "authorization"));
    }

    #[tokio::test]
    async fn provider_signer_uses_the_hosts_region() {
        let signer = SigV4UpgradeSigner::new(SharedCredentialsProvider::new(fixed_credentials(None)));
        let headers = signer.upgrade_headers(&url()).await.unwrap();
        assert!(header(&headers, "authorization").contains("/eu-west-1/ssmmessages/aws4_request"));
        let loopback = url::Url::parse("ws://127.0.0.1:7000/v1/data-channel/s").unwrap();
        assert!(signer.upgrade_headers(&loopback).await.is_err());
        let pinned = signer.with_region("us-west-2");
        let headers = pinned.upgrade_headers(&loopback).await.unwrap();
        assert!(header(&headers, "authorization").contains("/us-west-2/ssmmessages/aws4_request"));
    }
}
