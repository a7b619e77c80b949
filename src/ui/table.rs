//! A list view's table: header, rows with a health marker, selection, scrolling; and, when the
//! selected row has a value cut or a column hidden, a wrapped line under the table that shows
//! those values in full (a stop reason must be readable at any width).
use super::{column_widths, message, tone};
use crate::config::Theme;
use crate::model::age;
use crate::state::State;
use crate::table::{Row, Tone};
use crate::views::{ListState, Rows};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TuiCell, Paragraph, Row as TuiRow, Table as TuiTable, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

/// At most this many lines for the selected row's full values.
const DETAIL_LINES: u16 = 3;

pub fn render(state: &State, list: &ListState, theme: &Theme, frame: &mut Frame, area: Rect) {
    let Some(rows) = &list.rows else {
        message::render_placeholder(state, theme, frame, area);
        return;
    };
    if rows.visible.is_empty() {
        let filtered = !rows.table.rows.is_empty();
        message::render_empty(state, theme, frame, area, filtered);
        return;
    }
    let table = &rows.table;
    let sort = list.sort();
    // One cell for the health marker.
    let widths = column_widths(table.columns, &rows.widths, area.width.saturating_sub(2));
    let shown: Vec<usize> = (0..table.columns.len()).filter(|&i| widths[i] > 0).collect();
    let selected = list.selected.min(rows.visible.len() - 1);
    let row = &table.rows[rows.visible[selected]];
    let detail = detail(rows, row, &widths, state);
    let detail_height = match &detail {
        Some(text) if area.height > 6 => {
            let w = area.width.max(1) as usize;
            (text.width().div_ceil(w) as u16).clamp(1, DETAIL_LINES)
        }
        _ => 0,
    };
    let [body, detail_area] = Layout::vertical([Constraint::Min(1), Constraint::Length(detail_height)]).areas(area);

    let arrow = if sort.reverse { "↓" } else { "↑" };
    let header = TuiRow::new(std::iter::once(TuiCell::from("")).chain(shown.iter().map(|&i| {
        let title = table.columns[i].title;
        if i == sort.column { TuiCell::from(format!("{title}{arrow}")) } else { TuiCell::from(title) }
    })))
    .style(theme.header);
    // Only the rows that fit become widgets.
    let height = body.height.saturating_sub(1) as usize;
    let offset = crate::views::scroll_offset(selected, list.offset, height, rows.visible.len());
    let lines = rows.visible.iter().skip(offset).take(height).map(|&i| {
        let row = &table.rows[i];
        // A wrapping column gives its row as many lines as its value needs (at most the body).
        let wrapped: Vec<Option<Vec<String>>> = shown
            .iter()
            .map(|&c| {
                let text = shown_text(&row.cells[c], state);
                (table.columns[c].wrap && text.width() > widths[c] as usize)
                    .then(|| super::rollout::wrap(&text, widths[c] as usize))
            })
            .collect();
        let tall = wrapped.iter().flatten().map(Vec::len).max().unwrap_or(1).clamp(1, height.max(1));
        // Errors and warnings differ by glyph, not only by colour.
        let marker = match row.health {
            Tone::Error => "✖",
            Tone::Warn => "▲",
            _ => " ",
        };
        TuiRow::new(std::iter::once(TuiCell::from(Span::styled(marker, tone(theme, row.health)))).chain(
            shown.iter().zip(&wrapped).map(|(&c, lines)| {
                let cell = &row.cells[c];
                let style = tone(theme, cell.tone);
                match lines {
                    Some(lines) => TuiCell::from(ratatui::text::Text::from(
                        lines.iter().take(tall).map(|l| Line::from(Span::styled(l.clone(), style))).collect::<Vec<_>>(),
                    )),
                    None => TuiCell::from(Line::from(Span::styled(fit(&shown_text(cell, state), widths[c]), style))),
                }
            }),
        ))
        .height(tall as u16)
    });
    let constraints: Vec<Constraint> =
        std::iter::once(Constraint::Length(1)).chain(shown.iter().map(|&i| Constraint::Length(widths[i]))).collect();
    let widget =
        TuiTable::new(lines, constraints).header(header).column_spacing(1).row_highlight_style(theme.selection);
    let mut ts = TableState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(widget, body, &mut ts);
    if let (Some(text), true) = (detail, detail_height > 0) {
        let line = Line::from(vec![Span::styled("› ", theme.accent), Span::styled(text, theme.text)]);
        frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: true }), detail_area);
    }
}

/// A cell's text now: ages are computed at draw time so cached rows never show a stale age.
fn shown_text<'a>(cell: &'a crate::table::Cell, state: &State) -> std::borrow::Cow<'a, str> {
    match cell.since {
        Some(at) => age(at, state.now).into(),
        None => cell.text.as_str().into(),
    }
}

/// "COLUMN value · COLUMN value" for the selected row's values that are cut or hidden.
fn detail(rows: &Rows, row: &Row, widths: &[u16], state: &State) -> Option<String> {
    let parts: Vec<String> = rows
        .table
        .columns
        .iter()
        .zip(&row.cells)
        .zip(widths)
        // Cut values, and hidden columns that hold prose (names, reasons); a hidden AZ or
        // CPU column is not worth the line.
        .filter(|((col, cell), w)| {
            let text = shown_text(cell, state);
            text != "-"
                && !text.is_empty()
                && text.width() > **w as usize
                && (**w > 0 || col.flex)
                && !(col.wrap && **w > 0)
        })
        .map(|((col, cell), _)| format!("{} {}", col.title, shown_text(cell, state)))
        .collect();
    if parts.is_empty() { None } else { Some(parts.join(" · ")) }
}

/// Cut text to `width` cells, marking the cut with `…` so a clipped value never reads as whole.
fn fit(text: &str, width: u16) -> String {
    let width = width as usize;
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn fit_marks_cuts() {
        assert_eq!(super::fit("prod-checkout:36", 20), "prod-checkout:36");
        assert_eq!(super::fit("prod-checkout:36", 10), "prod-chec…");
        assert_eq!(super::fit("abc", 1), "…");
        assert_eq!(super::fit("abc", 0), "");
    }
}
