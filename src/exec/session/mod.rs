//! The session driver: one task that owns the socket and the protocol state, and selects
//! over the socket, the caller's input, the resend and ping timers and a pending KMS call.
//! It never blocks: KMS and SSM calls run in their own tasks or while nothing else can
//! progress (reconnecting).

use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::stream::{SplitSink, SplitStream};
use futures::{SinkExt, StreamExt};
use tokio::sync::{mpsc, oneshot};
use tokio::time::{Instant, MissedTickBehavior};
use tokio_tungstenite::tungstenite::Message;
use uuid::Uuid;

use super::channel::{self, OpenError, OpenParams, WsStream};
use super::control::SessionControl;
use super::crypto::SessionCipher;
use super::frame::Frame;
use super::handle::{ControlMsg, ExecEvents, ExecHandle, ExecInput, InputMsg};
use super::handshake::{HandshakeRequest, Phase};
use super::kms::{DataKey, DataKeyProvider};
use super::sequencing::{IncomingOrder, OutgoingQueue, RESEND_TICK, ResendDecision};
use super::types::{EndReason, ExecEvent, ExecOptions, ExecSession};

/// Largest input payload per frame, as the official client reads stdin.
pub const INPUT_CHUNK: usize = 1024;
/// Input queue depth between the caller and the driver.
const INPUT_QUEUE: usize = 256;
/// What [`ExecInput::exit`] types: kill the current line, then `exit`.
pub const EXIT_KEYS: &[u8] = b"\x15exit\r";

mod inbound;
mod outbound;

type Sink = SplitSink<WsStream, Message>;
type Stream = SplitStream<WsStream>;

/// Opens the data channel of `session` and starts its driver task.
///
/// Fails only when the WebSocket cannot be opened; everything later arrives as events.
/// Must be called inside a tokio runtime.
pub async fn connect(
    session: ExecSession,
    options: ExecOptions,
    kms: Arc<dyn DataKeyProvider>,
    control: Arc<dyn SessionControl>,
) -> Result<ExecHandle, EndReason> {
    let client_id = Uuid::new_v4();
    let opened = channel::open(OpenParams {
        stream_url: &session.stream_url,
        token_value: &session.token_value,
        client_id,
        client_version: &options.client_version,
        signer: options.sign_upgrade.as_deref(),
        timeout: options.connect_timeout,
    })
    .await;
    let ws = match opened {
        Ok(ws) => ws,
        Err(e) => {
            // The session exists on the service since ExecuteCommand: free its slot.
            let _ = control.terminate_session(&session.session_id).await;
            return Err(match e {
                OpenError::Rejected => EndReason::TokenRejected,
                OpenError::Failed(reason) => EndReason::ConnectFailed { reason },
            });
        }
    };
    let (data_tx, data_rx) = mpsc::channel(INPUT_QUEUE);
    let (control_tx, control_rx) = mpsc::unbounded_channel();
    let (event_tx, event_rx) = mpsc::unbounded_channel();
    let driver = Driver::new(session, options, kms, control, event_tx, client_id);
    tokio::spawn(driver.run(ws, data_rx, control_rx));
    Ok(ExecHandle { input: ExecInput { data: data_tx, control: control_tx }, events: ExecEvents { rx: event_rx } })
}

/// How one socket's life ended.
enum Served {
    End(EndReason),
    Abort,
    Dropped(String),
}

/// How a reconnection ended.
enum Reconnect {
    Open(Box<WsStream>),
    Abort,
    Failed(EndReason),
}

struct Driver {
    session: ExecSession,
    options: ExecOptions,
    kms: Arc<dyn DataKeyProvider>,
    control: Arc<dyn SessionControl>,
    events: mpsc::UnboundedSender<ExecEvent>,
    client_id: Uuid,
    outgoing: OutgoingQueue,
    incoming: IncomingOrder<Frame>,
    phase: Phase,
    cipher: Option<SessionCipher>,
    request: Option<HandshakeRequest>,
    data_key: Option<oneshot::Receiver<Result<DataKey, String>>>,
    handshake_deadline: Option<Instant>,
    size: (u16, u16),
    sent_size: Option<(u16, u16)>,
    exit_code: Option<i32>,
    /// Frames to write before the next wait.
    outbox: Vec<Message>,
}

impl Driver {
    fn new(
        session: ExecSession,
        options: ExecOptions,
        kms: Arc<dyn DataKeyProvider>,
        control: Arc<dyn SessionControl>,
        events: mpsc::UnboundedSender<ExecEvent>,
        client_id: Uuid,
    ) -> Driver {
        Driver {
            outgoing: OutgoingQueue::new(options.resend_limit),
            incoming: IncomingOrder::new(options.reorder_capacity),
            size: options.initial_size,
            session,
            options,
            kms,
            control,
            events,
            client_id,
            phase: Phase::Start,
            cipher: None,
            request: None,
            data_key: None,
            handshake_deadline: None,
            sent_size: None,
            exit_code: None,
            outbox: Vec::new(),
        }
    }

    fn emit(&self, event: ExecEvent) {
        // A caller that stopped listening does not stop the session.
        let _ = self.events.send(event);
    }

    async fn run(
        mut self,
        ws: WsStream,
        mut data: mpsc::Receiver<InputMsg>,
        mut control: mpsc::UnboundedReceiver<ControlMsg>,
    ) {
        self.emit(ExecEvent::Connected);
        let (mut sink, mut stream) = ws.split();
        let reason = loop {
            let served = self.serve(&mut sink, &mut stream, &mut data, &mut control).await;
            match served {
                Served::End(reason) => {
                    close(&mut sink).await;
                    break reason;
                }
                Served::Abort => {
                    let terminate_error = self.control.terminate_session(&self.session.session_id).await.err();
                    close(&mut sink).await;
                    break EndReason::Aborted { terminate_error };
                }
                Served::Dropped(why) => {
                    tracing::info!(session_id = %self.session.session_id, %why, "exec socket dropped");
                    match self.reconnect(&mut control).await {
                        // Nothing is replayed in bulk: the resend timer of the new socket
                        // sends the oldest unacknowledged frame (its first tick is at once),
                        // then each next one as the one before it is acknowledged.
                        Reconnect::Open(ws) => (sink, stream) = (*ws).split(),
                        Reconnect::Abort => {
                            let terminate_error = self.control.terminate_session(&self.session.session_id).await.err();
                            break EndReason::Aborted { terminate_error };
                        }
                        Reconnect::Failed(reason) => break reason,
                    }
                }
            }
        };
        if needs_terminate(&reason)
            && let Err(e) = self.control.terminate_session(&self.session.session_id).await
        {
            tracing::warn!(session_id = %self.session.session_id, error = %e, "terminate after failure");
        }
        self.emit(ExecEvent::Ended(reason));
    }
}

/// Failures on this side leave the session open on the service; end it there too.
fn needs_terminate(reason: &EndReason) -> bool {
    !matches!(reason, EndReason::Exited { .. } | EndReason::ChannelClosed { .. } | EndReason::Aborted { .. })
}

async fn close(sink: &mut Sink) {
    let _ = sink.send(Message::Close(None)).await;
    let _ = sink.close().await;
}

fn now_ms() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX)).unwrap_or(1)
}

fn sleep_until_opt(deadline: Option<Instant>) -> tokio::time::Sleep {
    // A far deadline stands in for "never" so the select branch can stay uniform.
    tokio::time::sleep_until(deadline.unwrap_or_else(|| Instant::now() + Duration::from_secs(86_400)))
}

impl Driver {
    /// Runs one socket until it ends or drops.
    async fn serve(
        &mut self,
        sink: &mut Sink,
        stream: &mut Stream,
        data: &mut mpsc::Receiver<InputMsg>,
        control: &mut mpsc::UnboundedReceiver<ControlMsg>,
    ) -> Served {
        let mut resend = tokio::time::interval(RESEND_TICK);
        resend.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let ping_every = self.options.ping_interval;
        let mut ping = tokio::time::interval_at(Instant::now() + ping_every, ping_every);
        ping.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            if let Err(e) = self.flush(sink).await {
                return Served::Dropped(e);
            }
            let accepting = self.phase.is_ready() && self.outgoing.len() < self.options.send_window;
            let deadline = sleep_until_opt(self.handshake_deadline);
            tokio::pin!(deadline);
            let outcome = tokio::select! {
                biased;
                _ = control.recv() => Some(Served::Abort),
                msg = stream.next() => match msg {
                    None => Some(Served::Dropped("the socket closed".to_owned())),
                    Some(Err(e)) => Some(Served::Dropped(e.to_string())),
                    Some(Ok(msg)) => self.on_message(msg),
                },
                key = recv_key(&mut self.data_key), if self.data_key.is_some() => {
                    self.data_key = None;
                    self.on_data_key(key).map(Served::End)
                }
                input = data.recv(), if accepting => match input {
                    // Every input handle is gone: nobody can end the session any more.
                    None => Some(Served::Abort),
                    Some(msg) => self.on_input(msg).map(Served::End),
                },
                _ = resend.tick(), if !self.outgoing.is_empty() => {
                    match self.outgoing.on_tick(Instant::now().into_std()) {
                        ResendDecision::Idle => None,
                        ResendDecision::Resend { bytes, .. } => {
                            self.outbox.push(Message::binary(bytes));
                            None
                        }
                        ResendDecision::GiveUp { resends, .. } => {
                            Some(Served::End(EndReason::RetransmitLimit { resends }))
                        }
                    }
                }
                _ = ping.tick() => {
                    self.outbox.push(Message::Ping(Vec::new().into()));
                    None
                }
                _ = &mut deadline, if self.handshake_deadline.is_some() => {
                    Some(Served::End(EndReason::HandshakeTimeout))
                }
            };
            match outcome {
                None => {}
                Some(Served::End(reason)) => {
                    // Send what is queued (e.g. a failed HandshakeResponse) before closing.
                    let _ = self.flush(sink).await;
                    return Served::End(reason);
                }
                Some(other) => return other,
            }
        }
    }

    async fn flush(&mut self, sink: &mut Sink) -> Result<(), String> {
        if self.outbox.is_empty() {
            return Ok(());
        }
        for msg in self.outbox.drain(..) {
            sink.feed(msg).await.map_err(|e| e.to_string())?;
        }
        sink.flush().await.map_err(|e| e.to_string())
    }

    /// Gets a fresh token with ResumeSession and reopens the same stream URL.
    async fn reconnect(&mut self, control: &mut mpsc::UnboundedReceiver<ControlMsg>) -> Reconnect {
        let mut last = "no attempt was allowed".to_owned();
        let mut backoff = self.options.resume_backoff;
        for attempt in 1..=self.options.resume_attempts {
            self.emit(ExecEvent::Reconnecting { attempt });
            tokio::select! {
                _ = control.recv() => return Reconnect::Abort,
                _ = tokio::time::sleep(backoff) => {}
            }
            backoff = (backoff * 2).min(Duration::from_secs(5));
            let control_api = self.control.clone();
            let resumed = tokio::select! {
                _ = control.recv() => return Reconnect::Abort,
                r = control_api.resume_session(&self.session.session_id) => r,
            };
            match resumed {
                Ok(r) => self.session.token_value = r.token_value,
                Err(e) => {
                    last = e;
                    continue;
                }
            }
            let opened = tokio::select! {
                _ = control.recv() => return Reconnect::Abort,
                r = channel::open(OpenParams {
                    stream_url: &self.session.stream_url,
                    token_value: &self.session.token_value,
                    client_id: self.client_id,
                    client_version: &self.options.client_version,
                    signer: self.options.sign_upgrade.as_deref(),
                    timeout: self.options.connect_timeout,
                }) => r,
            };
            match opened {
                Ok(ws) => {
                    self.emit(ExecEvent::Connected);
                    self.emit(ExecEvent::Resumed);
                    return Reconnect::Open(Box::new(ws));
                }
                Err(OpenError::Rejected) => last = "the fresh token was rejected".to_owned(),
                Err(OpenError::Failed(e)) => last = e,
            }
        }
        Reconnect::Failed(EndReason::ResumeFailed { reason: last })
    }
}

async fn recv_key(rx: &mut Option<oneshot::Receiver<Result<DataKey, String>>>) -> Result<DataKey, String> {
    match rx {
        Some(rx) => rx.await.unwrap_or_else(|_| Err("the KMS request was abandoned".to_owned())),
        None => std::future::pending().await,
    }
}
