//! Complete, pipelined loading on top of [`EcsApi`]: every List* is followed to its last page,
//! each page's ARNs are described in AWS-sized batches while the next page is being listed, and
//! every call (list or describe) waits for one of a bounded number of permits, so a large
//! account loads in about the time of its chain of dependent calls without a throttling storm.
use super::{ApiResult, Described, EcsApi, limits};
use crate::model::{Cluster, Failure, Service, Task, TaskFilter};
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

/// A cluster's services and running tasks, as loaded.
type ClusterContents = (Loaded<Service>, Loaded<Task>);

#[derive(Clone)]
pub struct Loader {
    api: Arc<dyn EcsApi>,
    permits: Arc<Semaphore>,
    /// Describe batches also take one of these, which are fewer than `permits`: the list
    /// chains (the critical path) never queue behind a wall of describes.
    describe_permits: Arc<Semaphore>,
}

impl Loader {
    pub fn new(api: Arc<dyn EcsApi>, concurrency: usize) -> Self {
        let concurrency = concurrency.max(1);
        let reserved_for_lists = if concurrency > 2 { 2 } else { 0 };
        Self {
            api,
            permits: Arc::new(Semaphore::new(concurrency)),
            describe_permits: Arc::new(Semaphore::new(concurrency - reserved_for_lists)),
        }
    }

    pub fn api(&self) -> &Arc<dyn EcsApi> {
        &self.api
    }

    async fn limited<T>(permits: &Semaphore, call: impl Future<Output = T>) -> T {
        // The semaphore is never closed, so acquire cannot fail; fall through unlimited if it did.
        let _permit = permits.acquire().await.ok();
        call.await
    }

    /// Follow a List* call to its end, describing each page's ARNs in batches of `batch` as
    /// soon as the page arrives.
    async fn list_and_describe<T, L, LF, D, DF>(&self, batch: usize, list: L, describe: D) -> ApiResult<Loaded<T>>
    where
        T: Send + 'static,
        L: Fn(Arc<dyn EcsApi>, Option<String>) -> LF,
        LF: Future<Output = ApiResult<super::Page>>,
        D: Fn(Arc<dyn EcsApi>, Vec<String>) -> DF,
        DF: Future<Output = ApiResult<Described<T>>> + Send + 'static,
    {
        let mut batches: JoinSet<(usize, ApiResult<Described<T>>)> = JoinSet::new();
        let mut next_batch = 0usize;
        let mut token: Option<String> = None;
        loop {
            let page = Self::limited(&self.permits, list(self.api.clone(), token.take())).await?;
            for chunk in page.arns.chunks(batch) {
                let call = describe(self.api.clone(), chunk.to_vec());
                let permits = self.permits.clone();
                let describe_permits = self.describe_permits.clone();
                let idx = next_batch;
                next_batch += 1;
                batches.spawn(async move {
                    let _describe = describe_permits.acquire().await.ok();
                    (idx, Self::limited(&permits, call).await)
                });
            }
            match page.next_token {
                Some(t) if !t.is_empty() => token = Some(t),
                _ => break,
            }
        }
        let mut done: Vec<(usize, Described<T>)> = Vec::with_capacity(next_batch);
        while let Some(joined) = batches.join_next().await {
            let (idx, result) = joined
                .map_err(|e| super::ApiError::new(super::ErrorKind::Other, format!("loader task failed: {e}")))?;
            done.push((idx, result?));
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
        self.list_and_describe(
            limits::DESCRIBE_CLUSTERS,
            |api, token| async move { api.list_clusters(token).await },
            |api, arns| async move { api.describe_clusters(arns).await },
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
        )
        .await
    }

    pub async fn tasks(&self, cluster: &str, filter: &TaskFilter) -> ApiResult<Loaded<Task>> {
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
        )
        .await
    }

    /// One task by ARN (the containers view refreshes just that task).
    pub async fn task(&self, cluster: &str, arn: &str) -> ApiResult<Described<Task>> {
        Self::limited(&self.permits, self.api.describe_tasks(cluster.to_string(), vec![arn.to_string()])).await
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
            let (idx, r) = joined
                .map_err(|e| super::ApiError::new(super::ErrorKind::Other, format!("loader task failed: {e}")))?;
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
