//! The audit journal: every change bosun makes in AWS (and later every exec session) as one
//! JSON line in `<state dir>/journal.jsonl`, mode 0600.
//!
//! Each entry is written by one `write_all` to a file opened with `O_APPEND`, then flushed and
//! `sync_data`'d, so entries from two consoles never interleave and a written entry survives a
//! crash. A journal that cannot be written is an error saying why: the caller refuses the
//! change rather than make one it cannot record.
//!
//! **No secrets.** The parameters are the request's (cluster, service, counts, strategies, a
//! stop reason) and the objects before and after, which hold no credentials; as a second line
//! of defence any field whose name reads like a secret (`secret`, `token`, `password`,
//! `credential`, `sessionToken`, …) is replaced by `"[redacted]"` before it is written.
use crate::model::Time;
use serde::{Deserialize, Serialize};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

pub const JOURNAL_FILE: &str = "journal.jsonl";
const REDACTED: &str = "[redacted]";
/// Field names (lowercase, without `_` or `-`) that are never written.
const SECRET_WORDS: &[&str] = &["secret", "token", "password", "passwd", "credential", "privatekey", "accesskey"];

/// One change, as journaled.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// ISO-8601 in UTC, to the second.
    pub time: String,
    /// The caller identity (STS GetCallerIdentity) the change was made as.
    pub account: Option<String>,
    #[serde(rename = "callerArn")]
    pub caller_arn: Option<String>,
    pub profile: Option<String>,
    pub region: Option<String>,
    /// The IAM action, e.g. `ecs:UpdateService`.
    pub action: String,
    /// The ARN of what was changed.
    pub target: String,
    /// The request's parameters and the target as it was before the change.
    pub before: serde_json::Value,
    /// The target as AWS answered after the change (`null` when it failed).
    pub after: serde_json::Value,
    /// `ok`, or the error's text.
    pub result: String,
}

impl Entry {
    pub fn time_of(t: Time) -> String {
        t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
    }

    /// The result field for a call's outcome.
    pub fn result_of<T, E: std::fmt::Display>(r: &Result<T, E>) -> String {
        match r {
            Ok(_) => "ok".into(),
            Err(e) => e.to_string(),
        }
    }
}

/// The newest entries of a journal, as a view shows them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page {
    /// The file they were read from.
    pub path: PathBuf,
    /// Newest first.
    pub entries: Vec<Entry>,
    /// The journal holds older entries than these, left out to bound what is read into memory.
    pub older: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot write the audit journal {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
    #[error("cannot read the audit journal {path}: {source}")]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot record the change: {0}")]
    Encode(#[from] serde_json::Error),
}

/// The journal file. Opened per entry: changes are rare, and each one then finds out at once
/// whether the journal is still writable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Journal {
    path: PathBuf,
}

impl Journal {
    /// The journal in `state_dir` (created, with the file, when missing).
    pub fn in_dir(state_dir: &Path) -> Journal {
        Journal { path: state_dir.join(JOURNAL_FILE) }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn open(&self) -> Result<std::fs::File, JournalError> {
        let write = |source| JournalError::Write { path: self.path.clone(), source };
        if let Some(dir) = self.path.parent() {
            std::fs::create_dir_all(dir).map_err(write)?;
        }
        crate::logging::open_private(&self.path).map_err(write)
    }

    /// Whether an entry could be written now; the caller asks before making a change.
    pub fn check(&self) -> Result<(), JournalError> {
        self.open().map(drop)
    }

    /// Appends `entry` as one line, secrets redacted, and syncs it to disk.
    pub fn append(&self, entry: &Entry) -> Result<(), JournalError> {
        let mut value = serde_json::to_value(entry)?;
        redact(&mut value);
        let mut line = serde_json::to_vec(&value)?;
        line.push(b'\n');
        let mut file = self.open()?;
        let write = |source| JournalError::Write { path: self.path.clone(), source };
        file.write_all(&line).map_err(write)?;
        file.flush().map_err(write)?;
        file.sync_data().map_err(write)
    }

    /// At most `limit` entries, newest first. No journal yet is no entries; a line that does
    /// not parse (cut short by a crash, or edited by hand) is skipped.
    pub fn read_newest_first(&self, limit: usize) -> Result<Vec<Entry>, JournalError> {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => return Err(JournalError::Read { path: self.path.clone(), source }),
        };
        Ok(text.lines().rev().filter_map(|l| serde_json::from_str(l).ok()).take(limit).collect())
    }

    /// The newest `limit` entries, and whether older ones exist.
    pub fn read_page(&self, limit: usize) -> Result<Page, JournalError> {
        let mut entries = self.read_newest_first(limit.saturating_add(1))?;
        let older = entries.len() > limit;
        entries.truncate(limit);
        Ok(Page { path: self.path.clone(), entries, older })
    }
}

fn is_secret_name(name: &str) -> bool {
    let n: String = name.chars().filter(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
    SECRET_WORDS.iter().any(|w| n.contains(w))
}

/// Replaces the value of every field named like a secret, at any depth.
fn redact(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map.iter_mut() {
                if is_secret_name(k) {
                    *v = serde_json::Value::String(REDACTED.into());
                } else {
                    redact(v);
                }
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(n: i32) -> Entry {
        Entry {
            time: "2026-11-29T03:14:07Z".into(),
            account: Some("123456789012".into()),
            caller_arn: Some("arn:aws:sts::123456789012:assumed-role/Sre/me".into()),
            profile: Some("prod".into()),
            region: Some("eu-west-1".into()),
            action: "ecs:UpdateService".into(),
            target: "arn:aws:ecs:eu-west-1:123456789012:service/prod/api".into(),
            before: json!({"desiredCount": n - 1}),
            after: json!({"desiredCount": n}),
            result: "ok".into(),
        }
    }

    #[cfg(unix)]
    fn mode(path: &Path) -> u32 {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).expect("metadata").permissions().mode() & 0o777
    }

    #[test]
    fn one_private_line_per_entry_that_parses_back() {
        let dir = tempfile::tempdir().expect("tempdir");
        let paths = crate::config::Paths::in_dir(dir.path());
        let journal = Journal::in_dir(&paths.state_dir);
        assert_eq!(journal.path(), paths.journal_file());
        journal.append(&entry(1)).expect("append");
        journal.append(&entry(2)).expect("append");
        #[cfg(unix)]
        assert_eq!(mode(journal.path()), 0o600);
        let text = std::fs::read_to_string(journal.path()).expect("read");
        assert_eq!(text.lines().count(), 2);
        let first: Entry = serde_json::from_str(text.lines().next().expect("a line")).expect("JSON");
        assert_eq!(first, entry(1));
        let raw: serde_json::Value = serde_json::from_str(text.lines().nth(1).expect("a line")).expect("JSON");
        assert_eq!(raw["callerArn"], "arn:aws:sts::123456789012:assumed-role/Sre/me");
        assert_eq!(raw["result"], "ok");
        let t = chrono::DateTime::from_timestamp(1_795_749_247, 500_000_000).expect("a time");
        assert_eq!(Entry::time_of(t), "2026-11-27T03:14:07Z");
        let failed: Result<(), crate::api::ApiError> =
            Err(crate::api::ApiError::new(crate::api::ErrorKind::AccessDenied, "not authorized"));
        assert_eq!(Entry::result_of(&failed), "Access denied: not authorized");
        assert_eq!(Entry::result_of(&Ok::<(), String>(())), "ok");
    }

    #[test]
    fn entries_append_across_reopening_and_read_back_newest_first() {
        let dir = tempfile::tempdir().expect("tempdir");
        Journal::in_dir(dir.path()).append(&entry(1)).expect("append");
        Journal::in_dir(dir.path()).append(&entry(2)).expect("append");
        let journal = Journal::in_dir(dir.path());
        journal.append(&entry(3)).expect("append");
        let newest: Vec<serde_json::Value> =
            journal.read_newest_first(2).expect("read").into_iter().map(|e| e.after["desiredCount"].clone()).collect();
        assert_eq!(newest, vec![json!(3), json!(2)]);
        // A line cut short by a crash is skipped, not fatal.
        std::fs::OpenOptions::new()
            .append(true)
            .open(journal.path())
            .and_then(|mut f| f.write_all(b"{\"time\":\"2026"))
            .expect("garble");
        assert_eq!(journal.read_newest_first(10).expect("read").len(), 3);
        assert!(Journal::in_dir(&dir.path().join("none")).read_newest_first(5).expect("no journal").is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn an_existing_journal_is_tightened_to_0600() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = Journal::in_dir(dir.path());
        std::fs::write(journal.path(), "").expect("create");
        std::fs::set_permissions(journal.path(), std::fs::Permissions::from_mode(0o644)).expect("chmod");
        journal.append(&entry(1)).expect("append");
        assert_eq!(mode(journal.path()), 0o600);
    }

    #[test]
    fn an_unwritable_journal_refuses_and_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        // A file where the state directory should be: nothing can be created under it, for
        // any user (root included, unlike a read-only directory).
        let blocker = dir.path().join("state");
        std::fs::write(&blocker, "not a directory").expect("blocker");
        let journal = Journal::in_dir(&blocker);
        let e = journal.check().expect_err("unwritable");
        let text = e.to_string();
        assert!(text.starts_with("cannot write the audit journal ") && text.contains("journal.jsonl"), "{text}");
        assert!(journal.append(&entry(1)).is_err());
    }

    #[test]
    fn fields_named_like_secrets_are_redacted() {
        let dir = tempfile::tempdir().expect("tempdir");
        let journal = Journal::in_dir(dir.path());
        let mut e = entry(1);
        e.before = json!({
            "desiredCount": 1,
            "sessionToken": "IQoJb3JpZ2luX2VjEXAMPLE",
            "nested": [{"aws_secret_access_key": "wJalrXUtnFEMI/EXAMPLEKEY", "name": "api"}],
        });
        journal.append(&e).expect("append");
        let text = std::fs::read_to_string(journal.path()).expect("read");
        assert!(!text.contains("IQoJb3JpZ2luX2VjEXAMPLE") && !text.contains("wJalrXUtnFEMI"), "{text}");
        let back = journal.read_newest_first(1).expect("read").remove(0);
        assert_eq!(back.before["sessionToken"], REDACTED);
        assert_eq!(back.before["nested"][0]["aws_secret_access_key"], REDACTED);
        assert_eq!(
            (back.before["desiredCount"].clone(), back.before["nested"][0]["name"].clone()),
            (json!(1), json!("api"))
        );
    }
}
