//! Command-line flags. AWS flags mean what they mean to the AWS CLI. Flags that only the
//! console uses (`--theme`, `--refresh`, `--read-only`) are not global, so `dump --help` does
//! not offer them, and giving them with `dump` is an error rather than silently ignored.
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use std::ffi::OsString;
use std::time::Duration;

#[derive(Debug, Clone, Parser)]
#[command(name = "bosun", version, about = "A terminal console for operating AWS ECS", long_about = None)]
pub struct Cli {
    /// AWS profile (default: AWS_PROFILE, then settings.toml, then `default`).
    #[arg(long, global = true)]
    pub profile: Option<String>,
    /// AWS region (default: AWS_REGION, the profile's region, then settings.toml).
    #[arg(long, global = true)]
    pub region: Option<String>,
    /// Send every AWS call to this endpoint (also: AWS_ENDPOINT_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Open this cluster's services at start (dump: only this cluster).
    #[arg(long, global = true, value_name = "NAME")]
    pub cluster: Option<String>,
    /// Refuse every change to AWS (console only).
    #[arg(long = "read-only", visible_alias = "readonly")]
    pub read_only: bool,
    /// Colour theme (console only). The help text lists the built-ins; see [`Cli::command`].
    #[arg(long, value_name = "NAME")]
    pub theme: Option<String>,
    /// Auto-refresh interval of the console, 1s to 1h, e.g. 10s, 1m.
    #[arg(long, value_parser = parse_refresh, value_name = "DURATION")]
    pub refresh: Option<Duration>,
    /// AWS calls in flight at once.
    #[arg(long, global = true, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=64))]
    pub concurrency: Option<u16>,
    /// Run on the embedded fleet simulator instead of AWS.
    #[arg(long, global = true)]
    pub demo: bool,
    /// Simulator seed: the same seed gives the same fleet and the same events.
    #[arg(long, global = true, value_name = "N", requires = "demo")]
    pub demo_seed: Option<u64>,
    /// Simulated latency of every AWS call, e.g. 50ms.
    #[arg(long, global = true, value_parser = humantime::parse_duration, value_name = "DURATION", requires = "demo")]
    pub demo_latency: Option<Duration>,
    /// Fraction of simulated calls that are throttled (0 to 1).
    #[arg(long, global = true, value_name = "RATE", value_parser = parse_rate, requires = "demo")]
    pub demo_throttle: Option<f64>,
    /// How fast the simulated fleet lives: simulated seconds per real second (1 to 100), so
    /// a rollout can be watched to its end in seconds.
    #[arg(long, global = true, value_name = "N", value_parser = parse_speed, requires = "demo")]
    pub demo_speed: Option<f64>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Clone, Subcommand)]
pub enum Command {
    /// Print clusters, services and their running tasks (a table, or JSON) and exit.
    Dump {
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
        /// What is broken, worst first (the console's triage rows) instead of the fleet.
        #[arg(long)]
        triage: bool,
        /// With --triage: exit 1 when a problem at least this severe exists (warning, critical).
        #[arg(long, value_name = "SEVERITY", requires = "triage", value_parser = crate::triage::Severity::parse)]
        fail_on: Option<crate::triage::Severity>,
    },
}

impl Cli {
    /// The clap command, with help text that depends on what is built in (the theme names).
    pub fn command() -> clap::Command {
        let themes = crate::config::Themes::builtin().names().join(", ");
        <Cli as CommandFactory>::command().mut_arg("theme", |a| {
            a.help(format!("Colour theme of the console: {themes}, or the name of a theme file in the config dir"))
        })
    }

    /// Parses the process arguments, exiting with clap's message on a mistake.
    pub fn parse_args() -> Cli {
        Cli::try_parse_args_from(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// Like [`Cli::parse_args`], for tests.
    pub fn try_parse_args_from<I, T>(args: I) -> Result<Cli, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<OsString> + Clone,
    {
        let mut cmd = Cli::command();
        let matches: ArgMatches = cmd.try_get_matches_from_mut(args)?;
        let cli = Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut cmd))?;
        if let Some(Command::Dump { .. }) = cli.command {
            // `bosun --theme x dump` parses (the flag sits before the subcommand) but means nothing.
            let console_only = [
                ("--theme", cli.theme.is_some()),
                ("--refresh", cli.refresh.is_some()),
                ("--read-only", cli.read_only),
            ];
            if let Some((flag, _)) = console_only.iter().find(|(_, given)| *given) {
                return Err(cmd.error(
                    clap::error::ErrorKind::ArgumentConflict,
                    format!("{flag} only applies to the console, not to `bosun dump`"),
                ));
            }
        }
        Ok(cli)
    }
}

/// A refresh interval within the bounds settings.toml also enforces.
fn parse_refresh(s: &str) -> Result<Duration, String> {
    let d =
        humantime::parse_duration(s.trim()).map_err(|e| format!("`{s}` is not a duration such as 10s or 1m ({e})"))?;
    crate::config::settings::check_refresh(d)
}

fn parse_speed(s: &str) -> Result<f64, String> {
    let r: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (1.0..=100.0).contains(&r) { Ok(r) } else { Err(format!("{r} is not between 1 and 100")) }
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let r: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&r) { Ok(r) } else { Err(format!("{r} is not between 0 and 1")) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::settings::{MAX_REFRESH, MIN_REFRESH};

    #[test]
    fn parses_flags_and_dump() {
        let cli = Cli::try_parse_from(["bosun", "--profile", "prod", "--region", "eu-west-1", "--readonly"]).unwrap();
        assert_eq!(cli.profile.as_deref(), Some("prod"));
        assert!(cli.read_only);
        let cli = Cli::try_parse_from(["bosun", "dump", "--json", "--demo", "--demo-seed", "7", "--cluster", "prod"])
            .unwrap();
        assert!(matches!(cli.command, Some(Command::Dump { json: true, triage: false, fail_on: None })));
        assert_eq!(cli.demo_seed, Some(7));
        assert_eq!(cli.cluster.as_deref(), Some("prod"));
        let cli = Cli::try_parse_from(["bosun", "--demo", "--demo-latency", "50ms", "--refresh", "5s"]).unwrap();
        assert_eq!(cli.demo_latency, Some(Duration::from_millis(50)));
        assert_eq!(cli.refresh, Some(Duration::from_secs(5)));
        assert!(Cli::try_parse_from(["bosun", "--demo-seed", "1"]).is_err(), "seed without --demo");
        assert!(Cli::try_parse_from(["bosun", "--demo", "--demo-throttle", "2"]).is_err());
        assert_eq!(Cli::try_parse_from(["bosun", "--demo", "--demo-speed", "20"]).unwrap().demo_speed, Some(20.0));
        assert!(Cli::try_parse_from(["bosun", "--demo", "--demo-speed", "0"]).is_err());
        assert!(Cli::try_parse_from(["bosun", "--demo-speed", "5"]).is_err(), "speed without --demo");
        assert!(Cli::try_parse_from(["bosun", "--concurrency", "0"]).is_err());
    }

    /// What `bosun <args> --help` prints.
    fn help(args: &[&str]) -> String {
        let err = Cli::try_parse_args_from(["bosun"].iter().chain(args).chain(&["--help"])).expect_err("help");
        assert_eq!(err.kind(), clap::error::ErrorKind::DisplayHelp);
        err.to_string()
    }

    #[test]
    fn dump_help_offers_no_console_flags() {
        let help = help(&["dump"]);
        for flag in ["--theme", "--refresh", "--read-only"] {
            assert!(!help.contains(flag), "dump --help offers {flag}:\n{help}");
        }
        for flag in ["--profile", "--region", "--cluster", "--json", "--demo"] {
            assert!(help.contains(flag), "dump --help lacks {flag}:\n{help}");
        }
        assert!(Cli::try_parse_args_from(["bosun", "dump", "--theme", "nord"]).is_err());
        let err = Cli::try_parse_args_from(["bosun", "--refresh", "5s", "dump"]).expect_err("console-only flag");
        assert!(err.to_string().contains("--refresh only applies to the console"), "{err}");
        assert!(Cli::try_parse_args_from(["bosun", "--theme", "nord", "--refresh", "5s"]).is_ok());
        assert!(Cli::try_parse_args_from(["bosun", "dump", "--json", "--cluster", "prod", "--demo"]).is_ok());
    }

    #[test]
    fn theme_help_lists_every_builtin() {
        let help = help(&[]);
        let names = crate::config::Themes::builtin().names();
        assert_eq!(names.len(), 7, "{names:?}");
        for name in names {
            assert!(help.contains(&name), "--help lacks the theme {name}:\n{help}");
        }
    }

    #[test]
    fn refresh_is_bounded() {
        let err = Cli::try_parse_args_from(["bosun", "--refresh", "500ms"]).expect_err("below 1s");
        assert!(err.to_string().contains("500ms is below the minimum of 1s"), "{err}");
        let err = Cli::try_parse_args_from(["bosun", "--refresh", "100000000h"]).expect_err("huge");
        assert!(err.to_string().contains("above the maximum of 1h"), "{err}");
        let err = Cli::try_parse_args_from(["bosun", "--refresh", "99999999999999999999s"]).expect_err("overflow");
        assert!(err.to_string().contains("is not a duration"), "{err}");
        let ok = |arg: &str| Cli::try_parse_args_from(["bosun", "--refresh", arg]).map(|c| c.refresh);
        assert_eq!(ok("1s").ok(), Some(Some(MIN_REFRESH)));
        assert_eq!(ok("1h").ok(), Some(Some(MAX_REFRESH)));
    }
}
