//! The log view's body: a status line (how the tail fetches, its note, following or paused),
//! the words about containers that log elsewhere, then the lines — each with its time and a
//! source prefix in a colour of its own, filter matches highlighted, error lines in the error
//! style, wrapped under their text or scrolled sideways, JSON pretty on demand. Only the rows
//! on screen are built.
use crate::config::Theme;
use crate::model::{TailMode, TailStatus};
use crate::state::State;
use crate::views::LogsView;
use crate::views::log_buffer::LogLine;
use crate::views::logs::{range_words, source_label};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::hash::{Hash, Hasher};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

const PALETTE: [Color; 10] = [
    Color::Cyan,
    Color::Green,
    Color::Yellow,
    Color::Magenta,
    Color::Blue,
    Color::LightCyan,
    Color::LightGreen,
    Color::LightMagenta,
    Color::LightBlue,
    Color::LightYellow,
];

/// Widest source prefix shown; longer stream names are cut with `…` (the file keeps them whole).
const PREFIX_MAX: usize = 24;
const TIME_WIDTH: usize = 12;

/// The tail's state in words: how it fetches, its note, and whether the view follows.
pub fn status_words(state: &State, v: &LogsView) -> Vec<(String, Tone)> {
    let mut out = Vec::new();
    if !state.connected {
        out.push(("not connected: the tail starts once bosun is".to_string(), Tone::Muted));
        return out;
    }
    match (&v.tail, &v.status, &v.ended) {
        (Some(_), None, _) => out.push((format!("starting the tail ({})…", range_words(&v.range)), Tone::Muted)),
        (Some(_), Some(status), _) => out.extend(mode_words(status)),
        (None, _, Some(Ok(done))) => {
            out.push((format!("{done} — 0 to 6 or :since start a new tail"), Tone::Muted));
        }
        (None, _, Some(Err(e))) => {
            out.push((format!("✖ the tail stopped: {e} — 0 to 6 or :since try again"), Tone::Error))
        }
        (None, _, None) => {}
    }
    if v.tail.is_some() || !v.buffer.is_empty() {
        out.push(if v.follow { ("following".into(), Tone::Ok) } else { ("paused — G follows".into(), Tone::Warn) });
    }
    if let Some(p) = &v.pattern {
        out.push((format!("CloudWatch pattern: {p}"), Tone::Muted));
    } else if let Some(why) = &v.local_only {
        out.push((format!("filter {why}"), Tone::Muted));
    }
    out
}

fn mode_words(status: &TailStatus) -> Vec<(String, Tone)> {
    let mut out = Vec::new();
    match &status.mode {
        TailMode::LiveTail => out.push(("● Live Tail".to_string(), Tone::Ok)),
        TailMode::Polling { every, backoff, why } => {
            out.push((format!("polling every {}s ({why})", every.as_secs().max(1)), Tone::Warn));
            if let Some(b) = backoff {
                out.push((format!("throttled: backing off {}s", b.as_secs().max(1)), Tone::Warn));
            }
        }
    }
    if status.sampled {
        out.push(("▲ sampled: over 500 lines/s, CloudWatch sends a sample".into(), Tone::Warn));
    }
    if let Some(note) = &status.note {
        out.push((note.clone(), Tone::Warn));
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    Muted,
    Ok,
    Warn,
    Error,
}

fn style(theme: &Theme, tone: Tone) -> Style {
    match tone {
        Tone::Muted => theme.muted,
        Tone::Ok => theme.ok,
        Tone::Warn => theme.warn,
        Tone::Error => theme.error,
    }
}

pub fn render(state: &State, v: &LogsView, theme: &Theme, frame: &mut Frame, area: Rect) {
    if area.height == 0 || area.width == 0 {
        return;
    }
    let width = area.width as usize;
    // The status line, then the notes, wrapped: what matters is read, not cut.
    let mut head: Vec<Line> = Vec::new();
    let words = status_words(state, v);
    if !words.is_empty() {
        let mut spans = Vec::new();
        for (i, (text, tone)) in words.into_iter().enumerate() {
            if i > 0 {
                spans.push(Span::styled(" · ", theme.muted));
            }
            spans.push(Span::styled(text, style(theme, tone)));
        }
        head.push(Line::from(spans));
    }
    let notes = v.notes();
    let nothing = v.target().is_none();
    if let Some(p) = &v.problem {
        head.push(Line::styled(format!("✖ {p}"), theme.error));
    } else if v.resolved.is_none() {
        head.push(Line::styled("reading the task definition for its log configuration…", theme.muted));
    } else if nothing {
        head.push(Line::styled("nothing to tail: no container here logs to CloudWatch Logs.", theme.warn));
    }
    if !notes.is_empty() {
        let lead = if nothing { "" } else { "not shown — " };
        for n in notes {
            head.push(Line::styled(format!("▲ {lead}{n}"), theme.warn));
        }
    }
    let head_height = wrapped_height(&head, width);
    // The notes may take at most half the body when there are lines to show.
    let cap = if v.buffer.is_empty() { area.height as usize } else { (area.height as usize / 2).max(1) };
    let head_rows = head_height.min(cap) as u16;
    let head_area = Rect { height: head_rows, ..area };
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }).style(theme.text), head_area);
    let body = Rect { y: area.y + head_rows, height: area.height - head_rows, ..area };
    if body.height == 0 || nothing {
        return;
    }
    let shown = v.shown();
    if shown == 0 {
        let text = if v.buffer.is_empty() {
            match &v.tail {
                Some(_) => format!("no lines yet ({}) — they appear as the tail reads them", range_words(&v.range)),
                None => "no lines".to_string(),
            }
        } else {
            format!("no line of the {} kept matches /{} — esc clears the filter", v.buffer.len(), v.filter.input)
        };
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: false }).style(theme.muted), body);
        return;
    }
    let prefix_width = v.buffer.sources().iter().map(|s| source_label(s).width()).max().unwrap_or(0).min(PREFIX_MAX);
    let colour = theme.accent.fg.is_some();
    let layout = Layout { prefix_width, time: v.timestamps, colour, width: body.width as usize };
    let lines = visible_rows(v, &layout, theme, body.height as usize);
    frame.render_widget(Paragraph::new(lines).style(theme.text), body);
}

fn wrapped_height(lines: &[Line], width: usize) -> usize {
    lines.iter().map(|l| l.width().max(1).div_ceil(width.max(1))).sum()
}

struct Layout {
    prefix_width: usize,
    time: bool,
    colour: bool,
    width: usize,
}

impl Layout {
    /// Columns before the text: time, source, and a space after each.
    fn lead(&self) -> usize {
        (if self.time { TIME_WIDTH + 1 } else { 0 }) + if self.prefix_width > 0 { self.prefix_width + 1 } else { 0 }
    }
}

/// The screen rows of the lines around the cursor: from `top` down when the cursor fits,
/// else ending on the cursor's line (always when following).
fn visible_rows<'a>(v: &'a LogsView, layout: &Layout, theme: &Theme, height: usize) -> Vec<Line<'a>> {
    let shown = v.shown();
    let cursor = v.cursor.min(shown.saturating_sub(1));
    if !v.follow && v.top <= cursor {
        let mut out = Vec::new();
        let mut reached = false;
        for row in v.top..shown {
            if out.len() >= height {
                break;
            }
            out.extend(rows_of(v, row, row == cursor, layout, theme));
            reached |= row == cursor && out.len() <= height;
        }
        if reached {
            out.truncate(height);
            return out;
        }
    }
    // Bottom-anchored on the cursor.
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    let mut used = 0;
    let mut row = cursor as isize;
    while row >= 0 && used < height {
        let block = rows_of(v, row as usize, row as usize == cursor, layout, theme);
        used += block.len();
        blocks.push(block);
        row -= 1;
    }
    let mut out: Vec<Line> = blocks.into_iter().rev().flatten().collect();
    if out.len() > height {
        out.drain(..out.len() - height);
    }
    out
}

fn source_style(v: &LogsView, line: &LogLine, colour: bool, theme: &Theme) -> Style {
    if !colour {
        return theme.muted;
    }
    let Some(s) = v.buffer.source(line.source) else { return theme.muted };
    // Stable across restarts and sessions: from the task and container, not arrival order.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    (&s.task_id, &s.container, &s.stream).hash(&mut h);
    Style::default().fg(PALETTE[(h.finish() % PALETTE.len() as u64) as usize])
}

/// The screen rows of shown row `row`: its time and source, then its text wrapped under
/// itself (or cut at the edge after the sideways scroll), JSON pretty when asked.
fn rows_of<'a>(v: &'a LogsView, row: usize, selected: bool, layout: &Layout, theme: &Theme) -> Vec<Line<'a>> {
    let Some(line) = v.position(row).and_then(|at| v.buffer.get(at)) else { return vec![] };
    let lead = layout.lead();
    let text_width = layout.width.saturating_sub(lead).max(10);
    let pretty = if v.pretty { pretty_json(&line.text) } else { None };
    let texts: Vec<String> = match pretty {
        Some(p) => p.lines().map(str::to_string).collect(),
        None => vec![line.text.to_string()],
    };
    let mut pieces: Vec<(String, usize)> = Vec::new();
    for t in &texts {
        let start_byte = 0;
        if v.wrap {
            for (a, b) in wrap_points(t, text_width) {
                pieces.push((t[a..b].to_string(), a + start_byte));
            }
        } else {
            let (a, b) = cut(t, v.hscroll, text_width);
            pieces.push((t[a..b].to_string(), a));
        }
    }
    let text_style = if line.error { theme.error } else { theme.text };
    let mark = theme.warn.add_modifier(Modifier::REVERSED);
    let src = source_style(v, line, layout.colour, theme);
    let mut out = Vec::new();
    for (i, (piece, _)) in pieces.into_iter().enumerate() {
        let mut spans = Vec::new();
        if i == 0 && line.first {
            if layout.time {
                spans.push(Span::styled(format!("{} ", line.at.format("%H:%M:%S%.3f")), theme.muted));
            }
            if layout.prefix_width > 0 {
                let label = v.buffer.source(line.source).map(source_label).unwrap_or_default();
                spans.push(Span::styled(format!("{} ", fit(&label, layout.prefix_width)), src));
            }
        } else {
            // Continuations sit under the text, with a thin bar in the source's colour.
            let pad = lead.saturating_sub(2);
            spans.push(Span::raw(" ".repeat(pad)));
            if lead >= 2 {
                spans.push(Span::styled("│ ", src));
            }
        }
        let ranges = v.filter.highlights(&piece);
        let mut at = 0;
        for (a, b) in ranges {
            if a > at {
                spans.push(Span::styled(piece[at..a].to_string(), text_style));
            }
            spans.push(Span::styled(piece[a..b].to_string(), mark));
            at = b;
        }
        if at < piece.len() {
            spans.push(Span::styled(piece[at..].to_string(), text_style));
        }
        let mut l = Line::from(spans);
        if selected {
            l = l.patch_style(theme.selection);
        }
        out.push(l);
    }
    out
}

fn pretty_json(text: &str) -> Option<String> {
    let t = text.trim_start();
    if !(t.starts_with('{') || t.starts_with('[')) {
        return None;
    }
    let value: serde_json::Value = serde_json::from_str(t).ok()?;
    serde_json::to_string_pretty(&value).ok()
}

/// `label` in exactly `width` columns: padded, or cut with `…`.
fn fit(label: &str, width: usize) -> String {
    let w = label.width();
    if w <= width {
        return format!("{label}{}", " ".repeat(width - w));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in label.chars() {
        let cw = c.width().unwrap_or(0);
        if used + cw + 1 > width {
            break;
        }
        out.push(c);
        used += cw;
    }
    out.push('…');
    out.push_str(&" ".repeat(width.saturating_sub(used + 1)));
    out
}

/// Byte ranges of `text` that each fit in `width` columns (at least one range, maybe empty),
/// broken after a space when the row has one, so words are read whole; a word longer than a
/// row is cut where the row ends.
fn wrap_points(text: &str, width: usize) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let (mut start, mut used) = (0, 0);
    // Just after the last space of the row: its byte, and the row's columns up to it.
    let mut after_space: Option<(usize, usize)> = None;
    for (i, c) in text.char_indices() {
        let cw = c.width().unwrap_or(0);
        while used + cw > width && i > start {
            match after_space.take().filter(|(at, _)| *at > start && *at < i) {
                Some((at, cols)) => {
                    out.push((start, at));
                    start = at;
                    used -= cols;
                }
                None => {
                    out.push((start, i));
                    start = i;
                    used = 0;
                }
            }
        }
        used += cw;
        if c == ' ' {
            after_space = Some((i + c.len_utf8(), used));
        }
    }
    out.push((start, text.len()));
    out
}

/// The byte range of `text` shown after skipping `skip` columns, `width` columns wide.
fn cut(text: &str, skip: usize, width: usize) -> (usize, usize) {
    let (mut a, mut used) = (text.len(), 0);
    for (i, c) in text.char_indices() {
        if used >= skip {
            a = i;
            break;
        }
        used += c.width().unwrap_or(0);
    }
    let mut b = text.len();
    let mut w = 0;
    for (i, c) in text[a..].char_indices() {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            b = a + i;
            break;
        }
        w += cw;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrapping_and_cutting_count_columns_not_bytes() {
        assert_eq!(wrap_points("abcdef", 4), vec![(0, 4), (4, 6)]);
        assert_eq!(wrap_points("", 4), vec![(0, 0)]);
        assert_eq!(wrap_points("日本語", 4), vec![(0, 6), (6, 9)], "two wide characters per row of 4");
        let words = "GET /health ok";
        let rows: Vec<&str> = wrap_points(words, 8).into_iter().map(|(a, b)| &words[a..b]).collect();
        assert_eq!(rows, ["GET ", "/health ", "ok"], "broken after spaces");
        let long = "a verylongword";
        let rows: Vec<&str> = wrap_points(long, 5).into_iter().map(|(a, b)| &long[a..b]).collect();
        assert_eq!(rows, ["a ", "veryl", "ongwo", "rd"], "a word longer than a row is cut");
        let wide = "a 日本語";
        let rows: Vec<&str> = wrap_points(wide, 3).into_iter().map(|(a, b)| &wide[a..b]).collect();
        assert_eq!(rows, ["a ", "日", "本", "語"], "never wider than the row");
        assert_eq!(cut("abcdef", 2, 3), (2, 5));
        assert_eq!(cut("abc", 5, 3), (3, 3));
        assert_eq!(fit("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
    }
}
