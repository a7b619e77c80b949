//! An ECS cluster as the console shows it.
use super::Strategy;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Serialized (describe, `dump --json`) with the field names of `aws ecs describe-clusters`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Cluster {
    #[serde(rename = "clusterArn")]
    pub arn: String,
    #[serde(rename = "clusterName")]
    pub name: String,
    pub status: String,
    #[serde(rename = "activeServicesCount")]
    pub active_services: i32,
    #[serde(rename = "runningTasksCount")]
    pub running_tasks: i32,
    #[serde(rename = "pendingTasksCount")]
    pub pending_tasks: i32,
    #[serde(rename = "registeredContainerInstancesCount")]
    pub registered_instances: i32,
    pub capacity_providers: Vec<String>,
    #[serde(rename = "defaultCapacityProviderStrategy")]
    pub default_strategy: Strategy,
    /// `enabled`, `enhanced` or `disabled`; `None` when the cluster has no such setting.
    pub container_insights: Option<String>,
    #[serde(rename = "executeCommandConfiguration")]
    pub exec: ExecConfig,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

impl Cluster {
    pub fn insights_label(&self) -> &'static str {
        match self.container_insights.as_deref() {
            Some("enabled") => "on",
            Some("enhanced") => "enhanced",
            _ => "off",
        }
    }
}

/// Where ECS Exec sessions of this cluster are audited.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ExecLogging {
    None,
    /// Also what a missing configuration means: the task definition's awslogs group.
    #[default]
    Default,
    Override,
}

/// `executeCommandConfiguration` with its `logConfiguration` fields inline.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExecConfig {
    pub logging: ExecLogging,
    pub kms_key_id: Option<String>,
    #[serde(rename = "cloudWatchLogGroupName")]
    pub cloudwatch_log_group: Option<String>,
    #[serde(rename = "cloudWatchEncryptionEnabled")]
    pub cloudwatch_encryption: bool,
    #[serde(rename = "s3BucketName")]
    pub s3_bucket: Option<String>,
    #[serde(rename = "s3EncryptionEnabled")]
    pub s3_encryption: bool,
    pub s3_key_prefix: Option<String>,
}

impl ExecConfig {
    /// `NONE`, `DEFAULT`, or `OVERRIDE → cw:/ecs/exec s3:bucket/prefix` with `+kms` when a key is set.
    pub fn audit_label(&self) -> String {
        let mut out = match self.logging {
            ExecLogging::None => "NONE".to_string(),
            ExecLogging::Default => "DEFAULT".to_string(),
            ExecLogging::Override => {
                let mut dest = Vec::new();
                if let Some(g) = &self.cloudwatch_log_group {
                    dest.push(format!("cw:{g}"));
                }
                if let Some(b) = &self.s3_bucket {
                    match self.s3_key_prefix.as_deref().filter(|p| !p.is_empty()) {
                        Some(p) => dest.push(format!("s3:{b}/{p}")),
                        None => dest.push(format!("s3:{b}")),
                    }
                }
                if dest.is_empty() { "OVERRIDE → nowhere".into() } else { format!("OVERRIDE → {}", dest.join(" ")) }
            }
        };
        if self.kms_key_id.is_some() {
            out.push_str(" +kms");
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_labels() {
        assert_eq!(ExecConfig::default().audit_label(), "DEFAULT");
        let c = ExecConfig {
            logging: ExecLogging::Override,
            kms_key_id: Some("arn:aws:kms:eu-west-1:1:key/k".into()),
            cloudwatch_log_group: Some("/ecs/exec-audit".into()),
            s3_bucket: Some("audit".into()),
            s3_key_prefix: Some("exec".into()),
            ..Default::default()
        };
        assert_eq!(c.audit_label(), "OVERRIDE → cw:/ecs/exec-audit s3:audit/exec +kms");
        let n = ExecConfig { logging: ExecLogging::None, ..Default::default() };
        assert_eq!(n.audit_label(), "NONE");
    }
}
