//! Complete, pipelined loading on top of [`EcsApi`]: every List* is followed to its last page,
//! each page's ARNs are described in AWS-sized batches while the next page is being listed, and
//! every call (list or describe) waits for one of a bounded number of permits, so a large
//! account loads in about the time of its chain of dependent calls without a throttling storm.
//! The `*_with` variants hand over each described [`Batch`] as it finishes, so a view can show
//! its first rows after two calls instead of after the whole chain.
use super::{ApiError, ApiResult, Described, EcsApi, ErrorKind, limits};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Failure, Service, ServiceRevision, Task, TaskDefinition, TaskFilter,
};
use futures::future::OptionFuture;
use std::future::Future;
use std::sync::Arc;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Objects loaded in list order, plus the partial failures reported on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded<T> {
    pub items: Vec<T>,
    pub failures: Vec<Failure>,
}

/// Everything the console shows for a set of clusters (what `bosun dump` prints).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Fleet {
    pub clusters: Vec<FleetCluster>,
    pub failures: Vec<Failure>,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FleetCluster {
    pub cluster: Cluster,
    pub services: Vec<Service>,
    /// Running tasks of the whole cluster (service tasks carry `group = service:<name>`).
    pub tasks: Vec<Task>,
}

/// One described batch, delivered as soon as it is done (batches may finish out of list order).
#[derive(Debug, Clone, PartialEq)]
pub struct Batch<T> {
    pub items: Vec<T>,
    pub failures: Vec<Failure>,
    /// Objects described so far (items and failures), this batch included.
    pub described: usize,
    /// ARNs listed so far.
    pub listed: usize,
    /// Every page has been listed: `listed` is the total.
    pub listing_done: bool,
}

/// Receives each [`Batch`] of a progressive load, on the loading task: keep it short (send it
/// on a channel, say).
pub type OnBatch<'a, T> = &'a (dyn Fn(Batch<T>) + Send + Sync);

/// A cluster's services and running tasks, as loaded.
type ClusterContents = (Loaded<Service>, Loaded<Task>);

/// What a describe task hands back: its place in list order, how many ARNs it described, and
/// the answer.
type BatchDone<T> = (usize, usize, ApiResult<Described<T>>);

#[derive(Clone)]
pub struct Loader {
    api: Arc<dyn EcsApi>,
    permits: Arc<Semaphore>,
    /// Describe batches also take one of these, which are fewer than `permits`: the list
    /// chains (the critical path) never queue behind a wall of describes.
    describe_permits: Arc<Semaphore>,
}

impl Loader {
    pub fn new(ecs: Arc<dyn EcsApi>, concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        let reserved_for_lists = if concurrency > 2 { 2 } else { 0 };
        Self {
            api: ecs,
            permits: Arc::new(Semaphore::new(concurrency)),
            describe_permits: Arc::new(Semaphore::new(concurrency - reserved_for_lists)),
        }
    }

    async fn limited<T>(permits: &Semaphore, call: impl Future<Output = T>) -> T {
        // The semaphore is never closed, so acquire cannot fail; fall through unlimited if it did.
        let _permit = permits.acquire().await.ok();
        call.await
    }

    /// Follow a List* call to its end, describing each page's ARNs in batches of `batch` as
    /// soon as the page arrives, and handing each finished batch to `on_batch` while the
    /// listing goes on. The result is in list order.
    async fn list_and_describe<T, L, LF, D, DF>(
        &self,
        batch: usize,
        list: L,
        describe: D,
        on_batch: Option<OnBatch<'_, T>>,
    ) -> ApiResult<Loaded<T>>
    where
        T: Clone + Send + 'static,
        L: Fn(Arc<dyn EcsApi>, Option<String>) -> LF,
        LF: Future<Output = ApiResult<super::Page>>,
        D: Fn(Arc<dyn EcsApi>, Vec<String>) -> DF,
        DF: Future<Output = ApiResult<Described<T>>> + Send + 'static,
    {
        let batch = batch.max(1);
        let list_page = |token| Box::pin(Self::limited(&self.permits, list(self.api.clone(), token)));
        let mut listing = Some(list_page(None));
        let mut batches: JoinSet<BatchDone<T>> = JoinSet::new();
        let mut next_batch = 0usize;
        let (mut listed, mut described) = (0usize, 0usize);
        let mut done: Vec<(usize, Described<T>)> = Vec::new();
        loop {
            tokio::select! {
                // The next list call starts before any batch is handed over: it is the critical path.
                biased;
                Some(page) = OptionFuture::from(listing.as_mut()), if listing.is_some() => {
                    let page = page?;
                    listed += page.arns.len();
                    for chunk in page.arns.chunks(batch) {
                        let call = describe(self.api.clone(), chunk.to_vec());
                        let (permits, describe_permits) = (self.permits.clone(), self.describe_permits.clone());
                        let (idx, len) = (next_batch, chunk.len());
                        next_batch += 1;
                        batches.spawn(async move {
                            let _describe = describe_permits.acquire().await.ok();
                            (idx, len, Self::limited(&permits, call).await)
                        });
                    }
                    listing = match page.next_token {
                        Some(t) if !t.is_empty() => Some(list_page(Some(t))),
                        _ => None,
                    };
                }
                Some(joined) = batches.join_next() => {
                    let (idx, len, result) = joined.map_err(loader_task_failed)?;
                    let d = result?;
                    described += len;
                    if let Some(deliver) = on_batch {
                        deliver(Batch {
                            items: d.items.clone(),
                            failures: d.failures.clone(),
                            described,
                            listed,
                            listing_done: listing.is_none(),
                        });
                    }
                    done.push((idx, d));
                }
                else => break,
            }
        }
        done.sort_by_key(|(i, _)| *i);
        let mut out = Loaded { items: Vec::new(), failures: Vec::new() };
        for (_, d) in done {
            out.items.extend(d.items);
            out.failures.extend(d.failures);
        }
        Ok(out)
    }

    pub async fn clusters(&self) -> ApiResult<Loaded<Cluster>> {
        self.load_clusters(None).await
    }

    /// [`Loader::clusters`], handing over each described batch as soon as it is done.
    pub async fn clusters_with(&self, on_batch: OnBatch<'_, Cluster>) -> ApiResult<Loaded<Cluster>> {
        self.load_clusters(Some(on_batch)).await
    }

    async fn load_clusters(&self, on_batch: Option<OnBatch<'_, Cluster>>) -> ApiResult<Loaded<Cluster>> {
        self.list_and_describe(
            limits::DESCRIBE_CLUSTERS,
            |api, token| async move { api.list_clusters(token).await },
            |api, arns| async move { api.describe_clusters(arns).await },
            on_batch,
        )
        .await
    }

    /// Clusters by name or ARN (DescribeClusters only; unknown names come back as failures).
    pub async fn clusters_named(&self, names: Vec<String>) -> ApiResult<Loaded<Cluster>> {
        let mut out = Loaded { items: Vec::new(), failures: Vec::new() };
        for chunk in names.chunks(limits::DESCRIBE_CLUSTERS) {
            let d = Self::limited(&self.permits, self.api.describe_clusters(chunk.to_vec())).await?;
            out.items.extend(d.items);
            out.failures.extend(d.failures);
        }
        Ok(out)
    }

    pub async fn services(&self, cluster: &str) -> ApiResult<Loaded<Service>> {
        self.load_services(cluster, None).await
    }

    /// [`Loader::services`], handing over each described batch as soon as it is done.
    pub async fn services_with(&self, cluster: &str, on_batch: OnBatch<'_, Service>) -> ApiResult<Loaded<Service>> {
        self.load_services(cluster, Some(on_batch)).await
    }

    async fn load_services(&self, cluster: &str, on_batch: Option<OnBatch<'_, Service>>) -> ApiResult<Loaded<Service>> {
        let c1 = cluster.to_string();
        let c2 = cluster.to_string();
        self.list_and_describe(
            limits::DESCRIBE_SERVICES,
            move |api, token| {
                let c = c1.clone();
                async move { api.list_services(c, token).await }
            },
            move |api, arns| {
                let c = c2.clone();
                async move { api.describe_services(c, arns).await }
            },
            on_batch,
        )
        .await
    }

    pub async fn tasks(&self, cluster: &str, filter: &TaskFilter) -> ApiResult<Loaded<Task>> {
        self.load_tasks(cluster, filter, None).await
    }

    /// [`Loader::tasks`], handing over each described batch as soon as it is done.
    pub async fn tasks_with(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        on_batch: OnBatch<'_, Task>,
    ) -> ApiResult<Loaded<Task>> {
        self.load_tasks(cluster, filter, Some(on_batch)).await
    }

    async fn load_tasks(
        &self,
        cluster: &str,
        filter: &TaskFilter,
        on_batch: Option<OnBatch<'_, Task>>,
    ) -> ApiResult<Loaded<Task>> {
        let c1 = cluster.to_string();
        let c2 = cluster.to_string();
        let f = filter.clone();
        self.list_and_describe(
            limits::DESCRIBE_TASKS,
            move |api, token| {
                let (c, f) = (c1.clone(), f.clone());
                async move { api.list_tasks(c, f, token).await }
            },
            move |api, arns| {
                let c = c2.clone();
                async move { api.describe_tasks(c, arns).await }
            },
            on_batch,
        )
        .await
    }

    /// One task by ARN (the containers view refreshes just that task).
    pub async fn task(&self, cluster: &str, arn: &str) -> ApiResult<Described<Task>> {
        Self::limited(&self.permits, self.api.describe_tasks(cluster.to_string(), vec![arn.to_string()])).await
    }

    pub async fn container_instances(&self, cluster: &str) -> ApiResult<Loaded<ContainerInstance>> {
        self.load_container_instances(cluster, None).await
    }

    /// [`Loader::container_instances`], handing over each described batch as soon as it is done.
    pub async fn container_instances_with(
        &self,
        cluster: &str,
        on_batch: OnBatch<'_, ContainerInstance>,
    ) -> ApiResult<Loaded<ContainerInstance>> {
        self.load_container_instances(cluster, Some(on_batch)).await
    }

    async fn load_container_instances(
        &self,
        cluster: &str,
        on_batch: Option<OnBatch<'_, ContainerInstance>>,
    ) -> ApiResult<Loaded<ContainerInstance>> {
        let c1 = cluster.to_string();
        let c2 = cluster.to_string();
        self.list_and_describe(
            limits::DESCRIBE_CONTAINER_INSTANCES,
            move |api, token| {
                let c = c1.clone();
                async move { api.list_container_instances(c, token).await }
            },
            move |api, arns| {
                let c = c2.clone();
                async move { api.describe_container_instances(c, arns).await }
            },
            on_batch,
        )
        .await
    }

    /// One task definition (ARN or `family:revision`).
    pub async fn task_definition(&self, task_definition: &str) -> ApiResult<TaskDefinition> {
        Self::limited(&self.permits, self.api.describe_task_definition(task_definition.to_string())).await
    }

    /// Capacity providers by name, in the order named. FARGATE and FARGATE_SPOT are AWS's own:
    /// they are answered without a call (DescribeCapacityProviders has nothing to add about
    /// them, and some endpoints answer them as MISSING). The rest are described
    /// `limits::DESCRIBE_CAPACITY_PROVIDERS` names at a time, every page followed.
    pub async fn capacity_providers(&self, names: &[String]) -> ApiResult<Described<CapacityProvider>> {
        let asked: Vec<String> = names.iter().filter(|n| !CapacityProvider::is_aws_managed(n)).cloned().collect();
        let mut found: Described<CapacityProvider> = Described::default();
        for chunk in asked.chunks(limits::DESCRIBE_CAPACITY_PROVIDERS) {
            let mut token = None;
            loop {
                let call = self.api.describe_capacity_providers(chunk.to_vec(), token);
                let page = Self::limited(&self.permits, call).await?;
                found.items.extend(page.described.items);
                found.failures.extend(page.described.failures);
                token = page.next_token;
                if token.is_none() {
                    break;
                }
            }
        }
        let mut out = Described { items: Vec::new(), failures: found.failures };
        for name in names {
            if CapacityProvider::is_aws_managed(name) {
                out.items.push(CapacityProvider::aws_managed(name));
            } else if let Some(i) = found.items.iter().position(|p| &p.name == name || p.arn.as_ref() == Some(name)) {
                out.items.push(found.items.swap_remove(i));
            }
        }
        // Anything answered that was not asked for by that exact name (an ARN form, say) is kept.
        out.items.extend(found.items);
        Ok(out)
    }

    /// The capacity providers of `cluster` as it is now: DescribeClusters for the names, then
    /// [`Loader::capacity_providers`]. An unknown cluster is a not-found error.
    pub async fn cluster_capacity_providers(&self, cluster: &str) -> ApiResult<Described<CapacityProvider>> {
        let clusters = self.clusters_named(vec![cluster.to_string()]).await?;
        let Some(c) = clusters.items.into_iter().next() else {
            let reason = clusters.failures.first().map_or("MISSING", |f| f.reason.as_str()).to_string();
            return Err(ApiError::new(ErrorKind::NotFound, format!("cluster {cluster}: {reason}")));
        };
        self.capacity_providers(&c.capacity_providers).await
    }

    /// A service's deployments in `statuses` (ECS's status texts; none means all), every page
    /// listed and described in batches of `limits::DESCRIBE_SERVICE_DEPLOYMENTS`, newest first.
    pub async fn service_deployments(
        &self,
        cluster: &str,
        service: &str,
        statuses: &[&str],
    ) -> ApiResult<Described<super::ServiceDeployment>> {
        let statuses: Vec<String> = statuses.iter().map(|s| s.to_string()).collect();
        let mut arns = Vec::new();
        let mut token = None;
        loop {
            let call =
                self.api.list_service_deployments(cluster.to_string(), service.to_string(), statuses.clone(), token);
            let page = Self::limited(&self.permits, call).await?;
            arns.extend(page.arns);
            token = page.next_token;
            if token.is_none() {
                break;
            }
        }
        let mut out = Described::default();
        for chunk in arns.chunks(limits::DESCRIBE_SERVICE_DEPLOYMENTS) {
            let d = Self::limited(&self.permits, self.api.describe_service_deployments(chunk.to_vec())).await?;
            out.items.extend(d.items);
            out.failures.extend(d.failures);
        }
        Ok(out)
    }

    /// Service revisions by ARN (duplicates asked once), described in batches of
    /// `limits::DESCRIBE_SERVICE_REVISIONS` at once under the loader's limit; the answer is in
    /// the order asked, unknown ARNs as failures.
    pub async fn service_revisions(&self, arns: &[String]) -> ApiResult<Described<ServiceRevision>> {
        let mut unique: Vec<String> = Vec::new();
        for a in arns {
            if !unique.contains(a) {
                unique.push(a.clone());
            }
        }
        let calls = unique.chunks(limits::DESCRIBE_SERVICE_REVISIONS).map(|chunk| {
            let call = self.api.describe_service_revisions(chunk.to_vec());
            Self::limited(&self.permits, call)
        });
        let mut out = Described::default();
        for d in futures::future::join_all(calls).await {
            let d = d?;
            out.items.extend(d.items);
            out.failures.extend(d.failures);
        }
        let at = |arn: &str| unique.iter().position(|a| a == arn).unwrap_or(usize::MAX);
        out.items.sort_by_key(|r| at(&r.arn));
        Ok(out)
    }

    /// Clusters (all, or the named ones), each with its services and running tasks. Services
    /// and tasks of every cluster load concurrently; tasks are listed per cluster, not per
    /// service, which is the fewest calls.
    pub async fn fleet(&self, only: Option<Vec<String>>) -> ApiResult<Fleet> {
        let clusters = match only {
            Some(names) => self.clusters_named(names).await?,
            None => self.clusters().await?,
        };
        let mut set: JoinSet<(usize, ApiResult<ClusterContents>)> = JoinSet::new();
        for (idx, c) in clusters.items.iter().enumerate() {
            let loader = self.clone();
            let arn = c.arn.clone();
            set.spawn(async move {
                let filter = TaskFilter::default();
                let (s, t) = tokio::join!(loader.services(&arn), loader.tasks(&arn, &filter));
                (idx, s.and_then(|s| t.map(|t| (s, t))))
            });
        }
        let mut per: Vec<Option<ClusterContents>> = vec![None; clusters.items.len()];
        while let Some(joined) = set.join_next().await {
            let (idx, r) = joined.map_err(loader_task_failed)?;
            per[idx] = Some(r?);
        }
        let mut failures = clusters.failures;
        let mut out = Vec::with_capacity(per.len());
        for (cluster, loaded) in clusters.items.into_iter().zip(per) {
            let (s, t) = loaded
                .unwrap_or((Loaded { items: vec![], failures: vec![] }, Loaded { items: vec![], failures: vec![] }));
            failures.extend(s.failures);
            failures.extend(t.failures);
            out.push(FleetCluster { cluster, services: s.items, tasks: t.items });
        }
        Ok(Fleet { clusters: out, failures })
    }
}

/// A describe task that panicked or was cancelled: reported like any other failed call.
fn loader_task_failed(e: tokio::task::JoinError) -> ApiError {
    ApiError::new(ErrorKind::Other, format!("loader task failed: {e}"))
}

#[cfg(test)]
#[path = "loader_tests.rs"]
mod tests;
