//! Command-line flags. AWS flags mean what they mean to the AWS CLI.
use clap::{Parser, Subcommand};
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
    /// Refuse every change to AWS.
    #[arg(long = "read-only", visible_alias = "readonly", global = true)]
    pub read_only: bool,
    /// Colour theme (built-in: default, light, high-contrast, dracula; or one in the config dir).
    #[arg(long, global = true, value_name = "NAME")]
    pub theme: Option<String>,
    /// Auto-refresh interval, e.g. 10s, 1m.
    #[arg(long, global = true, value_parser = humantime::parse_duration, value_name = "DURATION")]
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
    },
}

fn parse_rate(s: &str) -> Result<f64, String> {
    let r: f64 = s.parse().map_err(|_| format!("`{s}` is not a number"))?;
    if (0.0..=1.0).contains(&r) { Ok(r) } else { Err(format!("{r} is not between 0 and 1")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_flags_and_dump() {
        let cli = Cli::try_parse_from(["bosun", "--profile", "prod", "--region", "eu-west-1", "--readonly"]).unwrap();
        assert_eq!(cli.profile.as_deref(), Some("prod"));
        assert!(cli.read_only);
        let cli = Cli::try_parse_from(["bosun", "dump", "--json", "--demo", "--demo-seed", "7", "--cluster", "prod"])
            .unwrap();
        assert!(matches!(cli.command, Some(Command::Dump { json: true })));
        assert_eq!(cli.demo_seed, Some(7));
        assert_eq!(cli.cluster.as_deref(), Some("prod"));
        let cli = Cli::try_parse_from(["bosun", "--demo", "--demo-latency", "50ms", "--refresh", "5s"]).unwrap();
        assert_eq!(cli.demo_latency, Some(Duration::from_millis(50)));
        assert_eq!(cli.refresh, Some(Duration::from_secs(5)));
        assert!(Cli::try_parse_from(["bosun", "--demo-seed", "1"]).is_err(), "seed without --demo");
        assert!(Cli::try_parse_from(["bosun", "--demo", "--demo-throttle", "2"]).is_err());
        assert!(Cli::try_parse_from(["bosun", "--concurrency", "0"]).is_err());
    }
}
