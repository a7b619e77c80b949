//! The write calls where moto is wrong or silent (see testing.md): service deployments
//! (ListServiceDeployments, DescribeServiceDeployments, StopServiceDeployment) and the errors
//! ECS answers writes with, produced by the real SDK from realistic wire answers.
use crate::common::mock_api;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_service_deployments::DescribeServiceDeploymentsOutput;
use aws_sdk_ecs::operation::list_service_deployments::ListServiceDeploymentsOutput;
use aws_sdk_ecs::operation::stop_service_deployment::StopServiceDeploymentOutput;
use aws_sdk_ecs::operation::update_service::UpdateServiceOutput;
use aws_sdk_ecs::types::{
    ServiceDeployment, ServiceDeploymentBrief, ServiceDeploymentStatus, StopServiceDeploymentStopType,
};
use aws_smithy_mocks::{RuleMode, mock};
use bosun::api::{EcsApi, ErrorKind, StopType, UpdateService};
use bosun::model::{Strategy, StrategyItem};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";
const SERVICE: &str = "arn:aws:ecs:eu-west-1:123456789012:service/prod/api";

fn deployment_arn(id: &str) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/{id}")
}

/// An awsJson1.1 error body, as ECS sends it.
fn error_body(code: &str, message: &str) -> Option<String> {
    Some(format!(r#"{{"__type":"{code}","message":"{message}"}}"#))
}

fn brief(id: &str, status: &str) -> ServiceDeploymentBrief {
    ServiceDeploymentBrief::builder()
        .service_deployment_arn(deployment_arn(id))
        .service_arn(SERVICE)
        .cluster_arn(CLUSTER)
        .status(ServiceDeploymentStatus::from(status))
        .build()
}

#[tokio::test]
async fn list_service_deployments_sends_the_statuses_and_follows_tokens() {
    let first = mock!(Client::list_service_deployments)
        .match_requests(|r| {
            r.next_token().is_none()
                && r.max_results() == Some(100)
                && r.status() == [ServiceDeploymentStatus::InProgress, ServiceDeploymentStatus::Pending]
                && r.cluster() == Some("prod")
                && r.service() == Some("api")
        })
        .then_output(|| {
            ListServiceDeploymentsOutput::builder()
                .service_deployments(brief("a1", "IN_PROGRESS"))
                .next_token("page-2")
                .build()
        });
    let second = mock!(Client::list_service_deployments)
        .match_requests(|r| r.next_token() == Some("page-2"))
        // A status newer than this SDK: the ARN still comes through.
        .then_output(|| ListServiceDeploymentsOutput::builder().service_deployments(brief("b2", "PAUSED")).build());
    let api = mock_api(RuleMode::MatchAny, &[&first, &second], 1, None);

    let statuses = vec!["IN_PROGRESS".to_string(), "PENDING".to_string()];
    let page = api.list_service_deployments("prod".into(), "api".into(), statuses.clone(), None).await.expect("page 1");
    assert_eq!((page.arns, page.next_token.as_deref()), (vec![deployment_arn("a1")], Some("page-2")));
    let page = api.list_service_deployments("prod".into(), "api".into(), statuses, page.next_token).await.expect("2");
    assert_eq!((page.arns, page.next_token), (vec![deployment_arn("b2")], None));
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn describe_service_deployments_keeps_unknown_statuses() {
    let rule = mock!(Client::describe_service_deployments).then_output(|| {
        DescribeServiceDeploymentsOutput::builder()
            .service_deployments(
                ServiceDeployment::builder()
                    .service_deployment_arn(deployment_arn("a1"))
                    .service_arn(SERVICE)
                    .cluster_arn(CLUSTER)
                    .status(ServiceDeploymentStatus::from("SOME_FUTURE_STATE"))
                    .status_reason("waiting")
                    .build(),
            )
            .build()
    });
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let d = api.describe_service_deployments(vec![deployment_arn("a1")]).await.expect("describe");
    assert_eq!(d.items[0].status, "SOME_FUTURE_STATE");
    assert!(!d.items[0].is_ongoing());
    assert_eq!(d.items[0].status_reason.as_deref(), Some("waiting"));

    let e = api.describe_service_deployments(vec![deployment_arn("x"); 21]).await.expect_err("too many");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
    assert_eq!(rule.num_calls(), 1, "an oversize batch is refused before any call");
}

#[tokio::test]
async fn stop_service_deployment_asks_for_a_rollback() {
    let rule = mock!(Client::stop_service_deployment)
        .match_requests(|r| {
            r.stop_type() == Some(&StopServiceDeploymentStopType::Rollback)
                && r.service_deployment_arn() == Some(deployment_arn("a1").as_str())
        })
        .then_output(|| StopServiceDeploymentOutput::builder().service_deployment_arn(deployment_arn("a1")).build());
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let arn = api.stop_service_deployment(deployment_arn("a1"), StopType::Rollback).await.expect("stopped");
    assert_eq!(arn, deployment_arn("a1"));
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn stopping_a_finished_deployment_is_a_conflict_in_ecs_words() {
    let msg = "The service deployment is not in a state that can be stopped.";
    let rule = mock!(Client::stop_service_deployment)
        .sequence()
        .http_status(400, error_body("ConflictException", msg))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, None);
    let e = api.stop_service_deployment(deployment_arn("a1"), StopType::Rollback).await.expect_err("conflict");
    assert_eq!((e.code.as_deref(), e.message.as_str()), (Some("ConflictException"), msg));
    assert_eq!(rule.num_calls(), 1, "a conflict is not retried");
}

#[tokio::test]
async fn a_denied_write_names_its_action() {
    let msg = "User: arn:aws:sts::123456789012:assumed-role/ReadOnly/sre is not authorized to perform: \
               ecs:UpdateService on resource: arn:aws:ecs:eu-west-1:123456789012:service/prod/api";
    let rule =
        mock!(Client::update_service).sequence().http_status(400, error_body("AccessDeniedException", msg)).build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, Some("prod"));
    let request = UpdateService { force_new_deployment: Some(true), ..UpdateService::new("prod", "api") };
    let e = api.update_service(request).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert_eq!(e.message, msg);
    assert!(e.hint.as_deref().expect("a hint").contains("ecs:UpdateService"), "{:?}", e.hint);

    let rule = mock!(Client::stop_service_deployment)
        .sequence()
        .http_status(400, error_body("AccessDeniedException", "not authorized"))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let e = api.stop_service_deployment(deployment_arn("a1"), StopType::Rollback).await.expect_err("denied");
    assert!(e.hint.as_deref().expect("a hint").contains("ecs:StopServiceDeployment"), "{:?}", e.hint);
}

#[tokio::test]
async fn an_invalid_strategy_comes_back_in_ecs_words() {
    let msg = "The specified capacity provider strategy cannot contain a capacity provider that is not associated \
               with the cluster. Associate the capacity provider with the cluster or specify a valid capacity \
               provider and try again.";
    let rule =
        mock!(Client::update_service).sequence().http_status(400, error_body("InvalidParameterException", msg)).build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, None);
    let strategy = Strategy(vec![StrategyItem { provider: "batch-spot".into(), base: 0, weight: 1 }]);
    let request = UpdateService { capacity_provider_strategy: Some(strategy), ..UpdateService::new("prod", "api") };
    let e = api.update_service(request).await.expect_err("invalid");
    assert_eq!(
        (e.kind, e.code.as_deref(), e.message.as_str()),
        (ErrorKind::InvalidInput, Some("InvalidParameterException"), msg)
    );
    assert_eq!(rule.num_calls(), 1);
}

#[tokio::test]
async fn an_inactive_service_is_reported_as_such() {
    let rule = mock!(Client::update_service)
        .sequence()
        .http_status(400, error_body("ServiceNotActiveException", "Service was not ACTIVE."))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, None);
    let e = api.update_service(UpdateService::new("prod", "api")).await.expect_err("inactive");
    assert_eq!(e.to_string(), "Error: Service was not ACTIVE. (ServiceNotActiveException)");
    assert_eq!(rule.num_calls(), 1, "not retried");
}

#[tokio::test]
async fn a_throttled_write_is_retried_by_the_sdk() {
    let rule = mock!(Client::update_service)
        .sequence()
        .http_status(400, error_body("ThrottlingException", "Rate exceeded"))
        .output(|| {
            UpdateServiceOutput::builder()
                .service(
                    aws_sdk_ecs::types::Service::builder()
                        .service_name("api")
                        .service_arn(SERVICE)
                        .desired_count(3)
                        .build(),
                )
                .build()
        })
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 3, None);
    let request = UpdateService { desired_count: Some(3), ..UpdateService::new("prod", "api") };
    let s = api.update_service(request).await.expect("the second attempt succeeds");
    assert_eq!((s.name.as_str(), s.desired), ("api", 3));
    assert_eq!(rule.num_calls(), 2);

    let rule = mock!(Client::stop_task)
        .sequence()
        .http_status(400, error_body("ThrottlingException", "Rate exceeded"))
        .build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let e = api.stop_task("prod".into(), "abc".into(), None).await.expect_err("throttled");
    assert_eq!((e.kind, e.message.as_str()), (ErrorKind::Throttled, "Rate exceeded"));
}

#[tokio::test]
async fn an_answer_without_its_object_is_an_error_not_a_panic() {
    let rule = mock!(Client::update_service).then_output(|| UpdateServiceOutput::builder().build());
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, None);
    let e = api.update_service(UpdateService::new("prod", "api")).await.expect_err("no service in the answer");
    assert_eq!(e.message, "ecs:UpdateService returned no service");
}
