//! Load benchmark on the simulator at 50 ms per call (1 cluster × 2000 services × 10000 tasks
//! by default):
//! - each list view as the console loads it (`services_with`, `tasks_with`): the time to the
//!   first batch of rows, the full load time against its critical path, and the calls;
//! - the container instances of a cluster (`container_instances_with`: ListContainerInstances
//!   pages, each described in one DescribeContainerInstances batch of ≤ 100 while the listing
//!   goes on): the full load against its critical path (≤ 1.1×) and the calls;
//! - the whole fleet (`fleet`), pipelined and then sequentially: the wall time against the
//!   critical-path bound (the longest chain of calls that must wait for each other, times the
//!   latency) and the calls by operation against the minimum.
//!
//! `cargo bench --bench load -- --latency 50 --services 2000 --tasks 10000 --instances 500 --concurrency 8`
use bosun::api::{Batch, Loader, limits};
use bosun::model::TaskFilter;
use bosun::sim::{SimOptions, Simulator};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A load's wall time may exceed its critical-path bound by this factor.
const TARGET_RATIO: f64 = 1.1;
/// The first batch of a list view is due within this many call latencies (a list page, then
/// its first describe, plus slack).
const FIRST_BATCH_LATENCIES: u32 = 3;

struct Args {
    latency_ms: u64,
    clusters: usize,
    services: usize,
    tasks: usize,
    /// Container instances per cluster.
    instances: usize,
    concurrency: usize,
    skip_sequential: bool,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        latency_ms: 50,
        clusters: 1,
        services: 2000,
        tasks: 10000,
        instances: 500,
        concurrency: 8,
        skip_sequential: false,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = |name: &str| -> Result<usize, String> {
            let v = it.next().ok_or_else(|| format!("{name} needs a value"))?;
            v.parse().map_err(|_| format!("{name}: not a number: {v}"))
        };
        match flag.as_str() {
            "--latency" => a.latency_ms = value("--latency")? as u64,
            "--clusters" => a.clusters = value("--clusters")?,
            "--services" => a.services = value("--services")?,
            "--tasks" => a.tasks = value("--tasks")?,
            "--instances" => a.instances = value("--instances")?,
            "--concurrency" => a.concurrency = value("--concurrency")?.max(1),
            "--no-sequential" => a.skip_sequential = true,
            // cargo passes `--bench`; anything else unknown is ignored the same way.
            _ => {}
        }
    }
    Ok(a)
}

/// What loading a fleet of this shape costs at the least.
struct Plan {
    calls: BTreeMap<&'static str, u64>,
    /// Calls on the longest chain of calls that each wait for the previous one.
    levels: u64,
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

/// A list chain, then the describe of its last page (which starts only once that page is in).
fn chain(n: usize) -> u64 {
    pages(n) + u64::from(n > 0)
}

fn plan(clusters: usize, services: usize, tasks: usize) -> Plan {
    let c = clusters as u64;
    let calls = [
        ("ListClusters", pages(clusters)),
        ("DescribeClusters", batches(clusters, limits::DESCRIBE_CLUSTERS)),
        ("ListServices", c * pages(services)),
        ("DescribeServices", c * batches(services, limits::DESCRIBE_SERVICES)),
        ("ListTasks", c * pages(tasks)),
        ("DescribeTasks", c * batches(tasks, limits::DESCRIBE_TASKS)),
    ]
    .into_iter()
    .filter(|(_, n)| *n > 0)
    .collect();
    // Clusters first (listed, then described); then every cluster's services and tasks load
    // side by side, so the longer of the two chains decides.
    let per_cluster = if clusters > 0 { chain(services).max(chain(tasks)) } else { 0 };
    Plan { calls, levels: chain(clusters) + per_cluster }
}

fn secs(d: Duration) -> String {
    format!("{:.3} s", d.as_secs_f64())
}

async fn load(sim: &Arc<Simulator>, concurrency: usize) -> Result<(Duration, usize, usize), String> {
    sim.reset_calls();
    let loader = Loader::new(sim.clone(), concurrency);
    let started = Instant::now();
    let fleet = loader.fleet(None).await.map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let services = fleet.clusters.iter().map(|c| c.services.len()).sum();
    let tasks = fleet.clusters.iter().map(|c| c.tasks.len()).sum();
    Ok((wall, services, tasks))
}

/// One list view loaded on its own, as the console loads it.
struct ViewRun {
    first_batch: Option<Duration>,
    wall: Duration,
    items: usize,
    calls: u64,
}

/// When the first batch arrived, counted from the start of the load.
type FirstBatch = Arc<Mutex<Option<Duration>>>;

/// Notes when the first batch arrives.
fn first_batch_clock<T>(started: Instant) -> (FirstBatch, impl Fn(Batch<T>) + Send + Sync) {
    let first = Arc::new(Mutex::new(None));
    let seen = first.clone();
    let note = move |_: Batch<T>| {
        let mut first = seen.lock().unwrap_or_else(|e| e.into_inner());
        first.get_or_insert_with(|| started.elapsed());
    };
    (first, note)
}

async fn services_view(sim: &Arc<Simulator>, concurrency: usize) -> Result<ViewRun, String> {
    sim.reset_calls();
    let loader = Loader::new(sim.clone(), concurrency);
    let started = Instant::now();
    let (first, note) = first_batch_clock(started);
    let loaded = loader.services_with("load-01", &note).await.map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let first_batch = *first.lock().unwrap_or_else(|e| e.into_inner());
    Ok(ViewRun { first_batch, wall, items: loaded.items.len(), calls: sim.calls().values().sum() })
}

async fn tasks_view(sim: &Arc<Simulator>, concurrency: usize) -> Result<ViewRun, String> {
    sim.reset_calls();
    let loader = Loader::new(sim.clone(), concurrency);
    let started = Instant::now();
    let (first, note) = first_batch_clock(started);
    let loaded = loader.tasks_with("load-01", &TaskFilter::default(), &note).await.map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let first_batch = *first.lock().unwrap_or_else(|e| e.into_inner());
    Ok(ViewRun { first_batch, wall, items: loaded.items.len(), calls: sim.calls().values().sum() })
}

async fn instances_view(sim: &Arc<Simulator>, concurrency: usize) -> Result<ViewRun, String> {
    sim.reset_calls();
    let loader = Loader::new(sim.clone(), concurrency);
    let started = Instant::now();
    let (first, note) = first_batch_clock(started);
    let loaded = loader.container_instances_with("load-01", &note).await.map_err(|e| e.to_string())?;
    let wall = started.elapsed();
    let first_batch = *first.lock().unwrap_or_else(|e| e.into_inner());
    Ok(ViewRun { first_batch, wall, items: loaded.items.len(), calls: sim.calls().values().sum() })
}

/// Prints the container instances load's figures; true when it loaded every instance within
/// [`TARGET_RATIO`] × its critical path with the fewest calls. Its describes (one per page)
/// are far fewer than the permits, so the chain of list pages is the bound.
fn report_instances(run: &ViewRun, want_items: usize, a: &Args) -> bool {
    let latency = Duration::from_millis(a.latency_ms);
    let levels = chain(want_items);
    let want_calls = pages(want_items) + batches(want_items, limits::DESCRIBE_CONTAINER_INSTANCES);
    let bound = latency * levels as u32;
    let ratio = if bound.is_zero() { 1.0 } else { run.wall.as_secs_f64() / bound.as_secs_f64() };
    let pass = ratio <= TARGET_RATIO && run.calls == want_calls && run.items == want_items;
    println!("container instances (load-01, {} instances)", run.items);
    match run.first_batch {
        Some(f) => println!("  first batch       {}", secs(f)),
        None => println!("  first batch       none"),
    }
    println!("  full load         {}", secs(run.wall));
    println!(
        "  calls             {} (minimum {want_calls}: {} ListContainerInstances + {} DescribeContainerInstances)",
        run.calls,
        pages(want_items),
        batches(want_items, limits::DESCRIBE_CONTAINER_INSTANCES)
    );
    println!("  critical path     {levels} levels × {} ms = {}", a.latency_ms, secs(bound));
    println!(
        "  wall / bound      {ratio:.3} (target ≤ {TARGET_RATIO}, minimum calls{}) {}",
        if run.items == want_items { "" } else { ", INCOMPLETE LOAD" },
        if pass { "PASS" } else { "MISS" }
    );
    pass
}

/// Prints one view's figures; true when its first batch was in time, with the fewest calls and
/// every row. (The ≤ 1.1× target is the fleet's: a view alone is usually bound by its describe
/// work over the permits, not by its chain, so both bounds are printed.)
fn report_view(name: &str, run: &ViewRun, want_items: usize, want_calls: u64, levels: u64, a: &Args) -> bool {
    let latency = Duration::from_millis(a.latency_ms);
    let chain = latency * levels as u32;
    let work = latency.mul_f64(want_calls as f64 / a.concurrency as f64);
    let bound = chain.max(work);
    let due = latency * FIRST_BATCH_LATENCIES;
    let ratio = if bound.is_zero() { 1.0 } else { run.wall.as_secs_f64() / bound.as_secs_f64() };
    let pass = run.first_batch.is_some_and(|f| f <= due) && run.calls == want_calls && run.items == want_items;
    println!("{name} view (load-01, {} rows)", run.items);
    match run.first_batch {
        Some(f) => {
            println!("  first batch       {} (target ≤ {FIRST_BATCH_LATENCIES} × latency = {})", secs(f), secs(due))
        }
        None => println!("  first batch       none"),
    }
    println!("  full load         {}", secs(run.wall));
    println!("  critical path     {levels} levels × {} ms = {}", a.latency_ms, secs(chain));
    println!("  work / concurrency {want_calls} calls × {} ms / {} = {}", a.latency_ms, a.concurrency, secs(work));
    println!("  wall / bound      {ratio:.3} (the larger of the two)");
    println!("  calls             {} (minimum {want_calls})", run.calls);
    println!("  first batch in time, minimum calls, every row: {}", if pass { "PASS" } else { "MISS" });
    pass
}

async fn run(a: Args) -> Result<bool, String> {
    let latency = Duration::from_millis(a.latency_ms);
    let opts = SimOptions { latency, speed: 0.0, ..SimOptions::default() };
    let sim = Arc::new(Simulator::synthetic_with_instances(opts, a.clusters, a.services, a.tasks, a.instances));
    let plan = plan(a.clusters, a.services, a.tasks);
    let min_calls: u64 = plan.calls.values().sum();
    let bound = latency * plan.levels as u32;
    let work = latency.mul_f64(min_calls as f64 / a.concurrency as f64);

    println!(
        "load: {} cluster(s) × {} services × {} tasks × {} container instances, {} ms per call, concurrency {}",
        a.clusters, a.services, a.tasks, a.instances, a.latency_ms, a.concurrency
    );
    let mut views_pass = true;
    if a.clusters > 0 {
        let run = services_view(&sim, a.concurrency).await?;
        let calls = pages(a.services) + batches(a.services, limits::DESCRIBE_SERVICES);
        views_pass &= report_view("services", &run, a.services, calls, chain(a.services), &a);
        let run = tasks_view(&sim, a.concurrency).await?;
        let calls = pages(a.tasks) + batches(a.tasks, limits::DESCRIBE_TASKS);
        views_pass &= report_view("tasks", &run, a.tasks, calls, chain(a.tasks), &a);
        if a.instances > 0 {
            let run = instances_view(&sim, a.concurrency).await?;
            views_pass &= report_instances(&run, a.instances, &a);
        }
    }

    println!("fleet (every cluster with its services and tasks)");
    let (pipelined, services, tasks) = load(&sim, a.concurrency).await?;
    let wall = pipelined;
    let calls = sim.calls();
    let made: u64 = calls.values().sum();
    println!("  loaded            {services} services, {tasks} tasks");
    println!("  wall time         {}", secs(wall));
    println!("  calls             {made} (minimum {min_calls})");
    for (op, want) in &plan.calls {
        println!("    {op:<17} {:>5}  (minimum {want})", calls.get(op).copied().unwrap_or(0));
    }
    println!("  critical path     {} levels × {} ms = {}", plan.levels, a.latency_ms, secs(bound));
    println!("  work / concurrency {min_calls} calls × {} ms / {} = {}", a.latency_ms, a.concurrency, secs(work));
    let ratio = if bound.is_zero() { 1.0 } else { wall.as_secs_f64() / bound.as_secs_f64() };
    let complete = services == a.clusters * a.services && tasks == a.clusters * a.tasks;
    let pass = ratio <= TARGET_RATIO && made == min_calls && complete;
    println!(
        "  wall / bound      {ratio:.3} (target ≤ {TARGET_RATIO}, minimum calls{}) {}",
        if complete { "" } else { ", INCOMPLETE LOAD" },
        if pass { "PASS" } else { "MISS" }
    );

    if !a.skip_sequential {
        let (wall, _, _) = load(&sim, 1).await?;
        let made: u64 = sim.calls().values().sum();
        println!("sequential (concurrency 1)");
        println!(
            "  wall time         {}  ({made} calls; {min_calls} × {} ms = {})",
            secs(wall),
            a.latency_ms,
            secs(latency * min_calls as u32)
        );
        println!("  pipelined is      {:.1}× faster", wall.as_secs_f64() / pipelined.as_secs_f64().max(f64::EPSILON));
    }
    Ok(pass && views_pass)
}

fn main() {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(2);
        }
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("load: cannot start the runtime: {e}");
            std::process::exit(1);
        }
    };
    match runtime.block_on(run(args)) {
        Ok(_) => {}
        Err(e) => {
            eprintln!("load: {e}");
            std::process::exit(1);
        }
    }
}
