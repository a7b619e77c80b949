//! The simulator's health reads: task definitions, capacity providers, container instances,
//! the deployment history, and the Spot capacity shortage of the demo fleet.
use super::*;
use crate::api::{Loader, limits};
use crate::model::ContainerInstance;
use chrono::TimeZone;

fn demo() -> Arc<Simulator> {
    let start = Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default();
    Arc::new(Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, start))
}

fn env<'a>(td: &'a TaskDefinition, name: &str) -> Option<&'a str> {
    td.container_definitions[0].environment.iter().find(|e| e.name == name).map(|e| e.value.as_str())
}

#[tokio::test]
async fn every_revision_is_described_and_the_next_one_changes_the_image_and_its_version() {
    let sim = demo();
    let fleet = Loader::new(sim.clone(), 8).fleet(None).await.expect("fleet");
    for s in fleet.clusters.iter().flat_map(|c| &c.services) {
        let td = sim.describe_task_definition(s.task_definition.clone()).await.expect("the service's definition");
        assert_eq!(td.arn, s.task_definition);
        let previous = td.previous().expect("every demo family has an earlier revision");
        let before = sim.describe_task_definition(previous).await.expect("the previous revision");
        assert_ne!(before.container_definitions[0].image, td.container_definitions[0].image, "{}", td.arn);
        assert_ne!(env(&before, "APP_VERSION"), env(&td, "APP_VERSION"));
        assert_eq!(env(&before, "LOG_LEVEL"), env(&td, "LOG_LEVEL"), "one value changes, not all");
    }
    let now = sim.describe_task_definition("prod-api:42".into()).await.expect("short form");
    let before = sim.describe_task_definition("prod-api:41".into()).await.expect("41");
    assert_eq!(now.container_definitions[0].image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.42.0");
    assert_eq!(before.container_definitions[0].image, "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.41.0");
    assert_eq!((env(&before, "APP_VERSION"), env(&now, "APP_VERSION")), (Some("1.41.0"), Some("1.42.0")));
    assert_eq!(sim.describe_task_definition("prod-api".into()).await.map(|t| t.revision), Ok(42), "latest");

    // Secrets name where they come from; a value is never part of a definition.
    let c = &now.container_definitions[0];
    assert_eq!(c.secrets[0].name, "DATABASE_URL");
    assert!(c.secrets[0].value_from.starts_with("arn:aws:secretsmanager:eu-west-1:123456789012:secret:"));
    let app = now.awslogs("api").expect("awslogs");
    assert_eq!((app.group.as_str(), app.stream_prefix.as_deref()), ("/ecs/prod/api", Some("ecs")));
    assert!(c.health_check.is_some() && c.linux_parameters.as_ref().and_then(|l| l.init_process_enabled) == Some(true));
    assert_eq!(c.depends_on[0].container_name, "envoy");
    assert_eq!(now.requires_compatibilities, ["FARGATE"]);
    let batch = sim.describe_task_definition("batch-ingest:23".into()).await.expect("ec2 family");
    assert_eq!(
        (batch.network_mode.as_deref(), batch.requires_compatibilities.as_slice()),
        (Some("bridge"), &["EC2".to_string()][..])
    );

    let unknown = sim.describe_task_definition("nope:1".into()).await.expect_err("unknown");
    assert_eq!(unknown.code.as_deref(), Some("ClientException"));
}

#[tokio::test]
async fn the_batch_providers_are_managed_auto_scaling_groups() {
    let sim = demo();
    let names = vec!["batch-ondemand".to_string(), "batch-spot".into(), "FARGATE".into(), "ghost".into()];
    let page = sim.describe_capacity_providers(names, None).await.expect("describe");
    assert_eq!(page.next_token, None);
    let d = page.described;
    assert_eq!(d.failures.len(), 1);
    assert!(d.failures[0].arn.ends_with("capacity-provider/ghost") && d.failures[0].reason == "MISSING");
    let [ondemand, spot, fargate] = &d.items[..] else { panic!("three providers: {:?}", d.items) };
    for p in [ondemand, spot] {
        let asg = p.auto_scaling_group.as_ref().expect("an Auto Scaling group");
        assert_eq!(asg.name(), format!("{}-asg", p.name));
        let ms = asg.managed_scaling.as_ref().expect("managed scaling");
        assert_eq!((ms.status.as_deref(), ms.target_capacity, ms.min_step), (Some("ENABLED"), Some(100), Some(1)));
        assert!(ms.max_step.is_some_and(|m| m > 1) && ms.instance_warmup.is_some());
    }
    let asg = |p: &CapacityProvider| p.auto_scaling_group.clone().unwrap_or_default();
    assert_eq!(asg(ondemand).managed_termination_protection.as_deref(), Some("ENABLED"));
    assert_eq!(asg(spot).managed_draining.as_deref(), Some("ENABLED"));
    assert_eq!(asg(ondemand).managed_draining.as_deref(), Some("DISABLED"));
    assert!(fargate.auto_scaling_group.is_none() && fargate.status == "ACTIVE");

    // Answers come ten to a page; more than 100 names are refused.
    let many: Vec<String> = (0..12).map(|i| format!("p{i}")).collect();
    let first = sim.describe_capacity_providers(many.clone(), None).await.expect("page 1");
    assert_eq!(first.described.failures.len(), limits::CAPACITY_PROVIDER_PAGE);
    let second = sim.describe_capacity_providers(many, first.next_token).await.expect("page 2");
    assert_eq!((second.described.failures.len(), second.next_token), (2, None));
    let too_many: Vec<String> = (0..101).map(|i| format!("p{i}")).collect();
    let e = sim.describe_capacity_providers(too_many, None).await.expect_err("101 names");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn batch_instances_report_their_agent_and_what_their_tasks_leave() {
    let sim = demo();
    let loader = Loader::new(sim.clone(), 4);
    let instances = loader.container_instances("batch").await.expect("instances").items;
    assert_eq!(instances.len(), 5);
    let tasks = loader.tasks("batch", &TaskFilter::default()).await.expect("tasks").items;
    for i in &instances {
        let on: Vec<&Task> =
            tasks.iter().filter(|t| t.container_instance_arn.as_deref() == Some(i.arn.as_str())).collect();
        assert_eq!(i.running_tasks as usize, on.iter().filter(|t| t.last_status == "RUNNING").count(), "{}", i.arn);
        let cpu: i32 = on.iter().filter_map(|t| t.cpu.as_deref()?.parse::<i32>().ok()).sum();
        assert_eq!(i.remaining_cpu, i.registered_cpu.map(|r| r - cpu));
        assert!(i.remaining_memory <= i.registered_memory && i.remaining_memory.is_some_and(|m| m >= 0));
        assert!(i.ec2_instance_id.as_deref().is_some_and(|id| id.starts_with("i-0")));
        assert!(i.availability_zone.is_some() && i.agent_version.is_some() && i.registered_at.is_some());
    }
    let lost: Vec<&ContainerInstance> = instances.iter().filter(|i| !i.agent_connected).collect();
    let draining: Vec<&ContainerInstance> = instances.iter().filter(|i| i.status == "DRAINING").collect();
    assert_eq!((lost.len(), draining.len()), (1, 1));
    assert_eq!(lost[0].capacity_provider_name.as_deref(), Some("batch-ondemand"));
    assert_eq!(draining[0].capacity_provider_name.as_deref(), Some("batch-spot"));
    assert_eq!(draining[0].instance_type.as_deref(), Some("c6i.2xlarge"));
    assert_eq!(instances.iter().filter(|i| i.needs_attention()).count(), 2);

    // No instances on Fargate; unknown ones are failures, unknown clusters errors.
    assert_eq!(sim.list_container_instances("prod".into(), None).await.map(|p| p.arns.len()), Ok(0));
    let d = sim.describe_container_instances("batch".into(), vec!["nope".into()]).await.expect("describe");
    assert_eq!((d.items.len(), d.failures[0].reason.as_str()), (0, "MISSING"));
    let e = sim.list_container_instances("nowhere".into(), None).await.expect_err("no cluster");
    assert_eq!(e.code.as_deref(), Some("ClusterNotFoundException"));
    let e = sim.describe_container_instances("batch".into(), vec!["x".into(); 101]).await.expect_err("101");
    assert_eq!(e.code.as_deref(), Some("InvalidParameterException"));
}

#[tokio::test]
async fn the_deployment_history_keeps_rollbacks_stops_and_what_ecs_forgot() {
    let sim = demo();
    let loader = Loader::new(sim.clone(), 4);
    let checkout = loader.service_deployments("prod", "checkout", &[]).await.expect("history");
    let statuses: Vec<&str> = checkout.items.iter().map(|d| d.status.as_str()).collect();
    assert_eq!(statuses, ["ROLLBACK_IN_PROGRESS", "SUCCESSFUL", "ROLLBACK_SUCCESSFUL", "SUCCESSFUL"], "newest first");
    let rolled = &checkout.items[2];
    assert_eq!(rolled.status_reason.as_deref(), Some("ECS deployment circuit breaker: tasks failed to start."));
    let cb = rolled.circuit_breaker.clone().expect("breaker");
    assert_eq!((cb.status.as_deref(), cb.failure_count, cb.threshold), (Some("TRIGGERED"), 3, 3));
    let rb = rolled.rollback.clone().expect("rollback details");
    assert_eq!(rb.reason, rolled.status_reason);
    assert!(rb.service_revision_arn.is_some_and(|r| r.contains(":service-revision/prod/checkout/")));
    assert!(rolled.finished_at.is_some() && rolled.source_revisions.len() == 1);

    let api = loader.service_deployments("prod", "api", &[]).await.expect("history");
    assert_eq!(api.failures.len(), 1, "the one older than ECS keeps");
    assert_eq!(api.failures[0].reason, "MISSING");
    let by_alarm = api.items.iter().find(|d| d.status == "ROLLBACK_SUCCESSFUL").expect("alarm rollback");
    let alarms = by_alarm.alarms.clone().expect("alarms");
    assert_eq!(alarms.triggered_alarm_names, ["prod-api-5xx-rate"]);
    assert_eq!(alarms.alarm_names.len(), 2);
    assert_eq!(by_alarm.circuit_breaker.as_ref().and_then(|c| c.status.as_deref()), Some("MONITORING_COMPLETE"));

    let web = loader.service_deployments("prod", "web", &[]).await.expect("history");
    let stopped = web.items.iter().find(|d| d.status == "STOPPED").expect("a stopped one");
    assert!(stopped.stopped_at.is_some() && stopped.status_reason.is_some());
    assert_eq!(web.items[0].status, "IN_PROGRESS");

    // Three minutes on, the circuit breaker's rollback has finished.
    sim.advance(std::time::Duration::from_secs(180));
    let later = loader.service_deployments("prod", "checkout", &[]).await.expect("history");
    assert_eq!(later.items[0].status, "ROLLBACK_SUCCESSFUL");
    assert!(later.items[0].rollback.is_some());
}

#[tokio::test]
async fn search_is_short_of_spot_capacity_and_stays_short() {
    let sim = Arc::new(Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, crate::fixtures::now()));
    let loader = Loader::new(sim.clone(), 4);
    let on = |tasks: &[Task], p: &str| {
        tasks.iter().filter(|t| t.service_name() == Some("search") && t.capacity_provider.as_deref() == Some(p)).count()
    };
    let filter = TaskFilter { service: Some("search".into()), ..Default::default() };
    let tasks = loader.tasks("prod", &filter).await.expect("tasks").items;
    let svc = loader.services("prod").await.expect("services").items.into_iter().find(|s| s.name == "search");
    let svc = svc.expect("search");
    let cluster = loader.clusters_named(vec!["prod".into()]).await.expect("prod").items.remove(0);
    let expected = svc.effective_strategy(&cluster.default_strategy).expected_split(svc.desired as u32);
    assert_eq!(expected, [("FARGATE".to_string(), 2), ("FARGATE_SPOT".to_string(), 4)]);
    assert_eq!((on(&tasks, "FARGATE"), on(&tasks, "FARGATE_SPOT")), (2, 1), "Spot short, no fall back to on-demand");
    assert!(svc.events[0].message.contains("Capacity is unavailable at this time"));

    sim.advance(std::time::Duration::from_secs(10 * 60));
    let tasks = loader.tasks("prod", &filter).await.expect("tasks").items;
    assert_eq!(on(&tasks, "FARGATE_SPOT"), 1, "still no Spot capacity");
    assert!(on(&tasks, "FARGATE") <= 2, "and no on-demand beyond its share");
}
