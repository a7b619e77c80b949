//! Containers table (of one task).
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, opt, status_tone, worst};
use crate::model::Container;

static COLUMNS: [Column; 8] = [
    Column::flex("NAME", 10, 0),
    Column::flex("IMAGE", 16, 2),
    Column::fixed("STATUS", 8, 0),
    Column::fixed("EXIT", 4, 1),
    Column::fixed("HEALTH", 9, 1),
    Column::flex("REASON", 10, 3),
    Column::fixed("RUNTIME ID", 12, 4),
    Column::fixed("EXEC AGENT", 10, 1),
];

pub fn container_table(containers: &[Container]) -> Table {
    let rows = containers
        .iter()
        .map(|c| {
            let status = opt(&c.last_status);
            let status_cell = Cell::tone(&status, status_tone(&status));
            let exit_tone = match c.exit_code {
                Some(0) => Tone::Muted,
                Some(_) => Tone::Error,
                None => Tone::Muted,
            };
            let health = opt(&c.health);
            let health_tone = status_tone(&health);
            let agent = c.exec_agent_status().unwrap_or("-").to_string();
            let agent_tone = match agent.as_str() {
                "RUNNING" => Tone::Ok,
                "-" => Tone::Muted,
                _ => Tone::Warn,
            };
            let runtime: String = c.runtime_id.as_deref().map(|r| r.chars().take(12).collect()).unwrap_or("-".into());
            Row {
                id: c.name.clone(),
                health: worst([status_cell.tone, exit_tone, health_tone]),
                cells: vec![
                    Cell::tone(&c.name, Tone::Accent),
                    Cell::new(opt(&c.image)),
                    status_cell,
                    Cell::tone(c.exit_code.map(|e| e.to_string()).unwrap_or("-".into()), exit_tone),
                    Cell::tone(&health, health_tone),
                    Cell::tone(opt(&c.reason), if c.reason.is_some() { Tone::Warn } else { Tone::Muted }),
                    Cell::tone(runtime.clone(), Tone::Muted),
                    Cell::tone(&agent, agent_tone),
                ],
                sort: vec![
                    SortKey::Text(c.name.clone()),
                    SortKey::Text(opt(&c.image)),
                    SortKey::Text(status),
                    SortKey::Num(c.exit_code.map(f64::from).unwrap_or(f64::MIN)),
                    SortKey::Text(health),
                    SortKey::Text(opt(&c.reason)),
                    SortKey::Text(runtime),
                    SortKey::Text(agent),
                ],
            }
        })
        .collect();
    Table { columns: &COLUMNS, rows, default_sort: Sort::default() }
}
