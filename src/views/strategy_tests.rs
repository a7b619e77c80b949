use super::*;
use crate::fixtures;
use crate::model::Cluster;
use crate::state::Resource;
use proptest::prelude::{prop_assert, prop_oneof, proptest};
use proptest::strategy::{Just, Strategy as Gen};

fn item(p: &str, base: i32, weight: i32) -> StrategyItem {
    StrategyItem { provider: p.into(), base, weight }
}

fn data(services: Vec<crate::model::Service>, clusters: Vec<Cluster>) -> Data {
    let mut d = Data::default();
    d.clusters = Resource { value: Some(clusters), ..Default::default() };
    d.services.insert(fixtures::cluster_arn("prod"), Resource { value: Some(services), ..Default::default() });
    d
}

fn prod() -> String {
    fixtures::cluster_arn("prod")
}

fn key(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)
}

fn editor(service: Option<&str>, d: &Data) -> StrategyView {
    let arn = service.map(|n| fixtures::services().into_iter().find(|s| s.name == n).expect("fixture").arn);
    StrategyView::new(&prod(), arn.as_deref(), d).expect("loaded")
}

#[test]
fn starts_from_the_service_strategy_its_effective_one_or_the_default_and_says_which() {
    let d = data(fixtures::services(), fixtures::clusters());
    let e = editor(Some("api"), &d);
    assert_eq!(e.rows, vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 0, 4)]);
    assert!(e.start_text().contains("api's own strategy"));
    let mut services = fixtures::services();
    services[0].strategy = Strategy::default();
    services[1].strategy = Strategy::default();
    services[1].launch_type = Some("FARGATE".into());
    let d = data(services, fixtures::clusters());
    let e = editor(Some("api"), &d);
    assert!(e.start_text().contains("effective one, the cluster default"), "{}", e.start_text());
    assert_eq!(e.rows.len(), 2);
    assert!(e.force, "on by default");
    let e = editor(Some("checkout"), &d);
    assert!(e.start_text().contains("launch type FARGATE"));
    assert!(e.force && e.force_required());
}

#[test]
fn typing_replaces_backspace_edits_and_steps_clamp() {
    let d = data(fixtures::services(), fixtures::clusters());
    let mut e = editor(Some("api"), &d);
    // Provider column: digits 1–4 belong to the keymap's presets.
    assert!(e.input(&key('2'), &d).is_none());
    e.act(Action::NextField, &d);
    assert_eq!(e.field, Field::Base);
    e.input(&key('3'), &d);
    e.input(&key('0'), &d);
    assert_eq!((e.rows[0].base, e.shown(0, Field::Base)), (30, "30".to_string()));
    e.input(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), &d);
    assert_eq!(e.rows[0].base, 3);
    e.act(Action::NextField, &d);
    // Backspace on a value not being typed edits it: 1 → empty (0).
    e.input(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), &d);
    assert_eq!((e.rows[0].weight, e.shown(0, Field::Weight)), (0, String::new()));
    e.act(Action::Decrease, &d);
    assert_eq!(e.rows[0].weight, 0);
    for _ in 0..3 {
        e.act(Action::Increase, &d);
    }
    assert_eq!(e.rows[0].weight, 3);
    // Tab past the last field goes to the next row; up and down move rows.
    e.act(Action::NextField, &d);
    assert_eq!((e.row, e.field), (1, Field::Provider));
    e.cursor(Move::By(-1));
    assert_eq!(e.row, 0);
}

#[test]
fn add_cycles_through_unused_providers_and_remove_takes_a_row() {
    let d = data(fixtures::services(), fixtures::clusters());
    let mut e = editor(Some("api"), &d);
    assert!(matches!(e.act(Action::AddProvider, &d), Acted::Said(t) if t.contains("already")));
    e.act(Action::RemoveProvider, &d);
    assert_eq!(e.rows, vec![item("FARGATE_SPOT", 0, 4)]);
    e.act(Action::AddProvider, &d);
    assert_eq!(e.rows[1], item("FARGATE", 0, 1));
    assert_eq!((e.row, e.field), (1, Field::Provider));
    e.act(Action::RemoveProvider, &d);
    e.act(Action::RemoveProvider, &d);
    assert!(e.rows.is_empty());
    assert!(matches!(e.act(Action::RemoveProvider, &d), Acted::Said(_)));
    assert!(matches!(e.act(Action::Propose, &d), Acted::Said(t) if t.contains("preset 4")));
}

#[test]
fn presets_and_their_refusals() {
    let d = data(fixtures::services(), fixtures::clusters());
    let mut e = editor(Some("api"), &d);
    e.act(Action::PresetSpot, &d);
    assert_eq!(e.rows, vec![item("FARGATE_SPOT", 0, 1)]);
    e.act(Action::PresetClusterDefault, &d);
    assert_eq!(e.strategy(), e.scope.default);
    let mut clusters = fixtures::clusters();
    clusters[0].capacity_providers = vec!["asg-a".into()];
    clusters[0].default_strategy = Strategy(vec![item("asg-a", 0, 1)]);
    let d = data(vec![], clusters);
    let mut e = StrategyView::new(&prod(), None, &d).expect("cluster");
    assert!(matches!(e.act(Action::PresetOnDemand, &d), Acted::Said(t) if t.contains("Auto Scaling group")));
    assert!(matches!(e.act(Action::PresetClusterDefault, &d), Acted::Said(_)));
    assert!(matches!(e.act(Action::ToggleForce, &d), Acted::Said(_)));
}

#[test]
fn enter_proposes_or_says_why_not() {
    let d = data(fixtures::services(), fixtures::clusters());
    let mut e = editor(Some("api"), &d);
    assert!(matches!(e.act(Action::Propose, &d), Acted::Said(t) if t.contains("no change")));
    e.act(Action::ToggleForce, &d);
    e.act(Action::PresetOnDemand, &d);
    match e.act(Action::Propose, &d) {
        Acted::Propose(Mutation::ServiceStrategy { strategy, force, .. }) => {
            assert_eq!(strategy, Strategy(vec![item("FARGATE", 0, 1)]));
            assert!(!force, "toggled off");
        }
        other => panic!("{other:?}"),
    }
    // Two bases and a weight past the limit: two problems, nothing proposed.
    e.rows = vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 2, 1001)];
    assert!(matches!(e.act(Action::Propose, &d), Acted::Said(t) if t.contains("and 1 more")));
}

#[test]
fn a_cluster_change_sends_the_whole_provider_list() {
    let mut clusters = fixtures::clusters();
    clusters[0].capacity_providers = vec!["FARGATE_SPOT".into()];
    let d = data(fixtures::services(), clusters);
    let mut e = StrategyView::new(&prod(), None, &d).expect("cluster");
    e.act(Action::PresetOnDemand, &d);
    match e.act(Action::Propose, &d) {
        Acted::Propose(Mutation::ClusterStrategy { providers, strategy, .. }) => {
            assert_eq!(providers, vec!["FARGATE_SPOT".to_string(), "FARGATE".to_string()]);
            assert_eq!(strategy, Strategy(vec![item("FARGATE", 0, 1)]));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.followers.as_ref().map(|(n, total)| (n.len(), *total)), Some((0, 3)));
}

fn step() -> impl Gen<Value = Result<Action, char>> {
    let actions = proptest::sample::select(vec![
        Action::NextField,
        Action::PrevField,
        Action::Increase,
        Action::Decrease,
        Action::AddProvider,
        Action::RemoveProvider,
        Action::PresetOnDemand,
        Action::PresetSpotMix,
        Action::PresetSpot,
        Action::PresetClusterDefault,
        Action::ToggleForce,
        Action::Propose,
        Action::Up,
    ]);
    let keys = prop_oneof![proptest::char::range('0', '9'), Just('\u{8}'), Just('x')];
    prop_oneof![actions.prop_map(Ok), keys.prop_map(Err)]
}

proptest! {
    /// Any sequence of edits leaves the editor consistent and never panics; whatever Enter
    /// proposes passes ECS's validation.
    #[test]
    fn arbitrary_edits_never_panic(steps in proptest::collection::vec(step(), 0..60), service in proptest::option::of(0usize..3)) {
        let d = data(fixtures::services(), fixtures::clusters());
        let names = ["api", "checkout", "worker"];
        let mut e = editor(service.map(|i| names[i]), &d);
        for s in steps {
            match s {
                Ok(Action::Up) => e.cursor(Move::By(-1)),
                Ok(a) => {
                    if let Acted::Propose(m) = e.act(a, &d) {
                        let st = match m {
                            Mutation::ServiceStrategy { strategy, .. } | Mutation::ClusterStrategy { strategy, .. } => strategy,
                            _ => unreachable!("the editor proposes strategies only"),
                        };
                        prop_assert!(st.validate().is_ok());
                    }
                }
                Err('\u{8}') => { e.input(&KeyEvent::new(KeyCode::Backspace, KeyModifiers::NONE), &d); }
                Err(c) => { e.input(&key(c), &d); }
            }
            prop_assert!(e.rows.is_empty() || e.row < e.rows.len());
            let _ = e.verdict();
            let _ = e.shown(e.row, e.field);
        }
    }
}
