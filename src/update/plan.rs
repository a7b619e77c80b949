//! What the confirm dialog says about a change besides the call itself: facts about the target
//! as loaded now, warnings in words, and the "before" the journal records. Pure: reads `Data`.
use crate::model::{Cluster, Service, Strategy, arn_name, task_definition_short};
use crate::mutation::{Mutation, cluster_state, service_state, task_state};
use crate::state::Data;
use serde_json::Value;

/// Facts, notes and the journal's "before" for one mutation.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Plan {
    pub facts: Vec<(String, String)>,
    pub notes: Vec<String>,
    pub before: Value,
}

/// A service by ARN or name in a loaded list of `cluster`'s services.
pub fn find_service<'a>(data: &'a Data, cluster: &str, service: &str) -> Option<&'a Service> {
    let list = data.services_of(cluster).or_else(|| {
        // The list may be keyed by the cluster's ARN while the mutation names it (or the reverse).
        data.services.iter().find(|(k, _)| arn_name(k) == arn_name(cluster)).and_then(|(_, r)| r.value.as_deref())
    })?;
    list.iter().find(|s| s.arn == service || s.name == arn_name(service))
}

pub fn find_cluster<'a>(data: &'a Data, cluster: &str) -> Option<&'a Cluster> {
    data.clusters.value.as_deref()?.iter().find(|c| c.arn == cluster || c.name == arn_name(cluster))
}

/// `FARGATE 3 · FARGATE_SPOT 8` at `desired` tasks.
pub fn placement(strategy: &Strategy, desired: i32) -> String {
    if strategy.is_empty() {
        return "-".into();
    }
    strategy
        .expected_split(desired.max(0) as u32)
        .iter()
        .map(|(p, n)| format!("{p} {n}"))
        .collect::<Vec<_>>()
        .join(" · ")
}

fn circuit_breaker(s: &Service) -> String {
    match s.circuit_breaker {
        Some(cb) if cb.enable && cb.rollback => "on, rolls back on failure".into(),
        Some(cb) if cb.enable => "on, stops without rolling back".into(),
        _ => "off: a failing rollout keeps trying".into(),
    }
}

fn percent(p: Option<i32>) -> String {
    p.map(|p| format!("{p}%")).unwrap_or_else(|| "-".into())
}

fn service_facts(s: &Service) -> Vec<(String, String)> {
    vec![
        ("service".into(), s.name.clone()),
        ("task definition".into(), s.task_definition_short().to_string()),
        ("desired / running".into(), format!("{} / {}", s.desired, s.running)),
    ]
}

pub fn plan(data: &Data, m: &Mutation) -> Plan {
    let mut p = Plan::default();
    let cluster = find_cluster(data, m.cluster());
    let service = m.service().and_then(|s| find_service(data, m.cluster(), s));
    if let Some(s) = service {
        p.facts = service_facts(s);
        p.before = service_state(s);
        if s.controller != "ECS" && !matches!(m, Mutation::Scale { .. }) {
            p.notes.push(format!(
                "this service's deployments are controlled by {}: ECS will refuse this change",
                s.controller
            ));
        }
    } else if m.service().is_some() {
        p.notes.push("this service is not loaded: what it is now cannot be shown".into());
    }
    match m {
        Mutation::ForceDeploy { .. } | Mutation::EnableExec { .. } => {
            if let Some(s) = service {
                p.facts.push((
                    "healthy min / max".into(),
                    format!("{} / {}", percent(s.min_healthy_percent), percent(s.max_percent)),
                ));
                p.facts.push(("circuit breaker".into(), circuit_breaker(s)));
                p.facts.push((
                    "strategy".into(),
                    cluster.map_or_else(|| s.placement_short(), |c| s.effective_strategy(&c.default_strategy).short()),
                ));
            }
            p.notes.push("every task is replaced by a new one; nothing is cancelled by leaving the watch".into());
            if matches!(m, Mutation::EnableExec { .. }) {
                p.notes
                    .push("tasks started before this cannot be exec'd into: the new deployment replaces them".into());
                if service.is_some_and(|s| s.enable_execute_command) {
                    p.notes.push("ECS Exec is already enabled on this service".into());
                }
            }
        }
        Mutation::Scale { desired, .. } => {
            if let Some(s) = service {
                p.facts.push(("desired count".into(), format!("{} → {desired}", s.desired)));
                if *desired > s.desired {
                    p.notes.push(format!("starts {} more task(s)", desired - s.desired));
                }
            }
            if *desired == 0 {
                p.notes.push("0 stops every task of the service".into());
            }
            if let Some(n) = scaling_note(data, m, *desired) {
                p.notes.push(n);
            }
        }
        Mutation::StopTask { task, reason, .. } => {
            let t = data.task_of(m.cluster(), task);
            p.facts.push(("task".into(), arn_name(task).to_string()));
            if let Some(t) = t {
                p.facts.push(("status".into(), t.last_status.clone()));
                p.facts.push(("task definition".into(), task_definition_short(&t.task_definition).to_string()));
                if let Some(svc) = t.service_name() {
                    p.facts.push(("service".into(), svc.to_string()));
                    p.notes.push(format!("service {svc} will start a replacement task"));
                }
                p.before = task_state(t);
            }
            p.facts.push(("reason".into(), reason.clone().unwrap_or_else(|| "(none given)".into())));
        }
        Mutation::ServiceStrategy { strategy, force, .. } => {
            if let Some(s) = service {
                let default = cluster.map(|c| c.default_strategy.clone()).unwrap_or_default();
                let was = s.effective_strategy(&default);
                let own = if !s.strategy.is_empty() {
                    "its own"
                } else if s.launch_type.is_some() {
                    "launch type"
                } else {
                    "the cluster default"
                };
                let was_text = match &s.launch_type {
                    Some(lt) if s.strategy.is_empty() => format!("launch type {lt}"),
                    _ => format!("{} ({own})", was.short()),
                };
                p.facts.push(("strategy".into(), format!("{was_text} → {}", strategy.short())));
                p.facts.push((
                    format!("expected at {} tasks", s.desired),
                    format!("{} → {}", placement(was, s.desired), placement(strategy, s.desired)),
                ));
            }
            if *force {
                p.notes.push("a new deployment is forced: ECS needs one to move tasks to the new strategy".into());
            }
            p.notes
                .push("expected counts are bosun's estimate: base first, then by weight, each within its share".into());
        }
        Mutation::ClusterStrategy { providers, strategy, .. } => {
            if let Some(c) = cluster {
                p.facts.push(("cluster".into(), c.name.clone()));
                p.facts.push((
                    "default strategy".into(),
                    format!("{} → {}", c.default_strategy.short(), strategy.short()),
                ));
                p.before = cluster_state(c);
            }
            p.facts.push(("providers (resent whole)".into(), providers.join(" ")));
            p.notes.push(
                "PutClusterCapacityProviders replaces the cluster's whole provider list: the list above is sent as it is"
                    .into(),
            );
            p.notes
                .push("services without a strategy of their own use the new default from their next deployment".into());
        }
        Mutation::Rollback { deployment, .. } => {
            p.facts.push(("deployment".into(), arn_name(deployment).to_string()));
            if let Some(s) = service {
                if let Some(d) = s.primary() {
                    p.facts.push(("rolling out".into(), task_definition_short(&d.task_definition).to_string()));
                }
                if let Some(d) = s.deployments.iter().find(|d| d.status == "ACTIVE") {
                    p.facts.push(("back to".into(), task_definition_short(&d.task_definition).to_string()));
                }
            }
            p.notes.push("ECS stops the deployment and returns the service to the revision that ran before it".into());
        }
        Mutation::DeployRevision { task_definition, .. } => {
            if let Some(s) = service {
                p.facts.push((
                    "task definition".into(),
                    format!("{} → {}", s.task_definition_short(), arn_name(task_definition)),
                ));
            }
            p.notes.push(format!(
                "no service deployment is in progress, so there is nothing for ECS to roll back: this deploys {} instead",
                arn_name(task_definition)
            ));
        }
    }
    p
}

/// A desired count the service's auto scaling will override, in words.
fn scaling_note(data: &Data, m: &Mutation, desired: i32) -> Option<String> {
    let service = m.service()?;
    let target = data.scaling_of(m.cluster(), service)?.as_ref()?;
    if target.contains(desired) {
        return None;
    }
    let side = if desired < target.min { "below its minimum" } else { "above its maximum" };
    let suspended = if (desired < target.min && target.suspended_out) || (desired > target.max && target.suspended_in) {
        " (that direction of scaling is suspended now, so it may stay until resumed)"
    } else {
        ""
    };
    Some(format!(
        "auto scaling keeps this service between {} and {} tasks: {desired} is {side} and will be changed back{suspended}",
        target.min, target.max
    ))
}

/// The service's auto scaling range, for the scale prompt.
pub fn scaling_hint(data: &Data, cluster: &str, service: &str) -> Option<String> {
    let target = match data.scaling_of(cluster, service) {
        None => return None,
        Some(None) => return Some("no auto scaling".into()),
        Some(Some(t)) => t,
    };
    let mut hint = format!("auto scaling keeps {}–{}", target.min, target.max);
    if target.any_suspended() {
        hint.push_str(" (partly suspended)");
    }
    Some(hint)
}
