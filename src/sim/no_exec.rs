//! The demo's answer to exec's SSM and KMS calls: the simulated tasks run no agent, so both
//! are refused in plain words instead of pretending.
use crate::exec::{DataKey, DataKeyProvider, DataKeyRequest, ResumedSession, SessionControl};
use async_trait::async_trait;

const NOT_IN_DEMO: &str = "ECS Exec is not available in the demo: the simulated tasks run no SSM agent";

#[derive(Debug, Clone, Copy, Default)]
pub struct NoExecInDemo;

#[async_trait]
impl SessionControl for NoExecInDemo {
    async fn resume_session(&self, _session_id: &str) -> Result<ResumedSession, String> {
        Err(NOT_IN_DEMO.to_owned())
    }

    async fn terminate_session(&self, _session_id: &str) -> Result<(), String> {
        Err(NOT_IN_DEMO.to_owned())
    }
}

#[async_trait]
impl DataKeyProvider for NoExecInDemo {
    async fn generate_data_key(&self, _request: DataKeyRequest) -> Result<DataKey, String> {
        Err(NOT_IN_DEMO.to_owned())
    }
}
