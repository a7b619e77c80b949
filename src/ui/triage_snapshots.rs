//! Render snapshots of the triage view: reasons wrap under themselves at any width.
use crate::config::{Keymap, Themes};
use crate::fixtures;
use crate::model::{TaskFilter, TaskStatusFilter};
use crate::state::{Resource, Settings, State, Target};
use crate::update::nav;
use crate::views::View;
use chrono::Duration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn loaded<T>(value: T) -> Resource<T> {
    Resource { value: Some(value), loaded_at: Some(fixtures::now() - Duration::seconds(4)), ..Default::default() }
}

fn state() -> State {
    let settings =
        Settings { refresh: std::time::Duration::from_secs(10), read_only: false, protected: vec![], themes: vec![] };
    let target = Target { profile: Some("prod".into()), region: Some("eu-west-1".into()), ..Default::default() };
    let mut s = State::new(target, Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    s.data.clusters = loaded(fixtures::clusters());
    let prod = fixtures::cluster_arn("prod");
    let mut services = fixtures::services();
    services.extend(fixtures::rollback_services(fixtures::now()));
    for svc in &mut services {
        svc.cluster_arn = prod.clone();
    }
    s.data.services.insert(prod.clone(), loaded(services));
    let stopped = TaskFilter { service: None, status: TaskStatusFilter::Stopped };
    s.data.tasks.insert((prod, stopped), loaded(fixtures::stopped_tasks()));
    nav::push(&mut s, View::triage(Default::default(), false));
    s
}

fn draw(s: &mut State, width: u16, height: u16) -> String {
    s.size = (width, height);
    nav::sync(s);
    let themes = Themes::builtin();
    let theme = themes.get("default").cloned().unwrap_or_default();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| super::render(s, &theme, f)).expect("draw");
    format!("{}", terminal.backend())
}

#[test]
fn triage() {
    let mut s = state();
    let screen = draw(&mut s, 140, 16);
    assert!(screen.contains("triage · "), "{screen}");
    insta::assert_snapshot!(screen);
}

#[test]
fn triage_narrow_wraps_reasons() {
    let mut s = state();
    let screen = draw(&mut s, 80, 24);
    assert!(!screen.contains('…'), "a reason is cut:\n{screen}");
    insta::assert_snapshot!(screen);
}
