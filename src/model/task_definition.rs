//! A registered task definition (DescribeTaskDefinition): what a task runs. A revision never
//! changes once registered, so a loaded one is never stale.
use super::Time;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Serialized (describe, `dump --json`) with the field names of `aws ecs describe-task-definition`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDefinition {
    #[serde(rename = "taskDefinitionArn")]
    pub arn: String,
    pub family: String,
    pub revision: i32,
    /// `ACTIVE`, `INACTIVE` or `DELETE_IN_PROGRESS`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Task-level CPU units and memory (MiB), as ECS reports them: strings (`"1024"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub network_mode: Option<String>,
    #[serde(default)]
    pub requires_compatibilities: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub runtime_platform: Option<RuntimePlatform>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_role_arn: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub execution_role_arn: Option<String>,
    pub container_definitions: Vec<ContainerDefinition>,
    #[serde(default, with = "super::iso_time", skip_serializing_if = "Option::is_none")]
    pub registered_at: Option<Time>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RuntimePlatform {
    /// `X86_64` or `ARM64`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cpu_architecture: Option<String>,
    /// `LINUX`, `WINDOWS_SERVER_2022_CORE`, …
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub operating_system_family: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDefinition {
    pub name: String,
    pub image: String,
    /// CPU units reserved for the container (0: none of its own).
    #[serde(default)]
    pub cpu: i32,
    /// Hard memory limit (MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory: Option<i32>,
    /// Soft memory limit (MiB).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub memory_reservation: Option<i32>,
    /// AWS treats a missing `essential` as true.
    #[serde(default = "yes")]
    pub essential: bool,
    #[serde(default)]
    pub port_mappings: Vec<PortMapping>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub health_check: Option<HealthCheck>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_configuration: Option<LogConfiguration>,
    /// Plain values: a view masks them until asked.
    #[serde(default)]
    pub environment: Vec<EnvironmentVariable>,
    /// Where each secret comes from (an ARN); ECS never returns the value.
    #[serde(default)]
    pub secrets: Vec<Secret>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linux_parameters: Option<LinuxParameters>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readonly_root_filesystem: Option<bool>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depends_on: Vec<ContainerDependency>,
    /// Set on a task's FireLens log router: the containers logging with `awsfirelens` send
    /// their output through it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub firelens_configuration: Option<FirelensConfiguration>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PortMapping {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub container_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_port: Option<i32>,
    /// `tcp` or `udp`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub protocol: Option<String>,
    /// The name Service Connect refers to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A container health check; times in seconds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HealthCheck {
    pub command: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retries: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_period: Option<i32>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LogConfiguration {
    /// `awslogs`, `awsfirelens`, `splunk`, …
    pub log_driver: String,
    #[serde(default)]
    pub options: BTreeMap<String, String>,
}

/// A FireLens log router's configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FirelensConfiguration {
    /// `fluentbit` or `fluentd`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub options: BTreeMap<String, String>,
}

/// An environment variable (AWS: `KeyValuePair`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EnvironmentVariable {
    pub name: String,
    pub value: String,
}

/// A secret injected into the container: its name and the ARN it is read from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Secret {
    pub name: String,
    pub value_from: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LinuxParameters {
    /// Runs an init process as PID 1 (what ECS Exec recommends, so sessions reap their children).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub init_process_enabled: Option<bool>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ContainerDependency {
    pub container_name: String,
    /// `START`, `COMPLETE`, `SUCCESS` or `HEALTHY`.
    pub condition: String,
}

/// Where a container's `awslogs` driver writes: what the logs view reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsLogs {
    pub group: String,
    /// `awslogs-region`; `None` means the task's own region.
    pub region: Option<String>,
    /// `awslogs-stream-prefix`: streams are named `prefix/container/task-id`.
    pub stream_prefix: Option<String>,
}

impl TaskDefinition {
    /// `family:revision`, the short name ECS accepts everywhere an ARN is.
    pub fn family_revision(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// `family:revision-1`: the revision registered before this one (it may have been
    /// deregistered or deleted since), `None` for the first.
    pub fn previous(&self) -> Option<String> {
        (self.revision > 1).then(|| format!("{}:{}", self.family, self.revision - 1))
    }

    pub fn container(&self, name: &str) -> Option<&ContainerDefinition> {
        self.container_definitions.iter().find(|c| c.name == name)
    }

    /// The `awslogs` destination of container `container`, if it logs with that driver to a group.
    pub fn awslogs(&self, container: &str) -> Option<AwsLogs> {
        self.container(container)?.awslogs()
    }
}

impl ContainerDefinition {
    pub fn awslogs(&self) -> Option<AwsLogs> {
        let log = self.log_configuration.as_ref().filter(|l| l.log_driver == "awslogs")?;
        let opt = |k: &str| log.options.get(k).filter(|v| !v.is_empty()).cloned();
        Some(AwsLogs {
            group: opt("awslogs-group")?,
            region: opt("awslogs-region"),
            stream_prefix: opt("awslogs-stream-prefix"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn logs(driver: &str, options: &[(&str, &str)]) -> ContainerDefinition {
        ContainerDefinition {
            name: "app".into(),
            log_configuration: Some(LogConfiguration {
                log_driver: driver.into(),
                options: options.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            }),
            ..Default::default()
        }
    }

    #[test]
    fn awslogs_reads_the_driver_options() {
        let c = logs(
            "awslogs",
            &[("awslogs-group", "/ecs/prod/api"), ("awslogs-region", "eu-west-1"), ("awslogs-stream-prefix", "ecs")],
        );
        let td = TaskDefinition {
            family: "prod-api".into(),
            revision: 42,
            container_definitions: vec![c],
            ..Default::default()
        };
        let want = AwsLogs {
            group: "/ecs/prod/api".into(),
            region: Some("eu-west-1".into()),
            stream_prefix: Some("ecs".into()),
        };
        assert_eq!(td.awslogs("app"), Some(want));
        assert_eq!(td.awslogs("sidecar"), None, "no such container");
        assert_eq!(td.family_revision(), "prod-api:42");
        assert_eq!(td.previous().as_deref(), Some("prod-api:41"));
        assert_eq!(TaskDefinition { revision: 1, ..td }.previous(), None);
        // Another driver, or awslogs without a group, is no awslogs destination.
        assert_eq!(logs("awsfirelens", &[("awslogs-group", "/x")]).awslogs(), None);
        assert_eq!(logs("awslogs", &[("awslogs-region", "eu-west-1")]).awslogs(), None);
        let bare = logs("awslogs", &[("awslogs-group", "/g")]).awslogs().expect("a group");
        assert_eq!((bare.region, bare.stream_prefix), (None, None));
    }

    #[test]
    fn aws_names_and_defaults_read_back() {
        let json = r#"{"taskDefinitionArn":"arn:aws:ecs:eu-west-1:1:task-definition/api:3","family":"api",
            "revision":3,"containerDefinitions":[{"name":"app","image":"nginx",
            "secrets":[{"name":"DB","valueFrom":"arn:aws:ssm:eu-west-1:1:parameter/db"}]}]}"#;
        let td: TaskDefinition = serde_json::from_str(json).expect("reads");
        let c = &td.container_definitions[0];
        assert!(c.essential, "missing essential means essential");
        assert_eq!(c.secrets[0].value_from, "arn:aws:ssm:eu-west-1:1:parameter/db");
        let (_, out) = super::super::describe_text(&td);
        assert!(out.contains("\"valueFrom\"") && out.contains("\"containerDefinitions\""), "{out}");
        assert_eq!(serde_json::from_str::<TaskDefinition>(&out).expect("reads back"), td);
    }
}
