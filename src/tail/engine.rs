//! The tail engine: one loop per tail that keeps a target's lines coming and hands them on in
//! bounded, de-duplicated batches.
//!
//! - **Live Tail** first (pushed lines, billed per minute while a session is open), when the
//!   target is within its limits (1–10 groups; stream prefixes, ≤ 100, only with one group)
//!   and the range follows. The lines before the session started are read with
//!   FilterLogEvents (the backfill). A session lasts at most 3 hours: a new one is opened
//!   before that and the old one closed once the new one has started, both read meanwhile. A
//!   session that ends otherwise is reopened, and the gap re-read with FilterLogEvents.
//! - **Polling** FilterLogEvents every `poll_every` when Live Tail is refused or unavailable
//!   (the reason is kept in `TailMode::Polling.why`), or for a range that ends. Each poll
//!   re-reads from a little before its last line; throttling doubles the wait, up to
//!   `max_backoff`.
//!
//! Every overlap is on purpose and `Dedup` drops what was already delivered, so nothing is
//! lost or repeated across renewals, reconnects and a switch of mode.
use super::batch::Batcher;
use super::dedup::{Dedup, Source};
use super::window;
use crate::api::{ApiError, ApiResult, ErrorKind, LiveTail, LiveTailRequest, LiveTailUpdate, LogsApi, log_limits};
use crate::model::{LogEvent, LogRange, LogTarget, TailMode, TailStatus, Time};
use futures::stream::{BoxStream, SelectAll};
use futures::{StreamExt, stream};
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::{Instant, sleep_until};

/// What to tail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spec {
    pub target: LogTarget,
    pub range: LogRange,
    pub pattern: Option<String>,
}

/// The engine's timings and sizes (the defaults are what the console uses).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Between two FilterLogEvents polls.
    pub poll_every: Duration,
    /// The longest wait after throttling.
    pub max_backoff: Duration,
    /// When a Live Tail session is renewed (sessions end at 3 hours).
    pub renew_after: Duration,
    /// How long the old session is still read after its successor started.
    pub renew_grace: Duration,
    /// How far before its last line a poll starts reading again.
    pub overlap: Duration,
    /// How far before the time a poll or a session ended the next read starts, for lines
    /// that reach CloudWatch late.
    pub lag: Duration,
    /// How long a line is remembered for de-duplication.
    pub keep: Duration,
    /// A session that ends sooner than this after it opened counts as a quick end; after
    /// `quick_ends` of them in a row the tail polls instead.
    pub quick_end: Duration,
    pub quick_ends: u32,
    /// A batch leaves at this many lines …
    pub batch_lines: usize,
    /// … or when its first line has waited this long.
    pub batch_wait: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Self {
            poll_every: Duration::from_secs(2),
            max_backoff: Duration::from_secs(30),
            renew_after: Duration::from_secs(log_limits::LIVE_TAIL_SESSION_SECS - 5 * 60),
            renew_grace: Duration::from_secs(5),
            overlap: Duration::from_secs(10),
            lag: Duration::from_secs(30),
            keep: Duration::from_secs(10 * 60),
            quick_end: Duration::from_secs(30),
            quick_ends: 3,
            batch_lines: 1000,
            batch_wait: Duration::from_millis(50),
        }
    }
}

/// What a tail hands on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Out {
    Log { events: Vec<LogEvent>, status: TailStatus },
    Ended(Result<(), ApiError>),
}

/// The time the tail reckons ranges with (the simulator's clock in the demo).
pub type Clock = Arc<dyn Fn() -> Time + Send + Sync>;

/// Tail `spec` until the range is read (a range that ends) or a failure stops it; `out` gets
/// the batches and, last, `Out::Ended`. A follow tail runs until its task is dropped, which
/// also closes its Live Tail session.
pub async fn run(api: Arc<dyn LogsApi>, spec: Spec, cfg: Config, clock: Clock, out: impl FnMut(Out) + Send) {
    let mut e = Engine::new(api, spec, cfg, clock, out);
    let result = e.go().await;
    e.flush();
    (e.out)(Out::Ended(result));
}

/// Why Live Tail cannot take `target`, if it cannot.
pub fn live_refusal(target: &LogTarget) -> Option<String> {
    let (groups, prefixes) = (target.groups.len(), target.stream_prefixes.len());
    if groups > log_limits::LIVE_TAIL_GROUPS {
        Some(format!("Live Tail takes at most {} log groups; this tail has {groups}", log_limits::LIVE_TAIL_GROUPS))
    } else if prefixes > 0 && groups > 1 {
        Some(format!("Live Tail takes stream prefixes only with one log group; this tail has {groups} groups"))
    } else if prefixes > log_limits::LIVE_TAIL_PREFIXES {
        Some(format!(
            "Live Tail takes at most {} stream prefixes; this tail has {prefixes}",
            log_limits::LIVE_TAIL_PREFIXES
        ))
    } else {
        None
    }
}

/// Where a range starts and ends, at `now`.
pub fn bounds(range: &LogRange, now: Time) -> (Option<Time>, Option<Time>) {
    match range {
        LogRange::Last { minutes } => (Some(now - chrono::Duration::minutes(i64::from(*minutes))), None),
        LogRange::Head => (None, None),
        LogRange::Between { from, to } => (Some(*from), *to),
    }
}

/// Failures no retry and no other mode can get past.
fn fatal(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::NoRegion | ErrorKind::NoCredentials | ErrorKind::ExpiredToken | ErrorKind::NotFound)
}

/// Failures a later try may get past.
fn transient(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::Throttled | ErrorKind::Network | ErrorKind::Service | ErrorKind::Other)
}

fn secs(d: Duration) -> String {
    humantime::format_duration(Duration::from_secs(d.as_secs().max(1))).to_string()
}

struct Session {
    stream: LiveTail,
    opened: Instant,
    started: bool,
    source: Source,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// The lines before the first session started.
    Backfill,
    /// The lines between a session's end and its successor.
    Gap,
    /// One poll.
    Poll,
}

struct Window {
    kind: Kind,
    start: Option<Time>,
    end: Option<Time>,
    source: Source,
}

enum Item {
    Page(ApiResult<Vec<LogEvent>>),
    Done,
}

struct Poll {
    /// Where the next poll starts reading.
    start: Option<Time>,
    due: Option<Instant>,
    /// When the running poll started (clock time).
    started: Option<Time>,
    backoff: Option<Duration>,
}

enum Ev {
    Current(Option<ApiResult<LiveTailUpdate>>),
    Next(Option<ApiResult<LiveTailUpdate>>),
    Window(u64, Item),
    PollDue,
    Renew,
    Retire,
    Reopen,
    Flush,
}

struct Engine<F> {
    api: Arc<dyn LogsApi>,
    spec: Spec,
    cfg: Config,
    clock: Clock,
    out: F,
    dedup: Dedup,
    batch: Batcher,
    status: TailStatus,
    /// The mode and note last sent.
    sent: Option<(TailMode, Option<String>)>,
    from: Option<Time>,
    to: Option<Time>,
    /// The newest line delivered.
    newest: Option<Time>,
    last_prune: Instant,
    arns: Option<Vec<String>>,
    current: Option<Session>,
    next: Option<Session>,
    renew_at: Option<Instant>,
    retire_at: Option<Instant>,
    quick_ends: u32,
    windows: SelectAll<BoxStream<'static, (u64, Item)>>,
    open: HashMap<u64, Window>,
    next_window: u64,
    /// Windows to read again after a passing failure.
    reopen: Vec<(Instant, Kind, Option<Time>, Option<Time>)>,
    poll: Option<Poll>,
}

async fn pull(s: &mut Option<Session>) -> Option<ApiResult<LiveTailUpdate>> {
    match s {
        Some(s) => s.stream.next().await,
        None => std::future::pending().await,
    }
}

async fn at(t: Option<Instant>) {
    match t {
        Some(t) => sleep_until(t).await,
        None => std::future::pending().await,
    }
}

impl<F: FnMut(Out) + Send> Engine<F> {
    fn new(api: Arc<dyn LogsApi>, spec: Spec, cfg: Config, clock: Clock, out: F) -> Self {
        let batch = Batcher::new(cfg.batch_lines, cfg.batch_wait);
        Self {
            api,
            spec,
            status: TailStatus { mode: TailMode::LiveTail, sampled: false, note: None },
            cfg,
            clock,
            out,
            dedup: Dedup::default(),
            batch,
            sent: None,
            from: None,
            to: None,
            newest: None,
            last_prune: Instant::now(),
            arns: None,
            current: None,
            next: None,
            renew_at: None,
            retire_at: None,
            quick_ends: 0,
            windows: SelectAll::new(),
            open: HashMap::new(),
            next_window: 0,
            reopen: Vec::new(),
            poll: None,
        }
    }

    async fn go(&mut self) -> Result<(), ApiError> {
        if self.spec.target.groups.is_empty() {
            return Err(ApiError::new(ErrorKind::InvalidInput, "no log group to tail"));
        }
        let now = (self.clock)();
        (self.from, self.to) = bounds(&self.spec.range, now);
        if self.to.is_some() {
            self.start_polling("a time range that ends is read with FilterLogEvents".into(), self.from);
        } else if let Some(why) = live_refusal(&self.spec.target) {
            self.start_polling(why, self.from);
        } else {
            match self.open_session().await {
                Ok(s) => {
                    self.current = Some(s);
                    self.renew_at = Some(Instant::now() + self.cfg.renew_after);
                    self.status.mode = TailMode::LiveTail;
                    self.announce();
                    if self.from.is_none_or(|f| f < now) {
                        let end = now + chrono::Duration::from_std(self.cfg.overlap).unwrap_or_default();
                        self.open_window(Kind::Backfill, self.from, Some(end));
                    }
                }
                Err(e) if fatal(&e) => return Err(e),
                Err(e) => self.start_polling(format!("Live Tail unavailable: {e}"), self.from),
            }
        }
        self.run_loop().await
    }

    async fn run_loop(&mut self) -> Result<(), ApiError> {
        loop {
            let reopen_at = self.reopen.iter().map(|r| r.0).min();
            let poll_due = self.poll.as_ref().and_then(|p| p.due);
            let ev = tokio::select! {
                u = pull(&mut self.current) => Ev::Current(u),
                u = pull(&mut self.next) => Ev::Next(u),
                Some((id, item)) = self.windows.next(), if !self.windows.is_empty() => Ev::Window(id, item),
                _ = at(poll_due) => Ev::PollDue,
                _ = at(self.renew_at) => Ev::Renew,
                _ = at(self.retire_at) => Ev::Retire,
                _ = at(reopen_at) => Ev::Reopen,
                _ = at(self.batch.deadline()) => Ev::Flush,
            };
            match ev {
                Ev::Current(Some(Ok(u))) => {
                    if matches!(u, LiveTailUpdate::Started { .. }) && self.status.note.is_some() {
                        self.status.note = None;
                        self.announce();
                    }
                    self.take_update(u, false);
                }
                Ev::Current(end) => {
                    let err = match end {
                        Some(Err(e)) => Some(e),
                        _ => None,
                    };
                    self.session_ended(err).await?;
                }
                Ev::Next(Some(Ok(u))) => {
                    if matches!(u, LiveTailUpdate::Started { .. })
                        && let Some(n) = self.next.as_mut()
                    {
                        n.started = true;
                        self.retire_at = Some(Instant::now() + self.cfg.renew_grace);
                    }
                    self.take_update(u, true);
                }
                Ev::Next(end) => {
                    // The successor failed before taking over: the current session goes on.
                    self.next = None;
                    self.retire_at = None;
                    self.renew_at = Some(Instant::now() + Duration::from_secs(60));
                    if let Some(Err(e)) = end {
                        tracing::debug!(error = %e, "a Live Tail renewal failed; trying again in a minute");
                    }
                }
                Ev::Window(id, item) => {
                    if let Some(done) = self.window_item(id, item)? {
                        return Ok(done);
                    }
                }
                Ev::PollDue => self.poll_now(),
                Ev::Renew => self.renew().await,
                Ev::Retire => {
                    self.retire_at = None;
                    if let Some(n) = self.next.take() {
                        // Dropping the old stream closes its session.
                        self.renew_at = Some(n.opened + self.cfg.renew_after);
                        self.current = Some(n);
                    }
                }
                Ev::Reopen => {
                    let now = Instant::now();
                    let (due, later): (Vec<_>, Vec<_>) = self.reopen.drain(..).partition(|r| r.0 <= now);
                    self.reopen = later;
                    for (_, kind, start, end) in due {
                        self.open_window(kind, start, end);
                    }
                }
                Ev::Flush => self.flush(),
            }
        }
    }

    fn take_update(&mut self, u: LiveTailUpdate, next: bool) {
        let LiveTailUpdate::Events { events, sampled } = u else { return };
        let slot = if next { &mut self.next } else { &mut self.current };
        let Some(s) = slot.as_mut() else { return };
        if s.opened.elapsed() >= self.cfg.quick_end {
            self.quick_ends = 0;
        }
        let mut source = std::mem::take(&mut s.source);
        // Before the lines: a full batch leaves while they are admitted.
        if sampled {
            self.batch.sampled = true;
        }
        self.admit(&mut source, events);
        if let Some(s) = if next { self.next.as_mut() } else { self.current.as_mut() } {
            s.source = source;
        }
    }

    /// The current session ended (`err`: why, if it said).
    async fn session_ended(&mut self, err: Option<ApiError>) -> Result<(), ApiError> {
        let ended = (self.clock)();
        let old = self.current.take();
        if let Some(n) = self.next.take() {
            // The successor was opened before this ended: it covers what follows.
            self.retire_at = None;
            self.renew_at = Some(n.opened + self.cfg.renew_after);
            self.current = Some(n);
            return Ok(());
        }
        let timeout = err.as_ref().is_some_and(|e| e.code.as_deref() == Some("SessionTimeoutException"));
        let reason = match &err {
            _ if timeout => "the Live Tail session reached its 3-hour limit".to_string(),
            Some(e) => e.to_string(),
            None => "the Live Tail stream ended".to_string(),
        };
        let quick = old.is_some_and(|s| s.opened.elapsed() < self.cfg.quick_end);
        self.quick_ends = if quick && !timeout { self.quick_ends + 1 } else { 0 };
        let resume = Some(self.after_lag(ended));
        if self.quick_ends >= self.cfg.quick_ends {
            self.start_polling(format!("Live Tail keeps ending: {reason}"), resume);
            return Ok(());
        }
        self.status.note = Some(format!("reconnecting: {reason}"));
        self.announce();
        if self.quick_ends > 1 {
            tokio::time::sleep(Duration::from_secs(u64::from(self.quick_ends))).await;
        }
        match self.open_session().await {
            Ok(s) => {
                self.current = Some(s);
                self.renew_at = Some(Instant::now() + self.cfg.renew_after);
                self.open_window(Kind::Gap, resume, None);
                Ok(())
            }
            Err(e) if fatal(&e) => Err(e),
            Err(e) => {
                self.start_polling(format!("Live Tail unavailable: {e}"), resume);
                Ok(())
            }
        }
    }

    /// Open the successor of the current session before it reaches 3 hours.
    async fn renew(&mut self) {
        self.renew_at = None;
        if self.current.is_none() || self.next.is_some() {
            return;
        }
        match self.open_session().await {
            Ok(s) => self.next = Some(s),
            Err(e) => {
                tracing::debug!(error = %e, "a Live Tail renewal failed; trying again in a minute");
                self.renew_at = Some(Instant::now() + Duration::from_secs(60));
            }
        }
    }

    /// `t` moved back by the lag (not before the range's start).
    fn after_lag(&self, t: Time) -> Time {
        let back = t - chrono::Duration::from_std(self.cfg.lag).unwrap_or_default();
        match self.from {
            Some(f) => back.max(f),
            None => back,
        }
    }

    async fn open_session(&mut self) -> ApiResult<Session> {
        let arns = match &self.arns {
            Some(a) => a.clone(),
            None => {
                let a = resolve(self.api.clone(), self.spec.target.clone()).await?;
                self.arns = Some(a.clone());
                a
            }
        };
        let request = LiveTailRequest {
            region: self.spec.target.region.clone(),
            group_arns: arns,
            stream_prefixes: self.spec.target.stream_prefixes.clone(),
            pattern: self.spec.pattern.clone(),
        };
        let stream = self.api.start_live_tail(request).await?;
        Ok(Session { stream, opened: Instant::now(), started: false, source: Source::default() })
    }

    fn start_polling(&mut self, why: String, start: Option<Time>) {
        self.current = None;
        self.next = None;
        self.renew_at = None;
        self.retire_at = None;
        self.poll = Some(Poll { start, due: Some(Instant::now()), started: None, backoff: None });
        self.status.mode = TailMode::Polling { every: self.cfg.poll_every, backoff: None, why };
        self.status.note = None;
        self.announce();
    }

    fn poll_now(&mut self) {
        let Some(p) = self.poll.as_mut() else { return };
        p.due = None;
        p.started = Some((self.clock)());
        let start = p.start;
        self.open_window(Kind::Poll, start, self.to);
    }

    fn open_window(&mut self, kind: Kind, start: Option<Time>, end: Option<Time>) {
        self.next_window += 1;
        let id = self.next_window;
        let pages = window::read(self.api.clone(), &self.spec.target, self.spec.pattern.clone(), start, end)
            .map(move |r| (id, Item::Page(r)))
            .chain(stream::once(async move { (id, Item::Done) }));
        self.windows.push(pages.boxed());
        self.open.insert(id, Window { kind, start, end, source: Source::default() });
    }

    /// A window's page or end; `Some(())` when the tail is done.
    fn window_item(&mut self, id: u64, item: Item) -> Result<Option<()>, ApiError> {
        match item {
            Item::Page(Ok(events)) => {
                if let Some(mut w) = self.open.remove(&id) {
                    self.admit(&mut w.source, events);
                    self.open.insert(id, w);
                }
                Ok(None)
            }
            Item::Page(Err(e)) => {
                let Some(w) = self.open.remove(&id) else { return Ok(None) };
                self.window_failed(w, e).map(|()| None)
            }
            Item::Done => {
                let Some(w) = self.open.remove(&id) else { return Ok(None) };
                if w.kind != Kind::Poll {
                    return Ok(None);
                }
                self.poll_done()
            }
        }
    }

    fn poll_done(&mut self) -> Result<Option<()>, ApiError> {
        let overlap = chrono::Duration::from_std(self.cfg.overlap).unwrap_or_default();
        let Some(p) = self.poll.as_mut() else { return Ok(None) };
        let started = p.started.take();
        if let (Some(to), Some(s)) = (self.to, started)
            && s >= to
        {
            return Ok(Some(()));
        }
        // From a little before the newest line, or, when lines are few, from a little before
        // this poll started: never re-reading the whole range each time.
        let by_line = self.newest.map(|n| n - overlap);
        let by_poll = started.map(|s| s - chrono::Duration::from_std(self.cfg.lag).unwrap_or_default());
        let next = by_line.max(by_poll).or(p.start);
        p.start = match self.from {
            Some(f) => next.map(|n| n.max(f)).or(Some(f)),
            None => next,
        };
        p.due = Some(Instant::now() + self.cfg.poll_every);
        if p.backoff.take().is_some() || self.status.note.is_some() {
            if let TailMode::Polling { backoff, .. } = &mut self.status.mode {
                *backoff = None;
            }
            self.status.note = None;
            self.announce();
        }
        Ok(None)
    }

    fn window_failed(&mut self, w: Window, e: ApiError) -> Result<(), ApiError> {
        if !transient(&e) {
            if w.kind == Kind::Poll {
                return Err(e);
            }
            // Live Tail goes on; only the earlier lines are missing.
            self.status.note = Some(format!("earlier lines cannot be read: {e}"));
            self.announce();
            return Ok(());
        }
        let throttled = e.kind == ErrorKind::Throttled;
        if w.kind == Kind::Poll {
            let Some(p) = self.poll.as_mut() else { return Ok(()) };
            let wait = p.backoff.map(|b| b * 2).unwrap_or(self.cfg.poll_every * 2).min(self.cfg.max_backoff);
            p.backoff = Some(wait);
            p.started = None;
            p.due = Some(Instant::now() + wait);
            if let TailMode::Polling { backoff, .. } = &mut self.status.mode {
                *backoff = Some(wait);
            }
            self.status.note = Some(if throttled {
                format!("throttled by CloudWatch Logs: next poll in {}", secs(wait))
            } else {
                format!("retrying in {}: {e}", secs(wait))
            });
        } else {
            let wait = self.cfg.poll_every * 2;
            self.reopen.push((Instant::now() + wait, w.kind, w.start, w.end));
            self.status.note = Some(if throttled {
                format!("throttled by CloudWatch Logs: earlier lines again in {}", secs(wait))
            } else {
                format!("earlier lines again in {}: {e}", secs(wait))
            });
        }
        self.announce();
        Ok(())
    }

    fn admit(&mut self, source: &mut Source, events: Vec<LogEvent>) {
        let fresh: Vec<LogEvent> = events.into_iter().filter(|e| self.dedup.admit(source, e)).collect();
        if let Some(n) = fresh.iter().map(|e| e.timestamp).max() {
            self.newest = self.newest.max(Some(n));
        }
        if self.batch.push(fresh, Instant::now()) {
            self.flush();
        }
    }

    /// Send what waits, and the status when it changed.
    fn announce(&mut self) {
        self.flush();
    }

    fn flush(&mut self) {
        let sampled = std::mem::take(&mut self.batch.sampled);
        let batches = self.batch.take();
        let now = (self.status.mode.clone(), self.status.note.clone());
        let changed = self.sent.as_ref() != Some(&now);
        let status = TailStatus { sampled, ..self.status.clone() };
        if batches.is_empty() {
            if changed || sampled {
                (self.out)(Out::Log { events: Vec::new(), status });
            }
        } else {
            for events in batches {
                (self.out)(Out::Log { events, status: status.clone() });
            }
        }
        self.sent = Some(now);
        self.prune();
    }

    /// Forget lines no source will read again: older than `keep`, and older than every open
    /// window's start.
    fn prune(&mut self) {
        if self.last_prune.elapsed() < Duration::from_secs(30) {
            return;
        }
        self.last_prune = Instant::now();
        let mut horizon = (self.clock)() - chrono::Duration::from_std(self.cfg.keep).unwrap_or_default();
        for w in self.open.values() {
            match w.start {
                Some(s) => horizon = horizon.min(s),
                // A window from the oldest line is open: keep everything until it is read.
                None => return,
            }
        }
        self.dedup.prune(horizon);
        for w in self.open.values_mut() {
            w.source.prune(horizon);
        }
        for s in self.current.iter_mut().chain(self.next.iter_mut()) {
            s.source.prune(horizon);
        }
    }
}

/// The groups' ARNs (Live Tail takes no names), from DescribeLogGroups.
async fn resolve(api: Arc<dyn LogsApi>, target: LogTarget) -> ApiResult<Vec<String>> {
    let mut arns = Vec::new();
    for g in &target.groups {
        let mut token = None;
        let mut found = None;
        // The exact name sorts first among the names it prefixes; a few pages are plenty.
        for _ in 0..5 {
            let page = api.describe_log_groups(target.region.clone(), g.clone(), token.clone()).await?;
            found = page.groups.into_iter().find(|x| x.name == *g).map(|x| x.arn);
            token = page.next_token;
            if found.is_some() || token.is_none() {
                break;
            }
        }
        match found {
            Some(a) => arns.push(a),
            None => {
                return Err(ApiError::new(ErrorKind::NotFound, format!("log group {g} does not exist"))
                    .with_code("ResourceNotFoundException")
                    .with_hint("the task definition's awslogs-group names it: check its name and region"));
            }
        }
    }
    Ok(arns)
}
