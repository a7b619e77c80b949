//! Render snapshots of the alarms view, an alarm with its history, and the service detail's
//! alarms and metrics panes, from fixture alarms and metric data.
use super::snapshots::{answer, detail, draw, key, push, state};
use crate::fixtures;
use crate::model::{Alarm, AlarmChange, AlarmKind, AlarmMetric, AlarmState, Dimension, MetricSet, Series, Time};
use crate::state::{Load, Payload, State};
use crate::views::View;
use chrono::Duration;
use crossterm::event::KeyCode;

fn metric(name: &str, ns: &str, m: &str, dims: &[(&str, &str)], state: AlarmState, ago: i64, reason: &str) -> Alarm {
    Alarm {
        name: name.into(),
        arn: format!("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:{name}"),
        state,
        reason: reason.into(),
        state_updated_at: Some(fixtures::now() - Duration::minutes(ago)),
        actions_enabled: true,
        threshold: Some(80.0),
        comparison: Some("GreaterThanThreshold".into()),
        evaluation_periods: Some(3),
        period: Some(60),
        statistic: Some("Average".into()),
        metrics: vec![AlarmMetric {
            namespace: Some(ns.into()),
            name: Some(m.into()),
            dimensions: dims.iter().map(|(n, v)| Dimension::new(*n, *v)).collect(),
        }],
        ..Default::default()
    }
}

const CPU_REASON: &str = "Threshold Crossed: 3 out of the last 3 datapoints [91.2 (29/11/26 03:10:00), 88.0 (29/11/26 03:09:00), 93.1 (29/11/26 03:08:00)] were greater than the threshold (80.0) (minimum 3 datapoints for OK -> ALARM transition).";

fn alarms() -> Vec<Alarm> {
    let api = [("ClusterName", "prod"), ("ServiceName", "api")];
    let tg = [("LoadBalancer", "app/prod-public/5f1c"), ("TargetGroup", "targetgroup/prod-api/0123abcd")];
    vec![
        metric("prod-api-cpu-high", "AWS/ECS", "CPUUtilization", &api, AlarmState::Alarm, 12, CPU_REASON),
        metric(
            "prod-api-5xx",
            "AWS/ApplicationELB",
            "HTTPCode_Target_5XX_Count",
            &tg,
            AlarmState::Ok,
            95,
            "Threshold Crossed: 2 out of the last 2 datapoints [0.0, 1.0] were not greater than the threshold (25.0).",
        ),
        metric(
            "prod-worker-cpu-high",
            "AWS/ECS",
            "CPUUtilization",
            &[("ClusterName", "prod"), ("ServiceName", "worker")],
            AlarmState::Alarm,
            180,
            "Threshold Crossed: 3 out of the last 3 datapoints were greater than the threshold (85.0).",
        ),
        metric(
            "prod-cpu-reservation-high",
            "AWS/ECS",
            "CPUReservation",
            &[("ClusterName", "prod")],
            AlarmState::InsufficientData,
            40,
            "Insufficient Data: 3 datapoints were unknown.",
        ),
        metric(
            "queue-depth",
            "AWS/SQS",
            "ApproximateNumberOfMessagesVisible",
            &[("QueueName", "jobs")],
            AlarmState::Ok,
            600,
            "fine",
        ),
        Alarm {
            name: "prod-api-page".into(),
            kind: AlarmKind::Composite,
            state: AlarmState::Alarm,
            rule: Some("ALARM(\"prod-api-cpu-high\") OR ALARM(\"prod-api-5xx\")".into()),
            reason: "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:prod-api-cpu-high transitioned to ALARM".into(),
            state_updated_at: Some(fixtures::now() - Duration::minutes(12)),
            ..Default::default()
        },
    ]
}

fn with_alarms(mut s: State) -> State {
    answer(&mut s, Load::Alarms, Ok(Payload::Alarms(alarms())));
    s
}

#[test]
fn alarms_of_every_cluster_firing_first() {
    let mut s = with_alarms(state());
    push(&mut s, View::alarms(None));
    let screen = draw(&mut s, 120, 14);
    // The header counts the region's alarms in ALARM; the rows marked ✖ are the same three.
    assert!(screen.contains("✖ 3 in ALARM"), "{screen}");
    assert!(screen.contains("✖ 3 need attention"), "{screen}");
    let order: Vec<usize> =
        ["prod-worker-cpu-high", "prod-api-cpu-high", "prod-api-page", "prod-cpu-reservation", "queue-depth"]
            .iter()
            .map(|n| screen.find(n).unwrap_or(usize::MAX))
            .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "ALARM (longest first), then no data, then OK: {screen}");
    insta::assert_snapshot!("alarms_all_120x14", screen);
    insta::assert_snapshot!("alarms_all_80x24", draw(&mut s, 80, 24));
}

#[test]
fn an_alarm_in_full_with_its_history() {
    let mut s = with_alarms(state());
    push(&mut s, View::alarms(Some(fixtures::cluster_arn("prod"))));
    push(&mut s, View::alarm("prod-api-cpu-high"));
    let at = |m: i64| Some(fixtures::now() - Duration::minutes(m));
    let history = vec![
        AlarmChange { at: at(12), from: Some(AlarmState::Ok), to: Some(AlarmState::Alarm), reason: CPU_REASON.into() },
        AlarmChange {
            at: at(52),
            from: Some(AlarmState::Alarm),
            to: Some(AlarmState::Ok),
            reason: "Threshold Crossed: 3 out of the last 3 datapoints were not greater than the threshold (80.0)."
                .into(),
        },
    ];
    answer(&mut s, Load::AlarmHistory { name: "prod-api-cpu-high".into() }, Ok(Payload::AlarmHistory(history)));
    let screen = draw(&mut s, 80, 24);
    // The reason wraps whole: its last words are on screen.
    assert!(screen.contains("OK -> ALARM transition)."), "{screen}");
    assert!(screen.contains("OK → ALARM") && screen.contains("ALARM → OK"), "{screen}");
    insta::assert_snapshot!("alarm_history_80x24", screen);
}

fn series(points: impl Iterator<Item = (i64, f64)>) -> Series {
    let now = fixtures::now();
    Series {
        points: points.map(|(m, v)| (now - Duration::minutes(m), v)).collect(),
        status: "Complete".into(),
        messages: vec![],
    }
}

/// The detail of api with its alarms and metrics loaded (CPU climbing, memory with a gap).
fn detail_with_health() -> State {
    let mut s = with_alarms(detail());
    let cluster = fixtures::cluster_arn("prod");
    let api = s.data.services_of(&cluster).and_then(|v| v.iter().find(|x| x.name == "api")).cloned().expect("api");
    let queries = crate::views::service_health::queries(&s.data, &cluster, &api).expect("alarms are loaded");
    assert_eq!(queries.len(), 5, "CPU, memory and three load balancer metrics");
    let end: Time = fixtures::now();
    let start = end - Duration::hours(3);
    let set = MetricSet {
        start,
        end,
        series: vec![
            series((0..36).map(|i| (178 - i * 5, 20.0 + 2.0 * i as f64))),
            series((0..36).filter(|i| !(10..16).contains(i)).map(|i| (178 - i * 5, 55.0))),
            series((0..36).map(|i| (178 - i * 5, 4000.0 + 30.0 * (i % 7) as f64))),
            series((0..36).map(|i| (178 - i * 5, if i > 30 { 40.0 } else { 0.0 }))),
            Series::default(),
        ],
    };
    answer(&mut s, Load::Metrics { queries }, Ok(Payload::Metrics(set)));
    s
}

#[test]
fn the_service_detail_shows_its_alarms_and_metrics() {
    let mut s = detail_with_health();
    let screen = draw(&mut s, 160, 60);
    // api's alarms: by its dimensions, by its target group and deployment alarm, the composite.
    for name in ["prod-api-cpu-high", "prod-api-5xx", "prod-api-page"] {
        assert!(screen.contains(name), "{name}: {screen}");
    }
    assert!(!screen.contains("prod-worker-cpu-high"), "{screen}");
    insta::assert_snapshot!("service_health_160x60", screen);
    key(&mut s, KeyCode::Char('5'));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("prod-api-cpu-high") && screen.contains("for 12m"), "{screen}");
    insta::assert_snapshot!("service_alarms_80x24", screen);
    key(&mut s, KeyCode::Char('6'));
    let screen = draw(&mut s, 80, 24);
    // Memory has six periods without data: drawn blank and counted, never as zero.
    assert!(screen.contains("6 periods without data"), "{screen}");
    assert!(screen.contains("no data in the last three hours"), "response time has none: {screen}");
    insta::assert_snapshot!("service_metrics_80x24", screen);
}
