//! The only code that changes [`State`]: messages in, effects out, no IO. Keys and layers
//! (`keys`), navigation and loads (`nav`), `:` commands (`command`). After every message the
//! view on screen re-derives what it shows, so render and the next key only read.
pub mod actions;
pub mod command;
pub mod guard;
mod keys;
pub mod logs;
pub mod nav;
pub mod plan;
mod triage;

pub use command::{COMMANDS, Command, complete, parse_command};

use crate::api::ApiError;
use crate::model::Time;
use crate::state::{Effect, Level, Load, Msg, Payload, ReqId, State};

/// How long a flash message stays: errors longer, so they can be read.
const FLASH_INFO_SECS: i64 = 4;
const FLASH_ERROR_SECS: i64 = 10;

pub fn update(state: &mut State, msg: Msg, now: Time) -> Vec<Effect> {
    state.now = now;
    // State may have been changed outside `update` (start-up, tests): derive first, which is
    // free when nothing changed.
    nav::sync(state);
    // A burst of batches (a 10,000-row list arrives in 100) is derived once, before the next
    // frame or key, not once per batch.
    let batch = matches!(msg, Msg::Batch { .. });
    let effects = match msg {
        Msg::Key(key) => keys::on_key(state, key),
        Msg::Paste(text) => keys::on_paste(state, &text),
        Msg::Resize(cols, rows) => {
            state.size = (cols, rows);
            state.dirty = true;
            vec![]
        }
        Msg::InputClosed => {
            state.quit = true;
            vec![Effect::Quit]
        }
        Msg::Tick => {
            if state.loading() {
                state.spinner = state.spinner.wrapping_add(1);
            }
            if let Some(f) = &state.flash {
                let ttl = if f.level == Level::Info { FLASH_INFO_SECS } else { FLASH_ERROR_SECS };
                if (now - f.at).num_seconds() >= ttl {
                    state.flash = None;
                }
            }
            // Ages and the spinner move with time.
            state.dirty = true;
            vec![]
        }
        Msg::RefreshDue => nav::refresh(state, false),
        Msg::Batch { req, load, payload, progress } => {
            if state.data.apply_batch(&load, req, payload, progress) {
                state.dirty = true;
            }
            vec![]
        }
        Msg::Loaded { req, load, result } => loaded(state, req, load, result),
        Msg::Connected { req, profile, region, result } => connected(state, req, profile, region, result),
        Msg::Wrote { req, mutation, result } => guard::wrote(state, req, mutation, result),
        Msg::Profiles(p) => {
            state.profiles = p;
            vec![]
        }
        Msg::Log { tail, events, status } => logs::on_log(state, tail, events, status),
        Msg::TailEnded { tail, result } => logs::on_ended(state, tail, result),
        Msg::LogSaved { path, lines, result } => logs::saved(state, path, lines, result),
    };
    let mut effects = effects;
    if !batch {
        nav::sync(state);
    }
    // A log view runs its tail only while it is on screen.
    effects.extend(logs::reconcile(state));
    effects
}

fn connected(
    state: &mut State,
    req: ReqId,
    profile: Option<String>,
    region: Option<String>,
    result: Result<(), ApiError>,
) -> Vec<Effect> {
    if state.connect_req != Some(req) {
        tracing::debug!(req, "dropped an answer to an older connect");
        return vec![];
    }
    state.connect_req = None;
    match result {
        Ok(()) => {
            // A switch (`:profile`, `:region`) while connected: nothing loaded so far applies.
            // The first connection keeps the start view (`--cluster`).
            let switched = state.connected && (state.target.profile != profile || state.target.region != region);
            let mut effects = Vec::new();
            if switched {
                effects.push(nav::reset(state));
            }
            state.target.profile = profile;
            state.target.region = region;
            state.setup_error = None;
            state.connected = true;
            state.dirty = true;
            effects.push(nav::identity(state));
            effects.extend(nav::refresh(state, true));
            effects
        }
        Err(e) => {
            if state.connected {
                // A failed switch keeps the working connection.
                state.flash(Level::Error, e.to_string());
            } else {
                state.setup_error = Some(e);
                state.dirty = true;
            }
            vec![]
        }
    }
}

fn loaded(state: &mut State, req: ReqId, load: Load, result: Result<Payload, ApiError>) -> Vec<Effect> {
    state.inflight.remove(&req);
    if load == Load::Identity {
        if state.identity_req != Some(req) {
            tracing::debug!(req, "dropped an identity answer for an older connection");
            return vec![];
        }
        state.identity_req = None;
        match result {
            Ok(Payload::Identity(id)) => {
                state.target.account = id.account;
                state.target.alias = id.alias;
                state.dirty = true;
            }
            // The data loads report the same problem with more context; the header lacks the
            // account until a later refresh asks again.
            Ok(_) | Err(_) => tracing::debug!("identity not available"),
        }
        return vec![];
    }
    if !state.data.apply(&load, req, state.now, result) {
        tracing::debug!(req, "dropped a stale reply");
        return vec![];
    }
    state.dirty = true;
    if let Load::Ongoing { cluster, service } = &load {
        let mut effects = actions::ongoing_loaded(state, cluster, service);
        nav::sync(state);
        effects.extend(nav::refresh(state, false));
        return effects;
    }
    // What a view loads can depend on what arrived (each cluster's services, once the
    // clusters are known): ask for what is newly needed.
    nav::sync(state);
    let mut effects = nav::refresh(state, false);
    effects.extend(triage::calm_at_launch(state));
    effects
}

#[cfg(test)]
mod alarm_tests;
#[cfg(test)]
mod journal_tests;
#[cfg(test)]
mod logs_tests;
#[cfg(test)]
mod strategy_tests;
#[cfg(test)]
mod taskdef_tests;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod watch_tests;
