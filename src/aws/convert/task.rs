//! DescribeTasks output → [`Task`] with its containers.
use super::{owned, time};
use crate::model::{Container, ManagedAgent, NetworkBinding, Task};
use aws_sdk_ecs::types as sdk;

pub fn task(t: &sdk::Task) -> Task {
    Task {
        arn: t.task_arn().unwrap_or_default().to_string(),
        cluster_arn: t.cluster_arn().unwrap_or_default().to_string(),
        task_definition: t.task_definition_arn().unwrap_or_default().to_string(),
        group: owned(t.group()),
        started_by: owned(t.started_by()),
        last_status: t.last_status().unwrap_or("UNKNOWN").to_string(),
        desired_status: t.desired_status().unwrap_or("UNKNOWN").to_string(),
        health: t.health_status().map(|h| h.as_str().to_string()),
        launch_type: t.launch_type().map(|l| l.as_str().to_string()),
        capacity_provider: owned(t.capacity_provider_name()),
        availability_zone: owned(t.availability_zone()),
        platform_version: owned(t.platform_version()),
        cpu: owned(t.cpu()),
        memory: owned(t.memory()),
        enable_execute_command: t.enable_execute_command(),
        container_instance_arn: owned(t.container_instance_arn()),
        created_at: time(t.created_at()),
        started_at: time(t.started_at()),
        stopping_at: time(t.stopping_at()),
        stopped_at: time(t.stopped_at()),
        stopped_reason: owned(t.stopped_reason()),
        stop_code: t.stop_code().map(|c| c.as_str().to_string()),
        containers: t.containers().iter().map(container).collect(),
        private_ip: private_ip(t),
    }
}

fn container(c: &sdk::Container) -> Container {
    Container {
        name: c.name().unwrap_or_default().to_string(),
        arn: owned(c.container_arn()),
        image: owned(c.image()),
        last_status: owned(c.last_status()),
        exit_code: c.exit_code(),
        reason: owned(c.reason()),
        health: c.health_status().map(|h| h.as_str().to_string()),
        runtime_id: owned(c.runtime_id()),
        cpu: owned(c.cpu()),
        memory: owned(c.memory()),
        managed_agents: c
            .managed_agents()
            .iter()
            .map(|a| ManagedAgent {
                name: a.name().map(|n| n.as_str().to_string()).unwrap_or_default(),
                last_status: owned(a.last_status()),
                reason: owned(a.reason()),
            })
            .collect(),
        network_bindings: c
            .network_bindings()
            .iter()
            .map(|b| NetworkBinding { container_port: b.container_port(), host_port: b.host_port() })
            .collect(),
    }
}

/// The task's ENI address: the `privateIPv4Address` detail of its `ElasticNetworkInterface`
/// attachment (awsvpc); none for other network modes.
fn private_ip(t: &sdk::Task) -> Option<String> {
    t.attachments()
        .iter()
        .filter(|a| a.r#type() == Some("ElasticNetworkInterface"))
        .flat_map(|a| a.details())
        .find(|d| d.name() == Some("privateIPv4Address"))
        .and_then(|d| d.value())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::DateTime;

    #[test]
    fn stopped_spot_task() {
        let t = sdk::Task::builder()
            .task_arn("arn:aws:ecs:eu-west-1:1:task/prod/0f13abcd1234")
            .cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/prod")
            .task_definition_arn("arn:aws:ecs:eu-west-1:1:task-definition/api:42")
            .group("service:api")
            .last_status("STOPPED")
            .desired_status("STOPPED")
            .health_status(sdk::HealthStatus::Unhealthy)
            .capacity_provider_name("FARGATE_SPOT")
            .availability_zone("eu-west-1b")
            .enable_execute_command(true)
            .created_at(DateTime::from_secs(1_700_000_000))
            .started_at(DateTime::from_secs(1_700_000_060))
            .stopping_at(DateTime::from_secs(1_700_000_600))
            .stopped_at(DateTime::from_secs(1_700_000_660))
            .stopped_reason("Your Spot Task was interrupted.")
            .stop_code(sdk::TaskStopCode::SpotInterruption)
            .containers(
                sdk::Container::builder()
                    .name("app")
                    .image("123.dkr.ecr.eu-west-1.amazonaws.com/api:1.2.3")
                    .runtime_id("0f13abcd1234-1234567890")
                    .last_status("STOPPED")
                    .exit_code(137)
                    .reason("OutOfMemoryError: Container killed due to memory usage")
                    .health_status(sdk::HealthStatus::Unhealthy)
                    .managed_agents(
                        sdk::ManagedAgent::builder()
                            .name(sdk::ManagedAgentName::ExecuteCommandAgent)
                            .last_status("STOPPED")
                            .build(),
                    )
                    .build(),
            )
            .build();
        let m = task(&t);
        assert_eq!(m.service_name(), Some("api"));
        assert_eq!(m.cluster_name(), "prod");
        assert_eq!(m.health.as_deref(), Some("UNHEALTHY"));
        assert_eq!(m.capacity_provider.as_deref(), Some("FARGATE_SPOT"));
        assert_eq!(m.availability_zone.as_deref(), Some("eu-west-1b"));
        assert_eq!(m.stop_code.as_deref(), Some("SpotInterruption"));
        assert_eq!(m.stopped_reason.as_deref(), Some("Your Spot Task was interrupted."));
        assert_eq!(m.started_at.map(|x| x.timestamp()), Some(1_700_000_060));
        assert_eq!(m.stopped_at.map(|x| x.timestamp()), Some(1_700_000_660));
        let c = &m.containers[0];
        assert_eq!(c.exit_code, Some(137));
        assert_eq!(c.runtime_id.as_deref(), Some("0f13abcd1234-1234567890"));
        assert_eq!(c.health.as_deref(), Some("UNHEALTHY"));
        assert_eq!(c.exec_agent_status(), Some("STOPPED"));
    }

    #[test]
    fn bare_task() {
        let m = task(&sdk::Task::builder().task_arn("arn:aws:ecs:eu-west-1:1:task/dev/abc").build());
        assert_eq!(m.last_status, "UNKNOWN");
        assert!(m.containers.is_empty() && m.group.is_none() && m.created_at.is_none());
    }

    #[test]
    fn the_eni_address_and_host_ports_a_load_balancer_registers() {
        let eni = sdk::Attachment::builder()
            .r#type("ElasticNetworkInterface")
            .details(sdk::KeyValuePair::builder().name("subnetId").value("subnet-1").build())
            .details(sdk::KeyValuePair::builder().name("privateIPv4Address").value("10.0.1.23").build())
            .build();
        let binding = sdk::NetworkBinding::builder().container_port(8080).host_port(32768).build();
        let t = sdk::Task::builder()
            .task_arn("arn:aws:ecs:eu-west-1:1:task/prod/abc")
            .attachments(eni)
            .containers(sdk::Container::builder().name("web").network_bindings(binding).build())
            .build();
        let m = task(&t);
        assert_eq!(m.private_ip.as_deref(), Some("10.0.1.23"));
        let b = m.containers[0].network_bindings[0];
        assert_eq!((b.container_port, b.host_port), (Some(8080), Some(32768)));
    }
}
