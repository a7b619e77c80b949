//! CloudWatch Logs through moto, for what it answers faithfully: DescribeLogGroups, and
//! FilterLogEvents' time range and event ids — and a whole tail of a range that ended, read
//! by the tail engine over the real SDK. moto ignores `logStreamNamePrefix` and most pattern
//! syntax, and its StartLiveTail is not live (docs/testing.md): none of that is relied on here.
use crate::common::moto_logs_client;
use crate::moto;
use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use bosun::api::{FilterRequest, LogsApi};
use bosun::aws::SdkLogs;
use bosun::model::{LogRange, LogTarget};
use bosun::tail::{Config, Out, Spec};
use std::sync::{Arc, Mutex};

const GROUP: &str = "/ecs/prod/api";
const STREAM: &str = "ecs/api/0123456789abcdef0123456789abcdef";

fn at(ms: i64) -> bosun::model::Time {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A group with one stream and `n` lines a second apart, from `start` ms.
async fn seeded(acct: &moto::MotoAccount, start: i64, n: i64) -> aws_sdk_cloudwatchlogs::Client {
    let logs = moto_logs_client(acct);
    logs.create_log_group().log_group_name(GROUP).send().await.expect("CreateLogGroup");
    logs.create_log_stream().log_group_name(GROUP).log_stream_name(STREAM).send().await.expect("CreateLogStream");
    let events: Vec<InputLogEvent> = (0..n)
        .map(|i| {
            InputLogEvent::builder().timestamp(start + i * 1000).message(format!("line {i}")).build().expect("event")
        })
        .collect();
    logs.put_log_events()
        .log_group_name(GROUP)
        .log_stream_name(STREAM)
        .set_log_events(Some(events))
        .send()
        .await
        .expect("PutLogEvents");
    logs
}

fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

#[tokio::test]
async fn filter_log_events_keeps_to_the_window_and_gives_ids() {
    let acct = moto::account();
    let start = now_ms() - 60_000;
    let client = seeded(&acct, start, 10).await;
    let logs = SdkLogs::from_client(client, None);
    let page = logs
        .filter_log_events(FilterRequest {
            group: GROUP.into(),
            start: Some(at(start + 2_000)),
            end: Some(at(start + 5_000)),
            ..Default::default()
        })
        .await
        .expect("FilterLogEvents");
    let got: Vec<&str> = page.events.iter().map(|e| e.message.as_str()).collect();
    assert_eq!(got, ["line 2", "line 3", "line 4", "line 5"], "both ends inclusive, as CloudWatch documents");
    assert!(page.events.iter().all(|e| !e.id.is_empty() && e.source.container.as_deref() == Some("api")));
    let groups = logs.describe_log_groups(None, "/ecs/prod".into(), None).await.expect("DescribeLogGroups");
    assert_eq!(groups.groups.len(), 1);
    assert!(groups.groups[0].arn.ends_with(":log-group:/ecs/prod/api"), "{}", groups.groups[0].arn);
}

#[tokio::test]
async fn a_tail_of_a_range_that_ended_reads_it_whole_and_ends() {
    let acct = moto::account();
    let start = now_ms() - 120_000;
    let client = seeded(&acct, start, 30).await;
    let logs: Arc<dyn LogsApi> = Arc::new(SdkLogs::from_client(client, None));
    let spec = Spec {
        target: LogTarget { groups: vec![GROUP.into()], stream_prefixes: vec![], region: None, label: "api".into() },
        range: LogRange::Between { from: at(start + 5_000), to: Some(at(start + 25_000)) },
        pattern: None,
    };
    let outs = Arc::new(Mutex::new(Vec::new()));
    let sink = outs.clone();
    let clock: bosun::tail::Clock = Arc::new(chrono::Utc::now);
    bosun::tail::run(logs, spec, Config::default(), clock, move |o| sink.lock().expect("lock").push(o)).await;
    let outs = outs.lock().expect("lock").clone();
    let lines: Vec<String> = outs
        .iter()
        .flat_map(|o| match o {
            Out::Log { events, .. } => events.iter().map(|e| e.message.clone()).collect(),
            Out::Ended(_) => Vec::new(),
        })
        .collect();
    assert_eq!(lines, (5..=25).map(|i| format!("line {i}")).collect::<Vec<_>>());
    assert_eq!(outs.last(), Some(&Out::Ended(Ok(()))));
}
