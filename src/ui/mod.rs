//! Drawing. `render` reads the state and draws a frame; it changes nothing.
mod describe;
mod footer;
mod header;
mod help;
mod layout;
mod message;
mod table;

use crate::config::Theme;
use crate::state::{State, ViewKind};
use crate::table::Tone;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::widgets::Block;

pub use layout::column_widths;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame) {
    let area = frame.area();
    if let Some(bg) = theme.background {
        frame.render_widget(Block::default().style(Style::default().bg(bg)), area);
    }
    let banner = message::banner(state);
    let [head, title, body, banner_area, foot] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(u16::from(banner.is_some())),
        Constraint::Length(1),
    ])
    .areas(area);
    // Rows are built, filtered and sorted once per frame and shared by the title and the body.
    let table = crate::state::nav_table(state);
    let shown = table.as_ref().map(|t| (t, t.visible(&state.view().filter, state.view().sort)));
    let shown = shown.as_ref().map(|(t, v)| (*t, v.as_slice()));
    header::render(state, theme, frame, head);
    header::render_title(state, theme, frame, title, shown);
    if let Some(b) = banner {
        message::render_banner(&b, theme, frame, banner_area);
    }
    if let Some(err) = &state.setup_error {
        message::render_problem(err, theme, frame, body);
    } else {
        match &state.view().kind {
            ViewKind::Describe { .. } => describe::render(state, theme, frame, body),
            _ => table::render(state, theme, frame, body, shown),
        }
    }
    footer::render(state, theme, frame, foot);
    if let crate::state::Mode::Help { scroll } = state.mode {
        help::render(state, theme, frame, area, scroll);
    }
}

/// A tone's style in this theme.
pub fn tone(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Normal => theme.text,
        Tone::Muted => theme.muted,
        Tone::Accent => theme.accent,
        Tone::Ok => theme.ok,
        Tone::Warn => theme.warn,
        Tone::Error => theme.error,
    }
}

#[cfg(test)]
mod snapshots;
