//! Who has the keyboard. The top layer gets every key; with no layer the view on screen does.
//! Ctrl-C and Esc mean what the top layer says (confirm and exec layers join later).

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Layer {
    /// Typing a fuzzy filter for the current table.
    Filter { input: String },
    /// Typing a `:` command; `hint` shows the completion candidates.
    Command { input: String, hint: Vec<String> },
    /// Typing a search in a text view (`/` in describe).
    Search { input: String },
    /// The `?` overlay.
    Help { scroll: u16 },
}
