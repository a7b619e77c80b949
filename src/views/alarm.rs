//! One CloudWatch alarm in full (Enter on an alarm): its state and reason wrapped, what it
//! watches and its threshold (or its composite rule), then its recent state changes
//! (DescribeAlarmHistory), newest first.
use super::{Acted, Screen, TextState, Tone, View};
use crate::config::{Action, Context};
use crate::model::{Alarm, AlarmChange, AlarmKind, Time, age};
use crate::state::{Data, Load};

#[derive(Debug, Clone)]
pub struct AlarmView {
    pub name: String,
    pub text: TextState,
    made: Option<(u64, Time)>,
}

impl AlarmView {
    pub fn new(name: String) -> Self {
        Self { name, text: TextState::new(), made: None }
    }

    fn history(&self) -> Load {
        Load::AlarmHistory { name: self.name.clone() }
    }
}

fn when(t: Option<Time>, now: Time) -> String {
    match t {
        Some(t) => format!("{} ({} ago)", t.format("%Y-%m-%d %H:%M:%S UTC"), age(t, now)),
        None => "-".into(),
    }
}

/// The alarm's lines: facts, then its history (or why there is none yet).
pub fn lines(alarm: &Alarm, history: Result<Option<&[AlarmChange]>, String>, now: Time) -> Vec<(String, Tone)> {
    let mut out = Vec::new();
    let state_tone = match alarm.state {
        // Problem is the error colour, Added the ok colour.
        crate::model::AlarmState::Alarm => Tone::Problem,
        crate::model::AlarmState::Ok => Tone::Added,
        _ => Tone::Heading,
    };
    out.push((format!("{}  {}", alarm.state.as_str(), alarm.name), state_tone));
    out.push((format!("since:     {}", when(alarm.state_updated_at, now)), Tone::Plain));
    out.push((format!("reason:    {}", if alarm.reason.is_empty() { "-" } else { &alarm.reason }), Tone::Plain));
    if let Some(d) = &alarm.description {
        out.push((format!("about:     {d}"), Tone::Plain));
    }
    match alarm.kind {
        AlarmKind::Composite => {
            out.push((format!("rule:      {}", alarm.rule.as_deref().unwrap_or("-")), Tone::Plain));
        }
        AlarmKind::Metric => {
            out.push((format!("metric:    {}", alarm.metric_text()), Tone::Plain));
            out.push((format!("threshold: {}", alarm.threshold_text().unwrap_or_else(|| "-".into())), Tone::Plain));
        }
    }
    let actions = if alarm.actions_enabled { "enabled" } else { "disabled (it notifies no one)" };
    out.push((format!("actions:   {actions}"), if alarm.actions_enabled { Tone::Plain } else { Tone::Problem }));
    out.push((format!("arn:       {}", alarm.arn), Tone::Muted));
    out.push((String::new(), Tone::Plain));
    match history {
        Err(e) => {
            out.push(("recent state changes: could not be loaded".into(), Tone::Heading));
            out.push((e, Tone::Problem));
        }
        Ok(None) => out.push(("recent state changes: loading…".into(), Tone::Heading)),
        Ok(Some([])) => out.push(("recent state changes: none recorded".into(), Tone::Heading)),
        Ok(Some(h)) => {
            out.push((format!("recent state changes: {}, newest first", h.len()), Tone::Heading));
            for c in h {
                let from = c.from.as_ref().map(|s| s.as_str()).unwrap_or("?");
                let to = c.to.as_ref().map(|s| s.as_str()).unwrap_or("?");
                let tone = match c.to {
                    Some(crate::model::AlarmState::Alarm) => Tone::Problem,
                    Some(crate::model::AlarmState::Ok) => Tone::Added,
                    _ => Tone::Plain,
                };
                out.push((format!("{}  {from} → {to}", when(c.at, now)), tone));
                out.push((format!("    {}", c.reason), Tone::Muted));
            }
        }
    }
    out
}

const ACTIONS: &[Action] = super::text::text_actions!();

impl Screen for AlarmView {
    fn context(&self) -> Context {
        Context::Alarm
    }
    fn title(&self) -> String {
        format!("alarm · {}", self.name)
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![self.name.clone()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        vec![Load::Alarms, self.history()]
    }
    fn primary(&self) -> Option<Load> {
        Some(self.history())
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    super::text::text_body!();
    fn sync(&mut self, data: &Data, now: Time, _page: usize) {
        let version = self.loads(data).iter().map(|l| data.version(l)).max().unwrap_or(0);
        if !super::rollout::due(&mut self.made, version, now) {
            return;
        }
        let Some(alarm) = data.alarms_of().and_then(|a| a.iter().find(|a| a.name == self.name)) else {
            self.text.set_toned(vec![]);
            return;
        };
        let history = match (
            data.alarm_history.get(&self.name),
            data.alarm_history.get(&self.name).and_then(|r| r.value.as_deref()),
        ) {
            (_, Some(h)) => Ok(Some(h)),
            (Some(r), None) if r.error.is_some() => Err(r.error.as_ref().map(|e| e.to_string()).unwrap_or_default()),
            _ => Ok(None),
        };
        self.text.set_toned(lines(alarm, history, now));
    }
    fn empty_text(&self) -> String {
        format!("no alarm named {} in this region (yet: the alarms may still be loading)", self.name)
    }
    fn act(&mut self, action: Action, _data: &Data) -> Acted {
        super::text::text_act(&mut self.text, action)
    }
}
