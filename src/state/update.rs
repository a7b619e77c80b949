//! `update`: the one place state changes. No IO: it returns effects for the loop.
use super::{Effect, Level, Load, Msg, Payload, State, ViewKind, keys, nav};
use crate::model::Time;

/// How long a flash message stays: errors longer, so they can be read.
const FLASH_INFO_SECS: i64 = 4;
const FLASH_ERROR_SECS: i64 = 12;

pub fn update(state: &mut State, msg: Msg, now: Time) -> Vec<Effect> {
    state.now = now;
    match msg {
        Msg::Key(key) => keys::on_key(state, key),
        Msg::Resize(_, rows) => {
            // Header, title, table header and footer take four rows.
            state.page = (rows as usize).saturating_sub(4).max(1);
            state.dirty = true;
            vec![]
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
        Msg::Loaded { req, load, result } => loaded(state, req, load, result),
        Msg::Connected { profile, region, result } => match result {
            Ok(()) => {
                // A switch (`:profile`, `:region`) while connected: nothing loaded so far
                // applies. The first connection keeps the start view (`--cluster`).
                let switched = state.connected && (state.target.profile != profile || state.target.region != region);
                state.target.profile = profile;
                state.target.region = region;
                state.setup_error = None;
                state.connected = true;
                if switched {
                    state.target.account = None;
                    state.data = Default::default();
                    state.stack.truncate(1);
                }
                state.dirty = true;
                let req = state.req();
                let mut effects = vec![Effect::Load { req, load: Load::Identity }];
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
        },
        Msg::Profiles(p) => {
            state.profiles = p;
            vec![]
        }
    }
}

fn loaded(
    state: &mut State,
    req: super::ReqId,
    load: Load,
    result: Result<Payload, crate::api::ApiError>,
) -> Vec<Effect> {
    if load == Load::Identity {
        match result {
            Ok(Payload::Identity(id)) => {
                state.target.account = id.account;
                state.dirty = true;
            }
            // The data loads report the same problem with more context; the header just lacks the account.
            Ok(_) | Err(_) => tracing::debug!("identity not available"),
        }
        return vec![];
    }
    let on_screen = nav::load_for(state, state.view()).as_ref() == Some(&load);
    if !state.data.apply(&load, req, state.now, result) {
        tracing::debug!(req, "dropped a stale reply");
        return vec![];
    }
    if on_screen || matches!(state.view().kind, ViewKind::Containers { .. }) {
        nav::reselect(state);
        state.dirty = true;
    }
    vec![]
}

#[cfg(test)]
mod tests;
