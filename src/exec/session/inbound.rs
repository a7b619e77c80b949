//! What the driver does with frames from the agent.

use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::{Driver, Served, now_ms};
use crate::exec::crypto::SessionCipher;
use crate::exec::frame::{Frame, MessageType, PayloadType};
use crate::exec::handshake::{self, HandshakeComplete, HandshakeRequest, Phase, Step};
use crate::exec::kms::{DataKey, DataKeyRequest};
use crate::exec::payloads::{Acknowledge, ChannelClosed, parse_exit_code};
use crate::exec::sequencing::Accept;
use crate::exec::types::{EndReason, ExecEvent};

impl Driver {
    /// Handles one WebSocket message; `Some` ends this socket's life.
    pub(super) fn on_message(&mut self, msg: Message) -> Option<Served> {
        match msg {
            Message::Binary(bytes) => self.on_frame_bytes(&bytes).map(Served::End),
            Message::Close(frame) => {
                let code = frame.as_ref().map(|f| f.code);
                if code == Some(CloseCode::Policy) {
                    Some(Served::End(EndReason::TokenRejected))
                } else {
                    Some(Served::Dropped("the peer closed the socket".to_owned()))
                }
            }
            // The service sends no text after OpenDataChannel; pings are answered by the
            // WebSocket layer.
            Message::Text(_) | Message::Ping(_) | Message::Pong(_) | Message::Frame(_) => None,
        }
    }

    fn on_frame_bytes(&mut self, bytes: &[u8]) -> Option<EndReason> {
        let frame = match Frame::decode(bytes) {
            Ok(frame) => frame,
            Err(e) => {
                // Unacknowledged, so a sender that meant it will send it again.
                tracing::debug!(error = %e, "dropping malformed frame");
                return None;
            }
        };
        match frame.message_type {
            MessageType::OutputStreamData => self.on_output_frame(frame),
            MessageType::Acknowledge => {
                match Acknowledge::parse(&frame.payload) {
                    Ok(ack) if ack.acknowledged_message_type == "input_stream_data" => {
                        let now = tokio::time::Instant::now().into_std();
                        self.outgoing.acknowledge(ack.acknowledged_message_sequence_number, now);
                    }
                    Ok(_) => {}
                    Err(e) => tracing::debug!(error = %e, "unreadable acknowledgement"),
                }
                None
            }
            MessageType::ChannelClosed => {
                let closed = ChannelClosed::parse(&frame.payload).unwrap_or_default();
                let exit_code = self.exit_code;
                Some(if closed.output.is_empty() {
                    EndReason::Exited { session_id: self.session.session_id.clone(), exit_code }
                } else {
                    EndReason::ChannelClosed { message: closed.output, exit_code }
                })
            }
            // Publication control only throttles the agent's side; nothing to do here.
            MessageType::StartPublication | MessageType::PausePublication => None,
            MessageType::InputStreamData | MessageType::Other(_) => None,
        }
    }

    fn on_output_frame(&mut self, frame: Frame) -> Option<EndReason> {
        let ack = Acknowledge::frame_for(&frame, now_ms());
        let seq = frame.sequence_number;
        let accept = self.incoming.accept(seq, frame);
        if accept.acknowledge() {
            match ack.encode() {
                Ok(bytes) => self.outbox.push(Message::binary(bytes)),
                Err(e) => tracing::warn!(error = %e, "could not encode acknowledgement"),
            }
        }
        if let Accept::Deliver(frames) = accept {
            for frame in frames {
                if let Some(end) = self.process(frame) {
                    return Some(end);
                }
            }
        }
        None
    }

    /// Acts on one in-order frame from the agent.
    fn process(&mut self, frame: Frame) -> Option<EndReason> {
        match frame.payload_type {
            PayloadType::Output | PayloadType::StdErr | PayloadType::ExitCode => self.on_output(frame),
            PayloadType::HandshakeRequest => self.on_handshake_request(&frame.payload),
            PayloadType::EncChallengeRequest => self.on_challenge(&frame.payload),
            PayloadType::HandshakeComplete => self.on_complete(&frame.payload),
            _ => None,
        }
    }

    fn on_output(&mut self, frame: Frame) -> Option<EndReason> {
        if self.phase == Phase::Start {
            if self.options.kms_key_id.is_some() {
                return Some(EndReason::EncryptionNotNegotiated);
            }
            self.phase = Phase::Ready;
            self.on_ready();
        } else if !self.phase.is_ready() {
            return Some(EndReason::Protocol { reason: "output arrived before the handshake completed".to_owned() });
        }
        let payload = match &self.cipher {
            Some(cipher) => match cipher.open(&frame.payload) {
                Ok(plain) => plain,
                Err(e) => {
                    return Some(EndReason::Protocol { reason: format!("output could not be decrypted: {e}") });
                }
            },
            None => frame.payload,
        };
        match frame.payload_type {
            PayloadType::StdErr => self.emit(ExecEvent::Stderr(payload)),
            PayloadType::ExitCode => {
                if let Some(code) = parse_exit_code(&payload) {
                    self.exit_code = Some(code);
                    self.emit(ExecEvent::ExitCode(code));
                }
            }
            _ if payload.is_empty() => {}
            _ => self.emit(ExecEvent::Output(payload)),
        }
        None
    }

    fn on_handshake_request(&mut self, payload: &[u8]) -> Option<EndReason> {
        let parsed = HandshakeRequest::parse(payload).and_then(|r| r.plan().map(|p| (r, p)));
        let (request, plan) = match parsed {
            Ok(pair) => pair,
            Err(e) => return Some(failed(e)),
        };
        let step = Step::Request { kms: plan.kms_key_id.is_some() };
        self.phase = match self.phase.advance(step) {
            Ok(phase) => phase,
            Err(e) => return Some(failed(e)),
        };
        // Step 1: the data key and the HandshakeResponse.
        self.arm_handshake_step();
        match plan.kms_key_id {
            Some(key_id) => {
                let request_key =
                    DataKeyRequest::for_session(&key_id, &self.session.session_id, &self.options.target_id);
                let kms = self.kms.clone();
                let (tx, rx) = oneshot::channel();
                // KMS can take a while; the driver keeps acknowledging meanwhile.
                tokio::spawn(async move {
                    let _ = tx.send(kms.generate_data_key(request_key).await);
                });
                self.data_key = Some(rx);
                self.request = Some(request);
                None
            }
            None => {
                if self.options.kms_key_id.is_some() {
                    return Some(EndReason::EncryptionNotNegotiated);
                }
                let response = request.respond(&self.options.client_version, None);
                self.send_sequenced(PayloadType::HandshakeResponse, response.to_json());
                None
            }
        }
    }

    pub(super) fn on_data_key(&mut self, key: Result<DataKey, String>) -> Option<EndReason> {
        let request = self.request.take()?;
        let version = self.options.client_version.clone();
        let key = key.and_then(|k| {
            SessionCipher::client(&k.plaintext).map(|c| (c, k.ciphertext_blob)).map_err(|e| e.to_string())
        });
        match key {
            Ok((cipher, blob)) => {
                self.cipher = Some(cipher);
                self.phase = match self.phase.advance(Step::DataKeyReady) {
                    Ok(phase) => phase,
                    Err(e) => return Some(failed(e)),
                };
                let response = request.respond(&version, Some(&Ok(blob)));
                self.send_sequenced(PayloadType::HandshakeResponse, response.to_json());
                // Step 2: the agent's EncChallengeRequest.
                self.arm_handshake_step();
                None
            }
            Err(reason) => {
                // Tell the agent why before giving up.
                let response = request.respond(&version, Some(&Err(reason.clone())));
                self.send_sequenced(PayloadType::HandshakeResponse, response.to_json());
                Some(EndReason::HandshakeFailed { reason })
            }
        }
    }

    fn on_challenge(&mut self, payload: &[u8]) -> Option<EndReason> {
        self.phase = match self.phase.advance(Step::Challenge) {
            Ok(phase) => phase,
            Err(e) => return Some(failed(e)),
        };
        let Some(cipher) = &self.cipher else {
            return Some(EndReason::HandshakeFailed { reason: "challenge arrived before the data key".to_owned() });
        };
        match handshake::answer_challenge(cipher, payload) {
            Ok(answer) => {
                self.send_sequenced(PayloadType::EncChallengeResponse, answer);
                // Step 3: HandshakeComplete.
                self.arm_handshake_step();
                None
            }
            Err(e) => Some(failed(e)),
        }
    }

    fn on_complete(&mut self, payload: &[u8]) -> Option<EndReason> {
        self.phase = match self.phase.advance(Step::Complete) {
            Ok(phase) => phase,
            Err(e) => return Some(failed(e)),
        };
        self.handshake_deadline = None;
        // The message is informational: an unreadable one does not fail the session.
        let customer_message = HandshakeComplete::parse(payload).map(|c| c.customer_message).unwrap_or_default();
        self.emit(ExecEvent::HandshakeComplete { customer_message });
        self.on_ready();
        None
    }

    /// Starts the deadline of the next handshake step. Each step has its own deadline (the
    /// agent's are 15 s per step), so a slow KMS call does not eat into the agent's steps.
    fn arm_handshake_step(&mut self) {
        self.handshake_deadline = Some(tokio::time::Instant::now() + self.options.handshake_timeout);
    }

    /// Input may flow from now on; the terminal size goes first.
    fn on_ready(&mut self) {
        self.emit(ExecEvent::Ready);
        self.send_size_if_changed();
    }
}

fn failed(e: handshake::HandshakeError) -> EndReason {
    EndReason::HandshakeFailed { reason: e.to_string() }
}
