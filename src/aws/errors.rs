//! Every SDK failure becomes an [`ApiError`] here, and only here: a kind the console can act on,
//! a message in plain words and a hint naming what to run or change. Nothing in this file prints
//! an SDK error with `Debug`: the console shows these texts to a person at 3AM.
use crate::api::{ApiError, ErrorKind};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use aws_smithy_types::event_stream::RawMessage;
use std::error::Error as StdError;

/// What the failed call was, so the error can say which permission or endpoint is involved.
#[derive(Debug, Clone, Copy)]
pub struct CallContext<'a> {
    /// The IAM action of the call, e.g. `ecs:DescribeServices`.
    pub action: &'a str,
    /// The profile in use (for `aws sso login --profile ...`).
    pub profile: Option<&'a str>,
    /// Where requests go: an endpoint URL or host, e.g. `ecs.eu-west-1.amazonaws.com`.
    pub endpoint: &'a str,
}

/// Who calls and where the calls go: each per-service SDK client keeps one, so its errors name
/// the profile to log in with and the endpoint that must be reachable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub profile: Option<String>,
    /// The endpoint URL override, or the service's regional host.
    pub endpoint: String,
}

impl Origin {
    /// For `service` (the endpoint prefix, e.g. `ecs`, `ssm`): the configured endpoint URL if
    /// any, else the regional host.
    pub fn new(service: &str, endpoint_url: Option<&str>, region: Option<&str>, profile: Option<String>) -> Self {
        let endpoint = match (endpoint_url, region) {
            (Some(url), _) => url.to_string(),
            (None, Some(r)) => format!("{service}.{r}.amazonaws.com"),
            (None, None) => format!("the {} endpoint", service.to_ascii_uppercase()),
        };
        Self { profile, endpoint }
    }

    /// From the shared configuration the clients are built with.
    pub fn of(service: &str, config: &aws_types::SdkConfig, profile: Option<String>) -> Self {
        Self::new(service, config.endpoint_url(), config.region().map(|r| r.as_ref()), profile)
    }

    /// The failed call `action` (an IAM action, e.g. `ssm:ResumeSession`) as an [`ApiError`].
    pub fn error<E>(&self, action: &str, err: SdkError<E, HttpResponse>) -> ApiError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let ctx = CallContext { action, profile: self.profile.as_deref(), endpoint: &self.endpoint };
        let e = from_sdk_error(&err, &ctx);
        tracing::debug!(action, kind = ?e.kind, code = e.code.as_deref(), "AWS call failed: {}", e.message);
        e
    }
}

impl Origin {
    /// A failure on a call's open event stream (Live Tail's): a modeled exception by its code
    /// (`SessionTimeoutException`, `SessionStreamingException`), anything else (the
    /// connection dropped, a frame that cannot be read) as a network failure.
    pub fn stream_error<E>(&self, action: &str, err: SdkError<E, RawMessage>) -> ApiError
    where
        E: ProvideErrorMetadata + StdError + 'static,
    {
        let ctx = CallContext { action, profile: self.profile.as_deref(), endpoint: &self.endpoint };
        let e = match &err {
            SdkError::ServiceError(se) => service_error(se.err().code(), se.err().message(), None, &ctx),
            _ => {
                let (_, innermost) = chain_text(StdError::source(&err));
                finish(ErrorKind::Network, None, format!("the {action} stream broke: {innermost}"), &ctx)
            }
        };
        tracing::debug!(action, kind = ?e.kind, code = e.code.as_deref(), "AWS event stream failed: {}", e.message);
        e
    }
}

/// An answer that lacks what the call exists for (e.g. a data key without its plaintext).
pub fn incomplete_answer(action: &str, missing: &str) -> ApiError {
    ApiError::new(ErrorKind::Service, format!("{action} returned no {missing}"))
        .with_hint("AWS failed on its side; try again")
}

const THROTTLING: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "ProvisionedThroughputExceededException",
    "SlowDown",
];
const ACCESS_DENIED: &[&str] = &["AccessDeniedException", "AccessDenied", "UnauthorizedOperation"];
const EXPIRED: &[&str] = &["ExpiredToken", "ExpiredTokenException", "TokenRefreshRequired"];
/// The request was signed, but AWS does not know these keys (wrong, deleted or mistyped).
const BAD_CREDENTIALS: &[&str] =
    &["UnrecognizedClientException", "InvalidClientTokenId", "InvalidSignatureException", "SignatureDoesNotMatch"];
const NOT_FOUND: &[&str] = &[
    "ClusterNotFoundException",
    "ServiceNotFoundException",
    "ResourceNotFoundException",
    "TargetNotFoundException",
    "ServiceDeploymentNotFoundException",
    "NotFoundException",
    // Cloud Map's codes have no "Exception".
    "ServiceNotFound",
    "NamespaceNotFound",
    // ELBv2's codes have none either.
    "TargetGroupNotFound",
    "LoadBalancerNotFound",
];
const INVALID: &[&str] = &["InvalidParameterException", "ClientException", "ValidationException", "InvalidInput"];
const SERVICE: &[&str] = &["ServerException", "InternalFailure", "InternalError", "ServiceUnavailable"];

/// Classifies an error the service answered with, from its code, message and HTTP status.
pub fn classify_service(code: Option<&str>, message: Option<&str>, status: Option<u16>) -> ErrorKind {
    let code = code.unwrap_or("");
    let message = message.unwrap_or("").to_ascii_lowercase();
    if THROTTLING.contains(&code) || status == Some(429) {
        ErrorKind::Throttled
    } else if EXPIRED.contains(&code) || message.contains("token has expired") || message.contains("token is expired") {
        ErrorKind::ExpiredToken
    } else if BAD_CREDENTIALS.contains(&code) {
        ErrorKind::NoCredentials
    } else if ACCESS_DENIED.contains(&code) || (code.is_empty() && status == Some(403)) {
        ErrorKind::AccessDenied
    } else if NOT_FOUND.contains(&code) || (code.is_empty() && status == Some(404)) {
        ErrorKind::NotFound
    } else if INVALID.contains(&code) {
        ErrorKind::InvalidInput
    } else if SERVICE.contains(&code) || status.is_some_and(|s| s >= 500) {
        ErrorKind::Service
    } else {
        ErrorKind::Other
    }
}

/// Classifies a failure before any answer: the credentials chain (which runs inside the SDK
/// before the request is sent), or the connection. `chain` is the lowercase text of every error
/// in the source chain.
pub fn classify_dispatch(chain: &str, is_timeout: bool, is_io: bool) -> ErrorKind {
    let about_login = ["token", "credential", "session", "sso"].iter().any(|w| chain.contains(w));
    let sso = chain.contains("sso") && (chain.contains("token") || chain.contains("session"));
    // "expired" alone is not enough: an expired TLS certificate is a network problem.
    if (chain.contains("expired") && about_login) || (sso && !chain.contains("credential provider was not enabled")) {
        ErrorKind::ExpiredToken
    } else if chain.contains("credential") || chain.contains("no providers in chain") || chain.contains("access token")
    {
        ErrorKind::NoCredentials
    } else if is_timeout || is_io || NETWORK_WORDS.iter().any(|w| chain.contains(w)) {
        ErrorKind::Network
    } else {
        ErrorKind::Other
    }
}

const NETWORK_WORDS: &[&str] =
    &["dns error", "failed to lookup address", "connection refused", "tcp connect", "timed out", "connection reset"];

/// The hint for a kind of failure, in the words of the commands that fix it.
pub fn hint(kind: ErrorKind, ctx: &CallContext<'_>) -> Option<String> {
    let login = match ctx.profile {
        Some(p) => format!("aws sso login --profile {p}"),
        None => "aws sso login".to_string(),
    };
    match kind {
        ErrorKind::NoRegion => {
            Some("pass --region, set AWS_REGION, or add `region = ...` to the profile in ~/.aws/config".into())
        }
        // Short enough for one line of the console's explanation.
        ErrorKind::NoCredentials => Some(match ctx.profile {
            Some(p) => format!("run `aws sso login --profile {p}` or `aws configure --profile {p}`"),
            None => "run `aws configure` or `aws sso login`, or pick a profile with --profile".to_string(),
        }),
        ErrorKind::ExpiredToken => Some(format!("run: {login}")),
        ErrorKind::AccessDenied => {
            Some(format!("your role needs {} (docs/iam.md lists the actions each feature needs)", ctx.action))
        }
        ErrorKind::Throttled => Some("AWS is rate-limiting this account; the next refresh tries again".into()),
        ErrorKind::Network => {
            Some(format!("check the network, VPN or proxy; {} must be reachable (see --endpoint-url)", ctx.endpoint))
        }
        ErrorKind::Service => Some("AWS failed on its side; the next refresh tries again".into()),
        ErrorKind::NotFound | ErrorKind::InvalidInput | ErrorKind::Other => None,
    }
}

/// Turns any SDK error into our error, with a plain message and a hint.
pub fn from_sdk_error<E>(err: &SdkError<E, HttpResponse>, ctx: &CallContext<'_>) -> ApiError
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    // A profile's credential_process failed (credentials.rs words it): its own message is the
    // cause, and the fix is in that tool, not in the network or in `aws configure`.
    let (chain, innermost) = chain_text(StdError::source(err));
    if chain.contains("credential_process of profile") {
        let profile = ctx.profile.map(|p| format!(" --profile {p}")).unwrap_or_default();
        return ApiError::new(ErrorKind::NoCredentials, innermost)
            .with_hint(format!("run `aws sts get-caller-identity{profile}` to see what the credential_process needs"));
    }
    match err {
        SdkError::ServiceError(se) => {
            let status = se.raw().status().as_u16();
            let e = se.err();
            service_error(e.code(), e.message(), Some(status), ctx)
        }
        SdkError::ResponseError(re) => {
            let status = re.raw().status().as_u16();
            // An answer the SDK could not read (e.g. an HTML error page from a proxy).
            let kind = classify_service(None, None, Some(status));
            let kind = if kind == ErrorKind::Other { ErrorKind::Service } else { kind };
            finish(kind, None, format!("{} got an unreadable answer (HTTP {status})", ctx.action), ctx)
        }
        SdkError::TimeoutError(_) => {
            timed_out(format!("{} got no answer from {} in the time a call may take", ctx.action, ctx.endpoint), ctx)
        }
        SdkError::DispatchFailure(df) => {
            let (chain, innermost) = chain_text(df.as_connector_error().map(|c| c as &(dyn StdError + 'static)));
            let kind = classify_dispatch(&chain, df.is_timeout(), df.is_io());
            if df.is_timeout() && kind == ErrorKind::Network {
                return timed_out(format!("{} did not answer in time: {innermost}", ctx.endpoint), ctx);
            }
            let message = match kind {
                ErrorKind::Network => format!("cannot reach {}: {innermost}", ctx.endpoint),
                ErrorKind::ExpiredToken => format!("the AWS login has expired ({innermost})"),
                ErrorKind::NoCredentials => format!("no usable AWS credentials ({innermost})"),
                _ => format!("{} could not be sent: {innermost}", ctx.action),
            };
            finish(kind, None, message, ctx)
        }
        SdkError::ConstructionFailure(_) => {
            let (_, innermost) = chain_text(StdError::source(err));
            finish(ErrorKind::InvalidInput, None, format!("{} could not be built: {innermost}", ctx.action), ctx)
        }
        _ => {
            let (_, innermost) = chain_text(StdError::source(err));
            finish(ErrorKind::Other, None, format!("{} failed: {innermost}", ctx.action), ctx)
        }
    }
}

/// A call that hit one of the timeouts (docs/configuration.md): a network problem whose hint
/// also says where the limits are set.
fn timed_out(message: String, ctx: &CallContext<'_>) -> ApiError {
    ApiError::new(ErrorKind::Network, message).with_hint(format!(
        "check the network, VPN or proxy; {} must answer (see --endpoint-url). The limits are \
         connect_timeout, read_timeout, attempt_timeout and operation_timeout in settings.toml",
        ctx.endpoint
    ))
}

fn service_error(code: Option<&str>, message: Option<&str>, status: Option<u16>, ctx: &CallContext<'_>) -> ApiError {
    let kind = classify_service(code, message, status);
    let text = match (message.filter(|m| !m.trim().is_empty()), code) {
        (Some(m), _) => m.trim().to_string(),
        (None, Some(c)) => format!("{} failed with {c}", ctx.action),
        (None, None) => format!("{} failed (HTTP {})", ctx.action, status.unwrap_or(0)),
    };
    finish(kind, code, text, ctx)
}

fn finish(kind: ErrorKind, code: Option<&str>, message: String, ctx: &CallContext<'_>) -> ApiError {
    let mut e = ApiError::new(kind, message);
    if let Some(c) = code.filter(|c| !c.is_empty()) {
        e = e.with_code(c);
    }
    if let Some(h) = hint(kind, ctx) {
        e = e.with_hint(h);
    }
    e
}

/// The lowercase text of every error in the chain, and the innermost error's own words (the
/// most specific reason, e.g. "Connection refused (os error 111)").
fn chain_text(first: Option<&(dyn StdError + 'static)>) -> (String, String) {
    let mut all = String::new();
    let mut innermost = String::from("unknown reason");
    let mut cur = first;
    // Bounded: a source chain that loops would otherwise hang the console.
    for _ in 0..16 {
        let Some(e) = cur else { break };
        let text = e.to_string();
        all.push_str(&text.to_ascii_lowercase());
        all.push_str(" | ");
        if !text.trim().is_empty() {
            innermost = text;
        }
        cur = e.source();
    }
    (all, innermost)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::error::{ConnectorError, ErrorMetadata};
    use aws_sdk_ecs::operation::describe_services::DescribeServicesError;
    use aws_smithy_types::body::SdkBody;
    use std::fmt;

    const CTX: CallContext<'static> =
        CallContext { action: "ecs:DescribeServices", profile: Some("prod"), endpoint: "ecs.eu-west-1.amazonaws.com" };

    fn service(code: &str, message: &str, status: u16) -> SdkError<DescribeServicesError, HttpResponse> {
        let err = DescribeServicesError::generic(ErrorMetadata::builder().code(code).message(message).build());
        let raw = HttpResponse::new(status.try_into().expect("valid status"), SdkBody::empty());
        SdkError::service_error(err, raw)
    }

    /// An error with a cause, like the SDK's credentials errors.
    #[derive(Debug)]
    struct Chained(&'static str, Option<Box<Chained>>);
    impl fmt::Display for Chained {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0)
        }
    }
    impl StdError for Chained {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            self.1.as_deref().map(|c| c as &(dyn StdError + 'static))
        }
    }

    fn dispatch(c: ConnectorError) -> SdkError<DescribeServicesError, HttpResponse> {
        SdkError::dispatch_failure(c)
    }

    #[test]
    fn origins_name_the_override_else_the_regional_host() {
        assert_eq!(Origin::new("ssm", None, Some("eu-west-1"), None).endpoint, "ssm.eu-west-1.amazonaws.com");
        assert_eq!(
            Origin::new("kms", Some("http://127.0.0.1:5000"), Some("eu-west-1"), None).endpoint,
            "http://127.0.0.1:5000"
        );
        assert_eq!(Origin::new("sts", None, None, None).endpoint, "the STS endpoint");
        let e = Origin::new("ssm", None, Some("eu-west-1"), Some("prod".into()))
            .error("ssm:ResumeSession", service("ExpiredTokenException", "expired", 400));
        assert_eq!((e.kind, e.hint.as_deref()), (ErrorKind::ExpiredToken, Some("run: aws sso login --profile prod")));
    }

    #[test]
    fn throttling_codes() {
        for code in ["ThrottlingException", "Throttling", "TooManyRequestsException", "RequestLimitExceeded"] {
            let e = from_sdk_error(&service(code, "Rate exceeded", 400), &CTX);
            assert_eq!(e.kind, ErrorKind::Throttled, "{code}");
            assert_eq!(e.code.as_deref(), Some(code));
            assert_eq!(e.message, "Rate exceeded");
        }
    }

    #[test]
    fn access_denied_names_the_action() {
        let msg = "User: arn:aws:sts::1:assumed-role/ro/me is not authorized to perform: ecs:DescribeServices";
        let e = from_sdk_error(&service("AccessDeniedException", msg, 400), &CTX);
        assert_eq!(e.kind, ErrorKind::AccessDenied);
        let hint = e.hint.expect("hint");
        assert!(hint.contains("ecs:DescribeServices") && hint.contains("docs/iam.md"), "{hint}");
        assert_eq!(from_sdk_error(&service("UnauthorizedOperation", "no", 403), &CTX).kind, ErrorKind::AccessDenied);
    }

    #[test]
    fn expired_tokens_point_at_sso_login() {
        for (code, msg) in [
            ("ExpiredTokenException", "The security token included in the request is expired"),
            ("ExpiredToken", "expired"),
            ("SomethingElse", "The provided token has expired."),
        ] {
            let e = from_sdk_error(&service(code, msg, 400), &CTX);
            assert_eq!(e.kind, ErrorKind::ExpiredToken, "{code}");
            assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
        }
        let no_profile = CallContext { profile: None, ..CTX };
        let e = from_sdk_error(&service("ExpiredTokenException", "expired", 400), &no_profile);
        assert_eq!(e.hint.as_deref(), Some("run: aws sso login"));
    }

    #[test]
    fn not_found_invalid_and_server() {
        assert_eq!(from_sdk_error(&service("ClusterNotFoundException", "x", 400), &CTX).kind, ErrorKind::NotFound);
        assert_eq!(from_sdk_error(&service("ServiceNotFoundException", "x", 400), &CTX).kind, ErrorKind::NotFound);
        let gone = service("ServiceDeploymentNotFoundException", "x", 400);
        assert_eq!(from_sdk_error(&gone, &CTX).kind, ErrorKind::NotFound);
        assert_eq!(from_sdk_error(&service("InvalidParameterException", "x", 400), &CTX).kind, ErrorKind::InvalidInput);
        assert_eq!(from_sdk_error(&service("ClientException", "x", 400), &CTX).kind, ErrorKind::InvalidInput);
        assert_eq!(from_sdk_error(&service("ServerException", "x", 500), &CTX).kind, ErrorKind::Service);
        assert_eq!(from_sdk_error(&service("Weird", "x", 503), &CTX).kind, ErrorKind::Service);
        assert_eq!(from_sdk_error(&service("Weird", "x", 400), &CTX).kind, ErrorKind::Other);
        assert_eq!(from_sdk_error(&service("InvalidClientTokenId", "x", 403), &CTX).kind, ErrorKind::NoCredentials);
    }

    #[test]
    fn empty_message_falls_back_to_the_code() {
        let e = from_sdk_error(&service("ServerException", "  ", 500), &CTX);
        assert_eq!(e.message, "ecs:DescribeServices failed with ServerException");
    }

    #[test]
    fn unreadable_answers_are_service_errors() {
        let raw = HttpResponse::new(500u16.try_into().expect("status"), SdkBody::from("<html>oops</html>"));
        let err: SdkError<DescribeServicesError, HttpResponse> = SdkError::response_error("bad json", raw);
        let e = from_sdk_error(&err, &CTX);
        assert_eq!(e.kind, ErrorKind::Service);
        assert!(e.message.contains("HTTP 500"), "{}", e.message);
        assert!(!e.message.contains("html"), "{}", e.message);
    }

    #[test]
    fn connection_failures_say_which_endpoint() {
        let refused = ConnectorError::io(Box::new(Chained(
            "tcp connect error",
            Some(Box::new(Chained("Connection refused (os error 111)", None))),
        )));
        let e = from_sdk_error(&dispatch(refused), &CTX);
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(e.message, "cannot reach ecs.eu-west-1.amazonaws.com: Connection refused (os error 111)");
        assert!(e.hint.expect("hint").contains("--endpoint-url"));

        let timeout = ConnectorError::timeout(Box::new(Chained("HTTP connect timeout occurred after 3.1s", None)));
        assert_eq!(from_sdk_error(&dispatch(timeout), &CTX).kind, ErrorKind::Network);
        let cert = ConnectorError::io(Box::new(Chained("invalid peer certificate: certificate has expired", None)));
        assert_eq!(from_sdk_error(&dispatch(cert), &CTX).kind, ErrorKind::Network);
        let dns = ConnectorError::other(Box::new(Chained("dns error: failed to lookup address", None)), None);
        assert_eq!(from_sdk_error(&dispatch(dns), &CTX).kind, ErrorKind::Network);
        let t: SdkError<DescribeServicesError, HttpResponse> = SdkError::timeout_error("operation timeout");
        let e = from_sdk_error(&t, &CTX);
        assert_eq!(e.kind, ErrorKind::Network);
        assert_eq!(
            e.message,
            "ecs:DescribeServices got no answer from ecs.eu-west-1.amazonaws.com in the time a call may take"
        );
        assert!(e.hint.expect("hint").contains("operation_timeout in settings.toml"));
    }

    #[test]
    fn missing_credentials_from_the_provider_chain() {
        let chain = ConnectorError::other(
            Box::new(Chained(
                "failed to load credentials",
                Some(Box::new(Chained(
                    "the credential provider was not enabled",
                    Some(Box::new(Chained("no providers in chain provided credentials", None))),
                ))),
            )),
            None,
        );
        let e = from_sdk_error(&dispatch(chain), &CTX);
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        let hint = e.hint.expect("hint");
        assert_eq!(hint, "run `aws sso login --profile prod` or `aws configure --profile prod`");
        let none = hint_for_no_profile();
        assert_eq!(none, "run `aws configure` or `aws sso login`, or pick a profile with --profile");
        assert!(none.chars().count() <= 80, "fits one line: {none}");
    }

    fn hint_for_no_profile() -> String {
        hint(ErrorKind::NoCredentials, &CallContext { profile: None, ..CTX }).unwrap_or_default()
    }

    #[test]
    fn a_failed_credential_process_says_so() {
        let chain = ConnectorError::other(
            Box::new(Chained(
                "failed to load credentials",
                Some(Box::new(Chained(
                    "the credential_process of profile `prod` did not finish within 10s and was stopped",
                    None,
                ))),
            )),
            None,
        );
        let e = from_sdk_error(&dispatch(chain), &CTX);
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        assert!(e.message.starts_with("the credential_process of profile `prod` did not finish"), "{}", e.message);
        assert!(!e.message.contains("reach"), "not a network problem: {}", e.message);
        assert_eq!(
            e.hint.as_deref(),
            Some("run `aws sts get-caller-identity --profile prod` to see what the credential_process needs")
        );
    }

    #[test]
    fn expired_sso_session_from_the_provider_chain() {
        let chain = ConnectorError::other(
            Box::new(Chained(
                "an error occurred while loading credentials",
                Some(Box::new(Chained("the SSO token has expired and cannot be refreshed", None))),
            )),
            None,
        );
        let e = from_sdk_error(&dispatch(chain), &CTX);
        assert_eq!(e.kind, ErrorKind::ExpiredToken);
        assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
        assert!(e.message.contains("SSO token has expired"), "{}", e.message);
    }

    #[test]
    fn messages_are_never_debug_dumps() {
        let e = from_sdk_error(&service("AccessDeniedException", "denied", 400), &CTX);
        let shown = e.to_string();
        assert!(!shown.contains("ServiceError {") && !shown.contains("ErrorMetadata"), "{shown}");
        assert_eq!(
            shown,
            format!("Access denied: denied (AccessDeniedException) — {}", e.hint.clone().unwrap_or_default())
        );
    }
}
