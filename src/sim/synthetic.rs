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

/// `per_cluster` container instances in every cluster, one zone after another, registered to
/// the Auto Scaling group provider `load-asg`.
pub fn add_instances(w: &mut World, per_cluster: usize) {
    let names: Vec<String> = w.clusters.keys().cloned().collect();
    let mut b = Builder { w };
    for cname in names {
        for i in 0..per_cluster {
            let zone = ids::ZONES[i % ids::ZONES.len()];
            b.instances(&cname, "load-asg", &[zone], "m6i.xlarge", 4096, 16384);
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
        c.insert_task(id, SimTask { task, fate: super::world::Fate::Stays });
    }
}

#[cfg(test)]
mod tests {
    use super::super::{SimOptions, Simulator};
    use crate::api::Loader;
    use std::collections::BTreeSet;
    use std::sync::Arc;

    #[tokio::test]
    async fn container_instances_load_in_pages_of_100_with_one_describe_per_page() {
        let sim = Arc::new(Simulator::synthetic_with_instances(opts_frozen(), 2, 1, 10, 250));
        let loaded = Loader::new(sim.clone(), 8).container_instances("load-02").await.expect("instances");
        assert_eq!(loaded.items.len(), 250);
        assert!(loaded.failures.is_empty());
        let arns: BTreeSet<&str> = loaded.items.iter().map(|i| i.arn.as_str()).collect();
        assert_eq!(arns.len(), 250, "each instance once");
        assert!(arns.iter().all(|a| a.contains(":container-instance/load-02/")));
        let zones: BTreeSet<&str> = loaded.items.iter().filter_map(|i| i.availability_zone.as_deref()).collect();
        assert_eq!(zones.len(), 3, "spread over the zones");
        assert!(loaded.items.iter().all(|i| i.status == "ACTIVE" && i.agent_connected && i.running_tasks == 0));
        let calls = sim.calls();
        assert_eq!(
            (calls.get("ListContainerInstances"), calls.get("DescribeContainerInstances")),
            (Some(&3), Some(&3))
        );
        // The plain synthetic fleet has none.
        let none = Arc::new(Simulator::synthetic(opts_frozen(), 1, 1, 1));
        assert!(Loader::new(none, 1).container_instances("load-01").await.expect("empty").items.is_empty());
    }

    fn opts_frozen() -> SimOptions {
        SimOptions { speed: 0.0, ..Default::default() }
    }
}
