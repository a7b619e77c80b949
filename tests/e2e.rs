//! The real `bosun` binary in a pseudo-terminal: keys in, the screen parsed with vt100, and
//! assertions on what a user sees. Runs against the embedded simulator (no network at all).
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const ROWS: u16 = 40;
const COLS: u16 = 150;
const WAIT: Duration = Duration::from_secs(20);

struct Console {
    /// The last whole frame: bosun draws each frame as a synchronized update, and the screen is
    /// taken only when one has ended, so a test never reads a half-drawn frame.
    screen: Arc<Mutex<vt100::Screen>>,
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _dir: tempfile::TempDir,
}

impl Console {
    fn start(args: &[&str]) -> Console {
        Self::start_with_config(args, &[])
    }

    /// Start with these files (name, content) in the config directory.
    fn start_with_config(args: &[&str], files: &[(&str, &str)]) -> Console {
        Self::start_with_env(args, files, &[])
    }

    /// [`Console::start_with_config`] with these environment variables set.
    fn start_with_env(args: &[&str], files: &[(&str, &str)], env: &[(&str, &str)]) -> Console {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::create_dir_all(dir.path().join("config")).expect("config dir");
        // These tests begin on the clusters list; the triage start screen has its own test,
        // which passes a settings.toml of its own.
        if !files.iter().any(|(name, _)| *name == "settings.toml") {
            std::fs::write(dir.path().join("config").join("settings.toml"), "[triage]\nstart = false\n")
                .expect("settings");
        }
        for (name, content) in files {
            std::fs::write(dir.path().join("config").join(name), content).expect("config file");
        }
        let pty = native_pty_system();
        let pair = pty.openpty(PtySize { rows: ROWS, cols: COLS, pixel_width: 0, pixel_height: 0 }).expect("pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_bosun"));
        cmd.args(args);
        cmd.env("BOSUN_CONFIG_DIR", dir.path().join("config"));
        cmd.env("BOSUN_STATE_DIR", dir.path().join("state"));
        cmd.env("TERM", "xterm-256color");
        cmd.env_remove("NO_COLOR");
        for (name, value) in env {
            cmd.env(name, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn bosun");
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = pair.master.take_writer().expect("writer");
        let mut parser = vt100::Parser::new(ROWS, COLS, 0);
        let screen = Arc::new(Mutex::new(parser.screen().clone()));
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (s, r) = (screen.clone(), raw.clone());
        std::thread::spawn(move || {
            let _keep_master = pair.master;
            let mut buf = [0u8; 8192];
            let mut frames = Frames::default();
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                frames.feed(&mut parser, &buf[..n], |screen| *s.lock().expect("screen") = screen.clone());
                r.lock().expect("raw").extend_from_slice(&buf[..n]);
            }
        });
        Console { screen, raw, writer, child, _dir: dir }
    }

    /// The journal bosun writes changes to.
    fn journal(&self) -> String {
        std::fs::read_to_string(self._dir.path().join("state").join("journal.jsonl")).unwrap_or_default()
    }

    fn text(&self) -> String {
        self.screen.lock().expect("screen").contents()
    }

    /// Wait until the screen shows `needle` (the console redraws on its own; no fixed sleeps).
    fn wait_for(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if text.contains(needle) {
                return text;
            }
            assert!(start.elapsed() < WAIT, "timed out waiting for {needle:?}; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn wait_gone(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            let text = self.text();
            if !text.contains(needle) {
                return text;
            }
            assert!(start.elapsed() < WAIT, "timed out waiting for {needle:?} to go; screen:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn keys(&mut self, keys: &str) {
        self.writer.write_all(keys.as_bytes()).expect("write keys");
        self.writer.flush().expect("flush");
    }

    fn wait_exit(&mut self) -> portable_pty::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("try_wait") {
                return status;
            }
            assert!(start.elapsed() < WAIT, "bosun did not exit; screen:\n{}", self.text());
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Console {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

const ESC: &str = "\x1b";

const SYNC_BEGIN: &[u8] = b"\x1b[?2026h";
const SYNC_END: &[u8] = b"\x1b[?2026l";

/// Splits the output at synchronized-update boundaries (which may fall across reads) and hands
/// on the screen whenever no update is open.
#[derive(Default)]
struct Frames {
    /// The last bytes of the previous read: a marker may begin there.
    carry: Vec<u8>,
    open: bool,
}

impl Frames {
    fn feed(&mut self, parser: &mut vt100::Parser, chunk: &[u8], mut whole: impl FnMut(&vt100::Screen)) {
        let mut joined = std::mem::take(&mut self.carry);
        let offset = joined.len();
        joined.extend_from_slice(chunk);
        let mut done = 0;
        for at in 0..joined.len() {
            let (begin, end) = (joined[at..].starts_with(SYNC_BEGIN), joined[at..].starts_with(SYNC_END));
            if !(begin || end) || at + SYNC_END.len() <= offset {
                continue;
            }
            let upto = at + SYNC_END.len() - offset;
            parser.process(&chunk[done..upto]);
            done = upto;
            self.open = begin;
            if end {
                whole(parser.screen());
            }
        }
        parser.process(&chunk[done..]);
        if !self.open {
            whole(parser.screen());
        }
        let keep = joined.len().saturating_sub(SYNC_END.len() - 1);
        self.carry = joined[keep..].to_vec();
    }
}

/// The selected row is the one drawn with the selection style; find its text.
fn selected_line(console: &Console) -> String {
    let screen = console.screen.lock().expect("screen");
    for row in 0..ROWS {
        // The selection style reverses or colours the background of the whole row.
        if let Some(cell) = screen.cell(row, 3)
            && (cell.bgcolor() != vt100::Color::Default || cell.inverse())
        {
            return screen.contents_between(row, 0, row, COLS);
        }
    }
    String::new()
}

#[test]
fn drill_down_filter_describe_help_theme_and_quit() {
    let mut c = Console::start(&["--demo", "--demo-seed", "7"]);
    // The whole row, not its start: a frame may be read half-written.
    let screen = c.wait_for("OVERRIDE → cw:");
    assert!(screen.contains("clusters"), "{screen}");
    assert!(screen.contains("FARGATE b1 w1 · SPOT w4"), "prod's default strategy:\n{screen}");

    // Filter to prod, open it.
    c.keys("/prod");
    c.wait_for("/prod");
    c.keys("\r");
    c.wait_gone(" dev ");
    c.keys("\r");
    c.wait_for("services · prod");
    c.wait_for("checkout");
    // The cursor starts on the first service that needs attention.
    assert!(selected_line(&c).contains("checkout"), "checkout selected: {}", selected_line(&c));

    // Into api's detail, its mix, then its tasks and a task's containers.
    c.keys("g");
    let start = Instant::now();
    while !selected_line(&c).contains("api") {
        assert!(start.elapsed() < WAIT, "g did not select api: {}", selected_line(&c));
        std::thread::sleep(Duration::from_millis(20));
    }
    c.keys("\r");
    c.wait_for("service · api");
    let screen = c.wait_for("1 summary");
    assert!(screen.contains("desired 6 · running 6"), "the summary at once, from the services loaded:\n{screen}");
    c.keys("4z");
    c.wait_for("capacity mix (zoomed)");
    // Once the tasks are counted.
    let screen = c.wait_for("% actual · ");
    assert!(
        screen.contains("FARGATE base 1 weight 1 / FARGATE_SPOT weight 4 — the service's own strategy"),
        "{screen}"
    );
    assert!(screen.contains("Spot share  67% actual · 67% expected"), "{screen}");
    c.keys("z");
    c.wait_gone("(zoomed)");
    c.keys("t");
    c.wait_for("tasks · api");
    c.wait_for("RUNNING");
    c.keys("\r");
    c.wait_for("containers · task");
    c.wait_for("EXEC AGENT");

    // Describe the container, toggle JSON, back out.
    c.keys("d");
    c.wait_for("describe · container");
    c.keys("y");
    c.wait_for("\"name\":");
    c.keys(ESC);
    c.wait_for("containers · task");
    c.keys(ESC);
    c.wait_for("tasks · api");

    // Stopped tasks of the degraded service: OOM and friends.
    c.keys(":tasks worker\r");
    c.wait_for("tasks · worker");
    c.keys("x");
    c.wait_for("stopped tasks · worker");
    let screen = c.wait_for("STOPPED REASON");
    assert!(screen.contains("OutOfMemoryError"), "the degraded service's stopped tasks say why:\n{screen}");

    // Help overlay from the live keymap.
    c.keys("?");
    let screen = c.wait_for("help — esc closes");
    assert!(screen.contains("show running or stopped tasks"), "the tasks view's own keys: {screen}");
    c.keys(ESC);
    c.wait_gone("help — esc closes");

    // Theme switch by command.
    c.keys(":theme light\r");
    c.wait_for("theme light");

    // Sort by the next column.
    c.keys(":clusters\r");
    c.wait_for("NAME↑");
    c.keys("o");
    c.wait_for("ATTENTION↑");

    c.keys("q");
    let status = c.wait_exit();
    assert!(status.success(), "exit status {status:?}");
    let raw = c.raw.lock().expect("raw").clone();
    let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
    assert!(tail.contains("\x1b[?1049l"), "the alternate screen was left: {tail:?}");
    let frames = raw.windows(SYNC_BEGIN.len()).filter(|w| *w == SYNC_BEGIN).count();
    let ended = raw.windows(SYNC_END.len()).filter(|w| *w == SYNC_END).count();
    assert!(frames > 10 && frames == ended, "every frame is one synchronized update: {frames} begun, {ended} ended");
}

/// Every signal that ends bosun leaves the terminal as it found it: alternate screen left,
/// bracketed paste off, cursor shown.
#[test]
fn signals_restore_the_terminal() {
    for sig in ["-TERM", "-INT", "-QUIT", "-HUP"] {
        let mut c = Console::start(&["--demo", "--demo-seed", "3"]);
        c.wait_for("prod");
        let pid = c.child.process_id().expect("pid");
        let killed = std::process::Command::new("kill").args([sig, &pid.to_string()]).status().expect("kill");
        assert!(killed.success());
        c.wait_exit();
        let raw = c.raw.lock().expect("raw").clone();
        let tail = String::from_utf8_lossy(&raw[raw.len().saturating_sub(200)..]).to_string();
        assert!(tail.contains("\x1b[?1049l"), "{sig}: the alternate screen was left: {tail:?}");
        assert!(tail.contains("\x1b[?2004l"), "{sig}: bracketed paste was turned off: {tail:?}");
        assert!(tail.contains("\x1b[?25h"), "{sig}: the cursor is shown: {tail:?}");
    }
}

/// Typing fast (more than the terminal reader takes per wake-up) loses nothing, and pasted
/// text arrives whole in the filter.
#[test]
fn fast_typing_and_paste_arrive_whole() {
    let mut c = Console::start(&["--demo", "--demo-seed", "3"]);
    c.wait_for("prod");
    // 6 KiB of filter text in one write, then the end of it must show.
    let long: String = "x".repeat(6 * 1024);
    c.keys("/");
    c.keys(&long);
    c.keys("QEND");
    c.wait_for("xxQEND");
    c.keys(ESC);
    c.wait_gone("QEND");
    // A pasted name goes into the filter as text.
    c.keys("/");
    c.keys("\x1b[200~staging\x1b[201~");
    let screen = c.wait_for("clusters  1/4");
    assert!(screen.contains("/staging"), "the pasted text is the filter:\n{screen}");
}

/// Without a region or credentials the console and the dump say so plainly.
#[test]
fn missing_region_and_credentials_are_explained() {
    let home = tempfile::tempdir().expect("home");
    let base = |cmd: &mut std::process::Command| {
        cmd.env_clear()
            .env("HOME", home.path())
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("AWS_CONFIG_FILE", home.path().join("none"))
            .env("AWS_SHARED_CREDENTIALS_FILE", home.path().join("none"))
            // Keep the credential chain off the network: no instance metadata lookups.
            .env("AWS_EC2_METADATA_DISABLED", "true")
            .env("BOSUN_CONFIG_DIR", home.path().join("cfg"))
            .env("BOSUN_STATE_DIR", home.path().join("state"));
    };
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bosun"));
    base(&mut cmd);
    let out = cmd.args(["dump"]).output().expect("run dump");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("No AWS region"), "{err}");
    assert!(err.contains("--region"), "hint names the flag: {err}");

    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_bosun"));
    base(&mut cmd);
    // A closed loopback port: nothing may leave the machine even if a call were made.
    let out =
        cmd.args(["dump", "--region", "eu-west-1", "--endpoint-url", "http://127.0.0.1:9"]).output().expect("run dump");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "stderr: {err}");
    assert!(err.contains("No AWS credentials"), "{err}");
    assert!(!err.contains("DispatchFailure"), "no raw SDK dump: {err}");
}

#[test]
fn dump_json_lists_the_demo_fleet() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(["dump", "--json", "--demo", "--demo-seed", "5"])
        .env("BOSUN_CONFIG_DIR", "/nonexistent/bosun-test")
        .env("BOSUN_STATE_DIR", std::env::temp_dir().join("bosun-e2e-state"))
        .output()
        .expect("run dump");
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let clusters = v["clusters"].as_array().expect("clusters");
    let names: Vec<&str> = clusters.iter().filter_map(|c| c["cluster"]["clusterName"].as_str()).collect();
    assert!(names.contains(&"prod") && names.contains(&"dev"), "{names:?}");
    for c in clusters {
        let services = c["services"].as_array().expect("services");
        let tasks = c["tasks"].as_array().expect("tasks");
        assert!(!services.is_empty(), "{} has services", c["cluster"]["clusterName"]);
        // Every running service task belongs to a listed service.
        for t in tasks {
            if let Some(group) = t["group"].as_str().and_then(|g| g.strip_prefix("service:")) {
                assert!(services.iter().any(|s| s["serviceName"] == group), "task of unknown service {group}");
            }
        }
    }
}

/// A user keymap rebinds a key; a misspelt action is reported in the UI and the rest works.
#[test]
fn user_keymap_applies_and_bad_entries_are_reported() {
    let keymap = "[global]\ndescribe = \"I\"\n\n[tasks]\ntoggle_stoped = \"x\"\n";
    let mut c = Console::start_with_config(&["--demo", "--demo-seed", "2"], &[("keymap.toml", keymap)]);
    let screen = c.wait_for("prod");
    assert!(screen.contains("toggle_stoped"), "the warning names the bad entry:\n{screen}");
    c.keys("I");
    c.wait_for("describe · cluster");
    c.keys("q");
    assert!(c.wait_exit().success());
}

/// Go to prod's services and put the cursor on `service` with the filter.
fn select_prod_service(c: &mut Console, service: &str) {
    c.wait_for("prod");
    c.keys(":services prod\r");
    c.wait_for("services · prod");
    c.wait_for(service);
    c.keys(&format!("/{service}\r"));
    c.wait_for(&format!("/{service}"));
}

#[test]
fn read_only_refuses_a_change_and_says_how_to_allow_it() {
    let mut c = Console::start(&["--demo", "--read-only"]);
    select_prod_service(&mut c, "notifications");
    c.keys("r");
    let screen = c.wait_for("read-only:");
    assert!(screen.contains("force a new deployment of notifications was not sent"), "{screen}");
    assert!(!screen.contains("confirm:"), "no dialog in read-only mode:\n{screen}");
    c.keys("s");
    c.wait_for("scaling notifications is refused");
    assert_eq!(c.journal(), "", "nothing journaled: nothing was sent");
    c.keys("q");
    assert!(c.wait_exit().success());
}

#[test]
fn scaling_a_protected_service_asks_for_its_name_and_is_journaled() {
    let mut c = Console::start(&["--demo"]);
    select_prod_service(&mut c, "notifications");
    c.keys("s");
    c.wait_for("scale notifications to:");
    // Replace the pre-filled count (2) with 3.
    c.keys("\x7f3\r");
    c.wait_for("confirm: scale notifications to 3");
    // The dialog's last line: a frame may be read half-written.
    let screen = c.wait_for("Esc cancels (nothing is sent)");
    assert!(screen.contains("--desired-count 3") && screen.contains("type its name"), "{screen}");
    c.keys("\r");
    c.wait_for("type its name, notifications, then Enter");
    c.keys("notifications\r");
    c.wait_for("done: scale notifications to 3");
    let journal = c.journal();
    assert_eq!(journal.lines().count(), 1, "{journal}");
    let entry: serde_json::Value = serde_json::from_str(journal.trim()).expect("one JSON line");
    assert_eq!(entry["action"], "ecs:UpdateService");
    assert_eq!(entry["before"]["request"]["desiredCount"], 3);
    assert_eq!(entry["result"], "ok");
    // The journal view shows it, and Enter the entry in full.
    c.keys("J");
    let screen = c.wait_for("ecs:UpdateService desiredCount 3");
    assert!(screen.contains("prod/notifications") && screen.contains("journal.jsonl"), "{screen}");
    c.keys("\r");
    c.wait_for("action: ecs:UpdateService");
    c.keys("q");
    assert!(c.wait_exit().success());
}

#[test]
fn a_confirmed_deploy_opens_the_rollout_watch_and_it_moves() {
    let mut c = Console::start(&["--demo"]);
    select_prod_service(&mut c, "notifications");
    c.keys("r");
    c.wait_for("confirm: force a new deployment of notifications");
    c.keys("notifications\r");
    c.wait_for("done: force a new deployment of notifications");
    let screen = c.wait_for("rollout · notifications");
    assert!(screen.contains("esc leaves the watch: nothing in AWS is cancelled"), "{screen}");
    c.wait_for("IN PROGRESS — prod-notifications:9");
    // The watch refreshes every 2 s while the rollout runs: the new tasks show up on it, seconds
    // old (the fleet's own events are days old).
    c.wait_for("s (service notifications) has started");
    c.keys("\x1b");
    c.wait_for("services · prod");
    c.wait_gone("rollout · notifications");
    c.keys("q");
    assert!(c.wait_exit().success());
}

/// The production service moved to all on-demand and back: the editor's preview, the confirm,
/// the rollout watch to its end, the tasks on the new provider, and both changes journaled.
#[test]
fn the_production_strategy_goes_all_on_demand_and_back() {
    let mut c = Console::start(&["--demo", "--demo-speed", "30"]);
    select_prod_service(&mut c, "api");
    c.keys("c");
    c.wait_for("strategy · api (prod)");
    c.keys("1");
    let screen = c.wait_for("FARGATE_SPOT     4 → 0");
    assert!(screen.contains("FARGATE          2 → 6"), "expected placement before → after:\n{screen}");
    c.keys("\r");
    let screen = c.wait_for("confirm: set the capacity-provider strategy of api to FARGATE w1");
    assert!(screen.contains("capacityProvider=FARGATE,base=0,weight=1"), "{screen}");
    assert!(screen.contains("--force-new-deployment"), "{screen}");
    c.keys("api\r");
    c.wait_for("done: set the capacity-provider strategy of api to FARGATE w1");
    c.wait_for("rollout · api");
    c.wait_for("COMPLETED — steady state reached");
    // Every running task of api is now on FARGATE.
    c.keys(":tasks api\r");
    let screen = c.wait_for("tasks · api");
    let start = Instant::now();
    let mut screen = screen;
    while screen.contains("FARGATE_SPOT") || !screen.contains("FARGATE") {
        assert!(start.elapsed() < WAIT, "api's tasks did not all move to FARGATE:\n{screen}");
        std::thread::sleep(Duration::from_millis(100));
        screen = c.text();
    }
    // And back to 1 on-demand, then 80/20 Spot.
    c.keys(":services prod\r");
    c.wait_for("services · prod");
    c.keys(":strategy api\r");
    c.wait_for("strategy · api (prod)");
    c.keys("2\r");
    c.wait_for("confirm: set the capacity-provider strategy of api to FARGATE b1 w1 · SPOT w4");
    c.keys("api\r");
    c.wait_for("done: set the capacity-provider strategy of api to FARGATE b1 w1 · SPOT w4");
    c.wait_for("rollout · api");
    // Both are in the journal, newest first.
    c.keys(":journal\r");
    let screen = c.wait_for("strategy FARGATE w1");
    assert!(screen.contains("strategy FARGATE b1 w1"), "{screen}");
    let journal = c.journal();
    assert_eq!(journal.lines().count(), 2, "{journal}");
    c.keys("q");
    assert!(c.wait_exit().success());
}

/// The production API's task definition, then its diff against the revision before: the
/// changed image line, and the changed environment value still masked.
#[test]
fn the_production_task_definition_and_its_diff() {
    let mut c = Console::start(&["--demo"]);
    select_prod_service(&mut c, "api");
    c.keys("T");
    let screen = c.wait_for("task definition · prod-api:42");
    c.wait_for("logs awslogs /ecs/prod/api");
    assert!(screen.contains("values masked"), "{screen}");
    c.keys("D");
    c.wait_for("diff · prod-api:41 → prod-api:42");
    let screen = c.wait_for("+  image: ");
    let removed = screen.lines().find(|l| l.starts_with("-  image: ")).unwrap_or_default();
    let added = screen.lines().find(|l| l.starts_with("+  image: ")).unwrap_or_default();
    assert!(removed.trim_end().ends_with("api:1.41.0") && added.trim_end().ends_with("api:1.42.0"), "{screen}");
    c.keys("j".repeat(12).as_str());
    let screen = c.wait_for("+    value: •••••• (changed)");
    assert!(!screen.contains("value: 1.4"), "APP_VERSION stays masked:\n{screen}");
    c.keys("q");
    assert!(c.wait_exit().success());
}

/// The production service's detail: its mix in words, the deployment history with the
/// circuit-breaker rollback and its reason, then its task definition's diff from there.
#[test]
fn the_production_service_mix_history_and_diff() {
    let mut c = Console::start(&["--demo", "--demo-seed", "3"]);
    select_prod_service(&mut c, "checkout");
    c.keys("\r");
    c.wait_for("service · checkout");
    c.keys("4z");
    let screen = c.wait_for("% actual · ");
    assert!(screen.contains("FARGATE base 1 weight 1 / FARGATE_SPOT weight 4"), "{screen}");
    // The cost of its running tasks, labelled an estimate.
    c.wait_for("estimate: $");
    c.keys("z2z");
    c.wait_for("deployments (zoomed)");
    let screen = c.wait_for("ROLLBACK_SUCCESSFUL");
    assert!(screen.contains("history: "), "{screen}");
    assert!(screen.contains("rolled back: ECS deployment circuit breaker: tasks failed to start."), "{screen}");
    c.keys("z");
    c.keys("D");
    let screen = c.wait_for("+  image: ");
    assert!(screen.contains("diff · prod-checkout:"), "{screen}");
    c.keys("q");
    assert!(c.wait_exit().success());
}

#[test]
fn launch_lands_on_triage_and_enter_opens_the_failing_service() {
    // The default settings: triage is the start screen when something is wrong.
    let mut c = Console::start_with_config(&["--demo", "--demo-seed", "1"], &[("settings.toml", "")]);
    let screen = c.wait_for("prod/search");
    assert!(screen.contains("triage · "), "{screen}");
    // The worst row is on top and selected.
    let top = screen.lines().find(|l| l.contains("critical") || l.contains("warning")).unwrap_or_default().to_string();
    assert!(top.contains("critical"), "critical first:\n{screen}");
    assert!(selected_line(&c).contains("critical"), "selected: {}", selected_line(&c));
    // Search runs below desired because Fargate Spot has no capacity: its rows, then Enter on
    // the first (below desired, the older) opens its detail, whose events say why.
    c.wait_for("Capacity is unavailable at this time");
    c.keys("/prod/search\r");
    let start = Instant::now();
    while !(selected_line(&c).contains("prod/search") && selected_line(&c).contains("desired")) {
        assert!(start.elapsed() < WAIT, "the filter did not select search: {}", selected_line(&c));
        std::thread::sleep(Duration::from_millis(20));
    }
    c.keys("\r");
    let detail = c.wait_for("service · search");
    assert!(detail.contains("› triage › prod › search"), "{detail}");
    c.wait_for("unable to place a task");
    // Back on triage.
    c.keys("\x1b");
    c.wait_for("triage · ");
}

/// The rows of the log view that start a line: `HH:MM:SS.mmm source text`.
fn log_rows(screen: &str) -> Vec<String> {
    screen
        .lines()
        .filter(|l| {
            let b = l.as_bytes();
            b.len() > 13
                && b[2] == b':'
                && b[5] == b':'
                && b[8] == b'.'
                && b[12] == b' '
                && b[..12].iter().enumerate().all(|(i, c)| matches!(i, 2 | 5 | 8) || c.is_ascii_digit())
        })
        .map(str::to_string)
        .collect()
}

/// The task id of a log row (`0f13a1b2/worker` → `0f13a1b2`).
fn row_task(row: &str) -> String {
    row.split_whitespace().nth(1).and_then(|s| s.split('/').next()).unwrap_or_default().to_string()
}

/// Wait until `check` holds for the screen.
fn wait_until(c: &Console, what: &str, check: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        let text = c.text();
        if check(&text) {
            return text;
        }
        assert!(start.elapsed() < WAIT, "timed out waiting until {what}; screen:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The demo's clock at a time when prod/api's CPU alarm is in ALARM (it fires 9 minutes of
/// every 40, from 03:29): the alarm rows are the same on every run.
const API_ALARM_FIRING: &str = "2026-11-23T03:30:00Z";

/// Wait until the selected row contains every one of `needles`.
fn wait_selected(c: &Console, needles: &[&str]) -> String {
    let start = Instant::now();
    loop {
        let line = selected_line(c);
        if needles.iter().all(|n| line.contains(n)) {
            return line;
        }
        assert!(start.elapsed() < WAIT, "no selected row with {needles:?}; selected: {line}\n{}", c.text());
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// The ids of the tails `bosun.log` records as started, and of those recorded as stopped or ended.
fn tails_in_log(c: &Console) -> (Vec<u64>, Vec<u64>) {
    let log = std::fs::read_to_string(c._dir.path().join("state").join("bosun.log")).unwrap_or_default();
    let id = |line: &str| {
        let at = line.find(" tail=")? + 6;
        line[at..].split(|ch: char| !ch.is_ascii_digit()).next()?.parse::<u64>().ok()
    };
    let (mut started, mut over) = (Vec::new(), Vec::new());
    for line in log.lines() {
        if line.contains("log tail started") {
            started.extend(id(line));
        } else if line.contains("log tail stopped") || line.contains("log tail ended") {
            over.extend(id(line));
        }
    }
    (started, over)
}

#[test]
fn a_failing_service_logs_from_triage_filtered_paused_jumped_saved_and_stopped() {
    let mut c = Console::start_with_config(&["--demo", "--demo-seed", "1"], &[("settings.toml", "")]);
    c.wait_for("triage · ");
    // The worker crash-loops: its row, then l opens its logs straight from the triage.
    c.wait_for("prod/worker");
    c.keys("/prod/worker\r");
    let start = Instant::now();
    while !selected_line(&c).contains("prod/worker") {
        assert!(start.elapsed() < WAIT, "the filter did not select worker: {}", selected_line(&c));
        std::thread::sleep(Duration::from_millis(20));
    }
    c.keys("l");
    c.wait_for("logs · prod/worker · last 5m");
    // Lines of several tasks, merged, each source in a colour of its own.
    let screen = wait_until(&c, "lines of two tasks and a line without ERROR are shown", |s| {
        let rows = log_rows(s);
        let tasks: std::collections::BTreeSet<String> = rows.iter().map(|r| row_task(r)).collect();
        tasks.len() >= 2 && rows.iter().any(|r| !r.contains("ERROR")) && rows.iter().any(|r| r.contains("ERROR"))
    });
    assert!(screen.contains("following"), "{screen}");
    let plain = log_rows(&screen).into_iter().find(|r| !r.contains("ERROR")).unwrap_or_default();
    let plain_text: String = plain.split_whitespace().skip(2).collect::<Vec<_>>().join(" ");
    {
        let s = c.screen.lock().expect("screen");
        let mut colours = std::collections::BTreeMap::new();
        for row in 0..ROWS {
            let text = s.contents_between(row, 0, row, COLS);
            if log_rows(&text).len() == 1
                && let Some(cell) = s.cell(row, 13)
            {
                colours.insert(row_task(&text), format!("{:?}", cell.fgcolor()));
            }
        }
        let distinct: std::collections::BTreeSet<&String> = colours.values().collect();
        assert!(distinct.len() >= 2, "the tasks' sources are coloured apart: {colours:?}");
    }

    // Filter to ERROR as typed: only matching lines remain.
    c.keys("/ERROR");
    c.wait_for("/ERROR");
    c.keys("\r");
    let screen = wait_until(&c, "every line shown holds ERROR", |s| {
        let rows = log_rows(s);
        !rows.is_empty() && rows.iter().all(|r| r.contains("ERROR")) && s.contains("CloudWatch pattern: ERROR")
    });
    assert!(!screen.contains(&plain_text), "the line without ERROR is gone ({plain_text}):\n{screen}");

    // Scrolling up pauses; G follows again.
    c.keys("k");
    c.wait_for("paused — G follows");
    c.keys("G");
    c.wait_gone("paused — G follows");
    c.wait_for("following");

    // 4: the last 15 minutes, the filter kept.
    c.keys("4");
    c.wait_for("logs · prod/worker · last 15m");
    let screen = wait_until(&c, "the last 15 minutes' ERROR lines are shown", |s| {
        let rows = log_rows(s);
        !rows.is_empty() && rows.iter().all(|r| r.contains("ERROR"))
    });
    assert!(screen.contains("CloudWatch pattern: ERROR"), "{screen}");

    // S saves the lines kept to the state directory.
    c.keys("S");
    let screen = c.wait_for("lines to ");
    let saved: usize = screen
        .split("saved ")
        .nth(1)
        .and_then(|s| s.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the flash says how many lines were saved:\n{screen}"));
    let state = c._dir.path().join("state");
    let files: Vec<_> = std::fs::read_dir(&state)
        .expect("state dir")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("logs-prod-worker-")))
        .collect();
    assert_eq!(files.len(), 1, "{files:?}");
    let text = std::fs::read_to_string(&files[0]).expect("the saved file");
    assert_eq!(text.lines().count(), saved, "{text}");
    assert!(saved > 0 && text.lines().all(|l| l.contains("ERROR") && l.contains("/worker ")), "{text}");

    // Leaving the view stops its tail, and the console is as it was.
    let (started, _) = tails_in_log(&c);
    assert!(started.len() >= 3, "a tail at open, after the filter and after the jump: {started:?}");
    let (_, over) = tails_in_log(&c);
    assert!(!over.contains(started.last().expect("a tail")), "the last tail runs while the view is on screen");
    // The first esc clears the filter (and the pattern the tail had), the second leaves.
    c.keys(ESC);
    c.wait_gone("CloudWatch pattern: ERROR");
    c.keys(ESC);
    c.wait_for("triage · ");
    c.wait_gone("logs · prod/worker");
    let start = Instant::now();
    loop {
        let (started, over) = tails_in_log(&c);
        if started.iter().all(|t| over.contains(t)) {
            break;
        }
        assert!(start.elapsed() < WAIT, "every tail stops: started {started:?}, stopped {over:?}");
        std::thread::sleep(Duration::from_millis(20));
    }
    c.keys("q");
    assert!(c.wait_exit().success());
}
/// Launches, sees the triage screen, jumps to the failing service and reads its alarm (name,
/// state, reason) and its events; then `:alarms`, where Enter on an alarm shows its history.
#[test]
fn triage_jumps_to_the_service_alarm_and_events_and_alarms_show_their_history() {
    let mut c = Console::start_with_env(
        &["--demo", "--demo-seed", "1"],
        &[("settings.toml", "")],
        &[("BOSUN_DEMO_START", API_ALARM_FIRING)],
    );
    c.wait_for("triage · ");
    c.wait_for("prod/api");
    // The API's alarm row: the filter keeps it alone, Enter opens the service on its alarms.
    c.keys("/prod-api-cpu-high\r");
    wait_selected(&c, &["prod/api", "in ALARM", "prod-api-cpu-high"]);
    c.keys("\r");
    let detail = c.wait_for("service · api");
    assert!(detail.contains("› triage › prod › api"), "{detail}");
    let alarms = c.wait_for("┌ 5 alarms");
    let line = alarms.lines().find(|l| l.contains("prod-api-cpu-high")).unwrap_or_default();
    assert!(line.contains("ALARM") && line.contains(" for "), "name, state and for how long: {line}\n{alarms}");
    // Its reason, in CloudWatch's words, begins under it (and wraps, never cut).
    c.wait_for("Threshold Crossed: 3 out of the last 3 datapoints");
    // Pane 3: the service's events, ECS's own words.
    c.keys("3");
    let events = c.wait_for("┌ 3 events");
    assert!(events.contains("(service api) has reached a steady state"), "an event line:\n{events}");
    // Every alarm of the region; Enter on one shows it in full with its state changes.
    c.keys(":alarms\r");
    c.wait_for("prod-api-5xx");
    c.keys("/prod-api-cpu-high\r");
    wait_selected(&c, &["ALARM", "prod-api-cpu-high"]);
    c.keys("\r");
    c.wait_for("alarm · prod-api-cpu-high");
    let history = c.wait_for(", newest first");
    assert!(history.contains("OK → ALARM"), "the change into ALARM:\n{history}");
    assert!(history.contains("reason:    Threshold Crossed"), "{history}");
    c.keys("q");
    assert!(c.wait_exit().success());
}

#[test]
fn an_unhealthy_target_is_a_triage_row_and_enter_opens_the_targets_pane() {
    let mut c = Console::start_with_config(&["--demo", "--demo-seed", "1"], &[("settings.toml", "")]);
    let screen = c.wait_for("targets unhealthy in tg prod-api");
    assert!(screen.contains("Target.ResponseCodeMismatch"), "{screen}");
    c.keys("/unhealthy in tg\r");
    let start = Instant::now();
    while !selected_line(&c).contains("prod/api") {
        assert!(start.elapsed() < WAIT, "the filter did not select api: {}", selected_line(&c));
        std::thread::sleep(Duration::from_millis(20));
    }
    c.keys("\r");
    // The detail opens on pane 7: the group's counts, the failing target marked, its reason.
    let detail = c.wait_for("✖ unhealthy");
    assert!(detail.contains("service · api"), "{detail}");
    assert!(detail.contains("1 unhealthy · 1 draining"), "{detail}");
    // The reason wraps with the pane's width; its start is on the target's next line.
    c.wait_for("Target.ResponseCodeMismatch — Health checks failed");
    c.keys("q");
    assert!(c.wait_exit().success());
}
