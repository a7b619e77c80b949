use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::*;

fn key(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn ch(c: char) -> KeyEvent {
    key(KeyCode::Char(c), KeyModifiers::NONE)
}

/// The defaults promised in docs/keymap.md, written out independently of keymap.toml.
const EXPECTED: &[(Context, Action, &[&str])] = &[
    (Context::Global, Action::Quit, &["q", "ctrl-c"]),
    (Context::Global, Action::Back, &["esc"]),
    (Context::Global, Action::Open, &["enter"]),
    (Context::Global, Action::Filter, &["/"]),
    (Context::Global, Action::Command, &[":"]),
    (Context::Global, Action::Help, &["?"]),
    (Context::Global, Action::Describe, &["d"]),
    (Context::Global, Action::Refresh, &["ctrl-r"]),
    (Context::Global, Action::Up, &["k", "up"]),
    (Context::Global, Action::Down, &["j", "down"]),
    (Context::Global, Action::PageUp, &["pgup", "ctrl-b"]),
    (Context::Global, Action::PageDown, &["pgdn", "ctrl-f"]),
    (Context::Global, Action::Top, &["g", "home"]),
    (Context::Global, Action::Bottom, &["G", "end"]),
    (Context::Global, Action::SortNext, &["o"]),
    (Context::Global, Action::SortReverse, &["O"]),
    (Context::Clusters, Action::ClusterTasks, &["t"]),
    (Context::Tasks, Action::ToggleStopped, &["x"]),
    (Context::Describe, Action::ToggleFormat, &["y"]),
];

#[test]
fn embedded_keymap_parses_without_warnings_and_binds_every_default() {
    let (keymap, warnings) = Keymap::parse_defaults();
    assert_eq!(warnings, Vec::<String>::new());
    for (ctx, action, keys) in EXPECTED {
        assert_eq!(keymap.keys(*ctx, *action), *keys, "{ctx:?} {action:?}");
        for name in *keys {
            let spec = KeySpec::parse(name).unwrap();
            let event = key(spec.code, spec.mods);
            assert_eq!(keymap.action(*ctx, &event), Some(*action), "{name} in {ctx:?}");
        }
    }
    // Context-specific actions stay in their context.
    assert_eq!(keymap.action(Context::Services, &ch('x')), None);
    assert_eq!(keymap.action(Context::Clusters, &ch('t')), Some(Action::ClusterTasks));
    assert_eq!(keymap.action(Context::Tasks, &ch('t')), None);
}

#[test]
fn every_action_and_context_name_round_trips() {
    for &action in Action::all() {
        assert_eq!(Action::from_name(action.name()), Some(action));
        assert!(!action.description().is_empty());
    }
    for &ctx in Context::all() {
        assert_eq!(Context::from_name(ctx.name()), Some(ctx));
    }
    assert_eq!(Action::from_name("toggle_stoped"), None);
}

#[test]
fn key_matching() {
    let km = Keymap::defaults();
    assert_eq!(km.action(Context::Tasks, &key(KeyCode::Char('c'), KeyModifiers::CONTROL)), Some(Action::Quit));
    assert_eq!(km.action(Context::Tasks, &key(KeyCode::Char('G'), KeyModifiers::SHIFT)), Some(Action::Bottom));
    assert_eq!(km.action(Context::Tasks, &ch('g')), Some(Action::Top));
    assert_eq!(km.action(Context::Describe, &key(KeyCode::Esc, KeyModifiers::NONE)), Some(Action::Back));
    assert_eq!(km.action(Context::Clusters, &key(KeyCode::PageDown, KeyModifiers::NONE)), Some(Action::PageDown));
    assert_eq!(km.action(Context::Global, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(Action::Help));
    assert_eq!(km.action(Context::Global, &ch('z')), None);
    let mut release = ch('q');
    release.kind = KeyEventKind::Release;
    assert_eq!(km.action(Context::Global, &release), None);
}

#[test]
fn user_override_replaces_only_the_named_entry() {
    let (km, warnings) = Keymap::with_user("[tasks]\ntoggle_stopped = \"s\"\n[global]\nquit = [\"Q\"]\n");
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(km.keys(Context::Tasks, Action::ToggleStopped), ["s"]);
    assert_eq!(km.action(Context::Tasks, &ch('x')), None);
    assert_eq!(km.action(Context::Tasks, &ch('s')), Some(Action::ToggleStopped));
    assert_eq!(km.keys(Context::Global, Action::Quit), ["Q"]);
    assert_eq!(km.action(Context::Global, &ch('q')), None);
    // Untouched entries keep their defaults.
    let defaults = Keymap::defaults();
    for (ctx, action, _) in EXPECTED {
        if !matches!(action, Action::ToggleStopped | Action::Quit) {
            assert_eq!(km.keys(*ctx, *action), defaults.keys(*ctx, *action), "{action:?}");
        }
    }
}

#[test]
fn context_binding_shadows_global_key() {
    // `d` in the tasks view now toggles stopped tasks; describe is still `d` elsewhere.
    let (km, warnings) = Keymap::with_user("[tasks]\ntoggle_stopped = [\"x\", \"d\"]\n");
    assert_eq!(
        warnings,
        [
            "keymap.toml: [tasks] toggle_stopped: key \"d\" is describe's in [global]; in [tasks] it now runs toggle_stopped"
        ]
    );
    assert_eq!(km.action(Context::Tasks, &ch('d')), Some(Action::ToggleStopped));
    assert_eq!(km.action(Context::Services, &ch('d')), Some(Action::Describe));
    assert_eq!(km.keys(Context::Tasks, Action::Describe), Vec::<String>::new());
    assert!(!km.bindings(Context::Tasks).iter().any(|(a, _)| *a == Action::Describe));
}

#[test]
fn rebinding_a_used_key_moves_it() {
    let (km, warnings) = Keymap::with_user("[global]\nrefresh = [\"d\"]\n");
    assert_eq!(
        warnings,
        [
            "keymap.toml: [global] refresh: key \"d\" was describe's; it moves to refresh (rebind describe too if that is meant)"
        ]
    );
    assert_eq!(km.action(Context::Global, &ch('d')), Some(Action::Refresh));
    assert_eq!(km.keys(Context::Global, Action::Describe), Vec::<String>::new());

    let (_, warnings) = Keymap::with_user("[global]\nrefresh = [\"F\"]\nhelp = [\"F\"]\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("key \"F\" is also bound to"), "{}", warnings[0]);
    // Rebinding the action that loses the key too is deliberate: nothing to report.
    let (km, warnings) = Keymap::with_user("[global]\nrefresh = [\"d\"]\ndescribe = [\"I\"]\n");
    assert_eq!(warnings, Vec::<String>::new());
    assert_eq!(km.action(Context::Global, &key(KeyCode::Char('I'), KeyModifiers::SHIFT)), Some(Action::Describe));
}

/// `shift-/` used to parse as `/`: it took the filter key and left `?` (what shift-/ types)
/// without help. It is now refused, and the defaults stay.
#[test]
fn shift_with_a_symbol_is_refused_and_keeps_the_defaults() {
    let (km, warnings) = Keymap::with_user("[global]\nhelp = \"shift-/\"\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(
        warnings[0].starts_with("keymap.toml: [global] help: \"shift-/\" is not a key terminals send"),
        "{}",
        warnings[0]
    );
    assert!(warnings[0].contains("\"?\""), "{}", warnings[0]);
    assert_eq!(km, Keymap::defaults());
    assert_eq!(km.action(Context::Global, &ch('/')), Some(Action::Filter));
    assert_eq!(km.action(Context::Global, &key(KeyCode::Char('?'), KeyModifiers::SHIFT)), Some(Action::Help));
}

#[test]
fn two_spellings_of_one_key_are_reported() {
    let (km, warnings) = Keymap::with_user("[global]\nbottom = [\"G\", \"shift-g\", \"end\"]\n");
    assert_eq!(warnings, ["keymap.toml: [global] bottom: \"shift-g\" is the same key as \"G\" (listed once)"]);
    assert_eq!(km.keys(Context::Global, Action::Bottom), ["G", "end"]);
}

/// A `[global]` key that a view's own table gives to another action never runs there.
#[test]
fn a_global_key_shadowed_by_a_view_is_reported() {
    let (km, warnings) = Keymap::with_user("[global]\nrefresh = [\"ctrl-r\", \"x\"]\n");
    assert_eq!(
        warnings,
        [
            "keymap.toml: [global] refresh: key \"x\" runs toggle_stopped in [tasks], so refresh does not run there",
            "keymap.toml: [global] refresh: key \"x\" runs remove_provider in [strategy], so refresh does not run there"
        ]
    );
    assert_eq!(km.action(Context::Tasks, &ch('x')), Some(Action::ToggleStopped));
    assert_eq!(km.action(Context::Services, &ch('x')), Some(Action::Refresh));
    // Moving toggle_stopped and remove_provider in the same file settles it.
    let (_, warnings) = Keymap::with_user(
        "[global]\nrefresh = [\"x\"]\n[tasks]\ntoggle_stopped = [\"s\"]\n[strategy]\nremove_provider = [\"delete\"]\n",
    );
    assert_eq!(warnings, Vec::<String>::new());
}

#[test]
fn bad_entries_warn_and_keep_defaults() {
    let user = r#"
[tasks]
toggle_stoped = ["s"]
toggle_stopped = ["ctrll-x"]
[task]
quit = ["Q"]
[global]
help = 5
describe = ["D", "hyper-d"]
refresh = ["F5"]
"#;
    let (km, warnings) = Keymap::with_user(user);
    assert_eq!(warnings.len(), 5, "{warnings:#?}");
    assert!(warnings.contains(&"keymap.toml: [tasks] toggle_stoped: unknown action (kept defaults)".to_string()));
    let has = |needle: &str| warnings.iter().any(|w| w.contains(needle));
    assert!(has("[tasks] toggle_stopped: unknown key \"ctrll-x\""), "{warnings:#?}");
    assert!(has("[task]: unknown context"), "{warnings:#?}");
    assert!(has("[global] help: expected a key name"), "{warnings:#?}");
    assert!(has("[global] describe: unknown key \"hyper-d\""), "{warnings:#?}");
    assert!(warnings.iter().all(|w| w.starts_with("keymap.toml: ") && w.ends_with("(kept defaults)")));
    let defaults = Keymap::defaults();
    for action in [Action::ToggleStopped, Action::Help, Action::Describe, Action::Quit] {
        for ctx in [Context::Global, Context::Tasks] {
            assert_eq!(km.keys(ctx, action), defaults.keys(ctx, action), "{ctx:?} {action:?}");
        }
    }
    // The one good entry in the same file still applies.
    assert_eq!(km.keys(Context::Global, Action::Refresh), ["f5"]);
}

#[test]
fn syntax_error_gives_one_warning_and_defaults() {
    let (km, warnings) = Keymap::with_user("[global]\nquit = [\"Q\"\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].starts_with("keymap.toml: syntax error at line"), "{}", warnings[0]);
    assert_eq!(km, Keymap::defaults());

    let (_, warnings) = Keymap::with_user("global = 3\n");
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("expected a table [global]"));
}

#[test]
fn empty_list_unbinds() {
    let (km, warnings) = Keymap::with_user("[global]\nsort_next = []\n");
    assert!(warnings.is_empty());
    assert_eq!(km.action(Context::Global, &ch('o')), None);
    assert!(!km.bindings(Context::Global).iter().any(|(a, _)| *a == Action::SortNext));
}

#[test]
fn bindings_list_context_actions_first() {
    let km = Keymap::defaults();
    let tasks = km.bindings(Context::Tasks);
    assert_eq!(tasks[0], (Action::ToggleStopped, vec!["x".to_string()]));
    assert_eq!(tasks[1], (Action::StopTask, vec!["ctrl-k".to_string(), "K".to_string()]));
    assert_eq!(tasks[2], (Action::TaskDefinition, vec!["T".to_string()]));
    assert_eq!(tasks[3], (Action::Logs, vec!["l".to_string()]));
    assert_eq!(tasks[4].0, Action::Quit);
    assert_eq!(tasks.len(), 21, "17 global actions plus toggle_stopped, stop_task, task_definition and logs");
    assert!(!tasks.iter().any(|(a, _)| *a == Action::ClusterTasks));
    let global = km.bindings(Context::Global);
    assert_eq!(global.len(), 17);
    let mut expected = Action::all()[..16].to_vec();
    expected.push(Action::Journal);
    assert_eq!(global.iter().map(|(a, _)| *a).collect::<Vec<_>>(), expected);
}

#[test]
fn load_reads_the_config_dir() {
    let dir = tempfile::tempdir().unwrap();
    let (km, warnings) = Keymap::load(dir.path());
    assert!(warnings.is_empty());
    assert_eq!(km, Keymap::defaults());

    std::fs::write(dir.path().join("keymap.toml"), "[describe]\ntoggle_format = \"Y\"\n").unwrap();
    let (km, warnings) = Keymap::load(dir.path());
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(km.action(Context::Describe, &key(KeyCode::Char('Y'), KeyModifiers::SHIFT)), Some(Action::ToggleFormat));
    assert_eq!(km.action(Context::Describe, &ch('y')), None);
}
