//! The ECS write calls carried out on the world with ECS's validation and error shapes:
//! UpdateService (scale, strategy, forced deployment, exec, task definition),
//! PutClusterCapacityProviders and StopTask. What follows over time (tasks starting,
//! draining, a deployment rolling) is the scheduler's work in `life.rs`.
use super::ids::{self, invalid};
use super::life::new_deployment;
use super::task_states::{self, Stop};
use super::world::{SimCluster, World};
use crate::api::{ApiError, ApiResult, ErrorKind, UpdateService};
use crate::model::{Cluster, Service, Strategy, StrategyError, Task};
use std::collections::BTreeSet;

/// ECS keeps at most this many characters of a StopTask reason.
pub const MAX_STOP_REASON: usize = 255;

fn cluster_not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "Cluster not found.").with_code("ClusterNotFoundException")
}

fn service_not_found() -> ApiError {
    ApiError::new(ErrorKind::NotFound, "Service not found.").with_code("ServiceNotFoundException")
}

/// The words ECS answers an invalid strategy with.
pub fn strategy_message(e: &StrategyError) -> String {
    match e {
        StrategyError::MixedKinds => "The specified capacity provider strategy cannot contain a mix of capacity \
                                      providers using Auto Scaling groups and Fargate providers. Specify one or \
                                      the other and try again."
            .into(),
        other => format!("The specified capacity provider strategy is not valid: {other}."),
    }
}

fn not_associated(provider: &str) -> ApiError {
    invalid(format!(
        "The specified capacity provider strategy cannot contain a capacity provider that is not associated with \
         the cluster ({provider}). Associate the capacity provider with the cluster or specify a valid capacity \
         provider and try again."
    ))
}

/// Fargate, Auto Scaling group, or neither (no strategy and no launch type says nothing).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fargate,
    Asg,
}

fn strategy_kind(s: &Strategy) -> Option<Kind> {
    s.0.first().map(|i| if Strategy::is_fargate_provider(&i.provider) { Kind::Fargate } else { Kind::Asg })
}

fn service_kind(svc: &Service, cluster_default: &Strategy) -> Option<Kind> {
    match svc.launch_type.as_deref() {
        Some("FARGATE") => Some(Kind::Fargate),
        Some(_) => Some(Kind::Asg),
        None => strategy_kind(svc.effective_strategy(cluster_default)),
    }
}

impl World {
    fn cluster_mut(&mut self, name_or_arn: &str) -> ApiResult<&mut SimCluster> {
        self.clusters.get_mut(ids::last_segment(name_or_arn)).ok_or_else(cluster_not_found)
    }

    /// Capacity providers that exist in the account: Fargate's two, and the Auto Scaling
    /// group providers the clusters know.
    fn known_providers(&self) -> BTreeSet<String> {
        let mut out: BTreeSet<String> = ["FARGATE", "FARGATE_SPOT"].iter().map(|p| p.to_string()).collect();
        for c in self.clusters.values() {
            out.extend(c.cluster.capacity_providers.iter().cloned());
            out.extend(c.instances.iter().map(|i| i.provider.clone()));
        }
        out
    }

    pub fn update_service(&mut self, req: &UpdateService) -> ApiResult<Service> {
        let now = self.now();
        if req.desired_count.is_some_and(|n| n < 0) {
            return Err(invalid("Invalid request: desiredCount must be greater than or equal to 0."));
        }
        if let Some(td) = &req.task_definition
            && !self.task_defs.contains_key(td)
            && !self.task_defs.values().any(|d| &format!("{}:{}", d.family, d.revision) == td)
        {
            return Err(ApiError::new(ErrorKind::InvalidInput, "Unable to describe task definition.")
                .with_code("ClientException"));
        }
        let task_definition = req.task_definition.as_ref().and_then(|td| {
            self.task_defs
                .values()
                .find(|d| &d.arn == td || &format!("{}:{}", d.family, d.revision) == td)
                .map(|d| d.arn.clone())
        });
        let World { clusters, rng, .. } = self;
        let c = clusters.get_mut(ids::last_segment(&req.cluster)).ok_or_else(cluster_not_found)?;
        let default = c.cluster.default_strategy.clone();
        let associated = c.cluster.capacity_providers.clone();
        let s = c.services.get_mut(ids::last_segment(&req.service)).ok_or_else(service_not_found)?;
        if s.svc.status != "ACTIVE" {
            return Err(
                ApiError::new(ErrorKind::Other, "Service was not ACTIVE.").with_code("ServiceNotActiveException")
            );
        }
        let force = req.force_new_deployment == Some(true);
        if req.desired_count.is_some() && s.svc.scheduling == "DAEMON" {
            return Err(invalid("The daemon scheduling strategy does not support a desired count for services."));
        }

        // Validate everything before changing anything: a refused call changes nothing.
        let new_strategy = match &req.capacity_provider_strategy {
            Some(strategy) => {
                if strategy.is_empty() && !s.svc.strategy.is_empty() {
                    return Err(invalid(
                        "A service using a capacity provider strategy cannot be updated to use the cluster's \
                         default capacity provider strategy. Specify a capacity provider strategy instead.",
                    ));
                }
                if !strategy.is_empty() {
                    strategy.validate().map_err(|e| invalid(strategy_message(&e)))?;
                    if let Some(p) = strategy.0.iter().find(|i| !associated.contains(&i.provider)) {
                        return Err(not_associated(&p.provider));
                    }
                    if let (Some(was), Some(will)) = (service_kind(&s.svc, &default), strategy_kind(strategy))
                        && was != will
                    {
                        return Err(invalid(
                            "Updating a service between Fargate and Auto Scaling group capacity providers is not \
                             supported. Create a new service instead.",
                        ));
                    }
                    if s.svc.launch_type.is_some() && !force {
                        return Err(invalid(
                            "Updating a service from a launch type to a capacity provider strategy requires a new \
                             deployment. Set forceNewDeployment to true and try again.",
                        ));
                    }
                }
                (strategy != &s.svc.strategy).then(|| strategy.clone())
            }
            None => None,
        };
        if s.svc.controller != "ECS" && (force || new_strategy.is_some() || task_definition.is_some()) {
            return Err(invalid(format!(
                "Unable to update task definition on services with a {} deployment controller. Use AWS \
                 CodeDeploy to trigger a new deployment.",
                s.svc.controller
            )));
        }

        if let Some(n) = req.desired_count {
            s.svc.desired = n;
            if let Some(p) = s.svc.deployments.iter_mut().find(|d| d.status == "PRIMARY") {
                p.desired = n;
            }
        }
        if let Some(on) = req.enable_execute_command {
            // Only tasks started from now on get the agent; running ones keep what they have.
            s.svc.enable_execute_command = on;
        }
        let new_definition = task_definition.filter(|td| td != &s.svc.task_definition);
        if let Some(strategy) = &new_strategy {
            s.svc.strategy = strategy.clone();
            s.svc.launch_type = None;
        }
        if let Some(td) = &new_definition {
            s.svc.task_definition = td.clone();
        }
        if force || new_strategy.is_some() || new_definition.is_some() {
            let dep = new_deployment(&s.svc, &s.svc.task_definition.clone(), now, rng);
            for d in &mut s.svc.deployments {
                d.status = "ACTIVE".into();
            }
            s.svc.deployments.insert(0, dep);
        }
        Ok(s.svc.clone())
    }

    pub fn put_cluster_capacity_providers(
        &mut self,
        cluster: &str,
        providers: &[String],
        default_strategy: &Strategy,
    ) -> ApiResult<Cluster> {
        let known = self.known_providers();
        let c = self.clusters.get(ids::last_segment(cluster)).ok_or_else(cluster_not_found)?;
        if let Some(p) = providers.iter().find(|p| !known.contains(*p)) {
            return Err(invalid(format!(
                "The specified capacity provider ({p}) does not exist. Specify a valid capacity provider and try again."
            )));
        }
        if !default_strategy.is_empty() {
            default_strategy.validate().map_err(|e| invalid(strategy_message(&e)))?;
            if let Some(p) = default_strategy.0.iter().find(|i| !providers.contains(&i.provider)) {
                return Err(not_associated(&p.provider));
            }
        }
        // A provider a service places tasks with cannot be taken away from the cluster.
        let removed: Vec<&String> = c.cluster.capacity_providers.iter().filter(|p| !providers.contains(p)).collect();
        let in_use = c.services.values().filter(|s| s.svc.status == "ACTIVE").any(|s| {
            s.svc.effective_strategy(&c.cluster.default_strategy).0.iter().any(|i| removed.contains(&&i.provider))
        });
        if in_use {
            // `Other`, as the SDK layer classifies this code.
            return Err(ApiError::new(
                ErrorKind::Other,
                "The specified capacity provider is in use and cannot be removed.",
            )
            .with_code("ResourceInUseException"));
        }
        let c = self.cluster_mut(cluster)?;
        c.cluster.capacity_providers = providers.to_vec();
        c.cluster.default_strategy = default_strategy.clone();
        Ok(super::queries::describe_cluster(c))
    }

    pub fn stop_task(&mut self, cluster: &str, task: &str, reason: Option<&str>) -> ApiResult<Task> {
        let now = self.now();
        if reason.is_some_and(|r| r.chars().count() > MAX_STOP_REASON) {
            return Err(invalid(format!("Reason must be at most {MAX_STOP_REASON} characters.")));
        }
        let c = self.clusters.get_mut(ids::last_segment(cluster)).ok_or_else(cluster_not_found)?;
        let cname = c.cluster.name.clone();
        let other_cluster = ids::cluster_of(task).is_some_and(|owner| owner != cname);
        let t = c
            .tasks
            .get_mut(ids::last_segment(task))
            .filter(|_| !other_cluster)
            .ok_or_else(|| invalid("The referenced task was not found."))?;
        // Stopping a task that is already on its way down changes nothing, as in ECS. The
        // service's scheduler notices the missing task on its next step and replaces it.
        if t.task.desired_status == "RUNNING" {
            let reason = reason.filter(|r| !r.trim().is_empty()).unwrap_or("Task stopped by user").to_string();
            task_states::begin_stop(&mut t.task, now, Stop { code: "UserInitiated", reason, culprit: None });
        }
        Ok(t.task.clone())
    }
}
