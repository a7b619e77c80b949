//! AWS access through the SDK: the shared configuration ([`load_config`]), the [`SdkEcs`]
//! implementation of [`crate::api::EcsApi`], the one place SDK types become model types
//! ([`convert`]) and the one place SDK errors become [`crate::api::ApiError`]s ([`errors`]).
mod config;
pub mod convert;
mod credentials;
mod ecs;
pub mod errors;

pub use config::{AwsOptions, load_config};
pub use ecs::SdkEcs;
