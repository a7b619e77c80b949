//! The embedded fleet simulator (`bosun --demo`): an ECS account that lives in memory behind
//! the same [`EcsApi`], [`StsApi`], [`IamApi`] and [`ScalingApi`](crate::api::ScalingApi) boundary as the SDK, so the
//! console, its tests and the load benchmark run without AWS. [`Simulator::clients`] bundles it;
//! exec's SSM and KMS calls are refused there ([`NoExecInDemo`]).
//!
//! It keeps AWS's rules (100-ARN pages behind opaque tokens, Describe* batch limits,
//! `failures[]` for unknown names, not-found errors), can add per-call latency and throttling,
//! and lives: on each call the world is advanced to the simulated clock in [`STEP_SECS`] steps
//! driven by a seeded generator, so the same seed and the same clock give the same fleet.
mod build;
mod capacity;
mod cloudwatch;
mod demo;
mod deployments;
mod discovery;
mod elb;
mod ids;
mod life;
pub mod logs;
mod no_exec;
mod placement;
mod queries;
pub mod retry;
mod revisions;
mod scaling;
mod synthetic;
mod task_states;
mod world;
mod writes;

#[cfg(test)]
mod health_tests;
#[cfg(test)]
mod revision_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod write_tests;

pub use ids::{ACCOUNT, ACCOUNT_ALIAS, REGION};
pub use no_exec::NoExecInDemo;
pub use world::STEP_SECS;

use crate::api::{
    ApiError, ApiResult, Clients, Described, DescribedPage, DiscoveryApi, EcsApi, ErrorKind, IamApi, Identity, Page,
    ServiceDeployment, StopType, StsApi, UpdateService,
};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Service, ServiceRevision, Strategy, Task, TaskDefinition, TaskFilter,
    Time,
};
use async_trait::async_trait;
use chrono::Utc;
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use world::World;

/// Most steps one call catches up on (after a laptop sleeps, say); the rest follow on later calls.
const MAX_CATCH_UP: u64 = 20_000;

#[derive(Debug, Clone, PartialEq)]
pub struct SimOptions {
    /// Seeds everything random: ids, placements, crashes, interruptions, throttling.
    pub seed: u64,
    /// Added to every call (outside any lock), like the round trip to AWS.
    pub latency: Duration,
    /// Chance (0..=1) that a call fails with `ThrottlingException`.
    pub throttle_rate: f64,
    /// Simulated seconds per real second; 0 freezes the clock (see [`Simulator::advance`]).
    pub speed: f64,
    /// Whether StartLiveTail is offered (off: the log tail polls FilterLogEvents).
    pub live_tail: bool,
}

impl Default for SimOptions {
    fn default() -> Self {
        Self { seed: 1, latency: Duration::ZERO, throttle_rate: 0.0, speed: 1.0, live_tail: true }
    }
}

struct Inner {
    world: World,
    calls: BTreeMap<&'static str, u64>,
    throttled: u64,
    /// Separate from the world's generator so throttling never changes the fleet.
    call_rng: StdRng,
}

// The console shares one simulator between its worker tasks.
const _: fn() = || {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<Simulator>();
};

/// Share as `Arc<Simulator>`: it coerces to `Arc<dyn EcsApi>` (and `StsApi`) and keeps `calls()` at hand.
pub struct Simulator {
    opts: SimOptions,
    start: Time,
    origin: Instant,
    /// Manual advances of the clock, in milliseconds.
    offset_ms: AtomicI64,
    inner: Mutex<Inner>,
}

impl Simulator {
    /// The demo fleet, its clock starting now.
    pub fn demo(opts: SimOptions) -> Self {
        Self::demo_at(opts, wall_clock())
    }

    /// The demo fleet with its clock starting at `start` (fixed times for tests and snapshots).
    pub fn demo_at(opts: SimOptions, start: Time) -> Self {
        Self::new(opts, start, true, demo::build)
    }

    /// A static fleet of `clusters` clusters named `load-01`…, each with `services_per_cluster`
    /// services and `tasks_per_cluster` running tasks spread over them.
    pub fn synthetic(opts: SimOptions, clusters: usize, services_per_cluster: usize, tasks_per_cluster: usize) -> Self {
        Self::synthetic_with_instances(opts, clusters, services_per_cluster, tasks_per_cluster, 0)
    }

    /// [`Simulator::synthetic`] with `instances_per_cluster` EC2 container instances in each
    /// cluster (registered to its Auto Scaling group provider, spread over the zones, no tasks).
    pub fn synthetic_with_instances(
        opts: SimOptions,
        clusters: usize,
        services_per_cluster: usize,
        tasks_per_cluster: usize,
        instances_per_cluster: usize,
    ) -> Self {
        Self::new(opts, wall_clock(), false, |w| {
            synthetic::build(w, clusters, services_per_cluster, tasks_per_cluster);
            synthetic::add_instances(w, instances_per_cluster);
        })
    }

    /// [`Simulator::synthetic`] with something wrong in every cluster for the triage to find
    /// (see `synthetic::add_problems`).
    pub fn synthetic_with_problems(
        opts: SimOptions,
        clusters: usize,
        services_per_cluster: usize,
        tasks_per_cluster: usize,
    ) -> Self {
        Self::new(opts, wall_clock(), false, |w| {
            synthetic::build(w, clusters, services_per_cluster, tasks_per_cluster);
            synthetic::add_problems(w);
        })
    }

    fn new(mut opts: SimOptions, start: Time, live: bool, build: impl FnOnce(&mut World)) -> Self {
        // Out-of-range knobs would make the clock or the dice misbehave; clamp them instead.
        opts.speed = if opts.speed.is_finite() { opts.speed.max(0.0) } else { 0.0 };
        opts.throttle_rate = if opts.throttle_rate.is_finite() { opts.throttle_rate.clamp(0.0, 1.0) } else { 0.0 };
        let mut world = World::new(StdRng::seed_from_u64(opts.seed), start, live);
        build(&mut world);
        let call_rng = StdRng::seed_from_u64(opts.seed ^ 0x7468_726f_7474_6c65);
        Self {
            start,
            origin: Instant::now(),
            offset_ms: AtomicI64::new(0),
            inner: Mutex::new(Inner { world, calls: BTreeMap::new(), throttled: 0, call_rng }),
            opts,
        }
    }

    /// The bundle the console talks to: this simulator for ECS, STS, IAM and Application Auto
    /// Scaling, [`NoExecInDemo`] for SSM and KMS.
    pub fn clients(self: &Arc<Self>) -> Clients {
        Clients {
            ecs: self.clone(),
            sts: self.clone(),
            iam: self.clone(),
            scaling: self.clone(),
            ssm: Arc::new(NoExecInDemo),
            kms: Arc::new(NoExecInDemo),
            logs: Arc::new(logs::SimLogs(self.clone())),
            cloudwatch: self.clone(),
            discovery: self.clone(),
            elb: self.clone(),
        }
    }

    pub fn options(&self) -> &SimOptions {
        &self.opts
    }

    /// The simulated clock: start + real time elapsed × speed + manual advances.
    pub fn now(&self) -> Time {
        let scaled = Duration::try_from_secs_f64(self.origin.elapsed().as_secs_f64() * self.opts.speed)
            .ok()
            .and_then(|d| chrono::Duration::from_std(d).ok())
            .unwrap_or_else(chrono::Duration::zero);
        let manual = chrono::Duration::milliseconds(self.offset_ms.load(Ordering::Relaxed));
        self.start + scaled + manual
    }

    /// Move the clock forward by `by` (the world follows on the next call).
    pub fn advance(&self, by: Duration) {
        let ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        let _ = self.offset_ms.fetch_update(Ordering::Relaxed, Ordering::Relaxed, |v| Some(v.saturating_add(ms)));
    }

    /// Calls made so far by operation name (`ListTasks`, …), throttled ones included.
    pub fn calls(&self) -> BTreeMap<&'static str, u64> {
        self.lock().calls.clone()
    }

    /// How many calls failed with `ThrottlingException`.
    pub fn throttled(&self) -> u64 {
        self.lock().throttled
    }

    pub fn reset_calls(&self) {
        let mut inner = self.lock();
        inner.calls.clear();
        inner.throttled = 0;
    }

    /// A registered task definition by ARN (for the log and exec capabilities: awslogs options).
    pub fn task_definition(&self, arn: &str) -> Option<TaskDefinition> {
        self.lock().world.task_defs.get(arn).cloned()
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        // A panic while holding the lock cannot leave the world half-updated in a way that
        // matters more than refusing to answer, so carry on with the data as it is.
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One AWS call: counted, maybe throttled, delayed by the latency, then answered from the
    /// world brought up to the clock.
    async fn call<T>(&self, op: &'static str, answer: impl FnOnce(&World) -> ApiResult<T> + Send) -> ApiResult<T> {
        self.call_mut(op, |w| answer(w)).await
    }

    /// [`Simulator::call`] for the writes (and the reads that bring records up to date).
    async fn call_mut<T>(
        &self,
        op: &'static str,
        answer: impl FnOnce(&mut World) -> ApiResult<T> + Send,
    ) -> ApiResult<T> {
        let throttled = {
            let mut inner = self.lock();
            *inner.calls.entry(op).or_default() += 1;
            let hit = self.opts.throttle_rate > 0.0 && inner.call_rng.random_bool(self.opts.throttle_rate);
            inner.throttled += u64::from(hit);
            hit
        };
        if !self.opts.latency.is_zero() {
            tokio::time::sleep(self.opts.latency).await;
        }
        if throttled {
            return Err(ApiError::new(ErrorKind::Throttled, "Rate exceeded").with_code("ThrottlingException"));
        }
        let now = self.now();
        let mut inner = self.lock();
        let steps = inner.world.steps_until(now).min(MAX_CATCH_UP);
        inner.world.advance(steps);
        answer(&mut inner.world)
    }
}

fn wall_clock() -> Time {
    let now = Utc::now();
    chrono::DateTime::from_timestamp(now.timestamp(), 0).unwrap_or(now)
}

#[async_trait]
impl EcsApi for Simulator {
    async fn list_clusters(&self, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListClusters", move |w| w.list_clusters(next_token)).await
    }

    async fn describe_clusters(&self, arns: Vec<String>) -> ApiResult<Described<Cluster>> {
        self.call("DescribeClusters", move |w| w.describe_clusters(arns)).await
    }

    async fn list_services(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListServices", move |w| w.list_services(&cluster, next_token)).await
    }

    async fn describe_services(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Service>> {
        self.call("DescribeServices", move |w| w.describe_services(&cluster, arns)).await
    }

    async fn list_tasks(&self, cluster: String, filter: TaskFilter, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListTasks", move |w| w.list_tasks(&cluster, &filter, next_token)).await
    }

    async fn describe_tasks(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Task>> {
        self.call("DescribeTasks", move |w| w.describe_tasks(&cluster, arns)).await
    }

    async fn describe_task_definition(&self, task_definition: String) -> ApiResult<TaskDefinition> {
        self.call("DescribeTaskDefinition", move |w| w.describe_task_definition(&task_definition)).await
    }

    async fn describe_capacity_providers(
        &self,
        names: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>> {
        self.call("DescribeCapacityProviders", move |w| w.describe_capacity_providers(&names, next_token)).await
    }

    async fn list_container_instances(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListContainerInstances", move |w| w.list_container_instances(&cluster, next_token)).await
    }

    async fn describe_container_instances(
        &self,
        cluster: String,
        arns: Vec<String>,
    ) -> ApiResult<Described<ContainerInstance>> {
        self.call("DescribeContainerInstances", move |w| w.describe_container_instances(&cluster, &arns)).await
    }

    async fn update_service(&self, request: UpdateService) -> ApiResult<Service> {
        self.call_mut("UpdateService", move |w| w.update_service(&request)).await
    }

    async fn put_cluster_capacity_providers(
        &self,
        cluster: String,
        providers: Vec<String>,
        default_strategy: Strategy,
    ) -> ApiResult<Cluster> {
        self.call_mut("PutClusterCapacityProviders", move |w| {
            w.put_cluster_capacity_providers(&cluster, &providers, &default_strategy)
        })
        .await
    }

    async fn stop_task(&self, cluster: String, task: String, reason: Option<String>) -> ApiResult<Task> {
        self.call_mut("StopTask", move |w| w.stop_task(&cluster, &task, reason.as_deref())).await
    }

    async fn list_service_deployments(
        &self,
        cluster: String,
        service: String,
        statuses: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<Page> {
        self.call_mut("ListServiceDeployments", move |w| {
            w.list_service_deployments(&cluster, &service, &statuses, next_token)
        })
        .await
    }

    async fn describe_service_deployments(&self, arns: Vec<String>) -> ApiResult<Described<ServiceDeployment>> {
        self.call_mut("DescribeServiceDeployments", move |w| w.describe_service_deployments(&arns)).await
    }

    async fn stop_service_deployment(&self, arn: String, stop_type: StopType) -> ApiResult<String> {
        self.call_mut("StopServiceDeployment", move |w| w.stop_service_deployment(&arn, stop_type)).await
    }

    async fn describe_service_revisions(&self, arns: Vec<String>) -> ApiResult<Described<ServiceRevision>> {
        self.call_mut("DescribeServiceRevisions", move |w| w.describe_service_revisions(&arns)).await
    }
}

#[async_trait]
impl StsApi for Simulator {
    async fn identity(&self) -> ApiResult<Identity> {
        self.call("GetCallerIdentity", |_| {
            Ok(Identity {
                account: Some(ACCOUNT.to_string()),
                arn: Some(format!("arn:aws:sts::{ACCOUNT}:assumed-role/BosunDemo/sre")),
                // STS does not know the alias; IAM's ListAccountAliases answers it.
                alias: None,
            })
        })
        .await
    }
}

#[async_trait]
impl IamApi for Simulator {
    async fn account_alias(&self) -> ApiResult<Option<String>> {
        self.call("ListAccountAliases", |_| Ok(Some(ACCOUNT_ALIAS.to_string()))).await
    }
}

#[async_trait]
impl crate::api::CloudWatchApi for Simulator {
    async fn describe_alarms(&self, next_token: Option<String>) -> ApiResult<crate::api::AlarmPage> {
        self.call("DescribeAlarms", move |w| {
            // Pages of AWS's size behind an opaque token: the index of the next alarm.
            let all = cloudwatch::alarms(w);
            let from = match next_token.filter(|t| !t.is_empty()) {
                Some(t) => ids::decode_token("alarms", &t)?.parse::<usize>().map_err(|_| {
                    ApiError::new(ErrorKind::InvalidInput, "The service cannot process the request: bad nextToken")
                        .with_code("InvalidNextToken")
                })?,
                None => 0,
            };
            let page = crate::api::cloudwatch::ALARM_PAGE as usize;
            let next = (from + page < all.len()).then(|| ids::encode_token("alarms", &(from + page).to_string()));
            Ok(crate::api::AlarmPage { alarms: all.into_iter().skip(from).take(page).collect(), next_token: next })
        })
        .await
    }

    async fn alarm_history(&self, name: String) -> ApiResult<Vec<crate::model::AlarmChange>> {
        // CloudWatch answers an empty history for a name it does not know.
        self.call("DescribeAlarmHistory", move |w| Ok(cloudwatch::history(w, &name).unwrap_or_default())).await
    }

    async fn get_metric_data(
        &self,
        queries: Vec<crate::model::MetricQuery>,
        start: Time,
        end: Time,
        _next_token: Option<String>,
    ) -> ApiResult<crate::model::MetricPage> {
        crate::api::limits::check_batch("MetricDataQueries", queries.len(), crate::api::cloudwatch::METRIC_QUERIES)?;
        self.call("GetMetricData", move |w| {
            Ok(crate::model::MetricPage { series: cloudwatch::metric_data(w, &queries, start, end), next_token: None })
        })
        .await
    }
}

#[async_trait]
impl DiscoveryApi for Simulator {
    async fn service(&self, id_or_arn: String) -> ApiResult<crate::model::DiscoveryService> {
        self.call("GetService", move |w| w.discovery_service(&id_or_arn)).await
    }

    async fn namespace(&self, id: String) -> ApiResult<crate::model::Namespace> {
        self.call("GetNamespace", move |w| w.namespace(&id)).await
    }
}
