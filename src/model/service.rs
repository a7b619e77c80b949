//! An ECS service, its deployments and events.
use super::{Strategy, Time, age, arn_name};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Serialized (describe, `dump --json`) with the field names of `aws ecs describe-services`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Service {
    #[serde(rename = "serviceArn")]
    pub arn: String,
    #[serde(rename = "serviceName")]
    pub name: String,
    pub cluster_arn: String,
    pub status: String,
    #[serde(rename = "desiredCount")]
    pub desired: i32,
    #[serde(rename = "runningCount")]
    pub running: i32,
    #[serde(rename = "pendingCount")]
    pub pending: i32,
    pub launch_type: Option<String>,
    #[serde(rename = "capacityProviderStrategy")]
    pub strategy: Strategy,
    /// Task definition ARN of the service (the primary deployment's).
    pub task_definition: String,
    /// `ECS`, `CODE_DEPLOY` or `EXTERNAL` (AWS: `deploymentController.type`).
    #[serde(rename = "deploymentController")]
    pub controller: String,
    #[serde(rename = "schedulingStrategy")]
    pub scheduling: String,
    pub platform_version: Option<String>,
    pub enable_execute_command: bool,
    /// AWS: `deploymentConfiguration.deploymentCircuitBreaker`.
    #[serde(rename = "deploymentCircuitBreaker")]
    pub circuit_breaker: Option<CircuitBreaker>,
    /// AWS: `deploymentConfiguration.minimumHealthyPercent` / `maximumPercent`.
    #[serde(rename = "minimumHealthyPercent", default, skip_serializing_if = "Option::is_none")]
    pub min_healthy_percent: Option<i32>,
    #[serde(rename = "maximumPercent", default, skip_serializing_if = "Option::is_none")]
    pub max_percent: Option<i32>,
    /// AWS: `deploymentConfiguration.alarms`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub alarms: Option<DeploymentAlarms>,
    /// AWS: `networkConfiguration.awsvpcConfiguration` (awsvpc network mode only).
    #[serde(rename = "awsvpcConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub network: Option<AwsVpc>,
    /// AWS: the primary deployment's `serviceConnectConfiguration` (ECS keeps it per deployment).
    #[serde(rename = "serviceConnectConfiguration", default, skip_serializing_if = "Option::is_none")]
    pub service_connect: Option<ServiceConnect>,
    #[serde(with = "super::iso_time")]
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
#[serde(rename_all = "camelCase")]
pub struct Deployment {
    pub id: String,
    /// `PRIMARY`, `ACTIVE` or `INACTIVE`.
    pub status: String,
    pub task_definition: String,
    #[serde(rename = "desiredCount")]
    pub desired: i32,
    #[serde(rename = "runningCount")]
    pub running: i32,
    #[serde(rename = "pendingCount")]
    pub pending: i32,
    #[serde(rename = "failedTasks")]
    pub failed: i32,
    /// `IN_PROGRESS`, `COMPLETED` or `FAILED` (ECS controller only).
    pub rollout_state: Option<String>,
    #[serde(rename = "rolloutStateReason")]
    pub rollout_reason: Option<String>,
    pub launch_type: Option<String>,
    #[serde(rename = "capacityProviderStrategy")]
    pub strategy: Strategy,
    #[serde(with = "super::iso_time")]
    pub created_at: Option<Time>,
    #[serde(with = "super::iso_time")]
    pub updated_at: Option<Time>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CircuitBreaker {
    pub enable: bool,
    pub rollback: bool,
}

/// CloudWatch alarms that fail a deployment (and roll it back, when `rollback`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentAlarms {
    pub alarm_names: Vec<String>,
    pub enable: bool,
    pub rollback: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsVpc {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// `ENABLED` or `DISABLED`.
    pub assign_public_ip: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceConnect {
    pub enabled: bool,
    pub namespace: Option<String>,
    pub services: Vec<ServiceConnectService>,
}

/// One port a service offers through Service Connect, with the names clients call it by.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceConnectService {
    pub port_name: String,
    pub discovery_name: Option<String>,
    pub client_aliases: Vec<ClientAlias>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClientAlias {
    pub port: i32,
    pub dns_name: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LoadBalancer {
    pub target_group_arn: Option<String>,
    pub container_name: Option<String>,
    pub container_port: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceEvent {
    pub id: String,
    #[serde(with = "super::iso_time")]
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

    /// Where the primary deployment's rollout stands, from the deployments themselves (their
    /// rollout states and the circuit breaker's configuration), not from event texts.
    pub fn rollout(&self, now: Time) -> Rollout {
        let Some(p) = self.primary() else { return Rollout::Unknown };
        let failed =
            self.deployments.iter().find(|d| d.status != "PRIMARY" && d.rollout_state.as_deref() == Some("FAILED"));
        match p.rollout_state.as_deref() {
            Some("IN_PROGRESS") if failed.is_some() && self.rolls_back() => {
                Rollout::RollingBack { since: p.created_at.or_else(|| failed.and_then(|f| f.updated_at)) }
            }
            Some("IN_PROGRESS") => {
                Rollout::InProgress { draining: self.deployments.iter().filter(|d| d.status == "ACTIVE").count() }
            }
            Some("COMPLETED") => match (self.rollback_started(p, failed.is_some()), p.updated_at.or(p.created_at)) {
                (Some(started), Some(done)) if now - done <= ROLLBACK_SHOWN => Rollout::RolledBack { at: started },
                _ => Rollout::Completed,
            },
            Some("FAILED") => Rollout::Failed,
            Some(other) => Rollout::Other(other.to_string()),
            None => Rollout::Unknown,
        }
    }

    /// The circuit breaker rolls failed deployments back (unknown configuration counts as yes:
    /// without rollback a failed deployment stays PRIMARY, so a FAILED older one means rollback).
    fn rolls_back(&self) -> bool {
        self.circuit_breaker.is_none_or(|b| b.rollback)
    }

    /// When the primary deployment began as a rollback, if it did: a failed deployment is still
    /// listed, or ECS logged "rolling back" when the primary was created (ECS drops the failed
    /// deployment once the rollback completes; its event stays).
    fn rollback_started(&self, p: &Deployment, failed_listed: bool) -> Option<Time> {
        let created = p.created_at?;
        if failed_listed && self.rolls_back() {
            return Some(created);
        }
        let slack = chrono::Duration::seconds(60);
        self.events
            .iter()
            .filter(|e| e.message.contains("rolling back to deployment"))
            .filter_map(|e| e.created_at)
            .any(|at| at >= created - slack && at <= created + slack)
            .then_some(created)
    }

    /// The primary deployment's rollout state in words: `ROLLING BACK` while the circuit
    /// breaker undoes a failed deployment, `ROLLED BACK 3m` for half an hour after, `+N` when
    /// older deployments are still draining.
    pub fn rollout_label(&self, now: Time) -> String {
        match self.rollout(now) {
            Rollout::Unknown => "-".into(),
            Rollout::InProgress { draining: 0 } => "IN_PROGRESS".into(),
            Rollout::InProgress { draining } => format!("IN_PROGRESS (+{draining})"),
            Rollout::Completed => "COMPLETED".into(),
            Rollout::Failed => "FAILED".into(),
            Rollout::RollingBack { .. } => "ROLLING BACK".into(),
            Rollout::RolledBack { at } => format!("ROLLED BACK {}", age(at, now)),
            Rollout::Other(s) => s,
        }
    }

    /// When the newest deployment was created (or updated): "how long since anything changed".
    pub fn last_deployment_at(&self) -> Option<Time> {
        self.deployments.iter().filter_map(|d| d.updated_at.or(d.created_at)).max()
    }

    /// When what runs now was deployed: the primary deployment's start. Its completion (or a
    /// rollback's) is not a new deploy, so it does not reset this.
    pub fn deployed_at(&self) -> Option<Time> {
        self.primary().and_then(|p| p.created_at).or_else(|| self.last_deployment_at())
    }

    /// Running below desired: the single most important "something is wrong" signal.
    pub fn is_degraded(&self) -> bool {
        self.running < self.desired
    }

    /// The last rollout failed, or its rollback is still running.
    pub fn rollout_failed(&self) -> bool {
        let Some(p) = self.primary() else { return false };
        match p.rollout_state.as_deref() {
            Some("FAILED") => true,
            Some("IN_PROGRESS") => {
                self.rolls_back()
                    && self
                        .deployments
                        .iter()
                        .any(|d| d.status != "PRIMARY" && d.rollout_state.as_deref() == Some("FAILED"))
            }
            _ => false,
        }
    }
}

/// How long a completed rollback stays visible in the ROLLOUT column.
pub const ROLLBACK_SHOWN: chrono::Duration = chrono::Duration::minutes(30);

/// Where a service's rollout stands (see [`Service::rollout`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rollout {
    /// No primary deployment, or a controller without rollout states (CODE_DEPLOY, EXTERNAL).
    Unknown,
    /// `draining`: older deployments still running tasks.
    InProgress {
        draining: usize,
    },
    Completed,
    Failed,
    /// The circuit breaker failed a deployment and is deploying the last good one again.
    RollingBack {
        since: Option<Time>,
    },
    /// A rollback that began at `at` completed less than [`ROLLBACK_SHOWN`] ago.
    RolledBack {
        at: Time,
    },
    /// A state this version does not know.
    Other(String),
}
#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
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
        assert_eq!(s.rollout_label(fixtures::now()), "IN_PROGRESS (+1)");
        s.strategy = Strategy(vec![StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 1 }]);
        assert_eq!(s.placement_short(), "FARGATE_SPOT w1");
        // An event text alone does not make a rollback.
        s.events.insert(
            0,
            ServiceEvent { message: "(service x) rolling back to deployment ecs-svc/1.".into(), ..Default::default() },
        );
        assert_eq!(s.rollout_label(crate::fixtures::now()), "IN_PROGRESS (+1)");
        assert!(!s.rollout_failed());
    }

    fn labels(now: Time) -> Vec<(String, String, bool)> {
        fixtures::rollback_services(now)
            .iter()
            .map(|s| (s.name.clone(), s.rollout_label(now), s.rollout_failed()))
            .collect()
    }

    #[test]
    fn a_rollback_is_told_by_its_deployments_and_stays_visible_for_a_while() {
        let now = fixtures::now();
        let got = labels(now);
        let want = [
            ("rolling", "ROLLING BACK", true),
            ("rolling-quiet", "ROLLING BACK", true),
            ("rolled", "ROLLED BACK 3m", false),
            ("rolled-long-ago", "COMPLETED", false),
            ("redeployed", "IN_PROGRESS (+1)", false),
            ("healthy", "COMPLETED", false),
        ];
        let want: Vec<(String, String, bool)> =
            want.iter().map(|(n, l, f)| (n.to_string(), l.to_string(), *f)).collect();
        assert_eq!(got, want);
        // The rollback's completion is not a fresh deploy.
        let rolled = &fixtures::rollback_services(now)[2];
        assert_eq!(rolled.deployed_at(), Some(now - chrono::Duration::minutes(3)));
        // Half an hour after it completed, the rollback is history.
        assert_eq!(rolled.rollout_label(now + ROLLBACK_SHOWN), "COMPLETED");
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
