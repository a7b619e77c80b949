//! An EC2 container instance (DescribeContainerInstances), as an Auto Scaling group provider
//! or a hand-run instance registers it in a cluster.
use super::Time;
use serde::{Deserialize, Serialize};

/// An EC2 instance registered in a cluster. Serialized with the field names of
/// `aws ecs describe-container-instances` (its attributes and resources flattened).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerInstance {
    #[serde(rename = "containerInstanceArn")]
    pub arn: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ec2_instance_id: Option<String>,
    /// `ACTIVE`, `DRAINING`, `INACTIVE`, `REGISTERING`, `DEREGISTERING`, …
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_reason: Option<String>,
    pub agent_connected: bool,
    /// AWS: `versionInfo.agentVersion`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agent_version: Option<String>,
    /// AWS: the attribute `ecs.instance-type`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instance_type: Option<String>,
    /// AWS: the attribute `ecs.availability-zone`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub availability_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_name: Option<String>,
    #[serde(rename = "runningTasksCount")]
    pub running_tasks: i32,
    #[serde(rename = "pendingTasksCount")]
    pub pending_tasks: i32,
    /// CPU units and memory (MiB) the agent registered, and what tasks leave of them.
    pub registered_cpu: Option<i32>,
    pub registered_memory: Option<i32>,
    pub remaining_cpu: Option<i32>,
    pub remaining_memory: Option<i32>,
    #[serde(default, with = "super::iso_time")]
    pub registered_at: Option<Time>,
}

impl ContainerInstance {
    /// Wants a look: the agent is not connected (ECS cannot place or stop tasks there) or the
    /// instance is draining (its tasks are being moved off).
    pub fn needs_attention(&self) -> bool {
        !self.agent_connected || self.status == "DRAINING"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attention_for_a_lost_agent_or_draining() {
        let ok = ContainerInstance { status: "ACTIVE".into(), agent_connected: true, ..Default::default() };
        assert!(!ok.needs_attention());
        assert!(ContainerInstance { agent_connected: false, ..ok.clone() }.needs_attention());
        assert!(ContainerInstance { status: "DRAINING".into(), ..ok }.needs_attention());
    }
}
