//! What to tail for a service, a task or a container, read off its task definition's `awslogs`
//! options; and, in words, where the containers that log elsewhere send their output.
use super::{ContainerDefinition, LogTarget, TaskDefinition};

/// Whose logs: every task of a service, one task, or one container of one task.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogScope<'a> {
    /// Every task of the service (its streams share `prefix/container/`).
    Service,
    /// One task by id (the last part of its ARN).
    Task { task_id: &'a str },
    /// One container of one task.
    Container { task_id: &'a str, container: &'a str },
}

/// The target to tail, if any container logs to CloudWatch Logs, and what the view must say
/// about the containers it does not show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolved {
    pub target: Option<LogTarget>,
    /// One sentence per container that is not in the target, and why.
    pub notes: Vec<String>,
}

/// A log group and its region (when given).
type GroupKey = (String, Option<String>);
/// A container name and its stream prefix (when given).
type NamePrefix = (String, Option<String>);

/// The target for `scope` from task definition `td`. `region` is the connection's region:
/// an `awslogs-region` equal to it is not repeated in the target. Containers logging to
/// another group than the one most containers use are left out with a note (a tail of
/// stream prefixes reads one group), as are containers with another driver or none.
pub fn resolve(td: &TaskDefinition, scope: &LogScope<'_>, label: &str, region: Option<&str>) -> Resolved {
    let mut notes = Vec::new();
    // (group, region) with the containers (name, prefix) that log there, in definition order.
    let mut groups: Vec<(GroupKey, Vec<NamePrefix>)> = Vec::new();
    let wanted = |name: &str| match scope {
        LogScope::Container { container, .. } => *container == name,
        _ => true,
    };
    let mut found = false;
    let mut firelens = Vec::new();
    for c in td.container_definitions.iter().filter(|c| wanted(&c.name)) {
        found = true;
        let Some(log) = &c.log_configuration else {
            notes.push(format!(
                "{}: no log driver is configured, so its output is not kept anywhere bosun can read",
                c.name
            ));
            continue;
        };
        match log.log_driver.as_str() {
            "awslogs" => {}
            "awsfirelens" => {
                // Said once the target is known: whether the router's own lines are in it.
                firelens.push(c);
                continue;
            }
            other => {
                notes.push(format!(
                    "{}: logs with the {other} driver, not to CloudWatch Logs — bosun cannot show them",
                    c.name
                ));
                continue;
            }
        }
        let Some(aws) = c.awslogs() else {
            notes.push(format!("{}: uses awslogs without an awslogs-group option, so no group to read", c.name));
            continue;
        };
        let region = aws.region.filter(|r| Some(r.as_str()) != region);
        let key = (aws.group, region);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, names)) => names.push((c.name.clone(), aws.stream_prefix)),
            None => groups.push((key, vec![(c.name.clone(), aws.stream_prefix)])),
        }
    }
    if !found && let LogScope::Container { container, .. } = scope {
        notes.push(format!("{container}: not a container of task definition {}", td.family_revision()));
    }
    // The group most containers use; the first such in definition order on a tie.
    let best = groups.iter().enumerate().max_by_key(|(i, (_, names))| (names.len(), std::cmp::Reverse(*i)));
    let mut target = None;
    let mut shown: Vec<String> = Vec::new();
    if let Some((best, _)) = best {
        let ((group, group_region), names) = groups[best].clone();
        for (i, ((other, _), others)) in groups.iter().enumerate() {
            if i != best {
                for (name, _) in others {
                    notes.push(format!("{name}: logs to another group, {other} — :logs {other} shows it"));
                }
            }
        }
        let mut stream_prefixes = Vec::new();
        for (name, prefix) in &names {
            let Some(prefix) = prefix else {
                // Without a prefix the stream names do not say which task or container wrote them.
                notes.push(format!(
                    "{name}: awslogs has no awslogs-stream-prefix, so its streams cannot be told apart: \
                     showing every stream of {group}"
                ));
                stream_prefixes.clear();
                break;
            };
            stream_prefixes.push(match scope {
                LogScope::Service => format!("{prefix}/{name}/"),
                LogScope::Task { task_id } | LogScope::Container { task_id, .. } => {
                    format!("{prefix}/{name}/{task_id}")
                }
            });
        }
        shown = names.into_iter().map(|(name, _)| name).collect();
        target =
            Some(LogTarget { groups: vec![group], stream_prefixes, region: group_region, label: label.to_string() });
    }
    // The app's own lines matter most: what FireLens does with them comes first.
    let words: Vec<String> = firelens.iter().map(|c| firelens_note(td, c, &shown)).collect();
    notes.splice(0..0, words);
    Resolved { target, notes }
}

/// Where a container logging through FireLens sends its lines, in words: its log router, the
/// router's output, and where the router's own lines are.
fn firelens_note(td: &TaskDefinition, c: &ContainerDefinition, shown: &[String]) -> String {
    let options = c.log_configuration.as_ref().map(|l| &l.options);
    let get = |k: &str| options.and_then(|o| o.get(k)).map(String::as_str).filter(|v| !v.is_empty());
    let router = td.container_definitions.iter().find(|r| r.firelens_configuration.is_some());
    let by = match router.and_then(|r| r.firelens_configuration.as_ref().map(|f| (r, f))) {
        Some((r, f)) => {
            let kind = match f.kind.as_str() {
                "fluentbit" => "Fluent Bit",
                "fluentd" => "Fluentd",
                other => other,
            };
            format!("its log router {} ({kind})", r.name)
        }
        None => "its log router".to_string(),
    };
    let mut group = None;
    let dest = match get("Name") {
        Some(name @ ("cloudwatch" | "cloudwatch_logs")) => match get("log_group_name") {
            Some(g) => {
                group = Some(g.to_string());
                format!("to the CloudWatch Logs group {g} (output {name})")
            }
            None => format!("to CloudWatch Logs (output {name}, group not named here)"),
        },
        Some("datadog") => match get("Host") {
            Some(h) => format!("to Datadog at {h} (output datadog)"),
            None => "to Datadog (output datadog)".into(),
        },
        Some(name @ ("es" | "opensearch")) => match get("Host") {
            Some(h) => format!("to OpenSearch at {h} (output {name})"),
            None => format!("to OpenSearch (output {name})"),
        },
        Some("kinesis_firehose") => match get("delivery_stream") {
            Some(d) => format!("to the Firehose stream {d} (output kinesis_firehose)"),
            None => "to Firehose (output kinesis_firehose)".into(),
        },
        Some("kinesis_streams") => match get("stream") {
            Some(d) => format!("to the Kinesis stream {d} (output kinesis_streams)"),
            None => "to Kinesis (output kinesis_streams)".into(),
        },
        Some("s3") => match get("bucket") {
            Some(b) => format!("to the S3 bucket {b} (output s3)"),
            None => "to S3 (output s3)".into(),
        },
        Some(other) => match get("Host") {
            Some(h) => format!("with the output {other} to {h}"),
            None => format!("with the output {other}"),
        },
        None => "wherever its configuration file says (no output named in the task definition)".into(),
    };
    let reach = match &group {
        // Fluent Bit names its streams its own way: the whole group is what can be read.
        Some(g) => format!(" — :logs {g} shows them"),
        None => " — not to a CloudWatch Logs stream, so bosun cannot tail them".into(),
    };
    let own = match router {
        Some(r) if shown.contains(&r.name) => "; the log router's own lines are shown here".to_string(),
        Some(r) => match r.awslogs() {
            Some(aws) => format!("; the log router's own lines are in {} (:logs {})", aws.group, aws.group),
            None => String::new(),
        },
        None => String::new(),
    };
    format!("{}: logs through FireLens: {by} sends them {dest}{reach}{own}", c.name)
}

/// Any log group by name (`:logs GROUP`), every stream.
pub fn group_target(group: &str) -> LogTarget {
    LogTarget { groups: vec![group.to_string()], stream_prefixes: vec![], region: None, label: group.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FirelensConfiguration, LogConfiguration};

    fn container(name: &str, driver: Option<&str>, opts: &[(&str, &str)]) -> ContainerDefinition {
        ContainerDefinition {
            name: name.into(),
            log_configuration: driver.map(|d| LogConfiguration {
                log_driver: d.into(),
                options: opts.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            }),
            ..Default::default()
        }
    }

    fn awslogs(name: &str, group: &str) -> ContainerDefinition {
        container(
            name,
            Some("awslogs"),
            &[("awslogs-group", group), ("awslogs-region", "eu-west-1"), ("awslogs-stream-prefix", "ecs")],
        )
    }

    fn td(containers: Vec<ContainerDefinition>) -> TaskDefinition {
        TaskDefinition { family: "api".into(), revision: 3, container_definitions: containers, ..Default::default() }
    }

    #[test]
    fn a_service_tails_every_container_prefix_of_its_group() {
        let def = td(vec![awslogs("app", "/ecs/api"), awslogs("envoy", "/ecs/api")]);
        let r = resolve(&def, &LogScope::Service, "prod/api", Some("eu-west-1"));
        let t = r.target.expect("a target");
        assert_eq!(t.groups, vec!["/ecs/api"]);
        assert_eq!(t.stream_prefixes, vec!["ecs/app/", "ecs/envoy/"]);
        assert_eq!(t.region, None, "the connection's own region is not repeated");
        assert_eq!(t.label, "prod/api");
        assert!(r.notes.is_empty(), "{:?}", r.notes);
        let other = resolve(&def, &LogScope::Service, "x", Some("us-east-1")).target.expect("a target");
        assert_eq!(other.region.as_deref(), Some("eu-west-1"), "a group in another region says so");
    }

    #[test]
    fn a_task_and_a_container_tail_their_own_streams() {
        let def = td(vec![awslogs("app", "/ecs/api"), awslogs("envoy", "/ecs/api")]);
        let task = resolve(&def, &LogScope::Task { task_id: "abc123" }, "task abc1", None).target.expect("target");
        assert_eq!(task.stream_prefixes, vec!["ecs/app/abc123", "ecs/envoy/abc123"]);
        let one = LogScope::Container { task_id: "abc123", container: "envoy" };
        let c = resolve(&def, &one, "envoy", None).target.expect("target");
        assert_eq!(c.stream_prefixes, vec!["ecs/envoy/abc123"]);
    }

    #[test]
    fn containers_that_log_elsewhere_are_said_in_words() {
        let def = td(vec![
            awslogs("app", "/ecs/api"),
            container("router", Some("awsfirelens"), &[("Name", "datadog")]),
            container("splunker", Some("splunk"), &[]),
            container("quiet", None, &[]),
            awslogs("audit", "/ecs/audit"),
            container("nogroup", Some("awslogs"), &[("awslogs-region", "eu-west-1")]),
        ]);
        let r = resolve(&def, &LogScope::Service, "api", Some("eu-west-1"));
        assert_eq!(r.target.expect("app's group").groups, vec!["/ecs/api"], "the first group wins a tie");
        let all = r.notes.join("\n");
        assert!(all.contains("router: logs through FireLens: its log router sends them"), "{all}");
        assert!(all.contains("sends them to Datadog (output datadog)"), "{all}");
        assert!(all.contains("splunker: logs with the splunk driver"), "{all}");
        assert!(all.contains("quiet: no log driver is configured"), "{all}");
        assert!(all.contains("audit: logs to another group, /ecs/audit — :logs /ecs/audit shows it"), "{all}");
        assert!(all.contains("nogroup: uses awslogs without an awslogs-group"), "{all}");
        assert_eq!(r.notes.len(), 5);
    }

    #[test]
    fn no_awslogs_container_means_no_target_and_a_reason() {
        let def = td(vec![container("router", Some("awsfirelens"), &[])]);
        let r = resolve(&def, &LogScope::Service, "api", None);
        assert_eq!(r.target, None);
        assert_eq!(r.notes.len(), 1);
        let missing = resolve(&def, &LogScope::Container { task_id: "t", container: "nope" }, "x", None);
        assert_eq!((missing.target, missing.notes.len()), (None, 1));
        assert!(missing.notes[0].contains("nope: not a container of task definition api:3"));
    }

    /// An app logging through FireLens, its Fluent Bit router logging with awslogs, and a
    /// sidecar with no log configuration (the demo's staging gateway).
    fn firelens_task(output: &[(&str, &str)]) -> TaskDefinition {
        let mut router = awslogs("log_router", "/ecs/gw");
        router.firelens_configuration =
            Some(FirelensConfiguration { kind: "fluentbit".into(), options: Default::default() });
        td(vec![container("gateway", Some("awsfirelens"), output), router, container("otel", None, &[])])
    }

    #[test]
    fn firelens_names_its_router_and_output_and_the_router_lines_are_tailed() {
        let def = firelens_task(&[("Name", "datadog"), ("Host", "http-intake.logs.datadoghq.eu")]);
        let r = resolve(&def, &LogScope::Service, "staging/gateway", None);
        let t = r.target.expect("the router's awslogs lines");
        assert_eq!(t.stream_prefixes, vec!["ecs/log_router/"]);
        assert_eq!(
            r.notes,
            vec![
                "gateway: logs through FireLens: its log router log_router (Fluent Bit) sends them to Datadog at \
                 http-intake.logs.datadoghq.eu (output datadog) — not to a CloudWatch Logs stream, so bosun cannot \
                 tail them; the log router's own lines are shown here"
                    .to_string(),
                "otel: no log driver is configured, so its output is not kept anywhere bosun can read".to_string(),
            ],
            "the app's words first"
        );
        // The app container alone: nothing to tail, and where the router's lines are instead.
        let app = resolve(&def, &LogScope::Container { task_id: "t1", container: "gateway" }, "gateway", None);
        assert_eq!(app.target, None);
        assert_eq!(app.notes.len(), 1, "{:?}", app.notes);
        assert!(
            app.notes[0].ends_with("; the log router's own lines are in /ecs/gw (:logs /ecs/gw)"),
            "{:?}",
            app.notes
        );
    }

    #[test]
    fn firelens_to_a_cloudwatch_group_says_how_to_open_it() {
        let def = firelens_task(&[("Name", "cloudwatch_logs"), ("log_group_name", "/firelens/gw")]);
        let r = resolve(&def, &LogScope::Task { task_id: "t1" }, "task", None);
        assert!(
            r.notes[0].contains("sends them to the CloudWatch Logs group /firelens/gw (output cloudwatch_logs) — :logs /firelens/gw shows them"),
            "{:?}",
            r.notes
        );
        let bare = firelens_task(&[]);
        let r = resolve(&bare, &LogScope::Service, "gw", None);
        assert!(r.notes[0].contains("sends them wherever its configuration file says"), "{:?}", r.notes);
        let s3 = firelens_task(&[("Name", "s3"), ("bucket", "gw-logs")]);
        assert!(resolve(&s3, &LogScope::Service, "gw", None).notes[0].contains("to the S3 bucket gw-logs (output s3)"));
    }

    #[test]
    fn a_group_used_by_more_containers_wins_and_no_prefix_means_every_stream() {
        let def = td(vec![awslogs("a", "/one"), awslogs("b", "/two"), awslogs("c", "/two")]);
        let r = resolve(&def, &LogScope::Service, "s", None);
        assert_eq!(r.target.expect("target").groups, vec!["/two"]);
        let bare = td(vec![container("app", Some("awslogs"), &[("awslogs-group", "/g")])]);
        let r = resolve(&bare, &LogScope::Task { task_id: "t1" }, "t", None);
        let t = r.target.expect("target");
        assert!(t.stream_prefixes.is_empty(), "every stream of the group");
        assert!(r.notes[0].contains("no awslogs-stream-prefix"), "{:?}", r.notes);
        assert_eq!(group_target("/ecs/exec-audit").groups, vec!["/ecs/exec-audit"]);
    }
}
