//! The simulated account's capacity: DescribeCapacityProviders (Auto Scaling group providers,
//! and AWS's own FARGATE and FARGATE_SPOT), ListContainerInstances and
//! DescribeContainerInstances (what each instance registered and what its tasks leave), and
//! DescribeTaskDefinition.
use super::ids::{self, invalid};
use super::world::{Instance, SimCluster, SimTask, World};
use crate::api::{ApiError, ApiResult, Described, DescribedPage, ErrorKind, Page, limits};
use crate::model::{CapacityProvider, ContainerInstance, Failure, TaskDefinition};
use std::collections::{BTreeMap, HashMap};

fn missing(arn: String) -> Failure {
    Failure { arn, reason: "MISSING".into(), detail: None }
}

impl World {
    pub fn describe_capacity_providers(
        &self,
        names: &[String],
        token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>> {
        limits::check_batch("CapacityProviders", names.len(), limits::DESCRIBE_CAPACITY_PROVIDERS)?;
        let scope = format!("DescribeCapacityProviders {}", names.join(","));
        let from: usize = match token.filter(|t| !t.is_empty()) {
            Some(t) => ids::decode_token(&scope, &t)?.parse().map_err(|_| invalid("Invalid nextToken."))?,
            None => 0,
        };
        let to = (from + limits::CAPACITY_PROVIDER_PAGE).min(names.len());
        let mut described = Described::default();
        for n in names.get(from..to).unwrap_or_default() {
            let name = n.rsplit('/').next().unwrap_or(n);
            if CapacityProvider::is_aws_managed(name) {
                // Real ECS describes its own providers: active, no group.
                let mut p = CapacityProvider::aws_managed(name);
                p.arn = Some(ids::capacity_provider_arn(name));
                described.items.push(p);
            } else {
                match self.capacity_providers.get(name) {
                    Some(p) => described.items.push(p.clone()),
                    None => described.failures.push(missing(ids::capacity_provider_arn(name))),
                }
            }
        }
        let next_token = (to < names.len()).then(|| ids::encode_token(&scope, &to.to_string()));
        Ok(DescribedPage { described, next_token })
    }

    fn instance_cluster(&self, cluster: &str) -> ApiResult<&SimCluster> {
        self.clusters.get(ids::last_segment(cluster)).ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound, "Cluster not found.").with_code("ClusterNotFoundException")
        })
    }

    pub fn list_container_instances(&self, cluster: &str, token: Option<String>) -> ApiResult<Page> {
        let c = self.instance_cluster(cluster)?;
        let name = c.cluster.name.clone();
        let by_id: BTreeMap<String, ()> =
            c.instances.iter().map(|i| (ids::last_segment(&i.arn).to_string(), ())).collect();
        let scope = format!("ListContainerInstances {name}");
        super::queries::page(&by_id, &scope, token, |_| true, |id| ids::container_instance_arn(&name, id))
    }

    pub fn describe_container_instances(
        &self,
        cluster: &str,
        arns: &[String],
    ) -> ApiResult<Described<ContainerInstance>> {
        if arns.is_empty() {
            return Err(invalid("ContainerInstances cannot be empty."));
        }
        limits::check_batch("ContainerInstances", arns.len(), limits::DESCRIBE_CONTAINER_INSTANCES)?;
        let c = self.instance_cluster(cluster)?;
        // Each instance's own tasks, never a pass over every task of the cluster: that pass,
        // under the world's lock, held up every other call in a cluster of 10,000 tasks.
        let by_id: HashMap<&str, &Instance> = c.instances.iter().map(|i| (ids::last_segment(&i.arn), i)).collect();
        let mut out = Described::default();
        for a in arns {
            let id = ids::last_segment(a);
            match by_id.get(id) {
                Some(i) => {
                    let tasks: Vec<&SimTask> = c.tasks_on(&i.arn).filter(|t| t.alive()).collect();
                    out.items.push(describe_instance(i, &tasks))
                }
                None => out.failures.push(missing(ids::container_instance_arn(&c.cluster.name, id))),
            }
        }
        Ok(out)
    }

    /// By ARN, `family:revision`, or a bare family (its latest revision).
    pub fn describe_task_definition(&self, name: &str) -> ApiResult<TaskDefinition> {
        let short = name.rsplit('/').next().unwrap_or(name);
        let found = match short.rsplit_once(':') {
            Some((family, rev)) => {
                self.task_defs.values().find(|d| d.family == family && rev.parse() == Ok(d.revision))
            }
            None => self.task_defs.values().filter(|d| d.family == short).max_by_key(|d| d.revision),
        };
        found.cloned().ok_or_else(|| {
            ApiError::new(ErrorKind::InvalidInput, "Unable to describe task definition.").with_code("ClientException")
        })
    }
}

/// What the agent reports: its tasks (running and pending) and what they leave of the
/// registered CPU and memory.
fn describe_instance(i: &Instance, tasks: &[&SimTask]) -> ContainerInstance {
    let used = |f: fn(&crate::model::Task) -> Option<&String>| -> i32 {
        tasks.iter().filter_map(|t| f(&t.task).and_then(|v| v.parse::<i32>().ok())).sum()
    };
    let (cpu, memory) = (used(|t| t.cpu.as_ref()), used(|t| t.memory.as_ref()));
    ContainerInstance {
        arn: i.arn.clone(),
        ec2_instance_id: Some(i.ec2_id.clone()),
        status: i.status.clone(),
        status_reason: None,
        agent_connected: i.agent_connected,
        agent_version: Some(i.agent_version.clone()),
        instance_type: Some(i.instance_type.clone()),
        availability_zone: Some(i.zone.clone()),
        capacity_provider_name: Some(i.provider.clone()),
        running_tasks: tasks.iter().filter(|t| t.running()).count() as i32,
        pending_tasks: tasks.iter().filter(|t| t.pending()).count() as i32,
        registered_cpu: Some(i.cpu),
        registered_memory: Some(i.memory),
        remaining_cpu: Some((i.cpu - cpu).max(0)),
        remaining_memory: Some((i.memory - memory).max(0)),
        registered_at: Some(i.registered_at),
    }
}
