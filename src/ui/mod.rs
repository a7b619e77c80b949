//! Drawing. `render` reads the state and draws a frame; it changes nothing.
mod cluster;
mod confirm;
mod describe;
mod footer;
mod header;
mod help;
mod layout;
mod logs;
mod message;
mod rollout;
mod scaling;
mod service;
mod service_health;
mod strategy;
mod table;
mod targets;

use crate::config::Theme;
use crate::state::{Layer, State};
use crate::table::Tone;
use crate::views::Body;
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
        Constraint::Length(banner.as_ref().map_or(0, |b| message::banner_height(b, area.width))),
        Constraint::Length(footer::height(state, area.width)),
    ])
    .areas(area);
    // Rows were derived when their data, filter or sort changed: a frame only reads them.
    header::render(state, theme, frame, head);
    header::render_title(state, theme, frame, title);
    if let Some(b) = banner {
        message::render_banner(&b, theme, frame, banner_area);
    }
    if let Some(err) = &state.setup_error {
        message::render_problem(err, theme, frame, body);
    } else {
        match state.view().screen().body() {
            Body::Text(text) => describe::render(state, text, theme, frame, body),
            Body::List(list) => table::render(state, list, theme, frame, body),
            Body::Strategy(editor) => strategy::render(state, editor, theme, frame, body),
            Body::Rollout(watch) => rollout::render(state, watch, theme, frame, body),
            Body::Service(panes) => service::render(state, panes, theme, frame, body),
            Body::Cluster(panes) => cluster::render(state, panes, theme, frame, body),
            Body::Logs(view) => logs::render(state, view, theme, frame, body),
        }
    }
    footer::render(state, theme, frame, foot);
    match state.layer() {
        Some(Layer::Help { scroll }) => help::render(state, theme, frame, area, *scroll),
        Some(Layer::Confirm(c)) => confirm::render(state, c, theme, frame, area),
        _ => {}
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
mod alarm_snapshots;
#[cfg(test)]
mod fit_snapshots;
#[cfg(test)]
mod logs_snapshots;
#[cfg(test)]
mod scaling_snapshots;
#[cfg(test)]
mod snapshots;
#[cfg(test)]
mod targets_snapshots;
#[cfg(test)]
mod triage_snapshots;
