//! Clusters table.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, service_table, status_tone, worst};
use crate::model::{Cluster, ExecLogging, Service, Time};

// Health first: on a narrow screen the attention summary and PENDING stay longest.
static COLUMNS: [Column; 10] = [
    Column::flex("NAME", 12, 0),
    Column::flex("ATTENTION", 9, 0),
    Column::fixed("STATUS", 8, 5),
    Column::fixed("SERVICES", 8, 4),
    Column::fixed("RUNNING", 7, 1),
    Column::fixed("PENDING", 7, 1),
    Column::flex("PROVIDERS", 10, 3),
    Column::flex("DEFAULT STRATEGY", 16, 2),
    Column::fixed("INSIGHTS", 8, 3),
    Column::flex("EXEC AUDIT", 10, 2),
];

/// What a cluster's services say about it: the names of those marked as errors and as
/// warnings in the services view (running below desired, failed or rolled-back rollouts,
/// tasks that cannot be placed; rollouts in progress, pending tasks).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rollup {
    pub errors: Vec<String>,
    pub warnings: Vec<String>,
}

impl Rollup {
    /// Rolled up from the same rows the services view marks, so the two always agree.
    pub fn of(services: &[Service], now: Time) -> Rollup {
        let table = service_table(services, now);
        let names = |tone: Tone| -> Vec<String> {
            let mut v: Vec<String> =
                table.rows.iter().filter(|r| r.health == tone).map(|r| r.cells[0].text.clone()).collect();
            v.sort();
            v
        };
        Rollup { errors: names(Tone::Error), warnings: names(Tone::Warn) }
    }

    fn text(&self) -> (String, Tone) {
        let list = |names: &[String]| {
            let shown: Vec<&str> = names.iter().take(2).map(String::as_str).collect();
            let more = if names.len() > 2 { format!(" +{}", names.len() - 2) } else { String::new() };
            format!("{}{more}", shown.join(", "))
        };
        if !self.errors.is_empty() {
            (format!("✖ {}", list(&self.errors)), Tone::Error)
        } else if !self.warnings.is_empty() {
            (format!("▲ {}", list(&self.warnings)), Tone::Warn)
        } else {
            ("-".into(), Tone::Muted)
        }
    }
}

/// Clusters, each rolled up from its services where they are known (`rollup(arn)`; `?` until
/// they are).
pub fn cluster_table(clusters: &[Cluster], rollup: impl Fn(&str) -> Option<Rollup>) -> Table {
    let rows = clusters
        .iter()
        .map(|c| {
            let status = Cell::tone(&c.status, status_tone(&c.status));
            let pending_tone = if c.pending_tasks > 0 { Tone::Warn } else { Tone::Muted };
            let (attention, attention_tone) = rollup(&c.arn).map(|r| r.text()).unwrap_or(("?".into(), Tone::Muted));
            let audit_tone = match c.exec.logging {
                ExecLogging::None => Tone::Warn,
                ExecLogging::Default => Tone::Normal,
                ExecLogging::Override => Tone::Ok,
            };
            let providers =
                if c.capacity_providers.is_empty() { "-".to_string() } else { c.capacity_providers.join(", ") };
            let insights_tone = if c.insights_label() == "off" { Tone::Muted } else { Tone::Ok };
            Row {
                id: c.arn.clone(),
                health: worst([status.tone, pending_tone, attention_tone]),
                cells: vec![
                    Cell::tone(&c.name, Tone::Accent),
                    Cell::tone(attention.clone(), attention_tone),
                    status,
                    Cell::new(c.active_services.to_string()),
                    Cell::new(c.running_tasks.to_string()),
                    Cell::tone(c.pending_tasks.to_string(), pending_tone),
                    Cell::new(providers.clone()),
                    Cell::new(c.default_strategy.short()),
                    Cell::tone(c.insights_label(), insights_tone),
                    Cell::tone(c.exec.audit_label(), audit_tone),
                ],
                sort: vec![
                    SortKey::Text(c.name.clone()),
                    // Errors first, then warnings, then quiet clusters.
                    SortKey::Num(match attention_tone {
                        Tone::Error => 0.0,
                        Tone::Warn => 1.0,
                        _ => 2.0,
                    }),
                    SortKey::Text(c.status.clone()),
                    SortKey::Num(c.active_services as f64),
                    SortKey::Num(c.running_tasks as f64),
                    SortKey::Num(c.pending_tasks as f64),
                    SortKey::Text(providers),
                    SortKey::Text(c.default_strategy.short()),
                    SortKey::Text(c.insights_label().into()),
                    SortKey::Text(c.exec.audit_label()),
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

    /// A cluster is marked by its services: one below its desired count marks it as an error
    /// and is named, even when the cluster itself has nothing pending.
    #[test]
    fn clusters_roll_up_their_services() {
        let now = fixtures::now();
        let mut clusters = fixtures::clusters();
        clusters.iter_mut().for_each(|c| c.pending_tasks = 0);
        let prod = fixtures::cluster_arn("prod");
        let services = fixtures::services();
        assert!(services.iter().any(|s| s.running < s.desired), "the fixture has a service short of tasks");
        let t = cluster_table(&clusters, |arn| (arn == prod).then(|| Rollup::of(&services, now)));
        let row = t.rows.iter().find(|r| r.id == prod).expect("prod");
        assert_eq!(row.health, Tone::Error);
        assert!(row.cells[1].text.starts_with("✖ ") && row.cells[1].text.contains("worker"), "{:?}", row.cells[1]);
        let dev = t.rows.iter().find(|r| r.id != prod).expect("dev");
        assert_eq!(dev.cells[1].text, "?", "services not known yet");
        assert_eq!(dev.health, Tone::Ok, "nothing known is not a problem");
    }
}
