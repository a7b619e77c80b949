//! The rollout watch's body: the service's rollout state and settings, the outcome line, one
//! bar per deployment (new first) with its numbers, a hint that leaving cancels nothing, and a
//! feed of the rollout's failed tasks and the service's events, wrapped, never cut.
use super::tone;
use crate::config::{Action, Theme};
use crate::model::{Time, age};
use crate::state::State;
use crate::table::Tone;
use crate::views::Watch;
use crate::views::rollout::{Bar, FailedTask, FailedTasks, Rolling, Shown};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// Width of the age column in the feed (`1h20m` and a space).
const AGE: usize = 6;

pub fn render(state: &State, watch: &Watch, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &watch.shown {
        Shown::Loading => loading(state, theme, frame, area),
        Shown::Gone { at } => gone(state, *at, theme, frame, area),
        Shown::Service(r) => rolling(state, r, watch.offset, theme, frame, area),
    }
}

/// A view of one service whose cluster's services are not loaded: why, or a placeholder.
pub(super) fn loading(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    match state.view().status(&state.data).error {
        Some(e) => {
            let [head, rest] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(area);
            let what = state.view().screen().title();
            let text = format!(" the cluster's services could not be loaded, so the {what} cannot be shown:");
            frame.render_widget(Paragraph::new(Line::styled(text, theme.error)).wrap(Wrap { trim: false }), head);
            super::message::render_problem(e, theme, frame, rest);
        }
        None => super::message::render_placeholder(state, theme, frame, area),
    }
}

/// A view of one service that the cluster's services (loaded `at`) no longer hold.
pub(super) fn gone(state: &State, at: Option<Time>, theme: &Theme, frame: &mut Frame, area: Rect) {
    let since = at.map(|t| format!(" (as of {} ago)", age(t, state.now))).unwrap_or_default();
    let lines = vec![
        Line::styled(format!("{}{since}", state.view().screen().empty_text()), theme.warn),
        Line::styled("it was deleted, or never was in this cluster — esc goes back", theme.muted),
    ];
    let [_, mid, _] = Layout::vertical([Constraint::Fill(1), Constraint::Length(2), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: false }), mid);
}

fn rolling(state: &State, r: &Rolling, offset: usize, theme: &Theme, frame: &mut Frame, area: Rect) {
    let now = state.now;
    let top = Paragraph::new(summary(r, theme, area.width as usize, now)).wrap(Wrap { trim: false });
    // The feed keeps at least three lines and the hint one, however small the screen.
    let top_height = (top.line_count(area.width) as u16).min(area.height.saturating_sub(4));
    let [top_area, hint_area, feed_area] =
        Layout::vertical([Constraint::Length(top_height), Constraint::Length(1), Constraint::Min(0)]).areas(area);
    frame.render_widget(top, top_area);

    let (lines, below) = feed(r, offset, theme, feed_area.width as usize, feed_area.height as usize, now);
    let ctx = state.view().screen().context();
    let back = state.keymap.keys(ctx, Action::Back).into_iter().next().unwrap_or_else(|| "esc".into());
    let mut hint = vec![Span::styled(format!(" {back} leaves the watch: nothing in AWS is cancelled"), theme.muted)];
    if offset > 0 {
        hint.push(Span::styled(format!(" · ↑ {offset} above"), theme.accent));
    }
    if below > 0 {
        hint.push(Span::styled(format!(" · ↓ {below} more"), theme.accent));
    }
    frame.render_widget(Paragraph::new(Line::from(hint)), hint_area);
    frame.render_widget(Paragraph::new(lines), feed_area);
}

/// The fixed part: state, settings, outcome, reason, the deployments' bars.
fn summary(r: &Rolling, theme: &Theme, width: usize, now: Time) -> Vec<Line<'static>> {
    let mut head = vec![
        Span::styled(format!(" {} ", r.name), theme.title),
        Span::styled(format!(" {} ", r.state), tone(theme, r.state_tone).add_modifier(Modifier::BOLD)),
        Span::styled(format!(" desired {} · running {} · pending {}", r.desired, r.running, r.pending), theme.text),
    ];
    if !r.status.is_empty() && r.status != "ACTIVE" {
        head.push(Span::styled(format!(" · service {}", r.status), theme.warn));
    }
    let mut lines = vec![Line::from(head), Line::styled(format!(" {}", r.settings), theme.muted)];
    // The outcome and the reason wrap under themselves, never cut.
    let outcome = tone(theme, r.outcome.tone);
    for (i, part) in wrap(&r.outcome.text, width.saturating_sub(3).max(8)).into_iter().enumerate() {
        let left = if i == 0 { " ▶ " } else { "   " };
        lines.push(Line::from(vec![
            Span::styled(left, outcome),
            Span::styled(part, outcome.add_modifier(Modifier::BOLD)),
        ]));
    }
    if let Some(reason) = r.reason.as_ref().filter(|reason| !r.outcome.text.contains(reason.as_str())) {
        for (i, part) in wrap(reason, width.saturating_sub(11).max(8)).into_iter().enumerate() {
            let left = if i == 0 { "   reason: " } else { "           " };
            lines.push(Line::from(vec![Span::styled(left, theme.muted), Span::styled(part, theme.text)]));
        }
    }
    lines.push(Line::raw(""));
    if r.deployments.is_empty() {
        lines.push(Line::styled(" no deployments listed", theme.muted));
    }
    let td_width = r.deployments.iter().map(|b| b.task_definition.width()).max().unwrap_or(0);
    let numbers_width = r.deployments.iter().map(|b| numbers(b).iter().map(|s| s.width()).sum()).max().unwrap_or(0);
    // Room for the label, the task definition and the numbers; the bar takes the rest.
    let bar_width = width.saturating_sub(6 + td_width + 2 + numbers_width + 1).clamp(8, 40);
    for b in &r.deployments {
        lines.extend(deployment(b, td_width, bar_width, width, theme, now));
    }
    lines
}

/// A deployment's lines: label, task definition, bar and numbers; then its rollout state,
/// placement and ages, wrapped to `width`.
pub(super) fn deployment(
    b: &Bar,
    td_width: usize,
    bar_width: usize,
    width: usize,
    theme: &Theme,
    now: Time,
) -> Vec<Line<'static>> {
    let failed_rollout = b.rollout_state.as_deref() == Some("FAILED");
    let bar_tone = if failed_rollout {
        Tone::Error
    } else if !b.new {
        Tone::Muted
    } else if b.desired > 0 && b.running >= b.desired {
        Tone::Ok
    } else {
        Tone::Accent
    };
    let (label, label_style) = if b.new { (" new ", theme.accent) } else { (" old ", theme.muted) };
    let filled = b.filled(bar_width);
    let pad = td_width.saturating_sub(b.task_definition.width());
    let mut first = vec![
        Span::styled(label, label_style.add_modifier(Modifier::BOLD)),
        Span::styled(format!(" {}{}  ", b.task_definition, " ".repeat(pad)), theme.text),
        Span::styled("█".repeat(filled), tone(theme, bar_tone)),
        Span::styled("░".repeat(bar_width - filled), theme.muted),
    ];
    let [count, pending, failed] = numbers(b);
    first.push(Span::styled(count, theme.text));
    first.push(Span::styled(pending, if b.pending > 0 { theme.warn } else { theme.muted }));
    first.push(Span::styled(failed, if b.failed > 0 { theme.error } else { theme.muted }));
    let state = b.rollout_state.clone().unwrap_or_else(|| "-".into());
    let state_tone = match state.as_str() {
        "COMPLETED" => Tone::Ok,
        "FAILED" => Tone::Error,
        "IN_PROGRESS" => Tone::Accent,
        _ => Tone::Muted,
    };
    let when = |what: &str, t: Option<Time>| t.map(|t| format!(" · {what} {} ago", age(t, now))).unwrap_or_default();
    let text = format!("{state} · {}{}{}", b.placement, when("created", b.created_at), when("updated", b.updated_at));
    let mut lines = vec![Line::from(first)];
    for (i, part) in wrap(&text, width.saturating_sub(6).max(8)).into_iter().enumerate() {
        let mut spans = vec![Span::raw("      ")];
        // The state keeps its tone; the rest is quiet.
        match part.strip_prefix(state.as_str()).filter(|_| i == 0) {
            Some(after) => {
                spans.push(Span::styled(state.clone(), tone(theme, state_tone)));
                spans.push(Span::styled(after.to_string(), theme.muted));
            }
            None => spans.push(Span::styled(part, theme.muted)),
        }
        lines.push(Line::from(spans));
    }
    lines
}

/// The numbers beside a bar: running of desired, pending, failed.
pub(super) fn numbers(b: &Bar) -> [String; 3] {
    [format!("  {}", b.count()), format!(" · {} pending", b.pending), format!(" · {} failed", b.failed)]
}

/// The feed from entry `offset` on, as lines that fill `height` at most, and how many entries
/// did not fit below.
fn feed(
    r: &Rolling,
    offset: usize,
    theme: &Theme,
    width: usize,
    height: usize,
    now: Time,
) -> (Vec<Line<'static>>, usize) {
    let mut entries: Vec<Vec<Line<'static>>> = Vec::new();
    let heading = |text: String| vec![Line::styled(text, theme.title)];
    match &r.failed_tasks {
        FailedTasks::Tasks(tasks) if !tasks.is_empty() => {
            entries.push(heading(format!(" failed tasks of this rollout ({}) ", r.failed_tasks.count())));
            for t in tasks {
                entries.push(entry(t.stopped_at, &failed_text(t), theme.error, theme, width, now));
            }
        }
        FailedTasks::Tasks(_) => entries.push(vec![Line::styled(" failed tasks of this rollout: none", theme.muted)]),
        FailedTasks::Loading => {
            entries.push(vec![Line::styled(" failed tasks of this rollout: loading stopped tasks…", theme.muted)])
        }
        FailedTasks::Error(e) => entries.push(
            wrap(&format!(" failed tasks: the stopped tasks could not be loaded — {e}"), width.max(1))
                .into_iter()
                .map(|l| Line::styled(l, theme.warn))
                .collect(),
        ),
    }
    entries.push(heading(format!(" events, newest first ({}) ", r.events.len())));
    for e in &r.events {
        entries.push(entry(e.at, &e.message, tone(theme, e.tone), theme, width, now));
    }
    fit(entries, offset, height)
}

/// Entries from `offset` on, as the lines that fill `height` at most, and how many entries did
/// not fit below. A first entry taller than the whole height still shows what fits.
pub(super) fn fit(entries: Vec<Vec<Line<'static>>>, offset: usize, height: usize) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let total = entries.len().saturating_sub(offset);
    for (i, item) in entries.into_iter().skip(offset).enumerate() {
        if lines.len() + item.len() > height {
            // Stop here: a later, shorter entry shown past this one would read out of order.
            if lines.is_empty() {
                lines.extend(item.into_iter().take(height));
                return (lines, total - i - 1);
            }
            return (lines, total - i);
        }
        lines.extend(item);
    }
    (lines, 0)
}

/// `bad0bad0 shop:37 — reason`, or `3 tasks of shop:37 (bad0bad0 bad1bad1 bad2bad2) — reason`
/// (the newest three ids, then how many more).
fn failed_text(t: &FailedTask) -> String {
    const IDS: usize = 3;
    match t.ids.as_slice() {
        [one] => format!("{one} {} — {}", t.task_definition, t.reason),
        ids => {
            let mut shown = ids.iter().take(IDS).cloned().collect::<Vec<_>>().join(" ");
            if ids.len() > IDS {
                shown.push_str(&format!(" +{}", ids.len() - IDS));
            }
            format!("{} tasks of {} ({shown}) — {}", ids.len(), t.task_definition, t.reason)
        }
    }
}

/// One feed entry: its age, then its text wrapped under itself.
pub(super) fn entry(
    at: Option<Time>,
    text: &str,
    style: Style,
    theme: &Theme,
    width: usize,
    now: Time,
) -> Vec<Line<'static>> {
    let when = at.map(|t| age(t, now)).unwrap_or_else(|| "-".into());
    wrap(text, width.saturating_sub(AGE).max(8))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let left = if i == 0 { format!("{when:>5} ") } else { " ".repeat(AGE) };
            Line::from(vec![Span::styled(left, theme.muted), Span::styled(part, style)])
        })
        .collect()
}

/// Word-wrap `text` to `width` columns; a word wider than a line is split.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let (mut line, mut used) = (String::new(), 0);
    for word in text.split(' ') {
        let w = word.width();
        if used > 0 && used + 1 + w > width {
            lines.push(std::mem::take(&mut line));
            used = 0;
        }
        if used > 0 {
            line.push(' ');
            used += 1;
        }
        for c in word.chars() {
            let cw = c.width().unwrap_or(0);
            if used > 0 && used + cw > width {
                lines.push(std::mem::take(&mut line));
                used = 0;
            }
            line.push(c);
            used += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wrapping_keeps_every_word() {
        let text =
            "(service web) was unable to place a task because no container instance met all of its requirements.";
        let lines = wrap(text, 30);
        assert!(lines.iter().all(|l| l.chars().count() <= 30), "{lines:?}");
        assert_eq!(lines.join(" "), text);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 4), vec![""]);
    }
}
