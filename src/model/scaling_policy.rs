//! A service's Application Auto Scaling policies and recent scaling activities (why it scaled,
//! or did not), as `DescribeScalingPolicies` and `DescribeScalingActivities` report them, and
//! the words the detail pane and triage use for them.
use super::{ScalableTarget, Time};
use serde::{Deserialize, Serialize};

/// What a target tracking policy keeps at its target value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TrackedMetric {
    /// `ECSServiceAverageCPUUtilization`.
    Cpu,
    /// `ECSServiceAverageMemoryUtilization`.
    Memory,
    /// `ALBRequestCountPerTarget` (the resource label names the load balancer and target group).
    AlbRequests { resource_label: Option<String> },
    /// Another predefined metric type, kept as AWS names it.
    Predefined { name: String },
    /// `CustomizedMetricSpecification`: a CloudWatch metric of the account's choosing (or a
    /// metric math expression, when `metric` is empty).
    Customized { namespace: Option<String>, metric: Option<String>, statistic: Option<String> },
}

impl TrackedMetric {
    /// The predefined metric type by AWS's name.
    pub fn predefined(name: &str, resource_label: Option<String>) -> TrackedMetric {
        match name {
            "ECSServiceAverageCPUUtilization" => TrackedMetric::Cpu,
            "ECSServiceAverageMemoryUtilization" => TrackedMetric::Memory,
            "ALBRequestCountPerTarget" => TrackedMetric::AlbRequests { resource_label },
            other => TrackedMetric::Predefined { name: other.to_string() },
        }
    }

    /// "average CPU at 60%", "1000 requests per target", …
    pub fn at(&self, target: f64) -> String {
        let v = number(target);
        match self {
            TrackedMetric::Cpu => format!("average CPU at {v}%"),
            TrackedMetric::Memory => format!("average memory at {v}%"),
            TrackedMetric::AlbRequests { .. } => format!("{v} load balancer requests per task"),
            TrackedMetric::Predefined { name } => format!("{name} at {v}"),
            TrackedMetric::Customized { namespace, metric, statistic } => match metric {
                Some(m) => {
                    let stat = statistic.as_deref().map(|s| format!("{} ", s.to_lowercase())).unwrap_or_default();
                    let ns = namespace.as_deref().map(|n| format!("{n} ")).unwrap_or_default();
                    format!("{stat}{ns}{m} at {v}")
                }
                None => format!("a metric math expression at {v}"),
            },
        }
    }

    /// A few words for the collapsed pane: "CPU 60%".
    pub fn short(&self, target: f64) -> String {
        let v = number(target);
        match self {
            TrackedMetric::Cpu => format!("CPU {v}%"),
            TrackedMetric::Memory => format!("memory {v}%"),
            TrackedMetric::AlbRequests { .. } => format!("{v} req/task"),
            TrackedMetric::Predefined { name } => format!("{name} {v}"),
            TrackedMetric::Customized { metric, .. } => format!("{} {v}", metric.as_deref().unwrap_or("custom")),
        }
    }
}

/// `60` rather than `60.0`; `0.5` stays.
pub fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 { format!("{}", v as i64) } else { format!("{v}") }
}

/// A target tracking policy's configuration.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetTracking {
    pub metric: TrackedMetric,
    pub target_value: f64,
    /// Seconds; `None`: AWS's default (300 for ECS).
    pub scale_out_cooldown: Option<i32>,
    pub scale_in_cooldown: Option<i32>,
    /// The policy never removes tasks (another policy or a person does).
    pub disable_scale_in: bool,
}

/// One step of a step scaling policy: between the bounds (relative to the alarm's threshold),
/// add (or remove) this much.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Step {
    pub lower: Option<f64>,
    pub upper: Option<f64>,
    pub adjustment: i32,
}

/// A step scaling policy's configuration.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct StepScaling {
    /// `ChangeInCapacity`, `ExactCapacity` or `PercentChangeInCapacity`.
    pub adjustment_type: Option<String>,
    pub steps: Vec<Step>,
    pub cooldown: Option<i32>,
    pub min_adjustment_magnitude: Option<i32>,
}

impl Step {
    /// "+2 when 0 to 10 over the threshold".
    pub fn text(&self, adjustment_type: Option<&str>) -> String {
        let amount = match adjustment_type {
            Some("ExactCapacity") => format!("set to {}", self.adjustment),
            Some("PercentChangeInCapacity") => format!("{:+}%", self.adjustment),
            _ => format!("{:+}", self.adjustment),
        };
        let range = match (self.lower, self.upper) {
            (Some(l), Some(u)) => format!("{} to {} from the threshold", number(l), number(u)),
            (Some(l), None) => format!("{} or more from the threshold", number(l)),
            (None, Some(u)) => format!("below {} from the threshold", number(u)),
            (None, None) => "whenever the alarm fires".to_string(),
        };
        format!("{amount} when {range}")
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "policyType")]
pub enum PolicyKind {
    TargetTrackingScaling(TargetTracking),
    StepScaling(StepScaling),
    /// Predictive scaling: kept by its name only.
    PredictiveScaling,
    /// A policy type this version does not know, as AWS names it.
    Other {
        name: String,
    },
}

/// One scaling policy of a service.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingPolicy {
    pub name: String,
    pub arn: String,
    pub kind: PolicyKind,
    /// The CloudWatch alarms the policy owns (target tracking creates its own pair).
    pub alarms: Vec<String>,
    pub created_at: Option<Time>,
}

fn seconds(s: Option<i32>) -> String {
    s.map_or_else(|| "default".to_string(), |s| format!("{s}s"))
}

impl ScalingPolicy {
    /// The policy in words: "target tracking: keep average CPU at 60% · scale-out cooldown
    /// 60s · scale-in cooldown 300s".
    pub fn text(&self) -> String {
        match &self.kind {
            PolicyKind::TargetTrackingScaling(t) => {
                let mut out = format!(
                    "target tracking: keep {} · scale-out cooldown {} · scale-in cooldown {}",
                    t.metric.at(t.target_value),
                    seconds(t.scale_out_cooldown),
                    seconds(t.scale_in_cooldown)
                );
                if t.disable_scale_in {
                    out.push_str(" · never scales in");
                }
                out
            }
            PolicyKind::StepScaling(s) => {
                let kind = s.adjustment_type.as_deref().unwrap_or("ChangeInCapacity");
                let steps: Vec<String> = s.steps.iter().map(|st| st.text(s.adjustment_type.as_deref())).collect();
                let steps = if steps.is_empty() { "no steps".to_string() } else { steps.join("; ") };
                let mut out = format!("step scaling ({kind}): {steps}");
                if s.cooldown.is_some() {
                    out.push_str(&format!(" · cooldown {}", seconds(s.cooldown)));
                }
                if let Some(m) = s.min_adjustment_magnitude {
                    out.push_str(&format!(" · at least {m} at a time"));
                }
                out
            }
            PolicyKind::PredictiveScaling => "predictive scaling".to_string(),
            PolicyKind::Other { name } => format!("{name} (a policy type bosun does not describe)"),
        }
    }

    /// The CPU target of a target tracking policy on CPU.
    pub fn cpu_target(&self) -> Option<f64> {
        match &self.kind {
            PolicyKind::TargetTrackingScaling(t) if t.metric == TrackedMetric::Cpu => Some(t.target_value),
            _ => None,
        }
    }
}

/// `StatusCode` of a scaling activity; one AWS adds later stays as text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ActivityStatus {
    Pending,
    InProgress,
    Successful,
    Overridden,
    Unfulfilled,
    Failed,
    Other(String),
}

impl ActivityStatus {
    pub fn parse(s: &str) -> ActivityStatus {
        match s {
            "Pending" => ActivityStatus::Pending,
            "InProgress" => ActivityStatus::InProgress,
            "Successful" => ActivityStatus::Successful,
            "Overridden" => ActivityStatus::Overridden,
            "Unfulfilled" => ActivityStatus::Unfulfilled,
            "Failed" => ActivityStatus::Failed,
            other => ActivityStatus::Other(other.to_string()),
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            ActivityStatus::Pending => "Pending",
            ActivityStatus::InProgress => "InProgress",
            ActivityStatus::Successful => "Successful",
            ActivityStatus::Overridden => "Overridden",
            ActivityStatus::Unfulfilled => "Unfulfilled",
            ActivityStatus::Failed => "Failed",
            ActivityStatus::Other(s) => s,
        }
    }

    /// The activity did not do what it set out to.
    pub fn is_problem(&self) -> bool {
        matches!(self, ActivityStatus::Failed | ActivityStatus::Unfulfilled)
    }
}

/// Why auto scaling decided not to scale (`NotScaledReasons`, asked for with
/// `IncludeNotScaledActivities`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NotScaled {
    /// `AlreadyAtMaxCapacity`, `AlreadyAtMinCapacity`, `AlreadyAtDesiredCapacity`, …
    pub code: String,
    pub max: Option<i32>,
    pub min: Option<i32>,
    pub current: Option<i32>,
}

impl NotScaled {
    pub fn text(&self) -> String {
        let cap = |v: Option<i32>| v.map_or_else(|| "?".to_string(), |v| v.to_string());
        match self.code.as_str() {
            "AlreadyAtMaxCapacity" => format!("already at its maximum ({} of {})", cap(self.current), cap(self.max)),
            "AlreadyAtMinCapacity" => format!("already at its minimum ({} of {})", cap(self.current), cap(self.min)),
            "AlreadyAtDesiredCapacity" => format!("already at the desired count ({})", cap(self.current)),
            other => other.to_string(),
        }
    }
}

/// One scaling activity: what auto scaling set out to do, why, and how it went.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingActivity {
    pub id: String,
    pub status: ActivityStatus,
    /// Why it started ("monitor alarm … in state ALARM triggered policy …").
    pub cause: String,
    /// What it set out to do ("Setting desired count to 10.").
    pub description: String,
    pub status_message: Option<String>,
    pub start: Option<Time>,
    pub end: Option<Time>,
    /// Why it did not scale, for an activity that did not.
    pub not_scaled: Vec<NotScaled>,
}

impl ScalingActivity {
    /// The desired count it set out to reach, from its description ("Setting desired count to 10.").
    pub fn desired_to(&self) -> Option<i32> {
        let rest = self.description.split("desired count to ").nth(1)?;
        let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        digits.parse().ok()
    }

    /// A scale-out that could not go further: failed or unfulfilled, or not scaled because the
    /// service was already at its maximum.
    pub fn refused_out(&self) -> bool {
        self.status.is_problem()
            || self.not_scaled.iter().any(|n| n.code == "AlreadyAtMaxCapacity")
            || self.status_message.as_deref().is_some_and(|m| m.to_lowercase().contains("max"))
    }
}

/// What the scaling pane shows of a service: its target (if registered), its policies, its
/// most recent activities, newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalingDetail {
    pub target: Option<ScalableTarget>,
    pub policies: Vec<ScalingPolicy>,
    pub activities: Vec<ScalingActivity>,
}

impl ScalingDetail {
    /// The CPU target of its target tracking policy on CPU, if it has one.
    pub fn cpu_target(&self) -> Option<f64> {
        self.policies.iter().find_map(ScalingPolicy::cpu_target)
    }
}

/// A service's scalable target as a region-wide DescribeScalableTargets names it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceTarget {
    pub cluster: String,
    pub service: String,
    pub target: ScalableTarget,
}

/// `service/<cluster>/<service>` → (cluster, service); `None` for anything else.
pub fn parse_resource_id(id: &str) -> Option<(String, String)> {
    let mut parts = id.splitn(3, '/');
    match (parts.next(), parts.next(), parts.next()) {
        (Some("service"), Some(c), Some(s)) if !c.is_empty() && !s.is_empty() && !s.contains('/') => {
            Some((c.to_string(), s.to_string()))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tracking(metric: TrackedMetric, target: f64) -> ScalingPolicy {
        ScalingPolicy {
            name: "cpu".into(),
            arn: "arn".into(),
            kind: PolicyKind::TargetTrackingScaling(TargetTracking {
                metric,
                target_value: target,
                scale_out_cooldown: Some(60),
                scale_in_cooldown: Some(300),
                disable_scale_in: false,
            }),
            alarms: vec![],
            created_at: None,
        }
    }

    #[test]
    fn policies_in_words() {
        assert_eq!(
            tracking(TrackedMetric::Cpu, 60.0).text(),
            "target tracking: keep average CPU at 60% · scale-out cooldown 60s · scale-in cooldown 300s"
        );
        assert_eq!(tracking(TrackedMetric::Cpu, 60.0).cpu_target(), Some(60.0));
        assert_eq!(tracking(TrackedMetric::Memory, 75.5).cpu_target(), None);
        assert!(tracking(TrackedMetric::Memory, 75.5).text().contains("average memory at 75.5%"));
        let step = ScalingPolicy {
            kind: PolicyKind::StepScaling(StepScaling {
                adjustment_type: Some("ChangeInCapacity".into()),
                steps: vec![
                    Step { lower: Some(0.0), upper: Some(10.0), adjustment: 1 },
                    Step { lower: Some(10.0), upper: None, adjustment: 3 },
                ],
                cooldown: Some(120),
                min_adjustment_magnitude: None,
            }),
            ..tracking(TrackedMetric::Cpu, 1.0)
        };
        assert_eq!(
            step.text(),
            "step scaling (ChangeInCapacity): +1 when 0 to 10 from the threshold; +3 when 10 or more from the \
             threshold · cooldown 120s"
        );
        let customized = TrackedMetric::Customized {
            namespace: Some("App".into()),
            metric: Some("QueueDepth".into()),
            statistic: Some("Average".into()),
        };
        assert_eq!(customized.at(100.0), "average App QueueDepth at 100");
        assert_eq!(TrackedMetric::predefined("ALBRequestCountPerTarget", None).short(1000.0), "1000 req/task");
    }

    #[test]
    fn activities_say_what_they_set_out_to_do() {
        let a = ScalingActivity {
            id: "1".into(),
            status: ActivityStatus::parse("Successful"),
            cause: "alarm".into(),
            description: "Setting desired count to 10.".into(),
            status_message: None,
            start: None,
            end: None,
            not_scaled: vec![],
        };
        assert_eq!(a.desired_to(), Some(10));
        assert!(!a.refused_out());
        let not = ScalingActivity {
            status: ActivityStatus::Unfulfilled,
            description: "Not scaling".into(),
            not_scaled: vec![NotScaled {
                code: "AlreadyAtMaxCapacity".into(),
                max: Some(10),
                min: None,
                current: Some(10),
            }],
            ..a.clone()
        };
        assert_eq!(not.desired_to(), None);
        assert!(not.refused_out());
        assert_eq!(not.not_scaled[0].text(), "already at its maximum (10 of 10)");
        assert_eq!(ActivityStatus::parse("Later"), ActivityStatus::Other("Later".into()));
        assert!(ActivityStatus::Failed.is_problem() && !ActivityStatus::InProgress.is_problem());
    }

    #[test]
    fn resource_ids() {
        assert_eq!(parse_resource_id("service/prod/api"), Some(("prod".into(), "api".into())));
        assert_eq!(parse_resource_id("service/prod"), None);
        assert_eq!(parse_resource_id("table/x"), None);
        assert_eq!(parse_resource_id("service/prod/a/b"), None);
    }
}
