//! The fallback: hand the session to the official `session-manager-plugin`, with the same
//! command line the AWS CLI builds (`awscli/customizations/ecs/executecommand.py`):
//!
//! ```text
//! session-manager-plugin <json of session> <region> StartSession <profile or ''> <json {"Target": id}> <ecs endpoint url>
//! ```
//!
//! The JSON is written the way Python's `json.dumps` writes it (`", "` and `": "`
//! separators, non-ASCII escaped), so the plugin sees byte-for-byte what the CLI passes.
//! The CLI ignores SIGINT/SIGQUIT/SIGTSTP in itself while the plugin runs so that those
//! keys reach the remote process; a host should do the same.

use std::fmt::Write as _;
use std::process::Command;

use super::types::ExecSession;

/// The plugin's executable name, looked up on `PATH`.
pub const PLUGIN_PROGRAM: &str = "session-manager-plugin";

/// Everything the plugin needs besides the session.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PluginTarget<'a> {
    /// Region of the ECS client that ran ExecuteCommand.
    pub region: &'a str,
    /// The named profile in use; `None` passes an empty string, as the CLI does.
    pub profile: Option<&'a str>,
    /// `ecs:<cluster>_<taskId>_<runtimeId>`.
    pub target_id: &'a str,
    /// The ECS endpoint URL, e.g. `https://ecs.eu-west-1.amazonaws.com`.
    pub ecs_endpoint_url: &'a str,
}

/// The argument list after the program name.
pub fn plugin_args(session: &ExecSession, target: &PluginTarget<'_>) -> Vec<String> {
    let session_json = format!(
        "{{\"sessionId\": {}, \"streamUrl\": {}, \"tokenValue\": {}}}",
        py_json_str(&session.session_id),
        py_json_str(&session.stream_url),
        py_json_str(&session.token_value)
    );
    let target_json = format!("{{\"Target\": {}}}", py_json_str(target.target_id));
    vec![
        session_json,
        target.region.to_owned(),
        "StartSession".to_owned(),
        target.profile.unwrap_or("").to_owned(),
        target_json,
        target.ecs_endpoint_url.to_owned(),
    ]
}

/// The command, ready to spawn with an inherited terminal.
pub fn plugin_command(program: &str, session: &ExecSession, target: &PluginTarget<'_>) -> Command {
    let mut cmd = Command::new(program);
    cmd.args(plugin_args(session, target));
    cmd
}

/// The regional ECS endpoint, as the CLI's client reports it.
pub fn ecs_endpoint_url(region: &str) -> String {
    let suffix = if region.starts_with("cn-") { "amazonaws.com.cn" } else { "amazonaws.com" };
    format!("https://ecs.{region}.{suffix}")
}

/// A JSON string literal as Python's `json.dumps` (ensure_ascii) writes it.
fn py_json_str(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{unit:04x}");
                }
            }
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strings_escape_like_python() {
        assert_eq!(py_json_str("a\"b\\c/d"), r#""a\"b\\c/d""#);
        assert_eq!(py_json_str("é\u{7f}\n"), r#""\u00e9\u007f\n""#);
        assert_eq!(py_json_str("😀"), r#""\ud83d\ude00""#);
    }

    #[test]
    fn endpoints() {
        assert_eq!(ecs_endpoint_url("eu-west-1"), "https://ecs.eu-west-1.amazonaws.com");
        assert_eq!(ecs_endpoint_url("cn-north-1"), "https://ecs.cn-north-1.amazonaws.com.cn");
    }
}
