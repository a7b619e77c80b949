//! Building the [`Clients`] the console talks to: the simulator, or the SDK for a profile/region.
use crate::api::{ApiError, Clients};
use crate::aws::{AwsOptions, load_config};
use crate::sim::Simulator;
use crate::sim::retry::{RetryPolicy, Retrying};
use std::sync::Arc;

#[derive(Clone)]
pub enum Backend {
    Demo(Arc<Simulator>),
    Aws(AwsOptions),
}

pub struct Connection {
    pub clients: Clients,
    pub profile: Option<String>,
    /// The region actually resolved (from flags, env or profile).
    pub region: Option<String>,
}

/// Connect with `profile`/`region` overriding the backend's own options (`:profile`, `:region`).
pub async fn connect(
    backend: &Backend,
    profile: Option<String>,
    region: Option<String>,
) -> Result<Connection, ApiError> {
    match backend {
        Backend::Demo(sim) => Ok(Connection {
            // The SDK retries throttled calls itself; the simulator gets the same policy here.
            clients: Clients {
                ecs: Arc::new(Retrying::new(sim.clone(), RetryPolicy::STANDARD)),
                sts: Arc::new(Retrying::new(sim.clone(), RetryPolicy::STANDARD)),
                ..sim.clients()
            },
            profile: Some("demo".into()),
            region: Some(region.unwrap_or_else(|| "eu-west-1".into())),
        }),
        Backend::Aws(opts) => {
            let opts = AwsOptions {
                profile: profile.clone().or(opts.profile.clone()),
                region: region.or(opts.region.clone()),
                ..opts.clone()
            };
            let config = load_config(&opts).await?;
            let shown_profile =
                opts.profile.clone().or_else(|| std::env::var("AWS_PROFILE").ok().filter(|p| !p.is_empty()));
            Ok(Connection {
                clients: crate::aws::clients(&config, shown_profile.clone()),
                profile: shown_profile,
                region: config.region().map(|r| r.to_string()),
            })
        }
    }
}

/// Profile names from ~/.aws/config and ~/.aws/credentials, for `:profile` completion.
pub async fn profile_names() -> Vec<String> {
    use aws_runtime::env_config::file::EnvConfigFiles as ProfileFiles;
    use aws_types::os_shim_internal::{Env, Fs};
    match aws_config::profile::load(&Fs::real(), &Env::real(), &ProfileFiles::default(), None).await {
        Ok(set) => {
            let mut names: Vec<String> = set.profiles().map(str::to_string).collect();
            names.sort();
            names
        }
        Err(e) => {
            tracing::debug!(error = %e, "no profile files");
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorKind;
    use crate::sim::SimOptions;

    /// The demo backend retries like the SDK: three attempts, then a clear error.
    #[tokio::test(start_paused = true)]
    async fn the_demo_backend_retries_throttled_calls() {
        let opts = SimOptions { seed: 7, speed: 0.0, throttle_rate: 1.0, ..Default::default() };
        let sim = Arc::new(Simulator::demo_at(opts, crate::fixtures::now()));
        let conn = connect(&Backend::Demo(sim.clone()), None, None).await.expect("demo connects");
        let err = conn.clients.ecs.list_clusters(None).await.expect_err("always throttled");
        assert_eq!(err.kind, ErrorKind::Throttled);
        assert!(err.message.contains("gave up after 3 attempts"), "{}", err.message);
        assert_eq!(sim.calls().get("ListClusters"), Some(&3));
    }
}
