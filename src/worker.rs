//! Runs `Effect::Load`s on tokio tasks and sends the replies back as messages. Never touches
//! state; concurrency and pagination are the loader's.
use crate::api::Loader;
use crate::state::{Load, Msg, Payload, ReqId};
use tokio::sync::mpsc::UnboundedSender;

#[derive(Clone)]
pub struct Worker {
    loader: Loader,
    tx: UnboundedSender<Msg>,
}

impl Worker {
    pub fn new(loader: Loader, tx: UnboundedSender<Msg>) -> Self {
        Self { loader, tx }
    }

    pub fn spawn(&self, req: ReqId, load: Load) {
        let loader = self.loader.clone();
        let tx = self.tx.clone();
        tokio::spawn(async move {
            let result = run(&loader, &load).await;
            if let Err(e) = &result {
                tracing::warn!(?load, error = %e, "load failed");
            }
            // The loop may be gone (quitting): nothing to do then.
            let _ = tx.send(Msg::Loaded { req, load, result });
        });
    }
}

pub async fn run(loader: &Loader, load: &Load) -> Result<Payload, crate::api::ApiError> {
    Ok(match load {
        Load::Clusters => Payload::Clusters(loader.clusters().await?),
        Load::Services { cluster } => Payload::Services(loader.services(cluster).await?),
        Load::Tasks { cluster, filter } => Payload::Tasks(loader.tasks(cluster, filter).await?),
        Load::Task { cluster, arn } => Payload::Task(loader.task(cluster, arn).await?),
        Load::Identity => Payload::Identity(loader.api().identity().await?),
    })
}
