//! Dropped sockets, ResumeSession, abort and TerminateSession.

use bosun::exec::peer::{PeerConfig, PeerRecord, Script};
use bosun::exec::{EndReason, ExecEvent};

use crate::support::{LIMIT, covers, rig};

#[tokio::test]
async fn dropped_socket_resumes_with_a_fresh_token_and_no_lost_bytes() {
    // Output seq 3 is never sent on the first socket: the peer drops it instead.
    let mut r = rig(PeerConfig {
        script: Script { drop_socket_before_output: Some(3), ..Script::default() },
        ..PeerConfig::default()
    })
    .await;
    r.ready().await;
    for key in ["a", "b", "c", "d"] {
        r.handle.send_input(key).await.unwrap();
    }
    r.handle.send_input("ef").await.unwrap();
    assert_eq!(r.output_until(b"$ abcdef").await, b"$ abcdef");
    let reconnecting = r.seen.iter().position(|e| *e == ExecEvent::Reconnecting { attempt: 1 }).expect("reconnected");
    assert!(r.seen[reconnecting..].contains(&ExecEvent::Resumed));

    let rec = r.record();
    assert_eq!(rec.input, b"abcdef", "input neither lost nor doubled");
    assert_eq!(rec.resumes, 1);
    assert_eq!(rec.opens.len(), 2);
    assert_ne!(rec.opens[1].token_value, r.session.token_value, "fresh token");
    assert_eq!(rec.opens[0].client_id, rec.opens[1].client_id);
    assert_ne!(rec.opens[0].request_id, rec.opens[1].request_id);
    assert_eq!(rec.sizes.len(), 1, "counters kept: no second start");
    assert_eq!(r.control.calls(), vec![format!("ResumeSession {}", r.session.session_id)]);
}

#[tokio::test]
async fn drop_mid_stream_keeps_both_directions_exact() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    let id = r.session.session_id.clone();
    let mut typed = Vec::new();
    for round in 0..5u8 {
        let chunk = vec![b'k' + round; 700];
        r.peer.emit(&id, vec![b'A' + round; 3000]);
        r.handle.send_input(chunk.clone()).await.unwrap();
        typed.extend_from_slice(&chunk);
        r.peer.drop_socket(&id);
    }
    r.handle.send_input("!").await.unwrap();
    typed.push(b'!');
    r.output_until(b"!").await;
    let out = r.output();
    // Whatever the interleaving, each byte arrived once: count per value.
    for round in 0..5u8 {
        assert_eq!(out.iter().filter(|&&b| b == b'A' + round).count(), 3000);
        assert_eq!(out.iter().filter(|&&b| b == b'k' + round).count(), 700);
    }
    assert_eq!(out.len(), 2 + 5 * 3700 + 1);
    let rec = r.record();
    assert_eq!(rec.input, typed);
    assert!(rec.resumes >= 1);
}

#[tokio::test]
async fn failed_resume_ends_with_a_reason() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    r.control.refuse_resume();
    r.peer.drop_socket(&r.session.session_id);
    let end = r.ended().await;
    match &end {
        EndReason::ResumeFailed { reason } => assert!(reason.contains("refused")),
        other => panic!("unexpected {other:?}"),
    }
    let attempts = r.seen.iter().filter(|e| matches!(e, ExecEvent::Reconnecting { .. })).count();
    assert_eq!(attempts, 5);
}

#[tokio::test]
async fn abort_terminates_the_session() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    r.handle.abort().unwrap();
    assert_eq!(r.ended().await, EndReason::Aborted { terminate_error: None });
    assert_eq!(r.control.calls(), vec![format!("TerminateSession {}", r.session.session_id)]);
    assert!(r.record().terminated);
    // Events end after Ended; input is refused.
    assert_eq!(tokio::time::timeout(LIMIT, r.handle.next_event()).await.unwrap(), None);
    assert!(r.handle.send_input("x").await.is_err());
}

#[tokio::test]
async fn dropping_the_handle_terminates_the_session() {
    let r = rig(PeerConfig::default()).await;
    let peer = r.peer.clone();
    let id = r.session.session_id.clone();
    let control = r.control.clone();
    drop(r.handle);
    let deadline = tokio::time::Instant::now() + LIMIT;
    while !peer.record(&id).terminated {
        assert!(tokio::time::Instant::now() < deadline, "not terminated");
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    assert_eq!(control.calls(), vec![format!("TerminateSession {id}")]);
}

#[tokio::test]
async fn after_a_reconnect_only_the_oldest_unacknowledged_frame_is_resent() {
    // The peer loses every input frame, so nothing is ever acknowledged.
    let mut r =
        rig(PeerConfig { script: Script { drop_inputs: usize::MAX, ..Script::default() }, ..PeerConfig::default() })
            .await;
    r.ready().await;
    for key in ["a", "b", "c"] {
        r.handle.send_input(key).await.unwrap();
    }
    // Size (0) and the keys (1..=3) went out once each on the first socket.
    r.peer_until(|rec| covers(&rec.input_frames, 4)).await;
    r.peer.drop_socket(&r.session.session_id);
    // On the second socket the resend timer repeats the oldest frame; nothing is replayed in bulk.
    let on_second = |rec: &PeerRecord| -> Vec<i64> {
        rec.input_frames.iter().zip(&rec.input_frame_conns).filter(|(_, c)| **c == 2).map(|(s, _)| *s).collect()
    };
    let rec = r.peer_until(|rec| on_second(rec).len() >= 3).await;
    assert_eq!(rec.opens.len(), 2);
    let second = on_second(&rec);
    assert!(second.iter().all(|&s| s == 0), "only the oldest frame is resent: {second:?}");
}
