//! Capacity-provider strategies: the base/weight mix, its short form and its validation.
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StrategyItem {
    #[serde(rename = "capacityProvider")]
    pub provider: String,
    pub base: i32,
    pub weight: i32,
}

/// An ordered capacity-provider strategy (order matters to ECS only for display; we keep it).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Strategy(pub Vec<StrategyItem>);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StrategyError {
    #[error("a strategy needs at least one capacity provider")]
    Empty,
    #[error("at most {max} capacity providers per strategy, got {got}")]
    TooMany { max: usize, got: usize },
    #[error("capacity provider {0} appears twice")]
    Duplicate(String),
    #[error("only one capacity provider may have a base; {0} and {1} both do")]
    TwoBases(String, String),
    #[error("base of {provider} must be 0..=100000, got {base}")]
    BaseRange { provider: String, base: i32 },
    #[error("weight of {provider} must be 0..=1000, got {weight}")]
    WeightRange { provider: String, weight: i32 },
    #[error("at least one capacity provider needs a weight above 0")]
    NoWeight,
    #[error("Fargate and Auto Scaling group capacity providers cannot be mixed in one strategy")]
    MixedKinds,
}

impl Strategy {
    pub const MAX_ITEMS: usize = 20;

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Fargate's own providers; every other provider is an Auto Scaling group's.
    pub fn is_fargate_provider(name: &str) -> bool {
        matches!(name, "FARGATE" | "FARGATE_SPOT")
    }

    /// `FARGATE b1 w1 · SPOT w4`: each provider with its base (left out when 0) and weight,
    /// or `-` when empty. Letters, not `1/1`, which reads as "1 of 1 running". FARGATE_SPOT
    /// becomes SPOT only next to FARGATE and when no provider is called SPOT, so the short
    /// name cannot be mistaken for another provider; other names (ASG providers) stay whole.
    pub fn short(&self) -> String {
        if self.0.is_empty() {
            return "-".into();
        }
        let has = |name: &str| self.0.iter().any(|i| i.provider == name);
        let shorten_spot = has("FARGATE") && !has("SPOT");
        self.0
            .iter()
            .map(|i| {
                let name = if shorten_spot && i.provider == "FARGATE_SPOT" { "SPOT" } else { i.provider.as_str() };
                if i.base > 0 { format!("{name} b{} w{}", i.base, i.weight) } else { format!("{name} w{}", i.weight) }
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The rules ECS applies to PutClusterCapacityProviders / UpdateService.
    pub fn validate(&self) -> Result<(), StrategyError> {
        if self.0.is_empty() {
            return Err(StrategyError::Empty);
        }
        if self.0.len() > Self::MAX_ITEMS {
            return Err(StrategyError::TooMany { max: Self::MAX_ITEMS, got: self.0.len() });
        }
        let mut base_holder: Option<&str> = None;
        for (i, item) in self.0.iter().enumerate() {
            if self.0[..i].iter().any(|o| o.provider == item.provider) {
                return Err(StrategyError::Duplicate(item.provider.clone()));
            }
            if !(0..=100_000).contains(&item.base) {
                return Err(StrategyError::BaseRange { provider: item.provider.clone(), base: item.base });
            }
            if !(0..=1000).contains(&item.weight) {
                return Err(StrategyError::WeightRange { provider: item.provider.clone(), weight: item.weight });
            }
            if item.base > 0 {
                if let Some(first) = base_holder {
                    return Err(StrategyError::TwoBases(first.into(), item.provider.clone()));
                }
                base_holder = Some(&item.provider);
            }
        }
        if self.0.iter().all(|i| i.weight == 0) {
            return Err(StrategyError::NoWeight);
        }
        let fargate = self.0.iter().filter(|i| Self::is_fargate_provider(&i.provider)).count();
        if fargate > 0 && fargate < self.0.len() {
            return Err(StrategyError::MixedKinds);
        }
        Ok(())
    }

    /// `FARGATE base 1 weight 1 / FARGATE_SPOT weight 4`: the long form, in words, that cannot
    /// be misread (see [`Strategy::LEGEND`]); a base of 0 is left out, a weight never is.
    pub fn notation(&self) -> String {
        if self.0.is_empty() {
            return "-".into();
        }
        self.0
            .iter()
            .map(|i| {
                if i.base > 0 {
                    format!("{} base {} weight {}", i.provider, i.base, i.weight)
                } else {
                    format!("{} weight {}", i.provider, i.weight)
                }
            })
            .collect::<Vec<_>>()
            .join(" / ")
    }

    /// One line that explains [`Strategy::notation`].
    pub const LEGEND: &str = "base: tasks placed there first; weight: share of the rest";

    /// How `tasks` tasks are expected to spread over the providers, in strategy order.
    ///
    /// AWS does not document how it rounds a fractional split, so this is bosun's rule:
    /// bases first (in strategy order, each capped by what is left; ECS allows one base),
    /// then the rest by weight with Balinski and Young's quota method. Each provider gets
    /// its exact share of the rest rounded down or up (never further), the counts add up,
    /// a weight of 0 gets nothing beyond its base, and one more task never takes a task
    /// away from any provider (largest-remainder rounding can: the Alabama paradox).
    pub fn expected_split(&self, tasks: u32) -> Vec<(String, u32)> {
        let mut out: Vec<(String, u32)> = self.0.iter().map(|i| (i.provider.clone(), 0)).collect();
        let mut left = tasks;
        for (slot, item) in out.iter_mut().zip(&self.0) {
            let b = (item.base.max(0) as u32).min(left);
            slot.1 += b;
            left -= b;
        }
        let weights: Vec<u64> = self.0.iter().map(|i| weight(i.weight)).collect();
        for (slot, n) in out.iter_mut().zip(quota_split(&weights, left as u64)) {
            // n <= left, which came from a u32.
            slot.1 += n as u32;
        }
        out
    }

    /// Each provider's exact share of `tasks` (base first, then the rest by weight) as the
    /// whole tasks it lies between: `(floor, ceil)`, equal when the share is whole. Any
    /// count in that range is a fair rounding, whatever rule ECS uses.
    pub fn share_bounds(&self, tasks: u32) -> Vec<(u32, u32)> {
        let mut left = tasks as u64;
        let bases: Vec<u64> = self
            .0
            .iter()
            .map(|i| {
                let b = (i.base.max(0) as u64).min(left);
                left -= b;
                b
            })
            .collect();
        let total: u64 = self.0.iter().map(|i| weight(i.weight)).sum();
        self.0
            .iter()
            .zip(bases)
            .map(|(i, b)| {
                if total == 0 {
                    return (b as u32, b as u32);
                }
                let num = left * weight(i.weight);
                let floor = b + num / total;
                let ceil = floor + u64::from(!num.is_multiple_of(total));
                (floor as u32, ceil as u32)
            })
            .collect()
    }
}

/// A weight as the split uses it: within ECS's 0..=1000 (`validate` reports one outside), so
/// a bad strategy cannot overflow the arithmetic or make the split slow.
fn weight(w: i32) -> u64 {
    w.clamp(0, 1000) as u64
}

/// Splits `seats` by `weights` with the quota method (Balinski & Young, 1975): seats are
/// handed out one at a time, each to the provider with the largest `weight / (count + 1)`
/// among those still below their exact share of the seats handed out so far (ties: the first).
/// The result is periodic in the total weight `W` (at `m·W` seats everyone holds exactly
/// `m·weight`, and the order of choices from there repeats), so only `seats mod W` seats are
/// handed out one by one: at most 20 000 steps, whatever the count.
fn quota_split(weights: &[u64], seats: u64) -> Vec<u64> {
    let total: u64 = weights.iter().sum();
    if total == 0 {
        return vec![0; weights.len()];
    }
    let rounds = seats / total;
    let mut out: Vec<u64> = weights.iter().map(|w| w * rounds).collect();
    let mut held = vec![0u64; weights.len()];
    for h in 1..=seats % total {
        let eligible = |i: usize| weights[i] > 0 && held[i] * total < h * weights[i];
        // w_i / (a_i + 1) > w_k / (a_k + 1), compared without division.
        let better = |i: usize, k: usize| weights[i] * (held[k] + 1) > weights[k] * (held[i] + 1);
        let mut pick: Option<usize> = None;
        for i in (0..weights.len()).filter(|&i| eligible(i)) {
            if pick.is_none_or(|k| better(i, k)) {
                pick = Some(i);
            }
        }
        // The method always has an eligible provider; should it not, the largest weight takes
        // the seat rather than losing it, so the counts still add up.
        let pick =
            pick.unwrap_or_else(|| (0..weights.len()).max_by_key(|&i| (weights[i], usize::MAX - i)).unwrap_or(0));
        held[pick] += 1;
    }
    for (o, h) in out.iter_mut().zip(held) {
        *o += h;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(items: &[(&str, i32, i32)]) -> Strategy {
        Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
    }

    #[test]
    fn short_form() {
        assert_eq!(s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]).short(), "FARGATE b1 w1 · SPOT w4");
        assert_eq!(s(&[("FARGATE_SPOT", 2, 1), ("FARGATE", 0, 0)]).short(), "SPOT b2 w1 · FARGATE w0");
        // Alone, FARGATE_SPOT keeps its name: "SPOT" could be any Spot capacity.
        assert_eq!(s(&[("FARGATE_SPOT", 0, 1)]).short(), "FARGATE_SPOT w1");
        // A provider really called SPOT: no shortening.
        assert_eq!(
            s(&[("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 1), ("SPOT", 0, 1)]).short(),
            "FARGATE w1 · FARGATE_SPOT w1 · SPOT w1"
        );
        assert_eq!(s(&[("ondemand-asg", 2, 1), ("spot-asg", 0, 3)]).short(), "ondemand-asg b2 w1 · spot-asg w3");
        assert_eq!(Strategy::default().short(), "-");
    }

    #[test]
    fn validation() {
        assert_eq!(s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]).validate(), Ok(()));
        assert_eq!(Strategy::default().validate(), Err(StrategyError::Empty));
        assert_eq!(
            s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 2, 4)]).validate(),
            Err(StrategyError::TwoBases("FARGATE".into(), "FARGATE_SPOT".into()))
        );
        assert_eq!(s(&[("A", 0, 0)]).validate(), Err(StrategyError::NoWeight));
        assert_eq!(s(&[("A", 0, 1), ("A", 0, 1)]).validate(), Err(StrategyError::Duplicate("A".into())));
        assert!(matches!(s(&[("A", 0, 1001)]).validate(), Err(StrategyError::WeightRange { .. })));
        assert!(matches!(s(&[("A", -1, 1)]).validate(), Err(StrategyError::BaseRange { .. })));
        assert!(matches!(s(&[("A", 100_001, 1)]).validate(), Err(StrategyError::BaseRange { .. })));
        assert_eq!(s(&[("A", 100_000, 1), ("B", 0, 1000)]).validate(), Ok(()));
        assert!(matches!(s(&[("A", 0, -1)]).validate(), Err(StrategyError::WeightRange { .. })));
        // A weight of 0 is allowed next to one above 0 (that provider gets only its base).
        assert_eq!(s(&[("A", 2, 0), ("B", 0, 1)]).validate(), Ok(()));
        let twenty: Vec<(String, i32, i32)> = (0..21).map(|i| (format!("asg-{i}"), 0, 1)).collect();
        let items: Vec<(&str, i32, i32)> = twenty.iter().map(|(p, b, w)| (p.as_str(), *b, *w)).collect();
        assert_eq!(s(&items[..20]).validate(), Ok(()));
        assert_eq!(s(&items).validate(), Err(StrategyError::TooMany { max: 20, got: 21 }));
        assert_eq!(s(&[("FARGATE", 0, 1), ("asg-spot", 0, 1)]).validate(), Err(StrategyError::MixedKinds));
        assert_eq!(s(&[("FARGATE", 0, 1), ("FARGATE_SPOT", 0, 1)]).validate(), Ok(()));
    }

    #[test]
    fn split_base_then_weight() {
        let st = s(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]);
        assert_eq!(st.expected_split(0), vec![("FARGATE".into(), 0), ("FARGATE_SPOT".into(), 0)]);
        assert_eq!(st.expected_split(1), vec![("FARGATE".into(), 1), ("FARGATE_SPOT".into(), 0)]);
        assert_eq!(st.expected_split(11), vec![("FARGATE".into(), 3), ("FARGATE_SPOT".into(), 8)]);
        let total: u32 = st.expected_split(7).iter().map(|x| x.1).sum();
        assert_eq!(total, 7);
    }
}

#[cfg(test)]
#[path = "split_tests.rs"]
mod split_tests;
