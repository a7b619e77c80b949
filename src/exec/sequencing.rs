//! Sequencing of the data channel as pure data: the incoming reorder buffer, the outgoing
//! queue of unacknowledged frames and the retransmission timeout. Time is passed in, so the
//! rules are tested without sockets or sleeps. Both ends of the channel use these (the
//! loopback peer too).

use std::collections::{BTreeMap, VecDeque};
use std::time::{Duration, Instant};

/// First smoothed round-trip time.
pub const INITIAL_RTT: Duration = Duration::from_millis(100);
/// First retransmission timeout.
pub const INITIAL_RTO: Duration = Duration::from_millis(200);
/// The retransmission timeout never grows beyond this.
pub const MAX_RTO: Duration = Duration::from_secs(1);
/// Floor of the variation term of the timeout.
pub const MIN_RTTV_TERM: Duration = Duration::from_millis(10);
/// How often the oldest unacknowledged frame is considered for a resend.
pub const RESEND_TICK: Duration = Duration::from_millis(100);
/// Resends of one frame before the session is given up, as the official client does.
pub const DEFAULT_RESEND_LIMIT: u32 = 3000;
/// Out-of-order frames kept while waiting for a gap to fill.
pub const DEFAULT_REORDER_CAPACITY: usize = 10_000;

/// What to do with one incoming sequenced frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Accept<T> {
    /// Acknowledge it, then deliver these items in order (the frame and any buffered successors).
    Deliver(Vec<T>),
    /// Acknowledge it and keep it until the gap before it fills.
    Buffered,
    /// Already delivered or already buffered: acknowledge again, deliver nothing.
    Duplicate,
    /// The buffer is full: do not acknowledge, so the sender resends it later.
    Refused,
}

impl<T> Accept<T> {
    /// Whether the frame must be acknowledged.
    pub fn acknowledge(&self) -> bool {
        !matches!(self, Accept::Refused)
    }
}

/// Puts incoming frames back in sequence order and drops duplicates.
#[derive(Debug)]
pub struct IncomingOrder<T> {
    expected: i64,
    pending: BTreeMap<i64, T>,
    capacity: usize,
}

impl<T> IncomingOrder<T> {
    pub fn new(capacity: usize) -> IncomingOrder<T> {
        IncomingOrder { expected: 0, pending: BTreeMap::new(), capacity }
    }

    /// The next sequence number that can be delivered.
    pub fn expected(&self) -> i64 {
        self.expected
    }

    /// Frames held back behind a gap.
    pub fn buffered(&self) -> usize {
        self.pending.len()
    }

    pub fn accept(&mut self, seq: i64, item: T) -> Accept<T> {
        if seq < self.expected || self.pending.contains_key(&seq) {
            return Accept::Duplicate;
        }
        if seq > self.expected {
            if self.pending.len() >= self.capacity {
                return Accept::Refused;
            }
            self.pending.insert(seq, item);
            return Accept::Buffered;
        }
        let mut out = vec![item];
        self.expected += 1;
        while let Some(next) = self.pending.remove(&self.expected) {
            out.push(next);
            self.expected += 1;
        }
        Accept::Deliver(out)
    }
}

/// The retransmission timeout estimator (RFC 6298 shape, constants from the protocol page).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RtoEstimator {
    rtt: Duration,
    rttv: Duration,
    rto: Duration,
}

impl Default for RtoEstimator {
    fn default() -> Self {
        RtoEstimator { rtt: INITIAL_RTT, rttv: Duration::ZERO, rto: INITIAL_RTO }
    }
}

impl RtoEstimator {
    pub fn rto(&self) -> Duration {
        self.rto
    }

    pub fn rtt(&self) -> Duration {
        self.rtt
    }

    /// Folds in one round-trip sample, taken when an acknowledgement arrives.
    pub fn sample(&mut self, s: Duration) {
        // Integer nanoseconds keep the arithmetic exact: .75/.25 and .875/.125 are quarters
        // and eighths.
        let rtt = self.rtt.as_nanos();
        let s = s.as_nanos();
        let rttv = (3 * self.rttv.as_nanos() + rtt.abs_diff(s)) / 4;
        let rtt = (7 * rtt + s) / 8;
        self.rttv = nanos(rttv);
        self.rtt = nanos(rtt);
        let rto = self.rtt + MIN_RTTV_TERM.max(self.rttv * 4);
        self.rto = rto.min(MAX_RTO);
    }
}

fn nanos(n: u128) -> Duration {
    Duration::from_nanos(u64::try_from(n).unwrap_or(u64::MAX))
}

/// An outgoing sequenced frame waiting for its acknowledgement.
#[derive(Debug, Clone)]
pub struct Unacked {
    pub seq: i64,
    /// The encoded frame; a resend repeats these exact bytes.
    pub bytes: Vec<u8>,
    pub last_sent: Instant,
    pub resends: u32,
}

/// What the resend timer asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResendDecision {
    /// Nothing is due.
    Idle,
    /// Send these bytes again (the oldest unacknowledged frame).
    Resend { seq: i64, bytes: Vec<u8> },
    /// The oldest frame has been resent the maximum number of times.
    GiveUp { seq: i64, resends: u32 },
}

/// Outgoing frames kept in order until acknowledged.
#[derive(Debug)]
pub struct OutgoingQueue {
    next_seq: i64,
    unacked: VecDeque<Unacked>,
    rto: RtoEstimator,
    resend_limit: u32,
    total_resends: u64,
}

impl OutgoingQueue {
    pub fn new(resend_limit: u32) -> OutgoingQueue {
        OutgoingQueue {
            next_seq: 0,
            unacked: VecDeque::new(),
            rto: RtoEstimator::default(),
            resend_limit,
            total_resends: 0,
        }
    }

    /// Takes the next sequence number for a frame about to be built.
    pub fn take_seq(&mut self) -> i64 {
        let seq = self.next_seq;
        self.next_seq += 1;
        seq
    }

    /// The sequence number the next frame will get.
    pub fn next_seq(&self) -> i64 {
        self.next_seq
    }

    /// Records a frame that has just been sent (or is to be sent once connected).
    pub fn push(&mut self, seq: i64, bytes: Vec<u8>, now: Instant) {
        self.unacked.push_back(Unacked { seq, bytes, last_sent: now, resends: 0 });
    }

    /// Removes the frame an acknowledgement names and folds its round trip into the RTO.
    /// Returns false when no such frame is waiting (a late or repeated acknowledgement).
    pub fn acknowledge(&mut self, seq: i64, now: Instant) -> bool {
        let Some(pos) = self.unacked.iter().position(|u| u.seq == seq) else {
            return false;
        };
        if let Some(done) = self.unacked.remove(pos) {
            self.rto.sample(now.saturating_duration_since(done.last_sent));
        }
        true
    }

    /// Called on every resend tick: resend the oldest frame when it has waited past the RTO.
    pub fn on_tick(&mut self, now: Instant) -> ResendDecision {
        let rto = self.rto.rto();
        let Some(oldest) = self.unacked.front_mut() else {
            return ResendDecision::Idle;
        };
        if now.saturating_duration_since(oldest.last_sent) <= rto {
            return ResendDecision::Idle;
        }
        if oldest.resends >= self.resend_limit {
            return ResendDecision::GiveUp { seq: oldest.seq, resends: oldest.resends };
        }
        oldest.resends += 1;
        oldest.last_sent = now;
        self.total_resends += 1;
        ResendDecision::Resend { seq: oldest.seq, bytes: oldest.bytes.clone() }
    }

    /// Every waiting frame in order, e.g. to send them again on a new socket.
    pub fn pending(&self) -> impl Iterator<Item = &Unacked> {
        self.unacked.iter()
    }

    /// Marks every waiting frame as sent now (after a reconnect replayed them).
    pub fn touch_all(&mut self, now: Instant) {
        for u in &mut self.unacked {
            u.last_sent = now;
        }
    }

    pub fn len(&self) -> usize {
        self.unacked.len()
    }

    pub fn is_empty(&self) -> bool {
        self.unacked.is_empty()
    }

    pub fn rto(&self) -> Duration {
        self.rto.rto()
    }

    /// Resends made over the queue's life.
    pub fn total_resends(&self) -> u64 {
        self.total_resends
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn in_order_frames_are_delivered_at_once() {
        let mut order = IncomingOrder::new(4);
        assert_eq!(order.accept(0, 'a'), Accept::Deliver(vec!['a']));
        assert_eq!(order.accept(1, 'b'), Accept::Deliver(vec!['b']));
        assert_eq!(order.expected(), 2);
    }

    #[test]
    fn gap_is_filled_then_successors_follow() {
        let mut order = IncomingOrder::new(4);
        assert_eq!(order.accept(2, 'c'), Accept::Buffered);
        assert_eq!(order.accept(1, 'b'), Accept::Buffered);
        assert_eq!(order.accept(2, 'c'), Accept::Duplicate);
        assert_eq!(order.accept(0, 'a'), Accept::Deliver(vec!['a', 'b', 'c']));
        assert_eq!(order.accept(1, 'b'), Accept::Duplicate);
        assert_eq!(order.buffered(), 0);
    }

    #[test]
    fn full_buffer_refuses_without_ack() {
        let mut order = IncomingOrder::new(1);
        assert_eq!(order.accept(5, 'x'), Accept::Buffered);
        let refused = order.accept(6, 'y');
        assert_eq!(refused, Accept::Refused);
        assert!(!refused.acknowledge());
        // The frame that fills the gap is always taken.
        assert!(matches!(order.accept(0, 'a'), Accept::Deliver(_)));
    }

    #[test]
    fn rto_follows_the_formula() {
        let mut est = RtoEstimator::default();
        assert_eq!(est.rto(), Duration::from_millis(200));
        est.sample(Duration::from_millis(20));
        // RTTV = .25 * 80ms = 20ms; RTT = 87.5 + 2.5 = 90ms; RTO = 90 + 80 = 170ms.
        assert_eq!(est.rtt().as_micros(), 90_000);
        assert_eq!(est.rto().as_micros(), 170_000);
        for _ in 0..200 {
            est.sample(Duration::from_millis(1));
        }
        // Variation decays; the 10 ms floor keeps the timeout above the RTT.
        assert!(est.rto() >= est.rtt() + MIN_RTTV_TERM);
        assert!(est.rto() < Duration::from_millis(15));
    }

    #[test]
    fn rto_is_capped() {
        let mut est = RtoEstimator::default();
        for _ in 0..50 {
            est.sample(Duration::from_secs(5));
        }
        assert_eq!(est.rto(), MAX_RTO);
    }

    #[test]
    fn oldest_is_resent_after_rto_then_given_up() {
        let t0 = Instant::now();
        let mut q = OutgoingQueue::new(2);
        let s0 = q.take_seq();
        let s1 = q.take_seq();
        q.push(s0, vec![0], t0);
        q.push(s1, vec![1], t0);
        assert_eq!(q.on_tick(t0 + Duration::from_millis(100)), ResendDecision::Idle);
        let t = t0 + Duration::from_millis(201);
        assert_eq!(q.on_tick(t), ResendDecision::Resend { seq: 0, bytes: vec![0] });
        // Just resent: not due again until another RTO has passed.
        assert_eq!(q.on_tick(t + Duration::from_millis(100)), ResendDecision::Idle);
        let t = t + Duration::from_millis(201);
        assert!(matches!(q.on_tick(t), ResendDecision::Resend { seq: 0, .. }));
        let t = t + Duration::from_millis(201);
        assert_eq!(q.on_tick(t), ResendDecision::GiveUp { seq: 0, resends: 2 });
        assert_eq!(q.total_resends(), 2);
    }

    #[test]
    fn acks_match_by_sequence_and_sample_rtt() {
        let t0 = Instant::now();
        let mut q = OutgoingQueue::new(10);
        for _ in 0..3 {
            let s = q.take_seq();
            q.push(s, vec![s as u8], t0);
        }
        assert!(q.acknowledge(1, t0 + Duration::from_millis(20)));
        assert!(!q.acknowledge(1, t0 + Duration::from_millis(20)));
        assert_eq!(q.len(), 2);
        assert_eq!(q.rto(), Duration::from_millis(170));
        let seqs: Vec<i64> = q.pending().map(|u| u.seq).collect();
        assert_eq!(seqs, vec![0, 2]);
    }
}
