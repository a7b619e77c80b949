//! The confirm dialog: where (account, profile, region), what (the target ARN), the exact call
//! as the AWS CLI would print it, what it will do, and how to send or cancel it.
use crate::config::Theme;
use crate::state::{Confirm, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// The dialog's lines (also what tests read).
pub fn lines<'a>(state: &State, c: &'a Confirm, theme: &Theme) -> Vec<Line<'a>> {
    let t = &state.target;
    let account = match (&t.account, &t.alias) {
        (Some(a), Some(alias)) => format!("{a} ({alias})"),
        (Some(a), None) => a.clone(),
        (None, _) => "unknown (not yet known)".into(),
    };
    let profile = if t.demo { "demo".to_string() } else { t.profile.clone().unwrap_or_else(|| "default".into()) };
    let mut out = vec![
        Line::from(vec![
            Span::styled("account ", theme.muted),
            Span::styled(account, theme.accent),
            Span::styled("  profile ", theme.muted),
            Span::styled(profile, theme.accent),
            Span::styled("  region ", theme.muted),
            Span::styled(t.region.clone().unwrap_or_else(|| "-".into()), theme.accent),
        ]),
        Line::from(vec![
            Span::styled("target  ", theme.muted),
            Span::styled(c.mutation.target().to_string(), theme.text),
        ]),
        Line::raw(""),
    ];
    let cli = c.mutation.call().cli();
    let last = cli.len().saturating_sub(1);
    for (i, part) in cli.into_iter().enumerate() {
        let indent = if i == 0 { "" } else { "    " };
        let cont = if i < last { " \\" } else { "" };
        out.push(Line::styled(format!("{indent}{part}{cont}"), theme.title));
    }
    out.push(Line::raw(""));
    let label_width = c.facts.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    for (label, value) in &c.facts {
        out.push(Line::from(vec![
            Span::styled(format!("{label:<label_width$}  "), theme.muted),
            Span::styled(value.clone(), theme.text),
        ]));
    }
    for note in &c.notes {
        out.push(Line::styled(format!("! {note}"), theme.warn));
    }
    out.push(Line::raw(""));
    if let Some(p) = &c.protect {
        out.push(Line::from(vec![
            Span::styled(format!("{} {} is protected — type its name to confirm: ", p.what, p.name), theme.warn),
            Span::styled(format!("{}▏", c.typed), theme.accent),
        ]));
    }
    if let Some(r) = &c.refusal {
        out.push(Line::styled(r.clone(), theme.error));
    }
    let enter = if c.protect.is_some() { "Enter sends it once the name is typed" } else { "Enter sends it" };
    out.push(Line::styled(format!("{enter} · Esc cancels (nothing is sent)"), theme.muted));
    out
}

pub fn render(state: &State, c: &Confirm, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(2).min(110);
    let paragraph = Paragraph::new(lines(state, c, theme)).wrap(Wrap { trim: false }).style(theme.text);
    let needed = paragraph.line_count(width.saturating_sub(4)) as u16 + 2;
    let height = needed.min(area.height);
    let [_, mid, _] =
        Layout::horizontal([Constraint::Fill(1), Constraint::Length(width), Constraint::Fill(1)]).areas(area);
    let [_, boxed, _] =
        Layout::vertical([Constraint::Fill(1), Constraint::Length(height), Constraint::Fill(1)]).areas(mid);
    frame.render_widget(Clear, boxed);
    let title = format!(" confirm: {} ", c.mutation.title());
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warn)
        .padding(ratatui::widgets::Padding::horizontal(1))
        .title(Span::styled(title, theme.title));
    frame.render_widget(paragraph.block(block), boxed);
}
