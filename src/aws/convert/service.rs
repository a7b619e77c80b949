//! DescribeServices output → [`Service`] with its deployments and events.
use super::{owned, strategy, tags, time};
use crate::model::{
    AwsVpc, CircuitBreaker, ClientAlias, Deployment, DeploymentAlarms, LoadBalancer, Service, ServiceConnect,
    ServiceConnectService, ServiceEvent, arn_name,
};
use aws_sdk_ecs::types as sdk;

pub fn service(s: &sdk::Service) -> Service {
    let arn = s.service_arn().unwrap_or_default().to_string();
    let name = s.service_name().map(str::to_string).unwrap_or_else(|| arn_name(&arn).to_string());
    let deployments: Vec<Deployment> = s.deployments().iter().map(deployment).collect();
    // Services under CODE_DEPLOY or EXTERNAL controllers may have no service-level task
    // definition; the primary deployment's is the one that runs.
    let task_definition = s
        .task_definition()
        .map(str::to_string)
        .or_else(|| deployments.iter().find(|d| d.status == "PRIMARY").map(|d| d.task_definition.clone()))
        .unwrap_or_default();
    Service {
        name,
        arn,
        cluster_arn: s.cluster_arn().unwrap_or_default().to_string(),
        status: s.status().unwrap_or("UNKNOWN").to_string(),
        desired: s.desired_count(),
        running: s.running_count(),
        pending: s.pending_count(),
        launch_type: s.launch_type().map(|l| l.as_str().to_string()),
        strategy: strategy(s.capacity_provider_strategy()),
        task_definition,
        controller: s.deployment_controller().map(|c| c.r#type().as_str().to_string()).unwrap_or_else(|| "ECS".into()),
        scheduling: s.scheduling_strategy().map(|x| x.as_str().to_string()).unwrap_or_else(|| "REPLICA".into()),
        platform_version: owned(s.platform_version()),
        enable_execute_command: s.enable_execute_command(),
        circuit_breaker: s
            .deployment_configuration()
            .and_then(|d| d.deployment_circuit_breaker())
            .map(|cb| CircuitBreaker { enable: cb.enable(), rollback: cb.rollback() }),
        min_healthy_percent: s.deployment_configuration().and_then(|d| d.minimum_healthy_percent()),
        max_percent: s.deployment_configuration().and_then(|d| d.maximum_percent()),
        alarms: s.deployment_configuration().and_then(|d| d.alarms()).map(|a| DeploymentAlarms {
            alarm_names: a.alarm_names().to_vec(),
            enable: a.enable(),
            rollback: a.rollback(),
        }),
        network: network(s.network_configuration()),
        // ECS reports Service Connect per deployment: what runs is the primary's.
        service_connect: s
            .deployments()
            .iter()
            .find(|d| d.status() == Some("PRIMARY"))
            .and_then(|d| d.service_connect_configuration())
            .map(service_connect),
        created_at: time(s.created_at()),
        deployments,
        load_balancers: load_balancers(s.load_balancers()),
        service_registries: registries(s.service_registries()),
        events: s
            .events()
            .iter()
            .map(|e| ServiceEvent {
                id: e.id().unwrap_or_default().to_string(),
                created_at: time(e.created_at()),
                message: e.message().unwrap_or_default().to_string(),
            })
            .collect(),
        tags: tags(s.tags()),
    }
}

/// The load balancers a service (or a revision of it) is registered with.
pub(super) fn load_balancers(lbs: &[sdk::LoadBalancer]) -> Vec<LoadBalancer> {
    lbs.iter()
        .map(|lb| LoadBalancer {
            target_group_arn: owned(lb.target_group_arn()),
            container_name: owned(lb.container_name()),
            container_port: lb.container_port(),
        })
        .collect()
}

/// The Cloud Map registries' ARNs.
pub(super) fn registries(registries: &[sdk::ServiceRegistry]) -> Vec<String> {
    registries.iter().filter_map(|r| owned(r.registry_arn())).collect()
}

/// The awsvpc network, when there is one.
pub(super) fn network(n: Option<&sdk::NetworkConfiguration>) -> Option<AwsVpc> {
    n.and_then(|n| n.awsvpc_configuration()).map(|v| AwsVpc {
        subnets: v.subnets().to_vec(),
        security_groups: v.security_groups().to_vec(),
        assign_public_ip: v.assign_public_ip().map(|p| p.as_str().to_string()),
    })
}

fn service_connect(c: &sdk::ServiceConnectConfiguration) -> ServiceConnect {
    ServiceConnect {
        enabled: c.enabled(),
        namespace: owned(c.namespace()),
        services: c
            .services()
            .iter()
            .map(|s| ServiceConnectService {
                port_name: s.port_name().to_string(),
                discovery_name: owned(s.discovery_name()),
                client_aliases: s
                    .client_aliases()
                    .iter()
                    .map(|a| ClientAlias { port: a.port(), dns_name: owned(a.dns_name()) })
                    .collect(),
            })
            .collect(),
    }
}

fn deployment(d: &sdk::Deployment) -> Deployment {
    Deployment {
        id: d.id().unwrap_or_default().to_string(),
        status: d.status().unwrap_or("UNKNOWN").to_string(),
        task_definition: d.task_definition().unwrap_or_default().to_string(),
        desired: d.desired_count(),
        running: d.running_count(),
        pending: d.pending_count(),
        failed: d.failed_tasks(),
        rollout_state: d.rollout_state().map(|r| r.as_str().to_string()),
        rollout_reason: owned(d.rollout_state_reason()),
        launch_type: d.launch_type().map(|l| l.as_str().to_string()),
        strategy: strategy(d.capacity_provider_strategy()),
        created_at: time(d.created_at()),
        updated_at: time(d.updated_at()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_smithy_types::DateTime;

    #[test]
    fn full_service() {
        let spot = sdk::CapacityProviderStrategyItem::builder()
            .capacity_provider("FARGATE_SPOT")
            .weight(1)
            .build()
            .expect("provider is set");
        let s = sdk::Service::builder()
            .service_arn("arn:aws:ecs:eu-west-1:1:service/prod/api")
            .service_name("api")
            .cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/prod")
            .status("ACTIVE")
            .desired_count(4)
            .running_count(2)
            .pending_count(1)
            .capacity_provider_strategy(spot.clone())
            .task_definition("arn:aws:ecs:eu-west-1:1:task-definition/api:42")
            .scheduling_strategy(sdk::SchedulingStrategy::Replica)
            .enable_execute_command(true)
            .created_at(DateTime::from_secs(1_700_000_000))
            .deployment_configuration(
                sdk::DeploymentConfiguration::builder()
                    .deployment_circuit_breaker(
                        sdk::DeploymentCircuitBreaker::builder().enable(true).rollback(true).build(),
                    )
                    .alarms(
                        sdk::DeploymentAlarms::builder()
                            .alarm_names("api-5xx")
                            .enable(true)
                            .rollback(false)
                            .build()
                            .expect("fields are set"),
                    )
                    .build(),
            )
            .network_configuration(
                sdk::NetworkConfiguration::builder()
                    .awsvpc_configuration(
                        sdk::AwsVpcConfiguration::builder()
                            .subnets("subnet-1")
                            .security_groups("sg-1")
                            .assign_public_ip(sdk::AssignPublicIp::Disabled)
                            .build()
                            .expect("subnets are set"),
                    )
                    .build(),
            )
            .deployments(
                sdk::Deployment::builder()
                    .id("ecs-svc/1")
                    .status("PRIMARY")
                    .task_definition("arn:aws:ecs:eu-west-1:1:task-definition/api:42")
                    .desired_count(4)
                    .running_count(2)
                    .pending_count(1)
                    .failed_tasks(3)
                    .rollout_state(sdk::DeploymentRolloutState::Failed)
                    .rollout_state_reason("ECS deployment circuit breaker: tasks failed to start.")
                    .capacity_provider_strategy(spot)
                    .service_connect_configuration(
                        sdk::ServiceConnectConfiguration::builder()
                            .enabled(true)
                            .namespace("prod.local")
                            .services(
                                sdk::ServiceConnectService::builder()
                                    .port_name("http")
                                    .discovery_name("api")
                                    .client_aliases(
                                        sdk::ServiceConnectClientAlias::builder()
                                            .port(80)
                                            .dns_name("api.prod.local")
                                            .build()
                                            .expect("port is set"),
                                    )
                                    .build()
                                    .expect("port name is set"),
                            )
                            .build(),
                    )
                    .created_at(DateTime::from_secs(1_700_000_100))
                    .updated_at(DateTime::from_secs(1_700_000_200))
                    .build(),
            )
            .load_balancers(
                sdk::LoadBalancer::builder()
                    .target_group_arn("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api/abc")
                    .container_name("app")
                    .container_port(8080)
                    .build(),
            )
            .service_registries(
                sdk::ServiceRegistry::builder()
                    .registry_arn("arn:aws:servicediscovery:eu-west-1:1:service/srv-1")
                    .build(),
            )
            .events(
                sdk::ServiceEvent::builder()
                    .id("e1")
                    .created_at(DateTime::from_secs(1_700_000_300))
                    .message("(service api) rolling back to deployment ecs-svc/0.")
                    .build(),
            )
            .tags(sdk::Tag::builder().key("team").value("core").build())
            .build();
        let m = service(&s);
        assert_eq!((m.name.as_str(), m.desired, m.running, m.pending), ("api", 4, 2, 1));
        assert_eq!(m.controller, "ECS");
        assert_eq!(m.scheduling, "REPLICA");
        assert_eq!(m.placement_short(), "FARGATE_SPOT w1");
        assert_eq!(m.task_definition_short(), "api:42");
        assert_eq!(m.circuit_breaker, Some(CircuitBreaker { enable: true, rollback: true }));
        assert!(m.enable_execute_command && m.rollout_failed() && m.is_degraded());
        let d = m.primary().expect("primary deployment");
        assert_eq!(d.failed, 3);
        assert_eq!(d.rollout_state.as_deref(), Some("FAILED"));
        assert!(d.rollout_reason.as_deref().is_some_and(|r| r.contains("circuit breaker")));
        assert_eq!(m.last_deployment_at().map(|t| t.timestamp()), Some(1_700_000_200));
        assert_eq!(m.load_balancers[0].container_port, Some(8080));
        assert_eq!(m.service_registries, vec!["arn:aws:servicediscovery:eu-west-1:1:service/srv-1"]);
        assert_eq!(m.events[0].created_at.map(|t| t.timestamp()), Some(1_700_000_300));
        assert_eq!(m.tags.get("team").map(String::as_str), Some("core"));
        let alarms = m.alarms.as_ref().expect("alarms");
        assert_eq!(
            (alarms.alarm_names.as_slice(), alarms.enable, alarms.rollback),
            (&["api-5xx".to_string()][..], true, false)
        );
        let net = m.network.as_ref().expect("awsvpc");
        assert_eq!((net.subnets.len(), net.security_groups[0].as_str()), (1, "sg-1"));
        assert_eq!(net.assign_public_ip.as_deref(), Some("DISABLED"));
        let sc = m.service_connect.as_ref().expect("service connect");
        assert_eq!(sc.services[0].client_aliases[0].dns_name.as_deref(), Some("api.prod.local"));
    }

    #[test]
    fn code_deploy_service_takes_the_primary_task_definition() {
        let s = sdk::Service::builder()
            .service_arn("arn:aws:ecs:eu-west-1:1:service/prod/web")
            .launch_type(sdk::LaunchType::Fargate)
            .deployment_controller(
                sdk::DeploymentController::builder()
                    .r#type(sdk::DeploymentControllerType::CodeDeploy)
                    .build()
                    .expect("type is set"),
            )
            .deployments(
                sdk::Deployment::builder()
                    .status("PRIMARY")
                    .task_definition("arn:aws:ecs:eu-west-1:1:task-definition/web:7")
                    .build(),
            )
            .build();
        let m = service(&s);
        assert_eq!(m.name, "web");
        assert_eq!(m.controller, "CODE_DEPLOY");
        assert_eq!(m.placement_short(), "FARGATE");
        assert_eq!(m.task_definition_short(), "web:7");
        assert_eq!(m.circuit_breaker, None);
        assert_eq!(m.primary().and_then(|d| d.rollout_state.clone()), None);
    }
}
