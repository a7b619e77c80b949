//! The detail of one cluster (`i` on a cluster, `:cluster NAME`): panes for its summary (the
//! default strategy, Container Insights, the ECS Exec configuration, tags), its capacity
//! providers (Auto Scaling groups and how ECS manages them), its container instances (a lost
//! agent or a draining instance marked and counted) and its mix summed over every service with
//! the cost estimate. Each pane fills as its own load arrives, scrolls, and can be zoomed.
use super::{Acted, Body, Move, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{
    CapacityProvider, Cluster, ClusterMix, ContainerInstance, Estimate, ExecLogging, Strategy, TaskFilter,
    TaskStatusFilter, Time, arn_name, short_id,
};
use crate::state::{Data, Load};
use crate::table::{Table, Tone};

/// The panes, in the order of their keys (the number in each title).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Summary,
    Providers,
    Instances,
    Mix,
}

impl Pane {
    pub const ALL: [Pane; 4] = [Pane::Summary, Pane::Providers, Pane::Instances, Pane::Mix];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn name(self) -> &'static str {
        match self {
            Pane::Summary => "summary",
            Pane::Providers => "capacity providers",
            Pane::Instances => "container instances",
            Pane::Mix => "mix and cost",
        }
    }

    fn step(self, by: isize) -> Pane {
        let n = Pane::ALL.len() as isize;
        Pane::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

/// One line of a pane (the unit it scrolls by); text entries wrap under themselves.
#[derive(Debug, Clone, PartialEq)]
pub enum Entry {
    Heading {
        text: String,
        tone: Tone,
    },
    /// A label and its value.
    Fact {
        label: String,
        value: String,
        tone: Tone,
    },
    Note {
        text: String,
        tone: Tone,
    },
    Blank,
    /// The container instances' column titles.
    InstanceHeader,
    /// A row of [`Detail::instances`].
    Instance(usize),
    /// A row of [`Detail::mix`]: its expected and actual bars.
    MixRow(usize),
}

impl Entry {
    fn fact(label: &str, value: impl Into<String>, tone: Tone) -> Entry {
        Entry::Fact { label: label.into(), value: value.into(), tone }
    }
    fn note(text: impl Into<String>, tone: Tone) -> Entry {
        Entry::Note { text: text.into(), tone }
    }
    fn heading(text: impl Into<String>) -> Entry {
        Entry::Heading { text: text.into(), tone: Tone::Accent }
    }
}

/// One container instance as its pane shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceRow {
    /// `✖` for a disconnected agent, `▲` for a draining instance (both when both).
    pub mark: String,
    pub id: String,
    pub status: String,
    pub agent: String,
    pub version: String,
    pub instance_type: String,
    pub zone: String,
    pub provider: String,
    pub running: i32,
    pub pending: i32,
    /// Registered CPU units and what tasks leave of them: `4096/1024` (the column says
    /// `CPU/FREE`).
    pub cpu: String,
    /// Registered MiB and what tasks leave of them.
    pub memory: String,
    pub tone: Tone,
    pub disconnected: bool,
    pub draining: bool,
}

/// `4096/1024` (registered, then free), or `-` when the agent reported nothing.
fn capacity(registered: Option<i32>, remaining: Option<i32>) -> String {
    match (registered, remaining) {
        (Some(r), Some(f)) => format!("{r}/{f}"),
        (Some(r), None) => format!("{r}/?"),
        _ => "-".into(),
    }
}

impl InstanceRow {
    pub fn of(i: &ContainerInstance) -> InstanceRow {
        let disconnected = !i.agent_connected;
        let draining = i.status == "DRAINING";
        let mark = format!("{}{}", if disconnected { "✖" } else { "" }, if draining { "▲" } else { "" });
        let tone = if disconnected {
            Tone::Error
        } else if draining || i.status != "ACTIVE" {
            Tone::Warn
        } else {
            Tone::Normal
        };
        InstanceRow {
            mark,
            id: i.ec2_instance_id.clone().unwrap_or_else(|| short_id(&i.arn).to_string()),
            status: i.status.clone(),
            agent: if disconnected { "NO".into() } else { "yes".into() },
            version: i.agent_version.clone().unwrap_or_else(|| "-".into()),
            instance_type: i.instance_type.clone().unwrap_or_else(|| "-".into()),
            zone: i.availability_zone.clone().unwrap_or_else(|| "-".into()),
            provider: i.capacity_provider_name.clone().unwrap_or_else(|| "-".into()),
            running: i.running_tasks,
            pending: i.pending_tasks,
            cpu: capacity(i.registered_cpu, i.remaining_cpu),
            memory: capacity(i.registered_memory, i.remaining_memory),
            tone,
            disconnected,
            draining,
        }
    }
}

/// The instances' rows, those that want a look first, and the notes saying why they are marked.
pub fn instance_rows(instances: &[ContainerInstance]) -> (Vec<InstanceRow>, Vec<Entry>) {
    let mut sorted: Vec<&ContainerInstance> = instances.iter().collect();
    sorted.sort_by_key(|i| {
        (!i.needs_attention(), i.capacity_provider_name.clone(), i.availability_zone.clone(), i.arn.clone())
    });
    let rows: Vec<InstanceRow> = sorted.iter().map(|i| InstanceRow::of(i)).collect();
    let mut notes = Vec::new();
    for (i, row) in sorted.iter().zip(&rows) {
        let reason = i.status_reason.as_deref().map(|r| format!(" ({r})")).unwrap_or_default();
        if row.disconnected {
            notes.push(Entry::note(
                format!("✖ {}: the agent is disconnected: ECS cannot place, stop or report tasks there", row.id),
                Tone::Error,
            ));
        }
        if row.draining {
            notes.push(Entry::note(
                format!("▲ {}: draining{reason}: its tasks are being moved off, nothing new is placed", row.id),
                Tone::Warn,
            ));
        }
    }
    (rows, notes)
}

/// What the panes show, derived from data.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub name: String,
    /// Each pane's entries, by [`Pane::index`].
    pub panes: [Vec<Entry>; 4],
    /// Each pane's title after its number and name (`5 · ✖ 1 disconnected · ▲ 1 draining`).
    pub notes: [String; 4],
    /// Tone of each pane's title note.
    pub tones: [Tone; 4],
    pub instances: Vec<InstanceRow>,
    pub mix: Option<ClusterMix>,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Shown {
    /// The clusters are not loaded yet (or could not be: the status says why).
    #[default]
    Loading,
    /// The clusters loaded (`at`) without this one.
    Gone {
        at: Option<Time>,
    },
    Cluster(Box<Detail>),
}

/// The body: the derived detail, the focused pane, zoom and each pane's scroll offset.
#[derive(Debug, Clone, Default)]
pub struct Panes {
    pub focus: Pane,
    pub zoomed: bool,
    pub offsets: [usize; 4],
    pub shown: Shown,
}

impl Panes {
    pub fn detail(&self) -> Option<&Detail> {
        match &self.shown {
            Shown::Cluster(d) => Some(d),
            _ => None,
        }
    }

    pub fn offset(&self, pane: Pane) -> usize {
        self.offsets[pane.index()]
    }

    fn len(&self, pane: Pane) -> usize {
        self.detail().map_or(0, |d| d.panes[pane.index()].len())
    }
}

/// A pane whose load has not answered: loading, or the error in words.
fn waiting(data: &Data, load: &Load, what: &str) -> Vec<Entry> {
    match data.status_of(load).and_then(|s| s.error) {
        Some(e) => vec![
            Entry::note(format!("the {what} could not be loaded:"), Tone::Error),
            Entry::note(e.to_string(), Tone::Error),
        ],
        None => vec![Entry::note(format!("loading the {what}…"), Tone::Muted)],
    }
}

fn on_off(on: bool) -> &'static str {
    if on { "encrypted" } else { "not encrypted" }
}

pub fn summary(c: &Cluster, services: Option<usize>) -> Vec<Entry> {
    let mut out = vec![Entry::fact("status", &c.status, if c.status == "ACTIVE" { Tone::Ok } else { Tone::Warn })];
    let listed = services.map(|n| format!(" ({n} listed)")).filter(|_| services != Some(c.active_services as usize));
    out.push(Entry::fact(
        "services",
        format!("{} active{}", c.active_services, listed.unwrap_or_default()),
        Tone::Normal,
    ));
    let pending_tone = if c.pending_tasks > 0 { Tone::Warn } else { Tone::Normal };
    out.push(Entry::fact("tasks", format!("{} running · {} pending", c.running_tasks, c.pending_tasks), pending_tone));
    out.push(Entry::fact("instances", format!("{} registered", c.registered_instances), Tone::Normal));
    let providers = if c.capacity_providers.is_empty() { "none".to_string() } else { c.capacity_providers.join(", ") };
    out.push(Entry::fact("providers", providers, Tone::Normal));
    if c.default_strategy.is_empty() {
        out.push(Entry::fact("default", "none: each service names its strategy or launch type", Tone::Muted));
    } else {
        out.push(Entry::fact("default", c.default_strategy.notation(), Tone::Normal));
        out.push(Entry::fact("", Strategy::LEGEND, Tone::Muted));
    }
    let insights = match c.container_insights.as_deref() {
        Some("enabled") => "enabled",
        Some("enhanced") => "enhanced (enabled, with task and container detail)",
        Some("disabled") => "disabled",
        _ => "not set (off)",
    };
    out.push(Entry::fact("insights", insights, Tone::Normal));
    out.push(Entry::Blank);
    out.push(Entry::heading("ECS Exec"));
    let e = &c.exec;
    let logging = match e.logging {
        ExecLogging::None => "NONE: sessions are not logged",
        ExecLogging::Default => "DEFAULT: the task definition's awslogs configuration",
        ExecLogging::Override => "OVERRIDE: the destinations below",
    };
    out.push(Entry::fact("logging", logging, if e.logging == ExecLogging::None { Tone::Warn } else { Tone::Normal }));
    if e.logging == ExecLogging::Override {
        let cw = match &e.cloudwatch_log_group {
            Some(g) => format!("{g} ({})", on_off(e.cloudwatch_encryption)),
            None => "-".into(),
        };
        out.push(Entry::fact("CloudWatch", cw, Tone::Normal));
        let s3 = match &e.s3_bucket {
            Some(b) => {
                let prefix = e.s3_key_prefix.as_deref().filter(|p| !p.is_empty());
                let path = prefix.map(|p| format!("{b}/{p}")).unwrap_or_else(|| b.clone());
                format!("s3://{path} ({})", on_off(e.s3_encryption))
            }
            None => "-".into(),
        };
        out.push(Entry::fact("S3", s3, Tone::Normal));
    }
    let kms = e.kms_key_id.clone().unwrap_or_else(|| "none: the session data is encrypted by TLS only".into());
    out.push(Entry::fact("KMS key", kms, Tone::Normal));
    out.push(Entry::Blank);
    out.push(Entry::heading("tags"));
    if c.tags.is_empty() {
        out.push(Entry::note("none", Tone::Muted));
    }
    out.extend(c.tags.iter().map(|(k, v)| Entry::fact(k, v, Tone::Normal)));
    out
}

fn enabled(value: Option<&str>) -> bool {
    value == Some("ENABLED")
}

/// Each provider of the cluster: status, and for an Auto Scaling group how ECS manages it.
pub fn providers(cluster: &Cluster, loaded: &[CapacityProvider]) -> Vec<Entry> {
    let mut out = Vec::new();
    if cluster.capacity_providers.is_empty() && loaded.is_empty() {
        out.push(Entry::note("no capacity providers: the services run by launch type", Tone::Muted));
        return out;
    }
    // The cluster's order; any provider it does not name after.
    let mut names: Vec<&str> = cluster.capacity_providers.iter().map(String::as_str).collect();
    names.extend(loaded.iter().map(|p| p.name.as_str()).filter(|n| !cluster.capacity_providers.iter().any(|c| c == n)));
    for (i, name) in names.into_iter().enumerate() {
        if i > 0 {
            out.push(Entry::Blank);
        }
        let Some(p) = loaded.iter().find(|p| p.name == name) else {
            out.push(Entry::Heading { text: name.to_string(), tone: Tone::Warn });
            out.push(Entry::note("not returned by DescribeCapacityProviders (deleted?)", Tone::Warn));
            continue;
        };
        let failed = p.update_status.as_deref().is_some_and(|s| s.contains("FAILED"));
        let tone = if p.status != "ACTIVE" || failed { Tone::Warn } else { Tone::Ok };
        out.push(Entry::Heading { text: p.name.clone(), tone });
        let status = match &p.update_status {
            Some(u) => format!("{} · update {u}", p.status),
            None => p.status.clone(),
        };
        out.push(Entry::fact("status", status, if tone == Tone::Ok { Tone::Normal } else { Tone::Warn }));
        if let Some(r) = &p.update_status_reason {
            out.push(Entry::fact("reason", r, Tone::Warn));
        }
        match &p.auto_scaling_group {
            None if CapacityProvider::is_aws_managed(&p.name) => {
                let what = if p.name == "FARGATE_SPOT" { "Fargate Spot" } else { "Fargate on-demand" };
                out.push(Entry::fact("kind", format!("AWS-managed {what}: no Auto Scaling group"), Tone::Muted));
            }
            None => out.push(Entry::fact("kind", "no Auto Scaling group reported", Tone::Muted)),
            Some(asg) => {
                out.push(Entry::fact("group", asg.name(), Tone::Normal));
                let scaling = match &asg.managed_scaling {
                    Some(m) if enabled(m.status.as_deref()) => {
                        let n = |v: Option<i32>| v.map(|v| v.to_string()).unwrap_or_else(|| "?".into());
                        let mut s = format!("managed, target {}%", n(m.target_capacity));
                        s.push_str(&format!(" · step {}–{} instances", n(m.min_step), n(m.max_step)));
                        if let Some(w) = m.instance_warmup {
                            s.push_str(&format!(" · warmup {w}s"));
                        }
                        (s, Tone::Normal)
                    }
                    _ => ("not managed: ECS does not scale the group".into(), Tone::Warn),
                };
                out.push(Entry::fact("scaling", scaling.0, scaling.1));
                let protection = if enabled(asg.managed_termination_protection.as_deref()) {
                    "on: instances running tasks are not scaled in"
                } else {
                    "off: scale-in may end instances running tasks"
                };
                out.push(Entry::fact("termination", protection, Tone::Normal));
                let draining = if enabled(asg.managed_draining.as_deref()) {
                    "managed: instances are drained before they end"
                } else {
                    "not managed"
                };
                out.push(Entry::fact("draining", draining, Tone::Normal));
            }
        }
    }
    out
}

/// Whether the cluster runs on Fargate only: no provider but Fargate's and no instance.
fn fargate_only(c: &Cluster) -> bool {
    c.registered_instances == 0 && c.capacity_providers.iter().all(|p| Strategy::is_fargate_provider(p))
}

/// The container instances pane: the table and its notes, the title's counts.
fn instances_pane(c: &Cluster, data: &Data, load: &Load) -> (Vec<Entry>, Vec<InstanceRow>, String, Tone) {
    let Some(list) = data.container_instances_of(load_cluster(load)) else {
        if fargate_only(c) {
            return (
                vec![Entry::note("no container instances: Fargate only", Tone::Muted)],
                vec![],
                String::new(),
                Tone::Muted,
            );
        }
        return (waiting(data, load, "container instances"), vec![], String::new(), Tone::Muted);
    };
    if list.is_empty() {
        let entry = if fargate_only(c) {
            Entry::note("no container instances: Fargate only", Tone::Muted)
        } else {
            Entry::note("no container instances registered: tasks on EC2 capacity cannot be placed", Tone::Warn)
        };
        let count = if fargate_only(c) { String::new() } else { "0".into() };
        return (vec![entry], vec![], count, Tone::Muted);
    }
    let (rows, notes) = instance_rows(list);
    let mut entries = vec![Entry::InstanceHeader];
    entries.extend((0..rows.len()).map(Entry::Instance));
    if data.status_of(load).is_some_and(|s| s.progress.is_some()) {
        entries.push(Entry::note(format!("loading more… ({} so far)", rows.len()), Tone::Muted));
    }
    if !notes.is_empty() {
        entries.push(Entry::Blank);
        entries.extend(notes);
    }
    let lost = rows.iter().filter(|r| r.disconnected).count();
    let draining = rows.iter().filter(|r| r.draining).count();
    let mut title = rows.len().to_string();
    if lost > 0 {
        title.push_str(&format!(" · ✖ {lost} agent{} disconnected", if lost == 1 { "" } else { "s" }));
    }
    if draining > 0 {
        title.push_str(&format!(" · ▲ {draining} draining"));
    }
    let tone = if lost > 0 {
        Tone::Error
    } else if draining > 0 {
        Tone::Warn
    } else {
        Tone::Muted
    };
    (entries, rows, title, tone)
}

fn load_cluster(load: &Load) -> &str {
    match load {
        Load::ContainerInstances { cluster } | Load::CapacityProviders { cluster } => cluster,
        _ => "",
    }
}

/// The mix pane: the cluster's mix over its services, then the cost estimate.
pub fn mix_pane(mix: &ClusterMix, estimate: &Estimate) -> Vec<Entry> {
    let mut out = vec![Entry::fact("default", mix.notation(), Tone::Normal)];
    if !mix.default_strategy.is_empty() {
        out.push(Entry::fact("", Strategy::LEGEND, Tone::Muted));
    }
    let n = mix.services.len();
    out.push(Entry::fact(
        "services",
        format!("{n} service{}: {} desired, {} placed", if n == 1 { "" } else { "s" }, mix.desired, mix.placed()),
        Tone::Normal,
    ));
    if mix.rows.is_empty() {
        out.push(Entry::note("no tasks expected or placed", Tone::Muted));
    } else {
        out.push(Entry::note("expected (bosun's rounding) against actual, per provider:", Tone::Muted));
        out.extend((0..mix.rows.len()).map(Entry::MixRow));
    }
    let spot = match (mix.spot_share(), mix.expected_spot_share()) {
        (Some(a), Some(e)) => format!("{a}% of placed tasks (expected {e}%)"),
        (Some(a), None) => format!("{a}% of placed tasks"),
        (None, Some(e)) => format!("none placed (expected {e}%)"),
        (None, None) => "-".into(),
    };
    out.push(Entry::fact("Spot share", spot, Tone::Normal));
    if mix.other_tasks > 0 {
        let k = mix.other_tasks;
        out.push(Entry::note(
            format!("{k} task{} of no listed service (standalone) not counted", if k == 1 { "" } else { "s" }),
            Tone::Muted,
        ));
    }
    out.extend(mix.warnings.iter().map(|w| Entry::note(format!("▲ {w}"), Tone::Warn)));
    out.push(Entry::Blank);
    out.push(Entry::heading("cost (an estimate)"));
    out.push(Entry::note(estimate.headline(), Tone::Normal));
    if let Some(s) = estimate.saving_line() {
        out.push(Entry::note(s, Tone::Ok));
    }
    let headline = estimate.headline();
    for n in estimate.notes.iter().filter(|n| !headline.contains(n.as_str())) {
        out.push(Entry::note(n.clone(), Tone::Muted));
    }
    if let Some(p) = estimate.prices_line() {
        out.push(Entry::note(p, Tone::Muted));
    }
    out
}

#[derive(Debug, Clone)]
pub struct ClusterView {
    /// The cluster's ARN: the key of its loads.
    pub arn: String,
    subject: Subject,
    pub panes: Panes,
    /// Data version the detail was derived at (it shows no ages, so time does not matter).
    made: Option<u64>,
    page: usize,
}

impl ClusterView {
    pub fn new(arn: String) -> Self {
        let subject = Subject::Cluster { arn: arn.clone() };
        Self { arn, subject, panes: Panes::default(), made: None, page: 1 }
    }

    fn running(&self) -> Load {
        Load::Tasks {
            cluster: self.arn.clone(),
            filter: TaskFilter { service: None, status: TaskStatusFilter::Running },
        }
    }

    fn derive(&self, data: &Data) -> Shown {
        let Some(clusters) = data.clusters.value.as_deref() else { return Shown::Loading };
        let Some(c) = clusters.iter().find(|c| c.arn == self.arn || c.name == self.arn) else {
            return Shown::Gone { at: data.clusters.loaded_at };
        };
        let services = data.services_of(&self.arn);
        let providers_load = Load::CapacityProviders { cluster: self.arn.clone() };
        let providers_pane = match data.capacity_providers_of(&self.arn) {
            Some(p) => providers(c, p),
            None => waiting(data, &providers_load, "capacity providers"),
        };
        let provider_count = data.capacity_providers_of(&self.arn).map_or(c.capacity_providers.len(), |p| p.len());
        let instances_load = Load::ContainerInstances { cluster: self.arn.clone() };
        let (instances_entries, instances, instances_note, instances_tone) = instances_pane(c, data, &instances_load);
        let running = self.running();
        let tasks = match &running {
            Load::Tasks { filter, .. } => data.tasks_of(&self.arn, filter),
            _ => None,
        };
        let (mix_entries, mix) = match (services, tasks) {
            (Some(s), Some(t)) => {
                let mix = ClusterMix::of(c, s, t);
                // The architecture is not known per task yet: x86 is assumed, and the estimate says so.
                let estimate = Estimate::of_cluster(&data.prices, c, s, t, |_| None);
                (mix_pane(&mix, &estimate), Some(mix))
            }
            (None, _) => (waiting(data, &Load::Services { cluster: self.arn.clone() }, "services"), None),
            (_, None) => (waiting(data, &running, "running tasks"), None),
        };
        let mix_note = mix.as_ref().and_then(|m| m.spot_share()).map(|s| format!("Spot {s}%")).unwrap_or_default();
        let mix_tone = if mix.as_ref().is_some_and(|m| !m.warnings.is_empty()) { Tone::Warn } else { Tone::Muted };
        Shown::Cluster(Box::new(Detail {
            name: c.name.clone(),
            panes: [summary(c, services.map(<[_]>::len)), providers_pane, instances_entries, mix_entries],
            notes: [String::new(), provider_count.to_string(), instances_note, mix_note],
            tones: [Tone::Muted, Tone::Muted, instances_tone, mix_tone],
            instances,
            mix,
        }))
    }

    fn focus(&mut self, pane: Pane) -> Acted {
        self.panes.focus = pane;
        Acted::Done { reload: false }
    }
}

const ACTIONS: &[Action] = &[
    Action::PaneSummary,
    Action::PaneProviders,
    Action::PaneInstances,
    Action::PaneMix,
    Action::NextPane,
    Action::Zoom,
    Action::ClusterTasks,
    Action::ClusterServices,
    Action::Strategy,
    Action::PrevPane,
];

impl Screen for ClusterView {
    fn context(&self) -> Context {
        Context::Cluster
    }
    fn title(&self) -> String {
        let zoom = if self.panes.zoomed { format!(" · {} (zoomed)", self.panes.focus.name()) } else { String::new() };
        format!("cluster · {}{zoom}", arn_name(&self.arn))
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![format!("{} detail", arn_name(&self.arn))]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![
            Load::Clusters,
            Load::Services { cluster: self.arn.clone() },
            self.running(),
            Load::CapacityProviders { cluster: self.arn.clone() },
            Load::ContainerInstances { cluster: self.arn.clone() },
        ]
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Clusters)
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::Cluster(&self.panes)
    }
    fn table(&self, _data: &Data, _now: Time) -> Option<Table> {
        None
    }
    fn sync(&mut self, data: &Data, _now: Time, page: usize) {
        self.page = page;
        let version = self.loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
        if self.made == Some(version) {
            return;
        }
        self.made = Some(version);
        self.panes.shown = self.derive(data);
        for p in Pane::ALL {
            let max = self.panes.len(p).saturating_sub(1);
            self.panes.offsets[p.index()] = self.panes.offsets[p.index()].min(max);
        }
    }
    fn cursor(&mut self, to: Move) {
        let pane = self.panes.focus;
        let max = self.panes.len(pane).saturating_sub(1);
        let at = self.panes.offset(pane).min(max);
        self.panes.offsets[pane.index()] = super::list::apply_move(at, max, to, (self.page / 2).max(1));
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        match action {
            Action::PaneSummary => self.focus(Pane::Summary),
            Action::PaneProviders => self.focus(Pane::Providers),
            Action::PaneInstances => self.focus(Pane::Instances),
            Action::PaneMix => self.focus(Pane::Mix),
            Action::NextPane => self.focus(self.panes.focus.step(1)),
            Action::PrevPane => self.focus(self.panes.focus.step(-1)),
            Action::Zoom => {
                self.panes.zoomed = !self.panes.zoomed;
                Acted::Done { reload: false }
            }
            Action::ClusterTasks => Acted::Open(Box::new(View::tasks(self.arn.clone(), None))),
            Action::ClusterServices => Acted::Open(Box::new(View::services(self.arn.clone()))),
            _ => Acted::NotHere,
        }
    }
    fn empty_text(&self) -> String {
        format!("cluster {} is not in this account and region", arn_name(&self.arn))
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.arn)
    }
    fn subject(&self) -> Option<&Subject> {
        Some(&self.subject)
    }
    fn origin(&self) -> Option<String> {
        Some(self.arn.clone())
    }
}

#[cfg(test)]
#[path = "cluster_tests.rs"]
mod tests;
