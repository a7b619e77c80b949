//! Carrying out one load: the loader's calls for it, each described batch of a list sent as
//! it arrives, then the whole answer. Never sees `State`.
use super::Reply;
use super::jobs::JobId;
use crate::api::{ApiError, Batch, Clients, ErrorKind, Identity, Loaded, Loader};
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
        Load::Identity => Payload::Identity(identity(clients).await?),
        Load::Scaling { cluster, service } => {
            Payload::Scaling(clients.scaling.scalable_target(cluster.clone(), service.clone()).await?)
        }
    })
}

/// Who we are (STS), then the account's alias (IAM). The alias is a nicety many roles may not
/// read: when ListAccountAliases fails the identity comes without it, never as a failure.
async fn identity(clients: &Clients) -> Result<Identity, ApiError> {
    // Both at once: a slow or unreachable IAM must not hold the account id back.
    let (id, alias) = tokio::join!(clients.sts.identity(), clients.iam.account_alias());
    let mut id = id?;
    match alias {
        Ok(alias) => id.alias = alias,
        Err(e) if e.kind == ErrorKind::AccessDenied => {
            tracing::debug!(error = %e, "the account alias is not readable with these credentials");
        }
        Err(e) => tracing::warn!(error = %e, "the account alias could not be read"),
    }
    Ok(id)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{ApiResult, IamApi};
    use crate::fixtures;
    use crate::model::ScalableTarget;
    use crate::sim::{ACCOUNT, ACCOUNT_ALIAS, SimOptions, Simulator};
    use async_trait::async_trait;
    use std::sync::Arc;

    /// IAM refusing or failing ListAccountAliases.
    struct NoAlias(ErrorKind);

    #[async_trait]
    impl IamApi for NoAlias {
        async fn account_alias(&self) -> ApiResult<Option<String>> {
            Err(ApiError::new(self.0, "not authorized to perform: iam:ListAccountAliases"))
        }
    }

    fn sim() -> Arc<Simulator> {
        Arc::new(Simulator::demo_at(SimOptions::default(), fixtures::now()))
    }

    async fn load(clients: &Clients, load: Load) -> Result<Payload, ApiError> {
        let sim = sim();
        let (tx, _rx) = tokio::sync::mpsc::unbounded_channel();
        fetch(&Loader::new(sim, 1), clients, 1, 1, &load, &tx).await
    }

    #[tokio::test]
    async fn the_identity_comes_with_the_account_alias() {
        let clients = sim().clients();
        let Ok(Payload::Identity(id)) = load(&clients, Load::Identity).await else { panic!("an identity") };
        assert_eq!((id.account.as_deref(), id.alias.as_deref()), (Some(ACCOUNT), Some(ACCOUNT_ALIAS)));
    }

    #[tokio::test]
    async fn an_unreadable_alias_never_fails_the_identity() {
        for kind in [ErrorKind::AccessDenied, ErrorKind::Network, ErrorKind::Throttled] {
            let clients = Clients { iam: Arc::new(NoAlias(kind)), ..sim().clients() };
            let Ok(Payload::Identity(id)) = load(&clients, Load::Identity).await else { panic!("an identity") };
            assert_eq!((id.account.as_deref(), id.alias), (Some(ACCOUNT), None), "{kind:?}");
        }
    }

    /// The real SDK refused by IAM, as a role without `iam:ListAccountAliases` is.
    fn denied_iam() -> crate::aws::SdkIam {
        use aws_sdk_iam::config::{BehaviorVersion, Credentials, Region};
        use aws_smithy_mocks::{MockResponseInterceptor, RuleMode, create_mock_http_client, mock};
        let body = "<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>User: \
                    arn:aws:sts::123456789012:assumed-role/ReadOnly/sre is not authorized to perform: \
                    iam:ListAccountAliases on resource: *</Message></Error></ErrorResponse>";
        let rule = mock!(aws_sdk_iam::Client::list_account_aliases)
            .sequence()
            .http_status(403, Some(body.to_string()))
            .build();
        let conf = aws_sdk_iam::Config::builder()
            .behavior_version(BehaviorVersion::latest())
            .region(Region::new("eu-west-1"))
            .credentials_provider(Credentials::new("testing", "testing", None, None, "bosun-tests"))
            .http_client(create_mock_http_client())
            .interceptor(MockResponseInterceptor::new().rule_mode(RuleMode::Sequential).with_rule(&rule))
            .build();
        crate::aws::SdkIam::from_client(aws_sdk_iam::Client::from_conf(conf), None)
    }

    #[tokio::test]
    async fn an_alias_refused_by_iam_leaves_the_identity_without_it() {
        let iam = denied_iam();
        let refused = iam.account_alias().await.expect_err("denied");
        assert_eq!(refused.kind, ErrorKind::AccessDenied, "{refused}");
        let clients = Clients { iam: Arc::new(denied_iam()), ..sim().clients() };
        let Ok(Payload::Identity(id)) = load(&clients, Load::Identity).await else { panic!("an identity") };
        assert_eq!((id.account.as_deref(), id.alias), (Some(ACCOUNT), None));
    }

    #[tokio::test]
    async fn scaling_loads_a_target_or_none() {
        let clients = sim().clients();
        let api = Load::Scaling { cluster: "prod".into(), service: "api".into() };
        let want = ScalableTarget { min: 2, max: 10, ..Default::default() };
        assert_eq!(load(&clients, api).await, Ok(Payload::Scaling(Some(want))));
        let worker = Load::Scaling {
            cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
            service: "arn:aws:ecs:eu-west-1:123456789012:service/prod/worker".into(),
        };
        assert_eq!(load(&clients, worker).await, Ok(Payload::Scaling(None)));
    }
}
