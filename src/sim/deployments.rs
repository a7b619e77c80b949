//! Service deployments as ECS tracks them (ListServiceDeployments, DescribeServiceDeployments,
//! StopServiceDeployment). Each deployment (`ecs-svc/…`) a service gets — from UpdateService,
//! a release or a circuit-breaker rollback — has one service deployment whose status follows
//! the deployment's rollout. The records are brought up to date whenever one of these calls
//! reads them, from the deployments themselves, so the scheduler in `life.rs` needs no hooks.
use super::ids::{self, invalid};
use super::life::new_deployment;
use super::world::{SimService, SimServiceDeployment, World, push_event};
use crate::api::{
    ApiError, ApiResult, DeploymentAlarms, DeploymentCircuitBreaker, DeploymentRollback, Described, ErrorKind, Page,
    ServiceDeployment, StopType, limits,
};
use crate::model::{Failure, Time};
use rand::rngs::StdRng;

fn digits(deployment: &str) -> &str {
    deployment.rsplit('/').next().unwrap_or(deployment)
}

pub fn arn(cluster: &str, service: &str, deployment: &str) -> String {
    format!(
        "arn:aws:ecs:{}:{}:service-deployment/{cluster}/{service}/{}",
        ids::REGION,
        ids::ACCOUNT,
        digits(deployment)
    )
}

pub fn revision_arn(cluster: &str, service: &str, deployment: &str) -> String {
    format!("arn:aws:ecs:{}:{}:service-revision/{cluster}/{service}/{}", ids::REGION, ids::ACCOUNT, digits(deployment))
}

/// `(cluster, service)` of a service-deployment ARN.
fn parts(arn: &str) -> Option<(&str, &str)> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let mut it = resource.strip_prefix("service-deployment/")?.split('/');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(c), Some(s), Some(_), None) => Some((c, s)),
        _ => None,
    }
}

fn not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "The service deployment does not exist.")
        .with_code("ServiceDeploymentNotFoundException")
}

/// ECS's answer to stopping a deployment that is not ongoing (completed, stopped, rolled back).
fn conflict() -> ApiError {
    ApiError::new(
        ErrorKind::Other,
        "The request could not be processed because of conflict in the current state of the resource: the service \
         deployment is not in progress.",
    )
    .with_code("ConflictException")
}

/// Bring `s`'s records up to date with its deployments, then add one for each deployment that
/// has none (newest first).
fn sync(cluster: &str, s: &mut SimService, now: Time) {
    let deployments = s.svc.deployments.clone();
    let primary = deployments.iter().find(|d| d.status == "PRIMARY").map(|d| d.id.clone());
    let find = |id: &str| deployments.iter().find(|d| d.id == id);
    for r in &mut s.history {
        if let Some(d) = find(&r.deployment) {
            r.failed = d.failed;
        }
        match r.status.as_str() {
            "PENDING" | "IN_PROGRESS" => match find(&r.deployment) {
                Some(d) if d.rollout_state.as_deref() == Some("COMPLETED") && d.status == "PRIMARY" => {
                    r.status = "SUCCESSFUL".into();
                    r.finished_at = Some(now);
                }
                Some(d) if d.rollout_state.as_deref() == Some("FAILED") => {
                    // The circuit breaker failed it; with rollback on, a new primary undoes it.
                    if primary.as_deref().is_some_and(|p| p != r.deployment) {
                        r.status = "ROLLBACK_IN_PROGRESS".into();
                        r.rollback_to = primary.clone();
                    } else {
                        r.status = "STOPPED".into();
                        r.stopped_at = Some(now);
                    }
                    r.reason = d.rollout_reason.clone();
                }
                Some(d) if d.status == "PRIMARY" => {}
                _ => {
                    r.status = "STOPPED".into();
                    r.reason = Some("A newer service deployment replaced it.".into());
                    r.stopped_at = Some(now);
                }
            },
            "ROLLBACK_IN_PROGRESS" => match r.rollback_to.as_deref().and_then(find) {
                Some(d) if d.rollout_state.as_deref() == Some("COMPLETED") => {
                    r.status = "ROLLBACK_SUCCESSFUL".into();
                    r.finished_at = Some(now);
                }
                Some(d) if d.rollout_state.as_deref() != Some("FAILED") => {}
                _ => {
                    r.status = "ROLLBACK_FAILED".into();
                    r.finished_at = Some(now);
                }
            },
            _ => {}
        }
    }
    let name = s.svc.name.clone();
    for (i, d) in deployments.iter().enumerate().rev() {
        let covered = s.history.iter().any(|r| r.deployment == d.id || r.rollback_to.as_deref() == Some(d.id.as_str()));
        if covered {
            continue;
        }
        let status = match (d.status.as_str(), d.rollout_state.as_deref()) {
            (_, Some("COMPLETED")) => "SUCCESSFUL",
            ("PRIMARY", _) => "IN_PROGRESS",
            _ => "STOPPED",
        };
        let created = d.created_at.unwrap_or(now);
        s.history.insert(
            0,
            SimServiceDeployment {
                arn: arn(cluster, &name, &d.id),
                deployment: d.id.clone(),
                source: deployments.get(i + 1).map(|o| o.id.clone()),
                status: status.into(),
                reason: None,
                rollback_to: None,
                created_at: created,
                finished_at: (status == "SUCCESSFUL").then(|| d.updated_at.unwrap_or(created)),
                stopped_at: (status == "STOPPED").then_some(now),
                failed: d.failed,
                triggered_alarms: Vec::new(),
            },
        );
    }
    s.history.sort_by_key(|r| std::cmp::Reverse(r.created_at));
}

/// ECS keeps service deployments this long; older ones it lists no more and describes as
/// `MISSING` (the demo keeps listing one such to show it).
pub const RETENTION_DAYS: i64 = 90;

fn describe(cluster: &str, s: &SimService, r: &SimServiceDeployment) -> ServiceDeployment {
    let name = &s.svc.name;
    let rolled_back = r.status.starts_with("ROLLBACK_");
    let by_alarm = !r.triggered_alarms.is_empty();
    let breaker = s.svc.circuit_breaker.filter(|b| b.enable).map(|_| DeploymentCircuitBreaker {
        status: Some(
            match r.status.as_str() {
                "PENDING" | "IN_PROGRESS" => "MONITORING",
                _ if rolled_back && !by_alarm => "TRIGGERED",
                _ => "MONITORING_COMPLETE",
            }
            .into(),
        ),
        failure_count: r.failed,
        threshold: (s.svc.desired / 2).clamp(3, 200),
    });
    let alarms = (!s.behaviour.alarms.is_empty()).then(|| DeploymentAlarms {
        status: Some(if by_alarm { "TRIGGERED" } else { "MONITORING_COMPLETE" }.into()),
        alarm_names: s.behaviour.alarms.clone(),
        triggered_alarm_names: r.triggered_alarms.clone(),
    });
    let rollback = r.rollback_to.as_ref().map(|to| DeploymentRollback {
        reason: r.reason.clone(),
        started_at: Some(r.finished_at.or(r.stopped_at).unwrap_or(r.created_at)),
        service_revision_arn: Some(revision_arn(cluster, name, to)),
    });
    ServiceDeployment {
        arn: r.arn.clone(),
        service_arn: s.svc.arn.clone(),
        cluster_arn: ids::cluster_arn(cluster),
        status: r.status.clone(),
        status_reason: r.reason.clone(),
        target_revision: Some(revision_arn(cluster, name, &r.deployment)),
        source_revisions: r.source.iter().map(|d| revision_arn(cluster, name, d)).collect(),
        created_at: Some(r.created_at),
        started_at: Some(r.created_at),
        finished_at: r.finished_at,
        stopped_at: r.stopped_at,
        updated_at: Some(r.finished_at.or(r.stopped_at).unwrap_or(r.created_at)),
        circuit_breaker: breaker,
        alarms,
        rollback,
    }
}

impl World {
    fn service_for(&mut self, cluster: &str, service: &str) -> ApiResult<(String, &mut SimService, &mut StdRng)> {
        let now = self.now();
        let World { clusters, rng, task_defs, service_revisions, .. } = self;
        let c = clusters.get_mut(ids::last_segment(cluster)).ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound, "Cluster not found.").with_code("ClusterNotFoundException")
        })?;
        let cname = c.cluster.name.clone();
        let s = c.services.get_mut(ids::last_segment(service)).ok_or_else(|| {
            ApiError::new(ErrorKind::NotFound, "Service not found.").with_code("ServiceNotFoundException")
        })?;
        sync(&cname, s, now);
        super::revisions::record_service(&cname, s, task_defs, service_revisions);
        Ok((cname, s, rng))
    }

    pub fn list_service_deployments(
        &mut self,
        cluster: &str,
        service: &str,
        statuses: &[String],
        token: Option<String>,
    ) -> ApiResult<Page> {
        let (cname, s, _) = self.service_for(cluster, service)?;
        let scope = format!("ListServiceDeployments {cname} {} {}", s.svc.name, statuses.join(","));
        let after = match token.filter(|t| !t.is_empty()) {
            Some(t) => Some(ids::decode_token(&scope, &t)?),
            None => None,
        };
        let mut matching = s
            .history
            .iter()
            .filter(|r| statuses.is_empty() || statuses.contains(&r.status))
            .skip_while(|r| after.as_deref().is_some_and(|a| a != r.arn))
            .skip(usize::from(after.is_some()));
        let arns: Vec<String> = matching.by_ref().take(limits::LIST_PAGE).map(|r| r.arn.clone()).collect();
        let next_token = match arns.last() {
            Some(last) if matching.next().is_some() => Some(ids::encode_token(&scope, last)),
            _ => None,
        };
        Ok(Page { arns, next_token })
    }

    pub fn describe_service_deployments(&mut self, arns: &[String]) -> ApiResult<Described<ServiceDeployment>> {
        if arns.is_empty() {
            return Err(invalid("ServiceDeploymentArns cannot be empty."));
        }
        limits::check_batch("ServiceDeploymentArns", arns.len(), limits::DESCRIBE_SERVICE_DEPLOYMENTS)?;
        let horizon = self.now() - chrono::Duration::days(RETENTION_DAYS);
        let mut out = Described::default();
        for a in arns {
            let found = parts(a).and_then(|(c, svc)| {
                let (cname, s, _) = self.service_for(c, svc).ok()?;
                let r = s.history.iter().find(|r| &r.arn == a && r.created_at > horizon)?;
                Some(describe(&cname, s, r))
            });
            match found {
                Some(d) => out.items.push(d),
                None => out.failures.push(Failure { arn: a.clone(), reason: "MISSING".into(), detail: None }),
            }
        }
        Ok(out)
    }

    pub fn stop_service_deployment(&mut self, arn: &str, stop_type: StopType) -> ApiResult<String> {
        let now = self.now();
        let (c, svc) = parts(arn).ok_or_else(|| invalid("Invalid service deployment ARN."))?;
        let (_, s, rng) = self.service_for(c, svc).map_err(|_| not_found())?;
        let idx = s.history.iter().position(|r| r.arn == arn).ok_or_else(not_found)?;
        if !matches!(s.history[idx].status.as_str(), "PENDING" | "IN_PROGRESS") {
            return Err(conflict());
        }
        let stopping = s.history[idx].deployment.clone();
        let name = s.svc.name.clone();
        match stop_type {
            StopType::Abort => {
                if let Some(d) = s.svc.deployments.iter_mut().find(|d| d.id == stopping) {
                    d.rollout_state = Some("FAILED".into());
                    d.rollout_reason = Some("Service deployment stopped (ABORT).".into());
                    d.updated_at = Some(now);
                }
                let r = &mut s.history[idx];
                r.status = "STOPPED".into();
                r.reason = Some("Stopped by StopServiceDeployment (ABORT).".into());
                r.stopped_at = Some(now);
            }
            StopType::Rollback => {
                // Back to what ran before: the source deployment's definition and placement,
                // or (when it is no longer listed) the last definition that completed.
                let source =
                    s.history[idx].source.as_ref().and_then(|id| s.svc.deployments.iter().find(|d| &d.id == id));
                let (td, strategy, launch_type) = match source {
                    Some(d) => (d.task_definition.clone(), d.strategy.clone(), d.launch_type.clone()),
                    None if !s.behaviour.last_good.is_empty() => {
                        (s.behaviour.last_good.clone(), s.svc.strategy.clone(), s.svc.launch_type.clone())
                    }
                    None => return Err(conflict()),
                };
                for d in &mut s.svc.deployments {
                    if d.id == stopping {
                        d.rollout_state = Some("FAILED".into());
                        d.rollout_reason = Some("Service deployment rolled back by StopServiceDeployment.".into());
                        d.updated_at = Some(now);
                    }
                    d.status = "ACTIVE".into();
                }
                s.svc.task_definition = td.clone();
                s.svc.strategy = strategy;
                s.svc.launch_type = launch_type;
                let dep = new_deployment(&s.svc, &td, now, rng);
                let msg = format!("(service {name}) rolling back to deployment {}.", dep.id);
                let r = &mut s.history[idx];
                r.status = "ROLLBACK_IN_PROGRESS".into();
                r.reason = Some("Rollback requested by StopServiceDeployment.".into());
                r.rollback_to = Some(dep.id.clone());
                s.svc.deployments.insert(0, dep);
                push_event(&mut s.svc, rng, now, msg);
            }
        }
        Ok(arn.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_their_cluster_and_service() {
        let a = arn("prod", "api", "ecs-svc/1234567890123456789");
        assert_eq!(a, "arn:aws:ecs:eu-west-1:123456789012:service-deployment/prod/api/1234567890123456789");
        assert_eq!(parts(&a), Some(("prod", "api")));
        assert_eq!(parts("arn:aws:ecs:eu-west-1:1:service/prod/api"), None);
        assert_eq!(parts("nonsense"), None);
    }
}
