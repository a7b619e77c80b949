//! Render benchmark: how long one frame of the tasks view takes with 5000 tasks (rows are
//! rebuilt, filtered and sorted from the model on every dirty frame), plain, filtered and
//! sorted by another column. Prints the median and p99 per frame.
//!
//! `cargo bench --bench render -- --tasks 5000 --frames 200`
use bosun::api::Loader;
use bosun::config::{Keymap, Themes};
use bosun::model::{TaskFilter, TaskStatusFilter};
use bosun::sim::{SimOptions, Simulator};
use bosun::state::{Resource, Settings, State, Target, View, ViewKind};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::sync::Arc;
use std::time::{Duration, Instant};

fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).and_then(|v| v.parse().ok()).unwrap_or(default)
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn main() {
    let tasks = arg("--tasks", 5000);
    let frames = arg("--frames", 200).max(1);
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let sim = Arc::new(Simulator::synthetic(SimOptions::default(), 1, 1000, tasks));
    let loader = Loader::new(sim.clone(), 8);
    let fleet = runtime.block_on(loader.fleet(None)).expect("load");
    let cluster = &fleet.clusters[0];
    let settings = Settings { refresh: Duration::from_secs(10), read_only: false, themes: vec!["default".into()] };
    let mut state = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), sim.now());
    state.connected = true;
    let filter = TaskFilter { service: None, status: TaskStatusFilter::Running };
    state.data.tasks.insert(
        (cluster.cluster.arn.clone(), filter),
        Resource { value: Some(cluster.tasks.clone()), loaded_at: Some(sim.now()), ..Default::default() },
    );
    state.stack.push(View::new(ViewKind::Tasks { cluster: cluster.cluster.arn.clone(), service: None }));
    let theme = Themes::builtin().get("default").cloned().unwrap_or_default();
    let mut terminal = Terminal::new(TestBackend::new(200, 50)).expect("backend");

    println!("render: tasks view, {} tasks, 200×50 cells, {frames} frames each", cluster.tasks.len());
    for (label, filter, column) in [("plain", "", 0), ("filtered /svc-01", "svc-01", 0), ("sorted by STARTED", "", 7)] {
        state.view_mut().filter = filter.to_string();
        state.view_mut().sort.column = column;
        let mut times = Vec::with_capacity(frames);
        for _ in 0..frames {
            let start = Instant::now();
            terminal.draw(|f| bosun::ui::render(&state, &theme, f)).expect("draw");
            times.push(start.elapsed());
        }
        times.sort();
        println!(
            "  {label:<20} median {:>7.2} ms   p99 {:>7.2} ms",
            percentile(&times, 0.5).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3
        );
    }
}
