//! AWS failures as the console explains them: a kind (what went wrong), the service's code and
//! message, and a hint (what to run or change).
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorKind {
    /// No region from flags, env or profile.
    NoRegion,
    /// No credentials anywhere in the chain (or the profile does not exist).
    NoCredentials,
    /// SSO or session token expired.
    ExpiredToken,
    AccessDenied,
    Throttled,
    NotFound,
    InvalidInput,
    /// Could not reach the endpoint (DNS, connection refused, timeout).
    Network,
    /// The service failed (5xx).
    Service,
    Other,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// The service's error code, e.g. `AccessDeniedException`.
    pub code: Option<String>,
    pub message: String,
    /// What the user can do about it, e.g. `run: aws sso login --profile prod`.
    pub hint: Option<String>,
}

impl ApiError {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Self { kind, code: None, message: message.into(), hint: None }
    }

    pub fn with_code(mut self, code: impl Into<String>) -> Self {
        self.code = Some(code.into());
        self
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Errors that no retry or refresh will fix: the console shows a full explanation instead
    /// of an empty table.
    pub fn is_setup_problem(&self) -> bool {
        matches!(self.kind, ErrorKind::NoRegion | ErrorKind::NoCredentials | ErrorKind::ExpiredToken)
    }

    pub fn title(&self) -> &'static str {
        match self.kind {
            ErrorKind::NoRegion => "No AWS region",
            ErrorKind::NoCredentials => "No AWS credentials",
            ErrorKind::ExpiredToken => "AWS session expired",
            ErrorKind::AccessDenied => "Access denied",
            ErrorKind::Throttled => "Throttled by AWS",
            ErrorKind::NotFound => "Not found",
            ErrorKind::InvalidInput => "Invalid request",
            ErrorKind::Network => "Cannot reach AWS",
            ErrorKind::Service => "AWS service error",
            ErrorKind::Other => "Error",
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.title(), self.message)?;
        if let Some(code) = &self.code {
            write!(f, " ({code})")?;
        }
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ApiError {}
