//! The capacity-provider strategy editor: a service's strategy, or a cluster's default. Rows of
//! provider / base / weight, edited in place and checked live against ECS's rules
//! (`model::strategy_rules`); Enter proposes the change as a `Mutation`, Esc leaves.
use super::{Acted, Body, Move, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::strategy_rules::{self, Current, Field, MAX_BASE, MAX_WEIGHT, Scope, Verdict};
use crate::model::{Strategy, StrategyItem, Time, arn_name};
use crate::mutation::Mutation;
use crate::state::{Data, Load};
use crate::table::Table;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::cell::Cell;

/// Digits a field takes: enough to type a value past ECS's limits (and be told so), not
/// enough to overflow.
const MAX_DIGITS: usize = 7;

#[derive(Debug, Clone)]
pub struct StrategyView {
    /// Cluster ARN.
    pub cluster: String,
    /// Service ARN; `None`: the cluster's default strategy.
    pub service: Option<String>,
    pub rows: Vec<StrategyItem>,
    /// The focused row and field.
    pub row: usize,
    pub field: Field,
    /// Digits being typed into the focused base or weight (shown as typed).
    pub typed: Option<String>,
    /// Force a new deployment with a service's change (required when it leaves a launch type).
    pub force: bool,
    /// The cluster and service as loaded now (kept when they drop out of the data).
    pub scope: Scope,
    /// Loaded services of the cluster: the names that follow its default, and how many there are.
    pub followers: Option<(Vec<String>, usize)>,
    subject: Subject,
    /// The first line of the body asked for by PgUp/PgDn; `None`: wherever shows the focused row.
    pub scroll: Option<usize>,
    /// The first line and the height last drawn, which a page up or down starts from (written
    /// by the frame, which alone knows how the lines wrap).
    drawn: Cell<Drawn>,
}

/// Where the editor's body was last drawn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Drawn {
    offset: usize,
    height: usize,
    /// The last first line there is (the body's length less the height).
    last: usize,
}

impl StrategyView {
    /// The editor for `service` (an ARN) of `cluster`, or for the cluster's default strategy,
    /// starting from what is in effect now. Refused, in words, when that is not loaded.
    pub fn new(cluster: &str, service: Option<&str>, data: &Data) -> Result<StrategyView, String> {
        let scope = scope(cluster, service, data)?;
        let rows = scope.before().0.clone();
        let rows = if rows.is_empty() { scope.default.0.clone() } else { rows };
        let subject = match service {
            Some(s) => Subject::Service { cluster: cluster.to_string(), arn: s.to_string() },
            None => Subject::Cluster { arn: cluster.to_string() },
        };
        let mut view = StrategyView {
            cluster: cluster.to_string(),
            service: service.map(str::to_string),
            rows,
            row: 0,
            field: Field::Provider,
            typed: None,
            // On by default: without a new deployment the running tasks stay where they are.
            force: true,
            scope,
            followers: None,
            subject,
            scroll: None,
            drawn: Cell::default(),
        };
        view.force = view.force || view.force_required();
        view.followers = followers(&view.cluster, data);
        Ok(view)
    }

    /// The frame says where it drew the body (`offset` its first line, `height` lines).
    pub fn drawn_at(&self, offset: usize, height: usize, last: usize) {
        self.drawn.set(Drawn { offset, height, last });
    }

    pub fn drawn_offset(&self) -> usize {
        self.drawn.get().offset
    }

    pub fn strategy(&self) -> Strategy {
        Strategy(self.rows.clone())
    }

    pub fn verdict(&self) -> Verdict {
        strategy_rules::check(&self.strategy(), &self.scope)
    }

    /// Where the rows started from, in words.
    pub fn start_text(&self) -> String {
        let Some(s) = &self.scope.service else {
            return format!(
                "cluster {}'s default strategy, used by services with none of their own",
                self.scope.cluster
            );
        };
        match &s.launch_type {
            Some(lt) if s.own.is_empty() && self.scope.default.is_empty() => format!(
                "{} uses launch type {lt} now (no capacity providers), and cluster {} has no default strategy to start from",
                s.name, self.scope.cluster
            ),
            Some(lt) if s.own.is_empty() => format!(
                "{} uses launch type {lt} now (no capacity providers): starting from the cluster default",
                s.name
            ),
            _ if s.own.is_empty() => {
                format!("{} has no strategy of its own: starting from its effective one, the cluster default", s.name)
            }
            _ => format!("starting from {}'s own strategy", s.name),
        }
    }

    /// A service leaving a launch type for a strategy: ECS requires a new deployment.
    pub fn force_required(&self) -> bool {
        self.scope.service.as_ref().is_some_and(|s| s.own.is_empty() && s.launch_type.is_some())
    }

    /// The text a field shows: what is being typed, else its value.
    pub fn shown(&self, row: usize, field: Field) -> String {
        let Some(item) = self.rows.get(row) else { return String::new() };
        match (field, &self.typed) {
            (f, Some(t)) if row == self.row && f == self.field && f != Field::Provider => t.clone(),
            (Field::Provider, _) => item.provider.clone(),
            (Field::Base, _) => item.base.to_string(),
            (Field::Weight, _) => item.weight.to_string(),
        }
    }

    /// The providers PutClusterCapacityProviders would send for the cluster.
    pub fn providers(&self) -> Vec<String> {
        strategy_rules::cluster_providers(&self.scope.associated, &self.strategy())
    }

    /// The change as a mutation, or why there is none to propose.
    pub fn mutation(&self) -> Result<Mutation, String> {
        let verdict = self.verdict();
        if let Some(first) = verdict.first_error() {
            let n = verdict.errors().count();
            let more = if n > 1 { format!(" (and {} more, beside the rows)", n - 1) } else { String::new() };
            return Err(format!("nothing proposed: {first}{more}"));
        }
        let strategy = self.strategy();
        match &self.scope.service {
            Some(s) => {
                if s.own == strategy {
                    return Err(format!("no change: this is {}'s strategy already", s.name));
                }
                Ok(Mutation::ServiceStrategy {
                    cluster: self.cluster.clone(),
                    service: self.service.clone().unwrap_or_default(),
                    strategy,
                    force: self.force || self.force_required(),
                })
            }
            None => {
                let providers = self.providers();
                if strategy == self.scope.default && providers == self.scope.associated {
                    return Err(format!("no change: this is cluster {}'s default already", self.scope.cluster));
                }
                Ok(Mutation::ClusterStrategy { cluster: self.cluster.clone(), providers, strategy })
            }
        }
    }

    fn settle(&mut self) {
        self.typed = None;
        self.row = self.row.min(self.rows.len().saturating_sub(1));
        if self.rows.is_empty() {
            self.field = Field::Provider;
        }
    }

    fn step_field(&mut self, forward: bool) -> Acted {
        if self.rows.is_empty() {
            return Acted::Said("no rows: a adds a provider, 1–3 are presets".into());
        }
        self.typed = None;
        let order = [Field::Provider, Field::Base, Field::Weight];
        let at = order.iter().position(|f| *f == self.field).unwrap_or(0);
        // Past the last field of a row is the first of the next, so tab walks the whole table.
        let flat = self.row * 3 + at;
        let len = self.rows.len() * 3;
        let next = if forward { (flat + 1) % len } else { (flat + len - 1) % len };
        self.row = next / 3;
        self.field = order[next % 3];
        Acted::Done { reload: false }
    }

    /// Providers of the cluster not used by any row but `except`.
    fn unused(&self, except: Option<usize>) -> Vec<String> {
        self.scope
            .associated
            .iter()
            .filter(|p| !self.rows.iter().enumerate().any(|(i, r)| Some(i) != except && &r.provider == *p))
            .cloned()
            .collect()
    }

    fn step_value(&mut self, up: bool) -> Acted {
        let Some(item) = self.rows.get(self.row) else {
            return Acted::Said("no rows: a adds a provider".into());
        };
        match self.field {
            Field::Provider => {
                let choices = self.unused(Some(self.row));
                if choices.len() <= 1 {
                    return Acted::Said(format!(
                        "no other provider of cluster {} to put here (it has {})",
                        self.scope.cluster,
                        list_or_none(&self.scope.associated)
                    ));
                }
                let at = choices.iter().position(|p| *p == item.provider).unwrap_or(0);
                let next = if up { (at + 1) % choices.len() } else { (at + choices.len() - 1) % choices.len() };
                self.rows[self.row].provider = choices[next].clone();
            }
            Field::Base | Field::Weight => {
                let max = if self.field == Field::Base { MAX_BASE } else { MAX_WEIGHT };
                let slot = self.value_mut();
                *slot = if up { slot.saturating_add(1) } else { slot.saturating_sub(1) }.clamp(0, max);
            }
        }
        self.typed = None;
        Acted::Done { reload: false }
    }

    fn value_mut(&mut self) -> &mut i32 {
        let item = &mut self.rows[self.row];
        if self.field == Field::Base { &mut item.base } else { &mut item.weight }
    }

    fn add(&mut self) -> Acted {
        if self.rows.len() >= Strategy::MAX_ITEMS {
            return Acted::Said(format!("ECS takes at most {} providers in a strategy", Strategy::MAX_ITEMS));
        }
        let Some(next) = self.unused(None).into_iter().next() else {
            return Acted::Said(format!(
                "every provider of cluster {} is in the strategy already ({})",
                self.scope.cluster,
                list_or_none(&self.scope.associated)
            ));
        };
        self.rows.push(StrategyItem { provider: next, base: 0, weight: 1 });
        self.row = self.rows.len() - 1;
        self.field = Field::Provider;
        self.typed = None;
        Acted::Done { reload: false }
    }

    fn remove(&mut self) -> Acted {
        if self.rows.is_empty() {
            return Acted::Said("no row to remove".into());
        }
        self.rows.remove(self.row);
        self.settle();
        Acted::Done { reload: false }
    }

    fn preset(&mut self, action: Action) -> Acted {
        let item = |p: &str, base, weight| StrategyItem { provider: p.into(), base, weight };
        let rows = match action {
            Action::PresetOnDemand => vec![item("FARGATE", 0, 1)],
            Action::PresetSpotMix => vec![item("FARGATE", 1, 1), item("FARGATE_SPOT", 0, 4)],
            Action::PresetSpot => vec![item("FARGATE_SPOT", 0, 1)],
            _ => {
                if self.scope.service.is_none() {
                    return Acted::Said(
                        "preset 4 copies the cluster default onto a service: this is the default".into(),
                    );
                }
                if self.scope.default.is_empty() {
                    return Acted::Said(format!("cluster {} has no default strategy to copy", self.scope.cluster));
                }
                self.scope.default.0.clone()
            }
        };
        if action != Action::PresetClusterDefault && self.scope.asg_only() {
            return Acted::Said(format!(
                "cluster {} runs on Auto Scaling group providers ({}): Fargate presets do not apply — a adds its providers",
                self.scope.cluster,
                self.scope.associated.join(", ")
            ));
        }
        self.rows = rows;
        self.row = 0;
        self.field = Field::Provider;
        self.typed = None;
        Acted::Done { reload: false }
    }

    fn toggle_force(&mut self) -> Acted {
        if self.scope.service.is_none() {
            return Acted::Said("a cluster default deploys nothing: services take it at their next deployment".into());
        }
        if self.force_required() {
            return Acted::Said(
                "ECS requires a new deployment when a service leaves its launch type: force stays on".into(),
            );
        }
        self.force = !self.force;
        Acted::Done { reload: false }
    }

    /// A digit or backspace on the focused base or weight.
    fn type_key(&mut self, key: &KeyEvent) -> Option<Acted> {
        if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
            return None;
        }
        let digit = match key.code {
            KeyCode::Char(c) if c.is_ascii_digit() => Some(c),
            KeyCode::Backspace => None,
            _ => return None,
        };
        if self.field == Field::Provider || self.rows.is_empty() {
            return match digit {
                // 1–4 are presets here (the keymap has them).
                Some('1'..='4') => None,
                Some(_) => Some(Acted::Said("digits go into base or weight: tab moves there".into())),
                None => Some(Acted::Said("backspace edits base or weight: x removes the row".into())),
            };
        }
        let mut text = self.typed.clone().unwrap_or_else(|| match digit {
            // Typing replaces the value; backspace edits it.
            Some(_) => String::new(),
            None => self.shown(self.row, self.field),
        });
        match digit {
            Some(_) if text.len() >= MAX_DIGITS => {
                return Some(Acted::Said(format!(
                    "at most {MAX_DIGITS} digits (ECS allows base up to 100,000, weight up to 1,000)"
                )));
            }
            Some(c) => {
                if text == "0" {
                    text.clear();
                }
                text.push(c);
            }
            None => {
                text.pop();
            }
        }
        *self.value_mut() = text.parse().unwrap_or(0);
        self.typed = Some(text);
        Some(Acted::Done { reload: false })
    }
}

fn list_or_none(names: &[String]) -> String {
    if names.is_empty() { "none".into() } else { names.join(", ") }
}

/// The cluster and service as loaded now.
fn scope(cluster: &str, service: Option<&str>, data: &Data) -> Result<Scope, String> {
    let c = crate::update::plan::find_cluster(data, cluster)
        .ok_or_else(|| format!("cluster {} is not loaded yet: try again in a moment", arn_name(cluster)))?;
    let current = match service {
        Some(arn) => {
            let s = crate::update::plan::find_service(data, cluster, arn)
                .ok_or_else(|| format!("service {} is not loaded yet: try again in a moment", arn_name(arn)))?;
            Some(Current {
                name: s.name.clone(),
                own: s.strategy.clone(),
                launch_type: s.launch_type.clone(),
                desired: s.desired,
            })
        }
        None => None,
    };
    Ok(Scope {
        cluster: c.name.clone(),
        associated: c.capacity_providers.clone(),
        default: c.default_strategy.clone(),
        service: current,
    })
}

/// The loaded services of `cluster` that follow its default strategy (no strategy of their own,
/// no launch type), and how many services are loaded.
fn followers(cluster: &str, data: &Data) -> Option<(Vec<String>, usize)> {
    let list = data.services_of(cluster)?;
    let names = list.iter().filter(|s| s.strategy.is_empty() && s.launch_type.is_none()).map(|s| s.name.clone());
    Some((names.collect(), list.len()))
}

const ACTIONS: &[Action] = &[
    Action::Propose,
    Action::AddProvider,
    Action::RemoveProvider,
    Action::PresetOnDemand,
    Action::PresetSpotMix,
    Action::PresetSpot,
    Action::PresetClusterDefault,
    Action::ToggleForce,
    Action::NextField,
    Action::PrevField,
    Action::Increase,
    Action::Decrease,
];

impl Screen for StrategyView {
    fn context(&self) -> Context {
        Context::Strategy
    }
    fn title(&self) -> String {
        match &self.service {
            Some(s) => format!("strategy · {} ({})", arn_name(s), arn_name(&self.cluster)),
            None => format!("default strategy · {}", arn_name(&self.cluster)),
        }
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec!["strategy".into()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![Load::Clusters, Load::Services { cluster: self.cluster.clone() }]
    }
    fn primary(&self) -> Option<Load> {
        Some(match &self.service {
            Some(_) => Load::Services { cluster: self.cluster.clone() },
            None => Load::Clusters,
        })
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::Strategy(self)
    }
    fn table(&self, _data: &Data, _now: Time) -> Option<Table> {
        None
    }
    fn sync(&mut self, data: &Data, _now: Time, _page: usize) {
        // What is current may change under the editor (a refresh, a change from elsewhere);
        // the rows being edited stay as typed.
        if let Ok(scope) = scope(&self.cluster, self.service.as_deref(), data) {
            self.scope = scope;
        }
        if let Some(f) = followers(&self.cluster, data) {
            self.followers = Some(f);
        }
    }
    fn cursor(&mut self, to: Move) {
        self.typed = None;
        let last = self.rows.len().saturating_sub(1);
        // A page scrolls the body (messages and preview may be taller than the screen); a row
        // move brings the focused row back into sight.
        let scrolled = self.scroll.take();
        self.row = match to {
            Move::By(n) => (self.row as i64 + n as i64).clamp(0, last as i64) as usize,
            Move::Page(n) => {
                // From where the last page key left it: several keys may come between frames.
                let drawn = self.drawn.get();
                let from = scrolled.unwrap_or(drawn.offset).min(drawn.last);
                let page = drawn.height.saturating_sub(2).max(1);
                let to = if n < 0 { from.saturating_sub(page) } else { (from + page).min(drawn.last) };
                self.scroll = Some(to);
                self.row
            }
            Move::Top => 0,
            Move::Bottom => last,
        };
    }
    fn input(&mut self, key: &KeyEvent, _data: &Data) -> Option<Acted> {
        let acted = self.type_key(key);
        if acted.is_some() {
            self.scroll = None;
        }
        acted
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        self.scroll = None;
        match action {
            Action::NextField => self.step_field(true),
            Action::PrevField => self.step_field(false),
            Action::Increase => self.step_value(true),
            Action::Decrease => self.step_value(false),
            Action::AddProvider => self.add(),
            Action::RemoveProvider => self.remove(),
            Action::PresetOnDemand | Action::PresetSpotMix | Action::PresetSpot | Action::PresetClusterDefault => {
                self.preset(action)
            }
            Action::ToggleForce => self.toggle_force(),
            Action::Propose => {
                self.typed = None;
                match self.mutation() {
                    Ok(m) => Acted::Propose(m),
                    Err(why) => Acted::Said(why),
                }
            }
            _ => Acted::NotHere,
        }
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
    fn subject(&self) -> Option<&Subject> {
        Some(&self.subject)
    }
}

#[cfg(test)]
#[path = "strategy_tests.rs"]
mod tests;
