//! Triage: what is broken, everywhere. Pure rules turn what is loaded about each cluster (its
//! services with their deployments and events, its stopped tasks, its capacity providers and
//! container instances, the services' auto scaling targets) into problem rows: how bad, since
//! when, where, why in words, and which pane Enter opens. The console's `:triage` view and
//! `bosun dump --triage` show the same rows.
//!
//! A rule is one function of one cluster's [`ClusterInput`]; [`RULES`] lists them. A new signal
//! (alarms in ALARM, target health) is one more field of `ClusterInput` and one more rule.
mod baseline;
pub mod dump;
mod rules;
pub mod scaling;
pub mod settings;

pub use scaling::ServiceScaling;
pub use settings::Thresholds;

use crate::model::{Cluster, ContainerInstance, Service, Task, Time, age};
use serde::Serialize;
use std::collections::HashMap;

/// How bad a problem is. Ordered: `Critical` is the greatest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look: degraded, or about to be.
    Warning,
    /// Users are (or soon will be) affected: nothing running, a failed release.
    Critical,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Critical => "critical",
        }
    }

    /// `warning` or `critical` (as `--fail-on` takes them).
    pub fn parse(text: &str) -> Result<Severity, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "warning" | "warn" => Ok(Severity::Warning),
            "critical" | "crit" => Ok(Severity::Critical),
            other => Err(format!("`{other}` is not a severity: warning or critical")),
        }
    }
}

/// Which rule found a problem (stable names, for JSON and filters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Rule {
    BelowDesired,
    RolloutFailed,
    RollingBack,
    RolledBack,
    RolloutStuck,
    OutOfMemory,
    ContainerExited,
    CannotPullImage,
    ResourceInitialization,
    HealthCheckFailed,
    SpotInterruptions,
    UnableToPlace,
    ElbHealthChecks,
    AtScalingMax,
    AgentDisconnected,
    AlarmFiring,
    BelowBaseline,
    UnhealthyTargets,
}

/// A pane of the service detail Enter focuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ServicePane {
    Summary,
    Deployments,
    Events,
    Alarms,
    Targets,
    Scaling,
}

/// A pane of the cluster detail Enter focuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ClusterPane {
    Summary,
    Providers,
    Instances,
}

/// What Enter on a problem opens: the view that shows why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "view", rename_all = "lowercase")]
pub enum Opens {
    Service {
        cluster: String,
        service: String,
        pane: ServicePane,
    },
    Cluster {
        cluster: String,
        pane: ClusterPane,
    },
    /// The stopped tasks of a service (by name), or of the whole cluster: their stop reasons.
    #[serde(rename = "stopped-tasks")]
    StoppedTasks {
        cluster: String,
        service: Option<String>,
    },
}

/// One thing that is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    pub rule: Rule,
    /// Since when, as far as the data says (`None`: it does not say).
    #[serde(with = "crate::model::iso_time")]
    pub since: Option<Time>,
    /// Cluster name.
    pub cluster: String,
    /// Service name; `None` for a cluster-level problem.
    pub service: Option<String>,
    /// Why, in words an SRE reads at 3AM.
    pub reason: String,
    pub opens: Opens,
}

impl Problem {
    /// Stable identity of the row (the selection follows it across refreshes).
    pub fn id(&self) -> String {
        format!("{}/{}/{:?}", self.cluster, self.service.as_deref().unwrap_or(""), self.rule)
    }

    /// `cluster/service`, or the cluster alone.
    pub fn place(&self) -> String {
        match &self.service {
            Some(s) => format!("{}/{s}", self.cluster),
            None => self.cluster.clone(),
        }
    }

    /// The age column: how long it has been so.
    pub fn age(&self, now: Time) -> String {
        self.since.map_or_else(|| "-".into(), |t| age(t, now))
    }
}

/// What is loaded about one cluster. Missing parts are empty: a rule that needs them finds
/// nothing, it never guesses.
#[derive(Debug, Clone, Copy)]
pub struct ClusterInput<'a> {
    pub cluster: &'a Cluster,
    pub services: &'a [Service],
    /// The cluster's stopped tasks (ECS keeps them for about an hour).
    pub stopped: &'a [Task],
    pub instances: &'a [ContainerInstance],
    /// Auto scaling by service name, for the services that have a target and are loaded
    /// (with policies, activities and CPU for those at their maximum, when loaded).
    pub scaling: &'a HashMap<String, ServiceScaling>,
    /// The region's CloudWatch alarms (matched to this cluster and its services locally).
    pub alarms: &'a [crate::model::Alarm],
    /// Load balancer target health by target group ARN, for the groups whose health is known
    /// (the services' groups, read once per refresh).
    pub target_health: &'a HashMap<&'a str, &'a crate::model::TargetGroupHealth>,
}

/// A rule: the problems it finds in one cluster.
pub type RuleFn = fn(&ClusterInput<'_>, &Thresholds, Time) -> Vec<Problem>;

/// Every rule, in no particular order (rows are ranked afterwards).
pub const RULES: &[RuleFn] = &[
    rules::below_desired,
    rules::rollout,
    rules::stopped_tasks,
    rules::events,
    rules::at_scaling_max,
    rules::agent_disconnected,
    rules::alarms_firing,
    baseline::below_baseline,
    rules::unhealthy_targets,
];

/// Every problem in these clusters, ranked: most severe first, then the oldest, then by place.
pub fn problems<'a>(clusters: impl IntoIterator<Item = ClusterInput<'a>>, t: &Thresholds, now: Time) -> Vec<Problem> {
    let mut out: Vec<Problem> =
        clusters.into_iter().flat_map(|c| RULES.iter().flat_map(move |r| r(&c, t, now))).collect();
    rank(&mut out);
    out
}

/// Most severe first; then the oldest (a problem of unknown age after those with one); then
/// by cluster, service and rule so equal rows keep one order.
pub fn rank(problems: &mut [Problem]) {
    problems.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| match (a.since, b.since) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.cluster.cmp(&b.cluster))
            .then_with(|| a.service.cmp(&b.service))
            .then_with(|| a.reason.cmp(&b.reason))
    });
}

/// The most severe problem's severity, if any.
pub fn worst(problems: &[Problem]) -> Option<Severity> {
    problems.iter().map(|p| p.severity).max()
}

#[cfg(test)]
mod tests;
