//! Service deployments (DescribeServiceDeployments) and the SDK values the write calls send.
use super::{owned, time};
use crate::api::{
    ApiError, DeploymentAlarms, DeploymentCircuitBreaker, DeploymentRollback, ErrorKind, ServiceDeployment,
};
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
        updated_at: time(d.updated_at()),
        circuit_breaker: d.deployment_circuit_breaker().map(|c| DeploymentCircuitBreaker {
            status: c.status().map(|s| s.as_str().to_string()),
            failure_count: c.failure_count(),
            threshold: c.threshold(),
        }),
        alarms: d.alarms().map(|a| DeploymentAlarms {
            status: a.status().map(|s| s.as_str().to_string()),
            alarm_names: a.alarm_names().to_vec(),
            triggered_alarm_names: a.triggered_alarm_names().to_vec(),
        }),
        rollback: d.rollback().map(|r| DeploymentRollback {
            reason: owned(r.reason()),
            started_at: time(r.started_at()),
            service_revision_arn: owned(r.service_revision_arn()),
        }),
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
        assert_eq!((m.circuit_breaker, m.alarms, m.rollback), (None, None, None), "none watched, none rolled back");
        let statuses = deployment_statuses(&["IN_PROGRESS".into(), "SOMETHING_NEW".into()]);
        assert_eq!(statuses[0], sdk::ServiceDeploymentStatus::InProgress);
        assert_eq!(statuses[1].as_str(), "SOMETHING_NEW");
    }

    #[test]
    fn a_rolled_back_deployment_keeps_its_breaker_alarms_and_rollback() {
        let d = sdk::ServiceDeployment::builder()
            .status(sdk::ServiceDeploymentStatus::RollbackSuccessful)
            .status_reason("Circuit breaker triggered")
            .updated_at(aws_smithy_types::DateTime::from_secs(1_700_000_600))
            .deployment_circuit_breaker(
                sdk::ServiceDeploymentCircuitBreaker::builder()
                    .status(sdk::ServiceDeploymentRollbackMonitorsStatus::Triggered)
                    .failure_count(3)
                    .threshold(3)
                    .build(),
            )
            .alarms(
                sdk::ServiceDeploymentAlarms::builder()
                    .status(sdk::ServiceDeploymentRollbackMonitorsStatus::Triggered)
                    .alarm_names("checkout-5xx")
                    .alarm_names("checkout-latency")
                    .triggered_alarm_names("checkout-5xx")
                    .build(),
            )
            .rollback(
                sdk::Rollback::builder()
                    .reason("ECS deployment circuit breaker: tasks failed to start.")
                    .started_at(aws_smithy_types::DateTime::from_secs(1_700_000_500))
                    .service_revision_arn("rev-36")
                    .build(),
            )
            .build();
        let m = service_deployment(&d);
        assert_eq!(m.status, "ROLLBACK_SUCCESSFUL");
        assert_eq!(m.updated_at.map(|t| t.timestamp()), Some(1_700_000_600));
        let cb = m.circuit_breaker.expect("breaker");
        assert_eq!((cb.status.as_deref(), cb.failure_count, cb.threshold), (Some("TRIGGERED"), 3, 3));
        let alarms = m.alarms.expect("alarms");
        assert_eq!(alarms.alarm_names, ["checkout-5xx", "checkout-latency"]);
        assert_eq!(alarms.triggered_alarm_names, ["checkout-5xx"]);
        let rb = m.rollback.expect("rollback");
        assert_eq!(rb.service_revision_arn.as_deref(), Some("rev-36"));
        assert_eq!(rb.reason.as_deref(), Some("ECS deployment circuit breaker: tasks failed to start."));
        assert_eq!(rb.started_at.map(|t| t.timestamp()), Some(1_700_000_500));
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
