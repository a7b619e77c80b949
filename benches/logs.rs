//! Log view benchmarks with 100,000 lines kept:
//! - filter: a new `/` filter over every line (include + exclude terms, smart case);
//! - frame: one render of the view at 200×50 (following; then paused mid-buffer with a filter
//!   marking its matches, wrap and JSON pretty on);
//! - ingest: lines per second through `update` as `Msg::Log` batches of 500, and how long a
//!   key takes between those batches (p99);
//! - memory (`--memory`, alone in its own process): the resident set with 5,000 tasks (and
//!   their services) loaded from the simulator and 100,000 lines kept.
//!
//! `cargo bench --bench logs -- --lines 100000 --frames 200`
//! `cargo bench --bench logs -- --memory --lines 100000 --tasks 5000`
use bosun::api::Loader;
use bosun::config::{Keymap, Themes};
use bosun::model::{LogEvent, LogSource, TailMode, TailStatus, TaskFilter, TaskStatusFilter};
use bosun::sim::{SimOptions, Simulator};
use bosun::state::{Effect, Msg, Resource, Settings, State, Target};
use bosun::update::{nav, update};
use bosun::views::log_buffer::{LogBuffer, LogFilter, LogIndex};
use bosun::views::{LogsView, View};
use chrono::TimeZone;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::arg;

fn report(label: &str, times: Vec<Duration>) {
    common::report(label, 34, 8, times);
}

const MESSAGES: &[&str] = &[
    "GET /api/orders/4411 200 12ms user=8812 trace=1-5f3c-9a8b7c6d",
    "POST /api/pay 201 38ms user=4411 amount=19.99 currency=EUR",
    "{\"level\":\"info\",\"msg\":\"cache warm\",\"keys\":1200,\"took_ms\":88}",
    "WARN slow query: SELECT * FROM orders WHERE customer_id = $1 took 2417ms",
    "ERROR payment declined: card_expired\n    at Checkout.pay (checkout.js:88)",
    "GET /health 200 1ms",
];

/// `n` events from 20 tasks × 2 containers, one per millisecond, a few arriving late.
fn events(start: usize, n: usize) -> Vec<LogEvent> {
    let base = chrono::Utc.timestamp_opt(1_800_000_000, 0).single().expect("a time");
    (start..start + n)
        .map(|i| {
            let late = if i % 97 == 0 { 50 } else { 0 };
            let task = format!("{:032x}", i % 20);
            let container = if i % 3 == 0 { "envoy" } else { "app" };
            LogEvent {
                id: format!("e{i}"),
                timestamp: base + chrono::Duration::milliseconds(i as i64 - late),
                ingested: None,
                source: LogSource {
                    group: "/ecs/prod/api".into(),
                    stream: format!("ecs/{container}/{task}"),
                    task_id: Some(task),
                    container: Some(container.into()),
                },
                message: MESSAGES[i % MESSAGES.len()].to_string(),
            }
        })
        .collect()
}

fn live() -> TailStatus {
    TailStatus { mode: TailMode::LiveTail, sampled: false, note: None }
}

fn state(capacity: usize) -> (State, u64) {
    let settings = Settings {
        refresh: Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let now = chrono::Utc::now();
    let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), now);
    s.connected = true;
    s.size = (200, 50);
    s.log_lines = capacity;
    nav::push(&mut s, View::Logs(Box::new(LogsView::group("/ecs/prod/api", capacity))));
    let tail = update(&mut s, Msg::Tick, now)
        .into_iter()
        .find_map(|e| match e {
            Effect::Tail { tail, .. } => Some(tail),
            _ => None,
        })
        .expect("the view starts its tail");
    (s, tail)
}

/// This process's resident set in kB (`VmRSS` in /proc; Linux only).
fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find(|l| l.starts_with("VmRSS:"))?.split_whitespace().nth(1)?.parse().ok()
}

/// The resident set with `tasks` tasks loaded and `lines` lines kept. The simulator that
/// served the tasks is dropped first; what the allocator keeps of it still counts, so the
/// figure errs high.
fn memory(lines: usize, tasks: usize) {
    let start = rss_kb();
    let (mut s, tail) = state(lines);
    {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        let sim = Arc::new(Simulator::synthetic(SimOptions::default(), 1, 500, tasks));
        let fleet = runtime.block_on(Loader::new(sim.clone(), 8).fleet(None)).expect("load");
        for c in fleet.clusters {
            let arn = c.cluster.arn.clone();
            let at = Some(sim.now());
            s.data.services.insert(
                arn.clone(),
                Resource { value: Some(c.services), loaded_at: at, version: 1, ..Default::default() },
            );
            let filter = TaskFilter { service: None, status: TaskStatusFilter::Running };
            s.data.tasks.insert(
                (arn, filter),
                Resource { value: Some(c.tasks), loaded_at: at, version: 1, ..Default::default() },
            );
        }
    }
    let loaded = rss_kb();
    let now = chrono::Utc::now();
    let mut sent = 0;
    while sent < lines {
        update(&mut s, Msg::Log { tail, events: events(sent, 500), status: live() }, now);
        sent += 500;
    }
    let end = rss_kb();
    let mb = |kb: Option<u64>| kb.map_or("unknown".to_string(), |k| format!("{:.1} MB", k as f64 / 1024.0));
    let kept: usize = s.data.tasks.values().filter_map(|r| r.value.as_ref()).map(Vec::len).sum();
    println!("memory: {kept} tasks loaded, {lines} lines sent");
    println!("  resident at start          {}", mb(start));
    println!("  with the tasks loaded      {}", mb(loaded));
    println!("  with the lines kept        {} (target ≤ 50 MB)", mb(end));
}

fn main() {
    let lines = arg("--lines", 100_000);
    let frames = arg("--frames", 200);
    if std::env::args().any(|a| a == "--memory") {
        memory(lines, arg("--tasks", 5_000));
        return;
    }
    println!("log view, {lines} lines kept");

    // Filter: a full re-scan, as when the filter changes.
    let mut buffer = LogBuffer::new(lines);
    let mut fed = 0;
    while buffer.len() < lines {
        buffer.push(events(fed, 10_000));
        fed += 10_000;
    }
    let mut times = Vec::new();
    for input in ["timeout", "ERROR -card", "GET /api -health", "user=44", "nothing-matches-this"] {
        for _ in 0..10 {
            let t = Instant::now();
            let filter = LogFilter::parse(input);
            let mut index = LogIndex::default();
            index.rebuild(&buffer, &filter);
            times.push(t.elapsed());
            std::hint::black_box(index.len(&buffer));
        }
    }
    report("filter 100k lines (target ≤ 20 ms)", times);

    // Ingest through `update`, with a key between batches.
    let (mut s, tail) = state(lines);
    let now = chrono::Utc::now();
    let batch = 500;
    let total = lines.max(batch * 10);
    let mut keys = Vec::new();
    let start = Instant::now();
    let mut sent = 0;
    while sent < total {
        update(&mut s, Msg::Log { tail, events: events(sent, batch), status: live() }, now);
        sent += batch;
        if (sent / batch) % 10 == 0 {
            let code = if (sent / batch) % 20 == 0 { KeyCode::Char('j') } else { KeyCode::Char('k') };
            let t = Instant::now();
            update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
            keys.push(t.elapsed());
        }
    }
    let took = start.elapsed();
    println!(
        "  ingest through update              {:>10.0} lines/s (target ≥ 20,000; {total} events, batches of {batch})",
        total as f64 / took.as_secs_f64()
    );
    report("a key between batches", keys);

    // Frames.
    let themes = Themes::builtin();
    let theme = themes.get("default").cloned().unwrap_or_default();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("test backend");
    update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('G'), KeyModifiers::NONE)), now);
    let mut times = Vec::new();
    for _ in 0..frames {
        let t = Instant::now();
        terminal.draw(|f| bosun::ui::render(&s, &theme, f)).expect("draw");
        times.push(t.elapsed());
    }
    report("frame 200x50, following", times);
    for c in "/GET".chars().chain(['\n']) {
        let code = if c == '\n' { KeyCode::Enter } else { KeyCode::Char(c) };
        update(&mut s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), now);
    }
    for c in ['m', 'p'] {
        update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)), now);
    }
    for _ in 0..200 {
        update(&mut s, Msg::Key(KeyEvent::new(KeyCode::PageUp, KeyModifiers::NONE)), now);
    }
    let mut times = Vec::new();
    for _ in 0..frames {
        let t = Instant::now();
        terminal.draw(|f| bosun::ui::render(&s, &theme, f)).expect("draw");
        times.push(t.elapsed());
    }
    report("frame 200x50, paused, marked, pretty", times);
    println!("(target: a frame ≤ 2 ms)");
}
