//! DescribeClusters output → [`Cluster`].
use super::{owned, strategy, tags};
use crate::model::{Cluster, ExecConfig, ExecLogging, arn_name};
use aws_sdk_ecs::types as sdk;

pub fn cluster(c: &sdk::Cluster) -> Cluster {
    let arn = c.cluster_arn().unwrap_or_default().to_string();
    let name = c.cluster_name().map(str::to_string).unwrap_or_else(|| arn_name(&arn).to_string());
    Cluster {
        name,
        arn,
        status: c.status().unwrap_or("UNKNOWN").to_string(),
        active_services: c.active_services_count(),
        running_tasks: c.running_tasks_count(),
        pending_tasks: c.pending_tasks_count(),
        registered_instances: c.registered_container_instances_count(),
        capacity_providers: c.capacity_providers().to_vec(),
        default_strategy: strategy(c.default_capacity_provider_strategy()),
        container_insights: container_insights(c),
        exec: exec_config(c.configuration().and_then(|cfg| cfg.execute_command_configuration())),
        tags: tags(c.tags()),
    }
}

/// The `containerInsights` setting, lowercased (`enabled`, `enhanced`, `disabled`).
fn container_insights(c: &sdk::Cluster) -> Option<String> {
    c.settings()
        .iter()
        .find(|s| s.name() == Some(&sdk::ClusterSettingName::ContainerInsights))
        .and_then(|s| s.value())
        .map(str::to_ascii_lowercase)
}

/// A cluster without an exec configuration audits like `DEFAULT` (the task's awslogs group).
fn exec_config(cfg: Option<&sdk::ExecuteCommandConfiguration>) -> ExecConfig {
    let Some(cfg) = cfg else { return ExecConfig::default() };
    let logging = match cfg.logging() {
        Some(sdk::ExecuteCommandLogging::None) => ExecLogging::None,
        Some(sdk::ExecuteCommandLogging::Override) => ExecLogging::Override,
        _ => ExecLogging::Default,
    };
    let log = cfg.log_configuration();
    ExecConfig {
        logging,
        kms_key_id: owned(cfg.kms_key_id()).filter(|k| !k.is_empty()),
        cloudwatch_log_group: log.and_then(|l| owned(l.cloud_watch_log_group_name())).filter(|g| !g.is_empty()),
        cloudwatch_encryption: log.is_some_and(|l| l.cloud_watch_encryption_enabled()),
        s3_bucket: log.and_then(|l| owned(l.s3_bucket_name())).filter(|b| !b.is_empty()),
        s3_encryption: log.is_some_and(|l| l.s3_encryption_enabled()),
        s3_key_prefix: log.and_then(|l| owned(l.s3_key_prefix())).filter(|p| !p.is_empty()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(p: &str, base: i32, weight: i32) -> sdk::CapacityProviderStrategyItem {
        sdk::CapacityProviderStrategyItem::builder()
            .capacity_provider(p)
            .base(base)
            .weight(weight)
            .build()
            .expect("provider is set")
    }

    #[test]
    fn full_cluster() {
        let c = sdk::Cluster::builder()
            .cluster_arn("arn:aws:ecs:eu-west-1:123456789012:cluster/prod")
            .cluster_name("prod")
            .status("ACTIVE")
            .active_services_count(3)
            .running_tasks_count(7)
            .pending_tasks_count(1)
            .registered_container_instances_count(2)
            .capacity_providers("FARGATE")
            .capacity_providers("FARGATE_SPOT")
            .default_capacity_provider_strategy(item("FARGATE", 1, 1))
            .default_capacity_provider_strategy(item("FARGATE_SPOT", 0, 4))
            .settings(
                sdk::ClusterSetting::builder()
                    .name(sdk::ClusterSettingName::ContainerInsights)
                    .value("ENHANCED")
                    .build(),
            )
            .statistics(sdk::KeyValuePair::builder().name("runningFargateTasksCount").value("7").build())
            .configuration(
                sdk::ClusterConfiguration::builder()
                    .execute_command_configuration(
                        sdk::ExecuteCommandConfiguration::builder()
                            .kms_key_id("arn:aws:kms:eu-west-1:123456789012:key/k")
                            .logging(sdk::ExecuteCommandLogging::Override)
                            .log_configuration(
                                sdk::ExecuteCommandLogConfiguration::builder()
                                    .cloud_watch_log_group_name("/ecs/exec-audit")
                                    .cloud_watch_encryption_enabled(true)
                                    .s3_bucket_name("audit")
                                    .s3_key_prefix("exec")
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .tags(sdk::Tag::builder().key("env").value("prod").build())
            .build();
        let m = cluster(&c);
        assert_eq!(m.name, "prod");
        assert_eq!((m.active_services, m.running_tasks, m.pending_tasks, m.registered_instances), (3, 7, 1, 2));
        assert_eq!(m.capacity_providers, vec!["FARGATE", "FARGATE_SPOT"]);
        assert_eq!(m.default_strategy.short(), "FARGATE b1 w1 · SPOT w4");
        assert_eq!(m.container_insights.as_deref(), Some("enhanced"));
        assert_eq!(m.exec.audit_label(), "OVERRIDE → cw:/ecs/exec-audit s3:audit/exec +kms");
        assert!(m.exec.cloudwatch_encryption && !m.exec.s3_encryption);
        assert_eq!(m.tags.get("env").map(String::as_str), Some("prod"));
    }

    #[test]
    fn bare_cluster_defaults() {
        let c = sdk::Cluster::builder().cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/dev").build();
        let m = cluster(&c);
        assert_eq!(m.name, "dev");
        assert_eq!(m.status, "UNKNOWN");
        assert_eq!(m.exec, ExecConfig::default());
        assert_eq!(m.exec.logging, ExecLogging::Default);
        assert_eq!(m.container_insights, None);
        assert!(m.default_strategy.is_empty() && m.tags.is_empty());
    }

    #[test]
    fn exec_logging_none_and_empty_strings() {
        let cfg = sdk::ExecuteCommandConfiguration::builder()
            .logging(sdk::ExecuteCommandLogging::None)
            .kms_key_id("")
            .log_configuration(sdk::ExecuteCommandLogConfiguration::builder().s3_bucket_name("").build())
            .build();
        let e = exec_config(Some(&cfg));
        assert_eq!(e.logging, ExecLogging::None);
        assert_eq!((e.kms_key_id, e.s3_bucket), (None, None));
    }
}
