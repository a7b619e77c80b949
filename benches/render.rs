//! Frame and key benchmarks on the tasks view of one cluster with 10,000 tasks at 200×50:
//! - frame: one render (rows, order and widths were derived before; a frame only reads them),
//!   plain, filtered and sorted; also what deriving them costs when the data changes;
//! - key → frame: `update` for a cursor key plus the frame it causes, p99 over many keys;
//! - flood: 10,000 replies queued ahead of one key, through the loop's own inbox (keys first,
//!   a bounded drain), until the frame that shows the key is drawn.
//!
//! `cargo bench --bench render -- --tasks 10000 --frames 300`
use bosun::api::Loader;
use bosun::config::{Keymap, Themes};
use bosun::connect::Backend;
use bosun::model::{TaskFilter, TaskStatusFilter};
use bosun::runtime::{Reply, Runtime, inbox};
use bosun::sim::{SimOptions, Simulator};
use bosun::state::{Load, Msg, Resource, Settings, State, Target};
use bosun::update::{nav, update};
use bosun::views::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

mod common;
use common::arg;

fn report(label: &str, times: Vec<Duration>) {
    common::report(label, 26, 7, times);
}

fn key(code: KeyCode) -> Msg {
    Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn main() {
    let tasks = arg("--tasks", 10_000);
    let frames = arg("--frames", 300).max(1);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = Arc::new(Simulator::synthetic(SimOptions::default(), 1, 2000, tasks));
    let loader = Loader::new(sim.clone(), 8);
    let fleet = runtime.block_on(loader.fleet(None)).expect("load");
    let cluster = fleet.clusters[0].cluster.arn.clone();
    let all_tasks = fleet.clusters[0].tasks.clone();
    let settings = Settings {
        refresh: Duration::from_secs(10),
        read_only: false,
        protected: vec!["*prod*".into()],
        themes: vec!["default".into()],
    };
    let mut state = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), sim.now());
    state.connected = true;
    state.size = (200, 50);
    let filter = TaskFilter { service: None, status: TaskStatusFilter::Running };
    state.data.tasks.insert(
        (cluster.clone(), filter.clone()),
        Resource { value: Some(all_tasks.clone()), loaded_at: Some(sim.now()), version: 1, ..Default::default() },
    );
    nav::jump(&mut state, vec![View::tasks(cluster.clone(), None)]);
    let theme = Themes::builtin().get("default").cloned().unwrap_or_default();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("backend");
    let rows = state.view().list().and_then(|l| l.rows.as_ref()).map_or(0, |r| r.table.rows.len());
    println!("render: tasks view, {rows} tasks, 200×50 cells, {frames} frames each");

    // Deriving rows: what a data change costs (once per refresh, not per frame).
    let mut times = Vec::new();
    for i in 0..20u64 {
        if let Some(r) = state.data.tasks.get_mut(&(cluster.clone(), filter.clone())) {
            r.version = 100 + i;
        }
        let start = Instant::now();
        nav::sync(&mut state);
        times.push(start.elapsed());
    }
    report("derive rows (data changed)", times);

    for (label, text, column) in
        [("frame plain", "", 0), ("frame filtered /svc-01", "svc-01", 0), ("frame sorted STARTED", "", 7)]
    {
        if let Some(list) = state.view_mut().list_mut() {
            list.filter = text.to_string();
            list.sort = Some(bosun::table::Sort { column, reverse: false });
        }
        nav::sync(&mut state);
        let mut times = Vec::with_capacity(frames);
        for _ in 0..frames {
            let start = Instant::now();
            terminal.draw(|f| bosun::ui::render(&state, &theme, f)).expect("draw");
            times.push(start.elapsed());
        }
        report(label, times);
    }
    if let Some(list) = state.view_mut().list_mut() {
        list.filter.clear();
        list.sort = None;
    }

    // Key → frame: a cursor key's update plus the frame it causes.
    let mut times = Vec::with_capacity(frames * 4);
    for i in 0..frames * 4 {
        let code = if (i / 50) % 2 == 0 { KeyCode::Char('j') } else { KeyCode::Char('k') };
        let start = Instant::now();
        update(&mut state, key(code), sim.now());
        terminal.draw(|f| bosun::ui::render(&state, &theme, f)).expect("draw");
        times.push(start.elapsed());
    }
    report("key → frame (j/k)", times);

    // Flood: 10,000 replies queued, then one key; the loop's inbox takes the key first.
    // Nothing is written here: a journal in a directory that is never created.
    let journal = bosun::audit::Journal::in_dir(&std::env::temp_dir().join("bosun-bench-no-journal"));
    let writer = bosun::runtime::Writer::new(true, journal);
    let (mut rt, _runtime_replies) = Runtime::new(Backend::Demo(sim.clone()), 8, writer);
    let (key_tx, mut keys) = tokio::sync::mpsc::unbounded_channel::<Msg>();
    let (reply_tx, mut replies) = tokio::sync::mpsc::unbounded_channel::<Reply>();
    let mut times = Vec::new();
    for round in 0..20 {
        for i in 0..10_000u64 {
            // Answers to requests nobody waits for any more: each still goes through update.
            let load = Load::Task { cluster: cluster.clone(), arn: format!("{cluster}/stale-{round}-{i}") };
            let msg = Msg::Loaded {
                req: i,
                load,
                result: Err(bosun::api::ApiError::new(bosun::api::ErrorKind::Other, "late")),
            };
            let _ = reply_tx.send(Reply::Msg(msg));
        }
        let before = state.view().list().map(|l| l.selected);
        let _ = key_tx.send(key(KeyCode::Char('j')));
        let start = Instant::now();
        runtime.block_on(async {
            let first = inbox::next(&mut keys, &mut replies, &mut rt).await.expect("a message");
            update(&mut state, first, sim.now());
            inbox::drain(&mut state, &mut keys, &mut replies, &mut rt, || sim.now());
        });
        terminal.draw(|f| bosun::ui::render(&state, &theme, f)).expect("draw");
        times.push(start.elapsed());
        assert_ne!(state.view().list().map(|l| l.selected), before, "the key was handled");
        // Let the rest of the flood through before the next round.
        while let Ok(r) = replies.try_recv() {
            if let Some(m) = rt.accept(r) {
                update(&mut state, m, sim.now());
            }
        }
    }
    report("flood 10,000 + key → frame", times);
}
