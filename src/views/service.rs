//! The detail of one service (Enter on a service): panes for its summary, its current
//! deployments, its events and its capacity-provider mix, each scrollable, one focused, the
//! focused one zoomable. It opens at once from the cluster's services (the same load as the
//! services view) and loads the service's running tasks to count where they actually run.
//! Every service action works here on this service, as in the service list.
use super::rollout::{Bar, Event, Lookup, due, event_tone, lookup};
use super::{Acted, Body, Move, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{Service, Strategy, Task, TaskFilter, TaskStatusFilter, Time, age, arn_name};
use crate::state::{Data, Load};
use crate::table::{Table, Tone};

/// The panes, in the order of their keys. The deployment history and the cost estimate are
/// to join them; each pane keeps its own scroll offset, indexed by [`Pane::index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    #[default]
    Summary,
    Deployments,
    Events,
    Mix,
    Alarms,
    Metrics,
    Targets,
    Scaling,
}

impl Pane {
    pub const ALL: [Pane; 8] = [
        Pane::Summary,
        Pane::Deployments,
        Pane::Events,
        Pane::Mix,
        Pane::Alarms,
        Pane::Metrics,
        Pane::Targets,
        Pane::Scaling,
    ];

    pub fn index(self) -> usize {
        Pane::ALL.iter().position(|p| *p == self).unwrap_or(0)
    }

    /// The number shown in its title (its default key).
    pub fn number(self) -> usize {
        self.index() + 1
    }

    pub fn name(self) -> &'static str {
        match self {
            Pane::Summary => "summary",
            Pane::Deployments => "deployments",
            Pane::Events => "events",
            Pane::Mix => "capacity mix",
            Pane::Alarms => "alarms",
            Pane::Metrics => "metrics (3h)",
            Pane::Targets => "targets",
            Pane::Scaling => "auto scaling",
        }
    }

    fn step(self, by: isize) -> Pane {
        let n = Pane::ALL.len() as isize;
        Pane::ALL[(self.index() as isize + by).rem_euclid(n) as usize]
    }
}

/// What the body draws: the derived detail, which pane has the focus, zoom, scroll offsets.
#[derive(Debug, Clone, Default)]
pub struct Panes {
    pub focus: Pane,
    pub zoomed: bool,
    /// First entry shown, per pane ([`Pane::index`]).
    pub offsets: [usize; Pane::ALL.len()],
    pub shown: Shown,
    /// The deployment picked in the deployments pane (what enter and D diff), by identity so
    /// a refresh that adds a deployment keeps it; none is the first.
    pub pick: Option<Pick>,
    /// Where the pick is among [`Detail::picks`], as of the last sync.
    pub cursor: usize,
    /// The first entry the deployments pane showed (written by the frame, which alone knows
    /// how tall entries are); moved down with its entries when newer ones arrive above them.
    pub deployments_top: std::cell::Cell<usize>,
}

/// A deployment the deployments pane can pick: a current one by its id, one of the history by
/// its service deployment ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Current(String),
    History(String),
}

impl Panes {
    pub fn offset(&self, pane: Pane) -> usize {
        self.offsets[pane.index()]
    }

    pub fn detail(&self) -> Option<&Detail> {
        match &self.shown {
            Shown::Service(d) => Some(d),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Default, PartialEq)]
pub enum Shown {
    /// The cluster's services are not loaded yet (or could not be: the status says why).
    #[default]
    Loading,
    /// The cluster's services loaded (`at`) without this one.
    Gone {
        at: Option<Time>,
    },
    Service(Box<Detail>),
}

/// Everything the panes show of one service.
#[derive(Debug, Clone, PartialEq)]
pub struct Detail {
    pub name: String,
    pub summary: Vec<Fact>,
    /// The primary first, then the older ones still running.
    pub deployments: Vec<Card>,
    /// Newest first.
    pub events: Vec<Event>,
    pub mix: Mix,
    /// The service deployments ECS keeps (ListServiceDeployments), newest first.
    pub history: History,
    /// Its CloudWatch alarms (`model::alarm` matching), ALARM first.
    pub alarms: super::service_health::Alarms,
    /// Its metrics over the last three hours.
    pub metrics: super::service_health::Metrics,
    /// What each deployment of the history deployed, in its order (empty until it is loaded).
    pub deployed: Vec<super::deployed::Deployed>,
    /// Why service revisions could not be loaded, when they could not.
    pub revisions_error: Option<String>,
    /// Its load balancer targets and their health.
    pub targets: super::targets::Targets,
    /// Its Application Auto Scaling target, policies and recent activities.
    pub scaling: super::scaling::Scaling,
}

/// The deployment history, as far as it is loaded.
#[derive(Debug, Clone, PartialEq)]
pub enum History {
    Loading,
    Error(String),
    Loaded {
        items: Vec<crate::api::ServiceDeployment>,
        /// Deployments ECS no longer keeps (`MISSING` failures): counted, not shown.
        missing: usize,
    },
}

impl History {
    /// Entries in the deployments pane: its heading, one per deployment, the missing note.
    pub fn entries(&self) -> usize {
        match self {
            History::Loaded { items, missing } => 1 + items.len() + usize::from(*missing > 0),
            _ => 1,
        }
    }

    fn of(data: &Data, cluster: &str, service: &str) -> History {
        if let Some((items, failures)) = data.deployments_of(cluster, service) {
            let mut items = items.to_vec();
            items.sort_by_key(|d| std::cmp::Reverse(d.created_at));
            let missing = failures.iter().filter(|f| f.reason == "MISSING").count();
            return History::Loaded { items, missing };
        }
        let load = Load::Deployments { cluster: cluster.to_string(), service: service.to_string() };
        match data.status_of(&load).and_then(|s| s.error) {
            Some(e) => History::Error(e.to_string()),
            None => History::Loading,
        }
    }
}

impl Detail {
    /// What the deployments pane can pick, in its order: the current deployments, then the history.
    pub fn picks(&self) -> Vec<Pick> {
        let mut out: Vec<Pick> = self.deployments.iter().map(|c| Pick::Current(c.id.clone())).collect();
        if let History::Loaded { items, .. } = &self.history {
            out.extend(items.iter().map(|d| Pick::History(d.arn.clone())));
        }
        out
    }

    /// The deployments pane's entry that shows pick number `n` (after the current ones come
    /// the history's heading, then its deployments).
    pub fn entry_of(&self, n: usize) -> usize {
        let current = self.deployments.len();
        if n < current { n } else { current.max(1) + 1 + (n - current) }
    }

    /// The task definition (ARN) of pick number `n`: `Err` says why it is not known.
    pub fn picked_task_definition(&self, n: usize) -> Result<&str, String> {
        if let Some(c) = self.deployments.get(n) {
            return Ok(&c.task_definition);
        }
        let i = n.saturating_sub(self.deployments.len());
        match (&self.history, self.deployed.get(i)) {
            (History::Loaded { items, .. }, Some(d)) if i < items.len() => match d {
                super::deployed::Deployed::Known { task_definition, .. } => Ok(task_definition),
                super::deployed::Deployed::Loading => {
                    Err("what that deployment deployed is still loading (its service revision)".into())
                }
                super::deployed::Deployed::Unknown => Err(match &self.revisions_error {
                    Some(e) => format!("what that deployment deployed is not known: {e}"),
                    None => "ECS no longer keeps the service revision of that deployment".into(),
                }),
            },
            _ => Err("no deployment is picked".into()),
        }
    }

    /// Entries of a pane, the unit it scrolls by (a pane with nothing says so in one entry).
    pub fn len(&self, pane: Pane) -> usize {
        match pane {
            Pane::Summary => self.summary.len(),
            Pane::Deployments => self.deployments.len().max(1) + self.history.entries(),
            Pane::Events => self.events.len().max(1),
            Pane::Mix => self.mix.entries(),
            Pane::Alarms => self.alarms.entries(),
            Pane::Metrics => self.metrics.entries(),
            Pane::Targets => self.targets.entries(),
            Pane::Scaling => self.scaling.entries(),
        }
    }
}

/// One line of the summary: a label and its value, wrapped under itself when long.
#[derive(Debug, Clone, PartialEq)]
pub struct Fact {
    pub label: &'static str,
    pub value: String,
    pub tone: Tone,
}

/// One current deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Card {
    pub status: String,
    pub bar: Bar,
    /// ECS's reason for its rollout state, in full.
    pub reason: Option<String>,
    /// Its deployment id (`ecs-svc/…`).
    pub id: String,
    /// Its task definition ARN.
    pub task_definition: String,
    /// What changed from the deployment before it (empty while that is not known).
    pub changes: Vec<String>,
}

/// How far the service's tasks are counted.
#[derive(Debug, Clone, PartialEq)]
pub enum Actual {
    Loading,
    Error(String),
    /// Tasks counted (running and pending).
    Counted(u32),
}

/// The capacity-provider mix pane: the model's mix (`model::Mix`, expected vs actual per
/// provider), how far the tasks are counted, and whether the cluster default is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Mix {
    pub mix: crate::model::Mix,
    pub actual: Actual,
    /// The service follows the cluster default, but the clusters are not loaded (yet).
    pub default_unknown: bool,
    /// What the running tasks cost, once counted: always an estimate.
    pub cost: Option<crate::model::Estimate>,
}

impl Mix {
    /// Entries: the strategy and its source, the column heads, one per provider, the Spot
    /// share (or how counting goes), the settling note, one per warning.
    pub fn entries(&self) -> usize {
        3 + self.mix.rows.len()
            + usize::from(self.mix.settling.is_some())
            + self.shown_warnings().len()
            + usize::from(self.cost.is_some())
    }

    /// Warnings once the tasks are counted (before, every provider would look short).
    pub fn shown_warnings(&self) -> &[String] {
        if matches!(self.actual, Actual::Counted(_)) { &self.mix.warnings } else { &[] }
    }
}

/// The mix of `svc` with the cluster's default strategy (when known) and its tasks (when loaded).
pub fn mix(svc: &Service, cluster_default: Option<&Strategy>, tasks: Result<Option<&[Task]>, String>) -> Mix {
    let default_unknown = cluster_default.is_none() && svc.strategy.is_empty() && svc.launch_type.is_none();
    let no_default = Strategy::default();
    let (actual, counted) = match tasks {
        Err(e) => (Actual::Error(e), &[][..]),
        Ok(None) => (Actual::Loading, &[][..]),
        Ok(Some(t)) => (Actual::Counted(0), t),
    };
    let model = crate::model::Mix::of(svc, cluster_default.unwrap_or(&no_default), counted);
    let actual = match actual {
        Actual::Counted(_) => Actual::Counted(model.placed()),
        other => other,
    };
    Mix { mix: model, actual, default_unknown, cost: None }
}

/// The summary's facts.
pub fn summary(svc: &Service, now: Time) -> Vec<Fact> {
    let fact = |label, value: String, tone| Fact { label, value, tone };
    let mut out = Vec::new();
    let tasks_tone = if svc.running < svc.desired { Tone::Warn } else { Tone::Normal };
    out.push(fact(
        "tasks",
        format!("desired {} · running {} · pending {}", svc.desired, svc.running, svc.pending),
        tasks_tone,
    ));
    let status_tone = if svc.status == "ACTIVE" { Tone::Normal } else { Tone::Warn };
    out.push(fact("status", svc.status.clone(), status_tone));
    out.push(fact("task definition", svc.task_definition_short().to_string(), Tone::Normal));
    let placement = match (&svc.launch_type, svc.strategy.is_empty()) {
        (_, false) => format!("strategy {}", svc.strategy.short()),
        (Some(lt), true) => format!("launch type {lt}"),
        (None, true) => "the cluster's default strategy".into(),
    };
    out.push(fact("placement", placement, Tone::Normal));
    let controller = if svc.controller.is_empty() { "ECS".to_string() } else { svc.controller.clone() };
    out.push(fact("controller", controller, Tone::Normal));
    let pct = |p: Option<i32>| p.map(|p| format!("{p}%")).unwrap_or_else(|| "not reported".into());
    out.push(fact(
        "healthy percent",
        format!("min {} · max {}", pct(svc.min_healthy_percent), pct(svc.max_percent)),
        Tone::Normal,
    ));
    let (breaker, breaker_tone) = match svc.circuit_breaker {
        Some(b) if b.enable && b.rollback => ("on, rolls back".to_string(), Tone::Ok),
        Some(b) if b.enable => ("on, does not roll back".to_string(), Tone::Warn),
        Some(_) => ("off".to_string(), Tone::Warn),
        None => ("not reported".to_string(), Tone::Muted),
    };
    out.push(fact("circuit breaker", breaker, breaker_tone));
    let alarms = match &svc.alarms {
        Some(a) if a.enable && !a.alarm_names.is_empty() => {
            format!("{}{}", a.alarm_names.join(", "), if a.rollback { " (roll back)" } else { " (fail, no rollback)" })
        }
        Some(a) if !a.alarm_names.is_empty() => format!("{} (off)", a.alarm_names.join(", ")),
        _ => "none".into(),
    };
    out.push(fact("deployment alarms", alarms, Tone::Normal));
    let exec = if svc.enable_execute_command { "enabled" } else { "disabled" };
    out.push(fact("execute command", exec.into(), Tone::Normal));
    out.push(fact("platform version", svc.platform_version.clone().unwrap_or_else(|| "-".into()), Tone::Normal));
    match &svc.network {
        Some(n) => {
            out.push(fact("subnets", list_or_none(&n.subnets), Tone::Normal));
            out.push(fact("security groups", list_or_none(&n.security_groups), Tone::Normal));
            let ip = n.assign_public_ip.clone().unwrap_or_else(|| "not reported".into());
            out.push(fact("public IP", ip, Tone::Normal));
        }
        None => out.push(fact("network", "not awsvpc (no subnets of its own)".into(), Tone::Muted)),
    }
    if svc.load_balancers.is_empty() {
        out.push(fact("load balancer", "none".into(), Tone::Muted));
    }
    for lb in &svc.load_balancers {
        let tg = lb.target_group_arn.as_deref().map(target_group_name).unwrap_or("-");
        let at = match (&lb.container_name, lb.container_port) {
            (Some(c), Some(p)) => format!(" → {c}:{p}"),
            (Some(c), None) => format!(" → {c}"),
            _ => String::new(),
        };
        out.push(fact("load balancer", format!("target group {tg}{at}"), Tone::Normal));
    }
    // The id until the registry's name is known (`service_discovery::resolve`).
    for r in &svc.service_registries {
        out.push(fact(super::service_discovery::LABEL, arn_name(r).to_string(), Tone::Normal));
    }
    if let Some(sc) = svc.service_connect.as_ref().filter(|sc| sc.enabled) {
        let namespace = sc.namespace.as_deref().map(arn_name).unwrap_or("-");
        let mut names: Vec<String> = Vec::new();
        for s in &sc.services {
            let aliases: Vec<String> = s
                .client_aliases
                .iter()
                .map(|a| format!("{}:{}", a.dns_name.clone().unwrap_or_else(|| s.port_name.clone()), a.port))
                .collect();
            if aliases.is_empty() {
                // With no alias, clients call the discovery name (or the port name) in the namespace.
                let name = s.discovery_name.as_deref().unwrap_or(&s.port_name);
                names.push(format!("{name}.{namespace}"));
            }
            names.extend(aliases);
        }
        out.push(fact("service connect", format!("{} (namespace {namespace})", list_or_none(&names)), Tone::Normal));
    }
    let created = svc
        .created_at
        .map(|t| format!("{} (created {})", age(t, now), t.format("%Y-%m-%d %H:%M UTC")))
        .unwrap_or_else(|| "-".into());
    out.push(fact("age", created, Tone::Normal));
    out
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".into() } else { items.join(", ") }
}

/// `prod-api` from `arn:aws:elasticloadbalancing:…:targetgroup/prod-api/0123abcd`.
pub fn target_group_name(arn: &str) -> &str {
    match arn.split_once(":targetgroup/") {
        Some((_, rest)) => rest.split('/').next().unwrap_or(rest),
        None => arn_name(arn),
    }
}

/// Everything the panes show, from the service, the cluster's default strategy and the tasks.
pub fn detail(
    svc: &Service,
    cluster_default: Option<&Strategy>,
    tasks: Result<Option<&[Task]>, String>,
    now: Time,
) -> Detail {
    let card = |d: &crate::model::Deployment| Card {
        status: d.status.clone(),
        bar: Bar::of(d, svc),
        reason: d.rollout_reason.clone(),
        id: d.id.clone(),
        task_definition: d.task_definition.clone(),
        changes: Vec::new(),
    };
    let deployments: Vec<Card> = current(svc).into_iter().map(card).collect();
    Detail {
        name: svc.name.clone(),
        summary: summary(svc, now),
        deployments,
        events: svc
            .events
            .iter()
            .map(|e| Event { at: e.created_at, message: e.message.clone(), tone: event_tone(&e.message) })
            .collect(),
        mix: mix(svc, cluster_default, tasks),
        history: History::Loading,
        alarms: Default::default(),
        metrics: Default::default(),
        deployed: Vec::new(),
        revisions_error: None,
        targets: Default::default(),
        scaling: Default::default(),
    }
}

/// The current deployments, the primary first, then the older ones in ECS's order.
fn current(svc: &Service) -> Vec<&crate::model::Deployment> {
    let mut out: Vec<&crate::model::Deployment> = svc.deployments.iter().filter(|d| d.status == "PRIMARY").collect();
    out.extend(svc.deployments.iter().filter(|d| d.status != "PRIMARY"));
    out
}

#[derive(Debug, Clone)]
pub struct ServiceView {
    /// The cluster as the services view names it (usually its ARN): the key of its load.
    pub cluster: String,
    /// Service ARN.
    pub service: String,
    subject: Subject,
    pub panes: Panes,
    /// Data version and time the detail was derived at.
    made: Option<(u64, Time)>,
    /// Rows of the body, as of the last sync (page keys move half of it).
    page: usize,
}

impl ServiceView {
    pub fn new(cluster: String, service: String) -> Self {
        let subject = Subject::Service { cluster: cluster.clone(), arn: service.clone() };
        Self { cluster, service, subject, panes: Panes::default(), made: None, page: 1 }
    }

    fn services(&self) -> Load {
        Load::Services { cluster: self.cluster.clone() }
    }

    /// The service's running tasks, as its tasks list loads them (`t` shows them at once).
    fn filter(&self) -> TaskFilter {
        TaskFilter { service: Some(arn_name(&self.service).to_string()), status: TaskStatusFilter::Running }
    }

    fn tasks(&self) -> Load {
        Load::Tasks { cluster: self.cluster.clone(), filter: self.filter() }
    }

    /// Every service deployment ECS keeps of this service (the history part of pane 2).
    fn history(&self) -> Load {
        Load::Deployments { cluster: self.cluster.clone(), service: self.service.clone() }
    }

    /// The service revisions the history names (loaded or not).
    fn revision_arns(&self, data: &Data) -> Vec<String> {
        data.deployments_of(&self.cluster, &self.service)
            .map(|(items, _)| super::deployed::revision_arns(items))
            .unwrap_or_default()
    }

    fn find<'a>(&self, data: &'a Data) -> Option<&'a Service> {
        match lookup(data, &self.cluster, &self.service) {
            Lookup::Found(svc) => Some(svc),
            _ => None,
        }
    }

    fn cluster_default<'a>(&self, data: &'a Data) -> Option<&'a Strategy> {
        let name = arn_name(&self.cluster);
        data.clusters
            .value
            .as_deref()?
            .iter()
            .find(|c| c.arn == self.cluster || c.name == name)
            .map(|c| &c.default_strategy)
    }

    fn derive(&self, data: &Data, now: Time) -> Shown {
        let svc = match lookup(data, &self.cluster, &self.service) {
            Lookup::Loading => return Shown::Loading,
            Lookup::Gone { at } => return Shown::Gone { at },
            Lookup::Found(svc) => svc,
        };
        let key = (self.cluster.clone(), self.filter());
        let tasks = match (data.tasks_of(&self.cluster, &self.filter()), data.tasks.get(&key)) {
            (Some(t), _) => Ok(Some(t)),
            (None, Some(r)) if r.error.is_some() => Err(r.error.as_ref().map(|e| e.to_string()).unwrap_or_default()),
            _ => Ok(None),
        };
        let counted = tasks.as_ref().ok().copied().flatten();
        let mut d = detail(svc, self.cluster_default(data), tasks, now);
        d.history = History::of(data, &self.cluster, &self.service);
        d.alarms = super::service_health::Alarms::of(data, &self.cluster, svc);
        d.metrics = super::service_health::Metrics::of(data, &self.cluster, svc);
        d.scaling = super::scaling::Scaling::of(data, &self.cluster, &self.service, svc);
        super::service_discovery::resolve(&mut d.summary, svc, data);
        let instances = data.container_instances_of(&self.cluster);
        d.targets = super::targets::of(data, svc, counted, instances);
        if let History::Loaded { items, .. } = &d.history {
            d.deployed = super::deployed::of_history(data, items);
            d.revisions_error = super::deployed::error(data, &self.revision_arns(data));
            let changes = super::deployed::of_current(&current(svc), items, &d.deployed, data);
            for (card, changes) in d.deployments.iter_mut().zip(changes) {
                card.changes = changes;
            }
        }
        if let Some(tasks) = counted {
            // The task definition says the CPU architecture, when it is loaded (x86 is assumed
            // and said otherwise).
            let arch = data
                .task_definition_of(&svc.task_definition)
                .and_then(|td| td.runtime_platform.as_ref())
                .and_then(|p| p.cpu_architecture.as_deref())
                .and_then(crate::model::Arch::from_aws);
            let default = self.cluster_default(data).cloned().unwrap_or_default();
            d.mix.cost = Some(crate::model::Estimate::of_service(&data.prices, svc, &default, tasks, arch));
        }
        Shown::Service(Box::new(d))
    }

    /// A scrolled pane stays on what it showed when newer entries arrive above it; one at its
    /// top follows the newest. `picked`: the picked deployment's entry, and `events`, before.
    fn keep_place(&mut self, picked: usize, events: &[super::rollout::Event]) {
        let Some(d) = self.panes.detail() else { return };
        let top = self.panes.deployments_top.get();
        if top > 0 {
            let moved = d.entry_of(self.panes.cursor) as isize - picked as isize;
            self.panes.deployments_top.set(top.saturating_add_signed(moved));
        }
        let at = self.panes.offsets[Pane::Events.index()];
        if at > 0
            && let Some(i) = events.get(at).and_then(|e| d.events.iter().position(|x| x == e))
        {
            self.panes.offsets[Pane::Events.index()] = i;
        }
    }

    fn focus(&mut self, pane: Pane) -> Acted {
        self.panes.focus = pane;
        Acted::Done { reload: false }
    }

    /// Where the pick is now among the picks (the first when it is gone).
    fn locate_pick(&mut self) {
        let Some(d) = self.panes.detail() else { return };
        let picks = d.picks();
        let at = self.panes.pick.as_ref().and_then(|p| picks.iter().position(|x| x == p)).unwrap_or(0);
        let entry = d.entry_of(at);
        self.panes.cursor = at;
        self.panes.offsets[Pane::Deployments.index()] = entry;
    }

    /// Enter (and D on a deployment that ran another task definition): the picked deployment's
    /// task definition against the current one; on one that runs the current one, what it
    /// changed from the revision before.
    fn diff_picked(&self, svc: &Service) -> Acted {
        let Some(d) = self.panes.detail() else { return Acted::Said("the service is not loaded (yet)".into()) };
        match d.picked_task_definition(self.panes.cursor) {
            Ok(td) if td != svc.task_definition => {
                Acted::Open(Box::new(View::task_definition_diff(td.to_string(), svc.task_definition.clone())))
            }
            Ok(_) => self.diff_previous(svc),
            Err(why) => Acted::Said(why),
        }
    }

    /// The service's task definition against the revision before it.
    fn diff_previous(&self, svc: &Service) -> Acted {
        match crate::update::actions::previous_revision(&svc.task_definition) {
            Some(prev) => Acted::Open(Box::new(View::task_definition_diff(prev, svc.task_definition.clone()))),
            None => Acted::Said(format!("{} is the first revision: nothing to compare", svc.task_definition_short())),
        }
    }

    /// Whether the deployments pane has the keys and a deployment that ran another task
    /// definition than the service's is picked (then D diffs that one).
    fn picked_other(&self, svc: &Service) -> bool {
        self.panes.focus == Pane::Deployments
            && self
                .panes
                .detail()
                .and_then(|d| d.picked_task_definition(self.panes.cursor).ok())
                .is_some_and(|td| td != svc.task_definition)
    }
}

const ACTIONS: &[Action] = &[
    Action::ServiceTasks,
    Action::PaneSummary,
    Action::PaneDeployments,
    Action::PaneEvents,
    Action::PaneMix,
    Action::Zoom,
    Action::Deploy,
    Action::Scale,
    Action::Rollback,
    Action::Watch,
    Action::Strategy,
    Action::EnableExec,
    Action::TaskDefinition,
    Action::Diff,
    Action::NextPane,
    Action::PrevPane,
    Action::PaneAlarms,
    Action::PaneMetrics,
    Action::Logs,
    Action::DiffDeployment,
    Action::PaneTargets,
    Action::PaneScaling,
];

impl Screen for ServiceView {
    fn context(&self) -> Context {
        Context::Service
    }
    fn title(&self) -> String {
        let zoom = if self.panes.zoomed { format!(" · {} (zoomed)", self.panes.focus.name()) } else { String::new() };
        format!("service · {}{zoom}", arn_name(&self.service))
    }
    fn crumbs(&self, parent: Option<&View>) -> Vec<String> {
        let mut out = Vec::new();
        // Opened by a command: say which cluster.
        if !matches!(parent, Some(View::Services(_))) {
            out.push(arn_name(&self.cluster).to_string());
        }
        out.push(arn_name(&self.service).to_string());
        out
    }
    fn loads(&self, data: &Data) -> Vec<Load> {
        let mut out = vec![self.services(), self.tasks(), self.history(), Load::Alarms];
        // What each deployment deployed, once the history names its revisions.
        out.extend(super::deployed::to_load(data, &self.revision_arns(data)));
        // Its task definition (cached once loaded) says the CPU architecture the cost needs.
        if let Some(svc) = self.find(data) {
            out.push(Load::TaskDefinition { arn: svc.task_definition.clone() });
        }
        // Its metrics: one GetMetricData for everything the detail charts.
        if let Some(svc) = self.find(data)
            && let Some(queries) = super::service_health::queries(data, &self.cluster, svc)
        {
            out.push(Load::Metrics { queries });
        }
        // The cluster's default strategy matters only to a service that has none of its own.
        if self.find(data).is_some_and(|s| s.strategy.is_empty() && s.launch_type.is_none()) {
            out.push(Load::Clusters);
        }
        // Its auto scaling target, policies and recent activities (pane 8), once it is known.
        if self.find(data).is_some() {
            out.push(super::scaling::load(&self.cluster, &self.service));
        }
        // The names of its service registries (Cloud Map).
        if let Some(svc) = self.find(data) {
            out.extend(super::service_discovery::loads(svc));
        }
        // Its load balancer targets, and for EC2 instance targets the cluster's container
        // instances (they say which instance each task is on).
        if let Some(svc) = self.find(data) {
            out.extend(super::targets::load(svc));
            if super::targets::needs_instances(data, svc) {
                out.push(Load::ContainerInstances { cluster: self.cluster.clone() });
            }
        }
        out
    }
    fn primary(&self) -> Option<Load> {
        Some(self.services())
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::Service(&self.panes)
    }
    fn table(&self, _data: &Data, _now: Time) -> Option<Table> {
        None
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        self.page = page;
        let revisions = Load::ServiceRevisions { arns: self.revision_arns(data) };
        let version = self.loads(data).iter().chain([&revisions]).map(|l| data.version(l)).max().unwrap_or(0);
        if !due(&mut self.made, version, now) {
            return;
        }
        let before = self.panes.detail().map(|d| (d.entry_of(self.panes.cursor), d.events.clone()));
        self.panes.shown = self.derive(data, now);
        self.locate_pick();
        if let Some((picked, events)) = before {
            self.keep_place(picked, &events);
        }
        if let Shown::Service(d) = &self.panes.shown {
            for p in Pane::ALL {
                let max = d.len(p).saturating_sub(1);
                self.panes.offsets[p.index()] = self.panes.offsets[p.index()].min(max);
            }
        }
    }
    fn cursor(&mut self, to: Move) {
        let pane = self.panes.focus;
        // The deployments pane moves its pick; the pane scrolls to show it.
        if pane == Pane::Deployments
            && let Some(d) = self.panes.detail()
        {
            let picks = d.picks();
            if picks.is_empty() {
                return;
            }
            let at = super::list::apply_move(self.panes.cursor.min(picks.len() - 1), picks.len() - 1, to, 3);
            self.panes.pick = picks.get(at).cloned();
            self.locate_pick();
            return;
        }
        let max = self.panes.detail().map(|d| d.len(pane)).unwrap_or(0).saturating_sub(1);
        let at = &mut self.panes.offsets[pane.index()];
        // Entries wrap to a line or more: a page moves by half the body in entries.
        *at = super::list::apply_move((*at).min(max), max, to, (self.page / 2).max(1));
    }
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        Some(match self.find(data) {
            Some(svc) => Ok(super::LogsOf::Service {
                cluster: self.cluster.clone(),
                service: svc.arn.clone(),
                task_definition: svc.task_definition.clone(),
            }),
            None => Err("the service is not loaded (yet)".into()),
        })
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            // The service's task definition, and what changed from the revision before it.
            Action::TaskDefinition | Action::Diff | Action::DiffDeployment => match self.find(data) {
                Some(svc) if action == Action::TaskDefinition => {
                    Acted::Open(Box::new(View::task_definition(svc.task_definition.clone())))
                }
                Some(_) if action == Action::DiffDeployment && self.panes.focus != Pane::Deployments => Acted::Said(
                    "enter diffs the deployment picked in the deployments pane: focus it (2), pick one with the up \
                     and down keys"
                        .into(),
                ),
                Some(svc) if action == Action::DiffDeployment || self.picked_other(svc) => self.diff_picked(svc),
                Some(svc) => self.diff_previous(svc),
                None => Acted::Said("the service is not loaded (yet)".into()),
            },
            Action::ServiceTasks => {
                Acted::Open(Box::new(View::tasks(self.cluster.clone(), Some(arn_name(&self.service).to_string()))))
            }
            Action::PaneSummary => self.focus(Pane::Summary),
            Action::PaneDeployments => self.focus(Pane::Deployments),
            Action::PaneEvents => self.focus(Pane::Events),
            Action::PaneMix => self.focus(Pane::Mix),
            Action::PaneAlarms => self.focus(Pane::Alarms),
            Action::PaneMetrics => self.focus(Pane::Metrics),
            Action::PaneTargets => self.focus(Pane::Targets),
            Action::PaneScaling => self.focus(Pane::Scaling),
            Action::NextPane => self.focus(self.panes.focus.step(1)),
            Action::PrevPane => self.focus(self.panes.focus.step(-1)),
            Action::Zoom => {
                self.panes.zoomed = !self.panes.zoomed;
                Acted::Done { reload: false }
            }
            _ => Acted::NotHere,
        }
    }
    fn empty_text(&self) -> String {
        format!("{} is not among the services of {}", arn_name(&self.service), arn_name(&self.cluster))
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
    fn subject(&self) -> Option<&Subject> {
        Some(&self.subject)
    }
    fn origin(&self) -> Option<String> {
        Some(self.service.clone())
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
