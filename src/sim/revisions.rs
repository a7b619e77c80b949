//! Service revisions as ECS keeps them (DescribeServiceRevisions): one for every deployment a
//! service gets, holding what that deployment deployed — its task definition, placement, load
//! balancers, discovery and the images (with digests) of its containers. A revision is taken
//! from the deployment itself (which carries its task definition and placement), so it is the
//! same whenever it is recorded: at each step of the world, when the deployment calls read a
//! service, and for the demo's history when the fleet is built.
use super::ids::{self, invalid};
use super::world::{SimCluster, SimService, TaskDefinition, World};
use crate::api::{ApiResult, Described, limits};
use crate::model::{ContainerImage, Deployment, Failure, ServiceRevision, Strategy, Time};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;

/// The revision of deployment `d` of `s` in `cluster` (a name).
pub fn of(cluster: &str, s: &SimService, d: &Deployment, defs: &BTreeMap<String, TaskDefinition>) -> ServiceRevision {
    let svc = &s.svc;
    let container_images = defs
        .get(&d.task_definition)
        .map(|td| {
            td.container_definitions
                .iter()
                .map(|c| ContainerImage {
                    container_name: c.name.clone(),
                    image: c.image.clone(),
                    image_digest: Some(digest(&c.image)),
                })
                .collect()
        })
        .unwrap_or_default();
    ServiceRevision {
        arn: super::deployments::revision_arn(cluster, &svc.name, &d.id),
        service_arn: svc.arn.clone(),
        cluster_arn: ids::cluster_arn(cluster),
        task_definition: d.task_definition.clone(),
        strategy: d.strategy.clone(),
        launch_type: d.launch_type.clone(),
        platform_version: svc.platform_version.clone(),
        platform_family: None,
        load_balancers: svc.load_balancers.clone(),
        service_registries: svc.service_registries.clone(),
        network: svc.network.clone(),
        container_images,
        guard_duty_enabled: false,
        service_connect: svc.service_connect.as_ref().filter(|sc| sc.enabled).and_then(|sc| sc.namespace.clone()),
        created_at: d.created_at,
    }
}

/// What ECS resolves a tag to: fixed per image, so the same image keeps its digest.
fn digest(image: &str) -> String {
    let hash = Sha256::digest(image.as_bytes());
    format!("sha256:{}", hash.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

/// Record a revision for every current deployment of `c`'s services that has none yet.
pub fn record(c: &SimCluster, defs: &BTreeMap<String, TaskDefinition>, out: &mut BTreeMap<String, ServiceRevision>) {
    let cluster = &c.cluster.name;
    for s in c.services.values() {
        record_service(cluster, s, defs, out);
    }
}

/// [`record`] for one service.
pub fn record_service(
    cluster: &str,
    s: &SimService,
    defs: &BTreeMap<String, TaskDefinition>,
    out: &mut BTreeMap<String, ServiceRevision>,
) {
    for d in &s.svc.deployments {
        let arn = super::deployments::revision_arn(cluster, &s.svc.name, &d.id);
        out.entry(arn).or_insert_with(|| of(cluster, s, d, defs));
    }
}

/// `(cluster, service)` of a service-revision ARN.
fn parts(arn: &str) -> Option<(&str, &str)> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let mut it = resource.strip_prefix("service-revision/")?.split('/');
    match (it.next(), it.next(), it.next(), it.next()) {
        (Some(c), Some(s), Some(_), None) => Some((c, s)),
        _ => None,
    }
}

impl World {
    /// A revision of a deployment that is no longer current (the demo's history): deployment
    /// `deployment` of `service` in `cluster`, running `task_definition` with `placement`
    /// (a strategy, or the service's own when `None`), created at `at`.
    pub fn past_revision(
        &mut self,
        cluster: &str,
        service: &str,
        deployment: &str,
        task_definition: &str,
        placement: Option<Strategy>,
        at: Time,
    ) {
        let Some(s) = self.clusters.get(cluster).and_then(|c| c.services.get(service)) else { return };
        let d = Deployment {
            id: deployment.to_string(),
            task_definition: task_definition.to_string(),
            strategy: placement.unwrap_or_else(|| s.svc.strategy.clone()),
            launch_type: s.svc.launch_type.clone(),
            created_at: Some(at),
            ..Default::default()
        };
        let r = of(cluster, s, &d, &self.task_defs);
        self.service_revisions.insert(r.arn.clone(), r);
    }

    pub fn describe_service_revisions(&mut self, arns: &[String]) -> ApiResult<Described<ServiceRevision>> {
        if arns.is_empty() {
            return Err(invalid("ServiceRevisionArns cannot be empty."));
        }
        limits::check_batch("ServiceRevisionArns", arns.len(), limits::DESCRIBE_SERVICE_REVISIONS)?;
        let mut out = Described::default();
        for a in arns {
            // The service's current deployments first: a revision exists as soon as they do.
            if let Some((c, svc)) = parts(a)
                && let Some(s) = self.clusters.get(c).and_then(|cl| cl.services.get(svc))
            {
                record_service(c, s, &self.task_defs, &mut self.service_revisions);
            }
            match self.service_revisions.get(a) {
                Some(r) => out.items.push(r.clone()),
                None => out.failures.push(Failure { arn: a.clone(), reason: "MISSING".into(), detail: None }),
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_name_their_cluster_and_service_and_digests_are_stable() {
        let a = super::super::deployments::revision_arn("prod", "api", "ecs-svc/1234567890123456789");
        assert_eq!(parts(&a), Some(("prod", "api")));
        assert_eq!(parts("arn:aws:ecs:eu-west-1:1:service-deployment/prod/api/1"), None);
        assert_eq!(parts("nonsense"), None);
        assert_eq!(digest("api:1.0.0"), digest("api:1.0.0"));
        assert_ne!(digest("api:1.0.0"), digest("api:1.1.0"));
        assert_eq!(digest("x").len(), "sha256:".len() + 64);
    }
}
