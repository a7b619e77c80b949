//! The runtime's side of a change: read-only refused again, identity checked, journal first,
//! one call, one journal line — against the simulator.
use super::writes::Writer;
use crate::audit::Journal;
use crate::mutation::{Kind, Mutation};
use crate::sim::{SimOptions, Simulator};
use crate::state::Write;
use std::sync::Arc;

fn sim() -> Arc<Simulator> {
    Arc::new(Simulator::demo(SimOptions { speed: 0.0, ..Default::default() }))
}

fn write(mutation: Mutation) -> Write {
    Write {
        req: 1,
        mutation,
        before: serde_json::json!({"desiredCount": 2}),
        account: Some(crate::sim::ACCOUNT.to_string()),
        profile: Some("demo".into()),
        region: Some("eu-west-1".into()),
    }
}

fn scale(desired: i32) -> Mutation {
    Mutation::Scale { cluster: "prod".into(), service: "api".into(), desired }
}

/// ECS calls that change something, made so far.
fn writes_made(sim: &Simulator) -> u64 {
    let calls = sim.calls();
    ["UpdateService", "PutClusterCapacityProviders", "StopTask", "StopServiceDeployment"]
        .iter()
        .map(|c| calls.get(c).copied().unwrap_or(0))
        .sum()
}

#[tokio::test]
async fn a_change_is_made_once_and_journaled_with_who_made_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = sim();
    let writer = Writer::new(false, Journal::in_dir(dir.path()));
    let words = writer.write(Some(sim.clients()), write(scale(5))).await.expect("scaled");
    assert!(words.contains("api wants 5"), "{words}");
    assert_eq!(writes_made(&sim), 1);
    let entries = Journal::in_dir(dir.path()).read_newest_first(10).expect("read");
    assert_eq!(entries.len(), 1);
    let e = &entries[0];
    assert_eq!(e.action, "ecs:UpdateService");
    assert_eq!(e.target, "api");
    assert_eq!(e.account.as_deref(), Some(crate::sim::ACCOUNT));
    assert!(e.caller_arn.as_deref().is_some_and(|a| a.starts_with("arn:aws:sts::")));
    assert_eq!((e.profile.as_deref(), e.region.as_deref()), (Some("demo"), Some("eu-west-1")));
    assert_eq!(e.before["request"]["desiredCount"], 5);
    assert_eq!(e.before["target"]["desiredCount"], 2);
    assert_eq!(e.after["desiredCount"], 5);
    assert_eq!(e.result, "ok");
    // The identity is asked once per profile, not once per change.
    writer.write(Some(sim.clients()), write(scale(4))).await.expect("scaled again");
    assert_eq!(sim.calls().get("GetCallerIdentity").copied(), Some(1));
    assert_eq!(Journal::in_dir(dir.path()).read_newest_first(10).expect("read").len(), 2);
}

#[tokio::test]
async fn a_refused_call_is_journaled_with_ecs_words() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = sim();
    let writer = Writer::new(false, Journal::in_dir(dir.path()));
    let m = Mutation::Scale { cluster: "prod".into(), service: "no-such-service".into(), desired: 1 };
    let e = writer.write(Some(sim.clients()), write(m)).await.expect_err("no such service");
    let entries = Journal::in_dir(dir.path()).read_newest_first(10).expect("read");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].result, e.to_string());
    assert!(entries[0].after.is_null());
}

/// Every mutation the code has is refused by the runtime in read-only mode, whatever sent it:
/// no AWS call, no journal line.
#[tokio::test]
async fn read_only_refuses_every_mutation_in_the_runtime_too() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = sim();
    let writer = Writer::new(true, Journal::in_dir(dir.path()));
    for kind in Kind::ALL {
        let m = Mutation::example(*kind);
        let e = writer.write(Some(sim.clients()), write(m.clone())).await.expect_err("refused");
        assert!(e.message.starts_with("read-only:") && e.message.contains(m.iam_action()), "{kind:?}: {e}");
    }
    assert_eq!(writes_made(&sim), 0);
    assert!(sim.calls().is_empty(), "not even who-am-I: {:?}", sim.calls());
    assert!(!dir.path().join(crate::audit::JOURNAL_FILE).exists());
}

#[tokio::test]
async fn an_unwritable_journal_refuses_the_change_before_it_is_made() {
    let dir = tempfile::tempdir().expect("tempdir");
    let blocker = dir.path().join("state");
    std::fs::write(&blocker, "not a directory").expect("blocker");
    let sim = sim();
    let writer = Writer::new(false, Journal::in_dir(&blocker));
    let e = writer.write(Some(sim.clients()), write(scale(5))).await.expect_err("refused");
    assert!(e.message.contains("cannot write the audit journal") && e.message.contains("nothing was sent"), "{e}");
    assert_eq!(writes_made(&sim), 0);
}

#[tokio::test]
async fn credentials_of_another_account_than_the_confirm_showed_are_refused() {
    let dir = tempfile::tempdir().expect("tempdir");
    let sim = sim();
    let writer = Writer::new(false, Journal::in_dir(dir.path()));
    let mut w = write(scale(5));
    w.account = Some("999999999999".into());
    let e = writer.write(Some(sim.clients()), w).await.expect_err("refused");
    assert!(e.message.contains("not 999999999999"), "{e}");
    assert_eq!(writes_made(&sim), 0);
    let e = writer.write(None, write(scale(5))).await.expect_err("not connected");
    assert!(e.message.starts_with("not connected"), "{e}");
}
