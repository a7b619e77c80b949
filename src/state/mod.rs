//! The console's state, owned by the UI loop alone. Workers never touch it: they send [`Msg`]s,
//! and [`update`] turns each message into state changes plus [`Effect`]s for the loop to carry out.
mod command;
mod data;
mod effect;
mod keys;
mod msg;
pub(crate) mod nav;
mod update;
mod view;

pub use command::{COMMANDS, Command, complete, parse_command};
pub use data::{Data, Resource, Status};
pub use effect::{Effect, Load};
pub use msg::{Msg, Payload};
pub use nav::{scroll_offset, table_of};
pub use update::update;
pub use view::{DescribeFormat, View, ViewKind};

/// The table of the view on screen, if it has data.
pub fn nav_table(state: &State) -> Option<crate::table::Table> {
    nav::table_of(state, state.view())
}

use crate::api::ApiError;
use crate::config::Keymap;
use crate::model::Time;
use std::time::Duration;

/// Request ids: a reply is applied only if it answers the newest request for its resource.
pub type ReqId = u64;

/// Where the console is connected: shown in the header breadcrumbs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    pub endpoint: Option<String>,
    pub demo: bool,
}

impl Target {
    pub fn label(&self) -> String {
        let mut parts = Vec::new();
        if self.demo {
            parts.push("demo".to_string());
        } else {
            parts.push(self.profile.clone().unwrap_or_else(|| "default".into()));
        }
        parts.push(self.region.clone().unwrap_or_else(|| "no region".into()));
        if let Some(a) = &self.account {
            parts.push(a.clone());
        }
        parts.join(" · ")
    }
}

/// What the keyboard is talking to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Mode {
    #[default]
    Normal,
    /// Typing a fuzzy filter for the current table.
    Filter {
        input: String,
    },
    /// Typing a `:` command; `hint` shows the completion candidates.
    Command {
        input: String,
        hint: Vec<String>,
    },
    Help {
        scroll: u16,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warn,
    Error,
}

/// A one-line message at the bottom of the screen; replaced by the next one, cleared by time.
#[derive(Debug, Clone, PartialEq)]
pub struct Flash {
    pub level: Level,
    pub text: String,
    pub at: Time,
}

/// Fixed inputs to the console, decided at start.
#[derive(Debug, Clone)]
pub struct Settings {
    pub refresh: Duration,
    pub read_only: bool,
    /// Names offered by `:theme` completion.
    pub themes: Vec<String>,
}

pub struct State {
    pub target: Target,
    /// Problem that stopped the console from connecting at all (no region, no credentials).
    pub setup_error: Option<ApiError>,
    pub connected: bool,
    pub stack: Vec<View>,
    pub data: Data,
    pub mode: Mode,
    pub keymap: Keymap,
    pub settings: Settings,
    pub theme: String,
    pub flash: Option<Flash>,
    /// Problems found in the user's config files, shown once at start.
    pub warnings: Vec<String>,
    /// AWS profile names for `:profile` completion.
    pub profiles: Vec<String>,
    pub now: Time,
    pub spinner: usize,
    pub next_req: ReqId,
    pub quit: bool,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    /// Rows the table body can show (set from the terminal size), for page up/down.
    pub page: usize,
}

impl State {
    pub fn new(target: Target, keymap: Keymap, settings: Settings, theme: String, now: Time) -> Self {
        Self {
            target,
            setup_error: None,
            connected: false,
            stack: vec![View::new(ViewKind::Clusters)],
            data: Data::default(),
            mode: Mode::Normal,
            keymap,
            settings,
            theme,
            flash: None,
            warnings: Vec::new(),
            profiles: Vec::new(),
            now,
            spinner: 0,
            next_req: 1,
            quit: false,
            dirty: true,
            page: 20,
        }
    }

    pub fn view(&self) -> &View {
        // The stack is never empty: `back` stops at the root.
        self.stack.last().expect("navigation stack is never empty")
    }

    pub fn view_mut(&mut self) -> &mut View {
        self.stack.last_mut().expect("navigation stack is never empty")
    }

    pub fn req(&mut self) -> ReqId {
        let id = self.next_req;
        self.next_req += 1;
        id
    }

    pub fn flash(&mut self, level: Level, text: impl Into<String>) {
        self.flash = Some(Flash { level, text: text.into(), at: self.now });
        self.dirty = true;
    }

    /// Something is loading for the view on screen (drives the spinner).
    pub fn loading(&self) -> bool {
        self.data.pending_for(&self.view().kind)
    }
}
