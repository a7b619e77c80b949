//! Our own domain types. Views, the simulator and the dump speak these; SDK types are converted
//! into them in `aws::convert` and nowhere else.
pub mod alarm;
mod capacity_provider;
mod cluster;
mod container_instance;
mod cost;
mod discovery;
mod format;
mod log;
pub mod log_target;
pub mod metrics;
mod mix;
mod prices;
mod scaling;
pub mod scaling_policy;
mod service;
mod service_revision;
mod strategy;
pub mod strategy_rules;
pub mod target_health;
mod task;
mod task_definition;

pub use alarm::{Alarm, AlarmChange, AlarmKind, AlarmMetric, AlarmState, Dimension};
pub use capacity_provider::{AWS_MANAGED_PROVIDERS, AsgProvider, CapacityProvider, ManagedScaling};
pub use cluster::{Cluster, ExecConfig, ExecLogging};
pub use container_instance::ContainerInstance;
pub use cost::{Estimate, HOURS_PER_MONTH, TaskCost, dollars};
pub use discovery::{DiscoveryService, DnsRecord, Namespace, NamespaceKind, Registry, records_text};
pub use format::{age, arn_name, short_id};
pub use log::{LogEvent, LogRange, LogSource, LogTarget, TailMode, TailStatus};
pub use metrics::{Chart, MetricPage, MetricQuery, MetricSet, Series, Spark};
pub use mix::{Bar, ClusterMix, Mix, MixRow, Presence, Source as MixSource, is_spot, slot_of};
pub use prices::{Arch, PRICES_FILE, Prices, Rate, RegionPrices};
pub use scaling::ScalableTarget;
pub use scaling_policy::{
    ActivityStatus, NotScaled, PolicyKind, ScalingActivity, ScalingDetail, ScalingPolicy, ServiceTarget, Step,
    StepScaling, TargetTracking, TrackedMetric,
};
pub use service::{
    AwsVpc, CircuitBreaker, ClientAlias, Deployment, DeploymentAlarms, LoadBalancer, ROLLBACK_SHOWN, Rollout, Service,
    ServiceConnect, ServiceConnectService, ServiceEvent, task_definition_short,
};
pub use service_revision::{ContainerImage, ServiceRevision};
pub use strategy::{Strategy, StrategyError, StrategyItem};
pub use target_health::{Counts, TargetGroupHealth, TargetHealth, TargetState};
pub use task::{Container, ManagedAgent, NetworkBinding, Task, TaskFilter, TaskStatusFilter};
pub use task_definition::{
    AwsLogs, ContainerDefinition, ContainerDependency, EnvironmentVariable, FirelensConfiguration, HealthCheck,
    LinuxParameters, LogConfiguration, PortMapping, RuntimePlatform, Secret, TaskDefinition,
};

/// Timestamps are UTC throughout; `now` is always passed in so conversions and ages are testable.
pub type Time = chrono::DateTime<chrono::Utc>;

/// An object as the describe view shows it, as YAML and as JSON. Serialized straight from the
/// typed value, never through `serde_json::Value`: whether that keeps insertion order or
/// sorts keys depends on serde_json's `preserve_order` feature, which other crates switch on
/// or not depending on what is being built, so the key order changed between builds.
pub fn describe_text<T: serde::Serialize>(value: &T) -> (String, String) {
    let yaml = serde_yaml_ng::to_string(value).unwrap_or_else(|e| format!("# cannot render as YAML: {e}"));
    let json = serde_json::to_string_pretty(value).unwrap_or_else(|e| format!("cannot render as JSON: {e}"));
    (yaml, json)
}

/// Timestamps as ISO-8601 to the second in UTC (`2026-11-29T09:41:07Z`), like the AWS CLI
/// shows them, rather than with AWS's milliseconds. Reads any RFC 3339 time back.
pub(crate) mod iso_time {
    use super::Time;
    use serde::{Deserialize, Deserializer, Serializer};

    const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

    pub fn serialize<S: Serializer>(t: &Option<Time>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.collect_str(&t.format(FORMAT)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Time>, D::Error> {
        let text: Option<String> = Option::deserialize(d)?;
        text.map(|t| chrono::DateTime::parse_from_rfc3339(&t).map(|t| t.to_utc()).map_err(serde::de::Error::custom))
            .transpose()
    }
}

/// A partial failure reported by a Describe* call (`failures[]`): shown to the user, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Failure {
    pub arn: String,
    pub reason: String,
    pub detail: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fixtures;

    /// The keys appear in this order (each after the previous one) in `text`.
    fn in_order(text: &str, keys: &[&str]) {
        let mut from = 0;
        for key in keys {
            let at = text[from..].find(key).unwrap_or_else(|| panic!("{key} missing or out of order in:\n{text}"));
            from += at + key.len();
        }
    }

    #[test]
    fn describe_uses_aws_names_in_a_fixed_order_and_readable_times() {
        let service = &fixtures::services()[0];
        let (yaml, json) = describe_text(service);
        in_order(
            &json,
            &[
                "\"serviceArn\": ",
                "\"serviceName\": \"api\"",
                "\"clusterArn\": ",
                "\"desiredCount\": 4",
                "\"runningCount\": 4",
                "\"capacityProviderStrategy\": [",
                "\"capacityProvider\": \"FARGATE\"",
                "\"taskDefinition\": ",
                "\"enableExecuteCommand\": true",
                "\"createdAt\": \"2026-10-24T03:00:00Z\"",
                "\"deployments\": [",
                "\"rolloutState\": \"COMPLETED\"",
            ],
        );
        assert!(yaml.starts_with("serviceArn: "), "{yaml}");
        in_order(
            &yaml,
            &["serviceName: api", "desiredCount: 4", "taskDefinition: ", "createdAt: 2026-10-24T03:00:00Z"],
        );
        let snake = json.lines().filter_map(|l| l.trim().split_once("\": ")).find(|(k, _)| k.contains('_'));
        assert_eq!(snake, None, "no Rust field names: {json}");

        let task = &fixtures::tasks()[0];
        let (_, json) = describe_text(task);
        in_order(
            &json,
            &[
                "\"taskArn\": ",
                "\"taskDefinitionArn\": ",
                "\"lastStatus\": ",
                "\"healthStatus\": ",
                "\"capacityProviderName\": ",
            ],
        );
        in_order(&json, &["\"startedAt\": \"2026-11-23T00:00:00Z\"", "\"containers\": [", "\"runtimeId\": "]);
        let (_, json) = describe_text(&fixtures::clusters()[0]);
        in_order(
            &json,
            &[
                "\"clusterArn\": ",
                "\"clusterName\": \"prod\"",
                "\"runningTasksCount\": 9",
                "\"defaultCapacityProviderStrategy\": ",
                "\"executeCommandConfiguration\": {",
                "\"cloudWatchLogGroupName\": ",
            ],
        );
    }

    #[test]
    fn the_aws_names_read_back() {
        let service = fixtures::services().remove(1);
        let back: Service = serde_json::from_str(&describe_text(&service).1).expect("service reads back");
        assert_eq!(back, service);
        let task = fixtures::stopped_tasks().remove(0);
        let back: Task = serde_json::from_str(&describe_text(&task).1).expect("task reads back");
        assert_eq!(back, task);
        let cluster = fixtures::clusters().remove(0);
        let back: Cluster = serde_json::from_str(&describe_text(&cluster).1).expect("cluster reads back");
        assert_eq!(back, cluster);
    }
}
