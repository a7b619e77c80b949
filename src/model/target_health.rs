//! Load balancer target health (ELBv2 DescribeTargetHealth) and which task owns each target.
//! A target group registers IP addresses (awsvpc tasks) or EC2 instances with a port (bridge
//! and host tasks); [`owner`] finds the task behind one from what DescribeTasks says.
use super::{ContainerInstance, Task};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A target's state as the load balancer reports it. A state this build does not know is kept
/// as AWS wrote it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(into = "String", from = "String")]
pub enum TargetState {
    Healthy,
    Unhealthy,
    /// Deregistered and still serving its open connections (the deregistration delay).
    Draining,
    /// Unhealthy and deregistering (`unhealthy.draining`).
    UnhealthyDraining,
    /// Registered, its first health checks not passed yet.
    Initial,
    /// Not in use: no load balancer forwards to the group, or the target's zone is not enabled.
    Unused,
    /// Health checks are off and the target cannot be reached.
    Unavailable,
    Other(String),
}

impl TargetState {
    pub fn parse(text: &str) -> TargetState {
        match text {
            "healthy" => TargetState::Healthy,
            "unhealthy" => TargetState::Unhealthy,
            "draining" => TargetState::Draining,
            "unhealthy.draining" => TargetState::UnhealthyDraining,
            "initial" => TargetState::Initial,
            "unused" => TargetState::Unused,
            "unavailable" => TargetState::Unavailable,
            other => TargetState::Other(other.to_string()),
        }
    }

    /// As AWS writes it.
    pub fn as_str(&self) -> &str {
        match self {
            TargetState::Healthy => "healthy",
            TargetState::Unhealthy => "unhealthy",
            TargetState::Draining => "draining",
            TargetState::UnhealthyDraining => "unhealthy.draining",
            TargetState::Initial => "initial",
            TargetState::Unused => "unused",
            TargetState::Unavailable => "unavailable",
            TargetState::Other(s) => s,
        }
    }

    /// Failing its health checks (whether or not it is also being deregistered).
    pub fn is_unhealthy(&self) -> bool {
        matches!(self, TargetState::Unhealthy | TargetState::UnhealthyDraining)
    }
}

impl From<String> for TargetState {
    fn from(s: String) -> Self {
        TargetState::parse(&s)
    }
}

impl From<TargetState> for String {
    fn from(s: TargetState) -> Self {
        s.as_str().to_string()
    }
}

/// One registered target and its health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetHealth {
    /// An IP address (target type `ip`) or an EC2 instance id (`instance`).
    pub id: String,
    pub port: Option<i32>,
    pub availability_zone: Option<String>,
    pub state: TargetState,
    /// The reason code (`Target.ResponseCodeMismatch`, …), absent when healthy.
    pub reason: Option<String>,
    pub description: Option<String>,
}

/// One target group: what DescribeTargetGroups says of it, and its targets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TargetGroupHealth {
    pub arn: String,
    pub name: String,
    pub protocol: Option<String>,
    pub port: Option<i32>,
    /// The load balancers that forward to it (ARNs): the `LoadBalancer` dimension of its metrics.
    pub load_balancer_arns: Vec<String>,
    pub targets: Vec<TargetHealth>,
    /// Why the group's description (its port and load balancers) is not known, when it is not.
    pub note: Option<String>,
}

/// `prod-api` from `arn:aws:elasticloadbalancing:…:targetgroup/prod-api/0123abcd`.
pub fn group_name(arn: &str) -> &str {
    match arn.split_once(":targetgroup/") {
        Some((_, rest)) => rest.split('/').next().unwrap_or(rest),
        None => super::arn_name(arn),
    }
}

/// Targets per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    pub healthy: usize,
    pub unhealthy: usize,
    pub draining: usize,
    pub initial: usize,
    /// unused, unavailable and states this build does not know.
    pub other: usize,
}

impl Counts {
    pub fn total(&self) -> usize {
        self.healthy + self.unhealthy + self.draining + self.initial + self.other
    }

    /// `2 healthy · 1 unhealthy · 1 draining`: the states present, in that order.
    pub fn text(&self) -> String {
        let parts: Vec<String> = [
            (self.healthy, "healthy"),
            (self.unhealthy, "unhealthy"),
            (self.draining, "draining"),
            (self.initial, "initial"),
            (self.other, "other"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}"))
        .collect();
        if parts.is_empty() { "no targets".into() } else { parts.join(" · ") }
    }
}

impl TargetGroupHealth {
    /// `unhealthy.draining` counts as unhealthy: it is failing its checks.
    pub fn counts(&self) -> Counts {
        let mut c = Counts::default();
        for t in &self.targets {
            match t.state {
                TargetState::Healthy => c.healthy += 1,
                TargetState::Unhealthy | TargetState::UnhealthyDraining => c.unhealthy += 1,
                TargetState::Draining => c.draining += 1,
                TargetState::Initial => c.initial += 1,
                _ => c.other += 1,
            }
        }
        c
    }

    pub fn unhealthy(&self) -> impl Iterator<Item = &TargetHealth> {
        self.targets.iter().filter(|t| t.state.is_unhealthy())
    }
}

/// The task that owns a target: by its ENI's private IP and the container port (awsvpc), or by
/// its container instance's EC2 instance id and a host port of its network bindings (bridge,
/// host). `instances` are the cluster's container instances (to learn each task's EC2 instance);
/// `None` when no task of `tasks` matches.
pub fn owner<'a>(target: &TargetHealth, tasks: &'a [Task], instances: &[ContainerInstance]) -> Option<&'a Task> {
    let ec2_of: HashMap<&str, &str> =
        instances.iter().filter_map(|ci| ci.ec2_instance_id.as_deref().map(|id| (ci.arn.as_str(), id))).collect();
    let port_matches = |task: &Task, by_host: bool| match target.port {
        None => true,
        Some(p) => task.containers.iter().flat_map(|c| &c.network_bindings).any(|b| {
            if by_host { b.host_port == Some(p) } else { b.container_port == Some(p) || b.host_port == Some(p) }
        }),
    };
    if target.id.starts_with("i-") {
        return tasks.iter().find(|t| {
            let ec2 = t.container_instance_arn.as_deref().and_then(|arn| ec2_of.get(arn));
            ec2 == Some(&target.id.as_str()) && port_matches(t, true)
        });
    }
    // An IP belongs to one ENI, so one task; the port only tells two bindings apart when the
    // task reports them (awsvpc tasks need not list their ports).
    let by_ip: Vec<&Task> = tasks.iter().filter(|t| t.private_ip.as_deref() == Some(target.id.as_str())).collect();
    match by_ip.as_slice() {
        [] => None,
        [one] => Some(*one),
        many => many.iter().copied().find(|t| port_matches(t, false)).or_else(|| many.first().copied()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::NetworkBinding;

    fn target(id: &str, port: i32, state: &str) -> TargetHealth {
        TargetHealth {
            id: id.into(),
            port: Some(port),
            availability_zone: Some("eu-west-1a".into()),
            state: TargetState::parse(state),
            reason: None,
            description: None,
        }
    }

    fn awsvpc(id: &str, ip: &str) -> Task {
        Task {
            arn: format!("arn:aws:ecs:eu-west-1:1:task/prod/{id}"),
            private_ip: Some(ip.into()),
            ..Default::default()
        }
    }

    fn bridge(id: &str, instance: &str, host_port: i32) -> Task {
        Task {
            arn: format!("arn:aws:ecs:eu-west-1:1:task/prod/{id}"),
            container_instance_arn: Some(format!("arn:aws:ecs:eu-west-1:1:container-instance/prod/{instance}")),
            containers: vec![crate::model::Container {
                name: "web".into(),
                network_bindings: vec![NetworkBinding { container_port: Some(8080), host_port: Some(host_port) }],
                ..Default::default()
            }],
            ..Default::default()
        }
    }

    fn instance(ci: &str, ec2: &str) -> ContainerInstance {
        ContainerInstance {
            arn: format!("arn:aws:ecs:eu-west-1:1:container-instance/prod/{ci}"),
            ec2_instance_id: Some(ec2.into()),
            ..Default::default()
        }
    }

    #[test]
    fn an_ip_target_is_the_task_with_that_eni_address() {
        let tasks = [awsvpc("aaaa1111", "10.0.1.5"), awsvpc("bbbb2222", "10.0.1.6")];
        let found = owner(&target("10.0.1.6", 8080, "healthy"), &tasks, &[]);
        assert_eq!(found.map(|t| t.id()), Some("bbbb2222"));
    }

    #[test]
    fn an_instance_target_is_the_task_bound_to_that_host_port_there() {
        let tasks =
            [bridge("aaaa1111", "ci-1", 32768), bridge("bbbb2222", "ci-1", 32769), bridge("cccc3333", "ci-2", 32768)];
        let instances = [instance("ci-1", "i-0abc"), instance("ci-2", "i-0def")];
        let on = |id: &str, port| owner(&target(id, port, "healthy"), &tasks, &instances).map(|t| t.id().to_string());
        assert_eq!(on("i-0abc", 32769).as_deref(), Some("bbbb2222"));
        assert_eq!(on("i-0def", 32768).as_deref(), Some("cccc3333"));
        // The right instance but no task bound to the port.
        assert_eq!(on("i-0abc", 31000), None);
    }

    #[test]
    fn a_target_no_task_owns_is_none() {
        let tasks = [awsvpc("aaaa1111", "10.0.1.5")];
        assert!(owner(&target("10.0.9.9", 8080, "unhealthy"), &tasks, &[]).is_none());
        // Without the container instances the instance of a bridge task is not known.
        let tasks = [bridge("aaaa1111", "ci-1", 32768)];
        assert!(owner(&target("i-0abc", 32768, "healthy"), &tasks, &[]).is_none());
    }

    #[test]
    fn counts_and_their_words() {
        let tg = TargetGroupHealth {
            targets: vec![
                target("10.0.0.1", 80, "healthy"),
                target("10.0.0.2", 80, "healthy"),
                target("10.0.0.3", 80, "unhealthy"),
                target("10.0.0.4", 80, "draining"),
                target("10.0.0.5", 80, "unhealthy.draining"),
                target("10.0.0.6", 80, "some.new.state"),
            ],
            ..Default::default()
        };
        let c = tg.counts();
        assert_eq!(c.text(), "2 healthy · 2 unhealthy · 1 draining · 1 other");
        assert_eq!((c.total(), tg.unhealthy().count()), (6, 2));
        assert_eq!(tg.targets[5].state.as_str(), "some.new.state");
        assert_eq!(Counts::default().text(), "no targets");
    }
}
