//! Loaded data, per resource, with its age, its pending request and its last error. The last
//! good value stays when a refresh fails.
use super::{Load, Payload, ReqId, ViewKind};
use crate::api::ApiError;
use crate::model::{Cluster, Failure, Service, Task, TaskFilter, Time};
use std::collections::HashMap;

#[derive(Debug, Clone, PartialEq)]
pub struct Resource<T> {
    pub value: Option<T>,
    pub failures: Vec<Failure>,
    pub loaded_at: Option<Time>,
    pub pending: Option<ReqId>,
    pub error: Option<ApiError>,
}

impl<T> Default for Resource<T> {
    fn default() -> Self {
        Self { value: None, failures: Vec::new(), loaded_at: None, pending: None, error: None }
    }
}

impl<T> Resource<T> {
    /// Needs a (re)load: never loaded, or older than `max_age`, and nothing in flight.
    pub fn stale(&self, now: Time, max_age: std::time::Duration) -> bool {
        if self.pending.is_some() {
            return false;
        }
        match self.loaded_at {
            None => true,
            Some(at) => (now - at).to_std().map(|age| age >= max_age).unwrap_or(false),
        }
    }

    fn settle(&mut self, req: ReqId, at: Time, result: Result<(T, Vec<Failure>), ApiError>) -> bool {
        if self.pending != Some(req) {
            return false;
        }
        self.pending = None;
        match result {
            Ok((value, failures)) => {
                self.value = Some(value);
                self.failures = failures;
                self.loaded_at = Some(at);
                self.error = None;
            }
            Err(e) => self.error = Some(e),
        }
        true
    }
}

/// What the resource behind a view says about itself, whatever its type.
#[derive(Debug, Clone, Copy, Default)]
pub struct Status<'a> {
    pub error: Option<&'a ApiError>,
    pub failures: &'a [Failure],
    pub loaded_at: Option<Time>,
    pub has_value: bool,
}

impl<T> Resource<T> {
    fn status(&self) -> Status<'_> {
        Status {
            error: self.error.as_ref(),
            failures: &self.failures,
            loaded_at: self.loaded_at,
            has_value: self.value.is_some(),
        }
    }
}

#[derive(Debug, Default)]
pub struct Data {
    pub clusters: Resource<Vec<Cluster>>,
    pub services: HashMap<String, Resource<Vec<Service>>>,
    pub tasks: HashMap<(String, TaskFilter), Resource<Vec<Task>>>,
    pub task: HashMap<String, Resource<Task>>,
}

impl Data {
    pub fn resource_pending(&self, load: &Load) -> bool {
        match load {
            Load::Clusters => self.clusters.pending.is_some(),
            Load::Services { cluster } => self.services.get(cluster).is_some_and(|r| r.pending.is_some()),
            Load::Tasks { cluster, filter } => {
                self.tasks.get(&(cluster.clone(), filter.clone())).is_some_and(|r| r.pending.is_some())
            }
            Load::Task { arn, .. } => self.task.get(arn).is_some_and(|r| r.pending.is_some()),
            Load::Identity => false,
        }
    }

    /// Mark `load` as in flight under `req` (a newer request supersedes an older one).
    pub fn start(&mut self, load: &Load, req: ReqId) {
        match load {
            Load::Clusters => self.clusters.pending = Some(req),
            Load::Services { cluster } => self.services.entry(cluster.clone()).or_default().pending = Some(req),
            Load::Tasks { cluster, filter } => {
                self.tasks.entry((cluster.clone(), filter.clone())).or_default().pending = Some(req)
            }
            Load::Task { arn, .. } => self.task.entry(arn.clone()).or_default().pending = Some(req),
            Load::Identity => {}
        }
    }

    /// Apply a reply. Returns false for a stale reply (superseded request, or a resource that
    /// was dropped on a profile/region switch), which is ignored.
    pub fn apply(&mut self, load: &Load, req: ReqId, at: Time, result: Result<Payload, ApiError>) -> bool {
        match load {
            Load::Clusters => settle(Some(&mut self.clusters), req, at, result, |p| match p {
                Payload::Clusters(l) => Ok((l.items, l.failures)),
                _ => Err(mismatch()),
            }),
            Load::Services { cluster } => settle(self.services.get_mut(cluster), req, at, result, |p| match p {
                Payload::Services(l) => Ok((l.items, l.failures)),
                _ => Err(mismatch()),
            }),
            Load::Tasks { cluster, filter } => {
                let key = (cluster.clone(), filter.clone());
                settle(self.tasks.get_mut(&key), req, at, result, |p| match p {
                    Payload::Tasks(l) => Ok((l.items, l.failures)),
                    _ => Err(mismatch()),
                })
            }
            Load::Task { arn, .. } => settle(self.task.get_mut(arn), req, at, result, |p| match p {
                Payload::Task(mut d) if !d.items.is_empty() => Ok((d.items.remove(0), d.failures)),
                Payload::Task(d) => Err(ApiError::new(
                    crate::api::ErrorKind::NotFound,
                    d.failures
                        .first()
                        .map(|f| format!("task {}: {}", crate::model::short_id(&f.arn), f.reason))
                        .unwrap_or_else(|| "the task is gone (ECS forgets stopped tasks after about an hour)".into()),
                )),
                _ => Err(mismatch()),
            }),
            Load::Identity => false,
        }
    }

    /// The state of the resource the view shows (nothing for a describe view).
    pub fn status(&self, view: &super::View) -> Status<'_> {
        let found = match &view.kind {
            ViewKind::Clusters => Some(self.clusters.status()),
            ViewKind::Services { cluster } => self.services.get(cluster).map(Resource::status),
            ViewKind::Tasks { cluster, .. } => {
                view.task_filter().and_then(|f| self.tasks.get(&(cluster.clone(), f))).map(Resource::status)
            }
            ViewKind::Containers { task, .. } => self.task.get(task).map(Resource::status),
            ViewKind::Describe { .. } => None,
        };
        found.unwrap_or_default()
    }

    /// Whether anything the given view shows is loading.
    pub fn pending_for(&self, kind: &ViewKind) -> bool {
        match kind {
            ViewKind::Clusters => self.clusters.pending.is_some(),
            ViewKind::Services { cluster } => self.services.get(cluster).is_some_and(|r| r.pending.is_some()),
            ViewKind::Tasks { .. } | ViewKind::Containers { .. } | ViewKind::Describe { .. } => {
                self.tasks.values().any(|r| r.pending.is_some()) || self.task.values().any(|r| r.pending.is_some())
            }
        }
    }
}

/// Settle `resource` (if it still exists) with the payload taken apart by `take`.
fn settle<T>(
    resource: Option<&mut Resource<T>>,
    req: ReqId,
    at: Time,
    result: Result<Payload, ApiError>,
    take: impl FnOnce(Payload) -> Result<(T, Vec<Failure>), ApiError>,
) -> bool {
    match resource {
        Some(r) => r.settle(req, at, result.and_then(take)),
        None => false,
    }
}

fn mismatch() -> ApiError {
    ApiError::new(crate::api::ErrorKind::Other, "reply did not match its request")
}
