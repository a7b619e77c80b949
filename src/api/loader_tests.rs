//! Progressive loading: batches are handed over while the listing goes on, in whatever order
//! they finish, with running counts; the final result stays in list order.
use super::*;
use crate::api::{DescribedPage, Page, ServiceDeployment, StopType, UpdateService};
use crate::model::{CapacityProvider, ContainerInstance, ServiceRevision};
use crate::sim::{SimOptions, Simulator};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::Duration;
use tokio::sync::watch;

/// Long enough for any healthy run; a loader that withholds batches until the end never
/// opens the gates and fails here instead of hanging.
const DEADLINE: Duration = Duration::from_secs(10);

/// One cluster's services, in pages of 100, with gates that hold calls until a batch has been
/// handed over.
#[derive(Default)]
struct Gated {
    names: Vec<String>,
    /// Described as `failures[]` (MISSING).
    missing: Vec<String>,
    calls: Mutex<BTreeMap<&'static str, usize>>,
    /// List pages after the first wait until this is true.
    hold_later_pages: Option<watch::Receiver<bool>>,
    /// The describe of the batch holding this name waits until the gate is true.
    hold_batch_of: Option<(String, watch::Receiver<bool>)>,
}

impl Gated {
    fn new(n: usize) -> Self {
        Self { names: (0..n).map(|i| format!("svc-{i:03}")).collect(), ..Self::default() }
    }

    fn count(&self, op: &'static str) {
        *self.calls.lock().unwrap_or_else(|e| e.into_inner()).entry(op).or_default() += 1;
    }

    fn calls(&self) -> BTreeMap<&'static str, usize> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

async fn opened(gate: &watch::Receiver<bool>) {
    let mut gate = gate.clone();
    // A closed gate (sender gone) never opens; the test's deadline reports it.
    if gate.wait_for(|open| *open).await.is_err() {
        std::future::pending::<()>().await;
    }
}

#[async_trait::async_trait]
impl EcsApi for Gated {
    async fn list_clusters(&self, _: Option<String>) -> ApiResult<Page> {
        Ok(Page::default())
    }

    async fn describe_clusters(&self, _: Vec<String>) -> ApiResult<Described<Cluster>> {
        Ok(Described::default())
    }

    async fn list_services(&self, _: String, next_token: Option<String>) -> ApiResult<Page> {
        self.count("ListServices");
        let from: usize = next_token.as_deref().map_or(0, |t| t.parse().expect("our own token"));
        if from > 0
            && let Some(gate) = &self.hold_later_pages
        {
            opened(gate).await;
        }
        let to = (from + limits::LIST_PAGE).min(self.names.len());
        let next_token = (to < self.names.len()).then(|| to.to_string());
        Ok(Page { arns: self.names[from..to].to_vec(), next_token })
    }

    async fn describe_services(&self, _: String, arns: Vec<String>) -> ApiResult<Described<Service>> {
        self.count("DescribeServices");
        assert!(arns.len() <= limits::DESCRIBE_SERVICES, "the loader sent an oversize batch");
        if let Some((name, gate)) = &self.hold_batch_of
            && arns.contains(name)
        {
            opened(gate).await;
        }
        let mut d = Described::default();
        for arn in arns {
            if self.missing.contains(&arn) {
                d.failures.push(Failure { arn, reason: "MISSING".into(), detail: None });
            } else {
                d.items.push(Service { name: arn.clone(), arn, ..Service::default() });
            }
        }
        Ok(d)
    }

    async fn list_tasks(&self, _: String, _: TaskFilter, _: Option<String>) -> ApiResult<Page> {
        Ok(Page::default())
    }

    async fn describe_tasks(&self, _: String, _: Vec<String>) -> ApiResult<Described<Task>> {
        Ok(Described::default())
    }

    async fn describe_task_definition(&self, _: String) -> ApiResult<crate::model::TaskDefinition> {
        Err(no_writes())
    }

    /// Pages of `CAPACITY_PROVIDER_PAGE` over the names asked for; `missing` ones are failures.
    async fn describe_capacity_providers(
        &self,
        names: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>> {
        self.count("DescribeCapacityProviders");
        limits::check_batch("CapacityProviders", names.len(), limits::DESCRIBE_CAPACITY_PROVIDERS)?;
        assert!(names.iter().all(|n| !CapacityProvider::is_aws_managed(n)), "asked about a Fargate provider");
        let from: usize = next_token.as_deref().map_or(0, |t| t.parse().expect("our own token"));
        let to = (from + limits::CAPACITY_PROVIDER_PAGE).min(names.len());
        let mut described = Described::default();
        for n in &names[from..to] {
            if self.missing.contains(n) {
                described.failures.push(Failure { arn: n.clone(), reason: "MISSING".into(), detail: None });
            } else {
                described.items.push(CapacityProvider {
                    name: n.clone(),
                    status: "ACTIVE".into(),
                    ..Default::default()
                });
            }
        }
        Ok(DescribedPage { described, next_token: (to < names.len()).then(|| to.to_string()) })
    }

    /// The same names as the services, listed as container instances.
    async fn list_container_instances(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        self.count("ListContainerInstances");
        let page = self.list_services(cluster, next_token).await;
        // Not counted twice.
        *self.calls.lock().unwrap_or_else(|e| e.into_inner()).entry("ListServices").or_default() -= 1;
        page
    }

    async fn describe_container_instances(
        &self,
        _: String,
        arns: Vec<String>,
    ) -> ApiResult<Described<ContainerInstance>> {
        self.count("DescribeContainerInstances");
        limits::check_batch("ContainerInstances", arns.len(), limits::DESCRIBE_CONTAINER_INSTANCES)?;
        Ok(Described {
            items: arns
                .into_iter()
                .map(|arn| ContainerInstance { arn, status: "ACTIVE".into(), ..Default::default() })
                .collect(),
            failures: vec![],
        })
    }

    async fn update_service(&self, _: UpdateService) -> ApiResult<Service> {
        Err(no_writes())
    }

    async fn put_cluster_capacity_providers(
        &self,
        _: String,
        _: Vec<String>,
        _: crate::model::Strategy,
    ) -> ApiResult<Cluster> {
        Err(no_writes())
    }

    async fn stop_task(&self, _: String, _: String, _: Option<String>) -> ApiResult<Task> {
        Err(no_writes())
    }

    async fn list_service_deployments(
        &self,
        _: String,
        _: String,
        _: Vec<String>,
        _: Option<String>,
    ) -> ApiResult<Page> {
        Err(no_writes())
    }

    async fn describe_service_deployments(&self, _: Vec<String>) -> ApiResult<Described<ServiceDeployment>> {
        Err(no_writes())
    }

    async fn stop_service_deployment(&self, _: String, _: StopType) -> ApiResult<String> {
        Err(no_writes())
    }

    /// Each ARN as a revision of `family:N` where N is its position in `names`; `missing`
    /// ones are failures.
    async fn describe_service_revisions(&self, arns: Vec<String>) -> ApiResult<Described<ServiceRevision>> {
        self.count("DescribeServiceRevisions");
        limits::check_batch("ServiceRevisionArns", arns.len(), limits::DESCRIBE_SERVICE_REVISIONS)?;
        let mut d = Described::default();
        for arn in arns {
            if self.missing.contains(&arn) {
                d.failures.push(Failure { arn, reason: "MISSING".into(), detail: None });
            } else {
                d.items.push(ServiceRevision {
                    task_definition: format!("family:{}", arn.len()),
                    arn,
                    ..Default::default()
                });
            }
        }
        Ok(d)
    }
}

/// The loader only reads; a call it should never make fails loudly.
fn no_writes() -> ApiError {
    ApiError::new(ErrorKind::Other, "the loader made a call it never makes")
}

/// What a progressive load handed over, in order of arrival.
type Seen<T> = Arc<Mutex<Vec<Batch<T>>>>;

/// Collects what a progressive load hands over.
fn recorder<T: Send + 'static>() -> (Seen<T>, impl Fn(Batch<T>) + Send + Sync) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |b| sink.lock().unwrap_or_else(|e| e.into_inner()).push(b))
}

fn taken<T>(seen: &Mutex<Vec<Batch<T>>>) -> Vec<Batch<T>> {
    std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()))
}

/// `described` and `listed` only grow, `described` by exactly the batch's objects, and never
/// passes `listed`; the last batch reports the totals.
fn assert_counts<T>(batches: &[Batch<T>], total: usize) {
    let mut described = 0;
    let mut listed = 0;
    for b in batches {
        described += b.items.len() + b.failures.len();
        assert_eq!(b.described, described, "described counts this batch in");
        assert!(b.listed >= listed && b.listed >= b.described, "listed {} after {listed}", b.listed);
        listed = b.listed;
    }
    let last = batches.last().expect("at least one batch");
    assert_eq!((last.described, last.listed, last.listing_done), (total, total, true));
}

#[tokio::test]
async fn batches_arrive_while_the_list_goes_on() {
    let (open, gate) = watch::channel(false);
    let mut api = Gated::new(250);
    api.missing = vec!["svc-013".into()];
    api.hold_later_pages = Some(gate);
    let api = Arc::new(api);
    let (seen, record) = recorder::<Service>();
    // The second page is only listed once a batch has been handed over: a loader that waits
    // for the whole list before delivering anything never gets there.
    let on_batch = move |b: Batch<Service>| {
        record(b);
        open.send_replace(true);
    };
    let loader = Loader::new(api.clone(), 8);
    let loaded = tokio::time::timeout(DEADLINE, loader.services_with("c", &on_batch))
        .await
        .expect("a batch was handed over before the listing finished")
        .expect("loads");

    let batches = taken(&seen);
    assert_eq!(batches.len(), 25, "250 services in batches of 10");
    let first = &batches[0];
    assert_eq!((first.listed, first.listing_done), (100, false), "the first page only");
    assert_eq!(first.described, 10);
    assert_counts(&batches, 250);
    assert_eq!(batches.iter().map(|b| b.items.len()).sum::<usize>(), 249);
    assert_eq!(batches.iter().flat_map(|b| &b.failures).map(|f| f.arn.as_str()).collect::<Vec<_>>(), ["svc-013"]);

    let names: Vec<&str> = loaded.items.iter().map(|s| s.name.as_str()).collect();
    let want: Vec<&str> = api.names.iter().map(String::as_str).filter(|n| *n != "svc-013").collect();
    assert_eq!(names, want, "the final result is in list order");
    assert_eq!(loaded.failures.len(), 1);
    assert_eq!(api.calls(), BTreeMap::from([("DescribeServices", 25), ("ListServices", 3)]), "the fewest calls");
}

#[tokio::test]
async fn a_late_first_batch_still_ends_up_first() {
    let (open, gate) = watch::channel(false);
    let mut api = Gated::new(30);
    api.hold_batch_of = Some(("svc-000".into(), gate));
    let api = Arc::new(api);
    let (seen, record) = recorder::<Service>();
    // The first batch is held until another one has been handed over.
    let on_batch = move |b: Batch<Service>| {
        record(b);
        open.send_replace(true);
    };
    let loaded = tokio::time::timeout(DEADLINE, Loader::new(api.clone(), 8).services_with("c", &on_batch))
        .await
        .expect("later batches were handed over first")
        .expect("loads");

    let batches = taken(&seen);
    assert_eq!(batches.len(), 3);
    assert_ne!(batches[0].items[0].name, "svc-000", "delivered as finished, not in list order");
    assert_eq!(batches.last().map(|b| b.items[0].name.as_str()), Some("svc-000"));
    assert_counts(&batches, 30);
    let names: Vec<&str> = loaded.items.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, api.names.iter().map(String::as_str).collect::<Vec<_>>());
}

fn frozen() -> SimOptions {
    SimOptions { speed: 0.0, ..SimOptions::default() }
}

#[tokio::test]
async fn tasks_and_clusters_come_in_counted_batches() {
    let sim = Arc::new(Simulator::synthetic(frozen(), 3, 5, 250));
    let loader = Loader::new(sim.clone(), 8);

    let (seen, record) = recorder::<Task>();
    let tasks = loader.tasks_with("load-02", &TaskFilter::default(), &record).await.expect("tasks load");
    let batches = taken(&seen);
    assert_eq!(batches.len(), 3, "pages of 100, 100 and 50, one describe each");
    assert_counts(&batches, 250);
    let mut arns: Vec<&str> = batches.iter().flat_map(|b| &b.items).map(|t| t.arn.as_str()).collect();
    arns.sort_unstable();
    let mut all: Vec<&str> = tasks.items.iter().map(|t| t.arn.as_str()).collect();
    all.sort_unstable();
    assert_eq!(arns, all, "every task handed over exactly once");

    let (seen, record) = recorder::<Cluster>();
    let clusters = loader.clusters_with(&record).await.expect("clusters load");
    let batches = taken(&seen);
    assert_eq!(batches.len(), 1);
    assert_counts(&batches, 3);
    assert_eq!(batches[0].items, clusters.items);
}

#[tokio::test]
async fn the_plain_loads_equal_the_progressive_ones() {
    let sim = Arc::new(Simulator::synthetic(frozen(), 1, 40, 120));
    let loader = Loader::new(sim.clone(), 8);
    let ignore = |_: Batch<Service>| {};
    assert_eq!(loader.services("load-01").await, loader.services_with("load-01", &ignore).await);
}

#[tokio::test]
async fn container_instances_come_in_three_pages_and_three_batches() {
    let api = Arc::new(Gated::new(250));
    let loader = Loader::new(api.clone(), 8);
    let (seen, record) = recorder::<ContainerInstance>();
    let loaded = tokio::time::timeout(DEADLINE, loader.container_instances_with("batch", &record))
        .await
        .expect("in time")
        .expect("instances load");
    let calls = api.calls();
    assert_eq!(calls.get("ListContainerInstances"), Some(&3), "pages of 100, 100 and 50");
    assert_eq!(calls.get("DescribeContainerInstances"), Some(&3), "one describe of at most 100 per page");
    assert_eq!(calls.get("ListServices").copied().unwrap_or(0), 0);
    let batches = taken(&seen);
    assert_eq!(batches.len(), 3);
    assert_counts(&batches, 250);
    let arns: Vec<&str> = loaded.items.iter().map(|i| i.arn.as_str()).collect();
    assert_eq!(arns, api.names.iter().map(String::as_str).collect::<Vec<_>>(), "in list order");
    assert_eq!(loader.container_instances("batch").await.map(|l| l.items.len()), Ok(250));
}

#[tokio::test]
async fn capacity_providers_skip_fargate_and_follow_every_page() {
    let api = Arc::new(Gated { missing: vec!["gone".into()], ..Gated::default() });
    let loader = Loader::new(api.clone(), 4);
    let mut names: Vec<String> = vec!["FARGATE".into(), "FARGATE_SPOT".into()];
    names.extend((0..23).map(|i| format!("asg-{i:02}")));
    names.push("gone".into());
    let d = loader.capacity_providers(&names).await.expect("providers");
    assert_eq!(api.calls().get("DescribeCapacityProviders"), Some(&3), "24 names in pages of 10");
    let got: Vec<&str> = d.items.iter().map(|p| p.name.as_str()).collect();
    let want: Vec<&str> = names.iter().map(String::as_str).filter(|n| *n != "gone").collect();
    assert_eq!(got, want, "in the order the cluster names them, Fargate's own included");
    assert!(d.items[..2].iter().all(|p| p.status == "ACTIVE" && p.auto_scaling_group.is_none()));
    assert_eq!(d.failures.iter().map(|f| f.arn.as_str()).collect::<Vec<_>>(), ["gone"]);

    // Only Fargate: nothing to ask.
    let before = api.calls().get("DescribeCapacityProviders").copied();
    let only = loader.capacity_providers(&["FARGATE".to_string()]).await.expect("fargate");
    assert_eq!(only.items, [CapacityProvider::aws_managed("FARGATE")]);
    assert_eq!(api.calls().get("DescribeCapacityProviders").copied(), before, "no call for AWS's own providers");
}
