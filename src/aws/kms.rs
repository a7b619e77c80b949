//! `kms:GenerateDataKey` over the AWS SDK, for the exec engine's [`DataKeyProvider`].
//!
//! Failures become [`ApiError`]s here like every other SDK error; the exec trait carries them
//! as their displayed text (see `aws/ssm.rs` for why).
use super::errors::{Origin, incomplete_answer};
use crate::api::{ApiError, ApiResult, ErrorKind};
use crate::exec::{DataKey, DataKeyProvider, DataKeyRequest};
use async_trait::async_trait;

#[derive(Debug, Clone)]
pub struct SdkKms {
    kms: aws_sdk_kms::Client,
    origin: Origin,
}

impl SdkKms {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self { kms: aws_sdk_kms::Client::new(config), origin: Origin::of("kms", config, profile) }
    }

    /// A data key for `request`: the plaintext and the KMS-wrapped blob.
    pub async fn data_key(&self, request: DataKeyRequest) -> ApiResult<DataKey> {
        const ACTION: &str = "kms:GenerateDataKey";
        let bytes = i32::try_from(request.number_of_bytes).map_err(|_| {
            ApiError::new(ErrorKind::InvalidInput, format!("{ACTION}: {} bytes is too many", request.number_of_bytes))
        })?;
        let mut call = self.kms.generate_data_key().key_id(&request.key_id).number_of_bytes(bytes);
        for (k, v) in &request.encryption_context {
            call = call.encryption_context(k, v);
        }
        let out = call.send().await.map_err(|e| self.origin.error(ACTION, e))?;
        let plaintext = out.plaintext().map(|b| b.as_ref().to_vec());
        let blob = out.ciphertext_blob().map(|b| b.as_ref().to_vec());
        match (plaintext, blob) {
            (Some(plaintext), Some(ciphertext_blob)) => Ok(DataKey { plaintext, ciphertext_blob }),
            _ => Err(incomplete_answer(ACTION, "key")),
        }
    }
}

#[async_trait]
impl DataKeyProvider for SdkKms {
    async fn generate_data_key(&self, request: DataKeyRequest) -> Result<DataKey, String> {
        self.data_key(request).await.map_err(|e| e.to_string())
    }
}
