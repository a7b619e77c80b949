//! Column widths: drop the least important columns on narrow terminals, then share the spare
//! width among flexible columns up to what their content needs.
use crate::table::Column;
use unicode_width::UnicodeWidthStr;

/// Widths per column (0 = hidden) for `total` cells, given the widest content of each column.
pub fn column_widths(columns: &[Column], content: &[u16], total: u16) -> Vec<u16> {
    let gap = 1u16;
    let mut shown: Vec<bool> = vec![true; columns.len()];
    let need = |shown: &[bool]| -> u32 {
        columns
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(c, _)| u32::from(c.min.max(c.title.width() as u16) + gap))
            .sum()
    };
    while need(&shown) > u32::from(total) {
        // Highest priority number goes first; priority 0 never goes.
        let drop = columns
            .iter()
            .enumerate()
            .filter(|(i, c)| shown[*i] && c.priority > 0)
            .max_by_key(|(i, c)| (c.priority, *i))
            .map(|(i, _)| i);
        match drop {
            Some(i) => shown[i] = false,
            None => break,
        }
    }
    let mut widths: Vec<u16> = columns
        .iter()
        .zip(&shown)
        .enumerate()
        .map(|(i, (c, s))| {
            if !*s {
                return 0;
            }
            let content = content.get(i).copied().unwrap_or(0);
            let title = c.title.width() as u16;
            // Fixed columns take their content width (bounded); flexible ones start at what
            // they need up to their minimum, and grow below.
            if c.flex { title.max(content.min(c.min)) } else { c.min.max(title).max(content.min(40)) }
        })
        .collect();
    let used: u32 = widths.iter().filter(|w| **w > 0).map(|w| u32::from(*w + gap)).sum();
    let mut spare = u32::from(total).saturating_sub(used) as u16;
    // Grow flexible columns toward their content, a cell at a time, round robin.
    loop {
        let mut grew = false;
        for (i, c) in columns.iter().enumerate() {
            if spare == 0 {
                break;
            }
            if widths[i] > 0 && c.flex && widths[i] < content.get(i).copied().unwrap_or(0) {
                widths[i] += 1;
                spare -= 1;
                grew = true;
            }
        }
        if !grew || spare == 0 {
            break;
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    static COLS: [Column; 3] =
        [Column::flex("NAME", 4, 0), Column::fixed("STATUS", 6, 2), Column::flex("REASON", 6, 1)];

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
