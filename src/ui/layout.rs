//! Column widths: drop the least important columns on narrow terminals, then share the spare
//! width among flexible columns up to what their content needs.
use crate::table::Column;
use unicode_width::UnicodeWidthStr;

/// Columns at or above this priority number also give way to let a more important flexible
/// column show its whole content (a cut task definition or strategy is worse than no STATUS).
const OPTIONAL: u8 = 4;

/// Widths per column (0 = hidden) for `total` cells, given the widest content of each column.
pub fn column_widths(columns: &[Column], content: &[u16], total: u16) -> Vec<u16> {
    let gap = 1u16;
    let content_of = |i: usize| content.get(i).copied().unwrap_or(0);
    // Fixed columns take their content width (bounded); flexible ones start at what they need
    // up to their minimum, and grow later.
    let base: Vec<u16> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let title = c.title.width() as u16;
            if c.flex { title.max(content_of(i).min(c.min)) } else { c.min.max(title).max(content_of(i).min(40)) }
        })
        .collect();
    let need =
        |shown: &[bool]| -> u32 { (0..columns.len()).filter(|&i| shown[i]).map(|i| u32::from(base[i] + gap)).sum() };
    // The least important shown column (highest priority number, rightmost first) at or above `floor`.
    let least = |shown: &[bool], floor: u8| {
        columns
            .iter()
            .enumerate()
            .filter(|(i, c)| shown[*i] && c.priority > 0 && c.priority >= floor)
            .max_by_key(|(i, c)| (c.priority, *i))
            .map(|(i, _)| i)
    };
    let mut shown: Vec<bool> = vec![true; columns.len()];
    while need(&shown) > u32::from(total) {
        match least(&shown, 1) {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    loop {
        let mut widths: Vec<u16> = (0..columns.len()).map(|i| if shown[i] { base[i] } else { 0 }).collect();
        let mut spare = u32::from(total).saturating_sub(need(&shown)) as u16;
        // Grow flexible columns toward their content, a cell at a time, round robin.
        loop {
            let mut grew = false;
            for (i, c) in columns.iter().enumerate() {
                if spare > 0 && widths[i] > 0 && c.flex && widths[i] < content_of(i) {
                    widths[i] += 1;
                    spare -= 1;
                    grew = true;
                }
            }
            if !grew || spare == 0 {
                break;
            }
        }
        let cut = columns.iter().enumerate().any(|(i, c)| c.flex && widths[i] > 0 && widths[i] < content_of(i));
        match least(&shown, OPTIONAL) {
            Some(i) if cut => shown[i] = false,
            _ => return widths,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static COLS: [Column; 3] =
        [Column::flex("NAME", 4, 0), Column::fixed("STATUS", 6, 2), Column::flex("REASON", 6, 1)];
    static OPTIONAL_COLS: [Column; 3] =
        [Column::flex("NAME", 4, 0), Column::fixed("CONTROLLER", 10, 5), Column::flex("REASON", 6, 1)];

    #[test]
    fn optional_columns_give_way_to_cut_content() {
        // Everything fits at minimum width, but REASON would be cut: CONTROLLER goes.
        let w = column_widths(&OPTIONAL_COLS, &[4, 11, 30], 40);
        assert_eq!(w[1], 0, "{w:?}");
        assert_eq!(w[2], 30);
        // With room for all, nothing goes.
        assert_eq!(column_widths(&OPTIONAL_COLS, &[4, 11, 30], 60), vec![4, 11, 30]);
    }

    #[test]
    fn wide_fixed_content_never_overflows() {
        let w = column_widths(&COLS, &[4, 30, 6], 30);
        let used: u16 = w.iter().filter(|w| **w > 0).map(|w| w + 1).sum();
        assert!(used <= 30, "{w:?}");
    }

    #[test]
    fn drops_low_priority_first_and_grows_flex() {
        let w = column_widths(&COLS, &[20, 6, 30], 200);
        assert_eq!(w, vec![20, 6, 30]);
        let w = column_widths(&COLS, &[20, 6, 30], 14);
        assert_eq!(w[1], 0, "STATUS (priority 2) goes first: {w:?}");
        assert!(w[0] > 0 && w[2] > 0);
        let w = column_widths(&COLS, &[20, 6, 30], 6);
        assert_eq!(w, vec![5, 0, 0], "the one spare cell goes to NAME");
    }
}
