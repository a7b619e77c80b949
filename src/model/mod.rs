//! Our own domain types. Views, the simulator and the dump speak these; SDK types are converted
//! into them in `aws::convert` and nowhere else.
mod cluster;
mod format;
mod service;
mod strategy;
mod task;

pub use cluster::{Cluster, ExecConfig, ExecLogging};
pub use format::{age, arn_name, short_id};
pub use service::{CircuitBreaker, Deployment, LoadBalancer, ROLLBACK_SHOWN, Rollout, Service, ServiceEvent};
pub use strategy::{Strategy, StrategyError, StrategyItem};
pub use task::{Container, ManagedAgent, Task, TaskFilter, TaskStatusFilter};

/// Timestamps are UTC throughout; `now` is always passed in so conversions and ages are testable.
pub type Time = chrono::DateTime<chrono::Utc>;

/// A partial failure reported by a Describe* call (`failures[]`): shown to the user, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    pub arn: String,
    pub reason: String,
    pub detail: Option<String>,
}
