//! Effects: what `update` asks the runtime to do. Data, not actions, so they can be inspected
//! in tests and guarded in one place (confirmation, read-only refusal and the audit journal
//! will each be one place too).
use super::{ReqId, ViewId};
use crate::model::{LogRange, LogTarget, MetricQuery, TaskFilter};
use crate::mutation::Mutation;

/// One loading job.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Load {
    Clusters,
    Services {
        cluster: String,
    },
    Tasks {
        cluster: String,
        filter: TaskFilter,
    },
    Task {
        cluster: String,
        arn: String,
    },
    /// A service's ongoing service deployments (PENDING, IN_PROGRESS): what a rollback stops.
    Ongoing {
        cluster: String,
        service: String,
    },
    Identity,
    /// The Application Auto Scaling target of a service (cluster and service, names or ARNs).
    Scaling {
        cluster: String,
        service: String,
    },
    /// The audit journal's newest entries (a local file, read off the loop).
    Journal,
    /// One task definition by ARN or `family:revision`. Revisions never change: once loaded it
    /// is never stale.
    TaskDefinition {
        arn: String,
    },
    /// The capacity providers of a cluster (its names from DescribeClusters, then
    /// DescribeCapacityProviders; FARGATE and FARGATE_SPOT without asking).
    CapacityProviders {
        cluster: String,
    },
    /// The container instances of a cluster (listed and described in batches).
    ContainerInstances {
        cluster: String,
    },
    /// A service's deployment history: every service deployment ECS still keeps, any status;
    /// the ones it no longer has come back as failures (`MISSING`).
    Deployments {
        cluster: String,
        service: String,
    },
    /// Every CloudWatch alarm of the region (metric and composite), every page: loaded once
    /// per refresh for the header's count and every view's matching.
    Alarms,
    /// One alarm's recent state changes (DescribeAlarmHistory).
    AlarmHistory {
        name: String,
    },
    /// One GetMetricData of these queries over the last three hours (what one screen shows).
    Metrics {
        queries: Vec<MetricQuery>,
    },
    /// A service registry (Cloud Map service ARN, from `Service.service_registries`): its
    /// name and namespace (GetService, then GetNamespace).
    Discovery {
        arn: String,
    },
    /// Service revisions by ARN (DescribeServiceRevisions, in batches): what deployments
    /// deployed. Each is kept forever once loaded (a revision never changes); an ARN ECS does
    /// not know is not asked again.
    ServiceRevisions {
        arns: Vec<String>,
    },
    /// The health of these target groups' targets (ELBv2 DescribeTargetGroups in batches,
    /// DescribeTargetHealth per group, a few at once). Each group is kept on its own, by ARN:
    /// the service detail asks for its own, the triage for every loaded service's at once.
    TargetHealth {
        arns: Vec<String>,
    },
    /// A service's auto scaling detail: its scalable target, every scaling policy and its
    /// most recent scaling activities (the scaling pane).
    ScalingDetail {
        cluster: String,
        service: String,
    },
    /// Every ECS service's scalable target in the region (DescribeScalableTargets, every
    /// page): loaded once per refresh for triage, not once per service.
    ScalableTargets,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// Run `load` as a job owned by view `owner`; its reply comes back as `Msg::Loaded` (and,
    /// for lists, `Msg::Batch`es before it) with the same `req`. A newer request for the same
    /// load replaces the older job.
    Load {
        req: ReqId,
        load: Load,
        owner: ViewId,
    },
    /// Stop every job `owner` started (its view was left).
    StopJobs {
        owner: ViewId,
    },
    /// Stop every job (the connection is being replaced).
    StopAll,
    /// (Re)build the AWS clients for this profile/region; the reply is `Msg::Connected`.
    Connect {
        req: ReqId,
        profile: Option<String>,
        region: Option<String>,
    },
    /// Make a confirmed change in AWS. Only `update::guard` produces this; the runtime refuses
    /// it again in read-only mode, records it in the journal and answers `Msg::Wrote`.
    Write(Box<Write>),
    /// Tail `target`'s logs from `range` as a job owned by `owner` under id `tail`; lines come
    /// back as `Msg::Log { tail, .. }` until the job is stopped (`StopTail`, `StopJobs`).
    /// `pattern` is a CloudWatch filter pattern sent with the requests when the view's filter
    /// can be expressed as one; the view filters locally either way.
    Tail {
        tail: ReqId,
        owner: ViewId,
        target: LogTarget,
        range: LogRange,
        pattern: Option<String>,
    },
    /// Stop one tail (its view is hidden or its range changed); Live Tail is billed per minute.
    StopTail {
        tail: ReqId,
    },
    /// Write a log view's lines to `name` in the state directory, off the loop; the answer is
    /// `Msg::LogSaved`.
    SaveLog {
        name: String,
        lines: Vec<String>,
    },
    /// Put `text` on the terminal's clipboard (OSC 52).
    CopyText {
        text: String,
    },
    Quit,
}

/// A confirmed change, with what the journal needs beyond the mutation itself.
#[derive(Debug, Clone, PartialEq)]
pub struct Write {
    pub req: ReqId,
    pub mutation: Mutation,
    /// The target as the confirm showed it.
    pub before: serde_json::Value,
    /// The account the confirm showed: the runtime refuses if the credentials now say another.
    pub account: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
}
