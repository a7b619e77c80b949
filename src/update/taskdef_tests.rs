//! Task definitions: how they are opened (T, :taskdef), diffed (D, :diff), and that a masked
//! environment value cannot be found by a search.
use super::*;
use crate::api::{ApiError, ErrorKind};
use crate::config::Keymap;
use crate::fixtures;
use crate::state::{Layer, Resource, Settings, Target};
use crate::views::View;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::time::Duration;

const API_42: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:42";

/// Connected, prod's services loaded (api running prod-api:42), the services view on screen.
fn on_services() -> State {
    let settings = Settings {
        refresh: Duration::from_secs(10),
        read_only: false,
        protected: vec![],
        themes: vec!["default".into()],
    };
    let mut s = State::new(Target::default(), Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    let mut services = fixtures::services();
    services[0].task_definition = API_42.into();
    assert_eq!(services[0].name, "api");
    let prod = fixtures::cluster_arn("prod");
    s.data.services.insert(
        prod.clone(),
        Resource { value: Some(services), loaded_at: Some(fixtures::now()), ..Default::default() },
    );
    nav::push(&mut s, View::services(prod));
    nav::sync(&mut s);
    s
}

fn press(s: &mut State, code: KeyCode) -> Vec<Effect> {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now())
}

fn command(s: &mut State, line: &str) -> Vec<Effect> {
    press(s, KeyCode::Char(':'));
    for c in line.chars() {
        press(s, KeyCode::Char(c));
    }
    press(s, KeyCode::Enter)
}

fn td_loads(effects: &[Effect]) -> Vec<(u64, String)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load { req, load: Load::TaskDefinition { arn }, .. } => Some((*req, arn.clone())),
            _ => None,
        })
        .collect()
}

fn answer(s: &mut State, req: u64, arn: &str, revision: i32) {
    let load = Load::TaskDefinition { arn: arn.into() };
    let payload = Payload::TaskDefinition(Box::new(fixtures::task_definition(revision)));
    update(s, Msg::Loaded { req, load, result: Ok(payload) }, fixtures::now());
}

fn lines(s: &State) -> Vec<String> {
    match s.view().screen().body() {
        crate::views::Body::Text(t) => t.lines.clone(),
        _ => panic!("not a text view"),
    }
}

/// T on api, its definition answered.
fn on_definition() -> State {
    let mut s = on_services();
    let effects = press(&mut s, KeyCode::Char('T'));
    let [(req, arn)] = &td_loads(&effects)[..] else { panic!("one task definition load: {effects:?}") };
    answer(&mut s, *req, arn, 42);
    s
}

#[test]
fn t_on_a_service_opens_its_task_definition_and_asks_for_it() {
    let mut s = on_services();
    let effects = press(&mut s, KeyCode::Char('T'));
    assert_eq!(td_loads(&effects).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), vec![API_42]);
    assert_eq!(s.view().screen().title(), "task definition · prod-api:42");
    let (req, arn) = td_loads(&effects)[0].clone();
    answer(&mut s, req, &arn, 42);
    let text = lines(&s);
    assert!(
        text[0].starts_with("prod-api:42 · ACTIVE · 1 vCPU, 2 GiB · ARM64 LINUX · network awsvpc · FARGATE"),
        "{text:?}"
    );
    assert!(text.iter().any(|l| l.contains("logs awslogs /ecs/prod/api in eu-west-1, prefix ecs")), "{text:?}");
    assert!(text.iter().any(|l| l == "    value: ••••••"), "{text:?}");
}

#[test]
fn d_asks_for_the_previous_revision_and_shows_the_diff() {
    let mut s = on_definition();
    let effects = press(&mut s, KeyCode::Char('D'));
    // The current revision is loaded already (and kept): only the previous one is asked for.
    let asked = td_loads(&effects);
    assert_eq!(asked.iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), vec!["prod-api:41"], "{effects:?}");
    assert_eq!(s.view().screen().title(), "diff · prod-api:41 → prod-api:42");
    answer(&mut s, asked[0].0, "prod-api:41", 41);
    let text = lines(&s);
    let image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/api";
    assert!(text.contains(&format!("-  image: {image}:1.41.0")), "{text:?}");
    assert!(text.contains(&format!("+  image: {image}:1.42.0")), "{text:?}");
    assert!(text.contains(&"-    value: •••••• (changed)".to_string()), "{text:?}");
    assert!(text.contains(&"+    value: •••••• (changed)".to_string()), "{text:?}");
    assert!(text.contains(&"api: environment APP_VERSION changed".to_string()), "{text:?}");
    // D again says what it is rather than stacking diffs.
    press(&mut s, KeyCode::Char('D'));
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("a diff already")));
}

#[test]
fn diff_command_loads_both_and_a_missing_revision_says_so() {
    let mut s = on_services();
    let effects = command(&mut s, "diff prod-api:3 prod-api:42");
    let asked = td_loads(&effects);
    let names: Vec<&str> = asked.iter().map(|(_, a)| a.as_str()).collect();
    assert_eq!(names, vec!["prod-api:3", "prod-api:42"]);
    let load = Load::TaskDefinition { arn: "prod-api:3".into() };
    let gone = ApiError::new(ErrorKind::InvalidInput, "Unable to describe task definition.");
    update(&mut s, Msg::Loaded { req: asked[0].0, load, result: Err(gone) }, fixtures::now());
    answer(&mut s, asked[1].0, "prod-api:42", 42);
    let text = lines(&s).join("\n");
    assert!(text.contains("prod-api:3 cannot be loaded"), "{text}");
    assert!(text.contains("deregistered and deleted"), "{text}");

    // One name: from the revision before it.
    let effects = command(&mut s, "diff prod-api:42");
    assert_eq!(s.view().screen().title(), "diff · prod-api:41 → prod-api:42");
    assert_eq!(td_loads(&effects).len(), 1, "prod-api:42 is loaded already: {effects:?}");
    command(&mut s, "diff a b c");
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("two task definitions at most")));
}

#[test]
fn taskdef_command_opens_a_named_revision_or_the_selected_services() {
    let mut s = on_services();
    let effects = command(&mut s, "taskdef");
    assert_eq!(td_loads(&effects).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), vec![API_42]);
    let effects = command(&mut s, "taskdef prod-web:18");
    assert_eq!(td_loads(&effects).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), vec!["prod-web:18"]);
    assert_eq!(s.view().screen().title(), "task definition · prod-web:18");
}

#[test]
fn taskdef_completion_offers_the_clusters_task_definitions() {
    let mut s = on_services();
    press(&mut s, KeyCode::Char(':'));
    for c in "taskdef prod-".chars() {
        press(&mut s, KeyCode::Char(c));
    }
    press(&mut s, KeyCode::Tab);
    let Some(Layer::Command { input, .. }) = s.layers.last() else { panic!("command line") };
    assert_eq!(input, "taskdef prod-api:42");
}

#[test]
fn a_masked_value_cannot_be_searched_and_v_reveals_one_value_at_a_time() {
    let mut s = on_definition();
    let search = |s: &mut State, text: &str| {
        press(s, KeyCode::Char('/'));
        // The search line starts with the last search: clear it first.
        update(s, Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)), fixtures::now());
        for c in text.chars() {
            press(s, KeyCode::Char(c));
        }
        press(s, KeyCode::Enter);
        match s.view().screen().body() {
            crate::views::Body::Text(t) => t.matches.len(),
            _ => 0,
        }
    };
    assert_eq!(search(&mut s, "q7Zx-pep"), 0, "a masked value is in no line");
    assert!(lines(&s).iter().all(|l| !l.contains(fixtures::PEPPER)));
    // v steps through the values: APP_ENV, APP_VERSION, SESSION_PEPPER; one shown at a time.
    for _ in 0..3 {
        press(&mut s, KeyCode::Char('v'));
    }
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("SESSION_PEPPER of api")));
    let text = lines(&s);
    assert!(text.contains(&format!("    value: {}", fixtures::PEPPER)), "{text:?}");
    assert!(!text.contains(&"    value: prod".to_string()), "APP_ENV is masked again: {text:?}");
    assert_eq!(search(&mut s, "q7Zx-pep"), 1, "a revealed value is searchable: {text:?}");
    press(&mut s, KeyCode::Char('V'));
    assert!(lines(&s).iter().all(|l| !l.contains(fixtures::PEPPER)));
    assert_eq!(search(&mut s, "q7Zx-pep"), 0);
}

#[test]
fn t_in_tasks_and_containers_opens_the_tasks_definition() {
    let mut s = on_services();
    let prod = fixtures::cluster_arn("prod");
    let mut task = fixtures::tasks().remove(0);
    task.task_definition = API_42.into();
    let filter =
        crate::model::TaskFilter { service: Some("api".into()), status: crate::model::TaskStatusFilter::Running };
    s.data.tasks.insert(
        (prod.clone(), filter),
        Resource { value: Some(vec![task.clone()]), loaded_at: Some(fixtures::now()), ..Default::default() },
    );
    nav::push(&mut s, View::tasks(prod.clone(), Some("api".into())));
    nav::sync(&mut s);
    let effects = press(&mut s, KeyCode::Char('T'));
    assert_eq!(td_loads(&effects).iter().map(|(_, a)| a.as_str()).collect::<Vec<_>>(), vec![API_42]);
    press(&mut s, KeyCode::Esc);
    nav::push(&mut s, View::containers(prod, task.arn.clone()));
    nav::sync(&mut s);
    press(&mut s, KeyCode::Char('T'));
    assert_eq!(s.view().screen().title(), "task definition · prod-api:42");
}
