//! Effects: what `update` asks the loop to do. Data, not actions, so they can be inspected in
//! tests and guarded in one place (later: confirmation, read-only refusal, the audit journal).
use super::ReqId;
use crate::model::TaskFilter;

/// One loading job for a worker.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Load {
    Clusters,
    Services { cluster: String },
    Tasks { cluster: String, filter: TaskFilter },
    Task { cluster: String, arn: String },
    Identity,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Run `load` in a worker; its reply comes back as `Msg::Loaded` with the same `req`.
    Load {
        req: ReqId,
        load: Load,
    },
    /// (Re)build the AWS clients for this profile/region; the reply is `Msg::Connected`.
    Connect {
        profile: Option<String>,
        region: Option<String>,
    },
    Quit,
}
