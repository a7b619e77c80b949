//! The rules, one function each. Each reads one cluster's input and says what is wrong in
//! words; none guesses about data it was not given.
use super::{ClusterInput, ClusterPane, Opens, Problem, Rule, ServicePane, Severity, Thresholds};
use crate::model::{Rollout, Service, Task, Time, age, arn_name};
use std::collections::BTreeMap;

fn service_problem(
    c: &ClusterInput<'_>,
    s: &Service,
    severity: Severity,
    rule: Rule,
    since: Option<Time>,
    reason: String,
    pane: ServicePane,
) -> Problem {
    Problem {
        severity,
        rule,
        since,
        cluster: c.cluster.name.clone(),
        service: Some(s.name.clone()),
        reason,
        opens: Opens::Service { cluster: c.cluster.arn.clone(), service: s.arn.clone(), pane },
    }
}

pub(super) fn cluster_problem(
    c: &ClusterInput<'_>,
    severity: Severity,
    rule: Rule,
    since: Option<Time>,
    reason: String,
    pane: ClusterPane,
) -> Problem {
    Problem {
        severity,
        rule,
        since,
        cluster: c.cluster.name.clone(),
        service: None,
        reason,
        opens: Opens::Cluster { cluster: c.cluster.arn.clone(), pane },
    }
}

/// A duration in the words of the settings (`10m`, `1h`).
fn span(d: std::time::Duration) -> String {
    humantime::format_duration(std::time::Duration::from_secs(d.as_secs())).to_string()
}

pub(super) fn within(at: Option<Time>, now: Time, window: std::time::Duration) -> bool {
    at.is_some_and(|at| (now - at).to_std().map_or(true, |ago| ago <= window))
}

/// An event's text without ECS's `(service name) ` prefix, which the row already says, and
/// without the pointer to the troubleshooting guide that ends many of them.
fn event_text<'a>(message: &'a str, service: &str) -> &'a str {
    let text = message.strip_prefix(&format!("(service {service}) ")).unwrap_or(message);
    text.split(" For more information, see the Troubleshooting section").next().unwrap_or(text)
}

/// Since when the service has not been steady: the first event after its newest "steady
/// state" (ECS logs one whenever the service settles), else when its deployment last changed.
pub(super) fn unsteady_since(s: &Service) -> Option<Time> {
    let unsteady: Vec<Option<Time>> = s
        .events
        .iter()
        .take_while(|e| !e.message.contains("has reached a steady state"))
        .map(|e| e.created_at)
        .collect();
    unsteady.last().copied().flatten().or_else(|| s.primary().and_then(|p| p.updated_at.or(p.created_at)))
}

/// Running below desired, with no deployment in progress, or with one that has gone on for
/// longer than the grace period (a rollout replaces tasks, so a short dip is routine).
pub fn below_desired(c: &ClusterInput<'_>, t: &Thresholds, now: Time) -> Vec<Problem> {
    let mut out = Vec::new();
    for s in c.services.iter().filter(|s| s.status == "ACTIVE" && s.running < s.desired) {
        let deploying = match s.rollout(now) {
            Rollout::InProgress { .. } | Rollout::RollingBack { .. } => s.primary().and_then(|p| p.created_at),
            _ => None,
        };
        let mut reason = format!("running {} of {} desired", s.running, s.desired);
        if s.pending > 0 {
            reason.push_str(&format!(", {} pending", s.pending));
        }
        if let Some(started) = deploying {
            if within(Some(started), now, t.below_desired_grace) {
                continue;
            }
            reason.push_str(&format!(" — a deployment has been in progress for {}", age(started, now)));
        }
        let severity = if s.running == 0 { Severity::Critical } else { Severity::Warning };
        out.push(service_problem(c, s, severity, Rule::BelowDesired, unsteady_since(s), reason, ServicePane::Events));
    }
    out
}

/// Failed rollouts, a circuit breaker rolling back, a rollback in the last window, and a
/// rollout with no progress for a while.
pub fn rollout(c: &ClusterInput<'_>, t: &Thresholds, now: Time) -> Vec<Problem> {
    let mut out = Vec::new();
    for s in c.services.iter().filter(|s| s.status == "ACTIVE") {
        let Some(p) = s.primary() else { continue };
        let failed =
            s.deployments.iter().find(|d| d.status != "PRIMARY" && d.rollout_state.as_deref() == Some("FAILED"));
        let why =
            |d: &crate::model::Deployment| d.rollout_reason.as_deref().map(|r| format!(": {r}")).unwrap_or_default();
        match s.rollout(now) {
            Rollout::Failed => out.push(service_problem(
                c,
                s,
                Severity::Critical,
                Rule::RolloutFailed,
                p.updated_at.or(p.created_at),
                format!("rollout of {} FAILED{}", crate::model::task_definition_short(&p.task_definition), why(p)),
                ServicePane::Deployments,
            )),
            Rollout::RollingBack { since } => {
                let (from, because) = failed.map_or((String::new(), String::new()), |f| {
                    (format!(" from {}", crate::model::task_definition_short(&f.task_definition)), why(f))
                });
                out.push(service_problem(
                    c,
                    s,
                    Severity::Critical,
                    Rule::RollingBack,
                    since,
                    format!(
                        "circuit breaker tripped: rolling back{from} to {}{because}",
                        crate::model::task_definition_short(&p.task_definition)
                    ),
                    ServicePane::Deployments,
                ));
            }
            Rollout::InProgress { .. } => {
                let last = p.updated_at.or(p.created_at);
                if last.is_some_and(|at| !within(Some(at), now, t.stuck_after)) {
                    out.push(service_problem(
                        c,
                        s,
                        Severity::Warning,
                        Rule::RolloutStuck,
                        last,
                        format!(
                            "rollout of {} stuck: no progress for {} ({} of {} new tasks running, {} failed)",
                            crate::model::task_definition_short(&p.task_definition),
                            last.map_or_else(|| "-".into(), |at| age(at, now)),
                            p.running,
                            p.desired,
                            p.failed
                        ),
                        ServicePane::Deployments,
                    ));
                }
            }
            Rollout::Completed | Rollout::RolledBack { .. } => {
                let rolled = s.events.iter().find(|e| {
                    e.message.contains("rolling back to deployment") && within(e.created_at, now, t.rolled_back_within)
                });
                if let Some(e) = rolled {
                    // ECS logs why just before it rolls back ("deployment failed: tasks failed to start").
                    let cause = s
                        .events
                        .iter()
                        .filter(|f| f.created_at <= e.created_at && f.message.contains("deployment failed"))
                        .map(|f| format!(" after {}", event_text(&f.message, &s.name)))
                        .next()
                        .unwrap_or_default();
                    out.push(service_problem(
                        c,
                        s,
                        Severity::Warning,
                        Rule::RolledBack,
                        e.created_at,
                        format!(
                            "rolled back {} ago to {}{cause}",
                            e.created_at.map_or_else(|| "-".into(), |at| age(at, now)),
                            crate::model::task_definition_short(&p.task_definition)
                        ),
                        ServicePane::Deployments,
                    ));
                }
            }
            Rollout::Unknown | Rollout::Other(_) => {}
        }
    }
    out
}

/// Why a task stopped, when it is not routine (a deployment or scaling replacing it, a person
/// stopping it, a clean exit): the rule and the words that say it.
pub fn stop_kind(task: &Task) -> Option<(Rule, String)> {
    let reason = task.stopped_reason.as_deref().unwrap_or("");
    let code = task.stop_code.as_deref().unwrap_or("");
    if code == "SpotInterruption" || reason.contains("Spot Task was interrupted") {
        return Some((Rule::SpotInterruptions, reason.to_string()));
    }
    let culprit = task.containers.iter().find(|c| c.reason.as_deref().is_some_and(|r| r.contains("OutOfMemoryError")));
    if let Some(c) = culprit {
        return Some((Rule::OutOfMemory, format!("{}: {}", c.name, c.reason.as_deref().unwrap_or(""))));
    }
    let said = |needle: &str| {
        if reason.contains(needle) {
            return Some(reason.to_string());
        }
        task.containers.iter().filter_map(|c| c.reason.as_deref()).find(|r| r.contains(needle)).map(str::to_string)
    };
    if let Some(r) = said("CannotPullContainerError") {
        return Some((Rule::CannotPullImage, r));
    }
    if let Some(r) = said("ResourceInitializationError") {
        return Some((Rule::ResourceInitialization, r));
    }
    if reason.contains("health check") {
        return Some((Rule::HealthCheckFailed, reason.to_string()));
    }
    if reason.contains("Essential container in task exited") {
        let exited = task.containers.iter().find(|c| c.exit_code.is_some_and(|code| code != 0));
        return exited.map(|c| {
            (
                Rule::ContainerExited,
                format!("essential container {} exited with code {}", c.name, c.exit_code.unwrap_or(0)),
            )
        });
    }
    None
}

/// Tasks stopped in the last window for reasons that are not routine: one row per service and
/// kind with a count; Spot interruptions, which come in waves across services, are one row for
/// the cluster.
pub fn stopped_tasks(c: &ClusterInput<'_>, t: &Thresholds, now: Time) -> Vec<Problem> {
    struct Group<'a> {
        count: usize,
        first: Option<Time>,
        newest: (Option<Time>, String),
        services: BTreeMap<&'a str, usize>,
    }
    let mut groups: BTreeMap<(Option<&str>, Rule), Group<'_>> = BTreeMap::new();
    for task in c.stopped {
        let at = task.stopped_at.or(task.stopping_at);
        if !within(at, now, t.stopped_within) {
            continue;
        }
        let Some((rule, words)) = stop_kind(task) else { continue };
        let service = task.service_name();
        let key = if rule == Rule::SpotInterruptions { (None, rule) } else { (service, rule) };
        let g = groups.entry(key).or_insert_with(|| Group {
            count: 0,
            first: at,
            newest: (at, words.clone()),
            services: BTreeMap::new(),
        });
        g.count += 1;
        g.first = g.first.min(at).or(at).or(g.first);
        if at > g.newest.0 {
            g.newest = (at, words);
        }
        *g.services.entry(service.unwrap_or("standalone tasks")).or_default() += 1;
    }
    let window = span(t.stopped_within);
    let mut out = Vec::new();
    for ((service, rule), g) in groups {
        let tasks = if g.count == 1 { "1 task".to_string() } else { format!("{} tasks", g.count) };
        if rule == Rule::SpotInterruptions {
            let mut names: Vec<String> = g.services.iter().map(|(s, n)| format!("{s} ({n})")).collect();
            let more = names.len().saturating_sub(4);
            names.truncate(4);
            let more = if more > 0 { format!(" and {more} more") } else { String::new() };
            let reason =
                format!("Spot interruption: {tasks} stopped in the last {window}, in {}{more}", names.join(", "));
            let mut p = cluster_problem(c, Severity::Warning, rule, g.first, reason, ClusterPane::Providers);
            p.opens = Opens::StoppedTasks { cluster: c.cluster.arn.clone(), service: None };
            out.push(p);
            continue;
        }
        let severity = if g.count >= t.repeated_stops { Severity::Critical } else { Severity::Warning };
        let what = match rule {
            Rule::OutOfMemory => "out of memory",
            Rule::CannotPullImage => "cannot pull the image",
            Rule::ResourceInitialization => "cannot initialize resources",
            Rule::HealthCheckFailed => "failed health checks",
            _ => "essential container exited",
        };
        let reason = format!("{what}: {tasks} stopped in the last {window} — {}", g.newest.1);
        // The stopped tasks list shows each task's stop reason.
        let opens = Opens::StoppedTasks { cluster: c.cluster.arn.clone(), service: service.map(str::to_string) };
        let mut p = match service.and_then(|name| c.services.iter().find(|s| s.name == name)) {
            Some(s) => service_problem(c, s, severity, rule, g.first, reason, ServicePane::Summary),
            None => {
                let who = service.map_or_else(|| "standalone tasks".to_string(), |n| format!("service {n}"));
                cluster_problem(c, severity, rule, g.first, format!("{who}: {reason}"), ClusterPane::Summary)
            }
        };
        p.opens = opens;
        out.push(p);
    }
    out
}

/// ECS's own words about a service in the last window: it could not place a task, or its
/// tasks failed the load balancer's health checks. One row per service and kind.
pub fn events(c: &ClusterInput<'_>, t: &Thresholds, now: Time) -> Vec<Problem> {
    let kinds =
        [(Rule::UnableToPlace, "was unable to place a task"), (Rule::ElbHealthChecks, "failed ELB health checks")];
    let window = span(t.events_within);
    let mut out = Vec::new();
    for s in c.services.iter().filter(|s| s.status == "ACTIVE") {
        for (rule, needle) in kinds {
            // Newest first, as ECS returns them.
            let hits: Vec<_> = s
                .events
                .iter()
                .filter(|e| e.message.contains(needle) && within(e.created_at, now, t.events_within))
                .collect();
            let Some(newest) = hits.first() else { continue };
            let times = if hits.len() == 1 { "once".to_string() } else { format!("{} times", hits.len()) };
            let reason = format!("{} ({times} in the last {window})", event_text(&newest.message, &s.name));
            let severity = if s.running == 0 && s.desired > 0 { Severity::Critical } else { Severity::Warning };
            let since = hits.last().and_then(|e| e.created_at);
            out.push(service_problem(c, s, severity, rule, since, reason, ServicePane::Events));
        }
    }
    out
}

/// A service whose desired count sits at its auto scaling maximum: more load cannot be met.
/// Said with figures when its CPU is over the policy's target, else with the scale-out that
/// was refused, else plainly.
pub fn at_scaling_max(c: &ClusterInput<'_>, _t: &Thresholds, now: Time) -> Vec<Problem> {
    let mut out = Vec::new();
    for s in c.services.iter().filter(|s| s.status == "ACTIVE") {
        let Some(scaling) = c.scaling.get(&s.name) else { continue };
        if !super::scaling::at_max(&scaling.target, s.desired) {
            continue;
        }
        let (reason, since) = super::scaling::pinned_reason(scaling, s.desired, now);
        out.push(service_problem(c, s, Severity::Warning, Rule::AtScalingMax, since, reason, ServicePane::Scaling));
    }
    out
}

/// Container instances whose agent lost its connection: ECS can neither place nor stop tasks
/// there. One row for the cluster.
pub fn agent_disconnected(c: &ClusterInput<'_>, _t: &Thresholds, _now: Time) -> Vec<Problem> {
    let active: Vec<_> = c.instances.iter().filter(|i| i.status == "ACTIVE" || i.status == "DRAINING").collect();
    let lost: Vec<_> = active.iter().filter(|i| !i.agent_connected).collect();
    if lost.is_empty() {
        return vec![];
    }
    let names: Vec<String> = lost
        .iter()
        .map(|i| {
            let id = i.ec2_instance_id.clone().unwrap_or_else(|| arn_name(&i.arn).to_string());
            match &i.capacity_provider_name {
                Some(p) => format!("{id} ({p})"),
                None => id,
            }
        })
        .collect();
    let severity = if lost.len() == active.len() { Severity::Critical } else { Severity::Warning };
    let what = if lost.len() == 1 {
        "1 container instance has".to_string()
    } else {
        format!("{} container instances have", lost.len())
    };
    let reason = format!(
        "{what} lost the ECS agent's connection (of {} registered): {} — ECS cannot place or stop tasks there",
        active.len(),
        names.join(", ")
    );
    vec![cluster_problem(c, severity, Rule::AgentDisconnected, None, reason, ClusterPane::Instances)]
}

/// CloudWatch alarms in ALARM: one row per service (its alarms matched by dimensions, load
/// balancer, deployment configuration or composite rule) and one for the cluster's own.
pub fn alarms_firing(c: &ClusterInput<'_>, _t: &Thresholds, _now: Time) -> Vec<Problem> {
    use crate::model::AlarmState;
    use crate::model::alarm::{ServiceKey, alarms_of_cluster, alarms_of_service, service_refs};
    let firing = |alarms: Vec<&crate::model::Alarm>| -> Option<(Option<Time>, String)> {
        let mut on: Vec<_> = alarms.into_iter().filter(|a| a.state == AlarmState::Alarm).collect();
        if on.is_empty() {
            return None;
        }
        // The longest-firing first: its reason leads.
        on.sort_by_key(|a| a.state_updated_at);
        let since = on[0].state_updated_at;
        let names: Vec<&str> = on.iter().map(|a| a.name.as_str()).collect();
        let what = if on.len() == 1 { "alarm".to_string() } else { format!("{} alarms", on.len()) };
        Some((since, format!("{what} in ALARM: {} — {}", names.join(", "), on[0].reason)))
    };
    let mut out = Vec::new();
    if c.alarms.is_empty() {
        return out;
    }
    for s in c.services {
        let (tgs, deploy) = service_refs(s);
        let key = ServiceKey::of(&c.cluster.name, s, &tgs, &deploy);
        let mine = alarms_of_service(c.alarms, &key).into_iter().map(|(a, _)| a).collect();
        if let Some((since, reason)) = firing(mine) {
            out.push(service_problem(c, s, Severity::Critical, Rule::AlarmFiring, since, reason, ServicePane::Alarms));
        }
    }
    if let Some((since, reason)) = firing(alarms_of_cluster(c.alarms, &c.cluster.name)) {
        out.push(Problem {
            severity: Severity::Critical,
            rule: Rule::AlarmFiring,
            since,
            cluster: c.cluster.name.clone(),
            service: None,
            reason,
            opens: Opens::Cluster { cluster: c.cluster.arn.clone(), pane: ClusterPane::Summary },
        });
    }
    out
}

/// Targets failing their load balancer's health checks, per service: every target group it
/// names whose health is known. Critical when a group has no healthy target left (nothing
/// serves through it), else a warning. The reason says how many, in which group, and the load
/// balancer's reason codes and descriptions, each once.
pub fn unhealthy_targets(c: &ClusterInput<'_>, _t: &Thresholds, _now: Time) -> Vec<Problem> {
    let mut out = Vec::new();
    for s in c.services {
        let mut parts: Vec<String> = Vec::new();
        let mut critical = false;
        let mut seen: Vec<&str> = Vec::new();
        for arn in s.load_balancers.iter().filter_map(|l| l.target_group_arn.as_deref()) {
            let Some(tg) = c.target_health.get(arn).filter(|_| !seen.contains(&arn)) else { continue };
            seen.push(arn);
            let counts = tg.counts();
            if counts.unhealthy == 0 {
                continue;
            }
            critical |= counts.healthy == 0;
            let mut reasons: Vec<String> = Vec::new();
            for t in tg.unhealthy() {
                let why = match (&t.reason, &t.description) {
                    (Some(r), Some(d)) => format!("{r} — {d}"),
                    (Some(r), None) => r.clone(),
                    (None, Some(d)) => d.clone(),
                    (None, None) => "no reason given".into(),
                };
                if !reasons.contains(&why) {
                    reasons.push(why);
                }
            }
            parts.push(format!(
                "{} of {} targets unhealthy in tg {}: {}",
                counts.unhealthy,
                counts.total(),
                tg.name,
                reasons.join("; ")
            ));
        }
        if parts.is_empty() {
            continue;
        }
        let severity = if critical { Severity::Critical } else { Severity::Warning };
        // The load balancer does not say since when; the row ranks after those that do.
        out.push(service_problem(
            c,
            s,
            severity,
            Rule::UnhealthyTargets,
            None,
            parts.join(" · "),
            ServicePane::Targets,
        ));
    }
    out
}
