//! Services table.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, status_tone, time_key, worst};
use crate::model::{Rollout, Service, Time};

static COLUMNS: [Column; 10] = [
    Column::flex("NAME", 14, 0),
    Column::fixed("STATUS", 8, 4),
    Column::fixed("DESIRED", 7, 0),
    Column::fixed("RUNNING", 7, 0),
    Column::fixed("PENDING", 7, 3),
    Column::fixed("ROLLOUT", 11, 1),
    Column::flex("TASK DEF", 10, 2),
    Column::flex("PLACEMENT", 10, 2),
    Column::fixed("CONTROLLER", 10, 5),
    Column::fixed("DEPLOYED", 8, 3),
];

pub fn service_table(services: &[Service], now: Time) -> Table {
    let rows = services
        .iter()
        .map(|s| {
            let running_tone = if s.running < s.desired {
                Tone::Error
            } else if s.running > s.desired {
                Tone::Warn
            } else {
                Tone::Ok
            };
            let rollout = s.rollout(now);
            let rollout_tone = match &rollout {
                Rollout::Failed | Rollout::RollingBack { .. } => Tone::Error,
                // Healthy again, on the old version: the release still needs a look.
                Rollout::RolledBack { .. } => Tone::Warn,
                Rollout::InProgress { .. } => Tone::Warn,
                Rollout::Completed => Tone::Ok,
                Rollout::Unknown | Rollout::Other(_) => Tone::Muted,
            };
            let rollback = matches!(rollout, Rollout::RollingBack { .. } | Rollout::RolledBack { .. });
            let rollout_text = s.rollout_label(now);
            let pending_tone = if s.pending > 0 { Tone::Warn } else { Tone::Muted };
            let deployed_at = s.deployed_at();
            let status = Cell::tone(&s.status, status_tone(&s.status));
            Row {
                id: s.arn.clone(),
                health: worst([running_tone, rollout_tone, status.tone]),
                cells: vec![
                    Cell::tone(&s.name, Tone::Accent),
                    status,
                    Cell::new(s.desired.to_string()),
                    Cell::tone(s.running.to_string(), running_tone),
                    Cell::tone(s.pending.to_string(), pending_tone),
                    Cell::tone(rollout_text.clone(), rollout_tone),
                    Cell::new(s.task_definition_short()),
                    Cell::new(s.placement_short()),
                    Cell::tone(&s.controller, if s.controller == "ECS" { Tone::Muted } else { Tone::Normal }),
                    // A rollback redeploys the old version: not a fresh healthy deploy.
                    Cell { tone: if rollback { Tone::Warn } else { Tone::Muted }, ..Cell::age(deployed_at, now) },
                ],
                sort: vec![
                    SortKey::Text(s.name.clone()),
                    SortKey::Text(s.status.clone()),
                    SortKey::Num(s.desired as f64),
                    SortKey::Num((s.running - s.desired) as f64),
                    SortKey::Num(s.pending as f64),
                    SortKey::Text(rollout_text),
                    SortKey::Text(s.task_definition_short().into()),
                    SortKey::Text(s.placement_short()),
                    SortKey::Text(s.controller.clone()),
                    // Newest deployment first when sorted ascending by age.
                    match time_key(deployed_at) {
                        SortKey::Num(n) => SortKey::Num(-n),
                        k => k,
                    },
                ],
            }
        })
        .collect();
    Table { columns: &COLUMNS, rows, default_sort: Sort::default() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    fn row<'a>(t: &'a Table, name: &str) -> &'a super::super::Row {
        t.rows.iter().find(|r| r.cells[0].text == name).expect("row")
    }

    #[test]
    fn rollout_and_deployed_columns_around_a_rollback() {
        let now = fixtures::now();
        let t = service_table(&fixtures::rollback_services(now), now);
        let cells = |name: &str| {
            let r = row(&t, name);
            (r.cells[5].text.clone(), r.cells[5].tone, r.cells[9].text.clone(), r.cells[9].tone)
        };
        assert_eq!(cells("rolling"), ("ROLLING BACK".into(), Tone::Error, "3m".into(), Tone::Warn));
        assert_eq!(row(&t, "rolling").health, Tone::Error);
        // Completed 2 s ago: neither "COMPLETED" nor a "2s" fresh deploy.
        assert_eq!(cells("rolled"), ("ROLLED BACK 3m".into(), Tone::Warn, "3m".into(), Tone::Warn));
        assert_eq!(cells("rolled-long-ago"), ("COMPLETED".into(), Tone::Ok, "3h".into(), Tone::Muted));
        assert_eq!(cells("healthy"), ("COMPLETED".into(), Tone::Ok, "2h".into(), Tone::Muted));
    }

    /// The demo's checkout: its rollback runs at start; three minutes later it has completed
    /// (ECS, and the simulator, drop the failed deployment) and still reads as a rollback.
    #[tokio::test]
    async fn the_demo_rollback_stays_visible_after_it_completes() {
        use crate::sim::{SimOptions, Simulator};
        let start = fixtures::now();
        let sim =
            std::sync::Arc::new(Simulator::demo_at(SimOptions { seed: 7, speed: 0.0, ..Default::default() }, start));
        let loader = crate::api::Loader::new(sim.clone(), 4);
        let checkout = |fleet: &crate::api::Fleet| {
            let prod = fleet.clusters.iter().find(|c| c.cluster.name == "prod").expect("prod");
            prod.services.iter().find(|s| s.name == "checkout").cloned().expect("checkout")
        };
        let first = checkout(&loader.fleet(None).await.expect("fleet"));
        assert_eq!(first.rollout_label(sim.now()), "ROLLING BACK");
        sim.advance(std::time::Duration::from_secs(3 * 60));
        let later = checkout(&loader.fleet(None).await.expect("fleet"));
        assert_eq!(later.deployments.len(), 1, "the failed deployment is gone");
        let now = sim.now();
        let label = later.rollout_label(now);
        assert!(label.starts_with("ROLLED BACK "), "{label}");
        let t = service_table(std::slice::from_ref(&later), now);
        assert_eq!(t.rows[0].cells[9].tone, Tone::Warn, "DEPLOYED is not a fresh healthy deploy");
    }
}
