//! [`EcsApi`] over the AWS SDK: one SDK call per method, largest pages, and Describe* batches
//! within the AWS limits (a larger one is refused, never split: the loader does the batching).
use super::convert;
use super::errors::Origin;
use super::errors::incomplete_answer;
use crate::api::{
    ApiResult, Described, DescribedPage, EcsApi, Page, ServiceDeployment, StopType, UpdateService, limits,
};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, Service, ServiceRevision, Strategy, Task, TaskDefinition, TaskFilter,
    TaskStatusFilter,
};
use async_trait::async_trait;
use aws_sdk_ecs::types::{ClusterField, DesiredStatus, ServiceField, StopServiceDeploymentStopType, TaskField};

const PAGE: i32 = limits::LIST_PAGE as i32;

pub struct SdkEcs {
    ecs: aws_sdk_ecs::Client,
    origin: Origin,
}

impl SdkEcs {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self { ecs: aws_sdk_ecs::Client::new(config), origin: Origin::of("ecs", config, profile) }
    }

    /// For callers that build their own client (tests add interceptors or mock rules).
    pub fn from_client(ecs: aws_sdk_ecs::Client, profile: Option<String>) -> Self {
        let origin = Origin::new("ecs", None, ecs.config().region().map(|r| r.as_ref()), profile);
        Self { ecs, origin }
    }

    /// Where calls go: the endpoint URL override, or the regional ECS host.
    pub fn endpoint(&self) -> &str {
        &self.origin.endpoint
    }
}

fn page(arns: &[String], next_token: Option<&str>) -> Page {
    Page { arns: arns.to_vec(), next_token: next_token.filter(|t| !t.is_empty()).map(str::to_string) }
}

#[async_trait]
impl EcsApi for SdkEcs {
    async fn list_clusters(&self, next_token: Option<String>) -> ApiResult<Page> {
        let out = self
            .ecs
            .list_clusters()
            .max_results(PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:ListClusters", e))?;
        Ok(page(out.cluster_arns(), out.next_token()))
    }

    async fn describe_clusters(&self, arns: Vec<String>) -> ApiResult<Described<Cluster>> {
        limits::check_batch("Clusters", arns.len(), limits::DESCRIBE_CLUSTERS)?;
        let mut d = Described::default();
        // No names means no call: DescribeClusters without names describes the `default` cluster.
        if !arns.is_empty() {
            let out = self
                .ecs
                .describe_clusters()
                .set_clusters(Some(arns))
                .include(ClusterField::Configurations)
                .include(ClusterField::Settings)
                .include(ClusterField::Statistics)
                .include(ClusterField::Tags)
                .send()
                .await
                .map_err(|e| self.origin.error("ecs:DescribeClusters", e))?;
            d.items.extend(out.clusters().iter().map(convert::cluster));
            d.failures.extend(convert::failures(out.failures()));
        }
        Ok(d)
    }

    async fn list_services(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        let out = self
            .ecs
            .list_services()
            .cluster(cluster)
            .max_results(PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:ListServices", e))?;
        Ok(page(out.service_arns(), out.next_token()))
    }

    async fn describe_services(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Service>> {
        limits::check_batch("Services", arns.len(), limits::DESCRIBE_SERVICES)?;
        // Nothing to describe is no call (the answer is known).
        if arns.is_empty() {
            return Ok(Described::default());
        }
        let out = self
            .ecs
            .describe_services()
            .cluster(cluster)
            .set_services(Some(arns))
            .include(ServiceField::Tags)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeServices", e))?;
        Ok(Described {
            items: out.services().iter().map(convert::service).collect(),
            failures: convert::failures(out.failures()),
        })
    }

    async fn list_tasks(&self, cluster: String, filter: TaskFilter, next_token: Option<String>) -> ApiResult<Page> {
        let status = match filter.status {
            TaskStatusFilter::Running => DesiredStatus::Running,
            TaskStatusFilter::Stopped => DesiredStatus::Stopped,
        };
        let out = self
            .ecs
            .list_tasks()
            .cluster(cluster)
            .set_service_name(filter.service)
            .desired_status(status)
            .max_results(PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:ListTasks", e))?;
        Ok(page(out.task_arns(), out.next_token()))
    }

    async fn describe_tasks(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Task>> {
        limits::check_batch("Tasks", arns.len(), limits::DESCRIBE_TASKS)?;
        // Nothing to describe is no call (the answer is known).
        if arns.is_empty() {
            return Ok(Described::default());
        }
        let out = self
            .ecs
            .describe_tasks()
            .cluster(cluster)
            .set_tasks(Some(arns))
            .include(TaskField::Tags)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeTasks", e))?;
        Ok(Described {
            items: out.tasks().iter().map(convert::task).collect(),
            failures: convert::failures(out.failures()),
        })
    }

    async fn describe_task_definition(&self, task_definition: String) -> ApiResult<TaskDefinition> {
        let out = self
            .ecs
            .describe_task_definition()
            .task_definition(task_definition)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeTaskDefinition", e))?;
        out.task_definition()
            .map(convert::task_definition)
            .ok_or_else(|| incomplete_answer("ecs:DescribeTaskDefinition", "taskDefinition"))
    }

    async fn describe_capacity_providers(
        &self,
        names: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<DescribedPage<CapacityProvider>> {
        limits::check_batch("CapacityProviders", names.len(), limits::DESCRIBE_CAPACITY_PROVIDERS)?;
        // No names means no call: without names ECS describes every provider of the account.
        if names.is_empty() {
            return Ok(DescribedPage { described: Described::default(), next_token: None });
        }
        let out = self
            .ecs
            .describe_capacity_providers()
            .set_capacity_providers(Some(names))
            .max_results(limits::CAPACITY_PROVIDER_PAGE as i32)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeCapacityProviders", e))?;
        Ok(DescribedPage {
            described: Described {
                items: out.capacity_providers().iter().map(convert::capacity_provider).collect(),
                failures: convert::failures(out.failures()),
            },
            next_token: out.next_token().filter(|t| !t.is_empty()).map(str::to_string),
        })
    }

    async fn list_container_instances(&self, cluster: String, next_token: Option<String>) -> ApiResult<Page> {
        let out = self
            .ecs
            .list_container_instances()
            .cluster(cluster)
            .max_results(PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:ListContainerInstances", e))?;
        Ok(page(out.container_instance_arns(), out.next_token()))
    }

    async fn describe_container_instances(
        &self,
        cluster: String,
        arns: Vec<String>,
    ) -> ApiResult<Described<ContainerInstance>> {
        limits::check_batch("ContainerInstances", arns.len(), limits::DESCRIBE_CONTAINER_INSTANCES)?;
        if arns.is_empty() {
            return Ok(Described::default());
        }
        let out = self
            .ecs
            .describe_container_instances()
            .cluster(cluster)
            .set_container_instances(Some(arns))
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeContainerInstances", e))?;
        Ok(Described {
            items: out.container_instances().iter().map(convert::container_instance).collect(),
            failures: convert::failures(out.failures()),
        })
    }

    async fn update_service(&self, request: UpdateService) -> ApiResult<Service> {
        let strategy = request.capacity_provider_strategy.as_ref().map(convert::strategy_items).transpose()?;
        let out = self
            .ecs
            .update_service()
            .cluster(request.cluster)
            .service(request.service)
            .set_desired_count(request.desired_count)
            .set_capacity_provider_strategy(strategy)
            .set_force_new_deployment(request.force_new_deployment)
            .set_enable_execute_command(request.enable_execute_command)
            .set_task_definition(request.task_definition)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:UpdateService", e))?;
        out.service().map(convert::service).ok_or_else(|| incomplete_answer("ecs:UpdateService", "service"))
    }

    async fn put_cluster_capacity_providers(
        &self,
        cluster: String,
        providers: Vec<String>,
        default_strategy: Strategy,
    ) -> ApiResult<Cluster> {
        let strategy = convert::strategy_items(&default_strategy)?;
        // Both lists are required by the API, empty or not (empty clears them).
        let out = self
            .ecs
            .put_cluster_capacity_providers()
            .cluster(cluster)
            .set_capacity_providers(Some(providers))
            .set_default_capacity_provider_strategy(Some(strategy))
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:PutClusterCapacityProviders", e))?;
        out.cluster()
            .map(convert::cluster)
            .ok_or_else(|| incomplete_answer("ecs:PutClusterCapacityProviders", "cluster"))
    }

    async fn stop_task(&self, cluster: String, task: String, reason: Option<String>) -> ApiResult<Task> {
        let out = self
            .ecs
            .stop_task()
            .cluster(cluster)
            .task(task)
            .set_reason(reason)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:StopTask", e))?;
        out.task().map(convert::task).ok_or_else(|| incomplete_answer("ecs:StopTask", "task"))
    }

    async fn list_service_deployments(
        &self,
        cluster: String,
        service: String,
        statuses: Vec<String>,
        next_token: Option<String>,
    ) -> ApiResult<Page> {
        let statuses = (!statuses.is_empty()).then(|| convert::deployment_statuses(&statuses));
        let out = self
            .ecs
            .list_service_deployments()
            .cluster(cluster)
            .service(service)
            .set_status(statuses)
            .max_results(PAGE)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:ListServiceDeployments", e))?;
        let arns: Vec<String> =
            out.service_deployments().iter().filter_map(|d| d.service_deployment_arn().map(str::to_string)).collect();
        Ok(page(&arns, out.next_token()))
    }

    async fn describe_service_deployments(&self, arns: Vec<String>) -> ApiResult<Described<ServiceDeployment>> {
        limits::check_batch("ServiceDeploymentArns", arns.len(), limits::DESCRIBE_SERVICE_DEPLOYMENTS)?;
        if arns.is_empty() {
            return Ok(Described::default());
        }
        let out = self
            .ecs
            .describe_service_deployments()
            .set_service_deployment_arns(Some(arns))
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeServiceDeployments", e))?;
        Ok(Described {
            items: out.service_deployments().iter().map(convert::service_deployment).collect(),
            failures: convert::failures(out.failures()),
        })
    }

    async fn stop_service_deployment(&self, arn: String, stop_type: StopType) -> ApiResult<String> {
        let out = self
            .ecs
            .stop_service_deployment()
            .service_deployment_arn(&arn)
            .stop_type(StopServiceDeploymentStopType::from(stop_type.as_str()))
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:StopServiceDeployment", e))?;
        Ok(out.service_deployment_arn().map(str::to_string).unwrap_or(arn))
    }

    async fn describe_service_revisions(&self, arns: Vec<String>) -> ApiResult<Described<ServiceRevision>> {
        limits::check_batch("ServiceRevisionArns", arns.len(), limits::DESCRIBE_SERVICE_REVISIONS)?;
        if arns.is_empty() {
            return Ok(Described::default());
        }
        let out = self
            .ecs
            .describe_service_revisions()
            .set_service_revision_arns(Some(arns))
            .send()
            .await
            .map_err(|e| self.origin.error("ecs:DescribeServiceRevisions", e))?;
        Ok(Described {
            items: out.service_revisions().iter().map(convert::service_revision).collect(),
            failures: convert::failures(out.failures()),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// The calls the boundary implements but no key or command makes yet: docs/iam.md lists
    /// them under "Not used yet", outside the policy, until a feature calls them.
    const NOT_CALLED_YET: [&str; 0] = [];

    /// docs/iam.md's policy grants exactly the actions the console calls: no more (permissions
    /// for features that do not exist yet belong in its "Not used yet" part), no fewer.
    #[test]
    fn the_iam_policy_in_the_docs_matches_the_calls_made() {
        // The console's calls: ECS here, the caller identity in sts.rs and its alias in iam.rs,
        // scaling targets in scaling.rs, log tails in logs.rs, alarms and metrics in
        // cloudwatch.rs, service registries' names in discovery.rs (exec's SSM and KMS calls are
        // not made by the console yet), target health in elb.rs.
        let sources = [
            include_str!("ecs.rs"),
            include_str!("sts.rs"),
            include_str!("iam.rs"),
            include_str!("scaling.rs"),
            include_str!("logs.rs"),
            include_str!("cloudwatch.rs"),
            include_str!("discovery.rs"),
            include_str!("elb.rs"),
        ];
        let mut called: BTreeSet<&str> = sources
            .into_iter()
            .flat_map(|source| source.split(".error(\"").skip(1).filter_map(|rest| rest.split('"').next()))
            .filter(|action| action.contains(':'))
            .collect();
        for action in NOT_CALLED_YET {
            assert!(called.remove(action), "{action} is implemented in aws/");
        }
        assert_eq!(called.len(), 32, "{called:?}");

        let doc = include_str!("../../docs/iam.md");
        let start = doc.find("```json\n").map(|i| i + "```json\n".len()).expect("a policy in docs/iam.md");
        let len = doc[start..].find("```").expect("closed block");
        let policy: serde_json::Value = serde_json::from_str(&doc[start..start + len]).expect("the policy is JSON");
        let mut granted = BTreeSet::new();
        for statement in policy["Statement"].as_array().expect("statements") {
            match &statement["Action"] {
                serde_json::Value::String(a) => {
                    granted.insert(a.as_str());
                }
                serde_json::Value::Array(list) => granted.extend(list.iter().filter_map(|a| a.as_str())),
                other => panic!("unexpected Action: {other}"),
            }
        }
        assert_eq!(granted, called);
        let later = &doc[doc.find("## Not used yet").expect("a \"Not used yet\" part")..];
        for action in NOT_CALLED_YET {
            assert!(later.contains(&format!("`{action}`")), "{action} is listed under \"Not used yet\"");
        }
    }
}
