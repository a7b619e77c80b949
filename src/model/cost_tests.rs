//! The cost arithmetic, with exact figures from the built-in price file.
use super::*;
use crate::model::{Rate, StrategyItem};

const EU: &str = "arn:aws:ecs:eu-west-1:123456789012";

fn close(got: f64, want: f64) {
    assert!((got - want).abs() < 1e-9, "got {got}, want {want}");
}

fn service(name: &str) -> Service {
    Service { name: name.into(), arn: format!("{EU}:service/prod/{name}"), ..Default::default() }
}

fn task(provider: Option<&str>, cpu: &str, memory: &str) -> Task {
    Task {
        arn: format!("{EU}:task/prod/abc"),
        group: Some("service:api".into()),
        capacity_provider: provider.map(str::to_string),
        launch_type: Some("FARGATE".into()),
        cpu: Some(cpu.into()),
        memory: Some(memory.into()),
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        ..Default::default()
    }
}

fn default() -> Strategy {
    Strategy(vec![
        StrategyItem { provider: "FARGATE".into(), base: 1, weight: 1 },
        StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 4 },
    ])
}

#[test]
fn one_small_task_on_demand_and_on_spot() {
    let prices = Prices::builtin();
    // 256 CPU units = 0.25 vCPU, 512 MiB = 0.5 GB, eu-west-1 Linux/x86.
    let e = Estimate::of_service(
        &prices,
        &service("api"),
        &default(),
        &[task(Some("FARGATE"), "256", "512")],
        Some(Arch::X86),
    );
    close(e.hourly, 0.25 * 0.04048 + 0.5 * 0.004445);
    close(e.hourly, 0.0123425);
    close(e.monthly(), 0.0123425 * 730.0);
    assert_eq!((e.priced, e.spot, e.ec2, e.unpriced), (1, 0, 0, 0));
    assert_eq!(e.saving_line().as_deref(), Some("all on-demand: no Spot saving"));
    assert!(e.notes.is_empty(), "{:?}", e.notes);

    let e = Estimate::of_service(
        &prices,
        &service("api"),
        &default(),
        &[task(Some("FARGATE_SPOT"), "0.25 vCPU", "0.5 GB")],
        Some(Arch::X86),
    );
    close(e.hourly, 0.25 * 0.012144 + 0.5 * 0.0013335);
    close(e.on_demand_hourly, 0.0123425);
    assert_eq!(e.spot, 1);
}

#[test]
fn the_production_mix_and_its_saving() {
    let prices = Prices::builtin();
    let mut tasks = vec![task(Some("FARGATE"), "1024", "2048")];
    tasks.extend((0..4).map(|_| task(Some("FARGATE_SPOT"), "1024", "2048")));
    let e = Estimate::of_service(&prices, &service("api"), &default(), &tasks, None);
    // On-demand: 1 × 0.04048 + 2 × 0.004445 = 0.04937; Spot: 0.012144 + 2 × 0.0013335 = 0.014811.
    close(e.hourly, 0.04937 + 4.0 * 0.014811);
    close(e.hourly, 0.108614);
    close(e.monthly(), 79.28822);
    close(e.on_demand_hourly, 5.0 * 0.04937);
    close(e.on_demand_monthly(), 180.2005);
    close(e.saving_monthly(), 100.91228);
    assert_eq!(e.saving_percent(), Some(56));
    assert_eq!(e.headline(), "estimate: $0.1086/h · $79.29/month for 5 tasks");
    assert_eq!(
        e.saving_line().as_deref(),
        Some("Spot saves $100.91/month (56%) against all on-demand ($180.20/month)")
    );
    assert_eq!(e.notes, vec!["architecture unknown: priced as Linux/x86".to_string()]);
    assert!(e.arch_assumed);
    assert_eq!(
        e.prices_line().as_deref(),
        Some(
            "Fargate prices for eu-west-1, effective 2024-09-01 (AWS Fargate pricing page, \
             https://aws.amazon.com/fargate/pricing/ (Linux; Spot approximated as 30% of on-demand))"
        )
    );
}

#[test]
fn arm_tasks_take_the_arm_rates() {
    let prices = Prices::builtin();
    let e = Estimate::of_service(
        &prices,
        &service("api"),
        &default(),
        &[task(Some("FARGATE"), "2048", "4096")],
        Some(Arch::Arm),
    );
    close(e.hourly, 2.0 * 0.03238 + 4.0 * 0.00356);
    assert!(e.notes.is_empty());
}

#[test]
fn only_running_tasks_of_the_service_are_priced() {
    let prices = Prices::builtin();
    let mut pending = task(Some("FARGATE"), "1024", "2048");
    pending.last_status = "PENDING".into();
    let mut other = task(Some("FARGATE"), "1024", "2048");
    other.group = Some("service:web".into());
    let mut unsized_ = task(Some("FARGATE"), "1024", "2048");
    unsized_.memory = None;
    let tasks = [task(Some("FARGATE"), "1024", "2048"), pending, other, unsized_];
    let e = Estimate::of_service(&prices, &service("api"), &default(), &tasks, Some(Arch::X86));
    assert_eq!((e.priced, e.unpriced), (1, 1));
    close(e.hourly, 0.04937);
    assert_eq!(e.notes, vec!["1 task without a CPU and memory size: not priced".to_string()]);
}

#[test]
fn ec2_capacity_is_not_priced() {
    let prices = Prices::builtin();
    let mut ec2 = service("ingest");
    ec2.launch_type = Some("EC2".into());
    let mut t = task(None, "1024", "2048");
    t.launch_type = Some("EC2".into());
    t.group = Some("service:ingest".into());
    let e = Estimate::of_service(&prices, &ec2, &default(), &[t], None);
    assert_eq!((e.priced, e.ec2), (0, 1));
    assert_eq!(e.headline(), "estimate: none: EC2 capacity: cost is the instances', not the tasks'");
    assert_eq!(e.saving_line(), None);
    // An Auto Scaling group provider, and a service with no task running yet.
    let asg = Strategy(vec![StrategyItem { provider: "batch-spot".into(), base: 0, weight: 1 }]);
    let e = Estimate::of_service(&prices, &service("jobs"), &asg, &[], None);
    assert!(e.is_ec2_only(), "{e:?}");
    let t = task(Some("batch-spot"), "1024", "2048");
    let e = Estimate::of_service(&prices, &service("api"), &asg, &[t], None);
    assert_eq!((e.priced, e.ec2), (0, 1));
    // A Fargate service with no tasks has simply nothing to price.
    let e = Estimate::of_service(&prices, &service("api"), &default(), &[], None);
    assert_eq!(e.headline(), "estimate: none: no running tasks");
}

#[test]
fn a_region_without_prices_says_so() {
    let prices = Prices::builtin();
    let mut s = service("api");
    s.arn = "arn:aws:ecs:af-south-1:1:service/prod/api".into();
    let mut t = task(Some("FARGATE"), "1024", "2048");
    t.arn = "arn:aws:ecs:af-south-1:1:task/prod/x".into();
    let e = Estimate::of_service(&prices, &s, &default(), &[t], None);
    assert_eq!((e.priced, e.unpriced), (0, 1));
    assert_eq!(
        e.headline(),
        "estimate: none: no Fargate prices for af-south-1: add them to prices.toml (see docs/health.md)"
    );
    assert_eq!(e.prices_line(), None);
    // A user region with only on-demand x86: Spot tasks there are not priced, and it says so.
    let (prices, _) = Prices::parse(
        "[regions.af-south-1]\nx86 = { vcpu_hour = 0.05, gb_hour = 0.005 }\n",
        crate::model::PRICES_FILE,
        &Prices::builtin(),
    );
    let mut spot = task(Some("FARGATE_SPOT"), "1024", "2048");
    spot.arn = "arn:aws:ecs:af-south-1:1:task/prod/y".into();
    let mut od = spot.clone();
    od.capacity_provider = Some("FARGATE".into());
    let e = Estimate::of_service(&prices, &s, &default(), &[spot, od], Some(Arch::X86));
    assert_eq!((e.priced, e.unpriced), (1, 1));
    close(e.hourly, 0.05 + 2.0 * 0.005);
    assert_eq!(
        e.notes,
        vec![
            "no Linux/x86 Spot (or on-demand) price for af-south-1 in the price file: some tasks not priced"
                .to_string()
        ]
    );
    assert_eq!(prices.region("af-south-1").unwrap().x86, Some(Rate { vcpu_hour: 0.05, gb_hour: 0.005 }));
}

#[test]
fn the_cluster_total_sums_its_services() {
    let prices = Prices::builtin();
    let cluster = Cluster {
        name: "prod".into(),
        arn: format!("{EU}:cluster/prod"),
        default_strategy: default(),
        ..Default::default()
    };
    let mut web_task = task(Some("FARGATE_SPOT"), "512", "1024");
    web_task.group = Some("service:web".into());
    let mut ingest = service("ingest");
    ingest.launch_type = Some("EC2".into());
    let tasks = [task(Some("FARGATE"), "1024", "2048"), web_task];
    let e = Estimate::of_cluster(&prices, &cluster, &[service("api"), service("web"), ingest], &tasks, |s| {
        (s.name == "web").then_some(Arch::Arm)
    });
    close(e.hourly, 0.04937 + 0.5 * 0.009714 + 1.0 * 0.001068);
    close(e.on_demand_hourly, 0.04937 + 0.5 * 0.03238 + 1.0 * 0.00356);
    assert_eq!((e.priced, e.spot, e.region.as_str()), (2, 1, "eu-west-1"));
    assert_eq!(
        e.notes,
        vec![
            "architecture unknown: priced as Linux/x86".to_string(),
            "EC2 capacity: cost is the instances', not the tasks'".to_string(),
        ]
    );
}

#[test]
fn sizes_regions_and_dollars() {
    let t = |cpu: &str, mem: &str| Task { cpu: Some(cpu.into()), memory: Some(mem.into()), ..Default::default() };
    assert_eq!(size(&t("256", "512")), Some((0.25, 0.5)));
    assert_eq!(size(&t("1 vCPU", "3 GB")), Some((1.0, 3.0)));
    assert_eq!(size(&t("4096", "30720")), Some((4.0, 30.0)));
    assert_eq!(size(&t("lots", "512")), None);
    assert_eq!(size(&t("0", "512")), None);
    assert_eq!(size(&t("NaN", "512")), None);
    assert_eq!(region_of("arn:aws:ecs:us-east-2:1:service/a/b"), Some("us-east-2"));
    assert_eq!(region_of("not an arn"), None);
    assert_eq!(region_of(""), None);
    assert_eq!(dollars(1234567.891, 2), "$1,234,567.89");
    assert_eq!(dollars(0.0123425, 4), "$0.0123");
    assert_eq!(dollars(999.999, 2), "$1,000.00");
    assert_eq!(dollars(-5.0, 0), "-$5");
}
