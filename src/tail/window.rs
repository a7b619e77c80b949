//! One FilterLogEvents read of a time window over every group (and stream prefix) of a target,
//! page by page. FilterLogEvents takes one group and at most one stream prefix per call, so a
//! target with a few prefixes asks once per prefix, and one with many asks for the whole group
//! and keeps the prefixes' streams here.
use crate::api::{ApiResult, FilterRequest, LogsApi};
use crate::model::{LogEvent, LogTarget, Time};
use futures::StreamExt;
use futures::stream::BoxStream;
use std::collections::VecDeque;
use std::sync::Arc;

/// Above this many prefixes a group is read whole and filtered here: one chain of calls per
/// prefix would spend the account's FilterLogEvents rate (a few calls a second) on one tail.
pub const PREFIX_CALLS: usize = 3;

/// The calls one window needs: (group, prefix) pairs.
pub fn queries(target: &LogTarget) -> Vec<(String, Option<String>)> {
    let per_prefix = !target.stream_prefixes.is_empty() && target.stream_prefixes.len() <= PREFIX_CALLS;
    let mut out = Vec::new();
    for g in &target.groups {
        if per_prefix {
            out.extend(target.stream_prefixes.iter().map(|p| (g.clone(), Some(p.clone()))));
        } else {
            out.push((g.clone(), None));
        }
    }
    out
}

/// Whether `e` belongs to the target (its streams, when it names prefixes).
pub fn wanted(target: &LogTarget, e: &LogEvent) -> bool {
    target.stream_prefixes.is_empty() || target.stream_prefixes.iter().any(|p| e.source.stream.starts_with(p.as_str()))
}

struct State {
    api: Arc<dyn LogsApi>,
    target: LogTarget,
    pattern: Option<String>,
    start: Option<Time>,
    end: Option<Time>,
    queries: VecDeque<(String, Option<String>)>,
    token: Option<String>,
}

/// The pages of the window `[start, end]` (`None`: from the oldest kept / up to now), each
/// page's lines of the target. An error is the last item.
pub fn read(
    api: Arc<dyn LogsApi>,
    target: &LogTarget,
    pattern: Option<String>,
    start: Option<Time>,
    end: Option<Time>,
) -> BoxStream<'static, ApiResult<Vec<LogEvent>>> {
    let queries = queries(target).into();
    let state = State { api, target: target.clone(), pattern, start, end, queries, token: None };
    futures::stream::unfold(Some(state), |state| async move {
        let mut s = state?;
        let (group, prefix) = s.queries.front().cloned()?;
        let request = FilterRequest {
            region: s.target.region.clone(),
            group,
            stream_prefix: prefix,
            start: s.start,
            end: s.end,
            pattern: s.pattern.clone(),
            next_token: s.token.clone(),
        };
        match s.api.filter_log_events(request).await {
            Ok(page) => {
                // A token that does not move would page forever.
                if page.next_token.is_some() && page.next_token != s.token {
                    s.token = page.next_token;
                } else {
                    s.queries.pop_front();
                    s.token = None;
                }
                let events = page.events.into_iter().filter(|e| wanted(&s.target, e)).collect();
                Some((Ok(events), Some(s)))
            }
            Err(e) => Some((Err(e), None)),
        }
    })
    .boxed()
}
