//! The service detail's targets pane: per target group its name, what it listens on and the
//! counts per state; then each target, unhealthy ones first and marked ✖, with the task that
//! owns it, its address, its zone, and the load balancer's reason wrapped under it (never cut).
use super::rollout::wrap;
use crate::config::Theme;
use crate::model::TargetState;
use crate::views::service::Detail;
use crate::views::targets::{Group, GroupHealth, Target, Targets};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

/// Width of the state column (`unhealthy.draining` is the longest AWS writes).
const STATE: usize = 18;

fn wrapped(text: &str, indent: usize, width: usize, style: Style) -> Vec<Line<'static>> {
    wrap(text, width.saturating_sub(indent + 1).max(8))
        .into_iter()
        .map(|l| Line::from(vec![Span::raw(" ".repeat(indent)), Span::styled(l, style)]))
        .collect()
}

fn state_style(s: &TargetState, theme: &Theme) -> Style {
    match s {
        TargetState::Healthy => theme.ok,
        TargetState::Unhealthy | TargetState::UnhealthyDraining => theme.error.add_modifier(Modifier::BOLD),
        TargetState::Draining | TargetState::Initial => theme.warn,
        _ => theme.muted,
    }
}

pub fn targets(d: &Detail, theme: &Theme, width: usize) -> Vec<Vec<Line<'static>>> {
    match &d.targets {
        Targets::NoLoadBalancer => {
            vec![wrapped("no load balancer: the service registers no targets", 1, width, theme.muted)]
        }
        Targets::Groups(groups) => groups.iter().flat_map(|g| group(g, theme, width)).collect(),
    }
}

fn group(g: &Group, theme: &Theme, width: usize) -> Vec<Vec<Line<'static>>> {
    let mut head = vec![Span::styled(format!(" {}", g.name), theme.accent.add_modifier(Modifier::BOLD))];
    if let Some(l) = &g.listens {
        head.push(Span::styled(format!("  {l}"), theme.muted));
    }
    let (says, style) = match &g.health {
        GroupHealth::Loading => ("loading the targets…".to_string(), theme.muted),
        GroupHealth::Refused => ("no permission for elasticloadbalancing:DescribeTargetHealth".into(), theme.warn),
        GroupHealth::Gone => ("target group is gone".into(), theme.warn),
        GroupHealth::Error(e) => (format!("the targets could not be loaded: {e}"), theme.warn),
        GroupHealth::Loaded { counts, .. } => {
            let style = if counts.unhealthy > 0 { theme.error } else { theme.text };
            (counts.text(), style)
        }
    };
    // The heading wraps as one text when it is long (an error message can be).
    let used: usize = head.iter().map(|s| s.content.chars().count()).sum::<usize>() + 2;
    let mut heading = Vec::new();
    if used + says.chars().count() <= width {
        head.push(Span::styled(format!("  {says}"), style));
        heading.push(Line::from(head));
    } else {
        heading.push(Line::from(head));
        heading.extend(wrapped(&says, 3, width, style));
    }
    let mut out = vec![heading];
    if let GroupHealth::Loaded { targets, notes, .. } = &g.health {
        out.extend(targets.iter().map(|t| target(t, theme, width)));
        out.extend(notes.iter().map(|n| wrapped(n, 3, width, theme.muted)));
    }
    out
}

fn target(t: &Target, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let mark = if t.state.is_unhealthy() { "✖" } else { " " };
    let style = state_style(&t.state, theme);
    let mut first = vec![
        Span::styled(format!(" {mark} "), style),
        Span::styled(format!("{:<w$}", t.state.as_str(), w = STATE), style),
        Span::styled(t.at.clone(), theme.text),
        Span::styled(format!("  {}", t.task.text()), theme.muted),
    ];
    if let Some(z) = &t.zone {
        first.push(Span::styled(format!("  {z}"), theme.muted));
    }
    // What does not fit on the first line goes under it, never cut.
    let len: usize = first.iter().map(|s| s.content.chars().count()).sum();
    let mut lines = if len <= width {
        vec![Line::from(first)]
    } else {
        let mut rest = vec![Line::from(first.drain(..3).collect::<Vec<_>>())];
        let tail: String = first.iter().map(|s| s.content.trim_start().to_string()).collect::<Vec<_>>().join("  ");
        rest.extend(wrapped(&tail, 3 + STATE, width, theme.muted));
        rest
    };
    if let Some(r) = &t.reason {
        let text_style = if t.state.is_unhealthy() { theme.text } else { theme.muted };
        lines.extend(wrapped(r, 3, width, text_style));
    }
    lines
}

/// What the shrunk pane holds: the counts, or what stands in their way.
pub fn gist(d: &Detail) -> String {
    crate::views::targets::gist(&d.targets)
}
