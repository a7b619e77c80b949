//! What every list view keeps: selection (following its object), scroll, filter, sort, and the
//! rows derived from data. Rows, the filtered and sorted order, content widths and the problem
//! count are derived once when the data, filter or sort change; keys and frames only read them.
use crate::table::{Sort, Table, Tone};
use unicode_width::UnicodeWidthStr;

/// Rows scanned for content widths: enough for the screen and well beyond.
const WIDTH_SAMPLE: usize = 400;

#[derive(Debug, Clone, Default)]
pub struct ListState {
    /// Index into the visible (filtered, sorted) rows.
    pub selected: usize,
    /// Identity of the selected row, so the selection follows its object across refreshes.
    pub selected_id: Option<String>,
    /// First visible row.
    pub offset: usize,
    /// `None`: the table's own default order.
    pub sort: Option<Sort>,
    pub filter: String,
    pub rows: Option<Rows>,
}

/// Rows derived from data, and the order they are shown in.
#[derive(Debug, Clone)]
pub struct Rows {
    pub table: Table,
    /// Version of the data the table was built from.
    pub version: u64,
    /// Indices of the rows shown, in order.
    pub visible: Vec<usize>,
    /// The filter and sort `visible` was made with.
    filter: String,
    sort: Sort,
    /// Widest content per column over a sample of the visible rows.
    pub widths: Vec<u16>,
    /// Shown rows marked as errors (the count always matches the markers on screen).
    pub problems: usize,
    /// Shown rows marked as warnings.
    pub warnings: usize,
}

impl ListState {
    /// The order in force.
    pub fn sort(&self) -> Sort {
        self.sort.or_else(|| self.rows.as_ref().map(|r| r.table.default_sort)).unwrap_or_default()
    }

    /// Whether rows must be rebuilt from data of `version`.
    pub fn stale(&self, version: u64) -> bool {
        self.rows.as_ref().is_none_or(|r| r.version != version)
    }

    /// Install rows built from data of `version` (or drop them: no data).
    pub fn set_table(&mut self, table: Option<Table>, version: u64) {
        self.rows = table.map(|table| {
            Rows {
                table,
                version,
                visible: Vec::new(),
                // Forces the first `order` below.
                filter: "\u{0}".into(),
                sort: Sort::default(),
                widths: Vec::new(),
                problems: 0,
                warnings: 0,
            }
        });
        self.order(true);
    }

    /// Bring the visible order in line with the filter and sort; `rebuilt`: the rows are new.
    pub fn order(&mut self, rebuilt: bool) {
        let sort = self.sort();
        let filter = self.filter.clone();
        let Some(rows) = self.rows.as_mut() else { return };
        if !rebuilt && rows.filter == filter && rows.sort == sort {
            return;
        }
        // Typing more of the same filter only narrows: match within what is shown, in its
        // order, instead of over every row again.
        let narrowing = !rebuilt && rows.sort == sort && !rows.filter.is_empty() && filter.starts_with(&rows.filter);
        rows.visible =
            if narrowing { rows.table.narrow(&rows.visible, &filter) } else { rows.table.visible(&filter, sort) };
        rows.filter = filter;
        rows.sort = sort;
        let table = &rows.table;
        let count = |tone: Tone| rows.visible.iter().filter(|&&i| table.rows[i].health == tone).count();
        rows.problems = count(Tone::Error);
        rows.warnings = count(Tone::Warn);
        let mut widths: Vec<u16> = table.columns.iter().map(|c| c.title.width() as u16).collect();
        for &i in rows.visible.iter().take(WIDTH_SAMPLE) {
            for (w, cell) in widths.iter_mut().zip(&table.rows[i].cells) {
                *w = (*w).max(cell.text.width().min(u16::MAX as usize) as u16);
            }
        }
        // The sorted column's title carries an arrow.
        if let Some(w) = widths.get_mut(sort.column) {
            *w = (*w).max(table.columns[sort.column].title.width() as u16 + 1);
        }
        rows.widths = widths;
    }

    /// After data, filter or sort changed: keep the selection on the same object if it is still
    /// visible, else keep the index in range.
    pub fn reselect(&mut self, page: usize) {
        let Some(rows) = &self.rows else { return };
        let visible = &rows.visible;
        let by_id = self.selected_id.as_ref().and_then(|id| {
            // A name typed by the user (`--cluster prod`) finds its row by the ARN's name.
            let hit = |i: usize| {
                let row = &rows.table.rows[i].id;
                row == id || crate::model::arn_name(row) == id
            };
            visible.iter().position(|&i| hit(i))
        });
        let index = by_id.unwrap_or(self.selected).min(visible.len().saturating_sub(1));
        let id = visible.get(index).map(|&i| rows.table.rows[i].id.clone());
        self.selected = index;
        self.offset = scroll_offset(index, self.offset, page, visible.len());
        if id.is_some() {
            self.selected_id = id;
        }
    }

    /// The selected row's id, if any row is shown.
    pub fn selected_id(&self) -> Option<&str> {
        let rows = self.rows.as_ref()?;
        let i = *rows.visible.get(self.selected.min(rows.visible.len().saturating_sub(1)))?;
        Some(rows.table.rows[i].id.as_str())
    }

    /// The selected row itself.
    pub fn selected_row(&self) -> Option<&crate::table::Row> {
        let rows = self.rows.as_ref()?;
        let i = *rows.visible.get(self.selected.min(rows.visible.len().saturating_sub(1)))?;
        rows.table.rows.get(i)
    }

    /// Move the selection (clamped).
    pub fn move_to(&mut self, to: Move, page: usize) -> bool {
        let Some(rows) = &self.rows else { return false };
        if rows.visible.is_empty() {
            return false;
        }
        let index = apply_move(self.selected, rows.visible.len() - 1, to, page);
        self.selected_id = Some(rows.table.rows[rows.visible[index]].id.clone());
        self.offset = scroll_offset(index, self.offset, page, rows.visible.len());
        self.selected = index;
        true
    }

    /// Put the selection on the row with this id (e.g. the one a child view came from).
    pub fn select_id(&mut self, id: &str, page: usize) {
        self.selected_id = Some(id.to_string());
        self.reselect(page);
    }

    /// Put the cursor on the first shown row marked as an error, if any: what an SRE opening
    /// a list at 3AM wants to act on first. Returns whether it moved.
    pub fn select_first_problem(&mut self, page: usize) -> bool {
        let Some(rows) = &self.rows else { return false };
        let first = rows.visible.iter().map(|i| &rows.table.rows[*i]).find(|r| r.health == Tone::Error);
        match first.map(|r| r.id.clone()) {
            Some(id) => {
                self.select_id(&id, page);
                true
            }
            None => false,
        }
    }
}

/// Keep the selection on screen with the least scrolling from the previous offset.
pub fn scroll_offset(selected: usize, previous: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return selected;
    }
    let mut offset = previous.min(len.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

pub fn apply_move(current: usize, max: usize, to: Move, page: usize) -> usize {
    let step = |d: isize| (current as isize + d).clamp(0, max as isize) as usize;
    match to {
        Move::By(d) => step(d),
        Move::Page(n) => step(n * page.max(1) as isize),
        Move::Top => 0,
        Move::Bottom => max,
    }
}
