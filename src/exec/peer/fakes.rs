//! Stand-ins for KMS and the SSM session calls that match the loopback peer.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use async_trait::async_trait;

use super::AgentPeer;
use crate::exec::control::{ResumedSession, SessionControl};
use crate::exec::kms::{DataKey, DataKeyProvider, DataKeyRequest};

/// The peer's data key: a fixed test pattern, never a real secret.
pub const PEER_DATA_KEY: [u8; 64] = fixed_key();
/// What the fake KMS hands out as the wrapped key; the peer expects it back.
pub const PEER_WRAPPED_KEY: &[u8] = b"bosun-loopback-peer:wrapped-data-key";

const fn fixed_key() -> [u8; 64] {
    let mut key = [0u8; 64];
    let mut i = 0;
    while i < 64 {
        key[i] = (i as u8).wrapping_mul(37).wrapping_add(11);
        i += 1;
    }
    key
}

/// A `GenerateDataKey` that always returns [`PEER_DATA_KEY`] and records its requests.
#[derive(Debug, Default)]
pub struct FixedKeyKms {
    requests: Mutex<Vec<DataKeyRequest>>,
    fail: Mutex<Option<String>>,
}

impl FixedKeyKms {
    /// Makes every later request fail with `message` (e.g. an access-denied text).
    pub fn fail_with(&self, message: &str) {
        *self.fail.lock().unwrap_or_else(|e| e.into_inner()) = Some(message.to_owned());
    }

    /// The requests made so far.
    pub fn requests(&self) -> Vec<DataKeyRequest> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

#[async_trait]
impl DataKeyProvider for FixedKeyKms {
    async fn generate_data_key(&self, request: DataKeyRequest) -> Result<DataKey, String> {
        self.requests.lock().unwrap_or_else(|e| e.into_inner()).push(request);
        if let Some(message) = self.fail.lock().unwrap_or_else(|e| e.into_inner()).clone() {
            return Err(message);
        }
        Ok(DataKey { plaintext: PEER_DATA_KEY.to_vec(), ciphertext_blob: PEER_WRAPPED_KEY.to_vec() })
    }
}

/// ResumeSession and TerminateSession against an [`AgentPeer`], with a call log.
#[derive(Debug)]
pub struct PeerControl {
    peer: AgentPeer,
    calls: Mutex<Vec<String>>,
    refuse_resume: AtomicBool,
}

impl PeerControl {
    pub(super) fn new(peer: AgentPeer) -> PeerControl {
        PeerControl { peer, calls: Mutex::new(Vec::new()), refuse_resume: AtomicBool::new(false) }
    }

    /// Makes ResumeSession fail from now on.
    pub fn refuse_resume(&self) {
        self.refuse_resume.store(true, Ordering::SeqCst);
    }

    /// Calls made so far, as `ResumeSession <id>` / `TerminateSession <id>`.
    pub fn calls(&self) -> Vec<String> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn log(&self, call: String) {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).push(call);
    }
}

#[async_trait]
impl SessionControl for PeerControl {
    async fn resume_session(&self, session_id: &str) -> Result<ResumedSession, String> {
        self.log(format!("ResumeSession {session_id}"));
        if self.refuse_resume.load(Ordering::SeqCst) {
            return Err("ResumeSession refused by the peer".to_owned());
        }
        let token_value =
            self.peer.mint_token(session_id).ok_or_else(|| format!("session {session_id} is not resumable"))?;
        Ok(ResumedSession { token_value, stream_url: Some(self.peer.stream_url(session_id)) })
    }

    async fn terminate_session(&self, session_id: &str) -> Result<(), String> {
        self.log(format!("TerminateSession {session_id}"));
        if self.peer.terminate(session_id) { Ok(()) } else { Err(format!("session {session_id} is unknown")) }
    }
}
