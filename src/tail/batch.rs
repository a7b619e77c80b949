//! Lines go to the console in bounded batches, not one message per line: a batch leaves when
//! it holds `max_lines` lines or its first line has waited `max_wait`, merged in timestamp
//! order. A change of status leaves at once (with whatever lines are waiting).
use crate::model::LogEvent;
use std::time::Duration;
use tokio::time::Instant;

#[derive(Debug)]
pub struct Batcher {
    pub max_lines: usize,
    pub max_wait: Duration,
    pending: Vec<LogEvent>,
    since: Option<Instant>,
    /// Live Tail sampled some of the waiting lines.
    pub sampled: bool,
}

impl Batcher {
    pub fn new(max_lines: usize, max_wait: Duration) -> Self {
        Self { max_lines: max_lines.max(1), max_wait, pending: Vec::new(), since: None, sampled: false }
    }

    /// Add lines; answers whether a full batch is waiting.
    pub fn push(&mut self, events: impl IntoIterator<Item = LogEvent>, now: Instant) -> bool {
        let before = self.pending.len();
        self.pending.extend(events);
        if self.pending.len() > before && self.since.is_none() {
            self.since = Some(now);
        }
        self.pending.len() >= self.max_lines
    }

    /// When the waiting lines are due, if any wait.
    pub fn deadline(&self) -> Option<Instant> {
        self.since.map(|s| s + self.max_wait)
    }

    pub fn is_empty(&self) -> bool {
        self.pending.is_empty()
    }

    /// The waiting lines in batches of at most `max_lines`, each in timestamp order (ties by
    /// stream, then id, so a batch's order does not depend on which source came first).
    pub fn take(&mut self) -> Vec<Vec<LogEvent>> {
        self.since = None;
        let mut all = std::mem::take(&mut self.pending);
        all.sort_by(|a, b| {
            (a.timestamp, &a.source.group, &a.source.stream, &a.id).cmp(&(
                b.timestamp,
                &b.source.group,
                &b.source.stream,
                &b.id,
            ))
        });
        let mut out = Vec::new();
        while all.len() > self.max_lines {
            let rest = all.split_off(self.max_lines);
            out.push(std::mem::replace(&mut all, rest));
        }
        if !all.is_empty() {
            out.push(all);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tail::source::event;

    fn at(ms: i64, stream: &str) -> LogEvent {
        event("g", stream, ms, None, &format!("line {ms}"), None)
    }

    #[test]
    fn lines_from_several_sources_are_merged_in_timestamp_order() {
        let t = Instant::now();
        let mut b = Batcher::new(1000, Duration::from_millis(50));
        assert!(b.deadline().is_none());
        b.push([at(30, "b"), at(10, "b")], t);
        b.push([at(20, "a"), at(10, "a")], t + Duration::from_millis(5));
        assert_eq!(b.deadline(), Some(t + Duration::from_millis(50)), "the first line sets the wait");
        let batches = b.take();
        assert_eq!(batches.len(), 1);
        let order: Vec<(i64, &str)> =
            batches[0].iter().map(|e| (e.timestamp.timestamp_millis(), e.source.stream.as_str())).collect();
        assert_eq!(order, [(10, "a"), (10, "b"), (20, "a"), (30, "b")]);
        assert!(b.is_empty() && b.deadline().is_none());
    }

    #[test]
    fn a_flood_leaves_in_bounded_batches() {
        let t = Instant::now();
        let mut b = Batcher::new(1000, Duration::from_millis(50));
        assert!(!b.push((0..999).map(|i| at(i, "a")), t));
        assert!(b.push((999..2500).map(|i| at(i, "a")), t), "full");
        let sizes: Vec<usize> = b.take().iter().map(Vec::len).collect();
        assert_eq!(sizes, [1000, 1000, 500]);
    }
}
