//! Health reads where moto is wrong or silent (see testing.md): a service's whole deployment
//! history with what ECS no longer keeps, and DescribeCapacityProviders paging and answering
//! FARGATE as a failure, produced by the real SDK from realistic answers.
use crate::common::mock_api;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_capacity_providers::DescribeCapacityProvidersOutput;
use aws_sdk_ecs::operation::describe_service_deployments::DescribeServiceDeploymentsOutput;
use aws_sdk_ecs::operation::list_container_instances::ListContainerInstancesOutput;
use aws_sdk_ecs::operation::list_service_deployments::ListServiceDeploymentsOutput;
use aws_sdk_ecs::types::{
    CapacityProvider, CapacityProviderStatus, Failure, Rollback, ServiceDeployment, ServiceDeploymentAlarms,
    ServiceDeploymentBrief, ServiceDeploymentCircuitBreaker, ServiceDeploymentRollbackMonitorsStatus,
    ServiceDeploymentStatus, ServiceRevisionSummary,
};
use aws_smithy_mocks::{RuleMode, mock};
use aws_smithy_types::DateTime;
use bosun::api::{EcsApi, Loader};
use std::sync::Arc;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
const SERVICE: &str = "arn:aws:ecs:eu-west-1:123456789012:service/prod/checkout";

fn arn(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/checkout/{i:04}")
}

fn revision(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/checkout/{i:04}")
}

/// The newest deployment (0) was rolled back by the circuit breaker; 1 has a status newer than
/// this SDK; 23 and 24 are older than ECS keeps.
fn described(i: usize) -> ServiceDeployment {
    let base = ServiceDeployment::builder()
        .service_deployment_arn(arn(i))
        .service_arn(SERVICE)
        .cluster_arn(CLUSTER)
        .target_service_revision(ServiceRevisionSummary::builder().arn(revision(i)).build())
        .source_service_revisions(ServiceRevisionSummary::builder().arn(revision(i + 1)).build())
        .created_at(DateTime::from_secs(1_790_000_000 - i as i64 * 86_400))
        .started_at(DateTime::from_secs(1_790_000_010 - i as i64 * 86_400))
        .finished_at(DateTime::from_secs(1_790_000_600 - i as i64 * 86_400));
    match i {
        0 => base
            .status(ServiceDeploymentStatus::RollbackSuccessful)
            .status_reason("ECS deployment circuit breaker: tasks failed to start.")
            .deployment_circuit_breaker(
                ServiceDeploymentCircuitBreaker::builder()
                    .status(ServiceDeploymentRollbackMonitorsStatus::Triggered)
                    .failure_count(3)
                    .threshold(3)
                    .build(),
            )
            .alarms(
                ServiceDeploymentAlarms::builder()
                    .status(ServiceDeploymentRollbackMonitorsStatus::MonitoringComplete)
                    .alarm_names("checkout-5xx")
                    .build(),
            )
            .rollback(
                Rollback::builder()
                    .reason("ECS deployment circuit breaker: tasks failed to start.")
                    .started_at(DateTime::from_secs(1_790_000_400))
                    .service_revision_arn(revision(1))
                    .build(),
            )
            .build(),
        1 => base.status(ServiceDeploymentStatus::from("PAUSED_FOR_REVIEW")).build(),
        _ => base.status(ServiceDeploymentStatus::Successful).build(),
    }
}

#[tokio::test]
async fn the_history_asks_for_every_status_and_keeps_what_ecs_no_longer_has() {
    // 25 deployments: pages of 20 and 5, described 20 and 5 at a time.
    let list = mock!(Client::list_service_deployments)
        .match_requests(|r| r.status().is_empty() && r.cluster() == Some("prod") && r.service() == Some("checkout"))
        .then_compute_output(|r| {
            let from = if r.next_token() == Some("p2") { 20 } else { 0 };
            let to = (from + 20).min(25);
            let briefs = (from..to).map(|i| {
                ServiceDeploymentBrief::builder()
                    .service_deployment_arn(arn(i))
                    .status(ServiceDeploymentStatus::Successful)
                    .build()
            });
            let out = ListServiceDeploymentsOutput::builder().set_service_deployments(Some(briefs.collect()));
            (if to < 25 { out.next_token("p2") } else { out }).build()
        });
    let describe = mock!(Client::describe_service_deployments)
        .match_requests(|r| r.service_deployment_arns().len() <= 20)
        .then_compute_output(|r| {
            let mut out = DescribeServiceDeploymentsOutput::builder();
            for a in r.service_deployment_arns() {
                let i: usize = a.rsplit('/').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                out = if i >= 23 {
                    out.failures(Failure::builder().arn(a).reason("MISSING").build())
                } else {
                    out.service_deployments(described(i))
                };
            }
            out.build()
        });
    let api = Arc::new(mock_api(RuleMode::MatchAny, &[&list, &describe], 1, None));
    let history = Loader::new(api, 4).service_deployments("prod", "checkout", &[]).await.expect("history");
    assert_eq!((list.num_calls(), describe.num_calls()), (2, 2));
    assert_eq!(history.items.len(), 23);
    let missing: Vec<&str> = history.failures.iter().map(|f| f.reason.as_str()).collect();
    assert_eq!(missing, ["MISSING", "MISSING"], "kept, so a view can say ECS no longer has them");
    assert_eq!(history.failures[0].arn, arn(23));

    let rolled = &history.items[0];
    assert_eq!(rolled.status, "ROLLBACK_SUCCESSFUL");
    let cb = rolled.circuit_breaker.clone().expect("breaker");
    assert_eq!((cb.status.as_deref(), cb.failure_count, cb.threshold), (Some("TRIGGERED"), 3, 3));
    let alarms = rolled.alarms.clone().expect("alarms");
    assert_eq!((alarms.alarm_names.len(), alarms.triggered_alarm_names.len()), (1, 0));
    let rb = rolled.rollback.clone().expect("rollback");
    assert_eq!(rb.service_revision_arn, Some(revision(1)));
    assert_eq!(rb.started_at.map(|t| t.timestamp()), Some(1_790_000_400));
    assert_eq!(
        (rolled.target_revision.clone(), rolled.source_revisions.clone()),
        (Some(revision(0)), vec![revision(1)])
    );
    assert!(rolled.started_at.is_some() && rolled.finished_at.is_some());
    assert_eq!(history.items[1].status, "PAUSED_FOR_REVIEW", "a status newer than this build is kept as text");
    assert_eq!(history.items[1].circuit_breaker, None);
}

fn provider(name: &str) -> CapacityProvider {
    CapacityProvider::builder()
        .name(name)
        .capacity_provider_arn(format!("arn:aws:ecs:eu-west-1:123456789012:capacity-provider/{name}"))
        .status(CapacityProviderStatus::Active)
        .build()
}

#[tokio::test]
async fn capacity_providers_page_in_tens_and_fargate_answered_as_missing_is_kept() {
    let rule = mock!(Client::describe_capacity_providers)
        .match_requests(|r| r.max_results() == Some(10) && r.capacity_providers().len() <= 100)
        .then_compute_output(|r| {
            let names = r.capacity_providers();
            let from = if r.next_token() == Some("p2") { 10 } else { 0 };
            let to = (from + 10).min(names.len());
            let mut out = DescribeCapacityProvidersOutput::builder();
            for n in &names[from..to] {
                out = if n.starts_with("FARGATE") {
                    // What some endpoints (moto among them) answer for AWS's own providers.
                    out.failures(
                        Failure::builder()
                            .arn(format!("arn:aws:ecs:eu-west-1:1:capacity-provider/{n}"))
                            .reason("MISSING")
                            .build(),
                    )
                } else {
                    out.capacity_providers(provider(n))
                };
            }
            (if to < names.len() { out.next_token("p2") } else { out }).build()
        });
    let api = Arc::new(mock_api(RuleMode::MatchAny, &[&rule], 1, None));

    // Asked directly, the failure comes back as it was answered.
    let page = api.describe_capacity_providers(vec!["FARGATE".into(), "batch-spot".into()], None).await.expect("page");
    assert_eq!(page.described.items.len(), 1);
    assert_eq!(page.described.failures[0].reason, "MISSING");
    assert_eq!(rule.num_calls(), 1);

    // Through the loader FARGATE is never asked about, and every page is followed.
    let mut names: Vec<String> = (0..12).map(|i| format!("asg-{i:02}")).collect();
    names.insert(0, "FARGATE".into());
    let d = Loader::new(api.clone(), 2).capacity_providers(&names).await.expect("providers");
    assert_eq!(rule.num_calls(), 3, "12 names: two pages");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    assert_eq!(d.items.len(), 13);
    assert_eq!((d.items[0].name.as_str(), d.items[0].status.as_str()), ("FARGATE", "ACTIVE"));

    // No names: no call (ECS would describe every provider of the account).
    let none = api.describe_capacity_providers(vec![], None).await.expect("nothing");
    assert!(none.described.items.is_empty() && rule.num_calls() == 3);
}

#[tokio::test]
async fn container_instances_are_listed_with_the_largest_page() {
    let list = mock!(Client::list_container_instances)
        .match_requests(|r| r.max_results() == Some(100) && r.cluster() == Some("batch"))
        .then_output(|| ListContainerInstancesOutput::builder().container_instance_arns("ci-1").next_token("").build());
    let api = mock_api(RuleMode::MatchAny, &[&list], 1, None);
    let page = api.list_container_instances("batch".into(), None).await.expect("page");
    assert_eq!((page.arns, page.next_token), (vec!["ci-1".to_string()], None), "an empty token ends the list");
    let e = api.describe_container_instances("batch".into(), vec!["x".into(); 101]).await.expect_err("101");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
}
