//! The decoder never panics, whatever arrives; valid frames round-trip.

use bosun::exec::frame::{Frame, MessageType, PayloadType};
use proptest::prelude::*;

fn any_frame() -> impl Strategy<Value = Frame> {
    (
        prop_oneof![
            Just(MessageType::InputStreamData),
            Just(MessageType::OutputStreamData),
            Just(MessageType::Acknowledge),
            Just(MessageType::ChannelClosed),
            "[a-z_]{1,32}".prop_map(|s| MessageType::from_wire(&s)),
        ],
        any::<u32>(),
        any::<u64>(),
        any::<i64>(),
        any::<u64>(),
        any::<[u8; 16]>(),
        any::<u32>(),
        proptest::collection::vec(any::<u8>(), 0..2048),
    )
        .prop_map(|(mt, sv, cd, seq, flags, id, pt, payload)| Frame {
            message_type: mt,
            schema_version: sv,
            created_date: cd,
            sequence_number: seq,
            flags,
            message_id: uuid::Uuid::from_bytes(id),
            payload_type: PayloadType::from_u32(pt),
            payload,
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        let _ = Frame::decode(&bytes);
    }

    #[test]
    fn frames_round_trip(frame in any_frame()) {
        let bytes = frame.encode().unwrap();
        prop_assert_eq!(Frame::decode(&bytes).unwrap(), frame);
    }

    #[test]
    fn mutated_frames_never_panic(frame in any_frame(), at in any::<usize>(), byte in any::<u8>(), cut in any::<usize>()) {
        let mut bytes = frame.encode().unwrap();
        let i = at % bytes.len();
        bytes[i] = byte;
        let _ = Frame::decode(&bytes);
        bytes.truncate(cut % (bytes.len() + 1));
        let _ = Frame::decode(&bytes);
    }
}
