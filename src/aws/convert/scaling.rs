//! Application Auto Scaling's scalable target, scaling policies and scaling activities as our
//! model types.
use crate::model::{
    ActivityStatus, NotScaled, PolicyKind, ScalableTarget, ScalingActivity, ScalingPolicy, Step, StepScaling,
    TargetTracking, TrackedMetric,
};
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

/// A scaling policy: its kind with what it tracks or steps, and the alarms it owns.
pub fn scaling_policy(p: &sdk::ScalingPolicy) -> ScalingPolicy {
    let kind = match p.policy_type() {
        sdk::PolicyType::TargetTrackingScaling => match p.target_tracking_scaling_policy_configuration() {
            Some(c) => PolicyKind::TargetTrackingScaling(target_tracking(c)),
            None => PolicyKind::Other { name: "TargetTrackingScaling".into() },
        },
        sdk::PolicyType::StepScaling => {
            let c = p.step_scaling_policy_configuration();
            PolicyKind::StepScaling(StepScaling {
                adjustment_type: c.and_then(|c| c.adjustment_type()).map(|a| a.as_str().to_string()),
                steps: c
                    .map(|c| c.step_adjustments())
                    .unwrap_or_default()
                    .iter()
                    .map(|s| Step {
                        lower: s.metric_interval_lower_bound(),
                        upper: s.metric_interval_upper_bound(),
                        adjustment: s.scaling_adjustment(),
                    })
                    .collect(),
                cooldown: c.and_then(|c| c.cooldown()),
                min_adjustment_magnitude: c.and_then(|c| c.min_adjustment_magnitude()),
            })
        }
        sdk::PolicyType::PredictiveScaling => PolicyKind::PredictiveScaling,
        other => PolicyKind::Other { name: other.as_str().to_string() },
    };
    ScalingPolicy {
        name: p.policy_name().to_string(),
        arn: p.policy_arn().to_string(),
        kind,
        alarms: p.alarms().iter().map(|a| a.alarm_name().to_string()).collect(),
        created_at: super::time(Some(p.creation_time())),
    }
}

fn target_tracking(c: &sdk::TargetTrackingScalingPolicyConfiguration) -> TargetTracking {
    let metric = match (c.predefined_metric_specification(), c.customized_metric_specification()) {
        (Some(p), _) => {
            TrackedMetric::predefined(p.predefined_metric_type().as_str(), p.resource_label().map(str::to_string))
        }
        (None, Some(m)) => TrackedMetric::Customized {
            namespace: m.namespace().map(str::to_string),
            metric: m.metric_name().map(str::to_string),
            statistic: m.statistic().map(|s| s.as_str().to_string()),
        },
        (None, None) => TrackedMetric::Customized { namespace: None, metric: None, statistic: None },
    };
    TargetTracking {
        metric,
        target_value: c.target_value(),
        scale_out_cooldown: c.scale_out_cooldown(),
        scale_in_cooldown: c.scale_in_cooldown(),
        disable_scale_in: c.disable_scale_in().unwrap_or(false),
    }
}

/// A scaling activity, with why it did not scale when it did not.
pub fn scaling_activity(a: &sdk::ScalingActivity) -> ScalingActivity {
    ScalingActivity {
        id: a.activity_id().to_string(),
        status: ActivityStatus::parse(a.status_code().as_str()),
        cause: a.cause().to_string(),
        description: a.description().to_string(),
        status_message: a.status_message().filter(|m| !m.is_empty()).map(str::to_string),
        start: super::time(Some(a.start_time())),
        end: super::time(a.end_time()),
        not_scaled: a
            .not_scaled_reasons()
            .iter()
            .map(|n| NotScaled {
                code: n.code().to_string(),
                max: n.max_capacity(),
                min: n.min_capacity(),
                current: n.current_capacity(),
            })
            .collect(),
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
