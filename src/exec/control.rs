//! Session lifecycle calls on `ssm`: resume after a dropped socket, terminate on abort.
//! Behind a trait so the loopback peer can stand in for the service.

use async_trait::async_trait;
use std::fmt;

/// The answer to `ssm:ResumeSession`.
#[derive(Clone, PartialEq, Eq)]
pub struct ResumedSession {
    pub token_value: String,
    pub stream_url: Option<String>,
}

impl fmt::Debug for ResumedSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ResumedSession")
            .field("token_value", &"<redacted>")
            .field("stream_url", &self.stream_url)
            .finish()
    }
}

/// `ssm:ResumeSession` and `ssm:TerminateSession`.
#[async_trait]
pub trait SessionControl: Send + Sync {
    /// A fresh token for reconnecting to the session's stream URL.
    async fn resume_session(&self, session_id: &str) -> Result<ResumedSession, String>;
    /// Ends the session on the service side so it stops counting against the session limit.
    async fn terminate_session(&self, session_id: &str) -> Result<(), String>;
}

/// The calls through the AWS SDK.
#[derive(Debug, Clone)]
pub struct AwsSsm {
    client: aws_sdk_ssm::Client,
}

impl AwsSsm {
    pub fn new(client: aws_sdk_ssm::Client) -> AwsSsm {
        AwsSsm { client }
    }

    pub fn from_conf(config: &aws_types::SdkConfig) -> AwsSsm {
        AwsSsm::new(aws_sdk_ssm::Client::new(config))
    }
}

#[async_trait]
impl SessionControl for AwsSsm {
    async fn resume_session(&self, session_id: &str) -> Result<ResumedSession, String> {
        let out = self
            .client
            .resume_session()
            .session_id(session_id)
            .send()
            .await
            .map_err(|e| format!("ssm:ResumeSession failed: {}", aws_sdk_ssm::error::DisplayErrorContext(&e)))?;
        let token_value =
            out.token_value().filter(|t| !t.is_empty()).ok_or("ssm:ResumeSession returned no token")?.to_owned();
        Ok(ResumedSession { token_value, stream_url: out.stream_url().map(str::to_owned) })
    }

    async fn terminate_session(&self, session_id: &str) -> Result<(), String> {
        self.client
            .terminate_session()
            .session_id(session_id)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| format!("ssm:TerminateSession failed: {}", aws_sdk_ssm::error::DisplayErrorContext(&e)))
    }
}

/// For peers that offer neither call (e.g. a loopback peer in another process).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoControl;

#[async_trait]
impl SessionControl for NoControl {
    async fn resume_session(&self, _session_id: &str) -> Result<ResumedSession, String> {
        Err("resuming is not available for this peer".to_owned())
    }

    async fn terminate_session(&self, _session_id: &str) -> Result<(), String> {
        Ok(())
    }
}
