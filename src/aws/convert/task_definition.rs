//! DescribeTaskDefinition output → [`TaskDefinition`]: the fields the console shows and diffs.
use super::{owned, time};
use crate::model::{
    ContainerDefinition, ContainerDependency, EnvironmentVariable, FirelensConfiguration, HealthCheck, LinuxParameters,
    LogConfiguration, PortMapping, RuntimePlatform, Secret, TaskDefinition,
};
use aws_sdk_ecs::types as sdk;

pub fn task_definition(t: &sdk::TaskDefinition) -> TaskDefinition {
    TaskDefinition {
        arn: t.task_definition_arn().unwrap_or_default().to_string(),
        family: t.family().unwrap_or_default().to_string(),
        revision: t.revision(),
        status: t.status().map(|s| s.as_str().to_string()),
        cpu: owned(t.cpu()),
        memory: owned(t.memory()),
        network_mode: t.network_mode().map(|m| m.as_str().to_string()),
        requires_compatibilities: t.requires_compatibilities().iter().map(|c| c.as_str().to_string()).collect(),
        runtime_platform: t.runtime_platform().map(|p| RuntimePlatform {
            cpu_architecture: p.cpu_architecture().map(|a| a.as_str().to_string()),
            operating_system_family: p.operating_system_family().map(|o| o.as_str().to_string()),
        }),
        task_role_arn: owned(t.task_role_arn()),
        execution_role_arn: owned(t.execution_role_arn()),
        container_definitions: t.container_definitions().iter().map(container).collect(),
        registered_at: time(t.registered_at()),
    }
}

fn container(c: &sdk::ContainerDefinition) -> ContainerDefinition {
    ContainerDefinition {
        name: c.name().unwrap_or_default().to_string(),
        image: c.image().unwrap_or_default().to_string(),
        cpu: c.cpu(),
        memory: c.memory(),
        memory_reservation: c.memory_reservation(),
        // AWS: a container is essential unless it says otherwise.
        essential: c.essential().unwrap_or(true),
        port_mappings: c
            .port_mappings()
            .iter()
            .map(|p| PortMapping {
                container_port: p.container_port(),
                host_port: p.host_port(),
                protocol: p.protocol().map(|x| x.as_str().to_string()),
                name: owned(p.name()),
            })
            .collect(),
        health_check: c.health_check().map(|h| HealthCheck {
            command: h.command().to_vec(),
            interval: h.interval(),
            timeout: h.timeout(),
            retries: h.retries(),
            start_period: h.start_period(),
        }),
        log_configuration: c.log_configuration().map(|l| LogConfiguration {
            log_driver: l.log_driver().as_str().to_string(),
            options: l.options().map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default(),
        }),
        environment: c
            .environment()
            .iter()
            .filter_map(|kv| {
                Some(EnvironmentVariable { name: kv.name()?.to_string(), value: kv.value().unwrap_or_default().into() })
            })
            .collect(),
        secrets: c
            .secrets()
            .iter()
            .map(|s| Secret { name: s.name().to_string(), value_from: s.value_from().to_string() })
            .collect(),
        linux_parameters: c
            .linux_parameters()
            .map(|l| LinuxParameters { init_process_enabled: l.init_process_enabled() }),
        readonly_root_filesystem: c.readonly_root_filesystem(),
        depends_on: c
            .depends_on()
            .iter()
            .map(|d| ContainerDependency {
                container_name: d.container_name().to_string(),
                condition: d.condition().as_str().to_string(),
            })
            .collect(),
        firelens_configuration: c.firelens_configuration().map(|f| FirelensConfiguration {
            kind: f.r#type().as_str().to_string(),
            options: f.options().map(|o| o.iter().map(|(k, v)| (k.clone(), v.clone())).collect()).unwrap_or_default(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fargate_definition_with_secrets_logs_and_a_health_check() {
        let app = sdk::ContainerDefinition::builder()
            .name("api")
            .image("123.dkr.ecr.eu-west-1.amazonaws.com/api:1.42.0")
            .cpu(896)
            .memory_reservation(1536)
            .port_mappings(
                sdk::PortMapping::builder()
                    .container_port(8080)
                    .host_port(8080)
                    .protocol(sdk::TransportProtocol::Tcp)
                    .name("http")
                    .build(),
            )
            .health_check(
                sdk::HealthCheck::builder()
                    .command("CMD-SHELL")
                    .command("curl -f http://localhost:8080/health || exit 1")
                    .interval(30)
                    .timeout(5)
                    .retries(3)
                    .start_period(60)
                    .build()
                    .expect("valid"),
            )
            .log_configuration(
                sdk::LogConfiguration::builder()
                    .log_driver(sdk::LogDriver::Awslogs)
                    .options("awslogs-group", "/ecs/prod/api")
                    .options("awslogs-region", "eu-west-1")
                    .options("awslogs-stream-prefix", "ecs")
                    .build()
                    .expect("valid"),
            )
            .environment(sdk::KeyValuePair::builder().name("LOG_LEVEL").value("info").build())
            .environment(sdk::KeyValuePair::builder().value("nameless").build())
            .secrets(
                sdk::Secret::builder()
                    .name("DATABASE_URL")
                    .value_from("arn:aws:secretsmanager:eu-west-1:1:secret:prod/api/db-AbCdEf")
                    .build()
                    .expect("valid"),
            )
            .linux_parameters(sdk::LinuxParameters::builder().init_process_enabled(true).build())
            .readonly_root_filesystem(true)
            .depends_on(
                sdk::ContainerDependency::builder()
                    .container_name("envoy")
                    .condition(sdk::ContainerCondition::Healthy)
                    .build()
                    .expect("valid"),
            )
            .build();
        let td = sdk::TaskDefinition::builder()
            .task_definition_arn("arn:aws:ecs:eu-west-1:1:task-definition/prod-api:42")
            .family("prod-api")
            .revision(42)
            .status(sdk::TaskDefinitionStatus::Active)
            .cpu("1024")
            .memory("2048")
            .network_mode(sdk::NetworkMode::Awsvpc)
            .requires_compatibilities(sdk::Compatibility::Fargate)
            .runtime_platform(
                sdk::RuntimePlatform::builder()
                    .cpu_architecture(sdk::CpuArchitecture::Arm64)
                    .operating_system_family(sdk::OsFamily::Linux)
                    .build(),
            )
            .task_role_arn("arn:aws:iam::1:role/prod-api-task")
            .execution_role_arn("arn:aws:iam::1:role/ecsTaskExecutionRole")
            .container_definitions(app)
            .container_definitions(sdk::ContainerDefinition::builder().name("envoy").image("envoy").build())
            .container_definitions(
                sdk::ContainerDefinition::builder()
                    .name("log_router")
                    .image("fluent-bit")
                    .firelens_configuration(
                        sdk::FirelensConfiguration::builder()
                            .r#type(sdk::FirelensConfigurationType::Fluentbit)
                            .options("enable-ecs-log-metadata", "true")
                            .build()
                            .expect("valid"),
                    )
                    .build(),
            )
            .build();
        let m = task_definition(&td);
        assert_eq!((m.family_revision(), m.status.as_deref()), ("prod-api:42".to_string(), Some("ACTIVE")));
        assert_eq!(
            (m.cpu.as_deref(), m.memory.as_deref(), m.network_mode.as_deref()),
            (Some("1024"), Some("2048"), Some("awsvpc"))
        );
        assert_eq!(m.requires_compatibilities, ["FARGATE"]);
        let p = m.runtime_platform.clone().expect("platform");
        assert_eq!(
            (p.cpu_architecture.as_deref(), p.operating_system_family.as_deref()),
            (Some("ARM64"), Some("LINUX"))
        );
        let c = &m.container_definitions[0];
        assert_eq!((c.cpu, c.memory, c.memory_reservation, c.essential), (896, None, Some(1536), true));
        assert_eq!(c.port_mappings[0].protocol.as_deref(), Some("tcp"));
        assert_eq!(c.port_mappings[0].name.as_deref(), Some("http"));
        let h = c.health_check.clone().expect("health check");
        assert_eq!((h.interval, h.timeout, h.retries, h.start_period), (Some(30), Some(5), Some(3), Some(60)));
        assert_eq!(m.awslogs("api").map(|l| l.group), Some("/ecs/prod/api".to_string()));
        assert_eq!(c.environment, [EnvironmentVariable { name: "LOG_LEVEL".into(), value: "info".into() }]);
        assert_eq!(c.secrets[0].value_from, "arn:aws:secretsmanager:eu-west-1:1:secret:prod/api/db-AbCdEf");
        assert_eq!(c.linux_parameters.as_ref().and_then(|l| l.init_process_enabled), Some(true));
        assert_eq!(c.readonly_root_filesystem, Some(true));
        assert_eq!(c.depends_on[0].condition, "HEALTHY");
        let bare = &m.container_definitions[1];
        assert!(bare.essential && bare.health_check.is_none() && bare.log_configuration.is_none());
        assert_eq!(bare.firelens_configuration, None);
        let router = m.container_definitions[2].firelens_configuration.clone().expect("the log router's");
        assert_eq!(router.kind, "fluentbit");
        assert_eq!(router.options.get("enable-ecs-log-metadata").map(String::as_str), Some("true"));
    }
}
