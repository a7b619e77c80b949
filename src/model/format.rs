//! Small formatting helpers shared by views and the dump.
use super::Time;

/// The last `/`-separated segment of an ARN (or the input itself): cluster, service and task names.
pub fn arn_name(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// The first 8 characters of a task id, like the ECS console shows.
pub fn short_id(arn: &str) -> &str {
    let id = arn_name(arn);
    match id.char_indices().nth(8) {
        Some((i, _)) => &id[..i],
        None => id,
    }
}

/// Compact age: `42s`, `5m`, `3h12m`, `4d2h`. Future times (clock skew) show as `0s`.
pub fn age(then: Time, now: Time) -> String {
    let secs = (now - then).num_seconds().max(0);
    match secs {
        s if s < 60 => format!("{s}s"),
        s if s < 3600 => format!("{}m", s / 60),
        s if s < 86_400 => {
            let m = (s % 3600) / 60;
            if m == 0 { format!("{}h", s / 3600) } else { format!("{}h{}m", s / 3600, m) }
        }
        s => {
            let h = (s % 86_400) / 3600;
            if h == 0 { format!("{}d", s / 86_400) } else { format!("{}d{}h", s / 86_400, h) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Duration, TimeZone, Utc};

    #[test]
    fn names_and_ids() {
        assert_eq!(arn_name("arn:aws:ecs:eu-west-1:1:cluster/prod"), "prod");
        assert_eq!(arn_name("prod"), "prod");
        assert_eq!(short_id("arn:aws:ecs:r:1:task/prod/0123456789abcdef"), "01234567");
        assert_eq!(short_id("abc"), "abc");
    }

    #[test]
    fn ages() {
        let now = Utc.with_ymd_and_hms(2026, 1, 1, 12, 0, 0).unwrap();
        assert_eq!(age(now - Duration::seconds(42), now), "42s");
        assert_eq!(age(now - Duration::minutes(5), now), "5m");
        assert_eq!(age(now - Duration::minutes(192), now), "3h12m");
        assert_eq!(age(now - Duration::hours(2), now), "2h");
        assert_eq!(age(now - Duration::hours(98), now), "4d2h");
        assert_eq!(age(now + Duration::seconds(5), now), "0s");
    }
}
