//! `bosun dump`: load what the console shows and print it, as aligned text or JSON.
use crate::api::{ApiError, ErrorKind, Fleet, Loader};
use crate::model::{TaskStatusFilter, Time};
use crate::table::{Table, cluster_table, service_table, task_table};
use std::io::Write;
use unicode_width::UnicodeWidthStr;

/// The whole fleet, or one cluster; a cluster that does not exist is an error naming the ones
/// that do (DescribeClusters only reports it as a `MISSING` failure).
pub async fn load(loader: &Loader, cluster: Option<String>) -> Result<Fleet, ApiError> {
    let Some(name) = cluster else { return loader.fleet(None).await };
    let fleet = loader.fleet(Some(vec![name.clone()])).await?;
    if !fleet.clusters.is_empty() {
        return Ok(fleet);
    }
    let known = loader.clusters().await?.items.into_iter().map(|c| c.name).collect();
    Err(unknown_cluster(&name, known))
}

/// How many cluster names the "unknown cluster" hint lists.
const SUGGESTIONS: usize = 8;

/// `name` is not a cluster: say which ones exist, the closest spelling first.
pub fn unknown_cluster(name: &str, mut known: Vec<String>) -> ApiError {
    let wanted = crate::model::arn_name(name).to_lowercase();
    known.sort_by_cached_key(|k| (strsim::damerau_levenshtein(&wanted, &k.to_lowercase()), k.clone()));
    let error = ApiError::new(ErrorKind::NotFound, format!("there is no cluster named `{name}` here"));
    if known.is_empty() {
        return error.with_hint("this account has no clusters in this region; check --region and --profile");
    }
    let more = known.len().saturating_sub(SUGGESTIONS);
    known.truncate(SUGGESTIONS);
    let mut list = known.join(", ");
    if more > 0 {
        list.push_str(&format!(" and {more} more"));
    }
    error.with_hint(format!("pass one of: {list}"))
}

/// Writes the dump to stdout. A reader that went away (`bosun dump | head`) ends the program
/// quietly with 0, as it is not a failure of the dump; any other write error is reported.
pub fn write_stdout(text: &str) -> i32 {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => 0,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "bosun: cannot write the dump: {e}");
            1
        }
    }
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
pub(crate) fn plain(table: &Table, indent: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_cluster_names_the_closest_first() {
        let known = ["dev", "staging", "prod", "prod-eu", "batch"].map(String::from).to_vec();
        let e = unknown_cluster("prdo", known);
        assert_eq!(e.kind, ErrorKind::NotFound);
        assert!(e.message.contains("`prdo`"), "{}", e.message);
        let hint = e.hint.expect("hint");
        assert!(hint.starts_with("pass one of: prod, "), "{hint}");
        assert!(hint.find("prod-eu") < hint.find("staging"), "{hint}");
        let many: Vec<String> = (0..20).map(|i| format!("c{i:02}")).collect();
        assert!(unknown_cluster("c05", many).hint.expect("hint").ends_with("and 12 more"));
        let none = unknown_cluster("x", Vec::new());
        assert!(none.hint.expect("hint").contains("no clusters"));
    }
}
