//! Shared set-up: a peer, a client connected to it, and bounded waits on events.

use std::sync::Arc;
use std::time::Duration;

use bosun::exec::peer::{AgentPeer, FixedKeyKms, PeerConfig, PeerControl, PeerRecord};
use bosun::exec::{EndReason, ExecEvent, ExecHandle, ExecOptions, ExecSession};

/// Upper bound for anything a test waits for; generous for a loaded 2-core machine.
pub const LIMIT: Duration = Duration::from_secs(20);

pub struct Rig {
    pub peer: AgentPeer,
    pub session: ExecSession,
    pub kms: Arc<FixedKeyKms>,
    pub control: Arc<PeerControl>,
    pub handle: ExecHandle,
    /// Every event seen so far, in order.
    pub seen: Vec<ExecEvent>,
}

pub fn options() -> ExecOptions {
    ExecOptions {
        target_id: "ecs:prod_0f13ab_0f13ab-1234567890".to_owned(),
        resume_backoff: Duration::from_millis(10),
        ..ExecOptions::default()
    }
}

pub async fn rig(config: PeerConfig) -> Rig {
    rig_with(config, options()).await
}

pub async fn rig_with(config: PeerConfig, options: ExecOptions) -> Rig {
    let peer = AgentPeer::start(config).await.expect("peer starts");
    let session = peer.new_session();
    let kms = peer.kms();
    let control = peer.control();
    let handle = bosun::exec::connect(session.clone(), options, kms.clone(), control.clone()).await.expect("connects");
    Rig { peer, session, kms, control, handle, seen: Vec::new() }
}

impl Rig {
    pub fn record(&self) -> PeerRecord {
        self.peer.record(&self.session.session_id)
    }

    /// The next event, failing the test after [`LIMIT`].
    pub async fn next(&mut self) -> ExecEvent {
        let ev = tokio::time::timeout(LIMIT, self.handle.next_event())
            .await
            .expect("event within the limit")
            .expect("event stream open");
        self.seen.push(ev.clone());
        ev
    }

    /// Waits for the session to accept input.
    pub async fn ready(&mut self) {
        loop {
            match self.next().await {
                ExecEvent::Ready => return,
                ExecEvent::Ended(r) => panic!("ended before ready: {r}"),
                _ => {}
            }
        }
    }

    /// Output bytes seen so far.
    pub fn output(&self) -> Vec<u8> {
        self.seen
            .iter()
            .filter_map(|e| match e {
                ExecEvent::Output(b) => Some(b.as_slice()),
                _ => None,
            })
            .collect::<Vec<_>>()
            .concat()
    }

    /// Reads events until the output so far ends with `tail`.
    pub async fn output_until(&mut self, tail: &[u8]) -> Vec<u8> {
        while !self.output().ends_with(tail) {
            if let ExecEvent::Ended(r) = self.next().await {
                panic!("ended while waiting for output: {r}");
            }
        }
        self.output()
    }

    /// Reads events until at least `len` output bytes have arrived.
    pub async fn output_len(&mut self, len: usize) -> Vec<u8> {
        while self.output().len() < len {
            if let ExecEvent::Ended(r) = self.next().await {
                panic!("ended while waiting for output: {r}");
            }
        }
        self.output()
    }

    /// Reads events until the session ends.
    pub async fn ended(&mut self) -> EndReason {
        loop {
            if let ExecEvent::Ended(r) = self.next().await {
                return r;
            }
        }
    }

    /// Waits until the peer's record satisfies `cond` (polled; bounded by [`LIMIT`]).
    pub async fn peer_until(&self, cond: impl Fn(&PeerRecord) -> bool) -> PeerRecord {
        let deadline = tokio::time::Instant::now() + LIMIT;
        loop {
            let rec = self.record();
            if cond(&rec) {
                return rec;
            }
            assert!(tokio::time::Instant::now() < deadline, "peer condition not met: {rec:?}");
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    }
}

/// Letters that show any reordering, loss or duplication: a fixed pseudo-random sequence
/// (no short period, so a tail does not match early).
pub fn pattern(len: usize) -> Vec<u8> {
    let mut x: u32 = 0x9e37_79b9;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            b'a' + (x % 26) as u8
        })
        .collect()
}

/// True when `seqs` holds every number in `0..n` at least once.
pub fn covers(seqs: &[i64], n: i64) -> bool {
    (0..n).all(|s| seqs.contains(&s))
}

/// Compares byte strings, reporting lengths and the first difference rather than the bytes.
#[track_caller]
pub fn assert_bytes(actual: &[u8], expected: &[u8]) {
    if actual != expected {
        let at = actual.iter().zip(expected).position(|(a, b)| a != b).unwrap_or(actual.len().min(expected.len()));
        panic!(
            "bytes differ at {at}: got {} bytes, expected {}; got {:?}.. expected {:?}..",
            actual.len(),
            expected.len(),
            String::from_utf8_lossy(&actual[at..(at + 40).min(actual.len())]),
            String::from_utf8_lossy(&expected[at..(at + 40).min(expected.len())]),
        );
    }
}
