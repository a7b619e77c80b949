//! The describe view: an object in full, YAML or JSON, scrollable, keys and values coloured.
use crate::config::Theme;
use crate::state::{DescribeFormat, State, ViewKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = state.view();
    let ViewKind::Describe { yaml, json, .. } = &view.kind else { return };
    let text = match view.format {
        DescribeFormat::Yaml => yaml,
        DescribeFormat::Json => json,
    };
    let lines: Vec<Line> =
        text.lines().skip(view.offset).take(area.height as usize).map(|l| highlight(l, view.format, theme)).collect();
    frame.render_widget(Paragraph::new(lines).style(theme.text), area);
}

/// Keys in the accent style, `null`/`~` muted, the rest plain.
fn highlight<'a>(line: &'a str, format: DescribeFormat, theme: &Theme) -> Line<'a> {
    let split = match format {
        DescribeFormat::Yaml => line.find(": ").or_else(|| line.strip_suffix(':').map(|s| s.len())),
        DescribeFormat::Json => line.find("\": ").map(|i| i + 1),
    };
    match split {
        Some(i) if !line.trim_start().starts_with("- ") || format == DescribeFormat::Json => {
            let (key, rest) = line.split_at(i);
            let value = rest.trim_start_matches(':').trim();
            let style = if value == "null" || value == "~" || value == "null," { theme.muted } else { theme.text };
            Line::from(vec![Span::styled(key, theme.accent), Span::styled(rest, style)])
        }
        _ => Line::from(Span::styled(line, theme.text)),
    }
}
