//! The binary frame of the Session Manager data channel.
//!
//! Layout (integers big-endian), see `docs/exec.md`:
//!
//! | offset | len | field          |
//! |-------:|----:|----------------|
//! | 0      | 4   | HeaderLength (116) |
//! | 4      | 32  | MessageType, ASCII right-padded with spaces |
//! | 36     | 4   | SchemaVersion  |
//! | 40     | 8   | CreatedDate (epoch ms) |
//! | 48     | 8   | SequenceNumber |
//! | 56     | 8   | Flags          |
//! | 64     | 16  | MessageId, UUID with its halves swapped |
//! | 80     | 32  | PayloadDigest (SHA-256 of the payload) |
//! | 112    | 4   | PayloadType    |
//! | 116    | 4   | PayloadLength  |
//! | 120    | n   | Payload        |

use sha2::{Digest, Sha256};
use std::fmt;
use uuid::Uuid;

/// The value of the HeaderLength field: everything before PayloadLength.
pub const HEADER_LENGTH: u32 = 116;
/// Smallest decodable frame: the header plus the PayloadLength field.
pub const MIN_FRAME_LEN: usize = HEADER_LENGTH as usize + 4;
/// Flag bit: first frame of a stream.
pub const FLAG_SYN: u64 = 1;
/// Flag bit: last frame of a stream.
pub const FLAG_FIN: u64 = 2;
/// Flags of an acknowledgement frame (SYN | FIN), as the official client sends them.
pub const FLAGS_ACK: u64 = FLAG_SYN | FLAG_FIN;
/// The schema version every frame carries.
pub const SCHEMA_VERSION: u32 = 1;

const MESSAGE_TYPE_LEN: usize = 32;

/// The kind of frame, as named on the wire.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MessageType {
    InputStreamData,
    OutputStreamData,
    Acknowledge,
    ChannelClosed,
    StartPublication,
    PausePublication,
    /// A type this client does not know; kept so that it can be ignored, not rejected.
    Other(String),
}

impl MessageType {
    /// The wire name, without padding.
    pub fn as_str(&self) -> &str {
        match self {
            MessageType::InputStreamData => "input_stream_data",
            MessageType::OutputStreamData => "output_stream_data",
            MessageType::Acknowledge => "acknowledge",
            MessageType::ChannelClosed => "channel_closed",
            MessageType::StartPublication => "start_publication",
            MessageType::PausePublication => "pause_publication",
            MessageType::Other(name) => name,
        }
    }

    /// Parses a trimmed wire name.
    pub fn from_wire(name: &str) -> MessageType {
        match name {
            "input_stream_data" => MessageType::InputStreamData,
            "output_stream_data" => MessageType::OutputStreamData,
            "acknowledge" => MessageType::Acknowledge,
            "channel_closed" => MessageType::ChannelClosed,
            "start_publication" => MessageType::StartPublication,
            "pause_publication" => MessageType::PausePublication,
            other => MessageType::Other(other.to_owned()),
        }
    }

    /// Publication control frames carry no digest worth checking.
    fn skips_digest(&self) -> bool {
        matches!(self, MessageType::StartPublication | MessageType::PausePublication)
    }
}

impl fmt::Display for MessageType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the payload of a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PayloadType {
    /// 0: used by acknowledgements and `channel_closed`.
    Undefined,
    Output,
    Error,
    Size,
    Parameter,
    HandshakeRequest,
    HandshakeResponse,
    HandshakeComplete,
    EncChallengeRequest,
    EncChallengeResponse,
    Flag,
    StdErr,
    ExitCode,
    Unknown(u32),
}

impl PayloadType {
    pub fn to_u32(self) -> u32 {
        match self {
            PayloadType::Undefined => 0,
            PayloadType::Output => 1,
            PayloadType::Error => 2,
            PayloadType::Size => 3,
            PayloadType::Parameter => 4,
            PayloadType::HandshakeRequest => 5,
            PayloadType::HandshakeResponse => 6,
            PayloadType::HandshakeComplete => 7,
            PayloadType::EncChallengeRequest => 8,
            PayloadType::EncChallengeResponse => 9,
            PayloadType::Flag => 10,
            PayloadType::StdErr => 11,
            PayloadType::ExitCode => 12,
            PayloadType::Unknown(n) => n,
        }
    }

    pub fn from_u32(n: u32) -> PayloadType {
        match n {
            0 => PayloadType::Undefined,
            1 => PayloadType::Output,
            2 => PayloadType::Error,
            3 => PayloadType::Size,
            4 => PayloadType::Parameter,
            5 => PayloadType::HandshakeRequest,
            6 => PayloadType::HandshakeResponse,
            7 => PayloadType::HandshakeComplete,
            8 => PayloadType::EncChallengeRequest,
            9 => PayloadType::EncChallengeResponse,
            10 => PayloadType::Flag,
            11 => PayloadType::StdErr,
            12 => PayloadType::ExitCode,
            n => PayloadType::Unknown(n),
        }
    }
}

/// One decoded data-channel frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub message_type: MessageType,
    pub schema_version: u32,
    /// Epoch milliseconds. The agent drops frames where this is 0.
    pub created_date: u64,
    pub sequence_number: i64,
    pub flags: u64,
    pub message_id: Uuid,
    pub payload_type: PayloadType,
    pub payload: Vec<u8>,
}

/// Why a byte string is not a frame.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FrameError {
    #[error("frame too short: {len} bytes, at least {MIN_FRAME_LEN} needed")]
    TooShort { len: usize },
    #[error("header length {header_length} is not usable for a {len}-byte frame")]
    BadHeaderLength { header_length: u32, len: usize },
    #[error("message type is not printable ASCII")]
    BadMessageType,
    #[error("message type is empty")]
    EmptyMessageType,
    #[error("payload length {declared} does not match the {actual} bytes present")]
    LengthMismatch { declared: u32, actual: usize },
    #[error("payload digest does not match its SHA-256")]
    DigestMismatch,
    #[error("message type {0:?} is longer than 32 bytes")]
    MessageTypeTooLong(String),
}

impl Frame {
    /// A frame with a fresh random message id and empty flags.
    pub fn new(
        message_type: MessageType,
        sequence_number: i64,
        payload_type: PayloadType,
        payload: Vec<u8>,
        created_date: u64,
    ) -> Frame {
        Frame {
            message_type,
            schema_version: SCHEMA_VERSION,
            created_date,
            sequence_number,
            flags: 0,
            message_id: Uuid::new_v4(),
            payload_type,
            payload,
        }
    }

    /// Serialises the frame exactly as the official client does.
    pub fn encode(&self) -> Result<Vec<u8>, FrameError> {
        let name = self.message_type.as_str();
        if name.len() > MESSAGE_TYPE_LEN {
            return Err(FrameError::MessageTypeTooLong(name.to_owned()));
        }
        let mut out = Vec::with_capacity(MIN_FRAME_LEN + self.payload.len());
        out.extend_from_slice(&HEADER_LENGTH.to_be_bytes());
        out.extend_from_slice(name.as_bytes());
        out.resize(4 + MESSAGE_TYPE_LEN, b' ');
        out.extend_from_slice(&self.schema_version.to_be_bytes());
        out.extend_from_slice(&self.created_date.to_be_bytes());
        out.extend_from_slice(&self.sequence_number.to_be_bytes());
        out.extend_from_slice(&self.flags.to_be_bytes());
        out.extend_from_slice(&uuid_to_wire(&self.message_id));
        out.extend_from_slice(&payload_digest(&self.payload));
        out.extend_from_slice(&self.payload_type.to_u32().to_be_bytes());
        let len = u32::try_from(self.payload.len()).unwrap_or(u32::MAX);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&self.payload);
        Ok(out)
    }

    /// Parses and checks a frame. Never panics, whatever the bytes.
    pub fn decode(bytes: &[u8]) -> Result<Frame, FrameError> {
        if bytes.len() < MIN_FRAME_LEN {
            return Err(FrameError::TooShort { len: bytes.len() });
        }
        let header_length = be_u32(bytes, 0);
        // Readers take the payload after HeaderLength + 4; anything shorter than the fixed
        // header would overlap the fields read below.
        let payload_start = (header_length as usize).checked_add(4);
        let payload_start = match payload_start {
            Some(start) if header_length >= HEADER_LENGTH && start <= bytes.len() => start,
            _ => {
                return Err(FrameError::BadHeaderLength { header_length, len: bytes.len() });
            }
        };
        let raw_type = &bytes[4..4 + MESSAGE_TYPE_LEN];
        let name = std::str::from_utf8(raw_type).map_err(|_| FrameError::BadMessageType)?;
        let name = name.trim_matches(|c| c == ' ' || c == '\0');
        if name.is_empty() {
            return Err(FrameError::EmptyMessageType);
        }
        if !name.bytes().all(|b| b.is_ascii_graphic()) {
            return Err(FrameError::BadMessageType);
        }
        let message_type = MessageType::from_wire(name);
        let declared = be_u32(bytes, header_length as usize);
        let payload = &bytes[payload_start..];
        if declared as usize != payload.len() {
            return Err(FrameError::LengthMismatch { declared, actual: payload.len() });
        }
        if declared != 0 && !message_type.skips_digest() && bytes[80..112] != payload_digest(payload) {
            return Err(FrameError::DigestMismatch);
        }
        Ok(Frame {
            message_type,
            schema_version: be_u32(bytes, 36),
            created_date: be_u64(bytes, 40),
            sequence_number: be_u64(bytes, 48) as i64,
            flags: be_u64(bytes, 56),
            message_id: {
                let mut id = [0u8; 16];
                id.copy_from_slice(&bytes[64..80]);
                uuid_from_wire(&id)
            },
            payload_type: PayloadType::from_u32(be_u32(bytes, 112)),
            payload: payload.to_vec(),
        })
    }
}

/// SHA-256 of a payload, as carried in the PayloadDigest field.
pub fn payload_digest(payload: &[u8]) -> [u8; 32] {
    Sha256::digest(payload).into()
}

/// The wire order of a message id: RFC bytes 8..16 first, then 0..8.
pub fn uuid_to_wire(id: &Uuid) -> [u8; 16] {
    let rfc = id.as_bytes();
    let mut out = [0u8; 16];
    out[..8].copy_from_slice(&rfc[8..]);
    out[8..].copy_from_slice(&rfc[..8]);
    out
}

/// Inverse of [`uuid_to_wire`].
pub fn uuid_from_wire(wire: &[u8; 16]) -> Uuid {
    let mut rfc = [0u8; 16];
    rfc[..8].copy_from_slice(&wire[8..16]);
    rfc[8..].copy_from_slice(&wire[..8]);
    Uuid::from_bytes(rfc)
}

// Callers have checked the length; these only read inside the slice.
fn be_u32(bytes: &[u8], at: usize) -> u32 {
    let mut b = [0u8; 4];
    b.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(b)
}

fn be_u64(bytes: &[u8], at: usize) -> u64 {
    let mut b = [0u8; 8];
    b.copy_from_slice(&bytes[at..at + 8]);
    u64::from_be_bytes(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn example_uuid_swaps_halves() {
        let id = Uuid::parse_str("dd01e56b-ff48-483e-a508-b5f073f31b16").unwrap();
        let wire = uuid_to_wire(&id);
        assert_eq!(
            wire,
            [0xa5, 0x08, 0xb5, 0xf0, 0x73, 0xf3, 0x1b, 0x16, 0xdd, 0x01, 0xe5, 0x6b, 0xff, 0x48, 0x48, 0x3e]
        );
        assert_eq!(uuid_from_wire(&wire), id);
    }

    #[test]
    fn payload_type_numbers_round_trip() {
        for n in 0..20 {
            assert_eq!(PayloadType::from_u32(n).to_u32(), n);
        }
        assert_eq!(PayloadType::ExitCode.to_u32(), 12);
        assert_eq!(PayloadType::StdErr.to_u32(), 11);
    }

    #[test]
    fn trims_nuls_and_spaces_in_message_type() {
        let mut frame =
            Frame::new(MessageType::Acknowledge, 0, PayloadType::Undefined, b"{}".to_vec(), 1).encode().unwrap();
        // Some writers pad with NULs instead of spaces.
        for b in &mut frame[4 + "acknowledge".len()..36] {
            *b = 0;
        }
        let decoded = Frame::decode(&frame).unwrap();
        assert_eq!(decoded.message_type, MessageType::Acknowledge);
    }
}
