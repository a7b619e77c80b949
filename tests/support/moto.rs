//! The moto AWS emulator for tests: one `moto_server` per test binary on a free loopback port,
//! and a fresh 12-digit account per test (moto isolates accounts by the `x-moto-account-id`
//! request header). Nothing here reaches AWS.
use std::io::{Read, Write};
use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// The request header moto reads to pick the account a call acts in.
pub const ACCOUNT_HEADER: &str = "x-moto-account-id";
pub const REGION: &str = "us-east-1";

/// Where a test talks to moto, and as which account.
#[derive(Debug, Clone)]
pub struct MotoAccount {
    /// e.g. `http://127.0.0.1:40123`
    pub endpoint: String,
    /// 12 digits, unique per call of [`account`].
    pub account: String,
}

/// A running `moto_server`, stopped when dropped (or when the test process exits).
pub struct MotoServer {
    child: Child,
    pub endpoint: String,
}

impl Drop for MotoServer {
    fn drop(&mut self) {
        // Closing the shell's stdin makes it stop moto and exit (killing the shell would leave
        // moto running).
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

/// The moto_server executable: `$BOSUN_MOTO_SERVER`, else `.venv/bin/moto_server` in the repo.
/// Panics (failing the test) when neither exists: moto tests must never pass without moto.
pub fn moto_server_path() -> PathBuf {
    if let Some(p) = std::env::var_os("BOSUN_MOTO_SERVER").filter(|p| !p.is_empty()) {
        let p = PathBuf::from(p);
        assert!(p.is_file(), "BOSUN_MOTO_SERVER={} does not exist; run scripts/test to install moto", p.display());
        return p;
    }
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin/moto_server");
    assert!(
        venv.is_file(),
        "moto_server not found (no BOSUN_MOTO_SERVER, no {}): run scripts/test, which installs moto into .venv",
        venv.display()
    );
    venv
}

impl MotoServer {
    /// Starts a server of its own (for tests that need a whole moto, e.g. the real binary).
    pub fn start() -> MotoServer {
        let exe = moto_server_path();
        let mut last_err = String::new();
        // The free port is found by binding and releasing it, so another process may take it
        // in between: try a few.
        for _ in 0..3 {
            let port = free_port();
            // The shell waits for EOF on stdin, then stops moto: stdin is a pipe held by this
            // process, so moto goes away even when the test process exits without dropping us.
            let child = Command::new("sh")
                .arg("-c")
                .arg(r#""$0" -H 127.0.0.1 -p "$1" </dev/null >/dev/null 2>&1 & pid=$!; cat >/dev/null; kill "$pid"; wait "$pid""#)
                .arg(&exe)
                .arg(port.to_string())
                .stdin(Stdio::piped())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", exe.display()));
            let mut server = MotoServer { child, endpoint: format!("http://127.0.0.1:{port}") };
            match server.wait_ready(Duration::from_secs(30)) {
                Ok(()) => {
                    server.freeze_task_states();
                    return server;
                }
                Err(e) => last_err = e,
            }
        }
        panic!("moto_server did not start: {last_err}");
    }

    fn addr(&self) -> SocketAddr {
        self.endpoint.trim_start_matches("http://").parse().expect("loopback address")
    }

    fn wait_ready(&mut self, limit: Duration) -> Result<(), String> {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("moto_server exited early ({status})"));
            }
            if let Ok((code, _)) = http(self.addr(), "GET", "/moto-api/", None, None)
                && code < 500
            {
                return Ok(());
            }
            if started.elapsed() > limit {
                return Err(format!("no answer from {} within {limit:?}", self.endpoint));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// moto moves a task one state forward on every DescribeTasks; tests need tasks to stay put.
    fn freeze_task_states(&self) {
        let body = r#"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}"#;
        let (code, text) = http(self.addr(), "POST", "/moto-api/state-manager/set-transition", Some(body), None)
            .unwrap_or_else(|e| panic!("moto set-transition failed: {e}"));
        assert!((200..300).contains(&code), "moto set-transition answered {code}: {text}");
    }
}

/// The moto server shared by every test of this binary.
pub fn shared() -> &'static MotoServer {
    static SERVER: OnceLock<MotoServer> = OnceLock::new();
    SERVER.get_or_init(MotoServer::start)
}

/// A fresh account on the shared server.
pub fn account() -> MotoAccount {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    // Distinct per test process too, in case two binaries ever share one server.
    let account = format!("{:012}", 100_000_000_000 + u64::from(std::process::id() % 100_000) * 10_000 + n);
    MotoAccount { endpoint: shared().endpoint.clone(), account }
}

fn free_port() -> u16 {
    let l = TcpListener::bind((Ipv4Addr::LOCALHOST, 0)).expect("bind a loopback port");
    l.local_addr().expect("local address").port()
}

/// A minimal HTTP/1.0 exchange for moto's own API (status code and body). The SDK covers AWS
/// calls; this is only for `/moto-api/`.
pub fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    body: Option<&str>,
    account: Option<&str>,
) -> Result<(u16, String), String> {
    let mut s = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).map_err(|e| e.to_string())?;
    s.set_read_timeout(Some(Duration::from_secs(10))).map_err(|e| e.to_string())?;
    let body = body.unwrap_or("");
    let mut req = format!("{method} {path} HTTP/1.0\r\nHost: {addr}\r\nContent-Length: {}\r\n", body.len());
    if !body.is_empty() {
        req.push_str("Content-Type: application/json\r\n");
    }
    if let Some(a) = account {
        req.push_str(&format!("{ACCOUNT_HEADER}: {a}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut out = String::new();
    s.read_to_string(&mut out).map_err(|e| e.to_string())?;
    let code = out
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {:.80}", out))?;
    let text = out.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    Ok((code, text))
}
