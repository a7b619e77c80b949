//! Carrying out one confirmed change: refuse it in read-only mode (again: the guard already
//! did), know who is calling (STS, cached per profile, checked against the account the confirm
//! showed), make sure the journal can take it, send the one call, journal the outcome, answer.
//! A write is not a job: leaving a view or switching profile never abandons a change half-way
//! or loses its journal entry.
use super::Reply;
use crate::api::{ApiError, Clients, ErrorKind, Identity};
use crate::audit::{Entry, Journal};
use crate::mutation::{Call, cluster_state, service_state, task_state};
use crate::state::{Msg, Write};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tokio::sync::mpsc::UnboundedSender;

/// Caller identities by profile (`None`: the default chain), for the journal.
pub type Identities = Arc<Mutex<HashMap<Option<String>, Identity>>>;

/// What every write needs besides its request.
#[derive(Clone)]
pub struct Writer {
    pub read_only: bool,
    pub journal: Journal,
    pub identities: Identities,
}

fn refused(message: String) -> ApiError {
    ApiError::new(ErrorKind::Other, message)
}

impl Writer {
    pub fn new(read_only: bool, journal: Journal) -> Writer {
        Writer { read_only, journal, identities: Arc::default() }
    }

    /// Carry out `w` with `clients` (None: not connected) and answer `Msg::Wrote` on `tx`.
    pub fn spawn(&self, clients: Option<Clients>, w: Write, tx: UnboundedSender<Reply>) {
        let writer = self.clone();
        tokio::spawn(async move {
            let (req, mutation) = (w.req, w.mutation.clone());
            let result = writer.write(clients, w).await;
            let _ = tx.send(Reply::Msg(Msg::Wrote { req, mutation, result }));
        });
    }

    /// Everything but the answer's delivery (tests call this directly).
    pub async fn write(&self, clients: Option<Clients>, w: Write) -> Result<String, ApiError> {
        if self.read_only {
            return Err(refused(w.mutation.read_only_refusal()));
        }
        let Some(clients) = clients else {
            return Err(refused("not connected: nothing was sent".into()));
        };
        let who = self.identity(&clients, &w.profile).await?;
        if let (Some(shown), Some(now)) = (&w.account, &who.account)
            && shown != now
        {
            return Err(refused(format!(
                "the credentials now belong to account {now}, not {shown} as the confirm showed: nothing was sent"
            )));
        }
        self.journal
            .check()
            .map_err(|e| refused(format!("{e}: nothing was sent (a change that cannot be journaled is not made)")))?;
        let call = w.mutation.call();
        let outcome = send(&clients, call.clone()).await;
        let entry = Entry {
            time: Entry::time_of(chrono::Utc::now()),
            account: who.account.clone(),
            caller_arn: who.arn.clone(),
            profile: w.profile.clone(),
            region: w.region.clone(),
            action: w.mutation.iam_action().to_string(),
            target: w.mutation.target().to_string(),
            before: json!({ "request": call.params(), "target": w.before }),
            after: outcome.as_ref().map(|(v, _)| v.clone()).unwrap_or(Value::Null),
            result: Entry::result_of(&outcome),
        };
        let journaled = self.journal.append(&entry);
        match (outcome, journaled) {
            (Ok((_, words)), Ok(())) => Ok(words),
            (Ok((_, words)), Err(e)) => {
                tracing::error!(error = %e, "a change was made but not journaled");
                Err(refused(format!("{words} — made in AWS, but {e}")))
            }
            (Err(e), journaled) => {
                if let Err(j) = journaled {
                    tracing::error!(error = %j, "a failed change was not journaled");
                }
                Err(e)
            }
        }
    }

    /// Who the credentials of this connection are, asked once per profile.
    async fn identity(&self, clients: &Clients, profile: &Option<String>) -> Result<Identity, ApiError> {
        if let Some(id) = self.identities.lock().ok().and_then(|m| m.get(profile).cloned()) {
            return Ok(id);
        }
        let id = clients.sts.identity().await.map_err(|e| {
            refused(format!(
                "cannot tell who is making the change (sts:GetCallerIdentity: {}): nothing was sent",
                e.message
            ))
        })?;
        if let Ok(mut m) = self.identities.lock() {
            m.insert(profile.clone(), id.clone());
        }
        Ok(id)
    }
}

/// The one call, and what AWS answered: the changed object's fields and a few words.
async fn send(clients: &Clients, call: Call) -> Result<(Value, String), ApiError> {
    match call {
        Call::UpdateService(u) => {
            let s = clients.ecs.update_service(u).await?;
            let words = format!("{} wants {} task(s) of {}", s.name, s.desired, s.task_definition_short());
            Ok((service_state(&s), words))
        }
        Call::PutClusterCapacityProviders { cluster, providers, strategy } => {
            let c = clients.ecs.put_cluster_capacity_providers(cluster, providers, strategy).await?;
            let words = format!("{} default strategy is {}", c.name, c.default_strategy.short());
            Ok((cluster_state(&c), words))
        }
        Call::StopTask { cluster, task, reason } => {
            let t = clients.ecs.stop_task(cluster, task, reason).await?;
            let words = format!("task {} is {}", t.short_id(), t.last_status);
            Ok((task_state(&t), words))
        }
        Call::StopServiceDeployment { arn, stop_type } => {
            let stopped = clients.ecs.stop_service_deployment(arn, stop_type).await?;
            Ok((json!({ "serviceDeploymentArn": stopped }), "ECS is rolling back".into()))
        }
    }
}
