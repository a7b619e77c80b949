//! The tabular face of the model: for each list view, its columns and one row per object, with
//! display text, a semantic tone per cell and sort keys. Pure; shared by `state` (selection,
//! filter, sort) and `ui` (drawing), so both always agree on what row N is.
mod alarms;
mod clusters;
mod containers;
mod journal;
mod services;
mod tasks;

pub use alarms::{alarm_table, owners, state_tone};
pub use clusters::{Rollup, cluster_table};
pub use containers::container_table;
pub use journal::{entry_ids, journal_table, target_name};
pub use services::service_table;
pub use tasks::{stop_reason, task_table};

use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};
use std::cmp::Ordering;

/// What a cell means, not what colour it is: the theme decides the colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Normal,
    Muted,
    Accent,
    Ok,
    Warn,
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cell {
    pub text: String,
    pub tone: Tone,
    /// An age cell: drawn as the time since this instant, so rows built once stay current
    /// (`text` holds the age when the row was built, for filtering and `dump`).
    pub since: Option<crate::model::Time>,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Self {
        Self { text: text.into(), tone: Tone::Normal, since: None }
    }
    pub fn tone(text: impl Into<String>, tone: Tone) -> Self {
        Self { text: text.into(), tone, since: None }
    }
    /// The age of `at` (or `-`), muted.
    pub fn age(at: Option<crate::model::Time>, now: crate::model::Time) -> Self {
        match at {
            Some(t) => Self { text: crate::model::age(t, now), tone: Tone::Muted, since: Some(t) },
            None => Self::tone("-", Tone::Muted),
        }
    }
}

#[derive(Debug, Clone, PartialEq, PartialOrd)]
pub enum SortKey {
    /// Names: case-insensitive, digit runs compared as numbers.
    Text(String),
    /// Identifiers (hex ids): plain byte order.
    Raw(String),
    Num(f64),
}

impl SortKey {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (SortKey::Num(a), SortKey::Num(b)) => a.partial_cmp(b).unwrap_or(Ordering::Equal),
            (SortKey::Text(a), SortKey::Text(b)) => natural_cmp(a, b),
            (SortKey::Raw(a), SortKey::Raw(b)) => a.cmp(b),
            (SortKey::Num(_), _) => Ordering::Less,
            (_, SortKey::Num(_)) => Ordering::Greater,
            (SortKey::Text(a), SortKey::Raw(b)) | (SortKey::Raw(a), SortKey::Text(b)) => a.cmp(b),
        }
    }
}

/// Case-insensitive comparison where digit runs compare as numbers (`svc-2` < `svc-10`).
fn natural_cmp(a: &str, b: &str) -> Ordering {
    let (mut x, mut y) = (a.chars().peekable(), b.chars().peekable());
    loop {
        match (x.peek().copied(), y.peek().copied()) {
            (None, None) => return a.cmp(b),
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(c), Some(d)) if c.is_ascii_digit() && d.is_ascii_digit() => {
                let n: String = std::iter::from_fn(|| x.next_if(|c| c.is_ascii_digit())).collect();
                let m: String = std::iter::from_fn(|| y.next_if(|c| c.is_ascii_digit())).collect();
                let o = n
                    .trim_start_matches('0')
                    .len()
                    .cmp(&m.trim_start_matches('0').len())
                    .then_with(|| n.trim_start_matches('0').cmp(m.trim_start_matches('0')));
                if o != Ordering::Equal {
                    return o;
                }
            }
            (Some(c), Some(d)) => {
                let o = c.to_lowercase().cmp(d.to_lowercase());
                if o != Ordering::Equal {
                    return o;
                }
                x.next();
                y.next();
            }
        }
    }
}

/// A column: its title, how wide it wants to be, and whether it may be dropped on narrow screens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// Minimum width in cells.
    pub min: u16,
    /// Grows to share spare space (names, reasons).
    pub flex: bool,
    /// Lower values are dropped first when the terminal is narrow (0 = never dropped).
    pub priority: u8,
    /// A long value wraps onto more lines of its row instead of being cut (reasons).
    pub wrap: bool,
}

impl Column {
    pub const fn fixed(title: &'static str, min: u16, priority: u8) -> Self {
        Self { title, min, flex: false, priority, wrap: false }
    }
    pub const fn flex(title: &'static str, min: u16, priority: u8) -> Self {
        Self { title, min, flex: true, priority, wrap: false }
    }
    /// A flexible column that is never dropped and wraps what does not fit.
    pub const fn wrapping(title: &'static str, min: u16) -> Self {
        Self { title, min, flex: true, priority: 0, wrap: true }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Stable identity (an ARN or a name), so the selection survives refreshes and re-sorts.
    pub id: String,
    pub cells: Vec<Cell>,
    pub sort: Vec<SortKey>,
    /// Worst tone in the row: the row's marker colour and the "problems first" sort.
    pub health: Tone,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: &'static [Column],
    pub rows: Vec<Row>,
    /// The order a view starts in: what matters first for this list (the newest stop for
    /// stopped tasks; the first column otherwise).
    pub default_sort: Sort,
}

/// Which column orders the rows, and which way.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub reverse: bool,
}

impl Table {
    /// Indices of the rows to show: matching the fuzzy `filter` (on every cell's text), ordered by
    /// `sort` (ties keep the source order).
    pub fn visible(&self, filter: &str, sort: Sort) -> Vec<usize> {
        let mut idx: Vec<usize> = if filter.trim().is_empty() {
            (0..self.rows.len()).collect()
        } else {
            let pattern = Pattern::parse(filter, CaseMatching::Smart, Normalization::Smart);
            let mut matcher = Matcher::new(Config::DEFAULT);
            let mut buf = Vec::new();
            (0..self.rows.len()).filter(|&i| self.matches(i, &pattern, &mut matcher, &mut buf)).collect()
        };
        self.sort_rows(&mut idx, sort);
        idx
    }

    /// Of `shown` (already in order), the rows that match `filter`, in the same order.
    pub fn narrow(&self, shown: &[usize], filter: &str) -> Vec<usize> {
        if filter.trim().is_empty() {
            return shown.to_vec();
        }
        let pattern = Pattern::parse(filter, CaseMatching::Smart, Normalization::Smart);
        let mut matcher = Matcher::new(Config::DEFAULT);
        let mut buf = Vec::new();
        shown.iter().copied().filter(|&i| self.matches(i, &pattern, &mut matcher, &mut buf)).collect()
    }

    /// Every word of the filter must match within one cell: matching across the joined row
    /// lets short patterns hit almost anything.
    fn matches(&self, i: usize, pattern: &Pattern, matcher: &mut Matcher, buf: &mut Vec<char>) -> bool {
        let r = &self.rows[i];
        pattern
            .atoms
            .iter()
            .all(|atom| r.cells.iter().any(|c| atom.score(Utf32Str::new(&c.text, buf), matcher).is_some()))
    }

    fn sort_rows(&self, idx: &mut [usize], sort: Sort) {
        let col = sort.column;
        idx.sort_by(|&a, &b| {
            let (ka, kb) = (self.rows[a].sort.get(col), self.rows[b].sort.get(col));
            let o = match (ka, kb) {
                (Some(x), Some(y)) => x.cmp(y),
                _ => Ordering::Equal,
            };
            if sort.reverse { o.reverse() } else { o }
        });
    }
}

/// Tone for an ECS status string.
pub fn status_tone(status: &str) -> Tone {
    match status {
        "ACTIVE" | "RUNNING" | "HEALTHY" | "COMPLETED" | "PRIMARY" => Tone::Ok,
        "PROVISIONING" | "PENDING" | "ACTIVATING" | "IN_PROGRESS" | "DRAINING" | "DEACTIVATING" | "STOPPING"
        | "DEPROVISIONING" | "UPDATE_IN_PROGRESS" => Tone::Warn,
        "FAILED" | "UNHEALTHY" | "INACTIVE" | "STOPPED" => Tone::Error,
        "" | "-" | "UNKNOWN" => Tone::Muted,
        _ => Tone::Normal,
    }
}

pub(crate) fn worst(tones: impl IntoIterator<Item = Tone>) -> Tone {
    let rank = |t: &Tone| match t {
        Tone::Error => 3,
        Tone::Warn => 2,
        Tone::Ok => 1,
        _ => 0,
    };
    tones.into_iter().max_by_key(rank).unwrap_or_default()
}

pub(crate) fn opt(s: &Option<String>) -> String {
    s.clone().unwrap_or_else(|| "-".into())
}

pub(crate) fn time_key(t: Option<crate::model::Time>) -> SortKey {
    SortKey::Num(t.map(|t| t.timestamp_millis() as f64).unwrap_or(f64::MIN))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(names: &[&str]) -> Table {
        static COLS: [Column; 1] = [Column::flex("NAME", 4, 0)];
        Table {
            columns: &COLS,
            rows: names
                .iter()
                .map(|n| Row {
                    id: n.to_string(),
                    cells: vec![Cell::new(*n)],
                    sort: vec![SortKey::Text(n.to_string())],
                    health: Tone::Normal,
                })
                .collect(),
            default_sort: Sort::default(),
        }
    }

    #[test]
    fn narrowing_keeps_order_and_matches_a_full_filter() {
        let t = table(&["checkout-api", "payments-api", "search", "api-gateway"]);
        let wide = t.visible("ap", Sort::default());
        let narrow = t.narrow(&wide, "api");
        assert_eq!(narrow, t.visible("api", Sort::default()));
    }

    #[test]
    fn natural_sort_and_reverse() {
        let t = table(&["svc-10", "svc-2", "Alpha", "beta"]);
        let order: Vec<&str> = t.visible("", Sort::default()).iter().map(|&i| t.rows[i].id.as_str()).collect();
        assert_eq!(order, ["Alpha", "beta", "svc-2", "svc-10"]);
        let rev: Vec<&str> =
            t.visible("", Sort { column: 0, reverse: true }).iter().map(|&i| t.rows[i].id.as_str()).collect();
        assert_eq!(rev, ["svc-10", "svc-2", "beta", "Alpha"]);
    }

    #[test]
    fn fuzzy_filter() {
        let t = table(&["checkout-api", "payments-worker", "search"]);
        assert_eq!(t.visible("pay work", Sort::default()).len(), 1, "words may match apart");
        let hit: Vec<&str> = t.visible("chkapi", Sort::default()).iter().map(|&i| t.rows[i].id.as_str()).collect();
        assert_eq!(hit, ["checkout-api"]);
        assert!(t.visible("zzz", Sort::default()).is_empty());
    }
}
