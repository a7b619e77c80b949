//! What a text view (describe) keeps: its lines, scroll in both directions, wrapping and a
//! search with its matches. Lines are derived when the data changes, not per frame.

#[derive(Debug, Clone, Default)]
pub struct TextState {
    pub lines: Vec<String>,
    /// First line shown (in unwrapped lines).
    pub offset: usize,
    /// Columns scrolled to the right (only when not wrapping).
    pub hscroll: usize,
    /// Long lines wrap at the screen edge (else they scroll sideways).
    pub wrap: bool,
    /// The search typed with `/`, highlighted; `n`/`N` move between the lines that match.
    pub search: String,
    pub matches: Vec<usize>,
}

impl TextState {
    pub fn new() -> Self {
        Self { wrap: true, ..Default::default() }
    }

    /// Replace the text, keeping the scroll position where it still fits.
    pub fn set_lines(&mut self, lines: Vec<String>) {
        self.lines = lines;
        self.offset = self.offset.min(self.lines.len().saturating_sub(1));
        self.find();
    }

    /// Recompute which lines match the search (case-insensitive).
    pub fn find(&mut self) {
        let needle = self.search.to_lowercase();
        self.matches = if needle.is_empty() {
            Vec::new()
        } else {
            self.lines.iter().enumerate().filter(|(_, l)| l.to_lowercase().contains(&needle)).map(|(i, _)| i).collect()
        };
    }

    /// Jump to the next (or previous) matching line from the current offset; false if none.
    pub fn jump(&mut self, forward: bool) -> bool {
        let next = if forward {
            self.matches.iter().find(|&&m| m > self.offset).or(self.matches.first())
        } else {
            self.matches.iter().rev().find(|&&m| m < self.offset).or(self.matches.last())
        };
        match next {
            Some(&m) => {
                self.offset = m;
                true
            }
            None => false,
        }
    }

    pub fn scroll(&mut self, to: super::Move, page: usize) {
        let max = self.lines.len().saturating_sub(page.max(1));
        self.offset = super::list::apply_move(self.offset.min(max), max, to, page);
    }

    pub fn widest(&self) -> usize {
        self.lines.iter().map(|l| unicode_width::UnicodeWidthStr::width(l.as_str())).max().unwrap_or(0)
    }
}
