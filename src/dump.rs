//! `bosun dump`: load what the console shows and print it, as aligned text or JSON.
use crate::api::{Fleet, Loader};
use crate::model::{TaskStatusFilter, Time};
use crate::table::{Table, cluster_table, service_table, task_table};
use unicode_width::UnicodeWidthStr;

pub async fn load(loader: &Loader, cluster: Option<String>) -> Result<Fleet, crate::api::ApiError> {
    loader.fleet(cluster.map(|c| vec![c])).await
}

pub fn json(fleet: &Fleet) -> String {
    serde_json::to_string_pretty(fleet).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}

/// Plain text: each cluster, its services, and each service's tasks, indented.
pub fn text(fleet: &Fleet, now: Time) -> String {
    let mut out = String::new();
    let clusters: Vec<_> = fleet.clusters.iter().map(|c| c.cluster.clone()).collect();
    let rollup = |arn: &str| {
        fleet.clusters.iter().find(|fc| fc.cluster.arn == arn).map(|fc| crate::table::Rollup::of(&fc.services, now))
    };
    out.push_str(&plain(&cluster_table(&clusters, rollup), ""));
    for fc in &fleet.clusters {
        out.push_str(&format!(
            "\n{} — {} services, {} running tasks\n",
            fc.cluster.name,
            fc.services.len(),
            fc.tasks.len()
        ));
        if fc.services.is_empty() {
            out.push_str("  no services\n");
        } else {
            out.push_str(&plain(&service_table(&fc.services, now), "  "));
        }
        for s in &fc.services {
            let tasks: Vec<_> =
                fc.tasks.iter().filter(|t| t.service_name() == Some(s.name.as_str())).cloned().collect();
            if tasks.is_empty() {
                continue;
            }
            out.push_str(&format!("\n  {} tasks\n", s.name));
            out.push_str(&plain(&task_table(&tasks, TaskStatusFilter::Running, now), "    "));
        }
        let standalone: Vec<_> = fc.tasks.iter().filter(|t| t.service_name().is_none()).cloned().collect();
        if !standalone.is_empty() {
            out.push_str("\n  standalone tasks\n");
            out.push_str(&plain(&task_table(&standalone, TaskStatusFilter::Running, now), "    "));
        }
    }
    if !fleet.failures.is_empty() {
        out.push_str("\nfailures reported by AWS:\n");
        for f in &fleet.failures {
            out.push_str(&format!("  {} {} {}\n", f.arn, f.reason, f.detail.as_deref().unwrap_or("")));
        }
    }
    out
}

/// A table as aligned text, every column at its content width.
fn plain(table: &Table, indent: &str) -> String {
    let widths: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .map(|(i, c)| table.rows.iter().map(|r| r.cells[i].text.width()).max().unwrap_or(0).max(c.title.width()))
        .collect();
    let line = |cells: Vec<&str>| {
        let mut s = indent.to_string();
        for (i, (text, w)) in cells.iter().zip(&widths).enumerate() {
            s.push_str(text);
            if i + 1 < widths.len() {
                s.push_str(&" ".repeat(w - text.width() + 2));
            }
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(table.columns.iter().map(|c| c.title).collect());
    for r in &table.rows {
        out.push_str(&line(r.cells.iter().map(|c| c.text.as_str()).collect()));
    }
    out
}
