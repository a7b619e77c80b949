//! Time passing: tasks move through their states, crash or get interrupted, and each service's
//! scheduler launches, drains, rolls out, trips the circuit breaker and rolls back, as ECS does.
use super::ids;
use super::placement;
use super::task_states::{self, Stop};
use super::world::{Fate, SimCluster, TaskDefinition, World, push_event};
use crate::model::{Deployment, Service, Time};
use rand::Rng;
use rand::rngs::StdRng;
use std::collections::{BTreeMap, BTreeSet};

/// Chance per step that a task moves on to its next starting state (starts take a few steps).
const START_PROGRESS: f64 = 0.7;
/// Chance per step that a running Fargate Spot task is reclaimed.
const SPOT_INTERRUPTION: f64 = 1.0 / 1500.0;
/// Chance per step that a crash-looping service gets a replacement launched (ECS backs off).
const CRASH_LOOP_RELAUNCH: f64 = 0.12;
/// Steps a crash-looping task runs before it dies (about 1 to 5 min).
pub const CRASH_AFTER: std::ops::Range<u64> = 10..60;
/// Most tasks a service launches or drains in one step.
const PER_STEP: usize = 2;
/// Steps between repeats of the "unable to place" event.
const PLACEMENT_EVENT_EVERY: u64 = 60;

/// Something that happened to a task and matters to its service.
enum Happened {
    FailedToStart { service: String, deployment: String },
    Crashed { service: String },
}

impl World {
    /// Move the world `steps` steps forward.
    pub fn advance(&mut self, steps: u64) {
        for _ in 0..steps {
            self.tick();
        }
    }

    fn tick(&mut self) {
        self.step += 1;
        let now = self.now();
        let step = self.step;
        let World { clusters, task_defs, broken_defs, rng, service_revisions, .. } = self;
        for c in clusters.values_mut() {
            let happened = progress_tasks(c, rng, now, step);
            for h in happened {
                record(c, h, rng, now);
            }
            let names: Vec<String> = c.services.keys().cloned().collect();
            for name in names {
                schedule(c, &name, task_defs, broken_defs, rng, now, step);
            }
            // Each deployment made in this step keeps its revision, however short it lives.
            super::revisions::record(c, task_defs, service_revisions);
            let horizon = now - chrono::Duration::seconds(super::world::STOPPED_RETENTION_SECS);
            c.forget_tasks(|t| t.task.stopped_at.is_none_or(|s| s > horizon));
        }
    }
}

fn progress_tasks(c: &mut SimCluster, rng: &mut StdRng, now: Time, step: u64) -> Vec<Happened> {
    let mut out = Vec::new();
    for t in c.tasks.values_mut() {
        let task = &mut t.task;
        if task.desired_status != "RUNNING" {
            if task.last_status != "STOPPED" {
                task_states::step_stop(task, now);
            }
            continue;
        }
        match task.last_status.as_str() {
            "PROVISIONING" | "PENDING" if rng.random_bool(START_PROGRESS) => {
                task.last_status = if task.last_status == "PROVISIONING" { "PENDING" } else { "ACTIVATING" }.into();
            }
            "ACTIVATING" => {
                if !rng.random_bool(START_PROGRESS) {
                    continue;
                }
                if t.fate == Fate::FailsToStart {
                    let image = task.containers.first().and_then(|c| c.image.clone()).unwrap_or_default();
                    task_states::begin_stop(task, now, Stop::cannot_pull(&image));
                    let service = task.service_name().unwrap_or_default().to_string();
                    let deployment = task.started_by.clone().unwrap_or_default();
                    out.push(Happened::FailedToStart { service, deployment });
                } else {
                    task_states::mark_running(task, now, rng);
                }
            }
            "RUNNING" => {
                if let Fate::Crash { at_step, oom } = t.fate
                    && at_step <= step
                {
                    task_states::begin_stop(task, now, if oom { Stop::oom() } else { Stop::app_exit() });
                    out.push(Happened::Crashed { service: task.service_name().unwrap_or_default().to_string() });
                } else if task.capacity_provider.as_deref() == Some("FARGATE_SPOT")
                    && rng.random_bool(SPOT_INTERRUPTION)
                {
                    task_states::begin_stop(task, now, Stop::spot());
                } else if task.health.as_deref() != Some("HEALTHY") {
                    task_states::mark_healthy(task);
                }
            }
            _ => {}
        }
    }
    out
}

fn record(c: &mut SimCluster, h: Happened, rng: &mut StdRng, now: Time) {
    match h {
        Happened::FailedToStart { service, deployment } => {
            let Some(s) = c.services.get_mut(&service) else { return };
            if let Some(d) = s.svc.deployments.iter_mut().find(|d| d.id == deployment) {
                d.failed += 1;
            }
        }
        Happened::Crashed { service } => {
            let Some(s) = c.services.get_mut(&service) else { return };
            s.behaviour.crashes += 1;
            if s.behaviour.crashes % 4 == 0 {
                let msg = format!(
                    "(service {service}) is unable to consistently start tasks successfully. For more information, \
                     see the Troubleshooting section of the Amazon ECS Developer Guide."
                );
                push_event(&mut s.svc, rng, now, msg);
            }
        }
    }
}

/// A new deployment of `task_definition`, in progress.
pub fn new_deployment(svc: &Service, task_definition: &str, now: Time, rng: &mut StdRng) -> Deployment {
    let id = ids::deployment_id(rng);
    Deployment {
        rollout_reason: Some(format!("ECS deployment {id} in progress.")),
        id,
        status: "PRIMARY".into(),
        task_definition: task_definition.to_string(),
        desired: svc.desired,
        rollout_state: Some("IN_PROGRESS".into()),
        launch_type: svc.launch_type.clone(),
        strategy: svc.strategy.clone(),
        created_at: Some(now),
        updated_at: Some(now),
        ..Default::default()
    }
}

/// Register the next revision of a task definition, with the image tag bumped.
fn next_revision(defs: &mut BTreeMap<String, TaskDefinition>, arn: &str, now: Time) -> Option<String> {
    let cur = defs.get(arn)?;
    let family = cur.family.clone();
    let revision = defs.values().filter(|d| d.family == family).map(|d| d.revision).max().unwrap_or(0) + 1;
    let mut next = cur.clone();
    next.revision = revision;
    next.arn = ids::task_definition_arn(&family, revision.max(0) as u32);
    next.registered_at = Some(now);
    if let Some(c) = next.container_definitions.first_mut()
        && let Some((repo, tag)) = c.image.rsplit_once(':')
    {
        let mut parts: Vec<u32> = tag.split('.').filter_map(|p| p.parse().ok()).collect();
        if parts.len() == 3 {
            parts[1] += 1;
            let tag = format!("{}.{}.0", parts[0], parts[1]);
            c.image = format!("{repo}:{tag}");
            super::build::set_env(c, "APP_VERSION", &tag);
        }
    }
    let out = next.arn.clone();
    defs.insert(out.clone(), next);
    Some(out)
}

fn task_list(ids: &[String]) -> String {
    ids.iter().map(|id| format!("(task {id})")).collect::<Vec<_>>().join(" ")
}

fn schedule(
    c: &mut SimCluster,
    name: &str,
    defs: &mut BTreeMap<String, TaskDefinition>,
    broken: &mut BTreeSet<String>,
    rng: &mut StdRng,
    now: Time,
    step: u64,
) {
    let Some(s) = c.services.get(name) else { return };
    if s.svc.status != "ACTIVE" {
        return;
    }
    let Some(primary) = s.svc.primary().cloned() else { return };
    let desired = s.svc.desired.max(0) as usize;
    let mine = || c.tasks.values().filter(|t| t.alive() && t.service() == Some(name));
    let primary_alive = mine().filter(|t| t.deployment() == Some(primary.id.as_str())).count();
    let primary_ready = mine()
        .filter(|t| t.deployment() == Some(primary.id.as_str()) && t.running())
        .filter(|t| t.task.health.as_deref() == Some("HEALTHY") || t.task.containers.iter().all(|c| c.health.is_none()))
        .count();
    let old: Vec<String> = mine()
        .filter(|t| t.deployment() != Some(primary.id.as_str()))
        .map(|t| ids::last_segment(&t.task.arn).to_string())
        .collect();
    let total_alive = primary_alive + old.len();
    let surplus = if s.svc.scheduling == "DAEMON" { 0 } else { primary_alive.saturating_sub(desired).min(PER_STEP) };
    let mut surplus_tasks: Vec<(bool, String)> = Vec::new();
    if surplus > 0 {
        surplus_tasks = mine()
            .filter(|t| t.deployment() == Some(primary.id.as_str()))
            .map(|t| (t.running(), ids::last_segment(&t.task.arn).to_string()))
            .collect();
        surplus_tasks.sort();
    }
    let in_progress = primary.rollout_state.as_deref() == Some("IN_PROGRESS");
    let b = s.behaviour.clone();
    let breaker = s.svc.circuit_breaker.unwrap_or_default();

    // A new release from the pipeline, once the previous one has settled.
    if let Some(every) = b.release_every
        && step >= b.next_release
        && !in_progress
        && s.svc.deployments.len() == 1
    {
        let Some(def) = next_revision(defs, &primary.task_definition, now) else { return };
        if b.broken_releases {
            broken.insert(def.clone());
        }
        let Some(s) = c.services.get_mut(name) else { return };
        let dep = new_deployment(&s.svc, &def, now, rng);
        for d in &mut s.svc.deployments {
            d.status = "ACTIVE".into();
        }
        s.svc.deployments.insert(0, dep);
        s.svc.task_definition = def;
        s.behaviour.next_release = step + every;
        return;
    }

    // The circuit breaker: enough tasks of this deployment failed to start.
    let threshold = (desired / 2).clamp(3, 200) as i32;
    if in_progress && breaker.enable && primary.failed >= threshold {
        let pending: Vec<String> = mine()
            .filter(|t| t.deployment() == Some(primary.id.as_str()))
            .map(|t| ids::last_segment(&t.task.arn).to_string())
            .collect();
        for id in pending {
            if let Some(t) = c.tasks.get_mut(&id) {
                task_states::begin_stop(&mut t.task, now, Stop::scheduler(&primary.id));
            }
        }
        let Some(s) = c.services.get_mut(name) else { return };
        if let Some(d) = s.svc.deployments.iter_mut().find(|d| d.id == primary.id) {
            d.status = "ACTIVE".into();
            d.rollout_state = Some("FAILED".into());
            d.rollout_reason = Some("ECS deployment circuit breaker: tasks failed to start.".into());
            d.updated_at = Some(now);
        }
        let msg = format!("(service {name}) deployment {} deployment failed: tasks failed to start.", primary.id);
        push_event(&mut s.svc, rng, now, msg);
        if breaker.rollback && !b.last_good.is_empty() {
            let dep = new_deployment(&s.svc, &b.last_good, now, rng);
            let msg = format!("(service {name}) rolling back to deployment {}.", dep.id);
            s.svc.deployments.insert(0, dep);
            s.svc.task_definition = b.last_good.clone();
            push_event(&mut s.svc, rng, now, msg);
        }
        return;
    }

    // Launch towards desired, within maximumPercent 200 and whatever capacity there is.
    let mut room = (desired * 2).saturating_sub(total_alive);
    let wanted = desired.saturating_sub(primary_alive);
    if let Some(cap) = b.capacity {
        let fits = cap.saturating_sub(total_alive);
        if wanted > 0 && fits == 0 && b.last_placement_event.is_none_or(|at| step >= at + PLACEMENT_EVENT_EVERY) {
            let instance = c.instances.first().map(|i| ids::last_segment(&i.arn).to_string()).unwrap_or_default();
            if let Some(s) = c.services.get_mut(name) {
                let msg = format!(
                    "(service {name}) was unable to place a task because no container instance met all of its \
                     requirements. The closest matching (container-instance {instance}) has insufficient memory \
                     available. For more information, see the Troubleshooting section of the Amazon ECS Developer Guide."
                );
                push_event(&mut s.svc, rng, now, msg);
                s.behaviour.last_placement_event = Some(step);
            }
        }
        room = room.min(fits);
    }
    let mut n = wanted.min(room).min(PER_STEP);
    if b.crash_loop && n > 0 {
        n = usize::from(rng.random_bool(CRASH_LOOP_RELAUNCH));
    }
    let fails = broken.contains(&primary.task_definition);
    let mut started = Vec::new();
    for _ in 0..n {
        let Some(id) = placement::launch(c, defs, name, &primary.id, &primary.task_definition, now, rng) else {
            if b.spot_capacity.is_some()
                && b.last_placement_event.is_none_or(|at| step >= at + PLACEMENT_EVENT_EVERY)
                && let Some(s) = c.services.get_mut(name)
            {
                let msg = format!(
                    "(service {name}) was unable to place a task. Reason: Capacity is unavailable at this time. \
                     Please try again later or in a different availability zone. For more information, see the \
                     Troubleshooting section of the Amazon ECS Developer Guide."
                );
                push_event(&mut s.svc, rng, now, msg);
                s.behaviour.last_placement_event = Some(step);
            }
            break;
        };
        if let Some(t) = c.tasks.get_mut(&id) {
            t.fate = if fails {
                Fate::FailsToStart
            } else if b.crash_loop {
                Fate::Crash { at_step: step + rng.random_range(CRASH_AFTER), oom: rng.random_bool(0.6) }
            } else {
                Fate::Stays
            };
        }
        started.push(id);
    }

    // Drain older deployments as the new one becomes ready (minimumHealthyPercent 100).
    let excess = (primary_ready + old.len()).saturating_sub(desired).min(PER_STEP).min(old.len());
    let mut drained: Vec<String> = old.iter().take(excess).cloned().collect();
    // Scale in: desired count lowered below what the primary deployment runs. Tasks not yet
    // running go first, as ECS stops those before healthy ones.
    if surplus > 0 {
        drained.extend(surplus_tasks.into_iter().take(surplus).map(|(_, id)| id));
    }
    for id in &drained {
        if let Some(t) = c.tasks.get_mut(id) {
            task_states::begin_stop(&mut t.task, now, Stop::scheduler(&primary.id));
        }
    }

    let Some(s) = c.services.get_mut(name) else { return };
    if !started.is_empty() {
        let msg = format!("(service {name}) has started {} tasks: {}.", started.len(), task_list(&started));
        push_event(&mut s.svc, rng, now, msg);
    }
    if !drained.is_empty() {
        let msg = format!("(service {name}) has stopped {} running tasks: {}.", drained.len(), task_list(&drained));
        push_event(&mut s.svc, rng, now, msg);
    }

    // The rollout completes once the new deployment alone runs the desired count.
    if in_progress && primary_ready >= desired && old.is_empty() {
        s.svc.deployments.retain(|d| d.id == primary.id);
        if let Some(d) = s.svc.deployments.first_mut() {
            d.rollout_state = Some("COMPLETED".into());
            d.rollout_reason = Some(format!("ECS deployment {} completed.", primary.id));
            d.updated_at = Some(now);
        }
        s.behaviour.last_good = primary.task_definition.clone();
        push_event(&mut s.svc, rng, now, format!("(service {name}) deployment {} deployment completed.", primary.id));
        push_event(&mut s.svc, rng, now, format!("(service {name}) has reached a steady state."));
    }
}
