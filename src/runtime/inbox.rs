//! Taking messages in, keys first. After the message that woke the loop, what is already
//! queued is applied in one bounded slice — every waiting key, then replies until a count or
//! time budget is spent — so a flood of replies never delays a key or a frame. What is left
//! waits for the next turn of the loop.
use super::{Reply, Runtime};
use crate::model::Time;
use crate::state::{Effect, Msg, State};
use crate::update::update;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::UnboundedReceiver;

/// Most replies applied between two frames.
pub const DRAIN_MAX: usize = 512;
/// Longest time spent applying replies between two frames.
pub const DRAIN_TIME: Duration = Duration::from_millis(4);

/// The next message: a key whenever one is waiting, else a reply. `None`: the reply was the
/// runtime's own business (or from a stopped job) and there is nothing for `update`.
pub async fn next(
    keys: &mut UnboundedReceiver<Msg>,
    replies: &mut UnboundedReceiver<Reply>,
    runtime: &mut Runtime,
) -> Option<Msg> {
    tokio::select! {
        biased;
        Some(msg) = keys.recv() => Some(msg),
        Some(reply) = replies.recv() => runtime.accept(reply),
        // Both closed: only signals and timers can wake the loop now.
        else => std::future::pending().await,
    }
}

/// Apply every key already typed, then a bounded slice of queued replies (checking for keys
/// between replies). Returns the effects in order.
pub fn drain(
    state: &mut State,
    keys: &mut UnboundedReceiver<Msg>,
    replies: &mut UnboundedReceiver<Reply>,
    runtime: &mut Runtime,
    now: impl Fn() -> Time,
) -> Vec<Effect> {
    let start = Instant::now();
    let mut effects = Vec::new();
    let mut taken = 0;
    loop {
        while let Ok(msg) = keys.try_recv() {
            effects.extend(update(state, msg, now()));
        }
        if taken >= DRAIN_MAX || start.elapsed() >= DRAIN_TIME {
            break;
        }
        let Ok(reply) = replies.try_recv() else { break };
        taken += 1;
        if let Some(msg) = runtime.accept(reply) {
            effects.extend(update(state, msg, now()));
        }
    }
    effects
}
