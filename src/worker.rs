//! Runs `Effect::Load`s on tokio tasks and sends the replies back as messages. Never touches
//! state; concurrency and pagination are the loader's.
use crate::api::{Clients, Loader, StsApi};
use crate::state::{Load, Msg, Payload, ReqId};
use tokio::sync::mpsc::UnboundedSender;

#[derive(Clone)]
pub struct Worker {
    loader: Loader,
    clients: Clients,
    tx: UnboundedSender<Msg>,
}

impl Worker {
    /// ECS loads go through one loader of `concurrency` calls at a time; the other services'
    /// calls go to their client in `clients`.
    pub fn new(clients: Clients, concurrency: usize, tx: UnboundedSender<Msg>) -> Self {
        Self { loader: Loader::new(clients.ecs.clone(), concurrency), clients, tx }
    }

    pub fn spawn(&self, req: ReqId, load: Load) {
        let loader = self.loader.clone();
        let sts = self.clients.sts.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = run(&loader, sts.as_ref(), &load).await;
            if let Err(e) = &result {
                tracing::warn!(?load, error = %e, "load failed");
            }
            // The loop may be gone (quitting): nothing to do then.
            let _ = tx.send(Msg::Loaded { req, load, result });
        });
    }
}

pub async fn run(loader: &Loader, sts: &dyn StsApi, load: &Load) -> Result<Payload, crate::api::ApiError> {
    Ok(match load {
        Load::Clusters => Payload::Clusters(loader.clusters().await?),
        Load::Services { cluster } => Payload::Services(loader.services(cluster).await?),
        Load::Tasks { cluster, filter } => Payload::Tasks(loader.tasks(cluster, filter).await?),
        Load::Task { cluster, arn } => Payload::Task(loader.task(cluster, arn).await?),
        Load::Identity => Payload::Identity(sts.identity().await?),
    })
}
