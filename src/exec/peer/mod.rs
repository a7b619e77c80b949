//! A loopback stand-in for the SSM agent and its service, for tests, benchmarks and the
//! `exec_peer` example.
//!
//! [`AgentPeer`] is a WebSocket server on 127.0.0.1 that checks the OpenDataChannel frame
//! and token, runs the no-handshake or the KMS handshake path (with [`FixedKeyKms`]), echoes
//! input as output, and can be scripted ([`Script`]) to reorder or duplicate its frames,
//! lose acknowledgements or input, pause publication, close with a message or drop the
//! socket. [`PeerControl`] plays `ssm:ResumeSession` / `TerminateSession` against it.
//! Everything it sees is written to a [`PeerRecord`] for assertions.

mod agent;
mod fakes;
mod server;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};

use tokio::net::TcpListener;
use tokio::sync::mpsc;

pub use fakes::{FixedKeyKms, PEER_DATA_KEY, PEER_WRAPPED_KEY, PeerControl};

use super::payloads::{OpenDataChannel, TerminalSize};
use super::types::ExecSession;
use agent::AgentEvent;

/// Faults and quirks the peer plays. `Default` is a well-behaved agent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Script {
    /// Sends output frames in swapped pairs (1, 0, 3, 2, ...) within each burst.
    pub reorder: bool,
    /// Sends every output frame twice.
    pub duplicate: bool,
    /// The acknowledgements of this many input frames are lost (the frames are used).
    pub withhold_acks: usize,
    /// This many input frames are lost on arrival (neither used nor acknowledged).
    pub drop_inputs: usize,
    /// Sends pause_publication then start_publication before the first output.
    pub pause_publication: bool,
    /// Drops the socket, once, instead of sending the output frame with this sequence
    /// number; the frame goes out again after the client reconnects.
    pub drop_socket_before_output: Option<i64>,
    /// Unacknowledged output frames allowed in flight.
    pub window: usize,
    /// How long the KMS handshake waits before sending EncChallengeRequest (a slow agent).
    pub challenge_delay: std::time::Duration,
}

impl Default for Script {
    fn default() -> Self {
        Script {
            reorder: false,
            duplicate: false,
            withhold_acks: 0,
            drop_inputs: 0,
            pause_publication: false,
            drop_socket_before_output: None,
            window: 512,
            challenge_delay: std::time::Duration::ZERO,
        }
    }
}

/// How the peer behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerConfig {
    /// When set, sessions start with the KMS handshake naming this key.
    pub kms_key_id: Option<String>,
    /// First output of a session (a prompt); the no-handshake client waits for it.
    pub greeting: Vec<u8>,
    /// HandshakeComplete's message for the user.
    pub customer_message: String,
    /// Echo Enter (CR) as CR LF, as a terminal does; off, input is echoed byte for byte.
    pub tty_echo: bool,
    pub script: Script,
}

impl Default for PeerConfig {
    fn default() -> Self {
        PeerConfig {
            kms_key_id: None,
            greeting: b"$ ".to_vec(),
            customer_message: String::new(),
            tty_echo: false,
            script: Script::default(),
        }
    }
}

/// Everything the peer observed of one session.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeerRecord {
    /// OpenDataChannel frames accepted (one per connection).
    pub opens: Vec<OpenDataChannel>,
    /// Connections refused for a wrong or stale token.
    pub rejected_tokens: usize,
    /// Input bytes used, in order, decrypted.
    pub input: Vec<u8>,
    /// Terminal sizes received, in order.
    pub sizes: Vec<TerminalSize>,
    /// Sequence numbers of every input frame that arrived, duplicates included.
    pub input_frames: Vec<i64>,
    /// For each entry of `input_frames`, the connection it arrived on (1 for the first
    /// accepted OpenDataChannel, 2 after the first resume, ...).
    pub input_frame_conns: Vec<usize>,
    /// The `Authorization` header of each accepted connection's upgrade request, if any.
    pub authorization: Vec<Option<String>>,
    /// Input frames that arrived before the session was ready (discarded).
    pub input_before_ready: usize,
    /// Input frames that could not be used and were left unacknowledged.
    pub unusable: usize,
    /// Undecodable frames.
    pub malformed: usize,
    /// Acknowledgements received from the client: output sequence numbers, duplicates included.
    pub acks_received: Vec<i64>,
    /// Output frames sent, resends and script duplicates included.
    pub output_frames_sent: usize,
    /// Whether the KMS handshake completed.
    pub handshake_complete: bool,
    /// The wrapped key the client returned in HandshakeResponse.
    pub wrapped_key: Option<Vec<u8>>,
    /// ResumeSession calls served.
    pub resumes: usize,
    /// Whether TerminateSession was called.
    pub terminated: bool,
    /// Whether channel_closed was sent.
    pub closed: bool,
}

struct SessionEntry {
    token: String,
    ended: bool,
    events: mpsc::UnboundedSender<AgentEvent>,
    record: Arc<Mutex<PeerRecord>>,
}

struct Shared {
    addr: SocketAddr,
    config: PeerConfig,
    sessions: Mutex<HashMap<String, SessionEntry>>,
    next_conn: AtomicU64,
}

impl Shared {
    fn sessions(&self) -> MutexGuard<'_, HashMap<String, SessionEntry>> {
        // A panic elsewhere while holding the lock leaves plain data; keep serving.
        self.sessions.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn stream_url(&self, session_id: &str) -> String {
        format!("ws://{}/v1/data-channel/{session_id}?role=publish_subscribe", self.addr)
    }
}

/// The running peer. Dropping it does not stop the server task; it ends with the runtime.
#[derive(Clone)]
pub struct AgentPeer {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for AgentPeer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AgentPeer").field("addr", &self.shared.addr).finish()
    }
}

impl AgentPeer {
    /// Starts a peer on a free loopback port.
    pub async fn start(config: PeerConfig) -> std::io::Result<AgentPeer> {
        AgentPeer::bind(SocketAddr::from(([127, 0, 0, 1], 0)), config).await
    }

    /// Starts a peer on `addr` (use a loopback address).
    pub async fn bind(addr: SocketAddr, config: PeerConfig) -> std::io::Result<AgentPeer> {
        let listener = TcpListener::bind(addr).await?;
        let shared = Arc::new(Shared {
            addr: listener.local_addr()?,
            config,
            sessions: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
        });
        tokio::spawn(server::accept_loop(listener, shared.clone()));
        Ok(AgentPeer { shared })
    }

    pub fn addr(&self) -> SocketAddr {
        self.shared.addr
    }

    /// Registers a session, as ExecuteCommand would, with the peer's configuration.
    pub fn new_session(&self) -> ExecSession {
        self.new_session_with(self.shared.config.clone())
    }

    /// Registers a session with its own configuration.
    pub fn new_session_with(&self, config: PeerConfig) -> ExecSession {
        let session_id = format!("ecs-execute-command-{}", uuid::Uuid::new_v4().simple());
        let token = new_token();
        let record = Arc::new(Mutex::new(PeerRecord::default()));
        let events = agent::spawn(session_id.clone(), config, record.clone());
        self.shared
            .sessions()
            .insert(session_id.clone(), SessionEntry { token: token.clone(), ended: false, events, record });
        ExecSession { stream_url: self.shared.stream_url(&session_id), session_id, token_value: token }
    }

    /// The data-key provider that matches this peer's fixed key.
    pub fn kms(&self) -> Arc<FixedKeyKms> {
        Arc::new(FixedKeyKms::default())
    }

    /// ResumeSession / TerminateSession served by this peer.
    pub fn control(&self) -> Arc<PeerControl> {
        Arc::new(PeerControl::new(self.clone()))
    }

    /// A copy of what the peer observed of a session.
    pub fn record(&self, session_id: &str) -> PeerRecord {
        self.with_entry(session_id, |e| e.record.lock().unwrap_or_else(|p| p.into_inner()).clone()).unwrap_or_default()
    }

    /// Sends output to the client (split into frames of at most 1024 bytes).
    pub fn emit(&self, session_id: &str, bytes: impl Into<Vec<u8>>) {
        self.send(session_id, AgentEvent::Emit(bytes.into()));
    }

    /// Sends standard-error output.
    pub fn emit_stderr(&self, session_id: &str, bytes: impl Into<Vec<u8>>) {
        self.send(session_id, AgentEvent::EmitStderr(bytes.into()));
    }

    /// Ends the session with `channel_closed` carrying `message`, once output is acknowledged.
    pub fn close_session(&self, session_id: &str, message: &str) {
        self.send(session_id, AgentEvent::Close(message.to_owned()));
    }

    /// Drops the session's socket without a closing handshake.
    pub fn drop_socket(&self, session_id: &str) {
        self.send(session_id, AgentEvent::DropSocket);
    }

    fn send(&self, session_id: &str, event: AgentEvent) {
        self.with_entry(session_id, |e| {
            let _ = e.events.send(event);
        });
    }

    fn with_entry<T>(&self, session_id: &str, f: impl FnOnce(&mut SessionEntry) -> T) -> Option<T> {
        self.shared.sessions().get_mut(session_id).map(f)
    }

    /// ResumeSession: a fresh token; the old one stops working.
    pub(crate) fn mint_token(&self, session_id: &str) -> Option<String> {
        self.with_entry(session_id, |e| {
            if e.ended {
                return None;
            }
            e.token = new_token();
            e.record.lock().unwrap_or_else(|p| p.into_inner()).resumes += 1;
            Some(e.token.clone())
        })
        .flatten()
    }

    /// TerminateSession: ends the session and refuses further connections.
    pub(crate) fn terminate(&self, session_id: &str) -> bool {
        self.with_entry(session_id, |e| {
            e.ended = true;
            e.record.lock().unwrap_or_else(|p| p.into_inner()).terminated = true;
            let _ = e.events.send(AgentEvent::DropSocket);
        })
        .is_some()
    }

    pub(crate) fn stream_url(&self, session_id: &str) -> String {
        self.shared.stream_url(session_id)
    }
}

fn new_token() -> String {
    format!("{}{}", uuid::Uuid::new_v4().simple(), uuid::Uuid::new_v4().simple())
}
