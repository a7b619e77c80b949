//! The log view's side of `update`: opening it (`l`, `:logs`), its tail's lines and end, the
//! tail's lifecycle (running only while the view is on screen: Live Tail is billed per minute),
//! the filter sent as a CloudWatch pattern, time jumps and ranges, saving and copying.
use super::nav;
use crate::model::{LogEvent, LogRange, TailStatus, Time};
use crate::state::{Effect, Level, ReqId, State};
use crate::views::View;
use crate::views::logs::LogsView;
use chrono::{NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

fn logs_mut(state: &mut State) -> Option<&mut LogsView> {
    match state.view_mut() {
        View::Logs(v) => Some(v),
        _ => None,
    }
}

/// `l`: the logs of the selected service, task or container (or the one the view shows).
pub fn open(state: &mut State) -> Vec<Effect> {
    match state.view().screen().logs(&state.data) {
        Some(Ok(of)) => {
            let view = LogsView::new(of, state.log_lines);
            nav::push(state, View::Logs(Box::new(view)))
        }
        Some(Err(why)) => {
            state.flash(Level::Info, why);
            vec![]
        }
        None => {
            state.flash(Level::Info, "no logs here: l works on a service, a task or a container");
            vec![]
        }
    }
}

/// `:logs GROUP`: any log group by name, every stream; `:logs` alone is `l`.
pub fn open_group(state: &mut State, group: Option<String>) -> Vec<Effect> {
    let Some(group) = group else { return open(state) };
    let group = group.trim().to_string();
    if group.is_empty() || group.len() > 512 {
        state.flash(Level::Warn, ":logs needs a log group name (1 to 512 characters)");
        return vec![];
    }
    nav::push(state, View::Logs(Box::new(LogsView::group(&group, state.log_lines))))
}

/// `Msg::Log`: lines for the view whose tail this is; a stopped tail's late lines are dropped.
pub fn on_log(state: &mut State, tail: ReqId, events: Vec<LogEvent>, status: TailStatus) -> Vec<Effect> {
    let top = state.stack.len().saturating_sub(1);
    for (i, entry) in state.stack.iter_mut().enumerate() {
        if let View::Logs(v) = &mut entry.view
            && v.tail == Some(tail)
        {
            v.ingest(events, status);
            if i == top {
                state.dirty = true;
            }
            return vec![];
        }
    }
    tracing::debug!(tail, "dropped lines of a tail no view runs");
    vec![]
}

/// `Msg::TailEnded`: the view says how, and does not start it again by itself.
pub fn on_ended(state: &mut State, tail: ReqId, result: Result<(), crate::api::ApiError>) -> Vec<Effect> {
    let mut failed = None;
    for entry in state.stack.iter_mut() {
        if let View::Logs(v) = &mut entry.view
            && v.tail == Some(tail)
        {
            if let Err(e) = &result {
                failed = Some(format!("the log tail stopped: {e}"));
            }
            v.end(result.map_err(|e| e.to_string()));
            state.dirty = true;
            break;
        }
    }
    if let Some(text) = failed {
        state.flash(Level::Error, text);
    }
    vec![]
}

/// Run a tail for the log view on screen, and none for a log view under another view: called
/// after every message. A time jump or a new pattern replaces the running tail.
pub fn reconcile(state: &mut State) -> Vec<Effect> {
    let top = state.stack.len().saturating_sub(1);
    let mut effects = Vec::new();
    let mut start = None;
    for (i, entry) in state.stack.iter_mut().enumerate() {
        let View::Logs(v) = &mut entry.view else { continue };
        if i != top || !state.connected {
            if let Some(tail) = v.tail.take() {
                effects.push(Effect::StopTail { tail });
                // Coming back picks up after the newest line kept; the buffer stays.
                v.resume_range();
                v.version += 1;
            }
            continue;
        }
        if v.restart {
            v.restart = false;
            if let Some(tail) = v.tail.take() {
                effects.push(Effect::StopTail { tail });
            }
        }
        if v.tail.is_none() && v.wanted && v.target().is_some() {
            start = Some(entry.id);
        }
    }
    if let Some(owner) = start {
        let tail = state.req();
        let region = state.target.region.clone();
        if let Some(View::Logs(v)) = state.stack.last_mut().map(|e| &mut e.view)
            && let Some(mut target) = v.target().cloned()
        {
            // The contract names a region only when it differs from the connection's.
            if target.region == region {
                target.region = None;
            }
            v.tail = Some(tail);
            v.status = None;
            v.ended = None;
            v.version += 1;
            state.dirty = true;
            effects.push(Effect::Tail { tail, owner, target, range: v.range.clone(), pattern: v.pattern.clone() });
        }
    }
    effects
}

/// Whether the view on screen is a log view.
pub fn is_on_screen(state: &State) -> bool {
    matches!(state.view(), View::Logs(_))
}

/// `ctrl-r` in a log view: a running tail needs nothing; a stopped one starts again after the
/// newest line kept (the lines stay).
pub fn refresh(state: &mut State) -> Vec<Effect> {
    let Some(v) = logs_mut(state) else { return vec![] };
    let text = if v.tail.is_some() {
        "the tail is running: lines appear as they come (0 to 6 read another range)".to_string()
    } else if v.target().is_none() {
        "nothing to tail: no container of this view logs to CloudWatch Logs".to_string()
    } else {
        v.resume_range();
        v.wanted = true;
        v.ended = None;
        "the tail starts again after the newest line kept".to_string()
    };
    state.flash(Level::Info, text);
    vec![]
}

/// The filter layer typed a character: the log view filters as it is typed.
pub fn filter_typed(state: &mut State, input: &str) {
    if let Some(v) = logs_mut(state) {
        v.set_filter(input);
        state.dirty = true;
    }
}

/// The filter layer closed (Enter keeps the filter, Esc cleared it first).
pub fn filter_done(state: &mut State) {
    if let Some(v) = logs_mut(state)
        && let Some(text) = v.commit_filter()
    {
        state.flash(Level::Info, text);
    }
}

/// What a log view's `/` starts from: its filter as typed.
pub fn filter_input(state: &State) -> Option<String> {
    match state.view() {
        View::Logs(v) => Some(v.filter.input.clone()),
        _ => None,
    }
}

/// `ctrl-s`: every line kept, to a file in the state directory (written off the loop).
pub fn save(state: &mut State) -> Vec<Effect> {
    let now = state.now;
    let Some(v) = logs_mut(state) else { return vec![] };
    if v.buffer.is_empty() {
        state.flash(Level::Info, "no lines to save yet");
        return vec![];
    }
    let name = file_name(&v.label, now);
    let lines = v.save_lines();
    state.flash(Level::Info, format!("saving {} lines…", lines.len()));
    vec![Effect::SaveLog { name, lines }]
}

/// A file name from the view's label and the time: `logs-prod-api-20261129T150405Z.log`.
pub fn file_name(label: &str, now: Time) -> String {
    let mut slug: String =
        label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    while slug.contains("--") {
        slug = slug.replace("--", "-");
    }
    let slug: String = slug.trim_matches('-').chars().take(60).collect();
    format!("logs-{slug}-{}.log", now.format("%Y%m%dT%H%M%SZ"))
}

/// `Msg::LogSaved`: say where, or why not.
pub fn saved(state: &mut State, path: String, lines: usize, result: Result<(), String>) -> Vec<Effect> {
    match result {
        Ok(()) => state.flash(Level::Info, format!("saved {lines} lines to {path}")),
        Err(e) => state.flash(Level::Error, format!("could not save the log lines to {path}: {e}")),
    }
    vec![]
}

/// `c`: the selected line to the terminal's clipboard (OSC 52).
pub fn copy(state: &mut State) -> Vec<Effect> {
    let Some(v) = logs_mut(state) else { return vec![] };
    let Some(text) = v.line_text(v.cursor) else {
        state.flash(Level::Info, "no line selected to copy");
        return vec![];
    };
    let chars = text.chars().count();
    state.flash(Level::Info, format!("copied the selected line ({chars} characters) through the terminal (OSC 52)"));
    vec![Effect::CopyText { text }]
}

/// `:since 2h` (or `90m`, `1h30m`, or a time like `:range` takes): read from then on, following.
pub fn since(state: &mut State, text: &str) -> Vec<Effect> {
    let now = state.now;
    match parse_when(text, now) {
        Ok(from) => jump(state, LogRange::Between { from, to: None }),
        Err(e) => {
            state.flash(Level::Warn, e);
            vec![]
        }
    }
}

/// `:range FROM [TO]`: a fixed range (no following after TO; `now` or none: follow).
pub fn range(state: &mut State, from: &str, to: Option<&str>) -> Vec<Effect> {
    let now = state.now;
    let parsed = parse_when(from, now).and_then(|f| {
        let t = match to {
            None | Some("now") => None,
            Some(t) => Some(parse_when(t, now)?),
        };
        match t {
            Some(t) if t <= f => Err(format!("the range ends ({t}) before it starts ({f})")),
            _ => Ok(LogRange::Between { from: f, to: t }),
        }
    });
    match parsed {
        Ok(r) => jump(state, r),
        Err(e) => {
            state.flash(Level::Warn, e);
            vec![]
        }
    }
}

fn jump(state: &mut State, range: LogRange) -> Vec<Effect> {
    let Some(v) = logs_mut(state) else {
        state.flash(Level::Info, ":since and :range work in a log view (l on a service, task or container)");
        return vec![];
    };
    let text = v.jump(range);
    state.flash(Level::Info, text);
    vec![]
}

/// A moment: `2h` / `90m` / `1h 30m` ago, `14:05` or `14:05:30` today (UTC), `2026-11-29 14:05`,
/// or RFC 3339 (`2026-11-29T14:05:00Z`).
pub fn parse_when(text: &str, now: Time) -> Result<Time, String> {
    let text = text.trim();
    if let Ok(d) = humantime::parse_duration(text) {
        let d = chrono::Duration::from_std(d).map_err(|_| format!("{text}: too long ago"))?;
        return now.checked_sub_signed(d).ok_or_else(|| format!("{text}: too long ago"));
    }
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.with_timezone(&Utc));
    }
    for f in ["%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, f) {
            return Ok(Utc.from_utc_datetime(&t));
        }
    }
    if let Ok(d) = NaiveDate::parse_from_str(text, "%Y-%m-%d") {
        return Ok(Utc.from_utc_datetime(&d.and_time(NaiveTime::MIN)));
    }
    for f in ["%H:%M:%S", "%H:%M"] {
        if let Ok(t) = NaiveTime::parse_from_str(text, f) {
            return Ok(Utc.from_utc_datetime(&now.date_naive().and_time(t)));
        }
    }
    Err(format!("{text}: not a time — use 2h or 90m (ago), 14:05 (today, UTC), 2026-11-29 14:05 (UTC), or RFC 3339"))
}
