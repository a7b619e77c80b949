use super::*;
use proptest::prelude::{Just, prop_assert, prop_assert_eq, prop_oneof, proptest};
use proptest::strategy::Strategy as Gen;

fn s(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

fn fargate_cluster() -> Scope {
    Scope {
        cluster: "prod".into(),
        associated: vec!["FARGATE".into(), "FARGATE_SPOT".into()],
        default: s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
        service: None,
    }
}

fn service(own: Strategy, launch_type: Option<&str>) -> Scope {
    Scope {
        service: Some(Current { name: "api".into(), own, launch_type: launch_type.map(Into::into), desired: 4 }),
        ..fargate_cluster()
    }
}

fn texts(v: &Verdict, row: usize) -> Vec<&str> {
    v.rows[row].iter().map(|m| m.text.as_str()).collect()
}

#[test]
fn a_good_strategy_passes() {
    let v = check(&s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]), &service(Strategy::default(), None));
    assert!(v.ok(), "{v:?}");
    assert_eq!(v.rows.len(), 2);
}

#[test]
fn each_rule_speaks_next_to_its_row_and_field() {
    let scope = service(s(&[("FARGATE", 0, 1)]), None);
    let v = check(&s(&[("FARGATE", 1, 2000), ("FARGATE_SPOT", 3, 0)]), &scope);
    assert!(!v.ok());
    assert_eq!(texts(&v, 0), vec!["weight must be 0–1,000"]);
    assert_eq!(v.rows[0][0].field, Some(Field::Weight));
    assert_eq!(
        texts(&v, 1),
        vec!["only one provider may have a base: FARGATE has one", "weight 0: gets no tasks beyond its base"]
    );
    assert_eq!(v.rows[1][0].field, Some(Field::Base));
    assert_eq!(v.rows[1][1].severity, Severity::Note);
    let v = check(&s(&[("FARGATE", 100_001, 1)]), &scope);
    assert_eq!(texts(&v, 0), vec!["base must be 0–100,000"]);
}

#[test]
fn providers_must_be_associated_for_a_service_and_are_added_for_a_cluster() {
    let mut scope = service(s(&[("FARGATE_SPOT", 0, 1)]), None);
    scope.associated = vec!["FARGATE_SPOT".into()];
    let v = check(&s(&[("FARGATE", 0, 1)]), &scope);
    assert!(v.rows[0][0].is_error() && v.rows[0][0].text.contains("not associated with cluster prod"), "{v:?}");
    let mut cluster = fargate_cluster();
    cluster.associated = vec!["FARGATE_SPOT".into()];
    let v = check(&s(&[("FARGATE", 0, 1)]), &cluster);
    assert!(v.ok());
    assert!(texts(&v, 0)[0].contains("added to the cluster's provider list"));
    assert_eq!(
        cluster_providers(&cluster.associated, &s(&[("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 1)])),
        vec!["FARGATE_SPOT".to_string(), "FARGATE".to_string()]
    );
}

#[test]
fn asg_status_is_said_to_be_unchecked() {
    let scope = Scope {
        cluster: "batch".into(),
        associated: vec!["batch-ondemand".into(), "batch-spot".into()],
        default: s(&[("batch-ondemand", 2, 1), ("batch-spot", 0, 3)]),
        service: None,
    };
    assert!(scope.asg_only());
    let v = check(&s(&[("batch-spot", 0, 1)]), &scope);
    assert!(v.ok());
    assert_eq!(texts(&v, 0), vec!["Auto Scaling group provider: status not checked"]);
}

#[test]
fn kinds_never_mix_and_a_service_never_switches_kind() {
    let mut scope = service(Strategy::default(), Some("FARGATE"));
    scope.associated.push("asg".into());
    let v = check(&s(&[("FARGATE", 0, 1), ("asg", 0, 1)]), &scope);
    let row = texts(&v, 1);
    assert!(row.iter().any(|t| t.contains("never mixes Fargate and Auto Scaling group")), "{row:?}");
    assert!(row.iter().any(|t| t.contains("api runs on Fargate now")), "{row:?}");
    // Launch type EC2 counts as Auto Scaling group capacity.
    let ec2 = service(Strategy::default(), Some("EC2"));
    let v = check(&s(&[("FARGATE", 0, 1)]), &ec2);
    assert!(texts(&v, 0).iter().any(|t| t.contains("api runs on Auto Scaling group providers now")));
    // With no strategy and no launch type, the cluster default decides.
    assert_eq!(service(Strategy::default(), None).current_kind(), Some(Kind::Fargate));
}

#[test]
fn an_empty_strategy_points_a_service_with_its_own_at_preset_4() {
    let v = check(&Strategy::default(), &service(s(&[("FARGATE", 0, 1)]), None));
    assert!(!v.ok());
    assert!(v.whole[0].text.contains("preset 4"), "{v:?}");
    let v = check(&Strategy::default(), &fargate_cluster());
    assert!(v.whole[0].text.contains("at least one provider"));
}

#[test]
fn no_weight_too_many_and_duplicates_are_refused() {
    let v = check(&s(&[("FARGATE", 1, 0)]), &fargate_cluster());
    assert_eq!(v.first_error().as_deref(), Some("at least one provider needs a weight above 0"));
    let v = check(&s(&[("FARGATE", 0, 1), ("FARGATE", 0, 1)]), &fargate_cluster());
    assert!(texts(&v, 1)[0].contains("twice"));
    let names: Vec<String> = (0..21).map(|i| format!("asg-{i}")).collect();
    let many = Strategy(names.iter().map(|n| StrategyItem { provider: n.clone(), base: 0, weight: 1 }).collect());
    let scope = Scope { associated: names.clone(), ..Default::default() };
    assert!(check(&many, &scope).whole.iter().any(|m| m.text.contains("at most 20")));
}

#[test]
fn the_default_copied_onto_a_service_is_said_to_be_pinned() {
    let v = check(&fargate_cluster().default, &service(s(&[("FARGATE_SPOT", 0, 1)]), None));
    assert!(v.ok());
    assert!(v.whole.iter().any(|m| m.text.contains("will not follow later changes")), "{v:?}");
}

fn provider() -> impl Gen<Value = String> {
    prop_oneof![
        Just("FARGATE".to_string()),
        Just("FARGATE_SPOT".to_string()),
        Just("asg-a".to_string()),
        Just("asg-b".to_string())
    ]
}

fn item() -> impl Gen<Value = StrategyItem> {
    (provider(), prop_oneof![-2..3i32, 99_998..100_003i32], prop_oneof![-2..5i32, 998..1003i32])
        .prop_map(|(provider, base, weight)| StrategyItem { provider, base, weight })
}

fn scope() -> impl Gen<Value = Scope> {
    let assoc = proptest::sample::subsequence(vec!["FARGATE", "FARGATE_SPOT", "asg-a", "asg-b"], 0..=4);
    let lt = prop_oneof![Just(None), Just(Some("FARGATE")), Just(Some("EC2")), Just(Some("EXTERNAL"))];
    (
        assoc,
        proptest::collection::vec(item(), 0..3),
        proptest::option::of((proptest::collection::vec(item(), 0..3), lt)),
    )
        .prop_map(|(assoc, default, svc)| Scope {
            cluster: "c".into(),
            associated: assoc.into_iter().map(String::from).collect(),
            default: Strategy(default),
            service: svc.map(|(own, lt)| Current {
                name: "svc".into(),
                own: Strategy(own),
                launch_type: lt.map(String::from),
                desired: 3,
            }),
        })
}

proptest! {
    /// Whatever the rules accept, ECS's own validation (as modelled) accepts too.
    #[test]
    fn accepted_strategies_pass_validate(items in proptest::collection::vec(item(), 0..23), scope in scope()) {
        let st = Strategy(items);
        let v = check(&st, &scope);
        prop_assert_eq!(v.rows.len(), st.0.len());
        if v.ok() {
            prop_assert_eq!(st.validate(), Ok(()));
        }
        // An error always has words to show.
        prop_assert!(v.errors().all(|m| !m.text.is_empty()));
        prop_assert_eq!(v.ok(), v.first_error().is_none());
    }

    /// A valid strategy's expected split places exactly the desired count.
    #[test]
    fn a_valid_split_sums_to_the_desired_count(st in valid(), desired in 0u32..5000) {
        prop_assert_eq!(st.validate(), Ok(()));
        let total: u32 = st.expected_split(desired).iter().map(|(_, n)| n).sum();
        prop_assert_eq!(total, desired);
    }
}

/// Valid strategies of one kind: distinct providers, one base at most, some weight.
fn valid() -> impl Gen<Value = Strategy> {
    let names = prop_oneof![Just(vec!["FARGATE", "FARGATE_SPOT"]), Just(vec!["asg-a", "asg-b", "asg-c"]),];
    (names, 0..=MAX_BASE, 0usize..3, proptest::collection::vec(0..=MAX_WEIGHT, 3), 1..=3usize).prop_filter_map(
        "some weight",
        |(names, base, holder, weights, n)| {
            let n = n.min(names.len());
            let items: Vec<StrategyItem> = (0..n)
                .map(|i| StrategyItem {
                    provider: names[i].to_string(),
                    base: if i == holder % n { base } else { 0 },
                    weight: weights[i],
                })
                .collect();
            items.iter().any(|i| i.weight > 0).then_some(Strategy(items))
        },
    )
}
