//! Service revisions (DescribeServiceRevisions) → [`ServiceRevision`].
use super::service::{load_balancers, network, registries};
use super::{owned, strategy, time};
use crate::model::{ContainerImage, ServiceRevision};
use aws_sdk_ecs::types as sdk;

/// A service revision; a container image without a name or image is kept with what it has
/// (ECS always sends both), so nothing the API said is dropped.
pub fn service_revision(r: &sdk::ServiceRevision) -> ServiceRevision {
    ServiceRevision {
        arn: r.service_revision_arn().unwrap_or_default().to_string(),
        service_arn: r.service_arn().unwrap_or_default().to_string(),
        cluster_arn: r.cluster_arn().unwrap_or_default().to_string(),
        task_definition: r.task_definition().unwrap_or_default().to_string(),
        strategy: strategy(r.capacity_provider_strategy()),
        launch_type: r.launch_type().map(|l| l.as_str().to_string()),
        platform_version: owned(r.platform_version()),
        platform_family: owned(r.platform_family()),
        load_balancers: load_balancers(r.load_balancers()),
        service_registries: registries(r.service_registries()),
        network: network(r.network_configuration()),
        container_images: r
            .container_images()
            .iter()
            .map(|c| ContainerImage {
                container_name: c.container_name().unwrap_or_default().to_string(),
                image: c.image().unwrap_or_default().to_string(),
                image_digest: owned(c.image_digest()),
            })
            .collect(),
        guard_duty_enabled: r.guard_duty_enabled(),
        service_connect: r
            .service_connect_configuration()
            .filter(|sc| sc.enabled())
            .map(|sc| sc.namespace().unwrap_or_default().to_string()),
        created_at: time(r.created_at()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_revision_keeps_its_definition_placement_images_and_wiring() {
        let vpc = sdk::AwsVpcConfiguration::builder()
            .subnets("subnet-a")
            .security_groups("sg-1")
            .assign_public_ip(sdk::AssignPublicIp::Disabled)
            .build()
            .expect("subnets are set");
        let r = sdk::ServiceRevision::builder()
            .service_revision_arn("arn:aws:ecs:eu-west-1:1:service-revision/prod/api/4980306466373577095")
            .service_arn("arn:aws:ecs:eu-west-1:1:service/prod/api")
            .cluster_arn("arn:aws:ecs:eu-west-1:1:cluster/prod")
            .task_definition("arn:aws:ecs:eu-west-1:1:task-definition/prod-api:42")
            .capacity_provider_strategy(
                sdk::CapacityProviderStrategyItem::builder()
                    .capacity_provider("FARGATE_SPOT")
                    .weight(1)
                    .build()
                    .expect("provider is set"),
            )
            .platform_version("1.4.0")
            .load_balancers(
                sdk::LoadBalancer::builder()
                    .target_group_arn("arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/prod-api/0123")
                    .container_name("api")
                    .container_port(8080)
                    .build(),
            )
            .service_registries(sdk::ServiceRegistry::builder().registry_arn("arn:aws:servicediscovery:x").build())
            .network_configuration(sdk::NetworkConfiguration::builder().awsvpc_configuration(vpc).build())
            .container_images(
                sdk::ContainerImage::builder()
                    .container_name("api")
                    .image("123.dkr.ecr.eu-west-1.amazonaws.com/api:1.42.0")
                    .image_digest("sha256:abc")
                    .build(),
            )
            .container_images(sdk::ContainerImage::builder().container_name("envoy").image("envoy:v1").build())
            .service_connect_configuration(
                sdk::ServiceConnectConfiguration::builder().enabled(true).namespace("prod.local").build(),
            )
            .created_at(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .build();
        let m = service_revision(&r);
        assert_eq!(m.task_definition_short(), "prod-api:42");
        assert_eq!(m.placement_short(), "FARGATE_SPOT w1");
        assert_eq!(m.launch_type, None);
        assert_eq!(m.platform_version.as_deref(), Some("1.4.0"));
        assert_eq!(m.load_balancers[0].container_port, Some(8080));
        assert_eq!(m.service_registries, ["arn:aws:servicediscovery:x"]);
        assert_eq!(m.network.as_ref().map(|n| n.subnets.clone()), Some(vec!["subnet-a".to_string()]));
        assert_eq!(m.service_connect.as_deref(), Some("prod.local"));
        let images: Vec<(&str, Option<&str>)> =
            m.container_images.iter().map(|c| (c.container_name.as_str(), c.image_digest.as_deref())).collect();
        assert_eq!(images, [("api", Some("sha256:abc")), ("envoy", None)]);
        assert_eq!(m.created_at.map(|t| t.timestamp()), Some(1_700_000_000));

        // A launch type, and nothing else reported.
        let bare = sdk::ServiceRevision::builder().launch_type(sdk::LaunchType::Fargate).build();
        let m = service_revision(&bare);
        assert_eq!((m.placement_short(), m.container_images.len()), ("FARGATE".to_string(), 0));
        assert_eq!(m.service_connect, None);
    }
}
