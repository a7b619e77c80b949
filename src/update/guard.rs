//! The guard: the one producer of `Effect::Write`. A change is proposed here, refused in
//! read-only mode, shown in the confirm layer (account, profile, region, target, the exact
//! call) and, once confirmed — by Enter, or by typing the name of a protected target — sent.
//! Its answer (`Msg::Wrote`) comes back here too.
use super::{actions, nav, plan};
use crate::model::arn_name;
use crate::mutation::{Kind, Mutation};
use crate::state::{Confirm, Effect, Layer, Level, Load, State, Write};
use crate::views::View;

/// Whether a change to this cluster or service needs its name typed.
pub fn is_protected(patterns: &[String], m: &Mutation) -> bool {
    let names: Vec<&str> = std::iter::once(arn_name(m.cluster())).chain(m.service().map(arn_name)).collect();
    patterns
        .iter()
        .filter_map(|p| globset::Glob::new(p).ok().map(|g| g.compile_matcher()))
        .any(|g| names.iter().any(|n| g.is_match(n)))
}

/// Propose a change: refused in read-only mode, else the confirm layer opens.
pub fn propose(state: &mut State, m: Mutation) -> Vec<Effect> {
    if state.settings.read_only {
        state.flash(Level::Warn, m.read_only_refusal());
        return vec![];
    }
    if !state.connected {
        state.flash(Level::Warn, format!("not connected: {} cannot be sent", m.title()));
        return vec![];
    }
    // "looking up…" and the like are answered by the dialog itself.
    state.flash = None;
    let p = plan::plan(&state.data, &m);
    let protect = is_protected(&state.settings.protected, &m).then(|| m.protection());
    state.layers.push(Layer::Confirm(Box::new(Confirm {
        mutation: m,
        facts: p.facts,
        notes: p.notes,
        before: p.before,
        protect,
        typed: String::new(),
        refusal: None,
    })));
    state.dirty = true;
    vec![]
}

/// Enter in the confirm layer: send the change, or say what is missing.
pub fn confirm(state: &mut State) -> Vec<Effect> {
    let Some(Layer::Confirm(c)) = state.layers.last_mut() else { return vec![] };
    if let Some(p) = &c.protect
        && c.typed.trim() != p.name
    {
        c.refusal = Some(format!("{} {} is protected: type its name, {}, then Enter", p.what, p.name, p.name));
        state.dirty = true;
        return vec![];
    }
    let Some(Layer::Confirm(c)) = state.layers.pop() else { return vec![] };
    let Confirm { mutation, before, .. } = *c;
    // Checked again: the setting cannot change while the dialog is open, but this is the one
    // place every write passes, so it holds whatever opened the dialog.
    if state.settings.read_only {
        state.flash(Level::Warn, mutation.read_only_refusal());
        return vec![];
    }
    let req = state.req();
    state.writes.insert(req, mutation.clone());
    state.flash(Level::Info, format!("sending: {}…", mutation.title()));
    vec![Effect::Write(Box::new(Write {
        req,
        mutation,
        before,
        account: state.target.account.clone(),
        profile: state.target.profile.clone(),
        region: state.target.region.clone(),
    }))]
}

/// Esc (or Ctrl-C) in the confirm layer.
pub fn cancel(state: &mut State) {
    if let Some(Layer::Confirm(c)) = state.layers.pop() {
        state.flash(Level::Info, format!("cancelled: nothing was sent ({})", c.mutation.title()));
    }
}

/// The answer to a write: say what happened; after a success reload what changed at once,
/// and follow a deployment it started.
pub fn wrote(state: &mut State, req: u64, m: Mutation, result: Result<String, crate::api::ApiError>) -> Vec<Effect> {
    state.writes.remove(&req);
    // Failures are journaled too: a journal on the stack shows the new entry either way.
    let journal = state.stack.iter().any(|e| matches!(e.view, View::Journal(_)));
    let journal: Vec<Load> = if journal { vec![Load::Journal] } else { vec![] };
    match result {
        Err(e) => {
            let mut text = format!("{} failed — {}: {}", m.title(), e.title(), e.message);
            if let Some(h) = &e.hint {
                text.push_str(&format!(" ({h})"));
            }
            state.flash(Level::Error, text);
            if journal.is_empty() { vec![] } else { nav::reload(state, journal) }
        }
        Ok(words) => {
            state.flash(
                Level::Info,
                format!("done: {}{}", m.title(), if words.is_empty() { String::new() } else { format!(" — {words}") }),
            );
            let cluster = m.cluster().to_string();
            let mut loads = journal;
            loads.push(Load::Services { cluster: cluster.clone() });
            if matches!(m.kind(), Kind::ClusterStrategy) {
                loads.push(Load::Clusters);
            }
            if let Mutation::StopTask { task, .. } = &m {
                loads.push(Load::Task { cluster: cluster.clone(), arn: task.clone() });
            }
            // A change that starts a deployment: show it rolling, unless that is on screen.
            let deploys = matches!(
                m.kind(),
                Kind::ForceDeploy | Kind::ServiceStrategy | Kind::EnableExec | Kind::DeployRevision | Kind::Rollback
            );
            let mut effects = Vec::new();
            if let Some(service) = m.service().filter(|_| deploys)
                && !actions::watching(state, &cluster, service)
            {
                effects.extend(actions::show_watch(state, cluster.clone(), service.to_string()));
            }
            effects.extend(nav::reload(state, loads));
            effects
        }
    }
}
