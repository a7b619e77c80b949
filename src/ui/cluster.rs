//! The cluster detail's body: four bordered panes (summary, capacity providers, container
//! instances, mix and cost), the focused one's border lit. Wide screens show them all (the
//! instances' table across the bottom); narrow ones a line of pane tabs and the focused pane;
//! zoom shows the focused pane alone. Text wraps under itself, never cut; the instances'
//! table keeps the columns that fit, most telling first.
use super::rollout::wrap;
use super::tone;
use crate::config::Theme;
use crate::model::age;
use crate::state::State;
use crate::table::Tone;
use crate::views::cluster::{Detail, Entry, InstanceRow, Pane, Panes, Shown};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Width of a fact's label column.
const LABEL: usize = 12;

/// All panes at once from this body size on (columns, rows); below it, one pane at a time
/// under a line of pane tabs.
const WIDE: (u16, u16) = (120, 26);

pub fn render(state: &State, panes: &Panes, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &panes.shown {
        Shown::Loading => super::message::render_placeholder(state, theme, frame, area),
        Shown::Gone { at } => {
            let since = at.map(|t| format!(" (as of {} ago)", age(t, state.now))).unwrap_or_default();
            let lines = vec![
                Line::styled(format!("{}{since}", state.view().screen().empty_text()), theme.warn),
                Line::styled("it was deleted, or the name is wrong — esc goes back", theme.muted),
            ];
            let [_, mid, _] =
                Layout::vertical([Constraint::Fill(1), Constraint::Length(2), Constraint::Fill(1)]).areas(area);
            frame.render_widget(Paragraph::new(lines).centered().wrap(Wrap { trim: false }), mid);
        }
        Shown::Cluster(d) => detail(panes, d, theme, frame, area),
    }
}

fn detail(panes: &Panes, d: &Detail, theme: &Theme, frame: &mut Frame, area: Rect) {
    if panes.zoomed {
        return pane(panes, d, panes.focus, theme, frame, area);
    }
    if area.width >= WIDE.0 && area.height >= WIDE.1 {
        // The instances' table takes what it needs, up to half the screen; the rest goes on top.
        let wanted = d.panes[Pane::Instances.index()].len() as u16 + 2;
        let bottom_height = wanted.clamp(5, area.height / 2);
        let [top, bottom] = Layout::vertical([Constraint::Fill(1), Constraint::Length(bottom_height)]).areas(area);
        let [summary, providers, mix] =
            Layout::horizontal([Constraint::Percentage(30), Constraint::Percentage(30), Constraint::Fill(1)])
                .areas(top);
        pane(panes, d, Pane::Summary, theme, frame, summary);
        pane(panes, d, Pane::Providers, theme, frame, providers);
        pane(panes, d, Pane::Mix, theme, frame, mix);
        pane(panes, d, Pane::Instances, theme, frame, bottom);
        return;
    }
    let [tabs_area, rest] = Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]).areas(area);
    frame.render_widget(Paragraph::new(tabs(panes, d, theme)), tabs_area);
    pane(panes, d, panes.focus, theme, frame, rest);
}

/// `1 summary  2 providers 2  3 instances 5 ✖1 ▲1  4 mix Spot 60%`, the focused one lit.
fn tabs(panes: &Panes, d: &Detail, theme: &Theme) -> Line<'static> {
    let mut spans = Vec::new();
    for p in Pane::ALL {
        let short = match p {
            Pane::Summary => "summary",
            Pane::Providers => "providers",
            Pane::Instances => "instances",
            Pane::Mix => "mix",
        };
        let note = match p {
            Pane::Instances => {
                let lost = d.instances.iter().filter(|r| r.disconnected).count();
                let draining = d.instances.iter().filter(|r| r.draining).count();
                let mut n = if d.instances.is_empty() { String::new() } else { format!(" {}", d.instances.len()) };
                if lost > 0 {
                    n.push_str(&format!(" ✖{lost}"));
                }
                if draining > 0 {
                    n.push_str(&format!(" ▲{draining}"));
                }
                n
            }
            _ if d.notes[p.index()].is_empty() => String::new(),
            _ => format!(" {}", d.notes[p.index()]),
        };
        let style = if p == panes.focus {
            theme.title.add_modifier(Modifier::REVERSED)
        } else {
            // A muted note reads as plain text in the tab line; a warning stays a warning.
            let t = d.tones[p.index()];
            tone(theme, if t == Tone::Muted { Tone::Normal } else { t })
        };
        spans.push(Span::styled(format!(" {} {short}{note} ", p.number()), style));
        spans.push(Span::raw(" "));
    }
    Line::from(spans)
}

fn pane(panes: &Panes, d: &Detail, p: Pane, theme: &Theme, frame: &mut Frame, area: Rect) {
    let focused = p == panes.focus;
    let border = if focused { theme.accent } else { theme.border };
    let mut title = vec![Span::styled(format!(" {} {} ", p.number(), p.name()), theme.title)];
    let note = &d.notes[p.index()];
    if !note.is_empty() {
        title.push(Span::styled(format!("{note} "), tone(theme, d.tones[p.index()])));
    }
    let entries = &d.panes[p.index()];
    let offset = panes.offset(p).min(entries.len().saturating_sub(1));
    let inner_width = area.width.saturating_sub(2) as usize;
    let height = area.height.saturating_sub(2) as usize;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut shown = 0;
    for e in &entries[offset..] {
        if lines.len() >= height {
            break;
        }
        lines.extend(entry(e, d, theme, inner_width));
        shown += 1;
    }
    let below = entries.len() - offset - shown;
    let mut block = Block::default().borders(Borders::ALL).border_style(border).title(Line::from(title));
    let mut more = Vec::new();
    if offset > 0 {
        more.push(format!("↑ {offset} above"));
    }
    if below > 0 || lines.len() > height {
        more.push(if below > 0 { format!("↓ {below} more") } else { "↓ more".into() });
    }
    if !more.is_empty() {
        let hint = if focused { "" } else { " (focus to scroll)" };
        block = block.title_bottom(Line::styled(format!(" {}{hint} ", more.join(" · ")), theme.accent));
    }
    lines.truncate(height);
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn entry(e: &Entry, d: &Detail, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    match e {
        Entry::Blank => vec![Line::raw("")],
        Entry::Heading { text, tone: t } => {
            vec![Line::styled(format!(" {text}"), tone(theme, *t).add_modifier(Modifier::BOLD))]
        }
        Entry::Note { text, tone: t } => wrap(text, width.saturating_sub(2))
            .into_iter()
            .map(|l| Line::styled(format!(" {l}"), tone(theme, *t)))
            .collect(),
        Entry::Fact { label, value, tone: t } => {
            let label_width = LABEL.min(width / 3);
            wrap(value, width.saturating_sub(label_width + 2))
                .into_iter()
                .enumerate()
                .map(|(i, part)| {
                    let left = if i == 0 { label.as_str() } else { "" };
                    Line::from(vec![
                        Span::styled(format!(" {left:<label_width$} "), theme.muted),
                        Span::styled(part, tone(theme, *t)),
                    ])
                })
                .collect()
        }
        Entry::InstanceHeader => vec![instance_line(None, &d.instances, theme, width)],
        Entry::Instance(i) => {
            d.instances.get(*i).map(|r| vec![instance_line(Some(r), &d.instances, theme, width)]).unwrap_or_default()
        }
        Entry::MixRow(i) => mix_row(d, *i, theme, width),
    }
}

/// The instances' columns, most telling first: the table keeps those that fit, in this order
/// (a narrow screen loses the instance type, zone and agent version first).
const COLUMNS: [&str; 12] =
    ["", "INSTANCE", "STATUS", "AGENT", "RUN", "PEND", "CPU/FREE", "MiB/FREE", "PROVIDER", "TYPE", "ZONE", "VERSION"];

fn cell(r: &InstanceRow, column: usize) -> String {
    match column {
        0 => r.mark.clone(),
        1 => r.id.clone(),
        2 => r.status.clone(),
        3 => r.agent.clone(),
        4 => r.running.to_string(),
        5 => r.pending.to_string(),
        6 => r.cpu.clone(),
        7 => r.memory.clone(),
        8 => r.provider.clone(),
        9 => r.instance_type.clone(),
        10 => r.zone.clone(),
        _ => r.version.clone(),
    }
}

/// Widths of the columns that fit in `width` (0 for a column left out).
fn widths(rows: &[InstanceRow], width: usize) -> [usize; 12] {
    let mut out = [0; 12];
    let mut used = 1;
    for (c, title) in COLUMNS.iter().enumerate() {
        let w = rows.iter().map(|r| cell(r, c).width()).chain([title.width()]).max().unwrap_or(0).max(1);
        if used + w + 1 > width {
            continue;
        }
        used += w + 1;
        out[c] = w;
    }
    out
}

fn instance_line(row: Option<&InstanceRow>, rows: &[InstanceRow], theme: &Theme, width: usize) -> Line<'static> {
    let widths = widths(rows, width);
    let mut spans = vec![Span::raw(" ")];
    for (c, w) in widths.iter().enumerate().filter(|(_, w)| **w > 0) {
        let (text, style) = match row {
            None => (COLUMNS[c].to_string(), theme.header),
            Some(r) => {
                let style = match c {
                    0 | 2 | 3 => tone(theme, r.tone),
                    _ => theme.text,
                };
                (cell(r, c), style)
            }
        };
        let pad = w.saturating_sub(text.width());
        spans.push(Span::styled(format!("{text}{} ", " ".repeat(pad)), style));
    }
    Line::from(spans)
}

/// Per provider: its numbers in words (wrapped, never cut), then the expected bar and the
/// actual one (running, then pending in a lighter block), every row on one scale.
fn mix_row(d: &Detail, i: usize, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let Some(mix) = &d.mix else { return vec![] };
    let Some(row) = mix.rows.get(i) else { return vec![] };
    let bar_width = width.saturating_sub(13).clamp(4, 60) as u16;
    let Some(bar) = mix.bars(bar_width).into_iter().nth(i) else { return vec![] };
    let expected = match row.expected {
        Some(e) => format!("{e} expected"),
        None => "nothing expected".into(),
    };
    let spot = if row.spot { " (Spot)" } else { "" };
    let mut words = format!("{}{spot}: {expected} · {} running · {} pending", row.name, row.running, row.pending);
    if row.in_strategy {
        words.push_str(&format!(" · base {}, weight {}", row.base, row.weight));
    }
    let name_style = if row.spot { theme.warn } else { theme.text };
    let mut lines: Vec<Line<'static>> =
        wrap(&words, width.saturating_sub(2)).into_iter().map(|l| Line::styled(format!(" {l}"), name_style)).collect();
    lines.push(Line::from(vec![
        Span::styled("   expected ", theme.muted),
        Span::styled("█".repeat(bar.expected as usize), theme.muted),
    ]));
    lines.push(Line::from(vec![
        Span::styled("   actual   ", theme.muted),
        Span::styled("█".repeat(bar.running as usize), theme.ok),
        Span::styled("▒".repeat(bar.pending as usize), theme.warn),
    ]));
    lines
}
