//! The log view: the lines of a tail (a service's tasks merged, one task, one container, any
//! group by name, or any [`LogTarget`] another view hands it), in a bounded ring ordered by
//! time, filtered as they arrive. The view holds what the tail should be (target, range,
//! pattern) and which tail is running; `update::logs` turns that into `Tail` / `StopTail`
//! effects, so the tail runs only while the view is on screen.
use super::log_buffer::{LogBuffer, LogFilter, LogIndex, Pushed};
use super::{Acted, Body, Move, Screen, View};
use crate::config::{Action, Context};
use crate::model::log_target::{LogScope, Resolved, group_target, resolve};
use crate::model::{LogEvent, LogRange, LogTarget, TailStatus, Time, arn_name, short_id};
use crate::state::{Data, Load, ReqId};
use crate::table::Table;

/// Whose logs the view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogsOf {
    /// Every task of a service (ARN), from its task definition's awslogs options.
    Service { cluster: String, service: String, task_definition: String },
    /// One task (ARN).
    Task { cluster: String, task: String, task_definition: String },
    /// One container of one task.
    Container { cluster: String, task: String, container: String, task_definition: String },
    /// A ready target: a group by name (`:logs GROUP`), an exec audit log group.
    Target(LogTarget),
}

impl LogsOf {
    fn task_definition(&self) -> Option<&str> {
        match self {
            LogsOf::Service { task_definition, .. }
            | LogsOf::Task { task_definition, .. }
            | LogsOf::Container { task_definition, .. } => Some(task_definition),
            LogsOf::Target(_) => None,
        }
    }

    fn label(&self) -> String {
        match self {
            LogsOf::Service { cluster, service, .. } => format!("{}/{}", arn_name(cluster), arn_name(service)),
            LogsOf::Task { task, .. } => format!("task {}", short_id(task)),
            LogsOf::Container { task, container, .. } => format!("{container} of task {}", short_id(task)),
            LogsOf::Target(t) => t.label.clone(),
        }
    }
}

/// Where the range starts, in the words the view uses (`last 15m`, `head`, `since 14:02`).
pub fn range_words(range: &LogRange) -> String {
    match range {
        LogRange::Last { minutes: 0 } => "new lines only".into(),
        LogRange::Last { minutes } if minutes % 60 == 0 => format!("last {}h", minutes / 60),
        LogRange::Last { minutes } => format!("last {minutes}m"),
        LogRange::Head => "from the oldest event".into(),
        LogRange::Between { from, to: None } => format!("since {} UTC", from.format("%Y-%m-%d %H:%M:%S")),
        LogRange::Between { from, to: Some(to) } => {
            format!("{} → {} UTC", from.format("%Y-%m-%d %H:%M:%S"), to.format("%Y-%m-%d %H:%M:%S"))
        }
    }
}

/// Where a newly opened view starts.
pub const OPEN_RANGE: LogRange = LogRange::Last { minutes: 5 };

#[derive(Debug, Clone)]
pub struct LogsView {
    pub of: LogsOf,
    pub label: String,
    /// The target and the words about containers left out; `None` until the task definition
    /// is loaded.
    pub resolved: Option<Resolved>,
    /// The task definition could not be loaded.
    pub problem: Option<String>,
    /// The tail running for this view, if any.
    pub tail: Option<ReqId>,
    /// Whether a tail should run while the view is on screen (false once one ended).
    pub wanted: bool,
    /// The running tail must be replaced (a time jump, a new filter pattern).
    pub restart: bool,
    /// The range the next tail starts from.
    pub range: LogRange,
    /// The range the user asked for (what the title says), kept when a hidden view resumes.
    pub asked: LogRange,
    /// The CloudWatch filter pattern sent with the tail.
    pub pattern: Option<String>,
    /// Why the filter is applied here only, when it is.
    pub local_only: Option<String>,
    pub status: Option<TailStatus>,
    /// How the last tail ended: `Ok(words)` when its range was read, `Err(why)` when it failed.
    pub ended: Option<Result<String, String>>,
    pub buffer: LogBuffer,
    pub filter: LogFilter,
    pub index: LogIndex,
    /// The filter hides the lines it does not keep (else it only marks the ones it keeps).
    pub narrow: bool,
    /// The selection stays on the newest line.
    pub follow: bool,
    /// The selected row among the shown lines.
    pub cursor: usize,
    /// The first row drawn when not following.
    pub top: usize,
    pub wrap: bool,
    pub timestamps: bool,
    pub pretty: bool,
    /// Columns scrolled sideways when not wrapping.
    pub hscroll: usize,
    /// Events dropped as already held, over the view's life.
    pub duplicates: u64,
    /// Bumped on every change the screen shows (new lines, filter, cursor).
    pub version: u64,
    /// Rows a page moves (the body's height, from the last sync).
    pub page: usize,
}

impl LogsView {
    pub fn new(of: LogsOf, capacity: usize) -> Self {
        let resolved = match &of {
            LogsOf::Target(t) => Some(Resolved { target: Some(t.clone()), notes: vec![] }),
            _ => None,
        };
        Self {
            label: of.label(),
            of,
            resolved,
            problem: None,
            tail: None,
            wanted: true,
            restart: false,
            range: OPEN_RANGE,
            asked: OPEN_RANGE,
            pattern: None,
            local_only: None,
            status: None,
            ended: None,
            buffer: LogBuffer::new(capacity),
            filter: LogFilter::default(),
            index: LogIndex::default(),
            narrow: true,
            follow: true,
            cursor: 0,
            top: 0,
            wrap: true,
            timestamps: true,
            pretty: false,
            hscroll: 0,
            duplicates: 0,
            version: 0,
            page: 20,
        }
    }

    /// Any log group by name.
    pub fn group(group: &str, capacity: usize) -> Self {
        LogsView::new(LogsOf::Target(group_target(group)), capacity)
    }

    /// The target to tail, once known.
    pub fn target(&self) -> Option<&LogTarget> {
        self.resolved.as_ref().and_then(|r| r.target.as_ref())
    }

    /// The notes about containers whose logs are not shown.
    pub fn notes(&self) -> &[String] {
        self.resolved.as_ref().map_or(&[], |r| r.notes.as_slice())
    }

    /// How many lines are shown (after the filter, when it narrows).
    pub fn shown(&self) -> usize {
        if self.narrow { self.index.len(&self.buffer) } else { self.buffer.len() }
    }

    /// The absolute position of shown row `row`.
    pub fn position(&self, row: usize) -> Option<u64> {
        if self.narrow {
            self.index.at(&self.buffer, row)
        } else {
            (row < self.buffer.len()).then(|| self.buffer.base() + row as u64)
        }
    }

    fn row_of(&self, at: u64) -> usize {
        if self.narrow {
            self.index.row_of(&self.buffer, at)
        } else {
            at.saturating_sub(self.buffer.base()).min(self.buffer.len() as u64) as usize
        }
    }

    /// Lines of the tail `tail` arrived (with its status).
    pub fn ingest(&mut self, events: Vec<LogEvent>, status: TailStatus) {
        self.status = Some(status);
        self.version += 1;
        if events.is_empty() {
            return;
        }
        // Keep the selected line selected while lines are inserted or evicted around it.
        let seq_at = |v: &Self, row: usize| v.position(row).and_then(|at| v.buffer.get(at).map(|l| (l.seq, at)));
        let selected = if self.follow { None } else { seq_at(self, self.cursor) };
        let top = if self.follow { None } else { seq_at(self, self.top) };
        let pushed: Pushed = self.buffer.push(events);
        let selected = selected.and_then(|(seq, at)| self.buffer.find(seq, at, pushed.added));
        let top = top.and_then(|(seq, at)| self.buffer.find(seq, at, pushed.added));
        self.duplicates += pushed.duplicates as u64;
        self.index.update(&self.buffer, &self.filter, &pushed);
        self.place(selected, top);
    }

    fn place(&mut self, selected: Option<u64>, top: Option<u64>) {
        let last = self.shown().saturating_sub(1);
        if self.follow {
            self.cursor = last;
            return;
        }
        if let Some(at) = selected {
            self.cursor = self.row_of(at).min(last);
        }
        if let Some(at) = top {
            self.top = self.row_of(at).min(self.cursor);
        }
        self.cursor = self.cursor.min(last);
    }

    /// The filter as typed so far: applied to every line kept (a full re-scan; typing is slow
    /// next to a batch of lines).
    pub fn set_filter(&mut self, input: &str) {
        let selected = self.position(self.cursor);
        self.filter = LogFilter::parse(input);
        self.index.rebuild(&self.buffer, &self.filter);
        self.version += 1;
        self.place(selected, None);
        self.top = self.top.min(self.cursor);
    }

    /// The filter is done (Enter or Esc): send it to CloudWatch when it can be said there and
    /// differs from what the tail has. Returns what to tell the user.
    pub fn commit_filter(&mut self) -> Option<String> {
        let (pattern, local_only) = match self.filter.cloudwatch_pattern() {
            Ok(p) => (p, None),
            Err(why) => (None, Some(why)),
        };
        self.local_only = local_only.clone();
        if pattern == self.pattern {
            return local_only;
        }
        self.pattern = pattern;
        self.target()?;
        self.resume_range();
        self.restart = true;
        self.wanted = true;
        Some(match (&self.pattern, local_only) {
            (Some(p), _) if self.buffer.is_empty() => {
                format!("filter sent to CloudWatch as {p}: the tail restarts with it")
            }
            (Some(p), _) => format!("filter sent to CloudWatch as {p}: the tail restarts from the newest line kept"),
            (None, Some(why)) => format!("{why}; the tail restarts without a pattern"),
            (None, None) => "filter cleared: the tail restarts without a pattern".into(),
        })
    }

    /// A hidden or re-filtered view picks up after the newest line kept, on the same range end.
    pub fn resume_range(&mut self) {
        if let Some(from) = self.buffer.newest() {
            let to = match self.asked {
                LogRange::Between { to, .. } => to,
                _ => None,
            };
            self.range = LogRange::Between { from, to };
        }
    }

    /// Read `range` instead: the lines kept are forgotten and the tail restarts.
    pub fn jump(&mut self, range: LogRange) -> String {
        self.buffer.clear();
        self.index.rebuild(&self.buffer, &self.filter);
        self.range = range.clone();
        self.asked = range.clone();
        self.follow = true;
        self.cursor = 0;
        self.top = 0;
        self.ended = None;
        self.version += 1;
        if self.target().is_none() {
            return "nothing to read: no container of this view logs to CloudWatch Logs".into();
        }
        self.restart = true;
        self.wanted = true;
        format!("{}: the tail restarts", range_words(&range))
    }

    /// The tail ended: its range is read, or it cannot go on.
    pub fn end(&mut self, result: Result<(), String>) {
        self.tail = None;
        self.wanted = false;
        self.restart = false;
        self.version += 1;
        self.ended = Some(result.map(|()| "the range is read to its end".to_string()));
    }

    /// The text of shown row `row`, for copying: the line as shown without highlight.
    pub fn line_text(&self, row: usize) -> Option<String> {
        let line = self.buffer.get(self.position(row)?)?;
        Some(line.text.to_string())
    }

    /// Every line kept, as saved to a file: time, source, text.
    pub fn save_lines(&self) -> Vec<String> {
        self.buffer
            .iter()
            .map(|l| {
                let source = self.buffer.source(l.source).map(source_label).unwrap_or_default();
                format!("{} {source} {}", l.at.format("%Y-%m-%dT%H:%M:%S%.3fZ"), l.text)
            })
            .collect()
    }

    fn step(&mut self, forward: bool, hit: impl Fn(&Self, u64) -> bool) -> bool {
        let n = self.shown();
        let rows: Box<dyn Iterator<Item = usize>> =
            if forward { Box::new(self.cursor.saturating_add(1)..n) } else { Box::new((0..self.cursor.min(n)).rev()) };
        for row in rows {
            if self.position(row).is_some_and(|at| hit(self, at)) {
                self.cursor = row;
                self.follow = false;
                self.version += 1;
                return true;
            }
        }
        false
    }

    fn move_cursor(&mut self, to: Move, page: usize) {
        let last = self.shown().saturating_sub(1) as isize;
        let now = self.cursor as isize;
        let next = match to {
            Move::By(d) => now + d,
            Move::Page(d) => now + d * page.max(1) as isize,
            Move::Top => 0,
            Move::Bottom => last,
        };
        self.cursor = next.clamp(0, last.max(0)) as usize;
        // Scrolling up pauses; reaching the end (G, or down past the last line) follows again.
        self.follow = matches!(to, Move::Bottom) || (self.cursor as isize >= last && !matches!(to, Move::Top));
        if self.cursor < self.top {
            self.top = self.cursor;
        } else if self.cursor >= self.top + page.max(1) {
            self.top = self.cursor + 1 - page.max(1);
        }
        self.version += 1;
    }
}

/// How a line's source is named: `3f2a9c1e/app` for an awslogs stream, else the stream.
pub fn source_label(s: &crate::model::LogSource) -> String {
    match (&s.task_id, &s.container) {
        (Some(t), Some(c)) => format!("{}/{c}", short_id(t)),
        (Some(t), None) => short_id(t).to_string(),
        _ => s.stream.clone(),
    }
}

/// In hint order: what an SRE reaches for first comes first in a narrow footer.
const ACTIONS: &[Action] = &[
    Action::Filter,
    Action::NextError,
    Action::Jump15m,
    Action::Jump1h,
    Action::SaveLog,
    Action::CopyLine,
    Action::ToggleWrap,
    Action::ToggleTimestamps,
    Action::TogglePretty,
    Action::ToggleNarrow,
    Action::SearchNext,
    Action::JumpTail,
    Action::JumpHead,
    Action::Jump1m,
    Action::Jump5m,
    Action::Jump30m,
    Action::PrevError,
    Action::SearchPrev,
    Action::Left,
    Action::Right,
];

/// The minutes of each time jump key.
pub fn jump_minutes(action: Action) -> Option<u32> {
    match action {
        Action::Jump1m => Some(1),
        Action::Jump5m => Some(5),
        Action::Jump15m => Some(15),
        Action::Jump30m => Some(30),
        Action::Jump1h => Some(60),
        _ => None,
    }
}

impl Screen for LogsView {
    fn context(&self) -> Context {
        Context::Logs
    }
    fn title(&self) -> String {
        format!("logs · {} · {}", self.label, range_words(&self.asked))
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec!["logs".into()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        match (&self.resolved, self.of.task_definition()) {
            (None, Some(arn)) => vec![Load::TaskDefinition { arn: arn.to_string() }],
            _ => vec![],
        }
    }
    fn primary(&self) -> Option<Load> {
        match (&self.resolved, self.of.task_definition()) {
            (None, Some(arn)) => Some(Load::TaskDefinition { arn: arn.to_string() }),
            _ => None,
        }
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::Logs(self)
    }
    fn table(&self, _data: &Data, _now: Time) -> Option<Table> {
        None
    }
    fn sync(&mut self, data: &Data, _now: Time, page: usize) {
        // The status line and notes take a row or two of the body.
        self.page = page.saturating_sub(2).max(1);
        if self.resolved.is_some() {
            return;
        }
        let Some(arn) = self.of.task_definition() else { return };
        if let Some(td) = data.task_definition_of(arn) {
            let task_id;
            let scope = match &self.of {
                LogsOf::Service { .. } | LogsOf::Target(_) => LogScope::Service,
                LogsOf::Task { task, .. } => {
                    task_id = arn_name(task).to_string();
                    LogScope::Task { task_id: &task_id }
                }
                LogsOf::Container { task, container, .. } => {
                    task_id = arn_name(task).to_string();
                    LogScope::Container { task_id: &task_id, container }
                }
            };
            self.resolved = Some(resolve(td, &scope, &self.label, None));
            self.problem = None;
            self.version += 1;
        } else if let Some(e) = data.status_of(&Load::TaskDefinition { arn: arn.to_string() }).and_then(|s| s.error) {
            let problem = format!("the task definition {} could not be read: {e}", arn_name(arn));
            if self.problem.as_ref() != Some(&problem) {
                self.problem = Some(problem);
                self.version += 1;
            }
        }
    }
    fn cursor(&mut self, to: Move) {
        // The keys pass no page size here; the body's height is close to the terminal's.
        self.move_cursor(to, self.page);
    }
    fn empty_text(&self) -> String {
        "no log lines yet".into()
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        let done = Acted::Done { reload: false };
        match action {
            Action::ToggleWrap => {
                self.wrap = !self.wrap;
                self.hscroll = 0;
                Acted::Said(if self.wrap { "long lines wrap" } else { "long lines scroll sideways (h / l)" }.into())
            }
            Action::ToggleTimestamps => {
                self.timestamps = !self.timestamps;
                done
            }
            Action::TogglePretty => {
                self.pretty = !self.pretty;
                Acted::Said(if self.pretty { "JSON lines shown pretty" } else { "JSON lines shown as sent" }.into())
            }
            Action::ToggleNarrow => {
                let selected = self.position(self.cursor);
                self.narrow = !self.narrow;
                self.place(selected, None);
                self.version += 1;
                Acted::Said(
                    if self.narrow {
                        "the filter hides the lines it does not match"
                    } else {
                        "every line shown; the filter marks its matches (n / N jump)"
                    }
                    .into(),
                )
            }
            Action::SearchNext | Action::SearchPrev => {
                if self.filter.is_empty() {
                    return Acted::Said("no filter to jump between: / types one".into());
                }
                let found = self.step(action == Action::SearchNext, |v, at| {
                    v.buffer.get(at).is_some_and(|l| v.filter.marks(&l.text))
                });
                if found { done } else { Acted::Said("no more matching lines that way".into()) }
            }
            Action::NextError | Action::PrevError => {
                let found = self.step(action == Action::NextError, |v, at| v.buffer.get(at).is_some_and(|l| l.error));
                if found { done } else { Acted::Said("no error line that way".into()) }
            }
            Action::JumpTail => Acted::Said(self.jump(LogRange::Last { minutes: 0 })),
            Action::JumpHead => Acted::Said(self.jump(LogRange::Head)),
            a if jump_minutes(a).is_some() => {
                let minutes = jump_minutes(a).unwrap_or(1);
                Acted::Said(self.jump(LogRange::Last { minutes }))
            }
            Action::Left => {
                if self.wrap {
                    return Acted::Said("lines wrap: nothing to scroll sideways (w turns wrapping off)".into());
                }
                self.hscroll = self.hscroll.saturating_sub(8);
                done
            }
            Action::Right => {
                if self.wrap {
                    return Acted::Said("lines wrap: nothing to scroll sideways (w turns wrapping off)".into());
                }
                self.hscroll += 8;
                done
            }
            _ => Acted::NotHere,
        }
    }
    fn labels(&self) -> Vec<&'static str> {
        let mut out = vec![];
        if !self.wrap {
            out.push("nowrap");
        }
        if self.pretty {
            out.push("json pretty");
        }
        out
    }
}
