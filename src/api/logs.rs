//! CloudWatch Logs: what the log tail asks for and gets back. One method per call; the tail
//! (`crate::tail`) decides which calls to make, how often, and what to do when one fails.
use super::ApiResult;
use crate::model::{LogEvent, Time};
use async_trait::async_trait;
use futures::stream::BoxStream;

/// AWS limits of Live Tail and FilterLogEvents the tail works within.
pub mod log_limits {
    /// Log groups one Live Tail session may take.
    pub const LIVE_TAIL_GROUPS: usize = 10;
    /// Stream-name prefixes one Live Tail session may take (only with exactly one group).
    pub const LIVE_TAIL_PREFIXES: usize = 100;
    /// Events per second Live Tail delivers before it samples (and says so).
    pub const LIVE_TAIL_EVENTS_PER_SECOND: usize = 500;
    /// How long a Live Tail session lasts at most, in seconds (3 hours).
    pub const LIVE_TAIL_SESSION_SECS: u64 = 3 * 3600;
}

/// A log group as DescribeLogGroups gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroup {
    pub name: String,
    /// `logGroupArn`: the ARN without the trailing `:*`, as StartLiveTail takes it.
    pub arn: String,
}

/// One page of DescribeLogGroups.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogGroupPage {
    pub groups: Vec<LogGroup>,
    pub next_token: Option<String>,
}

/// FilterLogEvents of one group: one page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterRequest {
    /// The group's region when it is not the connection's (`awslogs-region`).
    pub region: Option<String>,
    pub group: String,
    pub stream_prefix: Option<String>,
    /// Inclusive (CloudWatch returns no event before it); `None`: from the oldest event kept.
    pub start: Option<Time>,
    /// Inclusive (CloudWatch returns no event after it); `None`: up to now.
    pub end: Option<Time>,
    pub pattern: Option<String>,
    pub next_token: Option<String>,
}

/// One page of FilterLogEvents: events in timestamp order, and where to go on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LogPage {
    pub events: Vec<LogEvent>,
    pub next_token: Option<String>,
}

/// StartLiveTail.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LiveTailRequest {
    pub region: Option<String>,
    /// Log group ARNs (1–10; Live Tail does not take names).
    pub group_arns: Vec<String>,
    /// Stream-name prefixes (≤ 100), only with exactly one group.
    pub stream_prefixes: Vec<String>,
    pub pattern: Option<String>,
}

/// What a Live Tail session pushes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveTailUpdate {
    /// `sessionStart`: the session is open.
    Started { session_id: Option<String> },
    /// `sessionUpdate`: the events since the last update (often none: a heartbeat), and whether
    /// Live Tail sampled them (more than 500 events a second).
    Events { events: Vec<LogEvent>, sampled: bool },
}

/// A session's updates until it ends: `None` when the stream closes, an error (code
/// `SessionTimeoutException` after 3 hours, `SessionStreamingException`, a network failure)
/// as its last item.
pub type LiveTail = BoxStream<'static, ApiResult<LiveTailUpdate>>;

/// CloudWatch Logs calls the log tail makes.
#[async_trait]
pub trait LogsApi: Send + Sync + 'static {
    /// DescribeLogGroups whose names start with `name_prefix`: one page (for a group's ARN).
    async fn describe_log_groups(
        &self,
        region: Option<String>,
        name_prefix: String,
        next_token: Option<String>,
    ) -> ApiResult<LogGroupPage>;
    /// StartLiveTail: the session's event stream. Dropping the stream ends the session (it is
    /// billed per minute while open).
    async fn start_live_tail(&self, request: LiveTailRequest) -> ApiResult<LiveTail>;
    /// FilterLogEvents: one page. A page may be empty and still have a `next_token` (the
    /// search went on past what it could scan in one call).
    async fn filter_log_events(&self, request: FilterRequest) -> ApiResult<LogPage>;
}
