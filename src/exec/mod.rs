//! Native ECS Exec client (Session Manager data channel).
//!
//! Start from the `session` of an `ecs:ExecuteCommand` response ([`ExecSession`]), call
//! [`connect`], then read [`ExecEvent`]s and send input through the returned [`ExecHandle`].
//! The protocol engine runs in its own task; the caller only talks to it through channels.
//! See `docs/exec.md` for the design.

pub mod channel;
pub mod control;
pub mod crypto;
pub mod errors;
pub mod frame;
pub mod handle;
pub mod handshake;
pub mod kms;
pub mod payloads;
#[cfg(feature = "peer")]
pub mod peer;
pub mod plugin;
pub mod sequencing;
pub mod session;
pub mod signing;
pub mod types;

pub use control::{NoControl, ResumedSession, SessionControl};
pub use handle::{ExecEvents, ExecHandle, ExecInput, SessionGone, TrySendError};
pub use kms::{DataKey, DataKeyProvider, DataKeyRequest, NoKms};
pub use session::connect;
pub use types::{EndReason, ExecEvent, ExecOptions, ExecSession, ecs_target_id};
