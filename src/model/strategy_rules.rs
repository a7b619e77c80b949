//! ECS's rules for a capacity-provider strategy in its place: the cluster it is for, the
//! service it would replace (or the cluster default it would become). Each problem is a plain
//! message tied to the row and field it is about, so an editor can show it there. Pure.
use super::{Strategy, StrategyItem};

/// The base limit ECS accepts.
pub const MAX_BASE: i32 = 100_000;
/// The weight limit ECS accepts.
pub const MAX_WEIGHT: i32 = 1_000;

/// Where a strategy would go, as loaded now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The cluster's name.
    pub cluster: String,
    /// The providers associated with the cluster (`Cluster.capacity_providers`).
    pub associated: Vec<String>,
    /// The cluster's default strategy.
    pub default: Strategy,
    /// The service whose strategy this is; `None`: the cluster's default strategy.
    pub service: Option<Current>,
}

/// A service as it places tasks now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Current {
    pub name: String,
    /// Its own strategy (empty: none).
    pub own: Strategy,
    pub launch_type: Option<String>,
    pub desired: i32,
}

/// The two kinds of capacity ECS keeps apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Fargate,
    Asg,
    /// The EXTERNAL launch type (ECS Anywhere): no capacity provider places its tasks.
    External,
}

impl Kind {
    pub fn of(provider: &str) -> Kind {
        if Strategy::is_fargate_provider(provider) { Kind::Fargate } else { Kind::Asg }
    }

    fn words(self) -> &'static str {
        match self {
            Kind::Fargate => "Fargate",
            Kind::Asg => "Auto Scaling group providers",
            Kind::External => "the EXTERNAL launch type",
        }
    }
}

/// Which field of a row a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Provider,
    Base,
    Weight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Worth knowing; the strategy can still be sent.
    Note,
    /// ECS would refuse it: nothing is proposed.
    Error,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Message {
    pub severity: Severity,
    pub field: Option<Field>,
    pub text: String,
}

impl Message {
    fn error(field: Field, text: impl Into<String>) -> Message {
        Message { severity: Severity::Error, field: Some(field), text: text.into() }
    }
    fn note(field: Field, text: impl Into<String>) -> Message {
        Message { severity: Severity::Note, field: Some(field), text: text.into() }
    }
    fn whole(severity: Severity, text: impl Into<String>) -> Message {
        Message { severity, field: None, text: text.into() }
    }
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// What the rules say: per row (same order as the strategy), and about the whole strategy.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Verdict {
    pub rows: Vec<Vec<Message>>,
    pub whole: Vec<Message>,
}

impl Verdict {
    pub fn ok(&self) -> bool {
        self.errors().next().is_none()
    }
    pub fn errors(&self) -> impl Iterator<Item = &Message> {
        self.rows.iter().flatten().chain(&self.whole).filter(|m| m.is_error())
    }
    /// The first error, as one line for a flash.
    pub fn first_error(&self) -> Option<String> {
        self.rows
            .iter()
            .enumerate()
            .flat_map(|(i, ms)| ms.iter().map(move |m| (Some(i), m)))
            .chain(self.whole.iter().map(|m| (None, m)))
            .find(|(_, m)| m.is_error())
            .map(|(_, m)| m.text.clone())
    }
}

impl Scope {
    /// The kind of capacity the service runs on now, if it has one: its own strategy's, its
    /// launch type's, else the cluster default's.
    pub fn current_kind(&self) -> Option<Kind> {
        let s = self.service.as_ref()?;
        if let Some(first) = s.own.0.first() {
            return Some(Kind::of(&first.provider));
        }
        match s.launch_type.as_deref() {
            Some("FARGATE") => Some(Kind::Fargate),
            Some("EXTERNAL") => Some(Kind::External),
            Some(_) => Some(Kind::Asg),
            None => self.default.0.first().map(|i| Kind::of(&i.provider)),
        }
    }

    /// Whether the cluster runs on Auto Scaling groups only (Fargate presets make no sense).
    pub fn asg_only(&self) -> bool {
        !self.associated.is_empty() && self.associated.iter().all(|p| Kind::of(p) == Kind::Asg)
    }

    /// The strategy this one replaces: the service's own, or its effective one (the cluster
    /// default), or the cluster default itself. Empty for a service on a launch type.
    pub fn before(&self) -> &Strategy {
        match &self.service {
            Some(s) if !s.own.is_empty() || s.launch_type.is_some() => &s.own,
            _ => &self.default,
        }
    }
}

/// Check `strategy` against ECS's rules for `scope`.
pub fn check(strategy: &Strategy, scope: &Scope) -> Verdict {
    let items = &strategy.0;
    let mut rows: Vec<Vec<Message>> = vec![Vec::new(); items.len()];
    let mut whole = Vec::new();
    let first_kind = items.first().map(|i| Kind::of(&i.provider));
    let current = scope.current_kind();
    let base_holder = items.iter().find(|i| i.base > 0).map(|i| i.provider.as_str());
    let mut holder_seen = false;
    for (n, item) in items.iter().enumerate() {
        let row = &mut rows[n];
        provider_rules(item, n, strategy, scope, row);
        let kind = Kind::of(&item.provider);
        if first_kind.is_some_and(|k| k != kind) {
            let first = &items[0].provider;
            row.push(Message::error(
                Field::Provider,
                format!("{} cannot be in one strategy with {first}: ECS never mixes Fargate and Auto Scaling group providers", kind.words()),
            ));
        }
        if let (Some(s), Some(now)) = (&scope.service, current)
            && now != kind
        {
            row.push(Message::error(
                Field::Provider,
                format!("{} runs on {} now: ECS cannot move a service to {}", s.name, now.words(), kind.words()),
            ));
        }
        if !(0..=MAX_BASE).contains(&item.base) {
            row.push(Message::error(Field::Base, "base must be 0–100,000"));
        } else if item.base > 0 {
            if holder_seen {
                let holder = base_holder.unwrap_or_default();
                row.push(Message::error(Field::Base, format!("only one provider may have a base: {holder} has one")));
            }
            holder_seen = true;
        }
        if !(0..=MAX_WEIGHT).contains(&item.weight) {
            row.push(Message::error(Field::Weight, "weight must be 0–1,000"));
        } else if item.weight == 0 {
            row.push(Message::note(Field::Weight, "weight 0: gets no tasks beyond its base"));
        }
    }
    if items.is_empty() {
        let own = scope.service.as_ref().filter(|s| !s.own.is_empty());
        whole.push(Message::whole(
            Severity::Error,
            match own {
                Some(s) => format!(
                    "a strategy needs at least one provider; ECS cannot take {}'s own strategy away to go back to the cluster default — preset 4 sets an explicit copy of it",
                    s.name
                ),
                None => "a strategy needs at least one provider (a adds one, 1–3 are presets)".into(),
            },
        ));
    }
    if items.len() > Strategy::MAX_ITEMS {
        whole.push(Message::whole(
            Severity::Error,
            format!("at most {} providers per strategy, this has {}", Strategy::MAX_ITEMS, items.len()),
        ));
    }
    if !items.is_empty() && items.iter().all(|i| i.weight <= 0) {
        whole.push(Message::whole(Severity::Error, "at least one provider needs a weight above 0"));
    }
    // Said only about a change: a service whose own strategy already equals the default needs
    // no reminder while nothing is edited.
    if let Some(s) = &scope.service
        && !items.is_empty()
        && *strategy == scope.default
        && *strategy != s.own
    {
        let text = if s.own.is_empty() && s.launch_type.is_none() {
            format!(
                "{} follows the cluster default now; this pins an explicit copy that will not follow later changes of the default",
                s.name
            )
        } else {
            "an explicit copy of the cluster default: it will not follow later changes of the default (ECS cannot set a service back to following it)".into()
        };
        whole.push(Message::whole(Severity::Note, text));
    }
    Verdict { rows, whole }
}

fn provider_rules(item: &StrategyItem, n: usize, strategy: &Strategy, scope: &Scope, row: &mut Vec<Message>) {
    let name = &item.provider;
    if strategy.0[..n].iter().any(|o| &o.provider == name) {
        row.push(Message::error(Field::Provider, format!("{name} is in the strategy twice: remove one (x)")));
    }
    let associated = scope.associated.iter().any(|p| p == name);
    match (&scope.service, associated) {
        (Some(_), false) => row.push(Message::error(
            Field::Provider,
            format!(
                "not associated with cluster {}: edit the cluster's strategy (c in clusters) to add it",
                scope.cluster
            ),
        )),
        (None, false) => {
            row.push(Message::note(Field::Provider, "not associated yet: added to the cluster's provider list"))
        }
        _ => {}
    }
    // Fargate's providers are always ACTIVE; an Auto Scaling group provider's status is not
    // loaded, so say it was not looked at rather than pretend.
    if Kind::of(name) == Kind::Asg && (associated || scope.service.is_none()) {
        row.push(Message::note(Field::Provider, "Auto Scaling group provider: status not checked"));
    }
}

/// The providers PutClusterCapacityProviders must send: the cluster's whole current list, then
/// any provider the strategy uses that is not in it (the call replaces the whole list).
pub fn cluster_providers(associated: &[String], strategy: &Strategy) -> Vec<String> {
    let mut out = associated.to_vec();
    for i in &strategy.0 {
        if !out.contains(&i.provider) {
            out.push(i.provider.clone());
        }
    }
    out
}

#[cfg(test)]
#[path = "strategy_rules_tests.rs"]
mod tests;
