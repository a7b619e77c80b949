//! The strategy editor's body: where the rows started from, the rows as a small table with the
//! focused field highlighted and each rule's message beside its row, what Enter would send, and
//! the expected placement before → after.
use super::rollout::wrap;
use crate::config::{Action, Context, Theme};
use crate::model::Strategy;
use crate::model::strategy_rules::{Field, Message, Severity};
use crate::state::State;
use crate::views::StrategyView;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

const BASE_W: usize = 9;
const WEIGHT_W: usize = 9;

pub fn render(state: &State, view: &StrategyView, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for l in wrap(&view.start_text(), width.saturating_sub(1)) {
        lines.push(Line::styled(format!(" {l}"), theme.muted));
    }
    lines.push(Line::raw(""));
    let focus = rows(view, theme, width, &mut lines);
    for l in wrap(&keys(state, view), width.saturating_sub(2)) {
        lines.push(Line::styled(format!(" {l}"), theme.muted));
    }
    lines.push(Line::raw(""));
    sent(view, theme, width, &mut lines);
    lines.push(Line::raw(""));
    preview(view, theme, width, &mut lines);
    let height = area.height as usize;
    if lines.len() <= height {
        view.drawn_at(0, height, 0);
        frame.render_widget(Paragraph::new(lines).style(theme.text), area);
        return;
    }
    // Taller than the screen: a window over the lines, and a last line that says what is
    // above and below and how to get there.
    let visible = height.saturating_sub(1).max(1);
    let offset = window(view.scroll, view.drawn_offset(), focus, lines.len(), visible);
    view.drawn_at(offset, visible, lines.len().saturating_sub(visible));
    let below = lines.len() - (offset + visible).min(lines.len());
    let mut shown: Vec<Line> = lines.into_iter().skip(offset).take(visible).collect();
    shown.push(more(state, offset, below, theme));
    frame.render_widget(Paragraph::new(shown).style(theme.text), area);
}

/// The first line to show of `total`, `visible` at a time: where PgUp/PgDn asked (`scroll`), or
/// else the last one drawn moved just enough to show the focused row's lines.
fn window(scroll: Option<usize>, drawn: usize, focus: (usize, usize), total: usize, visible: usize) -> usize {
    let last = total.saturating_sub(visible);
    match scroll {
        Some(n) => n.min(last),
        None => {
            let (start, end) = focus;
            let at = drawn.min(last);
            if start < at {
                start
            } else if end > at + visible {
                // A row taller than the screen shows its start.
                (end - visible).min(start)
            } else {
                at
            }
        }
    }
}

/// `↑ 3 lines above · ↓ 12 more below · pgup/pgdn scroll`.
fn more(state: &State, above: usize, below: usize, theme: &Theme) -> Line<'static> {
    let key =
        |a: Action| state.keymap.keys(Context::Strategy, a).into_iter().next().unwrap_or_else(|| "(unbound)".into());
    let mut parts = Vec::new();
    if above > 0 {
        parts.push(format!("↑ {above} lines above"));
    }
    if below > 0 {
        parts.push(format!("↓ {below} more below"));
    }
    parts.push(format!("{}/{} scroll", key(Action::PageUp), key(Action::PageDown)));
    Line::styled(format!(" {}", parts.join(" · ")), theme.accent)
}

/// How to edit, with the keys of the live keymap.
fn keys(state: &State, view: &StrategyView) -> String {
    let key = |a: Action| {
        let ctx = if a == Action::Back { Context::Global } else { Context::Strategy };
        state.keymap.keys(ctx, a).into_iter().next().unwrap_or_else(|| "(unbound)".into())
    };
    let mut presets = vec![
        format!("{} on-demand", key(Action::PresetOnDemand)),
        format!("{} 1 on-demand then 80/20 Spot", key(Action::PresetSpotMix)),
        format!("{} Spot", key(Action::PresetSpot)),
    ];
    if view.service.is_some() {
        presets.push(format!("{} = cluster default", key(Action::PresetClusterDefault)));
    }
    format!(
        "↑↓ rows · {} / {} next / previous field · digits type into base and weight · {} {} step · on the provider column: {} · {} leaves, changing nothing",
        key(Action::NextField),
        key(Action::PrevField),
        key(Action::Increase),
        key(Action::Decrease),
        presets.join(", "),
        key(Action::Back)
    )
}

fn provider_width(view: &StrategyView) -> usize {
    view.rows.iter().map(|r| r.provider.width()).chain([8]).max().unwrap_or(8) + 2
}

/// The rows, and the lines the focused one takes (from, to: its first and past its last).
fn rows(view: &StrategyView, theme: &Theme, width: usize, lines: &mut Vec<Line<'static>>) -> (usize, usize) {
    let mut focus = (lines.len(), lines.len() + 1);
    let verdict = view.verdict();
    let pw = provider_width(view);
    let left = 2 + pw + BASE_W + WEIGHT_W;
    let room = width.saturating_sub(left + 1).max(20);
    lines.push(Line::styled(
        format!("  {:<pw$}{:<BASE_W$}{:<WEIGHT_W$}{}", "PROVIDER", "BASE", "WEIGHT", "CHECKS"),
        theme.header,
    ));
    if view.rows.is_empty() {
        lines.push(Line::styled("  (no providers)".to_string(), theme.muted));
    }
    for (i, item) in view.rows.iter().enumerate() {
        let focused = i == view.row;
        let cell = |field: Field, w: usize| {
            let mut text = view.shown(i, field);
            let typing = focused && field == view.field && view.typed.is_some();
            if typing {
                text.push('▏');
            }
            let style = if focused && field == view.field { theme.selection } else { theme.text };
            // The highlight covers the value, not the padding, so the field reads as one box.
            let pad = " ".repeat(w.saturating_sub(text.width()));
            vec![Span::styled(text, style), Span::raw(pad)]
        };
        let messages = &verdict.rows[i];
        let mut texts: Vec<(String, Style)> = Vec::new();
        for m in messages {
            for (n, part) in wrap(&m.text, room.saturating_sub(2)).into_iter().enumerate() {
                let mark = if n == 0 { mark(m) } else { "  " };
                texts.push((format!("{mark}{part}"), style(m, theme)));
            }
        }
        if messages.is_empty() && !item.provider.is_empty() {
            texts.push(("✓".into(), theme.ok));
        }
        let start = lines.len();
        let mut first = vec![Span::styled(if focused { "▸ " } else { "  " }, theme.accent)];
        first.extend(cell(Field::Provider, pw));
        first.extend(cell(Field::Base, BASE_W));
        first.extend(cell(Field::Weight, WEIGHT_W));
        let mut texts = texts.into_iter();
        if let Some((t, s)) = texts.next() {
            first.push(Span::styled(t, s));
        }
        lines.push(Line::from(first));
        for (t, s) in texts {
            lines.push(Line::from(vec![Span::raw(" ".repeat(left)), Span::styled(t, s)]));
        }
        if focused {
            focus = (start, lines.len());
        }
    }
    for m in &verdict.whole {
        for (n, part) in wrap(&m.text, width.saturating_sub(4)).into_iter().enumerate() {
            let mark = if n == 0 { mark(m) } else { "  " };
            lines.push(Line::styled(format!("  {mark}{part}"), style(m, theme)));
        }
    }
    focus
}

fn mark(m: &Message) -> &'static str {
    if m.severity == Severity::Error { "✖ " } else { "• " }
}

fn style(m: &Message, theme: &Theme) -> Style {
    if m.severity == Severity::Error { theme.error } else { theme.muted }
}

/// What Enter would send besides the strategy: force for a service, the provider list for a
/// cluster (PutClusterCapacityProviders replaces it whole).
fn sent(view: &StrategyView, theme: &Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    let text = match &view.scope.service {
        Some(s) => {
            let force = view.force || view.force_required();
            let why = match &s.launch_type {
                Some(lt) if view.force_required() => {
                    format!("required: ECS needs a new deployment to move {} off launch type {lt}", s.name)
                }
                _ if force => "the running tasks are replaced onto the new mix; f turns it off".into(),
                _ => "f turns it on; tasks move to the new strategy at the next deployment".into(),
            };
            format!("force new deployment: {} ({why})", if force { "on" } else { "off" })
        }
        None => {
            let providers = view.providers();
            let added: Vec<&String> = providers.iter().filter(|p| !view.scope.associated.contains(p)).collect();
            let mut t = format!("providers sent (the whole list is replaced): {}", providers.join(" "));
            if !added.is_empty() {
                t.push_str(&format!(
                    " — {} newly associated",
                    added.iter().map(|s| s.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            t
        }
    };
    for l in wrap(&text, width.saturating_sub(2)) {
        lines.push(Line::styled(format!(" {l}"), theme.text));
    }
}

fn preview(view: &StrategyView, theme: &Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    let after = view.strategy();
    let Some(s) = &view.scope.service else {
        lines.push(Line::styled(format!(" default: {} → {}", view.scope.default.short(), after.short()), theme.accent));
        let follow = match &view.followers {
            Some((names, total)) if names.is_empty() => {
                format!(
                    "none of the {total} loaded services of the cluster follows the default (each has its own strategy or a launch type)"
                )
            }
            Some((names, total)) => format!(
                "{} of the {total} loaded services follow the default (no strategy of their own, no launch type): {} — they take the new one at their next deployment",
                names.len(),
                names.join(", ")
            ),
            None => "the cluster's services are not loaded yet: how many follow the default is not known".into(),
        };
        for l in wrap(&follow, width.saturating_sub(2)) {
            lines.push(Line::styled(format!(" {l}"), theme.text));
        }
        return;
    };
    lines.push(Line::styled(format!(" expected at {} desired task(s), before → after", s.desired), theme.accent));
    rule_line(theme, width, lines);
    let before: &Strategy = view.scope.before();
    let n = s.desired.max(0) as u32;
    let was = before.expected_split(n);
    let will = if view.verdict().ok() { after.expected_split(n) } else { vec![] };
    let mut names: Vec<String> = was.iter().map(|(p, _)| p.clone()).collect();
    for (p, _) in &will {
        if !names.contains(p) {
            names.push(p.clone());
        }
    }
    if let (Some(lt), true) = (&s.launch_type, before.is_empty()) {
        names.insert(0, format!("launch type {lt}"));
    }
    let pw = names.iter().map(|p| p.width()).chain([12]).max().unwrap_or(12) + 2;
    let get = |list: &[(String, u32)], p: &str| list.iter().find(|(q, _)| q == p).map(|(_, c)| *c);
    for p in names {
        let b = match get(&was, &p) {
            Some(c) => c.to_string(),
            None if p.starts_with("launch type") => n.to_string(),
            None => "0".into(),
        };
        let a = if will.is_empty() && !after.is_empty() {
            "?".to_string()
        } else {
            get(&will, &p).unwrap_or(0).to_string()
        };
        lines.push(Line::from(vec![
            Span::styled(format!("   {p:<pw$}"), theme.text),
            Span::styled(format!("{b:>4} → {a}"), theme.text),
        ]));
    }
    if !after.is_empty() && will.is_empty() {
        lines
            .push(Line::styled("   ? : the new split is shown once the strategy passes the checks above", theme.muted));
    }
}

fn rule_line(theme: &Theme, width: usize, lines: &mut Vec<Line<'static>>) {
    let rule =
        "expected, not promised — bosun's rule: base first, then the rest by weight, each within its exact share";
    for l in wrap(rule, width.saturating_sub(2)) {
        lines.push(Line::styled(format!(" {l}"), theme.muted));
    }
}
