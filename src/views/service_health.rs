//! The service detail's CloudWatch panes: the service's alarms (matched locally from the
//! region's alarms) and its metrics over the last three hours, from one GetMetricData.
use crate::model::alarm::{ServiceKey, Why, alarms_of_service, load_balancer_of, service_refs, sort_by_state};
use crate::model::metrics::{service_queries, target_group_queries};
use crate::model::{AlarmState, Chart, MetricQuery, Service, Time, arn_name};
use crate::state::{Data, Load};

/// One of the service's alarms as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceAlarm {
    pub name: String,
    pub state: AlarmState,
    pub reason: String,
    pub since: Option<Time>,
    pub threshold: Option<String>,
    /// What it watches (the metric with its statistic, or a composite rule).
    pub metric: String,
    pub why: Why,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Alarms {
    #[default]
    Loading,
    Error(String),
    Loaded(Vec<ServiceAlarm>),
}

impl Alarms {
    pub fn of(data: &Data, cluster: &str, svc: &Service) -> Alarms {
        let Some(all) = data.alarms_of() else {
            return match &data.alarms.error {
                Some(e) => Alarms::Error(e.to_string()),
                None => Alarms::Loading,
            };
        };
        let (tgs, deploy) = service_refs(svc);
        let key = ServiceKey::of(cluster, svc, &tgs, &deploy);
        let matched = alarms_of_service(all, &key);
        let mut alarms: Vec<&crate::model::Alarm> = matched.iter().map(|(a, _)| *a).collect();
        sort_by_state(&mut alarms);
        Alarms::Loaded(
            alarms
                .into_iter()
                .map(|a| ServiceAlarm {
                    name: a.name.clone(),
                    state: a.state.clone(),
                    reason: a.reason.clone(),
                    since: a.state_updated_at,
                    threshold: a.threshold_text(),
                    metric: a.metric_text(),
                    why: matched.iter().find(|(m, _)| std::ptr::eq(*m, a)).map_or(Why::Dimensions, |(_, w)| *w),
                })
                .collect(),
        )
    }

    /// Entries of the pane: one per alarm, or one saying why there is none.
    pub fn entries(&self) -> usize {
        match self {
            Alarms::Loaded(v) => v.len().max(1),
            _ => 1,
        }
    }

    pub fn firing(&self) -> usize {
        match self {
            Alarms::Loaded(v) => v.iter().filter(|a| a.state == AlarmState::Alarm).count(),
            _ => 0,
        }
    }
}

/// The charts the detail shows for `svc`, in order, each with its query. ALB metrics need
/// the load balancer in front of the target group: DescribeTargetGroups names it (the target
/// health load), else an alarm on both dimensions does.
pub fn charts(data: &Data, cluster: &str, svc: &Service) -> (Vec<(Chart, MetricQuery)>, Vec<String>) {
    let mut out = service_queries(arn_name(cluster), &svc.name);
    let mut notes = Vec::new();
    let alarms = data.alarms_of().unwrap_or_default();
    for tg in svc.load_balancers.iter().filter_map(|l| l.target_group_arn.as_deref()) {
        let described = data
            .target_health
            .get(tg)
            .and_then(|r| r.value.as_ref())
            .and_then(|h| h.load_balancer_arns.first().cloned());
        match described.or_else(|| load_balancer_of(alarms, tg)) {
            Some(lb) => out.extend(target_group_queries(tg, &lb)),
            None => notes.push(format!(
                "no load balancer metrics for target group {}: CloudWatch publishes them per load balancer, and neither DescribeTargetGroups nor an alarm here names the load balancer in front of it",
                super::service::target_group_name(tg)
            )),
        }
    }
    (out, notes)
}

/// The one GetMetricData of the detail, once the alarms and the target groups are in (they
/// say which load balancer fronts each target group), so the screen asks once, not twice.
pub fn queries(data: &Data, cluster: &str, svc: &Service) -> Option<Vec<MetricQuery>> {
    if data.alarms.value.is_none() && data.alarms.error.is_none() {
        return None;
    }
    let answered = |arn: &str| data.target_health.get(arn).is_some_and(|r| r.value.is_some() || r.error.is_some());
    if !svc.load_balancers.iter().filter_map(|l| l.target_group_arn.as_deref()).all(answered) {
        return None;
    }
    Some(charts(data, cluster, svc).0.into_iter().map(|(_, q)| q).collect())
}

/// One chart: the points CloudWatch sent (the sparkline is laid out at the width it is drawn).
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    pub chart: Chart,
    pub points: Vec<(Time, f64)>,
    /// CloudWatch's status when not `Complete` (`Forbidden`, `InternalError`, …).
    pub status: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub enum Metrics {
    #[default]
    Loading,
    Error(String),
    Loaded {
        start: Time,
        end: Time,
        charts: Vec<ChartData>,
        notes: Vec<String>,
    },
}

impl Metrics {
    pub fn of(data: &Data, cluster: &str, svc: &Service) -> Metrics {
        let Some(queries) = queries(data, cluster, svc) else { return Metrics::Loading };
        let (charts, notes) = charts(data, cluster, svc);
        let load = Load::Metrics { queries: queries.clone() };
        let Some(set) = data.metrics_of(&queries) else {
            return match data.status_of(&load).and_then(|s| s.error) {
                Some(e) => Metrics::Error(e.to_string()),
                None => Metrics::Loading,
            };
        };
        let charts = charts
            .into_iter()
            .zip(&set.series)
            .map(|((chart, _), s)| ChartData {
                chart,
                points: s.points.clone(),
                status: (!s.status.is_empty() && s.status != "Complete").then(|| s.status.clone()),
            })
            .collect();
        Metrics::Loaded { start: set.start, end: set.end, charts, notes }
    }

    pub fn entries(&self) -> usize {
        match self {
            Metrics::Loaded { charts, notes, .. } => (charts.len() + notes.len()).max(1) + 1,
            _ => 1,
        }
    }
}
