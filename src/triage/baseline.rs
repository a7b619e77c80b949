//! Auto Scaling group capacity providers below their baseline. A capacity-provider strategy
//! gives one provider a base: the first `base` tasks of each service using the strategy run
//! there (the on-demand baseline under a Spot overflow). ECS never moves those tasks to another
//! provider, so when the group lacks instances they wait. A service running fewer tasks than
//! its base cannot have its base on the provider, wherever its other tasks run: that is the
//! rule's evidence, read from the services and container instances the triage loads anyway.
use super::rules::{cluster_problem, unsteady_since, within};
use super::{ClusterInput, ClusterPane, Problem, Rule, Severity, Thresholds};
use crate::model::{ContainerInstance, Rollout, Service, Strategy, Time, arn_name};
use std::collections::BTreeMap;

/// Names shown in a reason before "and N more".
const NAMED: usize = 4;

/// A service that holds a base on a provider and runs fewer tasks than that base.
struct Short<'a> {
    service: &'a Service,
    /// Its base on the provider, capped at its desired count.
    base: i32,
}

/// What one provider is asked for and what it lacks.
#[derive(Default)]
struct Baseline<'a> {
    /// Tasks the strategies guarantee on it: each service's base, capped at its desired count.
    tasks: i32,
    /// Services that hold a base on it.
    services: usize,
    short: Vec<Short<'a>>,
}

fn named(mut names: Vec<String>) -> String {
    let more = names.len().saturating_sub(NAMED);
    names.truncate(NAMED);
    let list = names.join(", ");
    if more > 0 { format!("{list} and {more} more") } else { list }
}

/// The provider's instances in words: how many can take tasks (ACTIVE, agent connected) of the
/// registered ones, naming those that cannot. `None` when the instances are not loaded.
fn capacity(c: &ClusterInput<'_>, provider: &str) -> Option<(usize, String)> {
    if c.instances.is_empty() {
        // A cluster that reports instances whose list is not in yet: say nothing about them.
        return (c.cluster.registered_instances == 0).then(|| (0, "no container instance is registered".into()));
    }
    let mine: Vec<&ContainerInstance> = c
        .instances
        .iter()
        .filter(|i| i.capacity_provider_name.as_deref() == Some(provider))
        .filter(|i| i.status == "ACTIVE" || i.status == "DRAINING")
        .collect();
    if mine.is_empty() {
        return Some((0, "no container instance of it is registered".into()));
    }
    let usable = mine.iter().filter(|i| i.status == "ACTIVE" && i.agent_connected).count();
    let unusable: Vec<String> = mine
        .iter()
        .filter(|i| !(i.status == "ACTIVE" && i.agent_connected))
        .map(|i| {
            let id = i.ec2_instance_id.clone().unwrap_or_else(|| arn_name(&i.arn).to_string());
            if i.agent_connected { format!("{id} draining") } else { format!("{id} lost its agent") }
        })
        .collect();
    let mut words = format!("{usable} of {} instance{} usable", mine.len(), if mine.len() == 1 { "" } else { "s" });
    if !unusable.is_empty() {
        words.push_str(&format!(" ({})", named(unusable)));
    }
    Some((usable, words))
}

/// Auto Scaling group providers whose base is not running, one row for the cluster: for each,
/// how many of the tasks its base guarantees are missing, the services short of it, and its
/// instances.
pub fn below_baseline(c: &ClusterInput<'_>, t: &Thresholds, now: Time) -> Vec<Problem> {
    let mut providers: BTreeMap<&str, Baseline<'_>> = BTreeMap::new();
    for s in c.services.iter().filter(|s| s.status == "ACTIVE" && s.scheduling != "DAEMON" && s.desired > 0) {
        let strategy = s.effective_strategy(&c.cluster.default_strategy);
        // ECS allows a base on one provider of a strategy only; Fargate's are not groups.
        let Some(item) = strategy.0.iter().find(|i| i.base > 0 && !Strategy::is_fargate_provider(&i.provider)) else {
            continue;
        };
        let base = item.base.min(s.desired);
        let entry = providers.entry(item.provider.as_str()).or_default();
        entry.tasks += base;
        entry.services += 1;
        if s.running >= base {
            continue;
        }
        // A rollout replaces tasks: a short dip while one starts is routine.
        let deploying = matches!(s.rollout(now), Rollout::InProgress { .. } | Rollout::RollingBack { .. });
        if deploying && within(s.primary().and_then(|p| p.created_at), now, t.below_desired_grace) {
            continue;
        }
        entry.short.push(Short { service: s, base });
    }
    let mut out = Vec::new();
    for (provider, b) in providers.into_iter().filter(|(_, b)| !b.short.is_empty()) {
        let missing: i32 = b.short.iter().map(|s| s.base - s.service.running).sum();
        let services: Vec<String> = b
            .short
            .iter()
            .map(|s| {
                let waiting =
                    if s.service.pending > 0 { format!(", {} pending", s.service.pending) } else { String::new() };
                format!("{} runs {} of its base {}{waiting}", s.service.name, s.service.running, s.base)
            })
            .collect();
        let held = if b.services == 1 { "1 service".to_string() } else { format!("{} services", b.services) };
        let mut reason = format!(
            "Auto Scaling group provider {provider} below its baseline: {missing} of the {} tasks its base guarantees \
             ({held}) are not running — {}",
            b.tasks,
            named(services)
        );
        let capacity = capacity(c, provider);
        if let Some((_, words)) = &capacity {
            reason.push_str(&format!("; {words}"));
        }
        let none_usable = capacity.is_some_and(|(usable, _)| usable == 0);
        let severity = if none_usable || b.short.iter().any(|s| s.service.running == 0) {
            Severity::Critical
        } else {
            Severity::Warning
        };
        let since = b.short.iter().filter_map(|s| unsteady_since(s.service)).min();
        out.push((severity, since, reason));
    }
    // One row for the cluster (a row's identity is its place and rule): the rare cluster with
    // bases on two groups lists both, the worst first.
    out.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let Some(severity) = out.first().map(|p| p.0) else { return vec![] };
    let since = out.iter().filter_map(|p| p.1).min();
    let reason = out.into_iter().map(|p| p.2).collect::<Vec<_>>().join(" · ");
    vec![cluster_problem(c, severity, Rule::BelowBaseline, since, reason, ClusterPane::Providers)]
}

#[cfg(test)]
#[path = "baseline_tests.rs"]
mod tests;
