//! Services table.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, status_tone, time_key, worst};
use crate::model::{Service, Time, age};

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
            let rollout = s.rollout_label();
            let rollout_tone = if s.rollout_failed() {
                Tone::Error
            } else {
                match s.primary().and_then(|p| p.rollout_state.as_deref()) {
                    Some("IN_PROGRESS") => Tone::Warn,
                    Some("COMPLETED") => Tone::Ok,
                    _ => Tone::Muted,
                }
            };
            let rollout_text = rollout;
            let pending_tone = if s.pending > 0 { Tone::Warn } else { Tone::Muted };
            let deployed_at = s.last_deployment_at();
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
                    Cell::tone(deployed_at.map(|t| age(t, now)).unwrap_or_else(|| "-".into()), Tone::Muted),
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
