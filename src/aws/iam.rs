//! [`IamApi`] over the AWS SDK: the account's alias.
use super::errors::Origin;
use crate::api::{ApiResult, IamApi};
use async_trait::async_trait;

pub struct SdkIam {
    iam: aws_sdk_iam::Client,
    origin: Origin,
}

/// IAM is a global service: one endpoint for every region (of the standard partition).
const GLOBAL_ENDPOINT: &str = "iam.amazonaws.com";

impl SdkIam {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        let endpoint = config.endpoint_url().unwrap_or(GLOBAL_ENDPOINT).to_string();
        Self { iam: aws_sdk_iam::Client::new(config), origin: Origin { profile, endpoint } }
    }

    /// For callers that build their own client (tests add interceptors).
    pub fn from_client(iam: aws_sdk_iam::Client, profile: Option<String>) -> Self {
        Self { iam, origin: Origin { profile, endpoint: GLOBAL_ENDPOINT.to_string() } }
    }
}

#[async_trait]
impl IamApi for SdkIam {
    async fn account_alias(&self) -> ApiResult<Option<String>> {
        let out =
            self.iam.list_account_aliases().send().await.map_err(|e| self.origin.error("iam:ListAccountAliases", e))?;
        // An account has at most one alias, so the first page is the whole answer.
        Ok(out.account_aliases().iter().find(|a| !a.is_empty()).cloned())
    }
}
