//! The `[triage]` table of settings.toml: whether the console starts on triage, and the
//! thresholds of its rules. A bad value warns and keeps that field's default.
use std::time::Duration;

/// The thresholds of the triage rules (see docs/triage.md).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Thresholds {
    /// Start the console on the triage view when something is wrong (else on the clusters).
    pub start: bool,
    /// A deployment in progress may run below desired this long before it is a problem.
    pub below_desired_grace: Duration,
    /// A rollout whose primary deployment has not changed for this long is stuck.
    pub stuck_after: Duration,
    /// A rollback is shown for this long after it began.
    pub rolled_back_within: Duration,
    /// Stopped tasks are counted over this window (ECS keeps them about an hour).
    pub stopped_within: Duration,
    /// "Unable to place" and "failed ELB health checks" events are counted over this window.
    pub events_within: Duration,
    /// This many non-routine stops of one kind in one service make it critical (a crash loop).
    pub repeated_stops: usize,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            start: true,
            below_desired_grace: Duration::from_secs(10 * 60),
            stuck_after: Duration::from_secs(15 * 60),
            rolled_back_within: Duration::from_secs(60 * 60),
            stopped_within: Duration::from_secs(60 * 60),
            events_within: Duration::from_secs(15 * 60),
            repeated_stops: 3,
        }
    }
}

/// The keys `[triage]` knows.
pub const KEYS: &[&str] = &[
    "start",
    "below_desired_grace",
    "stuck_after",
    "rolled_back_within",
    "stopped_within",
    "events_within",
    "repeated_stops",
];

/// Longest window a rule looks back over: ECS keeps stopped tasks about an hour and the
/// newest 100 events, so a day is already more than the data holds.
const MAX_WINDOW: Duration = Duration::from_secs(24 * 3600);

impl Thresholds {
    /// Reads the `[triage]` table; warnings name `triage.<key>`.
    pub fn parse(value: &toml::Value) -> (Thresholds, Vec<String>) {
        let mut t = Thresholds::default();
        let Some(table) = value.as_table() else {
            return (t, vec![format!("triage: expected a table ([triage]), found {}", value.type_str())]);
        };
        let mut warnings = Vec::new();
        for (key, value) in table {
            let result = match key.as_str() {
                "start" => value.as_bool().map(|v| t.start = v).ok_or_else(|| "expected true or false".to_string()),
                "below_desired_grace" => window(value).map(|v| t.below_desired_grace = v),
                "stuck_after" => window(value).map(|v| t.stuck_after = v),
                "rolled_back_within" => window(value).map(|v| t.rolled_back_within = v),
                "stopped_within" => window(value).map(|v| t.stopped_within = v),
                "events_within" => window(value).map(|v| t.events_within = v),
                "repeated_stops" => value
                    .as_integer()
                    .and_then(|n| usize::try_from(n).ok())
                    .filter(|n| (1..=1000).contains(n))
                    .map(|n| t.repeated_stops = n)
                    .ok_or_else(|| "expected a whole number from 1 to 1000".to_string()),
                _ => {
                    warnings.push(format!("triage.{key}: unknown setting (ignored; known: {})", KEYS.join(", ")));
                    continue;
                }
            };
            if let Err(e) = result {
                warnings.push(format!("triage.{key}: {e} (using the default)"));
            }
        }
        (t, warnings)
    }
}

/// `"10m"`, `"1h 30m"` or seconds, from one second to a day.
fn window(value: &toml::Value) -> Result<Duration, String> {
    let d = match value {
        toml::Value::String(text) => humantime::parse_duration(text.trim())
            .map_err(|e| format!("{text:?} is not a duration such as \"10m\" ({e})"))?,
        toml::Value::Integer(secs) => {
            Duration::from_secs(u64::try_from(*secs).map_err(|_| format!("{secs} is negative"))?)
        }
        other => return Err(format!("expected a duration such as \"10m\", found {}", other.type_str())),
    };
    if d < Duration::from_secs(1) || d > MAX_WINDOW {
        return Err(format!("{} is outside 1s to 24h", humantime::format_duration(d)));
    }
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Thresholds, Vec<String>) {
        let doc: toml::Table = toml::from_str(text).expect("toml");
        Thresholds::parse(doc.get("triage").expect("[triage]"))
    }

    #[test]
    fn every_key_parses_and_bad_values_keep_their_default() {
        let (t, w) = parse(
            "[triage]\nstart = false\nbelow_desired_grace = \"5m\"\nstuck_after = 600\nrolled_back_within = \"2h\"\n\
             stopped_within = \"30m\"\nevents_within = \"1m\"\nrepeated_stops = 5\n",
        );
        assert!(w.is_empty(), "{w:?}");
        assert_eq!(
            t,
            Thresholds {
                start: false,
                below_desired_grace: Duration::from_secs(300),
                stuck_after: Duration::from_secs(600),
                rolled_back_within: Duration::from_secs(7200),
                stopped_within: Duration::from_secs(1800),
                events_within: Duration::from_secs(60),
                repeated_stops: 5,
            }
        );
        let (t, w) = parse("[triage]\nstart = \"yes\"\nstuck_after = \"3d\"\nrepeated_stops = 0\nsoon = 1\n");
        assert_eq!(t, Thresholds::default());
        assert_eq!(w.len(), 4, "{w:?}");
        assert!(w.iter().any(|w| w.starts_with("triage.stuck_after: 3days is outside 1s to 24h")), "{w:?}");
        assert!(w.iter().any(|w| w.starts_with("triage.soon: unknown setting")), "{w:?}");
        let (_, w) = Thresholds::parse(&toml::Value::Integer(3));
        assert_eq!(w, ["triage: expected a table ([triage]), found integer"]);
    }
}
