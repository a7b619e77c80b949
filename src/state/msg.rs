//! Messages into `update`: input, time, and replies from the runtime.
use super::{Load, Progress, ReqId};
use crate::api::{ApiError, Described, Identity, Loaded, ServiceDeployment};
use crate::model::{
    CapacityProvider, Cluster, ContainerInstance, LogEvent, ScalableTarget, Service, ServiceRevision, TailStatus, Task,
    TaskDefinition,
};
use crate::mutation::Mutation;
use crossterm::event::KeyEvent;

#[derive(Debug, Clone, PartialEq)]
pub enum Payload {
    Clusters(Loaded<Cluster>),
    Services(Loaded<Service>),
    Tasks(Loaded<Task>),
    Task(Described<Task>),
    Ongoing(Vec<ServiceDeployment>),
    Identity(Identity),
    /// `None`: the service is not registered with Application Auto Scaling.
    Scaling(Option<ScalableTarget>),
    Journal(crate::audit::Page),
    /// Boxed: far larger than the other answers.
    TaskDefinition(Box<TaskDefinition>),
    /// In the order the cluster lists them; unknown names are failures.
    CapacityProviders(Described<CapacityProvider>),
    ContainerInstances(Loaded<ContainerInstance>),
    /// Newest first; failures (`MISSING`) are deployments ECS no longer keeps.
    Deployments(Described<ServiceDeployment>),
    /// Metric alarms, then composite ones, as DescribeAlarms lists them.
    Alarms(Vec<crate::model::Alarm>),
    /// Newest first.
    AlarmHistory(Vec<crate::model::AlarmChange>),
    Metrics(crate::model::MetricSet),
    /// Boxed: larger than the other answers.
    Discovery(Box<crate::model::Registry>),
    /// In the order asked; unknown ARNs are failures.
    ServiceRevisions(Described<ServiceRevision>),
    /// Each target group asked for, with its own answer (one that is gone or refused fails alone).
    TargetHealth(Vec<(String, Result<crate::model::TargetGroupHealth, ApiError>)>),
    /// Boxed: larger than the other answers. An empty detail: not auto scaled.
    ScalingDetail(Box<crate::model::ScalingDetail>),
    ScalableTargets(Vec<crate::model::ServiceTarget>),
}

#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste), delivered whole.
    Paste(String),
    /// The terminal was resized to this many columns and rows.
    Resize(u16, u16),
    /// The terminal is gone (input closed): nothing more can be read or shown.
    InputClosed,
    /// Time passed (spinner, ages, flash expiry).
    Tick,
    /// The auto-refresh interval elapsed.
    RefreshDue,
    /// One described batch of a list load that goes on.
    Batch {
        req: ReqId,
        load: Load,
        payload: Payload,
        progress: Progress,
    },
    Loaded {
        req: ReqId,
        load: Load,
        result: Result<Payload, ApiError>,
    },
    /// Clients are ready for this profile/region (or could not be built), answering `req`.
    Connected {
        req: ReqId,
        profile: Option<String>,
        region: Option<String>,
        result: Result<(), ApiError>,
    },
    /// A change was made in AWS (`Ok`: what AWS answered, in words), or was not (why).
    Wrote {
        req: ReqId,
        mutation: Mutation,
        result: Result<String, ApiError>,
    },
    /// Lines of tail `tail` (may be empty: a status change only), in no promised order.
    Log {
        tail: ReqId,
        events: Vec<LogEvent>,
        status: TailStatus,
    },
    /// Tail `tail` ended: `Ok` when its fixed range is read to the end, `Err` when it cannot go
    /// on (no permission for either mode, the group does not exist).
    TailEnded {
        tail: ReqId,
        result: Result<(), ApiError>,
    },
    /// A log view's lines were saved to `path` (or not: why).
    LogSaved {
        path: String,
        lines: usize,
        result: Result<(), String>,
    },
    /// AWS profile names found in the shared config files.
    Profiles(Vec<String>),
}
