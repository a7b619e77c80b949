//! The operator's actions: each finds what it acts on (the view's object or selected row, or a
//! name given to a `:` command), builds a [`Mutation`] and hands it to the guard. Some ask a
//! question first (a desired count, a stop reason) or look something up (a rollback needs the
//! service's ongoing deployments).
use super::{guard, nav, plan};
use crate::model::{Service, arn_name};
use crate::mutation::Mutation;
use crate::state::{Ask, Effect, Layer, Level, Load, Prompt, State};
use crate::views::{Subject, View};

/// The service an action acts on: named (`:deploy api`, in the current cluster), else the
/// view's object or selected row.
pub fn service_target(state: &mut State, named: Option<&str>, verb: &str) -> Option<(String, String)> {
    if let Some(name) = named {
        let Some(cluster) = state.view().screen().cluster().map(str::to_string) else {
            state.flash(Level::Warn, format!("{verb} {name}: open a cluster first (:services CLUSTER)"));
            return None;
        };
        return match plan::find_service(&state.data, &cluster, name) {
            Some(s) => Some((cluster, s.arn.clone())),
            None => {
                let known = state.data.services_of(&cluster).unwrap_or_default();
                let names: Vec<&str> = known.iter().map(|s| s.name.as_str()).collect();
                let text = super::command::unknown("service", name, &names);
                state.flash(Level::Warn, text);
                None
            }
        };
    }
    match state.view().subject(&state.data) {
        Some(Subject::Service { cluster, arn }) => Some((cluster, arn)),
        _ => {
            state.flash(Level::Info, format!("{verb}: select a service first (or name one: :{verb} NAME)"));
            None
        }
    }
}

/// In read-only mode a change that would first ask a question or look something up is
/// refused before it asks (the guard would refuse it after).
fn refused_early(state: &mut State, what: &str, m: &Mutation) -> bool {
    if state.settings.read_only {
        state.flash(Level::Warn, crate::mutation::read_only_words(&format!("{what} is refused"), m.iam_action()));
    }
    state.settings.read_only
}

fn service<'a>(state: &'a State, cluster: &str, arn: &str) -> Option<&'a Service> {
    plan::find_service(&state.data, cluster, arn)
}

pub fn deploy(state: &mut State, named: Option<&str>) -> Vec<Effect> {
    let Some((cluster, service)) = service_target(state, named, "deploy") else { return vec![] };
    guard::propose(state, Mutation::ForceDeploy { cluster, service })
}

pub fn enable_exec(state: &mut State, named: Option<&str>) -> Vec<Effect> {
    let Some((cluster, service)) = service_target(state, named, "enable-exec") else { return vec![] };
    guard::propose(state, Mutation::EnableExec { cluster, service })
}

/// `s` asks for the count; `:scale N` proposes it at once.
pub fn scale(state: &mut State, count: Option<&str>) -> Vec<Effect> {
    let Some((cluster, service_arn)) = service_target(state, None, "scale") else { return vec![] };
    let current = service(state, &cluster, &service_arn).map(|s| s.desired).unwrap_or(0);
    let probe = Mutation::Scale { cluster: cluster.clone(), service: service_arn.clone(), desired: current };
    if count.is_none() && refused_early(state, &format!("scaling {}", arn_name(&service_arn)), &probe) {
        return vec![];
    }
    let ask = Ask::Scale { cluster: cluster.clone(), service: service_arn.clone(), current };
    match count {
        None => {
            let mut effects = vec![];
            // The scale prompt warns when auto scaling will override the count.
            effects
                .extend(nav::reload(state, vec![scaling_load(&cluster, &service_arn)].into_iter().flatten().collect()));
            state.layers.push(Layer::Prompt(Prompt { ask, input: current.to_string(), problem: None }));
            state.dirty = true;
            effects
        }
        Some(text) => answer(state, ask, text),
    }
}

/// The load of a service's auto scaling target (the scale prompt warns outside its range).
fn scaling_load(cluster: &str, service: &str) -> Option<Load> {
    Some(Load::Scaling { cluster: cluster.to_string(), service: service.to_string() })
}

/// `ctrl-k` asks for a reason (Enter without one is fine); `:stop [REASON]` proposes at once.
pub fn stop(state: &mut State, reason: Option<&str>, ask: bool) -> Vec<Effect> {
    let (cluster, task) = match state.view().subject(&state.data) {
        Some(Subject::Task { cluster, arn }) => (cluster, arn),
        Some(Subject::Container { cluster, task, .. }) => (cluster, task),
        _ => {
            state.flash(Level::Info, "stop: select a task first (in a task list, or its containers)");
            return vec![];
        }
    };
    if let Some(t) = state.data.task_of(&cluster, &task)
        && t.last_status == "STOPPED"
    {
        state.flash(Level::Info, format!("task {} is already stopped", t.short_id()));
        return vec![];
    }
    let probe = Mutation::StopTask { cluster: cluster.clone(), task: task.clone(), reason: None };
    if ask && reason.is_none() {
        if refused_early(state, &format!("stopping task {}", crate::model::short_id(&task)), &probe) {
            return vec![];
        }
        state.layers.push(Layer::Prompt(Prompt {
            ask: Ask::StopReason { cluster, task },
            input: String::new(),
            problem: None,
        }));
        state.dirty = true;
        return vec![];
    }
    let reason = reason.map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
    guard::propose(state, Mutation::StopTask { cluster, task, reason })
}

/// What is wrong with a prompt's input as typed, if anything.
pub fn check(ask: &Ask, input: &str) -> Option<String> {
    match ask {
        Ask::Scale { .. } => match input.trim().parse::<i64>() {
            Err(_) if input.trim().is_empty() => Some("type the number of tasks".into()),
            Err(_) => Some(format!("{:?} is not a whole number", input.trim())),
            Ok(n) if n < 0 => Some("a desired count cannot be negative".into()),
            // ECS's own limit on tasks per service.
            Ok(n) if n > MAX_DESIRED => Some(format!("ECS runs at most {MAX_DESIRED} tasks per service")),
            Ok(_) => None,
        },
        Ask::StopReason { .. } if input.len() > MAX_REASON => {
            Some(format!("ECS keeps at most {MAX_REASON} characters of a reason"))
        }
        Ask::StopReason { .. } => None,
    }
}

/// Tasks per service ECS allows (its service quota).
pub const MAX_DESIRED: i64 = 5000;
/// StopTask's reason limit.
pub const MAX_REASON: usize = 255;

/// Enter in a prompt: propose the change, or say what is wrong.
pub fn answer(state: &mut State, ask: Ask, input: &str) -> Vec<Effect> {
    if let Some(problem) = check(&ask, input) {
        state.flash(Level::Warn, problem);
        return vec![];
    }
    match ask {
        Ask::Scale { cluster, service, current } => {
            let desired = input.trim().parse::<i32>().unwrap_or(current);
            if desired == current {
                state.flash(
                    Level::Info,
                    format!("{} already wants {current} task(s): nothing to send", arn_name(&service)),
                );
                return vec![];
            }
            guard::propose(state, Mutation::Scale { cluster, service, desired })
        }
        Ask::StopReason { cluster, task } => {
            let reason = Some(input.trim()).filter(|r| !r.is_empty()).map(str::to_string);
            guard::propose(state, Mutation::StopTask { cluster, task, reason })
        }
    }
}

/// `R`: look up the service's ongoing deployments; the answer decides what is proposed.
pub fn rollback(state: &mut State, named: Option<&str>) -> Vec<Effect> {
    let Some((cluster, service)) = service_target(state, named, "rollback") else { return vec![] };
    let probe = Mutation::Rollback { cluster: cluster.clone(), service: service.clone(), deployment: String::new() };
    if refused_early(state, &format!("rolling back {}", arn_name(&service)), &probe) {
        return vec![];
    }
    let load = Load::Ongoing { cluster: cluster.clone(), service: service.clone() };
    state.rollback = Some((cluster, service));
    state.flash(Level::Info, "looking for an ongoing deployment to roll back…");
    let effects = nav::reload(state, vec![load.clone()]);
    if !effects.iter().any(|e| matches!(e, Effect::Load { load: l, .. } if *l == load)) {
        // Already being looked up: its answer will do.
        tracing::debug!("rollback lookup already in flight");
    }
    effects
}

/// The ongoing deployments arrived: propose the rollback the user asked for, if any.
pub fn ongoing_loaded(state: &mut State, cluster: &str, service: &str) -> Vec<Effect> {
    let Some((c, s)) = state.rollback.clone() else { return vec![] };
    if c != cluster || s != service {
        return vec![];
    }
    state.rollback = None;
    let key = (cluster.to_string(), service.to_string());
    let Some(r) = state.data.ongoing.get(&key) else { return vec![] };
    if let Some(e) = &r.error {
        let text = format!("cannot look up {}'s deployments — {}: {}", arn_name(service), e.title(), e.message);
        state.flash(Level::Error, text);
        return vec![];
    }
    let ongoing = r.value.as_deref().unwrap_or_default().iter().find(|d| d.is_ongoing()).cloned();
    if let Some(d) = ongoing {
        return guard::propose(
            state,
            Mutation::Rollback { cluster: cluster.into(), service: service.into(), deployment: d.arn },
        );
    }
    let Some(svc) = self::service(state, cluster, service) else {
        state.flash(
            Level::Warn,
            format!("no deployment of {} is in progress, and the service is not loaded", arn_name(service)),
        );
        return vec![];
    };
    match previous_revision(&svc.task_definition) {
        Some(prev) => guard::propose(
            state,
            Mutation::DeployRevision { cluster: cluster.into(), service: service.into(), task_definition: prev },
        ),
        None => {
            let text = format!(
                "no deployment of {} is in progress, and {} is the first revision: there is nothing to go back to",
                arn_name(service),
                svc.task_definition_short()
            );
            state.flash(Level::Warn, text);
            vec![]
        }
    }
}

/// `family:N-1` of a task definition ARN or `family:N`.
pub fn previous_revision(task_definition: &str) -> Option<String> {
    let short = arn_name(task_definition);
    let (family, rev) = short.rsplit_once(':')?;
    let n: u32 = rev.parse().ok()?;
    (n > 1).then(|| format!("{family}:{}", n - 1))
}

/// `c` / `:strategy [SERVICE]`: the strategy editor for the named or selected service, or for
/// the selected cluster's default strategy.
pub fn strategy(state: &mut State, named: Option<&str>) -> Vec<Effect> {
    if named.is_none()
        && let Some(Subject::Cluster { arn }) = state.view().subject(&state.data)
    {
        return open_strategy(state, &arn, None);
    }
    let Some((cluster, service)) = service_target(state, named, "strategy") else { return vec![] };
    open_strategy(state, &cluster, Some(&service))
}

fn open_strategy(state: &mut State, cluster: &str, service: Option<&str>) -> Vec<Effect> {
    // Read-only: refused before any editing, not after it.
    let (what, probe) = match service {
        Some(s) => (
            format!("editing {}'s strategy", arn_name(s)),
            Mutation::ServiceStrategy {
                cluster: cluster.into(),
                service: s.into(),
                strategy: Default::default(),
                force: false,
            },
        ),
        None => (
            format!("editing cluster {}'s default strategy", arn_name(cluster)),
            Mutation::ClusterStrategy { cluster: cluster.into(), providers: vec![], strategy: Default::default() },
        ),
    };
    if refused_early(state, &what, &probe) {
        return vec![];
    }
    match crate::views::View::strategy(cluster, service, &state.data) {
        Ok(view) => nav::push(state, view),
        Err(why) => {
            state.flash(Level::Warn, format!("strategy: {why}"));
            vec![]
        }
    }
}

/// `w` / `:watch [SERVICE]`: watch a service's rollout.
pub fn watch(state: &mut State, named: Option<&str>) -> Vec<Effect> {
    let Some((cluster, service)) = service_target(state, named, "watch") else { return vec![] };
    if watching(state, &cluster, &service) {
        state.flash(Level::Info, format!("already watching {}'s rollout", arn_name(&service)));
        return vec![];
    }
    open_watch(state, cluster, service)
}

/// Whether the watch of this service is the view on screen.
pub fn watching(state: &State, cluster: &str, service: &str) -> bool {
    matches!(state.view(), View::Rollout(v) if v.cluster == cluster && v.service == service)
}

/// Open the watch of `service`, loading it now whatever the age of the data, so the watch
/// shows the current state from its first frame on.
pub fn open_watch(state: &mut State, cluster: String, service: String) -> Vec<Effect> {
    let mut effects = show_watch(state, cluster, service);
    effects.extend(nav::refresh(state, true));
    effects
}

/// Push the watch of `service`. A watch of another service on screen gives way to it, and so
/// does a strategy editor whose change was just made (going back to it would offer the same
/// change again).
pub fn show_watch(state: &mut State, cluster: String, service: String) -> Vec<Effect> {
    let view = View::rollout(cluster, service);
    if matches!(state.view(), View::Rollout(_) | View::Strategy(_)) {
        nav::replace(state, view)
    } else {
        nav::push(state, view)
    }
}

/// `J` and `:journal`: the audit journal on top of the view on screen, read afresh (a change
/// may have been journaled since it was last read, by this console or another).
/// A journal already on the stack (under a describe of one of its entries) is gone back to
/// rather than stacked again.
pub fn journal(state: &mut State) -> Vec<Effect> {
    let mut effects = match state.stack.iter().rposition(|e| matches!(e.view, View::Journal(_))) {
        Some(depth) if depth + 1 == state.stack.len() => {
            state.flash(Level::Info, "the journal, read again");
            vec![]
        }
        Some(depth) => nav::back_to(state, depth),
        None => nav::push(state, View::journal()),
    };
    effects.extend(nav::reload(state, vec![Load::Journal]));
    effects
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn previous_revisions() {
        assert_eq!(
            previous_revision("arn:aws:ecs:eu-west-1:1:task-definition/prod-api:42"),
            Some("prod-api:41".into())
        );
        assert_eq!(previous_revision("prod-api:2"), Some("prod-api:1".into()));
        assert_eq!(previous_revision("prod-api:1"), None);
        assert_eq!(previous_revision("prod-api"), None);
    }

    #[test]
    fn prompt_checks() {
        let scale = Ask::Scale { cluster: "c".into(), service: "s".into(), current: 2 };
        assert_eq!(check(&scale, "3"), None);
        assert!(check(&scale, "-1").is_some_and(|p| p.contains("negative")));
        assert!(check(&scale, "two").is_some_and(|p| p.contains("whole number")));
        assert!(check(&scale, "5001").is_some_and(|p| p.contains("5000")));
        assert!(check(&scale, "").is_some());
        let stop = Ask::StopReason { cluster: "c".into(), task: "t".into() };
        assert_eq!(check(&stop, ""), None);
        assert!(check(&stop, &"x".repeat(256)).is_some());
    }
}
