//! Tasks through moto: RunTask, ListTasks by desired status, DescribeTasks, StopTask.
use crate::common::{moto_api, moto_ecs};
use crate::moto;
use crate::moto_clusters::item;
use crate::moto_services::register;
use bosun::api::EcsApi;
use bosun::model::{TaskFilter, TaskStatusFilter};

/// Runs `count` tasks of `td` in `cluster` under `group` on a Fargate `provider`; returns
/// their ARNs.
pub async fn run(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    td: &str,
    group: &str,
    provider: &str,
    count: i32,
) -> Vec<String> {
    let out = ecs
        .run_task()
        .cluster(cluster)
        .task_definition(td)
        .group(group)
        .capacity_provider_strategy(item(provider, 0, 1))
        .started_by("bosun-tests")
        .count(count)
        .send()
        .await
        .expect("RunTask");
    assert!(out.failures().is_empty(), "RunTask failures: {:?}", out.failures());
    out.tasks().iter().filter_map(|t| t.task_arn()).map(str::to_string).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

#[tokio::test]
async fn run_list_describe_and_stop() {
    let acct = moto::account();
    let ecs = moto_ecs(&acct);
    ecs.create_cluster().cluster_name("prod").send().await.expect("CreateCluster");
    let td = register(&ecs, "worker").await;
    let arns = run(&ecs, "prod", &td, "service:worker", "FARGATE_SPOT", 2).await;
    assert_eq!(arns.len(), 2);

    let api = moto_api(&acct);
    let running = TaskFilter { service: None, status: TaskStatusFilter::Running };
    let page = api.list_tasks("prod".into(), running.clone(), None).await.expect("ListTasks");
    assert_eq!(sorted(page.arns.clone()), sorted(arns.clone()));

    let d = api.describe_tasks("prod".into(), page.arns).await.expect("DescribeTasks");
    assert!(d.failures.is_empty(), "{:?}", d.failures);
    assert_eq!(d.items.len(), 2);
    for t in &d.items {
        assert!(t.cluster_arn.ends_with("cluster/prod"), "{}", t.cluster_arn);
        assert_eq!(t.task_definition, td);
        assert_eq!(t.desired_status, "RUNNING");
        assert_eq!(t.service_name(), Some("worker"));
        assert_eq!(t.started_by.as_deref(), Some("bosun-tests"));
        assert_eq!(t.capacity_provider.as_deref(), Some("FARGATE_SPOT"));
        assert_eq!(t.containers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), vec!["app"]);
    }

    let stopped_arn = arns[0].clone();
    ecs.stop_task().cluster("prod").task(&stopped_arn).reason("drained by the test").send().await.expect("StopTask");

    let still = api.list_tasks("prod".into(), running, None).await.expect("ListTasks RUNNING");
    assert_eq!(still.arns, vec![arns[1].clone()]);
    let stopped_filter = TaskFilter { service: None, status: TaskStatusFilter::Stopped };
    let stopped = api.list_tasks("prod".into(), stopped_filter, None).await.expect("ListTasks STOPPED");
    assert_eq!(stopped.arns, vec![stopped_arn.clone()]);
    let d = api.describe_tasks("prod".into(), stopped.arns).await.expect("DescribeTasks");
    assert_eq!(d.items[0].desired_status, "STOPPED");
    assert_eq!(d.items[0].stopped_reason.as_deref(), Some("drained by the test"));
}

#[tokio::test]
async fn describing_no_tasks_makes_no_call() {
    // No cluster exists in this account: a call would fail, so success proves none was made.
    let acct = moto::account();
    let d = moto_api(&acct).describe_tasks("nowhere".into(), vec![]).await.expect("nothing to describe");
    assert!(d.items.is_empty() && d.failures.is_empty());
}
