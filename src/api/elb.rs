//! Elastic Load Balancing (v2): the health of the targets of a service's target groups.
use super::{ApiError, ApiResult, ErrorKind};
use crate::model::{TargetGroupHealth, TargetHealth};
use async_trait::async_trait;
use futures::StreamExt;

/// Target group ARNs per DescribeTargetGroups call (bosun's batch; AWS pages the answers).
pub const DESCRIBE_TARGET_GROUPS: usize = 20;
/// DescribeTargetHealth calls in flight at once: the ELB API's rate limits are per account
/// and shared with everything else that calls it.
pub const CONCURRENT: usize = 4;

/// What DescribeTargetGroups says of one target group.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TargetGroup {
    pub arn: String,
    pub name: String,
    pub protocol: Option<String>,
    pub port: Option<i32>,
    pub load_balancer_arns: Vec<String>,
}

/// ELBv2, read only.
#[async_trait]
pub trait ElbApi: Send + Sync + 'static {
    /// DescribeTargetGroups of at most [`DESCRIBE_TARGET_GROUPS`] ARNs (one answer each). AWS
    /// fails the whole call with `TargetGroupNotFound` when any of them is gone.
    async fn describe_target_groups(&self, arns: Vec<String>) -> ApiResult<Vec<TargetGroup>>;
    /// DescribeTargetHealth of one target group: every registered target and its state.
    async fn describe_target_health(&self, target_group_arn: String) -> ApiResult<Vec<TargetHealth>>;
}

/// The health of each of `arns`, each with its own answer: a target group that is gone or
/// refused fails alone. The groups' descriptions come in batches (one by one only for a batch
/// that names a group that is gone); the health calls run [`CONCURRENT`] at a time. A group
/// whose description cannot be read keeps its targets and the reason in `note`.
pub async fn target_health(api: &dyn ElbApi, arns: &[String]) -> Vec<(String, ApiResult<TargetGroupHealth>)> {
    let mut described: Vec<(String, Result<TargetGroup, ApiError>)> = Vec::new();
    for chunk in arns.chunks(DESCRIBE_TARGET_GROUPS) {
        match api.describe_target_groups(chunk.to_vec()).await {
            Ok(groups) => {
                for arn in chunk {
                    let g = groups.iter().find(|g| &g.arn == arn).cloned();
                    described.push((arn.clone(), g.ok_or_else(|| gone(arn))));
                }
            }
            // Which one is gone: ask for each alone.
            Err(e) if e.kind == ErrorKind::NotFound && chunk.len() > 1 => {
                for arn in chunk {
                    let one = api.describe_target_groups(vec![arn.clone()]).await;
                    let one = one.and_then(|g| g.into_iter().next().ok_or_else(|| gone(arn)));
                    described.push((arn.clone(), one));
                }
            }
            Err(e) => described.extend(chunk.iter().map(|a| (a.clone(), Err(e.clone())))),
        }
    }
    futures::stream::iter(described)
        .map(|(arn, group)| async move {
            let result = match group {
                Err(e) if e.kind == ErrorKind::NotFound => Err(e),
                group => api.describe_target_health(arn.clone()).await.map(|targets| with_group(&arn, group, targets)),
            };
            (arn, result)
        })
        .buffered(CONCURRENT)
        .collect()
        .await
}

fn gone(arn: &str) -> ApiError {
    ApiError::new(ErrorKind::NotFound, format!("target group {} is gone", crate::model::target_health::group_name(arn)))
        .with_code("TargetGroupNotFound")
}

fn with_group(arn: &str, group: Result<TargetGroup, ApiError>, targets: Vec<TargetHealth>) -> TargetGroupHealth {
    let name = crate::model::target_health::group_name(arn).to_string();
    match group {
        Ok(g) => TargetGroupHealth {
            arn: arn.to_string(),
            name: if g.name.is_empty() { name } else { g.name },
            protocol: g.protocol,
            port: g.port,
            load_balancer_arns: g.load_balancer_arns,
            targets,
            note: None,
        },
        Err(e) => TargetGroupHealth {
            arn: arn.to_string(),
            name,
            targets,
            note: Some(match e.kind {
                ErrorKind::AccessDenied => {
                    "its port and load balancer are unknown: no permission for elasticloadbalancing:DescribeTargetGroups"
                        .into()
                }
                _ => format!("its port and load balancer are unknown: {}", e.message),
            }),
            ..Default::default()
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TargetState;
    use std::sync::Mutex;

    const A: &str = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/api/aaaa";
    const B: &str = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/web/bbbb";
    const GONE: &str = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/old/cccc";

    /// Knows `A` and `B`; `describe` refuses DescribeTargetGroups when false.
    struct Fake {
        describe: bool,
        calls: Mutex<Vec<String>>,
    }

    fn not_found() -> ApiError {
        ApiError::new(ErrorKind::NotFound, "One or more target groups not found").with_code("TargetGroupNotFound")
    }

    #[async_trait]
    impl ElbApi for Fake {
        async fn describe_target_groups(&self, arns: Vec<String>) -> ApiResult<Vec<TargetGroup>> {
            self.calls.lock().unwrap().push(format!("groups {}", arns.len()));
            if !self.describe {
                return Err(ApiError::new(ErrorKind::AccessDenied, "not authorized").with_code("AccessDenied"));
            }
            if arns.iter().any(|a| a == GONE) {
                return Err(not_found());
            }
            Ok(arns
                .iter()
                .map(|a| TargetGroup {
                    arn: a.clone(),
                    name: crate::model::target_health::group_name(a).into(),
                    port: Some(8080),
                    load_balancer_arns: vec![
                        "arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/app/prod/ff".into(),
                    ],
                    ..Default::default()
                })
                .collect())
        }
        async fn describe_target_health(&self, arn: String) -> ApiResult<Vec<TargetHealth>> {
            self.calls.lock().unwrap().push(format!("health {}", crate::model::target_health::group_name(&arn)));
            if arn == GONE {
                return Err(not_found());
            }
            Ok(vec![TargetHealth {
                id: "10.0.0.1".into(),
                port: Some(8080),
                availability_zone: None,
                state: TargetState::Healthy,
                reason: None,
                description: None,
            }])
        }
    }

    fn fake(describe: bool) -> Fake {
        Fake { describe, calls: Mutex::new(Vec::new()) }
    }

    #[tokio::test]
    async fn each_group_with_its_load_balancer_and_targets() {
        let api = fake(true);
        let out = target_health(&api, &[A.into(), B.into()]).await;
        let tg = out[0].1.as_ref().expect("api is there");
        assert_eq!((tg.name.as_str(), tg.port, tg.targets.len()), ("api", Some(8080), 1));
        assert_eq!(tg.load_balancer_arns.len(), 1);
        assert_eq!(out[1].0, B);
        assert_eq!(*api.calls.lock().unwrap(), ["groups 2", "health api", "health web"]);
    }

    #[tokio::test]
    async fn a_group_that_is_gone_fails_alone() {
        let api = fake(true);
        let out = target_health(&api, &[A.into(), GONE.into()]).await;
        assert!(out[0].1.is_ok());
        let e = out[1].1.as_ref().expect_err("gone");
        assert_eq!(e.kind, ErrorKind::NotFound);
        // The batch, then each alone; no health call for the one that is gone.
        assert_eq!(*api.calls.lock().unwrap(), ["groups 2", "groups 1", "groups 1", "health api"]);
    }

    #[tokio::test]
    async fn a_refused_description_keeps_the_targets_and_says_why() {
        let out = target_health(&fake(false), &[A.into()]).await;
        let tg = out[0].1.as_ref().expect("health is still read");
        assert_eq!((tg.name.as_str(), tg.port, tg.targets.len()), ("api", None, 1));
        assert!(tg.note.as_deref().is_some_and(|n| n.contains("elasticloadbalancing:DescribeTargetGroups")));
    }
}
