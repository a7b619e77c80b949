//! A text body (describe, task definitions, diffs): lines with keys and values coloured, or
//! each in its tone (diff lines, headings), wrapped at the screen edge or scrolled sideways,
//! search matches highlighted.
use crate::config::Theme;
use crate::state::State;
use crate::views::{TextState, Tone};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

pub fn render(state: &State, text: &TextState, theme: &Theme, frame: &mut Frame, area: Rect) {
    if text.lines.is_empty() {
        // Loaded, and the object is not there: say so rather than "loading…" for ever.
        if state.view().status(&state.data).has_value && !state.loading() {
            super::message::render_empty(state, theme, frame, area, false);
        } else {
            super::message::render_placeholder(state, theme, frame, area);
        }
        return;
    }
    let lines: Vec<Line> = text
        .lines
        .iter()
        .enumerate()
        .skip(text.offset)
        .take(area.height as usize)
        .map(|(i, l)| {
            let shown = if text.wrap { l.as_str() } else { skip_columns(l, text.hscroll) };
            highlight(shown, text.tone(i), &text.search, theme)
        })
        .collect();
    let mut p = Paragraph::new(lines).style(theme.text);
    if text.wrap {
        p = p.wrap(Wrap { trim: false });
    }
    frame.render_widget(p, area);
}

/// The line without its first `n` columns.
fn skip_columns(line: &str, n: usize) -> &str {
    let mut used = 0;
    for (i, c) in line.char_indices() {
        if used >= n {
            return &line[i..];
        }
        used += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
    }
    ""
}

/// A plain line: keys in the accent style, `null`/`~` muted, the rest plain; a toned line
/// in its tone's style; search matches reversed.
fn highlight<'a>(line: &'a str, tone: Tone, search: &str, theme: &Theme) -> Line<'a> {
    let whole = match tone {
        Tone::Plain => None,
        Tone::Heading | Tone::Hunk => Some(theme.accent),
        Tone::Added => Some(theme.ok),
        Tone::Removed | Tone::Problem => Some(theme.error),
        Tone::Muted => Some(theme.muted),
    };
    let split = line.find(": ").or_else(|| line.strip_suffix(':').map(|s| s.len()));
    let mut spans = match (whole, split) {
        (Some(style), _) => vec![Span::styled(line, style)],
        (None, Some(i)) if !line.trim_start().starts_with("- ") => {
            let (key, rest) = line.split_at(i);
            let value = rest.trim_start_matches(':').trim().trim_end_matches(',');
            let style = if value == "null" || value == "~" { theme.muted } else { theme.text };
            vec![Span::styled(key, theme.accent), Span::styled(rest, style)]
        }
        (None, _) => vec![Span::styled(line, theme.text)],
    };
    if !search.is_empty() {
        spans = spans.into_iter().flat_map(|s| mark(s, search)).collect();
    }
    Line::from(spans)
}

/// Split a span so every case-insensitive occurrence of `needle` stands out.
fn mark<'a>(span: Span<'a>, needle: &str) -> Vec<Span<'a>> {
    let text = span.content.clone();
    let lower = text.to_lowercase();
    let needle = needle.to_lowercase();
    // Lower-casing can change byte lengths outside ASCII; highlight only when it did not.
    if lower.len() != text.len() || needle.is_empty() {
        return vec![span];
    }
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = lower[at..].find(&needle) {
        let start = at + i;
        let end = start + needle.len();
        if start > at {
            out.push(Span::styled(text[at..start].to_string(), span.style));
        }
        out.push(Span::styled(text[start..end].to_string(), span.style.add_modifier(Modifier::REVERSED)));
        at = end;
    }
    if at < text.len() {
        out.push(Span::styled(text[at..].to_string(), span.style));
    }
    out
}
