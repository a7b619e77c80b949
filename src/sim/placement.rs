//! Making and placing new tasks the way ECS does: capacity provider by the service's effective
//! strategy (base first, then weights), spread over zones or instances, containers from the
//! task definition.
use super::ids;
use super::world::{SimCluster, SimTask, TaskDefinition};
use crate::model::{Container, ManagedAgent, Service, Task, Time};
use rand::rngs::StdRng;
use std::collections::BTreeMap;

const EXEC_AGENT: &str = "ExecuteCommandAgent";

/// Where a new task goes.
#[derive(Debug, Clone, Default)]
pub struct Placement {
    pub provider: Option<String>,
    pub launch_type: String,
    pub zone: String,
    pub instance: Option<String>,
}

fn is_fargate(provider: &str) -> bool {
    provider.starts_with("FARGATE")
}

/// Choose provider, zone and instance for one more task of `service`'s `deployment`, given its
/// live tasks. The strategy's split counts the deployment's own tasks: a new deployment (a
/// strategy change, a rollback) is placed by its strategy, not skewed by the tasks it replaces.
pub fn place(c: &SimCluster, service: &str, deployment: &str) -> Option<Placement> {
    let svc = &c.services.get(service)?.svc;
    let alive: Vec<&SimTask> = c.tasks.values().filter(|t| t.alive() && t.service() == Some(service)).collect();
    let strategy = svc.effective_strategy(&c.cluster.default_strategy);
    let provider = if strategy.is_empty() {
        None
    } else {
        let own: Vec<&&SimTask> = alive.iter().filter(|t| t.deployment() == Some(deployment)).collect();
        let expected = strategy.expected_split(own.len() as u32 + 1);
        let count = |p: &str| own.iter().filter(|t| t.task.capacity_provider.as_deref() == Some(p)).count() as u32;
        // A Spot capacity shortage: no more FARGATE_SPOT tasks fit, and Fargate never falls
        // back to on-demand for them; the other providers still get their share.
        let spot_alive = alive.iter().filter(|t| t.task.capacity_provider.as_deref() == Some("FARGATE_SPOT")).count();
        let spot_cap = c.services.get(service)?.behaviour.spot_capacity;
        let blocked = |p: &str| p == "FARGATE_SPOT" && spot_cap.is_some_and(|cap| spot_alive >= cap);
        let shorts: Vec<&String> = expected.iter().filter(|(p, want)| count(p) < *want).map(|(p, _)| p).collect();
        match shorts.iter().find(|p| !blocked(p)) {
            Some(p) => Some((*p).clone()),
            None if !shorts.is_empty() => {
                let at_desired = strategy.expected_split(svc.desired.max(0) as u32);
                let open = at_desired.iter().find(|(p, want)| count(p) < *want && !blocked(p));
                Some(open?.0.clone())
            }
            None => strategy.0.iter().find(|i| i.weight > 0).map(|i| i.provider.clone()),
        }
    };
    let launch_type = match (&provider, &svc.launch_type) {
        (Some(p), _) if is_fargate(p) => "FARGATE".to_string(),
        (Some(_), _) => "EC2".to_string(),
        (None, Some(lt)) => lt.clone(),
        (None, None) => "FARGATE".to_string(),
    };
    let zone_load = |z: &str| alive.iter().filter(|t| t.task.availability_zone.as_deref() == Some(z)).count();
    let mut placement = Placement { provider: provider.clone(), launch_type, ..Default::default() };
    if placement.launch_type == "EC2" {
        let daemon = svc.scheduling == "DAEMON";
        // ECS places nothing on a draining instance or one whose agent is disconnected.
        let candidates = c
            .instances
            .iter()
            .filter(|i| i.status == "ACTIVE" && i.agent_connected)
            .filter(|i| provider.as_deref().is_none_or(|p| i.provider == p));
        let load = |arn: &str| {
            let mine = alive.iter().filter(|t| t.task.container_instance_arn.as_deref() == Some(arn)).count();
            let all = c.tasks.values().filter(|t| t.alive() && t.task.container_instance_arn.as_deref() == Some(arn));
            (mine, all.count())
        };
        let best = candidates.filter(|i| !daemon || load(&i.arn).0 == 0).min_by_key(|i| load(&i.arn))?;
        placement.instance = Some(best.arn.clone());
        placement.zone = best.zone.clone();
    } else {
        placement.zone = ids::ZONES.iter().min_by_key(|z| zone_load(z)).copied().unwrap_or(ids::ZONES[0]).to_string();
    }
    Some(placement)
}

/// A new task of `svc` in its first state (PROVISIONING on Fargate, PENDING on EC2).
pub fn build_task(
    cluster: &str,
    svc: &Service,
    def: &TaskDefinition,
    deployment: &str,
    at: Time,
    placement: &Placement,
    rng: &mut StdRng,
) -> Task {
    let id = ids::hex(rng, 32);
    let fargate = placement.launch_type == "FARGATE";
    let first = if fargate { "PROVISIONING" } else { "PENDING" };
    let awsvpc = def.network_mode.as_deref().is_none_or(|m| m == "awsvpc") || fargate;
    let containers = def
        .container_definitions
        .iter()
        .map(|cd| Container {
            name: cd.name.clone(),
            arn: Some(ids::container_arn(cluster, &id, &ids::uuid(rng))),
            image: Some(cd.image.clone()),
            last_status: Some("PENDING".into()),
            exit_code: None,
            reason: None,
            health: cd.health_check.as_ref().map(|_| "UNKNOWN".to_string()),
            runtime_id: None,
            cpu: Some(cd.cpu.to_string()),
            memory: cd.memory.map(|m| m.to_string()),
            managed_agents: if svc.enable_execute_command {
                vec![ManagedAgent { name: EXEC_AGENT.into(), last_status: Some("PENDING".into()), reason: None }]
            } else {
                Vec::new()
            },
            network_bindings: if awsvpc { Vec::new() } else { bindings(cd, &id) },
        })
        .collect();
    Task {
        arn: ids::task_arn(cluster, &id),
        cluster_arn: ids::cluster_arn(cluster),
        task_definition: def.arn.clone(),
        group: Some(format!("service:{}", svc.name)),
        started_by: Some(deployment.to_string()),
        last_status: first.into(),
        desired_status: "RUNNING".into(),
        health: Some("UNKNOWN".into()),
        launch_type: Some(placement.launch_type.clone()),
        capacity_provider: placement.provider.clone(),
        availability_zone: Some(placement.zone.clone()),
        // Services ask for LATEST; tasks report the version they actually run on.
        platform_version: fargate.then(|| "1.4.0".to_string()),
        cpu: def.cpu.clone(),
        memory: def.memory.clone(),
        enable_execute_command: svc.enable_execute_command,
        container_instance_arn: placement.instance.clone(),
        created_at: Some(at),
        started_at: None,
        stopping_at: None,
        stopped_at: None,
        stopped_reason: None,
        stop_code: None,
        containers,
        private_ip: awsvpc.then(|| eni_address(&id)),
    }
}

/// A private address in the demo VPC, from the task id (no draw from the seed, so adding it
/// left every other simulated value as it was).
fn eni_address(id: &str) -> String {
    let byte = |i: usize| id.get(i..i + 2).and_then(|h| u8::from_str_radix(h, 16).ok()).unwrap_or(0);
    format!("10.0.{}.{}", byte(0) % 64, byte(2).max(4))
}

/// Bridge mode: each mapped container port on a host port from the ephemeral range (the one
/// mapped when the definition fixes it), from the task id.
fn bindings(cd: &crate::model::ContainerDefinition, id: &str) -> Vec<crate::model::NetworkBinding> {
    let seed = id.get(..4).and_then(|h| u16::from_str_radix(h, 16).ok()).unwrap_or(0) as i32;
    cd.port_mappings
        .iter()
        .enumerate()
        .map(|(i, pm)| crate::model::NetworkBinding {
            container_port: pm.container_port,
            host_port: pm.host_port.filter(|p| *p > 0).or(Some(32768 + (seed + i as i32) % 28000)),
        })
        .collect()
}

/// Place and create a task for `service`'s deployment; `None` when nothing can host it.
pub fn launch(
    c: &mut SimCluster,
    defs: &BTreeMap<String, TaskDefinition>,
    service: &str,
    deployment: &str,
    def_arn: &str,
    at: Time,
    rng: &mut StdRng,
) -> Option<String> {
    let placement = place(c, service, deployment)?;
    let def = defs.get(def_arn)?;
    let svc = &c.services.get(service)?.svc;
    let task = build_task(&c.cluster.name, svc, def, deployment, at, &placement, rng);
    let id = ids::last_segment(&task.arn).to_string();
    c.insert_task(id.clone(), SimTask { task, fate: super::world::Fate::Stays });
    Some(id)
}
