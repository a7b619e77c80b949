//! The cost estimate of a service's (or a cluster's) running Fargate tasks:
//! `hourly = Σ vCPU × vCPU-hour rate + GB × GB-hour rate`, each task at its capacity's rate
//! (Spot or on-demand) and architecture, from `Prices`. Always an estimate: the prices are a
//! data file, and Fargate bills per second with a one-minute minimum, storage above 20 GB and
//! the network apart.
use super::mix::{Presence, is_spot};
use super::prices::{Arch, Prices};
use super::{Cluster, Service, Strategy, Task};

/// AWS's month for pricing: 730 hours.
pub const HOURS_PER_MONTH: f64 = 730.0;

/// One priced task.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TaskCost {
    pub vcpu: f64,
    pub gb: f64,
    pub spot: bool,
    /// USD per hour at its capacity's rate.
    pub hourly: f64,
    /// USD per hour had it run on-demand.
    pub on_demand_hourly: f64,
}

/// Estimated cost of running tasks, with what could not be priced and why.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Estimate {
    pub region: String,
    /// Effective date and source note of the region's prices (empty without prices).
    pub effective: String,
    pub source: String,
    /// Priced tasks; Spot among them.
    pub priced: u32,
    pub spot: u32,
    /// USD per hour of the priced tasks, at their capacity's rates.
    pub hourly: f64,
    /// The same tasks all on-demand.
    pub on_demand_hourly: f64,
    /// Running tasks on EC2 capacity (launch type EC2 or EXTERNAL, or an Auto Scaling group
    /// provider): not priced, their cost is the instances'.
    pub ec2: u32,
    /// Running tasks that could not be priced (no size, no price for the region or rate).
    pub unpriced: u32,
    /// The architecture was not known and Linux/x86 was assumed.
    pub arch_assumed: bool,
    /// Why a figure is missing or assumed, in words.
    pub notes: Vec<String>,
}

impl Estimate {
    /// The running tasks of `service` (tasks of other services are left out, as in
    /// `Mix::of`). `arch` is the task definition's `runtimePlatform.cpuArchitecture`; `None`
    /// prices as Linux/x86 and says so. The region is the one in the service's ARN.
    pub fn of_service(
        prices: &Prices,
        service: &Service,
        cluster_default: &Strategy,
        tasks: &[Task],
        arch: Option<Arch>,
    ) -> Estimate {
        let own: Vec<&Task> =
            tasks.iter().filter(|t| t.group.is_none() || t.service_name() == Some(service.name.as_str())).collect();
        let region = region_of(&service.arn).or_else(|| own.iter().find_map(|t| region_of(&t.arn)));
        let mut e = Estimate::of_tasks(prices, region.unwrap_or(""), &own, arch);
        // A service on EC2 capacity with no task running says so too.
        if e.ec2 == 0 && e.priced == 0 && e.unpriced == 0 && on_ec2(service, cluster_default) {
            e.notes.push(EC2_NOTE.to_string());
        }
        e
    }

    /// The running tasks of every service of the cluster, each with its own architecture.
    pub fn of_cluster(
        prices: &Prices,
        cluster: &Cluster,
        services: &[Service],
        tasks: &[Task],
        arch_of: impl Fn(&Service) -> Option<Arch>,
    ) -> Estimate {
        let parts: Vec<Estimate> = services
            .iter()
            .map(|s| {
                let own: Vec<Task> =
                    tasks.iter().filter(|t| t.service_name() == Some(s.name.as_str())).cloned().collect();
                Estimate::of_service(prices, s, &cluster.default_strategy, &own, arch_of(s))
            })
            .collect();
        let mut total = Estimate::total(&parts);
        if total.region.is_empty() {
            total.region = region_of(&cluster.arn).unwrap_or_default().to_string();
        }
        total
    }

    /// Running tasks in `region`, all of one architecture.
    pub fn of_tasks(prices: &Prices, region: &str, tasks: &[&Task], arch: Option<Arch>) -> Estimate {
        let region_prices = prices.region(region);
        let mut e = Estimate {
            region: region.to_string(),
            effective: region_prices.map(|r| r.effective.clone()).unwrap_or_default(),
            source: region_prices.map(|r| r.source.clone()).unwrap_or_default(),
            arch_assumed: arch.is_none(),
            ..Default::default()
        };
        let arch = arch.unwrap_or(Arch::X86);
        let (mut unsized_, mut no_rate) = (0u32, Vec::<&'static str>::new());
        for task in tasks.iter().filter(|t| Presence::of(t) == Presence::Running) {
            if task_on_ec2(task) {
                e.ec2 += 1;
                continue;
            }
            let Some(prices) = region_prices else {
                e.unpriced += 1;
                continue;
            };
            let Some((vcpu, gb)) = size(task) else {
                e.unpriced += 1;
                unsized_ += 1;
                continue;
            };
            let spot = task.capacity_provider.as_deref().is_some_and(is_spot);
            let (Some(rate), Some(on_demand)) = (prices.rate(arch, spot), prices.rate(arch, false)) else {
                e.unpriced += 1;
                let missing = match (arch, spot) {
                    (Arch::X86, false) => "Linux/x86 on-demand",
                    (Arch::Arm, false) => "Linux/ARM on-demand",
                    (Arch::X86, true) => "Linux/x86 Spot (or on-demand)",
                    (Arch::Arm, true) => "Linux/ARM Spot (or on-demand)",
                };
                if !no_rate.contains(&missing) {
                    no_rate.push(missing);
                }
                continue;
            };
            let cost = price(vcpu, gb, spot, rate, on_demand);
            e.priced += 1;
            e.spot += u32::from(spot);
            e.hourly += cost.hourly;
            e.on_demand_hourly += cost.on_demand_hourly;
        }
        if e.ec2 > 0 {
            e.notes.push(EC2_NOTE.to_string());
        }
        let fargate_tasks = e.priced + e.unpriced;
        if region_prices.is_none() && fargate_tasks > 0 {
            let name = if region.is_empty() { "an unknown region" } else { region };
            e.notes.push(format!("no Fargate prices for {name}: add them to prices.toml (see docs/health.md)"));
        }
        if unsized_ > 0 {
            e.notes.push(format!("{unsized_} task{} without a CPU and memory size: not priced", plural(unsized_)));
        }
        for missing in no_rate {
            e.notes.push(format!("no {missing} price for {region} in the price file: some tasks not priced"));
        }
        if e.arch_assumed && e.priced > 0 {
            e.notes.push("architecture unknown: priced as Linux/x86".into());
        }
        e
    }

    /// The sum of several estimates (a cluster's services); notes are kept once each.
    pub fn total(parts: &[Estimate]) -> Estimate {
        let mut t = Estimate::default();
        for p in parts {
            if t.region.is_empty() {
                t.region = p.region.clone();
            }
            if t.effective.is_empty() {
                t.effective = p.effective.clone();
                t.source = p.source.clone();
            }
            t.priced += p.priced;
            t.spot += p.spot;
            t.hourly += p.hourly;
            t.on_demand_hourly += p.on_demand_hourly;
            t.ec2 += p.ec2;
            t.unpriced += p.unpriced;
            t.arch_assumed |= p.arch_assumed && p.priced > 0;
            for n in &p.notes {
                if !t.notes.contains(n) {
                    t.notes.push(n.clone());
                }
            }
        }
        t
    }

    pub fn monthly(&self) -> f64 {
        self.hourly * HOURS_PER_MONTH
    }

    pub fn on_demand_monthly(&self) -> f64 {
        self.on_demand_hourly * HOURS_PER_MONTH
    }

    /// What the current mix saves against running the same tasks all on-demand.
    pub fn saving_hourly(&self) -> f64 {
        (self.on_demand_hourly - self.hourly).max(0.0)
    }

    pub fn saving_monthly(&self) -> f64 {
        self.saving_hourly() * HOURS_PER_MONTH
    }

    /// The saving in whole percent of the all-on-demand cost; `None` when nothing is priced.
    pub fn saving_percent(&self) -> Option<u32> {
        (self.on_demand_hourly > 0.0).then(|| (self.saving_hourly() / self.on_demand_hourly * 100.0).round() as u32)
    }

    /// Only EC2 capacity: there is no task price to show.
    pub fn is_ec2_only(&self) -> bool {
        self.priced == 0 && self.unpriced == 0 && self.notes.iter().any(|n| n == EC2_NOTE)
    }

    /// One line for a pane: `estimate: $0.1086/h · $79.29/month for 5 tasks`, or why there
    /// is no figure.
    pub fn headline(&self) -> String {
        if self.is_ec2_only() {
            return format!("estimate: none: {EC2_NOTE}");
        }
        if self.priced == 0 {
            return match self.notes.first() {
                Some(n) => format!("estimate: none: {n}"),
                None => "estimate: none: no running tasks".into(),
            };
        }
        format!(
            "estimate: {}/h · {}/month for {} task{}",
            dollars(self.hourly, 4),
            dollars(self.monthly(), 2),
            self.priced,
            plural(self.priced)
        )
    }

    /// `Spot saves $100.91/month (56%) against all on-demand`, or `all on-demand: no Spot saving`.
    pub fn saving_line(&self) -> Option<String> {
        if self.priced == 0 {
            return None;
        }
        if self.spot == 0 {
            return Some("all on-demand: no Spot saving".into());
        }
        Some(format!(
            "Spot saves {}/month ({}%) against all on-demand ({}/month)",
            dollars(self.saving_monthly(), 2),
            self.saving_percent().unwrap_or(0),
            dollars(self.on_demand_monthly(), 2)
        ))
    }

    /// Where the prices come from: `Fargate prices for eu-west-1, effective 2024-09-01 (source)`.
    pub fn prices_line(&self) -> Option<String> {
        (!self.effective.is_empty())
            .then(|| format!("Fargate prices for {}, effective {} ({})", self.region, self.effective, self.source))
    }
}

pub const EC2_NOTE: &str = "EC2 capacity: cost is the instances', not the tasks'";

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Prices one task of `vcpu` and `gb` at `rate` (and at `on_demand` for the comparison).
pub fn price(vcpu: f64, gb: f64, spot: bool, rate: super::Rate, on_demand: super::Rate) -> TaskCost {
    TaskCost {
        vcpu,
        gb,
        spot,
        hourly: vcpu * rate.vcpu_hour + gb * rate.gb_hour,
        on_demand_hourly: vcpu * on_demand.vcpu_hour + gb * on_demand.gb_hour,
    }
}

/// A task on EC2 capacity: launch type EC2 or EXTERNAL, a provider that is not Fargate's, or
/// a container instance.
fn task_on_ec2(task: &Task) -> bool {
    matches!(task.launch_type.as_deref(), Some("EC2" | "EXTERNAL"))
        || task.capacity_provider.as_deref().is_some_and(|p| !p.is_empty() && !Strategy::is_fargate_provider(p))
        || task.container_instance_arn.is_some()
}

fn on_ec2(service: &Service, cluster_default: &Strategy) -> bool {
    if let Some(lt) = &service.launch_type {
        return lt != "FARGATE";
    }
    let st = service.effective_strategy(cluster_default);
    !st.is_empty() && st.0.iter().all(|i| !Strategy::is_fargate_provider(&i.provider))
}

/// vCPUs and GB of a task: `cpu` in CPU units (1024 = 1 vCPU) or `"0.5 vCPU"`, `memory` in
/// MiB or `"2 GB"`; GB as AWS bills them, MiB / 1024.
pub fn size(task: &Task) -> Option<(f64, f64)> {
    let vcpu = amount(task.cpu.as_deref()?, "vcpu", 1024.0)?;
    let gb = amount(task.memory.as_deref()?, "gb", 1024.0)?;
    (vcpu > 0.0 && gb > 0.0).then_some((vcpu, gb))
}

/// `"512"` → 512 / `per`; `"0.5 vCPU"` (with `unit`, any case) → 0.5.
fn amount(text: &str, unit: &str, per: f64) -> Option<f64> {
    let lower = text.trim().to_ascii_lowercase();
    let n = match lower.strip_suffix(unit) {
        Some(number) => number.trim().parse::<f64>().ok()?,
        None => lower.parse::<f64>().ok()? / per,
    };
    n.is_finite().then_some(n)
}

/// The region of an ARN: `arn:aws:ecs:eu-west-1:…` → `eu-west-1`.
pub fn region_of(arn: &str) -> Option<&str> {
    let mut parts = arn.split(':');
    (parts.next() == Some("arn")).then_some(())?;
    parts.nth(2).filter(|r| !r.is_empty())
}

/// `$1,234.57` with `decimals` places.
pub fn dollars(amount: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, amount.abs());
    let (whole, frac) = text.split_once('.').map_or((text.as_str(), None), |(w, f)| (w, Some(f)));
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if amount < 0.0 { "-" } else { "" };
    match frac {
        Some(f) => format!("{sign}${grouped}.{f}"),
        None => format!("{sign}${grouped}"),
    }
}

#[cfg(test)]
#[path = "cost_tests.rs"]
mod tests;
