//! The cluster list: the console's root.
use super::{Acted, Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::Time;
use crate::state::{Data, Load};
use crate::table::{Rollup, Table, cluster_table};

#[derive(Debug, Clone, Default)]
pub struct ClustersView {
    pub list: ListState,
}

const ACTIONS: &[Action] = &[Action::Open, Action::Info, Action::ClusterTasks, Action::Strategy, Action::Alarms];

impl Screen for ClustersView {
    fn context(&self) -> Context {
        Context::Clusters
    }
    fn title(&self) -> String {
        "clusters".into()
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![]
    }
    /// The clusters, and each cluster's services: a cluster is marked by what its services say.
    fn loads(&self, data: &Data) -> Vec<Load> {
        let mut loads = vec![Load::Clusters];
        if let Some(clusters) = data.clusters.value.as_deref() {
            loads.extend(clusters.iter().map(|c| Load::Services { cluster: c.arn.clone() }));
        }
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
        let rollup = |arn: &str| data.services_of(arn).map(|s| Rollup::of(s, now));
        data.clusters.value.as_deref().map(|c| cluster_table(c, rollup))
    }
    fn empty_text(&self) -> String {
        "no clusters in this account and region".into()
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        match (action, self.list.selected_id()) {
            (Action::ClusterTasks, Some(id)) => Acted::Open(Box::new(View::tasks(id, None))),
            (Action::ClusterTasks, None) => Acted::Said("no cluster selected".into()),
            (Action::Info, Some(id)) => Acted::Open(Box::new(View::cluster(id))),
            (Action::Info, None) => Acted::Said("no cluster selected".into()),
            (Action::Alarms, Some(id)) => Acted::Open(Box::new(View::alarms(Some(id.to_string())))),
            (Action::Alarms, None) => Acted::Said("no cluster selected".into()),
            _ => Acted::NotHere,
        }
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::services(id))
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::describe(Subject::Cluster { arn: id.to_string() }))
    }
}
