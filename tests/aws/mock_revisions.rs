//! DescribeServiceRevisions through the real SDK (moto does not implement it; see
//! testing.md): batches of 20 at most, revisions converted with their images and placement,
//! unknown ARNs kept as failures, and a refusal naming the missing action.
use crate::common::mock_api;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_service_revisions::DescribeServiceRevisionsOutput;
use aws_sdk_ecs::types::{CapacityProviderStrategyItem, ContainerImage, Failure, LaunchType, ServiceRevision};
use aws_smithy_mocks::{RuleMode, mock};
use aws_smithy_types::DateTime;
use bosun::api::{EcsApi, ErrorKind, Loader, limits};
use std::sync::Arc;

fn arn(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service-revision/prod/api/{i:04}")
}

/// Revision `i` runs `prod-api:(100 - i)`: even ones on a strategy, odd ones on a launch type.
fn revision(i: usize) -> ServiceRevision {
    let base = ServiceRevision::builder()
        .service_revision_arn(arn(i))
        .service_arn("arn:aws:ecs:eu-west-1:123456789012:service/prod/api")
        .cluster_arn("arn:aws:ecs:eu-west-1:123456789012:cluster/prod")
        .task_definition(format!("arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:{}", 100 - i))
        .platform_version("1.4.0")
        .container_images(
            ContainerImage::builder()
                .container_name("api")
                .image(format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.{}.0", 100 - i))
                .image_digest(format!("sha256:{i:064}"))
                .build(),
        )
        .created_at(DateTime::from_secs(1_790_000_000 - i as i64 * 3_600));
    if i.is_multiple_of(2) {
        let item = CapacityProviderStrategyItem::builder().capacity_provider("FARGATE").base(1).weight(1).build();
        base.capacity_provider_strategy(item.expect("provider is set")).build()
    } else {
        base.launch_type(LaunchType::Fargate).build()
    }
}

#[tokio::test]
async fn revisions_are_described_twenty_at_a_time_and_unknown_ones_kept_as_failures() {
    let describe = mock!(Client::describe_service_revisions)
        .match_requests(|r| r.service_revision_arns().len() <= limits::DESCRIBE_SERVICE_REVISIONS)
        .then_compute_output(|r| {
            let mut out = DescribeServiceRevisionsOutput::builder();
            for a in r.service_revision_arns() {
                let i: usize = a.rsplit('/').next().and_then(|n| n.parse().ok()).unwrap_or(0);
                out = if i >= 40 {
                    out.failures(Failure::builder().arn(a).reason("MISSING").build())
                } else {
                    out.service_revisions(revision(i))
                };
            }
            out.build()
        });
    let api = Arc::new(mock_api(RuleMode::MatchAny, &[&describe], 1, None));
    // 42 asked (one twice): three calls, none above 20.
    let mut arns: Vec<String> = (0..42).map(arn).collect();
    arns.push(arn(3));
    let got = Loader::new(api.clone(), 4).service_revisions(&arns).await.expect("revisions");
    assert_eq!(describe.num_calls(), 3);
    assert_eq!(got.items.len(), 40);
    assert_eq!(got.items.iter().map(|r| r.arn.clone()).collect::<Vec<_>>(), (0..40).map(arn).collect::<Vec<_>>());
    let missing: Vec<(String, String)> = got.failures.iter().map(|f| (f.arn.clone(), f.reason.clone())).collect();
    assert_eq!(missing, [(arn(40), "MISSING".to_string()), (arn(41), "MISSING".to_string())]);

    let r = &got.items[2];
    assert_eq!(r.task_definition_short(), "prod-api:98");
    assert_eq!(r.placement_short(), "FARGATE b1 w1");
    assert_eq!(got.items[3].placement_short(), "FARGATE");
    assert_eq!(r.platform_version.as_deref(), Some("1.4.0"));
    let image = &r.container_images[0];
    assert_eq!((image.container_name.as_str(), image.image.rsplit(':').next()), ("api", Some("1.98.0")));
    assert_eq!(image.image_digest.as_deref(), Some(format!("sha256:{:064}", 2).as_str()));
    assert_eq!(r.created_at.map(|t| t.timestamp()), Some(1_790_000_000 - 2 * 3_600));

    // A batch above the limit is refused before any call, in ECS's words.
    let e = api.describe_service_revisions((0..21).map(arn).collect()).await.expect_err("too many");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
    assert_eq!(describe.num_calls(), 3);
    // Nothing to describe is no call.
    assert_eq!(api.describe_service_revisions(vec![]).await.map(|d| d.items.len()), Ok(0));
}

#[tokio::test]
async fn a_refused_describe_names_describe_service_revisions() {
    let msg = "User: arn:aws:sts::123456789012:assumed-role/ReadOnly/sre is not authorized to perform: \
               ecs:DescribeServiceRevisions on resource: *";
    let body = format!(r#"{{"__type":"AccessDeniedException","message":"{msg}"}}"#);
    let rule = mock!(Client::describe_service_revisions).sequence().http_status(400, Some(body)).build();
    let api = mock_api(RuleMode::Sequential, &[&rule], 1, Some("prod"));
    let e = api.describe_service_revisions(vec![arn(0)]).await.expect_err("denied");
    assert_eq!(e.kind, ErrorKind::AccessDenied);
    assert!(e.hint.as_deref().is_some_and(|h| h.contains("ecs:DescribeServiceRevisions")), "{e:?}");
}
