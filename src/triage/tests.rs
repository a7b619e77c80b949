//! Every rule, with what fires it and what must not.
use super::*;
use crate::fixtures;
use crate::model::{Container, Deployment, ScalableTarget, ServiceEvent};
use chrono::Duration;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:1:cluster/prod";

fn cluster() -> Cluster {
    Cluster { arn: CLUSTER.into(), name: "prod".into(), status: "ACTIVE".into(), ..Default::default() }
}

fn mins(n: i64) -> Time {
    fixtures::now() - Duration::minutes(n)
}

fn deployment(state: &str, created: i64, updated: i64) -> Deployment {
    Deployment {
        id: format!("ecs-svc/{created}"),
        status: "PRIMARY".into(),
        task_definition: "arn:aws:ecs:eu-west-1:1:task-definition/api:7".into(),
        desired: 4,
        running: 4,
        rollout_state: Some(state.into()),
        created_at: Some(mins(created)),
        updated_at: Some(mins(updated)),
        ..Default::default()
    }
}

fn service(name: &str, running: i32, desired: i32) -> Service {
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:1:service/prod/{name}"),
        name: name.into(),
        cluster_arn: CLUSTER.into(),
        status: "ACTIVE".into(),
        desired,
        running,
        deployments: vec![deployment("COMPLETED", 600, 590)],
        ..Default::default()
    }
}

fn event(ago: i64, message: &str) -> ServiceEvent {
    ServiceEvent { id: format!("e{ago}"), created_at: Some(mins(ago)), message: message.into() }
}

fn stopped(service: &str, ago: i64, code: &str, reason: &str, container: Option<(i32, &str)>) -> Task {
    Task {
        arn: format!("arn:aws:ecs:eu-west-1:1:task/prod/{service}{ago}{code}"),
        cluster_arn: CLUSTER.into(),
        group: Some(format!("service:{service}")),
        last_status: "STOPPED".into(),
        desired_status: "STOPPED".into(),
        stopped_at: Some(mins(ago)),
        stop_code: Some(code.into()),
        stopped_reason: Some(reason.into()),
        containers: vec![Container {
            name: "app".into(),
            exit_code: container.map(|c| c.0),
            reason: container.map(|c| c.1.to_string()).filter(|r| !r.is_empty()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

#[derive(Default)]
struct Fleet {
    services: Vec<Service>,
    stopped: Vec<Task>,
    instances: Vec<ContainerInstance>,
    scaling: HashMap<String, ServiceScaling>,
    alarms: Vec<crate::model::Alarm>,
    target_health: Vec<crate::model::TargetGroupHealth>,
}

impl Fleet {
    fn problems(&self) -> Vec<Problem> {
        self.problems_with(&Thresholds::default())
    }
    fn problems_with(&self, t: &Thresholds) -> Vec<Problem> {
        let c = cluster();
        let target_health = self.target_health.iter().map(|tg| (tg.arn.as_str(), tg)).collect();
        let input = ClusterInput {
            cluster: &c,
            services: &self.services,
            stopped: &self.stopped,
            instances: &self.instances,
            scaling: &self.scaling,
            alarms: &self.alarms,
            target_health: &target_health,
        };
        problems([input], t, fixtures::now())
    }
}

fn rules(p: &[Problem]) -> Vec<(Rule, Severity, Option<&str>)> {
    p.iter().map(|p| (p.rule, p.severity, p.service.as_deref())).collect()
}

#[test]
fn a_healthy_fleet_has_no_problems() {
    let mut f = Fleet { services: vec![service("api", 4, 4)], ..Default::default() };
    f.services[0].events.push(event(1, "(service api) has reached a steady state."));
    f.stopped.push(stopped(
        "api",
        5,
        "ServiceSchedulerInitiated",
        "Scaling activity initiated by (deployment x)",
        None,
    ));
    f.stopped.push(stopped("api", 5, "UserInitiated", "Task stopped by user", Some((0, ""))));
    f.stopped.push(stopped("api", 6, "EssentialContainerExited", "Essential container in task exited", Some((0, ""))));
    assert_eq!(f.problems(), vec![]);
}

#[test]
fn below_desired_without_a_deployment_is_a_problem_at_once_and_critical_at_zero() {
    let mut api = service("api", 2, 4);
    api.pending = 1;
    api.events = vec![
        event(3, "(service api) has started 1 tasks: (task a)."),
        event(9, "(service api) has stopped 2 running tasks: (task b) (task c)."),
        event(20, "(service api) has reached a steady state."),
    ];
    let f = Fleet { services: vec![api, service("worker", 0, 3), service("idle", 0, 0)], ..Default::default() };
    let p = f.problems();
    assert_eq!(
        rules(&p),
        [
            (Rule::BelowDesired, Severity::Critical, Some("worker")),
            (Rule::BelowDesired, Severity::Warning, Some("api"))
        ]
    );
    assert_eq!(p[1].reason, "running 2 of 4 desired, 1 pending");
    assert_eq!(p[1].since, Some(mins(9)), "since the first event after the last steady state");
    assert_eq!(p[1].age(fixtures::now()), "9m");
    assert_eq!(
        p[1].opens,
        Opens::Service { cluster: CLUSTER.into(), service: f.services[0].arn.clone(), pane: ServicePane::Events }
    );
    assert_eq!(p[1].place(), "prod/api");
}

#[test]
fn below_desired_during_a_deployment_waits_for_the_grace_period() {
    let mut web = service("web", 1, 4);
    web.deployments = vec![deployment("IN_PROGRESS", 4, 1)];
    let f = Fleet { services: vec![web.clone()], ..Default::default() };
    assert_eq!(f.problems(), vec![], "4 minutes into a deployment is routine");
    web.deployments = vec![deployment("IN_PROGRESS", 25, 1)];
    let f = Fleet { services: vec![web], ..Default::default() };
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::BelowDesired, Severity::Warning, Some("web"))]);
    assert!(p[0].reason.ends_with("a deployment has been in progress for 25m"), "{}", p[0].reason);
    let short = Thresholds { below_desired_grace: std::time::Duration::from_secs(60), ..Default::default() };
    let mut web = service("web", 1, 4);
    web.deployments = vec![deployment("IN_PROGRESS", 4, 1)];
    assert_eq!(Fleet { services: vec![web], ..Default::default() }.problems_with(&short).len(), 1);
}

#[test]
fn failed_and_rolling_back_rollouts_are_critical() {
    let mut failed = service("shop", 4, 4);
    failed.deployments[0].rollout_state = Some("FAILED".into());
    failed.deployments[0].rollout_reason = Some("ECS deployment circuit breaker: tasks failed to start.".into());
    failed.circuit_breaker = Some(crate::model::CircuitBreaker { enable: true, rollback: false });
    let mut rolling = service("checkout", 4, 4);
    let mut bad = deployment("FAILED", 20, 6);
    bad.status = "ACTIVE".into();
    bad.task_definition = "arn:aws:ecs:eu-west-1:1:task-definition/checkout:37".into();
    bad.rollout_reason = Some("ECS deployment circuit breaker: tasks failed to start.".into());
    rolling.deployments = vec![deployment("IN_PROGRESS", 6, 2), bad];
    let f = Fleet { services: vec![failed, rolling], ..Default::default() };
    let p = f.problems();
    assert_eq!(
        rules(&p),
        [
            (Rule::RolloutFailed, Severity::Critical, Some("shop")),
            (Rule::RollingBack, Severity::Critical, Some("checkout"))
        ],
        "the older failure first"
    );
    assert_eq!(
        p[1].reason,
        "circuit breaker tripped: rolling back from checkout:37 to api:7: ECS deployment circuit breaker: tasks failed to start."
    );
    assert_eq!(p[0].reason, "rollout of api:7 FAILED: ECS deployment circuit breaker: tasks failed to start.");
    assert!(matches!(p[0].opens, Opens::Service { pane: ServicePane::Deployments, .. }));
}

#[test]
fn a_rollback_shows_for_the_window_after_it() {
    let mut s = service("checkout", 4, 4);
    s.deployments = vec![deployment("COMPLETED", 40, 35)];
    s.events = vec![
        event(35, "(service checkout) has reached a steady state."),
        event(40, "(service checkout) rolling back to deployment ecs-svc/1."),
        event(40, "(service checkout) (deployment ecs-svc/2) deployment failed: tasks failed to start."),
    ];
    let f = Fleet { services: vec![s.clone()], ..Default::default() };
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::RolledBack, Severity::Warning, Some("checkout"))]);
    assert_eq!(
        p[0].reason,
        "rolled back 40m ago to api:7 after (deployment ecs-svc/2) deployment failed: tasks failed to start."
    );
    let short = Thresholds { rolled_back_within: std::time::Duration::from_secs(30 * 60), ..Default::default() };
    assert_eq!(f.problems_with(&short), vec![], "older than the window");
}

#[test]
fn a_rollout_without_progress_is_stuck() {
    let mut s = service("web", 4, 4);
    let mut p = deployment("IN_PROGRESS", 40, 20);
    (p.running, p.failed) = (1, 2);
    s.deployments = vec![p];
    let f = Fleet { services: vec![s.clone()], ..Default::default() };
    let got = f.problems();
    assert_eq!(rules(&got), [(Rule::RolloutStuck, Severity::Warning, Some("web"))]);
    assert_eq!(got[0].reason, "rollout of api:7 stuck: no progress for 20m (1 of 4 new tasks running, 2 failed)");
    assert_eq!(got[0].since, Some(mins(20)));
    s.deployments[0].updated_at = Some(mins(2));
    assert_eq!(Fleet { services: vec![s], ..Default::default() }.problems(), vec![], "it moved 2 minutes ago");
}

#[test]
fn non_routine_stops_count_per_service_and_kind_and_repeat_into_critical() {
    let oom = ("EssentialContainerExited", "Essential container in task exited");
    let f = Fleet {
        services: vec![service("worker", 3, 3), service("api", 3, 3)],
        stopped: vec![
            stopped("worker", 5, oom.0, oom.1, Some((137, "OutOfMemoryError: Container killed due to memory usage"))),
            stopped("worker", 15, oom.0, oom.1, Some((137, "OutOfMemoryError: Container killed due to memory usage"))),
            stopped("worker", 25, oom.0, oom.1, Some((137, "OutOfMemoryError: Container killed due to memory usage"))),
            stopped("worker", 90, oom.0, oom.1, Some((137, "OutOfMemoryError: old, outside the window"))),
            stopped("api", 7, oom.0, oom.1, Some((1, ""))),
            stopped(
                "api",
                8,
                "TaskFailedToStart",
                "CannotPullContainerError: pull image manifest has been retried 5 time(s)",
                None,
            ),
            stopped("api", 9, "TaskFailedToStart", "ResourceInitializationError: unable to pull secrets", None),
            stopped("api", 10, "ServiceSchedulerInitiated", "Task failed ELB health checks in (target-group x)", None),
        ],
        ..Default::default()
    };
    let p = f.problems();
    assert_eq!(
        rules(&p),
        [
            (Rule::OutOfMemory, Severity::Critical, Some("worker")),
            (Rule::HealthCheckFailed, Severity::Warning, Some("api")),
            (Rule::ResourceInitialization, Severity::Warning, Some("api")),
            (Rule::CannotPullImage, Severity::Warning, Some("api")),
            (Rule::ContainerExited, Severity::Warning, Some("api")),
        ]
    );
    assert_eq!(
        p[0].reason,
        "out of memory: 3 tasks stopped in the last 1h — app: OutOfMemoryError: Container killed due to memory usage"
    );
    assert_eq!(p[0].since, Some(mins(25)), "the oldest stop in the window");
    assert_eq!(
        p[4].reason,
        "essential container exited: 1 task stopped in the last 1h — essential container app exited with code 1"
    );
    assert!(p[3].reason.contains("CannotPullContainerError"), "{}", p[3].reason);
    assert_eq!(p[0].opens, Opens::StoppedTasks { cluster: CLUSTER.into(), service: Some("worker".into()) });
}

#[test]
fn a_wave_of_spot_interruptions_is_one_row_for_the_cluster() {
    let spot = |svc: &str, ago| stopped(svc, ago, "SpotInterruption", "Your Spot Task was interrupted.", None);
    let f = Fleet {
        services: vec![service("worker", 3, 3), service("search", 3, 3)],
        stopped: vec![spot("worker", 3), spot("worker", 4), spot("search", 4), spot("search", 5), spot("search", 80)],
        ..Default::default()
    };
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::SpotInterruptions, Severity::Warning, None)]);
    assert_eq!(p[0].reason, "Spot interruption: 4 tasks stopped in the last 1h, in search (2), worker (2)");
    assert_eq!(p[0].opens, Opens::StoppedTasks { cluster: CLUSTER.into(), service: None });
    assert_eq!(p[0].place(), "prod");
}

#[test]
fn placement_and_elb_events_in_the_window_are_counted() {
    let mut s = service("search", 2, 4);
    s.events = vec![
        event(1, "(service search) was unable to place a task. Reason: Capacity is unavailable at this time."),
        event(6, "(service search) (task 1) failed ELB health checks in (target-group tg)."),
        event(8, "(service search) was unable to place a task. Reason: Capacity is unavailable at this time."),
        event(40, "(service search) was unable to place a task. Reason: too old."),
    ];
    let p = Fleet { services: vec![s], ..Default::default() }.problems();
    let events: Vec<&Problem> = p.iter().filter(|p| p.rule != Rule::BelowDesired).collect();
    assert_eq!(events.len(), 2, "{p:#?}");
    let place = events.iter().find(|p| p.rule == Rule::UnableToPlace).expect("placement");
    assert_eq!(
        place.reason,
        "was unable to place a task. Reason: Capacity is unavailable at this time. (2 times in the last 15m)"
    );
    assert_eq!(place.since, Some(mins(8)));
    let elb = events.iter().find(|p| p.rule == Rule::ElbHealthChecks).expect("elb");
    assert_eq!(elb.reason, "(task 1) failed ELB health checks in (target-group tg). (once in the last 15m)");
    assert!(matches!(elb.opens, Opens::Service { pane: ServicePane::Events, .. }));
}

#[test]
fn a_service_at_its_scaling_maximum_is_pinned() {
    let mut f = Fleet { services: vec![service("api", 10, 10), service("web", 4, 4)], ..Default::default() };
    f.scaling.insert("api".into(), ScalableTarget { min: 2, max: 10, ..Default::default() }.into());
    f.scaling.insert("web".into(), ScalableTarget { min: 2, max: 8, ..Default::default() }.into());
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::AtScalingMax, Severity::Warning, Some("api"))]);
    assert_eq!(p[0].reason, "pinned at its auto scaling maximum: desired 10 of 2–10; more load cannot be met");
    // A fixed range (min = max) is not auto scaling.
    f.scaling.insert("api".into(), ScalableTarget { min: 10, max: 10, ..Default::default() }.into());
    assert_eq!(f.problems(), vec![]);
}

#[test]
fn lost_agents_are_one_row_and_critical_when_every_instance_is_lost() {
    let instance = |id: &str, connected: bool, status: &str| ContainerInstance {
        arn: format!("arn:aws:ecs:eu-west-1:1:container-instance/prod/{id}"),
        ec2_instance_id: Some(id.into()),
        status: status.into(),
        agent_connected: connected,
        capacity_provider_name: Some("batch-ondemand".into()),
        ..Default::default()
    };
    let mut f = Fleet {
        instances: vec![
            instance("i-1", true, "ACTIVE"),
            instance("i-2", false, "ACTIVE"),
            instance("i-3", false, "INACTIVE"),
        ],
        ..Default::default()
    };
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::AgentDisconnected, Severity::Warning, None)]);
    assert_eq!(
        p[0].reason,
        "1 container instance has lost the ECS agent's connection (of 2 registered): i-2 (batch-ondemand) — ECS cannot place or stop tasks there"
    );
    assert_eq!(p[0].opens, Opens::Cluster { cluster: CLUSTER.into(), pane: ClusterPane::Instances });
    f.instances.remove(0);
    assert_eq!(rules(&f.problems()), [(Rule::AgentDisconnected, Severity::Critical, None)]);
}

#[test]
fn rows_rank_by_severity_then_age_and_worst_says_the_top() {
    let mut a = service("a", 1, 2);
    a.events = vec![event(5, "(service a) has stopped 1 running tasks.")];
    let mut b = service("b", 1, 2);
    b.events = vec![event(50, "(service b) has stopped 1 running tasks.")];
    let f = Fleet { services: vec![a, b, service("c", 0, 2)], ..Default::default() };
    let p = f.problems();
    let order: Vec<_> = p.iter().map(|p| p.service.as_deref().unwrap_or("")).collect();
    assert_eq!(order, ["c", "b", "a"], "critical first, then the oldest");
    assert_eq!(worst(&p), Some(Severity::Critical));
    assert_eq!(worst(&[]), None);
    assert!(Severity::Critical > Severity::Warning);
    assert_eq!(Severity::parse("Warning"), Ok(Severity::Warning));
    assert!(Severity::parse("fatal").is_err());
}

#[test]
fn problems_serialize_with_stable_names() {
    let p = Fleet { services: vec![service("worker", 0, 3)], ..Default::default() }.problems();
    let json = serde_json::to_value(&p[0]).expect("json");
    assert_eq!(json["severity"], "critical");
    assert_eq!(json["rule"], "below-desired");
    assert_eq!(json["cluster"], "prod");
    assert_eq!(json["service"], "worker");
    assert_eq!(json["opens"]["view"], "service");
    assert_eq!(json["opens"]["pane"], "events");
}

#[test]
fn alarms_in_alarm_are_one_row_per_service_and_one_for_the_cluster() {
    use crate::model::alarm::{AlarmMetric, Dimension};
    use crate::model::{Alarm, AlarmState};
    let alarm = |name: &str, state: AlarmState, mins: i64, dims: &[(&str, &str)]| Alarm {
        name: name.into(),
        state,
        reason: format!("Threshold Crossed: {name}"),
        state_updated_at: Some(fixtures::now() - chrono::Duration::minutes(mins)),
        metrics: vec![AlarmMetric {
            namespace: Some("AWS/ECS".into()),
            name: Some("CPUUtilization".into()),
            dimensions: dims.iter().map(|(n, v)| Dimension::new(*n, *v)).collect(),
        }],
        ..Default::default()
    };
    let api = [("ClusterName", "prod"), ("ServiceName", "api")];
    let f = Fleet {
        services: vec![service("api", 2, 2), service("web", 2, 2)],
        alarms: vec![
            alarm("api-cpu", AlarmState::Alarm, 5, &api),
            alarm("api-mem", AlarmState::Alarm, 30, &api),
            alarm("web-cpu", AlarmState::Ok, 30, &[("ClusterName", "prod"), ("ServiceName", "web")]),
            alarm("prod-reservation", AlarmState::Alarm, 60, &[("ClusterName", "prod")]),
            // Another cluster's service of the same name.
            alarm("dev-api", AlarmState::Alarm, 5, &[("ClusterName", "dev"), ("ServiceName", "api")]),
        ],
        ..Default::default()
    };
    let p = f.problems();
    assert_eq!(
        rules(&p),
        [(Rule::AlarmFiring, Severity::Critical, None), (Rule::AlarmFiring, Severity::Critical, Some("api"))],
        "{p:#?}"
    );
    let api = &p[1];
    // The longest-firing alarm leads: its age and its reason.
    assert_eq!(api.since, Some(fixtures::now() - chrono::Duration::minutes(30)));
    assert_eq!(api.reason, "2 alarms in ALARM: api-mem, api-cpu — Threshold Crossed: api-mem");
    assert!(matches!(api.opens, Opens::Service { pane: ServicePane::Alarms, .. }), "{:?}", api.opens);
    assert_eq!(p[0].reason, "alarm in ALARM: prod-reservation — Threshold Crossed: prod-reservation");
}

fn target_group(name: &str, states: &[(&str, Option<&str>, Option<&str>)]) -> crate::model::TargetGroupHealth {
    crate::model::TargetGroupHealth {
        arn: format!("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/{name}/0123"),
        name: name.into(),
        targets: states
            .iter()
            .enumerate()
            .map(|(i, (state, reason, description))| crate::model::TargetHealth {
                id: format!("10.0.0.{i}"),
                port: Some(8080),
                availability_zone: None,
                state: crate::model::TargetState::parse(state),
                reason: reason.map(str::to_string),
                description: description.map(str::to_string),
            })
            .collect(),
        ..Default::default()
    }
}

fn behind(mut s: Service, tg: &crate::model::TargetGroupHealth) -> Service {
    s.load_balancers = vec![crate::model::LoadBalancer {
        target_group_arn: Some(tg.arn.clone()),
        container_name: Some("app".into()),
        container_port: Some(8080),
    }];
    s
}

#[test]
fn unhealthy_targets_are_one_row_per_service_with_the_load_balancers_reasons() {
    const MISMATCH: (&str, Option<&str>, Option<&str>) =
        ("unhealthy", Some("Target.ResponseCodeMismatch"), Some("Health checks failed with these codes: [502]"));
    let api = target_group("prod-api", &[("healthy", None, None), MISMATCH, MISMATCH, ("draining", None, None)]);
    let web = target_group("prod-web", &[("healthy", None, None), ("initial", None, None)]);
    let worker = target_group(
        "prod-worker",
        &[("unhealthy", Some("Target.Timeout"), Some("Request timed out")), ("unhealthy.draining", None, None)],
    );
    let f = Fleet {
        services: vec![
            behind(service("api", 4, 4), &api),
            behind(service("web", 2, 2), &web),
            behind(service("worker", 2, 2), &worker),
            // Its group's health is not known: nothing is said of it.
            behind(service("jobs", 1, 1), &target_group("prod-jobs", &[])),
        ],
        target_health: vec![api, web, worker],
        ..Default::default()
    };
    let p = f.problems();
    assert_eq!(
        rules(&p),
        [
            (Rule::UnhealthyTargets, Severity::Critical, Some("worker")),
            (Rule::UnhealthyTargets, Severity::Warning, Some("api")),
        ]
    );
    assert_eq!(
        p[1].reason,
        "2 of 4 targets unhealthy in tg prod-api: Target.ResponseCodeMismatch — Health checks failed with these codes: [502]"
    );
    assert_eq!(
        p[0].reason,
        "2 of 2 targets unhealthy in tg prod-worker: Target.Timeout — Request timed out; no reason given"
    );
    assert!(matches!(&p[1].opens, Opens::Service { pane: ServicePane::Targets, .. }));
}

fn pinned_detail(activities: Vec<crate::model::ScalingActivity>) -> crate::model::ScalingDetail {
    use crate::model::{PolicyKind, ScalingPolicy, TargetTracking, TrackedMetric};
    crate::model::ScalingDetail {
        target: Some(ScalableTarget { min: 2, max: 10, ..Default::default() }),
        policies: vec![ScalingPolicy {
            name: "cpu".into(),
            arn: "arn:cpu".into(),
            kind: PolicyKind::TargetTrackingScaling(TargetTracking {
                metric: TrackedMetric::Cpu,
                target_value: 60.0,
                scale_out_cooldown: Some(60),
                scale_in_cooldown: Some(300),
                disable_scale_in: false,
            }),
            alarms: vec![],
            created_at: None,
        }],
        activities,
    }
}

fn activity(ago: i64, status: &str, description: &str, message: Option<&str>) -> crate::model::ScalingActivity {
    crate::model::ScalingActivity {
        id: format!("a{ago}"),
        status: crate::model::ActivityStatus::parse(status),
        cause: "monitor alarm AlarmHigh in state ALARM triggered policy cpu".into(),
        description: description.into(),
        status_message: message.map(str::to_string),
        start: Some(mins(ago)),
        end: Some(mins(ago - 1)),
        not_scaled: vec![],
    }
}

#[test]
fn a_pinned_service_over_its_cpu_target_says_so_with_figures() {
    let mut f = Fleet { services: vec![service("api", 10, 10)], ..Default::default() };
    let detail = pinned_detail(vec![
        activity(5, "Failed", "Attempting to scale due to alarm triggered", Some("Failed to set desired count to 11")),
        activity(26, "Successful", "Setting desired count to 10.", None),
        activity(90, "Successful", "Setting desired count to 6.", None),
    ]);
    let target = ScalableTarget { min: 2, max: 10, ..Default::default() };
    f.scaling.insert("api".into(), ServiceScaling { target, detail: Some(detail.clone()), cpu: Some(91.2) });
    let p = f.problems();
    assert_eq!(rules(&p), [(Rule::AtScalingMax, Severity::Warning, Some("api"))]);
    assert_eq!(p[0].reason, "at max 10 of 10 for 25m; CPU 91% over target 60%: more load cannot be met");
    assert_eq!(p[0].since, Some(mins(25)), "since it reached its maximum");
    assert!(matches!(p[0].opens, Opens::Service { pane: ServicePane::Scaling, .. }));

    // CPU under target: the refused scale-out is the reason.
    f.scaling.insert("api".into(), ServiceScaling { target, detail: Some(detail.clone()), cpu: Some(40.0) });
    let p = f.problems();
    assert_eq!(
        p[0].reason,
        "at max 10 of 10 for 25m while a scale-out was refused 5m ago (Failed to set desired count to 11)"
    );

    // Metrics not loaded, the latest activity unfulfilled.
    let mut unfulfilled = pinned_detail(vec![activity(
        3,
        "Unfulfilled",
        "Setting desired count to 11.",
        Some("the maximum capacity of 10 was reached"),
    )]);
    unfulfilled.activities[0].not_scaled = vec![crate::model::NotScaled {
        code: "AlreadyAtMaxCapacity".into(),
        max: Some(10),
        min: None,
        current: Some(10),
    }];
    f.scaling.insert("api".into(), ServiceScaling { target, detail: Some(unfulfilled), cpu: None });
    assert_eq!(
        f.problems()[0].reason,
        "at max 10 of 10 while a scale-out was unfulfilled 3m ago (already at its maximum (10 of 10))"
    );

    // The latest activity scaled fine and nothing else is known: said plainly.
    let calm = pinned_detail(vec![activity(26, "Successful", "Setting desired count to 10.", None)]);
    f.scaling.insert("api".into(), ServiceScaling { target, detail: Some(calm), cpu: None });
    assert_eq!(
        f.problems()[0].reason,
        "pinned at its auto scaling maximum: desired 10 of 2–10 for 25m; more load cannot be met"
    );
}

#[test]
fn region_targets_are_split_by_cluster() {
    let t = |cluster: &str, service: &str| crate::model::ServiceTarget {
        cluster: cluster.into(),
        service: service.into(),
        target: ScalableTarget { min: 1, max: 3, ..Default::default() },
    };
    let all = [t("prod", "api"), t("dev", "api"), t("prod", "web")];
    let prod = scaling::of_cluster(&all, "prod");
    let mut names: Vec<&String> = prod.keys().collect();
    names.sort();
    assert_eq!(names, ["api", "web"]);
    assert!(scaling::at_max(&ScalableTarget { min: 1, max: 3, ..Default::default() }, 3));
    assert!(!scaling::at_max(&ScalableTarget { min: 3, max: 3, ..Default::default() }, 3));
}
