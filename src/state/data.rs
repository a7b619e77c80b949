//! Loaded data, per resource, with its age, its pending request, its last error and a version
//! that changes whenever its value does (views rebuild their rows only then). The last good
//! value stays when a refresh fails.
use super::{Load, Payload, ReqId};
use crate::api::{ApiError, ErrorKind, ServiceDeployment};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Failure, ScalableTarget, Service, ServiceRevision, Task,
    TaskDefinition, TaskFilter, Time,
};
use std::collections::HashMap;

/// How far a list load has got: objects described and ARNs listed so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Progress {
    pub described: usize,
    pub listed: usize,
    pub listing_done: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resource<T> {
    pub value: Option<T>,
    pub failures: Vec<Failure>,
    pub loaded_at: Option<Time>,
    /// When the last request was answered, well or not: a failed load is not asked again
    /// before the next refresh (or ctrl-r), so an error never turns into a loop of retries.
    pub tried_at: Option<Time>,
    pub pending: Option<ReqId>,
    pub error: Option<ApiError>,
    /// Progress of the pending request, while it delivers batches.
    pub progress: Option<Progress>,
    /// `value` holds the first batches of this request, not a complete answer.
    pub partial: Option<ReqId>,
    pub version: u64,
}

impl<T> Default for Resource<T> {
    fn default() -> Self {
        Self {
            value: None,
            failures: Vec::new(),
            loaded_at: None,
            tried_at: None,
            pending: None,
            error: None,
            progress: None,
            partial: None,
            version: 0,
        }
    }
}

impl<T> Resource<T> {
    /// Needs a (re)load: never loaded, or older than `max_age`, and nothing in flight.
    pub fn stale(&self, now: Time, max_age: std::time::Duration) -> bool {
        if self.pending.is_some() {
            return false;
        }
        match self.tried_at.or(self.loaded_at) {
            None => true,
            Some(at) => (now - at).to_std().map(|age| age >= max_age).unwrap_or(false),
        }
    }

    fn settle(&mut self, req: ReqId, at: Time, version: u64, result: Result<(T, Vec<Failure>), ApiError>) -> bool {
        if self.pending != Some(req) {
            return false;
        }
        self.pending = None;
        self.progress = None;
        self.tried_at = Some(at);
        match result {
            Ok((value, failures)) => {
                self.value = Some(value);
                self.failures = failures;
                self.loaded_at = Some(at);
                self.error = None;
            }
            Err(e) => {
                // Half a list is not data to keep showing as if it were whole.
                if self.partial.is_some() {
                    self.value = None;
                }
                self.error = Some(e);
            }
        }
        self.partial = None;
        self.version = version;
        true
    }

    /// The request was abandoned (its view was left): forget it, and any half-loaded value.
    fn cancel(&mut self, req: ReqId, version: u64) {
        if self.pending != Some(req) {
            return;
        }
        self.pending = None;
        self.progress = None;
        if self.partial.take().is_some() {
            self.value = None;
            self.version = version;
        }
    }

    pub fn status(&self) -> Status<'_> {
        Status {
            error: self.error.as_ref(),
            failures: &self.failures,
            loaded_at: self.loaded_at,
            has_value: self.value.is_some(),
            progress: self.progress,
        }
    }
}

impl<T> Resource<Vec<T>> {
    /// A described batch of the pending request: shown at once when there is nothing better
    /// on screen (a first load); a refresh keeps the complete old list until the new one is whole.
    fn batch(&mut self, req: ReqId, version: u64, items: Vec<T>, progress: Progress) -> bool {
        if self.pending != Some(req) {
            return false;
        }
        self.progress = Some(progress);
        if self.value.is_none() || self.partial == Some(req) {
            self.value.get_or_insert_with(Vec::new).extend(items);
            self.partial = Some(req);
            self.version = version;
        }
        true
    }
}

/// What a resource says about itself, whatever its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Status<'a> {
    pub error: Option<&'a ApiError>,
    pub failures: &'a [Failure],
    pub loaded_at: Option<Time>,
    pub has_value: bool,
    pub progress: Option<Progress>,
}

#[derive(Debug, Default)]
pub struct Data {
    pub clusters: Resource<Vec<Cluster>>,
    pub services: HashMap<String, Resource<Vec<Service>>>,
    pub tasks: HashMap<(String, TaskFilter), Resource<Vec<Task>>>,
    pub task: HashMap<String, Resource<Task>>,
    /// Ongoing service deployments by (cluster, service) as the view named them.
    pub ongoing: HashMap<(String, String), Resource<Vec<ServiceDeployment>>>,
    /// Each service's Application Auto Scaling target by (cluster, service) as the load names
    /// them; a loaded `None` is a service without one.
    pub scaling: HashMap<(String, String), Resource<Option<ScalableTarget>>>,
    /// The audit journal's newest entries.
    pub journal: Resource<crate::audit::Page>,
    /// Task definitions by the ARN or `family:revision` they were asked for; kept forever
    /// (a revision never changes).
    pub task_definitions: HashMap<String, Resource<TaskDefinition>>,
    /// Each cluster's capacity providers, by the cluster as the load names it.
    pub capacity_providers: HashMap<String, Resource<Vec<CapacityProvider>>>,
    /// Each cluster's container instances, by the cluster as the load names it.
    pub container_instances: HashMap<String, Resource<Vec<ContainerInstance>>>,
    /// Deployment history by (cluster, service); `failures` are deployments ECS no longer keeps.
    pub deployments: HashMap<(String, String), Resource<Vec<ServiceDeployment>>>,
    /// Every CloudWatch alarm of the region.
    pub alarms: Resource<Vec<crate::model::Alarm>>,
    /// Alarm state changes by alarm name, newest first.
    pub alarm_history: HashMap<String, Resource<Vec<crate::model::AlarmChange>>>,
    /// Metric data by the queries asked (one screen's worth each).
    pub metrics: HashMap<Vec<crate::model::MetricQuery>, Resource<crate::model::MetricSet>>,
    /// Service registries (Cloud Map) by ARN: their names rarely change, so one load serves
    /// every view of every service that names the registry, refreshed like the rest.
    pub discovery: HashMap<String, Resource<crate::model::Registry>>,
    /// Service revisions by ARN, kept forever (a revision never changes); one that ECS does
    /// not know keeps a `NotFound` error and is not asked again.
    pub service_revisions: HashMap<String, Resource<ServiceRevision>>,
    /// Target health by target group ARN: shared by every service naming the group and by the
    /// triage, refreshed like the rest.
    pub target_health: HashMap<String, Resource<crate::model::TargetGroupHealth>>,
    /// Each service's auto scaling detail (target, policies, recent activities) by
    /// (cluster, service) as the load names them.
    pub scaling_detail: HashMap<(String, String), Resource<crate::model::ScalingDetail>>,
    /// Every ECS service's scalable target in the region (for triage).
    pub scalable_targets: Resource<Vec<crate::model::ServiceTarget>>,
    /// Fargate prices for cost estimates, read from files at start (built in, with the user's
    /// `prices.toml` over them); `State::new` puts the built-in ones here.
    pub prices: crate::model::Prices,
    /// Source of resource versions: every change takes the next number, so a view can compare
    /// the largest version of what it reads.
    next_version: u64,
}

/// Each `Load` names one resource; these reach it generically.
macro_rules! with_resource {
    ($data:expr, $load:expr, $r:ident => $body:expr, identity => $none:expr) => {
        match $load {
            Load::Clusters => {
                let $r = &mut $data.clusters;
                $body
            }
            Load::Services { cluster } => {
                let $r = $data.services.entry(cluster.clone()).or_default();
                $body
            }
            Load::Tasks { cluster, filter } => {
                let $r = $data.tasks.entry((cluster.clone(), filter.clone())).or_default();
                $body
            }
            Load::Task { arn, .. } => {
                let $r = $data.task.entry(arn.clone()).or_default();
                $body
            }
            Load::Ongoing { cluster, service } => {
                let $r = $data.ongoing.entry((cluster.clone(), service.clone())).or_default();
                $body
            }
            Load::Scaling { cluster, service } => {
                let $r = $data.scaling.entry((cluster.clone(), service.clone())).or_default();
                $body
            }
            Load::Journal => {
                let $r = &mut $data.journal;
                $body
            }
            Load::TaskDefinition { arn } => {
                let $r = $data.task_definitions.entry(arn.clone()).or_default();
                $body
            }
            Load::CapacityProviders { cluster } => {
                let $r = $data.capacity_providers.entry(cluster.clone()).or_default();
                $body
            }
            Load::ContainerInstances { cluster } => {
                let $r = $data.container_instances.entry(cluster.clone()).or_default();
                $body
            }
            Load::Deployments { cluster, service } => {
                let $r = $data.deployments.entry((cluster.clone(), service.clone())).or_default();
                $body
            }
            Load::Alarms => {
                let $r = &mut $data.alarms;
                $body
            }
            Load::AlarmHistory { name } => {
                let $r = $data.alarm_history.entry(name.clone()).or_default();
                $body
            }
            Load::Metrics { queries } => {
                let $r = $data.metrics.entry(queries.clone()).or_default();
                $body
            }
            Load::Discovery { arn } => {
                let $r = $data.discovery.entry(arn.clone()).or_default();
                $body
            }
            Load::ScalingDetail { cluster, service } => {
                let $r = $data.scaling_detail.entry((cluster.clone(), service.clone())).or_default();
                $body
            }
            Load::ScalableTargets => {
                let $r = &mut $data.scalable_targets;
                $body
            }
            Load::Identity => $none,
            // Many resources, one per ARN: `Data::start` and `Data::cancel` reach them.
            Load::ServiceRevisions { .. } => $none,
            Load::TargetHealth { .. } => $none,
        }
    };
}

impl Data {
    fn bump(&mut self) -> u64 {
        self.next_version += 1;
        self.next_version
    }

    pub fn pending(&self, load: &Load) -> bool {
        self.pending_req(load).is_some()
    }

    fn pending_req(&self, load: &Load) -> Option<ReqId> {
        match load {
            Load::Clusters => self.clusters.pending,
            Load::Services { cluster } => self.services.get(cluster).and_then(|r| r.pending),
            Load::Tasks { cluster, filter } => {
                self.tasks.get(&(cluster.clone(), filter.clone())).and_then(|r| r.pending)
            }
            Load::Task { arn, .. } => self.task.get(arn).and_then(|r| r.pending),
            Load::Ongoing { cluster, service } => {
                self.ongoing.get(&(cluster.clone(), service.clone())).and_then(|r| r.pending)
            }
            Load::Scaling { cluster, service } => {
                self.scaling.get(&(cluster.clone(), service.clone())).and_then(|r| r.pending)
            }
            Load::Journal => self.journal.pending,
            Load::TaskDefinition { arn } => self.task_definitions.get(arn).and_then(|r| r.pending),
            Load::CapacityProviders { cluster } => self.capacity_providers.get(cluster).and_then(|r| r.pending),
            Load::ContainerInstances { cluster } => self.container_instances.get(cluster).and_then(|r| r.pending),
            Load::Deployments { cluster, service } => {
                self.deployments.get(&(cluster.clone(), service.clone())).and_then(|r| r.pending)
            }
            Load::Alarms => self.alarms.pending,
            Load::AlarmHistory { name } => self.alarm_history.get(name).and_then(|r| r.pending),
            Load::Metrics { queries } => self.metrics.get(queries).and_then(|r| r.pending),
            Load::Discovery { arn } => self.discovery.get(arn).and_then(|r| r.pending),
            Load::ScalingDetail { cluster, service } => {
                self.scaling_detail.get(&(cluster.clone(), service.clone())).and_then(|r| r.pending)
            }
            Load::ScalableTargets => self.scalable_targets.pending,
            Load::Identity => None,
            Load::ServiceRevisions { arns } => {
                arns.first().and_then(|a| self.service_revisions.get(a)).and_then(|r| r.pending)
            }
            Load::TargetHealth { arns } => arns.first().and_then(|a| self.target_health.get(a)).and_then(|r| r.pending),
        }
    }

    /// Needs loading: never loaded or older than `max_age`, and nothing in flight.
    pub fn stale(&self, load: &Load, now: Time, max_age: std::time::Duration) -> bool {
        match load {
            Load::Clusters => self.clusters.stale(now, max_age),
            Load::Services { cluster } => self.services.get(cluster).is_none_or(|r| r.stale(now, max_age)),
            Load::Tasks { cluster, filter } => {
                self.tasks.get(&(cluster.clone(), filter.clone())).is_none_or(|r| r.stale(now, max_age))
            }
            Load::Task { arn, .. } => self.task.get(arn).is_none_or(|r| r.stale(now, max_age)),
            Load::Ongoing { cluster, service } => {
                self.ongoing.get(&(cluster.clone(), service.clone())).is_none_or(|r| r.stale(now, max_age))
            }
            Load::Scaling { cluster, service } => {
                self.scaling.get(&(cluster.clone(), service.clone())).is_none_or(|r| r.stale(now, max_age))
            }
            Load::Journal => self.journal.stale(now, max_age),
            // A revision never changes: once loaded, never asked again (a failed load is, later).
            Load::TaskDefinition { arn } => {
                self.task_definitions.get(arn).is_none_or(|r| r.value.is_none() && r.stale(now, max_age))
            }
            Load::CapacityProviders { cluster } => {
                self.capacity_providers.get(cluster).is_none_or(|r| r.stale(now, max_age))
            }
            Load::ContainerInstances { cluster } => {
                self.container_instances.get(cluster).is_none_or(|r| r.stale(now, max_age))
            }
            Load::Deployments { cluster, service } => {
                self.deployments.get(&(cluster.clone(), service.clone())).is_none_or(|r| r.stale(now, max_age))
            }
            Load::Alarms => self.alarms.stale(now, max_age),
            Load::AlarmHistory { name } => self.alarm_history.get(name).is_none_or(|r| r.stale(now, max_age)),
            Load::Metrics { queries } => self.metrics.get(queries).is_none_or(|r| r.stale(now, max_age)),
            Load::Discovery { arn } => self.discovery.get(arn).is_none_or(|r| r.stale(now, max_age)),
            Load::ScalingDetail { cluster, service } => {
                self.scaling_detail.get(&(cluster.clone(), service.clone())).is_none_or(|r| r.stale(now, max_age))
            }
            Load::ScalableTargets => self.scalable_targets.stale(now, max_age),
            Load::Identity => false,
            // Any of them not loaded yet, nor known to be missing (then at the next refresh
            // after a failure).
            Load::ServiceRevisions { arns } => arns.iter().any(|a| {
                self.service_revisions.get(a).is_none_or(|r| {
                    r.value.is_none()
                        && r.error.as_ref().is_none_or(|e| e.kind != ErrorKind::NotFound)
                        && r.stale(now, max_age)
                })
            }),
            Load::TargetHealth { arns } => {
                arns.iter().any(|a| self.target_health.get(a).is_none_or(|r| r.stale(now, max_age)))
            }
        }
    }

    /// Mark `load` as in flight under `req` (a newer request supersedes an older one).
    pub fn start(&mut self, load: &Load, req: ReqId) {
        if let Load::ServiceRevisions { arns } = load {
            for a in arns {
                self.service_revisions.entry(a.clone()).or_default().pending = Some(req);
            }
            return;
        }
        if let Load::TargetHealth { arns } = load {
            for a in arns {
                self.target_health.entry(a.clone()).or_default().pending = Some(req);
            }
            return;
        }
        with_resource!(self, load, r => r.pending = Some(req), identity => ())
    }

    /// Forget the request `req` for `load` (its view was left).
    pub fn cancel(&mut self, load: &Load, req: ReqId) {
        let v = self.bump();
        if let Load::ServiceRevisions { arns } = load {
            for a in arns {
                self.service_revisions.entry(a.clone()).or_default().cancel(req, v);
            }
            return;
        }
        if let Load::TargetHealth { arns } = load {
            for a in arns {
                self.target_health.entry(a.clone()).or_default().cancel(req, v);
            }
            return;
        }
        with_resource!(self, load, r => r.cancel(req, v), identity => ())
    }

    /// Apply a final reply. Returns false for a stale reply (superseded request, or a resource
    /// dropped on a profile/region switch), which is ignored.
    pub fn apply(&mut self, load: &Load, req: ReqId, at: Time, result: Result<Payload, ApiError>) -> bool {
        if self.pending_req(load) != Some(req) {
            return false;
        }
        let v = self.bump();
        match load {
            Load::Clusters => self.clusters.settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::Clusters(l) => Ok((l.items, l.failures)),
                    _ => Err(mismatch()),
                }),
            ),
            Load::Services { cluster } => {
                let r = self.services.entry(cluster.clone()).or_default();
                r.settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Services(l) => Ok((l.items, l.failures)),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Tasks { cluster, filter } => {
                let r = self.tasks.entry((cluster.clone(), filter.clone())).or_default();
                r.settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Tasks(l) => Ok((l.items, l.failures)),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Task { arn, .. } => {
                let r = self.task.entry(arn.clone()).or_default();
                r.settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Task(mut d) if !d.items.is_empty() => Ok((d.items.remove(0), d.failures)),
                        Payload::Task(d) => Err(ApiError::new(
                            ErrorKind::NotFound,
                            d.failures
                                .first()
                                .map(|f| format!("task {}: {}", crate::model::short_id(&f.arn), f.reason))
                                .unwrap_or_else(|| {
                                    "the task is gone (ECS forgets stopped tasks after about an hour)".into()
                                }),
                        )),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Ongoing { cluster, service } => {
                let r = self.ongoing.entry((cluster.clone(), service.clone())).or_default();
                r.settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Ongoing(d) => Ok((d, vec![])),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Scaling { cluster, service } => {
                let r = self.scaling.entry((cluster.clone(), service.clone())).or_default();
                r.settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Scaling(t) => Ok((t, Vec::new())),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Journal => self.journal.settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::Journal(page) => Ok((page, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::TaskDefinition { arn } => self.task_definitions.entry(arn.clone()).or_default().settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::TaskDefinition(td) => Ok((*td, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::CapacityProviders { cluster } => self.capacity_providers.entry(cluster.clone()).or_default().settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::CapacityProviders(d) => Ok((d.items, d.failures)),
                    _ => Err(mismatch()),
                }),
            ),
            Load::ContainerInstances { cluster } => {
                self.container_instances.entry(cluster.clone()).or_default().settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::ContainerInstances(l) => Ok((l.items, l.failures)),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Deployments { cluster, service } => {
                self.deployments.entry((cluster.clone(), service.clone())).or_default().settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::Deployments(d) => Ok((d.items, d.failures)),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::Alarms => self.alarms.settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::Alarms(a) => Ok((a, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::AlarmHistory { name } => self.alarm_history.entry(name.clone()).or_default().settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::AlarmHistory(h) => Ok((h, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::Metrics { queries } => self.metrics.entry(queries.clone()).or_default().settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::Metrics(m) => Ok((m, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::Discovery { arn } => self.discovery.entry(arn.clone()).or_default().settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::Discovery(r) => Ok((*r, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::ScalingDetail { cluster, service } => {
                self.scaling_detail.entry((cluster.clone(), service.clone())).or_default().settle(
                    req,
                    at,
                    v,
                    result.and_then(|p| match p {
                        Payload::ScalingDetail(d) => Ok((*d, vec![])),
                        _ => Err(mismatch()),
                    }),
                )
            }
            Load::ScalableTargets => self.scalable_targets.settle(
                req,
                at,
                v,
                result.and_then(|p| match p {
                    Payload::ScalableTargets(t) => Ok((t, vec![])),
                    _ => Err(mismatch()),
                }),
            ),
            Load::Identity => false,
            Load::ServiceRevisions { arns } => self.settle_revisions(arns, req, at, v, result),
            Load::TargetHealth { arns } => self.settle_target_health(arns, req, at, v, result),
        }
    }

    /// Each target group asked for gets its own answer, or the call's error.
    fn settle_target_health(
        &mut self,
        arns: &[String],
        req: ReqId,
        at: Time,
        v: u64,
        result: Result<Payload, ApiError>,
    ) -> bool {
        let mut answers = match result {
            Ok(Payload::TargetHealth(a)) => Ok(a),
            Ok(_) => Err(mismatch()),
            Err(e) => Err(e),
        };
        let mut settled = false;
        for a in arns {
            let answer = match &mut answers {
                Err(e) => Err(e.clone()),
                Ok(list) => match list.iter().position(|(arn, _)| arn == a) {
                    Some(i) => list.swap_remove(i).1.map(|tg| (tg, vec![])),
                    None => Err(ApiError::new(ErrorKind::Other, "the target group was not in the answer")),
                },
            };
            settled |= self.target_health.entry(a.clone()).or_default().settle(req, at, v, answer);
        }
        settled
    }

    /// Each revision asked for gets its answer: itself, its failure, or the call's error.
    fn settle_revisions(
        &mut self,
        arns: &[String],
        req: ReqId,
        at: Time,
        v: u64,
        result: Result<Payload, ApiError>,
    ) -> bool {
        let mut described = match result {
            Ok(Payload::ServiceRevisions(d)) => Ok(d),
            Ok(_) => Err(mismatch()),
            Err(e) => Err(e),
        };
        let mut settled = false;
        for a in arns {
            let answer = match &mut described {
                Err(e) => Err(e.clone()),
                Ok(d) => match d.items.iter().position(|r| &r.arn == a) {
                    Some(i) => Ok((d.items.swap_remove(i), vec![])),
                    None => {
                        let why = d.failures.iter().find(|f| &f.arn == a).map(|f| f.reason.clone());
                        let why = why.unwrap_or_else(|| "not in the answer".into());
                        let name = crate::model::arn_name(a);
                        Err(ApiError::new(ErrorKind::NotFound, format!("service revision {name}: {why}")))
                    }
                },
            };
            settled |= self.service_revisions.entry(a.clone()).or_default().settle(req, at, v, answer);
        }
        settled
    }

    /// Apply one described batch of a list load that is still running.
    pub fn apply_batch(&mut self, load: &Load, req: ReqId, payload: Payload, progress: Progress) -> bool {
        if self.pending_req(load) != Some(req) {
            return false;
        }
        let v = self.bump();
        match (load, payload) {
            (Load::Clusters, Payload::Clusters(l)) => self.clusters.batch(req, v, l.items, progress),
            (Load::Services { cluster }, Payload::Services(l)) => {
                self.services.entry(cluster.clone()).or_default().batch(req, v, l.items, progress)
            }
            (Load::Tasks { cluster, filter }, Payload::Tasks(l)) => {
                self.tasks.entry((cluster.clone(), filter.clone())).or_default().batch(req, v, l.items, progress)
            }
            (Load::ContainerInstances { cluster }, Payload::ContainerInstances(l)) => {
                self.container_instances.entry(cluster.clone()).or_default().batch(req, v, l.items, progress)
            }
            _ => false,
        }
    }

    /// What the resource behind `load` says about itself (nothing if it was never asked for).
    pub fn status_of(&self, load: &Load) -> Option<Status<'_>> {
        match load {
            Load::Clusters => Some(self.clusters.status()),
            Load::Services { cluster } => self.services.get(cluster).map(Resource::status),
            Load::Tasks { cluster, filter } => self.tasks.get(&(cluster.clone(), filter.clone())).map(Resource::status),
            Load::Task { arn, .. } => self.task.get(arn).map(Resource::status),
            Load::Ongoing { cluster, service } => {
                self.ongoing.get(&(cluster.clone(), service.clone())).map(Resource::status)
            }
            Load::Scaling { cluster, service } => {
                self.scaling.get(&(cluster.clone(), service.clone())).map(Resource::status)
            }
            Load::Journal => Some(self.journal.status()),
            Load::TaskDefinition { arn } => self.task_definitions.get(arn).map(Resource::status),
            Load::CapacityProviders { cluster } => self.capacity_providers.get(cluster).map(Resource::status),
            Load::ContainerInstances { cluster } => self.container_instances.get(cluster).map(Resource::status),
            Load::Deployments { cluster, service } => {
                self.deployments.get(&(cluster.clone(), service.clone())).map(Resource::status)
            }
            Load::Alarms => Some(self.alarms.status()),
            Load::AlarmHistory { name } => self.alarm_history.get(name).map(Resource::status),
            Load::Metrics { queries } => self.metrics.get(queries).map(Resource::status),
            Load::Discovery { arn } => self.discovery.get(arn).map(Resource::status),
            Load::ScalingDetail { cluster, service } => {
                self.scaling_detail.get(&(cluster.clone(), service.clone())).map(Resource::status)
            }
            Load::ScalableTargets => Some(self.scalable_targets.status()),
            Load::Identity => None,
            // The first that failed, else the first.
            Load::ServiceRevisions { arns } => arns
                .iter()
                .filter_map(|a| self.service_revisions.get(a))
                .find(|r| r.error.is_some())
                .or_else(|| arns.first().and_then(|a| self.service_revisions.get(a)))
                .map(Resource::status),
            Load::TargetHealth { arns } => arns
                .iter()
                .filter_map(|a| self.target_health.get(a))
                .find(|r| r.error.is_some())
                .or_else(|| arns.first().and_then(|a| self.target_health.get(a)))
                .map(Resource::status),
        }
    }

    /// The version of the resource behind `load` (0 if never loaded).
    pub fn version(&self, load: &Load) -> u64 {
        match load {
            Load::Clusters => self.clusters.version,
            Load::Services { cluster } => self.services.get(cluster).map_or(0, |r| r.version),
            Load::Tasks { cluster, filter } => {
                self.tasks.get(&(cluster.clone(), filter.clone())).map_or(0, |r| r.version)
            }
            Load::Task { arn, .. } => self.task.get(arn).map_or(0, |r| r.version),
            Load::Ongoing { cluster, service } => {
                self.ongoing.get(&(cluster.clone(), service.clone())).map_or(0, |r| r.version)
            }
            Load::Scaling { cluster, service } => {
                self.scaling.get(&(cluster.clone(), service.clone())).map_or(0, |r| r.version)
            }
            Load::Journal => self.journal.version,
            Load::TaskDefinition { arn } => self.task_definitions.get(arn).map_or(0, |r| r.version),
            Load::CapacityProviders { cluster } => self.capacity_providers.get(cluster).map_or(0, |r| r.version),
            Load::ContainerInstances { cluster } => self.container_instances.get(cluster).map_or(0, |r| r.version),
            Load::Deployments { cluster, service } => {
                self.deployments.get(&(cluster.clone(), service.clone())).map_or(0, |r| r.version)
            }
            Load::Alarms => self.alarms.version,
            Load::AlarmHistory { name } => self.alarm_history.get(name).map_or(0, |r| r.version),
            Load::Metrics { queries } => self.metrics.get(queries).map_or(0, |r| r.version),
            Load::Discovery { arn } => self.discovery.get(arn).map_or(0, |r| r.version),
            Load::ScalingDetail { cluster, service } => {
                self.scaling_detail.get(&(cluster.clone(), service.clone())).map_or(0, |r| r.version)
            }
            Load::ScalableTargets => self.scalable_targets.version,
            Load::Identity => 0,
            Load::ServiceRevisions { arns } => {
                arns.iter().filter_map(|a| self.service_revisions.get(a)).map(|r| r.version).max().unwrap_or(0)
            }
            Load::TargetHealth { arns } => {
                arns.iter().filter_map(|a| self.target_health.get(a)).map(|r| r.version).max().unwrap_or(0)
            }
        }
    }

    pub fn services_of(&self, cluster: &str) -> Option<&[Service]> {
        self.services.get(cluster).and_then(|r| r.value.as_deref())
    }

    pub fn tasks_of(&self, cluster: &str, filter: &TaskFilter) -> Option<&[Task]> {
        self.tasks.get(&(cluster.to_string(), filter.clone())).and_then(|r| r.value.as_deref())
    }

    /// The service's Application Auto Scaling target once loaded: `Some(None)` when it has
    /// none, `None` when it has not been loaded (yet, or the load failed).
    pub fn scaling_of(&self, cluster: &str, service: &str) -> Option<&Option<ScalableTarget>> {
        self.scaling.get(&(cluster.to_string(), service.to_string())).and_then(|r| r.value.as_ref())
    }

    /// A task definition by the ARN or `family:revision` it was loaded under, else any loaded
    /// one whose ARN or `family:revision` is `arn` (a service names the ARN, a person the short form).
    pub fn task_definition_of(&self, arn: &str) -> Option<&TaskDefinition> {
        if let Some(td) = self.task_definitions.get(arn).and_then(|r| r.value.as_ref()) {
            return Some(td);
        }
        self.task_definitions
            .values()
            .filter_map(|r| r.value.as_ref())
            .find(|td| td.arn == arn || td.family_revision() == arn)
    }

    /// The cluster's capacity providers once loaded (AWS-managed ones included).
    pub fn capacity_providers_of(&self, cluster: &str) -> Option<&[CapacityProvider]> {
        self.capacity_providers.get(cluster).and_then(|r| r.value.as_deref())
    }

    /// The cluster's container instances once loaded (or while the first load's batches arrive).
    pub fn container_instances_of(&self, cluster: &str) -> Option<&[ContainerInstance]> {
        self.container_instances.get(cluster).and_then(|r| r.value.as_deref())
    }

    /// The service's deployment history, newest first, and the deployments ECS no longer
    /// keeps (failures, `MISSING`), once loaded.
    pub fn deployments_of(&self, cluster: &str, service: &str) -> Option<(&[ServiceDeployment], &[Failure])> {
        let r = self.deployments.get(&(cluster.to_string(), service.to_string()))?;
        r.value.as_deref().map(|v| (v, r.failures.as_slice()))
    }

    /// A service's auto scaling detail once loaded (an empty one: not auto scaled).
    pub fn scaling_detail_of(&self, cluster: &str, service: &str) -> Option<&crate::model::ScalingDetail> {
        self.scaling_detail.get(&(cluster.to_string(), service.to_string())).and_then(|r| r.value.as_ref())
    }

    /// The region's alarms once loaded.
    pub fn alarms_of(&self) -> Option<&[crate::model::Alarm]> {
        self.alarms.value.as_deref()
    }

    /// How many of the region's alarms are in ALARM (`None` until they are loaded).
    pub fn alarms_firing(&self) -> Option<usize> {
        self.alarms_of().map(|a| a.iter().filter(|a| a.state == crate::model::AlarmState::Alarm).count())
    }

    /// The metric data of exactly these queries, once loaded.
    pub fn metrics_of(&self, queries: &[crate::model::MetricQuery]) -> Option<&crate::model::MetricSet> {
        self.metrics.get(queries).and_then(|r| r.value.as_ref())
    }

    /// A service revision by ARN once loaded.
    pub fn service_revision_of(&self, arn: &str) -> Option<&ServiceRevision> {
        self.service_revisions.get(arn).and_then(|r| r.value.as_ref())
    }

    /// A task by ARN: its own (freshest) resource, else from any loaded task list of the cluster.
    pub fn task_of(&self, cluster: &str, arn: &str) -> Option<&Task> {
        if let Some(t) = self.task.get(arn).and_then(|r| r.value.as_ref()) {
            return Some(t);
        }
        self.tasks
            .iter()
            .filter(|((c, _), _)| c == cluster)
            .filter_map(|(_, r)| r.value.as_ref())
            .flat_map(|v| v.iter())
            .find(|t| t.arn == arn)
    }
}

fn mismatch() -> ApiError {
    ApiError::new(ErrorKind::Other, "reply did not match its request")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn scaling(cluster: &str, service: &str) -> Load {
        Load::Scaling { cluster: cluster.into(), service: service.into() }
    }

    #[test]
    fn a_scaling_load_applies_its_target_or_none() {
        let mut d = Data::default();
        let (api, worker) = (scaling("prod", "api"), scaling("prod", "worker"));
        let now = fixtures::now();
        let max_age = std::time::Duration::from_secs(10);
        assert!(d.stale(&api, now, max_age));
        assert_eq!(d.scaling_of("prod", "api"), None);

        d.start(&api, 1);
        d.start(&worker, 2);
        assert!(d.pending(&api) && !d.stale(&api, now, max_age));
        let target = ScalableTarget { min: 2, max: 10, suspended_in: true, ..Default::default() };
        assert!(d.apply(&api, 1, now, Ok(Payload::Scaling(Some(target)))));
        assert!(d.apply(&worker, 2, now, Ok(Payload::Scaling(None))));

        assert_eq!(d.scaling_of("prod", "api"), Some(&Some(target)));
        assert_eq!(d.scaling_of("prod", "worker"), Some(&None), "loaded: no target");
        assert!(!d.pending(&api) && !d.stale(&api, now, max_age));
        assert!(d.version(&api) > 0);
        assert!(d.status_of(&api).is_some_and(|s| s.has_value && s.error.is_none()));
        // A reply to an older request is ignored.
        assert!(!d.apply(&api, 1, now, Ok(Payload::Scaling(None))));
        assert_eq!(d.scaling_of("prod", "api"), Some(&Some(target)));
    }

    #[test]
    fn a_failed_scaling_load_keeps_the_last_target() {
        let mut d = Data::default();
        let api = scaling("prod", "api");
        let target = ScalableTarget { min: 2, max: 10, ..Default::default() };
        d.start(&api, 1);
        d.apply(&api, 1, fixtures::now(), Ok(Payload::Scaling(Some(target))));
        d.start(&api, 2);
        let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized");
        assert!(d.apply(&api, 2, fixtures::now(), Err(denied.clone())));
        assert_eq!(d.scaling_of("prod", "api"), Some(&Some(target)));
        assert_eq!(d.status_of(&api).and_then(|s| s.error), Some(&denied));
        // The wrong payload for the load is an error, not a value.
        d.start(&api, 3);
        assert!(d.apply(&api, 3, fixtures::now(), Ok(Payload::Identity(Default::default()))));
        assert!(d.status_of(&api).is_some_and(|s| s.error.is_some_and(|e| e.kind == ErrorKind::Other)));
    }

    #[test]
    fn a_loaded_task_definition_is_never_stale_but_a_failed_one_is_asked_again() {
        let mut d = Data::default();
        let load = Load::TaskDefinition { arn: "prod-api:42".into() };
        let now = fixtures::now();
        let max_age = std::time::Duration::from_secs(10);
        d.start(&load, 1);
        let e = ApiError::new(ErrorKind::Network, "cannot reach ecs");
        assert!(d.apply(&load, 1, now, Err(e)));
        assert!(!d.stale(&load, now, max_age), "not straight after its error");
        assert!(d.stale(&load, now + chrono::Duration::seconds(11), max_age), "at the next refresh");
        d.start(&load, 2);
        let td = TaskDefinition {
            arn: "arn:aws:ecs:eu-west-1:1:task-definition/prod-api:42".into(),
            family: "prod-api".into(),
            revision: 42,
            ..Default::default()
        };
        assert!(d.apply(&load, 2, now, Ok(Payload::TaskDefinition(Box::new(td.clone())))));
        assert!(!d.stale(&load, now + chrono::Duration::days(400), max_age), "a revision never changes");
        assert_eq!(d.task_definition_of("prod-api:42"), Some(&td));
        assert_eq!(d.task_definition_of(&td.arn), Some(&td), "by its ARN too");
        assert_eq!(d.task_definition_of("prod-api:41"), None);
    }

    #[test]
    fn the_deployment_history_keeps_what_ecs_no_longer_has() {
        let mut d = Data::default();
        let load = Load::Deployments { cluster: "prod".into(), service: "api".into() };
        assert_eq!(d.deployments_of("prod", "api"), None);
        d.start(&load, 1);
        let done = ServiceDeployment { arn: "a".into(), status: "ROLLBACK_SUCCESSFUL".into(), ..Default::default() };
        let gone = Failure { arn: "b".into(), reason: "MISSING".into(), detail: None };
        let history = crate::api::Described { items: vec![done.clone()], failures: vec![gone.clone()] };
        assert!(d.apply(&load, 1, fixtures::now(), Ok(Payload::Deployments(history))));
        let (items, failures) = d.deployments_of("prod", "api").expect("loaded");
        assert_eq!((items, failures), (&[done][..], &[gone][..]));
        assert!(d.status_of(&load).is_some_and(|s| s.failures.len() == 1));
        // The ongoing deployments a rollback reads are another resource.
        assert!(d.ongoing.is_empty());
    }

    #[test]
    fn capacity_and_instances_load_per_cluster_with_batches() {
        let mut d = Data::default();
        let providers = Load::CapacityProviders { cluster: "batch".into() };
        let instances = Load::ContainerInstances { cluster: "batch".into() };
        d.start(&providers, 1);
        d.start(&instances, 2);
        let p = CapacityProvider::aws_managed("FARGATE");
        let described = crate::api::Described { items: vec![p.clone()], failures: vec![] };
        assert!(d.apply(&providers, 1, fixtures::now(), Ok(Payload::CapacityProviders(described))));
        assert_eq!(d.capacity_providers_of("batch"), Some(&[p][..]));
        assert_eq!(d.capacity_providers_of("prod"), None);

        let one = |arn: &str| ContainerInstance { arn: arn.into(), status: "ACTIVE".into(), ..Default::default() };
        let batch = crate::api::Loaded { items: vec![one("i-1")], failures: vec![] };
        let progress = Progress { described: 1, listed: 2, listing_done: true };
        assert!(d.apply_batch(&instances, 2, Payload::ContainerInstances(batch), progress));
        assert_eq!(d.container_instances_of("batch").map(<[_]>::len), Some(1), "the first batch shows at once");
        let all = crate::api::Loaded { items: vec![one("i-1"), one("i-2")], failures: vec![] };
        assert!(d.apply(&instances, 2, fixtures::now(), Ok(Payload::ContainerInstances(all))));
        assert_eq!(d.container_instances_of("batch").map(<[_]>::len), Some(2));
        assert!(d.status_of(&instances).is_some_and(|s| s.progress.is_none() && s.has_value));
    }
}
