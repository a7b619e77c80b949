//! Service deployments (DescribeServiceDeployments) and the SDK values the write calls send.
use super::{owned, time};
use crate::api::{ApiError, ErrorKind, ServiceDeployment};
use crate::model::Strategy;
use aws_sdk_ecs::types as sdk;

/// A service deployment; a status this SDK does not know keeps ECS's own text.
pub fn service_deployment(d: &sdk::ServiceDeployment) -> ServiceDeployment {
    ServiceDeployment {
        arn: d.service_deployment_arn().unwrap_or_default().to_string(),
        service_arn: d.service_arn().unwrap_or_default().to_string(),
        cluster_arn: d.cluster_arn().unwrap_or_default().to_string(),
        // `as_str` gives the wire text for every variant, unknown ones included.
        status: d.status().map(|s| s.as_str().to_string()).unwrap_or_else(|| "UNKNOWN".into()),
        status_reason: owned(d.status_reason()),
        target_revision: d.target_service_revision().and_then(|r| owned(r.arn())),
        source_revisions: d.source_service_revisions().iter().filter_map(|r| owned(r.arn())).collect(),
        created_at: time(d.created_at()),
        started_at: time(d.started_at()),
        finished_at: time(d.finished_at()),
        stopped_at: time(d.stopped_at()),
    }
}

/// Our strategy as the SDK's items. An item without a provider name cannot be sent: refused
/// here in plain words rather than by the SDK's builder message.
pub fn strategy_items(s: &Strategy) -> Result<Vec<sdk::CapacityProviderStrategyItem>, ApiError> {
    s.0.iter()
        .map(|i| {
            sdk::CapacityProviderStrategyItem::builder()
                .capacity_provider(&i.provider)
                .base(i.base)
                .weight(i.weight)
                .build()
                .map_err(|e| ApiError::new(ErrorKind::InvalidInput, format!("capacity provider strategy: {e}")))
        })
        .collect()
}

/// ECS status texts as the SDK's enum; a text the SDK does not know is sent as it is.
pub fn deployment_statuses(statuses: &[String]) -> Vec<sdk::ServiceDeploymentStatus> {
    statuses.iter().map(|s| sdk::ServiceDeploymentStatus::from(s.as_str())).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StrategyItem;

    #[test]
    fn unknown_statuses_are_kept_as_text() {
        let d = sdk::ServiceDeployment::builder()
            .service_deployment_arn("arn:aws:ecs:eu-west-1:1:service-deployment/prod/api/abc")
            .status(sdk::ServiceDeploymentStatus::from("PAUSED_FOR_REVIEW"))
            .target_service_revision(sdk::ServiceRevisionSummary::builder().arn("rev-2").build())
            .source_service_revisions(sdk::ServiceRevisionSummary::builder().arn("rev-1").build())
            .build();
        let m = service_deployment(&d);
        assert_eq!(m.status, "PAUSED_FOR_REVIEW");
        assert_eq!(m.target_revision.as_deref(), Some("rev-2"));
        assert_eq!(m.source_revisions, vec!["rev-1".to_string()]);
        assert!(!m.is_ongoing());
        assert_eq!(service_deployment(&sdk::ServiceDeployment::builder().build()).status, "UNKNOWN");
        let statuses = deployment_statuses(&["IN_PROGRESS".into(), "SOMETHING_NEW".into()]);
        assert_eq!(statuses[0], sdk::ServiceDeploymentStatus::InProgress);
        assert_eq!(statuses[1].as_str(), "SOMETHING_NEW");
    }

    #[test]
    fn strategies_convert_item_by_item() {
        let s = Strategy(vec![
            StrategyItem { provider: "FARGATE".into(), base: 1, weight: 1 },
            StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 4 },
        ]);
        let items = strategy_items(&s).expect("valid");
        assert_eq!(super::super::strategy(&items), s);
    }
}
