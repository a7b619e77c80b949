//! The service detail's auto scaling pane (8): its scalable target, its policies in words and
//! its most recent scaling activities, newest first — why it scaled, or did not. Also what
//! the triage view loads and reads about auto scaling (the region's targets, the detail and
//! CPU of services at their maximum).
use crate::api::ErrorKind;
use crate::model::{ScalableTarget, ScalingActivity, ScalingPolicy, Service};
use crate::state::{Data, Load};
use crate::triage::ServiceScaling;
use std::collections::HashMap;

/// The pane's content.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Scaling {
    #[default]
    Loading,
    /// The load failed: why, in words ("no permission for …").
    Error(String),
    /// The service has no scalable target.
    NotScaled,
    Loaded {
        target: ScalableTarget,
        desired: i32,
        policies: Vec<ScalingPolicy>,
        /// Newest first.
        activities: Vec<ScalingActivity>,
    },
}

/// The load of the pane: the service as the detail names it.
pub fn load(cluster: &str, service: &str) -> Load {
    Load::ScalingDetail { cluster: cluster.to_string(), service: service.to_string() }
}

/// A refusal names the action the role lacks; other failures say themselves.
pub fn error_text(e: &crate::api::ApiError) -> String {
    if e.kind == ErrorKind::AccessDenied {
        let action =
            e.hint.as_deref().and_then(|h| h.strip_prefix("your role needs ")).and_then(|h| h.split(' ').next());
        return match action {
            Some(a) => format!("no permission for {a}"),
            None => format!("no permission to read auto scaling: {}", e.message),
        };
    }
    format!("auto scaling could not be read: {e}")
}

impl Scaling {
    pub fn of(data: &Data, cluster: &str, service: &str, svc: &Service) -> Scaling {
        let load = load(cluster, service);
        match data.scaling_detail_of(cluster, service) {
            Some(d) => match d.target {
                None => Scaling::NotScaled,
                Some(target) => Scaling::Loaded {
                    target,
                    desired: svc.desired,
                    policies: d.policies.clone(),
                    activities: d.activities.clone(),
                },
            },
            None => match data.status_of(&load).and_then(|s| s.error) {
                Some(e) => Scaling::Error(error_text(e)),
                None => Scaling::Loading,
            },
        }
    }

    /// Entries of the pane: the target, then one per policy (or one saying there is none),
    /// the activities' heading, one per activity (or one saying there is none).
    pub fn entries(&self) -> usize {
        match self {
            Scaling::Loaded { policies, activities, .. } => 1 + policies.len().max(1) + 1 + activities.len().max(1),
            _ => 1,
        }
    }

    /// Activities that failed or were unfulfilled.
    pub fn problems(&self) -> usize {
        match self {
            Scaling::Loaded { activities, .. } => activities.iter().filter(|a| a.status.is_problem()).count(),
            _ => 0,
        }
    }

    /// The collapsed pane: "2–10 · at max · target CPU 60%".
    pub fn gist(&self) -> String {
        match self {
            Scaling::Loading => "loading…".into(),
            // The whole reason is in the pane; a collapsed line is too short for it.
            Scaling::Error(e) if e.starts_with("no permission") => "no permission (8 says which)".into(),
            Scaling::Error(_) => "could not be read (8 says why)".into(),
            Scaling::NotScaled => "not auto scaled".into(),
            Scaling::Loaded { target, desired, policies, .. } => {
                let mut parts = vec![format!("{}–{}", target.min, target.max)];
                if target.max > target.min && *desired >= target.max {
                    parts.push("at max".into());
                }
                if let Some(s) = suspended(target) {
                    parts.push(s);
                }
                for p in policies {
                    if let crate::model::PolicyKind::TargetTrackingScaling(t) = &p.kind {
                        parts.push(format!("target {}", t.metric.short(t.target_value)));
                    }
                }
                let problems = self.problems();
                if problems > 0 {
                    parts.push(format!("{problems} failed or unfulfilled"));
                }
                parts.join(" · ")
            }
        }
    }
}

/// What is suspended, in words (`None`: nothing).
pub fn suspended(t: &ScalableTarget) -> Option<String> {
    let mut what = Vec::new();
    if t.suspended_out {
        what.push("scale-out");
    }
    if t.suspended_in {
        what.push("scale-in");
    }
    if t.suspended_scheduled {
        what.push("scheduled scaling");
    }
    (!what.is_empty()).then(|| format!("{} suspended", what.join(", ")))
}

/// The auto scaling loads of the triage view: the region's targets, then for every service
/// pinned at its maximum its detail and (one load for all of them) its CPU.
pub fn triage_loads(data: &Data) -> Vec<Load> {
    // Once there is a cluster to look at: an account without one has nothing to scale.
    if data.clusters.value.as_ref().is_none_or(Vec::is_empty) {
        return vec![];
    }
    let mut out = vec![Load::ScalableTargets];
    let pinned = pinned(data);
    if pinned.is_empty() {
        return out;
    }
    out.extend(pinned.iter().map(|(c, s, _)| load(&c.arn, &s.arn)));
    out.push(cpu_load(&pinned));
    out
}

type Pinned<'a> = Vec<(&'a crate::model::Cluster, &'a Service, ServiceScaling)>;

/// The services at their auto scaling maximum, with their clusters and targets.
fn pinned(data: &Data) -> Pinned<'_> {
    let (Some(clusters), Some(targets)) = (data.clusters.value.as_deref(), data.scalable_targets.value.as_deref())
    else {
        return vec![];
    };
    let mut out = Vec::new();
    for c in clusters {
        let of = crate::triage::scaling::of_cluster(targets, &c.name);
        for s in crate::triage::scaling::pinned(data.services_of(&c.arn).unwrap_or(&[]), &of) {
            let scaling = of.get(&s.name).cloned().unwrap_or_default();
            out.push((c, s, scaling));
        }
    }
    out
}

fn cpu_load(pinned: &Pinned<'_>) -> Load {
    Load::Metrics {
        queries: pinned.iter().map(|(c, s, _)| crate::triage::scaling::cpu_query(&c.name, &s.name)).collect(),
    }
}

/// One cluster's auto scaling as triage reads it: every target of the cluster, with the
/// detail and CPU of the services at their maximum where loaded.
pub fn triage_input(data: &Data, cluster: &crate::model::Cluster) -> HashMap<String, ServiceScaling> {
    let Some(targets) = data.scalable_targets.value.as_deref() else { return HashMap::new() };
    let mut out = crate::triage::scaling::of_cluster(targets, &cluster.name);
    let pinned = pinned(data);
    let cpu = match cpu_load(&pinned) {
        Load::Metrics { queries } => data.metrics_of(&queries).map(|m| (queries, m)),
        _ => None,
    };
    for (c, s, _) in pinned.iter().filter(|(c, _, _)| c.arn == cluster.arn) {
        let Some(entry) = out.get_mut(&s.name) else { continue };
        entry.detail = data.scaling_detail_of(&c.arn, &s.arn).cloned();
        let q = crate::triage::scaling::cpu_query(&c.name, &s.name);
        entry.cpu = cpu_of(data, &q).or_else(|| {
            let (queries, set) = cpu.as_ref()?;
            let i = queries.iter().position(|x| *x == q)?;
            set.series.get(i).and_then(crate::triage::scaling::latest)
        });
    }
    out
}

/// The newest CPU value of a service from any loaded metrics that asked for it (the
/// service detail's, the services list's sparklines).
fn cpu_of(data: &Data, q: &crate::model::MetricQuery) -> Option<f64> {
    data.metrics
        .iter()
        .filter_map(|(queries, r)| {
            let i = queries.iter().position(|x| x == q)?;
            let set = r.value.as_ref()?;
            Some((r.loaded_at, set.series.get(i).and_then(crate::triage::scaling::latest)?))
        })
        .max_by_key(|(at, _)| *at)
        .map(|(_, v)| v)
}

#[cfg(test)]
#[path = "scaling_tests.rs"]
mod tests;
