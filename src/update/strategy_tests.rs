//! The strategy editor end to end through `update`: keys open it, edit it and propose the change.
use super::*;
use crate::config::Keymap;
use crate::fixtures;
use crate::model::{Service, Strategy, StrategyItem};
use crate::mutation::Mutation;
use crate::state::{Layer, Resource, Settings, Target};
use crate::views::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn state(services: Vec<Service>) -> State {
    let settings = Settings {
        refresh: std::time::Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    let at = Some(fixtures::now());
    s.data.clusters = Resource { value: Some(fixtures::clusters()), loaded_at: at, ..Default::default() };
    let services = Resource { value: Some(services), loaded_at: at, ..Default::default() };
    s.data.services.insert(fixtures::cluster_arn("prod"), services);
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn chars(s: &mut State, text: &str) {
    for c in text.chars() {
        press(s, KeyCode::Char(c));
    }
}

/// The services of prod on screen, the cursor on `name` (rows sort by name).
fn services_at(s: &mut State, name: &str) {
    nav::push(s, View::services(fixtures::cluster_arn("prod")));
    nav::sync(s);
    let arn = fixtures::services().into_iter().find(|x| x.name == name).expect("fixture").arn;
    let page = s.page();
    s.view_mut().list_mut().expect("list").select_id(&arn, page);
}

fn proposed(s: &State) -> Option<&Mutation> {
    match s.layers.last() {
        Some(Layer::Confirm(c)) => Some(&c.mutation),
        _ => None,
    }
}

fn flash(s: &State) -> String {
    s.flash.as_ref().map(|f| f.text.clone()).unwrap_or_default()
}

fn item(p: &str, base: i32, weight: i32) -> StrategyItem {
    StrategyItem { provider: p.into(), base, weight }
}

#[test]
fn preset_1_then_enter_proposes_all_on_demand_for_the_service() {
    let mut s = state(fixtures::services());
    services_at(&mut s, "api");
    press(&mut s, KeyCode::Char('c'));
    assert!(matches!(s.view(), View::Strategy(_)), "{:?}", flash(&s));
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Enter);
    match proposed(&s) {
        Some(Mutation::ServiceStrategy { service, strategy, force, .. }) => {
            assert!(service.ends_with("/api"));
            assert_eq!(*strategy, Strategy(vec![item("FARGATE", 0, 1)]));
            assert!(force, "a new deployment moves the running tasks: on unless turned off");
        }
        other => panic!("no service strategy proposed: {other:?} ({})", flash(&s)),
    }
}

#[test]
fn a_service_on_a_launch_type_is_forced() {
    let mut services = fixtures::services();
    services[1].strategy = Strategy::default();
    services[1].launch_type = Some("FARGATE".into());
    let mut s = state(services);
    services_at(&mut s, "checkout");
    press(&mut s, KeyCode::Char('c'));
    press(&mut s, KeyCode::Char('1'));
    press(&mut s, KeyCode::Enter);
    assert!(
        matches!(proposed(&s), Some(Mutation::ServiceStrategy { force: true, .. })),
        "{:?} {}",
        proposed(&s),
        flash(&s)
    );
}

#[test]
fn the_cluster_default_resends_the_whole_provider_list() {
    let mut s = state(fixtures::services());
    // Clusters sort by name: dev (FARGATE_SPOT only), prod.
    nav::sync(&mut s);
    press(&mut s, KeyCode::Char('c'));
    assert!(s.view().screen().title().contains("default strategy · dev"), "{}", s.view().screen().title());
    press(&mut s, KeyCode::Char('2'));
    press(&mut s, KeyCode::Enter);
    match proposed(&s) {
        Some(Mutation::ClusterStrategy { providers, strategy, .. }) => {
            assert_eq!(providers, &vec!["FARGATE_SPOT".to_string(), "FARGATE".to_string()]);
            assert_eq!(*strategy, Strategy(vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 0, 4)]));
        }
        other => panic!("no cluster strategy proposed: {other:?} ({})", flash(&s)),
    }
}

#[test]
fn an_invalid_edit_proposes_nothing_and_says_why() {
    let mut s = state(fixtures::services());
    services_at(&mut s, "api");
    press(&mut s, KeyCode::Char('c'));
    // Row 2's base: tab, tab, tab, tab (provider, base, weight, next provider, base).
    for _ in 0..4 {
        press(&mut s, KeyCode::Tab);
    }
    chars(&mut s, "3");
    press(&mut s, KeyCode::Enter);
    assert_eq!(proposed(&s), None);
    assert!(flash(&s).contains("only one provider may have a base: FARGATE has one"), "{}", flash(&s));
    // Esc leaves, having sent nothing.
    let effects = press(&mut s, KeyCode::Esc);
    assert!(matches!(s.view(), View::Services(_)));
    assert!(!effects.iter().any(|e| matches!(e, Effect::Write(_))));
}

#[test]
fn strategy_command_names_a_service_and_a_missing_one_is_refused() {
    let mut s = state(fixtures::services());
    services_at(&mut s, "api");
    press(&mut s, KeyCode::Char(':'));
    chars(&mut s, "strategy worker");
    press(&mut s, KeyCode::Enter);
    assert!(s.view().screen().title().contains("strategy · worker"), "{}", s.view().screen().title());
    // The cluster of an unloaded list: no editor, and why.
    let mut s = state(vec![]);
    s.data.services.clear();
    nav::push(&mut s, View::services(fixtures::cluster_arn("prod")));
    press(&mut s, KeyCode::Char('c'));
    assert!(!matches!(s.view(), View::Strategy(_)));
    assert!(!flash(&s).is_empty());
}

#[test]
fn read_only_refuses_before_editing() {
    let mut s = state(fixtures::services());
    s.settings.read_only = true;
    services_at(&mut s, "api");
    press(&mut s, KeyCode::Char('c'));
    assert!(matches!(s.view(), View::Services(_)));
    assert!(flash(&s).contains("read-only: editing api's strategy is refused (ecs:UpdateService)"), "{}", flash(&s));
}
