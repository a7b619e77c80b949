//! From flags and config files to a running console or a dump: precedence is flags, then the
//! `AWS_*` environment, then settings.toml, then defaults.
use crate::api::Loader;
use crate::app::{self, Launch};
use crate::aws::AwsOptions;
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::config::settings::{MAX_REFRESH, MIN_REFRESH};
use crate::connect::{Backend, connect};
use crate::sim::{SimOptions, Simulator};
use crate::state::{self, State, Target};
use std::sync::Arc;

fn env_set(names: &[&str]) -> bool {
    names.iter().any(|n| std::env::var(n).is_ok_and(|v| !v.is_empty()))
}

/// Run the console or the dump; returns the process exit code.
pub async fn main(cli: Cli, config: Config) -> color_eyre::Result<i32> {
    let settings = &config.settings;
    // settings.toml only fills in what neither the flags nor the AWS environment say.
    let profile =
        cli.profile.clone().or_else(|| (!env_set(&["AWS_PROFILE"])).then(|| settings.profile.clone()).flatten());
    let region = cli
        .region
        .clone()
        .or_else(|| (!env_set(&["AWS_REGION", "AWS_DEFAULT_REGION"])).then(|| settings.region.clone()).flatten());
    let backend = if cli.demo {
        let seed = cli.demo_seed.unwrap_or_else(|| chrono::Utc::now().timestamp() as u64);
        let opts = SimOptions {
            seed,
            latency: cli.demo_latency.unwrap_or_default(),
            throttle_rate: cli.demo_throttle.unwrap_or(0.0),
            speed: cli.demo_speed.unwrap_or(1.0),
            // `BOSUN_DEMO_LOGS=polling`: the demo refuses Live Tail, so log tails poll.
            live_tail: std::env::var("BOSUN_DEMO_LOGS").map_or(true, |v| v != "polling"),
        };
        // `BOSUN_DEMO_START=<RFC 3339 time>`: the demo's clock starts then instead of now, so
        // what cycles with the time of day (its alarms) is the same on every run.
        match std::env::var("BOSUN_DEMO_START") {
            Ok(text) => match chrono::DateTime::parse_from_rfc3339(text.trim()) {
                Ok(start) => Backend::Demo(Arc::new(Simulator::demo_at(opts, start.with_timezone(&chrono::Utc)))),
                Err(e) => {
                    eprintln!("bosun: BOSUN_DEMO_START={text:?} is not a time such as 2026-11-23T03:30:00Z ({e})");
                    return Ok(2);
                }
            },
            Err(_) => Backend::Demo(Arc::new(Simulator::demo(opts))),
        }
    } else {
        Backend::Aws(AwsOptions {
            profile: profile.clone(),
            region: region.clone(),
            endpoint_url: cli.endpoint_url.clone(),
            timeouts: settings.timeouts,
            ..AwsOptions::default()
        })
    };
    let concurrency = cli.concurrency.map(usize::from).unwrap_or(settings.concurrency);
    match cli.command {
        Some(Command::Dump { json, triage: true, fail_on }) => {
            let triage = settings.triage.clone();
            crate::triage::dump::run(&backend, profile, region, cli.cluster, json, fail_on, triage, concurrency).await
        }
        Some(Command::Dump { json, .. }) => dump(&backend, profile, region, cli.cluster, json, concurrency).await,
        None => {
            console(cli, config, backend, profile, region, concurrency).await?;
            Ok(0)
        }
    }
}

async fn dump(
    backend: &Backend,
    profile: Option<String>,
    region: Option<String>,
    cluster: Option<String>,
    json: bool,
    concurrency: usize,
) -> color_eyre::Result<i32> {
    let conn = match connect(backend, profile, region).await {
        Ok(c) => c,
        Err(e) => return Ok(explain(&e)),
    };
    let loader = Loader::new(conn.clients.ecs, concurrency);
    match crate::dump::load(&loader, cluster).await {
        Ok(fleet) => {
            let now = match backend {
                Backend::Demo(sim) => sim.now(),
                Backend::Aws(_) => chrono::Utc::now(),
            };
            let text = if json { crate::dump::json(&fleet) + "\n" } else { crate::dump::text(&fleet, now) };
            Ok(crate::dump::write_stdout(&text))
        }
        Err(e) => Ok(explain(&e)),
    }
}

/// Print a problem the way the console shows it, and pick the exit code.
pub(crate) fn explain(e: &crate::api::ApiError) -> i32 {
    use std::io::Write;
    // A closed stderr must not turn the explanation into a panic.
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "bosun: {}: {}", e.title(), e.message);
    if let Some(h) = &e.hint {
        let _ = writeln!(err, "  what to do: {h}");
    }
    2
}

async fn console(
    cli: Cli,
    config: Config,
    backend: Backend,
    profile: Option<String>,
    region: Option<String>,
    concurrency: usize,
) -> color_eyre::Result<()> {
    let Config { keymap, themes, settings, warnings, paths, prices } = config;
    let journal = crate::audit::Journal::in_dir(&paths.state_dir);
    let no_color = crate::config::no_color();
    let requested = cli.theme.clone().or(settings.theme.clone());
    let (theme, theme_warning) = themes.pick(requested.as_deref(), no_color);
    let target = Target { profile, region, endpoint: cli.endpoint_url.clone(), demo: cli.demo, ..Default::default() };
    let state_settings = state::Settings {
        // Both sources are checked already; the clamp keeps the timers safe whatever comes in.
        refresh: cli.refresh.unwrap_or(settings.refresh).clamp(MIN_REFRESH, MAX_REFRESH),
        read_only: cli.read_only || settings.read_only,
        protected: settings.protected.clone(),
        themes: themes.names(),
    };
    let mut state = State::new(target, keymap, state_settings, theme.name.clone(), chrono::Utc::now());
    state.warnings = warnings;
    state.log_lines = settings.log_lines;
    state.data.prices = prices;
    state.warnings.extend(theme_warning);
    for w in &state.warnings {
        tracing::warn!("config: {w}");
    }
    state.triage = settings.triage.clone();
    if let Some(c) = cli.cluster {
        // Nothing is connected yet: this only stacks the view; connecting loads it.
        crate::update::nav::jump(&mut state, vec![crate::views::View::services(c)]);
    } else if settings.triage.start {
        // Triage first; it gives way to the clusters list if nothing is wrong.
        crate::update::nav::jump(&mut state, vec![crate::views::View::triage(settings.triage.clone(), true)]);
    }
    app::run(Launch { backend, state, themes, concurrency, no_color, journal }).await
}
