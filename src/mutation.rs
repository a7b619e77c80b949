//! Changes bosun can make in AWS, as data. Each [`Mutation`] is one AWS call with its exact
//! parameters: the guard (`update::guard`) decides whether it may be proposed, the confirm
//! dialog prints it as the AWS CLI would, the runtime sends it and the audit journal records it.
//! Nothing else in the code calls a write method of `api::EcsApi`.
use crate::api::{StopType, UpdateService};
use crate::model::{Cluster, Service, Strategy, Task, arn_name};
use serde::Serialize;
use serde_json::{Value, json};

/// One change in AWS. Clusters, services and tasks are named by ARN (what the rows hold);
/// the call sends names, which ECS accepts and which read better in the confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Mutation {
    /// UpdateService `forceNewDeployment`: replace every task with the same definition.
    ForceDeploy { cluster: String, service: String },
    /// UpdateService `desiredCount`.
    Scale { cluster: String, service: String, desired: i32 },
    /// StopTask with an optional reason ECS records as `stoppedReason`.
    StopTask { cluster: String, task: String, reason: Option<String> },
    /// UpdateService `capacityProviderStrategy`; `force` when ECS needs a new deployment for it
    /// (a service leaving a launch type must force one).
    ServiceStrategy { cluster: String, service: String, strategy: Strategy, force: bool },
    /// PutClusterCapacityProviders: the cluster's whole provider list and its default strategy.
    ClusterStrategy { cluster: String, providers: Vec<String>, strategy: Strategy },
    /// StopServiceDeployment ROLLBACK of an ongoing service deployment.
    Rollback { cluster: String, service: String, deployment: String },
    /// UpdateService `taskDefinition`: deploy another revision (the rollback offered when no
    /// service deployment is in progress).
    DeployRevision { cluster: String, service: String, task_definition: String },
    /// UpdateService `enableExecuteCommand` + `forceNewDeployment`.
    EnableExec { cluster: String, service: String },
}

/// A read-only refusal of `what` (e.g. "scale api was not sent"), naming the IAM action.
pub fn read_only_words(what: &str, iam_action: &str) -> String {
    format!(
        "read-only: {what} ({iam_action}). Start bosun without --read-only and with read_only = false in settings.toml to make changes"
    )
}

/// The kinds of [`Mutation`], for tests that must cover every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    ForceDeploy,
    Scale,
    StopTask,
    ServiceStrategy,
    ClusterStrategy,
    Rollback,
    DeployRevision,
    EnableExec,
}

impl Kind {
    pub const ALL: &'static [Kind] = &[
        Kind::ForceDeploy,
        Kind::Scale,
        Kind::StopTask,
        Kind::ServiceStrategy,
        Kind::ClusterStrategy,
        Kind::Rollback,
        Kind::DeployRevision,
        Kind::EnableExec,
    ];
}

/// The AWS call a mutation makes, with what the API layer needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Call {
    UpdateService(UpdateService),
    PutClusterCapacityProviders { cluster: String, providers: Vec<String>, strategy: Strategy },
    StopTask { cluster: String, task: String, reason: Option<String> },
    StopServiceDeployment { arn: String, stop_type: StopType },
}

/// What a protected target asks the user to type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Protection {
    /// `service` or `cluster`.
    pub what: &'static str,
    pub name: String,
}

impl Mutation {
    pub fn kind(&self) -> Kind {
        match self {
            Mutation::ForceDeploy { .. } => Kind::ForceDeploy,
            Mutation::Scale { .. } => Kind::Scale,
            Mutation::StopTask { .. } => Kind::StopTask,
            Mutation::ServiceStrategy { .. } => Kind::ServiceStrategy,
            Mutation::ClusterStrategy { .. } => Kind::ClusterStrategy,
            Mutation::Rollback { .. } => Kind::Rollback,
            Mutation::DeployRevision { .. } => Kind::DeployRevision,
            Mutation::EnableExec { .. } => Kind::EnableExec,
        }
    }

    /// One of each kind, for tests that must cover every mutation.
    pub fn example(kind: Kind) -> Mutation {
        let cluster = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".to_string();
        let service = "arn:aws:ecs:eu-west-1:123456789012:service/prod/api".to_string();
        let strategy = Strategy(vec![crate::model::StrategyItem { provider: "FARGATE".into(), base: 0, weight: 1 }]);
        match kind {
            Kind::ForceDeploy => Mutation::ForceDeploy { cluster, service },
            Kind::Scale => Mutation::Scale { cluster, service, desired: 3 },
            Kind::StopTask => Mutation::StopTask {
                cluster,
                task: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123456789abcdef0123456789abcdef".into(),
                reason: Some("stuck".into()),
            },
            Kind::ServiceStrategy => Mutation::ServiceStrategy { cluster, service, strategy, force: true },
            Kind::ClusterStrategy => Mutation::ClusterStrategy {
                cluster,
                providers: vec!["FARGATE".into(), "FARGATE_SPOT".into()],
                strategy,
            },
            Kind::Rollback => Mutation::Rollback {
                cluster,
                service,
                deployment: "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/abc".into(),
            },
            Kind::DeployRevision => {
                Mutation::DeployRevision { cluster, service, task_definition: "prod-api:41".into() }
            }
            Kind::EnableExec => Mutation::EnableExec { cluster, service },
        }
    }

    pub fn cluster(&self) -> &str {
        match self {
            Mutation::ForceDeploy { cluster, .. }
            | Mutation::Scale { cluster, .. }
            | Mutation::StopTask { cluster, .. }
            | Mutation::ServiceStrategy { cluster, .. }
            | Mutation::ClusterStrategy { cluster, .. }
            | Mutation::Rollback { cluster, .. }
            | Mutation::DeployRevision { cluster, .. }
            | Mutation::EnableExec { cluster, .. } => cluster,
        }
    }

    /// The service changed (by ARN as given), if a service is.
    pub fn service(&self) -> Option<&str> {
        match self {
            Mutation::ForceDeploy { service, .. }
            | Mutation::Scale { service, .. }
            | Mutation::ServiceStrategy { service, .. }
            | Mutation::Rollback { service, .. }
            | Mutation::DeployRevision { service, .. }
            | Mutation::EnableExec { service, .. } => Some(service),
            Mutation::StopTask { .. } | Mutation::ClusterStrategy { .. } => None,
        }
    }

    /// The ARN of what changes (as given: the rows hold ARNs).
    pub fn target(&self) -> &str {
        match self {
            Mutation::StopTask { task, .. } => task,
            Mutation::ClusterStrategy { cluster, .. } => cluster,
            other => other.service().unwrap_or(other.cluster()),
        }
    }

    /// A short line for the confirm title, flashes and the journal view.
    pub fn title(&self) -> String {
        let svc = || arn_name(self.service().unwrap_or_default()).to_string();
        match self {
            Mutation::ForceDeploy { .. } => format!("force a new deployment of {}", svc()),
            Mutation::Scale { desired, .. } => format!("scale {} to {desired}", svc()),
            Mutation::StopTask { task, .. } => format!("stop task {}", crate::model::short_id(task)),
            Mutation::ServiceStrategy { strategy, .. } => {
                format!("set the capacity-provider strategy of {} to {}", svc(), strategy.short())
            }
            Mutation::ClusterStrategy { cluster, strategy, .. } => {
                format!("set the default strategy of cluster {} to {}", arn_name(cluster), strategy.short())
            }
            Mutation::Rollback { .. } => format!("roll back the ongoing deployment of {}", svc()),
            Mutation::DeployRevision { task_definition, .. } => {
                format!("deploy {} on {}", arn_name(task_definition), svc())
            }
            Mutation::EnableExec { .. } => format!("enable ECS Exec on {} (and redeploy)", svc()),
        }
    }

    /// The words of a read-only refusal (the guard and the runtime both say them).
    pub fn read_only_refusal(&self) -> String {
        read_only_words(&format!("{} was not sent", self.title()), self.iam_action())
    }

    /// The IAM action the call needs (named in the journal and in refusals).
    pub fn iam_action(&self) -> &'static str {
        match self.call() {
            Call::UpdateService(_) => "ecs:UpdateService",
            Call::PutClusterCapacityProviders { .. } => "ecs:PutClusterCapacityProviders",
            Call::StopTask { .. } => "ecs:StopTask",
            Call::StopServiceDeployment { .. } => "ecs:StopServiceDeployment",
        }
    }

    /// What a protected target asks to type: the service's name, or the cluster's when the
    /// change is the cluster's own (or a task's, which has no name to type).
    pub fn protection(&self) -> Protection {
        match self.service() {
            Some(s) => Protection { what: "service", name: arn_name(s).to_string() },
            None => Protection { what: "cluster", name: arn_name(self.cluster()).to_string() },
        }
    }

    /// The one call this mutation makes.
    pub fn call(&self) -> Call {
        let update = |cluster: &str, service: &str| UpdateService::new(arn_name(cluster), arn_name(service));
        match self {
            Mutation::ForceDeploy { cluster, service } => {
                Call::UpdateService(UpdateService { force_new_deployment: Some(true), ..update(cluster, service) })
            }
            Mutation::Scale { cluster, service, desired } => {
                Call::UpdateService(UpdateService { desired_count: Some(*desired), ..update(cluster, service) })
            }
            Mutation::StopTask { cluster, task, reason } => Call::StopTask {
                cluster: arn_name(cluster).to_string(),
                task: arn_name(task).to_string(),
                reason: reason.clone(),
            },
            Mutation::ServiceStrategy { cluster, service, strategy, force } => Call::UpdateService(UpdateService {
                capacity_provider_strategy: Some(strategy.clone()),
                force_new_deployment: force.then_some(true),
                ..update(cluster, service)
            }),
            Mutation::ClusterStrategy { cluster, providers, strategy } => Call::PutClusterCapacityProviders {
                cluster: arn_name(cluster).to_string(),
                providers: providers.clone(),
                strategy: strategy.clone(),
            },
            Mutation::Rollback { deployment, .. } => {
                Call::StopServiceDeployment { arn: deployment.clone(), stop_type: StopType::Rollback }
            }
            Mutation::DeployRevision { cluster, service, task_definition } => Call::UpdateService(UpdateService {
                task_definition: Some(task_definition.clone()),
                ..update(cluster, service)
            }),
            Mutation::EnableExec { cluster, service } => Call::UpdateService(UpdateService {
                enable_execute_command: Some(true),
                force_new_deployment: Some(true),
                ..update(cluster, service)
            }),
        }
    }
}

impl Call {
    /// The call as the AWS CLI would be typed, one argument group per line (joined with
    /// ` \` continuations by whoever prints it), values shell-quoted.
    pub fn cli(&self) -> Vec<String> {
        let q = |s: &str| shell_words::quote(s).into_owned();
        let strategy = |s: &Strategy| {
            s.0.iter()
                .map(|i| format!("capacityProvider={},base={},weight={}", q(&i.provider), i.base, i.weight))
                .collect::<Vec<_>>()
                .join(" ")
        };
        match self {
            Call::UpdateService(u) => {
                let mut lines = vec![
                    "aws ecs update-service".to_string(),
                    format!("--cluster {}", q(&u.cluster)),
                    format!("--service {}", q(&u.service)),
                ];
                if let Some(n) = u.desired_count {
                    lines.push(format!("--desired-count {n}"));
                }
                if let Some(td) = &u.task_definition {
                    lines.push(format!("--task-definition {}", q(td)));
                }
                if let Some(s) = &u.capacity_provider_strategy {
                    lines.push(format!("--capacity-provider-strategy {}", strategy(s)));
                }
                match u.enable_execute_command {
                    Some(true) => lines.push("--enable-execute-command".into()),
                    Some(false) => lines.push("--disable-execute-command".into()),
                    None => {}
                }
                if u.force_new_deployment == Some(true) {
                    lines.push("--force-new-deployment".into());
                }
                lines
            }
            Call::PutClusterCapacityProviders { cluster, providers, strategy: s } => vec![
                "aws ecs put-cluster-capacity-providers".to_string(),
                format!("--cluster {}", q(cluster)),
                format!("--capacity-providers {}", providers.iter().map(|p| q(p)).collect::<Vec<_>>().join(" ")),
                format!("--default-capacity-provider-strategy {}", strategy(s)),
            ],
            Call::StopTask { cluster, task, reason } => {
                let mut lines = vec![
                    "aws ecs stop-task".to_string(),
                    format!("--cluster {}", q(cluster)),
                    format!("--task {}", q(task)),
                ];
                if let Some(r) = reason {
                    lines.push(format!("--reason {}", q(r)));
                }
                lines
            }
            Call::StopServiceDeployment { arn, stop_type } => vec![
                "aws ecs stop-service-deployment".to_string(),
                format!("--service-deployment-arn {}", q(arn)),
                format!("--stop-type {}", stop_type.as_str()),
            ],
        }
    }

    /// The request's parameters with the CLI's names, for the journal.
    pub fn params(&self) -> Value {
        match self {
            Call::UpdateService(u) => serde_json::to_value(u).unwrap_or_default(),
            Call::PutClusterCapacityProviders { cluster, providers, strategy } => json!({
                "cluster": cluster,
                "capacityProviders": providers,
                "defaultCapacityProviderStrategy": strategy,
            }),
            Call::StopTask { cluster, task, reason } => json!({"cluster": cluster, "task": task, "reason": reason}),
            Call::StopServiceDeployment { arn, stop_type } => {
                json!({"serviceDeploymentArn": arn, "stopType": stop_type.as_str()})
            }
        }
    }
}

/// The fields of a service a change can touch: what "before" and "after" record.
pub fn service_state(s: &Service) -> Value {
    json!({
        "serviceArn": s.arn,
        "desiredCount": s.desired,
        "runningCount": s.running,
        "taskDefinition": s.task_definition,
        "launchType": s.launch_type,
        "capacityProviderStrategy": s.strategy,
        "enableExecuteCommand": s.enable_execute_command,
        "deployments": s.deployments.iter().map(|d| json!({
            "status": d.status, "taskDefinition": d.task_definition, "rolloutState": d.rollout_state,
        })).collect::<Vec<_>>(),
    })
}

pub fn cluster_state(c: &Cluster) -> Value {
    json!({
        "clusterArn": c.arn,
        "capacityProviders": c.capacity_providers,
        "defaultCapacityProviderStrategy": c.default_strategy,
    })
}

pub fn task_state(t: &Task) -> Value {
    json!({
        "taskArn": t.arn,
        "taskDefinitionArn": t.task_definition,
        "group": t.group,
        "lastStatus": t.last_status,
        "desiredStatus": t.desired_status,
        "capacityProviderName": t.capacity_provider,
        "stoppedReason": t.stopped_reason,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyItem;

    #[test]
    fn every_kind_has_an_example_of_that_kind() {
        for k in Kind::ALL {
            assert_eq!(Mutation::example(*k).kind(), *k);
        }
    }

    #[test]
    fn calls_print_as_the_cli_would() {
        let m = Mutation::ServiceStrategy {
            cluster: "arn:aws:ecs:eu-west-1:1:cluster/prod".into(),
            service: "arn:aws:ecs:eu-west-1:1:service/prod/api".into(),
            strategy: Strategy(vec![
                StrategyItem { provider: "FARGATE".into(), base: 1, weight: 1 },
                StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 4 },
            ]),
            force: true,
        };
        assert_eq!(
            m.call().cli(),
            vec![
                "aws ecs update-service",
                "--cluster prod",
                "--service api",
                "--capacity-provider-strategy capacityProvider=FARGATE,base=1,weight=1 capacityProvider=FARGATE_SPOT,base=0,weight=4",
                "--force-new-deployment",
            ]
        );
        assert_eq!(m.iam_action(), "ecs:UpdateService");
        assert_eq!(m.protection(), Protection { what: "service", name: "api".into() });
        let stop = Mutation::StopTask {
            cluster: "prod".into(),
            task: "arn:aws:ecs:eu-west-1:1:task/prod/abc123".into(),
            reason: Some("it's stuck; restart".into()),
        };
        assert_eq!(stop.call().cli()[3], "--reason 'it'\\''s stuck; restart'");
        assert_eq!(stop.protection(), Protection { what: "cluster", name: "prod".into() });
        assert_eq!(stop.target(), "arn:aws:ecs:eu-west-1:1:task/prod/abc123");
        let rb = Mutation::example(Kind::Rollback);
        assert_eq!(rb.call().cli()[2], "--stop-type ROLLBACK");
        assert_eq!(rb.call().params()["stopType"], "ROLLBACK");
        let exec = Mutation::example(Kind::EnableExec).call().cli();
        assert!(
            exec.contains(&"--enable-execute-command".to_string())
                && exec.contains(&"--force-new-deployment".to_string())
        );
    }
}
