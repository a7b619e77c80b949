//! Application Auto Scaling's scalable target as our [`ScalableTarget`].
use crate::model::ScalableTarget;
use aws_sdk_applicationautoscaling::types as sdk;

/// A target without a suspended state has nothing suspended (AWS leaves it out then).
pub fn scalable_target(t: &sdk::ScalableTarget) -> ScalableTarget {
    let s = t.suspended_state();
    let flag = |f: fn(&sdk::SuspendedState) -> Option<bool>| s.and_then(f).unwrap_or(false);
    ScalableTarget {
        min: t.min_capacity(),
        max: t.max_capacity(),
        suspended_in: flag(sdk::SuspendedState::dynamic_scaling_in_suspended),
        suspended_out: flag(sdk::SuspendedState::dynamic_scaling_out_suspended),
        suspended_scheduled: flag(sdk::SuspendedState::scheduled_scaling_suspended),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(suspended: Option<sdk::SuspendedState>) -> sdk::ScalableTarget {
        sdk::ScalableTarget::builder()
            .service_namespace(sdk::ServiceNamespace::Ecs)
            .resource_id("service/prod/api")
            .scalable_dimension(sdk::ScalableDimension::EcsServiceDesiredCount)
            .min_capacity(2)
            .max_capacity(10)
            .role_arn("arn:aws:iam::123456789012:role/aws-service-role/ecs.application-autoscaling.amazonaws.com/x")
            .creation_time(aws_smithy_types::DateTime::from_secs(1_700_000_000))
            .set_suspended_state(suspended)
            .build()
            .expect("required fields are set")
    }

    #[test]
    fn range_and_suspended_state() {
        let plain = scalable_target(&target(None));
        assert_eq!(plain, ScalableTarget { min: 2, max: 10, ..Default::default() });
        let partly = sdk::SuspendedState::builder().dynamic_scaling_in_suspended(true).build();
        let t = scalable_target(&target(Some(partly)));
        assert!(t.suspended_in && !t.suspended_out && !t.suspended_scheduled, "{t:?}");
        let all = sdk::SuspendedState::builder()
            .dynamic_scaling_in_suspended(true)
            .dynamic_scaling_out_suspended(true)
            .scheduled_scaling_suspended(true)
            .build();
        let t = scalable_target(&target(Some(all)));
        assert!(t.suspended_in && t.suspended_out && t.suspended_scheduled, "{t:?}");
    }
}
