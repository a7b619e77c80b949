//! What a text view (describe, a task definition, a diff) keeps: its lines with their tones,
//! scroll in both directions, wrapping and a search with its matches. Lines are derived when
//! the data changes, not per frame.

/// How the text body colours one line. `Plain` is YAML/JSON (keys coloured); the rest colour
/// the whole line, so a view says what a line is and the renderer stays generic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tone {
    #[default]
    Plain,
    /// A summary above the document.
    Heading,
    /// A diff's added line.
    Added,
    /// A diff's removed line.
    Removed,
    /// A diff's unchanged line around a change, or a note.
    Muted,
    /// A diff's hunk header (`@@ -3,7 +3,7 @@`).
    Hunk,
    /// Something that went wrong, in words (a revision that cannot be loaded).
    Problem,
}

#[derive(Debug, Clone, Default)]
pub struct TextState {
    pub lines: Vec<String>,
    /// The tone of each line; lines past its end are `Plain`.
    pub tones: Vec<Tone>,
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
        self.set_toned(lines.into_iter().map(|l| (l, Tone::Plain)).collect());
    }

    /// Replace the text with lines of their own tones.
    pub fn set_toned(&mut self, lines: Vec<(String, Tone)>) {
        (self.lines, self.tones) = lines.into_iter().unzip();
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

    pub fn tone(&self, line: usize) -> Tone {
        self.tones.get(line).copied().unwrap_or_default()
    }

    pub fn widest(&self) -> usize {
        self.lines.iter().map(|l| unicode_width::UnicodeWidthStr::width(l.as_str())).max().unwrap_or(0)
    }
}

/// The actions every text view shares: wrapping, sideways scroll, search jumps. `NotHere` for
/// the rest, which the view handles itself.
pub fn text_act(text: &mut TextState, action: crate::config::Action) -> super::Acted {
    use super::Acted;
    use crate::config::Action;
    match action {
        Action::ToggleWrap => {
            text.wrap = !text.wrap;
            text.hscroll = 0;
            Acted::Done { reload: false }
        }
        Action::Left | Action::Right if text.wrap => {
            Acted::Said("lines wrap: w turns wrapping off to scroll sideways".into())
        }
        Action::Left => {
            text.hscroll = text.hscroll.saturating_sub(8);
            Acted::Done { reload: false }
        }
        Action::Right => {
            text.hscroll = (text.hscroll + 8).min(text.widest().saturating_sub(8));
            Acted::Done { reload: false }
        }
        Action::SearchNext | Action::SearchPrev => {
            if text.search.is_empty() {
                Acted::Said("no search: / starts one".into())
            } else if text.jump(action == Action::SearchNext) {
                Acted::Done { reload: false }
            } else {
                Acted::Said(format!("no line matches /{}", text.search))
            }
        }
        _ => Acted::NotHere,
    }
}

/// The actions of a text view: its own first, then those every text view takes (`text_act`).
macro_rules! text_actions {
    ($($own:ident),* $(,)?) => {
        &[
            $($crate::config::Action::$own,)*
            $crate::config::Action::Filter,
            $crate::config::Action::SearchNext,
            $crate::config::Action::SearchPrev,
            $crate::config::Action::ToggleWrap,
            $crate::config::Action::Left,
            $crate::config::Action::Right,
        ]
    };
}

/// The `Screen` methods of a view whose body is its `text` field.
macro_rules! text_body {
    () => {
        fn body(&self) -> $crate::views::Body<'_> {
            $crate::views::Body::Text(&self.text)
        }
        fn table(&self, _data: &$crate::state::Data, _now: $crate::model::Time) -> Option<$crate::table::Table> {
            None
        }
        fn text_mut(&mut self) -> Option<&mut $crate::views::TextState> {
            Some(&mut self.text)
        }
    };
}

pub(crate) use {text_actions, text_body};
