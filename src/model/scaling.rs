//! A service's Application Auto Scaling target: the range its desired count is kept in, and
//! which kinds of scaling activity are suspended.
use serde::{Deserialize, Serialize};

/// The scalable target of an ECS service (`ecs:service:DesiredCount`), as
/// `application-autoscaling:DescribeScalableTargets` reports it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScalableTarget {
    /// `MinCapacity`: auto scaling never sets a desired count below this.
    pub min: i32,
    /// `MaxCapacity`: auto scaling never sets a desired count above this.
    pub max: i32,
    /// `SuspendedState.DynamicScalingInSuspended`: scaling policies do not remove tasks.
    pub suspended_in: bool,
    /// `SuspendedState.DynamicScalingOutSuspended`: scaling policies do not add tasks.
    pub suspended_out: bool,
    /// `SuspendedState.ScheduledScalingSuspended`: scheduled actions do not run.
    pub suspended_scheduled: bool,
}

impl ScalableTarget {
    /// Whether `desired` lies within `min..=max` (a count outside it is moved back into the
    /// range by auto scaling's next activity, unless that kind of activity is suspended).
    pub fn contains(&self, desired: i32) -> bool {
        (self.min..=self.max).contains(&desired)
    }

    /// Whether any kind of scaling activity is suspended.
    pub fn any_suspended(&self) -> bool {
        self.suspended_in || self.suspended_out || self.suspended_scheduled
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_and_suspension() {
        let t = ScalableTarget { min: 2, max: 10, ..Default::default() };
        assert!(t.contains(2) && t.contains(10) && t.contains(6));
        assert!(!t.contains(1) && !t.contains(11));
        assert!(!t.any_suspended());
        assert!(ScalableTarget { suspended_scheduled: true, ..t }.any_suspended());
    }
}
