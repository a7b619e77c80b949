//! One entry of the navigation stack: what it shows and how (selection, filter, sort, scroll).
use crate::config::Context;
use crate::model::{TaskFilter, TaskStatusFilter, arn_name};
use crate::table::Sort;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViewKind {
    Clusters,
    /// Services of a cluster (ARN, or name when typed as a command).
    Services {
        cluster: String,
    },
    /// Tasks of a service, or of the whole cluster when `service` is `None`.
    Tasks {
        cluster: String,
        service: Option<String>,
    },
    /// Containers of one task.
    Containers {
        cluster: String,
        task: String,
    },
    /// An object in full; both renderings are made once when the view opens.
    Describe {
        title: String,
        yaml: String,
        json: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DescribeFormat {
    #[default]
    Yaml,
    Json,
}

#[derive(Debug, Clone, PartialEq)]
pub struct View {
    pub kind: ViewKind,
    /// Index into the visible (filtered, sorted) rows.
    pub selected: usize,
    /// Identity of the selected row, so the selection follows its object across refreshes.
    pub selected_id: Option<String>,
    /// First visible row / line.
    pub offset: usize,
    pub sort: Sort,
    pub filter: String,
    /// Tasks view: stopped instead of running tasks.
    pub stopped: bool,
    pub format: DescribeFormat,
}

impl View {
    pub fn new(kind: ViewKind) -> Self {
        Self {
            kind,
            selected: 0,
            selected_id: None,
            offset: 0,
            sort: Sort::default(),
            filter: String::new(),
            stopped: false,
            format: DescribeFormat::Yaml,
        }
    }

    pub fn context(&self) -> Context {
        match self.kind {
            ViewKind::Clusters => Context::Clusters,
            ViewKind::Services { .. } => Context::Services,
            ViewKind::Tasks { .. } => Context::Tasks,
            ViewKind::Containers { .. } => Context::Containers,
            ViewKind::Describe { .. } => Context::Describe,
        }
    }

    /// The cluster this view is inside, if any.
    pub fn cluster(&self) -> Option<&str> {
        match &self.kind {
            ViewKind::Services { cluster } | ViewKind::Tasks { cluster, .. } | ViewKind::Containers { cluster, .. } => {
                Some(cluster)
            }
            _ => None,
        }
    }

    pub fn task_filter(&self) -> Option<TaskFilter> {
        match &self.kind {
            ViewKind::Tasks { service, .. } => Some(TaskFilter {
                service: service.clone(),
                status: if self.stopped { TaskStatusFilter::Stopped } else { TaskStatusFilter::Running },
            }),
            _ => None,
        }
    }

    /// Breadcrumb / title text, e.g. `tasks of api (stopped)`.
    pub fn title(&self) -> String {
        match &self.kind {
            ViewKind::Clusters => "clusters".into(),
            ViewKind::Services { cluster } => format!("services · {}", arn_name(cluster)),
            ViewKind::Tasks { cluster, service } => {
                let what = if self.stopped { "stopped tasks" } else { "tasks" };
                match service {
                    Some(s) => format!("{what} · {s}"),
                    None => format!("{what} · {} (all services)", arn_name(cluster)),
                }
            }
            ViewKind::Containers { task, .. } => format!("containers · task {}", crate::model::short_id(task)),
            ViewKind::Describe { title, .. } => format!("describe · {title}"),
        }
    }
}
