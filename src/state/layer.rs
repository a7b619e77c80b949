//! Who has the keyboard. The top layer gets every key; with no layer the view on screen does.
//! Ctrl-C and Esc mean what the top layer says: in the confirm and prompt layers both cancel.
use crate::mutation::{Mutation, Protection};

#[derive(Debug, Clone, PartialEq)]
pub enum Layer {
    /// Typing a fuzzy filter for the current table.
    Filter { input: String },
    /// Typing a `:` command; `hint` shows the completion candidates.
    Command { input: String, hint: Vec<String> },
    /// Typing a search in a text view (`/` in describe).
    Search { input: String },
    /// The `?` overlay.
    Help { scroll: u16 },
    /// A change waiting for Enter (or its target's name, when protected) or Esc.
    Confirm(Box<Confirm>),
    /// A one-line question before a change is proposed (a desired count, a stop reason).
    Prompt(Prompt),
}

/// The confirm dialog: what will be sent, where, and what it will do.
#[derive(Debug, Clone, PartialEq)]
pub struct Confirm {
    pub mutation: Mutation,
    /// Facts about the target and the change, as `label: value` lines (desired count, circuit
    /// breaker, the provider list PutClusterCapacityProviders resends, expected placement).
    pub facts: Vec<(String, String)>,
    /// What the user should know before confirming (warnings), in words.
    pub notes: Vec<String>,
    /// The target as it is now, journaled as "before".
    pub before: serde_json::Value,
    /// Set for a protected target: its name must be typed to confirm.
    pub protect: Option<Protection>,
    pub typed: String,
    /// Why the last Enter did not confirm.
    pub refusal: Option<String>,
}

/// What a prompt asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ask {
    /// The desired count of a service; `current` is shown and pre-filled.
    Scale { cluster: String, service: String, current: i32 },
    /// An optional reason for stopping a task.
    StopReason { cluster: String, task: String },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    pub ask: Ask,
    pub input: String,
    /// What is wrong with the input as typed (shown live; Enter is refused while set).
    pub problem: Option<String>,
}
