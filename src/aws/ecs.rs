//! [`EcsApi`] over the AWS SDK: one SDK call per method, largest pages, and Describe* batches
//! within the AWS limits (a larger one is refused, never split: the loader does the batching).
use super::convert;
use super::errors::Origin;
use crate::api::{ApiResult, Described, EcsApi, Page, limits};
use crate::model::{Cluster, Service, Task, TaskFilter, TaskStatusFilter};
use async_trait::async_trait;
use aws_sdk_ecs::types::{ClusterField, DesiredStatus, ServiceField, TaskField};

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
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// docs/iam.md's policy grants exactly the actions this file calls: no more (permissions
    /// for features that do not exist yet belong in its "Not used yet" part), no fewer.
    #[test]
    fn the_iam_policy_in_the_docs_matches_the_calls_made() {
        // The console's calls: ECS here, the caller identity in sts.rs (exec's SSM and KMS calls
        // are not made by the console yet).
        let called: BTreeSet<&str> = [include_str!("ecs.rs"), include_str!("sts.rs")]
            .into_iter()
            .flat_map(|source| source.split(".error(\"").skip(1).filter_map(|rest| rest.split('"').next()))
            .filter(|action| action.contains(':'))
            .collect();
        assert_eq!(called.len(), 7, "{called:?}");

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
    }
}
