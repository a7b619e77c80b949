//! `bosun dump --triage`: what the triage view loads, through the same loader, and its rows as
//! aligned text or JSON; the exit code says whether a problem of at least a given severity
//! was found.
use super::{ClusterInput, Problem, Severity, Thresholds};
use crate::api::{ApiError, ApiResult, Loader};
use crate::model::{
    Cluster, ContainerInstance, Failure, ScalingDetail, Service, ServiceTarget, Task, TaskFilter, TaskStatusFilter,
    Time,
};
use std::collections::HashMap;
use tokio::task::JoinSet;

/// What the rules read about one cluster.
#[derive(Debug, Clone, Default)]
pub struct Checked {
    pub cluster: Cluster,
    pub services: Vec<Service>,
    pub stopped: Vec<Task>,
    pub instances: Vec<ContainerInstance>,
}

#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub clusters: Vec<Checked>,
    /// Partial failures AWS reported (described objects it could not return).
    pub failures: Vec<Failure>,
    /// The region's CloudWatch alarms (empty when they could not be read).
    pub alarms: Vec<crate::model::Alarm>,
    /// Target health by target group ARN (the groups that could be read).
    pub target_health: HashMap<String, crate::model::TargetGroupHealth>,
    /// Every ECS service's auto scaling target in the region (empty when not read).
    pub scaling: Vec<ServiceTarget>,
    /// The auto scaling detail of the services at their maximum, by (cluster, service) name.
    pub scaling_details: HashMap<(String, String), ScalingDetail>,
    /// The current average CPU of the services at their maximum, by (cluster, service) name.
    pub cpu: HashMap<(String, String), f64>,
}

/// Every cluster (or the named one), each with its services, stopped tasks and, on EC2, its
/// container instances; the clusters load concurrently under the loader's one limit.
pub async fn load(loader: &Loader, cluster: Option<String>) -> ApiResult<Loaded> {
    let clusters = match &cluster {
        Some(name) => loader.clusters_named(vec![name.clone()]).await?,
        None => loader.clusters().await?,
    };
    if let (Some(name), true) = (cluster, clusters.items.is_empty()) {
        let known = loader.clusters().await?.items.into_iter().map(|c| c.name).collect();
        return Err(crate::dump::unknown_cluster(&name, known));
    }
    type Answer = ApiResult<(Checked, Vec<Failure>)>;
    let mut set: JoinSet<(usize, Answer)> = JoinSet::new();
    for (idx, c) in clusters.items.iter().enumerate() {
        let loader = loader.clone();
        let cluster = c.clone();
        set.spawn(async move {
            let arn = cluster.arn.clone();
            let stopped = TaskFilter { service: None, status: TaskStatusFilter::Stopped };
            let instances = async {
                if cluster.registered_instances > 0 {
                    loader.container_instances(&arn).await.map(Some)
                } else {
                    Ok(None)
                }
            };
            let (s, t, i) = tokio::join!(loader.services(&arn), loader.tasks(&arn, &stopped), instances);
            let answer = (|| {
                let (s, t) = (s?, t?);
                let mut failures = s.failures;
                failures.extend(t.failures);
                let instances = match i? {
                    Some(i) => {
                        failures.extend(i.failures);
                        i.items
                    }
                    None => vec![],
                };
                Ok((Checked { cluster, services: s.items, stopped: t.items, instances }, failures))
            })();
            (idx, answer)
        });
    }
    let mut per: Vec<Option<Checked>> = vec![None; clusters.items.len()];
    let mut failures = clusters.failures;
    while let Some(joined) = set.join_next().await {
        let (idx, r) =
            joined.map_err(|e| ApiError::new(crate::api::ErrorKind::Other, format!("loader task failed: {e}")))?;
        let (checked, more) = r?;
        per[idx] = Some(checked);
        failures.extend(more);
    }
    Ok(Loaded { clusters: per.into_iter().flatten().collect(), failures, ..Default::default() })
}

/// The health of every target group the loaded services name (DescribeTargetGroups in
/// batches, DescribeTargetHealth a few at a time). A group that cannot be read is left out
/// and said once per reason on stderr: the other rules still answer.
pub async fn load_target_health(elb: &dyn crate::api::ElbApi, loaded: &mut Loaded) {
    let mut arns: Vec<String> = loaded
        .clusters
        .iter()
        .flat_map(|c| &c.services)
        .flat_map(|s| s.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()))
        .collect();
    arns.sort();
    arns.dedup();
    let mut said: Vec<String> = Vec::new();
    for (arn, answer) in crate::api::elb::target_health(elb, &arns).await {
        match answer {
            Ok(tg) => {
                loaded.target_health.insert(arn, tg);
            }
            Err(e) if e.kind == crate::api::ErrorKind::NotFound => {}
            Err(e) => {
                let line = format!("bosun: load balancer target health not read, so none is listed: {e}");
                if !said.contains(&line) {
                    eprintln!("{line}");
                    said.push(line);
                }
            }
        }
    }
}

/// The problems in what was loaded, ranked.
pub fn problems(loaded: &Loaded, t: &Thresholds, now: Time) -> Vec<Problem> {
    let target_health: HashMap<&str, &crate::model::TargetGroupHealth> =
        loaded.target_health.iter().map(|(a, tg)| (a.as_str(), tg)).collect();
    let scaling: Vec<_> = loaded.clusters.iter().map(|c| scaling_of(loaded, &c.cluster.name)).collect();
    let inputs = loaded.clusters.iter().zip(&scaling).map(|(c, scaling)| ClusterInput {
        cluster: &c.cluster,
        services: &c.services,
        stopped: &c.stopped,
        instances: &c.instances,
        scaling,
        alarms: &loaded.alarms,
        target_health: &target_health,
    });
    super::problems(inputs, t, now)
}

/// One cluster's auto scaling as the rules read it: the targets, with the detail and CPU of
/// the services at their maximum.
fn scaling_of(loaded: &Loaded, cluster: &str) -> HashMap<String, super::ServiceScaling> {
    let mut out = super::scaling::of_cluster(&loaded.scaling, cluster);
    for (name, s) in out.iter_mut() {
        let key = (cluster.to_string(), name.clone());
        s.detail = loaded.scaling_details.get(&key).cloned();
        s.cpu = loaded.cpu.get(&key).copied();
    }
    out
}

/// The region's auto scaling targets, then, for the services at their maximum, their
/// policies and activities (one load each, few services) and their CPU (one GetMetricData).
/// Each part that cannot be read is said on stderr and left out: the other rules still answer.
async fn load_scaling(conn: &crate::connect::Connection, loaded: &mut Loaded, now: Time) {
    match crate::api::scaling::all_targets(conn.clients.scaling.as_ref()).await {
        Ok(t) => loaded.scaling = t,
        Err(e) => {
            eprintln!("bosun: auto scaling targets not read, so no service is said to be at its maximum: {e}");
            return;
        }
    }
    let mut pinned = Vec::new();
    for c in &loaded.clusters {
        let targets = super::scaling::of_cluster(&loaded.scaling, &c.cluster.name);
        pinned.extend(super::scaling::pinned(&c.services, &targets).map(|s| (c.cluster.name.clone(), s.name.clone())));
    }
    if pinned.is_empty() {
        return;
    }
    let details = pinned.iter().map(|(c, s)| crate::api::scaling::detail(conn.clients.scaling.as_ref(), c, s));
    let queries: Vec<_> = pinned.iter().map(|(c, s)| super::scaling::cpu_query(c, s)).collect();
    let window = chrono::Duration::seconds(crate::model::metrics::WINDOW_SECS);
    let (details, cpu) = tokio::join!(
        futures::future::join_all(details),
        crate::api::cloudwatch::metric_set(conn.clients.cloudwatch.as_ref(), queries, now - window, now)
    );
    for (key, d) in pinned.iter().zip(details) {
        match d {
            Ok(d) => {
                loaded.scaling_details.insert(key.clone(), d);
            }
            Err(e) => eprintln!("bosun: auto scaling of {}/{} not read: {e}", key.0, key.1),
        }
    }
    match cpu {
        Ok(set) => {
            for (key, series) in pinned.iter().zip(&set.series) {
                if let Some(v) = super::scaling::latest(series) {
                    loaded.cpu.insert(key.clone(), v);
                }
            }
        }
        Err(e) => eprintln!("bosun: CPU of the services at their auto scaling maximum not read: {e}"),
    }
}

/// The rows as aligned text, every reason in full; a line says when nothing is wrong.
pub fn text(loaded: &Loaded, problems: &[Problem], now: Time) -> String {
    let services: usize = loaded.clusters.iter().map(|c| c.services.len()).sum();
    let clusters = loaded.clusters.len();
    let mut out = if problems.is_empty() {
        format!("nothing wrong in {clusters} clusters ({services} services)\n")
    } else {
        let critical = problems.iter().filter(|p| p.severity == Severity::Critical).count();
        let mut out = crate::dump::plain(&crate::views::triage::triage_table(problems, now), "");
        out.push_str(&format!(
            "\n{critical} critical, {} warnings in {clusters} clusters ({services} services)\n",
            problems.len() - critical
        ));
        out
    };
    if !loaded.failures.is_empty() {
        out.push_str("\nfailures reported by AWS:\n");
        for f in &loaded.failures {
            out.push_str(&format!("  {} {} {}\n", f.arn, f.reason, f.detail.as_deref().unwrap_or("")));
        }
    }
    out
}

#[derive(serde::Serialize)]
struct Report<'a> {
    clusters: usize,
    services: usize,
    worst: Option<Severity>,
    problems: &'a [Problem],
    failures: &'a [Failure],
}

pub fn json(loaded: &Loaded, problems: &[Problem]) -> String {
    let report = Report {
        clusters: loaded.clusters.len(),
        services: loaded.clusters.iter().map(|c| c.services.len()).sum(),
        worst: super::worst(problems),
        problems,
        failures: &loaded.failures,
    };
    serde_json::to_string_pretty(&report).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Exit code 1 when a problem at least as severe as `fail_on` exists, else 0 (2 is kept for
/// a dump that could not be made).
pub fn exit_code(problems: &[Problem], fail_on: Option<Severity>) -> i32 {
    match (fail_on, super::worst(problems)) {
        (Some(at_least), Some(worst)) if worst >= at_least => 1,
        _ => 0,
    }
}

/// `bosun dump --triage`: connect, load, print; the exit code of [`exit_code`], or 2 with the
/// reason when the dump cannot be made.
#[allow(clippy::too_many_arguments)]
pub async fn run(
    backend: &crate::connect::Backend,
    profile: Option<String>,
    region: Option<String>,
    cluster: Option<String>,
    as_json: bool,
    fail_on: Option<Severity>,
    thresholds: Thresholds,
    concurrency: usize,
) -> color_eyre::Result<i32> {
    let conn = match crate::connect::connect(backend, profile, region).await {
        Ok(c) => c,
        Err(e) => return Ok(crate::launch::explain(&e)),
    };
    let loader = Loader::new(conn.clients.ecs.clone(), concurrency);
    let (loaded, alarms) =
        tokio::join!(load(&loader, cluster), crate::api::cloudwatch::all_alarms(conn.clients.cloudwatch.as_ref()));
    let mut loaded = match loaded {
        Ok(l) => l,
        Err(e) => return Ok(crate::launch::explain(&e)),
    };
    match alarms {
        Ok(a) => loaded.alarms = a,
        // Alarms are one rule among many: without them the other rules still answer.
        Err(e) => eprintln!("bosun: CloudWatch alarms not read, so none are listed: {e}"),
    }
    load_target_health(conn.clients.elb.as_ref(), &mut loaded).await;
    let now = match backend {
        crate::connect::Backend::Demo(sim) => sim.now(),
        crate::connect::Backend::Aws(_) => chrono::Utc::now(),
    };
    load_scaling(&conn, &mut loaded, now).await;
    let problems = problems(&loaded, &thresholds, now);
    let out = if as_json { json(&loaded, &problems) + "\n" } else { text(&loaded, &problems, now) };
    match crate::dump::write_stdout(&out) {
        0 => Ok(exit_code(&problems, fail_on)),
        _ => Ok(2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{SimOptions, Simulator};
    use std::sync::Arc;

    #[test]
    fn the_exit_code_says_whether_a_bad_enough_problem_exists() {
        let p = |severity| Problem {
            severity,
            rule: super::super::Rule::BelowDesired,
            since: None,
            cluster: "prod".into(),
            service: Some("api".into()),
            reason: "running 1 of 2 desired".into(),
            opens: super::super::Opens::Cluster { cluster: "prod".into(), pane: super::super::ClusterPane::Summary },
        };
        assert_eq!(exit_code(&[p(Severity::Warning)], None), 0);
        assert_eq!(exit_code(&[p(Severity::Warning)], Some(Severity::Warning)), 1);
        assert_eq!(exit_code(&[p(Severity::Warning)], Some(Severity::Critical)), 0);
        assert_eq!(exit_code(&[p(Severity::Warning), p(Severity::Critical)], Some(Severity::Critical)), 1);
        assert_eq!(exit_code(&[], Some(Severity::Warning)), 0);
    }

    #[tokio::test]
    async fn the_demo_fleet_triages_into_readable_rows() {
        let sim = Arc::new(Simulator::demo(SimOptions { seed: 1, ..Default::default() }));
        let loader = Loader::new(sim.clone(), 4);
        let loaded = load(&loader, None).await.expect("loads");
        assert_eq!(loaded.clusters.len(), 4);
        let problems = problems(&loaded, &Thresholds::default(), sim.now());
        let text = text(&loaded, &problems, sim.now());
        assert!(text.starts_with("SEVERITY  AGE"), "{text}");
        for want in
            ["prod/worker", "out of memory", "prod/checkout", "batch/ingest", "Spot interruption", "lost the ECS agent"]
        {
            assert!(text.contains(want), "{want} missing:\n{text}");
        }
        let json: serde_json::Value = serde_json::from_str(&json(&loaded, &problems)).expect("json");
        assert_eq!(json["clusters"], 4);
        assert_eq!(json["worst"], "critical");
        assert_eq!(json["problems"].as_array().map(Vec::len), Some(problems.len()));
        let only = load(&loader, Some("batch".into())).await.expect("one cluster");
        assert_eq!(only.clusters.len(), 1);
        let err = load(&loader, Some("btach".into())).await.expect_err("unknown");
        assert!(err.hint.is_some_and(|h| h.starts_with("pass one of: batch")));
    }
}
