//! The service detail's alarms and metrics panes: each alarm with its state, since when, its
//! reason wrapped, its threshold and metric; each metric as a sparkline with its current,
//! average and max, where a period without data is a blank (never drawn as zero).
use super::rollout::wrap;
use crate::config::Theme;
use crate::model::metrics::PERIOD_SECS;
use crate::model::{AlarmState, Chart, Spark, Time, age};
use crate::views::service::Detail;
use crate::views::service_health::{Alarms, Metrics};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

fn state_style(s: &AlarmState, theme: &Theme) -> Style {
    match s {
        AlarmState::Alarm => theme.error,
        AlarmState::Ok => theme.ok,
        _ => theme.warn,
    }
}

fn wrapped(text: &str, indent: usize, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(indent + 1).max(8))
        .into_iter()
        .map(|l| Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)]))
        .collect()
}

pub fn alarms(d: &Detail, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    let list = match &d.alarms {
        Alarms::Loading => return vec![vec![Line::styled(" loading the region's alarms…", theme.muted)]],
        Alarms::Error(e) => {
            return vec![wrapped(&format!("the alarms could not be loaded: {e}"), 1, width, theme.warn)];
        }
        Alarms::Loaded(v) if v.is_empty() => {
            return vec![wrapped(
                "no CloudWatch alarm watches this service (its ClusterName/ServiceName dimensions, its target groups, or its deployment alarms)",
                1,
                width,
                theme.muted,
            )];
        }
        Alarms::Loaded(v) => v,
    };
    list.iter()
        .map(|a| {
            let since = a.since.map(|t| format!("  for {}", age(t, now))).unwrap_or_default();
            let mut lines = vec![Line::from(vec![
                Span::styled(
                    format!(" {:<17}", a.state.as_str()),
                    state_style(&a.state, theme).add_modifier(Modifier::BOLD),
                ),
                Span::styled(a.name.clone(), theme.accent),
                Span::styled(since, theme.muted),
            ])];
            if !a.reason.is_empty() {
                lines.extend(wrapped(&a.reason, 3, width, theme.text));
            }
            let mut watch = a.metric.clone();
            if let Some(t) = &a.threshold {
                watch = format!("{t} · {watch}");
            }
            lines.extend(wrapped(&watch, 3, width, theme.muted));
            lines
        })
        .collect()
}

/// The scale a chart's bars use: percentages to 100, the rest to their own max.
fn top(chart: Chart) -> Option<f64> {
    matches!(chart, Chart::Cpu | Chart::Memory).then_some(100.0)
}

pub fn metrics(d: &Detail, theme: &Theme, width: usize) -> Vec<Vec<Line<'static>>> {
    let (start, end, charts, notes) = match &d.metrics {
        Metrics::Loading => return vec![vec![Line::styled(" loading metrics…", theme.muted)]],
        Metrics::Error(e) => {
            return vec![wrapped(&format!("the metrics could not be loaded: {e}"), 1, width, theme.warn)];
        }
        Metrics::Loaded { start, end, charts, notes } => (*start, *end, charts, notes),
    };
    const LABEL: usize = 16;
    let periods = ((end - start).num_seconds() / i64::from(PERIOD_SECS)).max(1) as usize;
    // A bar per five minutes when it fits; else fewer, wider periods.
    let room = width.saturating_sub(LABEL + 2).max(6);
    let cells = periods.min(room);
    let mut out = vec![vec![Line::styled(
        format!(
            " last {}h · one bar per {} min · blank: no data",
            (end - start).num_hours(),
            (end - start).num_minutes() / cells as i64
        ),
        theme.muted,
    )]];
    for c in charts {
        let spark = Spark::of(&c.points, start, end, cells);
        let figure = |v: Option<f64>| v.map(|v| c.chart.value(v)).unwrap_or_else(|| "-".into());
        let stats =
            format!("now {} · avg {} · max {}", figure(spark.current()), figure(spark.average()), figure(spark.max()));
        let high = matches!(c.chart, Chart::Cpu | Chart::Memory) && spark.current().is_some_and(|v| v >= 85.0)
            || c.chart == Chart::Errors5xx && spark.current().is_some_and(|v| v > 0.0);
        let style = if high { theme.warn } else { theme.accent };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {:<w$}", c.chart.label(), w = LABEL - 1), theme.muted),
            Span::styled(spark.bars(top(c.chart)), style),
        ])];
        let mut facts = stats;
        if spark.current().is_none() {
            facts = "no data in the last three hours".into();
        } else if spark.gaps() > 0 {
            let n = spark.gaps();
            facts.push_str(&format!(" · {n} period{} without data", if n == 1 { "" } else { "s" }));
        }
        if let Some(s) = &c.status {
            facts.push_str(&format!(" · CloudWatch: {s}"));
        }
        lines.extend(wrapped(&facts, LABEL, width, if high { theme.warn } else { theme.text }));
        out.push(lines);
    }
    for n in notes {
        out.push(wrapped(n, 1, width, theme.muted));
    }
    out
}

/// What a shrunk pane holds, in a few words.
pub fn gist_alarms(d: &Detail) -> String {
    match &d.alarms {
        Alarms::Loading => "loading…".into(),
        Alarms::Error(_) => "could not be loaded".into(),
        Alarms::Loaded(v) if v.is_empty() => "none".into(),
        Alarms::Loaded(v) => {
            let firing = d.alarms.firing();
            if firing > 0 {
                format!("✖ {firing} in ALARM of {}", v.len())
            } else {
                format!("{} · none in ALARM", v.len())
            }
        }
    }
}

pub fn gist_metrics(d: &Detail) -> String {
    match &d.metrics {
        Metrics::Loaded { start, end, charts, .. } => charts
            .iter()
            .take(2)
            .map(|c| {
                let now = Spark::of(&c.points, *start, *end, 36).current();
                format!("{} {}", c.chart.label(), now.map(|v| c.chart.value(v)).unwrap_or_else(|| "-".into()))
            })
            .collect::<Vec<_>>()
            .join(" · "),
        Metrics::Error(_) => "could not be loaded".into(),
        Metrics::Loading => "loading…".into(),
    }
}
