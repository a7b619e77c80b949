//! The capacity-provider mix of a service and of a cluster: where the tasks are expected to
//! run (the effective strategy split at the desired count, `Strategy::expected_split`), where
//! they actually run (each task's capacity provider), the Spot share, and what differs.
//! Pure: numbers and words for a view to draw, no widgets.
use super::{Cluster, Service, Strategy, Task};

/// Where a service's effective strategy comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// The service's own capacity-provider strategy.
    Service,
    /// The service has none: ECS uses the cluster's default strategy.
    ClusterDefault,
    /// The service names a launch type (`FARGATE`, `EC2`, `EXTERNAL`) instead of providers.
    LaunchType(String),
    /// Neither, and the cluster has no default strategy: there is nothing to expect.
    Unknown,
}

impl Source {
    pub fn label(&self) -> String {
        match self {
            Source::Service => "the service's own strategy".into(),
            Source::ClusterDefault => "the cluster's default strategy (the service has none of its own)".into(),
            Source::LaunchType(lt) => format!("launch type {lt} (no capacity providers)"),
            Source::Unknown => "no strategy: the service has none and the cluster has no default".into(),
        }
    }
}

/// Where a task stands for the mix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Running,
    /// Placed and starting (PROVISIONING, PENDING, ACTIVATING).
    Pending,
    /// Stopping or stopped (desired or last status): no longer part of the mix.
    Leaving,
}

impl Presence {
    pub fn of(task: &Task) -> Presence {
        let leaving = |s: &str| matches!(s, "STOPPED" | "STOPPING" | "DEACTIVATING" | "DEPROVISIONING");
        if task.desired_status == "STOPPED" || leaving(&task.last_status) {
            Presence::Leaving
        } else if task.last_status == "RUNNING" {
            Presence::Running
        } else {
            Presence::Pending
        }
    }
}

/// The row a task counts under: its capacity provider, else its launch type. `FARGATE` the
/// launch type is marked so it cannot be read as `FARGATE` the provider.
pub fn slot_of(task: &Task) -> (String, bool) {
    match (task.capacity_provider.as_deref().filter(|p| !p.is_empty()), task.launch_type.as_deref()) {
        (Some(p), _) => (p.to_string(), false),
        (None, Some(lt)) => (launch_type_label(lt), true),
        (None, None) => ("unknown".into(), true),
    }
}

fn launch_type_label(lt: &str) -> String {
    if Strategy::is_fargate_provider(lt) { format!("{lt} (launch type)") } else { lt.to_string() }
}

/// Spot capacity: `FARGATE_SPOT`, and any provider whose name contains "spot" in any case
/// (the name is all bosun knows of an Auto Scaling group provider's purchase option).
/// Launch types are never Spot.
pub fn is_spot(provider: &str) -> bool {
    provider == "FARGATE_SPOT" || provider.to_ascii_lowercase().contains("spot")
}

/// One provider (or launch type) of a mix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MixRow {
    /// The provider's name, or the launch type (`EC2`, `FARGATE (launch type)`).
    pub name: String,
    pub launch_type: bool,
    /// In the effective strategy, with these base and weight (0 when not in it).
    pub in_strategy: bool,
    pub base: u32,
    pub weight: u32,
    /// Tasks expected here at the desired count (bosun's rounding); `None`: nothing to expect.
    pub expected: Option<u32>,
    /// The exact share rounded down and up: any count in between is a fair rounding.
    pub bounds: Option<(u32, u32)>,
    pub running: u32,
    pub pending: u32,
    pub spot: bool,
}

impl MixRow {
    fn new(name: String, launch_type: bool) -> MixRow {
        let spot = !launch_type && is_spot(&name);
        MixRow {
            name,
            launch_type,
            in_strategy: false,
            base: 0,
            weight: 0,
            expected: None,
            bounds: None,
            running: 0,
            pending: 0,
            spot,
        }
    }

    /// Running and pending: the tasks ECS has placed here.
    pub fn placed(&self) -> u32 {
        self.running + self.pending
    }
}

/// Proportional bar lengths, in cells, for one row: expected, and actual as running then
/// pending (`running + pending` cells in all). The scale is the whole: the largest of the
/// desired count, the expected total and the placed total fills the width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bar {
    pub name: String,
    pub expected: u16,
    pub running: u16,
    pub pending: u16,
}

/// A service's capacity-provider mix, expected against actual.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mix {
    pub service: String,
    pub source: Source,
    /// The effective strategy (empty for a launch type or `Unknown`).
    pub strategy: Strategy,
    pub desired: u32,
    /// The strategy's providers in its order, then any other place tasks run, by name.
    pub rows: Vec<MixRow>,
    /// Why differences are not warned about right now (a rollout in progress).
    pub settling: Option<String>,
    /// Each difference beyond rounding, in words.
    pub warnings: Vec<String>,
}

impl Mix {
    /// The mix of `service` at its desired count. `tasks` may be the whole cluster's: tasks
    /// of other services (by their `service:` group) are left out; tasks without a group are
    /// taken as the service's.
    pub fn of(service: &Service, cluster_default: &Strategy, tasks: &[Task]) -> Mix {
        let strategy = service.effective_strategy(cluster_default).clone();
        let source = if !service.strategy.is_empty() {
            Source::Service
        } else if let Some(lt) = &service.launch_type {
            Source::LaunchType(lt.clone())
        } else if !cluster_default.is_empty() {
            Source::ClusterDefault
        } else {
            Source::Unknown
        };
        let desired = service.desired.max(0) as u32;
        let mut rows: Vec<MixRow> = Vec::new();
        match &source {
            Source::Service | Source::ClusterDefault => {
                let split = strategy.expected_split(desired);
                for ((item, (_, n)), bounds) in strategy.0.iter().zip(split).zip(strategy.share_bounds(desired)) {
                    let mut row = MixRow::new(item.provider.clone(), false);
                    row.in_strategy = true;
                    row.base = item.base.max(0) as u32;
                    row.weight = item.weight.max(0) as u32;
                    row.expected = Some(n);
                    row.bounds = Some(bounds);
                    rows.push(row);
                }
            }
            Source::LaunchType(lt) => {
                let mut row = MixRow::new(launch_type_label(lt), true);
                row.expected = Some(desired);
                row.bounds = Some((desired, desired));
                rows.push(row);
            }
            Source::Unknown => {}
        }
        let known = source != Source::Unknown;
        let mut extra: Vec<MixRow> = Vec::new();
        for task in tasks.iter().filter(|t| t.group.is_none() || t.service_name() == Some(service.name.as_str())) {
            let presence = Presence::of(task);
            if presence == Presence::Leaving {
                continue;
            }
            let (name, launch_type) = slot_of(task);
            let row = match rows.iter().position(|r| r.name == name) {
                Some(i) => &mut rows[i],
                None => match extra.iter().position(|r| r.name == name) {
                    Some(i) => &mut extra[i],
                    None => {
                        let mut row = MixRow::new(name, launch_type);
                        if known {
                            row.expected = Some(0);
                            row.bounds = Some((0, 0));
                        }
                        extra.push(row);
                        extra.last_mut().expect("just pushed")
                    }
                },
            };
            match presence {
                Presence::Running => row.running += 1,
                _ => row.pending += 1,
            }
        }
        extra.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(extra);
        let settling = rollout_in_progress(service);
        let warnings = if settling.is_some() || !known { Vec::new() } else { differences(&rows, desired) };
        Mix { service: service.name.clone(), source, strategy, desired, rows, settling, warnings }
    }

    /// `FARGATE base 1 weight 1 / FARGATE_SPOT weight 4`, or `launch type EC2`; read it with
    /// [`Strategy::LEGEND`].
    pub fn notation(&self) -> String {
        match &self.source {
            Source::LaunchType(lt) => format!("launch type {lt}"),
            _ => self.strategy.notation(),
        }
    }

    /// Tasks running or pending, on every row.
    pub fn placed(&self) -> u32 {
        self.rows.iter().map(MixRow::placed).sum()
    }

    /// Bar lengths for a bar area `width` cells wide, all rows on one scale.
    pub fn bars(&self, width: u16) -> Vec<Bar> {
        bars(&self.rows, self.desired, width)
    }

    /// The share of placed tasks on Spot, in whole percent; `None` with no tasks.
    pub fn spot_share(&self) -> Option<u32> {
        spot_share(&self.rows)
    }

    /// The share of the desired count expected on Spot, in whole percent.
    pub fn expected_spot_share(&self) -> Option<u32> {
        expected_spot_share(&self.rows)
    }
}

/// The cluster's default strategy and the mix summed over every service of the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClusterMix {
    pub cluster: String,
    pub default_strategy: Strategy,
    /// The default strategy's providers in its order, then every other place tasks run.
    /// `expected` sums the services that have something to expect.
    pub rows: Vec<MixRow>,
    pub desired: u32,
    pub services: Vec<Mix>,
    /// Running or pending tasks of no listed service (standalone tasks), not in the rows.
    pub other_tasks: u32,
    /// Each service's warnings, prefixed with its name.
    pub warnings: Vec<String>,
}

impl ClusterMix {
    pub fn of(cluster: &Cluster, services: &[Service], tasks: &[Task]) -> ClusterMix {
        let default = &cluster.default_strategy;
        let mixes: Vec<Mix> = services
            .iter()
            .map(|s| {
                let own: Vec<Task> =
                    tasks.iter().filter(|t| t.service_name() == Some(s.name.as_str())).cloned().collect();
                Mix::of(s, default, &own)
            })
            .collect();
        let mut rows: Vec<MixRow> = default
            .0
            .iter()
            .map(|i| {
                let mut row = MixRow::new(i.provider.clone(), false);
                row.in_strategy = true;
                row.base = i.base.max(0) as u32;
                row.weight = i.weight.max(0) as u32;
                row
            })
            .collect();
        let mut extra: Vec<MixRow> = Vec::new();
        for r in mixes.iter().flat_map(|m| &m.rows) {
            let row = match rows.iter().position(|x| x.name == r.name) {
                Some(i) => &mut rows[i],
                None => match extra.iter().position(|x| x.name == r.name) {
                    Some(i) => &mut extra[i],
                    None => {
                        extra.push(MixRow::new(r.name.clone(), r.launch_type));
                        extra.last_mut().expect("just pushed")
                    }
                },
            };
            row.running += r.running;
            row.pending += r.pending;
            if let Some(e) = r.expected {
                row.expected = Some(row.expected.unwrap_or(0) + e);
            }
        }
        extra.sort_by(|a, b| a.name.cmp(&b.name));
        rows.extend(extra);
        let other_tasks = tasks
            .iter()
            .filter(|t| {
                Presence::of(t) != Presence::Leaving
                    && !t.service_name().is_some_and(|n| services.iter().any(|s| s.name == n))
            })
            .count() as u32;
        let warnings =
            mixes.iter().flat_map(|m| m.warnings.iter().map(move |w| format!("{}: {w}", m.service))).collect();
        ClusterMix {
            cluster: cluster.name.clone(),
            default_strategy: default.clone(),
            desired: mixes.iter().map(|m| m.desired).sum(),
            rows,
            services: mixes,
            other_tasks,
            warnings,
        }
    }

    /// The default strategy in words (`-` when the cluster has none).
    pub fn notation(&self) -> String {
        self.default_strategy.notation()
    }

    pub fn placed(&self) -> u32 {
        self.rows.iter().map(MixRow::placed).sum()
    }

    pub fn bars(&self, width: u16) -> Vec<Bar> {
        bars(&self.rows, self.desired, width)
    }

    pub fn spot_share(&self) -> Option<u32> {
        spot_share(&self.rows)
    }

    pub fn expected_spot_share(&self) -> Option<u32> {
        expected_spot_share(&self.rows)
    }
}

/// A rollout mixes the old deployment's tasks with the new one's (up to the maximum percent,
/// under each deployment's own strategy), so the counts are compared once it completes.
fn rollout_in_progress(service: &Service) -> Option<String> {
    let rolling = service.primary().is_some_and(|p| p.rollout_state.as_deref() == Some("IN_PROGRESS"));
    let others = service.deployments.iter().filter(|d| d.status != "PRIMARY").count();
    (rolling || others > 0).then(|| {
        "a deployment is in progress: old and new tasks both count until it completes, so expected and actual \
         are compared after"
            .to_string()
    })
}

fn plural(n: u32) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// A row beyond its rounding bounds, in words, with what it may mean.
fn differences(rows: &[MixRow], desired: u32) -> Vec<String> {
    let mut out = Vec::new();
    for row in rows {
        let Some((lo, hi)) = row.bounds else { continue };
        let placed = row.placed();
        if placed < lo {
            let k = lo - placed;
            let why = if row.name == "FARGATE_SPOT" {
                "Spot capacity may be short (Fargate does not fall back from Spot to on-demand)"
            } else if row.spot {
                "Spot capacity may be short (ECS does not move the tasks to another provider)"
            } else if row.launch_type || Strategy::is_fargate_provider(&row.name) {
                "tasks may be failing to start or to be placed: see the events"
            } else {
                "the Auto Scaling group may be short of instances: see the events"
            };
            out.push(format!("{k} fewer task{} on {} than expected: {why}", plural(k), row.name));
        } else if placed > hi {
            let k = placed - hi;
            let why = if row.in_strategy || row.expected.is_some_and(|e| e > 0) {
                "tasks stay where they were placed until replaced; a forced deployment rebalances"
            } else {
                "it is not in the strategy: tasks placed under an earlier one stay until replaced"
            };
            out.push(format!("{k} more task{} on {} than expected: {why}", plural(k), row.name));
        }
    }
    let placed: u32 = rows.iter().map(MixRow::placed).sum();
    if out.is_empty() && placed != desired {
        let (k, word) = if placed < desired { (desired - placed, "fewer") } else { (placed - desired, "more") };
        out.push(format!("{k} task{} {word} than desired ({placed} placed of {desired}): see the events", plural(k)));
    }
    out
}

/// Cells for `count` of `scale` in `width`: rounded, and at least one for any task, so a
/// provider with tasks never looks empty.
fn cells(count: u32, scale: u32, width: u16) -> u16 {
    if count == 0 || scale == 0 {
        return 0;
    }
    let n = (count as u64 * width as u64 + scale as u64 / 2) / scale as u64;
    n.clamp(1, width as u64) as u16
}

fn bars(rows: &[MixRow], desired: u32, width: u16) -> Vec<Bar> {
    // One scale for every row, the whole service (or cluster): a bar is that row's share of it.
    let expected: u32 = rows.iter().filter_map(|r| r.expected).sum();
    let placed: u32 = rows.iter().map(MixRow::placed).sum();
    let scale = desired.max(expected).max(placed);
    rows.iter()
        .map(|r| {
            let running = cells(r.running, scale, width);
            let placed = cells(r.placed(), scale, width).max(running);
            Bar {
                name: r.name.clone(),
                expected: cells(r.expected.unwrap_or(0), scale, width),
                running,
                pending: placed - running,
            }
        })
        .collect()
}

fn percent(part: u32, whole: u32) -> Option<u32> {
    (whole > 0).then(|| ((part as u64 * 100 + whole as u64 / 2) / whole as u64) as u32)
}

fn spot_share(rows: &[MixRow]) -> Option<u32> {
    let spot = rows.iter().filter(|r| r.spot).map(MixRow::placed).sum();
    percent(spot, rows.iter().map(MixRow::placed).sum())
}

fn expected_spot_share(rows: &[MixRow]) -> Option<u32> {
    let total: u32 = rows.iter().filter_map(|r| r.expected).sum();
    percent(rows.iter().filter(|r| r.spot).filter_map(|r| r.expected).sum(), total)
}

#[cfg(test)]
#[path = "mix_tests.rs"]
mod tests;
