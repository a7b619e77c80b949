//! The bottom line: the filter, search or command being typed, a flash message, a config
//! warning, or the keys that work in this view.
use crate::config::{Action, Theme};
use crate::state::{Ask, Layer, Level, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Most lines a message may take: an error's reason is read in full, not cut at the edge.
const MAX_FLASH_LINES: u16 = 4;

/// Rows the bottom line needs: one, or more for a long message (a refused change's reason).
pub fn height(state: &State, width: u16) -> u16 {
    match (state.layer(), &state.flash) {
        (None | Some(Layer::Help { .. }) | Some(Layer::Confirm(_)), Some(f)) => {
            let text = format!(" {}", f.text);
            (Paragraph::new(text).wrap(Wrap { trim: false }).line_count(width) as u16).clamp(1, MAX_FLASH_LINES)
        }
        _ => 1,
    }
}

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    match state.layer() {
        Some(Layer::Filter { input }) => input_line(frame, area, theme, "/", input, ""),
        Some(Layer::Search { input }) => input_line(frame, area, theme, "search /", input, ""),
        Some(Layer::Command { input, hint }) => {
            let hint = if hint.is_empty() { String::new() } else { format!("   {}", hint.join("  ")) };
            input_line(frame, area, theme, ":", input, &hint)
        }
        Some(Layer::Prompt(p)) => {
            let (prompt, context) = prompt_words(state, &p.ask);
            let hint = match &p.problem {
                Some(problem) => format!("   {problem}"),
                None => format!("   {context}"),
            };
            input_line(frame, area, theme, &prompt, &p.input, &hint)
        }
        _ => {
            if let Some(f) = &state.flash {
                let style = match f.level {
                    Level::Info => theme.ok,
                    Level::Warn => theme.warn,
                    Level::Error => theme.error,
                };
                let text = Paragraph::new(Span::styled(format!(" {}", f.text), style)).wrap(Wrap { trim: false });
                frame.render_widget(text, area);
            } else if let Some(w) = state.warnings.first() {
                let more = if state.warnings.len() > 1 {
                    format!(" (+{} more in the log)", state.warnings.len() - 1)
                } else {
                    String::new()
                };
                frame.render_widget(Paragraph::new(Span::styled(format!(" config: {w}{more}"), theme.warn)), area);
            } else {
                frame.render_widget(Paragraph::new(hints(state, theme, area.width)), area);
            }
        }
    }
}

/// A prompt's question and what to know while answering it.
fn prompt_words(state: &State, ask: &Ask) -> (String, String) {
    match ask {
        Ask::Scale { service, current, cluster } => {
            let name = crate::model::arn_name(service);
            let mut context = format!("now {current} · Enter asks to confirm · Esc cancels");
            if let Some(note) = crate::update::plan::scaling_hint(&state.data, cluster, service) {
                context = format!("{note} · {context}");
            }
            (format!("scale {name} to: "), context)
        }
        Ask::StopReason { task, .. } => (
            format!("stop task {} — reason (optional): ", crate::model::short_id(task)),
            "ECS records it as the stopped reason · Enter asks to confirm · Esc cancels".into(),
        ),
    }
}

fn input_line(frame: &mut Frame, area: Rect, theme: &Theme, prompt: &str, input: &str, hint: &str) {
    // A line longer than the screen shows its end, where the cursor is.
    let room = (area.width as usize).saturating_sub(prompt.width() + 2);
    let input = if input.width() > room {
        let mut used = 0;
        let mut start = input.len();
        for (i, c) in input.char_indices().rev() {
            used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used >= room {
                break;
            }
            start = i;
        }
        format!("…{}", &input[start..])
    } else {
        input.to_string()
    };
    let input = input.as_str();
    let line = Line::from(vec![
        Span::styled(prompt.to_string(), theme.accent),
        Span::styled(input.to_string(), theme.text),
        Span::styled(hint.to_string(), theme.muted),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + (prompt.width() + input.width()) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// Actions never worth a hint (movement is known; help lists it).
const QUIET: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::SortReverse,
    Action::Refresh,
    Action::SearchNext,
    Action::SearchPrev,
    Action::Left,
    Action::Right,
    Action::PrevField,
    Action::PrevPane,
];

/// What an operator reaches for first, in this order, wherever the view has it; the view's other
/// actions follow in its own order.
const FIRST: &[Action] = &[
    Action::Open,
    Action::Propose,
    Action::DiffDeployment,
    Action::Logs,
    Action::Watch,
    Action::Rollback,
    Action::Deploy,
    Action::Scale,
    Action::Strategy,
    Action::StopTask,
    Action::ServiceTasks,
    Action::ClusterTasks,
    Action::ClusterServices,
    Action::Info,
    Action::TaskDefinition,
    Action::Diff,
    Action::Alarms,
    Action::Filter,
    Action::Describe,
    Action::NextPane,
    Action::Zoom,
];

/// The keys of the current view, from the live keymap, the most useful first (`FIRST`), as
/// many whole hints as fit; `q quit` and `? help` always end the line.
fn hints(state: &State, theme: &Theme, width: u16) -> Line<'static> {
    let ctx = state.view().screen().context();
    let key_of = |a: Action| state.keymap.keys(ctx, a).into_iter().next();
    let text = matches!(state.view().screen().body(), crate::views::Body::Text(_));
    let short = |a: Action| if a == Action::Filter && text { "search" } else { short(a) };
    let mut actions: Vec<Action> = state.view().actions().into_iter().filter(|a| !QUIET.contains(a)).collect();
    // A stable sort: the view's order stands among the equally ranked.
    actions.sort_by_key(|a| FIRST.iter().position(|f| f == a).unwrap_or(FIRST.len()));
    let wanted: Vec<(String, &'static str)> =
        actions.into_iter().filter_map(|a| key_of(a).map(|k| (k, short(a)))).collect();
    let must: Vec<(String, &'static str)> =
        [Action::Quit, Action::Help].into_iter().filter_map(|a| key_of(a).map(|k| (k, short(a)))).collect();
    let cost = |items: &[(String, &str)]| items.iter().map(|(k, w)| k.width() + w.width() + 3).sum::<usize>() + 1;
    let mut shown: Vec<(String, &'static str)> = Vec::new();
    let budget = (width as usize).saturating_sub(cost(&must));
    for item in wanted.iter().filter(|i| !must.contains(i)) {
        // One that does not fit gives way to a shorter one after it.
        if cost(&shown) + cost(std::slice::from_ref(item)) - 1 <= budget {
            shown.push(item.clone());
        }
    }
    shown.extend(must);
    let mut spans = vec![Span::raw(" ")];
    for (key, word) in shown {
        spans.push(Span::styled(key, theme.accent));
        spans.push(Span::styled(format!(" {word}  "), theme.muted));
    }
    Line::from(spans)
}

fn short(a: Action) -> &'static str {
    match a {
        Action::Open => "open",
        Action::ClusterTasks => "tasks",
        Action::ToggleStopped => "running/stopped",
        Action::ToggleFormat => "yaml/json",
        Action::ToggleWrap => "wrap",
        Action::Describe => "describe",
        Action::Filter => "filter",
        Action::SortNext => "sort",
        Action::Command => "command",
        Action::Back => "back",
        Action::Help => "help",
        Action::Quit => "quit",
        Action::Deploy => "redeploy",
        Action::StopTask => "stop",
        Action::EnableExec => "exec on",
        Action::Propose => "propose",
        Action::AddProvider => "add",
        Action::RemoveProvider => "remove",
        Action::NextField => "field",
        Action::Increase => "+1",
        Action::Decrease => "-1",
        Action::PresetOnDemand => "on-demand",
        Action::PresetSpotMix => "mix",
        Action::PresetSpot => "spot",
        Action::PresetClusterDefault => "=default",
        Action::ToggleForce => "force",
        Action::TaskDefinition => "taskdef",
        Action::HideValues => "mask all",
        Action::ServiceTasks => "tasks",
        Action::PaneSummary => "summary",
        Action::PaneDeployments => "deployments",
        Action::PaneEvents => "events",
        Action::Info => "detail",
        Action::ClusterServices => "services",
        Action::PaneProviders => "providers",
        Action::PaneInstances => "instances",
        Action::PaneMix => "mix",
        Action::NextPane => "next pane",
        Action::PaneAlarms => "alarms",
        Action::PaneMetrics => "metrics",
        Action::ToggleSparklines => "sparklines",
        Action::Logs => "logs",
        Action::NextError => "next error",
        Action::PrevError => "prev error",
        Action::ToggleNarrow => "hide/mark",
        Action::ToggleTimestamps => "time",
        Action::TogglePretty => "json",
        Action::JumpTail => "new only",
        Action::JumpHead => "from start",
        Action::Jump1m => "1m",
        Action::Jump5m => "5m",
        Action::Jump15m => "15m",
        Action::Jump30m => "30m",
        Action::Jump1h => "1h",
        Action::SaveLog => "save",
        Action::CopyLine => "copy",
        Action::DiffDeployment => "diff deployment",
        Action::PaneTargets => "targets",
        Action::PaneScaling => "auto scaling",
        _ => a.name(),
    }
}
