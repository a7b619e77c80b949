//! The services of one cluster.
use super::{Acted, Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::{Time, arn_name};
use crate::state::{Data, Load};
use crate::table::{Table, service_table};

#[derive(Debug, Clone)]
pub struct ServicesView {
    /// Cluster ARN (or the name as typed in a command: ECS accepts both).
    pub cluster: String,
    pub list: ListState,
}

impl ServicesView {
    pub fn new(cluster: String) -> Self {
        Self { cluster, list: ListState::default() }
    }
}

const ACTIONS: &[Action] = &[
    Action::Open,
    Action::Deploy,
    Action::Scale,
    Action::Rollback,
    Action::Strategy,
    Action::EnableExec,
    Action::Watch,
    Action::TaskDefinition,
    Action::Logs,
];

impl Screen for ServicesView {
    fn context(&self) -> Context {
        Context::Services
    }
    fn title(&self) -> String {
        format!("services · {}", arn_name(&self.cluster))
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![arn_name(&self.cluster).to_string()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![Load::Services { cluster: self.cluster.clone() }]
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Services { cluster: self.cluster.clone() })
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
        data.services_of(&self.cluster).map(|s| service_table(s, now))
    }
    fn empty_text(&self) -> String {
        "no services in this cluster".into()
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            Action::TaskDefinition => {
                let Some(id) = self.list.selected_id() else { return Acted::Said("no service selected".into()) };
                match data.services_of(&self.cluster).and_then(|s| s.iter().find(|s| s.arn == id)) {
                    Some(s) => Acted::Open(Box::new(View::task_definition(s.task_definition.clone()))),
                    None => Acted::Said("the selected service is not loaded (any more)".into()),
                }
            }
            _ => Acted::NotHere,
        }
    }
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        let Some(id) = self.list.selected_id() else { return Some(Err("no service selected".into())) };
        Some(match data.services_of(&self.cluster).and_then(|s| s.iter().find(|s| s.arn == id)) {
            Some(s) => Ok(super::LogsOf::Service {
                cluster: self.cluster.clone(),
                service: s.arn.clone(),
                task_definition: s.task_definition.clone(),
            }),
            None => Err("the selected service is not loaded (any more)".into()),
        })
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::service(self.cluster.clone(), id))
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::describe(Subject::Service { cluster: self.cluster.clone(), arn: id.to_string() }))
    }
    fn origin(&self) -> Option<String> {
        Some(self.cluster.clone())
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
}
