//! Capacity providers (DescribeCapacityProviders): the AWS-managed Fargate ones and Auto
//! Scaling group providers with how ECS manages their group.
use serde::{Deserialize, Serialize};

/// The providers AWS manages for Fargate: they have no Auto Scaling group, and
/// DescribeCapacityProviders need not (and on some endpoints cannot) be asked about them.
pub const AWS_MANAGED_PROVIDERS: [&str; 2] = ["FARGATE", "FARGATE_SPOT"];

/// Serialized with the field names of `aws ecs describe-capacity-providers`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CapacityProvider {
    pub name: String,
    /// `None` for the AWS-managed Fargate providers, which are never described.
    #[serde(rename = "capacityProviderArn", default, skip_serializing_if = "Option::is_none")]
    pub arn: Option<String>,
    /// `ACTIVE` or `INACTIVE`.
    pub status: String,
    /// `CREATE_COMPLETE`, `UPDATE_IN_PROGRESS`, `UPDATE_FAILED`, `DELETE_*`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub update_status_reason: Option<String>,
    #[serde(rename = "autoScalingGroupProvider", default, skip_serializing_if = "Option::is_none")]
    pub auto_scaling_group: Option<AsgProvider>,
}

/// An Auto Scaling group provider: the group and how ECS manages it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AsgProvider {
    #[serde(rename = "autoScalingGroupArn")]
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_scaling: Option<ManagedScaling>,
    /// `ENABLED` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_termination_protection: Option<String>,
    /// `ENABLED` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub managed_draining: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedScaling {
    /// `ENABLED` or `DISABLED`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Percent of the group's capacity ECS aims to use (100: no spare instances).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_capacity: Option<i32>,
    #[serde(rename = "minimumScalingStepSize", default, skip_serializing_if = "Option::is_none")]
    pub min_step: Option<i32>,
    #[serde(rename = "maximumScalingStepSize", default, skip_serializing_if = "Option::is_none")]
    pub max_step: Option<i32>,
    /// Seconds.
    #[serde(rename = "instanceWarmupPeriod", default, skip_serializing_if = "Option::is_none")]
    pub instance_warmup: Option<i32>,
}

impl CapacityProvider {
    /// FARGATE or FARGATE_SPOT as AWS provides them: active, no group.
    pub fn aws_managed(name: &str) -> Self {
        Self { name: name.to_string(), status: "ACTIVE".into(), ..Default::default() }
    }

    pub fn is_aws_managed(name: &str) -> bool {
        AWS_MANAGED_PROVIDERS.contains(&name)
    }
}

impl AsgProvider {
    /// The group's name, from `…:autoScalingGroup:<uuid>:autoScalingGroupName/<name>`.
    pub fn name(&self) -> &str {
        self.arn.rsplit_once("autoScalingGroupName/").map_or(self.arn.as_str(), |(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_names_and_managed_providers() {
        let asg = AsgProvider {
            arn: "arn:aws:autoscaling:eu-west-1:1:autoScalingGroup:0b7e:autoScalingGroupName/batch-spot-asg".into(),
            ..Default::default()
        };
        assert_eq!(asg.name(), "batch-spot-asg");
        assert_eq!(AsgProvider { arn: "odd".into(), ..Default::default() }.name(), "odd");
        assert!(CapacityProvider::is_aws_managed("FARGATE_SPOT") && !CapacityProvider::is_aws_managed("batch-spot"));
        let f = CapacityProvider::aws_managed("FARGATE");
        assert_eq!((f.status.as_str(), f.auto_scaling_group, f.arn), ("ACTIVE", None, None));
    }
}
