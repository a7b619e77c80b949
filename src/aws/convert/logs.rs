//! CloudWatch Logs answers as log events.
use crate::model::LogEvent;
use crate::tail::source::{event, group_name};
use aws_sdk_cloudwatchlogs::types::{FilteredLogEvent, LiveTailSessionLogEvent};

/// A FilterLogEvents event of `group`; `None` without a timestamp (CloudWatch always sends
/// one; a line that cannot be placed in time is not shown as if it were from 1970).
pub fn filtered_event(group: &str, e: &FilteredLogEvent) -> Option<LogEvent> {
    Some(event(
        group,
        e.log_stream_name().unwrap_or_default(),
        e.timestamp()?,
        e.ingestion_time(),
        e.message().unwrap_or_default(),
        e.event_id().map(str::to_string),
    ))
}

/// A Live Tail event (no event id: one is built from stream, time and message); its group is
/// named by ARN, which becomes the name.
pub fn live_event(e: &LiveTailSessionLogEvent) -> Option<LogEvent> {
    Some(event(
        group_name(e.log_group_identifier().unwrap_or_default()),
        e.log_stream_name().unwrap_or_default(),
        e.timestamp()?,
        e.ingestion_time(),
        e.message().unwrap_or_default(),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filtered_events_keep_cloudwatch_ids() {
        let e = FilteredLogEvent::builder()
            .log_stream_name("ecs/api/0123456789abcdef0123456789abcdef")
            .timestamp(1_700_000_000_123)
            .ingestion_time(1_700_000_000_456)
            .message("GET /health 200")
            .event_id("37220000000000000000000000000000000000000000000000000000")
            .build();
        let got = filtered_event("/ecs/prod/api", &e).expect("an event");
        assert_eq!(got.id, "37220000000000000000000000000000000000000000000000000000");
        assert_eq!(got.timestamp.timestamp_millis(), 1_700_000_000_123);
        assert_eq!(got.ingested.map(|t| t.timestamp_millis()), Some(1_700_000_000_456));
        assert_eq!(got.source.group, "/ecs/prod/api");
        assert_eq!(got.source.container.as_deref(), Some("api"));
        assert_eq!(got.message, "GET /health 200");
        assert_eq!(filtered_event("g", &FilteredLogEvent::builder().message("x").build()), None);
    }

    #[test]
    fn live_events_get_a_built_id_and_a_group_name() {
        let e = LiveTailSessionLogEvent::builder()
            .log_group_identifier("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod/api")
            .log_stream_name("ecs/api/0123456789abcdef0123456789abcdef")
            .timestamp(1_700_000_000_123)
            .message("GET /health 200")
            .build();
        let got = live_event(&e).expect("an event");
        assert_eq!(got.source.group, "/ecs/prod/api");
        assert_eq!(
            got.id,
            crate::tail::source::built_id(
                "/ecs/prod/api",
                "ecs/api/0123456789abcdef0123456789abcdef",
                1_700_000_000_123,
                "GET /health 200"
            )
        );
        assert_eq!(got.ingested, None);
    }
}
