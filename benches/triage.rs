//! Triage benchmark: the console's own loop (state, `update`, the runtime and its loader)
//! opening on the triage view over a synthetic fleet with something wrong in every cluster
//! (20 clusters × 200 services by default), at 50 ms per simulated call. It prints:
//! - the time until every load the triage needs has answered, against its bound: the largest
//!   of the critical path (the longest chain of calls that wait for each other), the work (the
//!   fewest calls × latency ÷ the loader's concurrency) and the describes' work over the
//!   permits describes may use (the loader keeps two for list calls); target ≤ 1.2×;
//! - when the first cluster's services were described and when the first triage rows were
//!   ready (rows come from the same message, so the gap is the rebuild's own time);
//! - the calls by operation against the fewest possible, GetMetricData and DescribeAlarms
//!   included (one alarms read per screen, never one per row).
//!
//! `cargo bench --bench triage -- --latency 50 --clusters 20 --services 200 --tasks 0 --concurrency 8`
use bosun::api::limits;
use bosun::audit::Journal;
use bosun::config::Keymap;
use bosun::connect::Backend;
use bosun::model::{TaskFilter, TaskStatusFilter};
use bosun::runtime::{Runtime, Writer};
use bosun::sim::{SimOptions, Simulator};
use bosun::state::{self, Msg, State, Target};
use bosun::triage::Thresholds;
use bosun::update::{command, nav, update};
use bosun::views::View;
use std::sync::Arc;
use std::time::{Duration, Instant};

/// The load may exceed its bound by this factor.
const TARGET_RATIO: f64 = 1.2;
/// Longest a run may take before it is called stuck.
const GIVE_UP: Duration = Duration::from_secs(300);

struct Args {
    latency_ms: u64,
    clusters: usize,
    services: usize,
    tasks: usize,
    concurrency: usize,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args { latency_ms: 50, clusters: 20, services: 200, tasks: 0, concurrency: 8 };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| -> Result<usize, String> {
            let v = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        };
        match flag.as_str() {
            "--latency" => a.latency_ms = value("--latency")? as u64,
            "--clusters" => a.clusters = value("--clusters")?,
            "--services" => a.services = value("--services")?.max(6),
            "--tasks" => a.tasks = value("--tasks")?,
            "--concurrency" => a.concurrency = value("--concurrency")?.max(1),
            // cargo passes `--bench`; anything else unknown is ignored the same way.
            _ => {}
        }
    }
    Ok(a)
}

/// List calls needed for `n` items: an empty list still takes one call.
fn pages(n: usize) -> u64 {
    n.div_ceil(limits::LIST_PAGE).max(1) as u64
}

/// Describe calls when each page is described in batches of `batch` as it arrives.
fn batches(n: usize, batch: usize) -> u64 {
    let full = n / limits::LIST_PAGE;
    let rest = n % limits::LIST_PAGE;
    (full * limits::LIST_PAGE.div_ceil(batch) + rest.div_ceil(batch)) as u64
}

/// A list chain, then the describe of its last page.
fn chain(n: usize) -> u64 {
    pages(n) + u64::from(n > 0)
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

/// What one run of the console saw, counted from the connect.
#[derive(Default)]
struct Seen {
    clusters_listed: Option<Duration>,
    first_services: Option<Duration>,
    first_rows: Option<Duration>,
    settled: Option<Duration>,
    rows: usize,
    /// What deriving every cluster's rows from scratch costs, once everything is in (what a
    /// view re-deriving the whole region would pay per message).
    derive: Duration,
    /// Services and stopped tasks loaded, per cluster.
    loaded: Vec<(usize, usize)>,
}

fn triage(state: &State) -> Option<&bosun::views::triage::TriageView> {
    match state.view() {
        View::Triage(v) => Some(v),
        _ => None,
    }
}

/// Notes what the state shows now; true once every load of the triage and the alarms have
/// answered.
fn look(state: &State, seen: &mut Seen, at: Duration) -> bool {
    let data = &state.data;
    let Some(clusters) = data.clusters.value.as_deref() else { return false };
    seen.clusters_listed.get_or_insert(at);
    if clusters.iter().any(|c| data.services_of(&c.arn).is_some_and(|s| !s.is_empty())) {
        seen.first_services.get_or_insert(at);
    }
    let Some(view) = triage(state) else { return false };
    if !view.problems().is_empty() {
        seen.first_rows.get_or_insert(at);
    }
    let alarms = data.status_of(&state::Load::Alarms).is_some_and(|s| s.has_value || s.error.is_some());
    if view.settled(data) && alarms {
        let stopped = TaskFilter { service: None, status: TaskStatusFilter::Stopped };
        seen.loaded = clusters
            .iter()
            .map(|c| {
                let services = data.services_of(&c.arn).map_or(0, <[_]>::len);
                (services, data.tasks_of(&c.arn, &stopped).map_or(0, <[_]>::len))
            })
            .collect();
        seen.rows = view.problems().len();
        let mut fresh = View::triage(Thresholds::default(), false);
        let timed = Instant::now();
        fresh.screen_mut().sync(data, state.now, 20);
        seen.derive = timed.elapsed();
        seen.settled = Some(at);
        return true;
    }
    false
}

/// The console as `bosun --demo` runs it, minus the terminal: triage is the start screen, the
/// runtime carries out the effects, and each reply goes through `update`; rows are derived
/// after every message (the console derives them before each frame).
async fn console(sim: &Arc<Simulator>, concurrency: usize) -> Result<Seen, String> {
    sim.reset_calls();
    let settings =
        state::Settings { refresh: Duration::from_secs(3600), read_only: true, protected: vec![], themes: vec![] };
    let target = Target { demo: true, ..Default::default() };
    let mut state = State::new(target, Keymap::defaults(), settings, "default".into(), chrono::Utc::now());
    nav::jump(&mut state, vec![View::triage(Thresholds::default(), true)]);
    let journal = Journal::in_dir(&std::env::temp_dir().join("bosun-bench-triage"));
    let (mut runtime, mut replies) = Runtime::new(Backend::Demo(sim.clone()), concurrency, Writer::new(true, journal));
    let started = Instant::now();
    let mut effects = update(&mut state, Msg::Resize(160, 45), chrono::Utc::now());
    effects.extend(command::connect(&mut state, None, None));
    let mut seen = Seen::default();
    loop {
        for e in effects.drain(..) {
            runtime.run(e);
        }
        nav::sync(&mut state);
        if look(&state, &mut seen, started.elapsed()) {
            return Ok(seen);
        }
        let left = GIVE_UP.saturating_sub(started.elapsed());
        let reply = match tokio::time::timeout(left, replies.recv()).await {
            Ok(Some(r)) => r,
            Ok(None) => return Err("the runtime stopped answering".into()),
            Err(_) => return Err(format!("not settled after {}", secs(GIVE_UP))),
        };
        if let Some(msg) = runtime.accept(reply) {
            effects = update(&mut state, msg, chrono::Utc::now());
        }
    }
}

async fn run(a: Args) -> Result<bool, String> {
    let latency = Duration::from_millis(a.latency_ms);
    let opts = SimOptions { latency, speed: 0.0, ..SimOptions::default() };
    let sim = Arc::new(Simulator::synthetic_with_problems(opts, a.clusters, a.services, a.tasks));
    println!(
        "triage: {} clusters × {} services ({} running tasks each), {} ms per call, concurrency {}",
        a.clusters, a.services, a.tasks, a.latency_ms, a.concurrency
    );
    let seen = console(&sim, a.concurrency).await?;
    let wall = seen.settled.unwrap_or_default();

    // The fewest calls for what was loaded: the clusters; per cluster its services (listed in
    // pages of 100, described 10 at a time) and its stopped tasks (described 100 at a time);
    // the region's alarms once.
    let mut want: Vec<(&str, u64)> = vec![
        ("ListClusters", pages(a.clusters)),
        ("DescribeClusters", batches(a.clusters, limits::DESCRIBE_CLUSTERS)),
        ("ListServices", seen.loaded.iter().map(|(s, _)| pages(*s)).sum()),
        ("DescribeServices", seen.loaded.iter().map(|(s, _)| batches(*s, limits::DESCRIBE_SERVICES)).sum()),
        ("ListTasks", seen.loaded.iter().map(|(_, t)| pages(*t)).sum()),
        ("DescribeTasks", seen.loaded.iter().map(|(_, t)| batches(*t, limits::DESCRIBE_TASKS)).sum()),
    ];
    let min_ecs: u64 = want.iter().map(|(_, n)| n).sum();
    let ecs_describes: u64 = want.iter().filter(|(op, _)| op.starts_with("Describe")).map(|(_, n)| n).sum();
    want.push(("DescribeAlarms", 1));
    want.push(("GetMetricData", 0));
    let calls = sim.calls();
    let made: u64 = calls.values().sum();
    let per_cluster = seen.loaded.iter().map(|(s, t)| chain(*s).max(chain(*t))).max().unwrap_or(0);
    let levels = chain(a.clusters) + per_cluster;
    let path = latency * levels as u32;
    let work = latency.mul_f64(min_ecs as f64 / a.concurrency as f64);
    // The loader keeps two of its permits for list calls (so the list chains, the critical path
    // of a big cluster, never queue behind describes): describes run at most this wide.
    let describe_wide = if a.concurrency > 2 { a.concurrency - 2 } else { a.concurrency };
    let describe_work = latency.mul_f64(ecs_describes as f64 / describe_wide as f64);
    let bound = path.max(work).max(describe_work);
    let ratio = if bound.is_zero() { 1.0 } else { wall.as_secs_f64() / bound.as_secs_f64() };

    let services: usize = seen.loaded.iter().map(|(s, _)| s).sum();
    let stopped: usize = seen.loaded.iter().map(|(_, t)| t).sum();
    println!("  loaded            {services} services, {stopped} stopped tasks; {} triage rows", seen.rows);
    let at = |d: Option<Duration>| d.map_or_else(|| "never".to_string(), secs);
    println!("  clusters listed   {}", at(seen.clusters_listed));
    println!("  first cluster's services described  {}", at(seen.first_services));
    let gap = match (seen.first_rows, seen.first_services) {
        (Some(r), Some(s)) if r >= s => format!(" ({:.1} ms after)", (r - s).as_secs_f64() * 1000.0),
        // A cluster's stopped tasks can name a problem before any services are in.
        (Some(r), Some(s)) => format!(" ({:.1} ms before, from stopped tasks)", (s - r).as_secs_f64() * 1000.0),
        _ => String::new(),
    };
    println!("  first triage rows {}{gap}", at(seen.first_rows));
    println!("  every load in     {}", secs(wall));
    println!("  critical path     {levels} levels × {} ms = {}", a.latency_ms, secs(path));
    println!("  work / concurrency {min_ecs} ECS calls × {} ms / {} = {}", a.latency_ms, a.concurrency, secs(work));
    println!(
        "  describes / their permits {ecs_describes} calls × {} ms / {describe_wide} = {}",
        a.latency_ms,
        secs(describe_work)
    );
    println!("  wall / bound      {ratio:.3} (the largest of the three; target ≤ {TARGET_RATIO})");
    let ideal = path.max(work);
    println!(
        "  wall / ideal      {:.3} (against every permit busy on any call)",
        if ideal.is_zero() { 1.0 } else { wall.as_secs_f64() / ideal.as_secs_f64() }
    );
    println!("  calls             {made}");
    let mut exact = true;
    for (op, min) in &want {
        let got = calls.get(*op).copied().unwrap_or(0);
        exact &= got == *min;
        println!("    {op:<17} {got:>5}  (fewest {min})");
    }
    for (op, got) in calls.iter().filter(|(op, _)| !want.iter().any(|(w, _)| *w == **op)) {
        println!("    {op:<17} {got:>5}  (not needed by the triage)");
    }
    // The first rows are due with the first described services that hold a problem: within
    // one call of the first services described (the next batch), never after the whole load.
    let first_in_time =
        matches!((seen.first_rows, seen.first_services), (Some(r), Some(s)) if r.saturating_sub(s) <= latency);
    println!("  one full derivation of every cluster's rows: {}", ms(seen.derive));
    let pass = ratio <= TARGET_RATIO && exact && first_in_time && seen.rows > 0;
    println!(
        "  within {TARGET_RATIO}× its bound, fewest calls, first rows within a call of the first services: {}",
        if pass { "PASS" } else { "MISS" }
    );
    Ok(pass)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("triage: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("triage: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    if let Err(e) = runtime.block_on(run(args)) {
        eprintln!("triage: {e}");
        std::process::exit(1);
    }
}
