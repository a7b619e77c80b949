//! The rollout watch: how it is opened (a key, a command, a change that deploys) and how fast
//! it refreshes.
use super::*;
use crate::api::Loaded;
use crate::config::Keymap;
use crate::fixtures;
use crate::model::ServiceEvent;
use crate::mutation::Mutation;
use crate::state::{Resource, Settings, Target};
use crate::views::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

/// Connected, prod's services loaded, the services view of prod on screen.
fn on_services() -> State {
    let settings = Settings {
        refresh: Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    let prod = fixtures::cluster_arn("prod");
    let services =
        Resource { value: Some(fixtures::services()), loaded_at: Some(fixtures::now()), ..Default::default() };
    s.data.services.insert(prod.clone(), services);
    s.data.clusters =
        Resource { value: Some(fixtures::clusters()), loaded_at: Some(fixtures::now()), ..Default::default() };
    nav::push(&mut s, View::services(prod));
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn arn(name: &str) -> String {
    fixtures::services().into_iter().find(|s| s.name == name).map(|s| s.arn).expect("a fixture service")
}

/// (cluster, service) of the watch on screen, if the view on screen is one.
fn watched(s: &State) -> Option<(String, String)> {
    match s.view() {
        View::Rollout(v) => Some((v.cluster.clone(), v.service.clone())),
        _ => None,
    }
}

fn run(s: &mut State, line: &str) -> Vec<Effect> {
    let cmd = parse_command(line).expect("a command");
    command::run(s, cmd)
}

fn wrote(s: &mut State, mutation: Mutation) -> Vec<Effect> {
    update(s, Msg::Wrote { req: 99, mutation, result: Ok(String::new()) }, fixtures::now())
}

#[test]
fn w_watches_the_selected_service_and_loads_it_now() {
    let mut s = on_services();
    // Sorted by name: api, checkout, worker.
    press(&mut s, KeyCode::Char('j'));
    let effects = press(&mut s, KeyCode::Char('w'));
    let prod = fixtures::cluster_arn("prod");
    assert_eq!(watched(&s), Some((prod.clone(), arn("checkout"))));
    // The services were loaded a moment ago, and are loaded again: the watch shows now.
    assert!(
        effects.iter().any(|e| matches!(e, Effect::Load { load: Load::Services { cluster }, .. } if *cluster == prod)),
        "{effects:?}"
    );
    // Esc goes back to the list, on the same row.
    press(&mut s, KeyCode::Esc);
    assert!(watched(&s).is_none());
    assert_eq!(nav::selected_id(&s), Some(arn("checkout")));
}

#[test]
fn watch_command_names_a_service_and_says_when_it_is_on_screen() {
    let mut s = on_services();
    run(&mut s, "watch worker");
    assert_eq!(watched(&s).map(|w| w.1), Some(arn("worker")));
    let depth = s.stack.len();
    run(&mut s, "watch");
    assert_eq!(s.stack.len(), depth, "the watch on screen is not opened twice");
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("already watching worker")), "{:?}", s.flash);
    // Another service's watch takes the place of the one on screen.
    run(&mut s, "watch api");
    assert_eq!(s.stack.len(), depth);
    assert_eq!(watched(&s).map(|w| w.1), Some(arn("api")));
    run(&mut s, "watch nosuch");
    assert_eq!(s.stack.len(), depth);
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("nosuch")), "{:?}", s.flash);
}

#[test]
fn a_deploy_that_succeeded_opens_its_watch_and_a_scale_does_not() {
    let prod = fixtures::cluster_arn("prod");
    let mut s = on_services();
    wrote(&mut s, Mutation::Scale { cluster: prod.clone(), service: arn("api"), desired: 6 });
    assert!(watched(&s).is_none(), "a scale starts no deployment");
    assert_eq!(s.stack.len(), 2);

    let effects = wrote(&mut s, Mutation::ForceDeploy { cluster: prod.clone(), service: arn("api") });
    assert_eq!(watched(&s), Some((prod.clone(), arn("api"))));
    // What the deploy changed is loaded (the scale's reload is still in flight: not asked twice).
    assert!(s.data.pending(&Load::Services { cluster: prod.clone() }));
    assert!(effects.iter().any(|e| matches!(e, Effect::Load { load: Load::Tasks { .. }, .. })), "{effects:?}");
    // Another change to the same service while its watch is on screen keeps that one.
    wrote(&mut s, Mutation::EnableExec { cluster: prod.clone(), service: arn("api") });
    assert_eq!(s.stack.len(), 3);
    assert_eq!(watched(&s), Some((prod.clone(), arn("api"))));

    // A failed deploy opens nothing: the flash says why.
    let mut s = on_services();
    let failure = crate::api::ApiError::new(crate::api::ErrorKind::Other, "no");
    let m = Mutation::ForceDeploy { cluster: prod, service: arn("api") };
    update(&mut s, Msg::Wrote { req: 1, mutation: m, result: Err(failure) }, fixtures::now());
    assert!(watched(&s).is_none());
}

#[test]
fn the_watch_refreshes_faster_only_while_a_rollout_is_in_progress() {
    let mut s = on_services();
    assert_eq!(s.refresh_interval(), Duration::from_secs(10));
    // checkout is rolling out.
    run(&mut s, "watch checkout");
    assert_eq!(s.refresh_interval(), crate::views::rollout::FAST_REFRESH);
    // The rollout completes: back to the setting.
    let prod = fixtures::cluster_arn("prod");
    let mut done = fixtures::services();
    done[1].deployments.retain(|d| d.status == "PRIMARY");
    done[1].deployments[0].rollout_state = Some("COMPLETED".into());
    let effects = nav::refresh(&mut s, true);
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::Load { req, load: Load::Services { .. }, .. } => Some(*req),
            _ => None,
        })
        .or_else(|| s.data.services.get(&prod).and_then(|r| r.pending))
        .expect("a services load");
    let load = Load::Services { cluster: prod };
    update(
        &mut s,
        Msg::Loaded { req, load, result: Ok(Payload::Services(Loaded { items: done, failures: vec![] })) },
        fixtures::now(),
    );
    assert_eq!(s.refresh_interval(), Duration::from_secs(10));
    // The services view never asks for more than the setting.
    press(&mut s, KeyCode::Esc);
    assert_eq!(s.refresh_interval(), Duration::from_secs(10));
}

#[test]
fn a_refresh_tick_while_rolling_asks_again_after_two_seconds() {
    let mut s = on_services();
    run(&mut s, "watch checkout");
    let prod = fixtures::cluster_arn("prod");
    // Settle what the watch asked for, as loaded now.
    let pending: Vec<(u64, Load)> = s.inflight.iter().map(|(r, i)| (*r, i.load.clone())).collect();
    for (req, load) in pending {
        let payload = match &load {
            Load::Services { .. } => Payload::Services(Loaded { items: fixtures::services(), failures: vec![] }),
            Load::Tasks { .. } => Payload::Tasks(Loaded { items: vec![], failures: vec![] }),
            _ => continue,
        };
        update(&mut s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now());
    }
    let services = Load::Services { cluster: prod };
    let asks = |effects: &[Effect]| effects.iter().any(|e| matches!(e, Effect::Load { load, .. } if *load == services));
    let soon = fixtures::now() + chrono::Duration::seconds(1);
    assert!(!asks(&update(&mut s, Msg::RefreshDue, soon)));
    let later = fixtures::now() + chrono::Duration::seconds(2);
    assert!(asks(&update(&mut s, Msg::RefreshDue, later)));
}

#[test]
fn a_strategy_change_made_from_the_editor_gives_way_to_the_watch() {
    let prod = fixtures::cluster_arn("prod");
    let mut s = on_services();
    press(&mut s, KeyCode::Char('c'));
    assert!(matches!(s.view(), View::Strategy(_)), "the editor is open: {:?}", s.flash);
    let strategy = fixtures::services()[0].strategy.clone();
    wrote(&mut s, Mutation::ServiceStrategy { cluster: prod.clone(), service: arn("api"), strategy, force: true });
    assert_eq!(watched(&s), Some((prod, arn("api"))));
    // Back from the watch is the service list, not the editor of a change already made.
    press(&mut s, KeyCode::Esc);
    assert!(matches!(s.view(), View::Services(_)));
}

#[test]
fn a_scrolled_feed_stays_on_its_event_when_newer_ones_arrive() {
    let mut s = on_services();
    let prod = fixtures::cluster_arn("prod");
    let event = |id: &str, mins: i64| ServiceEvent {
        id: id.into(),
        created_at: Some(fixtures::now() - chrono::Duration::minutes(mins)),
        message: format!("(service api) event {id}"),
    };
    let set_events = |s: &mut State, events: Vec<ServiceEvent>| {
        let mut services = fixtures::services();
        services[0].events = events;
        let version = s.data.services[&prod].version + 1;
        s.data.services.insert(
            prod.clone(),
            Resource { value: Some(services), loaded_at: Some(fixtures::now()), version, ..Default::default() },
        );
    };
    set_events(&mut s, (1..=8).map(|i| event(&format!("e{i}"), i)).collect());
    press(&mut s, KeyCode::Char('w'));
    let offset = |s: &State| match s.view() {
        View::Rollout(v) => v.watch.offset,
        other => panic!("not the watch: {other:?}"),
    };
    // No failed tasks: the tasks heading, the events heading, then e1 (newest) at 2.
    for _ in 0..4 {
        press(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(offset(&s), 4, "on e3");
    // Two newer events arrive above it: the feed still starts at e3.
    let mut events: Vec<_> = vec![event("e-new1", 0), event("e-new0", 0)];
    events.extend((1..=8).map(|i| event(&format!("e{i}"), i)));
    set_events(&mut s, events);
    update(&mut s, Msg::Tick, fixtures::now() + chrono::Duration::seconds(1));
    assert_eq!(offset(&s), 6, "still on e3");
    // At the top the feed follows the newest.
    press(&mut s, KeyCode::Char('g'));
    assert_eq!(offset(&s), 0);
}

#[test]
fn the_service_detail_events_pane_stays_on_its_event_when_newer_ones_arrive() {
    let mut s = on_services();
    let prod = fixtures::cluster_arn("prod");
    let event = |id: &str, mins: i64| ServiceEvent {
        id: id.into(),
        created_at: Some(fixtures::now() - chrono::Duration::minutes(mins)),
        message: format!("(service api) event {id}"),
    };
    let set_events = |s: &mut State, events: Vec<ServiceEvent>| {
        let mut services = fixtures::services();
        services[0].events = events;
        let version = s.data.services[&prod].version + 1;
        s.data.services.insert(
            prod.clone(),
            Resource { value: Some(services), loaded_at: Some(fixtures::now()), version, ..Default::default() },
        );
    };
    set_events(&mut s, (1..=8).map(|i| event(&format!("e{i}"), i)).collect());
    press(&mut s, KeyCode::Enter);
    press(&mut s, KeyCode::Char('3'));
    let offset = |s: &State| match s.view() {
        View::Service(v) => v.panes.offset(crate::views::Pane::Events),
        other => panic!("not the service detail: {other:?}"),
    };
    for _ in 0..2 {
        press(&mut s, KeyCode::Char('j'));
    }
    assert_eq!(offset(&s), 2, "on e3");
    let newer = |s: &mut State, n: usize, at: i64| {
        let mut events: Vec<_> = (0..n).map(|i| event(&format!("new{i}"), 0)).collect();
        events.extend((1..=8).map(|i| event(&format!("e{i}"), i)));
        set_events(s, events);
        update(s, Msg::Tick, fixtures::now() + chrono::Duration::seconds(at));
    };
    newer(&mut s, 2, 1);
    assert_eq!(offset(&s), 4, "still on e3");
    // At the top the pane follows the newest.
    press(&mut s, KeyCode::Char('g'));
    newer(&mut s, 3, 2);
    assert_eq!(offset(&s), 0);
}
