//! Triage: one row per problem across every cluster of the region (severity, age, where,
//! why), worst first. Enter opens the service's (or cluster's) detail on the pane that shows
//! the problem. Rows appear as each cluster's services arrive; stopped tasks and container
//! instances add theirs as they load.
use super::{Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{TaskFilter, TaskStatusFilter, Time};
use crate::state::{Data, Load};
use crate::table::{Cell, Column, Row, Sort, SortKey, Table, Tone};
use crate::triage::{ClusterInput, ClusterPane, Opens, Problem, ServicePane, Severity, Thresholds};
use std::collections::HashMap;

#[derive(Debug, Clone)]
pub struct TriageView {
    pub list: ListState,
    thresholds: Thresholds,
    /// The rows as of the last rebuild, with what Enter opens.
    problems: Vec<Problem>,
    /// Clusters whose services are loaded, of all clusters (`None`: clusters not loaded).
    checked: Option<(usize, usize)>,
    /// Opened at launch: when the first complete look finds nothing wrong, the console goes on
    /// to the clusters list instead.
    pub launch: bool,
    /// Every load has answered once. Until then rows keep arriving above one another, so the
    /// cursor stays on the top row (the worst) rather than following the first row it saw.
    looked: bool,
    /// Each cluster's rows with the versions of the loads they come from. A batch of one
    /// cluster's services re-derives that cluster alone: re-deriving the whole region on every
    /// batch made loading 20 clusters of 200 services cost as much in rules as in calls.
    derived: HashMap<String, ([u64; 7], Vec<Problem>)>,
}

const ACTIONS: &[Action] = &[Action::Open, Action::Logs];

static COLUMNS: [Column; 4] = [
    Column::fixed("SEVERITY", 8, 0),
    Column::fixed("AGE", 5, 0),
    Column::flex("WHERE", 12, 0),
    Column::wrapping("REASON", 30),
];

/// The stopped tasks of a whole cluster, as the tasks view's stopped list loads them.
fn stopped(cluster: &str) -> Load {
    Load::Tasks {
        cluster: cluster.to_string(),
        filter: TaskFilter { service: None, status: TaskStatusFilter::Stopped },
    }
}

/// The health of every target group the loaded services name: one load for the region, asked
/// once every cluster's services have answered (so the set, and the load, stay the same
/// through a refresh).
fn target_health_load(data: &Data) -> Option<Load> {
    let clusters = data.clusters.value.as_deref()?;
    let mut arns: Vec<String> = Vec::new();
    for c in clusters {
        let r = data.services.get(&c.arn)?;
        if r.value.is_none() && r.error.is_none() {
            return None;
        }
        for s in r.value.as_deref().unwrap_or(&[]) {
            arns.extend(s.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()));
        }
    }
    arns.sort();
    arns.dedup();
    (!arns.is_empty()).then_some(Load::TargetHealth { arns })
}

/// Target health as it is known now: a group that is gone, or whose load failed, says nothing.
fn known_target_health(data: &Data) -> HashMap<&str, &crate::model::TargetGroupHealth> {
    data.target_health
        .iter()
        .filter(|(_, r)| r.error.as_ref().is_none_or(|e| e.kind != crate::api::ErrorKind::NotFound))
        .filter_map(|(arn, r)| Some((arn.as_str(), r.value.as_ref()?)))
        .collect()
}

impl TriageView {
    pub fn new(thresholds: Thresholds, launch: bool) -> Self {
        Self {
            list: ListState::default(),
            thresholds,
            problems: Vec::new(),
            checked: None,
            launch,
            looked: false,
            derived: HashMap::new(),
        }
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Every load of this view has an answer (a value or an error) and none is in flight.
    pub fn settled(&self, data: &Data) -> bool {
        self.loads(data)
            .iter()
            .all(|l| !data.pending(l) && data.status_of(l).is_some_and(|s| s.has_value || s.error.is_some()))
            && data.clusters.value.is_some()
    }

    fn rebuild(&mut self, data: &Data, now: Time) {
        let Some(clusters) = data.clusters.value.as_deref() else {
            self.problems.clear();
            self.checked = None;
            return;
        };
        let scaling_version = super::scaling::triage_loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
        let target_health = known_target_health(data);
        let target_health_version = target_health_load(data).map_or(0, |l| data.version(&l));
        let mut derived = HashMap::with_capacity(clusters.len());
        let mut problems = Vec::new();
        let mut checked = 0;
        for c in clusters {
            let services = data.services_of(&c.arn);
            checked += usize::from(services.is_some());
            let versions = [
                data.version(&Load::Clusters),
                data.version(&Load::Services { cluster: c.arn.clone() }),
                data.version(&stopped(&c.arn)),
                data.version(&Load::ContainerInstances { cluster: c.arn.clone() }),
                data.version(&Load::Alarms),
                target_health_version,
                scaling_version,
            ];
            let rows = match self.derived.remove(&c.arn) {
                Some((seen, rows)) if seen == versions => rows,
                _ => {
                    let scaling = super::scaling::triage_input(data, c);
                    let input = ClusterInput {
                        cluster: c,
                        services: services.unwrap_or(&[]),
                        stopped: data
                            .tasks_of(&c.arn, &TaskFilter { service: None, status: TaskStatusFilter::Stopped })
                            .unwrap_or(&[]),
                        instances: data.container_instances_of(&c.arn).unwrap_or(&[]),
                        scaling: &scaling,
                        alarms: data.alarms_of().unwrap_or(&[]),
                        target_health: &target_health,
                    };
                    crate::triage::problems([input], &self.thresholds, now)
                }
            };
            problems.extend(rows.iter().cloned());
            derived.insert(c.arn.clone(), (versions, rows));
        }
        crate::triage::rank(&mut problems);
        self.derived = derived;
        self.checked = Some((checked, clusters.len()));
        self.problems = problems;
    }

    fn find(&self, id: &str) -> Option<&Problem> {
        self.problems.iter().find(|p| p.id() == id)
    }
}

/// The triage rows as a table, in rank order (the default sort keeps it).
pub fn triage_table(problems: &[Problem], now: Time) -> Table {
    let rows = problems
        .iter()
        .enumerate()
        .map(|(rank, p)| {
            let tone = match p.severity {
                Severity::Critical => Tone::Error,
                Severity::Warning => Tone::Warn,
            };
            Row {
                id: p.id(),
                health: tone,
                cells: vec![
                    Cell::tone(p.severity.label(), tone),
                    Cell::age(p.since, now),
                    Cell::tone(p.place(), Tone::Accent),
                    Cell::new(&p.reason),
                ],
                sort: vec![
                    SortKey::Num(rank as f64),
                    SortKey::Num(p.since.map_or(f64::MAX, |t| -(t.timestamp() as f64))),
                    SortKey::Text(p.place()),
                    SortKey::Text(p.reason.clone()),
                ],
            }
        })
        .collect();
    Table { columns: &COLUMNS, rows, default_sort: Sort::default() }
}

impl Screen for TriageView {
    fn context(&self) -> Context {
        Context::Triage
    }
    fn title(&self) -> String {
        let critical = self.problems.iter().filter(|p| p.severity == Severity::Critical).count();
        let warnings = self.problems.len() - critical;
        let mut title =
            format!("triage · {critical} critical, {warnings} warning{}", if warnings == 1 { "" } else { "s" });
        if let Some((checked, all)) = self.checked.filter(|(c, a)| c < a) {
            title.push_str(&format!(" · {checked} of {all} clusters checked"));
        }
        title
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec!["triage".into()]
    }
    /// Every cluster's services, stopped tasks and (on EC2) container instances.
    fn loads(&self, data: &Data) -> Vec<Load> {
        let mut loads = vec![Load::Clusters];
        for c in data.clusters.value.as_deref().unwrap_or(&[]) {
            loads.push(Load::Services { cluster: c.arn.clone() });
            loads.push(stopped(&c.arn));
            if c.registered_instances > 0 {
                loads.push(Load::ContainerInstances { cluster: c.arn.clone() });
            }
        }
        loads.extend(target_health_load(data));
        // Auto scaling: the region's targets once, then the services pinned at their maximum.
        loads.extend(super::scaling::triage_loads(data));
        loads
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Clusters)
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::List(&self.list)
    }
    fn list_mut(&mut self) -> Option<&mut ListState> {
        Some(&mut self.list)
    }
    fn table(&self, data: &Data, now: Time) -> Option<Table> {
        data.clusters.value.as_ref().map(|_| triage_table(&self.problems, now))
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        // The region's alarms load once per refresh for every view (not the triage's own load,
        // so a role that cannot read them never holds the triage back); their arrival re-ranks.
        let version = self.loads(data).iter().chain([&Load::Alarms]).map(|l| data.version(l)).max().unwrap_or(0);
        // The rows are built here rather than by `sync_list`, whose version leaves the alarms
        // out: rows built without them would not match the counts in the title.
        if self.list.stale(version) {
            self.rebuild(data, now);
            if !self.looked {
                self.list.selected_id = None;
                self.list.selected = 0;
                self.looked = self.settled(data);
            }
            let table = self.table(data, now);
            self.list.set_table(table, version);
        } else {
            self.list.order(false);
        }
        self.list.reselect(page);
    }
    fn empty_text(&self) -> String {
        match self.checked {
            Some((checked, all)) if checked < all => {
                format!("nothing wrong so far ({checked} of {all} clusters checked)")
            }
            Some((_, all)) => format!("nothing wrong in {all} cluster{}", if all == 1 { "" } else { "s" }),
            None => "no clusters in this account and region".into(),
        }
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(match &self.find(id)?.opens {
            Opens::Service { cluster, service, pane } => {
                let mut v = super::ServiceView::new(cluster.clone(), service.clone());
                v.panes.focus = match pane {
                    ServicePane::Summary => super::Pane::Summary,
                    ServicePane::Deployments => super::Pane::Deployments,
                    ServicePane::Events => super::Pane::Events,
                    ServicePane::Alarms => super::Pane::Alarms,
                    ServicePane::Targets => super::Pane::Targets,
                    ServicePane::Scaling => super::Pane::Scaling,
                };
                View::Service(v)
            }
            Opens::Cluster { cluster, pane } => {
                let mut v = super::ClusterView::new(cluster.clone());
                v.panes.focus = match pane {
                    ClusterPane::Summary => super::cluster::Pane::Summary,
                    ClusterPane::Providers => super::cluster::Pane::Providers,
                    ClusterPane::Instances => super::cluster::Pane::Instances,
                };
                View::Cluster(v)
            }
            Opens::StoppedTasks { cluster, service } => {
                let mut v = super::TasksView::new(cluster.clone(), service.clone());
                v.stopped = true;
                View::Tasks(v)
            }
        })
    }
    fn describe(&self, id: &str, data: &Data) -> Option<View> {
        Some(View::describe(match &self.find(id)?.opens {
            Opens::Service { cluster, service, .. } => {
                Subject::Service { cluster: cluster.clone(), arn: service.clone() }
            }
            Opens::Cluster { cluster, .. } | Opens::StoppedTasks { cluster, service: None } => {
                Subject::Cluster { arn: cluster.clone() }
            }
            Opens::StoppedTasks { cluster, service: Some(name) } => {
                let arn = data.services_of(cluster)?.iter().find(|s| &s.name == name)?.arn.clone();
                Subject::Service { cluster: cluster.clone(), arn }
            }
        }))
    }
    /// `l`: the logs of the row's service, straight from the triage (a cluster's row has none).
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        let Some(p) = self.list.selected_id().and_then(|id| self.find(id)) else {
            return Some(Err("no triage row selected".into()));
        };
        let (cluster, found) = match &p.opens {
            Opens::Service { cluster, service, .. } => {
                (cluster, data.services_of(cluster).and_then(|s| s.iter().find(|s| &s.arn == service)))
            }
            Opens::StoppedTasks { cluster, service: Some(name) } => {
                (cluster, data.services_of(cluster).and_then(|s| s.iter().find(|s| &s.name == name)))
            }
            Opens::Cluster { cluster, .. } | Opens::StoppedTasks { cluster, service: None } => {
                return Some(Err(format!(
                    "this row is about the cluster {}, not a service: l opens a service's logs",
                    crate::model::arn_name(cluster)
                )));
            }
        };
        Some(match found {
            Some(s) => Ok(super::LogsOf::Service {
                cluster: cluster.clone(),
                service: s.arn.clone(),
                task_definition: s.task_definition.clone(),
            }),
            None => Err(format!("the service of this row ({}) is not loaded (any more)", p.place())),
        })
    }
    fn cluster(&self) -> Option<&str> {
        let id = self.list.selected_id()?;
        self.find(id).map(|p| match &p.opens {
            Opens::Service { cluster, .. } | Opens::Cluster { cluster, .. } | Opens::StoppedTasks { cluster, .. } => {
                cluster.as_str()
            }
        })
    }
}

#[cfg(test)]
#[path = "triage_tests.rs"]
mod tests;
