//! Data keys for the KMS-encrypted session, behind a trait so tests can supply a fixed key.

use async_trait::async_trait;
use std::collections::BTreeMap;
use std::fmt;

use super::crypto::DATA_KEY_LEN;

/// Encryption-context key naming the session.
pub const CONTEXT_SESSION_ID: &str = "aws:ssm:SessionId";
/// Encryption-context key naming the target.
pub const CONTEXT_TARGET_ID: &str = "aws:ssm:TargetId";

/// A `kms:GenerateDataKey` request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataKeyRequest {
    pub key_id: String,
    pub number_of_bytes: usize,
    pub encryption_context: BTreeMap<String, String>,
}

impl DataKeyRequest {
    /// The request the official client makes for a session.
    pub fn for_session(key_id: &str, session_id: &str, target_id: &str) -> DataKeyRequest {
        let mut ctx = BTreeMap::new();
        ctx.insert(CONTEXT_SESSION_ID.to_owned(), session_id.to_owned());
        ctx.insert(CONTEXT_TARGET_ID.to_owned(), target_id.to_owned());
        DataKeyRequest { key_id: key_id.to_owned(), number_of_bytes: DATA_KEY_LEN, encryption_context: ctx }
    }
}

/// A data key: the plaintext for this end, the KMS-wrapped blob for the agent.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey {
    pub plaintext: Vec<u8>,
    pub ciphertext_blob: Vec<u8>,
}

impl fmt::Debug for DataKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DataKey")
            .field("plaintext", &format_args!("<{} bytes>", self.plaintext.len()))
            .field("ciphertext_blob", &format_args!("<{} bytes>", self.ciphertext_blob.len()))
            .finish()
    }
}

/// Produces data keys. Implemented by `aws::SdkKms` and by the loopback peer's fake.
#[async_trait]
pub trait DataKeyProvider: Send + Sync {
    /// Returns the key, or a message in plain words.
    async fn generate_data_key(&self, request: DataKeyRequest) -> Result<DataKey, String>;
}

/// Refuses every request: for sessions known to run without a KMS key.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoKms;

#[async_trait]
impl DataKeyProvider for NoKms {
    async fn generate_data_key(&self, _request: DataKeyRequest) -> Result<DataKey, String> {
        Err("no KMS client is configured for this session".to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn session_request_carries_the_encryption_context() {
        let r = DataKeyRequest::for_session("k", "ecs-execute-command-1", "ecs:c_t_r");
        assert_eq!(r.number_of_bytes, 64);
        assert_eq!(r.encryption_context["aws:ssm:SessionId"], "ecs-execute-command-1");
        assert_eq!(r.encryption_context["aws:ssm:TargetId"], "ecs:c_t_r");
    }

    #[test]
    fn debug_hides_key_material() {
        let k = DataKey { plaintext: vec![42; 64], ciphertext_blob: vec![1; 10] };
        let shown = format!("{k:?}");
        assert!(shown.contains("<64 bytes>"));
        assert!(!shown.contains("42"));
    }
}
