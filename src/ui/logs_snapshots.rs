//! Render snapshots of the log view: a service's merged lines at 80x24 and wide, with the
//! words for a container that logs elsewhere, a filter, a paused view and a polling tail.
use super::snapshots::{draw, key};
use crate::fixtures;
use crate::model::{LogEvent, LogSource, TailMode, TailStatus};
use crate::state::{Effect, Msg, Resource, State};
use crate::update::{nav, update};
use crate::views::{LogsOf, LogsView, View};
use crossterm::event::KeyCode;

const API_42: &str = "arn:aws:ecs:eu-west-1:123456789012:task-definition/prod-api:42";

/// The shared snapshot state, with prod-api:42's task definition loaded: its envoy logs
/// through FireLens (the view must say so) and the Fluent Bit log router with awslogs.
fn state() -> State {
    let mut s = super::snapshots::state();
    let mut td = fixtures::task_definition(42);
    let mut router = td.container_definitions[1].clone();
    router.name = "log_router".into();
    router.firelens_configuration =
        Some(crate::model::FirelensConfiguration { kind: "fluentbit".into(), options: Default::default() });
    td.container_definitions[1].log_configuration = Some(crate::model::LogConfiguration {
        log_driver: "awsfirelens".into(),
        options: [("Name".to_string(), "datadog".to_string())].into_iter().collect(),
    });
    td.container_definitions.push(router);
    s.data
        .task_definitions
        .insert(API_42.into(), Resource { value: Some(td), loaded_at: Some(fixtures::now()), ..Default::default() });
    s
}

fn event(id: &str, secs: i64, task: &str, container: &str, message: &str) -> LogEvent {
    LogEvent {
        id: id.into(),
        timestamp: fixtures::now() - chrono::Duration::milliseconds(60_000 - secs * 1_037),
        ingested: None,
        source: LogSource {
            group: "/ecs/prod/api".into(),
            stream: format!("ecs/{container}/{task}"),
            task_id: Some(task.into()),
            container: Some(container.into()),
        },
        message: message.into(),
    }
}

fn events() -> Vec<LogEvent> {
    let a = "0f13a1b2c3d4e5f60718293a4b5c6d7e";
    let b = "9a8b7c6d5e4f30211a2b3c4d5e6f7081";
    vec![
        event("1", 1, a, "api", "GET /health 200 1ms"),
        event("2", 2, b, "api", "POST /pay 201 38ms user=4411"),
        event(
            "3",
            3,
            a,
            "api",
            "ERROR payment declined: card_expired\n    at Checkout.pay (checkout.js:88)\n    at Router.handle (router.js:12)",
        ),
        event("4", 4, b, "api", "{\"level\":\"info\",\"msg\":\"cache warm\",\"keys\":1200}"),
        event(
            "5",
            5,
            a,
            "api",
            "WARN slow query: SELECT * FROM orders WHERE customer_id = $1 AND created_at > now() - interval '30 days' took 2417ms",
        ),
        event("6", 6, b, "api", "GET /health 200 1ms"),
        event("7", 7, a, "api", "POST /pay 502 upstream timeout after 30000ms"),
    ]
}

/// The service's log view with its lines, the tail running with `status`.
fn with_lines(status: TailStatus) -> State {
    let mut s = state();
    let of = LogsOf::Service {
        cluster: fixtures::cluster_arn("prod"),
        service: "arn:aws:ecs:eu-west-1:123456789012:service/prod/api".into(),
        task_definition: API_42.into(),
    };
    nav::push(&mut s, View::Logs(Box::new(LogsView::new(of, 100_000))));
    let effects = update(&mut s, Msg::Tick, fixtures::now());
    let tail = effects
        .iter()
        .find_map(|e| match e {
            Effect::Tail { tail, .. } => Some(*tail),
            _ => None,
        })
        .expect("a tail");
    update(&mut s, Msg::Log { tail, events: events(), status }, fixtures::now());
    s
}

fn live() -> TailStatus {
    TailStatus { mode: TailMode::LiveTail, sampled: false, note: None }
}

#[test]
fn logs_80x24() {
    insta::assert_snapshot!(draw(&mut with_lines(live()), 80, 24));
}

#[test]
fn logs_wide() {
    insta::assert_snapshot!(draw(&mut with_lines(live()), 200, 30));
}

#[test]
fn logs_filtered_paused_pretty_polling() {
    let status = TailStatus {
        mode: TailMode::Polling {
            every: std::time::Duration::from_secs(5),
            backoff: Some(std::time::Duration::from_secs(20)),
            why: "no permission for StartLiveTail".into(),
        },
        sampled: false,
        note: Some("throttled by CloudWatch Logs; retrying".into()),
    };
    let mut s = with_lines(status);
    key(&mut s, KeyCode::Char('/'));
    for c in "pay".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    key(&mut s, KeyCode::Enter);
    key(&mut s, KeyCode::Char('k'));
    key(&mut s, KeyCode::Char('m'));
    key(&mut s, KeyCode::Char('p'));
    insta::assert_snapshot!(draw(&mut s, 100, 26));
}

#[test]
fn logs_starting_and_nothing_to_tail() {
    let mut s = state();
    nav::push(&mut s, View::Logs(Box::new(LogsView::group("/ecs/exec-audit", 100_000))));
    update(&mut s, Msg::Tick, fixtures::now());
    let starting = draw(&mut s, 80, 8);
    let mut td = fixtures::task_definition(42);
    for c in &mut td.container_definitions {
        c.log_configuration = None;
    }
    s.data
        .task_definitions
        .insert(API_42.into(), Resource { value: Some(td), loaded_at: Some(fixtures::now()), ..Default::default() });
    let of = LogsOf::Task {
        cluster: fixtures::cluster_arn("prod"),
        task: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0f13a1b2c3d4e5f60718293a4b5c6d7e".into(),
        task_definition: API_42.into(),
    };
    nav::push(&mut s, View::Logs(Box::new(LogsView::new(of, 100_000))));
    update(&mut s, Msg::Tick, fixtures::now());
    insta::assert_snapshot!(format!("{starting}\n{}", draw(&mut s, 80, 10)));
}

#[test]
fn logs_of_a_firelens_container_say_where_they_go() {
    let mut s = state();
    let of = LogsOf::Container {
        cluster: fixtures::cluster_arn("prod"),
        task: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0f13a1b2c3d4e5f60718293a4b5c6d7e".into(),
        container: "envoy".into(),
        task_definition: API_42.into(),
    };
    nav::push(&mut s, View::Logs(Box::new(LogsView::new(of, 100_000))));
    let effects = update(&mut s, Msg::Tick, fixtures::now());
    assert!(!effects.iter().any(|e| matches!(e, Effect::Tail { .. })), "nothing to tail: {effects:?}");
    insta::assert_snapshot!(draw(&mut s, 80, 12));
}
