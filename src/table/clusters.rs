//! Clusters table.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, status_tone, worst};
use crate::model::{Cluster, ExecLogging};

static COLUMNS: [Column; 9] = [
    Column::flex("NAME", 12, 0),
    Column::fixed("STATUS", 8, 3),
    Column::fixed("SERVICES", 8, 3),
    Column::fixed("RUNNING", 7, 0),
    Column::fixed("PENDING", 7, 2),
    Column::flex("PROVIDERS", 10, 1),
    Column::flex("DEFAULT STRATEGY", 16, 2),
    Column::fixed("INSIGHTS", 8, 1),
    Column::flex("EXEC AUDIT", 10, 2),
];

pub fn cluster_table(clusters: &[Cluster]) -> Table {
    let rows = clusters
        .iter()
        .map(|c| {
            let status = Cell::tone(&c.status, status_tone(&c.status));
            let pending_tone = if c.pending_tasks > 0 { Tone::Warn } else { Tone::Muted };
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
                health: worst([status.tone, pending_tone]),
                cells: vec![
                    Cell::tone(&c.name, Tone::Accent),
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
