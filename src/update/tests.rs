use super::*;
use crate::api::{ApiError, ErrorKind, Identity, Loaded};
use crate::config::Keymap;
use crate::fixtures;
use crate::model::{TaskFilter, TaskStatusFilter};
use crate::state::{Layer, Progress, Settings, Target};
use crate::views::{ListState, View};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn new_state() -> State {
    let settings = Settings {
        refresh: std::time::Duration::from_secs(10),
        read_only: false,
        protected: vec!["*prod*".into()],
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
        .filter_map(|e| if let Effect::Load { req, load, .. } = e { Some((*req, load.clone())) } else { None })
        .collect()
}

fn list(s: &State) -> &ListState {
    s.view().list().expect("a list view")
}

/// (rows shown, rows in all) of the view on screen.
fn counts(s: &State) -> Option<(usize, usize)> {
    list(s).rows.as_ref().map(|r| (r.visible.len(), r.table.rows.len()))
}

fn selected(s: &State) -> Option<String> {
    nav::selected_id(s)
}

/// Ask to connect (as the loop does at start) and answer it.
fn connect(s: &mut State, region: &str) -> Vec<Effect> {
    let effects = command::connect(s, None, Some(region.into()));
    let Effect::Connect { req, .. } = effects[0] else { panic!("not a connect") };
    update(s, Msg::Connected { req, profile: None, region: Some(region.into()), result: Ok(()) }, fixtures::now())
}

fn reply(state: &mut State, req: u64, load: Load, payload: Payload) -> Vec<Effect> {
    update(state, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now())
}

/// A connected console showing the fixture clusters.
fn with_clusters() -> State {
    let mut s = new_state();
    let effects = connect(&mut s, "eu-west-1");
    let l = loads(&effects);
    assert!(l.iter().any(|(_, l)| *l == Load::Identity));
    let (req, load) = l.into_iter().find(|(_, l)| *l == Load::Clusters).expect("clusters load");
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: fixtures::clusters(), failures: vec![] }));
    s
}

/// Enter, and the request for what the opened view shows: a new one, or the one already in
/// flight (the cluster list asks for every cluster's services itself).
fn open_services(s: &mut State) -> (u64, Load) {
    let effects = press(s, KeyCode::Enter);
    loads(&effects).into_iter().next().or_else(|| in_flight(s)).expect("services load")
}

/// Enter on the selected service (its detail, which asks for its running tasks), then `t`:
/// its tasks, and their load (the one the detail started, or a new one).
fn open_tasks(s: &mut State) -> (u64, Load) {
    let detail = loads(&press(s, KeyCode::Enter));
    assert!(matches!(s.view(), View::Service(_)), "enter on a service opens its detail");
    let effects = press(s, KeyCode::Char('t'));
    assert!(matches!(s.view(), View::Tasks(_)), "t in the detail opens the service's tasks");
    loads(&effects)
        .into_iter()
        .next()
        .or_else(|| detail.into_iter().find(|(_, l)| matches!(l, Load::Tasks { .. })))
        .or_else(|| in_flight(s))
        .expect("tasks load")
}

fn in_flight(s: &State) -> Option<(u64, Load)> {
    let load = s.view().screen().primary()?;
    s.inflight.iter().find(|(_, i)| i.load == load).map(|(r, i)| (*r, i.load.clone()))
}

#[test]
fn connect_loads_clusters_and_enter_opens_services() {
    let mut s = new_state();
    let effects = connect(&mut s, "eu-west-1");
    let (req, load) = loads(&effects).into_iter().find(|(_, l)| *l == Load::Clusters).expect("clusters load");
    let effects = reply(&mut s, req, load, Payload::Clusters(Loaded { items: fixtures::clusters(), failures: vec![] }));
    // Once the clusters are known, each one's services are asked for (the list's markers).
    let services: Vec<_> = loads(&effects).into_iter().filter(|(_, l)| matches!(l, Load::Services { .. })).collect();
    assert_eq!(services.len(), 2, "{effects:?}");
    let mut s = with_clusters();
    assert_eq!(s.data.clusters.value.as_ref().map(Vec::len), Some(2));
    // Rows are sorted by name: dev, prod.
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    assert_eq!(load, Load::Services { cluster: fixtures::cluster_arn("prod") });
    assert_eq!(s.stack.len(), 2);
    reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
    assert_eq!(counts(&s), Some((3, 3)));
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
    let first = loads(&update(&mut s, Msg::Key(ctrl_r), fixtures::now()));
    // The clusters again (each cluster's services are still loading).
    assert_eq!(first.len(), 1, "{first:?}");
    assert_eq!(first[0].1, Load::Clusters);
    assert_eq!(loads(&update(&mut s, Msg::Key(ctrl_r), fixtures::now())).len(), 0);
    assert!(loads(&update(&mut s, Msg::RefreshDue, fixtures::now())).is_empty());
}

#[test]
fn filter_narrows_and_esc_clears() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('/'));
    assert!(matches!(s.layer(), Some(Layer::Filter { .. })));
    chars(&mut s, "prd");
    assert_eq!(counts(&s), Some((1, 2)));
    assert_eq!(selected(&s), Some(fixtures::cluster_arn("prod")));
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.layer(), None);
    assert_eq!(list(&s).filter, "prd", "enter keeps the filter");
    // Enter now opens the only visible row.
    let (_, load) = open_services(&mut s);
    assert_eq!(load, Load::Services { cluster: fixtures::cluster_arn("prod") });
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.stack.len(), 1);
    assert_eq!(list(&s).filter, "prd");
    press(&mut s, KeyCode::Esc);
    assert_eq!(list(&s).filter, "", "esc clears the filter before leaving");
}

#[test]
fn sort_cycles_and_reverses() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('O'));
    assert!(list(&s).sort().reverse);
    let rows = list(&s).rows.as_ref().unwrap();
    assert_eq!(rows.table.rows[rows.visible[0]].id, fixtures::cluster_arn("prod"), "reversed: prod first");
    // The selection stays on the object it was on (dev), now the second row.
    assert_eq!(list(&s).selected, 1);
    assert_eq!(selected(&s), Some(fixtures::cluster_arn("dev")));
    press(&mut s, KeyCode::Char('o'));
    assert_eq!(list(&s).sort().column, 1);
    assert!(!list(&s).sort().reverse);
}

#[test]
fn tasks_toggle_stopped_and_containers() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
    let (req, load) = open_tasks(&mut s);
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    assert_eq!(load, Load::Tasks { cluster: fixtures::cluster_arn("prod"), filter: running });
    reply(&mut s, req, load, Payload::Tasks(Loaded { items: fixtures::tasks(), failures: vec![] }));
    let effects = press(&mut s, KeyCode::Char('x'));
    let (req, load) = loads(&effects).into_iter().next().expect("stopped load");
    let stopped = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Stopped };
    assert_eq!(load, Load::Tasks { cluster: fixtures::cluster_arn("prod"), filter: stopped });
    reply(&mut s, req, load, Payload::Tasks(Loaded { items: fixtures::stopped_tasks(), failures: vec![] }));
    let columns = list(&s).rows.as_ref().unwrap().table.columns;
    assert!(columns.iter().any(|c| c.title == "STOPPED REASON"));
    // Enter on a stopped task shows its containers from the list at once, and refreshes it.
    let effects = press(&mut s, KeyCode::Enter);
    assert!(matches!(loads(&effects)[0].1, Load::Task { .. }));
    assert_eq!(counts(&s), Some((2, 2)));
}

#[test]
fn describe_yaml_then_json() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('d'));
    let View::Describe(d) = s.view() else { panic!("not describe") };
    assert_eq!(d.screen_title(), "describe · cluster dev");
    assert!(d.text.lines.iter().any(|l| l == "clusterName: dev"));
    press(&mut s, KeyCode::Char('y'));
    let View::Describe(d) = s.view() else { panic!("not describe") };
    assert_eq!(d.format, crate::views::DescribeFormat::Json);
    assert!(d.text.lines.iter().any(|l| l.contains("\"clusterName\": \"dev\"")));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.stack.len(), 1);
}

#[test]
fn commands_jump_switch_theme_and_quit() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "svc de");
    press(&mut s, KeyCode::Tab);
    assert_eq!(s.layer(), Some(&Layer::Command { input: "svc dev".into(), hint: vec![] }));
    press(&mut s, KeyCode::Enter);
    assert_eq!(in_flight(&s).map(|(_, l)| l), Some(Load::Services { cluster: fixtures::cluster_arn("dev") }));
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "theme light");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.theme, "light");
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "theme neon");
    press(&mut s, KeyCode::Enter);
    assert_eq!(s.theme, "light");
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("no theme `neon`")), "{:?}", s.flash);
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "q");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(effects.contains(&Effect::Quit));
}

#[test]
fn setup_error_then_retry() {
    let mut s = new_state();
    let err = ApiError::new(ErrorKind::NoRegion, "no AWS region is set").with_hint("pass --region");
    let Effect::Connect { req, .. } = command::connect(&mut s, None, None)[0] else { panic!() };
    update(&mut s, Msg::Connected { req, profile: None, region: None, result: Err(err.clone()) }, fixtures::now());
    assert_eq!(s.setup_error, Some(err));
    let effects = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::CONTROL)), fixtures::now());
    assert!(matches!(effects[0], Effect::Connect { .. }));
    assert_eq!(s.setup_error, None);
}

#[test]
fn help_opens_and_closes_and_ctrl_c_quits_anywhere() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('?'));
    assert!(matches!(s.layer(), Some(Layer::Help { .. })));
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.layer(), None);
    press(&mut s, KeyCode::Char('/'));
    let effects = update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), fixtures::now());
    assert!(effects.contains(&Effect::Quit));
    assert!(s.quit);
}

#[test]
fn selection_follows_object_across_refresh() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(selected(&s), Some(fixtures::cluster_arn("prod")));
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
    assert_eq!(list(&s).selected, 2);
    assert_eq!(selected(&s), Some(fixtures::cluster_arn("prod")));
}

#[test]
fn first_connection_keeps_the_start_view_and_a_switch_resets() {
    let mut s = new_state();
    nav::jump(&mut s, vec![View::services("prod")]);
    let effects = connect(&mut s, "eu-west-1");
    assert_eq!(s.stack.len(), 2, "--cluster's view stays");
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Services { cluster: "prod".into() }));
    let effects = connect(&mut s, "us-east-1");
    assert!(effects.contains(&Effect::StopAll), "the old connection's jobs stop");
    assert_eq!(s.stack.len(), 1, "another region starts from its clusters");
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Clusters));
    assert_eq!(s.target.region.as_deref(), Some("us-east-1"));
}

#[test]
fn leaving_a_view_stops_its_jobs_and_forgets_half_loaded_data() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
    // The service's detail asks for its running tasks.
    let (req, load) = open_services(&mut s);
    assert!(matches!(load, Load::Tasks { .. }));
    let owner = s.top_id();
    // A first batch arrives and is counted at once, with progress.
    let progress = Progress { described: 1, listed: 3, listing_done: true };
    let batch = Payload::Tasks(Loaded { items: fixtures::tasks()[..1].to_vec(), failures: vec![] });
    update(&mut s, Msg::Batch { req, load: load.clone(), payload: batch, progress }, fixtures::now());
    nav::sync(&mut s); // as the loop does before a frame
    let View::Service(v) = s.view() else { panic!("not the detail") };
    assert_eq!(v.panes.detail().map(|d| d.mix.actual.clone()), Some(crate::views::service::Actual::Counted(1)));
    assert!(s.loading());
    let effects = press(&mut s, KeyCode::Esc);
    assert!(effects.contains(&Effect::StopJobs { owner }), "{effects:?}");
    assert!(!s.data.pending(&load), "nothing stays pending for the view that was left");
    assert!(s.data.status_of(&load).is_some_and(|st| !st.has_value), "half a list is not kept");
    // Its late answer is ignored.
    reply(&mut s, req, load.clone(), Payload::Tasks(Loaded { items: fixtures::tasks(), failures: vec![] }));
    assert!(s.data.status_of(&load).is_some_and(|st| !st.has_value));
    // Going back in asks again.
    let (_, again) = open_services(&mut s);
    assert_eq!(again, load);
}

#[test]
fn batches_grow_the_list_without_moving_the_selection() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    let (req, load) = open_services(&mut s);
    let all = fixtures::services();
    let part = |items: Vec<crate::model::Service>| Payload::Services(Loaded { items, failures: vec![] });
    let p = |described| Progress { described, listed: 3, listing_done: true };
    update(
        &mut s,
        Msg::Batch { req, load: load.clone(), payload: part(all[2..].to_vec()), progress: p(1) },
        fixtures::now(),
    );
    nav::sync(&mut s); // as the loop does before a frame
    let first = selected(&s).expect("a row is selected");
    update(
        &mut s,
        Msg::Batch { req, load: load.clone(), payload: part(all[..2].to_vec()), progress: p(3) },
        fixtures::now(),
    );
    assert_eq!(counts(&s), Some((1, 1)), "a burst of batches is derived once, before the next frame");
    nav::sync(&mut s);
    assert_eq!(counts(&s), Some((3, 3)));
    assert_eq!(selected(&s), Some(first), "the selection stays on its object as rows arrive");
    reply(&mut s, req, load, part(all));
    assert_eq!(counts(&s), Some((3, 3)));
    assert!(s.view().status(&s.data).loaded_at.is_some());
}

#[test]
fn stale_identity_and_connect_answers_are_ignored() {
    let mut s = with_clusters();
    let old_identity = s.identity_req.expect("identity asked on connect");
    // A switch is asked for, then another: the first one's answer must not land.
    let Effect::Connect { req: first, .. } = command::connect(&mut s, Some("a".into()), None)[0] else { panic!() };
    let Effect::Connect { req: second, .. } = command::connect(&mut s, Some("b".into()), None)[0] else { panic!() };
    let ok = |req, p: &str| Msg::Connected { req, profile: Some(p.into()), region: None, result: Ok(()) };
    assert!(update(&mut s, ok(first, "a"), fixtures::now()).is_empty());
    assert_eq!(s.target.profile, None, "an older connect's answer changes nothing");
    update(&mut s, ok(second, "b"), fixtures::now());
    assert_eq!(s.target.profile.as_deref(), Some("b"));
    // The previous connection's identity answers late: its account must not show for "b".
    let identity = |account: &str, alias: &str| {
        Payload::Identity(Identity { account: Some(account.into()), alias: Some(alias.into()), arn: None })
    };
    let old = identity("111111111111", "acme-a");
    update(&mut s, Msg::Loaded { req: old_identity, load: Load::Identity, result: Ok(old) }, fixtures::now());
    assert_eq!((&s.target.account, &s.target.alias), (&None, &None));
    let current = s.identity_req.expect("identity asked for b");
    let new = identity("222222222222", "acme-b");
    update(&mut s, Msg::Loaded { req: current, load: Load::Identity, result: Ok(new) }, fixtures::now());
    assert_eq!(s.target.account.as_deref(), Some("222222222222"));
    assert!(s.target.label().ends_with("222222222222 (acme-b)"), "{}", s.target.label());
}

#[test]
fn a_failed_identity_is_asked_again_on_the_next_refresh() {
    let mut s = with_clusters();
    let req = s.identity_req.expect("identity asked");
    let err = ApiError::new(ErrorKind::Throttled, "Rate exceeded");
    update(&mut s, Msg::Loaded { req, load: Load::Identity, result: Err(err) }, fixtures::now());
    let later = fixtures::now() + chrono::Duration::seconds(30);
    let effects = update(&mut s, Msg::RefreshDue, later);
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Identity), "{effects:?}");
}

#[test]
fn refresh_tick_is_not_skipped_for_data_a_moment_younger_than_the_interval() {
    let mut s = with_clusters();
    // Loaded at `now`; the next tick comes 10 s after the previous one, i.e. a few ms less
    // than 10 s after the data arrived.
    let tick = fixtures::now() + chrono::Duration::milliseconds(9_990);
    let effects = update(&mut s, Msg::RefreshDue, tick);
    assert!(loads(&effects).iter().any(|(_, l)| *l == Load::Clusters), "{effects:?}");
}

#[test]
fn esc_lands_on_the_row_the_view_came_from() {
    let mut s = new_state();
    nav::jump(&mut s, vec![View::services("prod")]);
    connect(&mut s, "eu-west-1");
    let effects = press(&mut s, KeyCode::Esc);
    let (req, load) = loads(&effects).into_iter().find(|(_, l)| *l == Load::Clusters).expect("clusters load");
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: fixtures::clusters(), failures: vec![] }));
    assert_eq!(selected(&s), Some(fixtures::cluster_arn("prod")), "prod sorts second but holds the cursor");
}

#[test]
fn unknown_names_open_nothing_and_offer_the_closest() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "svc prdo");
    let effects = press(&mut s, KeyCode::Enter);
    assert!(effects.is_empty());
    assert_eq!(s.stack.len(), 1, "no dead view is pushed");
    let text = s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(text.starts_with("no cluster `prdo` — closest: prod"), "{text}");
    // :tasks on the cluster list says what it needs: a cluster, not a service.
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "tasks api");
    press(&mut s, KeyCode::Enter);
    let text = s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(text.contains("inside a cluster"), "{text}");
}

#[test]
fn keys_that_do_nothing_here_say_so_and_a_key_ends_a_flash() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('x'));
    let text = s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(text.contains("works in tasks"), "{text}");
    press(&mut s, KeyCode::Char('s'));
    let text = s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default();
    assert!(text.starts_with("s (shell)"), "{text}");
    press(&mut s, KeyCode::Char('j'));
    assert_eq!(s.flash, None, "the next action ends the flash");
}

#[test]
fn paste_goes_into_the_filter_whole() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('/'));
    update(&mut s, Msg::Paste("pro\nd".into()), fixtures::now());
    assert_eq!(s.layer(), Some(&Layer::Filter { input: "pro d".into() }));
    assert_eq!(list(&s).filter, "pro d");
    press(&mut s, KeyCode::Esc);
    update(&mut s, Msg::Paste("prod".into()), fixtures::now());
    assert_eq!(list(&s).filter, "", "a paste outside a text input does nothing but say so");
    assert!(s.flash.is_some());
}

#[test]
fn describe_follows_fresh_data_and_searches() {
    let mut s = with_clusters();
    press(&mut s, KeyCode::Char('j'));
    let effects = press(&mut s, KeyCode::Char('d'));
    // It refreshes like any view: its object's load is requested when stale.
    assert!(loads(&effects).is_empty(), "fresh data: nothing to load yet");
    let later = fixtures::now() + chrono::Duration::seconds(30);
    let effects = update(&mut s, Msg::RefreshDue, later);
    let (req, load) = loads(&effects).into_iter().find(|(_, l)| *l == Load::Clusters).expect("describe refreshes");
    let mut changed = fixtures::clusters();
    changed.iter_mut().filter(|c| c.name == "prod").for_each(|c| c.running_tasks = 4242);
    reply(&mut s, req, load, Payload::Clusters(Loaded { items: changed, failures: vec![] }));
    let View::Describe(d) = s.view() else { panic!("not describe") };
    assert!(d.text.lines.iter().any(|l| l.contains("4242")), "describe shows the refreshed object");
    press(&mut s, KeyCode::Char('/'));
    chars(&mut s, "4242");
    press(&mut s, KeyCode::Enter);
    let View::Describe(d) = s.view() else { panic!("not describe") };
    assert_eq!(d.text.matches.len(), 1);
    assert_eq!(d.text.offset, d.text.matches[0], "the first match is brought into view");
}

mod changes {
    //! Changes in AWS: the guard, the confirm layer, protection, prompts and answers.
    use super::*;
    use crate::mutation::{Kind, Mutation};
    use crate::state::{Ask, Write};

    /// Connected, on the services of prod (a protected name) with the fixture services loaded.
    fn on_services() -> State {
        let mut s = with_clusters();
        press(&mut s, KeyCode::Char('j'));
        let (req, load) = open_services(&mut s);
        reply(&mut s, req, load, Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }));
        s
    }

    fn confirm(s: &State) -> &crate::state::Confirm {
        match s.layer() {
            Some(Layer::Confirm(c)) => c,
            other => panic!("no confirm layer: {other:?}"),
        }
    }

    fn writes(effects: &[Effect]) -> Vec<Write> {
        effects.iter().filter_map(|e| if let Effect::Write(w) = e { Some((**w).clone()) } else { None }).collect()
    }

    fn flash(s: &State) -> String {
        s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
    }

    #[test]
    fn a_redeploy_is_confirmed_with_the_exact_call_and_a_protected_name() {
        let mut s = on_services();
        assert_eq!(selected(&s).as_deref(), Some(format!("{}:service/prod/api", fixtures::ACCT).as_str()));
        assert!(writes(&press(&mut s, KeyCode::Char('r'))).is_empty(), "nothing is sent before the confirm");
        let c = confirm(&s);
        assert_eq!(c.mutation.kind(), Kind::ForceDeploy);
        assert_eq!(
            c.mutation.call().cli(),
            vec!["aws ecs update-service", "--cluster prod", "--service api", "--force-new-deployment"]
        );
        assert!(c.facts.iter().any(|(l, v)| l == "circuit breaker" && v.starts_with("off")), "{:?}", c.facts);
        // prod matches the default protected pattern: Enter alone does not send.
        let p = c.protect.clone().expect("protected");
        assert_eq!(p.name, "api");
        assert!(writes(&press(&mut s, KeyCode::Enter)).is_empty());
        assert!(confirm(&s).refusal.as_deref().is_some_and(|r| r.contains("type its name, api")));
        // `q` and `j` are typed, not run: the dialog owns the keyboard.
        chars(&mut s, "apq");
        assert_eq!(confirm(&s).typed, "apq");
        press(&mut s, KeyCode::Backspace);
        chars(&mut s, "i");
        let sent = writes(&press(&mut s, KeyCode::Enter));
        assert_eq!(sent.len(), 1);
        assert_eq!(
            sent[0].mutation,
            Mutation::ForceDeploy {
                cluster: fixtures::cluster_arn("prod"),
                service: format!("{}:service/prod/api", fixtures::ACCT),
            }
        );
        assert_eq!(sent[0].before["desiredCount"], 4);
        assert_eq!(sent[0].region.as_deref(), Some("eu-west-1"));
        assert!(s.layer().is_none());
        assert_eq!(s.writes.len(), 1);
    }

    #[test]
    fn opening_a_cluster_starts_on_the_service_that_needs_attention() {
        let mut s = on_services();
        press(&mut s, KeyCode::Esc);
        // The services are loaded already (the cluster list asked for them): Enter lands on
        // the failed one, ready for `r`.
        press(&mut s, KeyCode::Enter);
        assert_eq!(selected(&s), Some(format!("{}:service/prod/worker", fixtures::ACCT)));
        press(&mut s, KeyCode::Char('r'));
        assert!(matches!(&confirm(&s).mutation, Mutation::ForceDeploy { service, .. } if service.ends_with("/worker")));
    }

    #[test]
    fn esc_and_ctrl_c_cancel_the_confirm_without_quitting() {
        let mut s = on_services();
        press(&mut s, KeyCode::Char('r'));
        press(&mut s, KeyCode::Esc);
        assert!(s.layer().is_none() && !s.quit);
        assert!(flash(&s).starts_with("cancelled: nothing was sent"), "{}", flash(&s));
        press(&mut s, KeyCode::Char('r'));
        let effects =
            update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)), fixtures::now());
        assert!(effects.is_empty() && !s.quit && s.layer().is_none());
        assert_eq!(s.stack.len(), 2, "still on the services");
    }

    #[test]
    fn an_unprotected_target_is_sent_on_enter() {
        let mut s = on_services();
        s.settings.protected = vec!["*-production".into()];
        press(&mut s, KeyCode::Char('E'));
        assert!(confirm(&s).protect.is_none());
        assert!(confirm(&s).notes.iter().any(|n| n.contains("already enabled")));
        let sent = writes(&press(&mut s, KeyCode::Enter));
        assert_eq!(sent.len(), 1);
        assert_eq!(sent[0].mutation.kind(), Kind::EnableExec);
    }

    #[test]
    fn scale_asks_for_a_count_checks_it_and_confirms_the_change() {
        let mut s = on_services();
        s.settings.protected = vec![];
        press(&mut s, KeyCode::Char('s'));
        let Some(Layer::Prompt(p)) = s.layer().cloned() else { panic!("no prompt") };
        assert_eq!(p.input, "4", "pre-filled with the current count");
        assert!(matches!(p.ask, Ask::Scale { current: 4, .. }));
        press(&mut s, KeyCode::Backspace);
        chars(&mut s, "-2");
        let Some(Layer::Prompt(p)) = s.layer().cloned() else { panic!("no prompt") };
        assert!(p.problem.as_deref().is_some_and(|x| x.contains("negative")));
        assert!(press(&mut s, KeyCode::Enter).is_empty());
        assert!(matches!(s.layer(), Some(Layer::Prompt(_))), "a bad count keeps the prompt open");
        press(&mut s, KeyCode::Backspace);
        press(&mut s, KeyCode::Backspace);
        chars(&mut s, "6");
        press(&mut s, KeyCode::Enter);
        let c = confirm(&s);
        assert!(matches!(c.mutation, Mutation::Scale { desired: 6, .. }));
        assert!(c.facts.iter().any(|(l, v)| l == "desired count" && v == "4 → 6"));
        assert!(c.mutation.call().cli().contains(&"--desired-count 6".to_string()));
        assert_eq!(writes(&press(&mut s, KeyCode::Enter)).len(), 1);
        // `:scale 4` on a service that already wants 4: nothing to send, and it says so.
        chars(&mut s, ":scale 4");
        press(&mut s, KeyCode::Enter);
        assert!(s.layer().is_none());
        assert!(flash(&s).contains("already wants 4"), "{}", flash(&s));
    }

    #[test]
    fn scaling_outside_the_auto_scaling_range_is_warned_about() {
        let mut s = on_services();
        let effects = press(&mut s, KeyCode::Char('s'));
        let (req, load) = loads(&effects)
            .into_iter()
            .find(|(_, l)| matches!(l, Load::Scaling { .. }))
            .expect("the range is asked for");
        let target = crate::model::ScalableTarget { min: 2, max: 5, ..Default::default() };
        reply(&mut s, req, load, Payload::Scaling(Some(target)));
        assert_eq!(
            plan::scaling_hint(&s.data, &fixtures::cluster_arn("prod"), &selected(&s).unwrap_or_default()).as_deref(),
            Some("auto scaling keeps 2–5")
        );
        press(&mut s, KeyCode::Backspace);
        chars(&mut s, "9");
        press(&mut s, KeyCode::Enter);
        let c = confirm(&s);
        assert!(
            c.notes.iter().any(|n| n.contains("between 2 and 5") && n.contains("above its maximum")),
            "{:?}",
            c.notes
        );
    }

    #[test]
    fn commands_act_on_a_named_service_and_say_when_it_does_not_exist() {
        let mut s = on_services();
        chars(&mut s, ":deploy worker");
        press(&mut s, KeyCode::Enter);
        assert!(matches!(&confirm(&s).mutation, Mutation::ForceDeploy { service, .. } if service.ends_with("/worker")));
        press(&mut s, KeyCode::Esc);
        chars(&mut s, ":deploy wroker");
        press(&mut s, KeyCode::Enter);
        assert!(s.layer().is_none());
        assert!(flash(&s).contains("no service `wroker`") && flash(&s).contains("worker"), "{}", flash(&s));
    }

    #[test]
    fn a_stop_reason_is_free_text_sent_to_ecs() {
        let mut s = on_services();
        s.settings.protected = vec![];
        let (req, load) = open_tasks(&mut s); // Enter on api, then t: its tasks
        reply(&mut s, req, load, Payload::Tasks(Loaded { items: fixtures::tasks(), failures: vec![] }));
        chars(&mut s, ":stop stuck on a bad host");
        press(&mut s, KeyCode::Enter);
        let c = confirm(&s);
        let Mutation::StopTask { reason, .. } = &c.mutation else { panic!("not a stop") };
        assert_eq!(reason.as_deref(), Some("stuck on a bad host"));
        assert_eq!(c.mutation.call().cli().last().map(String::as_str), Some("--reason 'stuck on a bad host'"));
        press(&mut s, KeyCode::Esc);
        // The key asks for the reason first; an empty one is fine.
        update(&mut s, Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::CONTROL)), fixtures::now());
        assert!(matches!(s.layer(), Some(Layer::Prompt(p)) if matches!(p.ask, Ask::StopReason { .. })));
        press(&mut s, KeyCode::Enter);
        assert!(matches!(&confirm(&s).mutation, Mutation::StopTask { reason: None, .. }));
    }

    #[test]
    fn the_service_detail_opens_on_enter_and_acts_on_its_service() {
        let mut s = on_services();
        let chosen = selected(&s).expect("a service is selected");
        press(&mut s, KeyCode::Enter);
        let View::Service(v) = s.view() else { panic!("enter on a service opens {:?}", s.view()) };
        assert_eq!(v.service, chosen);
        assert!(v.panes.detail().is_some(), "it shows the service at once, from the services already loaded");
        press(&mut s, KeyCode::Char('2'));
        press(&mut s, KeyCode::Char('z'));
        let View::Service(v) = s.view() else { panic!("not the detail") };
        assert_eq!((v.panes.focus, v.panes.zoomed), (crate::views::Pane::Deployments, true));
        press(&mut s, KeyCode::Char('r'));
        assert!(matches!(&confirm(&s).mutation, Mutation::ForceDeploy { service, .. } if *service == chosen));
        press(&mut s, KeyCode::Esc);
        press(&mut s, KeyCode::Char('w'));
        assert!(matches!(s.view(), View::Rollout(r) if r.service == chosen), "w watches this service");
        press(&mut s, KeyCode::Esc);
        // A key of another view says where it works.
        press(&mut s, KeyCode::Char('x'));
        assert!(flash(&s).contains("works in tasks"), "{}", flash(&s));
        press(&mut s, KeyCode::Char('t'));
        let View::Tasks(t) = s.view() else { panic!("t opens {:?}", s.view()) };
        assert_eq!(t.service.as_deref(), Some(crate::model::arn_name(&chosen)));
    }

    #[test]
    fn a_key_for_a_change_says_where_it_works() {
        let mut s = with_clusters();
        press(&mut s, KeyCode::Char('r'));
        assert!(s.layer().is_none());
        assert!(flash(&s).contains("works in services"), "{}", flash(&s));
    }

    #[test]
    fn rollback_stops_the_ongoing_deployment_or_offers_the_previous_revision() {
        use crate::api::ServiceDeployment;
        let mut s = on_services();
        let api = format!("{}:service/prod/api", fixtures::ACCT);
        let effects = press(&mut s, KeyCode::Char('R'));
        let (req, load) = loads(&effects)
            .into_iter()
            .find(|(_, l)| matches!(l, Load::Ongoing { .. }))
            .expect("the ongoing deployments are looked up first");
        assert!(s.layer().is_none());
        let ongoing = ServiceDeployment {
            arn: "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/abc".into(),
            status: "IN_PROGRESS".into(),
            ..Default::default()
        };
        reply(&mut s, req, load.clone(), Payload::Ongoing(vec![ongoing.clone()]));
        let c = confirm(&s);
        assert_eq!(
            c.mutation,
            Mutation::Rollback {
                cluster: fixtures::cluster_arn("prod"),
                service: api.clone(),
                deployment: ongoing.arn.clone(),
            }
        );
        assert!(c.mutation.call().cli().contains(&"--stop-type ROLLBACK".to_string()));
        press(&mut s, KeyCode::Esc);
        // Nothing in progress: deploy the revision before, named exactly.
        let effects = press(&mut s, KeyCode::Char('R'));
        let (req, load) = loads(&effects).into_iter().find(|(_, l)| matches!(l, Load::Ongoing { .. })).expect("lookup");
        reply(&mut s, req, load, Payload::Ongoing(vec![]));
        let c = confirm(&s);
        assert_eq!(
            c.mutation,
            Mutation::DeployRevision {
                cluster: fixtures::cluster_arn("prod"),
                service: api,
                task_definition: "api:41".into(),
            }
        );
        assert!(c.notes.iter().any(|n| n.contains("deploys api:41")), "{:?}", c.notes);
    }

    #[test]
    fn an_answer_is_shown_and_what_changed_is_reloaded_at_once() {
        let mut s = on_services();
        let m = Mutation::example(Kind::Scale);
        s.writes.insert(77, m.clone());
        let effects = update(
            &mut s,
            Msg::Wrote { req: 77, mutation: m.clone(), result: Ok("api wants 3".into()) },
            fixtures::now(),
        );
        assert!(s.writes.is_empty());
        assert!(flash(&s).starts_with("done: scale api to 3"), "{}", flash(&s));
        assert!(loads(&effects).iter().any(|(_, l)| matches!(l, Load::Services { .. })), "{effects:?}");
        let denied = ApiError::new(ErrorKind::AccessDenied, "User is not authorized to perform: ecs:UpdateService")
            .with_hint("grant ecs:UpdateService");
        let effects = update(&mut s, Msg::Wrote { req: 78, mutation: m, result: Err(denied) }, fixtures::now());
        assert!(loads(&effects).is_empty(), "nothing changed in AWS: nothing to reload");
        let text = flash(&s);
        assert!(text.contains("failed") && text.contains("ecs:UpdateService") && text.contains("grant"), "{text}");
        assert_eq!(s.flash.as_ref().map(|f| f.level), Some(Level::Error));
    }

    /// Every mutation the code has, proposed in read-only mode: refused with a clear message,
    /// no dialog, no effect. (The runtime's own refusal is tested in `runtime::write_tests`.)
    #[test]
    fn read_only_refuses_every_mutation_at_the_guard() {
        for kind in Kind::ALL {
            let mut s = on_services();
            s.settings.read_only = true;
            let m = Mutation::example(*kind);
            let effects = guard::propose(&mut s, m.clone());
            assert!(effects.is_empty(), "{kind:?}: {effects:?}");
            assert!(s.layer().is_none(), "{kind:?} opened a dialog");
            let text = flash(&s);
            assert!(text.starts_with("read-only:") && text.contains(m.iam_action()), "{kind:?}: {text}");
            // A dialog opened before read-only was set still cannot send.
            s.settings.read_only = false;
            guard::propose(&mut s, m);
            s.settings.read_only = true;
            if let Some(Layer::Confirm(c)) = s.layers.last_mut() {
                c.typed = c.protect.as_ref().map(|p| p.name.clone()).unwrap_or_default();
            }
            assert!(writes(&guard::confirm(&mut s)).is_empty(), "{kind:?} was sent in read-only mode");
        }
    }
}

#[test]
fn i_on_a_cluster_opens_its_detail_and_asks_for_every_pane_s_load() {
    let mut s = with_clusters();
    // Rows are sorted by name: dev, prod.
    press(&mut s, KeyCode::Char('j'));
    let effects = press(&mut s, KeyCode::Char('i'));
    assert!(matches!(s.view(), View::Cluster(_)), "{:?}", s.view().screen().title());
    assert_eq!(s.view().screen().title(), "cluster · prod");
    let prod = fixtures::cluster_arn("prod");
    let running = TaskFilter { service: None, status: TaskStatusFilter::Running };
    let asked: Vec<Load> = loads(&effects).into_iter().map(|(_, l)| l).collect();
    for want in [
        Load::Tasks { cluster: prod.clone(), filter: running },
        Load::CapacityProviders { cluster: prod.clone() },
        Load::ContainerInstances { cluster: prod.clone() },
    ] {
        assert!(asked.contains(&want), "{want:?} not asked: {asked:?}");
    }
    // The services were already asked for by the cluster list: in flight, not asked twice.
    assert!(s.inflight.values().any(|i| i.load == Load::Services { cluster: prod.clone() }));
    // A provider answer fills its pane.
    let (req, load) = loads(&effects).into_iter().find(|(_, l)| matches!(l, Load::CapacityProviders { .. })).unwrap();
    let fargate = vec![crate::model::CapacityProvider::aws_managed("FARGATE")];
    reply(&mut s, req, load, Payload::CapacityProviders(crate::api::Described { items: fargate, failures: vec![] }));
    let View::Cluster(v) = s.view() else { panic!("not the cluster detail") };
    let d = v.panes.detail().expect("derived");
    assert_eq!(d.notes[1], "1");
    // Enter still opens the cluster's services from the list: back, then enter.
    press(&mut s, KeyCode::Esc);
    assert_eq!(selected(&s).as_deref(), Some(prod.as_str()));
    press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view(), View::Services(_)));
}

#[test]
fn the_cluster_command_opens_the_detail_by_name_and_pane_keys_work_there() {
    let mut s = with_clusters();
    chars(&mut s, ":cluster dev");
    press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view(), View::Cluster(_)));
    assert_eq!(s.stack.len(), 2);
    chars(&mut s, "3");
    chars(&mut s, "z");
    let View::Cluster(v) = s.view() else { panic!("not the cluster detail") };
    assert_eq!((v.panes.focus, v.panes.zoomed), (crate::views::cluster::Pane::Instances, true));
    // t opens the cluster's running tasks, S its services.
    press(&mut s, KeyCode::Char('t'));
    assert!(matches!(s.view(), View::Tasks(_)));
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('S'));
    assert!(matches!(s.view(), View::Services(_)));
    // An unknown name opens nothing and offers the closest.
    let mut s = with_clusters();
    chars(&mut s, ":cluster prd");
    press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view(), View::Clusters(_)));
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("prod")), "{:?}", s.flash);
}
