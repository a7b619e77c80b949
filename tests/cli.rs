//! The real `bosun` binary outside a terminal: `bosun dump` as scripts and pipes use it. Runs
//! against the embedded simulator (no network at all).
use std::process::{Command, Output, Stdio};

/// `bosun` with a config and state directory of its own.
fn bosun(dir: &tempfile::TempDir) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bosun"));
    cmd.env("BOSUN_CONFIG_DIR", dir.path().join("config"))
        .env("BOSUN_STATE_DIR", dir.path().join("state"))
        .env_remove("RUST_BACKTRACE")
        .env_remove("RUST_LIB_BACKTRACE");
    cmd
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// `bosun dump | head -2`: once the reader is gone, the dump ends quietly (no panic, no
/// backtrace) with exit 0, as text and as JSON.
#[test]
fn a_closed_stdout_ends_the_dump_quietly() {
    let dir = tempfile::tempdir().expect("temp dir");
    for json in [false, true] {
        let (reader, writer) = std::io::pipe().expect("pipe");
        // Nobody will ever read: the dump's first write fails with a broken pipe, every time.
        drop(reader);
        let mut cmd = bosun(&dir);
        cmd.args(["dump", "--demo", "--demo-seed", "7"]);
        if json {
            cmd.arg("--json");
        }
        let out = cmd.stdout(writer).stderr(Stdio::piped()).output().expect("run dump");
        let err = stderr(&out);
        assert_eq!(out.status.code(), Some(0), "json={json} stderr: {err}");
        assert!(err.is_empty(), "json={json}: nothing to say about a closed pipe, got: {err}");
    }
}

/// An unknown `--cluster` fails and names the clusters there are, the closest first.
#[test]
fn an_unknown_cluster_is_an_error_naming_the_closest() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = bosun(&dir).args(["dump", "--demo", "--demo-seed", "7", "--cluster", "prdo"]).output().expect("run dump");
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(out.stdout.is_empty(), "no empty table: {}", String::from_utf8_lossy(&out.stdout));
    assert!(err.contains("no cluster named `prdo`"), "{err}");
    assert!(err.contains("pass one of: prod, "), "closest first: {err}");
    for name in ["dev", "batch", "staging"] {
        assert!(err.contains(name), "{name} listed: {err}");
    }

    let out = bosun(&dir).args(["dump", "--demo", "--demo-seed", "7", "--cluster", "prod"]).output().expect("run dump");
    assert!(out.status.success(), "stderr: {}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("prod —"), "the known cluster still dumps");
}
