//! AWS access through the SDK: the shared configuration ([`load_config`]), one file per service
//! implementing its `api` trait ([`SdkEcs`], [`SdkSts`], [`SdkIam`], [`SdkScaling`], [`SdkSsm`],
//! [`SdkKms`], [`SdkLogs`], [`SdkCloudWatch`], [`SdkDiscovery`], [`SdkElb`]), bundled by [`clients`]; the one place SDK types become model types ([`convert`])
//! and the one place SDK errors become [`crate::api::ApiError`]s ([`errors`]).
mod cloudwatch;
mod config;
pub mod convert;
mod credentials;
mod discovery;
mod ecs;
mod elb;
pub mod errors;
mod iam;
mod kms;
mod logs;
mod scaling;
mod ssm;
mod sts;

pub use cloudwatch::SdkCloudWatch;
pub use config::{AwsOptions, load_config};
pub use discovery::SdkDiscovery;
pub use ecs::SdkEcs;
pub use elb::SdkElb;
pub use iam::SdkIam;
pub use kms::SdkKms;
pub use logs::{SdkLogs, live_update};
pub use scaling::SdkScaling;
pub use ssm::SdkSsm;
pub use sts::SdkSts;

use crate::api::Clients;
use std::sync::Arc;

/// Every service's client for one configuration; `profile` is named in login hints.
pub fn clients(config: &aws_config::SdkConfig, profile: Option<String>) -> Clients {
    Clients {
        ecs: Arc::new(SdkEcs::new(config, profile.clone())),
        sts: Arc::new(SdkSts::new(config, profile.clone())),
        iam: Arc::new(SdkIam::new(config, profile.clone())),
        scaling: Arc::new(SdkScaling::new(config, profile.clone())),
        ssm: Arc::new(SdkSsm::new(config, profile.clone())),
        cloudwatch: Arc::new(SdkCloudWatch::new(config, profile.clone())),
        kms: Arc::new(SdkKms::new(config, profile.clone())),
        logs: Arc::new(SdkLogs::new(config, profile.clone())),
        discovery: Arc::new(SdkDiscovery::new(config, profile.clone())),
        elb: Arc::new(SdkElb::new(config, profile)),
    }
}
