//! The simulator against AWS's rules and the demo scenarios.
use super::*;
use crate::api::{Fleet, FleetCluster, Loader};
use crate::model::{ExecLogging, TaskStatusFilter};
use chrono::TimeZone;
use std::collections::BTreeSet;
use std::sync::Arc;

fn frozen(seed: u64) -> SimOptions {
    SimOptions { seed, speed: 0.0, ..Default::default() }
}

fn start() -> Time {
    Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default()
}

fn demo(seed: u64) -> Arc<Simulator> {
    Arc::new(Simulator::demo_at(frozen(seed), start()))
}

async fn fleet(sim: &Arc<Simulator>) -> Fleet {
    Loader::new(sim.clone(), 8).fleet(None).await.expect("fleet loads")
}

fn cluster<'a>(f: &'a Fleet, name: &str) -> &'a FleetCluster {
    f.clusters.iter().find(|c| c.cluster.name == name).expect("cluster present")
}

fn service<'a>(c: &'a FleetCluster, name: &str) -> &'a Service {
    c.services.iter().find(|s| s.name == name).expect("service present")
}

async fn all_pages(sim: &Simulator, cluster: &str, filter: TaskFilter) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut token = None;
    loop {
        let p = sim.list_tasks(cluster.into(), filter.clone(), token).await.expect("page");
        token = p.next_token.clone();
        pages.push(p);
        if token.is_none() {
            return pages;
        }
    }
}

async fn stopped_tasks(sim: &Simulator, cluster: &str, service: &str) -> Vec<Task> {
    let filter = TaskFilter { service: Some(service.into()), status: TaskStatusFilter::Stopped };
    let mut out = Vec::new();
    for p in all_pages(sim, cluster, filter).await {
        if !p.arns.is_empty() {
            out.extend(sim.describe_tasks(cluster.into(), p.arns).await.expect("describe").items);
        }
    }
    out
}

#[tokio::test]
async fn a_250_task_list_comes_in_three_pages() {
    let sim = Simulator::synthetic(frozen(1), 1, 3, 250);
    let pages = all_pages(&sim, "load-01", TaskFilter::default()).await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.arns.len()).collect();
    assert_eq!(sizes, vec![100, 100, 50]);
    let unique: BTreeSet<&String> = pages.iter().flat_map(|p| &p.arns).collect();
    assert_eq!(unique.len(), 250);
    assert!(unique.iter().all(|a| a.starts_with("arn:aws:ecs:eu-west-1:123456789012:task/load-01/")));
    assert_eq!(sim.calls().get("ListTasks"), Some(&3));
}

#[tokio::test]
async fn tokens_only_continue_the_call_that_issued_them() {
    let sim = Simulator::synthetic(frozen(1), 1, 150, 150);
    let first = sim.list_services("load-01".into(), None).await.expect("page");
    assert_eq!(first.arns.len(), 100);
    let token = first.next_token.expect("a second page");
    let second = sim.list_services("load-01".into(), Some(token.clone())).await.expect("page");
    assert_eq!(second.arns.len(), 50);
    assert_eq!(second.next_token, None);
    let wrong = sim.list_tasks("load-01".into(), TaskFilter::default(), Some(token)).await;
    assert_eq!(wrong.map_err(|e| e.kind), Err(ErrorKind::InvalidInput));
    let garbage = sim.list_services("load-01".into(), Some("not-a-token".into())).await;
    assert_eq!(garbage.map_err(|e| e.code), Err(Some("InvalidParameterException".into())));
}

#[tokio::test]
async fn batches_above_the_aws_limits_fail_like_aws() {
    let sim = Simulator::synthetic(frozen(1), 1, 20, 200);
    let services: Vec<String> = (1..=11).map(|i| format!("svc-{i:04}")).collect();
    let err = sim.describe_services("load-01".into(), services.clone()).await.expect_err("11 > 10");
    assert_eq!((err.kind, err.code.as_deref()), (ErrorKind::InvalidInput, Some("InvalidParameterException")));
    // The same words as the SDK layer's refusal (`api::limits::check_batch`).
    assert_eq!(err.message, "Services cannot have more than 10 elements (got 11)");
    assert!(sim.describe_services("load-01".into(), services[..10].to_vec()).await.is_ok());
    let tasks = all_pages(&sim, "load-01", TaskFilter::default()).await;
    let mut arns: Vec<String> = tasks.into_iter().flat_map(|p| p.arns).collect();
    arns.truncate(101);
    let err = sim.describe_tasks("load-01".into(), arns.clone()).await.expect_err("101 > 100");
    assert_eq!(err.kind, ErrorKind::InvalidInput);
    assert_eq!(sim.describe_tasks("load-01".into(), arns[..100].to_vec()).await.map(|d| d.items.len()), Ok(100));
    let clusters = vec!["load-01".to_string(); 101];
    assert_eq!(sim.describe_clusters(clusters).await.map_err(|e| e.kind), Err(ErrorKind::InvalidInput));
    assert_eq!(sim.describe_tasks("load-01".into(), vec![]).await.map_err(|e| e.kind), Err(ErrorKind::InvalidInput));
}

#[tokio::test]
async fn unknown_names_come_back_as_missing_failures() {
    let sim = Simulator::synthetic(frozen(1), 1, 2, 4);
    let d = sim.describe_services("load-01".into(), vec!["svc-0001".into(), "ghost".into()]).await.expect("ok");
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.failures.len(), 1);
    assert_eq!(d.failures[0].reason, "MISSING");
    assert_eq!(d.failures[0].arn, "arn:aws:ecs:eu-west-1:123456789012:service/load-01/ghost");
    let d = sim.describe_tasks("load-01".into(), vec!["0123456789abcdef0123456789abcdef".into()]).await.expect("ok");
    assert!(d.items.is_empty());
    assert_eq!(d.failures[0].reason, "MISSING");
    let d = sim.describe_clusters(vec!["load-01".into(), "ghost".into()]).await.expect("ok");
    assert_eq!(d.items.len(), 1);
    assert_eq!(d.failures[0].arn, "arn:aws:ecs:eu-west-1:123456789012:cluster/ghost");
    assert_eq!(d.failures[0].reason, "MISSING");
    // A service ARN of another cluster is missing from this one.
    let other = "arn:aws:ecs:eu-west-1:123456789012:service/other/svc-0001".to_string();
    let d = sim.describe_services("load-01".into(), vec![other]).await.expect("ok");
    assert_eq!((d.items.len(), d.failures.len()), (0, 1));
}

#[tokio::test]
async fn unknown_clusters_and_services_are_not_found() {
    let sim = Simulator::synthetic(frozen(1), 1, 2, 4);
    for result in [
        sim.list_services("ghost".into(), None).await.map(|_| ()),
        sim.list_tasks("ghost".into(), TaskFilter::default(), None).await.map(|_| ()),
        sim.describe_tasks("ghost".into(), vec!["x".into()]).await.map(|_| ()),
    ] {
        let err = result.expect_err("no such cluster");
        assert_eq!((err.kind, err.code.as_deref()), (ErrorKind::NotFound, Some("ClusterNotFoundException")));
    }
    let filter = TaskFilter { service: Some("ghost".into()), status: TaskStatusFilter::Running };
    let err = sim.list_tasks("load-01".into(), filter, None).await.expect_err("no such service");
    assert_eq!(err.code.as_deref(), Some("ServiceNotFoundException"));
}

#[tokio::test]
async fn names_and_arns_are_both_accepted() {
    let sim = Simulator::synthetic(frozen(1), 1, 2, 4);
    let by_arn = sim.list_services(ids::cluster_arn("load-01"), None).await.expect("by arn");
    let by_name = sim.list_services("load-01".into(), None).await.expect("by name");
    assert_eq!(by_arn, by_name);
    let d = sim.describe_services("load-01".into(), by_arn.arns.clone()).await.expect("ok");
    assert_eq!(d.items.len(), 2);
    let tasks = sim.list_tasks("load-01".into(), TaskFilter::default(), None).await.expect("ok");
    let id = ids::last_segment(&tasks.arns[0]).to_string();
    let d = sim.describe_tasks("load-01".into(), vec![id, tasks.arns[1].clone()]).await.expect("ok");
    assert_eq!(d.items.len(), 2);
    assert!(d.failures.is_empty());
}

#[tokio::test]
async fn list_tasks_honours_service_and_status_filters() {
    let sim = demo(1);
    let running =
        |service: Option<&str>| TaskFilter { service: service.map(str::to_string), status: TaskStatusFilter::Running };
    let all: BTreeSet<String> =
        sim.list_tasks("prod".into(), running(None), None).await.expect("ok").arns.into_iter().collect();
    let mut union = BTreeSet::new();
    for svc in ["api", "web", "checkout", "payments", "worker", "notifications", "search"] {
        let page = sim.list_tasks("prod".into(), running(Some(svc)), None).await.expect("ok");
        let d = sim.describe_tasks("prod".into(), page.arns.clone()).await.expect("ok");
        assert!(d.items.iter().all(|t| t.service_name() == Some(svc) && t.desired_status == "RUNNING"));
        union.extend(page.arns);
    }
    assert_eq!(union, all);
    let stopped = stopped_tasks(&sim, "prod", "worker").await;
    assert_eq!(stopped.len(), 4);
    assert!(
        stopped.iter().all(|t| t.desired_status == "STOPPED" && t.last_status == "STOPPED" && t.stopped_at.is_some())
    );
    assert!(stopped.iter().all(|t| t.service_name() == Some("worker")));
}

#[tokio::test]
async fn the_demo_fleet_has_the_seed_designs() {
    let sim = demo(1);
    let f = fleet(&sim).await;
    assert!(f.failures.is_empty());
    let names: Vec<&str> = f.clusters.iter().map(|c| c.cluster.name.as_str()).collect();
    assert_eq!(names, ["batch", "dev", "prod", "staging"]);
    let prod = cluster(&f, "prod");
    assert_eq!(prod.cluster.default_strategy.short(), "FARGATE b1 w1 · SPOT w4");
    assert_eq!(prod.cluster.exec.logging, ExecLogging::Override);
    assert_eq!(prod.cluster.exec.cloudwatch_log_group.as_deref(), Some("/ecs/prod/exec-audit"));
    assert!(
        prod.cluster
            .exec
            .kms_key_id
            .as_deref()
            .is_some_and(|k| k.starts_with("arn:aws:kms:eu-west-1:123456789012:key/"))
    );
    let dev = cluster(&f, "dev");
    assert_eq!(dev.cluster.default_strategy.short(), "FARGATE_SPOT w1");
    assert_eq!(dev.cluster.exec.logging, ExecLogging::Default);
    assert!(dev.tasks.iter().all(|t| t.capacity_provider.as_deref() == Some("FARGATE_SPOT")));
    let batch = cluster(&f, "batch");
    assert_eq!(batch.cluster.capacity_providers, ["batch-ondemand", "batch-spot"]);
    assert_eq!(batch.cluster.registered_instances, 5);
    assert!(batch.tasks.iter().all(|t| t.launch_type.as_deref() == Some("EC2") && t.container_instance_arn.is_some()));
    let total: usize = f.clusters.iter().map(|c| c.services.len()).sum();
    // With staging's gateway and mailer, which log elsewhere than awslogs, and batch's
    // scheduler, below its provider's baseline.
    assert_eq!(total, 19);
    assert_eq!(f.clusters.iter().filter(|c| c.services.iter().any(|s| s.controller == "CODE_DEPLOY")).count(), 1);

    // One rollout in progress, one rolled back by the circuit breaker.
    let web = service(prod, "web");
    assert_eq!(web.primary().and_then(|d| d.rollout_state.as_deref()), Some("IN_PROGRESS"));
    assert_eq!(web.deployments.len(), 2);
    let checkout = service(prod, "checkout");
    let failed = checkout.deployments.iter().find(|d| d.rollout_state.as_deref() == Some("FAILED")).expect("failed");
    assert_eq!(failed.failed, 3);
    assert!(failed.rollout_reason.as_deref().is_some_and(|r| r.contains("circuit breaker")));
    assert!(checkout.rollout_failed());
    let recent: Vec<&str> = checkout.events.iter().take(5).map(|e| e.message.as_str()).collect();
    let back = recent.iter().position(|m| m.starts_with("(service checkout) rolling back to deployment ecs-svc/"));
    let failure = recent.iter().position(|m| m.ends_with("deployment failed: tasks failed to start."));
    assert!(matches!((back, failure), (Some(b), Some(f)) if b < f), "{recent:#?}");
    assert_eq!(
        checkout.primary().map(|d| d.task_definition.as_str()),
        Some(failed.task_definition.replace(":37", ":36").as_str())
    );

    // The degraded service and its three ways of dying.
    let worker = service(prod, "worker");
    assert!(worker.is_degraded(), "running {} < desired {}", worker.running, worker.desired);
    let stopped = stopped_tasks(&sim, "prod", "worker").await;
    let oom =
        |t: &Task| t.containers.iter().any(|c| c.reason.as_deref().is_some_and(|r| r.starts_with("OutOfMemoryError")));
    assert!(stopped.iter().any(|t| oom(t) && t.containers[0].exit_code == Some(137)));
    assert!(
        stopped.iter().any(|t| !oom(t) && t.stopped_reason.as_deref() == Some("Essential container in task exited"))
    );
    assert!(stopped.iter().any(|t| t.stop_code.as_deref() == Some("SpotInterruption")
        && t.stopped_reason.as_deref() == Some("Your Spot Task was interrupted.")
        && t.capacity_provider.as_deref() == Some("FARGATE_SPOT")));
    let ingest = service(batch, "ingest");
    assert!(ingest.is_degraded());
    assert!(
        ingest.events[0]
            .message
            .contains("was unable to place a task because no container instance met all of its requirements")
    );
}

#[tokio::test]
async fn demo_tasks_look_like_ecs_tasks() {
    let sim = demo(1);
    let f = fleet(&sim).await;
    let prod = cluster(&f, "prod");
    // Steady services sit exactly where their strategy puts them (base first, then weights).
    for name in ["api", "notifications"] {
        let svc = service(prod, name);
        let mine: Vec<&Task> = prod.tasks.iter().filter(|t| t.service_name() == Some(name)).collect();
        for (provider, want) in svc.strategy.expected_split(mine.len() as u32) {
            let got = mine.iter().filter(|t| t.capacity_provider.as_deref() == Some(provider.as_str())).count();
            assert_eq!(got as u32, want, "{name} on {provider}");
        }
    }
    for t in f.clusters.iter().flat_map(|c| &c.tasks) {
        assert!(t.id().len() == 32 && t.id().chars().all(|c| c.is_ascii_hexdigit()), "{}", t.arn);
        assert!(ids::ZONES.contains(&t.availability_zone.as_deref().unwrap_or("")));
        let def = sim.task_definition(&t.task_definition).expect("registered task definition");
        // The first container logging with awslogs (gateway's app logs through FireLens; mailer
        // keeps no logs).
        match def.container_definitions.iter().find_map(|c| c.awslogs().map(|l| l.group)) {
            Some(group) => {
                assert_eq!(group, format!("/ecs/{}/{}", t.cluster_name(), t.service_name().unwrap_or_default()))
            }
            None => assert_eq!(t.service_name(), Some("mailer"), "{}", t.arn),
        }
        if t.last_status == "RUNNING" {
            assert!(t.containers.iter().all(|c| c.runtime_id.is_some()));
            if t.enable_execute_command {
                assert!(t.containers.iter().all(|c| c.exec_agent_status() == Some("RUNNING")));
            }
        }
    }
    let api = prod.tasks.iter().find(|t| t.service_name() == Some("api")).expect("api task");
    assert_eq!(api.containers[0].image.as_deref(), Some("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.42.0"));
    assert_eq!(api.health.as_deref(), Some("HEALTHY"));
    let batch = cluster(&f, "batch");
    let runtime = batch.tasks[0].containers[0].runtime_id.clone().unwrap_or_default();
    assert!(runtime.len() == 64 && runtime.chars().all(|c| c.is_ascii_hexdigit()));
    let id = sim.identity().await.expect("identity");
    assert_eq!(id.account.as_deref(), Some(ACCOUNT));
}

#[tokio::test]
async fn the_loader_gets_everything_with_the_fewest_calls() {
    let sim = Arc::new(Simulator::synthetic(frozen(3), 1, 25, 250));
    let f = fleet(&sim).await;
    assert_eq!(f.clusters.len(), 1);
    assert_eq!(f.clusters[0].services.len(), 25);
    assert_eq!(f.clusters[0].tasks.len(), 250);
    assert_eq!(f.clusters[0].services.iter().map(|s| s.running).sum::<i32>(), 250);
    assert_eq!(f.clusters[0].cluster.running_tasks, 250);
    let expected: BTreeMap<&str, u64> = [
        ("DescribeClusters", 1),
        ("DescribeServices", 3),
        ("DescribeTasks", 3),
        ("ListClusters", 1),
        ("ListServices", 1),
        ("ListTasks", 3),
    ]
    .into_iter()
    .collect();
    assert_eq!(sim.calls(), expected);
    sim.reset_calls();
    assert!(sim.calls().is_empty());
    let sequential = Loader::new(sim.clone(), 1).fleet(None).await.expect("fleet");
    assert_eq!(sequential, f);
    assert_eq!(sim.calls(), expected);
}

#[tokio::test]
async fn the_same_seed_and_clock_give_the_same_fleet() {
    let (a, b, c) = (demo(42), demo(42), demo(43));
    for s in [&a, &b, &c] {
        s.advance(Duration::from_secs(30 * 60));
    }
    let (fa, fb, fc) = (fleet(&a).await, fleet(&b).await, fleet(&c).await);
    assert_eq!(fa, fb);
    assert_ne!(fa, fc);
    // The clock only moves when told to while frozen.
    assert_eq!(a.now(), start() + chrono::Duration::minutes(30));
    assert_eq!(a.now(), b.now());
}

#[tokio::test]
async fn the_demo_lives() {
    let sim = demo(1);
    let before = fleet(&sim).await;
    sim.advance(Duration::from_secs(3 * 60));
    let after = fleet(&sim).await;
    assert_ne!(before, after);
    let prod = cluster(&after, "prod");
    // The rollout finished and the rollback settled.
    let web = service(prod, "web");
    assert_eq!(web.deployments.len(), 1);
    assert_eq!(web.primary().and_then(|d| d.rollout_state.as_deref()), Some("COMPLETED"));
    assert!(web.events.iter().take(3).any(|e| e.message == "(service web) has reached a steady state."));
    let checkout = service(prod, "checkout");
    assert_eq!(checkout.deployments.len(), 1);
    assert!(checkout.task_definition.ends_with("prod-checkout:36"));
    // Later the pipeline ships again: web's next release completes, checkout's fails and rolls back.
    sim.advance(Duration::from_secs(17 * 60));
    let later = fleet(&sim).await;
    let prod = cluster(&later, "prod");
    let web = service(prod, "web");
    assert!(web.task_definition.ends_with("prod-web:19") || web.task_definition.ends_with("prod-web:20"));
    let checkout = service(prod, "checkout");
    let rollbacks = checkout.events.iter().filter(|e| e.message.contains("rolling back to deployment")).count();
    assert_eq!(rollbacks, 2);
    assert!(checkout.task_definition.ends_with("prod-checkout:36"));
    let worker = service(prod, "worker");
    let restarts = worker.events.iter().filter(|e| e.message.contains("has started 1 tasks")).count();
    assert!(restarts >= 3, "worker keeps being restarted: {restarts}");
}

#[tokio::test]
async fn spot_tasks_get_interrupted_and_old_stopped_tasks_expire() {
    let sim = demo(5);
    sim.advance(Duration::from_secs(3 * 3600));
    let now = sim.now();
    let f = fleet(&sim).await;
    let mut interrupted = 0;
    for c in &f.clusters {
        for s in &c.services {
            for t in stopped_tasks(&sim, &c.cluster.name, &s.name).await {
                match t.stopped_at {
                    Some(at) => assert!(now - at <= chrono::Duration::hours(1), "kept about an hour"),
                    None => assert_ne!(t.last_status, "STOPPED", "still on its way down"),
                }
                interrupted += usize::from(t.stop_code.as_deref() == Some("SpotInterruption"));
            }
        }
    }
    assert!(interrupted > 0, "some Spot task was interrupted in the last hour");
    // Interrupted services were brought back to desired.
    let api = service(cluster(&f, "prod"), "api");
    assert!(api.running + api.pending >= api.desired - 1);
}

#[tokio::test]
async fn throttling_fails_calls_with_throttled() {
    let sim = Simulator::synthetic(SimOptions { throttle_rate: 1.0, ..frozen(1) }, 1, 1, 1);
    let err = sim.list_clusters(None).await.expect_err("throttled");
    assert_eq!((err.kind, err.code.as_deref()), (ErrorKind::Throttled, Some("ThrottlingException")));
    assert_eq!(sim.throttled(), 1);
    assert_eq!(sim.calls().get("ListClusters"), Some(&1));
    let half = Simulator::synthetic(SimOptions { throttle_rate: 0.5, ..frozen(1) }, 1, 1, 1);
    let mut failed = 0;
    for _ in 0..200 {
        failed += usize::from(half.list_clusters(None).await.is_err());
    }
    assert!((50..150).contains(&failed), "about half throttled: {failed}");
    assert_eq!(half.throttled(), failed as u64);
}

#[tokio::test]
async fn latency_is_added_to_every_call() {
    let sim = Simulator::synthetic(SimOptions { latency: Duration::from_millis(30), ..frozen(1) }, 1, 1, 1);
    let started = Instant::now();
    sim.list_clusters(None).await.expect("ok");
    sim.list_clusters(None).await.expect("ok");
    assert!(started.elapsed() >= Duration::from_millis(60));
}

#[test]
fn the_clock_runs_at_speed_and_moves_on_demand() {
    let frozen_sim = Simulator::synthetic(frozen(1), 0, 0, 0);
    let t0 = frozen_sim.now();
    frozen_sim.advance(Duration::from_secs(90));
    assert_eq!(frozen_sim.now() - t0, chrono::Duration::seconds(90));
    let fast = Simulator::synthetic(SimOptions { speed: 1000.0, ..Default::default() }, 0, 0, 0);
    let t0 = fast.now();
    std::thread::sleep(Duration::from_millis(20));
    assert!(fast.now() - t0 >= chrono::Duration::seconds(20));
    let silly = Simulator::synthetic(SimOptions { speed: f64::NAN, throttle_rate: 7.0, ..Default::default() }, 0, 0, 0);
    assert_eq!((silly.options().speed, silly.options().throttle_rate), (0.0, 1.0));
}
