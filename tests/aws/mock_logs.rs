//! CloudWatch Logs through the real SDK from realistic wire answers: FilterLogEvents paging and
//! failures, DescribeLogGroups' ARNs, and StartLiveTail's event stream (frames encoded as
//! CloudWatch sends them: session start, updates with the sampled flag, the 3-hour timeout).
use crate::common::mock_logs;
use aws_sdk_cloudwatchlogs::Client;
use aws_sdk_cloudwatchlogs::operation::describe_log_groups::DescribeLogGroupsOutput;
use aws_sdk_cloudwatchlogs::operation::filter_log_events::FilterLogEventsOutput;
use aws_sdk_cloudwatchlogs::types::{FilteredLogEvent, LogGroup as SdkGroup};
use aws_smithy_mocks::mock;
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::event_stream::{Header, HeaderValue, Message};
use bosun::api::{ErrorKind, FilterRequest, LiveTailRequest, LiveTailUpdate, LogGroup, LogsApi};
use bosun::model::LogTarget;
use futures::StreamExt;
use std::sync::Arc;

const ARN: &str = "arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod/api";
const STREAM: &str = "ecs/api/0123456789abcdef0123456789abcdef";

fn json_error(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
}

fn filtered(id: &str, ts: i64, message: &str) -> FilteredLogEvent {
    FilteredLogEvent::builder()
        .log_stream_name(STREAM)
        .timestamp(ts)
        .ingestion_time(ts + 200)
        .message(message)
        .event_id(id)
        .build()
}

fn at(ms: i64) -> bosun::model::Time {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

#[tokio::test]
async fn filter_log_events_sends_the_window_and_follows_its_pages() {
    let first = mock!(Client::filter_log_events)
        .match_requests(|r| {
            r.log_group_name() == Some("/ecs/prod/api")
                && r.log_stream_name_prefix() == Some("ecs/api/")
                && r.start_time() == Some(1_700_000_000_000)
                && r.end_time().is_none()
                && r.filter_pattern() == Some("ERROR")
                && r.next_token().is_none()
        })
        .then_output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered("e1", 1_700_000_000_100, "ERROR one"))
                .next_token("page-2")
                .build()
        });
    let second =
        mock!(Client::filter_log_events).match_requests(|r| r.next_token() == Some("page-2")).then_output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered("e2", 1_700_000_000_200, "ERROR two"))
                .events(filtered("e3", 1_700_000_000_300, "ERROR three"))
                .build()
        });
    let logs: Arc<dyn LogsApi> = Arc::new(mock_logs(&[&first, &second], None));
    let target = LogTarget {
        groups: vec!["/ecs/prod/api".into()],
        stream_prefixes: vec!["ecs/api/".into()],
        region: None,
        label: "prod/api".into(),
    };
    let pages: Vec<_> =
        bosun::tail::window::read(logs, &target, Some("ERROR".into()), Some(at(1_700_000_000_000)), None)
            .collect()
            .await;
    let events: Vec<_> = pages.into_iter().flat_map(|p| p.expect("a page")).collect();
    let got: Vec<(&str, &str)> = events.iter().map(|e| (e.id.as_str(), e.message.as_str())).collect();
    assert_eq!(got, [("e1", "ERROR one"), ("e2", "ERROR two"), ("e3", "ERROR three")]);
    assert_eq!(events[0].source.task_id.as_deref(), Some("0123456789abcdef0123456789abcdef"));
    assert_eq!(events[0].ingested, Some(at(1_700_000_000_300)));
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn filter_log_events_failures_say_what_to_do() {
    let denied =
        "User: arn:aws:sts::123456789012:assumed-role/ro/me is not authorized to perform: logs:FilterLogEvents";
    let rule = mock!(Client::filter_log_events)
        .sequence()
        .http_status(400, json_error("AccessDeniedException", denied))
        .http_status(400, json_error("ThrottlingException", "Rate exceeded"))
        .http_status(400, json_error("ResourceNotFoundException", "The specified log group does not exist."))
        .build();
    let logs = mock_logs(&[&rule], Some("prod"));
    let req = FilterRequest { group: "/ecs/prod/api".into(), ..Default::default() };
    let e = logs.filter_log_events(req.clone()).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("logs:FilterLogEvents")), "{e}");
    let e = logs.filter_log_events(req.clone()).await.expect_err("throttled");
    assert_eq!((e.kind, e.code.as_deref()), (ErrorKind::Throttled, Some("ThrottlingException")));
    let e = logs.filter_log_events(req).await.expect_err("gone");
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert_eq!(e.message, "The specified log group does not exist.");
}

#[tokio::test]
async fn log_groups_come_with_the_arn_live_tail_takes() {
    let rule = mock!(Client::describe_log_groups)
        .match_requests(|r| r.log_group_name_prefix() == Some("/ecs/prod/api"))
        .then_output(|| {
            DescribeLogGroupsOutput::builder()
                .log_groups(
                    SdkGroup::builder()
                        .log_group_name("/ecs/prod/api")
                        .arn(format!("{ARN}:*"))
                        .log_group_arn(ARN)
                        .build(),
                )
                .log_groups(SdkGroup::builder().log_group_name("/ecs/prod/api-old").arn(format!("{ARN}-old:*")).build())
                .build()
        });
    let logs = mock_logs(&[&rule], None);
    let page = logs.describe_log_groups(None, "/ecs/prod/api".into(), None).await.expect("groups");
    assert_eq!(
        page.groups,
        [
            LogGroup { name: "/ecs/prod/api".into(), arn: ARN.into() },
            // Without logGroupArn, the ARN without its `:*`.
            LogGroup { name: "/ecs/prod/api-old".into(), arn: format!("{ARN}-old") },
        ]
    );
}

/// One event-stream frame as CloudWatch sends it.
fn frame(kind: &str, name: &str, payload: &str) -> Vec<u8> {
    let type_header = if kind == "exception" { ":exception-type" } else { ":event-type" };
    let message = Message::new(payload.as_bytes().to_vec())
        .add_header(Header::new(":message-type", HeaderValue::String(kind.to_string().into())))
        .add_header(Header::new(type_header, HeaderValue::String(name.to_string().into())))
        .add_header(Header::new(":content-type", HeaderValue::String("application/json".into())));
    let mut out = Vec::new();
    aws_smithy_eventstream::frame::write_message_to(&message, &mut out).expect("a frame");
    out
}

fn session(frames: Vec<Vec<u8>>) -> impl Fn() -> HttpResponse + Send + Sync + 'static {
    let body: Vec<u8> = frames.concat();
    move || {
        let mut r = HttpResponse::new(200u16.try_into().expect("status"), SdkBody::from(body.clone()));
        r.headers_mut().insert("content-type", "application/vnd.amazon.eventstream");
        r
    }
}

#[tokio::test]
async fn a_live_tail_session_is_read_to_its_three_hour_timeout() {
    let update = format!(
        r#"{{"sessionMetadata":{{"sampled":true}},"sessionResults":[
            {{"logStreamName":"{STREAM}","logGroupIdentifier":"{ARN}","message":"GET / 200","timestamp":1700000000100,"ingestionTime":1700000000300}},
            {{"logStreamName":"{STREAM}","logGroupIdentifier":"{ARN}","message":"GET /x 404","timestamp":1700000000200,"ingestionTime":1700000000300}}]}}"#
    );
    let frames = vec![
        frame(
            "event",
            "sessionStart",
            &format!(r#"{{"requestId":"r-1","sessionId":"s-1","logGroupIdentifiers":["{ARN}"]}}"#),
        ),
        frame("event", "sessionUpdate", r#"{"sessionMetadata":{"sampled":false},"sessionResults":[]}"#),
        frame("event", "somethingNew", "{}"),
        frame("event", "sessionUpdate", &update),
        frame("exception", "SessionTimeoutException", r#"{"message":"Session timed out after 3 hours"}"#),
    ];
    let rule = mock!(Client::start_live_tail)
        .match_requests(|r| {
            r.log_group_identifiers() == [ARN.to_string()]
                && r.log_stream_name_prefixes() == ["ecs/api/".to_string()]
                && r.log_event_filter_pattern().is_none()
        })
        .then_http_response(session(frames));
    let logs = mock_logs(&[&rule], None);
    let request = LiveTailRequest {
        group_arns: vec![ARN.into()],
        stream_prefixes: vec!["ecs/api/".into()],
        ..Default::default()
    };
    let items: Vec<_> = logs.start_live_tail(request).await.expect("a session").collect().await;
    assert_eq!(items.len(), 4, "start, two updates (the unknown kind is skipped), the timeout: {items:?}");
    assert_eq!(items[0], Ok(LiveTailUpdate::Started { session_id: Some("s-1".into()) }));
    assert_eq!(items[1], Ok(LiveTailUpdate::Events { events: vec![], sampled: false }));
    match &items[2] {
        Ok(LiveTailUpdate::Events { events, sampled: true }) => {
            let got: Vec<(&str, &str)> = events.iter().map(|e| (e.source.group.as_str(), e.message.as_str())).collect();
            assert_eq!(got, [("/ecs/prod/api", "GET / 200"), ("/ecs/prod/api", "GET /x 404")]);
            assert_eq!(events[0].source.container.as_deref(), Some("api"));
            assert_ne!(events[0].id, events[1].id);
        }
        other => panic!("{other:?}"),
    }
    let e = items[3].clone().expect_err("the session timed out");
    assert_eq!(e.code.as_deref(), Some("SessionTimeoutException"));
    assert_eq!(e.message, "Session timed out after 3 hours");
}

#[tokio::test]
async fn a_refused_live_tail_names_the_action() {
    let msg = "User: arn:aws:sts::123456789012:assumed-role/ro/me is not authorized to perform: logs:StartLiveTail";
    let rule =
        mock!(Client::start_live_tail).sequence().http_status(400, json_error("AccessDeniedException", msg)).build();
    let logs = mock_logs(&[&rule], Some("prod"));
    let e = logs
        .start_live_tail(LiveTailRequest { group_arns: vec![ARN.into()], ..Default::default() })
        .await
        .err()
        .expect("refused");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("logs:StartLiveTail")), "{e}");
}
