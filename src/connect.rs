//! Building the [`Clients`] the console talks to: the simulator, or the SDK for a profile/region.
use crate::api::{ApiError, Clients};
use crate::aws::{AwsOptions, load_config};
use crate::sim::Simulator;
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
            clients: sim.clients(),
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
