//! The runtime carries out effects and owns every handle that is not data: the connection
//! (AWS clients and the loader), the registry of live jobs, and the way replies come back.
//! `update` decides; the runtime does. Replies are tagged with their job so a stopped job's
//! late message is dropped here, before it reaches `update`.
pub mod inbox;
mod input;
pub mod jobs;
mod loads;
mod logfiles;
#[cfg(test)]
mod tail_tests;
mod tails;
#[cfg(test)]
mod write_tests;
pub mod writes;

pub use input::Input;
pub use jobs::{JobId, JobKey, Jobs};
pub use writes::Writer;

use crate::api::{ApiError, Clients, Loader};
use crate::connect::{Backend, Connection, connect, profile_names};
use crate::state::{Effect, Load, Msg, ReqId};
use tokio::sync::mpsc;

/// What comes back to the loop from the runtime's tasks.
pub enum Reply {
    /// A job's message; `last`: the job is done.
    Job { job: JobId, msg: Msg, last: bool },
    /// A connect finished (the runtime keeps the clients; `update` hears only the outcome).
    Connected { req: ReqId, profile: Option<String>, region: Option<String>, result: Result<Connection, ApiError> },
    /// Anything else for `update` (profile names).
    Msg(Msg),
}

pub struct Runtime {
    backend: Backend,
    concurrency: usize,
    /// The clients of the current connection and the loader over their ECS client.
    conn: Option<(Clients, Loader)>,
    /// The newest connect asked for: only its answer is installed.
    connecting: Option<ReqId>,
    pub jobs: Jobs,
    /// Carries out confirmed changes (read-only refusal, identity, journal).
    writer: Writer,
    tx: mpsc::UnboundedSender<Reply>,
}

impl Runtime {
    pub fn new(backend: Backend, concurrency: usize, writer: Writer) -> (Runtime, mpsc::UnboundedReceiver<Reply>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let rt = Runtime { backend, concurrency, conn: None, connecting: None, jobs: Jobs::default(), writer, tx };
        (rt, rx)
    }

    /// Profile names for `:profile` completion, read in the background.
    pub fn list_profiles(&self) {
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Reply::Msg(Msg::Profiles(profile_names().await)));
        });
    }

    /// Carry out one effect. Returns false for `Quit`.
    pub fn run(&mut self, effect: Effect) -> bool {
        match effect {
            Effect::Load { req, load, owner } => self.load(req, load, owner),
            Effect::StopJobs { owner } => {
                let n = self.jobs.stop_owner(owner);
                tracing::debug!(owner, stopped = n, "view left: its jobs stopped");
            }
            Effect::StopAll => self.jobs.stop_all(),
            Effect::Connect { req, profile, region } => {
                self.connecting = Some(req);
                let backend = self.backend.clone();
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = connect(&backend, profile.clone(), region.clone()).await;
                    let _ = tx.send(Reply::Connected { req, profile, region, result });
                });
            }
            Effect::Write(w) => {
                let clients = self.conn.as_ref().map(|(c, _)| c.clone());
                self.writer.spawn(clients, *w, self.tx.clone());
            }
            Effect::Tail { tail, owner, target, range, pattern } => {
                let spec = crate::tail::Spec { target, range, pattern };
                let clients = self.conn.as_ref().map(|(c, _)| c.clone());
                tails::start(&mut self.jobs, &self.backend, clients, tail, owner, spec, self.tx.clone());
            }
            Effect::StopTail { tail } => {
                // Dropping the job's task closes its Live Tail session (billed per minute).
                self.jobs.stop_key(&JobKey::Tail(tail));
            }
            Effect::SaveLog { name, lines } => {
                // Beside the journal, in the state directory.
                let dir = self.writer.journal.path().parent().map(|d| d.to_path_buf()).unwrap_or_default();
                logfiles::save(dir, name, lines, self.tx.clone());
            }
            Effect::CopyText { text } => logfiles::copy(&text),
            Effect::Quit => return false,
        }
        true
    }

    fn load(&mut self, req: ReqId, load: Load, owner: u64) {
        if load == Load::Journal {
            // A local file: no connection needed.
            let (journal, tx) = (self.writer.journal.clone(), self.tx.clone());
            self.jobs.start(owner, JobKey::Load(load), move |job| loads::journal(journal, job, req, tx));
            return;
        }
        let Some((clients, loader)) = self.conn.clone() else {
            tracing::warn!(?load, "load before connecting");
            return;
        };
        let tx = self.tx.clone();
        let key = JobKey::Load(load.clone());
        self.jobs.start(owner, key, move |job| loads::run(loader, clients, job, req, load, tx));
    }

    /// Take a reply in: keep what is the runtime's (clients, job bookkeeping) and hand on the
    /// message for `update`, if any.
    pub fn accept(&mut self, reply: Reply) -> Option<Msg> {
        match reply {
            Reply::Job { job, msg, last } => {
                if !self.jobs.is_live(job) {
                    return None;
                }
                if last {
                    self.jobs.finished(job);
                }
                Some(msg)
            }
            Reply::Connected { req, profile, region, result } => {
                if self.connecting != Some(req) {
                    tracing::debug!(req, "dropped an older connect's answer");
                    return None;
                }
                self.connecting = None;
                let result = result.map(|conn| {
                    let shown = (conn.profile.clone().or(profile.clone()), conn.region.clone().or(region.clone()));
                    let loader = Loader::new(conn.clients.ecs.clone(), self.concurrency);
                    self.conn = Some((conn.clients, loader));
                    shown
                });
                Some(match result {
                    Ok((profile, region)) => Msg::Connected { req, profile, region, result: Ok(()) },
                    Err(e) => Msg::Connected { req, profile, region, result: Err(e) },
                })
            }
            Reply::Msg(m) => Some(m),
        }
    }
}
