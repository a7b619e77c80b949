//! The KMS path: HandshakeRequest, GenerateDataKey, HandshakeResponse, challenge, complete.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;
use bosun::exec::peer::{PEER_WRAPPED_KEY, PeerConfig, Script};
use bosun::exec::{DataKey, DataKeyProvider, DataKeyRequest, EndReason, ExecEvent, ExecOptions};

use crate::support::{options, rig, rig_with};

const KEY: &str = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab";

fn kms_config() -> PeerConfig {
    PeerConfig {
        kms_key_id: Some(KEY.to_owned()),
        customer_message: "Session is encrypted with KMS.".to_owned(),
        ..PeerConfig::default()
    }
}

#[tokio::test]
async fn kms_handshake_then_encrypted_echo() {
    let mut r = rig(kms_config()).await;
    // Typed during the handshake: must wait for HandshakeComplete.
    r.handle.send_input(&b"whoami"[..]).await.unwrap();
    assert_eq!(r.next().await, ExecEvent::Connected);
    assert_eq!(
        r.next().await,
        ExecEvent::HandshakeComplete { customer_message: "Session is encrypted with KMS.".to_owned() }
    );
    assert_eq!(r.next().await, ExecEvent::Ready);
    assert_eq!(r.output_until(b"$ whoami").await, b"$ whoami");
    r.handle.send_input(&b"\r"[..]).await.unwrap();
    r.output_until(b"\r").await;

    let rec = r.record();
    assert!(rec.handshake_complete);
    assert_eq!(rec.wrapped_key.as_deref(), Some(PEER_WRAPPED_KEY));
    assert_eq!(rec.input, b"whoami\r", "decrypted by the peer with the other half");
    assert_eq!(rec.input_before_ready, 0);
    // HandshakeResponse 0, EncChallengeResponse 1, Size 2, then keys.
    assert_eq!(rec.input_frames[..3], [0, 1, 2]);
    assert_eq!(rec.sizes.len(), 1);

    let requests = r.kms.requests();
    assert_eq!(requests.len(), 1);
    let req = &requests[0];
    assert_eq!(req.key_id, KEY);
    assert_eq!(req.number_of_bytes, 64);
    assert_eq!(req.encryption_context["aws:ssm:SessionId"], r.session.session_id);
    assert_eq!(req.encryption_context["aws:ssm:TargetId"], "ecs:prod_0f13ab_0f13ab-1234567890");
    assert_eq!(req.encryption_context.len(), 2);

    r.handle.exit().await.unwrap();
    assert!(r.ended().await.is_normal());
    assert!(r.seen.contains(&ExecEvent::ExitCode(0)));
}

#[tokio::test]
async fn kms_failure_fails_the_handshake() {
    let peer = bosun::exec::peer::AgentPeer::start(kms_config()).await.unwrap();
    let session = peer.new_session();
    let kms = peer.kms();
    kms.fail_with("AccessDeniedException: not authorized to perform kms:GenerateDataKey");
    let control = peer.control();
    let mut h = bosun::exec::connect(session.clone(), options(), kms, control.clone()).await.unwrap();
    let end = loop {
        match tokio::time::timeout(crate::support::LIMIT, h.next_event()).await.unwrap() {
            Some(ExecEvent::Ended(r)) => break r,
            Some(ExecEvent::Output(_)) => panic!("no output without a key"),
            Some(_) => {}
            None => panic!("no end"),
        }
    };
    match &end {
        EndReason::HandshakeFailed { reason } => assert!(reason.contains("AccessDenied")),
        other => panic!("unexpected end {other:?}"),
    }
    assert!(end.to_string().starts_with("The encryption handshake failed"));
    assert!(control.calls().iter().any(|c| c.starts_with("TerminateSession")));
}

/// A KMS that never answers.
struct StuckKms;

#[async_trait]
impl DataKeyProvider for StuckKms {
    async fn generate_data_key(&self, _request: DataKeyRequest) -> Result<DataKey, String> {
        std::future::pending().await
    }
}

#[tokio::test]
async fn handshake_times_out() {
    let peer = bosun::exec::peer::AgentPeer::start(kms_config()).await.unwrap();
    let session = peer.new_session();
    let opts = ExecOptions { handshake_timeout: Duration::from_millis(300), ..options() };
    let mut h = bosun::exec::connect(session, opts, Arc::new(StuckKms), peer.control()).await.unwrap();
    let end = loop {
        if let Some(ExecEvent::Ended(r)) = tokio::time::timeout(crate::support::LIMIT, h.next_event()).await.unwrap() {
            break r;
        }
    };
    assert_eq!(end, EndReason::HandshakeTimeout);
}

#[tokio::test]
async fn unencrypted_start_is_refused_when_the_cluster_has_a_key() {
    let opts = ExecOptions { kms_key_id: Some(KEY.to_owned()), ..options() };
    let mut r = rig_with(PeerConfig::default(), opts).await;
    assert_eq!(r.ended().await, EndReason::EncryptionNotNegotiated);
    assert!(r.output().is_empty(), "plaintext output is not shown");
}

/// The peer's KMS, answering only after `delay`.
struct SlowKms {
    inner: Arc<bosun::exec::peer::FixedKeyKms>,
    delay: Duration,
}

#[async_trait]
impl DataKeyProvider for SlowKms {
    async fn generate_data_key(&self, request: DataKeyRequest) -> Result<DataKey, String> {
        tokio::time::sleep(self.delay).await;
        self.inner.generate_data_key(request).await
    }
}

fn slow_agent(challenge_delay: Duration) -> PeerConfig {
    PeerConfig { script: Script { challenge_delay, ..Script::default() }, ..kms_config() }
}

#[tokio::test]
async fn handshake_deadline_applies_per_step() {
    // Each step is well inside the step deadline; together they exceed it.
    let step = Duration::from_millis(1500);
    let slow = Duration::from_millis(1000);
    let peer = bosun::exec::peer::AgentPeer::start(slow_agent(slow)).await.unwrap();
    let session = peer.new_session();
    let kms = Arc::new(SlowKms { inner: peer.kms(), delay: slow });
    let opts = ExecOptions { handshake_timeout: step, ..options() };
    let started = tokio::time::Instant::now();
    let mut h = bosun::exec::connect(session.clone(), opts, kms, peer.control()).await.unwrap();
    loop {
        match tokio::time::timeout(crate::support::LIMIT, h.next_event()).await.unwrap() {
            Some(ExecEvent::Ready) => break,
            Some(ExecEvent::Ended(r)) => panic!("ended during the handshake: {r:?}"),
            Some(_) => {}
            None => panic!("no end"),
        }
    }
    assert!(started.elapsed() > step, "the handshake as a whole outlasted one step deadline");
    assert!(peer.record(&session.session_id).handshake_complete);
}

#[tokio::test]
async fn a_stalled_later_step_times_out() {
    // The KMS step completes at once; the agent then never sends its challenge in time.
    let peer = bosun::exec::peer::AgentPeer::start(slow_agent(Duration::from_secs(3600))).await.unwrap();
    let session = peer.new_session();
    let opts = ExecOptions { handshake_timeout: Duration::from_millis(300), ..options() };
    let control = peer.control();
    let mut h = bosun::exec::connect(session.clone(), opts, peer.kms(), control.clone()).await.unwrap();
    let end = loop {
        if let Some(ExecEvent::Ended(r)) = tokio::time::timeout(crate::support::LIMIT, h.next_event()).await.unwrap() {
            break r;
        }
    };
    assert_eq!(end, EndReason::HandshakeTimeout);
    // The HandshakeResponse had gone out: the timeout is the second step's.
    assert_eq!(peer.record(&session.session_id).wrapped_key.as_deref(), Some(PEER_WRAPPED_KEY));
    assert!(control.calls().iter().any(|c| c.starts_with("TerminateSession")));
}
