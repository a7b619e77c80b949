//! `credential_process` run by bosun instead of aws-config. aws-config's provider spawns the
//! process without killing it when the load is abandoned (its own tests say so), so a process
//! that hangs (waiting for a login prompt nobody sees) was left behind once per attempt, and the
//! failure read as a network timeout. This one has a deadline, says which profile's process
//! did not finish, and kills the process and everything it started when it gives up.
use aws_credential_types::Credentials;
use aws_credential_types::provider::{self, ProvideCredentials, error::CredentialsError, future};
use std::time::{Duration, SystemTime};

#[derive(Debug, Clone)]
pub struct ProcessCredentials {
    /// Run by `sh -c`, as the AWS CLI does; never logged (it may hold secrets).
    command: String,
    profile: String,
    timeout: Duration,
}

impl ProcessCredentials {
    pub fn new(command: impl Into<String>, profile: impl Into<String>, timeout: Duration) -> Self {
        Self { command: command.into(), profile: profile.into(), timeout }
    }

    async fn load(&self) -> provider::Result {
        let mut cmd = shell(&self.command);
        cmd.stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .kill_on_drop(true);
        #[cfg(unix)]
        cmd.process_group(0);
        let child = cmd.spawn().map_err(|e| {
            CredentialsError::provider_error(format!(
                "the credential_process of profile `{}` could not be started: {e}",
                self.profile
            ))
        })?;
        // Kills the whole process group however this future ends (timeout, or dropped by a
        // caller that gave up): a shell's children would survive killing the shell alone.
        let _group = GroupGuard(child.id());
        let output = match tokio::time::timeout(self.timeout, child.wait_with_output()).await {
            Ok(Ok(output)) => output,
            Ok(Err(e)) => {
                return Err(CredentialsError::provider_error(format!(
                    "the credential_process of profile `{}` failed: {e}",
                    self.profile
                )));
            }
            Err(_) => {
                return Err(CredentialsError::provider_error(format!(
                    "the credential_process of profile `{}` did not finish within {} and was stopped \
                     (is it waiting for a login or a prompt?)",
                    self.profile,
                    humantime::format_duration(self.timeout)
                )));
            }
        };
        if !output.status.success() {
            let stderr = String::from_utf8_lossy(&output.stderr);
            let last = stderr.lines().rev().find(|l| !l.trim().is_empty()).unwrap_or("no message");
            return Err(CredentialsError::provider_error(format!(
                "the credential_process of profile `{}` failed ({}): {}",
                self.profile,
                output.status,
                last.trim()
            )));
        }
        parse(&output.stdout, &self.profile)
    }
}

/// The credential_process output format (Version 1).
fn parse(stdout: &[u8], profile: &str) -> provider::Result {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "PascalCase")]
    struct Output {
        version: u32,
        access_key_id: String,
        secret_access_key: String,
        session_token: Option<String>,
        expiration: Option<String>,
    }
    let bad = |why: String| {
        CredentialsError::provider_error(format!(
            "the credential_process of profile `{profile}` printed unusable credentials: {why}"
        ))
    };
    let out: Output = serde_json::from_slice(stdout).map_err(|e| bad(e.to_string()))?;
    if out.version != 1 {
        return Err(bad(format!("Version {} (only 1 is known)", out.version)));
    }
    let expiry = match out.expiration {
        Some(t) => Some(
            chrono::DateTime::parse_from_rfc3339(&t)
                .map(|t| SystemTime::from(t.to_utc()))
                .map_err(|e| bad(format!("Expiration {t:?}: {e}")))?,
        ),
        None => None,
    };
    Ok(Credentials::new(out.access_key_id, out.secret_access_key, out.session_token, expiry, "CredentialProcess"))
}

fn shell(command: &str) -> tokio::process::Command {
    #[cfg(windows)]
    {
        let mut c = tokio::process::Command::new("cmd.exe");
        c.arg("/C").arg(command);
        c
    }
    #[cfg(not(windows))]
    {
        let mut c = tokio::process::Command::new("sh");
        c.arg("-c").arg(command);
        c
    }
}

struct GroupGuard(Option<u32>);

impl Drop for GroupGuard {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Some(pid) = self.0.and_then(|p| i32::try_from(p).ok()) {
            // SAFETY: kill(2) with a negative pid signals that process group; it touches no
            // memory. The group is the one spawned above (process_group(0) made pid its id);
            // if it already exited, the call fails harmlessly with ESRCH.
            unsafe {
                libc::kill(-pid, libc::SIGKILL);
            }
        }
    }
}

impl ProvideCredentials for ProcessCredentials {
    fn provide_credentials<'a>(&'a self) -> future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        future::ProvideCredentials::new(self.load())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn reads_the_process_output() {
        let json = r#"{"Version": 1, "AccessKeyId": "AKID", "SecretAccessKey": "secret", "SessionToken": "tok", "Expiration": "2030-01-01T00:00:00Z"}"#;
        let p = ProcessCredentials::new(format!("echo '{json}'"), "ok", Duration::from_secs(5));
        let c = p.provide_credentials().await.expect("credentials");
        assert_eq!((c.access_key_id(), c.secret_access_key(), c.session_token()), ("AKID", "secret", Some("tok")));
        assert!(c.expiry().is_some());
    }

    /// The error with its causes, as the console's explanation reads it.
    fn text(e: &CredentialsError) -> String {
        let source = std::error::Error::source(e).map(|s| s.to_string()).unwrap_or_default();
        format!("{e}: {source}")
    }

    #[tokio::test]
    async fn failures_name_the_profile_and_the_cause() {
        let p =
            ProcessCredentials::new("echo 'token expired, run: sso-login' >&2; exit 3", "corp", Duration::from_secs(5));
        let e = text(&p.provide_credentials().await.expect_err("fails"));
        assert!(e.contains("profile `corp` failed") && e.contains("token expired, run: sso-login"), "{e}");
        let p = ProcessCredentials::new("echo '{\"Version\": 2}'", "corp", Duration::from_secs(5));
        let e = text(&p.provide_credentials().await.expect_err("bad output"));
        assert!(e.contains("unusable credentials"), "{e}");
    }
}
