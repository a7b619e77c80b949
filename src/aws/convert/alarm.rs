//! CloudWatch's alarms, alarm history and metric data as our model types.
use super::time;
use crate::model::{Alarm, AlarmChange, AlarmKind, AlarmMetric, AlarmState, Dimension, Series};
use aws_sdk_cloudwatch::types as sdk;

fn dimensions(dims: &[sdk::Dimension]) -> Vec<Dimension> {
    dims.iter().filter_map(|d| Some(Dimension::new(d.name()?, d.value().unwrap_or_default()))).collect()
}

fn state(s: Option<&sdk::StateValue>) -> AlarmState {
    s.map(|s| AlarmState::from_aws(s.as_str())).unwrap_or(AlarmState::Other("-".into()))
}

pub fn metric_alarm(a: &sdk::MetricAlarm) -> Alarm {
    let mut metrics = Vec::new();
    let mut expression = None;
    let mut statistic =
        a.statistic().map(|s| s.as_str().to_string()).or_else(|| a.extended_statistic().map(str::to_string));
    if a.metric_name().is_some() || a.namespace().is_some() {
        metrics.push(AlarmMetric {
            namespace: a.namespace().map(str::to_string),
            name: a.metric_name().map(str::to_string),
            dimensions: dimensions(a.dimensions()),
        });
    }
    // A metric-math alarm: its metrics are the queries with a MetricStat; the one returning
    // data is the expression (or a single metric) it compares.
    for q in a.metrics() {
        if let Some(stat) = q.metric_stat() {
            let m = stat.metric();
            metrics.push(AlarmMetric {
                namespace: m.and_then(|m| m.namespace()).map(str::to_string),
                name: m.and_then(|m| m.metric_name()).map(str::to_string),
                dimensions: m.map(|m| dimensions(m.dimensions())).unwrap_or_default(),
            });
            if q.return_data().unwrap_or(true) && statistic.is_none() {
                statistic = stat.stat().map(str::to_string);
            }
        }
        if let Some(e) = q.expression()
            && q.return_data().unwrap_or(true)
        {
            expression = Some(e.to_string());
        }
    }
    let period = a.period().or_else(|| a.metrics().iter().find_map(|q| q.metric_stat().and_then(|s| s.period())));
    Alarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        arn: a.alarm_arn().unwrap_or_default().to_string(),
        kind: AlarmKind::Metric,
        state: state(a.state_value()),
        reason: a.state_reason().unwrap_or_default().to_string(),
        state_updated_at: time(a.state_updated_timestamp()),
        description: a.alarm_description().map(str::to_string),
        actions_enabled: a.actions_enabled().unwrap_or(false),
        threshold: a.threshold(),
        comparison: a.comparison_operator().map(|c| c.as_str().to_string()),
        evaluation_periods: a.evaluation_periods(),
        datapoints_to_alarm: a.datapoints_to_alarm(),
        period,
        statistic,
        metrics,
        expression,
        rule: None,
    }
}

pub fn composite_alarm(a: &sdk::CompositeAlarm) -> Alarm {
    Alarm {
        name: a.alarm_name().unwrap_or_default().to_string(),
        arn: a.alarm_arn().unwrap_or_default().to_string(),
        kind: AlarmKind::Composite,
        state: state(a.state_value()),
        reason: a.state_reason().unwrap_or_default().to_string(),
        state_updated_at: time(a.state_updated_timestamp()),
        description: a.alarm_description().map(str::to_string),
        actions_enabled: a.actions_enabled().unwrap_or(false),
        rule: a.alarm_rule().map(str::to_string),
        ..Default::default()
    }
}

/// A `StateUpdate` history item: its `HistoryData` JSON carries the old and new state and the
/// new state's reason; when it cannot be read, the summary stands in for the reason.
pub fn alarm_change(item: &sdk::AlarmHistoryItem) -> AlarmChange {
    let data: Option<serde_json::Value> = item.history_data().and_then(|d| serde_json::from_str(d).ok());
    let field = |side: &str, key: &str| {
        data.as_ref().and_then(|d| d.get(side)).and_then(|s| s.get(key)).and_then(|v| v.as_str()).map(str::to_string)
    };
    let reason =
        field("newState", "stateReason").or_else(|| item.history_summary().map(str::to_string)).unwrap_or_default();
    AlarmChange {
        at: time(item.timestamp()),
        from: field("oldState", "stateValue").map(|s| AlarmState::from_aws(&s)),
        to: field("newState", "stateValue").map(|s| AlarmState::from_aws(&s)),
        reason,
    }
}

/// One query's result. CloudWatch pairs `timestamps[i]` with `values[i]`; extra entries on
/// either side are dropped rather than paired with something else.
pub fn series(r: &sdk::MetricDataResult) -> Series {
    Series {
        points: r.timestamps().iter().zip(r.values()).filter_map(|(t, v)| Some((time(Some(t))?, *v))).collect(),
        status: r.status_code().map(|s| s.as_str().to_string()).unwrap_or_else(|| "Complete".into()),
        messages: r.messages().iter().filter_map(|m| m.value().map(str::to_string)).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_metric_alarm_keeps_its_metric_threshold_and_state() {
        let a = sdk::MetricAlarm::builder()
            .alarm_name("prod-api-cpu")
            .alarm_arn("arn:aws:cloudwatch:eu-west-1:1:alarm:prod-api-cpu")
            .state_value(sdk::StateValue::Alarm)
            .state_reason("Threshold Crossed: 3 datapoints [91.2, 88.0, 93.1] were greater than the threshold (80.0).")
            .state_updated_timestamp(aws_smithy_types::DateTime::from_secs(1_767_268_800))
            .namespace("AWS/ECS")
            .metric_name("CPUUtilization")
            .dimensions(sdk::Dimension::builder().name("ClusterName").value("prod").build())
            .dimensions(sdk::Dimension::builder().name("ServiceName").value("api").build())
            .statistic(sdk::Statistic::Average)
            .threshold(80.0)
            .comparison_operator(sdk::ComparisonOperator::GreaterThanThreshold)
            .evaluation_periods(3)
            .period(60)
            .build();
        let m = metric_alarm(&a);
        assert_eq!((m.state.clone(), m.kind), (AlarmState::Alarm, AlarmKind::Metric));
        assert_eq!(m.threshold_text().as_deref(), Some("> 80 for 3 of 3 periods of 60s"));
        assert_eq!(m.metrics[0].dimensions[1], Dimension::new("ServiceName", "api"));
        assert!(m.state_updated_at.is_some());
    }

    #[test]
    fn a_math_alarm_lists_the_metrics_of_its_expression() {
        let stat = |name: &str| {
            sdk::MetricStat::builder()
                .metric(
                    sdk::Metric::builder()
                        .namespace("AWS/ApplicationELB")
                        .metric_name(name)
                        .dimensions(sdk::Dimension::builder().name("TargetGroup").value("targetgroup/a/1").build())
                        .build(),
                )
                .period(60)
                .stat("Sum")
                .build()
        };
        let a = sdk::MetricAlarm::builder()
            .alarm_name("5xx-rate")
            .metrics(sdk::MetricDataQuery::builder().id("e").expression("100*b/r").return_data(true).build())
            .metrics(
                sdk::MetricDataQuery::builder()
                    .id("b")
                    .metric_stat(stat("HTTPCode_Target_5XX_Count"))
                    .return_data(false)
                    .build(),
            )
            .metrics(
                sdk::MetricDataQuery::builder().id("r").metric_stat(stat("RequestCount")).return_data(false).build(),
            )
            .state_value(sdk::StateValue::from("SOMETHING_NEW"))
            .build();
        let m = metric_alarm(&a);
        assert_eq!(m.metrics.len(), 2);
        assert_eq!(m.expression.as_deref(), Some("100*b/r"));
        assert_eq!(m.period, Some(60));
        assert_eq!(m.state, AlarmState::Other("SOMETHING_NEW".into()), "an unknown state stays text");
    }

    #[test]
    fn history_reads_the_states_from_its_data_or_keeps_the_summary() {
        let data = r#"{"version":"1.0","oldState":{"stateValue":"OK","stateReason":"fine"},
            "newState":{"stateValue":"ALARM","stateReason":"Threshold Crossed: 1 datapoint [12.0] was greater than the threshold (5.0)."}}"#;
        let item = sdk::AlarmHistoryItem::builder()
            .timestamp(aws_smithy_types::DateTime::from_secs(1_767_268_800))
            .history_item_type(sdk::HistoryItemType::StateUpdate)
            .history_summary("Alarm updated from OK to ALARM")
            .history_data(data)
            .build();
        let c = alarm_change(&item);
        assert_eq!((c.from, c.to), (Some(AlarmState::Ok), Some(AlarmState::Alarm)));
        assert!(c.reason.starts_with("Threshold Crossed"), "{}", c.reason);
        let bare = sdk::AlarmHistoryItem::builder()
            .history_summary("Alarm updated from ALARM to OK")
            .history_data("{not json")
            .build();
        let c = alarm_change(&bare);
        assert_eq!((c.from, c.to, c.reason.as_str()), (None, None, "Alarm updated from ALARM to OK"));
    }

    #[test]
    fn series_pairs_timestamps_with_values() {
        let r = sdk::MetricDataResult::builder()
            .id("m0")
            .timestamps(aws_smithy_types::DateTime::from_secs(1_767_268_800))
            .timestamps(aws_smithy_types::DateTime::from_secs(1_767_268_500))
            .values(42.0)
            .status_code(sdk::StatusCode::PartialData)
            .build();
        let s = series(&r);
        assert_eq!(s.points.len(), 1, "a timestamp without its value is dropped");
        assert_eq!(s.status, "PartialData");
    }
}
