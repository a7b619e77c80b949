//! Log lines and what to tail: the types the log tail (runtime) and the log view (update, ui)
//! share. A tail is a general piece: a service's tasks, one task, one container, any group by
//! name, and the cluster's exec audit log group all go through it.
use super::Time;
use std::time::Duration;

/// What to tail: one or more log groups (Live Tail takes 1–10), and, when exactly one group is
/// given, the stream-name prefixes to keep (≤ 100; a service's or a task's streams).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LogTarget {
    /// Log group names (not ARNs).
    pub groups: Vec<String>,
    /// Stream name prefixes (`prefix/container/task-id` or a leading part of it); empty: every
    /// stream of the group(s).
    pub stream_prefixes: Vec<String>,
    /// `awslogs-region` when it differs from the connection's region.
    pub region: Option<String>,
    /// What the view calls it: `prod/api`, `task 3f2a…`, `/ecs/exec-audit`.
    pub label: String,
}

/// Where one line came from, read off its stream name (`prefix/container/task-id`); streams
/// that do not follow the awslogs form keep their name whole in `stream`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct LogSource {
    pub group: String,
    pub stream: String,
    /// The task id (last part of an awslogs stream), when the stream has that form.
    pub task_id: Option<String>,
    /// The container name (middle part of an awslogs stream), when the stream has that form.
    pub container: Option<String>,
}

/// One log event as CloudWatch Logs gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// CloudWatch's event id when it gives one (FilterLogEvents); otherwise a key built from the
    /// stream, timestamp and message, so de-duplication across reconnects and mode switches
    /// works the same for both modes.
    pub id: String,
    pub timestamp: Time,
    pub ingested: Option<Time>,
    pub source: LogSource,
    pub message: String,
}

/// How a tail is fetching.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailMode {
    /// CloudWatch Logs Live Tail (StartLiveTail): pushed events, billed per minute.
    LiveTail,
    /// FilterLogEvents every `every`; `backoff` while throttled; `why`: why not Live Tail.
    Polling { every: Duration, backoff: Option<Duration>, why: String },
}

/// What a tail reports beside its lines.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailStatus {
    pub mode: TailMode,
    /// Live Tail sampled this batch (more than 500 events/s).
    pub sampled: bool,
    /// A passing condition in words (`reconnecting: session reached 3 hours`, a throttle, an
    /// error that the tail retries); `None` when all is well.
    pub note: Option<String>,
}

/// The time range a tail starts from: the last minutes, or a fixed range (time jumps, custom).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum LogRange {
    /// From `minutes` ago, then follow.
    Last { minutes: u32 },
    /// From the oldest event kept (`1`, head), then follow.
    Head,
    /// A fixed range; no follow after `to` unless `to` is `None`.
    Between { from: Time, to: Option<Time> },
}
