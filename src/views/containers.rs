//! The containers of one task.
use super::{Acted, Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{Time, short_id};
use crate::state::{Data, Load};
use crate::table::{Table, container_table};

#[derive(Debug, Clone)]
pub struct ContainersView {
    pub cluster: String,
    /// Task ARN.
    pub task: String,
    pub list: ListState,
}

impl ContainersView {
    pub fn new(cluster: String, task: String) -> Self {
        Self { cluster, task, list: ListState::default() }
    }

    fn load(&self) -> Load {
        Load::Task { cluster: self.cluster.clone(), arn: self.task.clone() }
    }
}

const ACTIONS: &[Action] = &[Action::Open, Action::StopTask, Action::TaskDefinition, Action::Logs];

impl Screen for ContainersView {
    fn context(&self) -> Context {
        Context::Containers
    }
    fn title(&self) -> String {
        format!("containers · task {}", short_id(&self.task))
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![short_id(&self.task).to_string()]
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
    fn table(&self, data: &Data, _now: Time) -> Option<Table> {
        data.task_of(&self.cluster, &self.task).map(|t| container_table(&t.containers))
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        // The task may come from a list loaded by the view below, not only from its own load:
        // rebuild whenever either changes.
        let version = data.version(&self.load()).max(data.tasks.values().map(|r| r.version).max().unwrap_or(0));
        if self.list.stale(version) {
            let table = self.table(data, now);
            self.list.set_table(table, version);
        } else {
            self.list.order(false);
        }
        self.list.reselect(page);
    }
    fn empty_text(&self) -> String {
        "this task has no containers".into()
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            Action::TaskDefinition => match data.task_of(&self.cluster, &self.task) {
                Some(t) => Acted::Open(Box::new(View::task_definition(t.task_definition.clone()))),
                None => Acted::Said("the task is not loaded (any more)".into()),
            },
            _ => Acted::NotHere,
        }
    }
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        let Some(name) = self.list.selected_id() else { return Some(Err("no container selected".into())) };
        Some(match data.task_of(&self.cluster, &self.task) {
            Some(t) => Ok(super::LogsOf::Container {
                cluster: self.cluster.clone(),
                task: t.arn.clone(),
                container: name.to_string(),
                task_definition: t.task_definition.clone(),
            }),
            None => Err("the task is not loaded (any more)".into()),
        })
    }
    /// A container has nothing below it: Enter shows it in full.
    fn open(&self, id: &str, data: &Data) -> Option<View> {
        self.describe(id, data)
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::describe(Subject::Container {
            cluster: self.cluster.clone(),
            task: self.task.clone(),
            name: id.to_string(),
        }))
    }
    fn origin(&self) -> Option<String> {
        Some(self.task.clone())
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
}
