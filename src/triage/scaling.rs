//! What triage knows about a service's auto scaling: its target (from the region-wide
//! DescribeScalableTargets), and for a service at its maximum its policies and latest
//! activities and, when its metrics are loaded, its CPU — enough to say why it is pinned.
use crate::model::{ActivityStatus, ScalableTarget, ScalingDetail, ServiceTarget, Time, age};
use std::collections::HashMap;

/// One service's auto scaling, as far as it is loaded.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ServiceScaling {
    pub target: ScalableTarget,
    /// Policies and recent activities (loaded only for services at their maximum).
    pub detail: Option<ScalingDetail>,
    /// The service's current average CPU in percent, when its metrics are loaded.
    pub cpu: Option<f64>,
}

impl From<ScalableTarget> for ServiceScaling {
    fn from(target: ScalableTarget) -> Self {
        ServiceScaling { target, detail: None, cpu: None }
    }
}

/// Whether a desired count sits at an auto scaling maximum that is a range (min < max).
pub fn at_max(target: &ScalableTarget, desired: i32) -> bool {
    target.max > target.min && desired >= target.max
}

/// The region's targets of one cluster (by name) as the rules read them, by service name.
pub fn of_cluster(targets: &[ServiceTarget], cluster: &str) -> HashMap<String, ServiceScaling> {
    targets.iter().filter(|t| t.cluster == cluster).map(|t| (t.service.clone(), t.target.into())).collect()
}

/// Why a service at its maximum is a problem, in words, and since when it has been there.
pub fn pinned_reason(s: &ServiceScaling, desired: i32, now: Time) -> (String, Option<Time>) {
    let t = &s.target;
    let detail = s.detail.as_ref();
    // The successful activity that brought it to its maximum: since when it is pinned.
    let since = detail.and_then(|d| {
        d.activities
            .iter()
            .find(|a| a.status == ActivityStatus::Successful && a.desired_to().is_some_and(|to| to >= t.max))
            .and_then(|a| a.end.or(a.start))
    });
    let held = since.map(|at| format!(" for {}", age(at, now))).unwrap_or_default();
    let suspended = if t.suspended_out { " (scale-out is suspended)" } else { "" };
    let cpu_target = detail.and_then(ScalingDetail::cpu_target);
    if let (Some(cpu), Some(goal)) = (s.cpu, cpu_target)
        && cpu > goal
    {
        let reason = format!(
            "at max {desired} of {}{held}; CPU {}% over target {}%{suspended}: more load cannot be met",
            t.max,
            cpu.round() as i64,
            crate::model::scaling_policy::number(goal)
        );
        return (reason, since);
    }
    if let Some(latest) = detail.and_then(|d| d.activities.first()).filter(|a| a.refused_out()) {
        let how = match latest.status {
            ActivityStatus::Unfulfilled => "unfulfilled",
            _ => "refused",
        };
        let why = latest
            .not_scaled
            .first()
            .map(|n| n.text())
            .or_else(|| latest.status_message.clone())
            .unwrap_or_else(|| latest.description.clone());
        let ago = latest.start.map(|at| format!(" {} ago", age(at, now))).unwrap_or_default();
        let reason = format!("at max {desired} of {}{held} while a scale-out was {how}{ago} ({why}){suspended}", t.max);
        return (reason, since);
    }
    let reason = format!(
        "pinned at its auto scaling maximum: desired {desired} of {}–{}{held}{suspended}; more load cannot be met",
        t.min, t.max
    );
    (reason, since)
}

/// The services of a cluster whose desired count sits at their auto scaling maximum: the
/// ones whose policies, activities and CPU are worth loading.
pub fn pinned<'a>(
    services: &'a [crate::model::Service],
    scaling: &HashMap<String, ServiceScaling>,
) -> impl Iterator<Item = &'a crate::model::Service> {
    services
        .iter()
        .filter(move |s| s.status == "ACTIVE" && scaling.get(&s.name).is_some_and(|t| at_max(&t.target, s.desired)))
}

/// The service's average CPU query (AWS/ECS), as the service detail charts it.
pub fn cpu_query(cluster: &str, service: &str) -> crate::model::MetricQuery {
    let (_, q) = crate::model::metrics::service_queries(cluster, service).swap_remove(0);
    q
}

/// The newest value of a series.
pub fn latest(series: &crate::model::Series) -> Option<f64> {
    series.points.iter().max_by_key(|(t, _)| *t).map(|(_, v)| *v)
}
