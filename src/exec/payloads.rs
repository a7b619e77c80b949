//! JSON payloads of the data channel outside the handshake.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::frame::{FLAGS_ACK, Frame, MessageType, PayloadType};

/// The text frame that opens the data channel.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpenDataChannel {
    #[serde(rename = "MessageSchemaVersion")]
    pub message_schema_version: String,
    #[serde(rename = "RequestId")]
    pub request_id: String,
    #[serde(rename = "TokenValue")]
    pub token_value: String,
    #[serde(rename = "ClientId")]
    pub client_id: String,
    #[serde(rename = "ClientVersion")]
    pub client_version: String,
}

impl std::fmt::Debug for OpenDataChannel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenDataChannel")
            .field("message_schema_version", &self.message_schema_version)
            .field("request_id", &self.request_id)
            .field("token_value", &"<redacted>")
            .field("client_id", &self.client_id)
            .field("client_version", &self.client_version)
            .finish()
    }
}

impl OpenDataChannel {
    pub fn new(token_value: &str, client_id: Uuid, client_version: &str) -> OpenDataChannel {
        OpenDataChannel {
            message_schema_version: "1.0".to_owned(),
            request_id: Uuid::new_v4().to_string(),
            token_value: token_value.to_owned(),
            client_id: client_id.to_string(),
            client_version: client_version.to_owned(),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Payload of an `acknowledge` frame.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Acknowledge {
    #[serde(rename = "AcknowledgedMessageType")]
    pub acknowledged_message_type: String,
    #[serde(rename = "AcknowledgedMessageId")]
    pub acknowledged_message_id: String,
    #[serde(rename = "AcknowledgedMessageSequenceNumber")]
    pub acknowledged_message_sequence_number: i64,
    #[serde(rename = "IsSequentialMessage")]
    pub is_sequential_message: bool,
}

impl Acknowledge {
    /// The acknowledgement of `frame`, as a frame ready to encode. Acks carry sequence 0,
    /// flags SYN|FIN, and are never acknowledged themselves.
    pub fn frame_for(frame: &Frame, created_date: u64) -> Frame {
        let ack = Acknowledge {
            acknowledged_message_type: frame.message_type.as_str().to_owned(),
            acknowledged_message_id: frame.message_id.hyphenated().to_string(),
            acknowledged_message_sequence_number: frame.sequence_number,
            is_sequential_message: true,
        };
        let payload = serde_json::to_vec(&ack).unwrap_or_default();
        let mut out = Frame::new(MessageType::Acknowledge, 0, PayloadType::Undefined, payload, created_date);
        out.flags = FLAGS_ACK;
        out
    }

    pub fn parse(payload: &[u8]) -> Result<Acknowledge, String> {
        serde_json::from_slice(payload).map_err(|e| e.to_string())
    }
}

/// Payload of a `channel_closed` frame.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ChannelClosed {
    #[serde(rename = "MessageId", default)]
    pub message_id: String,
    #[serde(rename = "CreatedDate", default)]
    pub created_date: String,
    #[serde(rename = "DestinationId", default)]
    pub destination_id: String,
    #[serde(rename = "SessionId", default)]
    pub session_id: String,
    #[serde(rename = "MessageType", default)]
    pub message_type: String,
    #[serde(rename = "SchemaVersion", default)]
    pub schema_version: i64,
    #[serde(rename = "Output", default)]
    pub output: String,
}

impl ChannelClosed {
    pub fn parse(payload: &[u8]) -> Result<ChannelClosed, String> {
        serde_json::from_slice(payload).map_err(|e| e.to_string())
    }
}

/// Payload of a Size message: `{"cols":C,"rows":R}`; integers only, the agent refuses
/// anything else.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TerminalSize {
    pub cols: u32,
    pub rows: u32,
}

impl TerminalSize {
    pub fn to_json(self) -> Vec<u8> {
        serde_json::to_vec(&self).unwrap_or_default()
    }

    pub fn parse(payload: &[u8]) -> Result<TerminalSize, String> {
        serde_json::from_slice(payload).map_err(|e| e.to_string())
    }
}

/// Reads an ExitCode payload, `EXIT_CODE: n`.
pub fn parse_exit_code(payload: &[u8]) -> Option<i32> {
    let text = std::str::from_utf8(payload).ok()?;
    let rest = text.trim().strip_prefix("EXIT_CODE:")?;
    rest.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ack_payload_has_the_official_field_order() {
        let mut f = Frame::new(MessageType::OutputStreamData, 7, PayloadType::Output, b"x".to_vec(), 1);
        f.message_id = Uuid::parse_str("dd01e56b-ff48-483e-a508-b5f073f31b16").unwrap();
        let ack = Acknowledge::frame_for(&f, 5);
        assert_eq!(ack.flags, 3);
        assert_eq!(ack.sequence_number, 0);
        assert_eq!(
            String::from_utf8(ack.payload).unwrap(),
            r#"{"AcknowledgedMessageType":"output_stream_data","AcknowledgedMessageId":"dd01e56b-ff48-483e-a508-b5f073f31b16","AcknowledgedMessageSequenceNumber":7,"IsSequentialMessage":true}"#
        );
    }

    #[test]
    fn size_is_integers_only() {
        let s = TerminalSize { cols: 120, rows: 40 };
        assert_eq!(s.to_json(), br#"{"cols":120,"rows":40}"#);
        assert!(TerminalSize::parse(br#"{"cols":80.0,"rows":24}"#).is_err());
        assert!(TerminalSize::parse(b"\"80\"").is_err());
    }

    #[test]
    fn exit_code_is_parsed_loosely() {
        assert_eq!(parse_exit_code(b"EXIT_CODE: 0"), Some(0));
        assert_eq!(parse_exit_code(b"EXIT_CODE: 130\n"), Some(130));
        assert_eq!(parse_exit_code(b"exit"), None);
    }

    #[test]
    fn open_data_channel_field_order() {
        let id = Uuid::nil();
        let open = OpenDataChannel::new("T", id, "v1");
        let json = open.to_json();
        assert!(json.starts_with(r#"{"MessageSchemaVersion":"1.0","RequestId":""#));
        assert!(
            json.ends_with(
                r#","TokenValue":"T","ClientId":"00000000-0000-0000-0000-000000000000","ClientVersion":"v1"}"#
            )
        );
        assert!(!format!("{open:?}").contains("\"T\""));
    }
}
