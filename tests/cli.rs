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

/// An endpoint that accepts connections and never answers: the dump fails with a timeout
/// message within the configured limits instead of hanging.
#[test]
fn a_stalled_endpoint_times_out() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listen on loopback");
    let endpoint = format!("http://{}", listener.local_addr().expect("addr"));
    std::thread::spawn(move || {
        // Keep every connection open and silent.
        let mut held = Vec::new();
        for stream in listener.incoming() {
            held.push(stream);
        }
    });
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
    std::fs::write(
        dir.path().join("config/settings.toml"),
        "connect_timeout = \"1s\"\nread_timeout = \"1s\"\nattempt_timeout = \"1s\"\noperation_timeout = \"3s\"\n",
    )
    .expect("settings");
    let mut child = bosun(&dir)
        .args(["dump", "--region", "eu-west-1", "--endpoint-url", &endpoint])
        .env("HOME", dir.path())
        .env("AWS_CONFIG_FILE", dir.path().join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", dir.path().join("none"))
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dump");
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break status;
        }
        if start.elapsed() > std::time::Duration::from_secs(20) {
            let _ = child.kill();
            panic!("bosun dump still waiting on a silent endpoint after {:?}", start.elapsed());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    };
    let out = child.wait_with_output().expect("output");
    let err = stderr(&out);
    assert_eq!(status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("Cannot reach AWS"), "{err}");
    assert!(err.contains("in time") || err.contains("in the time a call may take"), "{err}");
    assert!(err.contains("read_timeout"), "the hint names the settings: {err}");
    assert!(start.elapsed() < std::time::Duration::from_secs(10), "took {:?}", start.elapsed());
}

/// `bosun dump` with only the AWS profile files of `files` (in a temp home) and a closed
/// loopback endpoint: nothing may leave the machine.
fn dump_with_profile(dir: &tempfile::TempDir, profile: &str, config: &str, credentials: &str) -> std::process::Child {
    let aws = dir.path().join("aws");
    std::fs::create_dir_all(&aws).expect("aws dir");
    std::fs::write(aws.join("config"), config).expect("config");
    std::fs::write(aws.join("credentials"), credentials).expect("credentials");
    bosun(dir)
        .args(["dump", "--profile", profile, "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9"])
        .env("HOME", dir.path())
        .env("AWS_CONFIG_FILE", aws.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", aws.join("credentials"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_ACCESS_KEY_ID")
        .env_remove("AWS_SECRET_ACCESS_KEY")
        .env_remove("AWS_SESSION_TOKEN")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run dump")
}

/// Waits for `child` at most `limit`, then kills it and fails.
fn finish(mut child: std::process::Child, limit: std::time::Duration) -> (Output, std::time::Duration) {
    let start = std::time::Instant::now();
    loop {
        if child.try_wait().expect("try_wait").is_some() {
            return (child.wait_with_output().expect("output"), start.elapsed());
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            panic!("bosun did not finish within {limit:?}");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

#[test]
fn a_key_id_without_its_secret_is_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let child = dump_with_profile(
        &dir,
        "half",
        "[profile half]\nregion = eu-west-1\n",
        "[half]\naws_access_key_id = AKIDEXAMPLE\n",
    );
    let (out, _) = finish(child, std::time::Duration::from_secs(20));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("No AWS credentials: the profile `half` has aws_access_key_id but no aws_secret_access_key"),
        "{err}"
    );
    assert!(err.contains("what to do: run `aws configure --profile half` to set both keys"), "{err}");
    assert!(!err.contains("already taken"), "{err}");
}

/// A credential_process that never finishes: the dump says so within the limit and leaves no
/// process behind (neither the command nor what it started).
#[cfg(unix)]
#[test]
fn a_hung_credential_process_is_stopped_and_explained() {
    let dir = tempfile::tempdir().expect("temp dir");
    let script = dir.path().join("creds.sh");
    let pids = dir.path().join("pids");
    std::fs::write(&script, format!("#!/bin/sh\necho $$ >> {0}\nsleep 600 &\necho $! >> {0}\nwait\n", pids.display()))
        .expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
    std::fs::write(dir.path().join("config/settings.toml"), "credentials_timeout = \"1s\"\n").expect("settings");
    let config = format!("[profile hung]\nregion = eu-west-1\ncredential_process = {}\n", script.display());
    let child = dump_with_profile(&dir, "hung", &config, "");
    let (out, took) = finish(child, std::time::Duration::from_secs(30));
    let err = stderr(&out);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("No AWS credentials: the credential_process of profile `hung` did not finish within 1s"),
        "{err}"
    );
    assert!(err.contains("aws sts get-caller-identity --profile hung"), "{err}");
    assert!(!err.contains("Cannot reach"), "not a network problem: {err}");
    assert!(took < std::time::Duration::from_secs(15), "took {took:?}");
    let started: Vec<String> =
        std::fs::read_to_string(&pids).expect("the process ran").lines().map(str::to_string).collect();
    assert!(!started.is_empty());
    // Killed processes may linger a moment as zombies until reaped; wait for them to go.
    let alive = |pid: &String| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .is_ok_and(|stat| stat.rsplit(')').next().is_some_and(|rest| !rest.trim_start().starts_with('Z')))
    };
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while started.iter().any(alive) && std::time::Instant::now() < deadline {
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    let left: Vec<&String> = started.iter().filter(|p| alive(p)).collect();
    assert!(left.is_empty(), "processes left behind: {left:?} of {started:?}");
}
