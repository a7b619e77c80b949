//! [`ElbApi`] over the AWS SDK: ELBv2's DescribeTargetGroups and DescribeTargetHealth.
use super::convert;
use super::errors::Origin;
use crate::api::elb::{DESCRIBE_TARGET_GROUPS, TargetGroup};
use crate::api::{ApiResult, ElbApi, limits};
use crate::model::TargetHealth;
use async_trait::async_trait;

pub struct SdkElb {
    elb: aws_sdk_elasticloadbalancingv2::Client,
    origin: Origin,
}

impl SdkElb {
    pub fn new(config: &aws_config::SdkConfig, profile: Option<String>) -> Self {
        Self {
            elb: aws_sdk_elasticloadbalancingv2::Client::new(config),
            origin: Origin::of("elasticloadbalancing", config, profile),
        }
    }

    /// For callers that build their own client (tests point it at an emulator or add interceptors).
    pub fn from_client(elb: aws_sdk_elasticloadbalancingv2::Client, profile: Option<String>) -> Self {
        let region = elb.config().region().map(|r| r.as_ref().to_string());
        let origin = Origin::new("elasticloadbalancing", None, region.as_deref(), profile);
        Self { elb, origin }
    }
}

#[async_trait]
impl ElbApi for SdkElb {
    async fn describe_target_groups(&self, arns: Vec<String>) -> ApiResult<Vec<TargetGroup>> {
        limits::check_batch("targetGroupArns", arns.len(), DESCRIBE_TARGET_GROUPS)?;
        let mut out = Vec::new();
        let mut marker: Option<String> = None;
        // AWS pages the answers even for named groups; a batch is small, so follow it here.
        loop {
            let page = self
                .elb
                .describe_target_groups()
                .set_target_group_arns(Some(arns.clone()))
                .set_marker(marker.take())
                .send()
                .await
                .map_err(|e| self.origin.error("elasticloadbalancing:DescribeTargetGroups", e))?;
            out.extend(page.target_groups().iter().map(convert::target_group));
            match page.next_marker() {
                Some(m) if !m.is_empty() => marker = Some(m.to_string()),
                _ => return Ok(out),
            }
        }
    }

    async fn describe_target_health(&self, target_group_arn: String) -> ApiResult<Vec<TargetHealth>> {
        let out = self
            .elb
            .describe_target_health()
            .target_group_arn(&target_group_arn)
            .send()
            .await
            .map_err(|e| self.origin.error("elasticloadbalancing:DescribeTargetHealth", e))?;
        Ok(out.target_health_descriptions().iter().map(convert::target_health).collect())
    }
}
