//! De-duplication across the tail's sources. A source is one read that never repeats itself:
//! one Live Tail session, or one FilterLogEvents window (all its pages). Sources overlap on
//! purpose (a renewed session starts before the old one ends, a poll re-reads the seconds
//! before its last line, a reconnect re-reads the gap), so a line may come more than once.
//!
//! A line is known by its content (group, stream, timestamp, message): Live Tail gives no event
//! id, and a line must be recognised across a switch between the two modes. Two identical
//! lines in the same stream and millisecond are both kept: within one source the n-th
//! occurrence of a content is a different line from the (n-1)-th, and a line is new when no
//! source has delivered its n-th occurrence yet.
use super::source::{content_hash, to_ms};
use crate::model::{LogEvent, Time};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// What every source delivered: (content, occurrence) → timestamp in ms.
#[derive(Debug, Default)]
pub struct Dedup {
    seen: HashMap<u64, i64>,
}

/// One source's occurrence counts: content → (timestamp in ms, times seen).
#[derive(Debug, Default)]
pub struct Source {
    counts: HashMap<u64, (i64, u32)>,
}

impl Dedup {
    /// Whether `e`, coming from `source`, is a line not delivered before (and now it is).
    pub fn admit(&mut self, source: &mut Source, e: &LogEvent) -> bool {
        let ts = to_ms(e.timestamp);
        let content = content_hash(&e.source.group, &e.source.stream, ts, &e.message);
        let entry = source.counts.entry(content).or_insert((ts, 0));
        entry.1 += 1;
        let mut h = DefaultHasher::new();
        (content, entry.1).hash(&mut h);
        self.seen.insert(h.finish(), ts).is_none()
    }

    /// Forget lines older than `before`: no source re-reads them.
    pub fn prune(&mut self, before: Time) {
        let before = to_ms(before);
        self.seen.retain(|_, ts| *ts >= before);
    }

    pub fn len(&self) -> usize {
        self.seen.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seen.is_empty()
    }
}

impl Source {
    pub fn prune(&mut self, before: Time) {
        let before = to_ms(before);
        self.counts.retain(|_, (ts, _)| *ts >= before);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tail::source::event;

    fn line(stream: &str, ms: i64, msg: &str, id: Option<&str>) -> LogEvent {
        event("/ecs/prod/api", stream, ms, None, msg, id.map(str::to_string))
    }

    #[test]
    fn a_line_from_two_overlapping_sources_is_delivered_once() {
        let mut d = Dedup::default();
        let (mut live, mut poll) = (Source::default(), Source::default());
        assert!(d.admit(&mut live, &line("a", 1_000, "GET /", None)));
        // The same line read by FilterLogEvents, with CloudWatch's event id this time.
        assert!(!d.admit(&mut poll, &line("a", 1_000, "GET /", Some("3722…"))));
        assert!(d.admit(&mut poll, &line("a", 1_001, "GET /", Some("3723…"))));
        assert!(!d.admit(&mut live, &line("a", 1_001, "GET /", None)));
    }

    #[test]
    fn identical_lines_in_one_source_are_all_kept_and_not_repeated_by_another() {
        let mut d = Dedup::default();
        let (mut first, mut second) = (Source::default(), Source::default());
        let same = line("a", 5, "retrying", None);
        assert!(d.admit(&mut first, &same));
        assert!(d.admit(&mut first, &same), "the second identical line of the same millisecond is a line");
        assert!(!d.admit(&mut second, &same));
        assert!(!d.admit(&mut second, &same));
        assert!(d.admit(&mut second, &same), "a third one the first source never saw");
        // Another stream, same text and time: another line.
        assert!(d.admit(&mut second, &line("b", 5, "retrying", None)));
    }

    #[test]
    fn pruning_forgets_old_lines_only() {
        let mut d = Dedup::default();
        let mut s = Source::default();
        assert!(d.admit(&mut s, &line("a", 1_000, "old", None)));
        assert!(d.admit(&mut s, &line("a", 9_000, "new", None)));
        d.prune(crate::tail::source::from_ms(5_000));
        s.prune(crate::tail::source::from_ms(5_000));
        assert_eq!(d.len(), 1);
        assert!(!d.admit(&mut Source::default(), &line("a", 9_000, "new", None)));
    }
}
