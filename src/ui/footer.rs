//! The bottom line: the filter or command being typed, a flash message, or key hints.
use crate::config::{Action, Theme};
use crate::state::{Level, Mode, State};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    match &state.mode {
        Mode::Filter { input } => input_line(frame, area, theme, "/", input, ""),
        Mode::Command { input, hint } => {
            let hint = if hint.is_empty() { String::new() } else { format!("   {}", hint.join("  ")) };
            input_line(frame, area, theme, ":", input, &hint)
        }
        _ => {
            if let Some(f) = &state.flash {
                let style = match f.level {
                    Level::Info => theme.ok,
                    Level::Warn => theme.warn,
                    Level::Error => theme.error,
                };
                frame.render_widget(Paragraph::new(Span::styled(format!(" {}", f.text), style)), area);
            } else if let Some(w) = state.warnings.first() {
                let more = if state.warnings.len() > 1 {
                    format!(" (+{} more in the log)", state.warnings.len() - 1)
                } else {
                    String::new()
                };
                frame.render_widget(Paragraph::new(Span::styled(format!(" config: {w}{more}"), theme.warn)), area);
            } else {
                frame.render_widget(Paragraph::new(hints(state, theme)), area);
            }
        }
    }
}

fn input_line(frame: &mut Frame, area: Rect, theme: &Theme, prompt: &str, input: &str, hint: &str) {
    let line = Line::from(vec![
        Span::styled(prompt.to_string(), theme.accent),
        Span::styled(input.to_string(), theme.text),
        Span::styled(hint.to_string(), theme.muted),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let x = area.x + (prompt.width() + input.width()) as u16;
    frame.set_cursor_position(Position::new(x.min(area.right().saturating_sub(1)), area.y));
}

/// The most useful keys of the current view, from the live keymap.
fn hints(state: &State, theme: &Theme) -> Line<'static> {
    let ctx = state.view().context();
    let mut wanted: Vec<Action> = match state.view().kind {
        crate::state::ViewKind::Clusters => vec![Action::Open, Action::ClusterTasks],
        crate::state::ViewKind::Tasks { .. } => vec![Action::Open, Action::ToggleStopped],
        crate::state::ViewKind::Describe { .. } => vec![Action::ToggleFormat],
        _ => vec![Action::Open],
    };
    wanted.extend([
        Action::Describe,
        Action::Filter,
        Action::SortNext,
        Action::Command,
        Action::Back,
        Action::Help,
        Action::Quit,
    ]);
    let mut spans = vec![Span::raw(" ")];
    for a in wanted {
        let Some(key) = state.keymap.keys(ctx, a).into_iter().next() else { continue };
        spans.push(Span::styled(key, theme.accent));
        spans.push(Span::styled(format!(" {}  ", short(a)), theme.muted));
    }
    Line::from(spans)
}

fn short(a: Action) -> &'static str {
    match a {
        Action::Open => "open",
        Action::ClusterTasks => "tasks",
        Action::ToggleStopped => "running/stopped",
        Action::ToggleFormat => "yaml/json",
        Action::Describe => "describe",
        Action::Filter => "filter",
        Action::SortNext => "sort",
        Action::Command => "command",
        Action::Back => "back",
        Action::Help => "help",
        Action::Quit => "quit",
        _ => a.name(),
    }
}
