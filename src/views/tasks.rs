//! Tasks of a service, or of a whole cluster; running or stopped.
use super::{Acted, Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{TaskFilter, TaskStatusFilter, Time, arn_name};
use crate::state::{Data, Load};
use crate::table::{Table, task_table};

#[derive(Debug, Clone)]
pub struct TasksView {
    pub cluster: String,
    /// Service name; `None`: every task of the cluster.
    pub service: Option<String>,
    /// Stopped instead of running tasks.
    pub stopped: bool,
    pub list: ListState,
}

impl TasksView {
    pub fn new(cluster: String, service: Option<String>) -> Self {
        Self { cluster, service, stopped: false, list: ListState::default() }
    }

    pub fn filter(&self) -> TaskFilter {
        TaskFilter {
            service: self.service.clone(),
            status: if self.stopped { TaskStatusFilter::Stopped } else { TaskStatusFilter::Running },
        }
    }

    fn load(&self) -> Load {
        Load::Tasks { cluster: self.cluster.clone(), filter: self.filter() }
    }
}

const ACTIONS: &[Action] =
    &[Action::Open, Action::ToggleStopped, Action::StopTask, Action::TaskDefinition, Action::Logs];

impl Screen for TasksView {
    fn context(&self) -> Context {
        Context::Tasks
    }
    fn title(&self) -> String {
        let what = if self.stopped { "stopped tasks" } else { "tasks" };
        match &self.service {
            Some(s) => format!("{what} · {s}"),
            None => format!("{what} · {} (all services)", arn_name(&self.cluster)),
        }
    }
    fn crumbs(&self, parent: Option<&View>) -> Vec<String> {
        let mut out = Vec::new();
        // Opened straight from the cluster list: say which cluster.
        if !matches!(parent, Some(View::Services(_))) {
            out.push(arn_name(&self.cluster).to_string());
        }
        out.push(self.service.clone().unwrap_or_else(|| "all tasks".into()));
        out
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![self.load()]
    }
    fn primary(&self) -> Option<Load> {
        Some(self.load())
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
        let filter = self.filter();
        data.tasks_of(&self.cluster, &filter).map(|t| task_table(t, filter.status, now))
    }
    fn empty_text(&self) -> String {
        if self.stopped {
            "no stopped tasks (ECS keeps them for about an hour)".into()
        } else {
            "no running tasks — x shows stopped ones".into()
        }
    }
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        let Some(id) = self.list.selected_id() else { return Some(Err("no task selected".into())) };
        let listed = data.tasks_of(&self.cluster, &self.filter()).and_then(|t| t.iter().find(|t| t.arn == id));
        Some(match listed.or_else(|| data.task_of(&self.cluster, id)) {
            Some(t) => Ok(super::LogsOf::Task {
                cluster: self.cluster.clone(),
                task: t.arn.clone(),
                task_definition: t.task_definition.clone(),
            }),
            None => Err("the selected task is not loaded (any more)".into()),
        })
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            Action::TaskDefinition => {
                let Some(id) = self.list.selected_id() else { return Acted::Said("no task selected".into()) };
                let listed = data.tasks_of(&self.cluster, &self.filter()).and_then(|t| t.iter().find(|t| t.arn == id));
                match listed.or_else(|| data.task_of(&self.cluster, id)) {
                    Some(t) => Acted::Open(Box::new(View::task_definition(t.task_definition.clone()))),
                    None => Acted::Said("the selected task is not loaded (any more)".into()),
                }
            }
            Action::ToggleStopped => {
                self.stopped = !self.stopped;
                // The other list has other columns: its own default order, a fresh selection.
                self.list = ListState::default();
                Acted::Done { reload: true }
            }
            _ => Acted::NotHere,
        }
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::containers(self.cluster.clone(), id))
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::describe(Subject::Task { cluster: self.cluster.clone(), arn: id.to_string() }))
    }
    fn origin(&self) -> Option<String> {
        Some(self.service.clone().unwrap_or_else(|| self.cluster.clone()))
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
}
