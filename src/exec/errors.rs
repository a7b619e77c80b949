//! ExecuteCommand failures in plain words, with the likely fix. Pure: takes the error code
//! and message as strings, so any layer (SDK errors, the simulator, tests) can use it.

/// A failure explained for the user.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExecAdvice {
    /// What happened.
    pub summary: String,
    /// What usually fixes it.
    pub hint: String,
}

/// Explains an `ecs:ExecuteCommand` error. Codes and messages are matched loosely: case,
/// curly apostrophes and a missing `Exception` suffix do not matter.
pub fn explain_execute_command_error(code: &str, message: &str) -> ExecAdvice {
    let code = code.to_ascii_lowercase();
    let code = code.trim_end_matches("exception");
    let msg = normalise(message);
    let advice = |summary: &str, hint: &str| ExecAdvice { summary: summary.to_owned(), hint: hint.to_owned() };
    match code {
        "accessdenied" => advice(
            "You are not allowed to run ECS Exec on this task.",
            "Allow ecs:ExecuteCommand on the cluster and task for your identity (check any condition keys on ecs:container-name or tags).",
        ),
        "client" if msg.contains("session limit") || msg.contains("maximum session") => advice(
            "This container already has the maximum number of exec sessions open.",
            "End another session on it, or wait: idle sessions close after 20 minutes. Aborted sessions are terminated for you.",
        ),
        "clusternotfound" => advice(
            "The cluster was not found.",
            "Check the region and profile: the cluster may live in another account or region.",
        ),
        "invalidparameter"
            if msg.contains("execute command was not enabled")
                || msg.contains("execute command agent isn't running") =>
        {
            advice(
                "ECS Exec is not enabled for this task, or its exec agent is not running.",
                "Enable execute command on the service (enableExecuteCommand) and roll out a new deployment: a running task cannot be switched on. If it is enabled, wait until containers[].managedAgents shows ExecuteCommandAgent RUNNING.",
            )
        }
        "invalidparameter" => advice(
            "The request named something ECS does not accept.",
            "Check the cluster, task and container names; a task with several containers needs the container named.",
        ),
        "server" => advice("AWS had an internal error starting the session.", "Retry in a moment."),
        "targetnotconnected" => advice(
            "The exec agent in the task could not be reached.",
            "Usually one of: the task role lacks ssmmessages:CreateControlChannel, CreateDataChannel, OpenControlChannel, OpenDataChannel; the exec agent is not connected yet; the container's root filesystem is read-only; or the task has no route to ssmmessages (NAT gateway or a VPC endpoint com.amazonaws.<region>.ssmmessages).",
        ),
        _ => ExecAdvice {
            summary: if message.trim().is_empty() {
                "ECS Exec could not start.".to_owned()
            } else {
                message.trim().to_owned()
            },
            hint: "Run the amazon-ecs-exec-checker script against the task to find the missing prerequisite."
                .to_owned(),
        },
    }
}

fn normalise(message: &str) -> String {
    message.to_lowercase().replace(['\u{2019}', '\u{2018}', '`'], "'").replace("is not running", "isn't running")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curly_apostrophe_matches() {
        let a = explain_execute_command_error(
            "InvalidParameterException",
            "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn\u{2019}t running. Wait and try again or run a new task with execute command enabled and try again.",
        );
        assert!(a.summary.contains("not enabled"));
        assert!(a.hint.contains("new deployment"));
    }

    #[test]
    fn session_limit_is_recognised() {
        let a = explain_execute_command_error(
            "ClientException",
            "The execute command failed because the maximum session limit of 2 has been reached.",
        );
        assert!(a.summary.contains("maximum number"));
    }

    #[test]
    fn unknown_codes_keep_the_message() {
        let a = explain_execute_command_error("Weird", "  something odd ");
        assert_eq!(a.summary, "something odd");
    }
}
