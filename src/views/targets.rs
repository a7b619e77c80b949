//! The service detail's targets pane (7): each target group of the service with its counts per
//! state, then each target with its state, the task that owns it, where it is, and the load
//! balancer's reason in words. Derived from `Data.target_health` (per target group ARN), the
//! service's running tasks and, for EC2 instance targets, the cluster's container instances.
use crate::api::ErrorKind;
use crate::model::target_health::{group_name, owner};
use crate::model::{ContainerInstance, Counts, Service, TargetState, Task};
use crate::state::{Data, Load};

/// What the pane shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Targets {
    /// The service has no target group.
    #[default]
    NoLoadBalancer,
    Groups(Vec<Group>),
}

/// One target group.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    pub name: String,
    /// `HTTP:8080`, when DescribeTargetGroups said.
    pub listens: Option<String>,
    pub health: GroupHealth,
}

#[derive(Debug, Clone, PartialEq)]
pub enum GroupHealth {
    Loading,
    /// No permission for DescribeTargetHealth.
    Refused,
    /// TargetGroupNotFound.
    Gone,
    Error(String),
    Loaded {
        counts: Counts,
        /// Unhealthy first, then draining, initial, the rest, healthy last.
        targets: Vec<Target>,
        /// Why part of it is not known (the group's description refused), or that the newest
        /// refresh failed and these are older.
        notes: Vec<String>,
    },
}

/// One target as the pane shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub state: TargetState,
    /// The owning task's short id, or why none is named.
    pub task: Owner,
    /// `10.0.1.5:8080` or `i-0abc:32768`.
    pub at: String,
    pub zone: Option<String>,
    /// `Target.ResponseCodeMismatch — Health checks failed with these codes: [502]`.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    Task(String),
    NotOurs,
    /// Deregistering, and no running task of the service has it: a task on its way out.
    Leaving,
    /// The tasks (or the container instances an instance target needs) are not loaded yet.
    Unknown,
}

impl Owner {
    pub fn text(&self) -> String {
        match self {
            Owner::Task(id) => format!("task {id}"),
            Owner::NotOurs => "not a task of this service".into(),
            Owner::Leaving => "no running task (deregistering)".into(),
            Owner::Unknown => "task not known yet".into(),
        }
    }
}

impl Targets {
    /// Entries, the unit the pane scrolls by: per group its heading (which says when it has
    /// no targets) and one per target and note.
    pub fn entries(&self) -> usize {
        match self {
            Targets::NoLoadBalancer => 1,
            Targets::Groups(g) => g.iter().map(Group::entries).sum::<usize>().max(1),
        }
    }

    /// Every loaded group's counts added up; `None` when none is loaded.
    pub fn counts(&self) -> Option<Counts> {
        let Targets::Groups(groups) = self else { return None };
        let mut loaded = groups.iter().filter_map(|g| match &g.health {
            GroupHealth::Loaded { counts, .. } => Some(*counts),
            _ => None,
        });
        let first = loaded.next()?;
        Some(loaded.fold(first, |a, c| Counts {
            healthy: a.healthy + c.healthy,
            unhealthy: a.unhealthy + c.unhealthy,
            draining: a.draining + c.draining,
            initial: a.initial + c.initial,
            other: a.other + c.other,
        }))
    }
}

impl Group {
    pub fn entries(&self) -> usize {
        1 + match &self.health {
            GroupHealth::Loaded { targets, notes, .. } => targets.len() + notes.len(),
            _ => 0,
        }
    }
}

/// The load of the service's target groups (none without a load balancer).
pub fn load(svc: &Service) -> Option<Load> {
    let arns = arns(svc);
    (!arns.is_empty()).then_some(Load::TargetHealth { arns })
}

/// The service's target group ARNs, each once, in its order.
pub fn arns(svc: &Service) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for a in svc.load_balancers.iter().filter_map(|l| l.target_group_arn.as_ref()) {
        if !out.contains(a) {
            out.push(a.clone());
        }
    }
    out
}

/// Whether any loaded target of the service is an EC2 instance (then the cluster's container
/// instances say which task is which).
pub fn needs_instances(data: &Data, svc: &Service) -> bool {
    arns(svc)
        .iter()
        .filter_map(|a| data.target_health.get(a)?.value.as_ref())
        .any(|tg| tg.targets.iter().any(|t| t.id.starts_with("i-")))
}

fn rank(s: &TargetState) -> u8 {
    match s {
        TargetState::Unhealthy | TargetState::UnhealthyDraining => 0,
        TargetState::Draining => 1,
        TargetState::Initial => 2,
        TargetState::Healthy => 4,
        _ => 3,
    }
}

/// The pane of `svc`: `tasks` its running tasks (`None` while loading), `instances` the
/// cluster's container instances (`None` while loading or not asked).
pub fn of(data: &Data, svc: &Service, tasks: Option<&[Task]>, instances: Option<&[ContainerInstance]>) -> Targets {
    let arns = arns(svc);
    if arns.is_empty() {
        return Targets::NoLoadBalancer;
    }
    Targets::Groups(arns.iter().map(|a| group(data, a, tasks, instances)).collect())
}

fn group(data: &Data, arn: &str, tasks: Option<&[Task]>, instances: Option<&[ContainerInstance]>) -> Group {
    let r = data.target_health.get(arn);
    let value = r.and_then(|r| r.value.as_ref());
    let error = r.and_then(|r| r.error.as_ref());
    let listens = value.and_then(|tg| match (&tg.protocol, tg.port) {
        (Some(p), Some(port)) => Some(format!("{p}:{port}")),
        (None, Some(port)) => Some(format!("port {port}")),
        _ => None,
    });
    let name = value.map(|tg| tg.name.clone()).unwrap_or_else(|| group_name(arn).to_string());
    let health = match (error.map(|e| e.kind), value) {
        (Some(ErrorKind::NotFound), _) => GroupHealth::Gone,
        (Some(ErrorKind::AccessDenied), _) => GroupHealth::Refused,
        (Some(_), None) => GroupHealth::Error(error.map(|e| e.to_string()).unwrap_or_default()),
        (_, None) => GroupHealth::Loading,
        (_, Some(tg)) => {
            let mut notes: Vec<String> = tg.note.iter().cloned().collect();
            if let Some(e) = error {
                notes.push(format!("the newest refresh failed, this is older: {e}"));
            }
            let mut targets: Vec<Target> = tg
                .targets
                .iter()
                .map(|t| {
                    let task = match (tasks, instances) {
                        (None, _) => Owner::Unknown,
                        (Some(_), None) if t.id.starts_with("i-") => Owner::Unknown,
                        (Some(tasks), instances) => match owner(t, tasks, instances.unwrap_or(&[])) {
                            Some(task) => Owner::Task(task.short_id().to_string()),
                            None if matches!(t.state, TargetState::Draining | TargetState::UnhealthyDraining) => {
                                Owner::Leaving
                            }
                            None => Owner::NotOurs,
                        },
                    };
                    let at = t.port.map_or_else(|| t.id.clone(), |p| format!("{}:{p}", t.id));
                    let reason = match (&t.reason, &t.description) {
                        (Some(r), Some(d)) => Some(format!("{r} — {d}")),
                        (Some(r), None) => Some(r.clone()),
                        (None, Some(d)) => Some(d.clone()),
                        (None, None) => None,
                    };
                    Target { state: t.state.clone(), task, at, zone: t.availability_zone.clone(), reason }
                })
                .collect();
            targets.sort_by(|a, b| rank(&a.state).cmp(&rank(&b.state)).then_with(|| a.at.cmp(&b.at)));
            GroupHealth::Loaded { counts: tg.counts(), targets, notes }
        }
    };
    Group { name, listens, health }
}

/// The pane's one-line gist: the counts of every group, or what stands in their way.
pub fn gist(t: &Targets) -> String {
    let Targets::Groups(groups) = t else { return "no load balancer".into() };
    if let Some(c) = t.counts() {
        let mut out = c.text();
        if c.unhealthy > 0 {
            out = format!("✖ {out}");
        }
        return out;
    }
    match groups.first().map(|g| &g.health) {
        Some(GroupHealth::Refused) => "no permission".into(),
        Some(GroupHealth::Gone) => "target group is gone".into(),
        Some(GroupHealth::Error(_)) => "could not be loaded".into(),
        _ => "loading…".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::model::{LoadBalancer, TargetGroupHealth, TargetHealth};
    use crate::state::Payload;

    const TG: &str = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/prod-api/0123";

    fn svc() -> Service {
        Service {
            load_balancers: vec![LoadBalancer {
                target_group_arn: Some(TG.into()),
                container_name: Some("api".into()),
                container_port: Some(8080),
            }],
            ..Default::default()
        }
    }

    fn target(ip: &str, state: &str, reason: Option<&str>) -> TargetHealth {
        TargetHealth {
            id: ip.into(),
            port: Some(8080),
            availability_zone: Some("eu-west-1a".into()),
            state: TargetState::parse(state),
            reason: reason.map(str::to_string),
            description: reason.map(|_| "Health checks failed with these codes: [502]".to_string()),
        }
    }

    fn answered(result: Result<TargetGroupHealth, ApiError>) -> Data {
        let mut data = Data::default();
        let load = Load::TargetHealth { arns: vec![TG.into()] };
        data.start(&load, 1);
        assert!(data.apply(&load, 1, crate::fixtures::now(), Ok(Payload::TargetHealth(vec![(TG.into(), result)]))));
        data
    }

    #[test]
    fn targets_unhealthy_first_with_their_task_and_reason() {
        let tg = TargetGroupHealth {
            arn: TG.into(),
            name: "prod-api".into(),
            protocol: Some("HTTP".into()),
            port: Some(8080),
            targets: vec![
                target("10.0.1.5", "healthy", None),
                target("10.0.1.6", "unhealthy", Some("Target.ResponseCodeMismatch")),
                target("10.0.63.250", "draining", None),
            ],
            ..Default::default()
        };
        let data = answered(Ok(tg));
        let tasks = [
            Task {
                arn: "arn:aws:ecs:eu-west-1:1:task/prod/aaaa1111bbbb".into(),
                private_ip: Some("10.0.1.5".into()),
                ..Default::default()
            },
            Task {
                arn: "arn:aws:ecs:eu-west-1:1:task/prod/cccc2222dddd".into(),
                private_ip: Some("10.0.1.6".into()),
                ..Default::default()
            },
        ];
        let t = of(&data, &svc(), Some(&tasks), None);
        let Targets::Groups(groups) = &t else { panic!("groups") };
        assert_eq!((groups[0].name.as_str(), groups[0].listens.as_deref()), ("prod-api", Some("HTTP:8080")));
        let GroupHealth::Loaded { targets, counts, .. } = &groups[0].health else { panic!("loaded") };
        assert_eq!(counts.text(), "1 healthy · 1 unhealthy · 1 draining");
        let order: Vec<(&str, String)> = targets.iter().map(|t| (t.state.as_str(), t.task.text())).collect();
        assert_eq!(
            order,
            [
                ("unhealthy", "task cccc2222".to_string()),
                ("draining", "no running task (deregistering)".to_string()),
                ("healthy", "task aaaa1111".to_string())
            ]
        );
        assert_eq!(
            targets[0].reason.as_deref(),
            Some("Target.ResponseCodeMismatch — Health checks failed with these codes: [502]")
        );
        assert_eq!(gist(&t), "✖ 1 healthy · 1 unhealthy · 1 draining");
        // Heading + three targets.
        assert_eq!(t.entries(), 4);
        // Without the tasks, no owner is guessed.
        let Targets::Groups(g) = of(&data, &svc(), None, None) else { panic!("groups") };
        let GroupHealth::Loaded { targets, .. } = &g[0].health else { panic!("loaded") };
        assert!(targets.iter().all(|t| t.task == Owner::Unknown));
    }

    #[test]
    fn refused_gone_and_no_load_balancer() {
        let denied = ApiError::new(ErrorKind::AccessDenied, "not authorized").with_code("AccessDenied");
        let t = of(&answered(Err(denied)), &svc(), Some(&[]), None);
        assert_eq!(gist(&t), "no permission");
        let gone = ApiError::new(ErrorKind::NotFound, "gone").with_code("TargetGroupNotFound");
        let t = of(&answered(Err(gone)), &svc(), Some(&[]), None);
        assert!(matches!(&t, Targets::Groups(g) if g[0].health == GroupHealth::Gone));
        assert_eq!(of(&Data::default(), &Service::default(), None, None), Targets::NoLoadBalancer);
        assert_eq!(load(&Service::default()), None);
        assert_eq!(load(&svc()), Some(Load::TargetHealth { arns: vec![TG.into()] }));
    }
}
