//! CloudWatch metric series for sparklines: what to ask GetMetricData for, what it answered,
//! and the sparkline of a series over a window, where a period without data is a gap (never
//! a zero).
use super::alarm::{load_balancer_dimension, target_group_dimension};
use super::{Dimension, Time};

/// One metric to read (a `MetricStat`). The request's ids are the queries' positions, so a
/// request is plain data that can be compared and hashed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MetricQuery {
    pub namespace: String,
    pub metric: String,
    pub dimensions: Vec<Dimension>,
    /// `Average`, `Sum`, `Maximum`, …
    pub stat: String,
    /// Seconds per datapoint.
    pub period: i32,
}

/// The window every sparkline shows: the last three hours.
pub const WINDOW_SECS: i64 = 3 * 3600;
/// Five minutes per point: 36 points in three hours, one CloudWatch datapoint each.
pub const PERIOD_SECS: i32 = 300;

/// What one query answered: timestamped values (any order, as CloudWatch sends them) and
/// its status (`Complete`, `PartialData`, `InternalError`, `Forbidden`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Series {
    pub points: Vec<(Time, f64)>,
    pub status: String,
    /// What CloudWatch said about this query, if anything (why it is incomplete).
    pub messages: Vec<String>,
}

/// One page of GetMetricData: a series per query, in the order asked.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MetricPage {
    pub series: Vec<Series>,
    pub next_token: Option<String>,
}

/// A whole answer: each query's series (every page merged), and the window asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricSet {
    pub start: Time,
    pub end: Time,
    pub series: Vec<Series>,
}

/// The metrics the service detail shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Chart {
    Cpu,
    Memory,
    Requests,
    Errors5xx,
    ResponseTime,
}

impl Chart {
    pub fn label(self) -> &'static str {
        match self {
            Chart::Cpu => "CPU",
            Chart::Memory => "memory",
            Chart::Requests => "requests/5m",
            Chart::Errors5xx => "target 5XX/5m",
            Chart::ResponseTime => "response time",
        }
    }

    /// How a value reads (`42%`, `1,204`, `0.183s`).
    pub fn value(self, v: f64) -> String {
        match self {
            Chart::Cpu | Chart::Memory => format!("{v:.0}%"),
            Chart::Requests | Chart::Errors5xx => format!("{v:.0}"),
            Chart::ResponseTime if v < 1.0 => format!("{:.0}ms", v * 1000.0),
            Chart::ResponseTime => format!("{v:.2}s"),
        }
    }
}

fn query(namespace: &str, metric: &str, dimensions: Vec<Dimension>, stat: &str) -> MetricQuery {
    MetricQuery {
        namespace: namespace.into(),
        metric: metric.into(),
        dimensions,
        stat: stat.into(),
        period: PERIOD_SECS,
    }
}

/// CPU and memory utilization of a service (AWS/ECS, ClusterName + ServiceName).
pub fn service_queries(cluster: &str, service: &str) -> Vec<(Chart, MetricQuery)> {
    let dims = || vec![Dimension::new("ClusterName", cluster), Dimension::new("ServiceName", service)];
    vec![
        (Chart::Cpu, query("AWS/ECS", "CPUUtilization", dims(), "Average")),
        (Chart::Memory, query("AWS/ECS", "MemoryUtilization", dims(), "Average")),
    ]
}

/// Requests, target 5XX and response time of a target group behind a load balancer
/// (AWS/ApplicationELB publishes them by TargetGroup + LoadBalancer only).
pub fn target_group_queries(target_group_arn: &str, load_balancer: &str) -> Vec<(Chart, MetricQuery)> {
    let dims = || {
        vec![
            Dimension::new("LoadBalancer", load_balancer_dimension(load_balancer)),
            Dimension::new("TargetGroup", target_group_dimension(target_group_arn)),
        ]
    };
    vec![
        (Chart::Requests, query("AWS/ApplicationELB", "RequestCount", dims(), "Sum")),
        (Chart::Errors5xx, query("AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", dims(), "Sum")),
        (Chart::ResponseTime, query("AWS/ApplicationELB", "TargetResponseTime", dims(), "Average")),
    ]
}

/// A series laid on the window's periods: `None` where no datapoint fell (a gap).
#[derive(Debug, Clone, PartialEq)]
pub struct Spark {
    pub buckets: Vec<Option<f64>>,
}

impl Spark {
    /// `points` in `buckets` equal periods from `start` to `end`; two datapoints in one
    /// period keep the later one; points outside the window are dropped.
    pub fn of(points: &[(Time, f64)], start: Time, end: Time, buckets: usize) -> Spark {
        let mut out: Vec<Option<(Time, f64)>> = vec![None; buckets];
        let span = (end - start).num_milliseconds();
        if buckets == 0 || span <= 0 {
            return Spark { buckets: vec![None; buckets] };
        }
        for &(t, v) in points {
            let at = (t - start).num_milliseconds();
            if at < 0 || at >= span || !v.is_finite() {
                continue;
            }
            let i = ((at as i128 * buckets as i128) / span as i128) as usize;
            if let Some(slot) = out.get_mut(i)
                && slot.is_none_or(|(old, _)| old <= t)
            {
                *slot = Some((t, v));
            }
        }
        Spark { buckets: out.into_iter().map(|b| b.map(|(_, v)| v)).collect() }
    }

    /// The newest value with data.
    pub fn current(&self) -> Option<f64> {
        self.buckets.iter().rev().find_map(|b| *b)
    }

    pub fn average(&self) -> Option<f64> {
        let (sum, n) = self.buckets.iter().flatten().fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
        (n > 0).then(|| sum / n as f64)
    }

    pub fn max(&self) -> Option<f64> {
        self.buckets.iter().flatten().copied().reduce(f64::max)
    }

    pub fn gaps(&self) -> usize {
        self.buckets.iter().filter(|b| b.is_none()).count()
    }

    /// Block characters from `▁` (the floor) to `█` (the top), a space for a gap. The floor is
    /// 0 for percentages and counts; `top` is the scale's ceiling (100 for percentages), else
    /// the series' max.
    pub fn bars(&self, top: Option<f64>) -> String {
        const BLOCKS: [char; 8] = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];
        let top = top.or(self.max()).filter(|t| *t > 0.0);
        self.buckets
            .iter()
            .map(|b| match (b, top) {
                (None, _) => ' ',
                (Some(_), None) => BLOCKS[0],
                (Some(v), Some(t)) => {
                    let i = ((v.max(0.0) / t) * (BLOCKS.len() - 1) as f64).round() as usize;
                    BLOCKS[i.min(BLOCKS.len() - 1)]
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(min: i64) -> Time {
        chrono::Utc.with_ymd_and_hms(2026, 11, 29, 0, 0, 0).single().expect("valid") + chrono::Duration::minutes(min)
    }

    #[test]
    fn missing_periods_are_gaps_not_zeros() {
        // Six 10-minute buckets; data in the first, third and last only.
        let s = Spark::of(&[(t(0), 10.0), (t(25), 0.0), (t(55), 40.0)], t(0), t(60), 6);
        assert_eq!(s.buckets, vec![Some(10.0), None, Some(0.0), None, None, Some(40.0)]);
        assert_eq!(s.gaps(), 3);
        assert_eq!(s.current(), Some(40.0));
        assert_eq!(s.max(), Some(40.0));
        assert_eq!(s.average(), Some(50.0 / 3.0), "gaps do not pull the average down");
        let bars = s.bars(Some(40.0));
        assert_eq!(bars.chars().collect::<Vec<_>>(), vec!['▃', ' ', '▁', ' ', ' ', '█']);
    }

    #[test]
    fn no_data_at_all_has_no_figures() {
        let s = Spark::of(&[], t(0), t(60), 4);
        assert_eq!((s.current(), s.average(), s.max(), s.gaps()), (None, None, None, 4));
        assert_eq!(s.bars(Some(100.0)), "    ");
    }

    #[test]
    fn out_of_order_and_out_of_window_points() {
        // CloudWatch answers newest first; a point past the end or a NaN is not drawn.
        let pts = [(t(50), 3.0), (t(40), 2.0), (t(61), 99.0), (t(-1), 99.0), (t(10), f64::NAN)];
        let s = Spark::of(&pts, t(0), t(60), 6);
        assert_eq!(s.buckets, vec![None, None, None, None, Some(2.0), Some(3.0)]);
        // Two points in one bucket: the later wins, whatever the order they came in.
        let s = Spark::of(&[(t(7), 5.0), (t(2), 1.0)], t(0), t(60), 6);
        assert_eq!(s.buckets[0], Some(5.0));
    }

    #[test]
    fn percent_bars_use_the_whole_scale() {
        let s = Spark { buckets: vec![Some(0.0), Some(50.0), Some(100.0), Some(120.0)] };
        assert_eq!(s.bars(Some(100.0)), "▁▅██");
        let flat = Spark { buckets: vec![Some(0.0), Some(0.0)] };
        assert_eq!(flat.bars(None), "▁▁", "all zero is the floor, not a gap");
    }

    #[test]
    fn queries_use_the_dimension_values_cloudwatch_publishes() {
        let q = target_group_queries(
            "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/prod-api/0123",
            "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/prod/abcd",
        );
        assert_eq!(q.len(), 3);
        assert_eq!(
            q[0].1.dimensions,
            vec![
                Dimension::new("LoadBalancer", "app/prod/abcd"),
                Dimension::new("TargetGroup", "targetgroup/prod-api/0123")
            ]
        );
        let s = service_queries("prod", "api");
        assert_eq!(s[1].1.metric, "MemoryUtilization");
        assert_eq!(s[0].1.dimensions[1], Dimension::new("ServiceName", "api"));
    }
}
