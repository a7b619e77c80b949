//! The tail engine against a scripted `LogsApi` on tokio's paused clock: merge and bounded
//! batches, de-duplication across renewals, reconnects and a switch of mode, the 3-hour
//! renewal, back-off on throttling, the fallback on AccessDenied, a range that ends.
use super::source::{event, to_ms};
use super::{Config, Out, Spec, run};
use crate::api::{
    ApiError, ApiResult, ErrorKind, FilterRequest, LiveTail, LiveTailRequest, LiveTailUpdate, LogGroup, LogGroupPage,
    LogPage, LogsApi,
};
use crate::model::{LogEvent, LogRange, LogTarget, TailMode, Time};
use async_trait::async_trait;
use chrono::TimeZone;
use futures::StreamExt;
use futures::channel::mpsc::{UnboundedSender, unbounded};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::{Instant, sleep};

const GROUP: &str = "/ecs/prod/api";
const TASK: &str = "0123456789abcdef0123456789abcdef";

fn stream(container: &str) -> String {
    format!("ecs/{container}/{TASK}")
}

fn t0() -> Time {
    chrono::Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default()
}

type Session = UnboundedSender<ApiResult<LiveTailUpdate>>;

/// A scripted CloudWatch Logs: a store of lines FilterLogEvents pages through (two to a page,
/// or `fail` first), and Live Tail sessions the test pushes to.
#[derive(Default)]
struct Fake {
    store: Mutex<Vec<LogEvent>>,
    /// Answers for the next FilterLogEvents calls before the store is read.
    fail: Mutex<VecDeque<ApiError>>,
    /// What the next StartLiveTail calls answer: a refusal, or a session whose sender goes to
    /// `sessions`.
    refuse_live: Mutex<VecDeque<ApiError>>,
    sessions: Mutex<Vec<Session>>,
    live_requests: Mutex<Vec<LiveTailRequest>>,
    filter_calls: Mutex<Vec<(Instant, FilterRequest)>>,
}

impl Fake {
    fn add(&self, container: &str, at: Time, message: &str, id: &str) -> LogEvent {
        let e = event(GROUP, &stream(container), to_ms(at), None, message, Some(id.to_string()));
        self.store.lock().unwrap().push(e.clone());
        e
    }

    fn session(&self, n: usize) -> Session {
        self.sessions.lock().unwrap()[n].clone()
    }

    fn sessions(&self) -> usize {
        self.sessions.lock().unwrap().len()
    }

    fn filter_calls(&self) -> Vec<(Instant, FilterRequest)> {
        self.filter_calls.lock().unwrap().clone()
    }
}

/// The line as Live Tail pushes it: no CloudWatch id.
fn live(e: &LogEvent) -> LogEvent {
    event(&e.source.group, &e.source.stream, to_ms(e.timestamp), None, &e.message, None)
}

fn push(s: &Session, events: &[LogEvent]) {
    let _ = s.unbounded_send(Ok(LiveTailUpdate::Events { events: events.iter().map(live).collect(), sampled: false }));
}

fn started(s: &Session) {
    let _ = s.unbounded_send(Ok(LiveTailUpdate::Started { session_id: Some("s".into()) }));
}

#[async_trait]
impl LogsApi for Fake {
    async fn describe_log_groups(
        &self,
        _region: Option<String>,
        prefix: String,
        _token: Option<String>,
    ) -> ApiResult<LogGroupPage> {
        let groups = [GROUP]
            .iter()
            .filter(|g| g.starts_with(&prefix))
            .map(|g| LogGroup { name: g.to_string(), arn: format!("arn:aws:logs:eu-west-1:1:log-group:{g}") })
            .collect();
        Ok(LogGroupPage { groups, next_token: None })
    }

    async fn start_live_tail(&self, request: LiveTailRequest) -> ApiResult<LiveTail> {
        self.live_requests.lock().unwrap().push(request);
        if let Some(e) = self.refuse_live.lock().unwrap().pop_front() {
            return Err(e);
        }
        let (tx, rx) = unbounded();
        self.sessions.lock().unwrap().push(tx);
        Ok(rx.boxed())
    }

    async fn filter_log_events(&self, r: FilterRequest) -> ApiResult<LogPage> {
        self.filter_calls.lock().unwrap().push((Instant::now(), r.clone()));
        if let Some(e) = self.fail.lock().unwrap().pop_front() {
            return Err(e);
        }
        let mut hits: Vec<LogEvent> = self
            .store
            .lock()
            .unwrap()
            .iter()
            .filter(|e| e.source.group == r.group)
            .filter(|e| r.stream_prefix.as_ref().is_none_or(|p| e.source.stream.starts_with(p.as_str())))
            .filter(|e| r.start.is_none_or(|s| e.timestamp >= s) && r.end.is_none_or(|end| e.timestamp <= end))
            .cloned()
            .collect();
        hits.sort_by_key(|e| e.timestamp);
        let skip: usize = r.next_token.as_deref().and_then(|t| t.parse().ok()).unwrap_or(0);
        let page: Vec<LogEvent> = hits.iter().skip(skip).take(2).cloned().collect();
        let next_token = (hits.len() > skip + 2).then(|| (skip + 2).to_string());
        Ok(LogPage { events: page, next_token })
    }
}

/// What the tail sent.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Out>>>);

impl Seen {
    fn outs(&self) -> Vec<Out> {
        self.0.lock().unwrap().clone()
    }

    fn lines(&self) -> Vec<String> {
        self.outs()
            .into_iter()
            .flat_map(|o| match o {
                Out::Log { events, .. } => events.into_iter().map(|e| e.message).collect(),
                Out::Ended(_) => Vec::new(),
            })
            .collect()
    }

    fn statuses(&self) -> Vec<crate::model::TailStatus> {
        self.outs()
            .into_iter()
            .filter_map(|o| match o {
                Out::Log { status, .. } => Some(status),
                Out::Ended(_) => None,
            })
            .collect()
    }

    fn mode(&self) -> Option<TailMode> {
        self.statuses().last().map(|s| s.mode.clone())
    }

    fn ended(&self) -> Option<Result<(), ApiError>> {
        self.outs().into_iter().find_map(|o| match o {
            Out::Ended(r) => Some(r),
            Out::Log { .. } => None,
        })
    }
}

fn target() -> LogTarget {
    LogTarget {
        groups: vec![GROUP.into()],
        stream_prefixes: vec!["ecs/api/".into()],
        region: None,
        label: "prod/api".into(),
    }
}

/// Start a tail of `target()` at `t0()` on the paused clock (the tail's clock follows it).
fn start(api: Arc<Fake>, range: LogRange) -> (Seen, tokio::task::JoinHandle<()>) {
    start_with(api, target(), range)
}

fn start_with(api: Arc<Fake>, target: LogTarget, range: LogRange) -> (Seen, tokio::task::JoinHandle<()>) {
    let seen = Seen::default();
    let sink = seen.clone();
    let origin = Instant::now();
    let clock: super::Clock = Arc::new(move || t0() + chrono::Duration::from_std(origin.elapsed()).unwrap_or_default());
    let spec = Spec { target, range, pattern: None };
    let handle = tokio::spawn(run(api, spec, Config::default(), clock, move |o| sink.0.lock().unwrap().push(o)));
    (seen, handle)
}

fn secs(n: i64) -> chrono::Duration {
    chrono::Duration::seconds(n)
}

fn denied(action: &str) -> ApiError {
    ApiError::new(ErrorKind::AccessDenied, format!("not authorized to perform: {action}"))
        .with_code("AccessDeniedException")
}

fn throttled() -> ApiError {
    ApiError::new(ErrorKind::Throttled, "Rate exceeded").with_code("ThrottlingException")
}

#[tokio::test(start_paused = true)]
async fn live_tail_with_the_backfill_delivers_each_line_once_in_time_order_batches() {
    let api = Arc::new(Fake::default());
    // Four minutes of history, one line of which Live Tail pushes again.
    api.add("api", t0() - secs(240), "old 1", "e1");
    api.add("api", t0() - secs(120), "old 2", "e2");
    api.add("envoy", t0() - secs(60), "sidecar", "e3");
    let overlap = api.add("api", t0(), "at the start", "e4");
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 5 });
    sleep(Duration::from_millis(10)).await;
    assert_eq!(api.sessions(), 1);
    let req = api.live_requests.lock().unwrap()[0].clone();
    assert_eq!(req.group_arns, ["arn:aws:logs:eu-west-1:1:log-group:/ecs/prod/api"]);
    assert_eq!(req.stream_prefixes, ["ecs/api/"]);
    let s = api.session(0);
    started(&s);
    push(&s, std::slice::from_ref(&overlap));
    sleep(Duration::from_millis(100)).await;
    let next = api.add("api", t0() + secs(1), "new", "e5");
    push(&s, &[next]);
    sleep(Duration::from_millis(100)).await;

    let mut lines = seen.lines();
    lines.sort();
    assert_eq!(lines, ["at the start", "new", "old 1", "old 2"], "the envoy stream is not the target's");
    assert_eq!(seen.mode(), Some(TailMode::LiveTail));
    // The backfill reads from five minutes back, in one window, and no further than just
    // after the session started.
    let calls = api.filter_calls();
    assert_eq!(calls[0].1.start, Some(t0() - secs(300)));
    assert_eq!(calls[0].1.end, Some(t0() + secs(10)));
    assert_eq!(calls[0].1.stream_prefix.as_deref(), Some("ecs/api/"));
    for o in seen.outs() {
        if let Out::Log { events, .. } = o {
            assert!(events.windows(2).all(|w| w[0].timestamp <= w[1].timestamp), "a batch is in time order");
            assert!(events.len() <= 1000);
        }
    }
}

#[tokio::test(start_paused = true)]
async fn many_lines_at_once_leave_in_batches_of_at_most_a_thousand() {
    let api = Arc::new(Fake::default());
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 0 });
    sleep(Duration::from_millis(10)).await;
    let s = api.session(0);
    started(&s);
    let flood: Vec<LogEvent> = (0..2500)
        .map(|i| event(GROUP, &stream("api"), to_ms(t0()) + 2500 - i, None, &format!("line {i}"), None))
        .collect();
    let _ = s.unbounded_send(Ok(LiveTailUpdate::Events { events: flood, sampled: true }));
    sleep(Duration::from_millis(100)).await;
    let batches: Vec<(usize, bool)> = seen
        .outs()
        .into_iter()
        .filter_map(|o| match o {
            Out::Log { events, status } if !events.is_empty() => Some((events.len(), status.sampled)),
            _ => None,
        })
        .collect();
    assert_eq!(batches, [(1000, true), (1000, true), (500, true)], "Live Tail's sampling is passed on");
    let lines = seen.lines();
    assert_eq!(lines.first().map(String::as_str), Some("line 2499"), "merged oldest first");
}

#[tokio::test(start_paused = true)]
async fn a_session_is_renewed_before_three_hours_without_losing_or_repeating_lines() {
    let api = Arc::new(Fake::default());
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 0 });
    sleep(Duration::from_millis(10)).await;
    let first = api.session(0);
    started(&first);
    sleep(Duration::from_secs(2 * 3600 + 54 * 60)).await;
    assert_eq!(api.sessions(), 1, "not renewed before its time");
    sleep(Duration::from_secs(61)).await;
    assert_eq!(api.sessions(), 2, "renewed at 2 h 55 min");
    let second = api.session(1);
    assert!(!first.is_closed(), "the old session is read until the new one has started");
    // A line both sessions see, and one only the old one pushes before the new one started.
    let t = t0() + secs(3 * 3600 - 290);
    let only_old = event(GROUP, &stream("api"), to_ms(t), None, "only old", None);
    push(&first, &[only_old]);
    started(&second);
    let both = event(GROUP, &stream("api"), to_ms(t) + 5, None, "both", None);
    push(&first, std::slice::from_ref(&both));
    push(&second, &[both]);
    sleep(Duration::from_secs(6)).await;
    assert!(first.is_closed(), "the old session is closed once the new one took over");
    let after = event(GROUP, &stream("api"), to_ms(t) + 9_000, None, "after", None);
    push(&second, &[after]);
    sleep(Duration::from_millis(100)).await;
    assert_eq!(seen.lines(), ["only old", "both", "after"]);
    assert!(seen.statuses().iter().all(|s| s.mode == TailMode::LiveTail && s.note.is_none()), "seamless");
    // The next renewal is due 2 h 55 min after the new session opened.
    sleep(Duration::from_secs(2 * 3600 + 55 * 60)).await;
    assert_eq!(api.sessions(), 3);
}

#[tokio::test(start_paused = true)]
async fn a_broken_stream_reconnects_and_rereads_the_gap_once() {
    let api = Arc::new(Fake::default());
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 0 });
    sleep(Duration::from_millis(10)).await;
    let first = api.session(0);
    started(&first);
    sleep(Duration::from_secs(60)).await;
    let a = api.add("api", t0() + secs(58), "before the break", "a");
    push(&first, &[a]);
    sleep(Duration::from_millis(100)).await;
    // Written while no session listens: only the gap's FilterLogEvents can find it.
    api.add("api", t0() + secs(60), "in the gap", "b");
    let e = ApiError::new(ErrorKind::Other, "stream interrupted").with_code("SessionStreamingException");
    let _ = first.unbounded_send(Err(e));
    sleep(Duration::from_millis(100)).await;
    assert_eq!(api.sessions(), 2, "reconnected");
    assert!(
        seen.statuses().iter().any(|s| s
            .note
            .as_deref()
            .is_some_and(|n| n.starts_with("reconnecting: ") && n.contains("SessionStreamingException"))),
        "{:?}",
        seen.statuses()
    );
    let gap = api.filter_calls().last().map(|c| c.1.clone()).expect("the gap is read");
    // The break came 60.11 s in (virtual time); the gap is read from 30 s before it.
    let broke = t0() + chrono::Duration::milliseconds(60_110);
    assert_eq!(gap.start, Some(broke - secs(30)), "from the lag before the break");
    let second = api.session(1);
    started(&second);
    sleep(Duration::from_millis(100)).await;
    assert_eq!(seen.lines(), ["before the break", "in the gap"]);
    assert_eq!(seen.statuses().last().and_then(|s| s.note.clone()), None, "the note goes once it is live again");
}

#[tokio::test(start_paused = true)]
async fn access_denied_to_live_tail_falls_back_to_polling_and_says_why() {
    let api = Arc::new(Fake::default());
    api.refuse_live.lock().unwrap().push_back(denied("logs:StartLiveTail"));
    api.add("api", t0() - secs(30), "earlier", "e1");
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 5 });
    sleep(Duration::from_millis(10)).await;
    match seen.mode() {
        Some(TailMode::Polling { every, backoff: None, why }) => {
            assert_eq!(every, Duration::from_secs(2));
            assert!(why.contains("Live Tail unavailable") && why.contains("logs:StartLiveTail"), "{why}");
        }
        other => panic!("not polling: {other:?}"),
    }
    api.add("api", t0() + secs(1), "later", "e2");
    sleep(Duration::from_secs(2)).await;
    api.add("api", t0() + secs(3), "latest", "e3");
    sleep(Duration::from_secs(10)).await;
    assert_eq!(seen.lines(), ["earlier", "later", "latest"], "each line once, though polls overlap");
    let calls = api.filter_calls();
    assert!(calls.len() >= 5, "a poll every two seconds: {}", calls.len());
    assert!(calls.windows(2).all(|w| w[1].0 - w[0].0 >= Duration::from_secs(2)));
    // Later polls start a little before the newest line, not at the range's start.
    assert_eq!(calls.last().and_then(|c| c.1.start), Some(t0() + secs(3) - secs(10)));
}

#[tokio::test(start_paused = true)]
async fn throttling_doubles_the_wait_and_a_success_ends_the_back_off() {
    let api = Arc::new(Fake::default());
    api.refuse_live.lock().unwrap().push_back(denied("logs:StartLiveTail"));
    api.fail.lock().unwrap().extend([throttled(), throttled(), throttled()]);
    api.add("api", t0() - secs(5), "through at last", "e1");
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 5 });
    sleep(Duration::from_secs(40)).await;
    let at: Vec<Duration> = {
        let calls = api.filter_calls();
        calls.windows(2).map(|w| w[1].0 - w[0].0).take(4).collect()
    };
    assert_eq!(at, [4, 8, 16, 2].map(Duration::from_secs), "4 s, 8 s, 16 s, then the usual 2 s");
    let backoffs: Vec<Option<Duration>> = seen
        .statuses()
        .iter()
        .filter_map(|s| match &s.mode {
            TailMode::Polling { backoff, .. } => Some(*backoff),
            TailMode::LiveTail => None,
        })
        .collect();
    let mut distinct = backoffs.clone();
    distinct.dedup();
    assert_eq!(distinct, [None, Some(4), Some(8), Some(16), None].map(|b| b.map(Duration::from_secs)));
    assert!(seen.statuses().iter().any(|s| s.note.as_deref() == Some("throttled by CloudWatch Logs: next poll in 8s")));
    assert_eq!(seen.lines(), ["through at last"]);
    assert_eq!(seen.ended(), None, "throttling never ends a tail");
}

#[tokio::test(start_paused = true)]
async fn the_back_off_stops_at_its_ceiling() {
    let api = Arc::new(Fake::default());
    api.refuse_live.lock().unwrap().push_back(denied("logs:StartLiveTail"));
    api.fail.lock().unwrap().extend((0..8).map(|_| throttled()));
    let (_seen, _h) = start(api.clone(), LogRange::Last { minutes: 5 });
    sleep(Duration::from_secs(200)).await;
    let gaps: Vec<u64> = api.filter_calls().windows(2).map(|w| (w[1].0 - w[0].0).as_secs()).take(8).collect();
    assert_eq!(gaps, [4, 8, 16, 30, 30, 30, 30, 30]);
}

#[tokio::test(start_paused = true)]
async fn switching_from_live_tail_to_polling_repeats_no_line() {
    let api = Arc::new(Fake::default());
    let (seen, _h) = start(api.clone(), LogRange::Last { minutes: 0 });
    sleep(Duration::from_millis(10)).await;
    let a = api.add("api", t0(), "seen live", "a");
    let s = api.session(0);
    started(&s);
    push(&s, &[a]);
    sleep(Duration::from_millis(100)).await;
    // Three sessions in a row end at once: Live Tail is given up.
    drop(s);
    api.sessions.lock().unwrap().clear();
    for _ in 0..3 {
        sleep(Duration::from_secs(5)).await;
        api.sessions.lock().unwrap().clear();
    }
    sleep(Duration::from_secs(5)).await;
    match seen.mode() {
        Some(TailMode::Polling { why, .. }) => assert!(why.starts_with("Live Tail keeps ending"), "{why}"),
        other => panic!("not polling: {other:?}"),
    }
    api.add("api", t0() + secs(20), "seen polling", "b");
    sleep(Duration::from_secs(5)).await;
    assert_eq!(seen.lines(), ["seen live", "seen polling"]);
}

#[tokio::test(start_paused = true)]
async fn a_range_that_ended_is_read_with_every_page_and_the_tail_ends() {
    let api = Arc::new(Fake::default());
    for i in 0..5 {
        api.add("api", t0() - secs(600 - i), &format!("line {i}"), &format!("e{i}"));
    }
    api.add("api", t0() - secs(60), "after the range", "late");
    let range = LogRange::Between { from: t0() - secs(900), to: Some(t0() - secs(300)) };
    let (seen, h) = start(api.clone(), range);
    h.await.expect("the tail ends by itself");
    assert_eq!(seen.lines(), ["line 0", "line 1", "line 2", "line 3", "line 4"]);
    assert_eq!(seen.ended(), Some(Ok(())));
    assert_eq!(api.filter_calls().len(), 3, "three pages of two");
    assert!(api.live_requests.lock().unwrap().is_empty(), "no Live Tail for a past range");
}

#[tokio::test(start_paused = true)]
async fn a_group_that_does_not_exist_ends_the_tail_with_its_name() {
    let api = Arc::new(Fake::default());
    let t = LogTarget { groups: vec!["/ecs/prod/gone".into()], ..target() };
    let (seen, h) = start_with(api.clone(), t, LogRange::Last { minutes: 5 });
    h.await.expect("ends");
    let e = seen.ended().and_then(Result::err).expect("an error");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.message.contains("/ecs/prod/gone"), "{}", e.message);
}

#[tokio::test(start_paused = true)]
async fn polling_refused_ends_the_tail() {
    let api = Arc::new(Fake::default());
    api.refuse_live.lock().unwrap().push_back(denied("logs:StartLiveTail"));
    api.fail.lock().unwrap().push_back(denied("logs:FilterLogEvents"));
    let (seen, h) = start(api.clone(), LogRange::Last { minutes: 5 });
    h.await.expect("ends");
    let e = seen.ended().and_then(Result::err).expect("an error");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.message.contains("logs:FilterLogEvents"));
}

#[tokio::test(start_paused = true)]
async fn targets_beyond_live_tail_limits_poll_and_say_which_limit() {
    let api = Arc::new(Fake::default());
    let eleven =
        LogTarget { groups: (0..11).map(|i| format!("/g/{i}")).collect(), stream_prefixes: vec![], ..target() };
    let (seen, _h) = start_with(api.clone(), eleven, LogRange::Last { minutes: 5 });
    sleep(Duration::from_millis(10)).await;
    match seen.mode() {
        Some(TailMode::Polling { why, .. }) => {
            assert_eq!(why, "Live Tail takes at most 10 log groups; this tail has 11")
        }
        other => panic!("{other:?}"),
    }
    assert!(api.live_requests.lock().unwrap().is_empty());
    assert_eq!(api.filter_calls().len(), 11, "one window reads every group");
    let two = LogTarget { groups: vec!["/a".into(), "/b".into()], ..target() };
    assert_eq!(
        super::live_refusal(&two).as_deref(),
        Some("Live Tail takes stream prefixes only with one log group; this tail has 2 groups")
    );
    let many = LogTarget { stream_prefixes: (0..101).map(|i| format!("ecs/c{i}/")).collect(), ..target() };
    assert_eq!(
        super::live_refusal(&many).as_deref(),
        Some("Live Tail takes at most 100 stream prefixes; this tail has 101")
    );
    assert_eq!(super::live_refusal(&target()), None);
}

#[test]
fn many_prefixes_read_the_whole_group_and_keep_their_streams() {
    let few = LogTarget { stream_prefixes: vec!["ecs/a/".into(), "ecs/b/".into()], ..target() };
    assert_eq!(super::window::queries(&few).len(), 2, "one call per prefix");
    let many = LogTarget { stream_prefixes: (0..5).map(|i| format!("ecs/c{i}/")).collect(), ..target() };
    assert_eq!(super::window::queries(&many), [(GROUP.to_string(), None)]);
    let e = event(GROUP, "ecs/c3/x", 0, None, "m", None);
    assert!(super::window::wanted(&many, &e));
    assert!(!super::window::wanted(&many, &event(GROUP, "ecs/d/x", 0, None, "m", None)));
}
