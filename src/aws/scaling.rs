//! [`ScalingApi`] over the AWS SDK: an ECS service's Application Auto Scaling target.
use super::convert;
use super::errors::Origin;
use crate::api::scaling::ScalingPage;
use crate::api::{ApiResult, ScalingApi};
use crate::model::{ScalableTarget, ScalingActivity, ScalingPolicy, ServiceTarget, arn_name};
use async_trait::async_trait;
use aws_sdk_applicationautoscaling::types::{ScalableDimension, ServiceNamespace};

pub struct SdkScaling {
    scaling: aws_sdk_applicationautoscaling::Client,
    origin: Origin,
}

impl SdkScaling {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self {
            scaling: aws_sdk_applicationautoscaling::Client::new(config),
            origin: Origin::of("application-autoscaling", config, profile),
        }
    }

    /// For callers that build their own client (tests add interceptors).
    pub fn from_client(scaling: aws_sdk_applicationautoscaling::Client, profile: Option<String>) -> Self {
        let region = scaling.config().region().map(|r| r.as_ref().to_string());
        let origin = Origin::new("application-autoscaling", None, region.as_deref(), profile);
        Self { scaling, origin }
    }
}

/// Application Auto Scaling's name for an ECS service: `service/<cluster name>/<service name>`.
pub fn resource_id(cluster: &str, service: &str) -> String {
    format!("service/{}/{}", arn_name(cluster), arn_name(service))
}

#[async_trait]
impl ScalingApi for SdkScaling {
    async fn scalable_target(&self, cluster: String, service: String) -> ApiResult<Option<ScalableTarget>> {
        let id = resource_id(&cluster, &service);
        let out = self
            .scaling
            .describe_scalable_targets()
            .service_namespace(ServiceNamespace::Ecs)
            .resource_ids(&id)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .send()
            .await
            .map_err(|e| self.origin.error("application-autoscaling:DescribeScalableTargets", e))?;
        // One resource and one dimension can have at most one target.
        Ok(out
            .scalable_targets()
            .iter()
            .find(|t| t.resource_id() == id && *t.scalable_dimension() == ScalableDimension::EcsServiceDesiredCount)
            .map(convert::scalable_target))
    }

    async fn scaling_policies(
        &self,
        cluster: String,
        service: String,
        next_token: Option<String>,
    ) -> ApiResult<ScalingPage<ScalingPolicy>> {
        let id = resource_id(&cluster, &service);
        let out = self
            .scaling
            .describe_scaling_policies()
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id(&id)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("application-autoscaling:DescribeScalingPolicies", e))?;
        Ok(ScalingPage {
            items: out
                .scaling_policies()
                .iter()
                .filter(|p| p.resource_id() == id)
                .map(convert::scaling_policy)
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn scaling_activities(
        &self,
        cluster: String,
        service: String,
        max: i32,
        next_token: Option<String>,
    ) -> ApiResult<ScalingPage<ScalingActivity>> {
        let id = resource_id(&cluster, &service);
        let out = self
            .scaling
            .describe_scaling_activities()
            .service_namespace(ServiceNamespace::Ecs)
            .resource_id(&id)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            // The activities that did not scale say why not ("already at its maximum").
            .include_not_scaled_activities(true)
            .max_results(max.clamp(1, 50))
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("application-autoscaling:DescribeScalingActivities", e))?;
        Ok(ScalingPage {
            items: out
                .scaling_activities()
                .iter()
                .filter(|a| a.resource_id() == id)
                .map(convert::scaling_activity)
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }

    async fn scalable_targets(&self, next_token: Option<String>) -> ApiResult<ScalingPage<ServiceTarget>> {
        let out = self
            .scaling
            .describe_scalable_targets()
            .service_namespace(ServiceNamespace::Ecs)
            .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
            .set_next_token(next_token)
            .send()
            .await
            .map_err(|e| self.origin.error("application-autoscaling:DescribeScalableTargets", e))?;
        Ok(ScalingPage {
            items: out
                .scalable_targets()
                .iter()
                .filter(|t| *t.scalable_dimension() == ScalableDimension::EcsServiceDesiredCount)
                .filter_map(|t| {
                    let (cluster, service) = crate::model::scaling_policy::parse_resource_id(t.resource_id())?;
                    Some(ServiceTarget { cluster, service, target: convert::scalable_target(t) })
                })
                .collect(),
            next_token: out.next_token().map(str::to_string),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resource_ids_use_names_even_when_given_arns() {
        assert_eq!(resource_id("prod", "api"), "service/prod/api");
        assert_eq!(
            resource_id(
                "arn:aws:ecs:eu-west-1:123456789012:cluster/prod",
                "arn:aws:ecs:eu-west-1:123456789012:service/prod/api"
            ),
            "service/prod/api"
        );
    }
}
