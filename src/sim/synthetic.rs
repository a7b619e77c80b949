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

/// Something wrong in every cluster, in turn, for the triage to rank: a service below desired
/// (its desired count raised past its tasks), a crash loop (three out-of-memory stops), a wave
/// of Spot interruptions across three services, or a task ECS could not place. The services
/// touched are the cluster's first few, so any fleet of six or more services per cluster has
/// them all.
pub fn add_problems(w: &mut World) {
    let names: Vec<String> = w.clusters.keys().cloned().collect();
    let mut b = Builder { w };
    for (ci, cname) in names.iter().enumerate() {
        let primary = |b: &Builder<'_>, svc: &str| {
            let s = b.w.clusters.get(cname.as_str())?.services.get(svc)?;
            s.svc.deployments.iter().find(|d| d.status == "PRIMARY").map(|d| d.id.clone())
        };
        match ci % 4 {
            0 => {
                if let Some(s) = b.w.clusters.get_mut(cname.as_str()).and_then(|c| c.services.get_mut("svc-0001")) {
                    s.svc.desired += 2;
                }
            }
            1 => {
                let Some(dep) = primary(&b, "svc-0002") else { continue };
                for ago in [25 * 60, 14 * 60, 3 * 60] {
                    b.stopped(cname, "svc-0002", &dep, ago, 600, task_states::Stop::oom());
                }
            }
            2 => {
                for (svc, ago) in [("svc-0003", 9 * 60), ("svc-0004", 9 * 60 - 30), ("svc-0005", 8 * 60)] {
                    let Some(dep) = primary(&b, svc) else { continue };
                    let id = b.stopped(cname, svc, &dep, ago, 3600, task_states::Stop::spot());
                    b.set_provider(cname, &id, "FARGATE_SPOT");
                }
            }
            _ => b.event(
                cname,
                "svc-0006",
                120,
                "(service svc-0006) was unable to place a task. Reason: Capacity is unavailable at this time.".into(),
            ),
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
