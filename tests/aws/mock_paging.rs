//! Paging and batching through the real SDK against mock rules: moto never pages ListServices
//! and ignores ListTasks' filters, so complete pagination is proven here.
use crate::common::mock_api;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::types::{DesiredStatus, Failure, Service, Task};
use aws_smithy_mocks::{RuleMode, mock};
use bosun::api::{EcsApi, ErrorKind, Loader};
use bosun::model::{TaskFilter, TaskStatusFilter};
use std::sync::{Arc, Mutex};

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:123456789012:cluster/prod";

fn service_arn(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:service/prod/svc-{i:03}")
}

fn task_arn(i: usize) -> String {
    format!("arn:aws:ecs:eu-west-1:123456789012:task/prod/{i:032x}")
}

/// Page `token` of `total` ARNs in pages of 100: (arns, next token).
fn page_of(total: usize, token: Option<&str>, arn: fn(usize) -> String) -> (Vec<String>, Option<String>) {
    let page: usize = match token {
        None => 0,
        Some(t) => t.strip_prefix("page-").and_then(|n| n.parse().ok()).expect("a token this test handed out"),
    };
    let start = page * 100;
    let end = (start + 100).min(total);
    let next = (end < total).then(|| format!("page-{}", page + 1));
    ((start..end).map(arn).collect(), next)
}

#[tokio::test]
async fn services_follow_every_page_and_describe_in_tens() {
    const TOTAL: usize = 250;
    let list = mock!(Client::list_services)
        .match_requests(|r| r.cluster() == Some(CLUSTER) && r.max_results() == Some(100))
        .then_compute_output(|r| {
            let (arns, next) = page_of(TOTAL, r.next_token(), service_arn);
            ListServicesOutput::builder().set_service_arns(Some(arns)).set_next_token(next).build()
        });
    let batch_sizes = Arc::new(Mutex::new(Vec::new()));
    let seen = batch_sizes.clone();
    let describe = mock!(Client::describe_services)
        .match_requests(move |r| {
            seen.lock().expect("not poisoned").push(r.services().len());
            r.cluster() == Some(CLUSTER)
        })
        .then_compute_output(|r| {
            let services = r
                .services()
                .iter()
                .map(|arn| {
                    Service::builder()
                        .service_arn(arn)
                        .service_name(bosun::model::arn_name(arn))
                        .cluster_arn(CLUSTER)
                        .build()
                })
                .collect();
            DescribeServicesOutput::builder().set_services(Some(services)).build()
        });
    let api = mock_api(RuleMode::MatchAny, &[&list, &describe], 1, None);

    let loaded = Loader::new(Arc::new(api), 8).services(CLUSTER).await.expect("services load");

    let want: Vec<String> = (0..TOTAL).map(service_arn).collect();
    assert_eq!(loaded.items.iter().map(|s| s.arn.clone()).collect::<Vec<_>>(), want);
    assert_eq!(list.num_calls(), 3, "three pages, each listed once");
    assert_eq!(describe.num_calls(), 25, "250 services in batches of 10");
    let sizes = batch_sizes.lock().expect("not poisoned").clone();
    assert!(sizes.iter().all(|n| *n == 10), "every DescribeServices batch is 10: {sizes:?}");
}

#[tokio::test]
async fn tasks_follow_every_page_and_keep_failures() {
    const TOTAL: usize = 230;
    // ARNs ending in 7 are gone by the time they are described (a real race on busy clusters).
    let gone = |arn: &str| arn.ends_with('7');
    let list = mock!(Client::list_tasks)
        .match_requests(|r| {
            r.cluster() == Some(CLUSTER)
                && r.service_name() == Some("api")
                && r.desired_status() == Some(&DesiredStatus::Running)
                && r.max_results() == Some(100)
        })
        .then_compute_output(|r| {
            let (arns, next) = page_of(TOTAL, r.next_token(), task_arn);
            ListTasksOutput::builder().set_task_arns(Some(arns)).set_next_token(next).build()
        });
    let describe =
        mock!(Client::describe_tasks).match_requests(|r| r.tasks().len() <= 100).then_compute_output(move |r| {
            let mut out = DescribeTasksOutput::builder();
            for arn in r.tasks() {
                out = if gone(arn) {
                    out.failures(Failure::builder().arn(arn).reason("MISSING").build())
                } else {
                    out.tasks(Task::builder().task_arn(arn).cluster_arn(CLUSTER).last_status("RUNNING").build())
                };
            }
            out.build()
        });
    let api = mock_api(RuleMode::MatchAny, &[&list, &describe], 1, None);
    let filter = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };

    let loaded = Loader::new(Arc::new(api), 8).tasks(CLUSTER, &filter).await.expect("tasks load");

    let (missing, present): (Vec<String>, Vec<String>) = (0..TOTAL).map(task_arn).partition(|a| gone(a));
    assert_eq!(loaded.items.iter().map(|t| t.arn.clone()).collect::<Vec<_>>(), present);
    assert_eq!(loaded.failures.iter().map(|f| f.arn.clone()).collect::<Vec<_>>(), missing);
    assert!(!missing.is_empty());
    assert!(loaded.failures.iter().all(|f| f.reason == "MISSING"));
    assert_eq!(list.num_calls(), 3, "230 tasks: pages of 100, 100, 30");
    assert_eq!(describe.num_calls(), 3, "one DescribeTasks per page");
}

#[tokio::test]
async fn stopped_filter_reaches_list_tasks() {
    let list = mock!(Client::list_tasks)
        .match_requests(|r| r.desired_status() == Some(&DesiredStatus::Stopped) && r.service_name().is_none())
        .then_output(|| ListTasksOutput::builder().task_arns(task_arn(1)).build());
    let api = mock_api(RuleMode::Sequential, &[&list], 1, None);
    let filter = TaskFilter { service: None, status: TaskStatusFilter::Stopped };
    let page = bosun::api::EcsApi::list_tasks(&api, CLUSTER.into(), filter, None).await.expect("listed");
    assert_eq!(page.arns, vec![task_arn(1)]);
    assert_eq!(page.next_token, None);
    assert_eq!(list.num_calls(), 1);
}

#[tokio::test]
async fn describe_calls_ask_for_every_field_the_console_shows() {
    use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
    use aws_sdk_ecs::types::{ClusterField, ServiceField, TaskField};
    let clusters = mock!(Client::describe_clusters)
        .match_requests(|r| {
            let inc = r.include();
            [ClusterField::Configurations, ClusterField::Settings, ClusterField::Statistics, ClusterField::Tags]
                .iter()
                .all(|f| inc.contains(f))
        })
        .then_output(|| DescribeClustersOutput::builder().build());
    let services = mock!(Client::describe_services)
        .match_requests(|r| r.include().contains(&ServiceField::Tags))
        .then_output(|| DescribeServicesOutput::builder().build());
    let tasks = mock!(Client::describe_tasks)
        .match_requests(|r| r.include().contains(&TaskField::Tags))
        .then_output(|| DescribeTasksOutput::builder().build());
    let api = mock_api(RuleMode::MatchAny, &[&clusters, &services, &tasks], 1, None);
    use bosun::api::EcsApi;
    api.describe_clusters(vec![CLUSTER.into()]).await.expect("DescribeClusters with every include");
    api.describe_services(CLUSTER.into(), vec![service_arn(1)]).await.expect("DescribeServices with TAGS");
    api.describe_tasks(CLUSTER.into(), vec![task_arn(1)]).await.expect("DescribeTasks with TAGS");
    assert_eq!((clusters.num_calls(), services.num_calls(), tasks.num_calls()), (1, 1, 1));
}

/// The SDK layer refuses a batch above the AWS limit, like the simulator and like ECS, instead
/// of splitting it behind the loader's back; nothing is sent.
#[tokio::test]
async fn oversize_describe_batches_are_refused_without_a_call() {
    let services = mock!(Client::describe_services).then_output(|| DescribeServicesOutput::builder().build());
    let tasks = mock!(Client::describe_tasks).then_output(|| DescribeTasksOutput::builder().build());
    let clusters = mock!(Client::describe_clusters)
        .then_output(|| aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput::builder().build());
    let api = mock_api(RuleMode::MatchAny, &[&services, &tasks, &clusters], 1, None);

    let err = api.describe_services(CLUSTER.into(), (0..11).map(service_arn).collect()).await.expect_err("11 > 10");
    assert_eq!((err.kind, err.code.as_deref()), (ErrorKind::InvalidInput, Some("InvalidParameterException")));
    assert_eq!(err.message, "Services cannot have more than 10 elements (got 11)");
    let err = api.describe_tasks(CLUSTER.into(), (0..101).map(task_arn).collect()).await.expect_err("101 > 100");
    assert_eq!(err.message, "Tasks cannot have more than 100 elements (got 101)");
    let err = api.describe_clusters(vec![CLUSTER.to_string(); 101]).await.expect_err("101 > 100");
    assert_eq!(err.message, "Clusters cannot have more than 100 elements (got 101)");
    assert_eq!((services.num_calls(), tasks.num_calls(), clusters.num_calls()), (0, 0, 0), "nothing was sent");

    // At the limit the batch goes out as one call.
    api.describe_services(CLUSTER.into(), (0..10).map(service_arn).collect()).await.expect("10 is allowed");
    api.describe_tasks(CLUSTER.into(), (0..100).map(task_arn).collect()).await.expect("100 is allowed");
    assert_eq!((services.num_calls(), tasks.num_calls()), (1, 1));
}
