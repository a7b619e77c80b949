//! The service detail's auto scaling pane (8): the scalable target with a marker when the
//! desired count sits at the maximum, each policy in words, then the recent scaling
//! activities newest first — age, status (failed and unfulfilled ones marked as problems),
//! cause, description and AWS's message, wrapped, never cut.
use super::rollout::wrap;
use crate::config::Theme;
use crate::model::{ActivityStatus, Time, age};
use crate::views::scaling::{Scaling, suspended};
use crate::views::service::Detail;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// `text` wrapped to `width` under an indent of `indent` columns.
fn wrapped(text: &str, indent: usize, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(indent + 1).max(8))
        .into_iter()
        .map(|l| Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)]))
        .collect()
}

fn status_style(s: &ActivityStatus, theme: &Theme) -> Style {
    match s {
        ActivityStatus::Successful => theme.ok,
        s if s.is_problem() => theme.error,
        _ => theme.warn,
    }
}

/// The alarms target tracking creates are named `TargetTracking-<resource>-AlarmHigh-<uuid>`:
/// `AlarmHigh` says which one (the alarms view finds them by the rest); other names stay whole.
fn short_alarm(name: &str) -> &str {
    if !name.starts_with("TargetTracking-") {
        return name;
    }
    match name.rfind("-Alarm") {
        Some(i) => {
            let rest = &name[i + 1..];
            rest.split('-').next().unwrap_or(rest)
        }
        None => name,
    }
}

pub fn gist(d: &Detail) -> String {
    d.scaling.gist()
}

pub fn pane(d: &Detail, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    let (target, desired, policies, activities) = match &d.scaling {
        Scaling::Loading => return vec![vec![Line::styled(" loading auto scaling…", theme.muted)]],
        Scaling::Error(e) => return vec![wrapped(e, 1, width, theme.warn)],
        Scaling::NotScaled => {
            return vec![wrapped(
                "not auto scaled: no Application Auto Scaling target for this service's desired count",
                1,
                width,
                theme.muted,
            )];
        }
        Scaling::Loaded { target, desired, policies, activities } => (target, *desired, policies, activities),
    };
    let mut out = Vec::new();

    // The target: min / desired / max, marked when pinned at max, what is suspended.
    let pinned = target.max > target.min && desired >= target.max;
    let mut head = vec![
        Span::styled(" range ", theme.muted),
        Span::styled(format!("min {} · desired {} · max {}", target.min, desired, target.max), theme.text),
    ];
    if pinned {
        head.push(Span::styled("  ▲ at max: auto scaling cannot add tasks", theme.warn.add_modifier(Modifier::BOLD)));
    } else if !target.contains(desired) {
        head.push(Span::styled("  ▲ outside the range", theme.warn));
    }
    let mut lines = vec![Line::from(head)];
    match suspended(target) {
        Some(s) => lines.extend(wrapped(&s, 7, width, theme.warn)),
        None => lines.extend(wrapped("nothing suspended", 7, width, theme.muted)),
    }
    out.push(lines);

    // The policies, in words.
    if policies.is_empty() {
        out.push(wrapped(
            "no scaling policy: only a person or a scheduled action changes the count",
            1,
            width,
            theme.muted,
        ));
    }
    for p in policies {
        let mut lines =
            vec![Line::from(vec![Span::styled(" policy ", theme.muted), Span::styled(p.name.clone(), theme.accent)])];
        lines.extend(wrapped(&p.text(), 3, width, theme.text));
        if !p.alarms.is_empty() {
            let names: Vec<&str> = p.alarms.iter().map(|a| short_alarm(a)).collect();
            lines.extend(wrapped(&format!("alarms {}", names.join(", ")), 3, width, theme.muted));
        }
        out.push(lines);
    }

    // The activities, newest first.
    let problems = activities.iter().filter(|a| a.status.is_problem()).count();
    let heading = match (activities.len(), problems) {
        (0, _) => " recent activities".to_string(),
        (n, 0) => format!(" recent activities · {n}, newest first"),
        (n, p) => format!(" recent activities · {n}, newest first · ✖ {p} failed or unfulfilled"),
    };
    out.push(vec![Line::styled(heading, theme.title)]);
    if activities.is_empty() {
        out.push(wrapped("none in the last six weeks", 3, width, theme.muted));
    }
    for a in activities {
        let when = a.start.map(|t| format!("{:>6} ago", age(t, now))).unwrap_or_else(|| "     ? ago".into());
        let mark = if a.status.is_problem() { "✖ " } else { "  " };
        let style = status_style(&a.status, theme);
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {when} "), theme.muted),
            Span::styled(format!("{mark}{}", a.status.as_str()), style.add_modifier(Modifier::BOLD)),
        ])];
        lines.extend(wrapped(&a.description, 3, width, theme.text));
        if let Some(m) = &a.status_message {
            lines.extend(wrapped(m, 3, width, if a.status.is_problem() { theme.error } else { theme.muted }));
        }
        for n in &a.not_scaled {
            lines.extend(wrapped(&format!("not scaled: {}", n.text()), 3, width, theme.warn));
        }
        // Target tracking's own alarms by their kind: the policy named next to it says whose.
        let cause: Vec<&str> = a.cause.split(' ').map(short_alarm).collect();
        lines.extend(wrapped(&format!("cause: {}", cause.join(" ")), 3, width, theme.muted));
        out.push(lines);
    }
    out
}
