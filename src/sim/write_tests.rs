//! The simulator's write calls: ECS's validation and error shapes, and what follows over
//! simulated time (tasks starting and stopping, deployments rolling and rolling back).
use super::*;
use crate::api::{ServiceDeployment, StopType, UpdateService};
use crate::model::{StrategyItem, TaskStatusFilter};
use chrono::TimeZone;
use std::sync::Arc;

fn demo() -> Arc<Simulator> {
    let start = Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default();
    Arc::new(Simulator::demo_at(SimOptions { seed: 3, speed: 0.0, ..Default::default() }, start))
}

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

async fn service(sim: &Simulator, cluster: &str, name: &str) -> Service {
    let mut d = sim.describe_services(cluster.into(), vec![name.into()]).await.expect("describe");
    d.items.pop().expect("the service exists")
}

/// The service's tasks with desired status RUNNING.
async fn tasks(sim: &Simulator, cluster: &str, name: &str) -> Vec<Task> {
    let filter = TaskFilter { service: Some(name.into()), status: TaskStatusFilter::Running };
    let page = sim.list_tasks(cluster.into(), filter, None).await.expect("list");
    if page.arns.is_empty() {
        return Vec::new();
    }
    sim.describe_tasks(cluster.into(), page.arns).await.expect("describe").items
}

/// Advances the clock 30 s at a time (at most an hour) until `done` holds; whether it did.
async fn settle(sim: &Simulator, cluster: &str, name: &str, done: impl Fn(&Service, &[Task]) -> bool) -> bool {
    for _ in 0..120 {
        let (s, t) = (service(sim, cluster, name).await, tasks(sim, cluster, name).await);
        if done(&s, &t) {
            return true;
        }
        sim.advance(Duration::from_secs(30));
    }
    false
}

fn rolled_out(s: &Service, t: &[Task]) -> bool {
    s.deployments.len() == 1
        && s.primary().and_then(|p| p.rollout_state.as_deref()) == Some("COMPLETED")
        && t.len() == s.desired as usize
        && t.iter().all(|t| t.last_status == "RUNNING")
}

fn code(r: &ApiResult<impl std::fmt::Debug>) -> Option<&str> {
    r.as_ref().err().and_then(|e| e.code.as_deref())
}

#[tokio::test]
async fn scaling_starts_and_stops_tasks_over_time() {
    let sim = demo();
    let up = UpdateService { desired_count: Some(8), ..UpdateService::new("prod", "api") };
    let svc = sim.update_service(up).await.expect("scale out");
    assert_eq!(svc.desired, 8);
    assert_eq!(svc.deployments.len(), 1, "scaling is no new deployment");
    assert!(tasks(&sim, "prod", "api").await.len() < 8, "tasks start over time, not at once");
    assert!(settle(&sim, "prod", "api", |s, t| s.running == 8 && t.len() == 8).await, "8 running");

    let down = UpdateService { desired_count: Some(2), ..UpdateService::new("prod", "api") };
    sim.update_service(down).await.expect("scale in");
    assert!(settle(&sim, "prod", "api", |s, t| s.running == 2 && t.len() == 2).await, "2 running");
    let filter = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Stopped };
    let stopped = sim.list_tasks("prod".into(), filter, None).await.expect("list");
    let stopped = sim.describe_tasks("prod".into(), stopped.arns).await.expect("describe").items;
    let by_scheduler = stopped.iter().filter(|t| t.stop_code.as_deref() == Some("ServiceSchedulerInitiated")).count();
    assert!(by_scheduler >= 6, "the scheduler stopped the surplus: {by_scheduler}");

    let bad = sim.update_service(UpdateService { desired_count: Some(-1), ..UpdateService::new("prod", "api") }).await;
    assert_eq!(code(&bad), Some("InvalidParameterException"));
    // A daemon runs one task per instance: it has no desired count to set.
    let daemon = UpdateService { desired_count: Some(5), ..UpdateService::new("batch", "log-router") };
    assert_eq!(code(&sim.update_service(daemon).await), Some("InvalidParameterException"));
}

#[tokio::test]
async fn a_strategy_change_rolls_a_new_deployment_onto_the_new_providers() {
    let sim = demo();
    let before = service(&sim, "prod", "api").await;
    let on_demand = strategy(&[("FARGATE", 0, 1)]);
    let req =
        UpdateService { capacity_provider_strategy: Some(on_demand.clone()), ..UpdateService::new("prod", "api") };
    let svc = sim.update_service(req).await.expect("update");
    assert_eq!(svc.strategy, on_demand);
    let primary = svc.primary().expect("a primary deployment");
    assert_eq!((primary.rollout_state.as_deref(), &primary.strategy), (Some("IN_PROGRESS"), &on_demand));
    assert_ne!(primary.id, before.primary().expect("old primary").id);
    assert_eq!(svc.deployments.iter().filter(|d| d.status == "ACTIVE").count(), 1, "the old one drains");

    assert!(settle(&sim, "prod", "api", rolled_out).await, "the rollout completes");
    let t = tasks(&sim, "prod", "api").await;
    assert!(t.iter().all(|t| t.capacity_provider.as_deref() == Some("FARGATE")), "all on demand now");
    assert!(t.iter().all(|t| t.started_by.as_deref() == Some(primary.id.as_str())));
}

#[tokio::test]
async fn exec_applies_to_tasks_started_after_the_change() {
    let sim = demo();
    assert!(!service(&sim, "staging", "web").await.enable_execute_command);
    let req = UpdateService { enable_execute_command: Some(true), ..UpdateService::new("staging", "web") };
    let svc = sim.update_service(req).await.expect("update");
    assert!(svc.enable_execute_command);
    assert_eq!(svc.deployments.len(), 1, "enabling exec alone deploys nothing");
    assert!(tasks(&sim, "staging", "web").await.iter().all(|t| !t.enable_execute_command), "running tasks keep theirs");

    let req = UpdateService { force_new_deployment: Some(true), ..UpdateService::new("staging", "web") };
    let svc = sim.update_service(req).await.expect("force");
    assert_eq!(svc.deployments.len(), 2);
    assert!(settle(&sim, "staging", "web", rolled_out).await);
    let t = tasks(&sim, "staging", "web").await;
    assert!(t.iter().all(|t| t.enable_execute_command && t.containers[0].exec_agent_status() == Some("RUNNING")));
}

#[tokio::test]
async fn stop_task_records_the_reason_and_the_service_replaces_it() {
    let sim = demo();
    let victim = tasks(&sim, "prod", "api").await.into_iter().find(|t| t.last_status == "RUNNING").expect("a task");
    let stopped =
        sim.stop_task("prod".into(), victim.arn.clone(), Some("node drained by sre".into())).await.expect("stop");
    assert_eq!(stopped.desired_status, "STOPPED");
    assert_eq!(stopped.stop_code.as_deref(), Some("UserInitiated"));
    assert_eq!(stopped.stopped_reason.as_deref(), Some("node drained by sre"));
    assert!(settle(&sim, "prod", "api", |s, t| s.running == 6 && t.iter().all(|t| t.arn != victim.arn)).await);
    let gone = sim.describe_tasks("prod".into(), vec![victim.arn.clone()]).await.expect("describe").items;
    assert_eq!(gone[0].last_status, "STOPPED");

    let unknown = sim.stop_task("prod".into(), "0123456789abcdef0123456789abcdef".into(), None).await;
    assert_eq!(unknown.as_ref().map_err(|e| e.message.as_str()).err(), Some("The referenced task was not found."));
    assert_eq!(code(&unknown), Some("InvalidParameterException"));
    let long = sim.stop_task("prod".into(), victim.arn, Some("x".repeat(256))).await;
    assert_eq!(code(&long), Some("InvalidParameterException"));
    let no_cluster = sim.stop_task("ghost".into(), "abc".into(), None).await;
    assert_eq!(code(&no_cluster), Some("ClusterNotFoundException"));
}

#[tokio::test]
async fn cluster_providers_are_replaced_with_ecs_validation() {
    let sim = demo();
    let both = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    let on_demand = strategy(&[("FARGATE", 1, 1)]);
    let c = sim.put_cluster_capacity_providers("prod".into(), both.clone(), on_demand.clone()).await.expect("put");
    assert_eq!((c.capacity_providers.clone(), c.default_strategy.clone()), (both.clone(), on_demand.clone()));
    let described = sim.describe_clusters(vec!["prod".into()]).await.expect("describe").items.remove(0);
    assert_eq!(described.default_strategy, on_demand);

    let unknown = sim.put_cluster_capacity_providers("prod".into(), vec!["nope".into()], Strategy::default()).await;
    assert_eq!(code(&unknown), Some("InvalidParameterException"));
    let unassociated = sim
        .put_cluster_capacity_providers("prod".into(), vec!["FARGATE".into()], strategy(&[("FARGATE_SPOT", 0, 1)]))
        .await;
    assert!(unassociated.expect_err("not in the list").message.contains("not associated with the cluster"));
    let two_bases = strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 1, 1)]);
    let e = sim.put_cluster_capacity_providers("prod".into(), both.clone(), two_bases).await.expect_err("two bases");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
    // Services place tasks on FARGATE_SPOT through their strategies: it cannot be removed.
    let in_use = sim.put_cluster_capacity_providers("prod".into(), vec!["FARGATE".into()], on_demand.clone()).await;
    assert_eq!(code(&in_use), Some("ResourceInUseException"));
    let mixed = vec!["batch-ondemand".to_string(), "batch-spot".to_string(), "FARGATE".to_string()];
    let e = sim
        .put_cluster_capacity_providers("batch".into(), mixed, strategy(&[("batch-ondemand", 0, 1), ("FARGATE", 0, 1)]))
        .await
        .expect_err("mixed kinds");
    assert!(e.message.contains("cannot contain a mix"), "{}", e.message);
    // Nothing refused changed anything.
    let after = sim.describe_clusters(vec!["prod".into()]).await.expect("describe").items.remove(0);
    assert_eq!((after.capacity_providers, after.default_strategy), (both, on_demand));
}

#[tokio::test]
async fn update_service_applies_ecs_strategy_rules() {
    let sim = demo();
    let with = |cluster: &str, name: &str, s: Strategy| UpdateService {
        capacity_provider_strategy: Some(s),
        ..UpdateService::new(cluster, name)
    };
    // A launch type moves to a strategy only with a new deployment.
    let e = sim.update_service(with("staging", "api", strategy(&[("FARGATE", 0, 1)]))).await;
    let e = e.expect_err("needs force");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
    assert!(e.message.contains("forceNewDeployment"), "{}", e.message);
    assert_eq!(service(&sim, "staging", "api").await.launch_type.as_deref(), Some("FARGATE"), "nothing changed");
    let forced =
        UpdateService { force_new_deployment: Some(true), ..with("staging", "api", strategy(&[("FARGATE", 0, 1)])) };
    let svc = sim.update_service(forced).await.expect("forced");
    assert_eq!((svc.launch_type, svc.deployments.len()), (None, 2));

    // dev has only FARGATE_SPOT associated.
    let e = sim.update_service(with("dev", "api", strategy(&[("FARGATE", 0, 1)]))).await.expect_err("unassociated");
    assert!(e.message.contains("not associated with the cluster"), "{}", e.message);

    // Fargate and Auto Scaling group kinds never switch, nor mix.
    let providers: Vec<String> = ["batch-ondemand", "batch-spot", "FARGATE"].iter().map(|p| p.to_string()).collect();
    let default = strategy(&[("batch-ondemand", 2, 1), ("batch-spot", 0, 3)]);
    sim.put_cluster_capacity_providers("batch".into(), providers, default).await.expect("associate FARGATE");
    let e = sim.update_service(with("batch", "ingest", strategy(&[("FARGATE", 0, 1)]))).await.expect_err("switch");
    assert!(e.message.contains("between Fargate and Auto Scaling group"), "{}", e.message);
    let mixed = strategy(&[("batch-ondemand", 0, 1), ("FARGATE", 0, 1)]);
    let e = sim.update_service(with("batch", "ingest", mixed)).await.expect_err("mix");
    assert!(e.message.contains("cannot contain a mix"), "{}", e.message);

    // The numeric rules, and no way back to the cluster default.
    for bad in [
        strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 1, 1)]),
        strategy(&[("FARGATE", 100_001, 1)]),
        strategy(&[("FARGATE", 0, 1001)]),
        strategy(&[("FARGATE", 0, 0)]),
        Strategy::default(),
    ] {
        let e = sim.update_service(with("prod", "api", bad.clone())).await.expect_err("invalid");
        assert_eq!(e.code.as_deref(), Some("InvalidParameterException"), "{bad:?}");
    }
    let e = sim.update_service(UpdateService::new("prod", "ghost")).await;
    assert_eq!(code(&e), Some("ServiceNotFoundException"));
    let e = sim.update_service(UpdateService::new("ghost", "api")).await;
    assert_eq!(code(&e), Some("ClusterNotFoundException"));
    // Blue/green services are deployed by CodeDeploy; scaling them is still ECS's.
    let bg = UpdateService { force_new_deployment: Some(true), ..UpdateService::new("prod", "payments") };
    assert!(sim.update_service(bg).await.expect_err("CODE_DEPLOY").message.contains("CodeDeploy"));
    let bg = UpdateService { desired_count: Some(4), ..UpdateService::new("prod", "payments") };
    assert_eq!(sim.update_service(bg).await.map(|s| s.desired), Ok(4));
    let td = UpdateService { task_definition: Some("nope:1".into()), ..UpdateService::new("prod", "api") };
    assert_eq!(code(&sim.update_service(td).await), Some("ClientException"));
}

async fn deployments(sim: &Simulator, statuses: &[&str]) -> Vec<ServiceDeployment> {
    let statuses = statuses.iter().map(|s| s.to_string()).collect();
    let page = sim.list_service_deployments("prod".into(), "api".into(), statuses, None).await.expect("list");
    if page.arns.is_empty() {
        return Vec::new();
    }
    sim.describe_service_deployments(page.arns).await.expect("describe").items
}

#[tokio::test]
async fn rollback_stops_an_ongoing_deployment_and_returns_to_the_previous_one() {
    let sim = demo();
    let before = service(&sim, "prod", "api").await;
    assert!(deployments(&sim, &["IN_PROGRESS", "PENDING"]).await.is_empty(), "nothing ongoing yet");
    let done = deployments(&sim, &[]).await;
    // The current deployment first, then the demo's history (one of it older than ECS keeps,
    // which is described as a failure and so is not among the items).
    let statuses: Vec<&str> = done.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(statuses, ["SUCCESSFUL", "SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "SUCCESSFUL"]);
    assert_eq!(
        done[0].target_revision,
        before.deployments.first().map(|d| super::deployments::revision_arn("prod", "api", &d.id))
    );
    // Nothing ongoing: ECS refuses to stop a finished deployment.
    let e = sim.stop_service_deployment(done[0].arn.clone(), StopType::Rollback).await.expect_err("finished");
    assert_eq!(e.code.as_deref(), Some("ConflictException"));

    let on_demand = strategy(&[("FARGATE", 0, 1)]);
    let req = UpdateService { capacity_provider_strategy: Some(on_demand), ..UpdateService::new("prod", "api") };
    sim.update_service(req).await.expect("update");
    let ongoing = deployments(&sim, &["IN_PROGRESS", "PENDING"]).await;
    assert_eq!(ongoing.len(), 1);
    assert_eq!(ongoing[0].source_revisions.len(), 1, "it knows what ran before");

    let arn = sim.stop_service_deployment(ongoing[0].arn.clone(), StopType::Rollback).await.expect("rollback");
    assert_eq!(arn, ongoing[0].arn);
    let svc = service(&sim, "prod", "api").await;
    assert_eq!(svc.strategy, before.strategy, "back to the previous strategy");
    assert_eq!(svc.task_definition, before.task_definition);
    assert_eq!(svc.rollout_label(sim.now()), "ROLLING BACK");
    let d = sim.describe_service_deployments(vec![arn.clone()]).await.expect("describe").items;
    assert_eq!(d[0].status, "ROLLBACK_IN_PROGRESS");
    assert!(deployments(&sim, &["IN_PROGRESS"]).await.is_empty(), "the rollback is part of the stopped deployment");
    let again = sim.stop_service_deployment(arn.clone(), StopType::Rollback).await;
    assert_eq!(code(&again), Some("ConflictException"));

    assert!(settle(&sim, "prod", "api", rolled_out).await, "the rollback completes");
    // The tasks are placed by the restored strategy: base on FARGATE, the rest 1:4.
    let t = tasks(&sim, "prod", "api").await;
    let on = |p: &str| t.iter().filter(|t| t.capacity_provider.as_deref() == Some(p)).count() as u32;
    assert_eq!(
        before.strategy.expected_split(6),
        vec![("FARGATE".to_string(), on("FARGATE")), ("FARGATE_SPOT".to_string(), on("FARGATE_SPOT"))]
    );
    let d = sim.describe_service_deployments(vec![arn.clone()]).await.expect("describe").items;
    assert_eq!(d[0].status, "ROLLBACK_SUCCESSFUL");
    assert!(d[0].finished_at.is_some());

    let ghost = arn.replace("/prod/api/", "/prod/api/9");
    let e = sim.stop_service_deployment(ghost.clone(), StopType::Rollback).await;
    assert_eq!(code(&e), Some("ServiceDeploymentNotFoundException"));
    let d = sim.describe_service_deployments(vec![ghost]).await.expect("describe");
    assert_eq!(d.failures[0].reason, "MISSING");
    let e = sim.stop_service_deployment("not-an-arn".into(), StopType::Rollback).await;
    assert_eq!(code(&e), Some("InvalidParameterException"));
    let too_many = vec![arn; 21];
    assert_eq!(code(&sim.describe_service_deployments(too_many).await), Some("InvalidParameterException"));
}

#[tokio::test]
async fn a_circuit_breaker_rollback_shows_in_the_service_deployments() {
    let sim = demo();
    // checkout's releases cannot start: wait for one to fail and be rolled back.
    let listed = |sim: Arc<Simulator>| async move {
        let page = sim.list_service_deployments("prod".into(), "checkout".into(), vec![], None).await.expect("list");
        sim.describe_service_deployments(page.arns.into_iter().take(20).collect()).await.expect("describe").items
    };
    let mut seen = Vec::new();
    for _ in 0..240 {
        seen = listed(sim.clone()).await;
        if seen.iter().any(|d| d.status.starts_with("ROLLBACK_")) {
            break;
        }
        sim.advance(Duration::from_secs(30));
    }
    assert!(seen.iter().any(|d| d.status.starts_with("ROLLBACK_")), "{seen:?}");
}
