//! CloudWatch Logs for the demo: every task of the fleet that has run writes lines to its
//! containers' awslogs streams (`ecs/<container>/<task id>` in `/ecs/<cluster>/<service>`):
//! requests, slow-query warnings, 5xx errors with a stack trace (one event per line), JSON lines
//! from `payments` and `notifications`, jobs from workers, a few sidecar lines, and the last
//! words of a task that crashes (memory warnings, then the OOM error or the exception that
//! killed it).
//!
//! Lines are a pure function of the seed, the task and the second, so FilterLogEvents pages and
//! the Live Tail push give the same lines at the same times, and the same seed gives the same
//! logs. Time is the simulator's clock. Live Tail pushes an update each second, samples above
//! 500 lines a second and ends a session after 3 hours like the real one; `SimOptions.live_tail
//! = false` (`BOSUN_DEMO_LOGS=polling`) makes StartLiveTail refuse, so the demo polls.
use super::world::{Fate, STEP_SECS, World};
use super::{ACCOUNT, REGION, Simulator};
use crate::api::{
    ApiError, ApiResult, ErrorKind, FilterRequest, LiveTail, LiveTailRequest, LiveTailUpdate, LogGroup, LogGroupPage,
    LogPage, LogsApi, log_limits,
};
use crate::model::LogEvent;
use crate::tail::source::{event, group_name, to_ms};
use async_trait::async_trait;
use futures::StreamExt;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;
use std::time::Duration;

/// How far back the demo's groups keep lines.
const RETENTION_MS: i64 = 2 * 3600 * 1000;
/// Events per FilterLogEvents page.
const PAGE: usize = 1_000;
/// Seconds one FilterLogEvents call scans before it answers (possibly an empty page with a
/// token, as CloudWatch does).
const SCAN_SECS: i64 = 600;
/// Live Tail updates cover at most this many seconds (a clock that jumped far ahead).
const LIVE_CATCH_UP_SECS: i64 = 300;

/// What a container writes like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// An HTTP service: access lines, slow queries, 5xx with a Python traceback.
    Web,
    /// JSON lines (payments, notifications).
    Json,
    /// A queue worker: jobs, failures with a Java stack trace.
    Worker,
    /// A sidecar: a line now and then.
    Sidecar,
}

/// One container of one task that logs with awslogs.
#[derive(Debug, Clone)]
pub struct Writer {
    group: String,
    stream: String,
    kind: Kind,
    seed: u64,
    started_ms: i64,
    stopped_ms: Option<i64>,
    /// When it crashes, and whether out of memory.
    crash: Option<(i64, bool)>,
}

fn hash(parts: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    parts.hash(&mut h);
    h.finish()
}

fn kind(service: &str, container: &str, app: bool) -> Kind {
    if !app {
        Kind::Sidecar
    } else if ["worker", "ingest", "etl", "reports"].iter().any(|w| service.contains(w)) {
        Kind::Worker
    } else if ["payments", "notifications"].iter().any(|w| service.contains(w)) {
        Kind::Json
    } else if container.contains("router") {
        Kind::Sidecar
    } else {
        Kind::Web
    }
}

/// Every container that is writing or has written, as the world stands.
pub fn writers(w: &World, seed: u64) -> Vec<Writer> {
    let mut out = Vec::new();
    for c in w.clusters.values() {
        for t in c.tasks.values() {
            let Some(started) = t.task.started_at else { continue };
            let Some(def) = w.task_defs.get(&t.task.task_definition) else { continue };
            let service = t.service().unwrap_or("task");
            // A crash to come, or one that already stopped the task (its app container exited
            // with an error: 137 is the kernel's OOM kill).
            let app_exit = t.task.containers.first().and_then(|c| c.exit_code).filter(|c| *c != 0);
            let crash = match (t.fate, app_exit, t.task.stopped_at) {
                (Fate::Crash { at_step, oom }, _, _) => {
                    Some((to_ms(w.start) + (at_step as i64).saturating_mul(STEP_SECS * 1000), oom))
                }
                (_, Some(code), Some(at)) => Some((to_ms(at) - 1, code == 137)),
                _ => None,
            };
            for (i, ctr) in def.container_definitions.iter().enumerate() {
                let Some(logs) = ctr.awslogs() else { continue };
                let prefix = logs.stream_prefix.unwrap_or_default();
                let stream = if prefix.is_empty() {
                    t.task.id().to_string()
                } else {
                    format!("{prefix}/{}/{}", ctr.name, t.task.id())
                };
                out.push(Writer {
                    kind: kind(service, &ctr.name, i == 0),
                    seed: hash((seed, &stream)),
                    group: logs.group,
                    stream,
                    started_ms: to_ms(started),
                    stopped_ms: t.task.stopped_at.map(to_ms),
                    crash: if i == 0 { crash } else { None },
                });
            }
        }
    }
    out
}

/// Every log group the fleet's task definitions and exec audit settings name.
pub fn groups(w: &World) -> BTreeSet<String> {
    let mut out: BTreeSet<String> = w
        .task_defs
        .values()
        .flat_map(|d| d.container_definitions.iter().filter_map(|c| c.awslogs().map(|l| l.group)))
        .collect();
    out.extend(w.clusters.values().filter_map(|c| c.cluster.exec.cloudwatch_log_group.clone()));
    out
}

pub fn group_arn(name: &str) -> String {
    format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{name}")
}

const PATHS: &[&str] =
    &["/api/v1/orders", "/api/v1/cart", "/api/v1/users/me", "/health", "/api/v1/search", "/static/app.js"];
const TABLES: &[&str] = &["orders", "carts", "users", "inventory"];

/// The lines `w` writes during second `sec` (milliseconds since the epoch, message), in order.
fn lines(w: &Writer, sec: i64) -> Vec<(i64, String)> {
    let base = sec * 1000;
    if base + 999 < w.started_ms || w.stopped_ms.is_some_and(|s| base >= s) {
        return Vec::new();
    }
    let mut rng = StdRng::seed_from_u64(hash((w.seed, sec)));
    let mut out = Vec::new();
    let push = |out: &mut Vec<(i64, String)>, ms: i64, text: String| out.push((ms, text));
    if let Some((crash, oom)) = w.crash {
        let crash_sec = crash.div_euclid(1000);
        if sec > crash_sec {
            return out;
        }
        if sec == crash_sec {
            let t = crash;
            let trace: &[&str] = if oom {
                &[
                    "Exception in thread \"main\" java.lang.OutOfMemoryError: Java heap space",
                    "\tat java.base/java.util.Arrays.copyOf(Arrays.java:3537)",
                    "\tat java.base/java.util.ArrayList.grow(ArrayList.java:237)",
                    "\tat com.acme.worker.BatchLoader.load(BatchLoader.java:88)",
                    "\tat com.acme.worker.Main.run(Main.java:41)",
                ]
            } else {
                &[
                    "ERROR unhandled exception in job loop, exiting with status 1",
                    "java.lang.IllegalStateException: queue connection closed by broker",
                    "\tat com.acme.worker.QueueClient.poll(QueueClient.java:132)",
                    "\tat com.acme.worker.Main.run(Main.java:37)",
                ]
            };
            for (i, l) in trace.iter().enumerate() {
                push(&mut out, t + i as i64, (*l).to_string());
            }
            return out;
        }
        if crash_sec - sec <= 20 && rng.random_bool(0.4) {
            let used = 90 + (20 - (crash_sec - sec)) / 3;
            let ms = base + rng.random_range(0..1000);
            push(&mut out, ms, format!("WARN heap usage {used}% of 1024 MiB after GC"));
        }
    }
    match w.kind {
        Kind::Web => {
            let n = rng.random_range(0..=3);
            let mut ms: Vec<i64> = (0..n).map(|_| base + rng.random_range(0..1000)).collect();
            ms.sort_unstable();
            for t in ms {
                let path = PATHS[rng.random_range(0..PATHS.len())];
                let roll = rng.random_range(0..1000);
                let (status, took) = match roll {
                    0..=4 => (500, rng.random_range(200..3000)),
                    5..=24 => (404, rng.random_range(1..20)),
                    25..=34 => (200, rng.random_range(1200..4000)),
                    _ => (200, rng.random_range(2..120)),
                };
                let ip = format!("10.0.{}.{}", rng.random_range(0..4), rng.random_range(2..250));
                let method = if rng.random_bool(0.8) { "GET" } else { "POST" };
                push(
                    &mut out,
                    t,
                    format!("{ip} \"{method} {path} HTTP/1.1\" {status} {} {took}ms", rng.random_range(120..9000)),
                );
                if status == 200 && took >= 1200 {
                    let table = TABLES[rng.random_range(0..TABLES.len())];
                    push(&mut out, t, format!("WARN slow query on {table}: {took} ms (limit 1000 ms)"));
                }
                if status == 500 {
                    for (i, l) in [
                        format!("ERROR request failed: {method} {path}"),
                        "Traceback (most recent call last):".to_string(),
                        "  File \"/app/handlers.py\", line 214, in handle".to_string(),
                        "    order = repo.fetch(order_id)".to_string(),
                        "  File \"/app/repo.py\", line 57, in fetch".to_string(),
                        "    raise TimeoutError(\"database did not answer in 3s\")".to_string(),
                        "TimeoutError: database did not answer in 3s".to_string(),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        push(&mut out, t + 1 + i as i64, l);
                    }
                }
            }
        }
        Kind::Json => {
            let n = rng.random_range(0..=2);
            for _ in 0..n {
                let t = base + rng.random_range(0..1000);
                let trace = format!("{:016x}", rng.random::<u64>());
                let line = if rng.random_range(0..100) < 4 {
                    format!(
                        r#"{{"level":"error","msg":"provider call failed","provider":"stripe","attempt":{},"error":"timeout after 5000ms","trace_id":"{trace}"}}"#,
                        rng.random_range(1..4)
                    )
                } else if rng.random_range(0..100) < 8 {
                    format!(
                        r#"{{"level":"warn","msg":"retrying","provider":"stripe","backoff_ms":{},"trace_id":"{trace}"}}"#,
                        rng.random_range(100..800)
                    )
                } else {
                    format!(
                        r#"{{"level":"info","msg":"request handled","route":"/v1/charges","status":200,"latency_ms":{},"trace_id":"{trace}"}}"#,
                        rng.random_range(8..250)
                    )
                };
                out.push((t, line));
            }
            out.sort_by_key(|(t, _)| *t);
        }
        Kind::Worker => {
            if rng.random_bool(0.6) {
                let t = base + rng.random_range(0..1000);
                let job = rng.random_range(10_000..99_999);
                if rng.random_range(0..100) < 10 {
                    for (i, l) in [
                        format!("ERROR job {job} failed: upstream timed out after 30s"),
                        "com.acme.worker.UpstreamTimeout: GET https://inventory.internal/v2/stock timed out"
                            .to_string(),
                        "\tat com.acme.worker.Inventory.fetch(Inventory.java:77)".to_string(),
                        "\tat com.acme.worker.Job.run(Job.java:52)".to_string(),
                    ]
                    .into_iter()
                    .enumerate()
                    {
                        out.push((t + i as i64, l));
                    }
                } else {
                    out.push((t, format!("INFO job {job} done in {:.1}s", rng.random_range(0.2..9.0))));
                }
            }
        }
        Kind::Sidecar => {
            if rng.random_range(0..10) == 0 {
                let t = base + rng.random_range(0..1000);
                let line = match w.stream.split('/').nth(1).unwrap_or_default() {
                    c if c.contains("envoy") => {
                        format!("[info][upstream] cluster membership update: {} hosts", rng.random_range(2..8))
                    }
                    c if c.contains("log_router") => format!(
                        "[ info] [output:datadog:datadog.0] sent {} records to http-intake.logs.datadoghq.eu",
                        rng.random_range(10..300)
                    ),
                    c if c.contains("datadog") => format!(
                        "INFO | (pkg/forwarder) Successfully posted payload ({} metrics)",
                        rng.random_range(80..400)
                    ),
                    _ => format!("[info] [output:cloudwatch_logs] flushed {} records", rng.random_range(10..300)),
                };
                out.push((t, line));
            }
        }
    }
    out
}

/// Whether `message` matches a filter pattern, as far as the demo understands patterns: terms
/// (a quoted phrase is one term) that must all appear, `-term` that must not. JSON and
/// space-delimited patterns (`{…}`, `[…]`) and regular expressions (`%…%`) are not applied:
/// the log view filters its lines itself either way.
fn matches(pattern: Option<&str>, message: &str) -> bool {
    let Some(p) = pattern.map(str::trim).filter(|p| !p.is_empty()) else { return true };
    if p.starts_with(['{', '[', '%']) {
        return true;
    }
    let mut terms = Vec::new();
    let mut rest = p;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        let (neg, body) = match rest.strip_prefix('-') {
            Some(b) => (true, b),
            None => (false, rest),
        };
        let (term, after) = match body.strip_prefix('"') {
            Some(q) => q.split_once('"').unwrap_or((q, "")),
            None => body.split_once(char::is_whitespace).unwrap_or((body, "")),
        };
        terms.push((neg, term));
        rest = after;
    }
    terms.iter().all(|(neg, t)| message.contains(t) != *neg)
}

/// The lines of `writers` in `[from_ms, to_ms)` during second `sec`, in (time, stream) order,
/// with their position in that order (what the event id and the page token count).
fn second(writers: &[&Writer], sec: i64, from_ms: i64, to_ms: i64, pattern: Option<&str>) -> Vec<LogEvent> {
    let mut out = Vec::new();
    for w in writers {
        for (n, (ms, text)) in lines(w, sec).into_iter().enumerate() {
            if ms < from_ms || ms >= to_ms || !matches(pattern, &text) {
                continue;
            }
            let id = format!("{ms}{:020}", hash((&w.stream, ms, n)));
            out.push(event(&w.group, &w.stream, ms, Some(ms + 180), &text, Some(id)));
        }
    }
    out.sort_by(|a, b| (a.timestamp, &a.source.stream).cmp(&(b.timestamp, &b.source.stream)));
    out
}

/// FilterLogEvents over the demo's lines.
pub fn filter(writers: &[Writer], known: bool, req: &FilterRequest, now_ms: i64) -> ApiResult<LogPage> {
    if !known {
        return Err(not_found());
    }
    let mine: Vec<&Writer> = writers
        .iter()
        .filter(|w| w.group == req.group && req.stream_prefix.as_ref().is_none_or(|p| w.stream.starts_with(p.as_str())))
        .collect();
    let from_ms = req.start.map(to_ms).unwrap_or(i64::MIN).max(now_ms - RETENTION_MS);
    // Both ends are inclusive, as in CloudWatch; `to_ms_` is the first millisecond past the end.
    let to_ms_ = req.end.map(|e| to_ms(e).saturating_add(1)).unwrap_or(i64::MAX).min(now_ms + 1);
    let (mut sec, mut skip) = match &req.next_token {
        Some(t) => parse_token(t)?,
        None => (from_ms.div_euclid(1000), 0),
    };
    let last_sec = (to_ms_ - 1).div_euclid(1000);
    let mut events = Vec::new();
    let scan_end = sec + SCAN_SECS;
    while sec <= last_sec && sec < scan_end {
        let all = second(&mine, sec, from_ms, to_ms_, req.pattern.as_deref());
        let room = PAGE - events.len();
        let take: Vec<LogEvent> = all.iter().skip(skip).take(room).cloned().collect();
        let taken = take.len();
        events.extend(take);
        if skip + taken < all.len() {
            return Ok(LogPage { events, next_token: Some(token(sec, skip + taken)) });
        }
        sec += 1;
        skip = 0;
    }
    let next_token = (sec <= last_sec).then(|| token(sec, 0));
    Ok(LogPage { events, next_token })
}

fn token(sec: i64, skip: usize) -> String {
    format!("f/{sec}/{skip}")
}

fn parse_token(t: &str) -> ApiResult<(i64, usize)> {
    let bad = || {
        ApiError::new(ErrorKind::InvalidInput, "The specified nextToken is not valid.")
            .with_code("InvalidParameterException")
    };
    let mut parts = t.strip_prefix("f/").ok_or_else(bad)?.split('/');
    let sec = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    let skip = parts.next().and_then(|s| s.parse().ok()).ok_or_else(bad)?;
    Ok((sec, skip))
}

fn not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "The specified log group does not exist.").with_code("ResourceNotFoundException")
}

/// Live Tail's updates of `(last_ms, now_ms]`: every line, or 500 a second of them, evenly
/// spread, and `sampled`, when there are more.
fn live_events(writers: &[Writer], req: &Follow, last_ms: i64, now_ms: i64) -> (Vec<LogEvent>, bool) {
    let mine: Vec<&Writer> = writers
        .iter()
        .filter(|w| req.groups.contains(&w.group))
        .filter(|w| req.prefixes.is_empty() || req.prefixes.iter().any(|p| w.stream.starts_with(p.as_str())))
        .collect();
    let first = (last_ms + 1).max(now_ms - LIVE_CATCH_UP_SECS * 1000);
    let mut events = Vec::new();
    for sec in first.div_euclid(1000)..=now_ms.div_euclid(1000) {
        events.extend(second(&mine, sec, first, now_ms + 1, req.pattern.as_deref()));
    }
    // Live Tail gives no event ids.
    for e in &mut events {
        e.id = crate::tail::source::built_id(&e.source.group, &e.source.stream, to_ms(e.timestamp), &e.message);
        e.ingested = None;
    }
    let secs = ((now_ms - first) / 1000).max(1) as usize;
    let cap = log_limits::LIVE_TAIL_EVENTS_PER_SECOND * secs;
    if events.len() <= cap {
        return (events, false);
    }
    let step = events.len() as f64 / cap as f64;
    let kept = (0..cap).filter_map(|i| events.get((i as f64 * step) as usize).cloned()).collect();
    (kept, true)
}

/// What a demo Live Tail session follows.
#[derive(Debug, Clone)]
struct Follow {
    groups: BTreeSet<String>,
    prefixes: Vec<String>,
    pattern: Option<String>,
}

/// The simulator's [`LogsApi`] (it needs the simulator shared, for the Live Tail stream).
pub struct SimLogs(pub Arc<Simulator>);

impl Simulator {
    fn log_world(&self) -> (Vec<Writer>, BTreeSet<String>, i64) {
        let seed = self.opts.seed;
        let now = self.now();
        let mut inner = self.lock();
        // Brought up to the clock like any call, so new tasks write and stopped ones stop.
        let steps = inner.world.steps_until(now).min(super::MAX_CATCH_UP);
        inner.world.advance(steps);
        (writers(&inner.world, seed), groups(&inner.world), to_ms(now))
    }
}

#[async_trait]
impl LogsApi for SimLogs {
    async fn describe_log_groups(
        &self,
        _region: Option<String>,
        name_prefix: String,
        next_token: Option<String>,
    ) -> ApiResult<LogGroupPage> {
        let groups = self.0.call("DescribeLogGroups", |w| Ok(groups(w))).await?;
        let skip = next_token.and_then(|t| t.parse::<usize>().ok()).unwrap_or(0);
        let matching: Vec<&String> = groups.iter().filter(|g| g.starts_with(&name_prefix)).collect();
        const GROUP_PAGE: usize = 50;
        let page = matching
            .iter()
            .skip(skip)
            .take(GROUP_PAGE)
            .map(|g| LogGroup { name: (*g).clone(), arn: group_arn(g) })
            .collect();
        let next_token = (matching.len() > skip + GROUP_PAGE).then(|| (skip + GROUP_PAGE).to_string());
        Ok(LogGroupPage { groups: page, next_token })
    }

    async fn start_live_tail(&self, request: LiveTailRequest) -> ApiResult<LiveTail> {
        let sim = self.0.clone();
        let live = sim.opts.live_tail;
        let known = sim.call("StartLiveTail", |w| Ok(groups(w))).await?;
        if !live {
            return Err(ApiError::new(
                ErrorKind::Other,
                "Live Tail is turned off in this demo (BOSUN_DEMO_LOGS=polling)",
            )
            .with_code("InvalidOperationException"));
        }
        let n = request.group_arns.len();
        if n == 0 || n > log_limits::LIVE_TAIL_GROUPS {
            return Err(invalid(format!("logGroupIdentifiers must have 1 to 10 items (got {n})")));
        }
        if !request.stream_prefixes.is_empty() && n > 1 {
            return Err(invalid("logStreamNamePrefixes can be given only with one log group".into()));
        }
        let groups: BTreeSet<String> = request.group_arns.iter().map(|a| group_name(a).to_string()).collect();
        if groups.iter().any(|g| !known.contains(g)) {
            return Err(not_found());
        }
        let follow = Follow { groups, prefixes: request.stream_prefixes, pattern: request.pattern };
        let last_ms = to_ms(sim.now());
        let opened = tokio::time::Instant::now();
        let session_id = format!("{:032x}", hash((sim.opts.seed, last_ms)));
        let state = (sim, follow, last_ms, false);
        let updates = futures::stream::unfold(Some(state), move |state| {
            let session_id = session_id.clone();
            async move {
                let (sim, follow, last_ms, started) = state?;
                if !started {
                    let start = LiveTailUpdate::Started { session_id: Some(session_id) };
                    return Some((Ok(start), Some((sim, follow, last_ms, true))));
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
                if opened.elapsed() >= Duration::from_secs(log_limits::LIVE_TAIL_SESSION_SECS) {
                    let e = ApiError::new(ErrorKind::Other, "Live Tail session timed out after 3 hours")
                        .with_code("SessionTimeoutException");
                    return Some((Err(e), None));
                }
                let (writers, _, now_ms) = sim.log_world();
                let now_ms = now_ms.max(last_ms);
                let (events, sampled) = live_events(&writers, &follow, last_ms, now_ms);
                Some((Ok(LiveTailUpdate::Events { events, sampled }), Some((sim, follow, now_ms, true))))
            }
        });
        Ok(updates.boxed())
    }

    async fn filter_log_events(&self, request: FilterRequest) -> ApiResult<LogPage> {
        let seed = self.0.opts.seed;
        let group = request.group.clone();
        let (writers, known) =
            self.0.call("FilterLogEvents", move |w| Ok((writers(w, seed), groups(w).contains(&group)))).await?;
        filter(&writers, known, &request, to_ms(self.0.now()))
    }
}

fn invalid(message: String) -> ApiError {
    ApiError::new(ErrorKind::InvalidInput, message).with_code("InvalidParameterException")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::SimOptions;

    fn sim(seed: u64) -> Arc<Simulator> {
        Arc::new(Simulator::demo_at(SimOptions { seed, speed: 0.0, ..Default::default() }, crate::fixtures::now()))
    }

    fn request(group: &str, prefix: Option<&str>, from_secs_ago: i64, to_secs_ago: i64, now: i64) -> FilterRequest {
        FilterRequest {
            group: group.into(),
            stream_prefix: prefix.map(str::to_string),
            start: Some(crate::tail::source::from_ms(now - from_secs_ago * 1000)),
            // The millisecond before: windows that follow each other do not overlap.
            end: Some(crate::tail::source::from_ms(now - to_secs_ago * 1000 - 1)),
            ..Default::default()
        }
    }

    /// Every page of a request, following the tokens.
    fn all_pages(writers: &[Writer], mut req: FilterRequest, now: i64) -> (Vec<LogEvent>, usize) {
        let (mut out, mut pages) = (Vec::new(), 0);
        loop {
            let page = filter(writers, true, &req, now).expect("a page");
            assert!(page.events.len() <= PAGE);
            pages += 1;
            out.extend(page.events);
            match page.next_token {
                Some(t) => req.next_token = Some(t),
                None => return (out, pages),
            }
        }
    }

    fn key(e: &LogEvent) -> (String, i64, String) {
        (e.source.stream.clone(), to_ms(e.timestamp), e.message.clone())
    }

    #[test]
    fn every_running_task_writes_to_its_awslogs_stream() {
        let (writers, groups, _) = sim(1).log_world();
        assert!(groups.contains("/ecs/prod/api") && groups.contains("/ecs/prod/exec-audit"), "{groups:?}");
        let api: Vec<&Writer> = writers.iter().filter(|w| w.group == "/ecs/prod/api").collect();
        assert!(!api.is_empty());
        for w in &api {
            let s = crate::model::LogSource::parse(&w.group, &w.stream);
            assert!(s.container.is_some() && s.task_id.is_some(), "{}", w.stream);
            assert!(w.stream.starts_with("ecs/"), "the demo's stream prefix: {}", w.stream);
        }
    }

    #[test]
    fn the_same_seed_gives_the_same_lines_and_another_seed_others() {
        let (a, _, now) = sim(3).log_world();
        let (b, _, _) = sim(3).log_world();
        let (c, _, _) = sim(4).log_world();
        let req = request("/ecs/prod/api", None, 120, 0, now);
        let (la, _) = all_pages(&a, req.clone(), now);
        let (lb, _) = all_pages(&b, req.clone(), now);
        let (lc, _) = all_pages(&c, req, now);
        assert!(!la.is_empty());
        assert_eq!(la, lb);
        assert_ne!(la.iter().map(key).collect::<Vec<_>>(), lc.iter().map(key).collect::<Vec<_>>());
    }

    #[test]
    fn pages_follow_each_other_without_gap_or_overlap() {
        let (w, _, now) = sim(1).log_world();
        let whole = request("/ecs/prod/api", Some("ecs/api/"), 3600, 0, now);
        let (paged, pages) = all_pages(&w, whole.clone(), now);
        assert!(pages > 1, "an hour of a busy service takes several pages");
        assert!(paged.windows(2).all(|p| p[0].timestamp <= p[1].timestamp), "in time order");
        let ids: BTreeSet<&str> = paged.iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids.len(), paged.len(), "event ids are unique");
        // The same hour read as two halves is the same lines.
        let (mut halves, _) = all_pages(&w, request("/ecs/prod/api", Some("ecs/api/"), 3600, 1800, now), now);
        halves.extend(all_pages(&w, request("/ecs/prod/api", Some("ecs/api/"), 1800, 0, now), now).0);
        assert_eq!(halves, paged);
    }

    #[test]
    fn live_tail_pushes_the_lines_filter_log_events_finds() {
        let (w, _, now) = sim(1).log_world();
        let follow = Follow { groups: ["/ecs/prod/web".to_string()].into(), prefixes: vec![], pattern: None };
        let (live, sampled) = live_events(&w, &follow, now - 30_000, now);
        assert!(!sampled && !live.is_empty());
        let mut req = request("/ecs/prod/web", None, 30, 0, now);
        req.start = Some(crate::tail::source::from_ms(now - 30_000 + 1));
        req.end = Some(crate::tail::source::from_ms(now));
        let (polled, _) = all_pages(&w, req, now);
        assert_eq!(live.iter().map(key).collect::<Vec<_>>(), polled.iter().map(key).collect::<Vec<_>>());
        assert!(live.iter().all(|e| e.ingested.is_none()), "Live Tail's events as the real one sends them");
    }

    #[test]
    fn the_logs_hold_warnings_errors_json_and_multi_line_traces() {
        let (w, _, now) = sim(1).log_world();
        let text = |group: &str| -> Vec<String> {
            all_pages(&w, request(group, None, 1800, 0, now), now).0.into_iter().map(|e| e.message).collect()
        };
        let api = text("/ecs/prod/api");
        assert!(api.iter().any(|m| m.contains("\"GET ")), "requests");
        assert!(api.iter().any(|m| m.starts_with("WARN slow query")), "warnings");
        let trace = api.iter().position(|m| m == "Traceback (most recent call last):").expect("a stack trace");
        assert!(api[trace - 1].starts_with("ERROR request failed"), "the error comes first, then its trace");
        assert!(api[trace + 1].starts_with("  File "), "one event per line of the trace");
        let payments = text("/ecs/prod/payments");
        assert!(payments.iter().any(|m| serde_json::from_str::<serde_json::Value>(m).is_ok()), "JSON lines");
    }

    #[test]
    fn a_crashing_worker_logs_why_it_died() {
        let s = sim(1);
        let (w, _, now) = s.log_world();
        let crashed = w.iter().find(|x| x.crash.is_some_and(|(at, _)| at <= now)).expect("the worker crash-loops");
        let (at, oom) = crashed.crash.unwrap_or_default();
        let last = lines(crashed, at.div_euclid(1000));
        let first = &last.first().expect("last words").1;
        assert!(if oom { first.contains("OutOfMemoryError") } else { first.starts_with("ERROR unhandled exception") });
        assert!(last.len() >= 4, "with its stack trace");
        assert!(lines(crashed, at.div_euclid(1000) + 1).is_empty(), "and nothing after");
    }

    #[test]
    fn unknown_groups_and_tokens_are_refused_like_cloudwatch() {
        let e = filter(&[], false, &FilterRequest { group: "/nope".into(), ..Default::default() }, 0).expect_err("x");
        assert_eq!(e.code.as_deref(), Some("ResourceNotFoundException"));
        let bad = FilterRequest { group: "/g".into(), next_token: Some("zz".into()), ..Default::default() };
        assert_eq!(filter(&[], true, &bad, 0).expect_err("x").kind, ErrorKind::InvalidInput);
    }

    #[tokio::test]
    async fn live_tail_takes_arns_and_refuses_what_cloudwatch_refuses() {
        let logs = SimLogs(sim(1));
        let page = logs.describe_log_groups(None, "/ecs/prod/ap".into(), None).await.expect("groups");
        assert_eq!(page.groups, [LogGroup { name: "/ecs/prod/api".into(), arn: group_arn("/ecs/prod/api") }]);
        let two = LiveTailRequest {
            group_arns: vec![group_arn("/ecs/prod/api"), group_arn("/ecs/prod/web")],
            stream_prefixes: vec!["ecs/".into()],
            ..Default::default()
        };
        assert_eq!(logs.start_live_tail(two).await.err().map(|e| e.kind), Some(ErrorKind::InvalidInput));
        let gone = LiveTailRequest { group_arns: vec![group_arn("/ecs/prod/gone")], ..Default::default() };
        assert_eq!(logs.start_live_tail(gone).await.err().map(|e| e.kind), Some(ErrorKind::NotFound));
        let mut ok = logs
            .start_live_tail(LiveTailRequest { group_arns: vec![group_arn("/ecs/prod/api")], ..Default::default() })
            .await
            .expect("a session");
        assert!(matches!(ok.next().await, Some(Ok(LiveTailUpdate::Started { .. }))));
    }

    #[test]
    fn patterns_are_terms_phrases_and_exclusions() {
        assert!(matches(None, "anything"));
        assert!(matches(Some("ERROR timeout"), "ERROR job 1 failed: upstream timeout"));
        assert!(!matches(Some("ERROR 404"), "ERROR job 1 failed"));
        assert!(matches(Some("\"GET /health\""), "10.0.0.1 \"GET /health HTTP/1.1\" 200"));
        assert!(!matches(Some("GET -health"), "10.0.0.1 \"GET /health HTTP/1.1\" 200"));
        assert!(matches(Some("{ $.level = \"error\" }"), "plain"), "JSON patterns are left to the view");
    }
}
