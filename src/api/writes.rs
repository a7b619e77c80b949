//! The write calls' requests and answers: plain data, serialized with the AWS CLI's parameter
//! names so the confirm dialog and the audit journal show exactly what is sent.
use crate::model::{Strategy, Time};
use serde::{Deserialize, Serialize};

/// UpdateService: only the fields that are `Some` are sent; the rest stay as they are.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UpdateService {
    pub cluster: String,
    pub service: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub desired_count: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub capacity_provider_strategy: Option<Strategy>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub force_new_deployment: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enable_execute_command: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_definition: Option<String>,
}

impl UpdateService {
    /// A request for `service` in `cluster` that changes nothing yet.
    pub fn new(cluster: impl Into<String>, service: impl Into<String>) -> Self {
        Self { cluster: cluster.into(), service: service.into(), ..Default::default() }
    }
}

/// StopServiceDeployment's `stopType`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum StopType {
    /// Stop the deployment and go back to the service revision that ran before it.
    Rollback,
    /// Stop the deployment where it is.
    Abort,
}

impl StopType {
    pub fn as_str(self) -> &'static str {
        match self {
            StopType::Rollback => "ROLLBACK",
            StopType::Abort => "ABORT",
        }
    }
}

/// A service deployment (DescribeServiceDeployments): one change of a service and how it went.
/// `status` is ECS's text (`PENDING`, `IN_PROGRESS`, `SUCCESSFUL`, `STOPPED`, `ROLLBACK_*`, …),
/// kept as a string so a value newer than this build is shown rather than lost.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceDeployment {
    #[serde(rename = "serviceDeploymentArn")]
    pub arn: String,
    pub service_arn: String,
    pub cluster_arn: String,
    pub status: String,
    pub status_reason: Option<String>,
    /// The service revision it deploys.
    #[serde(rename = "targetServiceRevisionArn")]
    pub target_revision: Option<String>,
    /// The revisions that ran before it (what a rollback returns to).
    #[serde(rename = "sourceServiceRevisionArns")]
    pub source_revisions: Vec<String>,
    #[serde(with = "crate::model::iso_time")]
    pub created_at: Option<Time>,
    #[serde(with = "crate::model::iso_time")]
    pub started_at: Option<Time>,
    #[serde(with = "crate::model::iso_time")]
    pub finished_at: Option<Time>,
    #[serde(with = "crate::model::iso_time")]
    pub stopped_at: Option<Time>,
    #[serde(default, with = "crate::model::iso_time", skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<Time>,
    /// How the circuit breaker judged it, when it watched.
    #[serde(rename = "deploymentCircuitBreaker", default, skip_serializing_if = "Option::is_none")]
    pub circuit_breaker: Option<DeploymentCircuitBreaker>,
    /// The CloudWatch alarms it watched, and those that fired.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<DeploymentAlarms>,
    /// Set when it was rolled back: to what and why.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rollback: Option<DeploymentRollback>,
}

/// `deploymentCircuitBreaker` of a service deployment. `status` is `TRIGGERED`,
/// `MONITORING`, `MONITORING_COMPLETE` or `DISABLED` (kept as text, like every status).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentCircuitBreaker {
    pub status: Option<String>,
    /// Tasks that failed to start or stay healthy, against the `threshold` that trips it.
    pub failure_count: i32,
    pub threshold: i32,
}

/// `alarms` of a service deployment: what was watched and what fired.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAlarms {
    pub status: Option<String>,
    #[serde(default)]
    pub alarm_names: Vec<String>,
    #[serde(default)]
    pub triggered_alarm_names: Vec<String>,
}

/// `rollback` of a service deployment.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRollback {
    pub reason: Option<String>,
    #[serde(default, with = "crate::model::iso_time")]
    pub started_at: Option<Time>,
    /// The service revision it rolled back to.
    pub service_revision_arn: Option<String>,
}

impl ServiceDeployment {
    /// Still changing the service: the deployments ListServiceDeployments is asked for before
    /// a rollback.
    pub fn is_ongoing(&self) -> bool {
        matches!(self.status.as_str(), "PENDING" | "IN_PROGRESS")
    }
}
