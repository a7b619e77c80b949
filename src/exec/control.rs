//! Session lifecycle calls on `ssm`: resume after a dropped socket, terminate on abort.
//! Behind a trait so the loopback peer can stand in for the service; the SDK implementation
//! is `aws::SdkSsm`.

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
