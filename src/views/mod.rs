//! One home per view. Each view is a struct in its own file holding its own state, behind the
//! [`Screen`] trait: what it loads, its title and breadcrumb, its body, its empty text, the
//! actions it offers, what Enter and describe open. [`View`] is the one enum over them, and
//! [`View::screen`] / [`View::screen_mut`] are the one match over view kinds.
mod alarm;
pub mod alarms;
pub mod cluster;
mod clusters;
mod containers;
pub mod deployed;
mod describe;
mod journal;
pub mod list;
pub mod log_buffer;
pub mod logs;
pub mod rollout;
pub mod scaling;
pub mod service;
pub mod service_discovery;
pub mod service_health;
mod services;
mod strategy;
pub mod targets;
mod taskdef;
pub mod taskdef_text;
mod tasks;
pub mod text;
pub mod triage;

pub use alarm::AlarmView;
pub use alarms::AlarmsView;
pub use cluster::ClusterView;
pub use clusters::ClustersView;
pub use containers::ContainersView;
pub use describe::{DescribeFormat, DescribeView, Subject};
pub use journal::JournalView;
pub use list::{ListState, Move, Rows, scroll_offset};
pub use logs::{LogsOf, LogsView};
pub use rollout::{RolloutView, Watch};
pub use service::{Pane, Panes, ServiceView};
pub use services::ServicesView;
pub use strategy::StrategyView;
pub use taskdef::{Shows, TaskDefView};
pub use tasks::TasksView;
pub use text::{TextState, Tone};
pub use triage::TriageView;

use crate::config::{Action, Context};
use crate::model::Time;
use crate::state::{Data, Load, Status};
use crate::table::Table;

/// The body a view draws.
pub enum Body<'a> {
    List(&'a ListState),
    Text(&'a TextState),
    /// The capacity-provider strategy editor.
    Strategy(&'a StrategyView),
    /// A rollout watch: bars, outcome and a feed of failed tasks and events.
    Rollout(&'a Watch),
    /// A service's detail: its panes.
    Service(&'a Panes),
    /// A cluster's detail: panes for its summary, providers, instances, mix and cost.
    Cluster(&'a cluster::Panes),
    /// A log view: its lines, filter and tail status.
    Logs(&'a LogsView),
}

/// What a view does with an action of its own.
#[derive(Debug, Clone)]
pub enum Acted {
    /// Handled; `reload`: what the view shows changed, load it if needed.
    Done { reload: bool },
    /// Open this view on top.
    Open(Box<View>),
    /// Nothing done, and this says why.
    Said(String),
    /// Propose this change in AWS (the guard refuses it or asks to confirm it).
    Propose(crate::mutation::Mutation),
    /// The view has nothing for this action.
    NotHere,
}

/// Everything a view knows about itself.
pub trait Screen {
    /// The keymap table of this view.
    fn context(&self) -> Context;
    /// Title line text, e.g. `tasks · api (stopped)`.
    fn title(&self) -> String;
    /// Breadcrumbs this view adds after `parent`'s.
    fn crumbs(&self, parent: Option<&View>) -> Vec<String>;
    /// What must be loaded for this view, given what is loaded now (a list, not one).
    fn loads(&self, data: &Data) -> Vec<Load>;
    /// The load whose age, errors and progress the header and banner report.
    fn primary(&self) -> Option<Load>;
    /// This view's own actions, in the order key hints show them; list views also get
    /// [`LIST_ACTIONS`], and every view [`MOVE_ACTIONS`] and [`GLOBAL_ACTIONS`].
    fn actions(&self) -> &'static [Action];
    fn body(&self) -> Body<'_>;
    /// The rows, for list views, built from data (only when the data changed).
    fn table(&self, data: &Data, now: Time) -> Option<Table>;
    fn list_mut(&mut self) -> Option<&mut ListState> {
        None
    }
    fn text_mut(&mut self) -> Option<&mut TextState> {
        None
    }
    /// Up, down, top, bottom in a view that is neither a list nor a text (an editor's rows).
    fn cursor(&mut self, _to: Move) {}
    /// A shorter refresh interval than the setting's, while this view wants one (a rollout
    /// being watched); the refresh tick honours it.
    fn refresh_every(&self) -> Option<std::time::Duration> {
        None
    }
    /// The row of the view below this one that it shows (an ARN or a name), so going back
    /// puts the cursor there even when the view was reached by a command.
    fn origin(&self) -> Option<String> {
        None
    }
    /// Derive what the body shows from data; cheap when nothing changed.
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        sync_list(self, data, now, page);
    }
    /// Shown when the body has nothing to show (a filter that hides every row says so itself).
    fn empty_text(&self) -> String {
        "nothing here".into()
    }
    /// A key, before the keymap sees it: views that take typed input (an editor's numbers)
    /// answer `Some`; `None` lets the keymap have it.
    fn input(&mut self, _key: &crossterm::event::KeyEvent, _data: &Data) -> Option<Acted> {
        None
    }
    /// An action particular to this view (`data` to resolve the selected row).
    fn act(&mut self, _action: Action, _data: &Data) -> Acted {
        Acted::NotHere
    }
    /// Enter on the row `id`.
    fn open(&self, _id: &str, _data: &Data) -> Option<View> {
        None
    }
    /// `d` on the row `id`: the object in full.
    fn describe(&self, _id: &str, _data: &Data) -> Option<View> {
        None
    }
    /// Short words for the title line (e.g. the describe format).
    fn labels(&self) -> Vec<&'static str> {
        vec![]
    }
    /// The cluster this view is inside, if any (for commands that need one).
    fn cluster(&self) -> Option<&str> {
        None
    }
    /// The one object this view shows (a describe, a watch), which actions then act on.
    fn subject(&self) -> Option<&Subject> {
        None
    }
    /// Whose logs `l` opens from here (the selected row's, or what the view shows); `None`:
    /// no logs here, `Err`: why not now.
    fn logs(&self, _data: &Data) -> Option<Result<LogsOf, String>> {
        None
    }
}

/// A list view's rows from data: rebuilt only when the data it reads changed, else only
/// re-ordered (filter, sort); the selection follows its object. What [`Screen::sync`] does
/// unless a view adds to it.
pub fn sync_list<S: Screen + ?Sized>(screen: &mut S, data: &Data, now: Time, page: usize) {
    let version = screen.loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
    let rebuild = match screen.list_mut() {
        Some(list) => list.stale(version),
        None => return,
    };
    let table = if rebuild { Some(screen.table(data, now)) } else { None };
    if let Some(list) = screen.list_mut() {
        match table {
            Some(t) => list.set_table(t, version),
            None => list.order(false),
        }
        list.reselect(page);
    }
}

/// Every view the console has. Constructors are the only other place that names a kind.
#[derive(Debug, Clone)]
pub enum View {
    Clusters(ClustersView),
    Services(ServicesView),
    Tasks(TasksView),
    Containers(ContainersView),
    Describe(DescribeView),
    Journal(JournalView),
    Strategy(StrategyView),
    Rollout(RolloutView),
    TaskDef(TaskDefView),
    Service(ServiceView),
    Cluster(ClusterView),
    Alarms(AlarmsView),
    Alarm(AlarmView),
    /// Boxed: its ring of lines makes it far larger than the other views.
    Logs(Box<LogsView>),
    Triage(TriageView),
}

impl View {
    pub fn screen(&self) -> &dyn Screen {
        match self {
            View::Clusters(v) => v,
            View::Services(v) => v,
            View::Tasks(v) => v,
            View::Containers(v) => v,
            View::Describe(v) => v,
            View::Journal(v) => v,
            View::Strategy(v) => v,
            View::Rollout(v) => v,
            View::TaskDef(v) => v,
            View::Service(v) => v,
            View::Cluster(v) => v,
            View::Alarms(v) => v,
            View::Alarm(v) => v,
            View::Logs(v) => v.as_ref(),
            View::Triage(v) => v,
        }
    }

    pub fn screen_mut(&mut self) -> &mut dyn Screen {
        match self {
            View::Clusters(v) => v,
            View::Services(v) => v,
            View::Tasks(v) => v,
            View::Containers(v) => v,
            View::Describe(v) => v,
            View::Journal(v) => v,
            View::Strategy(v) => v,
            View::Rollout(v) => v,
            View::TaskDef(v) => v,
            View::Service(v) => v,
            View::Cluster(v) => v,
            View::Alarms(v) => v,
            View::Alarm(v) => v,
            View::Logs(v) => v.as_mut(),
            View::Triage(v) => v,
        }
    }

    pub fn clusters() -> View {
        View::Clusters(ClustersView::default())
    }

    pub fn services(cluster: impl Into<String>) -> View {
        View::Services(ServicesView::new(cluster.into()))
    }

    pub fn tasks(cluster: impl Into<String>, service: Option<String>) -> View {
        View::Tasks(TasksView::new(cluster.into(), service))
    }

    pub fn containers(cluster: impl Into<String>, task: impl Into<String>) -> View {
        View::Containers(ContainersView::new(cluster.into(), task.into()))
    }

    pub fn describe(subject: Subject) -> View {
        View::Describe(DescribeView::new(subject))
    }

    /// The audit journal, newest first.
    pub fn journal() -> View {
        View::Journal(JournalView::default())
    }

    /// The strategy editor for a service (ARN) or, with none, for the cluster's default.
    pub fn strategy(cluster: &str, service: Option<&str>, data: &Data) -> Result<View, String> {
        StrategyView::new(cluster, service, data).map(View::Strategy)
    }

    /// The rollout watch of `service` (an ARN) in `cluster` (as the services view names it).
    pub fn rollout(cluster: impl Into<String>, service: impl Into<String>) -> View {
        View::Rollout(RolloutView::new(cluster.into(), service.into()))
    }

    /// A task definition by ARN or `family:revision`, environment values masked.
    pub fn task_definition(arn_or_family_rev: impl Into<String>) -> View {
        View::TaskDef(TaskDefView::new(Shows::Definition { arn: arn_or_family_rev.into() }))
    }

    /// The diff from task definition `old` to `new` (each an ARN or `family:revision`).
    pub fn task_definition_diff(old: impl Into<String>, new: impl Into<String>) -> View {
        View::TaskDef(TaskDefView::new(Shows::Diff { old: old.into(), new: new.into() }))
    }

    /// The detail of `service` (an ARN) in `cluster` (as the services view names it).
    pub fn service(cluster: impl Into<String>, service: impl Into<String>) -> View {
        View::Service(ServiceView::new(cluster.into(), service.into()))
    }

    /// The detail of one cluster (by ARN): summary, providers, instances, mix and cost.
    pub fn cluster(arn: impl Into<String>) -> View {
        View::Cluster(ClusterView::new(arn.into()))
    }

    /// CloudWatch alarms: of one cluster (ARN or name) and its services, or of the region.
    pub fn alarms(cluster: Option<String>) -> View {
        View::Alarms(AlarmsView::new(cluster))
    }

    /// One alarm by name, with its recent state changes.
    pub fn alarm(name: impl Into<String>) -> View {
        View::Alarm(AlarmView::new(name.into()))
    }

    /// What is broken across every cluster (`launch`: the start screen, which gives way to the
    /// clusters list when nothing is).
    pub fn triage(thresholds: crate::triage::Thresholds, launch: bool) -> View {
        View::Triage(TriageView::new(thresholds, launch))
    }

    /// The list state, for list views.
    pub fn list(&self) -> Option<&ListState> {
        match self.screen().body() {
            Body::List(l) => Some(l),
            Body::Text(_)
            | Body::Strategy(_)
            | Body::Rollout(_)
            | Body::Service(_)
            | Body::Cluster(_)
            | Body::Logs(_) => None,
        }
    }

    pub fn list_mut(&mut self) -> Option<&mut ListState> {
        self.screen_mut().list_mut()
    }

    /// The state of the view's primary resource.
    pub fn status<'a>(&self, data: &'a Data) -> Status<'a> {
        self.screen().primary().and_then(|l| data.status_of(&l)).unwrap_or_default()
    }

    /// Every action that does something in this view, in hint order.
    pub fn actions(&self) -> Vec<Action> {
        let screen = self.screen();
        let mut all = screen.actions().to_vec();
        if let Body::List(_) = screen.body() {
            all.extend(LIST_ACTIONS);
        }
        all.extend(MOVE_ACTIONS);
        all.extend(GLOBAL_ACTIONS);
        all
    }

    /// What a change made from this view acts on: the object it shows, else the selected row's.
    pub fn subject(&self, data: &Data) -> Option<Subject> {
        let screen = self.screen();
        if let Some(s) = screen.subject() {
            return Some(s.clone());
        }
        let id = self.list()?.selected_id()?;
        screen.describe(id, data)?.screen().subject().cloned()
    }

    /// Whether `action` does something in this view.
    pub fn offers(&self, action: Action) -> bool {
        self.actions().contains(&action)
    }
}

/// Actions every list view offers.
pub const LIST_ACTIONS: &[Action] = &[Action::Describe, Action::Filter, Action::SortNext, Action::SortReverse];

/// Moving the selection, or scrolling a text.
pub const MOVE_ACTIONS: &[Action] =
    &[Action::Up, Action::Down, Action::PageUp, Action::PageDown, Action::Top, Action::Bottom];

/// Actions that work everywhere.
pub const GLOBAL_ACTIONS: &[Action] =
    &[Action::Refresh, Action::Command, Action::Journal, Action::Back, Action::Help, Action::Quit];
