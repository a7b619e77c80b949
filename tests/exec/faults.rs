//! Scripted faults: reordering, duplicates, lost acknowledgements and input, pauses, and
//! the retransmission limit.

use bosun::exec::peer::{PeerConfig, Script};
use bosun::exec::{EndReason, ExecEvent, ExecOptions};

use crate::support::{assert_bytes, covers, options, pattern, rig, rig_with};

fn scripted(script: Script) -> PeerConfig {
    PeerConfig { script, ..PeerConfig::default() }
}

#[tokio::test]
async fn reordered_output_is_delivered_in_order() {
    let mut r = rig(scripted(Script { reorder: true, ..Script::default() })).await;
    r.ready().await;
    let bulk = pattern(20_000);
    r.peer.emit(&r.session.session_id, bulk.clone());
    let mut expected = b"$ ".to_vec();
    expected.extend_from_slice(&bulk);
    assert_bytes(&r.output_len(expected.len()).await, &expected);
    // 1 greeting frame + 20 output frames, every one acknowledged, out of order included.
    let rec = r.peer_until(|rec| covers(&rec.acks_received, 21)).await;
    assert!(rec.acks_received.len() >= 21);
}

#[tokio::test]
async fn duplicates_are_acknowledged_but_delivered_once() {
    let mut r = rig(scripted(Script { duplicate: true, ..Script::default() })).await;
    r.ready().await;
    r.handle.send_input(&b"abc"[..]).await.unwrap();
    r.output_until(b"$ abc").await;
    let bulk = pattern(3000);
    r.peer.emit(&r.session.session_id, bulk.clone());
    let mut expected = b"$ abc".to_vec();
    expected.extend_from_slice(&bulk);
    assert_bytes(&r.output_len(expected.len()).await, &expected);
    // Greeting, echo and 3 bulk frames, each sent twice and each copy acknowledged.
    let rec = r.peer_until(|rec| rec.acks_received.len() >= 10).await;
    for seq in 0..5 {
        let n = rec.acks_received.iter().filter(|&&s| s == seq).count();
        assert_eq!(n, 2, "seq {seq} acknowledged per copy: {:?}", rec.acks_received);
    }
}

#[tokio::test]
async fn lost_acknowledgements_cause_resends_not_duplicates() {
    let mut r = rig(scripted(Script { withhold_acks: 3, ..Script::default() })).await;
    r.ready().await;
    r.handle.send_input(&b"one"[..]).await.unwrap();
    r.handle.send_input(&b"two"[..]).await.unwrap();
    assert_eq!(r.output_until(b"$ onetwo").await, b"$ onetwo");
    // Every frame whose ack was lost arrives again; the peer uses it once.
    let rec = r.peer_until(|rec| rec.input_frames.iter().filter(|&&s| s == 0).count() >= 2).await;
    assert_eq!(rec.input, b"onetwo");
    assert_eq!(rec.sizes.len(), 1);
    // Output stays exactly once even after more traffic.
    r.handle.send_input(&b"!"[..]).await.unwrap();
    assert_eq!(r.output_until(b"!").await, b"$ onetwo!");
}

#[tokio::test]
async fn lost_input_is_retransmitted_with_the_same_bytes() {
    let mut r = rig(scripted(Script { drop_inputs: 2, ..Script::default() })).await;
    r.ready().await;
    r.handle.send_input(&b"ls"[..]).await.unwrap();
    assert_eq!(r.output_until(b"$ ls").await, b"$ ls");
    let rec = r.record();
    assert_eq!(rec.input, b"ls");
    // Size (0) and "ls" (1) were each lost once, then resent.
    assert!(rec.input_frames.iter().filter(|&&s| s == 0).count() >= 2);
    assert!(rec.input_frames.iter().filter(|&&s| s == 1).count() >= 2);
}

#[tokio::test]
async fn pause_and_start_publication_are_harmless() {
    let mut r = rig(scripted(Script { pause_publication: true, ..Script::default() })).await;
    r.ready().await;
    r.handle.send_input(&b"x"[..]).await.unwrap();
    assert_eq!(r.output_until(b"$ x").await, b"$ x");
    // Publication frames are not sequenced: nothing acknowledged beyond the output.
    let rec = r.peer_until(|rec| rec.acks_received.len() >= 2).await;
    assert_eq!(rec.acks_received, vec![0, 1]);
}

#[tokio::test]
async fn retransmit_limit_ends_the_session() {
    let opts = ExecOptions { resend_limit: 3, ..options() };
    let mut r = rig_with(scripted(Script { drop_inputs: usize::MAX, ..Script::default() }), opts).await;
    r.ready().await;
    let end = r.ended().await;
    assert_eq!(end, EndReason::RetransmitLimit { resends: 3 });
    // The size frame went out once and was resent three times.
    let rec = r.record();
    assert_eq!(rec.input_frames, vec![0, 0, 0, 0]);
    assert!(r.control.calls().contains(&format!("TerminateSession {}", r.session.session_id)));
    assert!(!r.seen.iter().any(|e| matches!(e, ExecEvent::Reconnecting { .. })));
}
