//! A large, static fleet for load tests: `clusters × services`, with tasks spread evenly over
//! the services and placed by the strategy. Nothing moves, so calls cost only their latency.
use super::build::{Builder, Ctr, strategy, tags};
use super::ids;
use super::placement::{self, Placement};
use super::task_states;
use super::world::{Behaviour, SimTask, World};
use crate::model::{Cluster, ExecConfig};

pub fn build(w: &mut World, clusters: usize, services: usize, tasks_per_cluster: usize) {
    let mut b = Builder { w };
    let def = b.task_def("load-app", 1, 256, 512, "/ecs/load/app", vec![Ctr::app("app", "app", "1.0.0", Some(8080))]);
    for ci in 0..clusters {
        let cname = format!("load-{:02}", ci + 1);
        b.cluster(Cluster {
            arn: ids::cluster_arn(&cname),
            name: cname.clone(),
            status: "ACTIVE".into(),
            capacity_providers: vec!["FARGATE".into(), "FARGATE_SPOT".into()],
            default_strategy: strategy(&[("FARGATE", 1, 1), ("FARGATE_SPOT", 0, 4)]),
            container_insights: Some("disabled".into()),
            exec: ExecConfig::default(),
            tags: tags(&[("env", "load")]),
            ..Default::default()
        });
        for si in 0..services {
            let name = format!("svc-{:04}", si + 1);
            // Spread the cluster's tasks evenly; the first services take the remainder.
            let count = tasks_per_cluster / services.max(1) + usize::from(si < tasks_per_cluster % services.max(1));
            let mut svc = b.service(&cname, &name, count as i32, 30);
            svc.task_definition = def.clone();
            b.add_service(svc, Behaviour::default());
            let dep = b.deployment(&cname, &name, &def, "PRIMARY", Some("COMPLETED"), 30 * 86_400);
            add_tasks(&mut b, &cname, &name, &dep, &def, count);
        }
    }
}

/// Running tasks built directly (no per-task placement scan, so 5000 tasks build quickly).
fn add_tasks(b: &mut Builder<'_>, cluster: &str, service: &str, dep: &str, def_arn: &str, count: usize) {
    let started = b.ago(29 * 86_400);
    let World { clusters, task_defs, rng, .. } = &mut *b.w;
    let (Some(c), Some(def)) = (clusters.get_mut(cluster), task_defs.get(def_arn)) else { return };
    let Some(svc) = c.services.get(service).map(|s| s.svc.clone()) else { return };
    let split = c.cluster.default_strategy.expected_split(count as u32);
    let providers = split.iter().flat_map(|(p, n)| std::iter::repeat_n(p.clone(), *n as usize));
    for (i, provider) in providers.enumerate() {
        let placement = Placement {
            provider: Some(provider),
            launch_type: "FARGATE".into(),
            zone: ids::ZONES[i % ids::ZONES.len()].to_string(),
            instance: None,
        };
        let mut task = placement::build_task(cluster, &svc, def, dep, started, &placement, rng);
        task_states::mark_running(&mut task, started, rng);
        task_states::mark_healthy(&mut task);
        let id = ids::last_segment(&task.arn).to_string();
        c.tasks.insert(id, SimTask { task, fate: super::world::Fate::Stays });
    }
}
