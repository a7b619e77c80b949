//! [`LogsApi`] over the AWS SDK: DescribeLogGroups, StartLiveTail (an event stream) and
//! FilterLogEvents, each in the group's own region when its `awslogs-region` differs.
use super::convert;
use super::errors::Origin;
use crate::api::{
    ApiError, ApiResult, FilterRequest, LiveTail, LiveTailRequest, LiveTailUpdate, LogGroup, LogGroupPage, LogPage,
    LogsApi,
};
use crate::tail::source::to_ms;
use async_trait::async_trait;
use aws_sdk_cloudwatchlogs::config::Region;
use aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput;
use aws_sdk_cloudwatchlogs::types::StartLiveTailResponseStream;
use aws_sdk_cloudwatchlogs::types::error::StartLiveTailResponseStreamError;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::event_stream::RawMessage;
use futures::StreamExt;
use std::sync::Arc;

pub struct SdkLogs {
    logs: aws_sdk_cloudwatchlogs::Client,
    origin: Arc<Origin>,
}

impl SdkLogs {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self {
            logs: aws_sdk_cloudwatchlogs::Client::new(config),
            origin: Arc::new(Origin::of("logs", config, profile)),
        }
    }

    /// For callers that build their own client (tests add interceptors).
    pub fn from_client(logs: aws_sdk_cloudwatchlogs::Client, profile: Option<String>) -> Self {
        let region = logs.config().region().map(|r| r.as_ref().to_string());
        let origin = Origin::new("logs", None, region.as_deref(), profile);
        Self { logs, origin: Arc::new(origin) }
    }
}

/// The configuration override that sends one call to another region.
fn in_region(region: &Option<String>) -> Option<aws_sdk_cloudwatchlogs::config::Builder> {
    region.as_ref().map(|r| aws_sdk_cloudwatchlogs::config::Builder::default().region(Region::new(r.clone())))
}

/// The largest page FilterLogEvents gives.
const FILTER_PAGE: i32 = 10_000;

#[async_trait]
impl LogsApi for SdkLogs {
    async fn describe_log_groups(
        &self,
        region: Option<String>,
        name_prefix: String,
        next_token: Option<String>,
    ) -> ApiResult<LogGroupPage> {
        let mut call =
            self.logs.describe_log_groups().log_group_name_prefix(name_prefix).set_next_token(next_token).customize();
        if let Some(o) = in_region(&region) {
            call = call.config_override(o);
        }
        let out = call.send().await.map_err(|e| self.origin.error("logs:DescribeLogGroups", e))?;
        let groups = out
            .log_groups()
            .iter()
            .filter_map(|g| {
                let name = g.log_group_name()?.to_string();
                // `logGroupArn` is the ARN Live Tail takes; `arn` ends in `:*`.
                let arn = g
                    .log_group_arn()
                    .map(str::to_string)
                    .or_else(|| g.arn().map(|a| a.strip_suffix(":*").unwrap_or(a).to_string()))?;
                Some(LogGroup { name, arn })
            })
            .collect();
        Ok(LogGroupPage { groups, next_token: out.next_token().map(str::to_string) })
    }

    async fn start_live_tail(&self, request: LiveTailRequest) -> ApiResult<LiveTail> {
        let prefixes = (!request.stream_prefixes.is_empty()).then_some(request.stream_prefixes);
        let mut call = self
            .logs
            .start_live_tail()
            .set_log_group_identifiers(Some(request.group_arns))
            .set_log_stream_name_prefixes(prefixes)
            .set_log_event_filter_pattern(request.pattern)
            .customize();
        if let Some(o) = in_region(&request.region) {
            call = call.config_override(o);
        }
        let out = call.send().await.map_err(|e| self.origin.error("logs:StartLiveTail", e))?;
        Ok(live_updates(out, self.origin.clone()))
    }

    async fn filter_log_events(&self, request: FilterRequest) -> ApiResult<LogPage> {
        let mut call = self
            .logs
            .filter_log_events()
            .log_group_name(&request.group)
            .set_log_stream_name_prefix(request.stream_prefix)
            .set_start_time(request.start.map(to_ms))
            .set_end_time(request.end.map(to_ms))
            .set_filter_pattern(request.pattern)
            .set_next_token(request.next_token)
            .limit(FILTER_PAGE)
            .customize();
        if let Some(o) = in_region(&request.region) {
            call = call.config_override(o);
        }
        let out = call.send().await.map_err(|e| self.origin.error("logs:FilterLogEvents", e))?;
        let events = out.events().iter().filter_map(|e| convert::filtered_event(&request.group, e)).collect();
        Ok(LogPage { events, next_token: out.next_token().map(str::to_string) })
    }
}

/// A Live Tail session's event stream as our updates; an unknown event is skipped (a newer
/// service may send kinds this build does not know), an error is the last item.
pub fn live_updates(out: StartLiveTailOutput, origin: Arc<Origin>) -> LiveTail {
    futures::stream::unfold(Some(out.response_stream), move |rx| {
        let origin = origin.clone();
        async move {
            let mut rx = rx?;
            loop {
                match rx.recv().await {
                    Ok(Some(ev)) => {
                        if let Some(update) = live_update(ev) {
                            return Some((Ok(update), Some(rx)));
                        }
                    }
                    Ok(None) => return None,
                    Err(e) => return Some((Err(stream_failure(&origin, e)), None)),
                }
            }
        }
    })
    .boxed()
}

/// A failure on the session's stream, its modeled exceptions named by their code even when
/// the frame carries none (the tail renews on `SessionTimeoutException`).
fn stream_failure(origin: &Origin, e: SdkError<StartLiveTailResponseStreamError, RawMessage>) -> ApiError {
    let code = match e.as_service_error() {
        Some(StartLiveTailResponseStreamError::SessionTimeoutException(_)) => Some("SessionTimeoutException"),
        Some(StartLiveTailResponseStreamError::SessionStreamingException(_)) => Some("SessionStreamingException"),
        _ => None,
    };
    let mut failure = origin.stream_error("logs:StartLiveTail", e);
    if failure.code.is_none() {
        failure.code = code.map(str::to_string);
    }
    failure
}

/// One event of the stream as an update (`None` for kinds this build does not know).
pub fn live_update(ev: StartLiveTailResponseStream) -> Option<LiveTailUpdate> {
    match ev {
        StartLiveTailResponseStream::SessionStart(s) => {
            Some(LiveTailUpdate::Started { session_id: s.session_id().map(str::to_string) })
        }
        StartLiveTailResponseStream::SessionUpdate(u) => Some(LiveTailUpdate::Events {
            events: u.session_results().iter().filter_map(convert::live_event).collect(),
            sampled: u.session_metadata().is_some_and(|m| m.sampled()),
        }),
        _ => None,
    }
}
