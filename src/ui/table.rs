//! A list view's table: header, rows with a health marker, selection, scrolling.
use super::{column_widths, message, tone};
use crate::config::Theme;
use crate::state::State;
use crate::table::Table;
use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell as TuiCell, Row as TuiRow, Table as TuiTable, TableState};
use unicode_width::UnicodeWidthStr;

/// Rows scanned for content widths: enough for the screen and well beyond, cheap for 5000 rows.
const WIDTH_SAMPLE: usize = 400;

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect, shown: Option<(&Table, &[usize])>) {
    let view = state.view();
    let Some((table, visible)) = shown else {
        message::render_placeholder(state, theme, frame, area);
        return;
    };
    if visible.is_empty() {
        message::render_empty(state, theme, frame, area, table.rows.is_empty());
        return;
    }
    let mut content: Vec<u16> = table.columns.iter().map(|c| c.title.width() as u16).collect();
    for &i in visible.iter().take(WIDTH_SAMPLE) {
        for (w, cell) in content.iter_mut().zip(&table.rows[i].cells) {
            *w = (*w).max(cell.text.width().min(u16::MAX as usize) as u16);
        }
    }
    // The sorted column's title carries an arrow.
    if let Some(w) = content.get_mut(view.sort.column) {
        *w = (*w).max(table.columns[view.sort.column].title.width() as u16 + 1);
    }
    // One cell for the health marker.
    let widths = column_widths(table.columns, &content, area.width.saturating_sub(2));
    let shown: Vec<usize> = (0..table.columns.len()).filter(|&i| widths[i] > 0).collect();
    let arrow = if view.sort.reverse { "↓" } else { "↑" };
    let header = TuiRow::new(std::iter::once(TuiCell::from("")).chain(shown.iter().map(|&i| {
        let title = table.columns[i].title;
        if i == view.sort.column { TuiCell::from(format!("{title}{arrow}")) } else { TuiCell::from(title) }
    })))
    .style(theme.header);
    let selected = view.selected.min(visible.len() - 1);
    // Only the rows that fit are built.
    let height = area.height.saturating_sub(1) as usize;
    let offset = crate::state::scroll_offset(selected, view.offset, height, visible.len());
    let rows = visible.iter().skip(offset).take(height).map(|&i| {
        let row = &table.rows[i];
        let marker = match row.health {
            crate::table::Tone::Error => "▌",
            crate::table::Tone::Warn => "▌",
            _ => " ",
        };
        TuiRow::new(std::iter::once(TuiCell::from(Span::styled(marker, tone(theme, row.health)))).chain(
            shown.iter().map(|&c| {
                let cell = &row.cells[c];
                TuiCell::from(Line::from(Span::styled(fit(&cell.text, widths[c]), tone(theme, cell.tone))))
            }),
        ))
    });
    let constraints: Vec<Constraint> =
        std::iter::once(Constraint::Length(1)).chain(shown.iter().map(|&i| Constraint::Length(widths[i]))).collect();
    let widget = TuiTable::new(rows, constraints).header(header).column_spacing(1).row_highlight_style(theme.selection);
    let mut ts = TableState::default().with_selected(Some(selected - offset));
    frame.render_stateful_widget(widget, area, &mut ts);
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
