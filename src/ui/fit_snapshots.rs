//! Snapshots of what must fit a small screen: the confirm dialog's long call, the strategy
//! editor's scrolling, the footer's hints at every width.
use super::snapshots::{draw, key, push, state};
use crate::fixtures;
use crate::mutation::Mutation;
use crate::views::View;
use crossterm::event::KeyCode;

/// The rows of the box's inside (between `│ ` and ` │`).
fn boxed(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| {
            let l = l.trim_matches('"');
            let start = l.find("│ ")?;
            let end = l.rfind(" │")?;
            (end > start).then(|| l[start + "│ ".len()..end].trim_end().to_string())
        })
        .collect()
}

/// A rollback's deployment ARN is longer than the dialog at 80 columns: it goes on under the
/// option, indented past it, and every character of it is there.
#[test]
fn confirm_dialog_wraps_a_long_arn_under_the_command() {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    let deployment = format!("{}:service-deployment/prod/api/r4nd0mDeploymentIdThatIsLong", fixtures::ACCT);
    let m = Mutation::Rollback {
        cluster: fixtures::cluster_arn("prod"),
        service: format!("{}:service/prod/api", fixtures::ACCT),
        deployment: deployment.clone(),
    };
    crate::update::guard::propose(&mut s, m);
    let text = draw(&mut s, 80, 24);
    insta::assert_snapshot!(text);
    let rows = boxed(&text);
    let start = rows.iter().position(|r| r.starts_with("    --service-deployment-arn")).expect("the option");
    let mut arn =
        rows[start].trim_start_matches("    --service-deployment-arn").trim().trim_end_matches(" \\").to_string();
    let mut next = start + 1;
    while rows[next].starts_with("        ") {
        arn.push_str(rows[next].trim_start().trim_end_matches(" \\"));
        next += 1;
    }
    assert!(next > start + 1, "the ARN needs more than one line at 80 columns: {text}");
    assert_eq!(arn, deployment, "{text}");
    assert!(rows[next].starts_with("    --stop-type ROLLBACK"), "{text}");
}

/// The editor on api with 20 rows, each with messages (an unknown provider, a second base, a
/// weight past the limit): far taller than 80x24.
fn crowded_editor() -> crate::state::State {
    let mut s = state();
    push(&mut s, View::services(fixtures::cluster_arn("prod")));
    key(&mut s, KeyCode::Char('c'));
    let Some(View::Strategy(v)) = s.stack.last_mut().map(|e| &mut e.view) else { panic!("the editor is open") };
    v.rows = (0..20)
        .map(|i| crate::model::StrategyItem { provider: format!("PROVIDER_{i}"), base: 1, weight: 2000 })
        .collect();
    s
}

/// Every line of the editor can be reached with PgDn, the last line says what is above and
/// below, and moving to the last row brings it into sight.
#[test]
fn strategy_editor_scrolls_on_a_small_screen() {
    let mut s = crowded_editor();
    let first = draw(&mut s, 80, 24);
    insta::assert_snapshot!("strategy_editor_scrolls_top_80x24", first);
    assert!(first.contains("more below") && first.contains("pgup/pgdn scroll"), "{first}");
    let mut seen = first.clone();
    let mut last = first;
    for _ in 0..40 {
        if !last.contains("more below") {
            break;
        }
        key(&mut s, KeyCode::PageDown);
        last = draw(&mut s, 80, 24);
        seen.push_str(&last);
    }
    insta::assert_snapshot!("strategy_editor_scrolls_end_80x24", last);
    assert!(!last.contains("more below") && last.contains("lines above"), "{last}");
    for i in 0..20 {
        assert!(seen.contains(&format!("PROVIDER_{i} ")), "row {i} is never shown: {seen}");
    }
    assert!(seen.contains("the new split is shown once the strategy passes the checks above"), "{seen}");

    // Back to the top with PgUp, then down to the last row: the focus stays in sight.
    for _ in 0..40 {
        key(&mut s, KeyCode::PageUp);
    }
    assert!(!draw(&mut s, 80, 24).contains("lines above"));
    for _ in 0..19 {
        key(&mut s, KeyCode::Down);
    }
    let text = draw(&mut s, 80, 24);
    assert!(text.contains("▸ PROVIDER_19"), "{text}");
}

/// Every view, by name, on top of the clusters list.
fn every_view() -> Vec<(&'static str, crate::state::State)> {
    let prod = fixtures::cluster_arn("prod");
    let api = format!("{}:service/prod/api", fixtures::ACCT);
    let on = |view: View| {
        let mut s = state();
        push(&mut s, view);
        s
    };
    let mut editor = state();
    push(&mut editor, View::services(prod.clone()));
    key(&mut editor, KeyCode::Char('c'));
    let logs = View::Logs(Box::new(crate::views::LogsView::new(
        crate::views::LogsOf::Service { cluster: prod.clone(), service: api.clone(), task_definition: "api:42".into() },
        1000,
    )));
    vec![
        ("clusters", state()),
        ("services", on(View::services(prod.clone()))),
        ("tasks", on(View::tasks(prod.clone(), Some("api".into())))),
        ("containers", on(View::containers(prod.clone(), format!("{}:task/prod/0a1b2c3d", fixtures::ACCT)))),
        ("describe", on(View::describe(crate::views::Subject::Cluster { arn: prod.clone() }))),
        ("journal", on(View::journal())),
        ("strategy", editor),
        ("rollout", on(View::rollout(prod.clone(), api.clone()))),
        ("taskdef", on(View::task_definition("api:42"))),
        ("service", on(View::service(prod.clone(), api.clone()))),
        ("cluster", on(View::cluster(prod.clone()))),
        ("alarms", on(View::alarms(Some(prod.clone())))),
        ("alarm", on(View::alarm("api-5xx"))),
        ("logs", on(logs)),
        ("triage", on(View::triage(crate::triage::Thresholds::default(), false))),
    ]
}

/// The footer of every view at 80, 120, 160 and 200 columns: the most useful hints first, as
/// many whole ones as fit, and `q quit  ? help` at the end of every one.
#[test]
fn footer_hints_fit_every_width() {
    let mut all = String::new();
    for (name, mut s) in every_view() {
        for width in [80u16, 120, 160, 200] {
            let text = draw(&mut s, width, 24);
            let footer = text.lines().last().unwrap_or_default().trim_matches('"').trim_end().to_string();
            assert!(footer.ends_with("q quit  ? help"), "{name} at {width}: {footer:?}");
            // Every hint is whole: a key, a space, a word, then two spaces (the line's end aside).
            for hint in footer.trim_start().split("  ") {
                assert!(
                    hint.contains(' ') && !hint.ends_with(' '),
                    "{name} at {width}: cut hint {hint:?} in {footer:?}"
                );
            }
            all.push_str(&format!("{name:<10} {width:>3} |{footer}\n"));
        }
    }
    insta::assert_snapshot!(all);
}
