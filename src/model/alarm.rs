//! CloudWatch alarms as the console needs them (metric and composite), their state changes,
//! and which service or cluster an alarm belongs to. The matching is pure: the region's alarms
//! are loaded once and every view matches them locally.
use super::{Time, arn_name};
use serde::Serialize;
use std::collections::BTreeSet;

/// A metric alarm watches one metric (or a math expression); a composite alarm a rule over
/// other alarms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub enum AlarmKind {
    #[default]
    Metric,
    Composite,
}

/// `StateValue`; a value CloudWatch may add later stays text.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum AlarmState {
    Alarm,
    InsufficientData,
    #[default]
    Ok,
    Other(String),
}

impl AlarmState {
    pub fn from_aws(s: &str) -> AlarmState {
        match s {
            "ALARM" => AlarmState::Alarm,
            "INSUFFICIENT_DATA" => AlarmState::InsufficientData,
            "OK" => AlarmState::Ok,
            other => AlarmState::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            AlarmState::Alarm => "ALARM",
            AlarmState::InsufficientData => "INSUFFICIENT_DATA",
            AlarmState::Ok => "OK",
            AlarmState::Other(s) => s,
        }
    }

    /// ALARM first, then INSUFFICIENT_DATA, then OK; an unknown state after ALARM (it may matter).
    pub fn rank(&self) -> u8 {
        match self {
            AlarmState::Alarm => 0,
            AlarmState::Other(_) => 1,
            AlarmState::InsufficientData => 2,
            AlarmState::Ok => 3,
        }
    }
}

impl Serialize for AlarmState {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A metric dimension (`ClusterName=prod`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Dimension {
    pub name: String,
    pub value: String,
}

impl Dimension {
    pub fn new(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self { name: name.into(), value: value.into() }
    }
}

/// One metric an alarm reads (the alarm's own, or one of its math expression's metrics).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Default)]
pub struct AlarmMetric {
    pub namespace: Option<String>,
    pub name: Option<String>,
    pub dimensions: Vec<Dimension>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Default)]
pub struct Alarm {
    pub name: String,
    pub arn: String,
    pub kind: AlarmKind,
    pub state: AlarmState,
    /// CloudWatch's `StateReason`, in full.
    pub reason: String,
    #[serde(with = "super::iso_time")]
    pub state_updated_at: Option<Time>,
    pub description: Option<String>,
    pub actions_enabled: bool,
    // Metric alarms.
    pub threshold: Option<f64>,
    /// `GreaterThanThreshold`, … as CloudWatch names it.
    pub comparison: Option<String>,
    pub evaluation_periods: Option<i32>,
    pub datapoints_to_alarm: Option<i32>,
    /// Seconds.
    pub period: Option<i32>,
    /// `Average`, `Sum`, … or an extended statistic (`p99`).
    pub statistic: Option<String>,
    /// The alarm's metric; for a math expression, the metrics it reads.
    pub metrics: Vec<AlarmMetric>,
    /// The expression of a metric-math alarm.
    pub expression: Option<String>,
    // Composite alarms.
    pub rule: Option<String>,
}

impl Alarm {
    /// Every dimension of every metric the alarm reads.
    pub fn dimensions(&self) -> impl Iterator<Item = (&str, &Dimension)> {
        self.metrics.iter().flat_map(|m| m.dimensions.iter().map(move |d| (m.namespace.as_deref().unwrap_or(""), d)))
    }

    /// `CPUUtilization (AWS/ECS) Average ClusterName=prod ServiceName=api`, or the expression.
    pub fn metric_text(&self) -> String {
        if let Some(rule) = &self.rule {
            return format!("rule: {rule}");
        }
        let one = |m: &AlarmMetric| {
            let dims: Vec<String> = m.dimensions.iter().map(|d| format!("{}={}", d.name, d.value)).collect();
            let mut s = m.name.clone().unwrap_or_else(|| "-".into());
            if let Some(ns) = &m.namespace {
                s.push_str(&format!(" ({ns})"));
            }
            if !dims.is_empty() {
                s.push(' ');
                s.push_str(&dims.join(" "));
            }
            s
        };
        let mut out = match (&self.expression, self.metrics.as_slice()) {
            (Some(e), ms) if !ms.is_empty() => {
                format!("{e} over {}", ms.iter().map(one).collect::<Vec<_>>().join("; "))
            }
            (Some(e), _) => e.clone(),
            (None, [m, ..]) => one(m),
            (None, []) => "-".into(),
        };
        if let Some(stat) = &self.statistic {
            out = format!("{stat} of {out}");
        }
        out
    }

    /// `> 80 for 3 of 3 periods of 60s`, as far as the alarm says.
    pub fn threshold_text(&self) -> Option<String> {
        let t = self.threshold?;
        let op = match self.comparison.as_deref() {
            Some("GreaterThanThreshold") => ">",
            Some("GreaterThanOrEqualToThreshold") => "≥",
            Some("LessThanThreshold") => "<",
            Some("LessThanOrEqualToThreshold") => "≤",
            Some(other) => other,
            None => "?",
        };
        let mut s = format!("{op} {}", number(t));
        if let Some(n) = self.evaluation_periods {
            let m = self.datapoints_to_alarm.unwrap_or(n);
            s.push_str(&format!(" for {m} of {n} periods"));
            if let Some(p) = self.period {
                s.push_str(&format!(" of {p}s"));
            }
        }
        Some(s)
    }

    /// The alarms a composite rule names (`ALARM("a") OR OK(b)`, names or ARNs).
    pub fn rule_alarms(&self) -> Vec<String> {
        self.rule.as_deref().map(rule_alarms).unwrap_or_default()
    }
}

/// A number without a useless `.0`.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// The names in a composite rule's `ALARM(x)`, `OK(x)`, `INSUFFICIENT_DATA(x)` (quoted or
/// not); an ARN is reduced to the alarm's name.
pub fn rule_alarms(rule: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = rule;
    while let Some(open) = rest.find('(') {
        let before = &rest[..open];
        let func = before.rsplit(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).next().unwrap_or("");
        let after = &rest[open + 1..];
        // A grouping parenthesis: look inside it.
        if !matches!(func, "ALARM" | "OK" | "INSUFFICIENT_DATA") {
            rest = after;
            continue;
        }
        let Some(close) = after.find(')') else { break };
        {
            let inner = after[..close].trim().trim_matches('"').trim();
            let name = match inner.split_once(":alarm:") {
                Some((_, n)) => n,
                None => inner,
            };
            if !name.is_empty() && !out.iter().any(|o| o == name) {
                out.push(name.to_string());
            }
        }
        rest = &after[close + 1..];
    }
    out
}

/// One change of an alarm's state (DescribeAlarmHistory, `StateUpdate`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AlarmChange {
    #[serde(with = "super::iso_time")]
    pub at: Option<Time>,
    pub from: Option<AlarmState>,
    pub to: Option<AlarmState>,
    /// The new state's reason, else CloudWatch's summary (`Alarm updated from OK to ALARM`).
    pub reason: String,
}

/// The namespaces whose `ClusterName`/`ServiceName` dimensions are ECS's.
pub const ECS_NAMESPACES: [&str; 2] = ["AWS/ECS", "ECS/ContainerInsights"];

/// What a service is, for matching alarms to it.
#[derive(Debug, Clone, Copy)]
pub struct ServiceKey<'a> {
    /// The cluster's name (an ARN is reduced to it).
    pub cluster: &'a str,
    /// The service's name (an ARN is reduced to it).
    pub service: &'a str,
    /// Its load balancers' target group ARNs (`Service.load_balancers`).
    pub target_groups: &'a [String],
    /// Its load balancers' ARNs or dimension values, when known (ELBv2 says them; ECS does not).
    pub load_balancers: &'a [String],
    /// The alarms its deployment configuration names.
    pub deployment_alarms: &'a [String],
}

impl<'a> ServiceKey<'a> {
    /// The key of `svc` in `cluster` (name or ARN).
    pub fn of(
        cluster: &'a str,
        svc: &'a super::Service,
        target_groups: &'a [String],
        deployment_alarms: &'a [String],
    ) -> Self {
        Self { cluster: arn_name(cluster), service: &svc.name, target_groups, load_balancers: &[], deployment_alarms }
    }
}

/// A service's target group ARNs and deployment alarm names, owned (what [`ServiceKey`] borrows).
pub fn service_refs(svc: &super::Service) -> (Vec<String>, Vec<String>) {
    let tgs = svc.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()).collect();
    let alarms = svc.alarms.as_ref().map(|a| a.alarm_names.clone()).unwrap_or_default();
    (tgs, alarms)
}

/// Why an alarm belongs to a service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Why {
    /// `ClusterName` + `ServiceName` dimensions (AWS/ECS, ECS/ContainerInsights).
    Dimensions,
    /// A `TargetGroup` or `LoadBalancer` dimension of its load balancers (AWS/ApplicationELB).
    LoadBalancer,
    /// Named in its deployment configuration.
    Deployment,
    /// A composite alarm whose rule names one of its alarms.
    Composite,
}

/// `targetgroup/name/id`: the `TargetGroup` dimension of a target group ARN.
pub fn target_group_dimension(arn: &str) -> &str {
    match arn.find("targetgroup/") {
        Some(i) => &arn[i..],
        None => arn,
    }
}

/// `app/name/id`: the `LoadBalancer` dimension of a load balancer ARN.
pub fn load_balancer_dimension(arn: &str) -> &str {
    match arn.find(":loadbalancer/") {
        Some(i) => &arn[i + ":loadbalancer/".len()..],
        None => arn,
    }
}

fn direct(alarm: &Alarm, key: &ServiceKey<'_>) -> Option<Why> {
    if key.deployment_alarms.iter().any(|n| n == &alarm.name) {
        return Some(Why::Deployment);
    }
    let (cluster, service) = (arn_name(key.cluster), arn_name(key.service));
    for m in &alarm.metrics {
        let ns = m.namespace.as_deref().unwrap_or("");
        let dim = |name: &str| m.dimensions.iter().find(|d| d.name == name).map(|d| d.value.as_str());
        if ECS_NAMESPACES.contains(&ns) && dim("ClusterName") == Some(cluster) && dim("ServiceName") == Some(service) {
            return Some(Why::Dimensions);
        }
        if ns == "AWS/ApplicationELB" {
            let tg = dim("TargetGroup");
            let lb = dim("LoadBalancer");
            let ours_tg = tg.is_some_and(|v| key.target_groups.iter().any(|t| target_group_dimension(t) == v));
            // An alarm on a whole load balancer (no target group) is the service's when the
            // load balancer is one of its own.
            let ours_lb =
                tg.is_none() && lb.is_some_and(|v| key.load_balancers.iter().any(|l| load_balancer_dimension(l) == v));
            if ours_tg || ours_lb {
                return Some(Why::LoadBalancer);
            }
        }
    }
    None
}

/// The alarms of `alarms` that belong to the service, each with why, in the order given.
/// A composite alarm belongs when its rule names one of the service's other alarms.
pub fn alarms_of_service<'a>(alarms: &'a [Alarm], key: &ServiceKey<'_>) -> Vec<(&'a Alarm, Why)> {
    let mut out: Vec<(&Alarm, Why)> = Vec::new();
    let mut names: BTreeSet<&str> = BTreeSet::new();
    for a in alarms {
        if let Some(why) = direct(a, key) {
            names.insert(&a.name);
            out.push((a, why));
        }
    }
    for a in alarms.iter().filter(|a| a.kind == AlarmKind::Composite && !names.contains(a.name.as_str())) {
        if a.rule_alarms().iter().any(|n| names.contains(n.as_str())) {
            out.push((a, Why::Composite));
        }
    }
    let order = |a: &Alarm| alarms.iter().position(|x| std::ptr::eq(x, a)).unwrap_or(usize::MAX);
    out.sort_by_key(|(a, _)| order(a));
    out
}

/// The cluster's own alarms: a `ClusterName` dimension (ECS namespaces) with no `ServiceName`.
pub fn alarms_of_cluster<'a>(alarms: &'a [Alarm], cluster: &str) -> Vec<&'a Alarm> {
    let cluster = arn_name(cluster);
    alarms
        .iter()
        .filter(|a| {
            a.metrics.iter().any(|m| {
                ECS_NAMESPACES.contains(&m.namespace.as_deref().unwrap_or(""))
                    && m.dimensions.iter().any(|d| d.name == "ClusterName" && d.value == cluster)
                    && !m.dimensions.iter().any(|d| d.name == "ServiceName")
            })
        })
        .collect()
}

/// The load balancer in front of a target group, as an alarm on both dimensions names it
/// (`app/name/id`). ECS names only the target group; CloudWatch publishes the ALB's
/// per-target-group metrics under both.
pub fn load_balancer_of(alarms: &[Alarm], target_group_arn: &str) -> Option<String> {
    let tg = target_group_dimension(target_group_arn);
    alarms.iter().flat_map(|a| &a.metrics).find_map(|m| {
        let dim = |name: &str| m.dimensions.iter().find(|d| d.name == name).map(|d| d.value.clone());
        (m.namespace.as_deref() == Some("AWS/ApplicationELB") && dim("TargetGroup").as_deref() == Some(tg))
            .then(|| dim("LoadBalancer"))
            .flatten()
    })
}

/// Alarms in ALARM first, then INSUFFICIENT_DATA, then OK; within a state the longest-standing
/// first (oldest change), then by name.
pub fn sort_by_state(alarms: &mut [&Alarm]) {
    alarms.sort_by(|a, b| {
        a.state
            .rank()
            .cmp(&b.state.rank())
            .then_with(|| a.state_updated_at.cmp(&b.state_updated_at))
            .then_with(|| a.name.cmp(&b.name))
    });
}

#[cfg(test)]
#[path = "alarm_tests.rs"]
mod tests;
