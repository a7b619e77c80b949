//! ELBv2's target groups and target health as [`TargetGroup`] and [`TargetHealth`].
use crate::api::elb::TargetGroup;
use crate::model::{TargetHealth, TargetState};
use aws_sdk_elasticloadbalancingv2::types as sdk;

pub fn target_group(g: &sdk::TargetGroup) -> TargetGroup {
    TargetGroup {
        arn: g.target_group_arn().unwrap_or_default().to_string(),
        name: g.target_group_name().unwrap_or_default().to_string(),
        protocol: g.protocol().map(|p| p.as_str().to_string()),
        port: g.port(),
        load_balancer_arns: g.load_balancer_arns().to_vec(),
    }
}

/// One target; a state or reason this SDK does not know stays as AWS wrote it.
pub fn target_health(d: &sdk::TargetHealthDescription) -> TargetHealth {
    let target = d.target();
    let health = d.target_health();
    TargetHealth {
        id: target.and_then(|t| t.id()).unwrap_or_default().to_string(),
        port: target.and_then(|t| t.port()),
        availability_zone: target.and_then(|t| t.availability_zone()).map(str::to_string),
        // No state at all is not a healthy target: kept as text like any state unknown here.
        state: health
            .and_then(|h| h.state())
            .map(|s| TargetState::parse(s.as_str()))
            .unwrap_or_else(|| TargetState::Other("not reported".into())),
        reason: health.and_then(|h| h.reason()).map(|r| r.as_str().to_string()),
        description: health.and_then(|h| h.description()).map(str::to_string),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unhealthy_target_with_its_reason() {
        let d = sdk::TargetHealthDescription::builder()
            .target(
                sdk::TargetDescription::builder().id("10.0.1.23").port(8080).availability_zone("eu-west-1a").build(),
            )
            .target_health(
                sdk::TargetHealth::builder()
                    .state(sdk::TargetHealthStateEnum::Unhealthy)
                    .reason(sdk::TargetHealthReasonEnum::ResponseCodeMismatch)
                    .description("Health checks failed with these codes: [502]")
                    .build(),
            )
            .build();
        let t = target_health(&d);
        assert_eq!((t.id.as_str(), t.port, t.state.clone()), ("10.0.1.23", Some(8080), TargetState::Unhealthy));
        assert_eq!(t.reason.as_deref(), Some("Target.ResponseCodeMismatch"));
        assert_eq!(t.availability_zone.as_deref(), Some("eu-west-1a"));
    }

    #[test]
    fn states_unknown_here_are_kept() {
        let d = sdk::TargetHealthDescription::builder()
            .target(sdk::TargetDescription::builder().id("i-0abc").build())
            .target_health(sdk::TargetHealth::builder().state(sdk::TargetHealthStateEnum::from("warming")).build())
            .build();
        assert_eq!(target_health(&d).state, TargetState::Other("warming".into()));
        let bare = sdk::TargetHealthDescription::builder().build();
        assert_eq!(target_health(&bare).state.as_str(), "not reported");
    }
}
