//! Alarms in `update`: one region-wide load per refresh on every view, `:alarms` and `A`
//! opening the right scope, Enter opening an alarm with its history.
use super::*;
use crate::config::Keymap;
use crate::fixtures;
use crate::model::{Alarm, AlarmState};
use crate::state::{Settings, Target};
use crate::views::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

fn connected() -> State {
    let settings = Settings {
        refresh: std::time::Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn command(s: &mut State, text: &str) -> Vec<Effect> {
    let mut effects = press(s, KeyCode::Char(':'));
    for c in text.chars() {
        effects.extend(press(s, KeyCode::Char(c)));
    }
    effects.extend(press(s, KeyCode::Enter));
    effects
}

fn alarm_loads(effects: &[Effect]) -> Vec<(ReqId, u64)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load { req, load: Load::Alarms, owner } => Some((*req, *owner)),
            _ => None,
        })
        .collect()
}

#[test]
fn the_regions_alarms_load_once_per_refresh_whatever_the_view() {
    let mut s = connected();
    let first = alarm_loads(&nav::refresh(&mut s, false));
    assert_eq!(first.len(), 1);
    assert_eq!(first[0].1, crate::state::SESSION, "owned by the session: leaving a view keeps it going");
    // In flight: not asked again, whatever opens.
    assert!(alarm_loads(&nav::push(&mut s, View::alarms(None))).is_empty());
    assert!(alarm_loads(&nav::push(&mut s, View::alarm("a"))).is_empty());
    let alarm = Alarm { name: "a".into(), state: AlarmState::Alarm, ..Default::default() };
    update(
        &mut s,
        Msg::Loaded { req: first[0].0, load: Load::Alarms, result: Ok(Payload::Alarms(vec![alarm])) },
        fixtures::now(),
    );
    assert_eq!(s.data.alarms_firing(), Some(1));
    // Fresh: the next refresh within the interval asks nothing; a forced one asks once.
    assert!(alarm_loads(&nav::refresh(&mut s, false)).is_empty());
    assert_eq!(alarm_loads(&nav::refresh(&mut s, true)).len(), 1);
}

#[test]
fn alarms_open_for_the_cluster_in_view_or_the_whole_region() {
    let mut s = connected();
    command(&mut s, "alarms");
    assert!(matches!(s.view(), View::Alarms(v) if v.cluster.is_none()), "outside a cluster: every alarm");
    let prod = fixtures::cluster_arn("prod");
    nav::jump(&mut s, vec![View::services(prod.clone())]);
    command(&mut s, "alarms");
    assert!(matches!(s.view(), View::Alarms(v) if v.cluster.as_deref() == Some(prod.as_str())));
    command(&mut s, "alarms all");
    assert!(matches!(s.view(), View::Alarms(v) if v.cluster.is_none()));
    // A in a cluster's services: that cluster's.
    nav::jump(&mut s, vec![View::services(prod.clone())]);
    press(&mut s, KeyCode::Char('A'));
    assert!(matches!(s.view(), View::Alarms(v) if v.cluster.as_deref() == Some(prod.as_str())));
}

#[test]
fn enter_on_an_alarm_opens_it_and_loads_its_history() {
    let mut s = connected();
    s.data.alarms.value =
        Some(vec![Alarm { name: "prod-api-cpu-high".into(), state: AlarmState::Alarm, ..Default::default() }]);
    s.data.alarms.loaded_at = Some(fixtures::now());
    nav::push(&mut s, View::alarms(None));
    let effects = press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view(), View::Alarm(v) if v.name == "prod-api-cpu-high"));
    assert!(
        effects.iter().any(
            |e| matches!(e, Effect::Load { load: Load::AlarmHistory { name }, .. } if name == "prod-api-cpu-high")
        )
    );
}

#[test]
fn m_adds_sparklines_for_the_rows_on_screen_with_one_metric_load() {
    let mut s = connected();
    s.size = (160, 12);
    let prod = fixtures::cluster_arn("prod");
    let load = Load::Services { cluster: prod.clone() };
    s.data.start(&load, 99);
    let services = fixtures::services();
    let payload = Payload::Services(crate::api::Loaded { items: services.clone(), failures: vec![] });
    s.data.apply(&load, 99, fixtures::now(), Ok(payload));
    nav::push(&mut s, View::services(prod));
    let effects = press(&mut s, KeyCode::Char('m'));
    let metrics: Vec<(ReqId, Vec<crate::model::MetricQuery>)> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load { req, load: Load::Metrics { queries }, .. } => Some((*req, queries.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(metrics.len(), 1, "one GetMetricData for the screen: {effects:?}");
    let (req, queries) = &metrics[0];
    let on_screen = services.len().min(s.page());
    assert_eq!(queries.len(), 2 * on_screen, "CPU and memory of each row on screen");
    let end = fixtures::now();
    let start = end - chrono::Duration::hours(3);
    let points = vec![(end - chrono::Duration::minutes(10), 42.0)];
    let series = queries
        .iter()
        .map(|_| crate::model::Series { points: points.clone(), status: "Complete".into(), messages: vec![] })
        .collect();
    let set = crate::model::MetricSet { start, end, series };
    update(
        &mut s,
        Msg::Loaded { req: *req, load: Load::Metrics { queries: queries.clone() }, result: Ok(Payload::Metrics(set)) },
        fixtures::now(),
    );
    let rows = s.view().list().and_then(|l| l.rows.as_ref()).expect("rows");
    assert_eq!(rows.table.columns.last().map(|c| c.title), Some("CPU · MEMORY (3h)"));
    let cell = &rows.table.rows[rows.visible[0]].cells.last().expect("a cell").text;
    assert!(cell.contains("42%"), "{cell}");
    assert!(cell.matches(" ").count() >= 9, "blank bars where there is no data: {cell}");
    // m again hides the column.
    press(&mut s, KeyCode::Char('m'));
    let rows = s.view().list().and_then(|l| l.rows.as_ref()).expect("rows");
    assert_ne!(rows.table.columns.last().map(|c| c.title), Some("CPU · MEMORY (3h)"));
}
