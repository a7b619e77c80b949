//! Carrying out one load: the loader's calls for it, each described batch of a list sent as
//! it arrives, then the whole answer. Never sees `State`.
use super::Reply;
use super::jobs::JobId;
use crate::api::{ApiError, Batch, Clients, Loaded, Loader};
use crate::state::{Load, Msg, Payload, Progress, ReqId};
use tokio::sync::mpsc::UnboundedSender;

pub async fn run(loader: Loader, clients: Clients, job: JobId, req: ReqId, load: Load, tx: UnboundedSender<Reply>) {
    let result = fetch(&loader, &clients, job, req, &load, &tx).await;
    if let Err(e) = &result {
        tracing::warn!(?load, error = %e, "load failed");
    }
    // The loop may be gone (quitting): nothing to do then.
    let _ = tx.send(Reply::Job { job, msg: Msg::Loaded { req, load, result }, last: true });
}

async fn fetch(
    loader: &Loader,
    clients: &Clients,
    job: JobId,
    req: ReqId,
    load: &Load,
    tx: &UnboundedSender<Reply>,
) -> Result<Payload, ApiError> {
    // Each batch goes to the loop as it is described, so a long list shows its first rows.
    let send = |payload: Payload, b: (usize, usize, bool)| {
        let progress = Progress { described: b.0, listed: b.1, listing_done: b.2 };
        let msg = Msg::Batch { req, load: load.clone(), payload, progress };
        let _ = tx.send(Reply::Job { job, msg, last: false });
    };
    fn parts<T>(b: Batch<T>) -> (Loaded<T>, (usize, usize, bool)) {
        (Loaded { items: b.items, failures: b.failures }, (b.described, b.listed, b.listing_done))
    }
    Ok(match load {
        Load::Clusters => Payload::Clusters(
            loader
                .clusters_with(&|b| {
                    let (l, p) = parts(b);
                    send(Payload::Clusters(l), p)
                })
                .await?,
        ),
        Load::Services { cluster } => Payload::Services(
            loader
                .services_with(cluster, &|b| {
                    let (l, p) = parts(b);
                    send(Payload::Services(l), p)
                })
                .await?,
        ),
        Load::Tasks { cluster, filter } => Payload::Tasks(
            loader
                .tasks_with(cluster, filter, &|b| {
                    let (l, p) = parts(b);
                    send(Payload::Tasks(l), p)
                })
                .await?,
        ),
        Load::Task { cluster, arn } => Payload::Task(loader.task(cluster, arn).await?),
        Load::Ongoing { cluster, service } => {
            Payload::Ongoing(loader.service_deployments(cluster, service, &["PENDING", "IN_PROGRESS"]).await?.items)
        }
        Load::Identity => Payload::Identity(clients.sts.identity().await?),
    })
}
