//! The agent side of one peer session: sequencing, handshake, echo and scripted faults.
//! One task per session; connections come and go (resume) while its state stays.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use tokio::sync::mpsc;
use tokio::time::MissedTickBehavior;
use tokio_tungstenite::tungstenite::Message;

use super::fakes::{PEER_DATA_KEY, PEER_WRAPPED_KEY};
use super::{PeerConfig, PeerRecord};
use crate::exec::crypto::SessionCipher;
use crate::exec::frame::{FLAG_SYN, Frame, MessageType, PayloadType};
use crate::exec::handshake::{EncChallenge, HandshakeComplete, HandshakeRequest, HandshakeResponse, RequestedAction};
use crate::exec::payloads::{Acknowledge, ChannelClosed, TerminalSize};
use crate::exec::sequencing::{Accept, IncomingOrder, OutgoingQueue, RESEND_TICK, ResendDecision};

/// The agent's output frames carry at most this many payload bytes.
pub const MAX_OUTPUT_PAYLOAD: usize = 1024;

pub(super) enum AgentEvent {
    Connected {
        conn_id: u64,
        tx: mpsc::UnboundedSender<Message>,
    },
    Frame {
        conn_id: u64,
        bytes: Vec<u8>,
    },
    Disconnected {
        conn_id: u64,
    },
    Emit(Vec<u8>),
    EmitStderr(Vec<u8>),
    Close(String),
    DropSocket,
    /// A sequenced frame whose sending was put off (see `Script::challenge_delay`).
    Deferred(PayloadType, Vec<u8>),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Waiting for the first connection.
    New,
    /// HandshakeRequest sent; waiting for HandshakeResponse.
    AwaitResponse,
    /// EncChallengeRequest sent; waiting for the answer.
    AwaitChallenge,
    /// Echoing.
    Ready,
    /// channel_closed sent.
    Closed,
}

struct Conn {
    id: u64,
    tx: mpsc::UnboundedSender<Message>,
}

struct Agent {
    /// The agent's own event queue, for deferred work; weak so the task still ends when
    /// the peer forgets the session.
    me: mpsc::WeakUnboundedSender<AgentEvent>,
    session_id: String,
    config: PeerConfig,
    record: Arc<Mutex<PeerRecord>>,
    conn: Option<Conn>,
    state: State,
    out: OutgoingQueue,
    backlog: VecDeque<(PayloadType, Vec<u8>)>,
    incoming: IncomingOrder<Frame>,
    cipher: Option<SessionCipher>,
    challenge: Vec<u8>,
    handshake_started: std::time::Instant,
    line: Vec<u8>,
    acks_withheld: usize,
    inputs_dropped: usize,
    dropped_before: bool,
    closing: Option<String>,
}

pub(super) fn spawn(
    session_id: String,
    config: PeerConfig,
    record: Arc<Mutex<PeerRecord>>,
) -> mpsc::UnboundedSender<AgentEvent> {
    let (tx, rx) = mpsc::unbounded_channel();
    let agent = Agent {
        me: tx.downgrade(),
        session_id,
        config,
        record,
        conn: None,
        state: State::New,
        // The agent never gives up resending.
        out: OutgoingQueue::new(u32::MAX),
        backlog: VecDeque::new(),
        incoming: IncomingOrder::new(10_000),
        cipher: None,
        challenge: Vec::new(),
        handshake_started: std::time::Instant::now(),
        line: Vec::new(),
        acks_withheld: 0,
        inputs_dropped: 0,
        dropped_before: false,
        closing: None,
    };
    tokio::spawn(agent.run(rx));
    tx
}

impl Agent {
    async fn run(mut self, mut rx: mpsc::UnboundedReceiver<AgentEvent>) {
        let mut resend = tokio::time::interval(RESEND_TICK);
        resend.set_missed_tick_behavior(MissedTickBehavior::Delay);
        loop {
            tokio::select! {
                ev = rx.recv() => match ev {
                    Some(ev) => self.on_event(ev),
                    None => return,
                },
                _ = resend.tick(), if self.conn.is_some() && !self.out.is_empty() => {
                    let now = tokio::time::Instant::now().into_std();
                    if let ResendDecision::Resend { bytes, .. } = self.out.on_tick(now) {
                        self.transmit(bytes);
                    }
                }
            }
        }
    }

    fn rec(&self) -> std::sync::MutexGuard<'_, PeerRecord> {
        self.record.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn on_event(&mut self, ev: AgentEvent) {
        match ev {
            AgentEvent::Connected { conn_id, tx } => {
                self.conn = Some(Conn { id: conn_id, tx });
                self.on_connected();
            }
            AgentEvent::Frame { conn_id, bytes } => {
                if self.conn.as_ref().is_some_and(|c| c.id == conn_id) {
                    self.on_frame(&bytes);
                }
            }
            AgentEvent::Disconnected { conn_id } => {
                if self.conn.as_ref().is_some_and(|c| c.id == conn_id) {
                    self.conn = None;
                }
            }
            AgentEvent::Emit(bytes) => self.queue_output(PayloadType::Output, &bytes),
            AgentEvent::EmitStderr(bytes) => self.queue_output(PayloadType::StdErr, &bytes),
            AgentEvent::Close(message) => {
                self.closing = Some(message);
                self.maybe_close();
            }
            AgentEvent::DropSocket => self.conn = None,
            AgentEvent::Deferred(payload_type, payload) => {
                self.backlog.push_back((payload_type, payload));
                self.pump();
            }
        }
    }

    fn on_connected(&mut self) {
        match self.state {
            State::New => {
                if self.config.script.pause_publication {
                    self.send_unsequenced(MessageType::PausePublication);
                    self.send_unsequenced(MessageType::StartPublication);
                }
                match self.config.kms_key_id.clone() {
                    Some(key) => self.start_handshake(&key),
                    None => {
                        self.state = State::Ready;
                        let greeting = self.config.greeting.clone();
                        self.queue_output(PayloadType::Output, &greeting);
                    }
                }
            }
            State::Closed => self.send_channel_closed(),
            // A resumed connection: send again what the client has not acknowledged.
            _ => {
                let replay: Vec<Vec<u8>> = self.out.pending().map(|u| u.bytes.clone()).collect();
                for bytes in replay {
                    self.transmit(bytes);
                }
                self.out.touch_all(tokio::time::Instant::now().into_std());
                self.pump();
            }
        }
    }

    fn start_handshake(&mut self, key: &str) {
        self.challenge = uuid::Uuid::new_v4().as_bytes().repeat(2);
        let request = HandshakeRequest {
            agent_version: "3.3.0.0-bosun-peer".to_owned(),
            requested_client_actions: vec![
                RequestedAction {
                    action_type: "SessionType".to_owned(),
                    action_parameters: serde_json::json!({
                        "SessionType": "InteractiveCommands",
                        "Properties": null
                    }),
                },
                RequestedAction {
                    action_type: "KMSEncryption".to_owned(),
                    action_parameters: serde_json::json!({
                        "KMSKeyId": key,
                        "Challenge": EncChallenge::from_bytes(&self.challenge).challenge,
                    }),
                },
            ],
        };
        let payload = serde_json::to_vec(&request).unwrap_or_default();
        self.handshake_started = std::time::Instant::now();
        self.state = State::AwaitResponse;
        self.backlog.push_back((PayloadType::HandshakeRequest, payload));
        self.pump();
    }

    fn on_frame(&mut self, bytes: &[u8]) {
        let frame = match Frame::decode(bytes) {
            Ok(frame) => frame,
            Err(_) => {
                self.rec().malformed += 1;
                return;
            }
        };
        match frame.message_type {
            MessageType::InputStreamData => self.on_input_frame(frame),
            MessageType::Acknowledge => {
                if let Ok(ack) = Acknowledge::parse(&frame.payload) {
                    let seq = ack.acknowledged_message_sequence_number;
                    self.rec().acks_received.push(seq);
                    self.out.acknowledge(seq, tokio::time::Instant::now().into_std());
                    self.pump();
                    self.maybe_close();
                }
            }
            _ => {}
        }
    }

    fn on_input_frame(&mut self, frame: Frame) {
        let seq = frame.sequence_number;
        {
            let mut rec = self.rec();
            rec.input_frames.push(seq);
            let conn = rec.opens.len();
            rec.input_frame_conns.push(conn);
        }
        let fresh = seq >= self.incoming.expected();
        let script = &self.config.script;
        if fresh && self.inputs_dropped < script.drop_inputs {
            self.inputs_dropped += 1;
            return;
        }
        if !self.usable(&frame) {
            self.rec().unusable += 1;
            return;
        }
        let withhold = fresh && self.acks_withheld < script.withhold_acks;
        let ack = Acknowledge::frame_for(&frame, now_ms());
        let accept = self.incoming.accept(seq, frame);
        if accept.acknowledge() {
            if withhold {
                self.acks_withheld += 1;
            } else if let Ok(bytes) = ack.encode() {
                self.send_raw(bytes);
            }
        }
        if let Accept::Deliver(frames) = accept {
            for frame in frames {
                self.process(frame);
            }
        }
    }

    /// A frame the agent cannot use is never acknowledged.
    fn usable(&self, frame: &Frame) -> bool {
        match frame.payload_type {
            PayloadType::Size => TerminalSize::parse(&frame.payload).is_ok(),
            PayloadType::Output if self.state == State::Ready => match &self.cipher {
                Some(cipher) => cipher.open(&frame.payload).is_ok(),
                None => true,
            },
            _ => true,
        }
    }

    fn process(&mut self, frame: Frame) {
        match frame.payload_type {
            PayloadType::HandshakeResponse if self.state == State::AwaitResponse => {
                self.on_handshake_response(&frame.payload);
            }
            PayloadType::EncChallengeResponse if self.state == State::AwaitChallenge => {
                self.on_challenge_response(&frame.payload);
            }
            PayloadType::Size => {
                if let Ok(size) = TerminalSize::parse(&frame.payload) {
                    self.rec().sizes.push(size);
                }
            }
            PayloadType::Output if self.state == State::Ready => {
                let bytes = match &self.cipher {
                    Some(cipher) => cipher.open(&frame.payload).unwrap_or_default(),
                    None => frame.payload,
                };
                self.on_keys(&bytes);
            }
            PayloadType::Output => self.rec().input_before_ready += 1,
            _ => {}
        }
    }

    fn on_handshake_response(&mut self, payload: &[u8]) {
        let Ok(response) = HandshakeResponse::parse(payload) else {
            return;
        };
        let wrapped = response.kms_ciphertext();
        self.rec().wrapped_key = wrapped.clone();
        if wrapped.as_deref() != Some(PEER_WRAPPED_KEY) {
            // A real agent fails the session when it cannot unwrap the key.
            self.closing = Some(
                "Encountered error while initiating handshake. KMSEncryption failed on client with status 2".to_owned(),
            );
            self.maybe_close();
            return;
        }
        let Ok(cipher) = SessionCipher::agent(&PEER_DATA_KEY) else {
            return;
        };
        let Ok(sealed) = cipher.seal(&self.challenge) else {
            return;
        };
        self.cipher = Some(cipher);
        self.state = State::AwaitChallenge;
        let request = EncChallenge::from_bytes(&sealed).to_json();
        let delay = self.config.script.challenge_delay;
        if delay.is_zero() {
            self.backlog.push_back((PayloadType::EncChallengeRequest, request));
            self.pump();
        } else {
            let me = self.me.clone();
            tokio::spawn(async move {
                tokio::time::sleep(delay).await;
                if let Some(me) = me.upgrade() {
                    let _ = me.send(AgentEvent::Deferred(PayloadType::EncChallengeRequest, request));
                }
            });
        }
    }

    fn on_challenge_response(&mut self, payload: &[u8]) {
        let answer = EncChallenge::parse(payload)
            .and_then(|c| c.bytes())
            .ok()
            .and_then(|sealed| self.cipher.as_ref()?.open(&sealed).ok());
        if answer.as_deref() != Some(self.challenge.as_slice()) {
            // Wrong answer: the real agent lets the handshake time out.
            return;
        }
        self.state = State::Ready;
        self.rec().handshake_complete = true;
        let complete = HandshakeComplete {
            handshake_time_to_complete: i64::try_from(self.handshake_started.elapsed().as_nanos()).unwrap_or(i64::MAX),
            customer_message: self.config.customer_message.clone(),
        };
        let payload = serde_json::to_vec(&complete).unwrap_or_default();
        self.backlog.push_back((PayloadType::HandshakeComplete, payload));
        let greeting = self.config.greeting.clone();
        self.queue_output(PayloadType::Output, &greeting);
    }

    /// Echoes keystrokes; `exit` + Enter on an otherwise empty line ends the session.
    fn on_keys(&mut self, bytes: &[u8]) {
        self.rec().input.extend_from_slice(bytes);
        if self.config.tty_echo {
            let echo: Vec<u8> =
                bytes.iter().flat_map(|&b| if b == b'\r' { vec![b'\r', b'\n'] } else { vec![b] }).collect();
            self.queue_output(PayloadType::Output, &echo);
        } else {
            self.queue_output(PayloadType::Output, bytes);
        }
        for &b in bytes {
            match b {
                b'\r' => {
                    if self.line == b"exit" {
                        self.backlog.push_back((PayloadType::ExitCode, b"EXIT_CODE: 0".to_vec()));
                        self.closing = Some(String::new());
                    }
                    self.line.clear();
                }
                // Ctrl-U kills the line, as a terminal's line discipline does.
                0x15 => self.line.clear(),
                b => self.line.push(b),
            }
        }
        self.pump();
        self.maybe_close();
    }

    fn queue_output(&mut self, payload_type: PayloadType, bytes: &[u8]) {
        for chunk in utf8_chunks(bytes, MAX_OUTPUT_PAYLOAD) {
            self.backlog.push_back((payload_type, chunk.to_vec()));
        }
        self.pump();
    }

    /// Sends backlog while the window allows.
    fn pump(&mut self) {
        let mut held: Option<Vec<u8>> = None;
        while self.out.len() < self.config.script.window.max(1) {
            let Some((payload_type, plain)) = self.backlog.pop_front() else {
                break;
            };
            let payload = match (&self.cipher, payload_type) {
                (Some(c), PayloadType::Output | PayloadType::StdErr | PayloadType::ExitCode) => {
                    c.seal(&plain).unwrap_or_default()
                }
                _ => plain,
            };
            let seq = self.out.take_seq();
            let mut frame = Frame::new(MessageType::OutputStreamData, seq, payload_type, payload, now_ms());
            if seq == 0 {
                frame.flags = FLAG_SYN;
            }
            let Ok(bytes) = frame.encode() else {
                continue;
            };
            self.out.push(seq, bytes.clone(), tokio::time::Instant::now().into_std());
            if !self.dropped_before && self.config.script.drop_socket_before_output == Some(seq) {
                self.dropped_before = true;
                self.conn = None;
                continue;
            }
            if self.config.script.reorder {
                match held.take() {
                    None => held = Some(bytes),
                    Some(first) => {
                        self.transmit(bytes);
                        self.transmit(first);
                    }
                }
            } else {
                self.transmit(bytes);
            }
        }
        if let Some(last) = held {
            self.transmit(last);
        }
    }

    /// Sends an output frame (twice when scripted to duplicate).
    fn transmit(&mut self, bytes: Vec<u8>) {
        if self.config.script.duplicate {
            self.send_raw(bytes.clone());
        }
        self.send_raw(bytes);
    }

    fn send_raw(&mut self, bytes: Vec<u8>) {
        if let Some(conn) = &self.conn {
            let is_output = bytes.get(4..22) == Some(b"output_stream_data".as_slice());
            if conn.tx.send(Message::binary(bytes)).is_ok() && is_output {
                self.rec().output_frames_sent += 1;
            }
        }
    }

    fn send_unsequenced(&mut self, message_type: MessageType) {
        let frame = Frame::new(message_type, 0, PayloadType::Undefined, Vec::new(), now_ms());
        if let Ok(bytes) = frame.encode() {
            self.send_raw(bytes);
        }
    }

    /// Sends channel_closed once every output frame is acknowledged.
    fn maybe_close(&mut self) {
        if self.closing.is_none() || !self.out.is_empty() || !self.backlog.is_empty() {
            return;
        }
        self.state = State::Closed;
        self.send_channel_closed();
    }

    fn send_channel_closed(&mut self) {
        let output = self.closing.clone().unwrap_or_default();
        let closed = ChannelClosed {
            message_id: uuid::Uuid::new_v4().to_string(),
            created_date: now_ms().to_string(),
            destination_id: self.session_id.clone(),
            session_id: self.session_id.clone(),
            message_type: "channel_closed".to_owned(),
            schema_version: 1,
            output,
        };
        let payload = serde_json::to_vec(&closed).unwrap_or_default();
        let frame = Frame::new(MessageType::ChannelClosed, 0, PayloadType::Undefined, payload, now_ms());
        if let Ok(bytes) = frame.encode() {
            self.send_raw(bytes);
            self.rec().closed = true;
        }
    }
}

/// Splits `bytes` into pieces of at most `max` bytes without cutting a UTF-8 character
/// (for text; arbitrary bytes split at `max`).
pub fn utf8_chunks(bytes: &[u8], max: usize) -> Vec<&[u8]> {
    let max = max.max(1);
    let mut out = Vec::new();
    let mut rest = bytes;
    while !rest.is_empty() {
        if rest.len() <= max {
            out.push(rest);
            break;
        }
        let mut cut = max;
        // Back off over continuation bytes (10xxxxxx), at most 3.
        while cut > max.saturating_sub(3) && cut > 0 && (rest[cut] & 0xC0) == 0x80 {
            cut -= 1;
        }
        if cut == 0 || (rest[cut] & 0xC0) == 0x80 {
            cut = max;
        }
        let (head, tail) = rest.split_at(cut);
        out.push(head);
        rest = tail;
    }
    out
}

fn now_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_never_split_a_character() {
        let text = "é".repeat(700); // 1400 bytes, 2 per character
        let chunks = utf8_chunks(text.as_bytes(), 1023);
        assert_eq!(chunks[0].len(), 1022);
        for c in &chunks {
            assert!(std::str::from_utf8(c).is_ok());
        }
        assert_eq!(chunks.concat(), text.as_bytes());
        assert!(utf8_chunks(b"", 10).is_empty());
        assert_eq!(utf8_chunks(&[0x80; 5], 2).len(), 3);
    }
}
