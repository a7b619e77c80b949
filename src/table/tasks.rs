//! Tasks table: running tasks, or stopped ones with why they stopped.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, opt, status_tone, time_key, worst};
use crate::model::{Task, TaskStatusFilter, Time};

static RUNNING: [Column; 11] = [
    Column::fixed("ID", 8, 0),
    Column::fixed("LAST", 8, 0),
    Column::fixed("DESIRED", 8, 4),
    Column::fixed("HEALTH", 9, 1),
    Column::flex("PROVIDER", 8, 2),
    Column::fixed("AZ", 10, 3),
    Column::fixed("CPU/MEM", 10, 4),
    Column::fixed("STARTED", 7, 1),
    Column::flex("GROUP", 10, 2),
    Column::fixed("REVISION", 8, 3),
    Column::fixed("EXEC", 4, 2),
];

static STOPPED: [Column; 8] = [
    Column::fixed("ID", 8, 0),
    Column::fixed("LAST", 8, 3),
    Column::flex("GROUP", 10, 2),
    Column::fixed("PROVIDER", 8, 4),
    Column::fixed("STOPPED", 7, 1),
    Column::fixed("STOP CODE", 18, 0),
    Column::flex("STOPPED REASON", 24, 0),
    Column::fixed("EXIT", 10, 2),
];

/// Index of the STOPPED column in [`STOPPED`].
const STOPPED_AT: usize = 4;

fn short_rev(task_definition: &str) -> String {
    crate::model::arn_name(task_definition).rsplit(':').next().map(|r| format!(":{r}")).unwrap_or_default()
}

fn exits(t: &Task) -> String {
    let codes: Vec<String> =
        t.containers.iter().filter_map(|c| c.exit_code.map(|e| format!("{}={}", c.name, e))).collect();
    if codes.is_empty() { "-".into() } else { codes.join(" ") }
}

pub fn task_table(tasks: &[Task], status: TaskStatusFilter, now: Time) -> Table {
    let rows = tasks.iter().map(|t| match status {
        TaskStatusFilter::Running => running_row(t, now),
        TaskStatusFilter::Stopped => stopped_row(t, now),
    });
    let (columns, default_sort): (&'static [Column], Sort) = match status {
        TaskStatusFilter::Running => (&RUNNING, Sort::default()),
        // The STOPPED key is the negated time, so ascending puts the most recent stop first.
        TaskStatusFilter::Stopped => (&STOPPED, Sort { column: STOPPED_AT, reverse: false }),
    };
    Table { columns, rows: rows.collect(), default_sort }
}

fn running_row(t: &Task, now: Time) -> Row {
    let last = Cell::tone(&t.last_status, status_tone(&t.last_status));
    let health = opt(&t.health);
    let health_tone = status_tone(&health);
    let desired_tone = if t.desired_status == "STOPPED" { Tone::Warn } else { Tone::Muted };
    let provider = t.capacity_provider.clone().or_else(|| t.launch_type.clone()).unwrap_or("-".into());
    let cpu_mem = format!("{}/{}", t.cpu.as_deref().unwrap_or("-"), t.memory.as_deref().unwrap_or("-"));
    let group = opt(&t.group);
    Row {
        id: t.arn.clone(),
        health: worst([last.tone, health_tone, desired_tone]),
        cells: vec![
            Cell::tone(t.short_id(), Tone::Accent),
            last,
            Cell::tone(&t.desired_status, desired_tone),
            Cell::tone(&health, health_tone),
            Cell::tone(&provider, if provider.contains("SPOT") { Tone::Warn } else { Tone::Normal }),
            Cell::new(opt(&t.availability_zone)),
            Cell::tone(cpu_mem.clone(), Tone::Muted),
            Cell::age(t.started_at, now),
            Cell::new(group.clone()),
            Cell::tone(short_rev(&t.task_definition), Tone::Muted),
            Cell::tone(
                if t.enable_execute_command { "on" } else { "off" },
                if t.enable_execute_command { Tone::Ok } else { Tone::Muted },
            ),
        ],
        sort: vec![
            SortKey::Raw(t.id().into()),
            SortKey::Text(t.last_status.clone()),
            SortKey::Text(t.desired_status.clone()),
            SortKey::Text(health),
            SortKey::Text(provider),
            SortKey::Text(opt(&t.availability_zone)),
            SortKey::Text(cpu_mem),
            match time_key(t.started_at) {
                SortKey::Num(n) => SortKey::Num(-n),
                k => k,
            },
            SortKey::Text(group),
            SortKey::Text(short_rev(&t.task_definition)),
            SortKey::Text(t.enable_execute_command.to_string()),
        ],
    }
}

/// How long ago the task stopped; a task still on its way down (STOPPING, DEPROVISIONING)
/// shows that status instead, as it has not stopped yet.
fn stopped_cell(t: &Task, when: Option<Time>, now: Time) -> Cell {
    if t.last_status != "STOPPED" && !t.last_status.is_empty() {
        return Cell::tone(&t.last_status, status_tone(&t.last_status));
    }
    Cell::age(when, now)
}

/// Why a task stopped, in the words that matter. "Essential container in task exited" says
/// little (the stop code says as much): the container's own reason (OOM, a failed health
/// check, a missing secret) is what matters.
pub fn stop_reason(t: &Task) -> String {
    let culprit = t.containers.iter().find(|c| c.reason.is_some());
    match culprit {
        Some(c) if t.stop_code.as_deref() == Some("EssentialContainerExited") || t.stopped_reason.is_none() => {
            format!("{}: {}", c.name, c.reason.as_deref().unwrap_or_default())
        }
        _ => opt(&t.stopped_reason),
    }
}

fn stopped_row(t: &Task, now: Time) -> Row {
    let code = opt(&t.stop_code);
    let code_tone = match code.as_str() {
        "UserInitiated" | "ServiceSchedulerInitiated" | "-" => Tone::Muted,
        "SpotInterruption" | "TerminationNotice" => Tone::Warn,
        _ => Tone::Error,
    };
    let reason = stop_reason(t);
    let reason_tone = if reason.contains("OutOfMemory") || reason.contains("Essential container") {
        Tone::Error
    } else if code_tone == Tone::Muted {
        Tone::Muted
    } else {
        Tone::Warn
    };
    let when = t.stopped_at.or(t.stopping_at);
    let provider = t.capacity_provider.clone().or_else(|| t.launch_type.clone()).unwrap_or("-".into());
    let exit = exits(t);
    Row {
        id: t.arn.clone(),
        health: worst([code_tone, reason_tone]),
        cells: vec![
            Cell::tone(t.short_id(), Tone::Accent),
            Cell::tone(&t.last_status, status_tone(&t.last_status)),
            Cell::new(opt(&t.group)),
            Cell::new(&provider),
            stopped_cell(t, when, now),
            Cell::tone(&code, code_tone),
            Cell::tone(&reason, reason_tone),
            Cell::tone(&exit, if exit == "-" { Tone::Muted } else { Tone::Normal }),
        ],
        sort: vec![
            SortKey::Raw(t.id().into()),
            SortKey::Text(t.last_status.clone()),
            SortKey::Text(opt(&t.group)),
            SortKey::Text(provider),
            match time_key(when) {
                SortKey::Num(n) => SortKey::Num(-n),
                k => k,
            },
            SortKey::Text(code),
            SortKey::Text(reason),
            SortKey::Text(exit),
        ],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use chrono::Duration;

    #[test]
    fn stopped_tasks_start_newest_stop_first() {
        let now = fixtures::now();
        let mut tasks = fixtures::stopped_tasks();
        // An id that sorts first but stopped longest ago, and one still on its way down.
        let mut old = tasks[0].clone();
        old.arn = old.arn.replace("dead0001dead0001", "0000aaaa0000aaaa");
        old.stopped_at = Some(now - Duration::minutes(50));
        let mut stopping = tasks[1].clone();
        stopping.arn = stopping.arn.replace("dead0002dead0002", "ffff0003ffff0003");
        stopping.last_status = "DEPROVISIONING".into();
        stopping.stopped_at = None;
        stopping.stopping_at = Some(now - Duration::minutes(1));
        tasks.extend([old, stopping]);
        let table = task_table(&tasks, TaskStatusFilter::Stopped, now);
        assert_eq!(table.columns[table.default_sort.column].title, "STOPPED");
        let order: Vec<&str> =
            table.visible("", table.default_sort).iter().map(|&i| &table.rows[i].cells[0].text[..]).collect();
        assert_eq!(order, ["ffff0003", "dead0001", "dead0002", "0000aaaa"]);
        let stopped_col = |id: &str| {
            let row = table.rows.iter().find(|r| r.cells[0].text == id).expect("row");
            row.cells[STOPPED_AT].clone()
        };
        assert_eq!(stopped_col("ffff0003").text, "DEPROVISIONING", "no age for a task that has not stopped");
        assert_eq!(stopped_col("ffff0003").tone, Tone::Warn);
        assert_eq!(stopped_col("dead0001").text, "12m");
    }

    #[test]
    fn other_tables_start_on_their_first_column() {
        let now = fixtures::now();
        assert_eq!(task_table(&fixtures::tasks(), TaskStatusFilter::Running, now).default_sort, Sort::default());
        assert_eq!(super::super::service_table(&fixtures::services(), now).default_sort, Sort::default());
        assert_eq!(super::super::cluster_table(&fixtures::clusters(), |_| None).default_sort, Sort::default());
    }
}
