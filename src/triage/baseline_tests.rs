//! The baseline rule: what fires it, what must not, and its words.
use super::super::{ClusterInput, ClusterPane, Opens, Problem, Rule, Severity, Thresholds, problems};
use crate::fixtures;
use crate::model::{Cluster, ContainerInstance, Deployment, Service, ServiceEvent, Strategy, StrategyItem};
use chrono::Duration;
use std::collections::HashMap;

const CLUSTER: &str = "arn:aws:ecs:eu-west-1:1:cluster/batch";

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(
        items
            .iter()
            .map(|(p, base, weight)| StrategyItem { provider: p.to_string(), base: *base, weight: *weight })
            .collect(),
    )
}

/// On-demand base 2, Spot overflow: the design the rule is for.
fn cluster(registered: i32) -> Cluster {
    Cluster {
        arn: CLUSTER.into(),
        name: "batch".into(),
        status: "ACTIVE".into(),
        registered_instances: registered,
        capacity_providers: vec!["ondemand".into(), "spot".into()],
        default_strategy: strategy(&[("ondemand", 2, 1), ("spot", 0, 3)]),
        ..Default::default()
    }
}

fn service(name: &str, running: i32, desired: i32) -> Service {
    let at = fixtures::now() - Duration::hours(5);
    Service {
        arn: format!("arn:aws:ecs:eu-west-1:1:service/batch/{name}"),
        name: name.into(),
        cluster_arn: CLUSTER.into(),
        status: "ACTIVE".into(),
        scheduling: "REPLICA".into(),
        desired,
        running,
        deployments: vec![Deployment {
            id: "ecs-svc/1".into(),
            status: "PRIMARY".into(),
            task_definition: format!("arn:aws:ecs:eu-west-1:1:task-definition/{name}:3"),
            desired,
            running,
            rollout_state: Some("COMPLETED".into()),
            created_at: Some(at),
            updated_at: Some(at),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn instance(id: &str, provider: &str, status: &str, connected: bool) -> ContainerInstance {
    ContainerInstance {
        arn: format!("arn:aws:ecs:eu-west-1:1:container-instance/batch/{id}"),
        ec2_instance_id: Some(format!("i-{id}")),
        status: status.into(),
        agent_connected: connected,
        capacity_provider_name: Some(provider.into()),
        ..Default::default()
    }
}

fn run(c: &Cluster, services: &[Service], instances: &[ContainerInstance]) -> Vec<Problem> {
    let scaling = HashMap::<String, crate::triage::ServiceScaling>::new();
    let target_health = HashMap::new();
    let input = ClusterInput {
        cluster: c,
        services,
        stopped: &[],
        instances,
        scaling: &scaling,
        alarms: &[],
        target_health: &target_health,
    };
    problems([input], &Thresholds::default(), fixtures::now())
        .into_iter()
        .filter(|p| p.rule == Rule::BelowBaseline)
        .collect()
}

fn fleet() -> Vec<ContainerInstance> {
    vec![
        instance("od1", "ondemand", "ACTIVE", true),
        instance("od2", "ondemand", "ACTIVE", false),
        instance("sp1", "spot", "ACTIVE", true),
    ]
}

#[test]
fn a_service_running_fewer_tasks_than_its_base_puts_the_group_below_its_baseline() {
    let mut scheduler = service("scheduler", 1, 3);
    scheduler.pending = 2;
    scheduler.events = vec![
        ServiceEvent {
            id: "e2".into(),
            created_at: Some(fixtures::now() - Duration::minutes(12)),
            message: "(service scheduler) has stopped 1 running tasks".into(),
        },
        ServiceEvent {
            id: "e1".into(),
            created_at: Some(fixtures::now() - Duration::hours(2)),
            message: "(service scheduler) has reached a steady state.".into(),
        },
    ];
    // ingest runs its base of 2 (4 desired, 2 running: below desired, but not below its base).
    let services = [scheduler, service("ingest", 2, 4), service("reports", 2, 2)];
    let p = run(&cluster(3), &services, &fleet());
    assert_eq!(p.len(), 1, "{p:?}");
    let p = &p[0];
    assert_eq!((p.severity, p.service.as_deref(), p.cluster.as_str()), (Severity::Warning, None, "batch"));
    assert_eq!(
        p.reason,
        "Auto Scaling group provider ondemand below its baseline: 1 of the 6 tasks its base guarantees (3 services) \
         are not running — scheduler runs 1 of its base 2, 2 pending; 1 of 2 instances usable (i-od2 lost its agent)"
    );
    assert_eq!(p.since, Some(fixtures::now() - Duration::minutes(12)), "since it was last steady");
    assert_eq!(p.opens, Opens::Cluster { cluster: CLUSTER.into(), pane: ClusterPane::Providers });
}

#[test]
fn nothing_running_of_a_base_or_no_usable_instance_is_critical() {
    let p = run(&cluster(3), &[service("scheduler", 0, 2)], &fleet());
    assert_eq!(p[0].severity, Severity::Critical);
    let lost = [instance("od1", "ondemand", "DRAINING", true), instance("sp1", "spot", "ACTIVE", true)];
    let p = run(&cluster(2), &[service("scheduler", 1, 2)], &lost);
    assert_eq!(p[0].severity, Severity::Critical);
    assert!(p[0].reason.ends_with("; 0 of 1 instance usable (i-od1 draining)"), "{}", p[0].reason);
    let spot_only = [instance("sp1", "spot", "ACTIVE", true)];
    let p = run(&cluster(1), &[service("scheduler", 1, 2)], &spot_only);
    assert!(p[0].reason.ends_with("; no container instance of it is registered"), "{}", p[0].reason);
    assert_eq!(p[0].severity, Severity::Critical);
    // Instances not loaded yet: the rule says nothing about them and does not guess.
    let p = run(&cluster(3), &[service("scheduler", 1, 2)], &[]);
    assert!(p[0].reason.ends_with("scheduler runs 1 of its base 2"), "{}", p[0].reason);
    assert_eq!(p[0].severity, Severity::Warning);
}

#[test]
fn bases_met_fargate_bases_daemons_and_a_fresh_rollout_are_not_below_a_baseline() {
    let c = cluster(3);
    // Every base met (one service wants fewer tasks than the base: its desired count is its base).
    assert_eq!(run(&c, &[service("ingest", 2, 4), service("tiny", 1, 1), service("idle", 0, 0)], &fleet()), vec![]);
    // A base on Fargate is not an Auto Scaling group's.
    let mut web = service("web", 0, 2);
    web.strategy = strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
    // A launch type never falls back to the cluster's strategy.
    let mut daemon = service("log-router", 0, 3);
    daemon.scheduling = "DAEMON".into();
    let mut ec2 = service("legacy", 0, 2);
    ec2.launch_type = Some("EC2".into());
    assert_eq!(run(&c, &[web, daemon, ec2], &fleet()), vec![]);
    // Four minutes into a rollout is routine; past the grace period it is not.
    let mut rolling = service("scheduler", 0, 2);
    rolling.deployments[0].rollout_state = Some("IN_PROGRESS".into());
    rolling.deployments[0].created_at = Some(fixtures::now() - Duration::minutes(4));
    assert_eq!(run(&c, std::slice::from_ref(&rolling), &fleet()), vec![]);
    rolling.deployments[0].created_at = Some(fixtures::now() - Duration::minutes(25));
    assert_eq!(run(&c, &[rolling], &fleet()).len(), 1);
}

#[test]
fn bases_on_two_groups_are_one_row_for_the_cluster_worst_first() {
    let mut other = service("gpu", 0, 1);
    other.strategy = strategy(&[("gpu-ondemand", 1, 1)]);
    let p = run(&cluster(3), &[service("scheduler", 1, 2), other], &fleet());
    assert_eq!(p.len(), 1, "{p:?}");
    assert_eq!(p[0].severity, Severity::Critical);
    assert!(
        p[0].reason.starts_with("Auto Scaling group provider gpu-ondemand below its baseline: 1 of the 1 tasks"),
        "{}",
        p[0].reason
    );
    assert!(p[0].reason.contains(" · Auto Scaling group provider ondemand below its baseline"), "{}", p[0].reason);
}

/// The demo fleet, as `bosun dump --triage` loads it: batch's on-demand group below its
/// baseline, and prod's Spot wave as one row with its count.
#[tokio::test]
async fn the_demo_has_a_group_below_its_baseline_and_one_row_for_its_spot_wave() {
    use crate::api::Loader;
    use crate::sim::{SimOptions, Simulator};
    use std::sync::Arc;
    let sim = Arc::new(Simulator::demo(SimOptions { seed: 1, speed: 0.0, ..Default::default() }));
    let loaded = super::super::dump::load(&Loader::new(sim.clone(), 4), None).await.expect("loads");
    let rows = super::super::dump::problems(&loaded, &Thresholds::default(), sim.now());
    let baseline: Vec<&Problem> = rows.iter().filter(|p| p.rule == Rule::BelowBaseline).collect();
    assert_eq!(baseline.len(), 1, "{rows:#?}");
    assert_eq!((baseline[0].cluster.as_str(), baseline[0].severity), ("batch", Severity::Warning));
    assert!(
        baseline[0].reason.starts_with(
            "Auto Scaling group provider batch-ondemand below its baseline: 1 of the 8 tasks its base guarantees \
             (4 services) are not running — scheduler runs 1 of its base 2; 2 of 3 instances usable (i-0"
        ),
        "{}",
        baseline[0].reason
    );
    assert!(baseline[0].reason.ends_with(" lost its agent)"), "{}", baseline[0].reason);
    // Since the first event after scheduler last reached a steady state: ECS could not place it.
    assert_eq!(baseline[0].since, Some(sim.now() - chrono::Duration::minutes(21)));
    assert!(matches!(&baseline[0].opens, Opens::Cluster { pane: ClusterPane::Providers, .. }));
    let spot: Vec<&Problem> = rows.iter().filter(|p| p.rule == Rule::SpotInterruptions).collect();
    assert_eq!(spot.len(), 1, "one row for the wave: {rows:#?}");
    assert_eq!(
        spot[0].reason,
        "Spot interruption: 5 tasks stopped in the last 1h, in api (2), notifications (1), web (1), worker (1)"
    );
    let text = super::super::dump::text(&loaded, &rows, sim.now());
    assert!(text.contains("batch-ondemand below its baseline"), "{text}");
}
