//! The simulated account's state: clusters, services, tasks and task definitions, plus what
//! drives their life (fates of tasks, behaviours of services).
use super::ids;
pub use crate::model::TaskDefinition;
use crate::model::{CapacityProvider, Cluster, ScalableTarget, Service, ServiceEvent, Task, Time};
use chrono::Duration;
use rand::rngs::StdRng;
use std::collections::{BTreeMap, BTreeSet};

/// The world moves in steps of this many seconds of simulated time.
pub const STEP_SECS: i64 = 5;
/// ECS keeps stopped tasks visible for about an hour.
pub const STOPPED_RETENTION_SECS: i64 = 3600;
/// ECS returns the latest 100 service events.
pub const MAX_EVENTS: usize = 100;

/// What will happen to a task, decided when it is launched so the world stays a pure
/// function of the seed and the number of steps.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fate {
    Stays,
    /// Crashes at this step: out of memory (exit 137) or the app exiting (exit 1).
    Crash {
        at_step: u64,
        oom: bool,
    },
    /// The image cannot be pulled: the task never reaches RUNNING.
    FailsToStart,
}

#[derive(Debug, Clone)]
pub struct SimTask {
    pub task: Task,
    pub fate: Fate,
}

impl SimTask {
    pub fn service(&self) -> Option<&str> {
        self.task.service_name()
    }

    pub fn deployment(&self) -> Option<&str> {
        self.task.started_by.as_deref()
    }

    /// Desired RUNNING: counts towards the service's tasks.
    pub fn alive(&self) -> bool {
        self.task.desired_status == "RUNNING"
    }

    pub fn running(&self) -> bool {
        self.alive() && self.task.last_status == "RUNNING"
    }

    pub fn pending(&self) -> bool {
        self.alive() && matches!(self.task.last_status.as_str(), "PROVISIONING" | "PENDING" | "ACTIVATING")
    }
}

/// How a service behaves over time (the demo's scenarios; static services have the default).
#[derive(Debug, Clone, Default)]
pub struct Behaviour {
    /// Tasks crash a while after starting (OOM or app exit), so running stays below desired.
    pub crash_loop: bool,
    /// At most this many tasks fit on the cluster's instances (an EC2 capacity shortage).
    pub capacity: Option<usize>,
    /// Steps between new releases (a CI pipeline deploying), if any.
    pub release_every: Option<u64>,
    /// New releases cannot start (the circuit breaker rolls them back).
    pub broken_releases: bool,
    pub next_release: u64,
    /// The task definition of the last completed deployment: what a rollback returns to.
    pub last_good: String,
    pub last_placement_event: Option<u64>,
    pub crashes: u64,
    /// At most this many FARGATE_SPOT tasks can be placed (a Spot capacity shortage: Fargate
    /// does not fall back to on-demand, so the rest wait unplaced).
    pub spot_capacity: Option<usize>,
    /// CloudWatch alarms its deployments watch (deployment alarms).
    pub alarms: Vec<String>,
}

#[derive(Debug, Clone)]
pub struct SimService {
    /// Configuration, deployments and events; counts are filled in when described.
    pub svc: Service,
    pub behaviour: Behaviour,
    /// Service deployments (ListServiceDeployments), newest first; see `sim::deployments`.
    pub history: Vec<SimServiceDeployment>,
}

/// One service deployment as ECS tracks it, tied to the deployment (`ecs-svc/…`) it made.
#[derive(Debug, Clone)]
pub struct SimServiceDeployment {
    pub arn: String,
    /// The deployment id it created.
    pub deployment: String,
    /// The primary deployment before it: what a rollback returns to.
    pub source: Option<String>,
    pub status: String,
    pub reason: Option<String>,
    /// The deployment a rollback of this one created.
    pub rollback_to: Option<String>,
    pub created_at: Time,
    pub finished_at: Option<Time>,
    pub stopped_at: Option<Time>,
    /// Tasks of its deployment that failed (what the circuit breaker counts).
    pub failed: i32,
    /// Deployment alarms that fired and rolled it back.
    pub triggered_alarms: Vec<String>,
}

/// An EC2 container instance registered by an Auto Scaling group provider.
#[derive(Debug, Clone)]
pub struct Instance {
    pub arn: String,
    pub provider: String,
    pub zone: String,
    pub ec2_id: String,
    pub instance_type: String,
    /// `ACTIVE` or `DRAINING`.
    pub status: String,
    pub agent_connected: bool,
    pub agent_version: String,
    /// What the agent registered: CPU units and MiB.
    pub cpu: i32,
    pub memory: i32,
    pub registered_at: Time,
}

#[derive(Debug, Clone)]
pub struct SimCluster {
    /// Configuration; counts are filled in when described.
    pub cluster: Cluster,
    pub services: BTreeMap<String, SimService>,
    /// By task id: list order is id order, which looks as random as ECS's.
    pub tasks: BTreeMap<String, SimTask>,
    pub instances: Vec<Instance>,
    /// Ids of the tasks placed on each container instance (by its ARN), stopped ones included
    /// until they are forgotten: DescribeContainerInstances reads an instance's tasks without
    /// going through every task of the cluster. Kept by [`SimCluster::insert_task`] and
    /// [`SimCluster::forget_tasks`].
    pub on_instance: BTreeMap<String, BTreeSet<String>>,
}

impl SimCluster {
    pub fn new(cluster: Cluster) -> Self {
        Self {
            cluster,
            services: BTreeMap::new(),
            tasks: BTreeMap::new(),
            instances: Vec::new(),
            on_instance: BTreeMap::new(),
        }
    }

    /// Adds a task under its id, noting the instance it was placed on.
    pub fn insert_task(&mut self, id: String, task: SimTask) {
        if let Some(arn) = &task.task.container_instance_arn {
            self.on_instance.entry(arn.clone()).or_default().insert(id.clone());
        }
        self.tasks.insert(id, task);
    }

    /// Forgets the tasks `keep` refuses (ECS forgets stopped tasks after a while).
    pub fn forget_tasks(&mut self, keep: impl Fn(&SimTask) -> bool) {
        self.tasks.retain(|_, t| keep(t));
        let tasks = &self.tasks;
        self.on_instance.retain(|_, ids| {
            ids.retain(|id| tasks.contains_key(id));
            !ids.is_empty()
        });
    }

    /// The tasks placed on the instance `arn`, any status.
    pub fn tasks_on<'a>(&'a self, arn: &str) -> impl Iterator<Item = &'a SimTask> + 'a {
        self.on_instance.get(arn).into_iter().flatten().filter_map(|id| self.tasks.get(id))
    }
}

pub struct World {
    pub clusters: BTreeMap<String, SimCluster>,
    pub task_defs: BTreeMap<String, TaskDefinition>,
    /// Task definitions whose image does not exist (their tasks fail to start).
    pub broken_defs: BTreeSet<String>,
    pub rng: StdRng,
    pub start: Time,
    /// Steps taken since `start`.
    pub step: u64,
    /// Whether time changes anything (the synthetic fleet is static, so calls stay cheap).
    pub live: bool,
    /// Application Auto Scaling targets by (cluster name, service name).
    pub scalable_targets: BTreeMap<(String, String), ScalableTarget>,
    /// The account's Auto Scaling group capacity providers by name (FARGATE and FARGATE_SPOT
    /// are not here: AWS owns them).
    pub capacity_providers: BTreeMap<String, CapacityProvider>,
    /// Cloud Map services by id (`srv-…`) and namespaces by id (`ns-…`).
    pub discovery_services: BTreeMap<String, crate::model::DiscoveryService>,
    pub namespaces: BTreeMap<String, crate::model::Namespace>,
    /// Every service revision by ARN, one per deployment ever made (see `sim::revisions`).
    pub service_revisions: BTreeMap<String, crate::model::ServiceRevision>,
}

impl World {
    pub fn new(rng: StdRng, start: Time, live: bool) -> Self {
        Self {
            clusters: BTreeMap::new(),
            task_defs: BTreeMap::new(),
            broken_defs: BTreeSet::new(),
            rng,
            start,
            step: 0,
            live,
            scalable_targets: BTreeMap::new(),
            capacity_providers: BTreeMap::new(),
            discovery_services: BTreeMap::new(),
            namespaces: BTreeMap::new(),
            service_revisions: BTreeMap::new(),
        }
    }

    /// Simulated time of the world's current step.
    pub fn now(&self) -> Time {
        self.start + Duration::seconds(STEP_SECS.saturating_mul(self.step as i64))
    }

    /// Steps needed to reach `t` (none for a static world or a time before the current step).
    pub fn steps_until(&self, t: Time) -> u64 {
        if !self.live {
            return 0;
        }
        let secs = (t - self.start).num_seconds().max(0);
        ((secs / STEP_SECS) as u64).saturating_sub(self.step)
    }

    pub fn register(&mut self, def: TaskDefinition, broken: bool) {
        if broken {
            self.broken_defs.insert(def.arn.clone());
        }
        self.task_defs.insert(def.arn.clone(), def);
    }
}

/// Add an ECS-style event in its place (newest first, ahead of any as old), keeping the
/// latest [`MAX_EVENTS`].
pub fn push_event(svc: &mut Service, rng: &mut StdRng, at: Time, message: String) {
    let pos = svc.events.iter().position(|e| e.created_at.is_none_or(|t| t <= at)).unwrap_or(svc.events.len());
    svc.events.insert(pos, ServiceEvent { id: ids::uuid(rng), created_at: Some(at), message });
    svc.events.truncate(MAX_EVENTS);
}
