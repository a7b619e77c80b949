//! The peer's WebSocket server: accepts, checks OpenDataChannel, and shuttles frames
//! between the socket and the session's agent task.

use std::sync::Arc;
use std::sync::atomic::Ordering;

use futures::{SinkExt, StreamExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::mpsc;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::handshake::server::{Request, Response};
use tokio_tungstenite::tungstenite::protocol::CloseFrame;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::Shared;
use super::agent::AgentEvent;
use crate::exec::payloads::OpenDataChannel;

pub(super) async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    loop {
        match listener.accept().await {
            Ok((stream, _)) => {
                tokio::spawn(connection(stream, shared.clone()));
            }
            Err(e) => {
                tracing::debug!(error = %e, "peer accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            }
        }
    }
}

// The handshake callback's error type is tungstenite's, large by design.
#[allow(clippy::result_large_err)]
async fn connection(stream: TcpStream, shared: Arc<Shared>) {
    let _ = stream.set_nodelay(true);
    // The request path names the session; the Authorization header (if the client signed
    // the upgrade) is recorded.
    let upgrade = Arc::new(std::sync::Mutex::new((String::new(), None::<String>)));
    let seen = upgrade.clone();
    let callback = move |req: &Request, resp: Response| {
        if let Ok(mut u) = seen.lock() {
            let authorization = req.headers().get("authorization").and_then(|v| v.to_str().ok()).map(str::to_owned);
            *u = (req.uri().path().to_owned(), authorization);
        }
        Ok(resp)
    };
    let Ok(mut ws) = tokio_tungstenite::accept_hdr_async(stream, callback).await else {
        return;
    };
    let (path, authorization) = upgrade.lock().map(|u| u.clone()).unwrap_or_default();
    let session_id = path.rsplit('/').next().unwrap_or_default().to_owned();

    // The first frame must be OpenDataChannel with the session's current token.
    let open = match ws.next().await {
        Some(Ok(Message::Text(text))) => serde_json::from_str::<OpenDataChannel>(&text).ok(),
        _ => None,
    };
    let accepted = {
        let sessions = shared.sessions();
        sessions.get(&session_id).and_then(|entry| {
            let open = open.filter(|o| valid_open(o) && !entry.ended && o.token_value == entry.token);
            let mut record = entry.record.lock().unwrap_or_else(|e| e.into_inner());
            match open {
                Some(open) => {
                    record.opens.push(open);
                    record.authorization.push(authorization);
                    Some(entry.events.clone())
                }
                None => {
                    record.rejected_tokens += 1;
                    None
                }
            }
        })
    };
    let Some(events) = accepted else {
        let close = CloseFrame { code: CloseCode::Policy, reason: "invalid token".into() };
        let _ = ws.send(Message::Close(Some(close))).await;
        return;
    };

    let conn_id = shared.next_conn.fetch_add(1, Ordering::Relaxed);
    let (tx, mut rx) = mpsc::unbounded_channel::<Message>();
    if events.send(AgentEvent::Connected { conn_id, tx }).is_err() {
        return;
    }
    loop {
        tokio::select! {
            out = rx.recv() => match out {
                Some(msg) => {
                    if ws.feed(msg).await.is_err() {
                        break;
                    }
                    // Batch whatever else is queued into one flush.
                    let mut failed = false;
                    while let Ok(more) = rx.try_recv() {
                        if ws.feed(more).await.is_err() {
                            failed = true;
                            break;
                        }
                    }
                    if failed || ws.flush().await.is_err() {
                        break;
                    }
                }
                // The agent dropped this connection: close the TCP stream without a
                // WebSocket closing handshake, as a network failure would.
                None => return,
            },
            msg = ws.next() => match msg {
                Some(Ok(Message::Binary(bytes))) => {
                    let _ = events.send(AgentEvent::Frame { conn_id, bytes: bytes.to_vec() });
                }
                Some(Ok(Message::Close(_))) | Some(Err(_)) | None => break,
                Some(Ok(_)) => {}
            },
        }
    }
    let _ = events.send(AgentEvent::Disconnected { conn_id });
}

fn valid_open(open: &OpenDataChannel) -> bool {
    open.message_schema_version == "1.0"
        && uuid::Uuid::parse_str(&open.request_id).is_ok()
        && uuid::Uuid::parse_str(&open.client_id).is_ok()
        && !open.client_version.is_empty()
}
