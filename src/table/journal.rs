//! The audit journal as a table: one row per change, newest first, with what was asked in a
//! few words, on what, how it went, by whom and where.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, time_key};
use crate::audit::Entry;
use crate::model::{Strategy, Time, short_id};
use serde_json::Value;
use std::collections::HashMap;

static COLUMNS: [Column; 7] = [
    Column::fixed("WHEN", 5, 0),
    Column::fixed("TIME (UTC)", 15, 3),
    Column::flex("ACTION", 18, 0),
    Column::flex("TARGET", 10, 0),
    Column::flex("RESULT", 10, 0),
    Column::fixed("WHO", 6, 2),
    Column::fixed("PROFILE · REGION", 16, 1),
];

/// Each entry's row id, in the order given (newest first). An entry has no id of its own:
/// its time, action and target name it, and a repeat within one second gets `#2`, `#3`…
/// counted from the oldest, so ids of older entries stay put as newer ones arrive.
pub fn entry_ids(entries: &[Entry]) -> Vec<String> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut ids: Vec<String> = entries
        .iter()
        .rev()
        .map(|e| {
            let base = format!("{} {} {}", e.time, e.action, e.target);
            let n = seen.entry(base.clone()).or_default();
            *n += 1;
            if *n == 1 { base } else { format!("{base} #{n}") }
        })
        .collect();
    ids.reverse();
    ids
}

/// When the entry was written, if its time reads as the journal writes it.
pub fn entry_time(e: &Entry) -> Option<Time> {
    chrono::NaiveDateTime::parse_from_str(&e.time, "%Y-%m-%dT%H:%M:%SZ").ok().map(|t| t.and_utc())
}

pub fn journal_table(entries: &[Entry], now: Time) -> Table {
    let rows = entries.iter().zip(entry_ids(entries)).map(|(e, id)| row(e, id, now)).collect();
    // The WHEN key is the negated time: ascending is newest first.
    Table { columns: &COLUMNS, rows, default_sort: Sort::default() }
}

fn row(e: &Entry, id: String, now: Time) -> Row {
    let at = entry_time(e);
    let time = at.map(|t| t.format("%b %d %H:%M:%S").to_string()).unwrap_or_else(|| e.time.clone());
    let words = action_words(e);
    let action = if words.is_empty() { e.action.clone() } else { format!("{} {words}", e.action) };
    let target = target_name(&e.target);
    let failed = e.result != "ok";
    let result = Cell::tone(&e.result, if failed { Tone::Error } else { Tone::Ok });
    let who = e.caller_arn.as_deref().map(caller_name).unwrap_or("-").to_string();
    let place = format!("{} · {}", e.profile.as_deref().unwrap_or("-"), e.region.as_deref().unwrap_or("-"));
    Row {
        id,
        // A failed change is an error row (marker, count, "problems" in the title); a change
        // that went through is history, not health.
        health: if failed { Tone::Error } else { Tone::Normal },
        cells: vec![
            Cell::age(at, now),
            Cell::tone(&time, Tone::Muted),
            Cell::tone(&action, Tone::Accent),
            Cell::new(&target),
            result,
            Cell::new(&who),
            Cell::tone(&place, Tone::Muted),
        ],
        sort: vec![
            match time_key(at) {
                SortKey::Num(n) => SortKey::Num(-n),
                k => k,
            },
            SortKey::Raw(e.time.clone()),
            SortKey::Text(action),
            SortKey::Text(target),
            SortKey::Text(e.result.clone()),
            SortKey::Text(who),
            SortKey::Text(place),
        ],
    }
}

/// The request's key parameters in a few words (`desiredCount 3`, `forceNewDeployment`,
/// `strategy FARGATE w1`), from what was journaled as `before.request`. Names stay the API's,
/// as the call was made with them.
pub fn action_words(e: &Entry) -> String {
    let Some(req) = e.before.get("request").and_then(Value::as_object) else { return String::new() };
    let mut words: Vec<String> = Vec::new();
    let strategy = |v: &Value| serde_json::from_value::<Strategy>(v.clone()).map(|s| s.short()).ok();
    if let Some(n) = req.get("desiredCount").and_then(Value::as_i64) {
        words.push(format!("desiredCount {n}"));
    }
    if let Some(td) = req.get("taskDefinition").and_then(Value::as_str) {
        words.push(format!("taskDefinition {}", crate::model::arn_name(td)));
    }
    if let Some(s) = req.get("capacityProviderStrategy").and_then(strategy) {
        words.push(format!("strategy {s}"));
    }
    if let Some(s) = req.get("defaultCapacityProviderStrategy").and_then(strategy) {
        words.push(format!("default strategy {s}"));
    }
    match req.get("enableExecuteCommand").and_then(Value::as_bool) {
        Some(true) => words.push("enableExecuteCommand".into()),
        Some(false) => words.push("disableExecuteCommand".into()),
        None => {}
    }
    if req.get("forceNewDeployment").and_then(Value::as_bool) == Some(true) {
        words.push("forceNewDeployment".into());
    }
    if let Some(t) = req.get("stopType").and_then(Value::as_str) {
        words.push(t.to_string());
    }
    if let Some(r) = req.get("reason").and_then(Value::as_str) {
        words.push(format!("reason {r:?}"));
    }
    words.join(", ")
}

/// `arn:aws:ecs:…:service/prod/api` → `prod/api`; a task's id shortened like the task list's;
/// anything that is not an ARN as it is.
pub fn target_name(target: &str) -> String {
    let resource = match target.splitn(6, ':').nth(5) {
        Some(r) if target.starts_with("arn:") => r,
        _ => return target.to_string(),
    };
    let Some((kind, path)) = resource.split_once('/') else { return resource.to_string() };
    match (kind, path.rsplit_once('/')) {
        ("task", Some((cluster, id))) => format!("{cluster}/{}", short_id(id)),
        ("task", None) => short_id(path).to_string(),
        _ => path.to_string(),
    }
}

/// The caller ARN's last part: the user, or the session of an assumed role.
pub fn caller_name(arn: &str) -> &str {
    arn.rsplit(['/', ':']).next().filter(|s| !s.is_empty()).unwrap_or(arn)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;
    use crate::mutation::{Kind, Mutation};
    use chrono::Duration;
    use serde_json::json;

    /// Index of the RESULT column.
    const RESULT_AT: usize = 4;

    /// An entry as the runtime writes it for `m`.
    fn entry(m: &Mutation, at: Time, result: &str) -> Entry {
        Entry {
            time: Entry::time_of(at),
            account: Some("123456789012".into()),
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/Sre/alice".into()),
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            action: m.iam_action().into(),
            target: m.target().into(),
            before: json!({ "request": m.call().params(), "target": {} }),
            after: Value::Null,
            result: result.into(),
        }
    }

    #[test]
    fn columns_and_cells_of_a_change() {
        let now = fixtures::now();
        let e = entry(&Mutation::example(Kind::Scale), now - Duration::minutes(3), "ok");
        let t = journal_table(std::slice::from_ref(&e), now);
        let titles: Vec<&str> = t.columns.iter().map(|c| c.title).collect();
        assert_eq!(titles, ["WHEN", "TIME (UTC)", "ACTION", "TARGET", "RESULT", "WHO", "PROFILE · REGION"]);
        let cells: Vec<&str> = t.rows[0].cells.iter().map(|c| c.text.as_str()).collect();
        let time = (now - Duration::minutes(3)).format("%b %d %H:%M:%S").to_string();
        assert_eq!(
            cells,
            ["3m", time.as_str(), "ecs:UpdateService desiredCount 3", "prod/api", "ok", "alice", "prod · eu-west-1"]
        );
        assert_eq!(t.rows[0].cells[0].since, Some(now - Duration::minutes(3)), "the age stays current when drawn");
        assert_eq!(t.rows[0].cells[RESULT_AT].tone, Tone::Ok);
        assert_eq!(t.rows[0].health, Tone::Normal);
    }

    #[test]
    fn a_failed_change_is_an_error_row_with_its_error() {
        let now = fixtures::now();
        let error = "Access denied: User: arn:aws:sts::123456789012:assumed-role/Sre/alice is not authorized to perform: ecs:UpdateService";
        let e = entry(&Mutation::example(Kind::ForceDeploy), now, error);
        let t = journal_table(&[e], now);
        assert_eq!(t.rows[0].health, Tone::Error);
        assert_eq!(t.rows[0].cells[RESULT_AT].text, error, "the whole error, for the detail line to show");
        assert_eq!(t.rows[0].cells[RESULT_AT].tone, Tone::Error);
        assert!(t.columns[RESULT_AT].flex, "a cut error is shown in full under the table");
    }

    #[test]
    fn each_kind_of_change_says_what_it_asked() {
        let words = |k: Kind| action_words(&entry(&Mutation::example(k), fixtures::now(), "ok"));
        assert_eq!(words(Kind::ForceDeploy), "forceNewDeployment");
        assert_eq!(words(Kind::Scale), "desiredCount 3");
        assert_eq!(words(Kind::StopTask), "reason \"stuck\"");
        assert_eq!(words(Kind::ServiceStrategy), "strategy FARGATE w1, forceNewDeployment");
        assert_eq!(words(Kind::ClusterStrategy), "default strategy FARGATE w1");
        assert_eq!(words(Kind::Rollback), "ROLLBACK");
        assert_eq!(words(Kind::DeployRevision), "taskDefinition prod-api:41");
        assert_eq!(words(Kind::EnableExec), "enableExecuteCommand, forceNewDeployment");
        let mut bare = entry(&Mutation::example(Kind::Scale), fixtures::now(), "ok");
        bare.before = json!({"something": "else"});
        assert_eq!(action_words(&bare), "", "an entry without a request still shows its action");
    }

    #[test]
    fn targets_and_callers_by_name() {
        let target = |k: Kind| target_name(Mutation::example(k).target());
        assert_eq!(target(Kind::Scale), "prod/api");
        assert_eq!(target(Kind::ClusterStrategy), "prod");
        assert_eq!(target(Kind::StopTask), "prod/01234567");
        assert_eq!(target_name("arn:aws:ecs:eu-west-1:1:task/0123456789abcdef"), "01234567");
        assert_eq!(target_name("api"), "api");
        assert_eq!(caller_name("arn:aws:iam::123456789012:user/bob"), "bob");
        assert_eq!(caller_name("arn:aws:iam::123456789012:root"), "root");
    }

    #[test]
    fn newest_first_and_ids_that_stay_put() {
        let now = fixtures::now();
        let m = Mutation::example(Kind::Scale);
        // Two identical entries in one second, and a newer one (the file's order is oldest first).
        let older = entry(&m, now - Duration::minutes(5), "ok");
        let newer = entry(&m, now - Duration::minutes(1), "ok");
        let page = vec![newer.clone(), older.clone(), older.clone()];
        let t = journal_table(&page, now);
        let order: Vec<&str> =
            t.visible("", t.default_sort).iter().map(|&i| t.rows[i].cells[0].text.as_str()).collect();
        assert_eq!(order, ["1m", "5m", "5m"]);
        let ids = entry_ids(&page);
        assert_eq!(ids[1], format!("{} #2", ids[2]));
        assert_ne!(ids[0], ids[2]);
        // A newer entry arrives: the older ones keep their ids.
        let more = vec![entry(&m, now, "ok"), newer, older.clone(), older];
        assert_eq!(entry_ids(&more)[1..], ids[..]);
    }
}
