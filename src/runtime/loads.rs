//! Carrying out one load: the loader's calls for it, each described batch of a list sent as
//! it arrives, then the whole answer. Never sees `State`.
use super::Reply;
use super::jobs::JobId;
use crate::api::{ApiError, Loader};
use crate::state::{Load, Msg, Payload, ReqId};
use tokio::sync::mpsc::UnboundedSender;

pub async fn run(loader: Loader, job: JobId, req: ReqId, load: Load, tx: UnboundedSender<Reply>) {
    let result = fetch(&loader, &load).await;
    if let Err(e) = &result {
        tracing::warn!(?load, error = %e, "load failed");
    }
    // The loop may be gone (quitting): nothing to do then.
    let _ = tx.send(Reply::Job { job, msg: Msg::Loaded { req, load, result }, last: true });
}

async fn fetch(loader: &Loader, load: &Load) -> Result<Payload, ApiError> {
    Ok(match load {
        Load::Clusters => Payload::Clusters(loader.clusters().await?),
        Load::Services { cluster } => Payload::Services(loader.services(cluster).await?),
        Load::Tasks { cluster, filter } => Payload::Tasks(loader.tasks(cluster, filter).await?),
        Load::Task { cluster, arn } => Payload::Task(loader.task(cluster, arn).await?),
        Load::Identity => Payload::Identity(loader.api().identity().await?),
    })
}
