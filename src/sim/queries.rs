//! The ECS read calls answered from the world, with the rules AWS applies: pages of at most
//! 100 ARNs behind opaque tokens, Describe* batch limits, `failures[]` with reason `MISSING`
//! for unknown names, and not-found errors for unknown clusters and services.
use super::ids::{self, invalid};
use super::world::{SimCluster, SimTask, World};
use crate::api::{ApiError, ApiResult, Described, ErrorKind, Page, limits};
use crate::model::{Cluster, Failure, Service, Task, TaskFilter, TaskStatusFilter};
use std::collections::{BTreeMap, HashMap};
use std::ops::Bound;

fn cluster_not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "Cluster not found.").with_code("ClusterNotFoundException")
}

fn missing(arn: String) -> Failure {
    Failure { arn, reason: "MISSING".into(), detail: None }
}

/// One page of keys after the token's cursor, with a token when more remain.
pub(super) fn page<'a, V>(
    map: &'a BTreeMap<String, V>,
    scope: &str,
    token: Option<String>,
    keep: impl Fn(&V) -> bool,
    arn: impl Fn(&str) -> String,
) -> ApiResult<Page> {
    let after = match token.filter(|t| !t.is_empty()) {
        Some(t) => Some(ids::decode_token(scope, &t)?),
        None => None,
    };
    let lower = match &after {
        Some(k) => Bound::Excluded(k.as_str()),
        None => Bound::Unbounded,
    };
    let mut matching = map.range::<str, _>((lower, Bound::Unbounded)).filter(|(_, v)| keep(v)).map(|(k, _)| k);
    let keys: Vec<&'a String> = matching.by_ref().take(limits::LIST_PAGE).collect();
    let more = matching.next().is_some();
    let next_token = match keys.last() {
        Some(last) if more => Some(ids::encode_token(scope, last)),
        _ => None,
    };
    Ok(Page { arns: keys.iter().map(|k| arn(k)).collect(), next_token })
}

fn check_batch(what: &str, len: usize, max: usize) -> ApiResult<()> {
    if len == 0 {
        return Err(invalid(format!("{what} cannot be empty.")));
    }
    limits::check_batch(what, len, max)
}

impl World {
    fn cluster(&self, name_or_arn: &str) -> ApiResult<&SimCluster> {
        self.clusters.get(ids::last_segment(name_or_arn)).ok_or_else(cluster_not_found)
    }

    pub fn list_clusters(&self, token: Option<String>) -> ApiResult<Page> {
        page(&self.clusters, "ListClusters", token, |_| true, ids::cluster_arn)
    }

    pub fn describe_clusters(&self, names: Vec<String>) -> ApiResult<Described<Cluster>> {
        limits::check_batch("Clusters", names.len(), limits::DESCRIBE_CLUSTERS)?;
        // Like ECS, no names means the account's `default` cluster.
        let names = if names.is_empty() { vec!["default".to_string()] } else { names };
        let mut out = Described::default();
        for n in names {
            let name = ids::last_segment(&n);
            match self.clusters.get(name) {
                Some(c) => out.items.push(describe_cluster(c)),
                None => out.failures.push(missing(ids::cluster_arn(name))),
            }
        }
        Ok(out)
    }

    pub fn list_services(&self, cluster: &str, token: Option<String>) -> ApiResult<Page> {
        let c = self.cluster(cluster)?;
        let name = c.cluster.name.clone();
        let scope = format!("ListServices {name}");
        page(&c.services, &scope, token, |_| true, |s| ids::service_arn(&name, s))
    }

    pub fn describe_services(&self, cluster: &str, names: Vec<String>) -> ApiResult<Described<Service>> {
        check_batch("Services", names.len(), limits::DESCRIBE_SERVICES)?;
        let c = self.cluster(cluster)?;
        let cname = c.cluster.name.as_str();
        let mut wanted: Vec<(String, Option<&Service>)> = Vec::with_capacity(names.len());
        for n in &names {
            let name = ids::last_segment(n);
            let other_cluster = ids::cluster_of(n).is_some_and(|owner| owner != cname);
            let svc = if other_cluster { None } else { c.services.get(name).map(|s| &s.svc) };
            wanted.push((name.to_string(), svc));
        }
        // One pass over the cluster's tasks tallies every requested service and deployment.
        let mut by_service: HashMap<&str, (i32, i32)> = HashMap::new();
        let mut by_deployment: HashMap<&str, (i32, i32)> = HashMap::new();
        for t in c.tasks.values() {
            let Some(svc) = t.service() else { continue };
            if !wanted.iter().any(|(n, s)| s.is_some() && n == svc) {
                continue;
            }
            let (r, p) = (i32::from(t.running()), i32::from(t.pending()));
            let e = by_service.entry(svc).or_default();
            e.0 += r;
            e.1 += p;
            if let Some(d) = t.deployment() {
                let e = by_deployment.entry(d).or_default();
                e.0 += r;
                e.1 += p;
            }
        }
        let mut out = Described::default();
        for (name, svc) in wanted {
            let Some(base) = svc else {
                out.failures.push(missing(ids::service_arn(cname, &name)));
                continue;
            };
            let mut s = base.clone();
            let (running, pending) = by_service.get(name.as_str()).copied().unwrap_or_default();
            s.running = running;
            s.pending = pending;
            for d in &mut s.deployments {
                let (r, p) = by_deployment.get(d.id.as_str()).copied().unwrap_or_default();
                d.running = r;
                d.pending = p;
                // Older deployments only want what they still have while they drain.
                d.desired = if d.status == "PRIMARY" { s.desired } else { r + p };
            }
            out.items.push(s);
        }
        Ok(out)
    }

    pub fn list_tasks(&self, cluster: &str, filter: &TaskFilter, token: Option<String>) -> ApiResult<Page> {
        let c = self.cluster(cluster)?;
        let service = match &filter.service {
            Some(s) => {
                let name = ids::last_segment(s);
                if !c.services.contains_key(name) {
                    return Err(
                        ApiError::new(ErrorKind::NotFound, "Service not found.").with_code("ServiceNotFoundException")
                    );
                }
                Some(name.to_string())
            }
            None => None,
        };
        let desired = match filter.status {
            TaskStatusFilter::Running => "RUNNING",
            TaskStatusFilter::Stopped => "STOPPED",
        };
        let cname = c.cluster.name.clone();
        let scope = format!("ListTasks {cname} {} {desired}", service.as_deref().unwrap_or("*"));
        let keep =
            |t: &SimTask| t.task.desired_status == desired && service.as_deref().is_none_or(|s| t.service() == Some(s));
        page(&c.tasks, &scope, token, keep, |id| ids::task_arn(&cname, id))
    }

    pub fn describe_tasks(&self, cluster: &str, names: Vec<String>) -> ApiResult<Described<Task>> {
        check_batch("Tasks", names.len(), limits::DESCRIBE_TASKS)?;
        let c = self.cluster(cluster)?;
        let cname = c.cluster.name.as_str();
        let mut out = Described::default();
        for n in names {
            let id = ids::last_segment(&n);
            let other_cluster = ids::cluster_of(&n).is_some_and(|owner| owner != cname);
            match c.tasks.get(id).filter(|_| !other_cluster) {
                Some(t) => out.items.push(t.task.clone()),
                None => out.failures.push(missing(ids::task_arn(cname, id))),
            }
        }
        Ok(out)
    }
}

pub(super) fn describe_cluster(c: &SimCluster) -> Cluster {
    let mut out = c.cluster.clone();
    out.active_services = c.services.values().filter(|s| s.svc.status == "ACTIVE").count() as i32;
    out.running_tasks = c.tasks.values().filter(|t| t.running()).count() as i32;
    out.pending_tasks = c.tasks.values().filter(|t| t.pending()).count() as i32;
    out.registered_instances = c.instances.len() as i32;
    out
}
