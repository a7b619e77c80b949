//! Log tails as jobs: `Effect::Tail` starts the tail engine (`crate::tail`) under
//! `JobKey::Tail(id)`, owned by the view that asked, and its batches come back as `Msg::Log`,
//! its end as `Msg::TailEnded`. Stopping the job (`StopTail`, leaving the view, a profile
//! switch) drops the engine and with it any Live Tail session.
use super::{JobKey, Jobs, Reply};
use crate::api::{ApiError, Clients, ErrorKind};
use crate::connect::Backend;
use crate::state::{Msg, ReqId, ViewId};
use crate::tail::{self, Clock, Config, Out, Spec};
use std::sync::Arc;
use tokio::sync::mpsc;

/// The clock ranges are reckoned with: the simulator's in the demo (its lines carry its
/// time), the wall clock otherwise.
pub fn clock(backend: &Backend) -> Clock {
    match backend {
        Backend::Demo(sim) => {
            let sim = sim.clone();
            Arc::new(move || sim.now())
        }
        Backend::Aws(_) => Arc::new(chrono::Utc::now),
    }
}

pub fn start(
    jobs: &mut Jobs,
    backend: &Backend,
    clients: Option<Clients>,
    tail: ReqId,
    owner: ViewId,
    spec: Spec,
    tx: mpsc::UnboundedSender<Reply>,
) {
    let Some(clients) = clients else {
        let e = ApiError::new(ErrorKind::Other, "not connected to AWS yet: the log tail cannot start");
        let _ = tx.send(Reply::Msg(Msg::TailEnded { tail, result: Err(e) }));
        return;
    };
    let clock = clock(backend);
    tracing::info!(
        tail,
        owner,
        label = %spec.target.label,
        groups = ?spec.target.groups,
        range = %crate::views::logs::range_words(&spec.range),
        "log tail started"
    );
    jobs.start(owner, JobKey::Tail(tail), move |job| async move {
        let out = move |o: Out| {
            let (msg, last) = match o {
                Out::Log { events, status } => (Msg::Log { tail, events, status }, false),
                Out::Ended(result) => {
                    match &result {
                        Ok(()) => tracing::info!(tail, "log tail ended: its range is read"),
                        Err(e) => tracing::info!(tail, error = %e, "log tail ended"),
                    }
                    (Msg::TailEnded { tail, result }, true)
                }
            };
            let _ = tx.send(Reply::Job { job, msg, last });
        };
        tail::run(clients.logs, spec, Config::default(), clock, out).await;
    });
}
