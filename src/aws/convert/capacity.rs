//! DescribeCapacityProviders and DescribeContainerInstances output → [`CapacityProvider`] and
//! [`ContainerInstance`].
use super::{owned, time};
use crate::model::{AsgProvider, CapacityProvider, ContainerInstance, ManagedScaling};
use aws_sdk_ecs::types as sdk;

pub fn capacity_provider(p: &sdk::CapacityProvider) -> CapacityProvider {
    CapacityProvider {
        name: p.name().unwrap_or_default().to_string(),
        arn: owned(p.capacity_provider_arn()),
        status: p.status().map(|s| s.as_str().to_string()).unwrap_or_else(|| "UNKNOWN".into()),
        update_status: p.update_status().map(|s| s.as_str().to_string()),
        update_status_reason: owned(p.update_status_reason()),
        auto_scaling_group: p.auto_scaling_group_provider().map(|a| AsgProvider {
            arn: a.auto_scaling_group_arn().to_string(),
            managed_scaling: a.managed_scaling().map(|m| ManagedScaling {
                status: m.status().map(|s| s.as_str().to_string()),
                target_capacity: m.target_capacity(),
                min_step: m.minimum_scaling_step_size(),
                max_step: m.maximum_scaling_step_size(),
                instance_warmup: m.instance_warmup_period(),
            }),
            managed_termination_protection: a.managed_termination_protection().map(|t| t.as_str().to_string()),
            managed_draining: a.managed_draining().map(|d| d.as_str().to_string()),
        }),
    }
}

pub fn container_instance(c: &sdk::ContainerInstance) -> ContainerInstance {
    let attribute = |name: &str| c.attributes().iter().find(|a| a.name() == name).and_then(|a| owned(a.value()));
    let resource = |list: &[sdk::Resource], name: &str| {
        // CPU and MEMORY are INTEGER resources; anything else (PORTS, GPU) is not asked for here.
        list.iter().find(|r| r.name() == Some(name)).map(|r| r.integer_value())
    };
    ContainerInstance {
        arn: c.container_instance_arn().unwrap_or_default().to_string(),
        ec2_instance_id: owned(c.ec2_instance_id()),
        status: c.status().unwrap_or("UNKNOWN").to_string(),
        status_reason: owned(c.status_reason()),
        agent_connected: c.agent_connected(),
        agent_version: c.version_info().and_then(|v| owned(v.agent_version())),
        instance_type: attribute("ecs.instance-type"),
        availability_zone: attribute("ecs.availability-zone"),
        capacity_provider_name: owned(c.capacity_provider_name()),
        running_tasks: c.running_tasks_count(),
        pending_tasks: c.pending_tasks_count(),
        registered_cpu: resource(c.registered_resources(), "CPU"),
        registered_memory: resource(c.registered_resources(), "MEMORY"),
        remaining_cpu: resource(c.remaining_resources(), "CPU"),
        remaining_memory: resource(c.remaining_resources(), "MEMORY"),
        registered_at: time(c.registered_at()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_asg_provider_with_managed_scaling() {
        let p = sdk::CapacityProvider::builder()
            .name("batch-spot")
            .capacity_provider_arn("arn:aws:ecs:eu-west-1:1:capacity-provider/batch-spot")
            .status(sdk::CapacityProviderStatus::Active)
            .update_status(sdk::CapacityProviderUpdateStatus::UpdateFailed)
            .update_status_reason("The Auto Scaling group is being deleted.")
            .auto_scaling_group_provider(
                sdk::AutoScalingGroupProvider::builder()
                    .auto_scaling_group_arn(
                        "arn:aws:autoscaling:eu-west-1:1:autoScalingGroup:0b7e:autoScalingGroupName/batch-spot-asg",
                    )
                    .managed_scaling(
                        sdk::ManagedScaling::builder()
                            .status(sdk::ManagedScalingStatus::Enabled)
                            .target_capacity(100)
                            .minimum_scaling_step_size(1)
                            .maximum_scaling_step_size(10)
                            .instance_warmup_period(300)
                            .build(),
                    )
                    .managed_termination_protection(sdk::ManagedTerminationProtection::Enabled)
                    .managed_draining(sdk::ManagedDraining::Enabled)
                    .build()
                    .expect("valid"),
            )
            .build();
        let m = capacity_provider(&p);
        assert_eq!((m.name.as_str(), m.status.as_str()), ("batch-spot", "ACTIVE"));
        assert_eq!(m.update_status.as_deref(), Some("UPDATE_FAILED"));
        let asg = m.auto_scaling_group.expect("asg");
        assert_eq!(asg.name(), "batch-spot-asg");
        let ms = asg.managed_scaling.expect("managed scaling");
        assert_eq!(
            (ms.status.as_deref(), ms.target_capacity, ms.min_step, ms.max_step, ms.instance_warmup),
            (Some("ENABLED"), Some(100), Some(1), Some(10), Some(300))
        );
        assert_eq!(asg.managed_termination_protection.as_deref(), Some("ENABLED"));
        assert_eq!(asg.managed_draining.as_deref(), Some("ENABLED"));
        assert_eq!(capacity_provider(&sdk::CapacityProvider::builder().build()).status, "UNKNOWN");
    }

    #[test]
    fn a_container_instance_with_attributes_and_resources() {
        let res = |name: &str, v: i32| sdk::Resource::builder().name(name).r#type("INTEGER").integer_value(v).build();
        let attr = |name: &str, v: &str| sdk::Attribute::builder().name(name).value(v).build().expect("valid");
        let c = sdk::ContainerInstance::builder()
            .container_instance_arn("arn:aws:ecs:eu-west-1:1:container-instance/batch/abc")
            .ec2_instance_id("i-0abc")
            .status("DRAINING")
            .agent_connected(false)
            .version_info(sdk::VersionInfo::builder().agent_version("1.86.3").build())
            .attributes(attr("ecs.instance-type", "m6i.xlarge"))
            .attributes(attr("ecs.availability-zone", "eu-west-1b"))
            .capacity_provider_name("batch-ondemand")
            .running_tasks_count(3)
            .pending_tasks_count(1)
            .registered_resources(res("CPU", 4096))
            .registered_resources(res("MEMORY", 15_722))
            .registered_resources(sdk::Resource::builder().name("PORTS").r#type("STRINGSET").build())
            .remaining_resources(res("CPU", 1024))
            .remaining_resources(res("MEMORY", 3434))
            .registered_at(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .build();
        let m = container_instance(&c);
        assert_eq!(
            (m.status.as_str(), m.agent_connected, m.agent_version.as_deref()),
            ("DRAINING", false, Some("1.86.3"))
        );
        assert_eq!(
            (m.instance_type.as_deref(), m.availability_zone.as_deref()),
            (Some("m6i.xlarge"), Some("eu-west-1b"))
        );
        assert_eq!((m.running_tasks, m.pending_tasks), (3, 1));
        assert_eq!((m.registered_cpu, m.registered_memory), (Some(4096), Some(15_722)));
        assert_eq!((m.remaining_cpu, m.remaining_memory), (Some(1024), Some(3434)));
        assert!(m.needs_attention());
        let bare = container_instance(&sdk::ContainerInstance::builder().build());
        assert_eq!((bare.status.as_str(), bare.instance_type, bare.registered_cpu), ("UNKNOWN", None, None));
    }
}
