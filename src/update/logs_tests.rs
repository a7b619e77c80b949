//! The log view through `update`: opening it, its tail's lines, following and pausing, time
//! jumps and ranges restarting the tail, the tail stopping while the view is covered, the
//! filter sent as a CloudWatch pattern, saving and copying.
use super::*;
use crate::config::Keymap;
use crate::fixtures;
use crate::model::{LogEvent, LogRange, LogSource, LogTarget, TailMode, TailStatus};
use crate::state::{Resource, Settings, Target};
use crate::views::{LogsView, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

const API_42: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:42";

fn state() -> State {
    let settings = Settings {
        refresh: Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let target = Target { region: Some("eu-west-1".into()), ..Default::default() };
    let mut s = State::new(target, Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    s
}

/// prod's services loaded (api running prod-api:42), the services view on screen.
fn on_services() -> State {
    let mut s = state();
    let mut services = fixtures::services();
    services[0].task_definition = API_42.into();
    let prod = fixtures::cluster_arn("prod");
    s.data.services.insert(
        prod.clone(),
        Resource { value: Some(services), loaded_at: Some(fixtures::now()), ..Default::default() },
    );
    nav::push(&mut s, View::services(prod));
    nav::sync(&mut s);
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn typed(s: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| press(s, KeyCode::Char(c))).collect()
}

fn command(s: &mut State, line: &str) -> Vec<Effect> {
    press(s, KeyCode::Char(':'));
    typed(s, line);
    press(s, KeyCode::Enter)
}

fn logs(s: &State) -> &LogsView {
    match s.view() {
        View::Logs(v) => v,
        _ => panic!("not a log view"),
    }
}

fn tails(effects: &[Effect]) -> Vec<(u64, LogTarget, LogRange, Option<String>)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Tail { tail, target, range, pattern, .. } => {
                Some((*tail, target.clone(), range.clone(), pattern.clone()))
            }
            _ => None,
        })
        .collect()
}

fn stops(effects: &[Effect]) -> Vec<u64> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::StopTail { tail } => Some(*tail),
            _ => None,
        })
        .collect()
}

fn live() -> TailStatus {
    TailStatus { mode: TailMode::LiveTail, sampled: false, note: None }
}

fn event(id: &str, secs: i64, message: &str) -> LogEvent {
    LogEvent {
        id: id.into(),
        timestamp: fixtures::now() - chrono::Duration::seconds(100 - secs),
        ingested: None,
        source: LogSource {
            group: "/ecs/prod/api".into(),
            stream: "ecs/api/0f13a1b2c3d4".into(),
            task_id: Some("0f13a1b2c3d4".into()),
            container: Some("api".into()),
        },
        message: message.into(),
    }
}

fn feed(s: &mut State, tail: u64, events: Vec<LogEvent>) -> Vec<Effect> {
    update(s, Msg::Log { tail, events, status: live() }, fixtures::now())
}

fn texts(s: &State) -> Vec<String> {
    let v = logs(s);
    (0..v.shown()).filter_map(|r| v.line_text(r)).collect()
}

/// `l` on api, its task definition answered: the view with its tail running.
fn tailing() -> (State, u64) {
    let mut s = on_services();
    let effects = press(&mut s, KeyCode::Char('l'));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Load { req, load: Load::TaskDefinition { arn }, .. } if arn == API_42 => Some(*req),
            _ => None,
        })
        .expect("the task definition is loaded first");
    assert!(tails(&effects).is_empty(), "no tail before the target is known");
    let load = Load::TaskDefinition { arn: API_42.into() };
    let payload = Payload::TaskDefinition(Box::new(fixtures::task_definition(42)));
    let effects = update(&mut s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now());
    let started = tails(&effects);
    assert_eq!(started.len(), 1, "{effects:?}");
    (s, started[0].0)
}

#[test]
fn l_on_a_service_tails_every_container_stream_of_its_tasks() {
    let mut s = on_services();
    let effects = press(&mut s, KeyCode::Char('l'));
    assert!(matches!(s.view(), View::Logs(_)));
    assert!(effects.iter().any(|e| matches!(e, Effect::Load { load: Load::TaskDefinition { .. }, .. })));
    let load = Load::TaskDefinition { arn: API_42.into() };
    let req = s.data.task_definitions.get(API_42).and_then(|r| r.pending).expect("pending");
    let payload = Payload::TaskDefinition(Box::new(fixtures::task_definition(42)));
    let effects = update(&mut s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now());
    let owner = s.top_id();
    let tail = match effects.iter().find(|e| matches!(e, Effect::Tail { .. })) {
        Some(Effect::Tail { tail, owner: o, target, range, pattern }) => {
            assert_eq!(*o, owner);
            assert_eq!(target.groups, vec!["/ecs/prod/api"]);
            assert_eq!(target.stream_prefixes, vec!["ecs/api/", "ecs/envoy/"]);
            assert_eq!(target.region, None, "the group is in the connection's region");
            assert_eq!(target.label, "prod/api");
            assert_eq!(*range, LogRange::Last { minutes: 5 });
            assert_eq!(*pattern, None);
            *tail
        }
        _ => panic!("no tail: {effects:?}"),
    };
    assert_eq!(logs(&s).tail, Some(tail));
    // Nothing more on the next message: one tail, not one per message.
    assert!(tails(&update(&mut s, Msg::Tick, fixtures::now())).is_empty());
}

#[test]
fn l_on_a_task_tails_that_tasks_streams() {
    let mut s = state();
    let prod = fixtures::cluster_arn("prod");
    let filter = crate::model::TaskFilter { service: Some("api".into()), status: Default::default() };
    s.data.tasks.insert(
        (prod.clone(), filter),
        Resource { value: Some(fixtures::tasks()), loaded_at: Some(fixtures::now()), ..Default::default() },
    );
    nav::push(&mut s, View::tasks(prod, Some("api".into())));
    nav::sync(&mut s);
    let id = s.view().list().and_then(|l| l.selected_id()).expect("a task selected").to_string();
    let task = fixtures::tasks().into_iter().find(|t| t.arn == id).expect("listed");
    press(&mut s, KeyCode::Char('l'));
    let req = s.data.task_definitions.get(&task.task_definition).and_then(|r| r.pending).expect("pending");
    let load = Load::TaskDefinition { arn: task.task_definition.clone() };
    let payload = Payload::TaskDefinition(Box::new(fixtures::task_definition(42)));
    let effects = update(&mut s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now());
    let started = tails(&effects);
    let task_id = crate::model::arn_name(&id);
    assert_eq!(started[0].1.stream_prefixes, vec![format!("ecs/api/{task_id}"), format!("ecs/envoy/{task_id}")]);
}

#[test]
fn lines_arrive_in_time_order_and_a_stopped_tails_lines_are_dropped() {
    let (mut s, tail) = tailing();
    feed(&mut s, tail, vec![event("a", 1, "one"), event("c", 3, "three")]);
    feed(&mut s, tail, vec![event("b", 2, "two"), event("a", 1, "one")]);
    assert_eq!(texts(&s), ["one", "two", "three"]);
    assert_eq!(logs(&s).cursor, 2, "following: the newest line is selected");
    feed(&mut s, tail + 1000, vec![event("z", 4, "from nowhere")]);
    assert_eq!(texts(&s).len(), 3, "lines of a tail this view does not run are dropped");
}

#[test]
fn scrolling_up_pauses_and_g_follows_again() {
    let (mut s, tail) = tailing();
    feed(&mut s, tail, (0..10).map(|i| event(&i.to_string(), i, &format!("line {i}"))).collect());
    press(&mut s, KeyCode::Char('k'));
    assert!(!logs(&s).follow, "scrolling up pauses");
    assert_eq!(logs(&s).cursor, 8);
    feed(&mut s, tail, vec![event("x", 50, "newer"), event("y", 0, "late, at the top")]);
    let v = logs(&s);
    assert_eq!(v.line_text(v.cursor).as_deref(), Some("line 8"), "the selected line stays selected");
    press(&mut s, KeyCode::Char('G'));
    let v = logs(&s);
    assert!(v.follow);
    assert_eq!(v.line_text(v.cursor).as_deref(), Some("newer"));
}

#[test]
fn time_jumps_stop_the_tail_and_start_one_on_the_new_range() {
    let (mut s, tail) = tailing();
    feed(&mut s, tail, vec![event("a", 1, "one")]);
    for (key, range) in [
        ('6', LogRange::Last { minutes: 60 }),
        ('2', LogRange::Last { minutes: 1 }),
        ('1', LogRange::Head),
        ('0', LogRange::Last { minutes: 0 }),
    ] {
        let before = logs(&s).tail.expect("a tail runs");
        let effects = press(&mut s, KeyCode::Char(key));
        assert_eq!(stops(&effects), vec![before], "{key}");
        let started = tails(&effects);
        assert_eq!(started.len(), 1, "{key}");
        assert_eq!(started[0].2, range, "{key}");
        assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("the tail restarts")), "{key}: {:?}", s.flash);
        assert!(texts(&s).is_empty(), "a jump reads the range afresh");
    }
    let effects = command(&mut s, "since 2h");
    let want = LogRange::Between { from: fixtures::now() - chrono::Duration::hours(2), to: None };
    assert_eq!(tails(&effects)[0].2, want);
    let effects = command(&mut s, "range 2026-01-02 10:00 2026-01-02T10:30:00Z");
    match &tails(&effects)[0].2 {
        LogRange::Between { from, to: Some(to) } => {
            assert_eq!(from.to_rfc3339(), "2026-01-02T10:00:00+00:00");
            assert_eq!((*to - *from).num_minutes(), 30);
        }
        other => panic!("{other:?}"),
    }
    let effects = command(&mut s, "range 10:30 10:00");
    assert!(tails(&effects).is_empty());
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("ends")), "{:?}", s.flash);
    command(&mut s, "since soon");
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("not a time")), "{:?}", s.flash);
}

#[test]
fn a_covered_view_stops_its_tail_and_picks_up_after_its_newest_line() {
    let (mut s, tail) = tailing();
    feed(&mut s, tail, vec![event("a", 1, "one"), event("b", 2, "two")]);
    let effects = command(&mut s, "journal");
    assert_eq!(stops(&effects), vec![tail], "Live Tail is billed per minute: hidden, it stops");
    assert!(tails(&effects).is_empty());
    let effects = press(&mut s, KeyCode::Esc);
    let started = tails(&effects);
    assert_eq!(started.len(), 1, "{effects:?}");
    assert_eq!(started[0].2, LogRange::Between { from: event("b", 2, "").timestamp, to: None });
    assert_eq!(texts(&s), ["one", "two"], "the lines are kept across");
    // The overlap at the newest timestamp is dropped by id.
    feed(&mut s, started[0].0, vec![event("b", 2, "two"), event("c", 3, "three")]);
    assert_eq!(texts(&s), ["one", "two", "three"]);
    let owner = s.top_id();
    let effects = press(&mut s, KeyCode::Esc);
    assert!(effects.contains(&Effect::StopJobs { owner }), "leaving stops its jobs, the tail with them");
    assert!(tails(&effects).is_empty());
}

#[test]
fn the_filter_narrows_as_typed_and_is_sent_to_cloudwatch_when_it_can_be() {
    let (mut s, tail) = tailing();
    feed(
        &mut s,
        tail,
        vec![event("a", 1, "ERROR db down"), event("b", 2, "GET /health 200"), event("c", 3, "error: retry")],
    );
    press(&mut s, KeyCode::Char('/'));
    assert!(typed(&mut s, "error").is_empty(), "typing restarts nothing");
    assert_eq!(texts(&s), ["ERROR db down", "error: retry"], "lower case matches any case");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(tails(&effects).is_empty(), "a lower-case filter stays here");
    assert!(logs(&s).local_only.as_deref().is_some_and(|w| w.contains("lower case")));
    press(&mut s, KeyCode::Char('/'));
    for _ in 0..5 {
        press(&mut s, KeyCode::Backspace);
    }
    typed(&mut s, "ERROR -\"GET /\"");
    let effects = press(&mut s, KeyCode::Enter);
    assert_eq!(stops(&effects), vec![tail]);
    let started = tails(&effects);
    assert_eq!(started[0].3.as_deref(), Some("ERROR -\"GET /\""));
    assert_eq!(texts(&s), ["ERROR db down"]);
    // Esc clears the filter first (and the pattern with it), then leaves.
    let effects = press(&mut s, KeyCode::Esc);
    assert!(matches!(s.view(), View::Logs(_)));
    assert_eq!(tails(&effects)[0].3, None);
    assert_eq!(texts(&s).len(), 3);
}

#[test]
fn n_and_e_jump_to_matches_and_errors() {
    let (mut s, tail) = tailing();
    feed(
        &mut s,
        tail,
        vec![
            event("a", 1, "panic: boom"),
            event("b", 2, "GET / 200"),
            event("c", 3, "user 42 GET / 200"),
            event("d", 4, "fine"),
        ],
    );
    press(&mut s, KeyCode::Char('e'));
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no error line")), "nothing after the last line");
    press(&mut s, KeyCode::Char('E'));
    assert_eq!(logs(&s).cursor, 0, "back to the panic");
    press(&mut s, KeyCode::Char('m'));
    press(&mut s, KeyCode::Char('/'));
    typed(&mut s, "GET");
    press(&mut s, KeyCode::Enter);
    assert_eq!(texts(&s).len(), 4, "m: the filter marks instead of hiding");
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(logs(&s).cursor, 1);
    press(&mut s, KeyCode::Char('n'));
    assert_eq!(logs(&s).cursor, 2);
    press(&mut s, KeyCode::Char('N'));
    assert_eq!(logs(&s).cursor, 1);
}

#[test]
fn a_failed_tail_says_why_and_is_not_restarted_by_itself() {
    let (mut s, tail) = tailing();
    let err = crate::api::ApiError::new(crate::api::ErrorKind::Other, "ResourceNotFoundException: no such group");
    let effects = update(&mut s, Msg::TailEnded { tail, result: Err(err) }, fixtures::now());
    assert!(tails(&effects).is_empty());
    assert_eq!(logs(&s).tail, None);
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no such group")), "{:?}", s.flash);
    assert!(tails(&update(&mut s, Msg::Tick, fixtures::now())).is_empty());
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    let effects = update(&mut s, Msg::Key(ctrl_r), fixtures::now());
    assert_eq!(tails(&effects).len(), 1, "ctrl-r starts it again");
    let effects = update(&mut s, Msg::Key(ctrl_r), fixtures::now());
    assert!(tails(&effects).is_empty() && s.flash.as_ref().is_some_and(|f| f.text.contains("is running")));
    let tail = logs(&s).tail.expect("running");
    update(&mut s, Msg::TailEnded { tail, result: Ok(()) }, fixtures::now());
    let effects = press(&mut s, KeyCode::Char('3'));
    assert_eq!(tails(&effects)[0].2, LogRange::Last { minutes: 5 }, "a jump tries again");
}

#[test]
fn save_and_copy_are_effects_for_the_runtime() {
    let (mut s, tail) = tailing();
    press(&mut s, KeyCode::Char('S'));
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no lines")));
    feed(&mut s, tail, vec![event("a", 1, "one"), event("b", 2, "two\nlines")]);
    let effects = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), fixtures::now());
    match effects.as_slice() {
        [Effect::SaveLog { name, lines }] => {
            assert!(name.starts_with("logs-prod-api-") && name.ends_with("Z.log"), "{name}");
            assert_eq!(lines.len(), 3);
            assert!(lines[0].ends_with(" 0f13a1b2/api one"), "{}", lines[0]);
        }
        other => panic!("{other:?}"),
    }
    update(&mut s, Msg::LogSaved { path: "/state/x.log".into(), lines: 3, result: Ok(()) }, fixtures::now());
    assert_eq!(s.flash.as_ref().map(|f| f.text.as_str()), Some("saved 3 lines to /state/x.log"));
    press(&mut s, KeyCode::Char('k'));
    let effects = press(&mut s, KeyCode::Char('c'));
    assert_eq!(effects, vec![Effect::CopyText { text: "two".into() }]);
}

#[test]
fn containers_that_log_elsewhere_are_said_and_nothing_is_tailed() {
    let mut s = on_services();
    press(&mut s, KeyCode::Char('l'));
    let req = s.data.task_definitions.get(API_42).and_then(|r| r.pending).expect("pending");
    let mut td = fixtures::task_definition(42);
    for c in &mut td.container_definitions {
        c.log_configuration =
            Some(crate::model::LogConfiguration { log_driver: "awsfirelens".into(), options: Default::default() });
    }
    let load = Load::TaskDefinition { arn: API_42.into() };
    let effects =
        update(&mut s, Msg::Loaded { req, load, result: Ok(Payload::TaskDefinition(Box::new(td))) }, fixtures::now());
    assert!(tails(&effects).is_empty());
    assert_eq!(logs(&s).notes().len(), 2);
    let effects = press(&mut s, KeyCode::Char('0'));
    assert!(tails(&effects).is_empty());
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no container of this view logs")));
}

#[test]
fn logs_group_opens_any_group_and_l_elsewhere_says_where_it_works() {
    let mut s = state();
    press(&mut s, KeyCode::Char('l'));
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("select a service, a task or a container")));
    let effects = command(&mut s, "logs /ecs/exec-audit");
    let started = tails(&effects);
    assert_eq!(started[0].1.groups, vec!["/ecs/exec-audit"]);
    assert!(started[0].1.stream_prefixes.is_empty());
    let effects = update(&mut s, Msg::Log { tail: started[0].0, events: vec![], status: live() }, fixtures::now());
    assert!(effects.is_empty());
    assert_eq!(logs(&s).status, Some(live()));
}
