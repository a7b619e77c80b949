//! The simulated account's load balancer: every demo service's target group, its targets the
//! service's tasks as ECS would register them (the task's ENI address and container port for
//! awsvpc, the container instance's EC2 id and the bound host port for bridge), their state
//! following each task's life. `api` has a target that fails its health checks with 502s and
//! an address still draining: the unhealthy target the triage finds.
use super::world::World;
use super::{Simulator, cloudwatch::PROD_ALB, ids};
use crate::api::elb::{DESCRIBE_TARGET_GROUPS, TargetGroup};
use crate::api::{ApiError, ApiResult, ElbApi, ErrorKind, limits};
use crate::model::{TargetHealth, TargetState, Task};
use async_trait::async_trait;

/// The service one of whose targets answers its health checks with 502.
pub const FAILING: &str = "api";
/// The address of the task `FAILING` replaced, still draining its connections.
const DRAINING_ADDRESS: &str = "10.0.63.250";
/// A task's first health checks take this long.
const INITIAL_SECS: i64 = 30;

fn not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "One or more target groups not found").with_code("TargetGroupNotFound")
}

impl World {
    /// Every target group a service names: (cluster name, service name, group ARN, container port).
    fn target_groups(&self) -> impl Iterator<Item = (&str, &str, &str, Option<i32>)> {
        self.clusters.iter().flat_map(|(cn, c)| {
            c.services.iter().flat_map(move |(sn, s)| {
                s.svc.load_balancers.iter().filter_map(move |lb| {
                    Some((cn.as_str(), sn.as_str(), lb.target_group_arn.as_deref()?, lb.container_port))
                })
            })
        })
    }

    pub fn describe_target_groups(&self, arns: &[String]) -> ApiResult<Vec<TargetGroup>> {
        limits::check_batch("targetGroupArns", arns.len(), DESCRIBE_TARGET_GROUPS)?;
        let alb = format!("arn:aws:elasticloadbalancing:{}:{}:loadbalancer/{PROD_ALB}", ids::REGION, ids::ACCOUNT);
        // Like AWS: one that is gone fails the whole call.
        arns.iter()
            .map(|arn| {
                let (_, _, _, port) = self.target_groups().find(|(_, _, a, _)| a == arn).ok_or_else(not_found)?;
                Ok(TargetGroup {
                    arn: arn.clone(),
                    name: crate::model::target_health::group_name(arn).to_string(),
                    protocol: Some("HTTP".into()),
                    port,
                    load_balancer_arns: vec![alb.clone()],
                })
            })
            .collect()
    }

    pub fn describe_target_health(&self, arn: &str) -> ApiResult<Vec<TargetHealth>> {
        let (cluster, service, _, port) = self.target_groups().find(|(_, _, a, _)| *a == arn).ok_or_else(not_found)?;
        let Some(c) = self.clusters.get(cluster) else { return Err(not_found()) };
        let now = self.now();
        let mut tasks: Vec<&Task> = c
            .tasks
            .values()
            .map(|t| &t.task)
            .filter(|t| t.service_name() == Some(service) && t.last_status != "STOPPED")
            .collect();
        tasks.sort_by(|a, b| a.arn.cmp(&b.arn));
        let mut out: Vec<TargetHealth> = Vec::new();
        let mut failing = service == FAILING;
        for t in tasks {
            let Some((id, target_port)) = registered(t, port, c) else { continue };
            let (state, reason, description) = if t.desired_status == "STOPPED" {
                (TargetState::Draining, Some("Target.DeregistrationInProgress"), "Target deregistration is in progress")
            } else if t.last_status != "RUNNING" {
                continue;
            } else if t.started_at.is_some_and(|s| (now - s).num_seconds() < INITIAL_SECS) {
                (TargetState::Initial, Some("Elb.InitialHealthChecking"), "Initial health checks in progress")
            } else if std::mem::take(&mut failing) {
                (
                    TargetState::Unhealthy,
                    Some("Target.ResponseCodeMismatch"),
                    "Health checks failed with these codes: [502]",
                )
            } else {
                (TargetState::Healthy, None, "")
            };
            out.push(TargetHealth {
                id,
                port: target_port,
                availability_zone: t.availability_zone.clone(),
                state,
                reason: reason.map(str::to_string),
                description: (!description.is_empty()).then(|| description.to_string()),
            });
        }
        if service == FAILING {
            out.push(draining(port));
        }
        Ok(out)
    }
}

/// How ECS registers `task`: its ENI address and the container port, or its instance's EC2 id
/// and the host port bound to the container port.
fn registered(task: &Task, port: Option<i32>, c: &super::world::SimCluster) -> Option<(String, Option<i32>)> {
    if let Some(ip) = &task.private_ip {
        return Some((ip.clone(), port));
    }
    let instance = task.container_instance_arn.as_deref()?;
    let ec2 = c.instances.iter().find(|i| i.arn == instance)?.ec2_id.clone();
    let bound = task.containers.iter().flat_map(|c| &c.network_bindings).find(|b| b.container_port == port)?;
    Some((ec2, bound.host_port))
}

fn draining(port: Option<i32>) -> TargetHealth {
    TargetHealth {
        id: DRAINING_ADDRESS.into(),
        port,
        availability_zone: Some(format!("{}c", ids::REGION)),
        state: TargetState::Draining,
        reason: Some("Target.DeregistrationInProgress".into()),
        description: Some("Target deregistration is in progress".into()),
    }
}

#[async_trait]
impl ElbApi for Simulator {
    async fn describe_target_groups(&self, arns: Vec<String>) -> ApiResult<Vec<TargetGroup>> {
        self.call("DescribeTargetGroups", move |w| w.describe_target_groups(&arns)).await
    }

    async fn describe_target_health(&self, target_group_arn: String) -> ApiResult<Vec<TargetHealth>> {
        self.call("DescribeTargetHealth", move |w| w.describe_target_health(&target_group_arn)).await
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SimOptions, Simulator};
    use crate::api::{ErrorKind, Loader, elb};
    use crate::model::TargetState;
    use crate::model::target_health::owner;
    use chrono::{TimeZone, Utc};
    use std::sync::Arc;

    fn demo() -> Arc<Simulator> {
        let start = Utc.with_ymd_and_hms(2026, 3, 14, 3, 0, 0).single().unwrap_or_default();
        Arc::new(Simulator::demo_at(SimOptions { speed: 0.0, ..Default::default() }, start))
    }

    #[tokio::test]
    async fn every_target_group_answers_and_api_has_an_unhealthy_and_a_draining_target() {
        let sim = demo();
        let loader = Loader::new(sim.clone(), 8);
        let fleet = loader.fleet(None).await.expect("fleet");
        let clients = sim.clients();
        let mut seen = 0;
        for c in &fleet.clusters {
            let instances = loader.container_instances(&c.cluster.arn).await.expect("instances").items;
            for s in &c.services {
                let arns: Vec<String> = s.load_balancers.iter().filter_map(|l| l.target_group_arn.clone()).collect();
                if arns.is_empty() {
                    continue;
                }
                let out = elb::target_health(&*clients.elb, &arns).await;
                let tg = out[0].1.as_ref().expect("the demo's groups answer");
                assert_eq!(tg.load_balancer_arns.len(), 1, "{}", tg.name);
                let running: Vec<_> = c.tasks.iter().filter(|t| t.service_name() == Some(&s.name)).cloned().collect();
                // Every target but the draining address is a task of the service.
                for t in &tg.targets {
                    let owned = owner(t, &running, &instances).is_some();
                    assert_eq!(owned, t.id != super::DRAINING_ADDRESS, "{} {t:?}", s.name);
                }
                let counts = tg.counts();
                if s.name == super::FAILING {
                    assert_eq!((counts.unhealthy, counts.draining), (1, 1), "{}", counts.text());
                    let bad = tg.unhealthy().next().expect("unhealthy");
                    assert_eq!(bad.reason.as_deref(), Some("Target.ResponseCodeMismatch"));
                } else {
                    assert_eq!(counts.unhealthy, 0, "{}: {}", s.name, counts.text());
                }
                assert!(tg.targets.iter().all(|t| t.state != TargetState::Unused));
                seen += 1;
            }
        }
        assert!(seen >= 4, "{seen} services behind the load balancer");
        let e = elb::target_health(&*clients.elb, &["arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/x/0".into()])
            .await;
        assert_eq!(e[0].1.as_ref().map_err(|e| e.kind).err(), Some(ErrorKind::NotFound));
    }
}
