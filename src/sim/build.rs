//! Helpers that lay down a fleet's history: clusters, task definitions, services with their
//! deployments, tasks started or stopped some time before the simulation begins, events.
use super::ids;
use super::placement;
use super::task_states::{self, Stop};
use super::world::{Behaviour, Fate, Instance, SimCluster, SimService, World};
use crate::model::{
    AwsVpc, CircuitBreaker, Cluster, ContainerDefinition, ContainerDependency, Deployment, EnvironmentVariable,
    HealthCheck, LinuxParameters, LogConfiguration, PortMapping, RuntimePlatform, Secret, Service, Strategy,
    StrategyItem, TaskDefinition, Time,
};
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
    /// CPU is left after the sidecars. Families named `batch-*` run on EC2 (bridge network),
    /// the rest on Fargate; the app container carries `APP_ENV`, `APP_VERSION` (its image
    /// tag) and `LOG_LEVEL`, and in prod a database secret read from Secrets Manager.
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
        let env = family.split('-').next().unwrap_or(family).to_string();
        let ec2 = env == "batch";
        let sidecar_cpu = 128 * (ctrs.len().saturating_sub(1) as u32);
        let sidecars: Vec<String> = ctrs.iter().skip(1).filter(|c| c.essential).map(|c| c.name.to_string()).collect();
        let containers = ctrs
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let app = i == 0;
                let tag = c.image.rsplit_once(':').map(|(_, t)| t.to_string()).unwrap_or_default();
                let mut environment = Vec::new();
                let mut secrets = Vec::new();
                if app {
                    environment = vec![
                        EnvironmentVariable { name: "APP_ENV".into(), value: env.clone() },
                        EnvironmentVariable { name: "APP_VERSION".into(), value: tag },
                        EnvironmentVariable { name: "LOG_LEVEL".into(), value: "info".into() },
                    ];
                    if env == "prod" {
                        secrets.push(Secret {
                            name: "DATABASE_URL".into(),
                            value_from: ids::secret_arn(&format!("prod/{}/database-url", c.name)),
                        });
                    }
                }
                ContainerDefinition {
                    name: c.name.to_string(),
                    image: c.image,
                    cpu: (if c.cpu > 0 {
                        c.cpu
                    } else if app {
                        cpu.saturating_sub(sidecar_cpu)
                    } else {
                        128
                    }) as i32,
                    memory: c.memory.map(|m| m as i32),
                    memory_reservation: None,
                    essential: c.essential,
                    port_mappings: c
                        .port
                        .map(|p| PortMapping {
                            container_port: Some(i32::from(p)),
                            host_port: (!ec2).then_some(i32::from(p)),
                            protocol: Some("tcp".into()),
                            name: Some(format!("{}-{p}-tcp", c.name)),
                        })
                        .into_iter()
                        .collect(),
                    health_check: c.port.filter(|_| c.health).map(|p| HealthCheck {
                        command: vec!["CMD-SHELL".into(), format!("curl -fs http://localhost:{p}/health || exit 1")],
                        interval: Some(30),
                        timeout: Some(5),
                        retries: Some(3),
                        start_period: Some(60),
                    }),
                    log_configuration: Some(LogConfiguration {
                        log_driver: "awslogs".into(),
                        options: [
                            ("awslogs-group", log_group),
                            ("awslogs-region", ids::REGION),
                            ("awslogs-stream-prefix", "ecs"),
                        ]
                        .into_iter()
                        .map(|(k, v)| (k.to_string(), v.to_string()))
                        .collect(),
                    }),
                    environment,
                    secrets,
                    linux_parameters: Some(LinuxParameters { init_process_enabled: Some(app) }),
                    readonly_root_filesystem: Some(app),
                    depends_on: if app {
                        sidecars
                            .iter()
                            .map(|s| ContainerDependency { container_name: s.clone(), condition: "START".into() })
                            .collect()
                    } else {
                        Vec::new()
                    },
                    firelens_configuration: None,
                }
            })
            .collect();
        let def = TaskDefinition {
            arn: arn.clone(),
            family: family.to_string(),
            revision: revision as i32,
            status: Some("ACTIVE".into()),
            cpu: Some(cpu.to_string()),
            memory: Some(memory.to_string()),
            network_mode: Some(if ec2 { "bridge" } else { "awsvpc" }.into()),
            requires_compatibilities: vec![if ec2 { "EC2" } else { "FARGATE" }.into()],
            runtime_platform: Some(RuntimePlatform {
                cpu_architecture: Some("X86_64".into()),
                operating_system_family: Some("LINUX".into()),
            }),
            task_role_arn: Some(ids::role_arn(&format!("{family}-task"))),
            execution_role_arn: Some(ids::role_arn("ecsTaskExecutionRole")),
            container_definitions: containers,
            registered_at: Some(self.ago(86_400 * i64::from(revision.min(400)) / 4)),
        };
        self.w.register(def, false);
        arn
    }

    /// For every family, the revision before the oldest one registered: the same containers
    /// with the app's image one minor version back (and `APP_VERSION` with it), so every
    /// definition has a previous revision to compare with.
    pub fn previous_revisions(&mut self) {
        let mut oldest: BTreeMap<String, TaskDefinition> = BTreeMap::new();
        for d in self.w.task_defs.values() {
            if oldest.get(&d.family).is_none_or(|o| d.revision < o.revision) {
                oldest.insert(d.family.clone(), d.clone());
            }
        }
        for mut d in oldest.into_values().filter(|d| d.revision > 1) {
            d.revision -= 1;
            d.arn = ids::task_definition_arn(&d.family, d.revision as u32);
            d.registered_at = d.registered_at.map(|t| t - Duration::days(6));
            if let Some(c) = d.container_definitions.first_mut()
                && let Some((repo, tag)) = c.image.rsplit_once(':')
            {
                let mut parts: Vec<String> = tag.split('.').map(str::to_string).collect();
                if let Some(minor) = parts.get_mut(1).and_then(|m| m.parse::<u32>().ok().map(|n| (m, n))) {
                    *minor.0 = minor.1.saturating_sub(1).to_string();
                }
                let tag = parts.join(".");
                c.image = format!("{repo}:{tag}");
                set_env(c, "APP_VERSION", &tag);
            }
            self.w.register(d, false);
        }
    }

    pub fn cluster(&mut self, cluster: Cluster) {
        self.w.clusters.insert(cluster.name.clone(), SimCluster::new(cluster));
    }

    /// One container instance of `provider` per zone, of `instance_type` with the CPU units and
    /// MiB its agent registers.
    pub fn instances(
        &mut self,
        cluster: &str,
        provider: &str,
        zones: &[&str],
        instance_type: &str,
        cpu: i32,
        memory: i32,
    ) {
        let registered_at = self.ago(9 * 86_400);
        let Some(c) = self.w.clusters.get_mut(cluster) else { return };
        for z in zones {
            let id = ids::hex(&mut self.w.rng, 32);
            // From the id already drawn, so the rest of the fleet's ids stay as they were.
            let ec2_id = format!("i-0{}", id.get(..16).unwrap_or(&id));
            c.instances.push(Instance {
                arn: ids::container_instance_arn(cluster, &id),
                provider: provider.to_string(),
                zone: z.to_string(),
                ec2_id,
                instance_type: instance_type.to_string(),
                status: "ACTIVE".into(),
                agent_connected: true,
                agent_version: "1.89.2".into(),
                cpu,
                memory,
                registered_at,
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

/// Set (or add) the environment variable `name` of container `c`.
pub fn set_env(c: &mut ContainerDefinition, name: &str, value: &str) {
    match c.environment.iter_mut().find(|e| e.name == name) {
        Some(e) => e.value = value.to_string(),
        None => c.environment.push(EnvironmentVariable { name: name.into(), value: value.into() }),
    }
}
