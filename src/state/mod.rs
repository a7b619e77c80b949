//! The console's state: data only, owned by the UI loop alone. Workers never touch it: they
//! send [`Msg`]s, and `update` (in `crate::update`) turns each message into state changes plus
//! [`Effect`]s for the runtime to carry out.
mod data;
mod effect;
mod layer;
mod msg;

pub use data::{Data, Progress, Resource, Status};
pub use effect::{Effect, Load, Write};
pub use layer::{Ask, Confirm, Layer, Prompt};
pub use msg::{Msg, Payload};

use crate::api::ApiError;
use crate::config::Keymap;
use crate::model::Time;
use crate::views::View;
use std::collections::HashMap;
use std::time::Duration;

/// Request ids: a reply is applied only if it answers the newest request for its resource.
pub type ReqId = u64;

/// Identifies one pushed view for as long as it lives; jobs it started stop when it is left.
pub type ViewId = u64;

/// Owner of jobs that belong to the session rather than to a view (the caller identity).
pub const SESSION: ViewId = 0;

/// Where the console is connected: shown in the header breadcrumbs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Target {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub account: Option<String>,
    /// The account's alias (iam:ListAccountAliases), when it has one and may be read.
    pub alias: Option<String>,
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
        match (&self.account, &self.alias) {
            (Some(a), Some(alias)) => parts.push(format!("{a} ({alias})")),
            (Some(a), None) => parts.push(a.clone()),
            (None, _) => {}
        }
        parts.join(" · ")
    }
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
    /// Glob patterns of cluster and service names whose changes ask for the name to be typed.
    pub protected: Vec<String>,
    /// Names offered by `:theme` completion.
    pub themes: Vec<String>,
}

/// One entry of the navigation stack.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: ViewId,
    pub view: View,
}

/// A load in flight, with the view that asked for it.
#[derive(Debug, Clone, PartialEq)]
pub struct Inflight {
    pub owner: ViewId,
    pub load: Load,
}

pub struct State {
    pub target: Target,
    /// Problem that stopped the console from connecting at all (no region, no credentials).
    pub setup_error: Option<ApiError>,
    pub connected: bool,
    /// The newest `Connect` asked for: an answer to an older one is ignored.
    pub connect_req: Option<ReqId>,
    /// The identity request in flight (stale answers, e.g. from the previous profile, are ignored).
    pub identity_req: Option<ReqId>,
    pub stack: Vec<Entry>,
    /// Who has the keyboard: the top layer; empty means the view itself.
    pub layers: Vec<Layer>,
    pub data: Data,
    /// Every load in flight by request id, so leaving a view can cancel what it started.
    pub inflight: HashMap<ReqId, Inflight>,
    pub keymap: Keymap,
    pub settings: Settings,
    pub theme: String,
    pub flash: Option<Flash>,
    /// Problems found in the user's config files, shown once at start.
    pub warnings: Vec<String>,
    /// AWS profile names for `:profile` completion.
    pub profiles: Vec<String>,
    /// The service (cluster, service) whose rollback waits for its ongoing deployments.
    pub rollback: Option<(String, String)>,
    /// Changes sent and not answered yet, by request id.
    pub writes: HashMap<ReqId, crate::mutation::Mutation>,
    pub now: Time,
    pub spinner: usize,
    pub next_req: ReqId,
    pub next_view: ViewId,
    pub quit: bool,
    /// Something visible changed since the last frame.
    pub dirty: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// How many lines a log view keeps (the `log_lines` setting).
    pub log_lines: usize,
    /// The triage rules' thresholds (settings.toml `[triage]`).
    pub triage: crate::triage::Thresholds,
}

impl State {
    pub fn new(target: Target, keymap: Keymap, settings: Settings, theme: String, now: Time) -> Self {
        let mut s = Self {
            target,
            setup_error: None,
            connected: false,
            connect_req: None,
            identity_req: None,
            stack: Vec::new(),
            layers: Vec::new(),
            data: Data::default(),
            inflight: HashMap::new(),
            keymap,
            settings,
            theme,
            flash: None,
            warnings: Vec::new(),
            profiles: Vec::new(),
            rollback: None,
            writes: HashMap::new(),
            now,
            spinner: 0,
            next_req: 1,
            next_view: SESSION + 1,
            quit: false,
            dirty: true,
            size: (80, 24),
            log_lines: crate::views::log_buffer::DEFAULT_LOG_LINES,
            triage: Default::default(),
        };
        s.data.prices = crate::model::Prices::builtin();
        let id = s.new_view_id();
        s.stack.push(Entry { id, view: View::clusters() });
        s
    }

    pub fn view(&self) -> &View {
        // The stack is never empty: `back` stops at the root.
        &self.stack.last().expect("navigation stack is never empty").view
    }

    pub fn view_mut(&mut self) -> &mut View {
        &mut self.stack.last_mut().expect("navigation stack is never empty").view
    }

    /// A fresh id for a view about to be pushed.
    pub fn new_view_id(&mut self) -> ViewId {
        let id = self.next_view;
        self.next_view += 1;
        id
    }

    /// The id of the view on screen.
    pub fn top_id(&self) -> ViewId {
        self.stack.last().map(|e| e.id).unwrap_or(SESSION)
    }

    pub fn req(&mut self) -> ReqId {
        let id = self.next_req;
        self.next_req += 1;
        id
    }

    pub fn layer(&self) -> Option<&Layer> {
        self.layers.last()
    }

    pub fn flash(&mut self, level: Level, text: impl Into<String>) {
        self.flash = Some(Flash { level, text: text.into(), at: self.now });
        self.dirty = true;
    }

    /// Rows the table body can show: header, title, table header and footer take four rows.
    pub fn page(&self) -> usize {
        (self.size.1 as usize).saturating_sub(4).max(1)
    }

    /// How often the view on screen is refreshed: the setting, or less while the view asks for
    /// it (a rollout being watched).
    pub fn refresh_interval(&self) -> Duration {
        let wanted = self.view().screen().refresh_every();
        wanted.map_or(self.settings.refresh, |w| w.min(self.settings.refresh))
    }

    /// Something is loading for the view on screen (drives the spinner).
    pub fn loading(&self) -> bool {
        self.view().screen().loads(&self.data).iter().any(|l| self.data.pending(l))
    }
}

#[cfg(test)]
mod tests {
    use super::Target;

    #[test]
    fn the_target_label_shows_the_account_alias_after_the_id() {
        let mut t = Target { profile: Some("prod".into()), region: Some("eu-west-1".into()), ..Default::default() };
        assert_eq!(t.label(), "prod · eu-west-1");
        t.alias = Some("acme-prod".into());
        assert_eq!(t.label(), "prod · eu-west-1", "no alias without the account");
        t.account = Some("123456789012".into());
        assert_eq!(t.label(), "prod · eu-west-1 · 123456789012 (acme-prod)");
        t.alias = None;
        assert_eq!(t.label(), "prod · eu-west-1 · 123456789012");
    }
}
