//! The narrow boundary between the console and AWS: one trait per AWS service, bundled in
//! [`Clients`]. The SDK implementations (`aws`), the embedded simulator (`sim`) and test fakes
//! implement them; everything above speaks our model types. Each method is exactly one AWS
//! call, so pagination, batching and concurrency live once, in [`loader`].
pub mod cloudwatch;
pub mod discovery;
pub mod elb;
mod error;
pub mod loader;
mod logs;
pub mod scaling;
mod writes;

pub use cloudwatch::{AlarmPage, CloudWatchApi};
pub use discovery::DiscoveryApi;
pub use elb::ElbApi;
pub use error::{ApiError, ErrorKind};
pub use loader::{Batch, Fleet, FleetCluster, Loaded, Loader};
pub use logs::{
    FilterRequest, LiveTail, LiveTailRequest, LiveTailUpdate, LogGroup, LogGroupPage, LogPage, LogsApi, log_limits,
};
pub use writes::{
    DeploymentAlarms, DeploymentCircuitBreaker, DeploymentRollback, ServiceDeployment, StopType, UpdateService,
};

use crate::exec::{DataKeyProvider, SessionControl};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Failure, ScalableTarget, Service, ServiceRevision, Strategy, Task,
    TaskDefinition, TaskFilter,
};
use async_trait::async_trait;
use std::sync::Arc;

pub type ApiResult<T> = Result<T, ApiError>;

/// AWS limits the loader works within (page sizes and Describe* batch sizes).
pub mod limits {
    pub const LIST_PAGE: usize = 100;
    pub const DESCRIBE_CLUSTERS: usize = 100;
    pub const DESCRIBE_SERVICES: usize = 10;
    pub const DESCRIBE_TASKS: usize = 100;
    pub const DESCRIBE_SERVICE_DEPLOYMENTS: usize = 20;
    pub const DESCRIBE_CONTAINER_INSTANCES: usize = 100;
    /// Names per DescribeCapacityProviders call; its answers come at most
    /// `CAPACITY_PROVIDER_PAGE` to a page, behind `nextToken`.
    pub const DESCRIBE_CAPACITY_PROVIDERS: usize = 100;
    pub const CAPACITY_PROVIDER_PAGE: usize = 10;
    /// ARNs per DescribeServiceRevisions call.
    pub const DESCRIBE_SERVICE_REVISIONS: usize = 20;

    /// Refuses a Describe* batch above its AWS limit, in the words ECS uses. The SDK layer and
    /// the simulator both check with this, so neither splits or truncates a batch behind the
    /// loader's back (the loader never sends one that is too large).
    pub fn check_batch(what: &str, got: usize, max: usize) -> super::ApiResult<()> {
        if got > max {
            let message = format!("{what} cannot have more than {max} elements (got {got})");
            return Err(
                super::ApiError::new(super::ErrorKind::InvalidInput, message).with_code("InvalidParameterException")
            );
        }
        Ok(())
    }
}

/// One page of ARNs from a List* call.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Page {
    pub arns: Vec<String>,
    pub next_token: Option<String>,
}

/// What a Describe* call returned: the objects and the partial `failures[]`.
#[derive(Debug, Clone, PartialEq)]
pub struct Described<T> {
    pub items: Vec<T>,
    pub failures: Vec<Failure>,
}

impl<T> Default for Described<T> {
    fn default() -> Self {
        Self { items: Vec::new(), failures: Vec::new() }
    }
}

/// One page of a Describe* call that pages its answers (DescribeCapacityProviders).
#[derive(Debug, Clone, PartialEq)]
pub struct DescribedPage<T> {
    pub described: Described<T>,
    pub next_token: Option<String>,
}

/// Who and where the console is talking to (header breadcrumbs).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Identity {
    pub account: Option<String>,
    pub arn: Option<String>,
    /// The account's alias (IAM ListAccountAliases), when it has one and the caller may read it.
    pub alias: Option<String>,
}

/// One method per ECS call. Implementations request the largest page AWS allows
/// (`limits::LIST_PAGE`) and never batch more than the `limits::DESCRIBE_*` sizes.
#[async_trait]
pub trait EcsApi: Send + Sync + 'static {
    async fn list_clusters(&self, next_token: Option<String>) -> ApiResult<Page>;
    async fn describe_clusters(&self, arns: Vec<String>) -> ApiResult<Described<Cluster>>;
    async fn list_services(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page>;
    async fn describe_services(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Service>>;
    async fn list_tasks(&self, cluster: String, filter: TaskFilter, next_token: Option<String>) -> ApiResult<Page>;
    async fn describe_tasks(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Task>>;
    /// DescribeTaskDefinition of an ARN or `family:revision` (a bare family means its latest
    /// ACTIVE revision). Revisions never change, so callers may keep the answer forever.
    async fn describe_task_definition(&self, task_definition: String) -> ApiResult<TaskDefinition>;
    /// DescribeCapacityProviders by name or ARN (at most `limits::DESCRIBE_CAPACITY_PROVIDERS`),
    /// one page of at most `limits::CAPACITY_PROVIDER_PAGE` answers. Never asked without
    /// names (that would describe every provider of the account).
    async fn describe_capacity_providers(
        &self,
        names: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>>;
    async fn list_container_instances(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page>;
    /// DescribeContainerInstances of at most `limits::DESCRIBE_CONTAINER_INSTANCES` ARNs.
    async fn describe_container_instances(
        &self,
        cluster: String,
        arns: Vec<String>,
    ) -> ApiResult<Described<ContainerInstance>>;

    // The writes. Each is one call; none is retried by callers (the SDK's own retry of
    // throttled attempts applies to them as to every call, and `sim::retry` mirrors it).

    /// UpdateService: the fields of `request` that are set; answers the service as updated.
    async fn update_service(&self, request: UpdateService) -> ApiResult<Service>;
    /// PutClusterCapacityProviders: replaces the cluster's whole provider list and its default
    /// strategy (ECS has no call that adds one provider).
    async fn put_cluster_capacity_providers(
        &self,
        cluster: String,
        providers: Vec<String>,
        default_strategy: Strategy,
    ) -> ApiResult<Cluster>;
    /// StopTask, with the reason ECS records as `stoppedReason`.
    async fn stop_task(&self, cluster: String, task: String, reason: Option<String>) -> ApiResult<Task>;
    /// ListServiceDeployments of one service, only those in `statuses` (ECS status texts; none
    /// means all), newest first.
    async fn list_service_deployments(
        &self,
        cluster: String,
        service: String,
        statuses: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<Page>;
    /// DescribeServiceDeployments of at most `limits::DESCRIBE_SERVICE_DEPLOYMENTS` ARNs.
    async fn describe_service_deployments(&self, arns: Vec<String>) -> ApiResult<Described<ServiceDeployment>>;
    /// StopServiceDeployment; answers the ARN of the deployment stopped.
    async fn stop_service_deployment(&self, arn: String, stop_type: StopType) -> ApiResult<String>;
    /// DescribeServiceRevisions of at most `limits::DESCRIBE_SERVICE_REVISIONS` ARNs: what each
    /// deployment deployed. Unknown ARNs come back as failures. Revisions never change, so
    /// callers may keep the answers forever.
    async fn describe_service_revisions(&self, arns: Vec<String>) -> ApiResult<Described<ServiceRevision>>;
}

/// STS: who the credentials belong to.
#[async_trait]
pub trait StsApi: Send + Sync + 'static {
    /// GetCallerIdentity (the simulator answers with a fixed demo account).
    async fn identity(&self) -> ApiResult<Identity>;
}

/// IAM: the account's alias, a friendlier name than its id.
#[async_trait]
pub trait IamApi: Send + Sync + 'static {
    /// ListAccountAliases: the account's alias (AWS allows at most one), `None` when it has none.
    async fn account_alias(&self) -> ApiResult<Option<String>>;
}

/// Application Auto Scaling: the range an ECS service's desired count is kept in.
#[async_trait]
pub trait ScalingApi: Send + Sync + 'static {
    /// DescribeScalableTargets of the service `service` in `cluster` (names or ARNs), dimension
    /// `ecs:service:DesiredCount`; `None` when the service is not registered with auto scaling.
    async fn scalable_target(&self, cluster: String, service: String) -> ApiResult<Option<ScalableTarget>>;
    /// DescribeScalingPolicies of one service (dimension `ecs:service:DesiredCount`), one page.
    async fn scaling_policies(
        &self,
        cluster: String,
        service: String,
        next_token: Option<String>,
    ) -> ApiResult<scaling::ScalingPage<crate::model::ScalingPolicy>>;
    /// DescribeScalingActivities of one service, newest first, at most `max` of them, with the
    /// activities that did not scale and why (`IncludeNotScaledActivities`), one page.
    async fn scaling_activities(
        &self,
        cluster: String,
        service: String,
        max: i32,
        next_token: Option<String>,
    ) -> ApiResult<scaling::ScalingPage<crate::model::ScalingActivity>>;
    /// DescribeScalableTargets of namespace `ecs` for the whole region (every service's
    /// desired count target), one page.
    async fn scalable_targets(
        &self,
        next_token: Option<String>,
    ) -> ApiResult<scaling::ScalingPage<crate::model::ServiceTarget>>;
}

/// One client per AWS service the console talks to, as built by `connect` for a profile and
/// region (or by the simulator). Cheap to clone. CloudWatch, CloudWatch Logs and ELBv2 traits
/// join this bundle later, one field each.
#[derive(Clone)]
pub struct Clients {
    pub ecs: Arc<dyn EcsApi>,
    pub sts: Arc<dyn StsApi>,
    /// `iam:ListAccountAliases` for the account's alias.
    pub iam: Arc<dyn IamApi>,
    /// `application-autoscaling:DescribeScalableTargets` for a service's scaling range.
    pub scaling: Arc<dyn ScalingApi>,
    /// `ssm:ResumeSession` / `TerminateSession` for exec sessions.
    pub ssm: Arc<dyn SessionControl>,
    /// `kms:GenerateDataKey` for encrypted exec sessions.
    pub kms: Arc<dyn DataKeyProvider>,
    /// CloudWatch Logs (`logs:StartLiveTail`, `logs:FilterLogEvents`, …) for log tails.
    pub logs: Arc<dyn LogsApi>,
    /// `cloudwatch:DescribeAlarms`, `DescribeAlarmHistory`, `GetMetricData`.
    pub cloudwatch: Arc<dyn CloudWatchApi>,
    /// `servicediscovery:GetService` / `GetNamespace`: the names of a service's registries.
    pub discovery: Arc<dyn DiscoveryApi>,
    /// `elasticloadbalancing:DescribeTargetGroups` / `DescribeTargetHealth`: a service's targets.
    pub elb: Arc<dyn ElbApi>,
}
