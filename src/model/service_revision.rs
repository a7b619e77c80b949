//! A service revision (DescribeServiceRevisions): what one deployment of a service deployed —
//! its task definition, placement, load balancers, discovery and the container images ECS
//! resolved. Revisions never change once created, so callers keep them forever.
use super::{AwsVpc, LoadBalancer, Strategy, Time, task_definition_short};
use serde::{Deserialize, Serialize};

/// Serialized with the field names of `aws ecs describe-service-revisions`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceRevision {
    #[serde(rename = "serviceRevisionArn")]
    pub arn: String,
    pub service_arn: String,
    pub cluster_arn: String,
    /// The task definition ARN it runs.
    pub task_definition: String,
    #[serde(rename = "capacityProviderStrategy", default)]
    pub strategy: Strategy,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub launch_type: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub platform_family: Option<String>,
    #[serde(default)]
    pub load_balancers: Vec<LoadBalancer>,
    /// Cloud Map service ARNs (AWS: `serviceRegistries[].registryArn`).
    #[serde(default)]
    pub service_registries: Vec<String>,
    /// AWS: `networkConfiguration.awsvpcConfiguration`.
    #[serde(rename = "awsvpcConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub network: Option<AwsVpc>,
    #[serde(default)]
    pub container_images: Vec<ContainerImage>,
    #[serde(default)]
    pub guard_duty_enabled: bool,
    /// The Service Connect namespace, when Service Connect is on in this revision.
    #[serde(rename = "serviceConnectNamespace", default, skip_serializing_if = "Option::is_none")]
    pub service_connect: Option<String>,
    #[serde(with = "super::iso_time", default)]
    pub created_at: Option<Time>,
}

/// One container's image as ECS resolved it for the revision: the digest pins what ran even
/// when a tag is pushed again.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerImage {
    pub container_name: String,
    pub image: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image_digest: Option<String>,
}

impl ServiceRevision {
    /// `family:revision` of its task definition.
    pub fn task_definition_short(&self) -> &str {
        task_definition_short(&self.task_definition)
    }

    /// The strategy in short form, else the launch type (`-` when neither is reported).
    pub fn placement_short(&self) -> String {
        if !self.strategy.is_empty() {
            self.strategy.short()
        } else {
            self.launch_type.clone().unwrap_or_else(|| "-".into())
        }
    }
}
