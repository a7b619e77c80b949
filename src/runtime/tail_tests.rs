//! `Effect::Tail` and `Effect::StopTail` through the runtime against the demo simulator: lines
//! come back as `Msg::Log` of the tail's id, the job belongs to its view, and a stopped tail's
//! late messages never reach `update`.
use super::{JobKey, Reply, Runtime, Writer};
use crate::audit::Journal;
use crate::connect::Backend;
use crate::model::{LogEvent, LogRange, LogTarget, TailMode, TailStatus};
use crate::sim::{SimOptions, Simulator};
use crate::state::{Effect, Msg};
use std::collections::BTreeSet;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::UnboundedReceiver;

async fn connected(opts: SimOptions) -> (Arc<Simulator>, Runtime, UnboundedReceiver<Reply>, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = Arc::new(Simulator::demo_at(opts, crate::fixtures::now()));
    let (mut rt, mut rx) = Runtime::new(Backend::Demo(sim.clone()), 4, Writer::new(false, Journal::in_dir(dir.path())));
    rt.run(Effect::Connect { req: 1, profile: None, region: None });
    let reply = rx.recv().await.expect("a reply");
    assert!(matches!(rt.accept(reply), Some(Msg::Connected { result: Ok(()), .. })));
    (sim, rt, rx, dir)
}

fn api_tail() -> Effect {
    Effect::Tail {
        tail: 7,
        owner: 3,
        target: LogTarget {
            groups: vec!["/ecs/prod/api".into()],
            stream_prefixes: vec!["ecs/api/".into()],
            region: None,
            label: "prod/api".into(),
        },
        range: LogRange::Last { minutes: 5 },
        pattern: None,
    }
}

/// The next `Msg::Log` that reaches `update`.
async fn next_log(rt: &mut Runtime, rx: &mut UnboundedReceiver<Reply>) -> (u64, Vec<LogEvent>, TailStatus) {
    loop {
        let reply = rx.recv().await.expect("the runtime goes on");
        match rt.accept(reply) {
            Some(Msg::Log { tail, events, status }) => return (tail, events, status),
            Some(other) => panic!("unexpected {other:?}"),
            None => {}
        }
    }
}

#[tokio::test(start_paused = true)]
async fn a_tail_brings_the_last_minutes_then_live_lines_each_once() {
    let (sim, mut rt, mut rx, _dir) = connected(SimOptions { speed: 0.0, ..Default::default() }).await;
    rt.run(api_tail());
    assert_eq!(rt.jobs.owned_by(3), 1, "the tail is a job of its view");
    let start = sim.now();
    let mut lines: Vec<LogEvent> = Vec::new();
    let mut modes = BTreeSet::new();
    while lines.len() < 50 {
        let (tail, events, status) = next_log(&mut rt, &mut rx).await;
        assert_eq!(tail, 7);
        modes.insert(format!("{:?}", status.mode));
        lines.extend(events);
    }
    assert_eq!(modes.into_iter().collect::<Vec<_>>(), [format!("{:?}", TailMode::LiveTail)]);
    assert!(lines.iter().all(|e| e.source.group == "/ecs/prod/api" && e.source.stream.starts_with("ecs/api/")));
    assert!(lines.iter().all(|e| e.timestamp >= start - chrono::Duration::minutes(5) && e.timestamp <= start));
    assert!(lines.iter().all(|e| e.source.container.as_deref() == Some("api") && e.source.task_id.is_some()));
    // Time moves on: Live Tail pushes the new lines.
    sim.advance(Duration::from_secs(20));
    let mut live = Vec::new();
    while live.iter().all(|e: &LogEvent| e.timestamp <= start) {
        let (_, events, _) = next_log(&mut rt, &mut rx).await;
        live.extend(events);
    }
    lines.extend(live);
    let keys: Vec<(String, i64, String)> =
        lines.iter().map(|e| (e.source.stream.clone(), e.timestamp.timestamp_millis(), e.message.clone())).collect();
    let unique: BTreeSet<_> = keys.iter().cloned().collect();
    assert_eq!(unique.len(), keys.len(), "no line twice");
    assert_eq!(sim.calls().get("StartLiveTail").copied(), Some(1));

    rt.run(Effect::StopTail { tail: 7 });
    assert!(!rt.jobs.is_live_key(&JobKey::Tail(7)), "stopped");
    assert_eq!(rt.jobs.len(), 0);
    sim.advance(Duration::from_secs(20));
    tokio::time::sleep(Duration::from_secs(5)).await;
    while let Ok(reply) = rx.try_recv() {
        assert!(rt.accept(reply).is_none(), "a stopped tail's late lines are dropped");
    }
}

#[tokio::test(start_paused = true)]
async fn leaving_the_view_stops_its_tail() {
    let (_sim, mut rt, mut rx, _dir) = connected(SimOptions { speed: 0.0, ..Default::default() }).await;
    rt.run(api_tail());
    let _ = next_log(&mut rt, &mut rx).await;
    rt.run(Effect::StopJobs { owner: 3 });
    assert!(rt.jobs.is_empty());
}

#[tokio::test(start_paused = true)]
async fn the_demo_can_be_made_to_poll() {
    let opts = SimOptions { speed: 0.0, live_tail: false, ..Default::default() };
    let (sim, mut rt, mut rx, _dir) = connected(opts).await;
    rt.run(api_tail());
    let (_, _, status) = next_log(&mut rt, &mut rx).await;
    match status.mode {
        TailMode::Polling { why, backoff: None, .. } => assert!(why.contains("BOSUN_DEMO_LOGS=polling"), "{why}"),
        other => panic!("{other:?}"),
    }
    tokio::time::sleep(Duration::from_secs(7)).await;
    assert!(sim.calls().get("FilterLogEvents").copied().unwrap_or(0) >= 3, "{:?}", sim.calls());
}

#[tokio::test]
async fn a_tail_before_any_connection_ends_at_once_saying_so() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = Arc::new(Simulator::demo_at(SimOptions::default(), crate::fixtures::now()));
    let (mut rt, mut rx) = Runtime::new(Backend::Demo(sim), 4, Writer::new(false, Journal::in_dir(dir.path())));
    rt.run(api_tail());
    let reply = rx.recv().await.expect("a reply");
    match rt.accept(reply) {
        Some(Msg::TailEnded { tail: 7, result: Err(e) }) => assert!(e.message.contains("not connected"), "{e}"),
        other => panic!("{other:?}"),
    }
    assert!(rt.jobs.is_empty());
}
