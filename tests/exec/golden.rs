//! Golden bytes: every header field pinned, including the protocol page's example UUID.

use bosun::exec::frame::{FLAGS_ACK, Frame, FrameError, MessageType, PayloadType, uuid_to_wire};
use uuid::Uuid;

const EXAMPLE_ID: &str = "dd01e56b-ff48-483e-a508-b5f073f31b16";

/// `input_stream_data`, CreatedDate 1700000000123, seq 42, flags 0, the example id,
/// PayloadType 1, payload `ls -l\r`. Computed independently of this crate.
const GOLDEN: [u8; 126] = [
    0x00, 0x00, 0x00, 0x74, 0x69, 0x6e, 0x70, 0x75, 0x74, 0x5f, 0x73, 0x74, 0x72, 0x65, 0x61, 0x6d, 0x5f, 0x64, 0x61,
    0x74, 0x61, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x20, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x01, 0x8b, 0xcf, 0xe5, 0x68, 0x7b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x2a, 0x00,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xa5, 0x08, 0xb5, 0xf0, 0x73, 0xf3, 0x1b, 0x16, 0xdd, 0x01, 0xe5, 0x6b,
    0xff, 0x48, 0x48, 0x3e, 0x36, 0x74, 0xc1, 0x3c, 0x3e, 0xb4, 0x2e, 0xf3, 0x2e, 0xff, 0xd1, 0x27, 0xa6, 0x89, 0xc6,
    0x11, 0x81, 0x91, 0xa8, 0x11, 0xbc, 0xa3, 0x35, 0xff, 0xa3, 0xf5, 0x09, 0xef, 0xf0, 0x51, 0xd2, 0x53, 0x00, 0x00,
    0x00, 0x01, 0x00, 0x00, 0x00, 0x06, 0x6c, 0x73, 0x20, 0x2d, 0x6c, 0x0d,
];

fn golden_frame() -> Frame {
    Frame {
        message_type: MessageType::InputStreamData,
        schema_version: 1,
        created_date: 1_700_000_000_123,
        sequence_number: 42,
        flags: 0,
        message_id: Uuid::parse_str(EXAMPLE_ID).unwrap(),
        payload_type: PayloadType::Output,
        payload: b"ls -l\r".to_vec(),
    }
}

#[test]
fn encode_matches_golden_bytes() {
    assert_eq!(golden_frame().encode().unwrap(), GOLDEN);
}

#[test]
fn every_field_sits_at_its_offset() {
    let b = golden_frame().encode().unwrap();
    assert_eq!(&b[0..4], &116u32.to_be_bytes(), "HeaderLength");
    assert_eq!(&b[4..21], b"input_stream_data", "MessageType");
    assert!(b[21..36].iter().all(|&c| c == b' '), "padded with spaces, not NULs");
    assert_eq!(&b[36..40], &[0, 0, 0, 1], "SchemaVersion");
    assert_eq!(&b[40..48], &1_700_000_000_123u64.to_be_bytes(), "CreatedDate");
    assert_eq!(&b[48..56], &42i64.to_be_bytes(), "SequenceNumber");
    assert_eq!(&b[56..64], &[0; 8], "Flags");
    assert_eq!(
        &b[64..80],
        &[0xa5, 0x08, 0xb5, 0xf0, 0x73, 0xf3, 0x1b, 0x16, 0xdd, 0x01, 0xe5, 0x6b, 0xff, 0x48, 0x48, 0x3e],
        "MessageId with halves swapped"
    );
    assert_eq!(&b[64..80], &uuid_to_wire(&Uuid::parse_str(EXAMPLE_ID).unwrap()));
    assert_eq!(&b[80..84], &[0x36, 0x74, 0xc1, 0x3c], "PayloadDigest = SHA-256");
    assert_eq!(&b[112..116], &[0, 0, 0, 1], "PayloadType");
    assert_eq!(&b[116..120], &[0, 0, 0, 6], "PayloadLength");
    assert_eq!(&b[120..], b"ls -l\r", "Payload");
}

#[test]
fn decode_reads_golden_bytes_back() {
    assert_eq!(Frame::decode(&GOLDEN).unwrap(), golden_frame());
}

#[test]
fn ack_frame_fields() {
    let ack = bosun::exec::payloads::Acknowledge::frame_for(&golden_frame(), 5);
    let b = ack.encode().unwrap();
    assert_eq!(&b[4..15], b"acknowledge");
    assert_eq!(&b[48..56], &0i64.to_be_bytes(), "acks use sequence 0");
    assert_eq!(&b[56..64], &FLAGS_ACK.to_be_bytes());
    assert_eq!(FLAGS_ACK, 3);
    assert_eq!(&b[112..116], &[0, 0, 0, 0], "PayloadType 0");
    let text = std::str::from_utf8(&b[120..]).unwrap();
    assert_eq!(
        text,
        format!(
            r#"{{"AcknowledgedMessageType":"input_stream_data","AcknowledgedMessageId":"{EXAMPLE_ID}","AcknowledgedMessageSequenceNumber":42,"IsSequentialMessage":true}}"#
        )
    );
}

#[test]
fn payload_type_numbers() {
    let expected = [
        (PayloadType::Output, 1),
        (PayloadType::Error, 2),
        (PayloadType::Size, 3),
        (PayloadType::Parameter, 4),
        (PayloadType::HandshakeRequest, 5),
        (PayloadType::HandshakeResponse, 6),
        (PayloadType::HandshakeComplete, 7),
        (PayloadType::EncChallengeRequest, 8),
        (PayloadType::EncChallengeResponse, 9),
        (PayloadType::Flag, 10),
        (PayloadType::StdErr, 11),
        (PayloadType::ExitCode, 12),
    ];
    for (t, n) in expected {
        assert_eq!(t.to_u32(), n);
        assert_eq!(PayloadType::from_u32(n), t);
    }
}

#[test]
fn digest_is_checked_on_receipt() {
    let mut bad = GOLDEN;
    bad[125] ^= 1;
    assert_eq!(Frame::decode(&bad), Err(FrameError::DigestMismatch));
    let mut bad = GOLDEN;
    bad[90] ^= 1;
    assert_eq!(Frame::decode(&bad), Err(FrameError::DigestMismatch));
}

#[test]
fn publication_frames_skip_the_digest() {
    let mut f = golden_frame();
    f.message_type = MessageType::PausePublication;
    let mut b = f.encode().unwrap();
    b[80..112].fill(0);
    assert_eq!(Frame::decode(&b).unwrap().message_type, MessageType::PausePublication);
}

#[test]
fn malformed_frames_are_errors() {
    assert_eq!(Frame::decode(&GOLDEN[..119]), Err(FrameError::TooShort { len: 119 }));
    let mut b = GOLDEN;
    b[0..4].copy_from_slice(&0u32.to_be_bytes());
    assert!(matches!(Frame::decode(&b), Err(FrameError::BadHeaderLength { header_length: 0, .. })));
    let mut b = GOLDEN;
    b[0..4].copy_from_slice(&u32::MAX.to_be_bytes());
    assert!(matches!(Frame::decode(&b), Err(FrameError::BadHeaderLength { .. })));
    let mut b = GOLDEN;
    b[4..36].fill(b' ');
    assert_eq!(Frame::decode(&b), Err(FrameError::EmptyMessageType));
    let mut b = GOLDEN;
    b[4] = 0xff;
    assert_eq!(Frame::decode(&b), Err(FrameError::BadMessageType));
    let mut b = GOLDEN;
    b[116..120].copy_from_slice(&7u32.to_be_bytes());
    assert_eq!(Frame::decode(&b), Err(FrameError::LengthMismatch { declared: 7, actual: 6 }));
    let mut long = golden_frame();
    long.message_type = MessageType::Other("x".repeat(33));
    assert!(long.encode().is_err());
}

#[test]
fn empty_payload_round_trips_without_digest_check() {
    let mut f = golden_frame();
    f.payload.clear();
    let mut b = f.encode().unwrap();
    assert_eq!(b.len(), 120);
    b[80..112].fill(0xEE);
    assert_eq!(Frame::decode(&b).unwrap().payload, Vec::<u8>::new());
}
