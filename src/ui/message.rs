//! What the body shows when there is no table to show (loading, empty, setup problems), and the
//! banner for a failed refresh or partial failures over data that stays on screen.
use crate::api::ApiError;
use crate::config::Theme;
use crate::model::{age, short_id};
use crate::state::State;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub struct Banner {
    pub error: bool,
    pub text: String,
}

/// A banner when data is on screen but the last refresh failed, or AWS reported failures.
pub fn banner(state: &State) -> Option<Banner> {
    if state.setup_error.is_some() {
        return None;
    }
    let crate::state::Status { error, failures, loaded_at, has_value, .. } = state.view().status(&state.data);
    if let (Some(e), true) = (error, has_value) {
        let since = loaded_at.map(|t| format!(" — showing data from {} ago", age(t, state.now))).unwrap_or_default();
        return Some(Banner { error: true, text: format!("refresh failed: {e}{since}") });
    }
    if !failures.is_empty() {
        let list: Vec<String> = failures
            .iter()
            .take(3)
            .map(|f| {
                format!(
                    "{} {}{}",
                    short_id(&f.arn),
                    f.reason,
                    f.detail.as_ref().map(|d| format!(" ({d})")).unwrap_or_default()
                )
            })
            .collect();
        let more = if failures.len() > 3 { format!(" and {} more", failures.len() - 3) } else { String::new() };
        return Some(Banner {
            error: false,
            text: format!("AWS reported {} failure(s): {}{more}", failures.len(), list.join(", ")),
        });
    }
    None
}

/// Lines the banner needs at `width` (it wraps rather than cutting its words).
pub fn banner_height(b: &Banner, width: u16) -> u16 {
    let w = (width as usize).max(1);
    (unicode_width::UnicodeWidthStr::width(b.text.as_str()) + 3).div_ceil(w).clamp(1, 3) as u16
}

pub fn render_banner(b: &Banner, theme: &Theme, frame: &mut Frame, area: Rect) {
    let style = if b.error { theme.error } else { theme.warn };
    let p = Paragraph::new(Line::from(Span::styled(format!(" ⚠ {}", b.text), style))).wrap(Wrap { trim: false });
    frame.render_widget(p, area);
}

/// No data yet: loading, or the load failed before anything arrived.
pub fn render_placeholder(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    match state.view().status(&state.data).error {
        Some(e) => render_problem(e, theme, frame, area),
        None if !state.connected => centered(frame, area, vec![Line::styled("connecting to AWS…", theme.muted)]),
        None => centered(frame, area, vec![Line::styled("loading…", theme.muted)]),
    }
}

pub fn render_empty(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, filtered: bool) {
    let filter = state.view().list().map(|l| l.filter.as_str()).unwrap_or_default();
    let text = if filtered {
        format!("nothing matches /{filter} — esc clears the filter")
    } else {
        state.view().screen().empty_text()
    };
    centered(frame, area, vec![Line::styled(text, theme.muted)]);
}

/// A problem explained in full: what is wrong, AWS's words, and what to do.
pub fn render_problem(e: &ApiError, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut lines = vec![Line::styled(e.title().to_string(), theme.error), Line::raw("")];
    lines.push(Line::styled(e.message.clone(), theme.text));
    if let Some(code) = &e.code {
        lines.push(Line::styled(format!("({code})"), theme.muted));
    }
    if let Some(h) = &e.hint {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![Span::styled("what to do: ", theme.accent), Span::styled(h.clone(), theme.text)]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("ctrl-r retries · :profile NAME · :region NAME · q quits", theme.muted));
    let width = area.width.clamp(20, 90);
    let [_, mid, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(width), Constraint::Fill(1)]).areas(area);
    let [_, boxed, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(lines.len() as u16 + 4), Constraint::Fill(1)])
            .areas(mid);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.error)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Span::styled(" problem ", theme.error));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }).block(block), boxed);
}

fn centered(frame: &mut Frame, area: Rect, lines: Vec<Line>) {
    let [_, mid, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(lines.len() as u16), Constraint::Fill(1)])
            .areas(area);
    frame.render_widget(Paragraph::new(lines).centered(), mid);
}
