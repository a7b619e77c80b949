//! The simulated account's Application Auto Scaling: the scalable targets of `World`, a policy
//! or two per target, and each target's recent scaling activities — pure functions of the
//! service and the world's start, so the demo tells the same story every time. `payments` in
//! prod is pinned at its maximum while its CPU runs over target: its scale-outs fail with
//! "already at its maximum".
use super::Simulator;
use super::ids::{ACCOUNT, REGION, decode_token, encode_token};
use super::world::World;
use crate::api::scaling::ScalingPage;
use crate::api::{ApiError, ApiResult, ErrorKind, ScalingApi};
use crate::model::{
    ActivityStatus, NotScaled, PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, ServiceTarget, Step,
    StepScaling, TargetTracking, TrackedMetric, arn_name,
};
use async_trait::async_trait;
use chrono::Duration;

const MIN: i64 = 60;
const HOUR: i64 = 3_600;
/// DescribeScalingPolicies' and DescribeScalableTargets' largest page.
const PAGE: usize = 50;

/// A stable hex id from text (the demo's ids never depend on the order things are asked in).
fn hex_of(text: &str, len: usize) -> String {
    let mut out = String::new();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    while out.len() < len {
        for b in text.bytes().chain(out.len().to_le_bytes()) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        out.push_str(&format!("{h:016x}"));
    }
    out.truncate(len);
    out
}

fn uuid_of(text: &str) -> String {
    let h = hex_of(text, 32);
    format!("{}-{}-4{}-a{}-{}", &h[..8], &h[8..12], &h[13..16], &h[17..20], &h[20..])
}

fn policy_arn(cluster: &str, service: &str, name: &str) -> String {
    format!(
        "arn:aws:autoscaling:{REGION}:{ACCOUNT}:scalingPolicy:{}:resource/ecs/service/{cluster}/{service}:policyName/{name}",
        uuid_of(&format!("{cluster}/{service}/{name}"))
    )
}

/// The alarm pair target tracking creates for a policy.
fn tracking_alarms(cluster: &str, service: &str, name: &str) -> Vec<String> {
    let id = uuid_of(&format!("alarms {cluster}/{service}/{name}"));
    ["AlarmHigh", "AlarmLow"].iter().map(|k| format!("TargetTracking-service/{cluster}/{service}-{k}-{id}")).collect()
}

fn tracking(cluster: &str, service: &str, name: &str, metric: TrackedMetric, target: f64, w: &World) -> ScalingPolicy {
    ScalingPolicy {
        name: name.to_string(),
        arn: policy_arn(cluster, service, name),
        kind: PolicyKind::TargetTrackingScaling(TargetTracking {
            metric,
            target_value: target,
            scale_out_cooldown: Some(60),
            scale_in_cooldown: Some(300),
            disable_scale_in: false,
        }),
        alarms: tracking_alarms(cluster, service, name),
        created_at: Some(w.start - Duration::days(30)),
    }
}

/// The policies of a registered service.
pub fn policies(w: &World, cluster: &str, service: &str) -> Vec<ScalingPolicy> {
    let t = |name: &str, metric, target| tracking(cluster, service, name, metric, target, w);
    match (cluster, service) {
        ("prod", "api") => vec![
            t("api-cpu-target", TrackedMetric::Cpu, 60.0),
            t(
                "api-requests-target",
                TrackedMetric::AlbRequests { resource_label: Some("app/prod-alb/1/targetgroup/prod-api/2".into()) },
                1000.0,
            ),
        ],
        ("prod", "web") => vec![t("web-memory-target", TrackedMetric::Memory, 70.0)],
        ("prod", "checkout") => {
            let mut p = t("checkout-cpu-target", TrackedMetric::Cpu, 50.0);
            if let PolicyKind::TargetTrackingScaling(tt) = &mut p.kind {
                tt.disable_scale_in = true;
            }
            vec![p]
        }
        ("prod", "payments") => vec![t("payments-cpu-target", TrackedMetric::Cpu, 60.0)],
        ("batch", "ingest") => vec![ScalingPolicy {
            name: "ingest-queue-steps".into(),
            arn: policy_arn(cluster, service, "ingest-queue-steps"),
            kind: PolicyKind::StepScaling(StepScaling {
                adjustment_type: Some("ChangeInCapacity".into()),
                steps: vec![
                    Step { lower: Some(0.0), upper: Some(500.0), adjustment: 1 },
                    Step { lower: Some(500.0), upper: None, adjustment: 4 },
                ],
                cooldown: Some(120),
                min_adjustment_magnitude: None,
            }),
            alarms: vec!["batch-ingest-queue-deep".into()],
            created_at: Some(w.start - Duration::days(90)),
        }],
        _ => vec![],
    }
}

/// The recent activities of a registered service, newest first (times before the world's start).
pub fn activities(w: &World, cluster: &str, service: &str) -> Vec<ScalingActivity> {
    let high = |policy: &str| {
        let alarm = &tracking_alarms(cluster, service, policy)[0];
        format!("monitor alarm {alarm} in state ALARM triggered policy {policy}")
    };
    let low = |policy: &str| {
        let alarm = &tracking_alarms(cluster, service, policy)[1];
        format!("monitor alarm {alarm} in state ALARM triggered policy {policy}")
    };
    let at = |ago: i64| w.start - Duration::seconds(ago);
    let done = |ago: i64, took: i64, to: i32, cause: String| ScalingActivity {
        id: uuid_of(&format!("{cluster}/{service}/{ago}")),
        status: ActivityStatus::Successful,
        cause,
        description: format!("Setting desired count to {to}."),
        status_message: Some(format!("Successfully set desired count to {to}. Change successfully fulfilled by ecs.")),
        start: Some(at(ago)),
        end: Some(at(ago - took)),
        not_scaled: vec![],
    };
    let at_max = |ago: i64, max: i32, cause: String| ScalingActivity {
        id: uuid_of(&format!("{cluster}/{service}/{ago}")),
        status: ActivityStatus::Failed,
        cause,
        description: "Attempting to scale due to alarm triggered".into(),
        status_message: Some(format!("Failed to set desired count to {}", max + 1)),
        start: Some(at(ago)),
        end: Some(at(ago - 1)),
        not_scaled: vec![NotScaled {
            code: "AlreadyAtMaxCapacity".into(),
            max: Some(max),
            min: None,
            current: Some(max),
        }],
    };
    match (cluster, service) {
        ("prod", "payments") => {
            let p = "payments-cpu-target";
            let mut out: Vec<ScalingActivity> =
                [3 * MIN, 9 * MIN, 15 * MIN].iter().map(|a| at_max(*a, 3, high(p))).collect();
            out.push(ScalingActivity {
                id: uuid_of("prod/payments/unfulfilled"),
                status: ActivityStatus::Unfulfilled,
                cause: high(p),
                description: "Setting desired count to 4.".into(),
                status_message: Some(
                    "Unable to set desired count to 4: the maximum capacity of 3 was reached. Raise the maximum \
                     capacity to let this service grow."
                        .into(),
                ),
                start: Some(at(24 * MIN)),
                end: Some(at(24 * MIN - 2)),
                not_scaled: vec![],
            });
            out.push(done(25 * MIN, 75, 3, high(p)));
            out.push(done(2 * HOUR + 50 * MIN, 90, 2, high(p)));
            out.push(done(9 * HOUR, 60, 1, low(p)));
            out
        }
        ("prod", "api") => vec![
            done(40 * MIN, 70, 6, high("api-cpu-target")),
            done(2 * HOUR + 10 * MIN, 65, 5, low("api-cpu-target")),
            done(3 * HOUR, 80, 6, high("api-requests-target")),
        ],
        ("prod", "web") => vec![done(90 * MIN, 60, 4, high("web-memory-target"))],
        ("prod", "checkout") => vec![done(5 * HOUR, 90, 4, high("checkout-cpu-target"))],
        ("batch", "ingest") => vec![
            done(
                20 * MIN,
                60,
                4,
                "monitor alarm batch-ingest-queue-deep in state ALARM triggered policy ingest-queue-steps".into(),
            ),
            done(
                6 * HOUR,
                120,
                3,
                "monitor alarm batch-ingest-queue-deep in state OK triggered policy ingest-queue-steps".into(),
            ),
        ],
        _ => vec![],
    }
}

fn key(cluster: &str, service: &str) -> (String, String) {
    (arn_name(cluster).to_string(), arn_name(service).to_string())
}

/// `items[from..]` in pages of `size` behind an opaque token (the index of the next item).
fn page<T>(scope: &str, items: Vec<T>, size: usize, token: Option<String>) -> ApiResult<ScalingPage<T>> {
    let from = match token.filter(|t| !t.is_empty()) {
        Some(t) => decode_token(scope, &t)?.parse::<usize>().map_err(|_| {
            ApiError::new(ErrorKind::InvalidInput, "Invalid NextToken").with_code("InvalidNextTokenException")
        })?,
        None => 0,
    };
    let next = (from + size < items.len()).then(|| encode_token(scope, &(from + size).to_string()));
    Ok(ScalingPage { items: items.into_iter().skip(from).take(size).collect(), next_token: next })
}

#[async_trait]
impl ScalingApi for Simulator {
    async fn scalable_target(&self, cluster: String, service: String) -> ApiResult<Option<ScalableTarget>> {
        self.call("DescribeScalableTargets", move |w| Ok(w.scalable_targets.get(&key(&cluster, &service)).copied()))
            .await
    }

    async fn scaling_policies(
        &self,
        cluster: String,
        service: String,
        next_token: Option<String>,
    ) -> ApiResult<ScalingPage<ScalingPolicy>> {
        self.call("DescribeScalingPolicies", move |w| {
            let (c, s) = key(&cluster, &service);
            let all =
                if w.scalable_targets.contains_key(&(c.clone(), s.clone())) { policies(w, &c, &s) } else { vec![] };
            page(&format!("policies {c}/{s}"), all, PAGE, next_token)
        })
        .await
    }

    async fn scaling_activities(
        &self,
        cluster: String,
        service: String,
        max: i32,
        next_token: Option<String>,
    ) -> ApiResult<ScalingPage<ScalingActivity>> {
        self.call("DescribeScalingActivities", move |w| {
            let (c, s) = key(&cluster, &service);
            let all =
                if w.scalable_targets.contains_key(&(c.clone(), s.clone())) { activities(w, &c, &s) } else { vec![] };
            page(&format!("activities {c}/{s}"), all, max.clamp(1, 50) as usize, next_token)
        })
        .await
    }

    async fn scalable_targets(&self, next_token: Option<String>) -> ApiResult<ScalingPage<ServiceTarget>> {
        self.call("DescribeScalableTargets", move |w| {
            let all = w
                .scalable_targets
                .iter()
                .map(|((cluster, service), target)| ServiceTarget {
                    cluster: cluster.clone(),
                    service: service.clone(),
                    target: *target,
                })
                .collect();
            page("targets", all, PAGE, next_token)
        })
        .await
    }
}
