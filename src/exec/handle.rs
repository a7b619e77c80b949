//! The caller's side of a running session: an input sink and an event stream.

use tokio::sync::mpsc;

use super::types::ExecEvent;

/// What the caller asks of the session, in order with its keystrokes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum InputMsg {
    Bytes(Vec<u8>),
    Resize(u16, u16),
    Exit,
}

/// Requests that must not wait behind queued input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ControlMsg {
    Abort,
}

/// The session has ended; nothing more can be sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the exec session has ended")]
pub struct SessionGone;

/// Why a non-waiting send did not happen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TrySendError {
    /// The input queue is full (the remote end is slow); try again later.
    #[error("the exec session's input queue is full")]
    Full,
    #[error("the exec session has ended")]
    Gone,
}

/// Sends keystrokes, resizes and ends to the session. Cheap to clone. When every clone is
/// dropped, the session is aborted (and terminated on the service) so it does not linger.
#[derive(Debug, Clone)]
pub struct ExecInput {
    pub(crate) data: mpsc::Sender<InputMsg>,
    pub(crate) control: mpsc::UnboundedSender<ControlMsg>,
}

impl ExecInput {
    /// Sends input bytes; waits while the input queue is full.
    pub async fn send_input(&self, bytes: impl Into<Vec<u8>>) -> Result<(), SessionGone> {
        self.data.send(InputMsg::Bytes(bytes.into())).await.map_err(|_| SessionGone)
    }

    /// Sends input bytes without waiting (for a UI loop that must never block).
    pub fn try_send_input(&self, bytes: impl Into<Vec<u8>>) -> Result<(), TrySendError> {
        self.try_send(InputMsg::Bytes(bytes.into()))
    }

    /// Sends input bytes from a plain (non-async) thread, e.g. one reading stdin; waits while
    /// the queue is full. Panics if called from inside an async task, as tokio's
    /// `blocking_send` does.
    pub fn blocking_send_input(&self, bytes: impl Into<Vec<u8>>) -> Result<(), SessionGone> {
        self.data.blocking_send(InputMsg::Bytes(bytes.into())).map_err(|_| SessionGone)
    }

    /// Reports a new terminal size; sent to the agent when it differs from the last one.
    pub async fn resize(&self, cols: u16, rows: u16) -> Result<(), SessionGone> {
        self.data.send(InputMsg::Resize(cols, rows)).await.map_err(|_| SessionGone)
    }

    /// Non-waiting [`ExecInput::resize`].
    pub fn try_resize(&self, cols: u16, rows: u16) -> Result<(), TrySendError> {
        self.try_send(InputMsg::Resize(cols, rows))
    }

    /// Ends the session the polite way: clears the shell's line and types `exit`. The
    /// session then ends with [`EndReason::Exited`](super::EndReason::Exited) once the
    /// agent closes the channel.
    pub async fn exit(&self) -> Result<(), SessionGone> {
        self.data.send(InputMsg::Exit).await.map_err(|_| SessionGone)
    }

    /// Ends the session at once: `ssm:TerminateSession`, then the socket is closed.
    pub fn abort(&self) -> Result<(), SessionGone> {
        self.control.send(ControlMsg::Abort).map_err(|_| SessionGone)
    }

    fn try_send(&self, msg: InputMsg) -> Result<(), TrySendError> {
        self.data.try_send(msg).map_err(|e| match e {
            mpsc::error::TrySendError::Full(_) => TrySendError::Full,
            mpsc::error::TrySendError::Closed(_) => TrySendError::Gone,
        })
    }
}

/// The session's events, ending with exactly one [`ExecEvent::Ended`].
#[derive(Debug)]
pub struct ExecEvents {
    pub(crate) rx: mpsc::UnboundedReceiver<ExecEvent>,
}

impl ExecEvents {
    /// The next event; `None` after `Ended` has been received.
    pub async fn recv(&mut self) -> Option<ExecEvent> {
        self.rx.recv().await
    }

    /// The next event if one is queued.
    pub fn try_recv(&mut self) -> Option<ExecEvent> {
        self.rx.try_recv().ok()
    }
}

/// A running session: [`ExecInput`] plus [`ExecEvents`].
#[derive(Debug)]
pub struct ExecHandle {
    pub input: ExecInput,
    pub events: ExecEvents,
}

impl ExecHandle {
    /// Separates the sink and the stream, e.g. to hand them to different tasks.
    pub fn split(self) -> (ExecInput, ExecEvents) {
        (self.input, self.events)
    }

    pub async fn next_event(&mut self) -> Option<ExecEvent> {
        self.events.recv().await
    }

    pub async fn send_input(&self, bytes: impl Into<Vec<u8>>) -> Result<(), SessionGone> {
        self.input.send_input(bytes).await
    }

    pub async fn resize(&self, cols: u16, rows: u16) -> Result<(), SessionGone> {
        self.input.resize(cols, rows).await
    }

    pub async fn exit(&self) -> Result<(), SessionGone> {
        self.input.exit().await
    }

    pub fn abort(&self) -> Result<(), SessionGone> {
        self.input.abort()
    }
}
