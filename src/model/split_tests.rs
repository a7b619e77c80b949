//! bosun's placement rule (`Strategy::expected_split`): examples and properties.
use super::*;
use proptest::prelude::{prop_assert, prop_assert_eq, proptest};
use proptest::strategy::Strategy as Gen;

fn s(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

fn counts(st: &Strategy, n: u32) -> Vec<u32> {
    st.expected_split(n).into_iter().map(|(_, c)| c).collect()
}

#[test]
fn the_production_mix() {
    let st = s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
    assert_eq!(st.notation(), "FARGATE base 1 weight 1 / FARGATE_SPOT weight 4");
    let want: [(u32, [u32; 2]); 8] =
        [(0, [0, 0]), (1, [1, 0]), (2, [1, 1]), (3, [1, 2]), (4, [1, 3]), (5, [2, 3]), (6, [2, 4]), (11, [3, 8])];
    for (n, split) in want {
        assert_eq!(counts(&st, n), split, "{n} tasks");
    }
    assert_eq!(st.share_bounds(4), vec![(1, 2), (2, 3)]);
    assert_eq!(st.share_bounds(6), vec![(2, 2), (4, 4)]);
}

#[test]
fn desired_below_base_all_goes_to_the_base() {
    let st = s(&[("FARGATE", 5, 1), ("FARGATE_SPOT", 0, 3)]);
    assert_eq!(counts(&st, 3), vec![3, 0]);
    assert_eq!(counts(&st, 5), vec![5, 0]);
    assert_eq!(counts(&st, 9), vec![6, 3]);
    // The base may sit on a later provider: it is still placed first.
    let st = s(&[("FARGATE_SPOT", 0, 1), ("FARGATE", 2, 0)]);
    assert_eq!(counts(&st, 1), vec![0, 1]);
    assert_eq!(counts(&st, 7), vec![5, 2]);
}

#[test]
fn one_provider_takes_everything() {
    assert_eq!(counts(&s(&[("FARGATE_SPOT", 0, 7)]), 13), vec![13]);
    assert_eq!(counts(&s(&[("asg", 3, 1)]), 2), vec![2]);
}

#[test]
fn a_zero_weight_places_nothing_beyond_its_base() {
    let st = s(&[("FARGATE", 2, 0), ("FARGATE_SPOT", 0, 1), ("other", 0, 0)]);
    assert_eq!(counts(&st, 10), vec![2, 8, 0]);
    assert_eq!(st.notation(), "FARGATE base 2 weight 0 / FARGATE_SPOT weight 1 / other weight 0");
    // No weight at all: only the base is placed; the rest has nowhere to go.
    assert_eq!(counts(&s(&[("a", 2, 0), ("b", 0, 0)]), 5), vec![2, 0]);
    assert_eq!(s(&[]).expected_split(4), vec![]);
    assert_eq!(s(&[]).notation(), "-");
}

#[test]
fn no_alabama_paradox() {
    // Largest remainder gives 4,4,2 at 10 and 5,5,1 at 11: the third provider loses a task
    // because the service grew. The quota method never takes one away.
    let st = s(&[("a", 0, 6), ("b", 0, 6), ("c", 0, 2)]);
    let ten = counts(&st, 10);
    let eleven = counts(&st, 11);
    assert_eq!(ten.iter().sum::<u32>(), 10);
    assert!(ten.iter().zip(&eleven).all(|(a, b)| a <= b), "{ten:?} -> {eleven:?}");
}

#[test]
fn many_uneven_weights_stay_within_quota() {
    // Sainte-Laguë-style rounding gives p2 224 here, below its exact share of 225.1.
    let st =
        s(&[("p0", 0, 77), ("p1", 0, 55), ("p2", 0, 799), ("p3", 0, 2), ("p4", 0, 2), ("p5", 0, 458), ("p6", 0, 2)]);
    let split = counts(&st, 393);
    for (c, (lo, hi)) in split.iter().zip(st.share_bounds(393)) {
        assert!(lo <= *c && *c <= hi, "{split:?}");
    }
    assert_eq!(split.iter().sum::<u32>(), 393);
}

#[test]
fn large_and_huge_counts_are_fast_and_exact() {
    let st = s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
    assert_eq!(counts(&st, 100_000), vec![20_001, 79_999]);
    // No overflow and no panic at the top of the range, with the largest weights ECS allows.
    let st = s(&[("a", 100_000, 1000), ("b", 0, 999), ("c", 0, 1)]);
    let split = counts(&st, u32::MAX);
    assert_eq!(split.iter().map(|&c| c as u64).sum::<u64>(), u32::MAX as u64);
    // Weights outside ECS's range (invalid, reported by `validate`) count as its bounds.
    let st = s(&[("a", 0, i32::MAX), ("b", 0, -5), ("c", 0, 1000)]);
    assert_eq!(counts(&st, u32::MAX - 1), vec![u32::MAX / 2, 0, u32::MAX / 2]);
}

/// Strategies ECS would accept, and some it would not (bases on several providers, all
/// weights zero): the rule must still behave.
fn any_strategy() -> impl Gen<Value = Strategy> {
    let item = (0..=20i32, 0..=1000i32, proptest::bool::weighted(0.3));
    proptest::collection::vec(item, 1..6).prop_map(|items| {
        Strategy(
            items
                .into_iter()
                .enumerate()
                .map(|(i, (base, weight, zero))| StrategyItem {
                    provider: format!("p{i}"),
                    base: if i == 0 { base } else { 0 },
                    weight: if zero { 0 } else { weight },
                })
                .collect(),
        )
    })
}

/// Many providers with small and very uneven weights: where rounding rules break quota.
fn many_providers() -> impl Gen<Value = Strategy> {
    let weight = proptest::prop_oneof![0..=3i32, 0..=1000i32];
    proptest::collection::vec(weight, 2..=20).prop_map(|ws| {
        Strategy(
            ws.into_iter()
                .enumerate()
                .map(|(i, weight)| StrategyItem { provider: format!("p{i}"), base: 0, weight })
                .collect(),
        )
    })
}

proptest! {
    #[test]
    fn many_providers_stay_within_quota(st in many_providers(), n in 0u32..=3000) {
        let split = counts(&st, n);
        for (c, (lo, hi)) in split.iter().zip(st.share_bounds(n)) {
            prop_assert!(lo <= *c && *c <= hi, "{:?} at {n}: {:?}", st.0.iter().map(|i| i.weight).collect::<Vec<_>>(), split);
        }
        let next = counts(&st, n + 1);
        prop_assert!(split.iter().zip(&next).all(|(a, b)| a <= b));
    }

    #[test]
    fn counts_add_up_and_stay_within_the_exact_share(st in any_strategy(), n in 0u32..=100_000) {
        let split = counts(&st, n);
        let bounds = st.share_bounds(n);
        let has_weight = st.0.iter().any(|i| i.weight > 0);
        let sum: u32 = split.iter().sum();
        if has_weight {
            prop_assert_eq!(sum, n);
        } else {
            prop_assert!(sum <= n);
        }
        for ((item, c), (lo, hi)) in st.0.iter().zip(&split).zip(&bounds) {
            prop_assert!(lo <= c && c <= hi, "{} got {c}, share {lo}..={hi} of {n}", item.provider);
            if item.weight == 0 {
                prop_assert!(*c <= item.base as u32, "{} has weight 0 but got {c}", item.provider);
            }
        }
    }

    #[test]
    fn one_more_task_takes_nothing_away(st in any_strategy(), n in 0u32..=100_000) {
        let now = counts(&st, n);
        let next = counts(&st, n + 1);
        prop_assert!(now.iter().zip(&next).all(|(a, b)| a <= b), "{:?} -> {:?}", now, next);
    }

    #[test]
    fn all_weights_but_one_zero_gives_the_rest_to_it(base in 0u32..50, n in 0u32..10_000, w in 1i32..=1000, at in 0usize..4) {
        let items: Vec<StrategyItem> = (0..4)
            .map(|i| StrategyItem {
                provider: format!("p{i}"),
                base: if i == 0 { base as i32 } else { 0 },
                weight: if i == at { w } else { 0 },
            })
            .collect();
        let split = counts(&Strategy(items), n);
        let placed_base = base.min(n);
        for (i, c) in split.iter().enumerate() {
            let want = if i == 0 { placed_base } else { 0 } + if i == at { n - placed_base } else { 0 };
            prop_assert_eq!(*c, want);
        }
    }
}
