//! An ECS service, its deployments and events.
use super::{Strategy, Time, arn_name};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Service {
    pub arn: String,
    pub name: String,
    pub cluster_arn: String,
    pub status: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub launch_type: Option<String>,
    pub strategy: Strategy,
    /// Task definition ARN of the service (the primary deployment's).
    pub task_definition: String,
    /// `ECS`, `CODE_DEPLOY` or `EXTERNAL`.
    pub controller: String,
    pub scheduling: String,
    pub platform_version: Option<String>,
    pub enable_execute_command: bool,
    pub circuit_breaker: Option<CircuitBreaker>,
    pub created_at: Option<Time>,
    pub deployments: Vec<Deployment>,
    pub load_balancers: Vec<LoadBalancer>,
    pub service_registries: Vec<String>,
    /// Newest first, as ECS returns them.
    pub events: Vec<ServiceEvent>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Deployment {
    pub id: String,
    /// `PRIMARY`, `ACTIVE` or `INACTIVE`.
    pub status: String,
    pub task_definition: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub failed: i32,
    /// `IN_PROGRESS`, `COMPLETED` or `FAILED` (ECS controller only).
    pub rollout_state: Option<String>,
    pub rollout_reason: Option<String>,
    pub launch_type: Option<String>,
    pub strategy: Strategy,
    pub created_at: Option<Time>,
    pub updated_at: Option<Time>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoadBalancer {
    pub target_group_arn: Option<String>,
    pub container_name: Option<String>,
    pub container_port: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Option<Time>,
    pub message: String,
}

/// `family:revision` from a task definition ARN.
pub fn task_definition_short(arn: &str) -> &str {
    arn_name(arn)
}

impl Service {
    pub fn primary(&self) -> Option<&Deployment> {
        self.deployments.iter().find(|d| d.status == "PRIMARY")
    }

    pub fn task_definition_short(&self) -> &str {
        task_definition_short(&self.task_definition)
    }

    /// The strategy ECS places this service's tasks with: its own, else the cluster's default
    /// strategy, unless it names a launch type (a service has one or the other, and a launch
    /// type never falls back to the cluster's providers).
    pub fn effective_strategy<'a>(&'a self, cluster_default: &'a Strategy) -> &'a Strategy {
        if !self.strategy.is_empty() || self.launch_type.is_some() { &self.strategy } else { cluster_default }
    }

    /// Launch type, or the strategy in short form when the service uses capacity providers.
    pub fn placement_short(&self) -> String {
        if !self.strategy.is_empty() {
            self.strategy.short()
        } else {
            self.launch_type.clone().unwrap_or_else(|| "-".into())
        }
    }

    /// The primary deployment's rollout state in words: `ROLLING BACK` when the circuit breaker
    /// is undoing a failed deployment, `+N` when older deployments are still draining.
    pub fn rollout_label(&self) -> String {
        let Some(p) = self.primary() else { return "-".into() };
        let state = p.rollout_state.clone().unwrap_or_else(|| "-".into());
        if state == "IN_PROGRESS" && self.rolling_back() {
            return "ROLLING BACK".into();
        }
        let others = self.deployments.iter().filter(|d| d.status == "ACTIVE").count();
        if others > 0 && state == "IN_PROGRESS" { format!("{state} (+{others})") } else { state }
    }

    /// The newest events say the deployment circuit breaker is rolling back.
    pub fn rolling_back(&self) -> bool {
        self.events.iter().take(3).any(|e| e.message.contains("rolling back"))
    }

    /// When the newest deployment was created (or updated): "how long since anything changed".
    pub fn last_deployment_at(&self) -> Option<Time> {
        self.deployments.iter().filter_map(|d| d.updated_at.or(d.created_at)).max()
    }

    /// Running below desired: the single most important "something is wrong" signal.
    pub fn is_degraded(&self) -> bool {
        self.running < self.desired
    }

    /// The last rollout failed (and may be rolling back).
    pub fn rollout_failed(&self) -> bool {
        self.primary().is_some_and(|p| p.rollout_state.as_deref() == Some("FAILED")) || self.rolling_back()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyItem;

    #[test]
    fn placement_and_rollout() {
        let mut s = Service {
            launch_type: Some("FARGATE".into()),
            task_definition: "arn:aws:ecs:eu-west-1:1:task-definition/api:42".into(),
            deployments: vec![
                Deployment {
                    status: "PRIMARY".into(),
                    rollout_state: Some("IN_PROGRESS".into()),
                    ..Default::default()
                },
                Deployment { status: "ACTIVE".into(), rollout_state: Some("COMPLETED".into()), ..Default::default() },
            ],
            ..Default::default()
        };
        assert_eq!(s.placement_short(), "FARGATE");
        assert_eq!(s.task_definition_short(), "api:42");
        assert_eq!(s.rollout_label(), "IN_PROGRESS (+1)");
        s.strategy = Strategy(vec![StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 1 }]);
        assert_eq!(s.placement_short(), "FARGATE_SPOT 0/1");
        s.events.insert(
            0,
            ServiceEvent { message: "(service x) rolling back to deployment ecs-svc/1.".into(), ..Default::default() },
        );
        assert_eq!(s.rollout_label(), "ROLLING BACK");
        assert!(s.rollout_failed());
    }

    #[test]
    fn own_strategy_else_the_cluster_default_unless_a_launch_type() {
        let item = |p: &str| StrategyItem { provider: p.into(), base: 0, weight: 1 };
        let default = Strategy(vec![item("FARGATE")]);
        let own = Strategy(vec![item("FARGATE_SPOT")]);
        let with_own = Service { strategy: own.clone(), ..Default::default() };
        assert_eq!(with_own.effective_strategy(&default), &own);
        let bare = Service::default();
        assert_eq!(bare.effective_strategy(&default), &default);
        let launch_type = Service { launch_type: Some("EC2".into()), ..Default::default() };
        assert!(launch_type.effective_strategy(&default).is_empty());
        assert!(bare.effective_strategy(&Strategy::default()).is_empty());
    }
}
