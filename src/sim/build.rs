//! Helpers that lay down a fleet's history: clusters, task definitions, services with their
//! deployments, tasks started or stopped some time before the simulation begins, events.
use super::ids;
use super::placement;
use super::task_states::{self, Stop};
use super::world::{
    AwsLogs, Behaviour, ContainerDefinition, Fate, Instance, SimCluster, SimService, TaskDefinition, World,
};
use crate::model::{AwsVpc, CircuitBreaker, Cluster, Deployment, Service, Strategy, StrategyItem, Time};
use chrono::Duration;
use std::collections::BTreeMap;

pub fn strategy(items: &[(&str, i32, i32)]) -> Strategy {
    Strategy(items.iter().map(|(p, b, w)| StrategyItem { provider: p.to_string(), base: *b, weight: *w }).collect())
}

pub fn tags(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

/// A container of a task definition: name, image, port, whether it has a health check.
pub struct Ctr<'a> {
    pub name: &'a str,
    pub image: String,
    pub port: Option<u16>,
    pub health: bool,
    pub essential: bool,
    pub cpu: u32,
    pub memory: Option<u32>,
}

impl<'a> Ctr<'a> {
    pub fn app(name: &'a str, repo: &str, tag: &str, port: Option<u16>) -> Self {
        Self { name, image: ids::image(repo, tag), port, health: port.is_some(), essential: true, cpu: 0, memory: None }
    }

    pub fn sidecar(name: &'a str, image: &str, essential: bool) -> Self {
        Self { name, image: image.to_string(), port: None, health: false, essential, cpu: 0, memory: None }
    }
}

pub struct Builder<'a> {
    pub w: &'a mut World,
}

impl Builder<'_> {
    pub fn ago(&self, secs: i64) -> Time {
        self.w.start - Duration::seconds(secs)
    }

    /// Register `family:revision` with awslogs to `log_group`; the first container gets what
    /// CPU is left after the sidecars.
    pub fn task_def(
        &mut self,
        family: &str,
        revision: u32,
        cpu: u32,
        memory: u32,
        log_group: &str,
        ctrs: Vec<Ctr>,
    ) -> String {
        let arn = ids::task_definition_arn(family, revision);
        let sidecar_cpu = 128 * (ctrs.len().saturating_sub(1) as u32);
        let containers = ctrs
            .into_iter()
            .enumerate()
            .map(|(i, c)| ContainerDefinition {
                name: c.name.to_string(),
                image: c.image,
                essential: c.essential,
                cpu: if c.cpu > 0 {
                    c.cpu
                } else if i == 0 {
                    cpu.saturating_sub(sidecar_cpu)
                } else {
                    128
                },
                memory: c.memory,
                port: c.port,
                health_check: c.health,
                awslogs: Some(AwsLogs {
                    group: log_group.to_string(),
                    region: ids::REGION.to_string(),
                    stream_prefix: "ecs".into(),
                }),
            })
            .collect();
        let def = TaskDefinition {
            arn: arn.clone(),
            family: family.to_string(),
            revision,
            cpu: cpu.to_string(),
            memory: memory.to_string(),
            containers,
        };
        self.w.register(def, false);
        arn
    }

    pub fn cluster(&mut self, cluster: Cluster) {
        self.w.clusters.insert(cluster.name.clone(), SimCluster::new(cluster));
    }

    pub fn instances(&mut self, cluster: &str, provider: &str, zones: &[&str]) {
        let Some(c) = self.w.clusters.get_mut(cluster) else { return };
        for z in zones {
            let id = ids::hex(&mut self.w.rng, 32);
            c.instances.push(Instance {
                arn: ids::container_instance_arn(cluster, &id),
                provider: provider.to_string(),
                zone: z.to_string(),
            });
        }
    }

    /// An active ECS-controlled replica service created `days` ago, on the cluster's default strategy.
    pub fn service(&mut self, cluster: &str, name: &str, desired: i32, days: i64) -> Service {
        let default = self.w.clusters.get(cluster).map(|c| c.cluster.default_strategy.clone()).unwrap_or_default();
        // Fargate tasks run in awsvpc mode: the cluster's private subnets and the service's
        // own security group (fixed names, so the seeded random stream is unchanged).
        let fargate = default.0.iter().all(|i| Strategy::is_fargate_provider(&i.provider));
        let network = fargate.then(|| AwsVpc {
            subnets: ["a", "b", "c"].iter().map(|z| format!("subnet-{cluster}-private-{z}")).collect(),
            security_groups: vec![format!("sg-{cluster}-{name}")],
            assign_public_ip: Some("DISABLED".into()),
        });
        Service {
            arn: ids::service_arn(cluster, name),
            name: name.to_string(),
            cluster_arn: ids::cluster_arn(cluster),
            status: "ACTIVE".into(),
            desired,
            strategy: default,
            controller: "ECS".into(),
            scheduling: "REPLICA".into(),
            platform_version: Some("LATEST".into()),
            circuit_breaker: Some(CircuitBreaker { enable: true, rollback: true }),
            min_healthy_percent: Some(100),
            max_percent: Some(200),
            network,
            created_at: Some(self.ago(days * 86_400)),
            tags: tags(&[("env", cluster), ("service", name)]),
            ..Default::default()
        }
    }

    pub fn add_service(&mut self, svc: Service, mut behaviour: Behaviour) {
        let cluster = crate::model::arn_name(&svc.cluster_arn).to_string();
        let Some(c) = self.w.clusters.get_mut(&cluster) else { return };
        if behaviour.last_good.is_empty() {
            behaviour.last_good = svc.task_definition.clone();
        }
        c.services.insert(svc.name.clone(), SimService { svc, behaviour, history: Vec::new() });
    }

    /// Add a deployment (newest first); `rollout` is `None` for non-ECS controllers.
    pub fn deployment(
        &mut self,
        cluster: &str,
        svc: &str,
        def: &str,
        status: &str,
        rollout: Option<&str>,
        ago: i64,
    ) -> String {
        let id = ids::deployment_id(&mut self.w.rng);
        let at = self.ago(ago);
        let Some(s) = self.w.clusters.get_mut(cluster).and_then(|c| c.services.get_mut(svc)) else { return id };
        let reason = rollout.map(|r| match r {
            "COMPLETED" => format!("ECS deployment {id} completed."),
            "FAILED" => "ECS deployment circuit breaker: tasks failed to start.".to_string(),
            _ => format!("ECS deployment {id} in progress."),
        });
        s.svc.deployments.push(Deployment {
            id: id.clone(),
            status: status.into(),
            task_definition: def.to_string(),
            desired: s.svc.desired,
            rollout_state: rollout.map(str::to_string),
            rollout_reason: reason,
            launch_type: s.svc.launch_type.clone(),
            strategy: s.svc.strategy.clone(),
            created_at: Some(at),
            updated_at: Some(at),
            ..Default::default()
        });
        s.svc.deployments.sort_by_key(|d| std::cmp::Reverse(d.created_at));
        id
    }

    fn launch(&mut self, cluster: &str, svc: &str, dep: &str, created: Time) -> Option<String> {
        let def = self.w.clusters.get(cluster)?.services.get(svc)?.svc.deployments.iter().find(|d| d.id == dep)?;
        let def = def.task_definition.clone();
        let World { clusters, task_defs, rng, .. } = &mut *self.w;
        placement::launch(clusters.get_mut(cluster)?, task_defs, svc, dep, &def, created, rng)
    }

    fn with_task(
        &mut self,
        cluster: &str,
        id: &str,
        f: impl FnOnce(&mut super::world::SimTask, &mut rand::rngs::StdRng),
    ) {
        let World { clusters, rng, .. } = &mut *self.w;
        if let Some(t) = clusters.get_mut(cluster).and_then(|c| c.tasks.get_mut(id)) {
            f(t, rng);
        }
    }

    /// `n` healthy running tasks, started about `age` seconds ago (a little apart).
    pub fn running(&mut self, cluster: &str, svc: &str, dep: &str, n: usize, age: i64) -> Vec<String> {
        let mut out = Vec::new();
        for i in 0..n {
            let started = self.ago(age - 7 * i as i64);
            let Some(id) = self.launch(cluster, svc, dep, started - Duration::seconds(45)) else { break };
            self.with_task(cluster, &id, |t, rng| {
                task_states::mark_running(&mut t.task, started, rng);
                task_states::mark_healthy(&mut t.task);
            });
            out.push(id);
        }
        out
    }

    /// `n` tasks still starting (created `age` seconds ago).
    pub fn starting(&mut self, cluster: &str, svc: &str, dep: &str, n: usize, age: i64) -> Vec<String> {
        (0..n).filter_map(|_| self.launch(cluster, svc, dep, self.ago(age))).collect()
    }

    pub fn set_fate(&mut self, cluster: &str, id: &str, fate: Fate) {
        self.with_task(cluster, id, |t, _| t.fate = fate);
    }

    /// A task that ran and stopped `ago` seconds ago; `ran` is how long it ran (0: never started).
    pub fn stopped(&mut self, cluster: &str, svc: &str, dep: &str, ago: i64, ran: i64, stop: Stop<'_>) -> String {
        let stop_at = self.ago(ago);
        let Some(id) = self.launch(cluster, svc, dep, stop_at - Duration::seconds(ran + 40)) else {
            return String::new();
        };
        self.with_task(cluster, &id, |t, rng| {
            if ran > 0 {
                task_states::mark_running(&mut t.task, stop_at - Duration::seconds(ran), rng);
            }
            task_states::begin_stop(&mut t.task, stop_at, stop);
            while t.task.last_status != "STOPPED" {
                task_states::step_stop(&mut t.task, stop_at + Duration::seconds(30));
            }
        });
        id
    }

    pub fn set_provider(&mut self, cluster: &str, id: &str, provider: &str) {
        self.with_task(cluster, id, |t, _| t.task.capacity_provider = Some(provider.to_string()));
    }

    /// Append an event `ago` seconds old; call oldest first (events are kept newest first).
    pub fn event(&mut self, cluster: &str, svc: &str, ago: i64, message: String) {
        let at = self.ago(ago);
        let World { clusters, rng, .. } = &mut *self.w;
        if let Some(s) = clusters.get_mut(cluster).and_then(|c| c.services.get_mut(svc)) {
            super::world::push_event(&mut s.svc, rng, at, message);
        }
    }

    pub fn started_event(&mut self, cluster: &str, svc: &str, ago: i64, tasks: &[String]) {
        let list = tasks.iter().map(|t| format!("(task {t})")).collect::<Vec<_>>().join(" ");
        self.event(cluster, svc, ago, format!("(service {svc}) has started {} tasks: {list}.", tasks.len()));
    }

    pub fn steady_event(&mut self, cluster: &str, svc: &str, ago: i64) {
        self.event(cluster, svc, ago, format!("(service {svc}) has reached a steady state."));
    }
}
