//! The no-handshake path: open, echo, sizes, acknowledgements, ending.

use crate::support::{assert_bytes, covers, pattern, rig};
use bosun::exec::payloads::TerminalSize;
use bosun::exec::peer::PeerConfig;
use bosun::exec::{EndReason, ExecEvent};

#[tokio::test]
async fn echo_session_with_sizes_acks_and_exit() {
    let mut r = rig(PeerConfig::default()).await;
    assert_eq!(r.next().await, ExecEvent::Connected);
    r.ready().await;
    assert_eq!(r.output_until(b"$ ").await, b"$ ");

    r.handle.send_input(&b"echo hi"[..]).await.unwrap();
    r.handle.send_input(&b"\n"[..]).await.unwrap();
    assert_eq!(r.output_until(b"\r").await, b"$ echo hi\r");

    r.handle.resize(120, 40).await.unwrap();
    r.handle.resize(120, 40).await.unwrap();
    r.handle.resize(100, 30).await.unwrap();
    r.handle.exit().await.unwrap();
    let end = r.ended().await;
    assert_eq!(end, EndReason::Exited { session_id: r.session.session_id.clone(), exit_code: Some(0) });
    assert!(r.seen.contains(&ExecEvent::ExitCode(0)));

    let rec = r.record();
    // OpenDataChannel carried the session's token and fresh ids.
    assert_eq!(rec.opens.len(), 1);
    assert_eq!(rec.opens[0].token_value, r.session.token_value);
    assert_eq!(rec.opens[0].message_schema_version, "1.0");
    // The size went first, once per change.
    assert_eq!(
        rec.sizes,
        vec![
            TerminalSize { cols: 80, rows: 24 },
            TerminalSize { cols: 120, rows: 40 },
            TerminalSize { cols: 100, rows: 30 },
        ]
    );
    // A lone newline became a carriage return; exit cleared the line first.
    assert_eq!(rec.input, b"echo hi\r\x15exit\r");
    // Input frames 0..=5: size, "echo hi", "\r", two sizes, exit; no resends needed.
    assert_eq!(rec.input_frames, vec![0, 1, 2, 3, 4, 5]);
    assert_eq!(rec.input_before_ready, 0);
    // Every output frame was acknowledged, exactly once on a clean line.
    let n = i64::try_from(rec.output_frames_sent).unwrap();
    let mut acks = rec.acks_received.clone();
    acks.sort_unstable();
    assert_eq!(acks, (0..n).collect::<Vec<_>>());
    assert!(covers(&rec.acks_received, n));
}

#[tokio::test]
async fn no_input_is_sent_before_the_first_output() {
    let config = PeerConfig { greeting: Vec::new(), ..PeerConfig::default() };
    let mut r = rig(config).await;
    assert_eq!(r.next().await, ExecEvent::Connected);
    // Typed before the agent has said anything: held back by the client.
    r.handle.send_input(&b"early"[..]).await.unwrap();
    r.handle.resize(90, 20).await.unwrap();
    // Give a misbehaving client every chance to send.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    assert!(r.record().input_frames.is_empty());

    r.peer.emit(&r.session.session_id, "# ");
    r.ready().await;
    r.output_until(b"# early").await;
    let rec = r.peer_until(|rec| rec.sizes.len() == 2).await;
    assert_eq!(rec.input, b"early");
    assert_eq!(rec.input_before_ready, 0);
    // Size went first (sequence 0), then the held input, then the resize.
    assert_eq!(rec.sizes[0], TerminalSize { cols: 80, rows: 24 });
    assert_eq!(rec.sizes[1], TerminalSize { cols: 90, rows: 20 });
    assert_eq!(rec.input_frames, vec![0, 1, 2]);
}

#[tokio::test]
async fn large_paste_is_split_into_1024_byte_frames() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    let paste = pattern(5000);
    r.handle.send_input(paste.clone()).await.unwrap();
    let mut expected = b"$ ".to_vec();
    expected.extend_from_slice(&paste);
    assert_bytes(&r.output_len(expected.len()).await, &expected);
    let rec = r.record();
    assert_eq!(rec.input, paste);
    // Size + 5 chunks (1024 * 4 + 904).
    assert_eq!(rec.input_frames.len(), 6);
}

#[tokio::test]
async fn stderr_and_bulk_output_arrive_in_order() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    let bulk = pattern(300_000);
    r.peer.emit(&r.session.session_id, bulk.clone());
    r.peer.emit_stderr(&r.session.session_id, "oops\n");
    loop {
        if let ExecEvent::Stderr(b) = r.next().await {
            assert_eq!(b, b"oops\n");
            break;
        }
    }
    let mut expected = b"$ ".to_vec();
    expected.extend_from_slice(&bulk);
    assert_bytes(&r.output(), &expected);
}

#[tokio::test]
async fn channel_closed_message_is_the_end_reason() {
    let mut r = rig(PeerConfig::default()).await;
    r.ready().await;
    r.peer.close_session(&r.session.session_id, "Session closed: idle for 20 minutes.");
    let end = r.ended().await;
    assert_eq!(
        end,
        EndReason::ChannelClosed { message: "Session closed: idle for 20 minutes.".to_owned(), exit_code: None }
    );
    assert_eq!(end.to_string(), "Session closed: idle for 20 minutes.");
    // The service ended it: nothing to terminate.
    assert!(r.control.calls().is_empty());
}

#[tokio::test]
async fn wrong_token_is_rejected() {
    let peer = bosun::exec::peer::AgentPeer::start(PeerConfig::default()).await.unwrap();
    let mut session = peer.new_session();
    let real = session.token_value.clone();
    session.token_value = "not-the-token".to_owned();
    let control = peer.control();
    let mut handle =
        bosun::exec::connect(session.clone(), crate::support::options(), peer.kms(), control.clone()).await.unwrap();
    let mut end = None;
    while let Some(ev) = tokio::time::timeout(crate::support::LIMIT, handle.next_event()).await.unwrap() {
        if let ExecEvent::Ended(r) = ev {
            end = Some(r);
        }
    }
    assert_eq!(end, Some(EndReason::TokenRejected));
    let rec = peer.record(&session.session_id);
    assert_eq!(rec.rejected_tokens, 1);
    assert!(rec.opens.is_empty());
    assert_ne!(real, "not-the-token");
    // The session was created by ExecuteCommand; it is terminated so it does not linger.
    assert_eq!(control.calls(), vec![format!("TerminateSession {}", session.session_id)]);
}

#[tokio::test]
async fn unreachable_url_fails_to_connect() {
    // Bind then drop a listener to get a loopback port with nobody behind it.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let session = bosun::exec::ExecSession {
        session_id: "s".to_owned(),
        stream_url: format!("ws://127.0.0.1:{port}/v1/data-channel/s"),
        token_value: "t".to_owned(),
    };
    let err = bosun::exec::connect(
        session,
        crate::support::options(),
        std::sync::Arc::new(bosun::exec::NoKms),
        std::sync::Arc::new(bosun::exec::NoControl),
    )
    .await
    .expect_err("connect fails");
    assert!(matches!(err, EndReason::ConnectFailed { .. }), "{err:?}");
}
