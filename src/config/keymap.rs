//! The keymap: which key runs which action in which view. Defaults come from the embedded
//! `keymap.toml`; a user `keymap.toml` replaces single entries per context.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crossterm::event::KeyEvent;

use super::keys::KeySpec;
use super::toml_util::{parse_table, read_optional, type_name};

/// The default keymap, also the commented reference users copy.
pub const DEFAULT_KEYMAP: &str = include_str!("../../keymap.toml");

const FILE: &str = "keymap.toml";

/// Where a binding applies; each is a table in `keymap.toml`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Clusters,
    Services,
    Tasks,
    Containers,
    Describe,
    Journal,
    Strategy,
    Rollout,
    TaskDef,
    Service,
    Cluster,
    Alarms,
    Alarm,
    Logs,
    Triage,
}

impl Context {
    pub fn all() -> &'static [Context] {
        use Context::*;
        &[
            Global, Clusters, Services, Tasks, Containers, Describe, Journal, Strategy, Rollout, Service, TaskDef,
            Cluster, Alarms, Alarm, Logs, Triage,
        ]
    }

    /// The table name in `keymap.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Clusters => "clusters",
            Context::Services => "services",
            Context::Tasks => "tasks",
            Context::Containers => "containers",
            Context::Describe => "describe",
            Context::Journal => "journal",
            Context::Strategy => "strategy",
            Context::Rollout => "rollout",
            Context::TaskDef => "taskdef",
            Context::Service => "service",
            Context::Cluster => "cluster",
            Context::Alarms => "alarms",
            Context::Alarm => "alarm",
            Context::Logs => "logs",
            Context::Triage => "triage",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::all().iter().copied().find(|c| c.name() == name)
    }
}

/// An enum whose variants are also listed, in order, in `ALL`, so the list cannot miss one.
macro_rules! listed {
    ($(#[$meta:meta])* pub enum $name:ident { $($variant:ident,)* }) => {
        $(#[$meta])*
        pub enum $name { $($variant,)* }
        impl $name {
            const ALL: &'static [$name] = &[$($name::$variant,)*];
        }
    };
}

listed! {
/// Everything a key can do. Views decide what an action means for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Action {
    Quit,
    Back,
    Open,
    Filter,
    Command,
    Help,
    Describe,
    Refresh,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    SortNext,
    SortReverse,
    ClusterTasks,
    ToggleStopped,
    ToggleFormat,
    ToggleWrap,
    SearchNext,
    SearchPrev,
    Left,
    Right,
    Deploy,
    Scale,
    StopTask,
    Rollback,
    Strategy,
    EnableExec,
    Watch,
    Journal,
    NextField,
    PrevField,
    Increase,
    Decrease,
    AddProvider,
    RemoveProvider,
    PresetOnDemand,
    PresetSpotMix,
    PresetSpot,
    PresetClusterDefault,
    ToggleForce,
    Propose,
    TaskDefinition,
    Diff,
    Reveal,
    HideValues,
    ServiceTasks,
    PaneSummary,
    PaneDeployments,
    PaneEvents,
    Info,
    ClusterServices,
    PaneProviders,
    PaneInstances,
    PaneMix,
    NextPane,
    PrevPane,
    Zoom,
    Alarms,
    PaneAlarms,
    PaneMetrics,
    ToggleSparklines,
    Logs,
    ToggleTimestamps,
    TogglePretty,
    ToggleNarrow,
    NextError,
    PrevError,
    JumpTail,
    JumpHead,
    Jump1m,
    Jump5m,
    Jump15m,
    Jump30m,
    Jump1h,
    SaveLog,
    CopyLine,
    DiffDeployment,
    PaneTargets,
    PaneScaling,
}
}

impl Action {
    pub fn all() -> &'static [Action] {
        Action::ALL
    }

    /// The entry name in `keymap.toml`.
    pub fn name(self) -> &'static str {
        match self {
            Action::Quit => "quit",
            Action::Back => "back",
            Action::Open => "open",
            Action::Filter => "filter",
            Action::Command => "command",
            Action::Help => "help",
            Action::Describe => "describe",
            Action::Refresh => "refresh",
            Action::Up => "up",
            Action::Down => "down",
            Action::PageUp => "page_up",
            Action::PageDown => "page_down",
            Action::Top => "top",
            Action::Bottom => "bottom",
            Action::SortNext => "sort_next",
            Action::SortReverse => "sort_reverse",
            Action::ClusterTasks => "cluster_tasks",
            Action::ToggleStopped => "toggle_stopped",
            Action::ToggleFormat => "toggle_format",
            Action::ToggleWrap => "toggle_wrap",
            Action::SearchNext => "search_next",
            Action::SearchPrev => "search_prev",
            Action::Left => "left",
            Action::Right => "right",
            Action::Deploy => "deploy",
            Action::Scale => "scale",
            Action::StopTask => "stop_task",
            Action::Rollback => "rollback",
            Action::Strategy => "strategy",
            Action::EnableExec => "enable_exec",
            Action::Watch => "watch",
            Action::Journal => "journal",
            Action::NextField => "next_field",
            Action::PrevField => "prev_field",
            Action::Increase => "increase",
            Action::Decrease => "decrease",
            Action::AddProvider => "add_provider",
            Action::RemoveProvider => "remove_provider",
            Action::PresetOnDemand => "preset_on_demand",
            Action::PresetSpotMix => "preset_spot_mix",
            Action::PresetSpot => "preset_spot",
            Action::PresetClusterDefault => "preset_cluster_default",
            Action::ToggleForce => "toggle_force",
            Action::Propose => "propose",
            Action::TaskDefinition => "task_definition",
            Action::Diff => "diff",
            Action::Reveal => "reveal",
            Action::HideValues => "hide_values",
            Action::ServiceTasks => "service_tasks",
            Action::PaneSummary => "pane_summary",
            Action::PaneDeployments => "pane_deployments",
            Action::PaneEvents => "pane_events",
            Action::Info => "info",
            Action::ClusterServices => "cluster_services",
            Action::PaneProviders => "pane_providers",
            Action::PaneInstances => "pane_instances",
            Action::PaneMix => "pane_mix",
            Action::NextPane => "next_pane",
            Action::PrevPane => "prev_pane",
            Action::Zoom => "zoom",
            Action::Alarms => "alarms",
            Action::PaneAlarms => "pane_alarms",
            Action::PaneMetrics => "pane_metrics",
            Action::ToggleSparklines => "toggle_sparklines",
            Action::Logs => "logs",
            Action::ToggleTimestamps => "toggle_timestamps",
            Action::TogglePretty => "toggle_pretty",
            Action::ToggleNarrow => "toggle_narrow",
            Action::NextError => "next_error",
            Action::PrevError => "prev_error",
            Action::JumpTail => "jump_tail",
            Action::JumpHead => "jump_head",
            Action::Jump1m => "jump_1m",
            Action::Jump5m => "jump_5m",
            Action::Jump15m => "jump_15m",
            Action::Jump30m => "jump_30m",
            Action::Jump1h => "jump_1h",
            Action::SaveLog => "save_log",
            Action::CopyLine => "copy_line",
            Action::DiffDeployment => "diff_deployment",
            Action::PaneTargets => "pane_targets",
            Action::PaneScaling => "pane_scaling",
        }
    }

    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        match self {
            Action::Quit => "quit bosun",
            Action::Back => "close the overlay or go back",
            Action::Open => "open the selected row",
            Action::Filter => "filter the rows",
            Action::Command => "command mode (:clusters, :services, :tasks, ...)",
            Action::Help => "show the keys of this view",
            Action::Describe => "describe the selected resource",
            Action::Refresh => "refresh now",
            Action::Up => "move up",
            Action::Down => "move down",
            Action::PageUp => "page up",
            Action::PageDown => "page down",
            Action::Top => "go to the first row",
            Action::Bottom => "go to the last row",
            Action::SortNext => "sort by the next column",
            Action::SortReverse => "reverse the sort order",
            Action::ClusterTasks => "all tasks of the selected cluster",
            Action::ToggleStopped => "show running or stopped tasks",
            Action::ToggleFormat => "switch between YAML and JSON",
            Action::ToggleWrap => "wrap long lines, or scroll them sideways",
            Action::SearchNext => "next line that matches the search",
            Action::SearchPrev => "previous line that matches the search",
            Action::Left => "scroll left",
            Action::Right => "scroll right",
            Action::Deploy => "force a new deployment of the service",
            Action::Scale => "scale the service (desired count)",
            Action::StopTask => "stop the task (with a reason)",
            Action::Rollback => "roll back the service's ongoing deployment",
            Action::Strategy => "edit the capacity-provider strategy",
            Action::EnableExec => "enable ECS Exec on the service (redeploys)",
            Action::Watch => "watch the service's rollout",
            Action::Journal => "the audit journal of changes made",
            Action::NextField => "next field (provider, base, weight)",
            Action::PrevField => "previous field",
            Action::Increase => "add 1 to the field (on provider: the next unused provider)",
            Action::Decrease => "take 1 from the field (on provider: the previous unused provider)",
            Action::AddProvider => "add a row with a provider of the cluster not in the strategy yet",
            Action::RemoveProvider => "remove the row",
            Action::PresetOnDemand => "preset: all on-demand (FARGATE weight 1)",
            Action::PresetSpotMix => "preset: 1 on-demand, then 80/20 Spot (FARGATE b1 w1 + FARGATE_SPOT w4)",
            Action::PresetSpot => "preset: all Spot (FARGATE_SPOT weight 1)",
            Action::PresetClusterDefault => "preset: an explicit copy of the cluster default (service only)",
            Action::ToggleForce => "force a new deployment with the change, or not",
            Action::Propose => "propose the change (shows the exact call to confirm)",
            Action::TaskDefinition => "the task definition (containers, images, ports, logs; env values masked)",
            Action::Diff => "diff against the previous revision",
            Action::Reveal => "reveal the next environment value (one at a time)",
            Action::HideValues => "mask every environment value again",
            Action::ServiceTasks => "the running tasks of this service",
            Action::PaneSummary => "focus the summary pane",
            Action::PaneDeployments => "focus the deployments pane",
            Action::PaneEvents => "focus the events pane",
            Action::Info => "the selected cluster in detail: providers, instances, mix and cost",
            Action::ClusterServices => "the services of this cluster",
            Action::PaneProviders => "focus the capacity providers pane",
            Action::PaneInstances => "focus the container instances pane",
            Action::PaneMix => "focus the capacity-provider mix pane",
            Action::NextPane => "focus the next pane",
            Action::PrevPane => "focus the previous pane",
            Action::Zoom => "show the focused pane full-screen, or all panes again",
            Action::Alarms => "the CloudWatch alarms of the cluster and its services",
            Action::PaneAlarms => "focus the CloudWatch alarms pane",
            Action::PaneMetrics => "focus the metrics pane (CPU, memory, load balancer)",
            Action::ToggleSparklines => "show or hide CPU and memory sparklines (3h) for the rows on screen",
            Action::Logs => "the logs of the selected service, task or container",
            Action::ToggleTimestamps => "show or hide each line's time",
            Action::TogglePretty => "show JSON lines pretty (indented) or as sent",
            Action::ToggleNarrow => "the filter hides other lines, or only marks its matches",
            Action::NextError => "next error line (ERROR, Exception, panic, level error…)",
            Action::PrevError => "previous error line",
            Action::JumpTail => "restart the tail: new lines only",
            Action::JumpHead => "restart the tail from the oldest event",
            Action::Jump1m => "restart the tail from 1 minute ago",
            Action::Jump5m => "restart the tail from 5 minutes ago",
            Action::Jump15m => "restart the tail from 15 minutes ago",
            Action::Jump30m => "restart the tail from 30 minutes ago",
            Action::Jump1h => "restart the tail from 1 hour ago",
            Action::SaveLog => "save the lines kept to a file in the state directory",
            Action::CopyLine => "copy the selected line to the clipboard (OSC 52)",
            Action::DiffDeployment => "diff the picked deployment's task definition with the current one",
            Action::PaneTargets => "focus the load balancer targets pane (health per target group)",
            Action::PaneScaling => "focus the auto scaling pane (target, policies, recent activities)",
        }
    }

    pub fn from_name(name: &str) -> Option<Action> {
        Action::all().iter().copied().find(|a| a.name() == name)
    }
}

/// Bindings per context. Within one context a key belongs to at most one action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Keymap {
    tables: BTreeMap<Context, BTreeMap<Action, Vec<KeySpec>>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        Keymap::defaults()
    }
}

impl Keymap {
    /// The built-in keymap (a test proves the embedded file parses without warnings).
    pub fn defaults() -> Keymap {
        Keymap::parse_defaults().0
    }

    fn parse_defaults() -> (Keymap, Vec<String>) {
        let mut keymap = Keymap { tables: BTreeMap::new() };
        let warnings = keymap.apply(DEFAULT_KEYMAP);
        (keymap, warnings)
    }

    /// The defaults with the entries of a user file applied on top. Each bad entry gives a
    /// warning and keeps its default; a file that is not valid TOML changes nothing.
    pub fn with_user(user_toml: &str) -> (Keymap, Vec<String>) {
        let mut keymap = Keymap::defaults();
        let warnings = keymap.apply(user_toml);
        (keymap, warnings)
    }

    /// Reads `<config_dir>/keymap.toml` if present.
    pub fn load(config_dir: &Path) -> (Keymap, Vec<String>) {
        match read_optional(&config_dir.join(FILE)) {
            Ok(Some(text)) => Keymap::with_user(&text),
            Ok(None) => (Keymap::defaults(), Vec::new()),
            Err(err) => (Keymap::defaults(), vec![format!("{FILE}: {err} (kept defaults)")]),
        }
    }

    /// The action a key runs in `ctx`: the context's own table first, then `[global]`.
    /// Key releases never act.
    pub fn action(&self, ctx: Context, key: &KeyEvent) -> Option<Action> {
        let spec = KeySpec::from_event(key)?;
        self.lookup(ctx, spec).or_else(|| self.lookup(Context::Global, spec))
    }

    /// The keys that run `action` in `ctx`, as shown to the user (e.g. `["q", "ctrl-c"]`):
    /// the context's own keys, then global keys the context does not take for something else.
    pub fn keys(&self, ctx: Context, action: Action) -> Vec<String> {
        self.effective(ctx, action).iter().map(ToString::to_string).collect()
    }

    /// Every action usable in `ctx` with its keys, for the help overlay: the context's own
    /// actions first, then the global ones, each group in [`Action::all`] order.
    /// Actions left without a key are omitted.
    pub fn bindings(&self, ctx: Context) -> Vec<(Action, Vec<String>)> {
        let own = self.table(ctx);
        let (mut first, mut rest) = (Vec::new(), Vec::new());
        for &action in Action::all() {
            let keys = self.keys(ctx, action);
            if keys.is_empty() {
                continue;
            }
            if ctx != Context::Global && own.is_some_and(|t| t.contains_key(&action)) {
                first.push((action, keys));
            } else {
                rest.push((action, keys));
            }
        }
        first.extend(rest);
        first
    }

    fn table(&self, ctx: Context) -> Option<&BTreeMap<Action, Vec<KeySpec>>> {
        self.tables.get(&ctx)
    }

    fn lookup(&self, ctx: Context, spec: KeySpec) -> Option<Action> {
        let table = self.table(ctx)?;
        table.iter().find(|(_, keys)| keys.contains(&spec)).map(|(action, _)| *action)
    }

    fn effective(&self, ctx: Context, action: Action) -> Vec<KeySpec> {
        let mut out: Vec<KeySpec> = Vec::new();
        if ctx != Context::Global
            && let Some(keys) = self.table(ctx).and_then(|t| t.get(&action))
        {
            out.extend(keys);
        }
        let global = self.table(Context::Global).and_then(|t| t.get(&action));
        for &key in global.into_iter().flatten() {
            let shadowed = ctx != Context::Global && self.lookup(ctx, key).is_some();
            if !shadowed && !out.contains(&key) {
                out.push(key);
            }
        }
        out
    }

    /// Applies the entries of one keymap document, returning a warning per problem. Entries
    /// that take a key from another action, here or through a view's table shadowing
    /// `[global]`, apply and are reported, unless the document rebinds that action too.
    fn apply(&mut self, text: &str) -> Vec<String> {
        let doc = match parse_table(text) {
            Ok(doc) => doc,
            Err(err) => return vec![format!("{FILE}: {err} (kept defaults)")],
        };
        let mut warnings = Vec::new();
        // Every (context, action) this document names, to tell deliberate moves from accidents.
        let named: BTreeSet<(Context, Action)> = doc
            .iter()
            .filter_map(|(c, v)| Some((Context::from_name(c)?, v.as_table()?)))
            .flat_map(|(ctx, t)| t.keys().filter_map(move |a| Some((ctx, Action::from_name(a)?))))
            .collect();
        // What this document bound, for the shadowing check once every entry is in.
        let mut applied: Vec<(Context, Action, Vec<KeySpec>)> = Vec::new();
        for (ctx_name, value) in &doc {
            let Some(ctx) = Context::from_name(ctx_name) else {
                let known: Vec<_> = Context::all().iter().map(|c| c.name()).collect();
                warnings.push(format!(
                    "{FILE}: [{ctx_name}]: unknown context, expected one of {} (kept defaults)",
                    known.join(", ")
                ));
                continue;
            };
            let Some(entries) = value.as_table() else {
                warnings.push(format!(
                    "{FILE}: {ctx_name}: expected a table [{ctx_name}], found {} (kept defaults)",
                    type_name(value)
                ));
                continue;
            };
            // Actions this document has set in this context, to report keys it binds twice.
            let mut set_here: BTreeSet<Action> = BTreeSet::new();
            for (action_name, value) in entries {
                let Some(action) = Action::from_name(action_name) else {
                    warnings.push(format!("{FILE}: [{ctx_name}] {action_name}: unknown action (kept defaults)"));
                    continue;
                };
                let keys = match parse_keys(value) {
                    Ok((keys, respelt)) => {
                        warnings
                            .extend(respelt.into_iter().map(|w| format!("{FILE}: [{ctx_name}] {action_name}: {w}")));
                        keys
                    }
                    Err(err) => {
                        warnings.push(format!("{FILE}: [{ctx_name}] {action_name}: {err} (kept defaults)"));
                        continue;
                    }
                };
                let table = self.tables.entry(ctx).or_default();
                // A key moves to the action that names it last, so `describe = ["x"]` needs no unbinding of `x`.
                for (other, other_keys) in table.iter_mut().filter(|(a, _)| **a != action) {
                    for key in keys.iter().filter(|k| other_keys.contains(k)) {
                        if set_here.contains(other) {
                            warnings.push(format!(
                                "{FILE}: [{ctx_name}] {action_name}: key \"{key}\" is also bound to {} here; {action_name} keeps it",
                                other.name()
                            ));
                        } else if !named.contains(&(ctx, *other)) {
                            warnings.push(format!(
                                "{FILE}: [{ctx_name}] {action_name}: key \"{key}\" was {}'s; it moves to {action_name} \
                                 (rebind {} too if that is meant)",
                                other.name(),
                                other.name()
                            ));
                        }
                    }
                    other_keys.retain(|k| !keys.contains(k));
                }
                table.insert(action, keys.clone());
                set_here.insert(action);
                applied.push((ctx, action, keys));
            }
        }
        for (ctx, action, keys) in applied {
            warnings.extend(self.shadowing(ctx, action, &keys, &named));
        }
        warnings
    }

    /// Keys of `action` in `ctx` that a view's table and `[global]` give to different
    /// actions: one of the two never runs in that view.
    fn shadowing(
        &self,
        ctx: Context,
        action: Action,
        keys: &[KeySpec],
        named: &BTreeSet<(Context, Action)>,
    ) -> Vec<String> {
        let mut out = Vec::new();
        for &key in keys {
            if ctx == Context::Global {
                for &view in Context::all().iter().filter(|c| **c != Context::Global) {
                    if let Some(other) = self.lookup(view, key).filter(|o| *o != action && !named.contains(&(view, *o)))
                    {
                        out.push(format!(
                            "{FILE}: [global] {}: key \"{key}\" runs {} in [{}], so {} does not run there",
                            action.name(),
                            other.name(),
                            view.name(),
                            action.name()
                        ));
                    }
                }
            } else if let Some(other) =
                self.lookup(Context::Global, key).filter(|o| *o != action && !named.contains(&(Context::Global, *o)))
            {
                out.push(format!(
                    "{FILE}: [{}] {}: key \"{key}\" is {}'s in [global]; in [{}] it now runs {}",
                    ctx.name(),
                    action.name(),
                    other.name(),
                    ctx.name(),
                    action.name()
                ));
            }
        }
        out
    }
}

/// A key list entry: one key name or a list of them; all must parse or the entry is rejected.
/// Also returns a warning for each key written twice (`G` and `shift-g` are one key).
fn parse_keys(value: &toml::Value) -> Result<(Vec<KeySpec>, Vec<String>), String> {
    let names: Vec<&toml::Value> = match value {
        toml::Value::Array(items) => items.iter().collect(),
        single => vec![single],
    };
    let mut keys = Vec::new();
    let mut spelt: Vec<&str> = Vec::new();
    let mut warnings = Vec::new();
    for name in names {
        let Some(name) = name.as_str() else {
            return Err(format!("expected a key name or a list of key names, found {}", type_name(name)));
        };
        let key = KeySpec::parse(name)?;
        match keys.iter().position(|k| *k == key) {
            Some(i) => warnings.push(format!("\"{name}\" is the same key as \"{}\" (listed once)", spelt[i])),
            None => {
                keys.push(key);
                spelt.push(name);
            }
        }
    }
    Ok((keys, warnings))
}

#[cfg(test)]
#[path = "keymap_tests.rs"]
mod tests;
