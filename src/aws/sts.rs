//! [`StsApi`] over the AWS SDK: who the credentials belong to.
use super::errors::Origin;
use crate::api::{ApiResult, Identity, StsApi};
use async_trait::async_trait;

pub struct SdkSts {
    sts: aws_sdk_sts::Client,
    origin: Origin,
}

impl SdkSts {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self { sts: aws_sdk_sts::Client::new(config), origin: Origin::of("sts", config, profile) }
    }

    /// For callers that build their own client (tests add interceptors).
    pub fn from_client(sts: aws_sdk_sts::Client, profile: Option<String>) -> Self {
        let origin = Origin::new("sts", None, sts.config().region().map(|r| r.as_ref()), profile);
        Self { sts, origin }
    }
}

#[async_trait]
impl StsApi for SdkSts {
    async fn identity(&self) -> ApiResult<Identity> {
        let out =
            self.sts.get_caller_identity().send().await.map_err(|e| self.origin.error("sts:GetCallerIdentity", e))?;
        // STS does not know the alias: the identity load asks IAM for it.
        Ok(Identity { account: out.account().map(str::to_string), arn: out.arn().map(str::to_string), alias: None })
    }
}
