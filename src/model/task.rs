//! An ECS task and its containers.
use super::{Time, arn_name, short_id};
use serde::{Deserialize, Serialize};

/// Serialized (describe, `dump --json`) with the field names of `aws ecs describe-tasks`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Task {
    #[serde(rename = "taskArn")]
    pub arn: String,
    pub cluster_arn: String,
    #[serde(rename = "taskDefinitionArn")]
    pub task_definition: String,
    /// `service:<name>` for service tasks, `family:<name>` for standalone ones.
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub last_status: String,
    pub desired_status: String,
    #[serde(rename = "healthStatus")]
    pub health: Option<String>,
    pub launch_type: Option<String>,
    #[serde(rename = "capacityProviderName")]
    pub capacity_provider: Option<String>,
    pub availability_zone: Option<String>,
    pub platform_version: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub enable_execute_command: bool,
    pub container_instance_arn: Option<String>,
    #[serde(with = "super::iso_time")]
    pub created_at: Option<Time>,
    #[serde(with = "super::iso_time")]
    pub started_at: Option<Time>,
    #[serde(with = "super::iso_time")]
    pub stopping_at: Option<Time>,
    #[serde(with = "super::iso_time")]
    pub stopped_at: Option<Time>,
    pub stopped_reason: Option<String>,
    pub stop_code: Option<String>,
    pub containers: Vec<Container>,
    /// The private IPv4 address of its elastic network interface (awsvpc tasks): the id a load
    /// balancer's `ip` target group registers.
    #[serde(rename = "privateIPv4Address", default, skip_serializing_if = "Option::is_none")]
    pub private_ip: Option<String>,
}

impl Task {
    pub fn id(&self) -> &str {
        arn_name(&self.arn)
    }

    pub fn short_id(&self) -> &str {
        short_id(&self.arn)
    }

    /// The service this task belongs to, from its `group`.
    pub fn service_name(&self) -> Option<&str> {
        self.group.as_deref().and_then(|g| g.strip_prefix("service:"))
    }

    pub fn cluster_name(&self) -> &str {
        arn_name(&self.cluster_arn)
    }
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Container {
    pub name: String,
    #[serde(rename = "containerArn")]
    pub arn: Option<String>,
    pub image: Option<String>,
    pub last_status: Option<String>,
    pub exit_code: Option<i32>,
    pub reason: Option<String>,
    #[serde(rename = "healthStatus")]
    pub health: Option<String>,
    /// Docker id of the container: the last part of the SSM target for ECS Exec.
    pub runtime_id: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub managed_agents: Vec<ManagedAgent>,
    /// Its ports on the host (bridge and host network modes): what an `instance` target group
    /// registers with the EC2 instance.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub network_bindings: Vec<NetworkBinding>,
}

/// A container port bound on the host.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NetworkBinding {
    pub container_port: Option<i32>,
    pub host_port: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ManagedAgent {
    pub name: String,
    pub last_status: Option<String>,
    pub reason: Option<String>,
}

impl Container {
    /// Status of the ECS Exec agent (`ExecuteCommandAgent`), if the container has one.
    pub fn exec_agent_status(&self) -> Option<&str> {
        self.managed_agents
            .iter()
            .find(|a| a.name == "ExecuteCommandAgent")
            .map(|a| a.last_status.as_deref().unwrap_or("UNKNOWN"))
    }
}

/// Which tasks ListTasks should return.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TaskStatusFilter {
    /// Desired status RUNNING (includes PENDING and still-starting tasks).
    #[default]
    Running,
    /// Desired status STOPPED (ECS keeps them for about an hour).
    Stopped,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TaskFilter {
    /// Service name; `None` lists the whole cluster.
    pub service: Option<String>,
    pub status: TaskStatusFilter,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_and_groups() {
        let t = Task {
            arn: "arn:aws:ecs:eu-west-1:1:task/prod/0f13abcd1234".into(),
            cluster_arn: "arn:aws:ecs:eu-west-1:1:cluster/prod".into(),
            group: Some("service:api".into()),
            ..Default::default()
        };
        assert_eq!(t.id(), "0f13abcd1234");
        assert_eq!(t.short_id(), "0f13abcd");
        assert_eq!(t.service_name(), Some("api"));
        assert_eq!(t.cluster_name(), "prod");
        let c = Container {
            managed_agents: vec![ManagedAgent {
                name: "ExecuteCommandAgent".into(),
                last_status: Some("RUNNING".into()),
                reason: None,
            }],
            ..Default::default()
        };
        assert_eq!(c.exec_agent_status(), Some("RUNNING"));
    }
}
