//! The mix of a service and a cluster: expected against actual, bars, Spot share, warnings.
use super::*;
use crate::model::{Deployment, StrategyItem};

fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

fn prod_default() -> Strategy {
    strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)])
}

fn service(name: &str, desired: i32) -> Service {
    Service {
        name: name.into(),
        desired,
        deployments: vec![Deployment {
            status: "PRIMARY".into(),
            rollout_state: Some("COMPLETED".into()),
            ..Default::default()
        }],
        ..Default::default()
    }
}

fn task(service: &str, provider: Option<&str>, launch_type: &str, last: &str) -> Task {
    Task {
        group: Some(format!("service:{service}")),
        capacity_provider: provider.map(str::to_string),
        launch_type: Some(launch_type.into()),
        last_status: last.into(),
        desired_status: "RUNNING".into(),
        ..Default::default()
    }
}

fn on(service: &str, provider: &str, n: usize) -> Vec<Task> {
    (0..n).map(|_| task(service, Some(provider), "FARGATE", "RUNNING")).collect()
}

/// (name, expected, running, pending) per row.
fn table(mix: &Mix) -> Vec<(String, Option<u32>, u32, u32)> {
    mix.rows.iter().map(|r| (r.name.clone(), r.expected, r.running, r.pending)).collect()
}

#[test]
fn the_production_service_on_the_cluster_default() {
    let api = service("api", 5);
    let mut tasks = on("api", "FARGATE", 2);
    tasks.extend(on("api", "FARGATE_SPOT", 3));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert_eq!(mix.source, Source::ClusterDefault);
    assert_eq!(mix.notation(), "FARGATE base 1 weight 1 / FARGATE_SPOT weight 4");
    assert_eq!(Strategy::LEGEND, "base: tasks placed there first; weight: share of the rest");
    assert_eq!(table(&mix), vec![("FARGATE".into(), Some(2), 2, 0), ("FARGATE_SPOT".into(), Some(3), 3, 0)]);
    assert_eq!((mix.rows[0].base, mix.rows[0].weight, mix.rows[1].weight), (1, 1, 4));
    assert!(!mix.rows[0].spot && mix.rows[1].spot);
    assert_eq!(mix.spot_share(), Some(60));
    assert_eq!(mix.expected_spot_share(), Some(60));
    assert_eq!(mix.warnings, Vec::<String>::new());
    assert_eq!(mix.settling, None);
}

#[test]
fn own_strategy_and_launch_types_say_where_they_come_from() {
    let mut own = service("web", 2);
    own.strategy = strategy(&[("FARGATE_SPOT", 0, 1)]);
    let mix = Mix::of(&own, &prod_default(), &on("web", "FARGATE_SPOT", 2));
    assert_eq!(mix.source, Source::Service);
    assert_eq!(mix.source.label(), "the service's own strategy");
    assert_eq!(mix.spot_share(), Some(100));

    let mut ec2 = service("ingest", 3);
    ec2.launch_type = Some("EC2".into());
    let tasks: Vec<Task> = (0..3).map(|_| task("ingest", None, "EC2", "RUNNING")).collect();
    let mix = Mix::of(&ec2, &prod_default(), &tasks);
    assert_eq!(mix.source, Source::LaunchType("EC2".into()));
    assert_eq!(mix.notation(), "launch type EC2");
    assert_eq!(table(&mix), vec![("EC2".into(), Some(3), 3, 0)]);
    assert_eq!(mix.spot_share(), Some(0));

    // FARGATE the launch type is not FARGATE the provider.
    let mut lt = service("old", 1);
    lt.launch_type = Some("FARGATE".into());
    let mix = Mix::of(&lt, &prod_default(), &[task("old", None, "FARGATE", "RUNNING")]);
    assert_eq!(table(&mix), vec![("FARGATE (launch type)".into(), Some(1), 1, 0)]);
    assert!(mix.rows[0].launch_type);
    assert!(mix.warnings.is_empty(), "{:?}", mix.warnings);
}

#[test]
fn nothing_to_expect_without_a_strategy_or_launch_type() {
    let bare = service("x", 2);
    let mix = Mix::of(&bare, &Strategy::default(), &on("x", "FARGATE", 1));
    assert_eq!(mix.source, Source::Unknown);
    assert_eq!(table(&mix), vec![("FARGATE".into(), None, 1, 0)]);
    assert!(mix.warnings.is_empty());
    assert_eq!(mix.expected_spot_share(), None);
}

#[test]
fn pending_counts_as_placed_and_stopping_tasks_do_not_count() {
    let api = service("api", 5);
    let mut tasks = on("api", "FARGATE", 2);
    tasks.extend(on("api", "FARGATE_SPOT", 2));
    tasks.push(task("api", Some("FARGATE_SPOT"), "FARGATE", "PROVISIONING"));
    let mut stopping = task("api", Some("FARGATE_SPOT"), "FARGATE", "RUNNING");
    stopping.desired_status = "STOPPED".into();
    tasks.push(stopping);
    tasks.push(task("api", Some("FARGATE"), "FARGATE", "DEPROVISIONING"));
    // Another service's task and a standalone one are not api's.
    tasks.extend(on("web", "FARGATE", 3));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert_eq!(table(&mix), vec![("FARGATE".into(), Some(2), 2, 0), ("FARGATE_SPOT".into(), Some(3), 2, 1)]);
    assert!(mix.warnings.is_empty(), "{:?}", mix.warnings);
}

#[test]
fn short_spot_capacity_is_warned_in_words() {
    // 6 desired: 2 on FARGATE, 4 on Spot expected; Spot got only 2.
    let api = service("api", 6);
    let mut tasks = on("api", "FARGATE", 2);
    tasks.extend(on("api", "FARGATE_SPOT", 2));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert_eq!(
        mix.warnings,
        vec![
            "2 fewer tasks on FARGATE_SPOT than expected: Spot capacity may be short (Fargate does not fall back \
             from Spot to on-demand)"
                .to_string()
        ]
    );
    assert_eq!(mix.spot_share(), Some(50));
    assert_eq!(mix.expected_spot_share(), Some(67));
}

#[test]
fn a_fair_rounding_is_not_a_difference() {
    // 4 desired: FARGATE's exact share is 1.6, Spot's 2.4. bosun expects 1 and 3; ECS placing
    // 2 and 2 is an equally fair rounding.
    let api = service("api", 4);
    let mut tasks = on("api", "FARGATE", 2);
    tasks.extend(on("api", "FARGATE_SPOT", 2));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert_eq!(mix.rows[0].expected, Some(1));
    assert_eq!(mix.rows[0].bounds, Some((1, 2)));
    assert!(mix.warnings.is_empty(), "{:?}", mix.warnings);
    // One short overall, each provider within its rounding (1 of 1..=2, 2 of 2..=3): said
    // once, for the service.
    let mix = Mix::of(&api, &prod_default(), &tasks[1..]);
    assert_eq!(mix.warnings, vec!["1 task fewer than desired (3 placed of 4): see the events".to_string()]);
}

#[test]
fn tasks_off_the_strategy_and_too_many_on_demand() {
    let api = service("api", 5);
    let mut tasks = on("api", "FARGATE", 4);
    tasks.extend(on("api", "FARGATE_SPOT", 1));
    tasks.push(task("api", None, "FARGATE", "RUNNING"));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert_eq!(mix.rows[2].name, "FARGATE (launch type)");
    assert_eq!(mix.rows[2].expected, Some(0));
    assert_eq!(
        mix.warnings,
        vec![
            "2 more tasks on FARGATE than expected: tasks stay where they were placed until replaced; a forced \
             deployment rebalances",
            "2 fewer tasks on FARGATE_SPOT than expected: Spot capacity may be short (Fargate does not fall back \
             from Spot to on-demand)",
            "1 more task on FARGATE (launch type) than expected: it is not in the strategy: tasks placed under an \
             earlier one stay until replaced",
        ]
    );
}

#[test]
fn auto_scaling_group_providers_and_their_spot() {
    let st = strategy(&[("batch-ondemand", 2, 1), ("batch-spot", 0, 1)]);
    let svc = service("jobs", 6);
    let mut tasks: Vec<Task> = (0..5).map(|_| task("jobs", Some("batch-ondemand"), "EC2", "RUNNING")).collect();
    tasks.extend((0..1).map(|_| task("jobs", Some("batch-spot"), "EC2", "RUNNING")));
    let mix = Mix::of(&svc, &st, &tasks);
    assert!(mix.rows[1].spot && !mix.rows[0].spot);
    assert_eq!(
        mix.warnings,
        vec![
            "1 more task on batch-ondemand than expected: tasks stay where they were placed until replaced; a \
             forced deployment rebalances",
            "1 fewer task on batch-spot than expected: Spot capacity may be short (ECS does not move the tasks to \
             another provider)",
        ]
    );
    assert!(is_spot("Spot-ASG") && is_spot("FARGATE_SPOT") && !is_spot("FARGATE") && !is_spot("ondemand"));
}

#[test]
fn a_rollout_in_progress_is_compared_after() {
    let mut api = service("api", 4);
    api.deployments[0].rollout_state = Some("IN_PROGRESS".into());
    api.deployments.push(Deployment { status: "ACTIVE".into(), ..Default::default() });
    let tasks = on("api", "FARGATE", 8);
    let mix = Mix::of(&api, &prod_default(), &tasks);
    assert!(mix.warnings.is_empty());
    assert!(mix.settling.as_deref().is_some_and(|s| s.starts_with("a deployment is in progress")));
    // The counts are still shown as they are.
    assert_eq!(mix.rows[0].running, 8);
}

#[test]
fn bars_share_one_scale_and_never_hide_a_task() {
    let api = service("api", 5);
    let mut tasks = on("api", "FARGATE", 1);
    tasks.extend(on("api", "FARGATE_SPOT", 3));
    tasks.push(task("api", Some("FARGATE_SPOT"), "FARGATE", "PENDING"));
    let mix = Mix::of(&api, &prod_default(), &tasks);
    // Expected 2 and 3 of 5, over 20 cells: 8 and 12; running 1 and 3, pending 1 on Spot.
    assert_eq!(
        mix.bars(20),
        vec![
            Bar { name: "FARGATE".into(), expected: 8, running: 4, pending: 0 },
            Bar { name: "FARGATE_SPOT".into(), expected: 12, running: 12, pending: 4 },
        ]
    );
    // 1 of 1000 tasks on a narrow bar still gets a cell.
    let big = service("big", 1000);
    let mut tasks = on("big", "FARGATE", 1);
    tasks.extend(on("big", "FARGATE_SPOT", 999));
    let bars = Mix::of(&big, &strategy(&[("FARGATE", 1, 0), ("FARGATE_SPOT", 0, 1)]), &tasks).bars(10);
    assert_eq!((bars[0].expected, bars[0].running), (1, 1));
    assert_eq!((bars[1].expected, bars[1].running), (10, 10));
    // Nothing desired, nothing placed: empty bars, no division by zero.
    let none = Mix::of(&service("idle", 0), &prod_default(), &[]);
    assert!(none.bars(10).iter().all(|b| b.expected + b.running + b.pending == 0));
    assert_eq!(none.spot_share(), None);
    assert!(none.bars(0).iter().all(|b| b.expected == 0));
}

#[test]
fn the_cluster_sums_every_service() {
    let cluster = Cluster { name: "prod".into(), default_strategy: prod_default(), ..Default::default() };
    let api = service("api", 5);
    let mut web = service("web", 2);
    web.strategy = strategy(&[("FARGATE_SPOT", 0, 1)]);
    let mut ingest = service("ingest", 1);
    ingest.launch_type = Some("EC2".into());
    let mut tasks = on("api", "FARGATE", 2);
    tasks.extend(on("api", "FARGATE_SPOT", 3));
    tasks.extend(on("web", "FARGATE_SPOT", 1));
    tasks.push(task("ingest", None, "EC2", "PENDING"));
    let mut standalone = task("x", Some("FARGATE"), "FARGATE", "RUNNING");
    standalone.group = Some("family:migrate".into());
    tasks.push(standalone);
    let mix = ClusterMix::of(&cluster, &[api, web, ingest], &tasks);
    assert_eq!(mix.notation(), "FARGATE base 1 weight 1 / FARGATE_SPOT weight 4");
    let rows: Vec<(String, Option<u32>, u32, u32)> =
        mix.rows.iter().map(|r| (r.name.clone(), r.expected, r.running, r.pending)).collect();
    assert_eq!(
        rows,
        vec![("FARGATE".into(), Some(2), 2, 0), ("FARGATE_SPOT".into(), Some(5), 4, 0), ("EC2".into(), Some(1), 0, 1),]
    );
    assert_eq!(mix.desired, 8);
    assert_eq!(mix.placed(), 7);
    assert_eq!(mix.other_tasks, 1);
    assert_eq!(mix.spot_share(), Some(57));
    assert_eq!(mix.warnings, vec!["web: 1 fewer task on FARGATE_SPOT than expected: Spot capacity may be short (Fargate does not fall back from Spot to on-demand)".to_string()]);
    assert_eq!(mix.bars(8).iter().map(|b| b.expected).sum::<u16>(), 8);
}
