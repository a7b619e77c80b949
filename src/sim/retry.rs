//! The AWS SDK's standard retry, for backends that do not have it (the simulator): throttled
//! and transient calls are tried again with exponential backoff and full jitter, so the loader
//! sees the same behaviour whichever backend it talks to. The SDK path has this built in
//! (`aws::load_config` sets the same policy explicitly).
use crate::api::{
    ApiError, ApiResult, Described, DescribedPage, EcsApi, ErrorKind, Identity, Page, ServiceDeployment, StopType,
    StsApi, UpdateService,
};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Service, ServiceRevision, Strategy, Task, TaskDefinition, TaskFilter,
};
use async_trait::async_trait;
use rand::Rng;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

/// How many attempts and how long to wait between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Attempts per call, the first included.
    pub max_attempts: u32,
    /// The backoff before the second attempt, doubled for each further one (before jitter).
    pub initial_backoff: Duration,
    pub max_backoff: Duration,
}

impl RetryPolicy {
    /// `RetryConfig::standard()` of aws-config: 3 attempts, 1 s initial and 20 s maximum backoff.
    pub const STANDARD: RetryPolicy =
        RetryPolicy { max_attempts: 3, initial_backoff: Duration::from_secs(1), max_backoff: Duration::from_secs(20) };

    /// The ceiling of the wait after `failed` attempts (1 = after the first), before jitter:
    /// initial × 2^(failed-1), at most `max_backoff`, as the SDK computes it.
    pub fn backoff_ceiling(&self, failed: u32) -> Duration {
        2u32.checked_pow(failed.saturating_sub(1))
            .and_then(|f| self.initial_backoff.checked_mul(f))
            .map_or(self.max_backoff, |d| d.min(self.max_backoff))
    }
}

/// Errors worth another attempt, as the SDK's standard classifier sees them: throttling and
/// transient service or network failures. Anything else would fail the same way again.
fn retryable(e: &ApiError) -> bool {
    matches!(e.kind, ErrorKind::Throttled | ErrorKind::Service | ErrorKind::Network)
}

/// An API (ECS, STS) with the SDK's retry in front of it.
pub struct Retrying<A: ?Sized = dyn EcsApi> {
    inner: Arc<A>,
    policy: RetryPolicy,
}

impl<A: ?Sized + Send + Sync> Retrying<A> {
    pub fn new(inner: Arc<A>, policy: RetryPolicy) -> Self {
        Self { inner, policy }
    }

    async fn call<T, F, Fut>(&self, op: &str, mut attempt: F) -> ApiResult<T>
    where
        F: FnMut(Arc<A>) -> Fut + Send,
        Fut: Future<Output = ApiResult<T>> + Send,
        T: Send,
    {
        let attempts = self.policy.max_attempts.max(1);
        let mut failed = 0;
        loop {
            let err = match attempt(self.inner.clone()).await {
                Ok(v) => return Ok(v),
                Err(e) => e,
            };
            failed += 1;
            if !retryable(&err) {
                return Err(err);
            }
            if failed >= attempts {
                return Err(exhausted(err, attempts));
            }
            // Full jitter: anywhere between no wait and the ceiling, so callers spread out.
            let wait = self.policy.backoff_ceiling(failed).mul_f64(rand::rng().random_range(0.0..1.0));
            tracing::debug!(op, failed, ?wait, kind = ?err.kind, "retrying after a transient failure");
            tokio::time::sleep(wait).await;
        }
    }
}

/// The last error, saying the retries are spent and what to do.
fn exhausted(mut e: ApiError, attempts: u32) -> ApiError {
    e.message = format!("{} (gave up after {attempts} attempts)", e.message);
    if e.hint.is_none() && e.kind == ErrorKind::Throttled {
        e.hint = Some("AWS is rate-limiting this account; try again shortly, or lower --concurrency".into());
    }
    e
}

#[async_trait]
impl<A: EcsApi + ?Sized> EcsApi for Retrying<A> {
    async fn list_clusters(&self, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListClusters", |api| {
            let t = next_token.clone();
            async move { api.list_clusters(t).await }
        })
        .await
    }

    async fn describe_clusters(&self, arns: Vec<String>) -> ApiResult<Described<Cluster>> {
        self.call("DescribeClusters", |api| {
            let a = arns.clone();
            async move { api.describe_clusters(a).await }
        })
        .await
    }

    async fn list_services(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListServices", |api| {
            let (c, t) = (cluster.clone(), next_token.clone());
            async move { api.list_services(c, t).await }
        })
        .await
    }

    async fn describe_services(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Service>> {
        self.call("DescribeServices", |api| {
            let (c, a) = (cluster.clone(), arns.clone());
            async move { api.describe_services(c, a).await }
        })
        .await
    }

    async fn list_tasks(&self, cluster: String, filter: TaskFilter, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListTasks", |api| {
            let (c, f, t) = (cluster.clone(), filter.clone(), next_token.clone());
            async move { api.list_tasks(c, f, t).await }
        })
        .await
    }

    async fn describe_tasks(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Task>> {
        self.call("DescribeTasks", |api| {
            let (c, a) = (cluster.clone(), arns.clone());
            async move { api.describe_tasks(c, a).await }
        })
        .await
    }

    async fn describe_task_definition(&self, task_definition: String) -> ApiResult<TaskDefinition> {
        self.call("DescribeTaskDefinition", |api| {
            let t = task_definition.clone();
            async move { api.describe_task_definition(t).await }
        })
        .await
    }

    async fn describe_capacity_providers(
        &self,
        names: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>> {
        self.call("DescribeCapacityProviders", |api| {
            let (n, t) = (names.clone(), next_token.clone());
            async move { api.describe_capacity_providers(n, t).await }
        })
        .await
    }

    async fn list_container_instances(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        self.call("ListContainerInstances", |api| {
            let (c, t) = (cluster.clone(), next_token.clone());
            async move { api.list_container_instances(c, t).await }
        })
        .await
    }

    async fn describe_container_instances(
        &self,
        cluster: String,
        arns: Vec<String>,
    ) -> ApiResult<Described<ContainerInstance>> {
        self.call("DescribeContainerInstances", |api| {
            let (c, a) = (cluster.clone(), arns.clone());
            async move { api.describe_container_instances(c, a).await }
        })
        .await
    }

    // The writes are retried like the reads: the SDK's standard retry classifies by error, not
    // by operation, and a throttled or 5xx attempt was refused before ECS changed anything.

    async fn update_service(&self, request: UpdateService) -> ApiResult<Service> {
        self.call("UpdateService", |api| {
            let r = request.clone();
            async move { api.update_service(r).await }
        })
        .await
    }

    async fn put_cluster_capacity_providers(
        &self,
        cluster: String,
        providers: Vec<String>,
        default_strategy: Strategy,
    ) -> ApiResult<Cluster> {
        self.call("PutClusterCapacityProviders", |api| {
            let (c, p, s) = (cluster.clone(), providers.clone(), default_strategy.clone());
            async move { api.put_cluster_capacity_providers(c, p, s).await }
        })
        .await
    }

    async fn stop_task(&self, cluster: String, task: String, reason: Option<String>) -> ApiResult<Task> {
        self.call("StopTask", |api| {
            let (c, t, r) = (cluster.clone(), task.clone(), reason.clone());
            async move { api.stop_task(c, t, r).await }
        })
        .await
    }

    async fn list_service_deployments(
        &self,
        cluster: String,
        service: String,
        statuses: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<Page> {
        self.call("ListServiceDeployments", |api| {
            let (c, s, st, t) = (cluster.clone(), service.clone(), statuses.clone(), next_token.clone());
            async move { api.list_service_deployments(c, s, st, t).await }
        })
        .await
    }

    async fn describe_service_deployments(&self, arns: Vec<String>) -> ApiResult<Described<ServiceDeployment>> {
        self.call("DescribeServiceDeployments", |api| {
            let a = arns.clone();
            async move { api.describe_service_deployments(a).await }
        })
        .await
    }

    async fn stop_service_deployment(&self, arn: String, stop_type: StopType) -> ApiResult<String> {
        self.call("StopServiceDeployment", |api| {
            let a = arn.clone();
            async move { api.stop_service_deployment(a, stop_type).await }
        })
        .await
    }

    async fn describe_service_revisions(&self, arns: Vec<String>) -> ApiResult<Described<ServiceRevision>> {
        self.call("DescribeServiceRevisions", |api| {
            let a = arns.clone();
            async move { api.describe_service_revisions(a).await }
        })
        .await
    }
}

#[async_trait]
impl<A: StsApi + ?Sized> StsApi for Retrying<A> {
    async fn identity(&self) -> ApiResult<Identity> {
        self.call("GetCallerIdentity", |api| async move { api.identity().await }).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::Loader;
    use crate::sim::{SimOptions, Simulator};
    use std::sync::atomic::{AtomicU32, Ordering};

    /// Fails the first `failures` calls with `kind`, then answers.
    struct Flaky {
        failures: u32,
        kind: ErrorKind,
        calls: AtomicU32,
    }

    #[async_trait]
    impl EcsApi for Flaky {
        async fn list_clusters(&self, _: Option<String>) -> ApiResult<Page> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if n < self.failures {
                Err(ApiError::new(self.kind, "Rate exceeded").with_code("ThrottlingException"))
            } else {
                Ok(Page { arns: vec!["arn:aws:ecs:eu-west-1:1:cluster/prod".into()], next_token: None })
            }
        }
        async fn describe_clusters(&self, _: Vec<String>) -> ApiResult<Described<Cluster>> {
            Ok(Described::default())
        }
        async fn list_services(&self, _: String, _: Option<String>) -> ApiResult<Page> {
            Ok(Page::default())
        }
        async fn describe_services(&self, _: String, _: Vec<String>) -> ApiResult<Described<Service>> {
            Ok(Described::default())
        }
        async fn list_tasks(&self, _: String, _: TaskFilter, _: Option<String>) -> ApiResult<Page> {
            Ok(Page::default())
        }
        async fn describe_tasks(&self, _: String, _: Vec<String>) -> ApiResult<Described<Task>> {
            Ok(Described::default())
        }
        async fn describe_task_definition(&self, t: String) -> ApiResult<TaskDefinition> {
            Ok(TaskDefinition { arn: t, ..Default::default() })
        }
        async fn describe_capacity_providers(
            &self,
            _: Vec<String>,
            _: Option<String>,
        ) -> ApiResult<DescribedPage<CapacityProvider>> {
            Ok(DescribedPage { described: Described::default(), next_token: None })
        }
        async fn list_container_instances(&self, _: String, _: Option<String>) -> ApiResult<Page> {
            Ok(Page::default())
        }
        async fn describe_container_instances(
            &self,
            _: String,
            _: Vec<String>,
        ) -> ApiResult<Described<ContainerInstance>> {
            Ok(Described::default())
        }
        async fn update_service(&self, r: UpdateService) -> ApiResult<Service> {
            let n = self.calls.fetch_add(1, Ordering::SeqCst);
            if n < self.failures {
                Err(ApiError::new(self.kind, "Rate exceeded").with_code("ThrottlingException"))
            } else {
                Ok(Service { name: r.service, desired: r.desired_count.unwrap_or_default(), ..Default::default() })
            }
        }
        async fn put_cluster_capacity_providers(&self, _: String, _: Vec<String>, _: Strategy) -> ApiResult<Cluster> {
            Ok(Cluster::default())
        }
        async fn stop_task(&self, _: String, _: String, _: Option<String>) -> ApiResult<Task> {
            Ok(Task::default())
        }
        async fn list_service_deployments(
            &self,
            _: String,
            _: String,
            _: Vec<String>,
            _: Option<String>,
        ) -> ApiResult<Page> {
            Ok(Page::default())
        }
        async fn describe_service_deployments(&self, _: Vec<String>) -> ApiResult<Described<ServiceDeployment>> {
            Ok(Described::default())
        }
        async fn stop_service_deployment(&self, arn: String, _: StopType) -> ApiResult<String> {
            Ok(arn)
        }
        async fn describe_service_revisions(&self, _: Vec<String>) -> ApiResult<Described<ServiceRevision>> {
            Ok(Described::default())
        }
    }

    fn flaky(failures: u32, kind: ErrorKind) -> Arc<Flaky> {
        Arc::new(Flaky { failures, kind, calls: AtomicU32::new(0) })
    }

    #[test]
    fn backoff_doubles_up_to_the_maximum() {
        let p = RetryPolicy::STANDARD;
        let secs: Vec<u64> = (1..=7).map(|n| p.backoff_ceiling(n).as_secs()).collect();
        assert_eq!(secs, [1, 2, 4, 8, 16, 20, 20]);
        assert_eq!(p.backoff_ceiling(200), p.max_backoff, "no overflow");
    }

    #[tokio::test(start_paused = true)]
    async fn throttled_calls_are_retried_with_backoff_then_succeed() {
        let api = flaky(2, ErrorKind::Throttled);
        let retrying = Retrying::new(api.clone(), RetryPolicy::STANDARD);
        let start = tokio::time::Instant::now();
        let page = retrying.list_clusters(None).await.expect("third attempt answers");
        assert_eq!(page.arns.len(), 1);
        assert_eq!(api.calls.load(Ordering::SeqCst), 3);
        // Two waits, at most 1 s and 2 s (jitter may make them shorter).
        assert!(start.elapsed() <= Duration::from_secs(3), "{:?}", start.elapsed());
    }

    #[tokio::test(start_paused = true)]
    async fn retries_end_after_three_attempts_with_a_clear_error() {
        let api = flaky(u32::MAX, ErrorKind::Throttled);
        let err = Retrying::new(api.clone(), RetryPolicy::STANDARD).list_clusters(None).await.expect_err("exhausted");
        assert_eq!(api.calls.load(Ordering::SeqCst), 3);
        assert_eq!(err.kind, ErrorKind::Throttled);
        assert_eq!(err.message, "Rate exceeded (gave up after 3 attempts)");
        assert!(err.hint.expect("hint").contains("rate-limiting"));
    }

    #[tokio::test(start_paused = true)]
    async fn a_throttled_write_is_retried_like_the_sdk_does() {
        let api = flaky(1, ErrorKind::Throttled);
        let retrying = Retrying::new(api.clone(), RetryPolicy::STANDARD);
        let request = UpdateService { desired_count: Some(3), ..UpdateService::new("prod", "api") };
        let svc = retrying.update_service(request).await.expect("the second attempt answers");
        assert_eq!((svc.name.as_str(), svc.desired), ("api", 3));
        assert_eq!(api.calls.load(Ordering::SeqCst), 2);

        let denied = flaky(u32::MAX, ErrorKind::AccessDenied);
        let err = Retrying::new(denied.clone(), RetryPolicy::STANDARD)
            .update_service(UpdateService::new("prod", "api"))
            .await
            .expect_err("denied");
        assert_eq!(err.kind, ErrorKind::AccessDenied);
        assert_eq!(denied.calls.load(Ordering::SeqCst), 1, "a refusal is not sent again");
    }

    #[tokio::test(start_paused = true)]
    async fn other_errors_are_not_retried() {
        let api = flaky(u32::MAX, ErrorKind::AccessDenied);
        let err = Retrying::new(api.clone(), RetryPolicy::STANDARD).list_clusters(None).await.expect_err("denied");
        assert_eq!((err.kind, err.message.as_str()), (ErrorKind::AccessDenied, "Rate exceeded"));
        assert_eq!(api.calls.load(Ordering::SeqCst), 1);
    }

    /// The demo fleet loads completely through simulated throttling (one call in ten, as `--demo-throttle 0.1`);
    /// without the retry the same load fails (checked below on the bare simulator).
    #[tokio::test(start_paused = true)]
    async fn the_demo_fleet_loads_through_throttling() {
        let opts = SimOptions { seed: 7, speed: 0.0, throttle_rate: 0.1, ..Default::default() };
        let bare = Arc::new(Simulator::demo_at(opts.clone(), crate::fixtures::now()));
        let err = Loader::new(bare, 1).fleet(None).await.expect_err("throttled without retries");
        assert_eq!(err.kind, ErrorKind::Throttled);

        let sim = Arc::new(Simulator::demo_at(opts, crate::fixtures::now()));
        let api = Arc::new(Retrying::new(sim.clone(), RetryPolicy::STANDARD));
        let fleet = Loader::new(api, 1).fleet(None).await.expect("retries get through");
        assert_eq!(fleet.clusters.len(), 4);
        assert!(sim.throttled() > 0, "some calls were throttled and retried");
    }
}
