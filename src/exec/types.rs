//! The engine's public vocabulary: what starts a session, how it is tuned, what it reports.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use super::handshake::HANDSHAKE_STEP_TIMEOUT;
use super::sequencing::{DEFAULT_REORDER_CAPACITY, DEFAULT_RESEND_LIMIT};
use super::signing::UpgradeSigner;

/// The `session` of an `ecs:ExecuteCommand` response.
#[derive(Clone, PartialEq, Eq)]
pub struct ExecSession {
    pub session_id: String,
    pub stream_url: String,
    pub token_value: String,
}

impl fmt::Debug for ExecSession {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The token opens the session: never in logs.
        f.debug_struct("ExecSession")
            .field("session_id", &self.session_id)
            .field("stream_url", &self.stream_url)
            .field("token_value", &"<redacted>")
            .finish()
    }
}

/// The SSM target of an ECS Exec session: `ecs:<cluster>_<taskId>_<runtimeId>`. Each part
/// may be an ARN or a bare name; the last `/` segment is used, as the AWS CLI does.
pub fn ecs_target_id(cluster: &str, task: &str, container_runtime_id: &str) -> String {
    fn last(s: &str) -> &str {
        s.rsplit('/').next().unwrap_or(s)
    }
    format!("ecs:{}_{}_{}", last(cluster), last(task), last(container_runtime_id))
}

/// Tuning of one session. `Default` gives the official client's values.
#[derive(Clone)]
pub struct ExecOptions {
    /// The cluster's exec KMS key, when one is configured. When set, a session that starts
    /// without the KMS handshake is refused rather than run unencrypted. The key named in
    /// the agent's HandshakeRequest is the one used: it may be spelt differently (alias,
    /// id or ARN) from the cluster setting, so the two are not compared.
    pub kms_key_id: Option<String>,
    /// SSM target id (see [`ecs_target_id`]); part of the KMS encryption context.
    pub target_id: String,
    /// Terminal size sent once the session is ready: (cols, rows).
    pub initial_size: (u16, u16),
    /// Sent in OpenDataChannel and HandshakeResponse.
    pub client_version: String,
    /// SigV4-signs the WebSocket upgrade request, e.g. with
    /// [`SigV4UpgradeSigner`](super::signing::SigV4UpgradeSigner). *Unverified* against the
    /// service: newer official clients do it, older ones do not and still work, so it is off
    /// by default.
    pub sign_upgrade: Option<Arc<dyn UpgradeSigner>>,
    /// Resends of one frame before the session is given up.
    pub resend_limit: u32,
    /// Out-of-order frames held while waiting for a gap.
    pub reorder_capacity: usize,
    /// Unacknowledged outgoing frames at which input stops being read (backpressure).
    pub send_window: usize,
    /// Deadline of each handshake step: HandshakeRequest to HandshakeResponse sent (the KMS
    /// call), HandshakeResponse to EncChallengeRequest, EncChallengeResponse to
    /// HandshakeComplete. The agent allows 15 s per step.
    pub handshake_timeout: Duration,
    /// WebSocket ping interval.
    pub ping_interval: Duration,
    /// ResumeSession attempts after a dropped socket before giving up.
    pub resume_attempts: u32,
    /// Wait before the first resume attempt; doubles per attempt, capped at 5 s.
    pub resume_backoff: Duration,
    /// Deadline for opening the WebSocket.
    pub connect_timeout: Duration,
}

impl Default for ExecOptions {
    fn default() -> Self {
        ExecOptions {
            kms_key_id: None,
            target_id: String::new(),
            initial_size: (80, 24),
            client_version: format!("bosun/{}", env!("CARGO_PKG_VERSION")),
            sign_upgrade: None,
            resend_limit: DEFAULT_RESEND_LIMIT,
            reorder_capacity: DEFAULT_REORDER_CAPACITY,
            send_window: 1024,
            handshake_timeout: HANDSHAKE_STEP_TIMEOUT,
            ping_interval: Duration::from_secs(300),
            resume_attempts: 5,
            resume_backoff: Duration::from_millis(250),
            connect_timeout: Duration::from_secs(15),
        }
    }
}

impl fmt::Debug for ExecOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ExecOptions")
            .field("kms_key_id", &self.kms_key_id)
            .field("target_id", &self.target_id)
            .field("initial_size", &self.initial_size)
            .field("client_version", &self.client_version)
            .field("sign_upgrade", &self.sign_upgrade.is_some())
            .field("resend_limit", &self.resend_limit)
            .field("reorder_capacity", &self.reorder_capacity)
            .field("send_window", &self.send_window)
            .field("handshake_timeout", &self.handshake_timeout)
            .field("ping_interval", &self.ping_interval)
            .field("resume_attempts", &self.resume_attempts)
            .field("resume_backoff", &self.resume_backoff)
            .field("connect_timeout", &self.connect_timeout)
            .finish()
    }
}

/// What a running session reports, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecEvent {
    /// The data channel is open (also after each successful reconnect, before `Resumed`).
    Connected,
    /// The KMS handshake finished; the agent's message for the user, if any.
    HandshakeComplete { customer_message: String },
    /// Input is now accepted: the handshake completed or the first output arrived.
    Ready,
    /// Terminal bytes from the remote process.
    Output(Vec<u8>),
    /// Standard-error bytes, when the agent sends them apart.
    Stderr(Vec<u8>),
    /// The remote process's exit code.
    ExitCode(i32),
    /// The socket dropped; reconnecting with a fresh token.
    Reconnecting { attempt: u32 },
    /// The socket is back; unacknowledged frames are resent oldest first, one per
    /// acknowledgement, by the resend timer.
    Resumed,
    /// The last event: why the session ended.
    Ended(EndReason),
}

/// Why a session ended. `Display` reads as a sentence for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EndReason {
    /// The remote end closed the session with no message: the normal end (e.g. `exit`).
    Exited { session_id: String, exit_code: Option<i32> },
    /// The service closed the channel with a message (often an error).
    ChannelClosed { message: String, exit_code: Option<i32> },
    /// Ended from this side with `abort`; the session was terminated on the service.
    Aborted { terminate_error: Option<String> },
    /// A frame went unacknowledged through every resend.
    RetransmitLimit { resends: u32 },
    /// The KMS handshake did not complete in time.
    HandshakeTimeout,
    /// The KMS handshake could not be carried out.
    HandshakeFailed { reason: String },
    /// The cluster has a KMS key but the agent started without encryption.
    EncryptionNotNegotiated,
    /// A frame from the agent could not be used (e.g. failed decryption).
    Protocol { reason: String },
    /// The WebSocket could not be opened.
    ConnectFailed { reason: String },
    /// The service refused the session token.
    TokenRejected,
    /// The socket dropped and could not be re-established.
    ResumeFailed { reason: String },
}

impl EndReason {
    /// True for the ends the remote side chose (as opposed to failures here).
    pub fn is_normal(&self) -> bool {
        matches!(self, EndReason::Exited { .. })
    }

    /// The remote exit code, when one was reported.
    pub fn exit_code(&self) -> Option<i32> {
        match self {
            EndReason::Exited { exit_code, .. } | EndReason::ChannelClosed { exit_code, .. } => *exit_code,
            _ => None,
        }
    }
}

impl fmt::Display for EndReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EndReason::Exited { session_id, .. } => {
                write!(f, "Exiting session with sessionId: {session_id}.")
            }
            EndReason::ChannelClosed { message, .. } => f.write_str(message.trim_end()),
            EndReason::Aborted { terminate_error: None } => f.write_str("Session aborted and terminated."),
            EndReason::Aborted { terminate_error: Some(e) } => {
                write!(f, "Session aborted, but terminating it failed: {e}")
            }
            EndReason::RetransmitLimit { resends } => {
                write!(f, "The connection stopped responding: a message went unacknowledged after {resends} resends.")
            }
            EndReason::HandshakeTimeout => f.write_str("The encryption handshake with the agent timed out."),
            EndReason::HandshakeFailed { reason } => {
                write!(f, "The encryption handshake failed: {reason}")
            }
            EndReason::EncryptionNotNegotiated => f.write_str(
                "The cluster requires KMS encryption but the agent started the session unencrypted; refusing it.",
            ),
            EndReason::Protocol { reason } => write!(f, "The agent sent something unusable: {reason}"),
            EndReason::ConnectFailed { reason } => {
                write!(f, "Could not open the session's data channel: {reason}")
            }
            EndReason::TokenRejected => {
                f.write_str("The session token was rejected (it may have expired); start a new session.")
            }
            EndReason::ResumeFailed { reason } => {
                write!(f, "The connection dropped and could not be resumed: {reason}")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn target_id_takes_last_segments() {
        assert_eq!(
            ecs_target_id(
                "arn:aws:ecs:eu-west-1:111122223333:cluster/prod",
                "arn:aws:ecs:eu-west-1:111122223333:task/prod/0f13ab",
                "0f13ab-1234567890"
            ),
            "ecs:prod_0f13ab_0f13ab-1234567890"
        );
        assert_eq!(ecs_target_id("c", "t", "r"), "ecs:c_t_r");
    }

    #[test]
    fn debug_redacts_the_token() {
        let s = ExecSession { session_id: "s".into(), stream_url: "wss://x".into(), token_value: "SECRET".into() };
        assert!(!format!("{s:?}").contains("SECRET"));
    }

    #[test]
    fn end_reasons_read_as_sentences() {
        let exited = EndReason::Exited { session_id: "ecs-execute-command-1".into(), exit_code: Some(0) };
        assert_eq!(exited.to_string(), "Exiting session with sessionId: ecs-execute-command-1.");
        assert!(exited.is_normal());
        assert_eq!(exited.exit_code(), Some(0));
        let closed = EndReason::ChannelClosed { message: "Session terminated by admin.\n".into(), exit_code: None };
        assert_eq!(closed.to_string(), "Session terminated by admin.");
    }
}
