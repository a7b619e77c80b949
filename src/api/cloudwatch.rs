//! CloudWatch: the region's alarms, one alarm's state changes, metric data for sparklines.
use super::ApiResult;
use crate::model::{Alarm, AlarmChange, MetricPage, MetricQuery, MetricSet, Series, Time};
use async_trait::async_trait;

/// Metric queries per GetMetricData call (AWS's limit).
pub const METRIC_QUERIES: usize = 500;
/// Alarms per DescribeAlarms page (AWS's largest).
pub const ALARM_PAGE: i32 = 100;
/// State changes asked for per alarm (DescribeAlarmHistory's largest page).
pub const HISTORY_ITEMS: i32 = 100;

/// One page of DescribeAlarms: metric and composite alarms together.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AlarmPage {
    pub alarms: Vec<Alarm>,
    pub next_token: Option<String>,
}

#[async_trait]
pub trait CloudWatchApi: Send + Sync + 'static {
    /// DescribeAlarms, every alarm of the region, metric and composite, one page.
    async fn describe_alarms(&self, next_token: Option<String>) -> ApiResult<AlarmPage>;
    /// DescribeAlarmHistory of one alarm, its state changes (`StateUpdate`), newest first.
    async fn alarm_history(&self, name: String) -> ApiResult<Vec<AlarmChange>>;
    /// GetMetricData of at most [`METRIC_QUERIES`] queries over `start..end`, one page; the
    /// series come back in the order of `queries`.
    async fn get_metric_data(
        &self,
        queries: Vec<MetricQuery>,
        start: Time,
        end: Time,
        next_token: Option<String>,
    ) -> ApiResult<MetricPage>;
}

/// Pages any one listing follows at most: a token that never ends is a fault, not data.
const MAX_PAGES: usize = 1_000;

fn endless(what: &str) -> super::ApiError {
    super::ApiError::new(super::ErrorKind::Service, format!("{what} kept answering with another page"))
        .with_hint("CloudWatch returned a page token more than a thousand times; try again")
}

/// Every alarm of the region, metric and composite: DescribeAlarms followed to its last page.
/// Loaded once per refresh and matched to services locally (`model::alarm`).
pub async fn all_alarms(cw: &dyn CloudWatchApi) -> ApiResult<Vec<Alarm>> {
    let mut out = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page = cw.describe_alarms(token).await?;
        out.extend(page.alarms);
        match page.next_token {
            Some(t) => token = Some(t),
            None => return Ok(out),
        }
    }
    Err(endless("DescribeAlarms"))
}

/// GetMetricData of `queries` (at most [`METRIC_QUERIES`]: one call's worth, which a screen
/// never exceeds) over `start..end`, following `NextToken` while CloudWatch has more
/// (`PartialData`): each query's points from every page, its status from the last page
/// that spoke of it.
pub async fn metric_set(
    cw: &dyn CloudWatchApi,
    queries: Vec<MetricQuery>,
    start: Time,
    end: Time,
) -> ApiResult<MetricSet> {
    super::limits::check_batch("MetricDataQueries", queries.len(), METRIC_QUERIES)?;
    let mut series: Vec<Series> = vec![Series::default(); queries.len()];
    if queries.is_empty() {
        return Ok(MetricSet { start, end, series });
    }
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page = cw.get_metric_data(queries.clone(), start, end, token).await?;
        for (into, from) in series.iter_mut().zip(page.series) {
            into.points.extend(from.points);
            if !from.status.is_empty() {
                into.status = from.status;
            }
            into.messages.extend(from.messages);
        }
        match page.next_token {
            Some(t) => token = Some(t),
            None => return Ok(MetricSet { start, end, series }),
        }
    }
    Err(endless("GetMetricData"))
}
