//! Moving around: opening and leaving views (and stopping what they started), the loads the
//! view on screen needs, selection and scrolling.
use crate::state::{Effect, Entry, Inflight, Level, Load, SESSION, State};
use crate::views::{Move, View};

/// Derive the view on screen from data (rows, order, selection); cheap when nothing changed.
pub fn sync(state: &mut State) {
    let page = state.page();
    let now = state.now;
    let State { stack, data, .. } = state;
    if let Some(entry) = stack.last_mut() {
        entry.view.screen_mut().sync(data, now, page);
    }
}

/// Issue `load` for `owner` unless it is in flight or fresh (`force`: regardless of age).
fn request(state: &mut State, load: Load, owner: u64, force: bool) -> Option<Effect> {
    if state.data.pending(&load) {
        return None;
    }
    // Data loaded a few milliseconds after the last refresh tick is "younger" than the interval
    // at the next tick; without slack every other tick would be skipped.
    let interval = state.refresh_interval();
    let max_age = if force { std::time::Duration::ZERO } else { interval - interval / 5 };
    if !state.data.stale(&load, state.now, max_age) {
        return None;
    }
    let req = state.req();
    state.data.start(&load, req);
    state.inflight.insert(req, Inflight { owner, load: load.clone() });
    state.dirty = true;
    Some(Effect::Load { req, load, owner })
}

/// Load `loads` now, whatever their age, and everything the view on screen shows (after a
/// change in AWS, so the screen shows what AWS now says).
pub fn reload(state: &mut State, loads: Vec<Load>) -> Vec<Effect> {
    if !state.connected {
        return vec![];
    }
    let owner = state.top_id();
    let mut effects: Vec<Effect> = loads.into_iter().filter_map(|l| request(state, l, owner, true)).collect();
    effects.extend(refresh(state, true));
    effects
}

/// Start loading what the view on screen needs that is missing or older than the refresh
/// interval (`force`: regardless of age). Never a second request for the same resource.
pub fn refresh(state: &mut State, force: bool) -> Vec<Effect> {
    if !state.connected {
        return vec![];
    }
    let owner = state.top_id();
    let loads = state.view().screen().loads(&state.data);
    let mut effects: Vec<Effect> = loads.into_iter().filter_map(|l| request(state, l, owner, force)).collect();
    // The region's alarms: the header counts those in ALARM on every view, and views match
    // them to their services locally (one load for the whole region, whatever is on screen).
    effects.extend(request(state, Load::Alarms, SESSION, force));
    // The account id in the header is worth retrying until it is known.
    if state.target.account.is_none() && state.identity_req.is_none() {
        effects.push(identity(state));
    }
    effects
}

/// Ask who we are (the header's account id); the answer is tied to this request.
pub fn identity(state: &mut State) -> Effect {
    let req = state.req();
    state.identity_req = Some(req);
    state.inflight.insert(req, Inflight { owner: SESSION, load: Load::Identity });
    Effect::Load { req, load: Load::Identity, owner: SESSION }
}

/// Push a view and load what it needs.
pub fn push(state: &mut State, view: View) -> Vec<Effect> {
    let id = state.new_view_id();
    state.stack.push(Entry { id, view });
    state.dirty = true;
    sync(state);
    refresh(state, false)
}

/// Put `view` in place of the view on screen (whose jobs stop), e.g. one rollout watch by
/// another, so watching one service after another does not pile watches up.
pub fn replace(state: &mut State, view: View) -> Vec<Effect> {
    let mut effects = Vec::new();
    if state.stack.len() > 1 {
        effects.push(pop(state));
    }
    effects.extend(push(state, view));
    effects
}

/// Pop the view on screen: its jobs stop and their half-loaded data is forgotten.
fn pop(state: &mut State) -> Effect {
    let entry = state.stack.pop().expect("pop only above the root");
    stop_jobs(state, entry.id)
}

/// Cancel what `owner` has in flight, in state and in the runtime.
fn stop_jobs(state: &mut State, owner: u64) -> Effect {
    let mine: Vec<_> = state.inflight.iter().filter(|(_, i)| i.owner == owner).map(|(r, _)| *r).collect();
    for req in mine {
        if let Some(i) = state.inflight.remove(&req) {
            state.data.cancel(&i.load, req);
        }
    }
    Effect::StopJobs { owner }
}

/// Go back to the view at `depth` in the stack (0 is the root), stopping the jobs of each
/// view left.
pub fn back_to(state: &mut State, depth: usize) -> Vec<Effect> {
    let mut effects = Vec::new();
    while state.stack.len() > depth + 1 {
        effects.push(pop(state));
    }
    state.dirty = true;
    sync(state);
    effects
}

/// Esc: clear a filter first, then go back one view (the root stays), with the cursor on the
/// row the view came from.
pub fn back(state: &mut State) -> Vec<Effect> {
    if let Some(list) = state.view_mut().list_mut().filter(|l| !l.filter.is_empty()) {
        list.filter.clear();
        state.dirty = true;
        return vec![];
    }
    if let Some(text) = state.view_mut().screen_mut().text_mut().filter(|t| !t.search.is_empty()) {
        text.search.clear();
        text.find();
        state.dirty = true;
        return vec![];
    }
    if let View::Logs(v) = state.view_mut()
        && !v.filter.is_empty()
    {
        v.set_filter("");
        super::logs::filter_done(state);
        state.dirty = true;
        return vec![];
    }
    if state.stack.len() <= 1 {
        state.flash(Level::Info, "this is the first view — q quits");
        return vec![];
    }
    let origin = state.view().screen().origin();
    let mut effects = vec![pop(state)];
    if let Some(id) = origin {
        let page = state.page();
        sync(state);
        if let Some(list) = state.view_mut().list_mut() {
            list.select_id(&id, page);
        }
    }
    state.dirty = true;
    effects.extend(refresh(state, false));
    effects
}

/// Replace the stack by the root plus `views` (command-mode jumps and `--cluster`), each
/// one's jobs stopped as it goes.
pub fn jump(state: &mut State, views: Vec<View>) -> Vec<Effect> {
    let mut effects = Vec::new();
    while state.stack.len() > 1 {
        effects.push(pop(state));
    }
    state.layers.clear();
    state.dirty = true;
    if views.is_empty() {
        sync(state);
        effects.extend(refresh(state, false));
    }
    for v in views {
        // The view below should point at what the new one shows.
        effects.extend(push(state, v));
    }
    effects
}

/// Drop everything tied to the connection (a profile or region switch).
pub fn reset(state: &mut State) -> Effect {
    state.inflight.clear();
    state.identity_req = None;
    state.target.account = None;
    state.target.alias = None;
    // The prices came from files, not from the connection: they stay.
    let prices = std::mem::take(&mut state.data.prices);
    state.data = Default::default();
    state.data.prices = prices;
    state.stack.truncate(1);
    if let Some(list) = state.view_mut().list_mut() {
        *list = Default::default();
    }
    Effect::StopAll
}

/// Enter on the selected row.
pub fn open(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else {
        state.flash(Level::Info, "nothing selected to open");
        return vec![];
    };
    match state.view().screen().open(&id, &state.data) {
        Some(v) => {
            let effects = push(state, v);
            // Rows already loaded (a cluster's services are, for the cluster list's markers):
            // start on the first one that needs attention.
            let page = state.page();
            if let Some(list) = state.view_mut().list_mut() {
                list.select_first_problem(page);
            }
            effects
        }
        None => {
            state.flash(Level::Info, "nothing to open here");
            vec![]
        }
    }
}

/// `d`: the selected object in full.
pub fn describe(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else {
        state.flash(Level::Info, "nothing selected to describe");
        return vec![];
    };
    match state.view().screen().describe(&id, &state.data) {
        Some(v) => push(state, v),
        None => vec![],
    }
}

pub fn selected_id(state: &State) -> Option<String> {
    state.view().list().and_then(|l| l.selected_id()).map(str::to_string)
}

/// Move the selection, or scroll a text view.
pub fn move_by(state: &mut State, to: Move) {
    let page = state.page();
    let screen = state.view_mut().screen_mut();
    if let Some(text) = screen.text_mut() {
        text.scroll(to, page);
    } else if let Some(list) = screen.list_mut() {
        list.move_to(to, page);
    } else {
        screen.cursor(to);
    }
    state.dirty = true;
}
