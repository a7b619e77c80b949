//! A task's way through its states after placement, as ECS reports them: running (runtime ids,
//! exec agent), healthy, and stopping with a stop code, reason and culprit container.
use super::ids;
use crate::model::{Task, Time};
use rand::Rng;
use rand::rngs::StdRng;

/// Containers started: runtime ids assigned (Fargate's `<task id>-<digits>`, Docker's 64 hex
/// on EC2), the exec agent up.
pub fn mark_running(t: &mut Task, at: Time, rng: &mut StdRng) {
    t.last_status = "RUNNING".into();
    t.started_at = Some(at);
    let fargate = t.launch_type.as_deref() == Some("FARGATE");
    let task_id = ids::last_segment(&t.arn).to_string();
    for c in &mut t.containers {
        c.last_status = Some("RUNNING".into());
        c.runtime_id = Some(if fargate {
            format!("{task_id}-{}", rng.random_range(1_000_000_000u64..4_300_000_000u64))
        } else {
            ids::hex(rng, 64)
        });
        for a in &mut c.managed_agents {
            a.last_status = Some("RUNNING".into());
        }
    }
}

/// Health checks passed: containers with a check, and so the task, turn HEALTHY.
pub fn mark_healthy(t: &mut Task) {
    let mut any = false;
    for c in &mut t.containers {
        if c.health.is_some() {
            c.health = Some("HEALTHY".into());
            any = true;
        }
    }
    if any {
        t.health = Some("HEALTHY".into());
    }
}

/// Why a task stops, as ECS reports it.
pub struct Stop<'a> {
    pub code: &'a str,
    pub reason: String,
    /// The container that caused it: exit code and container-level reason.
    pub culprit: Option<(Option<i32>, Option<String>)>,
}

impl Stop<'_> {
    pub fn scheduler(deployment: &str) -> Stop<'static> {
        Stop {
            code: "ServiceSchedulerInitiated",
            reason: format!("Scaling activity initiated by (deployment {deployment})"),
            culprit: None,
        }
    }

    pub fn oom() -> Stop<'static> {
        Stop {
            code: "EssentialContainerExited",
            reason: "Essential container in task exited".into(),
            culprit: Some((Some(137), Some("OutOfMemoryError: Container killed due to memory usage".into()))),
        }
    }

    pub fn app_exit() -> Stop<'static> {
        Stop {
            code: "EssentialContainerExited",
            reason: "Essential container in task exited".into(),
            culprit: Some((Some(1), None)),
        }
    }

    pub fn spot() -> Stop<'static> {
        Stop { code: "SpotInterruption", reason: "Your Spot Task was interrupted.".into(), culprit: None }
    }

    pub fn cannot_pull(image: &str) -> Stop<'static> {
        let why = format!(
            "CannotPullContainerError: pull image manifest has been retried 5 time(s): failed to resolve ref {image}: not found"
        );
        Stop { code: "TaskFailedToStart", reason: why.clone(), culprit: Some((None, Some(why))) }
    }
}

/// Begin stopping a task: desired STOPPED, reason recorded, the culprit container exited.
pub fn begin_stop(t: &mut Task, at: Time, stop: Stop<'_>) {
    t.desired_status = "STOPPED".into();
    t.last_status = "DEACTIVATING".into();
    t.stopping_at = Some(at);
    t.stop_code = Some(stop.code.to_string());
    t.stopped_reason = Some(stop.reason);
    if let (Some((exit, reason)), Some(c)) = (stop.culprit, t.containers.first_mut()) {
        c.last_status = Some("STOPPED".into());
        c.exit_code = exit;
        c.reason = reason;
    }
}

/// The next state on the way down; STOPPED settles every container and agent.
pub fn step_stop(t: &mut Task, at: Time) {
    let fargate = t.launch_type.as_deref() == Some("FARGATE");
    t.last_status = match t.last_status.as_str() {
        "DEACTIVATING" => "STOPPING",
        "STOPPING" if fargate => "DEPROVISIONING",
        _ => "STOPPED",
    }
    .into();
    if t.last_status == "STOPPED" {
        t.stopped_at = Some(at);
        t.health = Some("UNKNOWN".into());
        let graceful = t.stop_code.as_deref() == Some("ServiceSchedulerInitiated");
        for c in &mut t.containers {
            if c.last_status.as_deref() != Some("STOPPED") && c.runtime_id.is_some() {
                c.exit_code = Some(if graceful { 0 } else { 143 });
            }
            c.last_status = Some("STOPPED".into());
            for a in &mut c.managed_agents {
                a.last_status = Some("STOPPED".into());
            }
        }
    }
}
