//! A small fixed fleet for unit and snapshot tests: fixed times, every status the views colour.
use crate::model::*;
use chrono::{Duration, TimeZone, Utc};

pub fn now() -> Time {
    Utc.with_ymd_and_hms(2026, 11, 23, 3, 0, 0).single().unwrap_or_default()
}

fn ago(mins: i64) -> Option<Time> {
    Some(now() - Duration::minutes(mins))
}

pub const ACCT: &str = "arn:aws:ecs:eu-west-1:123456789012";

pub fn cluster_arn(name: &str) -> String {
    format!("{ACCT}:cluster/{name}")
}

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

pub fn clusters() -> Vec<Cluster> {
    vec![
        Cluster {
            arn: cluster_arn("prod"),
            name: "prod".into(),
            status: "ACTIVE".into(),
            active_services: 3,
            running_tasks: 9,
            pending_tasks: 1,
            capacity_providers: vec!["FARGATE".into(), "FARGATE_SPOT".into()],
            default_strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
            container_insights: Some("enabled".into()),
            exec: ExecConfig {
                logging: ExecLogging::Override,
                kms_key_id: Some("arn:aws:kms:eu-west-1:123456789012:key/1".into()),
                cloudwatch_log_group: Some("/ecs/prod/exec-audit".into()),
                ..Default::default()
            },
            ..Default::default()
        },
        Cluster {
            arn: cluster_arn("dev"),
            name: "dev".into(),
            status: "ACTIVE".into(),
            active_services: 1,
            running_tasks: 2,
            capacity_providers: vec!["FARGATE_SPOT".into()],
            default_strategy: strategy(&[("FARGATE_SPOT", 0, 1)]),
            container_insights: Some("disabled".into()),
            ..Default::default()
        },
    ]
}

fn deployment(status: &str, rollout: &str, td: &str, mins: i64) -> Deployment {
    Deployment {
        id: format!("ecs-svc/{mins}"),
        status: status.into(),
        task_definition: format!("{ACCT}:task-definition/{td}"),
        rollout_state: Some(rollout.into()),
        created_at: ago(mins),
        updated_at: ago(mins),
        ..Default::default()
    }
}

pub fn services() -> Vec<Service> {
    let base = |name: &str, desired: i32, running: i32, td: &str| Service {
        arn: format!("{ACCT}:service/prod/{name}"),
        name: name.into(),
        cluster_arn: cluster_arn("prod"),
        status: "ACTIVE".into(),
        desired,
        running,
        task_definition: format!("{ACCT}:task-definition/{td}"),
        controller: "ECS".into(),
        strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
        enable_execute_command: true,
        created_at: ago(60 * 24 * 30),
        ..Default::default()
    };
    let mut api = base("api", 4, 4, "api:42");
    api.deployments = vec![deployment("PRIMARY", "COMPLETED", "api:42", 180)];
    let mut checkout = base("checkout", 3, 3, "checkout:17");
    checkout.deployments = vec![
        deployment("PRIMARY", "IN_PROGRESS", "checkout:18", 4),
        deployment("ACTIVE", "COMPLETED", "checkout:17", 600),
    ];
    checkout.pending = 1;
    let mut worker = base("worker", 3, 1, "worker:9");
    worker.deployments = vec![deployment("PRIMARY", "FAILED", "worker:9", 25)];
    worker.events = vec![ServiceEvent {
        id: "e1".into(),
        created_at: ago(20),
        message: "(service worker) deployment ecs-svc/25 deployment failed: tasks failed to start.".into(),
    }];
    vec![api, checkout, worker]
}

pub fn tasks() -> Vec<Task> {
    let task = |id: &str, svc: &str, provider: &str, az: &str, mins: i64| Task {
        arn: format!("{ACCT}:task/prod/{id}"),
        cluster_arn: cluster_arn("prod"),
        task_definition: format!("{ACCT}:task-definition/{svc}:42"),
        group: Some(format!("service:{svc}")),
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        health: Some("HEALTHY".into()),
        launch_type: Some("FARGATE".into()),
        capacity_provider: Some(provider.into()),
        availability_zone: Some(az.into()),
        cpu: Some("512".into()),
        memory: Some("1024".into()),
        enable_execute_command: true,
        started_at: ago(mins),
        created_at: ago(mins + 1),
        containers: vec![
            Container {
                name: "app".into(),
                image: Some(format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/{svc}:1.42.0")),
                last_status: Some("RUNNING".into()),
                health: Some("HEALTHY".into()),
                runtime_id: Some(format!("{id}-1234567890")),
                managed_agents: vec![ManagedAgent {
                    name: "ExecuteCommandAgent".into(),
                    last_status: Some("RUNNING".into()),
                    reason: None,
                }],
                ..Default::default()
            },
            Container {
                name: "log-router".into(),
                image: Some("public.ecr.aws/aws-observability/aws-for-fluent-bit:stable".into()),
                last_status: Some("RUNNING".into()),
                ..Default::default()
            },
        ],
        ..Default::default()
    };
    let mut unhealthy = task("c0ffee00aa11bb22cc33dd44ee55ff66", "api", "FARGATE_SPOT", "eu-west-1b", 7);
    unhealthy.health = Some("UNHEALTHY".into());
    vec![
        task("0f13a1b2c3d4e5f60718293a4b5c6d7e", "api", "FARGATE", "eu-west-1a", 180),
        task("9a8b7c6d5e4f30211a2b3c4d5e6f7081", "api", "FARGATE_SPOT", "eu-west-1c", 175),
        unhealthy,
    ]
}

pub fn stopped_tasks() -> Vec<Task> {
    let mut oom = tasks()[0].clone();
    oom.arn = format!("{ACCT}:task/prod/dead0001dead0001dead0001dead0001");
    oom.last_status = "STOPPED".into();
    oom.desired_status = "STOPPED".into();
    oom.stop_code = Some("EssentialContainerExited".into());
    oom.stopped_reason = Some("Essential container in task exited".into());
    oom.containers[0].reason = Some("OutOfMemoryError: Container killed due to memory usage".into());
    oom.stopped_at = ago(12);
    oom.containers[0].exit_code = Some(137);
    let mut spot = tasks()[1].clone();
    spot.arn = format!("{ACCT}:task/prod/dead0002dead0002dead0002dead0002");
    spot.last_status = "STOPPED".into();
    spot.desired_status = "STOPPED".into();
    spot.stop_code = Some("SpotInterruption".into());
    spot.stopped_reason = Some("Your Spot Task was interrupted.".into());
    spot.stopped_at = ago(30);
    vec![oom, spot]
}

/// Services around a circuit-breaker rollback, at `now`: `rolling` (the failed deployment is
/// still listed and the rollback runs), `rolling-quiet` (the same, no events at all), `rolled`
/// (began 3 minutes ago, completed 2 seconds ago; ECS has dropped the failed deployment, the
/// event stays), `rolled-long-ago`, `redeployed` (breaker without rollback; someone deployed
/// again after a failure) and `healthy`.
pub fn rollback_services(now: Time) -> Vec<Service> {
    let at = |secs: i64| Some(now - Duration::seconds(secs));
    let dep = |id: &str, status: &str, rollout: &str, td: &str, created: i64, updated: i64| Deployment {
        id: id.into(),
        status: status.into(),
        task_definition: format!("{ACCT}:task-definition/{td}"),
        rollout_state: Some(rollout.into()),
        created_at: at(created),
        updated_at: at(updated),
        ..Default::default()
    };
    let event = |secs: i64, message: &str| ServiceEvent {
        id: format!("e{secs}"),
        created_at: at(secs),
        message: message.into(),
    };
    let svc = |name: &str, deployments: Vec<Deployment>, events: Vec<ServiceEvent>| Service {
        arn: format!("{ACCT}:service/prod/{name}"),
        name: name.into(),
        cluster_arn: cluster_arn("prod"),
        status: "ACTIVE".into(),
        desired: 4,
        running: 4,
        controller: "ECS".into(),
        circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true }),
        deployments,
        events,
        ..Default::default()
    };
    let failed = |created: i64, updated: i64| {
        let mut d = dep("ecs-svc/bad", "ACTIVE", "FAILED", "shop:37", created, updated);
        d.failed = 3;
        d.rollout_reason = Some("ECS deployment circuit breaker: tasks failed to start.".into());
        d
    };
    // Many newer events push the rollback out of the newest three.
    let mut busy: Vec<ServiceEvent> =
        (0..5).map(|i| event(10 + i, "(service rolling) has started 1 tasks: (task abc).")).collect();
    busy.push(event(180, "(service rolling) rolling back to deployment ecs-svc/back."));
    busy.push(event(180, "(service rolling) deployment ecs-svc/bad deployment failed: tasks failed to start."));
    let rolled_events = vec![
        event(2, "(service rolled) has reached a steady state."),
        event(2, "(service rolled) deployment ecs-svc/back deployment completed."),
        event(60, "(service rolled) has stopped 2 running tasks: (task a) (task b)."),
        event(120, "(service rolled) has started 2 tasks: (task c) (task d)."),
        event(180, "(service rolled) rolling back to deployment ecs-svc/back."),
        event(180, "(service rolled) deployment ecs-svc/bad deployment failed: tasks failed to start."),
    ];
    let mut redeployed = svc(
        "redeployed",
        vec![dep("ecs-svc/new", "PRIMARY", "IN_PROGRESS", "shop:38", 60, 60), failed(3600, 1800)],
        Vec::new(),
    );
    redeployed.circuit_breaker = Some(CircuitBreaker { enable: true, rollback: false });
    vec![
        svc(
            "rolling",
            vec![dep("ecs-svc/back", "PRIMARY", "IN_PROGRESS", "shop:36", 180, 180), failed(600, 180)],
            busy,
        ),
        svc(
            "rolling-quiet",
            vec![dep("ecs-svc/back", "PRIMARY", "IN_PROGRESS", "shop:36", 180, 180), failed(600, 180)],
            Vec::new(),
        ),
        svc("rolled", vec![dep("ecs-svc/back", "PRIMARY", "COMPLETED", "shop:36", 180, 2)], rolled_events.clone()),
        svc(
            "rolled-long-ago",
            vec![dep("ecs-svc/back", "PRIMARY", "COMPLETED", "shop:36", 3 * 3600, 3 * 3600 - 200)],
            rolled_events
                .iter()
                .map(|e| ServiceEvent {
                    created_at: e.created_at.map(|t| t - Duration::seconds(3 * 3600 - 180)),
                    ..e.clone()
                })
                .collect(),
        ),
        redeployed,
        svc("healthy", vec![dep("ecs-svc/ok", "PRIMARY", "COMPLETED", "shop:36", 7200, 7000)], Vec::new()),
    ]
}

/// Three journaled changes, newest first, as the runtime writes them: a scale, a failed
/// deploy, a strategy change (read from `/state/bosun/journal.jsonl`).
pub fn journal() -> crate::audit::Page {
    use crate::audit::Entry;
    use crate::mutation::{Kind, Mutation};
    let entry = |m: Mutation, mins: i64, result: &str| Entry {
        time: Entry::time_of(now() - Duration::minutes(mins)),
        account: Some("123456789012".into()),
        caller_arn: Some("arn:aws:sts::123456789012:assumed-role/Sre/alice".into()),
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        action: m.iam_action().into(),
        target: m.target().into(),
        before: serde_json::json!({ "request": m.call().params(), "target": {} }),
        after: if result == "ok" { serde_json::json!({"desiredCount": 3}) } else { serde_json::Value::Null },
        result: result.into(),
    };
    crate::audit::Page {
        path: "/state/bosun/journal.jsonl".into(),
        entries: vec![
            entry(Mutation::example(Kind::Scale), 2, "ok"),
            entry(
                Mutation::example(Kind::ForceDeploy),
                9,
                "Access denied: User: arn:aws:sts::123456789012:assumed-role/Sre/alice is not authorized to perform: ecs:UpdateService on resource: arn:aws:ecs:eu-west-1:123456789012:service/prod/api (AccessDeniedException)",
            ),
            entry(Mutation::example(Kind::ServiceStrategy), 75, "ok"),
        ],
        older: false,
    }
}

/// `web` in the middle of a rollout at `now`: web:18 (PRIMARY) has 2 of 4 tasks running and one
/// pending, one of its tasks failed its health checks; web:17 still runs 2. Events of every
/// kind the rollout watch tells apart.
pub fn rolling_web(now: Time) -> Service {
    let at = |secs: i64| Some(now - Duration::seconds(secs));
    let dep = |id: &str,
               status: &str,
               rollout: &str,
               td: &str,
               (running, desired, pending): (i32, i32, i32),
               created: i64| {
        Deployment {
            id: id.into(),
            status: status.into(),
            task_definition: format!("{ACCT}:task-definition/{td}"),
            running,
            desired,
            pending,
            rollout_state: Some(rollout.into()),
            created_at: at(created),
            updated_at: at(created),
            strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
            ..Default::default()
        }
    };
    let mut new = dep("ecs-svc/new", "PRIMARY", "IN_PROGRESS", "prod-web:18", (2, 4, 1), 200);
    new.failed = 1;
    new.rollout_reason = Some("ECS deployment ecs-svc/new in progress.".into());
    let event = |secs: i64, message: &str| ServiceEvent {
        id: format!("e{secs}"),
        created_at: at(secs),
        message: message.into(),
    };
    Service {
        arn: format!("{ACCT}:service/prod/web"),
        name: "web".into(),
        cluster_arn: cluster_arn("prod"),
        status: "ACTIVE".into(),
        desired: 4,
        running: 4,
        pending: 1,
        task_definition: format!("{ACCT}:task-definition/prod-web:18"),
        controller: "ECS".into(),
        strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
        circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true }),
        min_healthy_percent: Some(100),
        max_percent: Some(200),
        deployments: vec![new, dep("ecs-svc/old", "ACTIVE", "COMPLETED", "prod-web:17", (2, 2, 0), 2 * 86_400)],
        events: vec![
            event(20, "(service web) has started 1 tasks: (task 5e5e5e5e5e5e)."),
            event(
                45,
                "(service web) (task 7a7a7a7a7a7a) failed ELB health checks in (target-group \
                 arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-web/0123456789abcdef).",
            ),
            event(
                90,
                "(service web) was unable to place a task because no container instance met all of its \
                 requirements. Reason: No Container Instances were found in your cluster.",
            ),
            event(150, "(service web) has stopped 2 running tasks: (task 1a1a1a1a1a1a) (task 2b2b2b2b2b2b)."),
            event(195, "(service web) has started 2 tasks: (task 3c3c3c3c3c3c) (task 4d4d4d4d4d4d)."),
            event(4 * 3600, "(service web) has reached a steady state."),
        ],
        ..Default::default()
    }
}

/// Stopped tasks of `web` at `now`: one of its rollout failed its health checks 40 seconds ago;
/// one old task was drained by the rollout; one stopped before the rollout began.
pub fn rolling_web_stopped(now: Time) -> Vec<Task> {
    let stopped = |id: &str, td: &str, secs: i64, code: &str, reason: &str| Task {
        arn: format!("{ACCT}:task/prod/{id}"),
        cluster_arn: cluster_arn("prod"),
        task_definition: format!("{ACCT}:task-definition/{td}"),
        group: Some("service:web".into()),
        last_status: "STOPPED".into(),
        desired_status: "STOPPED".into(),
        stopped_at: Some(now - Duration::seconds(secs)),
        stop_code: Some(code.into()),
        stopped_reason: Some(reason.into()),
        ..Default::default()
    };
    vec![
        stopped(
            "7a7a7a7a7a7a7a7a",
            "prod-web:18",
            40,
            "ServiceSchedulerInitiated",
            "Task failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-web/0123456789abcdef)",
        ),
        stopped(
            "1a1a1a1a1a1a1a1a",
            "prod-web:17",
            150,
            "ServiceSchedulerInitiated",
            "Scaling activity initiated by (deployment ecs-svc/new)",
        ),
        stopped("0b0b0b0b0b0b0b0b", "prod-web:17", 3 * 3600, "SpotInterruption", "Your Spot Task was interrupted."),
    ]
}

/// Stopped tasks of the `rolling` service of [`rollback_services`]: its failed deployment's
/// tasks could not pull their image.
pub fn rolling_back_stopped(now: Time) -> Vec<Task> {
    (0..3)
        .map(|i| Task {
            arn: format!("{ACCT}:task/prod/bad{i}bad{i}bad{i}bad{i}"),
            cluster_arn: cluster_arn("prod"),
            task_definition: format!("{ACCT}:task-definition/shop:37"),
            group: Some("service:rolling".into()),
            last_status: "STOPPED".into(),
            desired_status: "STOPPED".into(),
            stopped_at: Some(now - Duration::seconds(200 + 120 * i)),
            stop_code: Some("TaskFailedToStart".into()),
            stopped_reason: Some(
                "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref \
                 123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop:3.7.0: not found"
                    .into(),
            ),
            ..Default::default()
        })
        .collect()
}

/// A value no frame may show while masked (the masking tests look for it).
pub const PEPPER: &str = "q7Zx-pepper-9Kd";

/// `prod-api` at `revision`: the API and an Envoy sidecar on Fargate. Consecutive revisions
/// change the image tag and `APP_VERSION` (`1.<revision>.0`); `SESSION_PEPPER` stays; the
/// database URL is a secret, by source ARN only.
pub fn task_definition(revision: i32) -> TaskDefinition {
    let version = format!("1.{revision}.0");
    let env = |pairs: &[(&str, &str)]| {
        pairs.iter().map(|(n, v)| EnvironmentVariable { name: n.to_string(), value: v.to_string() }).collect()
    };
    let awslogs = |group: &str| LogConfiguration {
        log_driver: "awslogs".into(),
        options: [("awslogs-group", group), ("awslogs-region", "eu-west-1"), ("awslogs-stream-prefix", "ecs")]
            .into_iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect(),
    };
    let api = ContainerDefinition {
        name: "api".into(),
        image: format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:{version}"),
        cpu: 896,
        essential: true,
        port_mappings: vec![PortMapping {
            container_port: Some(8080),
            host_port: Some(8080),
            protocol: Some("tcp".into()),
            name: Some("api-8080-tcp".into()),
        }],
        health_check: Some(HealthCheck {
            command: vec!["CMD-SHELL".into(), "curl -fs http://localhost:8080/health || exit 1".into()],
            interval: Some(30),
            timeout: Some(5),
            retries: Some(3),
            start_period: Some(60),
        }),
        log_configuration: Some(awslogs("/ecs/prod/api")),
        environment: env(&[("APP_ENV", "prod"), ("APP_VERSION", &version), ("SESSION_PEPPER", PEPPER)]),
        secrets: vec![Secret {
            name: "DATABASE_URL".into(),
            value_from: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/api/database-url-Ab12Cd".into(),
        }],
        linux_parameters: Some(LinuxParameters { init_process_enabled: Some(true) }),
        readonly_root_filesystem: Some(true),
        ..Default::default()
    };
    let envoy = ContainerDefinition {
        name: "envoy".into(),
        image: "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod".into(),
        cpu: 128,
        essential: true,
        log_configuration: Some(awslogs("/ecs/prod/api")),
        ..Default::default()
    };
    TaskDefinition {
        arn: format!("{ACCT}:task-definition/prod-api:{revision}"),
        family: "prod-api".into(),
        revision,
        status: Some("ACTIVE".into()),
        cpu: Some("1024".into()),
        memory: Some("2048".into()),
        network_mode: Some("awsvpc".into()),
        requires_compatibilities: vec!["FARGATE".into()],
        runtime_platform: Some(RuntimePlatform {
            cpu_architecture: Some("ARM64".into()),
            operating_system_family: Some("LINUX".into()),
        }),
        task_role_arn: Some("arn:aws:iam::123456789012:role/prod-api-task".into()),
        execution_role_arn: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
        container_definitions: vec![api, envoy],
        registered_at: ago(60 * 24 * i64::from(44 - revision.min(44))),
    }
}

/// The batch cluster: EC2 capacity from two Auto Scaling group providers, with managed scaling.
pub fn batch_cluster() -> Cluster {
    Cluster {
        arn: cluster_arn("batch"),
        name: "batch".into(),
        status: "ACTIVE".into(),
        active_services: 1,
        running_tasks: 5,
        registered_instances: 4,
        capacity_providers: vec!["batch-ondemand".into(), "batch-spot".into()],
        default_strategy: strategy(&[("batch-ondemand", 2, 1), ("batch-spot", 0, 3)]),
        container_insights: Some("enabled".into()),
        exec: ExecConfig {
            logging: ExecLogging::Override,
            s3_bucket: Some("acme-ecs-exec-audit".into()),
            s3_encryption: true,
            s3_key_prefix: Some("batch".into()),
            ..Default::default()
        },
        tags: [("env".to_string(), "prod".to_string()), ("team".to_string(), "data".to_string())].into(),
        ..Default::default()
    }
}

/// batch's providers as DescribeCapacityProviders answers: managed scaling on both, termination
/// protection on the on-demand group, managed draining on the Spot one.
pub fn batch_providers() -> Vec<CapacityProvider> {
    let provider = |name: &str, max_step, warmup, protection: &str, draining: &str| CapacityProvider {
        name: name.into(),
        arn: Some(format!("{ACCT}:capacity-provider/{name}")),
        status: "ACTIVE".into(),
        update_status: Some("UPDATE_COMPLETE".into()),
        update_status_reason: None,
        auto_scaling_group: Some(AsgProvider {
            arn: format!(
                "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:0b7e:autoScalingGroupName/{name}-asg"
            ),
            managed_scaling: Some(ManagedScaling {
                status: Some("ENABLED".into()),
                target_capacity: Some(100),
                min_step: Some(1),
                max_step: Some(max_step),
                instance_warmup: Some(warmup),
            }),
            managed_termination_protection: Some(protection.into()),
            managed_draining: Some(draining.into()),
        }),
    };
    vec![
        provider("batch-ondemand", 10, 300, "ENABLED", "DISABLED"),
        provider("batch-spot", 4, 180, "DISABLED", "ENABLED"),
    ]
}

/// batch's four instances: one whose agent lost its connection, one draining (its Spot
/// instance is being reclaimed), two healthy.
pub fn batch_instances() -> Vec<ContainerInstance> {
    let instance =
        |id: &str, provider: &str, zone: &str, kind: &str, cpu: i32, free_cpu: i32, running: i32| ContainerInstance {
            arn: format!("{ACCT}:container-instance/batch/{id}0000000000000000000000"),
            ec2_instance_id: Some(format!("i-0{id}")),
            status: "ACTIVE".into(),
            agent_connected: true,
            agent_version: Some("1.89.2".into()),
            instance_type: Some(kind.into()),
            availability_zone: Some(zone.into()),
            capacity_provider_name: Some(provider.into()),
            running_tasks: running,
            pending_tasks: 0,
            registered_cpu: Some(cpu),
            registered_memory: Some(15_722),
            remaining_cpu: Some(free_cpu),
            remaining_memory: Some(15_722 - 3072 * running),
            registered_at: ago(60 * 24),
            ..Default::default()
        };
    let mut lost = instance("a8d281efbc65c13a", "batch-ondemand", "eu-west-1c", "m6i.xlarge", 4096, 2048, 1);
    lost.agent_connected = false;
    lost.agent_version = Some("1.82.1".into());
    let mut draining = instance("1a0b80a4e3daa7c0", "batch-spot", "eu-west-1b", "c6i.2xlarge", 8192, 8192, 0);
    draining.status = "DRAINING".into();
    draining.status_reason = Some("Spot interruption notice".into());
    vec![
        instance("e2694d6077098930", "batch-ondemand", "eu-west-1a", "m6i.xlarge", 4096, 0, 2),
        lost,
        draining,
        instance("84b64e6e246418db", "batch-spot", "eu-west-1a", "c6i.2xlarge", 8192, 6144, 2),
    ]
}

/// batch's one service, `ingest`: 5 desired on the cluster default, 5 running (3 on-demand, 2 Spot).
pub fn batch_services() -> Vec<Service> {
    vec![Service {
        arn: format!("{ACCT}:service/batch/ingest"),
        name: "ingest".into(),
        cluster_arn: cluster_arn("batch"),
        status: "ACTIVE".into(),
        desired: 5,
        running: 5,
        task_definition: format!("{ACCT}:task-definition/batch-ingest:23"),
        controller: "ECS".into(),
        deployments: vec![deployment("PRIMARY", "COMPLETED", "batch-ingest:23", 600)],
        created_at: ago(60 * 24 * 9),
        ..Default::default()
    }]
}

/// batch's running tasks: ingest's five, on the instances of both providers.
pub fn batch_tasks() -> Vec<Task> {
    let task = |n: usize, provider: &str| Task {
        arn: format!("{ACCT}:task/batch/{n:032x}"),
        cluster_arn: cluster_arn("batch"),
        task_definition: format!("{ACCT}:task-definition/batch-ingest:23"),
        group: Some("service:ingest".into()),
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        launch_type: Some("EC2".into()),
        capacity_provider: Some(provider.into()),
        container_instance_arn: Some(format!("{ACCT}:container-instance/batch/{n}")),
        cpu: Some("2048".into()),
        memory: Some("3072".into()),
        started_at: ago(600),
        ..Default::default()
    };
    vec![
        task(1, "batch-ondemand"),
        task(2, "batch-ondemand"),
        task(3, "batch-ondemand"),
        task(4, "batch-spot"),
        task(5, "batch-spot"),
    ]
}
