//! [`DiscoveryApi`] over the AWS SDK: Cloud Map's GetService and GetNamespace.
use super::convert;
use super::errors::{Origin, incomplete_answer};
use crate::api::{ApiResult, DiscoveryApi};
use crate::model::{DiscoveryService, Namespace};
use async_trait::async_trait;

pub struct SdkDiscovery {
    discovery: aws_sdk_servicediscovery::Client,
    origin: Origin,
}

impl SdkDiscovery {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self {
            discovery: aws_sdk_servicediscovery::Client::new(config),
            origin: Origin::of("servicediscovery", config, profile),
        }
    }

    /// For callers that build their own client (tests point it at an emulator or add interceptors).
    pub fn from_client(discovery: aws_sdk_servicediscovery::Client, profile: Option<String>) -> Self {
        let region = discovery.config().region().map(|r| r.as_ref().to_string());
        let origin = Origin::new("servicediscovery", None, region.as_deref(), profile);
        Self { discovery, origin }
    }
}

#[async_trait]
impl DiscoveryApi for SdkDiscovery {
    async fn service(&self, id_or_arn: String) -> ApiResult<DiscoveryService> {
        const ACTION: &str = "servicediscovery:GetService";
        // Sent as ECS gave it: AWS takes the id or the ARN, and only the ARN finds a service
        // in a namespace shared from another account.
        let out = self
            .discovery
            .get_service()
            .id(&id_or_arn)
            .send()
            .await
            .map_err(|e| self.origin.error("servicediscovery:GetService", e))?;
        out.service().map(convert::discovery_service).ok_or_else(|| incomplete_answer(ACTION, "service"))
    }

    async fn namespace(&self, id: String) -> ApiResult<Namespace> {
        const ACTION: &str = "servicediscovery:GetNamespace";
        let out = self
            .discovery
            .get_namespace()
            .id(&id)
            .send()
            .await
            .map_err(|e| self.origin.error("servicediscovery:GetNamespace", e))?;
        out.namespace().map(convert::namespace).ok_or_else(|| incomplete_answer(ACTION, "namespace"))
    }
}
