use super::*;
use crate::api::{ApiError, ErrorKind, Loaded};
use crate::config::Keymap;
use crate::fixtures;
use crate::model::{TaskFilter, TaskStatusFilter};
use crate::state::{Mode, Settings, Target, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn new_state() -> State {
    let settings = Settings {
        refresh: std::time::Duration::from_secs(10),
        read_only: false,
        themes: vec!["default".into(), "light".into()],
    };
    State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now())
}

fn press(state: &mut State, code: KeyCode) -> Vec<Effect> {
    update(state, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn chars(state: &mut State, text: &str) -> Vec<Effect> {
    text.chars().flat_map(|c| press(state, KeyCode::Char(c))).collect()
}

fn loads(effects: &[Effect]) -> Vec<(u64, Load)> {
    effects
        .iter()
        .filter_map(|e| if let Effect::Load { req, load } = e { Some((*req, load.clone())) } else { None })
        .collect()
}

fn reply(state: &mut State, req: u64, load: Load, payload: Payload) -> Vec<Effect> {
    update(state, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now())
}

/// A connected console showing the fixture clusters.
fn with_clusters() -> State {
    let mut s = new_state();
    let effects = update(
        &mut s,
        Msg::Connected { profile: None, region: Some("eu-west-1".into()), result: Ok(()) },
        fixtures::now(),
    );
    let l = loads(&effects);
    assert!(l.iter().any(|(_, l)| *l == Load::Identity));
    let (req, load) = l.into_iter().find(|(_, l)| *l == Load::Clusters).expect("clusters load");
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: fixtures::clusters(), failures: vec![] }));
    s
}

fn open_services(s: &mut State) -> (u64, Load) {
    let effects = press(s, KeyCode::Enter);
    loads(&effects).into_iter().next().expect("services load")
}

#[test]
fn connect_loads_clusters_and_enter_opens_services() {
    let mut s = with_clusters();
    assert_eq!(s.data.clusters.value.as_ref().map(Vec::len), Some(2));
    // Rows are sorted by name: dev, prod.
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    assert_eq!(load, Load::Services { cluster: fixtures::cluster_arn("prod") });
    assert_eq!(s.stack.len(), 2);
    reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
    assert_eq!(crate::state::nav_table(&s).map(|t| t.rows.len()), Some(3));
}

#[test]
fn stale_replies_are_dropped() {
    let mut s = with_clusters();
    let first = loads(&press(&mut s, KeyCode::Char('r'))); // not a refresh key: nothing
    assert!(first.is_empty());
    let forced =
        loads(&update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), fixtures::now()));
    let (req, load) = forced[0].clone();
    // An older request's answer arrives after the newer one was issued: ignored.
    reply(&mut s, req - 1, load.clone(), Payload::Clusters(Loaded { items: vec![], failures: vec![] }));
    assert_eq!(s.data.clusters.value.as_ref().map(Vec::len), Some(2));
    assert!(s.data.clusters.pending.is_some());
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: fixtures::clusters()[..1].to_vec(), failures: vec![] }));
    assert_eq!(s.data.clusters.value.as_ref().map(Vec::len), Some(1));
}

#[test]
fn failed_refresh_keeps_data_and_records_error() {
    let mut s = with_clusters();
    let forced =
        loads(&update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), fixtures::now()));
    let (req, load) = forced[0].clone();
    let err = ApiError::new(ErrorKind::Throttled, "Rate exceeded").with_code("ThrottlingException");
    update(&mut s, Msg::Loaded { req, load, result: Err(err.clone()) }, fixtures::now());
    assert_eq!(s.data.clusters.value.as_ref().map(Vec::len), Some(2), "last good data stays");
    assert_eq!(s.data.clusters.error, Some(err));
}

#[test]
fn no_duplicate_requests_while_loading() {
    let mut s = with_clusters();
    let ctrl_r = KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL);
    assert_eq!(loads(&update(&mut s, Msg::Key(ctrl_r), fixtures::now())).len(), 1);
    assert_eq!(loads(&update(&mut s, Msg::Key(ctrl_r), fixtures::now())).len(), 0);
    assert!(loads(&update(&mut s, Msg::RefreshDue, fixtures::now())).is_empty());
}

#[test]
fn filter_narrows_and_esc_clears() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('/'));
    assert!(matches!(s.mode, Mode::Filter { .. }));
    chars(&mut s, "prd");
    let table = crate::state::nav_table(&s).unwrap();
    let visible = table.visible(&s.view().filter, s.view().sort);
    assert_eq!(visible.len(), 1);
    assert_eq!(table.rows[visible[0]].id, fixtures::cluster_arn("prod"));
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.mode, Mode::Normal);
    assert_eq!(s.view().filter, "prd", "enter keeps the filter");
    // Enter now opens the only visible row.
    let (_, load) = open_services(&mut s);
    assert_eq!(load, Load::Services { cluster: fixtures::cluster_arn("prod") });
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.stack.len(), 1);
    assert_eq!(s.view().filter, "prd");
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.view().filter, "", "esc clears the filter before leaving");
}

#[test]
fn sort_cycles_and_reverses() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('O'));
    assert!(s.view().sort.reverse);
    let table = crate::state::nav_table(&s).unwrap();
    let first = table.visible("", s.view().sort)[0];
    assert_eq!(table.rows[first].id, fixtures::cluster_arn("prod"), "reversed: prod first");
    // The selection stays on the object it was on (dev), now the second row.
    assert_eq!(s.view().selected, 1);
    assert_eq!(crate::state::nav::selected_id(&s), Some(fixtures::cluster_arn("dev")));
    press(&mut s, KeyCode::Char('o'));
    assert_eq!(s.view().sort.column, 1);
    assert!(!s.view().sort.reverse);
}

#[test]
fn tasks_toggle_stopped_and_containers() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
    let (req, load) = open_services(&mut s);
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    assert_eq!(load, Load::Tasks { cluster: fixtures::cluster_arn("prod"), filter: running });
    reply(&mut s, req, load, Payload::Tasks(Loaded { items: fixtures::tasks(), failures: vec![] }));
    let effects = press(&mut s, KeyCode::Char('x'));
    let (req, load) = loads(&effects).into_iter().next().expect("stopped load");
    let stopped = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Stopped };
    assert_eq!(load, Load::Tasks { cluster: fixtures::cluster_arn("prod"), filter: stopped });
    reply(&mut s, req, load, Payload::Tasks(Loaded { items: fixtures::stopped_tasks(), failures: vec![] }));
    let table = crate::state::nav_table(&s).unwrap();
    assert!(table.columns.iter().any(|c| c.title == "STOPPED REASON"));
    // Enter on a stopped task shows its containers from the list at once, and refreshes it.
    let effects = press(&mut s, KeyCode::Enter);
    assert!(matches!(loads(&effects)[0].1, Load::Task { .. }));
    assert_eq!(crate::state::nav_table(&s).map(|t| t.rows.len()), Some(2));
}

#[test]
fn describe_yaml_then_json() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('d'));
    let ViewKind::Describe { title, yaml, json } = &s.view().kind else { panic!("not describe") };
    assert_eq!(title, "cluster dev");
    assert!(yaml.contains("clusterName: dev"));
    assert!(json.contains("\"clusterName\": \"dev\""));
    press(&mut s, KeyCode::Char('y'));
    assert_eq!(s.view().format, crate::state::DescribeFormat::Json);
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.stack.len(), 1);
}

#[test]
fn commands_jump_switch_theme_and_quit() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "svc de");
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.mode, Mode::Command { input: "svc dev".into(), hint: vec![] });
    let effects = press(&mut s, KeyCode::Enter);
    assert_eq!(loads(&effects)[0].1, Load::Services { cluster: fixtures::cluster_arn("dev") });
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "theme light");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.theme, "light");
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "theme neon");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.theme, "light");
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no theme `neon`")));
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "q");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(effects.contains(&Effect::Quit));
}

#[test]
fn setup_error_then_retry() {
    let mut s = new_state();
    let err = ApiError::new(ErrorKind::NoRegion, "no AWS region is set").with_hint("pass --region");
    update(&mut s, Msg::Connected { profile: None, region: None, result: Err(err.clone()) }, fixtures::now());
    assert_eq!(s.setup_error, Some(err));
    let effects = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), fixtures::now());
    assert!(matches!(effects[0], Effect::Connect { .. }));
    assert_eq!(s.setup_error, None);
}

#[test]
fn help_opens_and_closes_and_ctrl_c_quits_anywhere() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('?'));
    assert!(matches!(s.mode, Mode::Help { .. }));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.mode, Mode::Normal);
    press(&mut s, KeyCode::Char('/'));
    let effects = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), fixtures::now());
    assert!(effects.contains(&Effect::Quit));
    assert!(s.quit);
}

#[test]
fn selection_follows_object_across_refresh() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(crate::state::nav::selected_id(&s), Some(fixtures::cluster_arn("prod")));
    let forced =
        loads(&update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), fixtures::now()));
    let (req, load) = forced[0].clone();
    // A new cluster sorts before prod: the selection stays on prod, now row 2.
    let mut more = fixtures::clusters();
    let mut extra = more[0].clone();
    extra.name = "batch".into();
    extra.arn = fixtures::cluster_arn("batch");
    more.push(extra);
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: more, failures: vec![] }));
    assert_eq!(s.view().selected, 2);
    assert_eq!(crate::state::nav::selected_id(&s), Some(fixtures::cluster_arn("prod")));
}

#[test]
fn first_connection_keeps_the_start_view_and_a_switch_resets() {
    let mut s = new_state();
    s.stack.push(View::new(ViewKind::Services { cluster: "prod".into() }));
    let effects = update(
        &mut s,
        Msg::Connected { profile: None, region: Some("eu-west-1".into()), result: Ok(()) },
        fixtures::now(),
    );
    assert_eq!(s.stack.len(), 2, "--cluster's view stays");
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Services { cluster: "prod".into() }));
    let effects = update(
        &mut s,
        Msg::Connected { profile: None, region: Some("us-east-1".into()), result: Ok(()) },
        fixtures::now(),
    );
    assert_eq!(s.stack.len(), 1, "another region starts from its clusters");
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Clusters));
    assert_eq!(s.target.region.as_deref(), Some("us-east-1"));
}
