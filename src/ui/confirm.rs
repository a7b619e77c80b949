//! The confirm dialog: where (account, profile, region), what (the target ARN), the exact call
//! as the AWS CLI would print it, what it will do, and how to send or cancel it.
use crate::config::Theme;
use crate::state::{Confirm, State};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

/// Left margin of a CLI part after the first, and again of a part's wrapped continuation.
const CLI_INDENT: &str = "    ";

/// The dialog's lines for an inside `width` columns wide (also what tests read).
pub fn lines<'a>(state: &State, c: &'a Confirm, theme: &Theme, width: usize) -> Vec<Line<'a>> {
    let t = &state.target;
    let account = match (&t.account, &t.alias) {
        (Some(a), Some(alias)) => format!("{a} ({alias})"),
        (Some(a), None) => a.clone(),
        (None, _) => "unknown (not yet known)".into(),
    };
    let profile = if t.demo { "demo".to_string() } else { t.profile.clone().unwrap_or_else(|| "default".into()) };
    let mut out = vec![Line::from(vec![
        Span::styled("account ", theme.muted),
        Span::styled(account, theme.accent),
        Span::styled("  profile ", theme.muted),
        Span::styled(profile, theme.accent),
        Span::styled("  region ", theme.muted),
        Span::styled(t.region.clone().unwrap_or_else(|| "-".into()), theme.accent),
    ])];
    // The target wraps under itself, past its label.
    const LABEL: &str = "target  ";
    let target = super::rollout::wrap(c.mutation.target(), width.saturating_sub(LABEL.len()));
    for (i, part) in target.into_iter().enumerate() {
        let label = if i == 0 { LABEL.to_string() } else { " ".repeat(LABEL.len()) };
        out.push(Line::from(vec![Span::styled(label, theme.muted), Span::styled(part, theme.text)]));
    }
    out.push(Line::raw(""));
    let cli = c.mutation.call().cli();
    let last = cli.len().saturating_sub(1);
    for (i, part) in cli.into_iter().enumerate() {
        let indent = if i == 0 { "" } else { CLI_INDENT };
        let cont = if i < last { " \\" } else { "" };
        out.extend(cli_part(&format!("{part}{cont}"), indent, width).into_iter().map(|l| Line::styled(l, theme.title)));
    }
    out.push(Line::raw(""));
    let label_width = c.facts.iter().map(|(l, _)| l.chars().count()).max().unwrap_or(0);
    // Facts and notes wrap under their text, past the label or the mark.
    for (label, value) in &c.facts {
        for (i, part) in super::rollout::wrap(value, width.saturating_sub(label_width + 2)).into_iter().enumerate() {
            let label = if i == 0 { label.as_str() } else { "" };
            out.push(Line::from(vec![
                Span::styled(format!("{label:<label_width$}  "), theme.muted),
                Span::styled(part, theme.text),
            ]));
        }
    }
    for note in &c.notes {
        for (i, part) in super::rollout::wrap(note, width.saturating_sub(2)).into_iter().enumerate() {
            out.push(Line::styled(format!("{}{part}", if i == 0 { "! " } else { "  " }), theme.warn));
        }
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

/// One part of the CLI call at `indent`, wrapped to `width`: a part longer than the line (a long
/// ARN) goes on under itself, one indent further in, so it never reads as the next option and
/// nothing of it is cut.
fn cli_part(part: &str, indent: &str, width: usize) -> Vec<String> {
    let wrap = super::rollout::wrap;
    let head = wrap(part, width.saturating_sub(indent.len())).swap_remove(0);
    // The rest as it stands in the part (a word split mid-way gains no space).
    let rest = &part[head.len()..];
    let rest = rest.strip_prefix(' ').unwrap_or(rest);
    let mut lines = vec![format!("{indent}{head}")];
    if !rest.is_empty() {
        let more = format!("{indent}{CLI_INDENT}");
        lines.extend(wrap(rest, width.saturating_sub(more.len())).into_iter().map(|l| format!("{more}{l}")));
    }
    lines
}

pub fn render(state: &State, c: &Confirm, theme: &Theme, frame: &mut Frame, area: Rect) {
    let width = area.width.saturating_sub(2).min(110);
    // Inside the borders and the padding.
    let inner = width.saturating_sub(4);
    let paragraph = Paragraph::new(lines(state, c, theme, inner as usize)).wrap(Wrap { trim: false }).style(theme.text);
    let needed = paragraph.line_count(inner) as u16 + 2;
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
