//! CloudWatch alarms as a table: ALARM first, then INSUFFICIENT_DATA, then OK, with the
//! service or cluster each belongs to and CloudWatch's reason.
use super::{Cell, Column, Row, Sort, SortKey, Table, Tone, time_key};
use crate::model::alarm::{ServiceKey, alarms_of_service, service_refs, sort_by_state};
use crate::model::{Alarm, AlarmState, Service, Time, arn_name};
use std::collections::HashMap;

static COLUMNS: [Column; 5] = [
    Column::fixed("STATE", 17, 0),
    Column::flex("NAME", 16, 0),
    Column::flex("BELONGS TO", 12, 1),
    Column::flex("REASON", 16, 2),
    Column::fixed("SINCE", 6, 0),
];

pub fn state_tone(s: &AlarmState) -> Tone {
    match s {
        AlarmState::Alarm => Tone::Error,
        AlarmState::InsufficientData | AlarmState::Other(_) => Tone::Warn,
        AlarmState::Ok => Tone::Ok,
    }
}

/// What each alarm belongs to, by alarm name: `cluster/service` for the loaded services it
/// matches (dimensions, target group, deployment alarms, composite rules), else what its ECS
/// dimensions name (`cluster/service`, or the cluster alone).
pub fn owners<'a>(
    alarms: &[Alarm],
    services: impl IntoIterator<Item = (&'a str, &'a Service)>,
) -> HashMap<String, Vec<String>> {
    let mut out: HashMap<String, Vec<String>> = HashMap::new();
    for (cluster, svc) in services {
        let (tgs, deploy) = service_refs(svc);
        let key = ServiceKey::of(cluster, svc, &tgs, &deploy);
        for (a, _) in alarms_of_service(alarms, &key) {
            let label = format!("{}/{}", arn_name(cluster), svc.name);
            let v = out.entry(a.name.clone()).or_default();
            if !v.contains(&label) {
                v.push(label);
            }
        }
    }
    for a in alarms {
        if out.contains_key(&a.name) {
            continue;
        }
        let from_dims = a.metrics.iter().find_map(|m| {
            if !crate::model::alarm::ECS_NAMESPACES.contains(&m.namespace.as_deref().unwrap_or("")) {
                return None;
            }
            let dim = |n: &str| m.dimensions.iter().find(|d| d.name == n).map(|d| d.value.clone());
            match (dim("ClusterName"), dim("ServiceName")) {
                (Some(c), Some(s)) => Some(format!("{c}/{s}")),
                (Some(c), None) => Some(format!("{c} (cluster)")),
                _ => None,
            }
        });
        if let Some(label) = from_dims {
            out.insert(a.name.clone(), vec![label]);
        }
    }
    out
}

/// The rows, ALARM first (the longest-firing first), then INSUFFICIENT_DATA, then OK.
pub fn alarm_table(alarms: &[&Alarm], owners: &HashMap<String, Vec<String>>, now: Time) -> Table {
    let mut sorted: Vec<&Alarm> = alarms.to_vec();
    sort_by_state(&mut sorted);
    let rows = sorted
        .iter()
        .map(|a| {
            let tone = state_tone(&a.state);
            let owner = owners.get(&a.name).map(|v| v.join(", ")).unwrap_or_else(|| "-".into());
            let name = if a.kind == crate::model::AlarmKind::Composite {
                format!("{} (composite)", a.name)
            } else {
                a.name.clone()
            };
            // The reason on one line: the describe (Enter) shows it whole, wrapped.
            let reason = a.reason.split_whitespace().collect::<Vec<_>>().join(" ");
            Row {
                id: a.name.clone(),
                health: if a.state == AlarmState::Ok { Tone::Normal } else { tone },
                cells: vec![
                    Cell::tone(a.state.as_str(), tone),
                    Cell::tone(&name, Tone::Accent),
                    Cell::tone(&owner, if owner == "-" { Tone::Muted } else { Tone::Normal }),
                    Cell::new(&reason),
                    Cell::age(a.state_updated_at, now),
                ],
                sort: vec![
                    SortKey::Num(f64::from(a.state.rank())),
                    SortKey::Text(a.name.clone()),
                    SortKey::Text(owner),
                    SortKey::Text(reason),
                    match time_key(a.state_updated_at) {
                        SortKey::Num(n) => SortKey::Num(-n),
                        k => k,
                    },
                ],
            }
        })
        .collect();
    Table { columns: &COLUMNS, rows, default_sort: Sort::default() }
}
