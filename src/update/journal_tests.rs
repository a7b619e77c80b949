//! The journal view in `update`: opening it, its load, its entries in full, and re-reading it
//! after a change.
use super::*;
use crate::api::ErrorKind;
use crate::config::Keymap;
use crate::fixtures;
use crate::mutation::{Kind, Mutation};
use crate::state::{Settings, Target};
use crate::views::{DescribeFormat, Subject, View};
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

/// The journal loads among `effects`.
fn journal_reqs(effects: &[Effect]) -> Vec<ReqId> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Load { req, load: Load::Journal, .. } => Some(*req),
            _ => None,
        })
        .collect()
}

fn answer(s: &mut State, req: ReqId, result: Result<Payload, ApiError>) -> Vec<Effect> {
    update(s, Msg::Loaded { req, load: Load::Journal, result }, fixtures::now())
}

/// `J`, answered with the fixture journal.
fn open_journal(s: &mut State) {
    let reqs = journal_reqs(&press(s, KeyCode::Char('J')));
    answer(s, reqs[0], Ok(Payload::Journal(fixtures::journal())));
}

#[test]
fn j_opens_the_journal_and_reads_it_once() {
    let mut s = connected();
    let effects = press(&mut s, KeyCode::Char('J'));
    assert!(matches!(s.view(), View::Journal(_)), "J pushes the journal");
    assert_eq!(s.stack.len(), 2);
    let reqs = journal_reqs(&effects);
    assert_eq!(reqs.len(), 1, "one read of the file: {effects:?}");
    assert!(s.data.pending(&Load::Journal));
    answer(&mut s, reqs[0], Ok(Payload::Journal(fixtures::journal())));
    let rows = s.view().list().and_then(|l| l.rows.as_ref()).expect("rows");
    assert_eq!((rows.visible.len(), rows.problems), (3, 1), "three entries, one failed");
    assert_eq!(s.view().screen().title(), "journal · /state/bosun/journal.jsonl");
    // Already there: J reads the file again rather than stacking a second journal.
    let again = press(&mut s, KeyCode::Char('J'));
    assert_eq!(journal_reqs(&again).len(), 1);
    assert_eq!(s.stack.len(), 2);
}

#[test]
fn the_journal_command_opens_it_too() {
    let mut s = connected();
    press(&mut s, KeyCode::Char(':'));
    let effects: Vec<Effect> = "journal".chars().flat_map(|c| press(&mut s, KeyCode::Char(c))).collect();
    assert!(journal_reqs(&effects).is_empty());
    let effects = press(&mut s, KeyCode::Enter);
    assert!(matches!(s.view(), View::Journal(_)));
    assert_eq!(journal_reqs(&effects).len(), 1);
}

#[test]
fn the_journal_load_applies_and_a_stale_answer_does_not() {
    let mut s = connected();
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    answer(&mut s, req + 100, Ok(Payload::Journal(fixtures::journal())));
    assert!(s.data.journal.value.is_none(), "an answer to another request is dropped");
    answer(&mut s, req, Ok(Payload::Journal(fixtures::journal())));
    assert_eq!(s.data.journal.value.as_ref().map(|p| p.entries.len()), Some(3));
    assert_eq!(s.data.journal.loaded_at, Some(fixtures::now()));
    assert!(!s.data.pending(&Load::Journal));
    // A later failed read keeps the entries and says why.
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    let denied = ApiError::new(ErrorKind::Other, "cannot read the audit journal /x/journal.jsonl: Permission denied");
    answer(&mut s, req, Err(denied.clone()));
    assert_eq!(s.data.journal.value.as_ref().map(|p| p.entries.len()), Some(3));
    assert_eq!(s.view().status(&s.data).error, Some(&denied));
}

#[test]
fn an_empty_journal_says_where_it_is_and_an_unreadable_one_why() {
    let mut s = connected();
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    let empty =
        crate::audit::Page { path: "/home/me/.local/state/bosun/journal.jsonl".into(), entries: vec![], older: false };
    answer(&mut s, req, Ok(Payload::Journal(empty)));
    assert_eq!(
        s.view().screen().empty_text(),
        "no changes made yet — every change bosun makes in AWS is recorded here (/home/me/.local/state/bosun/journal.jsonl)"
    );
    let mut s = connected();
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    let e = ApiError::new(ErrorKind::Other, "cannot read the audit journal /x/journal.jsonl: Is a directory");
    answer(&mut s, req, Err(e.clone()));
    assert!(s.view().list().is_some_and(|l| l.rows.is_none()), "no rows: the problem is shown instead");
    assert_eq!(s.view().status(&s.data).error, Some(&e));
}

#[test]
fn older_entries_left_out_are_said_in_the_title() {
    let mut s = connected();
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    let mut page = fixtures::journal();
    page.older = true;
    answer(&mut s, req, Ok(Payload::Journal(page)));
    assert_eq!(
        s.view().screen().title(),
        "journal · /state/bosun/journal.jsonl · the newest 3 entries (older ones are in the file)"
    );
}

#[test]
fn enter_shows_an_entry_in_full_as_yaml_or_json() {
    let mut s = connected();
    open_journal(&mut s);
    press(&mut s, KeyCode::Char('j'));
    press(&mut s, KeyCode::Enter);
    let View::Describe(d) = s.view() else { panic!("not describe") };
    let Subject::JournalEntry(e) = &d.subject else { panic!("not an entry") };
    assert!(e.result.starts_with("Access denied"), "the selected (second) entry");
    assert_eq!(d.screen_title(), "describe · change ecs:UpdateService prod/api");
    assert!(d.text.lines.iter().any(|l| l == "action: ecs:UpdateService"), "{:?}", d.text.lines);
    assert!(d.text.lines.iter().any(|l| l.trim() == "forceNewDeployment: true"));
    press(&mut s, KeyCode::Char('y'));
    let View::Describe(d) = s.view() else { panic!("not describe") };
    assert_eq!(d.format, DescribeFormat::Json);
    assert!(
        d.text.lines.iter().any(|l| l.contains("\"callerArn\": \"arn:aws:sts::123456789012:assumed-role/Sre/alice\""))
    );
    // d does the same as Enter.
    press(&mut s, KeyCode::Esc);
    press(&mut s, KeyCode::Char('d'));
    assert!(matches!(s.view(), View::Describe(d) if matches!(d.subject, Subject::JournalEntry(_))));
    // J from there goes back to the journal (read again) rather than stacking another.
    let effects = press(&mut s, KeyCode::Char('J'));
    assert!(matches!(s.view(), View::Journal(_)));
    assert_eq!(s.stack.len(), 2);
    assert_eq!(journal_reqs(&effects).len(), 1);
    assert!(effects.iter().any(|e| matches!(e, Effect::StopJobs { .. })), "the describe's jobs stop");
}

#[test]
fn a_change_reloads_a_journal_on_the_stack_whether_it_worked_or_not() {
    let m = Mutation::example(Kind::Scale);
    let failed = Err(ApiError::new(ErrorKind::AccessDenied, "not authorized"));
    // No journal open: a failure loads nothing, a success only what changed.
    let mut s = connected();
    let effects = update(&mut s, Msg::Wrote { req: 1, mutation: m.clone(), result: failed.clone() }, fixtures::now());
    assert!(journal_reqs(&effects).is_empty());
    let effects = update(&mut s, Msg::Wrote { req: 2, mutation: m.clone(), result: Ok("ok".into()) }, fixtures::now());
    assert!(journal_reqs(&effects).is_empty());
    // The journal on screen, then under a describe of one of its entries.
    let mut s = connected();
    open_journal(&mut s);
    let effects = update(&mut s, Msg::Wrote { req: 3, mutation: m.clone(), result: failed }, fixtures::now());
    let req = journal_reqs(&effects);
    assert_eq!(req.len(), 1, "a failed change is journaled too: {effects:?}");
    answer(&mut s, req[0], Ok(Payload::Journal(fixtures::journal())));
    press(&mut s, KeyCode::Char('d'));
    let effects = update(&mut s, Msg::Wrote { req: 4, mutation: m, result: Ok("ok".into()) }, fixtures::now());
    assert_eq!(journal_reqs(&effects).len(), 1, "{effects:?}");
    assert!(effects.iter().any(|e| matches!(e, Effect::Load { load: Load::Services { .. }, .. })));
}

#[test]
fn a_failed_read_is_not_retried_until_the_next_refresh() {
    let mut s = connected();
    let req = journal_reqs(&press(&mut s, KeyCode::Char('J')))[0];
    let e = ApiError::new(ErrorKind::Other, "cannot read the audit journal /x/journal.jsonl: Is a directory");
    let effects = answer(&mut s, req, Err(e));
    assert!(journal_reqs(&effects).is_empty(), "no loop of retries: {effects:?}");
    assert!(!s.loading());
    let later = fixtures::now() + chrono::Duration::seconds(10);
    assert_eq!(journal_reqs(&update(&mut s, Msg::RefreshDue, later)).len(), 1, "the next refresh tries again");
}
