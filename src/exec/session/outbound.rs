//! What the driver sends: keystrokes, sizes and handshake replies, all sequenced.

use tokio_tungstenite::tungstenite::Message;

use super::{Driver, EXIT_KEYS, INPUT_CHUNK, now_ms};
use crate::exec::frame::{Frame, MessageType, PayloadType};
use crate::exec::handle::InputMsg;
use crate::exec::payloads::TerminalSize;
use crate::exec::types::EndReason;

impl Driver {
    /// Handles one request from the caller (only called once input may flow).
    pub(super) fn on_input(&mut self, msg: InputMsg) -> Option<EndReason> {
        match msg {
            InputMsg::Bytes(bytes) => self.send_keys(bytes),
            InputMsg::Resize(cols, rows) => {
                self.size = (cols, rows);
                self.send_size_if_changed();
                None
            }
            InputMsg::Exit => self.send_keys(EXIT_KEYS.to_vec()),
        }
    }

    fn send_keys(&mut self, mut bytes: Vec<u8>) -> Option<EndReason> {
        // A lone newline is Enter, which a terminal sends as carriage return.
        if bytes == b"\n" {
            bytes[0] = b'\r';
        }
        for chunk in bytes.chunks(INPUT_CHUNK) {
            let payload = match &self.cipher {
                Some(cipher) => match cipher.seal(chunk) {
                    Ok(sealed) => sealed,
                    Err(e) => {
                        return Some(EndReason::Protocol { reason: format!("input could not be encrypted: {e}") });
                    }
                },
                None => chunk.to_vec(),
            };
            self.send_sequenced(PayloadType::Output, payload);
        }
        None
    }

    pub(super) fn send_size_if_changed(&mut self) {
        if !self.phase.is_ready() || self.sent_size == Some(self.size) {
            return;
        }
        let (cols, rows) = self.size;
        let size = TerminalSize { cols: u32::from(cols), rows: u32::from(rows) };
        self.send_sequenced(PayloadType::Size, size.to_json());
        self.sent_size = Some(self.size);
    }

    /// Queues an `input_stream_data` frame with the next sequence number and keeps it
    /// until acknowledged.
    pub(super) fn send_sequenced(&mut self, payload_type: PayloadType, payload: Vec<u8>) {
        let seq = self.outgoing.take_seq();
        let frame = Frame::new(MessageType::InputStreamData, seq, payload_type, payload, now_ms());
        match frame.encode() {
            Ok(bytes) => {
                let now = tokio::time::Instant::now().into_std();
                self.outgoing.push(seq, bytes.clone(), now);
                self.outbox.push(Message::binary(bytes));
            }
            Err(e) => tracing::warn!(error = %e, "could not encode frame"),
        }
    }
}
