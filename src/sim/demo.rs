//! The demo fleet: the seed designs of the fleet bosun is built for, with something wrong in each place
//! an SRE would look at 3AM.
//!
//! - `prod`: Fargate, FARGATE base 1 weight 1 + FARGATE_SPOT weight 4, exec audited to
//!   CloudWatch with KMS. `web` is rolling out, `checkout`'s release failed and the circuit
//!   breaker rolled it back, `worker` crash-loops below desired (OOM, app exit, Spot),
//!   `payments` is blue/green (CODE_DEPLOY).
//!   `search` is short of Fargate Spot capacity: half its tasks cannot be placed.
//!   A wave of Spot interruptions 12–14 minutes ago stopped tasks of api, notifications, web
//!   and worker.
//!   Service deployment history (with alarm and circuit-breaker rollbacks, a stopped one, and
//!   one older than ECS keeps) for api, checkout, web, worker, notifications and search.
//! - `dev`: Fargate Spot only, exec audit DEFAULT.
//! - `batch`: EC2 with two Auto Scaling group providers (on-demand baseline + Spot overflow;
//!   managed scaling, termination protection on the on-demand one, managed draining on Spot),
//!   five container instances of which one has lost its agent and one is draining;
//!   `ingest` cannot be placed for lack of memory; `log-router` is a daemon; `scheduler` holds
//!   a base of 2 on the on-demand group and runs 1: the group is below its baseline.
//! - `staging`: Fargate launch type, exec audit NONE. `gateway` logs through FireLens and
//!   `mailer` keeps no logs (see `demo_logging.rs`).
//!
//! Application Auto Scaling keeps `api` (2–10), `web` (2–8) and `checkout` (3–12, scale-in
//! suspended) in prod and `ingest` (2–20, scheduled scaling suspended) in batch in range;
//! `payments` (1–3) is pinned at its maximum, its CPU over target, its scale-outs refused.
use super::build::{Builder, Ctr, strategy, tags};
use super::deployments;
use super::ids;
use super::task_states::{self, Stop};
use super::world::{Behaviour, Fate, SimServiceDeployment, World};
use crate::model::{
    AsgProvider, CapacityProvider, ClientAlias, Cluster, DeploymentAlarms, ExecConfig, ExecLogging, LoadBalancer,
    ManagedScaling, ScalableTarget, Service, ServiceConnect, ServiceConnectService, arn_name,
};
use rand::Rng;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
const MIN: i64 = 60;
/// Steps between the pipeline's releases of `web` (8 min) and `checkout` (15 min).
const WEB_RELEASE_EVERY: u64 = 96;
const CHECKOUT_RELEASE_EVERY: u64 = 180;

pub fn build(w: &mut World) {
    let mut b = Builder { w };
    clusters(&mut b);
    prod(&mut b);
    dev(&mut b);
    batch(&mut b);
    staging(&mut b);
    // Drawn last, so the ids of everything above stay as they were.
    b.previous_revisions();
    capacity(&mut b);
    history(&mut b);
    // After everything above has drawn its ids, so those stay as they were.
    below_baseline(&mut b);
    spot_wave(&mut b);
    // Every deployment made above keeps its revision from the start.
    let World { clusters, task_defs, service_revisions, .. } = &mut *b.w;
    for c in clusters.values() {
        super::revisions::record(c, task_defs, service_revisions);
    }
    scalable_targets(b.w);
    // Last: services logging elsewhere than awslogs, so the ids drawn above do not move.
    logging::build(&mut b);
    let World { clusters, task_defs, service_revisions, .. } = &mut *b.w;
    if let Some(c) = clusters.get("staging") {
        super::revisions::record(c, task_defs, service_revisions);
    }
}

#[path = "demo_logging.rs"]
mod logging;

/// The batch cluster's Auto Scaling group providers, and two of its instances in trouble: one
/// whose agent lost its connection, one draining (its Spot instance is being reclaimed).
fn capacity(b: &mut Builder<'_>) {
    let managed = |max_step, warmup| ManagedScaling {
        status: Some("ENABLED".into()),
        target_capacity: Some(100),
        min_step: Some(1),
        max_step: Some(max_step),
        instance_warmup: Some(warmup),
    };
    for (name, scaling, protection, draining) in [
        ("batch-ondemand", managed(10, 300), "ENABLED", "DISABLED"),
        ("batch-spot", managed(4, 180), "DISABLED", "ENABLED"),
    ] {
        let arn = ids::auto_scaling_group_arn(&format!("{name}-asg"), &mut b.w.rng);
        b.w.capacity_providers.insert(
            name.to_string(),
            CapacityProvider {
                name: name.to_string(),
                arn: Some(ids::capacity_provider_arn(name)),
                status: "ACTIVE".into(),
                update_status: Some("UPDATE_COMPLETE".into()),
                update_status_reason: None,
                auto_scaling_group: Some(AsgProvider {
                    arn,
                    managed_scaling: Some(scaling),
                    managed_termination_protection: Some(protection.into()),
                    managed_draining: Some(draining.into()),
                }),
            },
        );
    }
    let Some(c) = b.w.clusters.get_mut("batch") else { return };
    if let Some(i) = c.instances.iter_mut().find(|i| i.provider == "batch-ondemand" && i.zone == ids::ZONES[2]) {
        i.agent_connected = false;
        i.agent_version = "1.82.1".into();
    }
    if let Some(i) = c.instances.iter_mut().find(|i| i.provider == "batch-spot" && i.zone == ids::ZONES[1]) {
        i.status = "DRAINING".into();
    }
}

/// One service deployment in the history of `service`, `ago` seconds old.
struct Past {
    ago: i64,
    status: &'static str,
    reason: Option<&'static str>,
    failed: i32,
    alarms: &'static [&'static str],
    /// Its task definition: this many revisions before the service's current one.
    back: u32,
    /// Its capacity-provider strategy, when not the service's current one.
    strategy: Option<&'static [(&'static str, i32, i32)]>,
}

impl Past {
    fn ok(ago: i64) -> Self {
        Self { ago, status: "SUCCESSFUL", reason: None, failed: 0, alarms: &[], back: 0, strategy: None }
    }

    /// Deployed the revision `back` revisions before the current one.
    fn back(self, back: u32) -> Self {
        Self { back, ..self }
    }

    /// Placed with `strategy` rather than the service's current one.
    fn on(self, strategy: &'static [(&'static str, i32, i32)]) -> Self {
        Self { strategy: Some(strategy), ..self }
    }
}

/// Fargate on-demand alone: how the prod services ran before Spot joined their strategy.
const ON_DEMAND: &[(&str, i32, i32)] = &[("FARGATE", 0, 1)];

/// `back` revisions before `current` (an ARN), when registered; else `current`.
fn earlier(w: &World, current: &str, back: u32) -> String {
    let Some(td) = w.task_defs.get(current) else { return current.to_string() };
    let want = td.revision - back as i32;
    w.task_defs
        .values()
        .find(|d| d.family == td.family && d.revision == want)
        .map(|d| d.arn.clone())
        .unwrap_or_else(|| current.to_string())
}

/// Earlier service deployments of the prod services, oldest first, each replacing the one
/// before it; a rolled-back one's rollback went to the deployment it replaced.
fn past(b: &mut Builder<'_>, service: &str, entries: &[Past]) {
    let c = "prod";
    let current = b.w.clusters.get(c).and_then(|cl| cl.services.get(service)).map(|s| s.svc.task_definition.clone());
    let current = current.unwrap_or_default();
    let mut before: Option<String> = None;
    // What the deployment before ran: a rollback goes back to it.
    let mut before_ran: Option<(String, Option<crate::model::Strategy>)> = None;
    let mut records = Vec::new();
    for p in entries {
        let dep = ids::deployment_id(&mut b.w.rng);
        let at = b.ago(p.ago);
        let done = at + chrono::Duration::minutes(9);
        let rolled_back = p.status.starts_with("ROLLBACK_");
        let rollback_to = rolled_back.then(|| ids::deployment_id(&mut b.w.rng));
        let td = earlier(b.w, &current, p.back);
        let placement = p.strategy.map(strategy);
        b.w.past_revision(c, service, &dep, &td, placement.clone(), at);
        if let (Some(to), Some((td, placement))) = (&rollback_to, &before_ran) {
            b.w.past_revision(c, service, to, td, placement.clone(), done);
        }
        if !rolled_back {
            before_ran = Some((td, placement));
        }
        records.push(SimServiceDeployment {
            arn: deployments::arn(c, service, &dep),
            deployment: dep.clone(),
            source: before.clone(),
            status: p.status.into(),
            reason: p.reason.map(str::to_string),
            rollback_to: rollback_to.clone(),
            created_at: at,
            finished_at: (p.status != "STOPPED").then_some(done),
            stopped_at: (p.status == "STOPPED").then_some(done),
            failed: p.failed,
            triggered_alarms: p.alarms.iter().map(|a| a.to_string()).collect(),
        });
        // After a rollback the service runs what it ran before: the next one replaces that.
        before = if rolled_back { before.or(Some(dep)) } else { Some(dep) };
    }
    if let Some(s) = b.w.clusters.get_mut(c).and_then(|cl| cl.services.get_mut(service)) {
        s.history.extend(records);
    }
}

/// The prod services' deployment history: alarm and circuit-breaker rollbacks, a deployment
/// stopped by a newer one, and (for api) one older than ECS keeps, which it describes as MISSING.
fn history(b: &mut Builder<'_>) {
    const ALARM: &str =
        "Service deployment rolled back because the CloudWatch alarm prod-api-5xx-rate went into ALARM.";
    const BREAKER: &str = "ECS deployment circuit breaker: tasks failed to start.";
    const NEWER: &str = "A newer service deployment replaced it.";
    set_alarms(b, "api", &["prod-api-5xx-rate", "prod-api-p99-latency"]);
    past(
        b,
        "api",
        &[
            Past::ok(120 * DAY).back(1).on(ON_DEMAND),
            Past::ok(23 * DAY).back(1).on(ON_DEMAND),
            // The release the alarm rolled back, then Spot joined before it went out again.
            Past {
                ago: 16 * DAY,
                status: "ROLLBACK_SUCCESSFUL",
                reason: Some(ALARM),
                failed: 0,
                alarms: &["prod-api-5xx-rate"],
                back: 0,
                strategy: None,
            },
            Past::ok(9 * DAY).back(1),
        ],
    );
    past(
        b,
        "checkout",
        &[
            Past::ok(8 * DAY).back(1),
            Past {
                ago: 3 * DAY,
                status: "ROLLBACK_SUCCESSFUL",
                reason: Some(BREAKER),
                failed: 3,
                alarms: &[],
                back: 0,
                strategy: None,
            },
        ],
    );
    // The release failing now: the circuit breaker is rolling it back to the one before.
    let (failed, back, source) = {
        let s = b.w.clusters.get("prod").and_then(|c| c.services.get("checkout"));
        let deps = s.map(|s| s.svc.deployments.clone()).unwrap_or_default();
        let id = |f: &dyn Fn(&crate::model::Deployment) -> bool| deps.iter().find(|d| f(d)).map(|d| d.id.clone());
        (
            id(&|d| d.rollout_state.as_deref() == Some("FAILED")),
            id(&|d| d.status == "PRIMARY"),
            id(&|d| d.rollout_state.as_deref() == Some("COMPLETED")),
        )
    };
    if let (Some(failed), Some(back)) = (failed, back) {
        let at = b.ago(4 * MIN);
        if let Some(s) = b.w.clusters.get_mut("prod").and_then(|c| c.services.get_mut("checkout")) {
            s.history.push(SimServiceDeployment {
                arn: deployments::arn("prod", "checkout", &failed),
                deployment: failed,
                source,
                status: "ROLLBACK_IN_PROGRESS".into(),
                reason: Some(BREAKER.into()),
                rollback_to: Some(back),
                created_at: at,
                finished_at: None,
                stopped_at: None,
                failed: 3,
                triggered_alarms: Vec::new(),
            });
        }
    }
    past(
        b,
        "web",
        &[
            Past::ok(11 * DAY).back(2).on(ON_DEMAND),
            Past {
                ago: 5 * DAY,
                status: "STOPPED",
                reason: Some(NEWER),
                failed: 0,
                alarms: &[],
                back: 1,
                strategy: Some(ON_DEMAND),
            },
            Past::ok(5 * DAY - 20 * MIN).back(1),
        ],
    );
    past(b, "worker", &[Past::ok(6 * DAY).back(1), Past::ok(2 * DAY)]);
    past(b, "notifications", &[Past::ok(40 * DAY).back(1)]);
    past(b, "search", &[Past::ok(14 * DAY).back(1)]);
}

fn set_alarms(b: &mut Builder<'_>, service: &str, alarms: &[&str]) {
    if let Some(s) = b.w.clusters.get_mut("prod").and_then(|c| c.services.get_mut(service)) {
        s.behaviour.alarms = alarms.iter().map(|a| a.to_string()).collect();
    }
}

/// The services registered with Application Auto Scaling.
fn scalable_targets(w: &mut World) {
    let range = |min, max| ScalableTarget { min, max, ..Default::default() };
    for (cluster, service, target) in [
        ("prod", "api", range(2, 10)),
        ("prod", "web", range(2, 8)),
        // Scale-in held while the failed release is looked into.
        ("prod", "checkout", ScalableTarget { suspended_in: true, ..range(3, 12) }),
        ("batch", "ingest", ScalableTarget { suspended_scheduled: true, ..range(2, 20) }),
        // Pinned at its maximum while its CPU runs over target (`sim::scaling`).
        ("prod", "payments", range(1, 3)),
    ] {
        w.scalable_targets.insert((cluster.to_string(), service.to_string()), target);
    }
}

fn clusters(b: &mut Builder<'_>) {
    let kms = ids::kms_key_arn(&mut b.w.rng);
    let fargate = vec!["FARGATE".to_string(), "FARGATE_SPOT".to_string()];
    b.cluster(Cluster {
        arn: ids::cluster_arn("prod"),
        name: "prod".into(),
        status: "ACTIVE".into(),
        capacity_providers: fargate.clone(),
        default_strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
        container_insights: Some("enhanced".into()),
        exec: ExecConfig {
            logging: ExecLogging::Override,
            kms_key_id: Some(kms),
            cloudwatch_log_group: Some("/ecs/prod/exec-audit".into()),
            cloudwatch_encryption: true,
            ..Default::default()
        },
        tags: tags(&[("env", "prod"), ("team", "platform")]),
        ..Default::default()
    });
    b.cluster(Cluster {
        arn: ids::cluster_arn("dev"),
        name: "dev".into(),
        status: "ACTIVE".into(),
        capacity_providers: vec!["FARGATE_SPOT".into()],
        default_strategy: strategy(&[("FARGATE_SPOT", 0, 1)]),
        container_insights: Some("disabled".into()),
        exec: ExecConfig { logging: ExecLogging::Default, ..Default::default() },
        tags: tags(&[("env", "dev"), ("team", "platform")]),
        ..Default::default()
    });
    b.cluster(Cluster {
        arn: ids::cluster_arn("batch"),
        name: "batch".into(),
        status: "ACTIVE".into(),
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
        tags: tags(&[("env", "prod"), ("team", "data")]),
        ..Default::default()
    });
    b.instances("batch", "batch-ondemand", &ids::ZONES, "m6i.xlarge", 4096, 15_722);
    b.instances("batch", "batch-spot", &ids::ZONES[..2], "c6i.2xlarge", 8192, 15_482);
    b.cluster(Cluster {
        arn: ids::cluster_arn("staging"),
        name: "staging".into(),
        status: "ACTIVE".into(),
        capacity_providers: fargate,
        container_insights: Some("disabled".into()),
        exec: ExecConfig { logging: ExecLogging::None, ..Default::default() },
        tags: tags(&[("env", "staging"), ("team", "platform")]),
        ..Default::default()
    });
}

fn alb(b: &mut Builder<'_>, name: &str, container: &str, port: i32) -> LoadBalancer {
    LoadBalancer {
        target_group_arn: Some(ids::target_group_arn(name, &mut b.w.rng)),
        container_name: Some(container.into()),
        container_port: Some(port),
    }
}

fn envoy() -> Ctr<'static> {
    Ctr::sidecar("envoy", "public.ecr.aws/appmesh/aws-appmesh-envoy:v1.29.6.0-prod", true)
}

/// A steady service: one completed deployment and `desired` healthy tasks.
fn steady(b: &mut Builder<'_>, mut svc: Service, def: &str, days: i64) -> String {
    let (cluster, name, desired) = (arn_name(&svc.cluster_arn).to_string(), svc.name.clone(), svc.desired);
    svc.task_definition = def.to_string();
    b.add_service(svc, Behaviour::default());
    let dep = b.deployment(&cluster, &name, def, "PRIMARY", Some("COMPLETED"), days * DAY);
    let tasks = b.running(&cluster, &name, &dep, desired.max(0) as usize, days * DAY - 2 * MIN);
    b.started_event(&cluster, &name, days * DAY - 2 * MIN, &tasks);
    b.steady_event(&cluster, &name, 5 * HOUR + 17 * MIN);
    dep
}

fn prod(b: &mut Builder<'_>) {
    let c = "prod";
    // api: healthy, exec enabled, behind an ALB and in Cloud Map.
    let def = b.task_def(
        "prod-api",
        42,
        1024,
        2048,
        "/ecs/prod/api",
        vec![Ctr::app("api", "api", "1.42.0", Some(8080)), envoy()],
    );
    let mut svc = b.service(c, "api", 6, 210);
    svc.enable_execute_command = true;
    svc.load_balancers = vec![alb(b, "prod-api", "api", 8080)];
    svc.service_registries = vec![ids::discovery_service_arn(&mut b.w.rng)];
    for r in &svc.service_registries {
        super::discovery::register(b.w, r, "api", super::discovery::PROD_LOCAL, "prod.local", &[("A", 60)]);
    }
    svc.alarms = Some(DeploymentAlarms { alarm_names: vec!["prod-api-5xx".into()], enable: true, rollback: true });
    svc.service_connect = Some(ServiceConnect {
        enabled: true,
        namespace: Some("prod.local".into()),
        services: vec![ServiceConnectService {
            port_name: "http".into(),
            discovery_name: Some("api".into()),
            client_aliases: vec![ClientAlias { port: 80, dns_name: Some("api.prod.local".into()) }],
        }],
    });
    steady(b, svc, &def, 3);

    // web: a release rolling out (two of four new tasks healthy, two starting).
    let old =
        b.task_def("prod-web", 17, 512, 1024, "/ecs/prod/web", vec![Ctr::app("web", "web", "3.17.0", Some(3000))]);
    let new =
        b.task_def("prod-web", 18, 512, 1024, "/ecs/prod/web", vec![Ctr::app("web", "web", "3.18.0", Some(3000))]);
    let mut svc = b.service(c, "web", 4, 180);
    svc.enable_execute_command = true;
    svc.task_definition = new.clone();
    svc.load_balancers = vec![alb(b, "prod-web", "web", 3000)];
    b.add_service(
        svc,
        Behaviour {
            release_every: Some(WEB_RELEASE_EVERY),
            next_release: WEB_RELEASE_EVERY,
            last_good: old.clone(),
            ..Default::default()
        },
    );
    let a = b.deployment(c, "web", &old, "ACTIVE", Some("COMPLETED"), 2 * DAY);
    let first = b.running(c, "web", &a, 4, 2 * DAY - MIN);
    b.started_event(c, "web", 2 * DAY - MIN, &first);
    b.steady_event(c, "web", 4 * HOUR);
    let d = b.deployment(c, "web", &new, "PRIMARY", Some("IN_PROGRESS"), 95);
    let up = b.running(c, "web", &d, 2, 60);
    b.started_event(c, "web", 90, &up);
    // Two old tasks were drained once the first new ones became healthy.
    for id in first.iter().take(2) {
        if let Some(t) = b.w.clusters.get_mut(c).and_then(|cl| cl.tasks.get_mut(id)) {
            task_states::begin_stop(&mut t.task, b.w.start - chrono::Duration::seconds(40), Stop::scheduler(&d));
            task_states::step_stop(&mut t.task, b.w.start - chrono::Duration::seconds(35));
            task_states::step_stop(&mut t.task, b.w.start - chrono::Duration::seconds(30));
            task_states::step_stop(&mut t.task, b.w.start - chrono::Duration::seconds(25));
        }
    }
    let drained: Vec<String> = first.iter().take(2).map(|id| format!("(task {id})")).collect();
    b.event(c, "web", 40, format!("(service web) has stopped 2 running tasks: {}.", drained.join(" ")));
    let more = b.starting(c, "web", &d, 2, 20);
    b.started_event(c, "web", 20, &more);

    // checkout: release 37 could not pull its image; the circuit breaker rolled back to 36.
    let good = b.task_def(
        "prod-checkout",
        36,
        1024,
        2048,
        "/ecs/prod/checkout",
        vec![Ctr::app("checkout", "checkout", "2.7.0", Some(8080)), envoy()],
    );
    let bad = b.task_def(
        "prod-checkout",
        37,
        1024,
        2048,
        "/ecs/prod/checkout",
        vec![Ctr::app("checkout", "checkout", "2.8.0", Some(8080)), envoy()],
    );
    b.w.broken_defs.insert(bad.clone());
    let mut svc = b.service(c, "checkout", 4, 150);
    svc.enable_execute_command = true;
    svc.task_definition = good.clone();
    svc.load_balancers = vec![alb(b, "prod-checkout", "checkout", 8080)];
    b.add_service(
        svc,
        Behaviour {
            release_every: Some(CHECKOUT_RELEASE_EVERY),
            next_release: CHECKOUT_RELEASE_EVERY,
            broken_releases: true,
            last_good: good.clone(),
            ..Default::default()
        },
    );
    let a = b.deployment(c, "checkout", &good, "ACTIVE", Some("COMPLETED"), DAY + 3 * HOUR);
    let old = b.running(c, "checkout", &a, 4, DAY + 3 * HOUR - MIN);
    b.started_event(c, "checkout", DAY + 3 * HOUR - MIN, &old);
    let failed = b.deployment(c, "checkout", &bad, "ACTIVE", Some("FAILED"), 4 * MIN);
    let image = ids::image("checkout", "2.8.0");
    let mut tried = Vec::new();
    for ago in [200, 120, 45] {
        let id = b.stopped(c, "checkout", &failed, ago, 0, Stop::cannot_pull(&image));
        b.started_event(c, "checkout", ago + 30, std::slice::from_ref(&id));
        tried.push(id);
    }
    if let Some(d) =
        b.w.clusters
            .get_mut(c)
            .and_then(|cl| cl.services.get_mut("checkout"))
            .and_then(|s| s.svc.deployments.iter_mut().find(|d| d.id == failed))
    {
        d.failed = 3;
        d.updated_at = Some(b.w.start - chrono::Duration::seconds(25));
    }
    let back = b.deployment(c, "checkout", &good, "PRIMARY", Some("IN_PROGRESS"), 25);
    b.event(
        c,
        "checkout",
        25,
        format!("(service checkout) deployment {failed} deployment failed: tasks failed to start."),
    );
    b.event(c, "checkout", 25, format!("(service checkout) rolling back to deployment {back}."));
    let fresh = b.starting(c, "checkout", &back, 2, 15);
    b.started_event(c, "checkout", 15, &fresh);

    // payments: blue/green through CodeDeploy, on-demand only.
    let def = b.task_def(
        "prod-payments",
        12,
        1024,
        2048,
        "/ecs/prod/payments",
        vec![
            Ctr::app("payments", "payments", "5.3.1", Some(8443)),
            Ctr::sidecar("datadog-agent", "public.ecr.aws/datadog/agent:7.52.0", false),
        ],
    );
    let mut svc = b.service(c, "payments", 3, 400);
    svc.controller = "CODE_DEPLOY".into();
    svc.circuit_breaker = None;
    svc.strategy = strategy(&[("FARGATE", 0, 1)]);
    svc.load_balancers = vec![alb(b, "prod-payments-blue", "payments", 8443)];
    svc.task_definition = def.clone();
    b.add_service(svc, Behaviour::default());
    let dep = b.deployment(c, "payments", &def, "PRIMARY", None, 6 * DAY);
    let tasks = b.running(c, "payments", &dep, 3, 6 * DAY - 3 * MIN);
    b.started_event(c, "payments", 6 * DAY - 3 * MIN, &tasks);
    b.steady_event(c, "payments", 2 * HOUR + 40 * MIN);

    worker(b);

    let def = b.task_def(
        "prod-notifications",
        9,
        256,
        512,
        "/ecs/prod/notifications",
        vec![Ctr::app("notifications", "notifications", "0.9.4", Some(8080))],
    );
    let mut svc = b.service(c, "notifications", 2, 90);
    svc.enable_execute_command = true;
    svc.service_registries = vec![ids::discovery_service_arn(&mut b.w.rng)];
    for r in &svc.service_registries {
        let records = [("A", 10), ("SRV", 10)];
        super::discovery::register(b.w, r, "notifications", super::discovery::PROD_LOCAL, "prod.local", &records);
    }
    steady(b, svc, &def, 12);

    search(b);
}

/// search: Fargate Spot has no capacity for it. Of the six tasks the strategy places as
/// FARGATE 2 + FARGATE_SPOT 4, only the on-demand two and one Spot task run; Fargate does not
/// fall back to on-demand, so the other three wait unplaced.
fn search(b: &mut Builder<'_>) {
    let c = "prod";
    let def = b.task_def(
        "prod-search",
        15,
        1024,
        2048,
        "/ecs/prod/search",
        vec![Ctr::app("search", "search", "1.15.2", Some(9200))],
    );
    let mut svc = b.service(c, "search", 6, 70);
    svc.task_definition = def.clone();
    svc.load_balancers = vec![alb(b, "prod-search", "search", 9200)];
    b.add_service(svc, Behaviour { spot_capacity: Some(1), last_placement_event: Some(0), ..Default::default() });
    let dep = b.deployment(c, "search", &def, "PRIMARY", Some("COMPLETED"), 2 * DAY);
    let tasks = b.running(c, "search", &dep, 6, 2 * DAY - 2 * MIN);
    b.started_event(c, "search", 2 * DAY - 2 * MIN, &tasks);
    for ago in [16 * MIN, 11 * MIN, 6 * MIN, MIN] {
        b.event(c, "search", ago, "(service search) was unable to place a task. Reason: Capacity is unavailable at this time. Please try again later or in a different availability zone. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.".into());
    }
}

/// worker: crash-looping below desired, with the three classic ways a task dies.
fn worker(b: &mut Builder<'_>) {
    let c = "prod";
    let def = b.task_def(
        "prod-worker",
        88,
        512,
        1024,
        "/ecs/prod/worker",
        vec![Ctr::app("worker", "worker", "4.11.2", None)],
    );
    let mut svc = b.service(c, "worker", 5, 300);
    svc.enable_execute_command = true;
    svc.task_definition = def.clone();
    b.add_service(svc, Behaviour { crash_loop: true, ..Default::default() });
    let dep = b.deployment(c, "worker", &def, "PRIMARY", Some("COMPLETED"), 5 * HOUR);
    let up = b.running(c, "worker", &dep, 3, 40 * MIN);
    b.started_event(c, "worker", 40 * MIN, &up);
    b.steady_event(c, "worker", 4 * HOUR + 50 * MIN);
    for id in &up {
        let at_step = b.w.rng.random_range(super::life::CRASH_AFTER);
        let oom = b.w.rng.random_bool(0.6);
        b.set_fate(c, id, Fate::Crash { at_step, oom });
    }
    b.stopped(c, "worker", &dep, 31 * MIN, 9 * MIN, Stop::oom());
    let spot = b.stopped(c, "worker", &dep, 14 * MIN, 25 * MIN, Stop::spot());
    b.set_provider(c, &spot, "FARGATE_SPOT");
    b.stopped(c, "worker", &dep, 9 * MIN, 3 * MIN, Stop::app_exit());
    b.event(c, "worker", 9 * MIN - 5, "(service worker) is unable to consistently start tasks successfully. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.".into());
    b.stopped(c, "worker", &dep, 3 * MIN, 2 * MIN, Stop::oom());
    let pending = b.starting(c, "worker", &dep, 1, 50);
    for id in &pending {
        let at_step = b.w.rng.random_range(super::life::CRASH_AFTER);
        b.set_fate(c, id, Fate::Crash { at_step, oom: true });
    }
    b.started_event(c, "worker", 50, &pending);
}

fn dev(b: &mut Builder<'_>) {
    let c = "dev";
    for (name, version, port, days) in [
        ("api", "1.43.0-rc.2", Some(8080), 2),
        ("web", "3.19.0-rc.1", Some(3000), 1),
        ("worker", "4.12.0-rc.1", None, 4),
    ] {
        let def = b.task_def(
            &format!("dev-{name}"),
            7,
            256,
            512,
            &format!("/ecs/dev/{name}"),
            vec![Ctr::app(name, name, version, port)],
        );
        let mut svc = b.service(c, name, 1, 60);
        svc.enable_execute_command = true;
        steady(b, svc, &def, days);
    }
}

fn batch(b: &mut Builder<'_>) {
    let c = "batch";
    // ingest: the on-demand instances are full; the fourth task cannot be placed.
    let def = b.task_def(
        "batch-ingest",
        23,
        2048,
        6144,
        "/ecs/batch/ingest",
        vec![Ctr::app("ingest", "ingest", "2.3.0", None)],
    );
    let mut svc = b.service(c, "ingest", 4, 120);
    svc.platform_version = None;
    svc.task_definition = def.clone();
    b.add_service(svc, Behaviour { capacity: Some(3), last_placement_event: Some(0), ..Default::default() });
    let dep = b.deployment(c, "ingest", &def, "PRIMARY", Some("COMPLETED"), 20 * HOUR);
    let tasks = b.running(c, "ingest", &dep, 3, 20 * HOUR - 2 * MIN);
    b.started_event(c, "ingest", 20 * HOUR - 2 * MIN, &tasks);
    let instance =
        b.w.clusters.get(c).and_then(|cl| cl.instances.first()).map(|i| ids::last_segment(&i.arn).to_string());
    let instance = instance.unwrap_or_default();
    for ago in [11 * MIN, 6 * MIN, MIN] {
        b.event(c, "ingest", ago, format!("(service ingest) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {instance}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."));
    }

    for (name, version, desired, days) in [("reports", "1.8.3", 2, 9), ("thumbnailer", "0.14.1", 3, 5)] {
        let def = b.task_def(
            &format!("batch-{name}"),
            5,
            1024,
            2048,
            &format!("/ecs/batch/{name}"),
            vec![Ctr::app(name, name, version, None)],
        );
        let mut svc = b.service(c, name, desired, 200);
        svc.platform_version = None;
        steady(b, svc, &def, days);
    }

    // A daemon on every instance: EC2 launch type, no capacity provider.
    let def = b.task_def(
        "batch-log-router",
        3,
        128,
        256,
        "/ecs/batch/log-router",
        vec![Ctr::sidecar("log-router", "public.ecr.aws/aws-observability/aws-for-fluent-bit:2.32.2", true)],
    );
    let instances = b.w.clusters.get(c).map(|cl| cl.instances.len()).unwrap_or(0) as i32;
    let mut svc = b.service(c, "log-router", instances, 300);
    svc.scheduling = "DAEMON".into();
    svc.launch_type = Some("EC2".into());
    svc.strategy = Default::default();
    svc.platform_version = None;
    svc.circuit_breaker = None;
    steady(b, svc, &def, 30);
}

fn staging(b: &mut Builder<'_>) {
    let c = "staging";
    for (name, version, port) in [("api", "1.43.0", 8080), ("web", "3.18.0", 3000)] {
        let def = b.task_def(
            &format!("staging-{name}"),
            31,
            512,
            1024,
            &format!("/ecs/staging/{name}"),
            vec![Ctr::app(name, name, version, Some(port))],
        );
        let mut svc = b.service(c, name, 2, 100);
        svc.launch_type = Some("FARGATE".into());
        svc.strategy = Default::default();
        steady(b, svc, &def, 1);
    }
}

/// batch/scheduler: its own strategy puts its first two tasks on the on-demand group, whose
/// instances are full (one lost its agent), so one runs and ECS cannot place the other: the
/// group is below its baseline.
fn below_baseline(b: &mut Builder<'_>) {
    let c = "batch";
    // Its previous revision too, as every demo family has one to compare with.
    for (revision, version) in [(11, "3.1.1"), (12, "3.2.1")] {
        b.task_def(
            "batch-scheduler",
            revision,
            512,
            4096,
            "/ecs/batch/scheduler",
            vec![Ctr::app("scheduler", "scheduler", version, None)],
        );
    }
    let def = ids::task_definition_arn("batch-scheduler", 12);
    let mut svc = b.service(c, "scheduler", 2, 60);
    svc.platform_version = None;
    svc.task_definition = def.clone();
    svc.strategy = strategy(&[("batch-ondemand", 2, 1)]);
    b.add_service(svc, Behaviour { capacity: Some(1), last_placement_event: Some(0), ..Default::default() });
    let dep = b.deployment(c, "scheduler", &def, "PRIMARY", Some("COMPLETED"), 6 * DAY);
    let tasks = b.running(c, "scheduler", &dep, 1, 6 * DAY - 2 * MIN);
    b.started_event(c, "scheduler", 6 * DAY - 2 * MIN, &tasks);
    b.steady_event(c, "scheduler", 6 * DAY - 3 * MIN);
    let instance =
        b.w.clusters.get(c).and_then(|cl| cl.instances.first()).map(|i| ids::last_segment(&i.arn).to_string());
    let instance = instance.unwrap_or_default();
    for ago in [21 * MIN, 11 * MIN, MIN] {
        b.event(c, "scheduler", ago, format!("(service scheduler) was unable to place a task because no container instance met all of its requirements. The closest matching (container-instance {instance}) has insufficient memory available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."));
    }
}

/// One Spot reclaim across prod: tasks of three services on FARGATE_SPOT stopped within two
/// minutes (worker's, 14 minutes ago, is the first of the wave). Not search: Spot has no room
/// for it, so it has no Spot tasks to lose.
fn spot_wave(b: &mut Builder<'_>) {
    let c = "prod";
    for (service, ago) in
        [("api", 13 * MIN), ("api", 13 * MIN - 20), ("notifications", 12 * MIN + 30), ("web", 12 * MIN)]
    {
        let Some(dep) =
            b.w.clusters
                .get(c)
                .and_then(|cl| cl.services.get(service))
                .and_then(|s| s.svc.deployments.iter().find(|d| d.status == "PRIMARY"))
                .map(|d| d.id.clone())
        else {
            continue;
        };
        let id = b.stopped(c, service, &dep, ago, 2 * HOUR, Stop::spot());
        b.set_provider(c, &id, "FARGATE_SPOT");
    }
}
