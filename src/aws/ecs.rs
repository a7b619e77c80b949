//! [`EcsApi`] over the AWS SDK: one SDK call per method, largest pages, AWS batch sizes.
use super::convert;
use super::errors::{CallContext, from_sdk_error};
use crate::api::{ApiError, ApiResult, Described, EcsApi, Identity, Page, limits};
use crate::model::{Cluster, Service, Task, TaskFilter, TaskStatusFilter};
use async_trait::async_trait;
use aws_sdk_ecs::types::{ClusterField, DesiredStatus, ServiceField, TaskField};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

const PAGE: i32 = limits::LIST_PAGE as i32;

pub struct SdkEcs {
    ecs: aws_sdk_ecs::Client,
    sts: aws_sdk_sts::Client,
    profile: Option<String>,
    /// Where calls go, for "cannot reach ..." messages.
    endpoint: String,
}

impl SdkEcs {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        let endpoint = match config.endpoint_url() {
            Some(url) => url.to_string(),
            None => default_endpoint(config.region().map(|r| r.as_ref())),
        };
        let mut me = Self::from_clients(aws_sdk_ecs::Client::new(config), aws_sdk_sts::Client::new(config), profile);
        me.endpoint = endpoint;
        me
    }

    /// For callers that build their own clients (tests add interceptors or mock rules).
    pub fn from_clients(ecs: aws_sdk_ecs::Client, sts: aws_sdk_sts::Client, profile: Option<String>) -> Self {
        let endpoint = default_endpoint(ecs.config().region().map(|r| r.as_ref()));
        Self { ecs, sts, profile, endpoint }
    }

    /// Where calls go: the endpoint URL override, or the regional ECS host.
    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    fn error<E>(&self, action: &str, err: SdkError<E, HttpResponse>) -> ApiError
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
    {
        let ctx = CallContext { action, profile: self.profile.as_deref(), endpoint: &self.endpoint };
        let e = from_sdk_error(&err, &ctx);
        tracing::debug!(action, kind = ?e.kind, code = e.code.as_deref(), "AWS call failed: {}", e.message);
        e
    }
}

fn default_endpoint(region: Option<&str>) -> String {
    match region {
        Some(r) => format!("ecs.{r}.amazonaws.com"),
        None => "the ECS endpoint".to_string(),
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
            .map_err(|e| self.error("ecs:ListClusters", e))?;
        Ok(page(out.cluster_arns(), out.next_token()))
    }

    async fn describe_clusters(&self, arns: Vec<String>) -> ApiResult<Described<Cluster>> {
        let mut d = Described::default();
        // No names means no call: DescribeClusters without names describes the `default` cluster.
        for chunk in arns.chunks(limits::DESCRIBE_CLUSTERS) {
            let out = self
                .ecs
                .describe_clusters()
                .set_clusters(Some(chunk.to_vec()))
                .include(ClusterField::Configurations)
                .include(ClusterField::Settings)
                .include(ClusterField::Statistics)
                .include(ClusterField::Tags)
                .send()
                .await
                .map_err(|e| self.error("ecs:DescribeClusters", e))?;
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
            .map_err(|e| self.error("ecs:ListServices", e))?;
        Ok(page(out.service_arns(), out.next_token()))
    }

    async fn describe_services(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Service>> {
        let mut d = Described::default();
        for chunk in arns.chunks(limits::DESCRIBE_SERVICES) {
            let out = self
                .ecs
                .describe_services()
                .cluster(&cluster)
                .set_services(Some(chunk.to_vec()))
                .include(ServiceField::Tags)
                .send()
                .await
                .map_err(|e| self.error("ecs:DescribeServices", e))?;
            d.items.extend(out.services().iter().map(convert::service));
            d.failures.extend(convert::failures(out.failures()));
        }
        Ok(d)
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
            .map_err(|e| self.error("ecs:ListTasks", e))?;
        Ok(page(out.task_arns(), out.next_token()))
    }

    async fn describe_tasks(&self, cluster: String, arns: Vec<String>) -> ApiResult<Described<Task>> {
        let mut d = Described::default();
        for chunk in arns.chunks(limits::DESCRIBE_TASKS) {
            let out = self
                .ecs
                .describe_tasks()
                .cluster(&cluster)
                .set_tasks(Some(chunk.to_vec()))
                .include(TaskField::Tags)
                .send()
                .await
                .map_err(|e| self.error("ecs:DescribeTasks", e))?;
            d.items.extend(out.tasks().iter().map(convert::task));
            d.failures.extend(convert::failures(out.failures()));
        }
        Ok(d)
    }

    async fn identity(&self) -> ApiResult<Identity> {
        let out = self.sts.get_caller_identity().send().await.map_err(|e| self.error("sts:GetCallerIdentity", e))?;
        Ok(Identity { account: out.account().map(str::to_string), arn: out.arn().map(str::to_string) })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    /// docs/iam.md's policy grants exactly the actions this file calls: no more (permissions
    /// for features that do not exist yet belong in its "Not used yet" part), no fewer.
    #[test]
    fn the_iam_policy_in_the_docs_matches_the_calls_made() {
        let source = include_str!("ecs.rs");
        let called: BTreeSet<&str> =
            source.split("self.error(\"").skip(1).filter_map(|rest| rest.split('"').next()).collect();
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
