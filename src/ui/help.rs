//! The `?` overlay: every binding of the current view and the global ones, from the live
//! keymap, then the `:` commands.
use crate::config::Theme;
use crate::state::State;
use crate::update::COMMANDS;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, scroll: u16) {
    let screen = state.view().screen();
    let ctx = screen.context();
    let mut lines: Vec<Line> = vec![Line::styled(format!("keys · {}", screen.title()), theme.title)];
    // Only what works in this view.
    let offered = state.view().actions();
    for (action, keys) in state.keymap.bindings(ctx).into_iter().filter(|(a, _)| offered.contains(a)) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>22}  ", keys.join(" ")), theme.accent),
            Span::styled(action.description().to_string(), theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled("commands (type : then Tab to complete)", theme.title));
    for (verb, aliases, arg, what) in COMMANDS {
        let alias = if aliases.is_empty() { String::new() } else { format!(" ({})", aliases.join(", ")) };
        lines.push(Line::from(vec![
            Span::styled(format!("{:>22}  ", format!(":{verb} {arg}").trim_end().to_string()), theme.accent),
            Span::styled(format!("{what}{alias}"), theme.text),
        ]));
    }
    lines.push(Line::raw(""));
    let how = match screen.body() {
        crate::views::Body::List(_) => "filter: / then type (fuzzy); enter keeps it, esc clears it",
        crate::views::Body::Text(_) => "search: / then type; n and N jump between matching lines, esc clears it",
        crate::views::Body::Strategy(_) => {
            "editing: digits typed on base or weight replace it (backspace edits); 1–4 are presets on the provider column; esc leaves without changing anything"
        }
        crate::views::Body::Rollout(_) => {
            "the failed tasks and events scroll with the up, down and page keys; leaving cancels nothing in AWS"
        }
        crate::views::Body::Service(_) => {
            "panes: a number or tab focuses one, up/down scroll it; in deployments (2) they pick one (▶), enter diffs it"
        }
        crate::views::Body::Cluster(_) => {
            "panes: 1–4 or tab focus one, the up, down and page keys scroll it, z shows it alone"
        }
        crate::views::Body::Logs(_) => {
            "filter: / then words (all must appear), -word excludes, \"a phrase\"; lower case matches any case; enter keeps it, esc clears it. :since 2h, :range 14:00 14:30"
        }
    };
    lines.push(Line::styled(how, theme.muted));
    let width = area.width.saturating_sub(4).min(100);
    let height = area.height.saturating_sub(2).min(lines.len() as u16 + 2);
    let [_, mid, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(width), Constraint::Fill(1)]).areas(area);
    let [_, boxed, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(height), Constraint::Fill(1)]).areas(mid);
    frame.render_widget(Clear, boxed);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.border)
        .title(Span::styled(" help — esc closes ", theme.title));
    let max_scroll = (lines.len() as u16).saturating_sub(height.saturating_sub(2));
    frame
        .render_widget(Paragraph::new(lines).block(block).style(theme.text).scroll((scroll.min(max_scroll), 0)), boxed);
}
