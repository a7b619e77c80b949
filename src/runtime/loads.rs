//! Carrying out one load: the loader's calls for it, each described batch of a list sent as
//! it arrives, then the whole answer; or, for the audit journal, reading the local file on a
//! blocking thread. Never sees `State`.
use super::Reply;
use super::jobs::JobId;
use crate::api::{ApiError, Batch, Clients, ErrorKind, Identity, Loaded, Loader};
use crate::audit::Journal;
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

/// Entries the journal view holds at most: years of changes for most teams, and a bound on
/// what one read keeps in memory; the view says when older ones are left out.
pub const JOURNAL_LIMIT: usize = 5_000;

/// Read the journal off the loop (file IO blocks) and answer like any load.
pub async fn journal(journal: Journal, job: JobId, req: ReqId, tx: UnboundedSender<Reply>) {
    let result = match tokio::task::spawn_blocking(move || journal_page(&journal, JOURNAL_LIMIT)).await {
        Ok(r) => r,
        Err(e) => Err(ApiError::new(ErrorKind::Other, format!("reading the audit journal stopped: {e}"))),
    };
    if let Err(e) = &result {
        tracing::warn!(error = %e, "journal read failed");
    }
    let _ = tx.send(Reply::Job { job, msg: Msg::Loaded { req, load: Load::Journal, result }, last: true });
}

/// The journal's newest `limit` entries as a load's answer (what the runtime runs, blocking).
pub fn journal_page(journal: &Journal, limit: usize) -> Result<Payload, ApiError> {
    journal.read_page(limit).map(Payload::Journal).map_err(|e| {
        ApiError::new(ErrorKind::Other, e.to_string()).with_hint(
            "bosun writes the journal for your user only (mode 0600): check the file's owner and permissions",
        )
    })
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
        Load::Journal => return Err(ApiError::new(ErrorKind::Other, "the journal is not an AWS load")),
        Load::Scaling { cluster, service } => {
            Payload::Scaling(clients.scaling.scalable_target(cluster.clone(), service.clone()).await?)
        }
        Load::TaskDefinition { arn } => Payload::TaskDefinition(Box::new(loader.task_definition(arn).await?)),
        Load::CapacityProviders { cluster } => {
            Payload::CapacityProviders(loader.cluster_capacity_providers(cluster).await?)
        }
        Load::ContainerInstances { cluster } => Payload::ContainerInstances(
            loader
                .container_instances_with(cluster, &|b| {
                    let (l, p) = parts(b);
                    send(Payload::ContainerInstances(l), p)
                })
                .await?,
        ),
        // Every status: an empty filter lists them all.
        Load::Deployments { cluster, service } => {
            Payload::Deployments(loader.service_deployments(cluster, service, &[]).await?)
        }
        Load::Alarms => Payload::Alarms(crate::api::cloudwatch::all_alarms(clients.cloudwatch.as_ref()).await?),
        Load::AlarmHistory { name } => Payload::AlarmHistory(clients.cloudwatch.alarm_history(name.clone()).await?),
        Load::Metrics { queries } => {
            // The last three hours, to the minute, so the newest period is a whole one.
            let now = chrono::Utc::now();
            let end = now - chrono::Duration::seconds(now.timestamp().rem_euclid(60));
            let start = end - chrono::Duration::seconds(crate::model::metrics::WINDOW_SECS);
            Payload::Metrics(
                crate::api::cloudwatch::metric_set(clients.cloudwatch.as_ref(), queries.clone(), start, end).await?,
            )
        }
        Load::Discovery { arn } => {
            Payload::Discovery(Box::new(crate::api::discovery::registry(&*clients.discovery, arn).await?))
        }
        Load::ServiceRevisions { arns } => Payload::ServiceRevisions(loader.service_revisions(arns).await?),
        Load::TargetHealth { arns } => {
            Payload::TargetHealth(crate::api::elb::target_health(clients.elb.as_ref(), arns).await)
        }
        Load::ScalingDetail { cluster, service } => Payload::ScalingDetail(Box::new(
            crate::api::scaling::detail(clients.scaling.as_ref(), cluster, service).await?,
        )),
        Load::ScalableTargets => {
            Payload::ScalableTargets(crate::api::scaling::all_targets(clients.scaling.as_ref()).await?)
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
    use crate::audit::{Entry, Page};
    use crate::fixtures;
    use crate::model::ScalableTarget;
    use crate::sim::{ACCOUNT, ACCOUNT_ALIAS, SimOptions, Simulator};
    use async_trait::async_trait;
    use serde_json::json;
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

    #[tokio::test]
    async fn the_health_loads_answer_from_the_demo() {
        let clients = sim().clients();
        let Ok(Payload::TaskDefinition(td)) = load(&clients, Load::TaskDefinition { arn: "prod-web:18".into() }).await
        else {
            panic!("a task definition")
        };
        assert_eq!(td.family_revision(), "prod-web:18");

        let batch = Load::CapacityProviders { cluster: "batch".into() };
        let Ok(Payload::CapacityProviders(d)) = load(&clients, batch).await else { panic!("providers") };
        let names: Vec<&str> = d.items.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["batch-ondemand", "batch-spot"]);
        let prod = Load::CapacityProviders { cluster: "prod".into() };
        let Ok(Payload::CapacityProviders(d)) = load(&clients, prod).await else { panic!("providers") };
        assert!(d.items.iter().all(|p| p.auto_scaling_group.is_none()) && d.items.len() == 2);
        let nowhere = load(&clients, Load::CapacityProviders { cluster: "nowhere".into() }).await;
        assert_eq!(nowhere.map_err(|e| e.kind), Err(ErrorKind::NotFound));

        let Ok(Payload::ContainerInstances(l)) =
            load(&clients, Load::ContainerInstances { cluster: "batch".into() }).await
        else {
            panic!("instances")
        };
        assert_eq!(l.items.len(), 5);

        let history = Load::Deployments { cluster: "prod".into(), service: "checkout".into() };
        let Ok(Payload::Deployments(d)) = load(&clients, history).await else { panic!("history") };
        assert!(d.items.iter().any(|x| x.status == "ROLLBACK_SUCCESSFUL"), "every status, not just the ongoing");
        assert!(d.items.iter().any(|x| x.status == "ROLLBACK_IN_PROGRESS"));
    }

    fn entry(i: usize, result: &str) -> Entry {
        Entry {
            time: format!("2026-11-29T03:{i:02}:00Z"),
            account: Some("123456789012".into()),
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/Sre/me".into()),
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            action: "ecs:UpdateService".into(),
            target: "arn:aws:ecs:eu-west-1:123456789012:service/prod/api".into(),
            before: json!({"request": {"cluster": "prod", "service": "api", "desiredCount": i}}),
            after: json!(null),
            result: result.into(),
        }
    }

    fn page(r: Result<Payload, ApiError>) -> Page {
        match r {
            Ok(Payload::Journal(p)) => p,
            other => panic!("not a journal page: {other:?}"),
        }
    }

    #[test]
    fn the_journal_is_read_newest_first_and_bounded() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = Journal::in_dir(dir.path());
        for i in 1..=4 {
            journal.append(&entry(i, if i == 3 { "Access denied: not authorized" } else { "ok" })).expect("append");
        }
        let all = page(journal_page(&journal, 10));
        assert_eq!(all.path, journal.path());
        let times: Vec<&str> = all.entries.iter().map(|e| e.time.as_str()).collect();
        assert_eq!(
            times,
            ["2026-11-29T03:04:00Z", "2026-11-29T03:03:00Z", "2026-11-29T03:02:00Z", "2026-11-29T03:01:00Z"]
        );
        assert_eq!(all.entries[1].result, "Access denied: not authorized");
        assert!(!all.older);
        let newest = page(journal_page(&journal, 2));
        assert_eq!(newest.entries.len(), 2);
        assert_eq!(newest.entries[0].time, "2026-11-29T03:04:00Z");
        assert!(newest.older, "two older entries are left out");
        assert!(!page(journal_page(&journal, 4)).older, "exactly the limit leaves nothing out");
    }

    #[test]
    fn a_missing_journal_is_empty_and_an_unreadable_one_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        let none = page(journal_page(&Journal::in_dir(&dir.path().join("never")), 10));
        assert!(none.entries.is_empty() && !none.older);
        // A directory where the file should be cannot be read, whoever runs the test.
        let journal = Journal::in_dir(dir.path());
        std::fs::create_dir(journal.path()).expect("a directory in the way");
        let e = journal_page(&journal, 10).expect_err("unreadable");
        assert!(e.message.starts_with("cannot read the audit journal ") && e.message.contains("journal.jsonl"), "{e}");
        assert!(e.hint.is_some());
    }

    #[tokio::test]
    async fn the_job_answers_with_the_page() {
        let dir = tempfile::tempdir().expect("tempdir");
        let j = Journal::in_dir(dir.path());
        j.append(&entry(1, "ok")).expect("append");
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        journal(j, 7, 42, tx).await;
        match rx.recv().await {
            Some(Reply::Job { job: 7, msg: Msg::Loaded { req: 42, load: Load::Journal, result }, last: true }) => {
                assert_eq!(page(result).entries.len(), 1)
            }
            _ => panic!("no journal answer"),
        }
    }
}
