//! The session-manager-plugin command line and ExecuteCommand error advice.

use bosun::exec::ExecSession;
use bosun::exec::errors::explain_execute_command_error;
use bosun::exec::plugin::{PLUGIN_PROGRAM, PluginTarget, ecs_endpoint_url, plugin_args, plugin_command};

fn session() -> ExecSession {
    ExecSession {
        session_id: "ecs-execute-command-0f13ab".to_owned(),
        stream_url: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0f13ab?role=publish_subscribe".to_owned(),
        token_value: "AAEAAx/token+==".to_owned(),
    }
}

#[test]
fn plugin_arguments_match_the_aws_cli() {
    let endpoint = ecs_endpoint_url("eu-west-1");
    let target = PluginTarget {
        region: "eu-west-1",
        profile: Some("prod"),
        target_id: "ecs:prod_0f13ab_0f13ab-1234567890",
        ecs_endpoint_url: &endpoint,
    };
    assert_eq!(
        plugin_args(&session(), &target),
        vec![
            r#"{"sessionId": "ecs-execute-command-0f13ab", "streamUrl": "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/ecs-execute-command-0f13ab?role=publish_subscribe", "tokenValue": "AAEAAx/token+=="}"#.to_owned(),
            "eu-west-1".to_owned(),
            "StartSession".to_owned(),
            "prod".to_owned(),
            r#"{"Target": "ecs:prod_0f13ab_0f13ab-1234567890"}"#.to_owned(),
            "https://ecs.eu-west-1.amazonaws.com".to_owned(),
        ]
    );
}

#[test]
fn no_profile_is_an_empty_argument() {
    let target = PluginTarget {
        region: "us-east-1",
        profile: None,
        target_id: "ecs:c_t_r",
        ecs_endpoint_url: "https://ecs.us-east-1.amazonaws.com",
    };
    let cmd = plugin_command(PLUGIN_PROGRAM, &session(), &target);
    assert_eq!(cmd.get_program(), "session-manager-plugin");
    let args: Vec<_> = cmd.get_args().map(|a| a.to_string_lossy().into_owned()).collect();
    assert_eq!(args.len(), 6);
    assert_eq!(args[3], "");
}

#[test]
fn errors_read_in_plain_words() {
    let cases = [
        ("AccessDeniedException", "User is not authorized", "not allowed"),
        ("ClusterNotFoundException", "Cluster not found.", "not found"),
        ("ServerException", "", "internal error"),
        (
            "TargetNotConnectedException",
            "The execute command failed due to an internal error. Try again later.",
            "could not be reached",
        ),
        (
            "InvalidParameterException",
            "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running.",
            "not enabled",
        ),
        (
            "ClientException",
            "The execute command failed because the maximum session limit of 2 has been reached.",
            "maximum number",
        ),
    ];
    for (code, message, expect) in cases {
        let advice = explain_execute_command_error(code, message);
        assert!(advice.summary.contains(expect), "{code}: {advice:?}");
        assert!(!advice.hint.is_empty());
    }
    let hint = explain_execute_command_error("TargetNotConnected", "").hint;
    assert!(hint.contains("ssmmessages:CreateControlChannel"));
    assert!(hint.contains("read-only"));
}
