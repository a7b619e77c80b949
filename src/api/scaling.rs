//! Application Auto Scaling beyond one target: a service's scaling detail (its target, every
//! policy, its most recent activities) and every ECS service target of the region, each
//! followed over the pages [`ScalingApi`] returns one at a time.
use super::{ApiError, ApiResult, ErrorKind, ScalingApi};
use crate::model::{ScalingDetail, ServiceTarget};

/// The activities the scaling pane shows: the most recent ones say why a service scaled (or
/// did not) lately; older ones are in the console's history.
pub const RECENT_ACTIVITIES: i32 = 20;

/// Pages any one listing follows at most: a token that never ends is a fault, not data.
const MAX_PAGES: usize = 1_000;

/// One page of a Describe* of Application Auto Scaling.
#[derive(Debug, Clone, PartialEq)]
pub struct ScalingPage<T> {
    pub items: Vec<T>,
    pub next_token: Option<String>,
}

fn endless(what: &str) -> ApiError {
    ApiError::new(ErrorKind::Service, format!("{what} kept answering with another page"))
        .with_hint("Application Auto Scaling returned a page token more than a thousand times; try again")
}

/// A service's target, every policy and its [`RECENT_ACTIVITIES`] most recent activities,
/// newest first. Without a target the service is not auto scaled: nothing more is asked.
pub async fn detail(api: &dyn ScalingApi, cluster: &str, service: &str) -> ApiResult<ScalingDetail> {
    let Some(target) = api.scalable_target(cluster.to_string(), service.to_string()).await? else {
        return Ok(ScalingDetail::default());
    };
    let (policies, activities) = tokio::join!(
        async {
            let mut out = Vec::new();
            let mut token = None;
            for _ in 0..MAX_PAGES {
                let page = api.scaling_policies(cluster.to_string(), service.to_string(), token).await?;
                out.extend(page.items);
                match page.next_token {
                    Some(t) if !t.is_empty() => token = Some(t),
                    _ => return Ok(out),
                }
            }
            Err(endless("DescribeScalingPolicies"))
        },
        async {
            // Pages until enough are read: AWS may answer fewer than asked with a token.
            let mut out = Vec::new();
            let mut token = None;
            for _ in 0..MAX_PAGES {
                let want = RECENT_ACTIVITIES - out.len() as i32;
                let page = api.scaling_activities(cluster.to_string(), service.to_string(), want, token).await?;
                out.extend(page.items);
                match page.next_token {
                    Some(t) if !t.is_empty() && (out.len() as i32) < RECENT_ACTIVITIES => token = Some(t),
                    _ => break,
                }
            }
            Ok::<_, ApiError>(out)
        }
    );
    let mut activities = activities?;
    // Newest first, whatever order the pages came in.
    activities.sort_by_key(|a| std::cmp::Reverse(a.start));
    activities.truncate(RECENT_ACTIVITIES as usize);
    Ok(ScalingDetail { target: Some(target), policies: policies?, activities })
}

/// Every ECS service registered with Application Auto Scaling in the region.
pub async fn all_targets(api: &dyn ScalingApi) -> ApiResult<Vec<ServiceTarget>> {
    let mut out = Vec::new();
    let mut token = None;
    for _ in 0..MAX_PAGES {
        let page = api.scalable_targets(token).await?;
        out.extend(page.items);
        match page.next_token {
            Some(t) if !t.is_empty() => token = Some(t),
            _ => return Ok(out),
        }
    }
    Err(endless("DescribeScalableTargets"))
}
