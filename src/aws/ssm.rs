//! Session Manager calls over the AWS SDK, for the exec engine's [`SessionControl`]: resume a
//! session after a dropped socket, terminate it on abort.
//!
//! Failures become [`ApiError`]s here like every other SDK error; the exec trait carries them
//! as their displayed text because the engine reports every end of a session as words
//! (`EndReason`), whatever failed.
use super::errors::{Origin, incomplete_answer};
use crate::api::{ApiError, ApiResult};
use crate::exec::{ResumedSession, SessionControl};
use async_trait::async_trait;

#[derive(Debug, Clone)]
pub struct SdkSsm {
    ssm: aws_sdk_ssm::Client,
    origin: Origin,
}

impl SdkSsm {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self { ssm: aws_sdk_ssm::Client::new(config), origin: Origin::of("ssm", config, profile) }
    }

    /// `ssm:ResumeSession`: a fresh token for the session's stream URL.
    pub async fn resume(&self, session_id: &str) -> ApiResult<ResumedSession> {
        const ACTION: &str = "ssm:ResumeSession";
        let out =
            self.ssm.resume_session().session_id(session_id).send().await.map_err(|e| self.origin.error(ACTION, e))?;
        let token_value =
            out.token_value().filter(|t| !t.is_empty()).ok_or_else(|| incomplete_answer(ACTION, "token"))?.to_owned();
        Ok(ResumedSession { token_value, stream_url: out.stream_url().map(str::to_owned) })
    }

    /// `ssm:TerminateSession`.
    pub async fn terminate(&self, session_id: &str) -> ApiResult<()> {
        self.ssm
            .terminate_session()
            .session_id(session_id)
            .send()
            .await
            .map(|_| ())
            .map_err(|e| self.origin.error("ssm:TerminateSession", e))
    }
}

#[async_trait]
impl SessionControl for SdkSsm {
    async fn resume_session(&self, session_id: &str) -> Result<ResumedSession, String> {
        self.resume(session_id).await.map_err(|e: ApiError| e.to_string())
    }

    async fn terminate_session(&self, session_id: &str) -> Result<(), String> {
        self.terminate(session_id).await.map_err(|e| e.to_string())
    }
}
