//! A service's detail: eight panes (summary, deployments, events, capacity mix, alarms,
//! metrics, load balancer targets, auto scaling), two a row on a wide and tall enough screen;
//! on a smaller one the focused pane takes the room and the others shrink to a line saying what
//! they hold. The focused pane's border is highlighted, each title carries
//! its key number, and a pane that scrolls says how much is above and below.
use super::rollout::{deployment, entry, fit, gone, loading, numbers, wrap};
use super::tone;
use crate::config::Theme;
use crate::model::Time;
use crate::state::State;
use crate::table::Tone;
use crate::views::service::{Actual, Detail, History, Mix};
use crate::views::{Pane, Panes, service::Shown};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

/// Below this width the panes stack (the focused one grows) instead of sharing a grid.
const GRID_WIDTH: u16 = 120;
/// The least height of a grid row: a border, seven lines of content and a border. Each pane
/// scrolls and `z` zooms it, so a short pane still reaches all it holds.
const GRID_ROW: u16 = 9;
/// Width of a summary label column.
const LABEL: usize = 19;

pub fn render(state: &State, panes: &Panes, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &panes.shown {
        Shown::Loading => loading(state, theme, frame, area),
        Shown::Gone { at } => gone(state, *at, theme, frame, area),
        Shown::Service(d) => detail(state, panes, d, theme, frame, area),
    }
}

fn detail(state: &State, panes: &Panes, d: &Detail, theme: &Theme, frame: &mut Frame, area: Rect) {
    if panes.zoomed {
        pane(state, panes, d, panes.focus, theme, frame, area);
    } else if area.width >= GRID_WIDTH && area.height >= GRID_ROW * grid_rows() as u16 {
        // Two panes a row, as many rows as it takes.
        let rows = Layout::vertical(vec![Constraint::Fill(1); grid_rows()]).split(area);
        let cells: Vec<Rect> = rows
            .iter()
            .flat_map(|r| Layout::horizontal([Constraint::Fill(1), Constraint::Fill(1)]).split(*r).to_vec())
            .collect();
        for (p, r) in Pane::ALL.into_iter().zip(cells) {
            pane(state, panes, d, p, theme, frame, r);
        }
    } else {
        // One line per other pane; the focused one gets the rest.
        let constraints: Vec<Constraint> = Pane::ALL
            .iter()
            .map(|p| if *p == panes.focus { Constraint::Min(3) } else { Constraint::Length(1) })
            .collect();
        let areas = Layout::vertical(constraints).split(area);
        for (p, r) in Pane::ALL.into_iter().zip(areas.iter()) {
            if p == panes.focus {
                pane(state, panes, d, p, theme, frame, *r);
            } else {
                collapsed(p, d, theme, frame, *r);
            }
        }
    }
}

fn grid_rows() -> usize {
    Pane::ALL.len().div_ceil(2)
}

fn title(p: Pane) -> String {
    format!(" {} {} ", p.number(), p.name())
}

/// A pane shrunk to its title and what it holds in a few words.
fn collapsed(p: Pane, d: &Detail, theme: &Theme, frame: &mut Frame, area: Rect) {
    let line = Line::from(vec![
        Span::styled("─", theme.border),
        Span::styled(title(p), theme.muted),
        Span::styled(format!("{} ", gist(p, d)), theme.muted),
        Span::styled("─".repeat(area.width as usize), theme.border),
    ]);
    frame.render_widget(Paragraph::new(line), area);
}

/// What a shrunk pane holds, in a few words.
fn gist(p: Pane, d: &Detail) -> String {
    match p {
        Pane::Summary => d.summary.first().map(|f| f.value.clone()).unwrap_or_default(),
        Pane::Deployments => match d.deployments.first() {
            Some(c) => format!(
                "{} current · {} {} {}",
                d.deployments.len(),
                c.status,
                c.bar.task_definition,
                c.bar.rollout_state.as_deref().unwrap_or("")
            ),
            None => "none".into(),
        },
        Pane::Events => {
            let problems = d.events.iter().filter(|e| e.tone == Tone::Error).count();
            if problems > 0 { format!("{} · {problems} problems", d.events.len()) } else { d.events.len().to_string() }
        }
        Pane::Mix => {
            let mut out = d.mix.mix.strategy.short();
            if let (Actual::Counted(_), Some(actual)) = (&d.mix.actual, d.mix.mix.spot_share()) {
                out.push_str(&format!(" · Spot {actual}%"));
            }
            if !d.mix.shown_warnings().is_empty() {
                out.push_str(" · ▲ differs from expected");
            }
            out
        }
        Pane::Alarms => super::service_health::gist_alarms(d),
        Pane::Metrics => super::service_health::gist_metrics(d),
        Pane::Targets => super::targets::gist(d),
        Pane::Scaling => super::scaling::gist(d),
    }
}

fn pane(state: &State, panes: &Panes, d: &Detail, p: Pane, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = p == panes.focus;
    let border = if focused { theme.accent.add_modifier(Modifier::BOLD) } else { theme.border };
    let title_style = if focused { theme.title } else { theme.muted };
    let block = Block::default().borders(Borders::ALL).border_style(border).title(Line::styled(title(p), title_style));
    let inner = block.inner(area);
    let width = inner.width as usize;
    let picked = d.entry_of(panes.cursor);
    let entries = match p {
        Pane::Summary => summary(d, theme, width),
        Pane::Deployments => deployments(d, focused.then_some(picked), theme, width, state.now),
        Pane::Events => events(d, theme, width, state.now),
        Pane::Mix => mix(&d.mix, theme, width),
        Pane::Alarms => super::service_health::alarms(d, theme, width, state.now),
        Pane::Metrics => super::service_health::metrics(d, theme, width),
        Pane::Targets => super::targets::targets(d, theme, width),
        Pane::Scaling => super::scaling::pane(d, theme, width, state.now),
    };
    let offset = match p {
        // The page of entries that holds the picked deployment.
        Pane::Deployments => {
            let start = deployments_start(&entries, picked, panes.deployments_top.get(), inner.height as usize);
            panes.deployments_top.set(start);
            start
        }
        _ => panes.offset(p),
    };
    let offset = offset.min(entries.len().saturating_sub(1));
    let (lines, below) = fit(entries, offset, inner.height as usize);
    let mut more = Vec::new();
    if focused && p == Pane::Deployments && !d.picks().is_empty() {
        more.push("▶ picked: enter diffs it with the current".to_string());
    }
    if offset > 0 {
        more.push(format!("↑ {offset} above"));
    }
    if below > 0 {
        more.push(format!("↓ {below} more"));
    }
    let block = if more.is_empty() {
        block
    } else {
        block.title_bottom(Line::styled(format!(" {} ", more.join(" · ")), theme.accent).right_aligned())
    };
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(lines), inner);
}

/// `label   value`, the value wrapped under itself.
fn labelled(label: &str, value: &str, style: Style, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    wrap(value, width.saturating_sub(LABEL + 1).max(8))
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let left = if i == 0 { format!(" {label:<w$}", w = LABEL) } else { " ".repeat(LABEL + 1) };
            Line::from(vec![Span::styled(left, theme.muted), Span::styled(part, style)])
        })
        .collect()
}

fn summary(d: &Detail, theme: &Theme, width: usize) -> Vec<Vec<Line<'static>>> {
    d.summary.iter().map(|f| labelled(f.label, &f.value, tone(theme, f.tone), theme, width)).collect()
}

/// The first entry of the page that holds entry `target`, the entries cut into pages of
/// `height` lines from the top: the pane moves a page at a time as the pick leaves it.
fn page_start(entries: &[Vec<Line<'static>>], target: usize, height: usize) -> usize {
    let (mut start, mut used) = (0, 0);
    for (i, e) in entries.iter().enumerate() {
        if used > 0 && used + e.len() > height {
            start = i;
            used = 0;
        }
        used += e.len();
        if i >= target {
            break;
        }
    }
    start
}

/// Where the deployments pane starts: where it did (`top`) while the picked entry still shows
/// from there, else the page of entries that holds it.
fn deployments_start(entries: &[Vec<Line<'static>>], picked: usize, top: usize, height: usize) -> usize {
    let shows = top <= picked && entries.iter().skip(top).take(picked + 1 - top).map(Vec::len).sum::<usize>() <= height;
    if shows { top } else { page_start(entries, picked, height) }
}

/// `picked`: the entry of the picked deployment, marked while the pane has the keys.
fn deployments(d: &Detail, picked: Option<usize>, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    let mut out = current(d, theme, width, now);
    out.extend(history(d, theme, width, now));
    if let Some(lines) = picked.and_then(|i| out.get_mut(i)) {
        mark(lines, theme);
    }
    out
}

/// `▶` in the first column of an entry's first line.
fn mark(lines: &mut [Line<'static>], theme: &Theme) {
    let Some(first) = lines.first_mut() else { return };
    if let Some(span) = first.spans.first_mut()
        && let Some(rest) = span.content.strip_prefix(' ')
    {
        span.content = rest.to_string().into();
    }
    first.spans.insert(0, Span::styled("▶", theme.accent.add_modifier(Modifier::BOLD)));
}

/// What changed, in a few words: `changed: …`, or that nothing compared did.
fn changes_text(changes: &[String]) -> Option<String> {
    match changes {
        [] => None,
        [same] if same.starts_with("same ") => Some(format!("no change: {same}")),
        all => Some(format!("changed: {}", all.join(" · "))),
    }
}

/// The deployment history: each service deployment ECS keeps, newest first, with how it went.
fn history(d: &Detail, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    use crate::views::deployed::Deployed;
    let heading = |text: String| vec![Line::styled(format!(" {text}"), theme.title)];
    let (items, missing) = match &d.history {
        History::Loading => return vec![heading("history: loading…".into())],
        History::Error(e) => {
            let mut lines = heading("history: could not be loaded".into());
            lines.extend(
                wrap(e, width.saturating_sub(2).max(8)).into_iter().map(|l| Line::styled(format!(" {l}"), theme.warn)),
            );
            return vec![lines];
        }
        History::Loaded { items, missing } => (items, *missing),
    };
    let mut head = heading(format!("history: {} service deployment(s), newest first", items.len()));
    if let Some(e) = &d.revisions_error {
        let text = format!("what they deployed could not be loaded: {e}");
        head.extend(
            wrap(&text, width.saturating_sub(2).max(8)).into_iter().map(|l| Line::styled(format!(" {l}"), theme.warn)),
        );
    }
    let mut out = vec![head];
    for (i, dep) in items.iter().enumerate() {
        let deployed = d.deployed.get(i).unwrap_or(&Deployed::Loading);
        let style = match dep.status.as_str() {
            "SUCCESSFUL" => theme.ok,
            "ROLLBACK_SUCCESSFUL" | "STOPPED" | "STOP_REQUESTED" | "ROLLBACK_REQUESTED" | "ROLLBACK_IN_PROGRESS" => {
                theme.warn
            }
            "ROLLBACK_FAILED" | "FAILED" => theme.error,
            _ => theme.text,
        };
        let when = dep.created_at.map(|t| crate::model::age(t, now)).unwrap_or_else(|| "-".into());
        let target = dep.target_revision.as_deref().map(crate::model::arn_name).unwrap_or("-");
        let source = dep.source_revisions.iter().map(|s| crate::model::arn_name(s)).collect::<Vec<_>>().join(", ");
        let what = match deployed {
            Deployed::Known { task_definition, .. } => {
                Span::styled(format!("  {}", crate::model::arn_name(task_definition)), theme.text)
            }
            other => Span::styled(
                format!(
                    "  revision {} → {target}{}",
                    if source.is_empty() { "-" } else { &source },
                    if *other == Deployed::Loading { " (loading what it deployed…)" } else { "" }
                ),
                theme.muted,
            ),
        };
        let mut lines = vec![Line::from(vec![
            Span::styled(format!(" {when:>6} "), theme.muted),
            Span::styled(dep.status.clone(), style.add_modifier(Modifier::BOLD)),
            what,
        ])];
        if let Deployed::Known { changes, .. } = deployed
            && let Some(text) = changes_text(changes)
        {
            let tone = if text.starts_with("no change") { theme.muted } else { theme.accent };
            for part in wrap(&text, width.saturating_sub(9).max(8)) {
                lines.push(Line::from(vec![Span::raw("        "), Span::styled(part, tone)]));
            }
        }
        let mut facts: Vec<String> = Vec::new();
        if let Some(started) = dep.started_at {
            let finished =
                dep.finished_at.or(dep.stopped_at).map(|f| format!(", ended {} ago", crate::model::age(f, now)));
            facts.push(format!("started {} ago{}", crate::model::age(started, now), finished.unwrap_or_default()));
        }
        if let Some(cb) = &dep.circuit_breaker
            && cb.failure_count > 0
        {
            facts.push(format!("circuit breaker: {} of {} tasks failed", cb.failure_count, cb.threshold));
        }
        if let Some(a) = &dep.alarms
            && !a.triggered_alarm_names.is_empty()
        {
            facts.push(format!("alarms fired: {}", a.triggered_alarm_names.join(", ")));
        }
        if let Some(r) = &dep.rollback
            && let Some(reason) = &r.reason
        {
            facts.push(format!("rolled back: {reason}"));
        }
        if let Some(reason) = &dep.status_reason
            && !facts.iter().any(|f| f.ends_with(reason.as_str()))
        {
            facts.push(reason.clone());
        }
        for fact in facts {
            for part in wrap(&fact, width.saturating_sub(9).max(8)) {
                lines.push(Line::from(vec![Span::raw("        "), Span::styled(part, theme.text)]));
            }
        }
        out.push(lines);
    }
    if missing > 0 {
        out.push(vec![Line::styled(
            format!(" {missing} older deployment(s) are past what ECS keeps (90 days): not shown"),
            theme.muted,
        )]);
    }
    out
}

fn current(d: &Detail, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    if d.deployments.is_empty() {
        return vec![vec![Line::styled(" no deployments listed", theme.muted)]];
    }
    let td_width = d.deployments.iter().map(|c| c.bar.task_definition.width()).max().unwrap_or(0);
    let numbers_width =
        d.deployments.iter().map(|c| numbers(&c.bar).iter().map(|s| s.width()).sum()).max().unwrap_or(0);
    let bar_width = width.saturating_sub(6 + td_width + 2 + numbers_width + 1).clamp(8, 40);
    d.deployments
        .iter()
        .map(|c| {
            let mut lines = deployment(&c.bar, td_width, bar_width, width, theme, now);
            // A narrow pane: the numbers go under the bar rather than past the border.
            if 6 + td_width + 2 + bar_width + numbers_width > width && lines[0].spans.len() > 3 {
                let at = lines[0].spans.len() - 3;
                let mut moved: Vec<Span<'static>> = lines[0].spans.split_off(at);
                moved[0].content = moved[0].content.trim_start().to_string().into();
                moved.insert(0, Span::raw("      "));
                lines.insert(1, Line::from(moved));
            }
            // The status ECS gives it (PRIMARY, ACTIVE), then its reason in full.
            let style = if c.bar.rollout_state.as_deref() == Some("FAILED") { theme.error } else { theme.text };
            let text = match &c.reason {
                Some(reason) => format!("{}: {reason}", c.status),
                None => c.status.clone(),
            };
            for part in wrap(&text, width.saturating_sub(7).max(8)) {
                lines.push(Line::from(vec![Span::raw("      "), Span::styled(part, style)]));
            }
            if let Some(text) = changes_text(&c.changes) {
                let tone = if text.starts_with("no change") { theme.muted } else { theme.accent };
                for part in wrap(&text, width.saturating_sub(7).max(8)) {
                    lines.push(Line::from(vec![Span::raw("      "), Span::styled(part, tone)]));
                }
            }
            lines.push(Line::raw(""));
            lines
        })
        .collect()
}

fn events(d: &Detail, theme: &Theme, width: usize, now: Time) -> Vec<Vec<Line<'static>>> {
    if d.events.is_empty() {
        return vec![vec![Line::styled(" no events", theme.muted)]];
    }
    d.events.iter().map(|e| entry(e.at, &e.message, tone(theme, e.tone), theme, width, now)).collect()
}

/// Cells of a `width` bar for `n` of `scale`: proportional, never empty for one, never full
/// while short.
fn cells(n: u32, scale: u32, width: usize) -> usize {
    if n == 0 || scale == 0 || width == 0 {
        return 0;
    }
    let exact = (n as usize * width).div_ceil(scale as usize).min(width);
    if n < scale { exact.min(width - 1).max(1) } else { width }
}

fn mix(pane: &Mix, theme: &Theme, width: usize) -> Vec<Vec<Line<'static>>> {
    let m = &pane.mix;
    let mut out = Vec::new();
    let source = if pane.default_unknown {
        "the cluster's default strategy (the clusters are not loaded yet)".to_string()
    } else {
        m.source.label()
    };
    let head = if m.strategy.is_empty() { source } else { format!("{} — {source}", m.notation()) };
    let mut first = labelled("strategy", &head, theme.text, theme, width);
    first.extend(labelled("", crate::model::Strategy::LEGEND, theme.muted, theme, width));
    out.push(first);
    let counted = match &pane.actual {
        Actual::Counted(n) => format!("actual: {n} running or pending"),
        Actual::Loading => "actual: loading its tasks…".into(),
        Actual::Error(_) => "actual: tasks could not be loaded".into(),
    };
    out.push(vec![Line::styled(format!(" expected at desired {} · {counted}", m.desired), theme.muted)]);
    let counted_now = matches!(pane.actual, Actual::Counted(_));
    let scale = m
        .rows
        .iter()
        .map(|r| r.expected.unwrap_or(0).max(r.placed()))
        .max()
        .unwrap_or(0)
        .max(m.placed())
        .max(m.desired);
    let bar_width = width.saturating_sub(24).clamp(4, 40);
    for r in &m.rows {
        let bw = if !r.in_strategy {
            if r.launch_type { "launch type".to_string() } else { "not in the strategy".into() }
        } else if r.base > 0 {
            format!("base {} weight {}", r.base, r.weight)
        } else {
            format!("weight {}", r.weight)
        };
        let outside = r.bounds.is_some_and(|(lo, hi)| r.placed() < lo || r.placed() > hi);
        let bar = |label: &str, n: Option<u32>, style: Style| {
            let (text, filled) = match n {
                Some(n) => (format!("{n:>4}"), cells(n, scale, bar_width)),
                None => ("   -".to_string(), 0),
            };
            Line::from(vec![
                Span::styled(format!("   {label:<9}"), theme.muted),
                Span::styled(format!("{text} "), style),
                Span::styled("█".repeat(filled), style),
                Span::styled("░".repeat(bar_width - filled), theme.muted),
            ])
        };
        let actual_style = if counted_now && outside { theme.warn } else { theme.ok };
        let spot = if r.spot { "  Spot" } else { "" };
        out.push(vec![
            Line::from(vec![
                Span::styled(format!(" {}", r.name), theme.text.add_modifier(Modifier::BOLD)),
                Span::styled(format!("  {bw}{spot}"), theme.muted),
            ]),
            bar("expected", r.expected, theme.accent),
            bar("actual", counted_now.then_some(r.placed()), actual_style),
        ]);
    }
    let has_spot = m.rows.iter().any(|r| r.spot);
    out.push(match (&pane.actual, has_spot) {
        (Actual::Error(e), _) => wrap(&format!(" the tasks could not be loaded: {e}"), width.max(1))
            .into_iter()
            .map(|l| Line::styled(l, theme.warn))
            .collect(),
        (_, true) => {
            let actual = match (&pane.actual, m.spot_share()) {
                (Actual::Counted(_), Some(a)) => format!("{a}%"),
                _ => "-".into(),
            };
            let expected = m.expected_spot_share().map(|e| format!("{e}%")).unwrap_or_else(|| "-".into());
            vec![Line::from(vec![
                Span::styled(" Spot share  ", theme.muted),
                Span::styled(format!("{actual} actual"), theme.text.add_modifier(Modifier::BOLD)),
                Span::styled(format!(" · {expected} expected"), theme.muted),
            ])]
        }
        (_, false) => vec![Line::styled(" no Spot provider", theme.muted)],
    });
    if let Some(note) = &m.settling {
        out.push(
            wrap(&format!("◦ {note}"), width.saturating_sub(1).max(8))
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.muted))
                .collect(),
        );
    }
    for w in pane.shown_warnings() {
        out.push(
            wrap(&format!("▲ {w}"), width.saturating_sub(1).max(8))
                .into_iter()
                .map(|l| Line::styled(format!(" {l}"), theme.warn))
                .collect(),
        );
    }
    if let Some(e) = &pane.cost {
        let mut lines: Vec<Line<'static>> = Vec::new();
        let mut push = |text: String, style: Style| {
            for part in wrap(&text, width.saturating_sub(2).max(8)) {
                lines.push(Line::styled(format!(" {part}"), style));
            }
        };
        push(e.headline(), theme.text.add_modifier(Modifier::BOLD));
        if let Some(saving) = e.saving_line() {
            push(saving, theme.ok);
        }
        for note in &e.notes {
            push(note.clone(), theme.muted);
        }
        if let Some(p) = e.prices_line() {
            push(p, theme.muted);
        }
        out.push(lines);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::cells;

    #[test]
    fn bars_are_proportional_but_never_lie_at_the_ends() {
        assert_eq!(cells(0, 5, 20), 0);
        assert_eq!(cells(5, 5, 20), 20);
        assert_eq!(cells(1, 100, 20), 1, "one task still shows");
        assert_eq!(cells(99, 100, 20), 19, "short of the scale is never full");
        assert_eq!(cells(2, 4, 20), 10);
        assert_eq!(cells(3, 0, 20), 0);
    }
}
