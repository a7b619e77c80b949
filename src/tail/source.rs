//! Where a line came from, read off its stream name, and the id of a line that CloudWatch gave
//! none (Live Tail events have no event id).
use crate::model::{LogEvent, LogSource, Time};
use std::hash::{DefaultHasher, Hash, Hasher};

impl LogSource {
    /// `group` and an awslogs stream name `prefix/container/task-id`: the container and task id
    /// when the stream has that form (a task id is 32 hex digits, or an older 36-character
    /// UUID); any other stream keeps only its name.
    pub fn parse(group: &str, stream: &str) -> LogSource {
        let mut parts = stream.rsplitn(3, '/');
        let (task, container, prefix) = (parts.next(), parts.next(), parts.next());
        let awslogs = match (task, container, prefix) {
            (Some(t), Some(c), Some(p)) if !p.is_empty() && !c.is_empty() && is_task_id(t) => Some((c, t)),
            _ => None,
        };
        LogSource {
            group: group.to_string(),
            stream: stream.to_string(),
            task_id: awslogs.map(|(_, t)| t.to_string()),
            container: awslogs.map(|(c, _)| c.to_string()),
        }
    }
}

fn is_task_id(s: &str) -> bool {
    let hex = |c: char| c.is_ascii_hexdigit();
    (s.len() == 32 && s.chars().all(hex)) || (s.len() == 36 && s.chars().all(|c| hex(c) || c == '-'))
}

/// A stable hash of what makes two events the same line: group, stream, timestamp, message.
/// `DefaultHasher::new()` has fixed keys, so the value is the same in every run.
pub fn content_hash(group: &str, stream: &str, timestamp_ms: i64, message: &str) -> u64 {
    let mut h = DefaultHasher::new();
    (group, stream, timestamp_ms, message).hash(&mut h);
    h.finish()
}

/// The id of an event CloudWatch gave no id (Live Tail): built from its stream, timestamp and
/// message, as `model::LogEvent::id` describes.
pub fn built_id(group: &str, stream: &str, timestamp_ms: i64, message: &str) -> String {
    format!("{timestamp_ms}-{:016x}", content_hash(group, stream, timestamp_ms, message))
}

/// An event from its parts; the id is `id` or, without one, [`built_id`].
pub fn event(
    group: &str,
    stream: &str,
    timestamp_ms: i64,
    ingested_ms: Option<i64>,
    message: &str,
    id: Option<String>,
) -> LogEvent {
    LogEvent {
        id: id.unwrap_or_else(|| built_id(group, stream, timestamp_ms, message)),
        timestamp: from_ms(timestamp_ms),
        ingested: ingested_ms.map(from_ms),
        source: LogSource::parse(group, stream),
        message: message.to_string(),
    }
}

/// Milliseconds since the epoch as a time (out of range: the epoch, never a panic).
pub fn from_ms(ms: i64) -> Time {
    chrono::DateTime::from_timestamp_millis(ms).unwrap_or_default()
}

/// A time as milliseconds since the epoch, as CloudWatch Logs takes it.
pub fn to_ms(t: Time) -> i64 {
    t.timestamp_millis()
}

/// A log group's name from a Live Tail `logGroupIdentifier` (an ARN, with or without `:*`, or
/// already a name).
pub fn group_name(identifier: &str) -> &str {
    match identifier.split_once(":log-group:") {
        Some((_, rest)) => rest.strip_suffix(":*").unwrap_or(rest),
        None => identifier,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn awslogs_streams_give_container_and_task() {
        let s = LogSource::parse("/ecs/prod/api", "ecs/api/0123456789abcdef0123456789abcdef");
        assert_eq!(s.container.as_deref(), Some("api"));
        assert_eq!(s.task_id.as_deref(), Some("0123456789abcdef0123456789abcdef"));
        assert_eq!(s.stream, "ecs/api/0123456789abcdef0123456789abcdef");
        // A prefix may itself hold slashes.
        let s = LogSource::parse("g", "team/ecs/envoy/0123456789abcdef0123456789abcdef");
        assert_eq!(s.container.as_deref(), Some("envoy"));
        let old = LogSource::parse("g", "ecs/app/5b9c3a3e-3e36-4e44-a6a2-1d6c2b6f0a11");
        assert_eq!(old.task_id.as_deref(), Some("5b9c3a3e-3e36-4e44-a6a2-1d6c2b6f0a11"));
    }

    #[test]
    fn other_streams_keep_their_name_only() {
        for stream in [
            "2026/03/14/[$LATEST]0123456789abcdef",
            "ecs/api",
            "i-0abc123",
            "/api/0123456789abcdef0123456789abcdef",
            "ecs//0123456789abcdef0123456789abcdef",
        ] {
            let s = LogSource::parse("g", stream);
            assert_eq!((s.container, s.task_id), (None, None), "{stream}");
            assert_eq!(s.stream, stream);
        }
    }

    #[test]
    fn group_names_from_identifiers() {
        assert_eq!(group_name("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod/api"), "/ecs/prod/api");
        assert_eq!(group_name("arn:aws:logs:eu-west-1:123456789012:log-group:/ecs/prod/api:*"), "/ecs/prod/api");
        assert_eq!(group_name("/ecs/prod/api"), "/ecs/prod/api");
    }

    #[test]
    fn built_ids_depend_on_every_part() {
        let a = built_id("g", "s", 1, "m");
        assert_eq!(a, built_id("g", "s", 1, "m"));
        assert_ne!(a, built_id("g", "s", 1, "n"));
        assert_ne!(a, built_id("g", "t", 1, "m"));
        assert_ne!(a, built_id("g", "s", 2, "m"));
        assert_ne!(a, built_id("h", "s", 1, "m"));
    }
}
