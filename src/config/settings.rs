//! `settings.toml`: the user's standing preferences. Command-line flags and environment
//! variables override these; a bad value gives a warning and that field's default.

use std::path::Path;
use std::time::Duration;

use super::toml_util::{parse_table, read_optional, type_name};

const FILE: &str = "settings.toml";

pub const DEFAULT_REFRESH: Duration = Duration::from_secs(10);
/// Faster polling gains little and spends API quota that an incident may need.
pub const MIN_REFRESH: Duration = Duration::from_secs(1);
/// Longer than this is a mistake (and a huge value would overflow the console's timers).
pub const MAX_REFRESH: Duration = Duration::from_secs(3600);
/// Names that look like production ask for the name before a change.
pub const DEFAULT_PROTECTED: &str = "*prod*";
pub const DEFAULT_CONCURRENCY: usize = 8;
pub const MAX_CONCURRENCY: usize = 64;
/// Lines a log view keeps: enough for an incident's hour of a busy service, bounded so a
/// flood cannot eat the machine.
pub const DEFAULT_LOG_LINES: usize = 100_000;
pub const MIN_LOG_LINES: usize = 1_000;
pub const MAX_LOG_LINES: usize = 5_000_000;

const KEYS: &[&str] = &[
    "refresh",
    "concurrency",
    "profile",
    "region",
    "read_only",
    "protected",
    "theme",
    "connect_timeout",
    "read_timeout",
    "attempt_timeout",
    "operation_timeout",
    "credentials_timeout",
    "log_lines",
    "triage",
];

/// Bounds of every AWS timeout: shorter fails healthy calls on a slow link, longer leaves an
/// SRE staring at a spinner.
pub const MIN_TIMEOUT: Duration = Duration::from_secs(1);
pub const MAX_TIMEOUT: Duration = Duration::from_secs(600);

/// How long an AWS call may take, so a stalled connection fails instead of hanging.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// To open the TCP (and TLS) connection.
    pub connect: Duration,
    /// Between bytes of an answer once the request is sent.
    pub read: Duration,
    /// One attempt of a call, from sending to the full answer.
    pub attempt: Duration,
    /// A whole call, retries and their backoff included.
    pub operation: Duration,
    /// A profile's `credential_process`, before it is stopped.
    pub credentials: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            connect: Duration::from_secs(3),
            read: Duration::from_secs(10),
            attempt: Duration::from_secs(15),
            operation: Duration::from_secs(40),
            credentials: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// How often the current view reloads.
    pub refresh: Duration,
    /// How many AWS calls may run at once.
    pub concurrency: usize,
    /// AWS profile to start with (None: the SDK's usual resolution).
    pub profile: Option<String>,
    /// AWS region to start with (None: the SDK's usual resolution).
    pub region: Option<String>,
    /// Refuse every mutating action.
    pub read_only: bool,
    /// Glob patterns (`*`, `?`, `[abc]`) of cluster and service names whose changes must be
    /// confirmed by typing the name.
    pub protected: Vec<String>,
    /// Theme name to start with.
    pub theme: Option<String>,
    /// Limits on every AWS call.
    pub timeouts: Timeouts,
    /// How many lines a log view keeps before dropping the oldest.
    pub log_lines: usize,
    /// The `[triage]` table: the start screen and the triage rules' thresholds.
    pub triage: crate::triage::Thresholds,
}

impl Default for Settings {
    fn default() -> Settings {
        Settings {
            refresh: DEFAULT_REFRESH,
            concurrency: DEFAULT_CONCURRENCY,
            profile: None,
            region: None,
            read_only: false,
            protected: vec![DEFAULT_PROTECTED.to_string()],
            theme: None,
            timeouts: Timeouts::default(),
            log_lines: DEFAULT_LOG_LINES,
            triage: crate::triage::Thresholds::default(),
        }
    }
}

impl Settings {
    /// Reads `<config_dir>/settings.toml` if present.
    pub fn load(config_dir: &Path) -> (Settings, Vec<String>) {
        match read_optional(&config_dir.join(FILE)) {
            Ok(Some(text)) => Settings::parse(&text),
            Ok(None) => (Settings::default(), Vec::new()),
            Err(err) => (Settings::default(), vec![format!("{FILE}: {err} (using defaults)")]),
        }
    }

    pub fn parse(toml: &str) -> (Settings, Vec<String>) {
        let mut settings = Settings::default();
        let doc = match parse_table(toml) {
            Ok(doc) => doc,
            Err(err) => return (settings, vec![format!("{FILE}: {err} (using defaults)")]),
        };
        let mut warnings = Vec::new();
        for (key, value) in &doc {
            let result = match key.as_str() {
                "refresh" => parse_refresh(value).map(|v| settings.refresh = v),
                "concurrency" => parse_concurrency(value).map(|v| settings.concurrency = v),
                "profile" => parse_name(value).map(|v| settings.profile = v),
                "region" => parse_name(value).map(|v| settings.region = v),
                "theme" => parse_name(value).map(|v| settings.theme = v),
                "connect_timeout" => parse_timeout(value).map(|v| settings.timeouts.connect = v),
                "read_timeout" => parse_timeout(value).map(|v| settings.timeouts.read = v),
                "attempt_timeout" => parse_timeout(value).map(|v| settings.timeouts.attempt = v),
                "operation_timeout" => parse_timeout(value).map(|v| settings.timeouts.operation = v),
                "credentials_timeout" => parse_timeout(value).map(|v| settings.timeouts.credentials = v),
                "protected" => parse_patterns(value).map(|v| settings.protected = v),
                "log_lines" => parse_log_lines(value).map(|v| settings.log_lines = v),
                "triage" => {
                    let (triage, more) = crate::triage::Thresholds::parse(value);
                    settings.triage = triage;
                    warnings.extend(more.into_iter().map(|w| format!("{FILE}: {w}")));
                    Ok(())
                }
                "read_only" => match value.as_bool() {
                    Some(v) => {
                        settings.read_only = v;
                        Ok(())
                    }
                    None => Err(format!("expected true or false, found {}", type_name(value))),
                },
                _ => {
                    warnings.push(format!("{FILE}: {key}: unknown setting (ignored; known: {})", KEYS.join(", ")));
                    continue;
                }
            };
            if let Err(err) = result {
                warnings.push(format!("{FILE}: {key}: {err} (using the default: {})", default_text(key)));
            }
        }
        (settings, warnings)
    }
}

/// A list of glob patterns; each must compile.
fn parse_patterns(value: &toml::Value) -> Result<Vec<String>, String> {
    let items = value.as_array().ok_or_else(|| format!("expected a list of patterns, found {}", type_name(value)))?;
    items
        .iter()
        .map(|v| {
            let p = v.as_str().ok_or_else(|| format!("expected a pattern (text), found {}", type_name(v)))?;
            globset::Glob::new(p).map_err(|e| format!("{p:?}: {e}"))?;
            Ok(p.to_string())
        })
        .collect()
}

fn default_text(key: &str) -> String {
    let defaults = Settings::default();
    match key {
        "refresh" => humantime::format_duration(defaults.refresh).to_string(),
        "concurrency" => defaults.concurrency.to_string(),
        "read_only" => defaults.read_only.to_string(),
        "log_lines" => defaults.log_lines.to_string(),
        "protected" => format!("{:?}", defaults.protected),
        "connect_timeout" => humantime::format_duration(defaults.timeouts.connect).to_string(),
        "read_timeout" => humantime::format_duration(defaults.timeouts.read).to_string(),
        "attempt_timeout" => humantime::format_duration(defaults.timeouts.attempt).to_string(),
        "operation_timeout" => humantime::format_duration(defaults.timeouts.operation).to_string(),
        "credentials_timeout" => humantime::format_duration(defaults.timeouts.credentials).to_string(),
        _ => "unset".to_string(),
    }
}

/// `"10s"`, `"1m 30s"`, or a plain number of seconds.
fn parse_refresh(value: &toml::Value) -> Result<Duration, String> {
    check_refresh(parse_duration(value)?)
}

/// A timeout between [`MIN_TIMEOUT`] and [`MAX_TIMEOUT`].
fn parse_timeout(value: &toml::Value) -> Result<Duration, String> {
    let duration = parse_duration(value)?;
    let show = |d: Duration| humantime::format_duration(d).to_string();
    if duration < MIN_TIMEOUT {
        Err(format!("{} is below the minimum of {}", show(duration), show(MIN_TIMEOUT)))
    } else if duration > MAX_TIMEOUT {
        Err(format!("{} is above the maximum of {}", show(duration), show(MAX_TIMEOUT)))
    } else {
        Ok(duration)
    }
}

fn parse_duration(value: &toml::Value) -> Result<Duration, String> {
    let duration = match value {
        toml::Value::String(text) => humantime::parse_duration(text.trim())
            .map_err(|e| format!("{text:?} is not a duration such as \"10s\" or \"1m\" ({e})"))?,
        toml::Value::Integer(secs) => {
            let secs = u64::try_from(*secs).map_err(|_| format!("{secs} is negative"))?;
            Duration::from_secs(secs)
        }
        other => return Err(format!("expected a duration such as \"10s\", found {}", type_name(other))),
    };
    Ok(duration)
}

/// A refresh interval between [`MIN_REFRESH`] and [`MAX_REFRESH`], or why not.
pub fn check_refresh(duration: Duration) -> Result<Duration, String> {
    let show = |d: Duration| humantime::format_duration(d).to_string();
    if duration < MIN_REFRESH {
        Err(format!("{} is below the minimum of {}", show(duration), show(MIN_REFRESH)))
    } else if duration > MAX_REFRESH {
        Err(format!("{} is above the maximum of {}", show(duration), show(MAX_REFRESH)))
    } else {
        Ok(duration)
    }
}

fn parse_concurrency(value: &toml::Value) -> Result<usize, String> {
    let Some(n) = value.as_integer() else {
        return Err(format!("expected a whole number, found {}", type_name(value)));
    };
    usize::try_from(n)
        .ok()
        .filter(|n| (1..=MAX_CONCURRENCY).contains(n))
        .ok_or_else(|| format!("{n} is outside 1..={MAX_CONCURRENCY}"))
}

fn parse_log_lines(value: &toml::Value) -> Result<usize, String> {
    let Some(n) = value.as_integer() else {
        return Err(format!("expected a whole number, found {}", type_name(value)));
    };
    usize::try_from(n)
        .ok()
        .filter(|n| (MIN_LOG_LINES..=MAX_LOG_LINES).contains(n))
        .ok_or_else(|| format!("{n} is outside {MIN_LOG_LINES}..={MAX_LOG_LINES}"))
}

/// A profile, region or theme name; an empty string means unset.
fn parse_name(value: &toml::Value) -> Result<Option<String>, String> {
    match value.as_str() {
        Some(text) => Ok(Some(text.trim().to_string()).filter(|t| !t.is_empty())),
        None => Err(format!("expected a string, found {}", type_name(value))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_file_gives_defaults() {
        let (settings, warnings) = Settings::parse("");
        assert_eq!(settings, Settings::default());
        assert!(warnings.is_empty());
        assert_eq!(settings.refresh, Duration::from_secs(10));
        assert_eq!(settings.concurrency, 8);
    }

    #[test]
    fn parses_every_field() {
        let text = r#"
refresh = "1m 30s"
concurrency = 16
profile = "prod-admin"
region = "eu-west-1"
read_only = true
protected = ["*prod*", "payments-?"]
theme = "nord"
"#;
        let (settings, warnings) = Settings::parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(
            settings,
            Settings {
                refresh: Duration::from_secs(90),
                concurrency: 16,
                profile: Some("prod-admin".into()),
                region: Some("eu-west-1".into()),
                read_only: true,
                protected: vec!["*prod*".into(), "payments-?".into()],
                theme: Some("nord".into()),
                timeouts: Timeouts::default(),
                log_lines: DEFAULT_LOG_LINES,
                triage: Default::default(),
            }
        );
        let (bad, warnings) = Settings::parse("protected = [\"[unclosed\", 3]");
        assert_eq!(bad.protected, vec![DEFAULT_PROTECTED.to_string()]);
        assert!(warnings[0].starts_with("settings.toml: protected: \"[unclosed\""), "{warnings:?}");
        assert_eq!(Settings::parse("protected = []").0.protected, Vec::<String>::new());
        assert_eq!(Settings::parse("refresh = 5").0.refresh, Duration::from_secs(5));
        assert_eq!(Settings::parse("profile = \"  \"").0.profile, None);
    }

    #[test]
    fn bad_values_warn_and_keep_field_defaults() {
        let text = r#"
refresh = "500ms"
concurrency = 100
region = 3
read_only = "yes"
refersh = "5s"
profile = "ops"
"#;
        let (settings, warnings) = Settings::parse(text);
        assert_eq!(warnings.len(), 5, "{warnings:#?}");
        assert!(warnings.iter().all(|w| w.starts_with("settings.toml: ")));
        let has = |needle: &str| warnings.iter().any(|w| w.contains(needle));
        assert!(has("refresh: 500ms is below the minimum of 1s (using the default: 10s)"), "{warnings:#?}");
        assert!(has("concurrency: 100 is outside 1..=64 (using the default: 8)"), "{warnings:#?}");
        assert!(has("region: expected a string, found an integer"), "{warnings:#?}");
        assert!(has("read_only: expected true or false"), "{warnings:#?}");
        assert!(has("refersh: unknown setting"), "{warnings:#?}");
        assert_eq!(settings, Settings { profile: Some("ops".into()), ..Settings::default() });

        for bad in ["refresh = \"soon\"", "refresh = -3", "concurrency = 0", "concurrency = \"8\""] {
            let (settings, warnings) = Settings::parse(bad);
            assert_eq!(warnings.len(), 1, "{bad}: {warnings:?}");
            assert_eq!(settings, Settings::default(), "{bad}");
        }
        assert_eq!(Settings::parse("concurrency = 64").0.concurrency, 64);
        assert_eq!(Settings::parse("refresh = \"1s\"").0.refresh, MIN_REFRESH);
        assert_eq!(Settings::parse("refresh = \"1h\"").0.refresh, MAX_REFRESH);
    }

    #[test]
    fn timeouts_parse_within_bounds() {
        let text =
            "connect_timeout = \"2s\"\nread_timeout = 5\nattempt_timeout = \"20s\"\noperation_timeout = \"1m\"\n";
        let (settings, warnings) = Settings::parse(text);
        assert!(warnings.is_empty(), "{warnings:?}");
        let secs = |d: Duration| d.as_secs();
        let t = settings.timeouts;
        assert_eq!((secs(t.connect), secs(t.read), secs(t.attempt), secs(t.operation)), (2, 5, 20, 60));
        let (settings, warnings) = Settings::parse("read_timeout = \"100ms\"\noperation_timeout = \"2h\"\n");
        assert_eq!(settings.timeouts, Timeouts::default());
        assert!(
            warnings[0].contains("operation_timeout: 2h is above the maximum of 10m (using the default: 40s)"),
            "{warnings:?}"
        );
        assert!(
            warnings[1].contains("read_timeout: 100ms is below the minimum of 1s (using the default: 10s)"),
            "{warnings:?}"
        );
    }

    #[test]
    fn huge_refresh_warns_and_keeps_the_default() {
        for huge in ["refresh = \"100000000h\"", "refresh = 9223372036854775807", "refresh = \"2h\""] {
            let (settings, warnings) = Settings::parse(huge);
            assert_eq!(settings.refresh, DEFAULT_REFRESH, "{huge}");
            assert_eq!(warnings.len(), 1, "{huge}: {warnings:?}");
            assert!(warnings[0].contains("is above the maximum of 1h (using the default: 10s)"), "{warnings:?}");
        }
    }

    #[test]
    fn syntax_error_gives_defaults() {
        let (settings, warnings) = Settings::parse("refresh = \n");
        assert_eq!(settings, Settings::default());
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].starts_with("settings.toml: syntax error at line 1"), "{}", warnings[0]);
    }

    #[test]
    fn load_reads_the_config_dir() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Settings::load(dir.path()), (Settings::default(), Vec::new()));
        std::fs::write(dir.path().join("settings.toml"), "read_only = true\n").unwrap();
        let (settings, warnings) = Settings::load(dir.path());
        assert!(warnings.is_empty());
        assert!(settings.read_only);
    }

    #[test]
    fn log_lines_is_bounded_and_warns_with_its_default() {
        assert_eq!(Settings::parse("log_lines = 250000").0.log_lines, 250_000);
        for bad in ["log_lines = 10", "log_lines = \"lots\"", "log_lines = 99999999999"] {
            let (settings, warnings) = Settings::parse(bad);
            assert_eq!(settings.log_lines, DEFAULT_LOG_LINES, "{bad}");
            assert!(warnings[0].contains("(using the default: 100000)"), "{warnings:?}");
        }
    }
}
