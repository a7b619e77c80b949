//! Render snapshots of every view from fixture data (text only; colours come from the theme).
use crate::api::{ApiError, ErrorKind};
use crate::config::{Keymap, Themes};
use crate::fixtures;
use crate::model::{Failure, TaskFilter, TaskStatusFilter};
use crate::state::{Layer, Msg, Resource, Settings, State, Target};
use crate::update::{nav, update};
use crate::views::View;
use chrono::Duration;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

fn loaded<T>(value: T) -> Resource<T> {
    Resource { value: Some(value), loaded_at: Some(fixtures::now() - Duration::seconds(4)), ..Default::default() }
}

pub(super) fn state() -> State {
    let settings = Settings {
        refresh: std::time::Duration::from_secs(10),
        read_only: false,
        protected: vec!["*prod*".into()],
        themes: vec!["default".into()],
    };
    let target = Target {
        profile: Some("prod".into()),
        region: Some("eu-west-1".into()),
        account: Some("123456789012".into()),
        ..Default::default()
    };
    let mut s = State::new(target, Keymap::defaults(), settings, "default".into(), fixtures::now());
    s.connected = true;
    s.data.clusters = loaded(fixtures::clusters());
    let prod = fixtures::cluster_arn("prod");
    s.data.services.insert(prod.clone(), loaded(fixtures::services()));
    let running = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Running };
    let stopped = TaskFilter { service: Some("api".into()), status: TaskStatusFilter::Stopped };
    s.data.tasks.insert((prod.clone(), running), loaded(fixtures::tasks()));
    s.data.tasks.insert((prod, stopped), loaded(fixtures::stopped_tasks()));
    s
}

pub(super) fn push(s: &mut State, view: View) {
    nav::push(s, view);
}

/// Tasks of `api` in prod, stopped ones.
fn stopped(s: &mut State) {
    push(s, View::tasks(fixtures::cluster_arn("prod"), Some("api".into())));
    key(s, KeyCode::Char('x'));
}

pub(super) fn key(s: &mut State, code: KeyCode) {
    update(s, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)), fixtures::now());
}

pub(super) fn draw(s: &mut State, width: u16, height: u16) -> String {
    // Rows are derived after each change, as `update` does; a frame only reads them.
    s.size = (width, height);
    nav::sync(s);
    let themes = Themes::builtin();
    let theme = themes.get("default").cloned().unwrap_or_default();
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test backend");
    terminal.draw(|f| super::render(s, &theme, f)).expect("draw");
    format!("{}", terminal.backend())
}

#[test]
fn clusters() {
    insta::assert_snapshot!(draw(&mut state(), 140, 10));
}

#[test]
fn clusters_narrow() {
    insta::assert_snapshot!(draw(&mut state(), 80, 10));
}

#[test]
fn services() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    insta::assert_snapshot!(draw(&mut s, 140, 10));
}

#[test]
fn tasks_running() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    push(&mut s, View::tasks(fixtures::cluster_arn("prod"), Some("api".into())));
    insta::assert_snapshot!(draw(&mut s, 140, 10));
}

#[test]
fn tasks_stopped() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    stopped(&mut s);
    insta::assert_snapshot!(draw(&mut s, 140, 10));
}

#[test]
fn containers() {
    let mut s = state();
    let task = fixtures::tasks()[0].arn.clone();
    push(&mut s, View::containers(fixtures::cluster_arn("prod"), task));
    insta::assert_snapshot!(draw(&mut s, 140, 8));
}

#[test]
fn describe_yaml_and_json() {
    let mut s = state();
    key(&mut s, KeyCode::Char('d'));
    insta::assert_snapshot!("describe_yaml", draw(&mut s, 100, 16));
    key(&mut s, KeyCode::Char('y'));
    insta::assert_snapshot!("describe_json", draw(&mut s, 100, 16));
}

#[test]
fn help_overlay() {
    let mut s = state();
    s.layers.push(Layer::Help { scroll: 0 });
    insta::assert_snapshot!(draw(&mut s, 100, 40));
}

#[test]
fn filter_and_command_lines() {
    let mut s = state();
    key(&mut s, KeyCode::Char('/'));
    for c in "prod".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!("filtering", draw(&mut s, 100, 8));
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char(':'));
    key(&mut s, KeyCode::Char('t'));
    key(&mut s, KeyCode::Tab);
    insta::assert_snapshot!("command_completion", draw(&mut s, 100, 8));
}

#[test]
fn setup_problem() {
    let mut s = state();
    s.connected = false;
    s.data = Default::default();
    s.setup_error = Some(
        ApiError::new(ErrorKind::ExpiredToken, "the SSO session for profile prod has expired")
            .with_code("ExpiredTokenException")
            .with_hint("run: aws sso login --profile prod"),
    );
    insta::assert_snapshot!(draw(&mut s, 100, 18));
}

#[test]
fn refresh_failed_banner_keeps_data() {
    let mut s = state();
    s.now = fixtures::now() + Duration::seconds(30);
    s.data.clusters.error = Some(ApiError::new(ErrorKind::Throttled, "Rate exceeded").with_code("ThrottlingException"));
    insta::assert_snapshot!(draw(&mut s, 120, 9));
}

#[test]
fn partial_failures_banner() {
    let mut s = state();
    s.data.clusters.failures =
        vec![Failure { arn: fixtures::cluster_arn("gone"), reason: "MISSING".into(), detail: None }];
    insta::assert_snapshot!(draw(&mut s, 120, 9));
}

#[test]
fn empty_and_loading() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("dev")));
    insta::assert_snapshot!("loading", draw(&mut s, 80, 7));
    s.data.services.insert(fixtures::cluster_arn("dev"), loaded(vec![]));
    insta::assert_snapshot!("empty", draw(&mut s, 80, 7));
}

/// Every view draws at any terminal size, down to a single cell, without panicking.
#[test]
fn any_size_draws() {
    let mut views = vec![state()];
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    views.push(s);
    let mut s = state();
    stopped(&mut s);
    views.push(s);
    let mut s = state();
    key(&mut s, KeyCode::Char('d'));
    views.push(s);
    let mut s = state();
    s.layers.push(Layer::Help { scroll: 500 });
    views.push(s);
    let mut s = state();
    s.setup_error = Some(ApiError::new(ErrorKind::NoRegion, "no AWS region is set").with_hint("pass --region"));
    views.push(s);
    let mut s = state();
    journal_of(&mut s, fixtures::journal());
    views.push(s);
    for s in &mut views {
        for (w, h) in [(1, 1), (2, 1), (10, 3), (20, 5), (40, 6), (300, 2)] {
            let text = draw(s, w, h);
            assert_eq!(text.lines().count(), h as usize);
        }
    }
}

/// At 80 columns the stop reason is cut in its column; the line under the table shows it whole.
#[test]
fn narrow_tasks_show_the_selected_reason_in_full() {
    let mut s = state();
    stopped(&mut s);
    let text = draw(&mut s, 80, 12);
    assert!(text.contains("Container …"), "cut in the table:\n{text}");
    let full = "app: OutOfMemoryError: Container killed due to memory usage";
    let joined: String = text.lines().map(|l| l.trim_matches('"').trim_end()).collect::<Vec<_>>().join(" ");
    assert!(joined.contains(full), "the selected row's reason is readable in full:\n{text}");
}

/// The breadcrumbs give way to the age, never the other way round; the footer keeps help and quit.
#[test]
fn narrow_header_keeps_the_age_and_footer_keeps_quit() {
    let mut s = state();
    let long = format!("arn:aws:ecs:eu-west-1:123456789012:cluster/{}", "x".repeat(255));
    push(&mut s, View::services(long));
    let text = draw(&mut s, 80, 8);
    let first = text.lines().next().unwrap_or_default();
    assert!(first.contains("…") && first.contains("loading"), "crumb cut, status kept: {first}");
    let last = text.lines().last().unwrap_or_default();
    assert!(last.contains("? help") && last.contains("q quit"), "{last}");
}

/// A banner longer than the screen wraps instead of losing its end.
#[test]
fn long_banner_wraps() {
    let mut s = state();
    s.data.clusters.error = Some(
        ApiError::new(ErrorKind::Network, "could not reach ecs.eu-west-1.amazonaws.com: connection timed out")
            .with_hint("check the VPN"),
    );
    let text = draw(&mut s, 60, 12);
    let joined: String = text.lines().map(|l| l.trim_matches('"').trim()).collect::<Vec<_>>().join(" ");
    assert!(joined.contains("connection timed out"), "{text}");
    assert!(joined.contains("ago"), "the banner's end is shown: {text}");
}

/// A strategy change on a protected service: where, what, the exact call, expected placement,
/// and the name to type.
#[test]
fn confirm_dialog() {
    let mut s = state();
    s.target.alias = Some("acme-prod".into());
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    let m = crate::mutation::Mutation::ServiceStrategy {
        cluster: fixtures::cluster_arn("prod"),
        service: format!("{}:service/prod/api", fixtures::ACCT),
        strategy: crate::model::Strategy(vec![crate::model::StrategyItem {
            provider: "FARGATE".into(),
            base: 0,
            weight: 1,
        }]),
        force: false,
    };
    crate::update::guard::propose(&mut s, m);
    for c in "ap".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!(draw(&mut s, 100, 30));
}

/// A refused change's reason wraps over the bottom lines instead of being cut.
#[test]
fn long_error_flash_wraps() {
    let mut s = state();
    s.flash(
        crate::state::Level::Error,
        "force a new deployment of payments failed — Invalid request: Unable to update task definition on services \
         with a CODE_DEPLOY deployment controller. Use AWS CodeDeploy to trigger a new deployment.",
    );
    insta::assert_snapshot!(draw(&mut s, 80, 10));
}

/// The journal view over `page`, on top of the cluster list.
fn journal_of(s: &mut State, page: crate::audit::Page) {
    s.data.journal = loaded(page);
    push(s, View::journal());
}

/// The failed change selected: its whole error is readable under the table.
#[test]
fn journal() {
    let mut s = state();
    journal_of(&mut s, fixtures::journal());
    key(&mut s, KeyCode::Char('j'));
    insta::assert_snapshot!(draw(&mut s, 140, 10));
}

#[test]
fn journal_empty_and_unreadable() {
    let mut s = state();
    let path = "/home/me/.local/state/bosun/journal.jsonl";
    journal_of(&mut s, crate::audit::Page { path: path.into(), entries: vec![], older: false });
    insta::assert_snapshot!("journal_empty", draw(&mut s, 120, 7));
    // The read failed: the answer as the runtime gives it.
    let mut s = state();
    push(&mut s, View::journal());
    let req = s.data.journal.pending.expect("the journal is being read");
    let e = ApiError::new(
        ErrorKind::Other,
        format!("cannot read the audit journal {path}: Permission denied (os error 13)"),
    )
    .with_hint("bosun writes the journal for your user only (mode 0600): check the file's owner and permissions");
    update(&mut s, Msg::Loaded { req, load: crate::state::Load::Journal, result: Err(e) }, fixtures::now());
    insta::assert_snapshot!("journal_unreadable", draw(&mut s, 100, 16));
}

/// The strategy editor on api (FARGATE b1 w1 + SPOT w4), then made invalid: a second base and
/// a weight past ECS's limit, each message beside its row.
#[test]
fn strategy_editor() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    key(&mut s, KeyCode::Char('c'));
    insta::assert_snapshot!("strategy_editor", draw(&mut s, 120, 24));
    // Row 2: tab to its base, type 2; tab to its weight, type 2000.
    for _ in 0..4 {
        key(&mut s, KeyCode::Tab);
    }
    key(&mut s, KeyCode::Char('2'));
    key(&mut s, KeyCode::Tab);
    for c in "2000".chars() {
        key(&mut s, KeyCode::Char(c));
    }
    insta::assert_snapshot!("strategy_editor_invalid", draw(&mut s, 120, 24));
}

/// A cluster's default: the provider list Enter would resend, and who follows the default.
#[test]
fn strategy_editor_cluster() {
    let mut s = state();
    // The clusters sort by name: dev first (FARGATE_SPOT only); preset 1 adds FARGATE.
    key(&mut s, KeyCode::Char('c'));
    key(&mut s, KeyCode::Char('1'));
    insta::assert_snapshot!(draw(&mut s, 100, 16));
}

/// Answer `load` as the runtime would, at the fixture time.
pub(super) fn answer(s: &mut State, load: crate::state::Load, result: Result<crate::state::Payload, ApiError>) {
    let req = s.req();
    s.data.start(&load, req);
    assert!(s.data.apply(&load, req, fixtures::now(), result));
    nav::sync(s);
}

fn services_of_prod(s: &mut State, services: Vec<crate::model::Service>) {
    let load = crate::state::Load::Services { cluster: fixtures::cluster_arn("prod") };
    let payload = crate::state::Payload::Services(crate::api::Loaded { items: services, failures: vec![] });
    answer(s, load, Ok(payload));
}

/// The watch of `service` in prod, with `services` and the service's `stopped` tasks loaded
/// just now.
fn watching(services: Vec<crate::model::Service>, service: &str, stopped: Vec<crate::model::Task>) -> State {
    let mut s = state();
    let prod = fixtures::cluster_arn("prod");
    let arn = services.iter().find(|x| x.name == service).map(|x| x.arn.clone()).unwrap_or_default();
    services_of_prod(&mut s, services);
    let filter = TaskFilter { service: Some(service.into()), status: TaskStatusFilter::Stopped };
    let load = crate::state::Load::Tasks { cluster: prod.clone(), filter };
    answer(&mut s, load, Ok(crate::state::Payload::Tasks(crate::api::Loaded { items: stopped, failures: vec![] })));
    push(&mut s, View::services(prod.clone()));
    push(&mut s, View::rollout(prod, arn));
    s
}

#[test]
fn rollout_rolling() {
    let now = fixtures::now();
    let mut s = watching(vec![fixtures::rolling_web(now)], "web", fixtures::rolling_web_stopped(now));
    insta::assert_snapshot!("rollout_rolling_80x24", draw(&mut s, 80, 24));
    insta::assert_snapshot!("rollout_rolling_160x50", draw(&mut s, 160, 50));
}

#[test]
fn rollout_rolled_back() {
    let now = fixtures::now();
    let mut services = fixtures::rollback_services(now);
    // The rollback has two of four tasks of the last good revision up, one more starting.
    let back = &mut services[0].deployments[0];
    (back.running, back.desired, back.pending) = (2, 4, 1);
    let mut s = watching(services, "rolling", fixtures::rolling_back_stopped(now));
    insta::assert_snapshot!("rollout_rolling_back_80x24", draw(&mut s, 80, 24));
    let mut services = fixtures::rollback_services(now);
    let back = &mut services[2].deployments[0];
    (back.running, back.desired) = (4, 4);
    // The failed revision's tasks stopped before the rollback began: they are still this
    // rollout's failures.
    let mut stopped = fixtures::rolling_back_stopped(now);
    stopped.iter_mut().for_each(|t| t.group = Some("service:rolled".into()));
    let mut s = watching(services, "rolled", stopped);
    insta::assert_snapshot!("rollout_rolled_back_80x24", draw(&mut s, 80, 24));
}

#[test]
fn rollout_events_scroll_and_never_cut() {
    let now = fixtures::now();
    let mut s = watching(vec![fixtures::rolling_web(now)], "web", fixtures::rolling_web_stopped(now));
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    key(&mut s, KeyCode::Down);
    let screen = draw(&mut s, 80, 24);
    // Scrolled past the failed task and the events' heading: the newest event comes first,
    // then the health-check failure, whole (its end included).
    assert!(screen.contains("↑ 3 above"), "{screen}");
    assert!(!screen.contains("events, newest first"), "{screen}");
    assert!(!screen.contains("7a7a7a7a prod-web:18"), "{screen}");
    let feed: Vec<&str> = screen.lines().skip(13).collect();
    assert!(feed[0].contains("20s (service web) has started 1 tasks"), "{screen}");
    for part in ["45s (service web) (task 7a7a7a7a7a7a) failed ELB health checks in", "123456789abcdef)."] {
        assert!(screen.contains(part), "{part} missing:\n{screen}");
    }
}

#[test]
fn rollout_gone_and_failed_cluster_say_so() {
    let now = fixtures::now();
    let mut s = watching(vec![fixtures::rolling_web(now)], "web", vec![]);
    services_of_prod(&mut s, vec![]);
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("web is not among the services of prod (as of 0s ago)"), "{screen}");
    let mut s = state();
    s.data.services.clear();
    push(&mut s, View::rollout(fixtures::cluster_arn("prod"), "arn:aws:ecs:eu-west-1:123456789012:service/prod/web"));
    let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized to perform ecs:DescribeServices");
    answer(&mut s, crate::state::Load::Services { cluster: fixtures::cluster_arn("prod") }, Err(denied));
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("services could not be loaded"), "{screen}");
    assert!(screen.contains("not authorized to perform ecs:DescribeServices"), "{screen}");
}

/// The detail of `api` in prod, opened from the services, with events of every kind, a load
/// balancer, alarms and a network; its running tasks (one on FARGATE, two on Spot) loaded.
pub(super) fn detail() -> State {
    use crate::model::{AwsVpc, DeploymentAlarms, LoadBalancer, ServiceEvent};
    let mut s = state();
    let mut services = fixtures::services();
    let api = &mut services[0];
    let at = |mins: i64| Some(fixtures::now() - Duration::minutes(mins));
    let event = |mins: i64, message: &str| ServiceEvent {
        id: format!("e{mins}"),
        created_at: at(mins),
        message: message.into(),
    };
    api.events = vec![
        event(2, "(service api) has reached a steady state."),
        event(
            9,
            "(service api) (task 0f13a1b2c3d4e5f60718293a4b5c6d7e) failed ELB health checks in (target-group arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123abcd).",
        ),
        event(
            31,
            "(service api) was unable to place a task because no container instance met all of its requirements.",
        ),
        event(
            180,
            "(service api) has started 4 tasks: (task 0f13a1b2) (task 9a8b7c6d) (task c0ffee00) (task 1234abcd).",
        ),
    ];
    api.deployments[0].rollout_reason = Some("ECS deployment ecs-svc/180 completed.".into());
    (api.deployments[0].desired, api.deployments[0].running) = (4, 4);
    api.load_balancers = vec![LoadBalancer {
        target_group_arn: Some(
            "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/prod-api/0123abcd".into(),
        ),
        container_name: Some("app".into()),
        container_port: Some(8080),
    }];
    api.alarms = Some(DeploymentAlarms { alarm_names: vec!["prod-api-5xx".into()], enable: true, rollback: true });
    api.network = Some(AwsVpc {
        subnets: vec!["subnet-0a1b2c3d".into(), "subnet-4e5f6a7b".into()],
        security_groups: vec!["sg-0123456789abcdef0".into()],
        assign_public_ip: Some("DISABLED".into()),
    });
    api.platform_version = Some("LATEST".into());
    let arn = api.arn.clone();
    services_of_prod(&mut s, services);
    let prod = fixtures::cluster_arn("prod");
    push(&mut s, View::services(prod.clone()));
    push(&mut s, View::service(prod, arn));
    s
}

#[test]
fn service_detail() {
    let mut s = detail();
    insta::assert_snapshot!("service_detail_80x24", draw(&mut s, 80, 24));
    insta::assert_snapshot!("service_detail_160x50", draw(&mut s, 160, 50));
}

#[test]
fn service_detail_mix_and_zoomed_events() {
    let mut s = detail();
    key(&mut s, KeyCode::Char('4'));
    let screen = draw(&mut s, 80, 24);
    // Expected 1 and 3 at desired 4; actual 1 and 2, each within its share: one task short
    // overall, which the events explain.
    assert!(screen.contains("1 task fewer than desired (3 placed of 4): see the events"), "{screen}");
    assert!(screen.contains("Spot share  67% actual · 75% expected"), "{screen}");
    insta::assert_snapshot!("service_detail_mix_80x24", screen);
    key(&mut s, KeyCode::Char('3'));
    key(&mut s, KeyCode::Char('z'));
    key(&mut s, KeyCode::Down);
    let screen = draw(&mut s, 80, 24);
    assert!(screen.contains("↑ 1 above"), "{screen}");
    assert!(!screen.contains("steady state"), "scrolled past the newest event:\n{screen}");
    // The health-check failure wraps, its end included.
    assert!(screen.contains("/0123abcd)."), "{screen}");
    insta::assert_snapshot!("service_detail_events_zoomed_80x24", screen);
}

/// prod-api:41 and :42 loaded.
fn with_task_definitions() -> State {
    let mut s = state();
    for rev in [41, 42] {
        s.data.task_definitions.insert(format!("prod-api:{rev}"), loaded(fixtures::task_definition(rev)));
    }
    s
}

#[test]
fn task_definition_masked() {
    let mut s = with_task_definitions();
    push(&mut s, View::task_definition("prod-api:42"));
    // Down to the environment: the values there are masked.
    for _ in 0..44 {
        key(&mut s, KeyCode::Char('j'));
    }
    let frame = draw(&mut s, 80, 24);
    assert!(frame.contains("value: ••••••") && frame.contains("SESSION_PEPPER"), "{frame}");
    assert!(!frame.contains(fixtures::PEPPER), "a masked value is nowhere in the frame: {frame}");
    insta::assert_snapshot!(frame);
}

#[test]
fn task_definition_summary() {
    let mut s = with_task_definitions();
    push(&mut s, View::task_definition("prod-api:42"));
    insta::assert_snapshot!(draw(&mut s, 80, 24));
}

#[test]
fn task_definition_diff() {
    let mut s = with_task_definitions();
    push(&mut s, View::task_definition_diff("prod-api:41", "prod-api:42"));
    let frame = draw(&mut s, 80, 24);
    assert!(!frame.contains(fixtures::PEPPER), "{frame}");
    insta::assert_snapshot!(frame);
}

/// The fixture fleet with the batch cluster, and every load of the cluster detail answered for
/// batch (Auto Scaling group providers, a lost agent, a draining instance) and prod (Fargate).
fn cluster_detail_state() -> State {
    let mut s = state();
    if let Some(c) = s.data.clusters.value.as_mut() {
        c.push(fixtures::batch_cluster());
    }
    let running = TaskFilter { service: None, status: TaskStatusFilter::Running };
    let batch = fixtures::cluster_arn("batch");
    s.data.services.insert(batch.clone(), loaded(fixtures::batch_services()));
    s.data.tasks.insert((batch.clone(), running.clone()), loaded(fixtures::batch_tasks()));
    s.data.capacity_providers.insert(batch.clone(), loaded(fixtures::batch_providers()));
    s.data.container_instances.insert(batch, loaded(fixtures::batch_instances()));
    let prod = fixtures::cluster_arn("prod");
    s.data.tasks.insert((prod.clone(), running), loaded(fixtures::tasks()));
    let fargate = ["FARGATE", "FARGATE_SPOT"].map(crate::model::CapacityProvider::aws_managed).to_vec();
    s.data.capacity_providers.insert(prod.clone(), loaded(fargate));
    s.data.container_instances.insert(prod, loaded(vec![]));
    s
}

#[test]
fn cluster_detail_batch_120x40() {
    let mut s = cluster_detail_state();
    push(&mut s, View::cluster(fixtures::cluster_arn("batch")));
    insta::assert_snapshot!(draw(&mut s, 120, 40));
}

#[test]
fn cluster_detail_batch_80x24() {
    let mut s = cluster_detail_state();
    push(&mut s, View::cluster(fixtures::cluster_arn("batch")));
    let summary = draw(&mut s, 80, 24);
    key(&mut s, KeyCode::Char('2'));
    let providers = draw(&mut s, 80, 24);
    key(&mut s, KeyCode::Char('3'));
    let instances = draw(&mut s, 80, 24);
    insta::assert_snapshot!(format!("{summary}\n{providers}\n{instances}"));
}

#[test]
fn cluster_detail_prod_120x40() {
    let mut s = cluster_detail_state();
    push(&mut s, View::cluster(fixtures::cluster_arn("prod")));
    insta::assert_snapshot!(draw(&mut s, 120, 40));
}

#[test]
fn cluster_detail_prod_mix_80x24() {
    let mut s = cluster_detail_state();
    push(&mut s, View::cluster(fixtures::cluster_arn("prod")));
    key(&mut s, KeyCode::Char('4'));
    let mix = draw(&mut s, 80, 24);
    key(&mut s, KeyCode::Char('3'));
    let instances = draw(&mut s, 80, 24);
    insta::assert_snapshot!(format!("{mix}\n{instances}"));
}

#[test]
fn cluster_detail_160x50_loading_and_failed() {
    let mut s = state();
    let prod = fixtures::cluster_arn("prod");
    let err = ApiError::new(ErrorKind::AccessDenied, "not authorized to perform: ecs:DescribeCapacityProviders");
    s.data.capacity_providers.insert(prod.clone(), Resource { error: Some(err), ..Default::default() });
    push(&mut s, View::cluster(prod));
    insta::assert_snapshot!(draw(&mut s, 160, 50));
}

/// The detail of `api` with three service registries: one named, one the role may not read,
/// one deleted from Cloud Map; the summary zoomed.
#[test]
fn service_detail_discovery_names() {
    use crate::model::{DiscoveryService, DnsRecord, Namespace, NamespaceKind, Registry};
    use crate::state::{Load, Payload};
    let arn = |id: &str| format!("arn:aws:servicediscovery:eu-west-1:123456789012:service/{id}");
    let (named, refused, gone) =
        (arn("srv-0a1b2c3d4e5f6a7b"), arn("srv-1b2c3d4e5f6a7b8c"), arn("srv-2c3d4e5f6a7b8c9d"));
    let mut s = state();
    let mut services = fixtures::services();
    services[0].service_registries = vec![named.clone(), refused.clone(), gone.clone()];
    let service = services[0].arn.clone();
    services_of_prod(&mut s, services);
    let prod = fixtures::cluster_arn("prod");
    push(&mut s, View::services(prod.clone()));
    push(&mut s, View::service(prod, service));
    let registry = Registry {
        service: DiscoveryService {
            id: "srv-0a1b2c3d4e5f6a7b".into(),
            arn: Some(named.clone()),
            name: "api".into(),
            namespace_id: Some("ns-prodlocal".into()),
            dns_records: vec![DnsRecord { kind: "A".into(), ttl: 60 }],
            routing_policy: Some("MULTIVALUE".into()),
        },
        namespace: Some(Namespace {
            id: "ns-prodlocal".into(),
            name: "prod.local".into(),
            kind: NamespaceKind::DnsPrivate,
            ..Default::default()
        }),
        namespace_problem: None,
    };
    answer(&mut s, Load::Discovery { arn: named }, Ok(Payload::Discovery(Box::new(registry))));
    let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized").with_code("AccessDeniedException");
    answer(&mut s, Load::Discovery { arn: refused }, Err(denied));
    let missing = ApiError::new(ErrorKind::NotFound, "Service not found.").with_code("ServiceNotFound");
    answer(&mut s, Load::Discovery { arn: gone }, Err(missing));
    key(&mut s, KeyCode::Char('z'));
    let screen = draw(&mut s, 100, 32);
    assert!(screen.contains("api.prod.local (DNS private, A 60s) · srv-0a1b2c3d4e5f6a7b"), "{screen}");
    // Wrapped under its label, never cut.
    assert!(screen.contains("name unknown: no permission for") && screen.contains("servicediscovery:GetService"));
    assert!(screen.contains("srv-2c3d4e5f6a7b8c9d is gone"), "{screen}");
    insta::assert_snapshot!("service_detail_discovery_100x32", screen);
}

/// The service detail of `api` with its deployment history loaded and what each deployment
/// deployed (service revisions): a release, an alarm rollback, a move to Spot, the first.
fn detail_with_history() -> State {
    use crate::api::ServiceDeployment;
    use crate::model::{ContainerImage, ServiceRevision, Strategy, StrategyItem};
    let mut s = detail();
    let acct = fixtures::ACCT;
    let rev = |i: usize| format!("{acct}:service-revision/prod/api/{i}");
    let at = |mins: i64| Some(fixtures::now() - Duration::minutes(mins));
    let dep = |i: usize, status: &str, mins: i64, source: Option<usize>| ServiceDeployment {
        arn: format!("{acct}:service-deployment/prod/api/{i}"),
        status: status.into(),
        target_revision: Some(rev(i)),
        source_revisions: source.map(rev).into_iter().collect(),
        created_at: at(mins),
        started_at: at(mins),
        finished_at: at(mins - 9),
        ..Default::default()
    };
    let mut rolled = dep(1, "ROLLBACK_SUCCESSFUL", 2 * 1440, Some(2));
    rolled.status_reason = Some("Service deployment rolled back because the alarm api-5xx went into ALARM.".into());
    let history = vec![
        dep(0, "SUCCESSFUL", 180, Some(2)),
        rolled,
        dep(2, "SUCCESSFUL", 9 * 1440, Some(3)),
        dep(3, "SUCCESSFUL", 30 * 1440, None),
    ];
    let spot = Strategy(vec![
        StrategyItem { provider: "FARGATE".into(), base: 1, weight: 1 },
        StrategyItem { provider: "FARGATE_SPOT".into(), base: 0, weight: 4 },
    ]);
    let on_demand = Strategy(vec![StrategyItem { provider: "FARGATE".into(), base: 0, weight: 1 }]);
    let revision = |i: usize, td: u32, strategy: &Strategy| ServiceRevision {
        arn: rev(i),
        task_definition: format!("{acct}:task-definition/api:{td}"),
        strategy: strategy.clone(),
        container_images: vec![ContainerImage {
            container_name: "api".into(),
            image: format!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/api:1.{td}.0"),
            image_digest: Some(format!("sha256:{td:064}")),
        }],
        ..Default::default()
    };
    // Newer than anything the detail derived from, as a load's answer would be.
    let version = 1_000;
    for r in [revision(0, 42, &spot), revision(1, 42, &spot), revision(2, 41, &spot), revision(3, 41, &on_demand)] {
        s.data.service_revisions.insert(r.arn.clone(), Resource { version, ..loaded(r) });
    }
    let key = (fixtures::cluster_arn("prod"), fixtures::services()[0].arn.clone());
    s.data.deployments.insert(key, Resource { version, ..loaded(history) });
    s
}

#[test]
fn service_detail_deployments_with_what_each_deployed() {
    let mut s = detail_with_history();
    key(&mut s, KeyCode::Char('2'));
    // The pick starts on the current deployment; two down is the alarm's rollback.
    key(&mut s, KeyCode::Char('j'));
    key(&mut s, KeyCode::Char('j'));
    // Zoomed: with six panes the grid leaves the deployments a third of the height.
    key(&mut s, KeyCode::Char('z'));
    let wide = draw(&mut s, 160, 50);
    key(&mut s, KeyCode::Char('z'));
    for said in [
        "changed: task definition api:41 → api:42 · image api 1.41.0 → 1.42.0",
        "changed: placement FARGATE w1 → FARGATE b1 w1 · SPOT w4",
        "▶    2d ROLLBACK_SUCCESSFUL  api:42",
    ] {
        assert!(wide.contains(said), "{said}:\n{wide}");
    }
    insta::assert_snapshot!("service_detail_deployments_160x50", wide);
    key(&mut s, KeyCode::Char('j'));
    let narrow = draw(&mut s, 80, 24);
    assert!(narrow.contains("▶    9d SUCCESSFUL  api:41"), "the pane follows the pick:\n{narrow}");
    insta::assert_snapshot!("service_detail_deployments_80x24", narrow);

    // Enter diffs the picked deployment's definition (api:41) with the current one.
    key(&mut s, KeyCode::Enter);
    assert!(
        matches!(&s.view(), View::TaskDef(_)) && s.view().screen().title().contains("api:41"),
        "{}",
        s.view().screen().title()
    );
    // Back, up to the rollback (it ran the current definition): D diffs the revision before.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('k'));
    key(&mut s, KeyCode::Char('D'));
    let title = s.view().screen().title();
    assert!(title.contains("api:41") && title.contains("api:42"), "{title}");
    // Enter outside the deployments pane says where it works.
    key(&mut s, KeyCode::Esc);
    key(&mut s, KeyCode::Char('1'));
    key(&mut s, KeyCode::Enter);
    assert!(s.flash.as_ref().is_some_and(|f| f.text.contains("deployments pane")), "{:?}", s.flash);
}
