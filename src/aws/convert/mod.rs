//! The only place SDK types become our model types. Pure functions: no IO, no clock, so every
//! rule (what a missing field means, which setting wins) is unit-tested with SDK builder values.
mod alarm;
mod capacity;
mod cluster;
mod deployments;
mod discovery;
mod elb;
mod logs;
mod scaling;
mod service;
mod service_revision;
mod task;
mod task_definition;

pub use alarm::{alarm_change, composite_alarm, metric_alarm, series};
pub use capacity::{capacity_provider, container_instance};
pub use cluster::cluster;
pub use deployments::{deployment_statuses, service_deployment, strategy_items};
pub use discovery::{discovery_service, namespace};
pub use elb::{target_group, target_health};
pub use logs::{filtered_event, live_event};
pub use scaling::{scalable_target, scaling_activity, scaling_policy};
pub use service::service;
pub use service_revision::service_revision;
pub use task::task;
pub use task_definition::task_definition;

use crate::model::{Failure, Strategy, StrategyItem, Time};
use aws_sdk_ecs::types as sdk;
use std::collections::BTreeMap;

/// An SDK timestamp as UTC; `None` for values chrono cannot represent (never a panic).
pub fn time(t: Option<&aws_smithy_types::DateTime>) -> Option<Time> {
    let t = t?;
    chrono::DateTime::from_timestamp(t.secs(), t.subsec_nanos())
}

pub fn strategy(items: &[sdk::CapacityProviderStrategyItem]) -> Strategy {
    Strategy(
        items
            .iter()
            .map(|i| StrategyItem { provider: i.capacity_provider().to_string(), base: i.base(), weight: i.weight() })
            .collect(),
    )
}

/// Tags as a sorted map; a tag without a key is dropped (AWS never sends one).
pub fn tags(tags: &[sdk::Tag]) -> BTreeMap<String, String> {
    tags.iter().filter_map(|t| Some((t.key()?.to_string(), t.value().unwrap_or_default().to_string()))).collect()
}

pub fn failures(failures: &[sdk::Failure]) -> Vec<Failure> {
    failures
        .iter()
        .map(|f| Failure {
            arn: f.arn().unwrap_or_default().to_string(),
            reason: f.reason().unwrap_or("UNKNOWN").to_string(),
            detail: f.detail().map(str::to_string),
        })
        .collect()
}

fn owned(s: Option<&str>) -> Option<String> {
    s.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn timestamps_keep_subseconds() {
        let t = aws_smithy_types::DateTime::from_secs_and_nanos(1_767_268_800, 250_000_000);
        let want = chrono::Utc
            .with_ymd_and_hms(2026, 1, 1, 12, 0, 0)
            .single()
            .map(|d| d + chrono::Duration::milliseconds(250));
        assert_eq!(time(Some(&t)), want);
        assert_eq!(time(None), None);
    }

    #[test]
    fn strategy_tags_failures() {
        let items = vec![
            sdk::CapacityProviderStrategyItem::builder().capacity_provider("FARGATE").base(1).weight(1).build(),
            sdk::CapacityProviderStrategyItem::builder().capacity_provider("FARGATE_SPOT").weight(4).build(),
        ]
        .into_iter()
        .collect::<Result<Vec<_>, _>>()
        .expect("valid items");
        assert_eq!(strategy(&items).short(), "FARGATE b1 w1 · SPOT w4");

        let t = tags(&[
            sdk::Tag::builder().key("env").value("prod").build(),
            sdk::Tag::builder().value("orphan").build(),
            sdk::Tag::builder().key("team").build(),
        ]);
        assert_eq!(t.into_iter().collect::<Vec<_>>(), vec![("env".into(), "prod".into()), ("team".into(), "".into())]);

        let f = failures(&[
            sdk::Failure::builder().arn("arn:aws:ecs:r:1:task/c/abc").reason("MISSING").build(),
            sdk::Failure::builder().detail("no arn").build(),
        ]);
        assert_eq!(
            f,
            vec![
                Failure { arn: "arn:aws:ecs:r:1:task/c/abc".into(), reason: "MISSING".into(), detail: None },
                Failure { arn: "".into(), reason: "UNKNOWN".into(), detail: Some("no arn".into()) },
            ]
        );
    }
}
