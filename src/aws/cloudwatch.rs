//! [`CloudWatchApi`] over the AWS SDK: alarms (metric and composite), alarm history, metric data.
use super::convert;
use super::errors::Origin;
use crate::api::cloudwatch::{ALARM_PAGE, HISTORY_ITEMS, METRIC_QUERIES};
use crate::api::{AlarmPage, ApiResult, CloudWatchApi, limits};
use crate::model::{AlarmChange, MetricPage, MetricQuery, Series, Time};
use async_trait::async_trait;
use aws_sdk_cloudwatch::types as sdk;

pub struct SdkCloudWatch {
    cloudwatch: aws_sdk_cloudwatch::Client,
    origin: Origin,
}

impl SdkCloudWatch {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self { cloudwatch: aws_sdk_cloudwatch::Client::new(config), origin: Origin::of("monitoring", config, profile) }
    }

    /// For callers that build their own client (tests add interceptors).
    pub fn from_client(cloudwatch: aws_sdk_cloudwatch::Client, profile: Option<String>) -> Self {
        let region = cloudwatch.config().region().map(|r| r.as_ref().to_string());
        let origin = Origin::new("monitoring", None, region.as_deref(), profile);
        Self { cloudwatch, origin }
    }
}

/// The id of the `i`th query (GetMetricData ids start with a lower-case letter).
fn query_id(i: usize) -> String {
    format!("m{i}")
}

fn query(i: usize, q: &MetricQuery) -> sdk::MetricDataQuery {
    let dims = q.dimensions.iter().map(|d| sdk::Dimension::builder().name(&d.name).value(&d.value).build());
    let metric = sdk::Metric::builder()
        .namespace(&q.namespace)
        .metric_name(&q.metric)
        .set_dimensions(Some(dims.collect()))
        .build();
    let stat = sdk::MetricStat::builder().metric(metric).period(q.period).stat(&q.stat).build();
    sdk::MetricDataQuery::builder().id(query_id(i)).metric_stat(stat).return_data(true).build()
}

fn smithy_time(t: Time) -> aws_smithy_types::DateTime {
    aws_smithy_types::DateTime::from_secs_and_nanos(t.timestamp(), t.timestamp_subsec_nanos())
}

#[async_trait]
impl CloudWatchApi for SdkCloudWatch {
    async fn describe_alarms(&self, next_token: Option<String>) -> ApiResult<AlarmPage> {
        let out = self
            .cloudwatch
            .describe_alarms()
            // Without alarm types CloudWatch answers metric alarms only.
            .alarm_types(sdk::AlarmType::MetricAlarm)
            .alarm_types(sdk::AlarmType::CompositeAlarm)
            .max_records(ALARM_PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("cloudwatch:DescribeAlarms", e))?;
        let mut alarms: Vec<_> = out.metric_alarms().iter().map(convert::metric_alarm).collect();
        alarms.extend(out.composite_alarms().iter().map(convert::composite_alarm));
        Ok(AlarmPage { alarms, next_token: out.next_token().filter(|t| !t.is_empty()).map(str::to_string) })
    }

    async fn alarm_history(&self, name: String) -> ApiResult<Vec<AlarmChange>> {
        let out = self
            .cloudwatch
            .describe_alarm_history()
            .alarm_name(name)
            .alarm_types(sdk::AlarmType::MetricAlarm)
            .alarm_types(sdk::AlarmType::CompositeAlarm)
            .history_item_type(sdk::HistoryItemType::StateUpdate)
            .scan_by(sdk::ScanBy::TimestampDescending)
            .max_records(HISTORY_ITEMS)
            .send()
            .await
            .map_err(|e| self.origin.error("cloudwatch:DescribeAlarmHistory", e))?;
        Ok(out.alarm_history_items().iter().map(convert::alarm_change).collect())
    }

    async fn get_metric_data(
        &self,
        queries: Vec<MetricQuery>,
        start: Time,
        end: Time,
        next_token: Option<String>,
    ) -> ApiResult<MetricPage> {
        limits::check_batch("MetricDataQueries", queries.len(), METRIC_QUERIES)?;
        let out = self
            .cloudwatch
            .get_metric_data()
            .set_metric_data_queries(Some(queries.iter().enumerate().map(|(i, q)| query(i, q)).collect()))
            .start_time(smithy_time(start))
            .end_time(smithy_time(end))
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("cloudwatch:GetMetricData", e))?;
        // Results come keyed by id, in no promised order; a query without one has no data on this page.
        let mut series = vec![Series::default(); queries.len()];
        for r in out.metric_data_results() {
            let Some(i) = r.id().and_then(|id| id.strip_prefix('m')).and_then(|n| n.parse::<usize>().ok()) else {
                continue;
            };
            if let Some(slot) = series.get_mut(i) {
                *slot = convert::series(r);
            }
        }
        let next_token = out.next_token().filter(|t| !t.is_empty()).map(str::to_string);
        Ok(MetricPage { series, next_token })
    }
}
