//! The demo's CloudWatch: alarms on several services and clusters (some flipping between OK
//! and ALARM over simulated time, with the history of their changes), a composite alarm, and
//! metric series (a CPU climb on the crash-looping `worker`, a gap in `search`'s data).
//!
//! Everything is a pure function of the simulated time and the world (target group ARNs), so
//! an alarm's state, its history and the metric it watches always agree.
use super::ids::{ACCOUNT, REGION};
use super::world::World;
use crate::model::alarm::target_group_dimension;
use crate::model::{Alarm, AlarmChange, AlarmKind, AlarmMetric, AlarmState, Dimension, MetricQuery, Series, Time};

/// The demo load balancer in front of prod's target groups.
pub const PROD_ALB: &str = "app/prod-public/5f1c9e0a7b3d2e41";

/// When an alarm fires.
#[derive(Debug, Clone, Copy)]
enum Schedule {
    /// Always in this state, since a while before the simulation started.
    Always(Fixed),
    /// Every `every` seconds, in ALARM for `firing` of them (`offset` shifts the cycle).
    Cycle { every: i64, firing: i64, offset: i64 },
}

#[derive(Debug, Clone, Copy)]
enum Fixed {
    Ok,
    Alarm,
    NoData,
}

#[derive(Debug, Clone)]
struct Spec {
    name: &'static str,
    description: &'static str,
    schedule: Schedule,
    /// Metric alarms: what they watch. Composite alarms: `None` and a rule.
    metric: Option<Watch>,
    rule: Option<&'static str>,
}

#[derive(Debug, Clone)]
struct Watch {
    namespace: &'static str,
    metric: &'static str,
    dims: Vec<Dimension>,
    stat: &'static str,
    threshold: f64,
    greater: bool,
    periods: i32,
    period: i32,
}

fn watch(namespace: &'static str, metric: &'static str, dims: Vec<Dimension>, stat: &'static str) -> Watch {
    Watch { namespace, metric, dims, stat, threshold: 80.0, greater: true, periods: 3, period: 60 }
}

fn ecs(cluster: &str, service: &str) -> Vec<Dimension> {
    vec![Dimension::new("ClusterName", cluster), Dimension::new("ServiceName", service)]
}

fn alb(w: &World, service: &str) -> Vec<Dimension> {
    let tg = w
        .clusters
        .get("prod")
        .and_then(|c| c.services.get(service))
        .and_then(|s| s.svc.load_balancers.first())
        .and_then(|l| l.target_group_arn.as_deref())
        .map(target_group_dimension)
        .unwrap_or("targetgroup/unknown/0")
        .to_string();
    vec![Dimension::new("LoadBalancer", PROD_ALB), Dimension::new("TargetGroup", tg)]
}

const MIN: i64 = 60;
const HOUR: i64 = 3600;

/// The demo's alarms, for the clusters the world has.
fn specs(w: &World) -> Vec<Spec> {
    let mut out = Vec::new();
    if w.clusters.contains_key("prod") {
        out.push(Spec {
            name: "prod-api-cpu-high",
            description: "api CPU above 80% for 3 minutes: scale out or look for a hot loop",
            schedule: Schedule::Cycle { every: 40 * MIN, firing: 9 * MIN, offset: 31 * MIN },
            metric: Some(watch("AWS/ECS", "CPUUtilization", ecs("prod", "api"), "Average")),
            rule: None,
        });
        out.push(Spec {
            name: "prod-api-5xx",
            description: "api answering 5XX: the deployment alarm that rolls api back",
            schedule: Schedule::Cycle { every: 90 * MIN, firing: 12 * MIN, offset: 17 * MIN },
            metric: Some(Watch {
                threshold: 25.0,
                periods: 2,
                ..watch("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", alb(w, "api"), "Sum")
            }),
            rule: None,
        });
        out.push(Spec {
            name: "prod-api-p99-latency",
            description: "api p99 response time above 1.5 s",
            schedule: Schedule::Always(Fixed::Ok),
            metric: Some(Watch {
                threshold: 1.5,
                periods: 5,
                ..watch("AWS/ApplicationELB", "TargetResponseTime", alb(w, "api"), "p99")
            }),
            rule: None,
        });
        out.push(Spec {
            name: "prod-api-page",
            description: "pages the on-call: api CPU or 5XX",
            schedule: Schedule::Always(Fixed::Ok),
            metric: None,
            rule: Some("ALARM(\"prod-api-cpu-high\") OR ALARM(\"prod-api-5xx\")"),
        });
        out.push(Spec {
            name: "prod-worker-cpu-high",
            description: "worker CPU above 85%",
            schedule: Schedule::Always(Fixed::Alarm),
            metric: Some(Watch {
                threshold: 85.0,
                ..watch("AWS/ECS", "CPUUtilization", ecs("prod", "worker"), "Average")
            }),
            rule: None,
        });
        out.push(Spec {
            name: "prod-worker-running-below-desired",
            description: "worker running fewer tasks than desired for 5 minutes",
            schedule: Schedule::Always(Fixed::Alarm),
            metric: Some(Watch {
                threshold: 5.0,
                greater: false,
                periods: 5,
                ..watch("ECS/ContainerInsights", "RunningTaskCount", ecs("prod", "worker"), "Minimum")
            }),
            rule: None,
        });
        out.push(Spec {
            name: "prod-checkout-5xx",
            description: "checkout answering 5XX",
            schedule: Schedule::Cycle { every: 60 * MIN, firing: 7 * MIN, offset: 44 * MIN },
            metric: Some(Watch {
                threshold: 10.0,
                periods: 1,
                ..watch("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", alb(w, "checkout"), "Sum")
            }),
            rule: None,
        });
        out.push(Spec {
            name: "prod-search-memory-high",
            description: "search memory above 80% (Container Insights)",
            schedule: Schedule::Always(Fixed::NoData),
            metric: Some(watch("ECS/ContainerInsights", "MemoryUtilized", ecs("prod", "search"), "Average")),
            rule: None,
        });
        out.push(Spec {
            name: "prod-cpu-reservation-high",
            description: "prod's CPU reservation above 90%",
            schedule: Schedule::Always(Fixed::Ok),
            metric: Some(Watch {
                threshold: 90.0,
                ..watch("AWS/ECS", "CPUReservation", vec![Dimension::new("ClusterName", "prod")], "Maximum")
            }),
            rule: None,
        });
    }
    if w.clusters.contains_key("batch") {
        out.push(Spec {
            name: "batch-memory-reservation-high",
            description: "batch instances nearly full: ingest cannot be placed",
            schedule: Schedule::Always(Fixed::Alarm),
            metric: Some(Watch {
                threshold: 90.0,
                ..watch("AWS/ECS", "MemoryReservation", vec![Dimension::new("ClusterName", "batch")], "Maximum")
            }),
            rule: None,
        });
    }
    if w.clusters.contains_key("dev") {
        out.push(Spec {
            name: "dev-cpu-utilization-high",
            description: "dev CPU above 80%",
            schedule: Schedule::Cycle { every: 120 * MIN, firing: 20 * MIN, offset: 0 },
            metric: Some(watch("AWS/ECS", "CPUUtilization", vec![Dimension::new("ClusterName", "dev")], "Average")),
            rule: None,
        });
    }
    out
}

/// The state of `spec` at `t`; a composite is in ALARM when any alarm its rule names is.
fn state_at(all: &[Spec], spec: &Spec, t: Time) -> AlarmState {
    if let Some(rule) = spec.rule {
        let firing = crate::model::alarm::rule_alarms(rule)
            .iter()
            .filter_map(|n| all.iter().find(|s| s.name == n))
            .any(|s| state_at(all, s, t) == AlarmState::Alarm);
        return if firing { AlarmState::Alarm } else { AlarmState::Ok };
    }
    match spec.schedule {
        Schedule::Always(Fixed::Ok) => AlarmState::Ok,
        Schedule::Always(Fixed::Alarm) => AlarmState::Alarm,
        Schedule::Always(Fixed::NoData) => AlarmState::InsufficientData,
        Schedule::Cycle { every, firing, offset } => {
            if (t.timestamp() + offset).rem_euclid(every) < firing {
                AlarmState::Alarm
            } else {
                AlarmState::Ok
            }
        }
    }
}

/// How far back the history looks, and the step it scans at (every flip is on a minute).
const HISTORY_SECS: i64 = 24 * HOUR;

/// State changes of `spec` in the last day before `now`, newest first; a fixed alarm's one
/// change happened shortly before the simulation started.
fn changes(all: &[Spec], spec: &Spec, start: Time, now: Time) -> Vec<(Time, AlarmState, AlarmState)> {
    if let Schedule::Always(_) = spec.schedule
        && spec.rule.is_none()
    {
        let to = state_at(all, spec, now);
        let from = if to == AlarmState::Ok { AlarmState::InsufficientData } else { AlarmState::Ok };
        return vec![(start - chrono::Duration::minutes(47), from, to)];
    }
    let mut out = Vec::new();
    let minute = |t: Time| t - chrono::Duration::seconds(t.timestamp().rem_euclid(MIN));
    let mut t = minute(now);
    let mut state = state_at(all, spec, t);
    let until = now - chrono::Duration::seconds(HISTORY_SECS);
    while t > until {
        let before = t - chrono::Duration::seconds(MIN);
        let was = state_at(all, spec, before);
        if was != state {
            out.push((t, was.clone(), state.clone()));
        }
        state = was;
        t = before;
    }
    out
}

fn arn(name: &str) -> String {
    format!("arn:aws:cloudwatch:{REGION}:{ACCOUNT}:alarm:{name}")
}

/// CloudWatch's reason for a state, with the datapoints the metric has at `t`.
fn reason(all: &[Spec], spec: &Spec, state: &AlarmState, t: Time, start: Time) -> String {
    let Some(m) = &spec.metric else {
        return match state {
            AlarmState::Alarm => {
                let firing: Vec<String> = crate::model::alarm::rule_alarms(spec.rule.unwrap_or_default())
                    .into_iter()
                    .filter(|n| all.iter().any(|s| s.name == n && state_at(all, s, t) == AlarmState::Alarm))
                    .map(|n| format!("{} transitioned to ALARM", arn(&n)))
                    .collect();
                format!("{} ({})", firing.join(", "), "composite rule evaluated to TRUE")
            }
            _ => "The composite rule evaluated to FALSE: none of its alarms is in ALARM.".into(),
        };
    };
    if *state == AlarmState::InsufficientData {
        return format!(
            "Insufficient Data: {} datapoints were unknown. No data for {} in the last {} minutes.",
            m.periods,
            m.metric,
            m.periods * m.period / 60
        );
    }
    let q = MetricQuery {
        namespace: m.namespace.into(),
        metric: m.metric.into(),
        dimensions: m.dims.clone(),
        stat: m.stat.into(),
        period: m.period,
    };
    let points: Vec<String> = (0..m.periods)
        .map(|i| t - chrono::Duration::seconds(i64::from(m.period * (i + 1))))
        .filter_map(|at| value(all, &q, at, start).map(|v| format!("{v:.1} ({})", at.format("%d/%m/%y %H:%M:%S"))))
        .collect();
    let (crossed, word) = match (state, m.greater) {
        (AlarmState::Alarm, true) => ("Threshold Crossed", "greater than"),
        (AlarmState::Alarm, false) => ("Threshold Crossed", "less than"),
        (_, true) => ("Threshold Crossed", "not greater than"),
        (_, false) => ("Threshold Crossed", "not less than"),
    };
    format!(
        "{crossed}: {n} out of the last {n} datapoints [{}] were {word} the threshold ({:.1}) (minimum {n} datapoints for {} transition).",
        points.join(", "),
        m.threshold,
        if *state == AlarmState::Alarm { "OK -> ALARM" } else { "ALARM -> OK" },
        n = m.periods,
    )
}

fn alarm(all: &[Spec], spec: &Spec, start: Time, now: Time) -> Alarm {
    let state = state_at(all, spec, now);
    let since =
        changes(all, spec, start, now).first().map(|c| c.0).unwrap_or(now - chrono::Duration::seconds(HISTORY_SECS));
    let mut a = Alarm {
        name: spec.name.into(),
        arn: arn(spec.name),
        kind: if spec.rule.is_some() { AlarmKind::Composite } else { AlarmKind::Metric },
        reason: reason(all, spec, &state, since, start),
        state,
        state_updated_at: Some(since),
        description: Some(spec.description.into()),
        actions_enabled: true,
        rule: spec.rule.map(str::to_string),
        ..Default::default()
    };
    if let Some(m) = &spec.metric {
        a.threshold = Some(m.threshold);
        a.comparison = Some(if m.greater { "GreaterThanThreshold" } else { "LessThanThreshold" }.into());
        a.evaluation_periods = Some(m.periods);
        a.period = Some(m.period);
        a.statistic = Some(m.stat.into());
        a.metrics = vec![AlarmMetric {
            namespace: Some(m.namespace.into()),
            name: Some(m.metric.into()),
            dimensions: m.dims.clone(),
        }];
    }
    a
}

/// Every demo alarm as DescribeAlarms would list them (metric alarms, then composite ones).
pub fn alarms(w: &World) -> Vec<Alarm> {
    let all = specs(w);
    let now = w.now();
    let mut out: Vec<Alarm> = all.iter().filter(|s| s.rule.is_none()).map(|s| alarm(&all, s, w.start, now)).collect();
    out.extend(all.iter().filter(|s| s.rule.is_some()).map(|s| alarm(&all, s, w.start, now)));
    out
}

/// DescribeAlarmHistory of one alarm; `None` when there is no such alarm.
pub fn history(w: &World, name: &str) -> Option<Vec<AlarmChange>> {
    let all = specs(w);
    let spec = all.iter().find(|s| s.name == name)?;
    Some(
        changes(&all, spec, w.start, w.now())
            .into_iter()
            .map(|(at, from, to)| AlarmChange {
                at: Some(at),
                reason: reason(&all, spec, &to, at, w.start),
                from: Some(from),
                to: Some(to),
            })
            .collect(),
    )
}

/// A number in `0..1` from the query and the time: the demo's noise, the same on every call.
fn noise(q: &MetricQuery, t: Time) -> f64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let key = format!("{}{}{:?}{}", q.namespace, q.metric, q.dimensions, t.timestamp());
    for b in key.bytes() {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    (h % 10_000) as f64 / 10_000.0
}

fn dim<'a>(q: &'a MetricQuery, name: &str) -> Option<&'a str> {
    q.dimensions.iter().find(|d| d.name == name).map(|d| d.value.as_str())
}

/// The value of a metric at `t`, `None` where the demo has no data (a gap, or a metric it
/// does not publish).
fn value(all: &[Spec], q: &MetricQuery, t: Time, start: Time) -> Option<f64> {
    let n = noise(q, t);
    // The metric leads its alarm by the alarm's evaluation window: an alarm changes state
    // once its last datapoints have crossed, so its reason's datapoints agree with it.
    let firing = |name: &str| {
        all.iter().find(|s| s.name == name).is_some_and(|s| {
            let lead = s.metric.as_ref().map_or(0, |m| i64::from(m.periods * m.period));
            state_at(all, s, t + chrono::Duration::seconds(lead)) == AlarmState::Alarm
        })
    };
    let since_start = (t - start).num_seconds() as f64;
    let service = dim(q, "ServiceName");
    match (q.namespace.as_str(), q.metric.as_str()) {
        ("AWS/ECS", "CPUUtilization") => match service {
            Some("api") if firing("prod-api-cpu-high") => Some(86.0 + 8.0 * n),
            Some("api") => Some(38.0 + 14.0 * n),
            // payments is pinned at its auto scaling maximum, over its 60% target.
            Some("payments") => Some(84.0 + 10.0 * n),
            // worker climbs from 30% five hours before the start to its ceiling half an hour before.
            Some("worker") => Some(
                (30.0 + 67.0 * (since_start + 5.0 * HOUR as f64) / (4.5 * HOUR as f64)).clamp(30.0, 97.0) + 2.0 * n,
            ),
            // search lost its data for twenty-five minutes (its tasks could not be placed).
            Some("search") if (-100 * MIN..-75 * MIN).contains(&(since_start as i64)) => None,
            Some(_) => Some(12.0 + 30.0 * n),
            None => Some(
                if dim(q, "ClusterName") == Some("dev") && firing("dev-cpu-utilization-high") { 84.0 } else { 35.0 }
                    + 10.0 * n,
            ),
        },
        ("AWS/ECS", "MemoryUtilization") => match service {
            Some("worker") => Some(88.0 + 11.0 * n),
            Some("search") if (-100 * MIN..-75 * MIN).contains(&(since_start as i64)) => None,
            Some(_) => Some(45.0 + 15.0 * n),
            None => Some(50.0 + 10.0 * n),
        },
        ("AWS/ECS", "CPUReservation") => Some(62.0 + 5.0 * n),
        ("AWS/ECS", "MemoryReservation") => Some(93.0 + 4.0 * n),
        ("ECS/ContainerInsights", "RunningTaskCount") => Some(if n < 0.5 { 2.0 } else { 3.0 }),
        ("ECS/ContainerInsights", _) => None,
        ("AWS/ApplicationELB", metric) => {
            if dim(q, "LoadBalancer") != Some(PROD_ALB) {
                return None;
            }
            let tg = dim(q, "TargetGroup")?;
            let (svc_alarm, base) = if tg.contains("/prod-api/") {
                ("prod-api-5xx", 4200.0)
            } else if tg.contains("/prod-checkout/") {
                ("prod-checkout-5xx", 1300.0)
            } else {
                ("", 800.0)
            };
            let errors = firing(svc_alarm);
            Some(match metric {
                "RequestCount" => base * (0.8 + 0.4 * n),
                "HTTPCode_Target_5XX_Count" if errors => 30.0 + 60.0 * n,
                "HTTPCode_Target_5XX_Count" => (3.0 * n).floor(),
                "TargetResponseTime" if errors => 0.9 + 0.8 * n,
                "TargetResponseTime" => 0.08 + 0.07 * n,
                _ => return None,
            })
        }
        _ => None,
    }
}

/// GetMetricData in the demo: each query's datapoints at its period over `start..end`,
/// newest first as CloudWatch orders them, in one page.
pub fn metric_data(w: &World, queries: &[MetricQuery], start: Time, end: Time) -> Vec<Series> {
    let all = specs(w);
    // Nothing is published past the simulated present.
    let end = end.min(w.now());
    queries
        .iter()
        .map(|q| {
            let period = i64::from(q.period.max(60));
            let first = start.timestamp().div_euclid(period) * period;
            let mut points: Vec<(Time, f64)> = (0..)
                .map(|i| first + i * period)
                .take_while(|s| *s < end.timestamp())
                .filter(|s| *s >= start.timestamp())
                .filter_map(|s| chrono::DateTime::from_timestamp(s, 0))
                .filter_map(|t| value(&all, q, t, w.start).map(|v| (t, v)))
                .collect();
            points.reverse();
            Series { points, status: "Complete".into(), messages: vec![] }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::api::cloudwatch::{all_alarms, metric_set};
    use crate::api::{CloudWatchApi, EcsApi};
    use crate::fixtures;
    use crate::model::alarm::{ServiceKey, alarms_of_cluster, alarms_of_service, service_refs};
    use crate::model::metrics::service_queries;
    use crate::model::{AlarmKind, AlarmState, Service, Spark};
    use crate::sim::{SimOptions, Simulator};
    use std::time::Duration;

    fn sim() -> Simulator {
        Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, fixtures::now())
    }

    async fn service(sim: &Simulator, name: &str) -> Service {
        let mut d = sim.describe_services("prod".into(), vec![name.into()]).await.expect("described");
        d.items.remove(0)
    }

    #[tokio::test]
    async fn the_demo_has_firing_quiet_unknown_and_composite_alarms_matched_to_services() {
        let sim = sim();
        let alarms = all_alarms(&sim).await.expect("alarms");
        let states = |s: AlarmState| alarms.iter().filter(|a| a.state == s).count();
        assert!(states(AlarmState::Alarm) >= 3 && states(AlarmState::Ok) >= 3, "{alarms:#?}");
        assert_eq!(states(AlarmState::InsufficientData), 1);
        assert!(alarms.iter().any(|a| a.kind == AlarmKind::Composite && a.rule_alarms().len() == 2));
        // api's: by its dimensions, its target group (and deployment alarm), the composite.
        let api = service(&sim, "api").await;
        let (tgs, deploy) = service_refs(&api);
        let key = ServiceKey::of("prod", &api, &tgs, &deploy);
        let names: Vec<&str> = alarms_of_service(&alarms, &key).iter().map(|(a, _)| a.name.as_str()).collect();
        for want in ["prod-api-cpu-high", "prod-api-5xx", "prod-api-p99-latency", "prod-api-page"] {
            assert!(names.contains(&want), "{want} in {names:?}");
        }
        assert!(!names.iter().any(|n| n.contains("worker")));
        let batch: Vec<&str> = alarms_of_cluster(&alarms, "batch").iter().map(|a| a.name.as_str()).collect();
        assert_eq!(batch, ["batch-memory-reservation-high"]);
    }

    #[tokio::test]
    async fn a_flipping_alarm_changes_state_over_time_and_keeps_its_history() {
        let sim = sim();
        let state = |alarms: &[crate::model::Alarm]| {
            alarms.iter().find(|a| a.name == "prod-api-cpu-high").map(|a| a.state.clone()).expect("the alarm")
        };
        let mut seen = std::collections::BTreeSet::new();
        for _ in 0..12 {
            seen.insert(state(&all_alarms(&sim).await.expect("alarms")));
            sim.advance(Duration::from_secs(5 * 60));
        }
        assert!(seen.contains(&AlarmState::Alarm) && seen.contains(&AlarmState::Ok), "{seen:?}");
        let history = sim.alarm_history("prod-api-cpu-high".into()).await.expect("history");
        assert!(history.len() >= 10, "a day of flips: {}", history.len());
        for pair in history.windows(2) {
            assert!(pair[0].at > pair[1].at, "newest first");
            assert_eq!(pair[0].from, pair[1].to, "each change starts where the one before ended");
        }
        assert!(history.iter().all(|c| c.reason.starts_with("Threshold Crossed")));
        assert!(sim.alarm_history("no-such-alarm".into()).await.expect("empty").is_empty());
    }

    #[tokio::test]
    async fn the_failing_worker_climbs_and_search_has_a_gap() {
        let sim = sim();
        let end = fixtures::now();
        let start = end - chrono::Duration::hours(3);
        let mut queries: Vec<_> = service_queries("prod", "worker").into_iter().map(|(_, q)| q).collect();
        queries.extend(service_queries("prod", "search").into_iter().map(|(_, q)| q));
        let set = metric_set(&sim, queries, start, end).await.expect("data");
        let worker = Spark::of(&set.series[0].points, start, end, 36);
        let first = worker.buckets.iter().flatten().next().copied().expect("data");
        assert!(worker.current().expect("data") > first + 25.0, "{worker:?}");
        let search = Spark::of(&set.series[2].points, start, end, 36);
        assert!(search.gaps() >= 4 && search.current().is_some(), "{search:?}");
        // Newest first, as CloudWatch orders them.
        assert!(set.series[0].points.windows(2).all(|w| w[0].0 > w[1].0));
        assert_eq!(sim.calls().get("GetMetricData"), Some(&1), "one call for the screen");
    }
}
