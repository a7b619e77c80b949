//! CloudWatch alarms (`:alarms`, `A` on a cluster): every alarm of the region, or those of one
//! cluster (its own and its services'), ALARM first. Enter or `d` shows an alarm in full with
//! its recent state changes.
use super::{Body, ListState, Screen, View};
use crate::config::{Action, Context};
use crate::model::alarm::{ServiceKey, alarms_of_cluster, alarms_of_service, service_refs};
use crate::model::{Alarm, Time, arn_name};
use crate::state::{Data, Load};
use crate::table::{Table, alarm_table, owners};

#[derive(Debug, Clone)]
pub struct AlarmsView {
    /// The cluster (ARN or name) whose alarms are shown; `None`: the whole region's.
    pub cluster: Option<String>,
    pub list: ListState,
}

impl AlarmsView {
    pub fn new(cluster: Option<String>) -> Self {
        Self { cluster, list: ListState::default() }
    }
}

const ACTIONS: &[Action] = &[Action::Open];

/// The loaded services, with the cluster each was loaded under.
fn loaded_services(data: &Data) -> impl Iterator<Item = (&str, &crate::model::Service)> {
    data.services
        .iter()
        .filter_map(|(c, r)| r.value.as_deref().map(|v| (c.as_str(), v)))
        .flat_map(|(c, v)| v.iter().map(move |s| (c, s)))
}

/// The alarms of `cluster`: its own (ClusterName alone) and those of each of its services.
pub fn cluster_alarms<'a>(data: &'a Data, alarms: &'a [Alarm], cluster: &str) -> Vec<&'a Alarm> {
    let mut out = alarms_of_cluster(alarms, cluster);
    for svc in data.services_of(cluster).unwrap_or_default() {
        let (tgs, deploy) = service_refs(svc);
        let key = ServiceKey::of(cluster, svc, &tgs, &deploy);
        for (a, _) in alarms_of_service(alarms, &key) {
            if !out.iter().any(|o| std::ptr::eq(*o, a)) {
                out.push(a);
            }
        }
    }
    // Without the services loaded, the ECS dimensions still say which alarms are the cluster's.
    let name = arn_name(cluster);
    for a in alarms {
        let ours = a.metrics.iter().any(|m| m.dimensions.iter().any(|d| d.name == "ClusterName" && d.value == name));
        if ours && !out.iter().any(|o| std::ptr::eq(*o, a)) {
            out.push(a);
        }
    }
    out
}

impl Screen for AlarmsView {
    fn context(&self) -> Context {
        Context::Alarms
    }
    fn title(&self) -> String {
        match &self.cluster {
            Some(c) => format!("alarms · {}", arn_name(c)),
            None => "alarms · every cluster".into(),
        }
    }
    fn crumbs(&self, parent: Option<&View>) -> Vec<String> {
        match &self.cluster {
            // Opened from the cluster's own views, the cluster is already in the crumbs.
            Some(c) if parent.and_then(|p| p.screen().cluster()).is_some_and(|p| arn_name(p) == arn_name(c)) => {
                vec!["alarms".into()]
            }
            Some(c) => vec![arn_name(c).to_string(), "alarms".into()],
            None => vec!["alarms".into()],
        }
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        let mut out = vec![Load::Alarms];
        // Its services say which load balancer and deployment alarms are the cluster's.
        if let Some(c) = &self.cluster {
            out.push(Load::Services { cluster: c.clone() });
        }
        out
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Alarms)
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
        let alarms = data.alarms_of()?;
        let shown: Vec<&Alarm> = match &self.cluster {
            Some(c) => cluster_alarms(data, alarms, c),
            None => alarms.iter().collect(),
        };
        let owners = owners(alarms, loaded_services(data));
        Some(alarm_table(&shown, &owners, now))
    }
    fn empty_text(&self) -> String {
        match &self.cluster {
            Some(c) => format!(
                "no CloudWatch alarm watches {} or its services (ClusterName/ServiceName dimensions, their target groups, their deployment alarms)",
                arn_name(c)
            ),
            None => "no CloudWatch alarms in this region".into(),
        }
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::alarm(id))
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::alarm(id))
    }
    fn cluster(&self) -> Option<&str> {
        self.cluster.as_deref()
    }
}
