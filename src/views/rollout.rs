//! The rollout watch: one service's deployments as they roll — the new (PRIMARY) against the
//! old (ACTIVE) ones, where the rollout stands and how it ended, the tasks that failed on the
//! way and the service's events. It reads the cluster's services (the same load as the
//! services view) and the service's stopped tasks, and asks for a faster refresh while a
//! rollout runs. Leaving it cancels nothing in AWS: it only watches.
use super::{Body, Move, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{Rollout, Service, Task, TaskFilter, TaskStatusFilter, Time, age, arn_name, short_id};
use crate::state::{Data, Load};
use crate::table::{Table, Tone, stop_reason};
use std::time::Duration;

/// How often the watch refreshes while a rollout is in progress (the setting's interval
/// otherwise, when that is shorter).
pub const FAST_REFRESH: Duration = Duration::from_secs(2);

#[derive(Debug, Clone)]
pub struct RolloutView {
    /// The cluster as the services view names it (usually its ARN): the key of its load.
    pub cluster: String,
    /// Service ARN.
    pub service: String,
    subject: Subject,
    pub watch: Watch,
    /// Data version and time the watch was derived at.
    made: Option<(u64, Time)>,
    /// Rows of the body, as of the last sync (page keys move half of it).
    page: usize,
}

/// What the watch shows, derived from data, and how far its feed is scrolled.
#[derive(Debug, Clone, Default)]
pub struct Watch {
    pub shown: Shown,
    /// First feed entry shown (failed tasks, then events; headings count as entries).
    pub offset: usize,
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
    Service(Box<Rolling>),
}

/// One service's rollout, as the watch shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Rolling {
    pub name: String,
    pub status: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    /// The primary deployment's rollout state in words (`IN_PROGRESS (+1)`, `ROLLED BACK 3m`).
    pub state: String,
    pub state_tone: Tone,
    /// ECS's reason for the primary's rollout state.
    pub reason: Option<String>,
    /// Circuit breaker, healthy percentages and controller, in one line.
    pub settings: String,
    /// The primary first, then the older ones.
    pub deployments: Vec<Bar>,
    pub outcome: Outcome,
    /// A rollout (or its rollback) is running: the watch refreshes faster.
    pub in_progress: bool,
    pub failed_tasks: FailedTasks,
    /// Newest first.
    pub events: Vec<Event>,
}

/// One deployment: its numbers and how much of its bar is filled.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The PRIMARY deployment (the others are older ones still running tasks).
    pub new: bool,
    pub task_definition: String,
    pub running: i32,
    pub desired: i32,
    pub pending: i32,
    pub failed: i32,
    /// The count the bar is measured against: the deployment's desired count, or the
    /// service's for an old deployment ECS no longer wants any tasks of (it is draining).
    pub scale: i32,
    pub rollout_state: Option<String>,
    /// Strategy in short form, else launch type.
    pub placement: String,
    pub created_at: Option<Time>,
    pub updated_at: Option<Time>,
}

impl Bar {
    /// One deployment of `svc` as a bar (the service's count scales a draining one).
    pub fn of(d: &crate::model::Deployment, svc: &Service) -> Bar {
        let new = d.status == "PRIMARY";
        let placement = if !d.strategy.is_empty() {
            d.strategy.short()
        } else if let Some(lt) = &d.launch_type {
            lt.clone()
        } else {
            svc.placement_short()
        };
        Bar {
            new,
            task_definition: arn_name(&d.task_definition).to_string(),
            running: d.running,
            desired: d.desired,
            pending: d.pending,
            failed: d.failed,
            scale: if d.desired > 0 || new { d.desired } else { svc.desired },
            rollout_state: d.rollout_state.clone(),
            placement,
            created_at: d.created_at,
            updated_at: d.updated_at,
        }
    }

    /// Cells of a `width`-cell bar filled by running tasks: proportional, but never empty
    /// while a task runs and never full while one is missing.
    pub fn filled(&self, width: usize) -> usize {
        let (running, scale) = (self.running.max(0) as usize, self.scale.max(0) as usize);
        if width == 0 || running == 0 {
            return 0;
        }
        if scale == 0 || running >= scale {
            return width;
        }
        let cells = (running * width + scale / 2) / scale;
        cells.clamp(1, width.saturating_sub(1).max(1))
    }

    /// The numbers beside the bar: `2/4 running`, `2 running, draining` or `drained`.
    pub fn count(&self) -> String {
        if !self.new && self.desired == 0 && self.running > 0 {
            format!("{} running, draining", self.running)
        } else if !self.new && self.desired == 0 {
            "drained".into()
        } else {
            format!("{}/{} running", self.running, self.desired)
        }
    }
}

/// The line that says how the rollout stands or ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    pub tone: Tone,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq)]
pub enum FailedTasks {
    Loading,
    /// The stopped tasks could not be loaded: why.
    Error(String),
    Tasks(Vec<FailedTask>),
}

/// Tasks of one task definition that failed for the same reason (a broken release fails
/// every task alike: one entry says it once).
#[derive(Debug, Clone, PartialEq)]
pub struct FailedTask {
    /// Short task ids, newest stop first.
    pub ids: Vec<String>,
    pub task_definition: String,
    /// The newest stop.
    pub stopped_at: Option<Time>,
    pub reason: String,
}

impl FailedTasks {
    /// Tasks counted (not entries).
    pub fn count(&self) -> usize {
        match self {
            FailedTasks::Tasks(t) => t.iter().map(|f| f.ids.len()).sum(),
            _ => 0,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: Option<Time>,
    pub message: String,
    pub tone: Tone,
}

/// Problems stand out in the events; a steady state is good news.
pub fn event_tone(message: &str) -> Tone {
    const PROBLEMS: &[&str] =
        &["unable to place", "health check", "deployment failed", "failed to start", "rolling back", "unhealthy"];
    const OK: &[&str] = &["has reached a steady state", "deployment completed"];
    let m = message.to_lowercase();
    if PROBLEMS.iter().any(|p| m.contains(p)) {
        Tone::Error
    } else if OK.iter().any(|p| m.contains(p)) {
        Tone::Ok
    } else {
        Tone::Normal
    }
}

/// The outcome line of a service's rollout at `now`.
pub fn outcome(svc: &Service, now: Time) -> Outcome {
    // " 3m ago", or nothing when ECS gave no time.
    let ago = |t: Option<Time>| t.map(|t| format!(" {} ago", age(t, now))).unwrap_or_default();
    let Some(p) = svc.primary() else {
        return Outcome { tone: Tone::Warn, text: "no deployment is listed for this service".into() };
    };
    let td = arn_name(&p.task_definition);
    let failed = svc.deployments.iter().find(|d| d.status != "PRIMARY" && d.rollout_state.as_deref() == Some("FAILED"));
    match svc.rollout(now) {
        Rollout::InProgress { draining } => {
            let old = match draining {
                0 => String::new(),
                1 => "; 1 old deployment still running".into(),
                n => format!("; {n} old deployments still running"),
            };
            let pending = if p.pending > 0 { format!(", {} pending", p.pending) } else { String::new() };
            let failures = if p.failed > 0 { format!(", {} failed", p.failed) } else { String::new() };
            Outcome {
                tone: if p.failed > 0 { Tone::Warn } else { Tone::Accent },
                text: format!(
                    "IN PROGRESS — {td}: {}/{} running{pending}{failures}{old} · started{}",
                    p.running,
                    p.desired,
                    ago(p.created_at)
                ),
            }
        }
        Rollout::RollingBack { since } => {
            let what = failed.map(|f| format!(" — {} failed", arn_name(&f.task_definition))).unwrap_or_default();
            let why = failed.and_then(|f| f.rollout_reason.as_deref()).map(|r| format!(": {r}")).unwrap_or_default();
            Outcome { tone: Tone::Error, text: format!("ROLLING BACK to {td}{what}{why} · since{}", ago(since)) }
        }
        Rollout::RolledBack { at } => Outcome {
            tone: Tone::Error,
            text: format!(
                "ROLLED BACK to {td}: the new deployment failed; rollback began {} ago, steady state reached{}",
                age(at, now),
                ago(p.updated_at)
            ),
        },
        Rollout::Completed => Outcome {
            tone: Tone::Ok,
            text: format!("COMPLETED — steady state reached{} ({td})", ago(p.updated_at.or(p.created_at))),
        },
        Rollout::Failed => Outcome {
            tone: Tone::Error,
            text: format!(
                "FAILED — {td}: {} ·{}",
                p.rollout_reason.as_deref().unwrap_or("the deployment failed"),
                ago(p.updated_at.or(p.created_at))
            ),
        },
        Rollout::Unknown => Outcome {
            tone: Tone::Muted,
            text: format!(
                "{} deployments report no rollout state to ECS: the events below tell how it goes",
                if svc.controller.is_empty() { "this service's" } else { svc.controller.as_str() }
            ),
        },
        Rollout::Other(s) => Outcome { tone: Tone::Warn, text: format!("{s} ·{}", ago(p.updated_at)) },
    }
}

/// When this rollout began: the earliest start of the deployments it brought (the primary,
/// and a failed one being rolled back). Older, completed deployments are not part of it.
fn rollout_start(svc: &Service) -> Option<Time> {
    svc.deployments
        .iter()
        .filter(|d| d.status == "PRIMARY" || d.rollout_state.as_deref() == Some("FAILED"))
        .filter_map(|d| d.created_at)
        .min()
}

/// Stopped tasks of this rollout that failed: stopped since it began, and not by the scheduler
/// draining them (replacing old tasks is the rollout working, not failing), grouped by task
/// definition and reason. Newest first. After a completed rollback ECS no longer lists the
/// failed deployment, so its start is unknown: tasks of another revision than the one rolled
/// back to count from an hour before the rollback (ECS forgets stopped tasks after about an
/// hour anyway).
pub fn failed_tasks(svc: &Service, stopped: &[Task], now: Time) -> Vec<FailedTask> {
    let Some(start) = rollout_start(svc) else { return vec![] };
    let primary = svc.primary().map(|p| p.task_definition.as_str()).unwrap_or_default();
    let before_rollback = match svc.rollout(now) {
        Rollout::RolledBack { at } => Some(at - chrono::Duration::hours(1)),
        _ => None,
    };
    let in_rollout = |t: &Task| {
        let Some(at) = t.stopped_at.or(t.stopping_at) else { return false };
        at >= start || before_rollback.is_some_and(|from| at >= from && t.task_definition != primary)
    };
    let mut failed: Vec<&Task> = stopped
        .iter()
        .filter(|t| in_rollout(t))
        .filter(|t| !t.stopped_reason.as_deref().is_some_and(|r| r.starts_with("Scaling activity initiated by")))
        .collect();
    failed.sort_by_key(|t| std::cmp::Reverse(t.stopped_at.or(t.stopping_at)));
    let mut out: Vec<FailedTask> = Vec::new();
    for t in failed {
        let (td, reason) = (arn_name(&t.task_definition).to_string(), stop_reason(t));
        let id = short_id(&t.arn).to_string();
        match out.iter_mut().find(|f| f.task_definition == td && f.reason == reason) {
            Some(f) => f.ids.push(id),
            None => out.push(FailedTask {
                ids: vec![id],
                task_definition: td,
                stopped_at: t.stopped_at.or(t.stopping_at),
                reason,
            }),
        }
    }
    out
}

/// Everything the watch derives from a service (and its stopped tasks, once loaded).
pub fn rolling(svc: &Service, failed: FailedTasks, now: Time) -> Rolling {
    let rollout = svc.rollout(now);
    let in_progress = matches!(rollout, Rollout::InProgress { .. } | Rollout::RollingBack { .. });
    let state_tone = match rollout {
        Rollout::Completed => Tone::Ok,
        Rollout::InProgress { .. } => Tone::Accent,
        Rollout::Failed | Rollout::RollingBack { .. } | Rollout::RolledBack { .. } => Tone::Error,
        Rollout::Unknown => Tone::Muted,
        Rollout::Other(_) => Tone::Warn,
    };
    let breaker = match svc.circuit_breaker {
        Some(b) if b.enable && b.rollback => "circuit breaker on, rolls back".to_string(),
        Some(b) if b.enable => "circuit breaker on, no rollback".to_string(),
        Some(_) => "circuit breaker off".to_string(),
        None => "circuit breaker not reported".to_string(),
    };
    let healthy = match (svc.min_healthy_percent, svc.max_percent) {
        (None, None) => "healthy percents not reported".to_string(),
        (min, max) => {
            let pct = |p: Option<i32>| p.map(|p| format!("{p}%")).unwrap_or_else(|| "-".into());
            format!("min healthy {} · max {}", pct(min), pct(max))
        }
    };
    let controller = if svc.controller.is_empty() { "-" } else { svc.controller.as_str() };
    let settings = format!("{breaker} · {healthy} · controller {controller}");
    let mut deployments: Vec<Bar> =
        svc.deployments.iter().filter(|d| d.status == "PRIMARY").map(|d| Bar::of(d, svc)).collect();
    deployments.extend(svc.deployments.iter().filter(|d| d.status != "PRIMARY").map(|d| Bar::of(d, svc)));
    Rolling {
        name: svc.name.clone(),
        status: svc.status.clone(),
        desired: svc.desired,
        running: svc.running,
        pending: svc.pending,
        state: match rollout {
            // CODE_DEPLOY and EXTERNAL deployments have no rollout state in ECS.
            Rollout::Unknown => "NO ROLLOUT STATE".into(),
            _ => svc.rollout_label(now),
        },
        state_tone,
        reason: svc.primary().and_then(|p| p.rollout_reason.clone()),
        settings,
        deployments,
        outcome: outcome(svc, now),
        in_progress,
        failed_tasks: failed,
        events: svc
            .events
            .iter()
            .map(|e| Event { at: e.created_at, message: e.message.clone(), tone: event_tone(&e.message) })
            .collect(),
    }
}

impl Watch {
    /// Entries in the feed: the failed tasks' heading and rows (one line when there are
    /// none), the events' heading and rows.
    pub fn feed_len(&self) -> usize {
        match &self.shown {
            Shown::Service(r) => {
                let tasks = match &r.failed_tasks {
                    FailedTasks::Tasks(t) if !t.is_empty() => 1 + t.len(),
                    _ => 1,
                };
                tasks + 1 + r.events.len()
            }
            _ => 0,
        }
    }

    /// What feed entry `i` is, to find it again after new entries arrive above it: failed tasks
    /// by what groups them (a task that joins the group changes its newest id, not its place),
    /// an event by its time and words, a heading by its place.
    fn entry_key(&self, i: usize) -> Option<String> {
        let r = self.rolling()?;
        let tasks = match &r.failed_tasks {
            FailedTasks::Tasks(t) if !t.is_empty() => t.as_slice(),
            _ => &[],
        };
        let heading = 1 + tasks.len();
        match i {
            0 => Some("heading: tasks".into()),
            i if i < heading => tasks.get(i - 1).map(|t| format!("task: {} {}", t.task_definition, t.reason)),
            i if i == heading => Some("heading: events".into()),
            i => r.events.get(i - heading - 1).map(|e| format!("event: {:?} {}", e.at, e.message)),
        }
    }

    pub fn rolling(&self) -> Option<&Rolling> {
        match &self.shown {
            Shown::Service(r) => Some(r),
            _ => None,
        }
    }
}

/// A service looked up among its cluster's loaded services.
pub enum Lookup<'a> {
    /// The cluster's services are not loaded (yet, or they failed: the status says why).
    Loading,
    /// They loaded (`at`) without it.
    Gone {
        at: Option<Time>,
    },
    Found(&'a Service),
}

/// The service `arn` in the services of `cluster` (the key of their load).
pub fn lookup<'a>(data: &'a Data, cluster: &str, arn: &str) -> Lookup<'a> {
    let Some(services) = data.services_of(cluster) else { return Lookup::Loading };
    match services.iter().find(|s| s.arn == arn) {
        Some(svc) => Lookup::Found(svc),
        None => Lookup::Gone { at: data.services.get(cluster).and_then(|r| r.loaded_at) },
    }
}

/// Whether a view derived at `made` (data version, time) must derive again; records the new one.
/// Ages move with time, so a new second is due as well as new data.
pub fn due(made: &mut Option<(u64, Time)>, version: u64, now: Time) -> bool {
    if *made == Some((version, now)) {
        return false;
    }
    *made = Some((version, now));
    true
}

impl RolloutView {
    pub fn new(cluster: String, service: String) -> Self {
        let subject = Subject::Service { cluster: cluster.clone(), arn: service.clone() };
        Self { cluster, service, subject, watch: Watch::default(), made: None, page: 1 }
    }

    fn services(&self) -> Load {
        Load::Services { cluster: self.cluster.clone() }
    }

    /// The service's stopped tasks, as the tasks view loads them (failed tasks come from these).
    fn stopped(&self) -> Load {
        let filter =
            TaskFilter { service: Some(arn_name(&self.service).to_string()), status: TaskStatusFilter::Stopped };
        Load::Tasks { cluster: self.cluster.clone(), filter }
    }

    fn derive(&self, data: &Data, now: Time) -> Shown {
        let svc = match lookup(data, &self.cluster, &self.service) {
            Lookup::Loading => return Shown::Loading,
            Lookup::Gone { at } => return Shown::Gone { at },
            Lookup::Found(svc) => svc,
        };
        let filter = match self.stopped() {
            Load::Tasks { filter, .. } => filter,
            _ => unreachable!("stopped() is a tasks load"),
        };
        let failed = match (data.tasks_of(&self.cluster, &filter), data.tasks.get(&(self.cluster.clone(), filter))) {
            (Some(tasks), _) => FailedTasks::Tasks(failed_tasks(svc, tasks, now)),
            (None, Some(r)) if r.error.is_some() => {
                FailedTasks::Error(r.error.as_ref().map(|e| e.to_string()).unwrap_or_default())
            }
            _ => FailedTasks::Loading,
        };
        Shown::Service(Box::new(rolling(svc, failed, now)))
    }
}

const ACTIONS: &[Action] = &[Action::Rollback];

impl Screen for RolloutView {
    fn context(&self) -> Context {
        Context::Rollout
    }
    fn title(&self) -> String {
        format!("rollout · {}", arn_name(&self.service))
    }
    fn crumbs(&self, parent: Option<&View>) -> Vec<String> {
        let mut out = Vec::new();
        // Opened by a command or after a change elsewhere: say which cluster.
        if !matches!(parent, Some(View::Services(_))) {
            out.push(arn_name(&self.cluster).to_string());
        }
        out.push(format!("{} rollout", arn_name(&self.service)));
        out
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![self.services(), self.stopped()]
    }
    fn primary(&self) -> Option<Load> {
        Some(self.services())
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::Rollout(&self.watch)
    }
    fn table(&self, _data: &Data, _now: Time) -> Option<Table> {
        None
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        self.page = page;
        // Ages and the rollback window move with time, so a new second derives again too.
        let version = self.loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
        if !due(&mut self.made, version, now) {
            return;
        }
        // A scrolled feed stays on the entry it showed when newer ones arrive above it.
        let anchor = (self.watch.offset > 0).then(|| self.watch.entry_key(self.watch.offset)).flatten();
        self.watch.shown = self.derive(data, now);
        let found = anchor.and_then(|key| {
            (0..self.watch.feed_len()).find(|&i| self.watch.entry_key(i).as_deref() == Some(key.as_str()))
        });
        self.watch.offset = found.unwrap_or(self.watch.offset).min(self.watch.feed_len().saturating_sub(1));
    }
    fn cursor(&mut self, to: Move) {
        // The feed scrolls by entries, which wrap to a line or more: half a page of them.
        let max = self.watch.feed_len().saturating_sub(1);
        self.watch.offset = super::list::apply_move(self.watch.offset.min(max), max, to, (self.page / 2).max(1));
    }
    fn empty_text(&self) -> String {
        format!("{} is not among the services of {}", arn_name(&self.service), arn_name(&self.cluster))
    }
    fn refresh_every(&self) -> Option<Duration> {
        self.watch.rolling().filter(|r| r.in_progress).map(|_| FAST_REFRESH)
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
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::model::{Deployment, ServiceEvent};

    fn bar(running: i32, desired: i32) -> Bar {
        Bar {
            new: true,
            task_definition: "web:18".into(),
            running,
            desired,
            pending: 0,
            failed: 0,
            scale: desired,
            rollout_state: None,
            placement: "FARGATE".into(),
            created_at: None,
            updated_at: None,
        }
    }

    #[test]
    fn bars_fill_in_proportion_but_never_lie_at_the_ends() {
        assert_eq!(bar(2, 4).filled(20), 10);
        assert_eq!(bar(4, 4).filled(20), 20);
        assert_eq!(bar(0, 4).filled(20), 0);
        // One task of a hundred still shows; 99 of 100 is not complete.
        assert_eq!(bar(1, 100).filled(20), 1);
        assert_eq!(bar(99, 100).filled(20), 19);
        // More running than wanted (a surge) fills the bar, no more.
        assert_eq!(bar(6, 4).filled(20), 20);
        assert_eq!(bar(0, 0).filled(20), 0);
        assert_eq!(bar(3, 4).filled(0), 0);
        assert_eq!(bar(2, 4).count(), "2/4 running");
        let old = Bar { new: false, ..bar(0, 0) };
        assert_eq!(old.count(), "drained");
    }

    fn dep(status: &str, state: &str, td: &str, running: i32, desired: i32, mins: i64) -> Deployment {
        let at = Some(fixtures::now() - chrono::Duration::minutes(mins));
        Deployment {
            id: format!("ecs-svc/{td}"),
            status: status.into(),
            task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/{td}"),
            running,
            desired,
            rollout_state: Some(state.into()),
            created_at: at,
            updated_at: at,
            ..Default::default()
        }
    }

    fn service(deployments: Vec<Deployment>) -> Service {
        Service {
            arn: "arn:aws:ecs:eu-west-1:1:service/prod/web".into(),
            name: "web".into(),
            desired: 4,
            running: 4,
            controller: "ECS".into(),
            circuit_breaker: Some(crate::model::CircuitBreaker { enable: true, rollback: true }),
            min_healthy_percent: Some(100),
            max_percent: Some(200),
            deployments,
            ..Default::default()
        }
    }

    #[test]
    fn a_rolling_service_shows_new_then_old_with_their_numbers() {
        let now = fixtures::now();
        let svc = service(vec![
            dep("ACTIVE", "COMPLETED", "web:17", 2, 0, 600),
            dep("PRIMARY", "IN_PROGRESS", "web:18", 2, 4, 2),
        ]);
        let r = rolling(&svc, FailedTasks::Loading, now);
        assert!(r.in_progress);
        assert_eq!(r.state, "IN_PROGRESS (+1)");
        let shown: Vec<(bool, &str, String, usize)> =
            r.deployments.iter().map(|b| (b.new, b.task_definition.as_str(), b.count(), b.filled(20))).collect();
        assert_eq!(
            shown,
            vec![
                (true, "web:18", "2/4 running".to_string(), 10),
                (false, "web:17", "2 running, draining".to_string(), 10)
            ]
        );
        assert_eq!(r.settings, "circuit breaker on, rolls back · min healthy 100% · max 200% · controller ECS");
        assert_eq!(
            r.outcome.text,
            "IN PROGRESS — web:18: 2/4 running; 1 old deployment still running · started 2m ago"
        );
        assert_eq!(r.outcome.tone, Tone::Accent);
    }

    #[test]
    fn outcomes_say_how_it_ended_and_when() {
        let now = fixtures::now();
        let done = service(vec![dep("PRIMARY", "COMPLETED", "web:18", 4, 4, 3)]);
        let o = outcome(&done, now);
        assert_eq!((o.tone, o.text.as_str()), (Tone::Ok, "COMPLETED — steady state reached 3m ago (web:18)"));
        assert!(!rolling(&done, FailedTasks::Loading, now).in_progress);

        let mut failed = service(vec![dep("PRIMARY", "FAILED", "web:19", 0, 4, 20)]);
        failed.deployments[0].rollout_reason = Some("ECS deployment circuit breaker: tasks failed to start.".into());
        let o = outcome(&failed, now);
        assert_eq!(o.tone, Tone::Error);
        assert_eq!(o.text, "FAILED — web:19: ECS deployment circuit breaker: tasks failed to start. · 20m ago");

        let services = fixtures::rollback_services(now);
        let rolling_back = outcome(&services[0], now);
        assert_eq!(rolling_back.tone, Tone::Error);
        assert_eq!(
            rolling_back.text,
            "ROLLING BACK to shop:36 — shop:37 failed: ECS deployment circuit breaker: tasks failed to start. · since 3m ago"
        );
        assert!(rolling(&services[0], FailedTasks::Loading, now).in_progress);
        let rolled = outcome(&services[2], now);
        assert_eq!(
            rolled.text,
            "ROLLED BACK to shop:36: the new deployment failed; rollback began 3m ago, steady state reached 2s ago"
        );
        assert!(!rolling(&services[2], FailedTasks::Loading, now).in_progress);
        // Long after, the rollback is history: the outcome is the completion.
        assert!(outcome(&services[3], now).text.starts_with("COMPLETED — steady state reached"));
    }

    #[test]
    fn blue_green_says_ecs_has_no_rollout_state() {
        let mut svc = service(vec![Deployment { status: "PRIMARY".into(), ..Default::default() }]);
        svc.controller = "CODE_DEPLOY".into();
        let o = outcome(&svc, fixtures::now());
        assert!(o.text.starts_with("CODE_DEPLOY deployments report no rollout state"), "{}", o.text);
        let r = rolling(&svc, FailedTasks::Loading, fixtures::now());
        assert_eq!((r.state.as_str(), r.in_progress), ("NO ROLLOUT STATE", false));
        assert_eq!(outcome(&service(vec![]), fixtures::now()).text, "no deployment is listed for this service");
    }

    #[test]
    fn events_are_told_apart() {
        assert_eq!(
            event_tone("(service web) was unable to place a task because no container instance met"),
            Tone::Error
        );
        assert_eq!(event_tone("(service web) (task 1) failed container health checks."), Tone::Error);
        assert_eq!(event_tone("(service web) has reached a steady state."), Tone::Ok);
        assert_eq!(event_tone("(service web) has started 2 tasks: (task a) (task b)."), Tone::Normal);
    }

    #[test]
    fn failed_tasks_are_those_of_this_rollout_not_the_drained_ones() {
        let svc = service(vec![
            dep("PRIMARY", "IN_PROGRESS", "web:18", 1, 4, 15),
            dep("ACTIVE", "COMPLETED", "web:17", 3, 3, 600),
        ]);
        // Stopped 12 and 30 minutes ago: only the first is in this rollout (15 minutes old).
        let mut stopped = fixtures::stopped_tasks();
        let mut drained = stopped[0].clone();
        drained.arn = "arn:aws:ecs:eu-west-1:1:task/prod/drained0drained0".into();
        drained.stop_code = Some("ServiceSchedulerInitiated".into());
        drained.stopped_reason = Some("Scaling activity initiated by (deployment ecs-svc/web:18)".into());
        stopped.push(drained);
        let got = failed_tasks(&svc, &stopped, fixtures::now());
        let got: Vec<(Vec<String>, &str)> = got.iter().map(|t| (t.ids.clone(), t.reason.as_str())).collect();
        assert_eq!(
            got,
            vec![(vec!["dead0001".to_string()], "app: OutOfMemoryError: Container killed due to memory usage")]
        );
    }

    #[test]
    fn the_watch_says_when_the_service_is_gone_and_refreshes_fast_only_while_rolling() {
        let now = fixtures::now();
        let cluster = fixtures::cluster_arn("prod");
        let mut data = Data::default();
        let mut view = RolloutView::new(cluster.clone(), "arn:aws:ecs:eu-west-1:1:service/prod/web".into());
        view.sync(&data, now, 20);
        assert_eq!(view.watch.shown, Shown::Loading);
        assert_eq!(view.refresh_every(), None);

        let load = Load::Services { cluster: cluster.clone() };
        let put = |data: &mut Data, services: Vec<Service>, req: u64| {
            data.start(&load, req);
            let payload = crate::state::Payload::Services(crate::api::Loaded { items: services, failures: vec![] });
            assert!(data.apply(&load, req, now, Ok(payload)));
        };
        let rolling_svc = service(vec![dep("PRIMARY", "IN_PROGRESS", "web:18", 2, 4, 2)]);
        put(&mut data, vec![rolling_svc.clone()], 1);
        view.sync(&data, now, 20);
        assert_eq!(view.refresh_every(), Some(FAST_REFRESH));

        let mut done = rolling_svc.clone();
        done.deployments[0].rollout_state = Some("COMPLETED".into());
        done.events
            .push(ServiceEvent { message: "(service web) has reached a steady state.".into(), ..Default::default() });
        put(&mut data, vec![done], 2);
        view.sync(&data, now, 20);
        assert_eq!(view.refresh_every(), None);
        assert_eq!(view.watch.feed_len(), 3, "failed tasks line, events heading, one event");

        put(&mut data, vec![], 3);
        view.sync(&data, now, 20);
        assert_eq!(view.watch.shown, Shown::Gone { at: Some(now) });
        assert_eq!(view.refresh_every(), None);
    }
}
