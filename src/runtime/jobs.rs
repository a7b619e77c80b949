//! The registry of live jobs: every long-lived piece of work (a load today; log tails and exec
//! sessions later) runs as a tokio task registered here under an id, the view that owns it and
//! a key saying what it does. A newer job with the same key replaces the older one; leaving a
//! view stops its jobs; a profile or region switch stops them all.
use crate::state::{Load, ReqId, ViewId};
use std::collections::HashMap;
use std::future::Future;
use tokio::task::AbortHandle;

pub type JobId = u64;

/// What a job does; two jobs with the same key would do the same work.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum JobKey {
    Load(Load),
    /// A log tail, by the id `Effect::Tail` gave it.
    Tail(ReqId),
}

#[derive(Debug)]
struct Job {
    owner: ViewId,
    key: JobKey,
    handle: AbortHandle,
}

#[derive(Debug, Default)]
pub struct Jobs {
    next: JobId,
    live: HashMap<JobId, Job>,
}

impl Jobs {
    /// Start `work` (given its own id) for `owner`, replacing a live job with the same key.
    pub fn start<F>(&mut self, owner: ViewId, key: JobKey, work: impl FnOnce(JobId) -> F) -> JobId
    where
        F: Future<Output = ()> + Send + 'static,
    {
        if let Some(old) = self.live.iter().find(|(_, j)| j.key == key).map(|(id, _)| *id) {
            self.stop(old);
        }
        self.next += 1;
        let id = self.next;
        let handle = tokio::spawn(work(id)).abort_handle();
        self.live.insert(id, Job { owner, key, handle });
        id
    }

    /// The job said it is done.
    pub fn finished(&mut self, id: JobId) {
        self.live.remove(&id);
    }

    /// Whether `id` is still registered (a message from a stopped job is dropped).
    pub fn is_live(&self, id: JobId) -> bool {
        self.live.contains_key(&id)
    }

    pub fn stop(&mut self, id: JobId) {
        if let Some(job) = self.live.remove(&id) {
            job.handle.abort();
            // A tail holds a Live Tail session (billed per minute): its end is worth a record.
            if let JobKey::Tail(tail) = job.key {
                tracing::info!(tail, owner = job.owner, "log tail stopped: its Live Tail session or polling ends");
            }
        }
    }

    /// Whether a job doing `key` runs.
    pub fn is_live_key(&self, key: &JobKey) -> bool {
        self.live.values().any(|j| j.key == *key)
    }

    /// Stop the job doing `key`, if one runs; answers whether one did.
    pub fn stop_key(&mut self, key: &JobKey) -> bool {
        let found = self.live.iter().find(|(_, j)| j.key == *key).map(|(id, _)| *id);
        found.inspect(|id| self.stop(*id)).is_some()
    }

    /// Stop every job of `owner`; returns how many were stopped.
    pub fn stop_owner(&mut self, owner: ViewId) -> usize {
        let ids: Vec<JobId> = self.live.iter().filter(|(_, j)| j.owner == owner).map(|(id, _)| *id).collect();
        ids.iter().for_each(|id| self.stop(*id));
        ids.len()
    }

    pub fn stop_all(&mut self) {
        let ids: Vec<JobId> = self.live.keys().copied().collect();
        ids.into_iter().for_each(|id| self.stop(id));
    }

    pub fn len(&self) -> usize {
        self.live.len()
    }

    pub fn is_empty(&self) -> bool {
        self.live.is_empty()
    }

    pub fn owned_by(&self, owner: ViewId) -> usize {
        self.live.values().filter(|j| j.owner == owner).count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::oneshot;

    /// A job that holds `guard` until it is stopped (the guard's drop tells the test).
    async fn hold(guard: oneshot::Sender<()>) {
        let _guard = guard;
        std::future::pending::<()>().await;
    }

    #[tokio::test]
    async fn leaving_a_view_stops_its_jobs_only() {
        let mut jobs = Jobs::default();
        let (a_tx, a_rx) = oneshot::channel::<()>();
        let (b_tx, mut b_rx) = oneshot::channel::<()>();
        jobs.start(1, JobKey::Load(Load::Clusters), |_| hold(a_tx));
        jobs.start(2, JobKey::Load(Load::Services { cluster: "prod".into() }), |_| hold(b_tx));
        assert_eq!(jobs.stop_owner(1), 1);
        // The stopped job's task is dropped: its end of the channel closes.
        assert!(a_rx.await.is_err(), "the job of the view that was left was stopped");
        assert_eq!(jobs.owned_by(2), 1);
        assert!(b_rx.try_recv().is_err_and(|e| e == oneshot::error::TryRecvError::Empty), "the other job runs on");
        jobs.stop_all();
        assert!(b_rx.await.is_err());
        assert!(jobs.is_empty());
    }

    #[tokio::test]
    async fn a_newer_job_for_the_same_work_replaces_the_older() {
        let mut jobs = Jobs::default();
        let (old_tx, old_rx) = oneshot::channel::<()>();
        let (new_tx, _new_rx) = oneshot::channel::<()>();
        let old = jobs.start(1, JobKey::Load(Load::Clusters), |_| hold(old_tx));
        let new = jobs.start(1, JobKey::Load(Load::Clusters), |_| hold(new_tx));
        assert!(old_rx.await.is_err());
        assert!(!jobs.is_live(old));
        assert!(jobs.is_live(new));
        assert_eq!(jobs.len(), 1);
    }
}
