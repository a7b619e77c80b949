//! CloudWatch through the real SDK over `aws-smithy-mocks` rules: moto cannot serve the
//! current aws-sdk-cloudwatch (it speaks Smithy RPC v2 CBOR; moto answers 404), see
//! docs/testing.md. Paging of DescribeAlarms with metric and composite alarms, one alarm's
//! history, GetMetricData with gaps, partial data and its NextToken, and a refusal.
use aws_config::BehaviorVersion;
use aws_config::retry::RetryConfig;
use aws_sdk_cloudwatch::Client as Cw;
use aws_sdk_cloudwatch::config::{Credentials, Region};
use aws_sdk_cloudwatch::operation::describe_alarm_history::DescribeAlarmHistoryOutput;
use aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsOutput;
use aws_sdk_cloudwatch::operation::get_metric_data::GetMetricDataOutput;
use aws_sdk_cloudwatch::types as sdk;
use aws_smithy_mocks::{MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock};
use aws_smithy_types::DateTime;
use bosun::api::cloudwatch::{all_alarms, metric_set};
use bosun::api::{CloudWatchApi, ErrorKind};
use bosun::aws::SdkCloudWatch;
use bosun::model::metrics::service_queries;
use bosun::model::{AlarmKind, AlarmState, Spark};

fn mock_cloudwatch(rules: &[&Rule]) -> SdkCloudWatch {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::Sequential);
    for r in rules {
        interceptor = interceptor.with_rule(r);
    }
    let conf = aws_sdk_cloudwatch::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("eu-west-1"))
        .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
        .http_client(create_mock_http_client())
        .interceptor(interceptor)
        .retry_config(RetryConfig::disabled())
        .build();
    SdkCloudWatch::from_client(Cw::from_conf(conf), Some("prod".into()))
}

fn metric_alarm(name: &str, state: sdk::StateValue) -> sdk::MetricAlarm {
    sdk::MetricAlarm::builder()
        .alarm_name(name)
        .alarm_arn(format!("arn:aws:cloudwatch:eu-west-1:123456789012:alarm:{name}"))
        .state_value(state)
        .state_reason("Threshold Crossed")
        .namespace("AWS/ECS")
        .metric_name("CPUUtilization")
        .dimensions(sdk::Dimension::builder().name("ClusterName").value("prod").build())
        .dimensions(sdk::Dimension::builder().name("ServiceName").value("api").build())
        .build()
}

#[tokio::test]
async fn describe_alarms_follows_every_page_and_keeps_composite_alarms() {
    let first = mock!(Cw::describe_alarms)
        // Both kinds are asked for: without alarm types CloudWatch answers metric alarms only.
        .match_requests(|r| {
            r.next_token().is_none()
                && r.alarm_types().contains(&sdk::AlarmType::CompositeAlarm)
                && r.alarm_types().contains(&sdk::AlarmType::MetricAlarm)
        })
        .then_output(|| {
            DescribeAlarmsOutput::builder()
                .metric_alarms(metric_alarm("api-cpu", sdk::StateValue::Alarm))
                .metric_alarms(metric_alarm("api-mem", sdk::StateValue::Ok))
                .next_token("page-2")
                .build()
        });
    let second = mock!(Cw::describe_alarms).match_requests(|r| r.next_token() == Some("page-2")).then_output(|| {
        DescribeAlarmsOutput::builder()
            .metric_alarms(metric_alarm("api-5xx", sdk::StateValue::InsufficientData))
            .composite_alarms(
                sdk::CompositeAlarm::builder()
                    .alarm_name("api-page")
                    .alarm_rule("ALARM(api-cpu) OR ALARM(api-5xx)")
                    .state_value(sdk::StateValue::Alarm)
                    .build(),
            )
            .build()
    });
    let cw = mock_cloudwatch(&[&first, &second]);
    let alarms = all_alarms(&cw).await.expect("every page");
    let names: Vec<&str> = alarms.iter().map(|a| a.name.as_str()).collect();
    assert_eq!(names, ["api-cpu", "api-mem", "api-5xx", "api-page"]);
    assert_eq!(alarms[3].kind, AlarmKind::Composite);
    assert_eq!(alarms[3].rule_alarms(), ["api-cpu", "api-5xx"]);
    assert_eq!(alarms[2].state, AlarmState::InsufficientData);
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn a_refused_describe_alarms_names_the_action() {
    let rule = mock!(Cw::describe_alarms).then_error(|| {
        aws_sdk_cloudwatch::operation::describe_alarms::DescribeAlarmsError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User: arn:aws:sts::123456789012:assumed-role/ReadOnly/sre is not authorized to perform: cloudwatch:DescribeAlarms")
                .build(),
        )
    });
    let cw = mock_cloudwatch(&[&rule]);
    let e = all_alarms(&cw).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied, "{e}");
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("cloudwatch:DescribeAlarms")), "{e:?}");
}

#[tokio::test]
async fn alarm_history_asks_for_state_changes_of_one_alarm_newest_first() {
    let rule = mock!(Cw::describe_alarm_history)
        .match_requests(|r| {
            r.alarm_name() == Some("api-cpu")
                && r.history_item_type() == Some(&sdk::HistoryItemType::StateUpdate)
                && r.scan_by() == Some(&sdk::ScanBy::TimestampDescending)
        })
        .then_output(|| {
            let item = |at: i64, from: &str, to: &str| {
                sdk::AlarmHistoryItem::builder()
                    .alarm_name("api-cpu")
                    .timestamp(DateTime::from_secs(at))
                    .history_item_type(sdk::HistoryItemType::StateUpdate)
                    .history_summary(format!("Alarm updated from {from} to {to}"))
                    .history_data(format!(
                        r#"{{"oldState":{{"stateValue":"{from}"}},"newState":{{"stateValue":"{to}","stateReason":"because {to}"}}}}"#
                    ))
                    .build()
            };
            DescribeAlarmHistoryOutput::builder()
                .alarm_history_items(item(1_767_268_800, "OK", "ALARM"))
                .alarm_history_items(item(1_767_265_200, "ALARM", "OK"))
                .build()
        });
    let cw = mock_cloudwatch(&[&rule]);
    let h = cw.alarm_history("api-cpu".into()).await.expect("history");
    assert_eq!(h.len(), 2);
    assert_eq!((h[0].from.clone(), h[0].to.clone()), (Some(AlarmState::Ok), Some(AlarmState::Alarm)));
    assert_eq!(h[0].reason, "because ALARM");
    assert!(h[0].at > h[1].at);
}

#[tokio::test]
async fn metric_data_follows_next_token_after_partial_data_and_keeps_gaps() {
    let end = chrono::DateTime::from_timestamp(1_767_268_800, 0).expect("valid");
    let start = end - chrono::Duration::hours(3);
    let at = move |min: i64| DateTime::from_secs(end.timestamp() - min * 60);
    // Page 1: CPU's newest points, partial (more behind the token); memory has nothing yet.
    let first = mock!(Cw::get_metric_data)
        .match_requests(|r| {
            let q = r.metric_data_queries();
            r.next_token().is_none()
                && q.len() == 2
                && q[0].id() == Some("m0")
                && q[1].metric_stat().and_then(|s| s.metric()).and_then(|m| m.metric_name())
                    == Some("MemoryUtilization")
        })
        .then_output(move || {
            GetMetricDataOutput::builder()
                .metric_data_results(
                    sdk::MetricDataResult::builder()
                        .id("m0")
                        .timestamps(at(5))
                        .timestamps(at(10))
                        .values(60.0)
                        .values(55.0)
                        .status_code(sdk::StatusCode::PartialData)
                        .build(),
                )
                .next_token("more")
                .build()
        });
    // Page 2: the rest of CPU, memory with a gap (nothing between 10 and 170 minutes ago).
    let second = mock!(Cw::get_metric_data).match_requests(|r| r.next_token() == Some("more")).then_output(move || {
        GetMetricDataOutput::builder()
            .metric_data_results(
                sdk::MetricDataResult::builder()
                    .id("m0")
                    .timestamps(at(175))
                    .values(20.0)
                    .status_code(sdk::StatusCode::Complete)
                    .build(),
            )
            .metric_data_results(
                sdk::MetricDataResult::builder()
                    .id("m1")
                    .timestamps(at(5))
                    .timestamps(at(175))
                    .values(40.0)
                    .values(42.0)
                    .status_code(sdk::StatusCode::Complete)
                    .build(),
            )
            .build()
    });
    let cw = mock_cloudwatch(&[&first, &second]);
    let queries = service_queries("prod", "api").into_iter().map(|(_, q)| q).collect();
    let set = metric_set(&cw, queries, start, end).await.expect("both pages");
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    let cpu = &set.series[0];
    assert_eq!(cpu.points.len(), 3, "points from both pages");
    assert_eq!(cpu.status, "Complete", "the last page's status");
    let mem = Spark::of(&set.series[1].points, start, end, 36);
    assert_eq!(mem.buckets.iter().filter(|b| b.is_some()).count(), 2);
    assert_eq!(mem.gaps(), 34, "no data is a gap, not a zero");
    assert_eq!(mem.current(), Some(40.0));
}

#[tokio::test]
async fn more_than_five_hundred_queries_are_refused_before_any_call() {
    let cw = mock_cloudwatch(&[]);
    let q = service_queries("prod", "api").remove(0).1;
    let end = chrono::DateTime::from_timestamp(1_767_268_800, 0).expect("valid");
    let e = cw.get_metric_data(vec![q; 501], end - chrono::Duration::hours(3), end, None).await.expect_err("too many");
    assert_eq!(e.kind, ErrorKind::InvalidInput);
}
