//! The services of one cluster.
use super::{Acted, Body, ListState, Screen, Subject, View};
use crate::config::{Action, Context};
use crate::model::metrics::service_queries;
use crate::model::{MetricQuery, MetricSet, Spark};
use crate::model::{Time, arn_name};
use crate::state::{Data, Load};
use crate::table::{Cell, Column, SortKey, Table, Tone, service_table};
use std::collections::HashMap;
use std::sync::LazyLock;

#[derive(Debug, Clone)]
pub struct ServicesView {
    /// Cluster ARN (or the name as typed in a command: ECS accepts both).
    pub cluster: String,
    pub list: ListState,
    /// The CPU and memory sparklines column is shown (`m`).
    pub sparklines: bool,
    /// Rows of the body, as of the last sync: the rows on screen get sparklines.
    page: usize,
}

impl ServicesView {
    pub fn new(cluster: String) -> Self {
        Self { cluster, list: ListState::default(), sparklines: false, page: 1 }
    }

    /// The names of the services on screen.
    fn on_screen(&self) -> Vec<String> {
        let Some(rows) = &self.list.rows else { return vec![] };
        rows.visible
            .iter()
            .skip(self.list.offset)
            .take(self.page.max(1))
            .map(|&i| arn_name(&rows.table.rows[i].id).to_string())
            .collect()
    }

    /// One GetMetricData for the sparklines of the rows on screen (two queries a row).
    fn metric_queries(&self) -> Option<Vec<MetricQuery>> {
        let names = self.on_screen();
        if !self.sparklines || names.is_empty() {
            return None;
        }
        let cluster = arn_name(&self.cluster);
        Some(names.iter().flat_map(|n| service_queries(cluster, n)).map(|(_, q)| q).collect())
    }
}

/// The services table's columns with the sparklines column after them.
static WITH_SPARKLINES: LazyLock<Vec<Column>> = LazyLock::new(|| {
    let mut columns = service_table(&[], chrono::DateTime::UNIX_EPOCH).columns.to_vec();
    columns.push(Column::fixed("CPU · MEMORY (3h)", 33, 1));
    columns
});

/// Bars per sparkline in the column: one per 18 minutes.
const SPARK_CELLS: usize = 10;

/// Adds the sparklines column: each row's CPU and memory from any metric data loaded for it
/// (`…` until its data is in; a blank bar is a period without data).
fn with_sparklines(mut table: Table, data: &Data, cluster: &str) -> Table {
    let mut found: HashMap<(&str, &str), (&MetricSet, usize)> = HashMap::new();
    for (queries, r) in &data.metrics {
        let Some(set) = &r.value else { continue };
        for (i, q) in queries.iter().enumerate() {
            let dim = |n: &str| q.dimensions.iter().find(|d| d.name == n).map(|d| d.value.as_str());
            if q.namespace == "AWS/ECS"
                && dim("ClusterName") == Some(cluster)
                && let Some(service) = dim("ServiceName")
            {
                found.insert((service, q.metric.as_str()), (set, i));
            }
        }
    }
    let spark = |service: &str, metric: &str| {
        found
            .get(&(service, metric))
            .and_then(|(set, i)| set.series.get(*i).map(|s| Spark::of(&s.points, set.start, set.end, SPARK_CELLS)))
    };
    table.columns = WITH_SPARKLINES.as_slice();
    for row in &mut table.rows {
        let name = arn_name(&row.id);
        let (cpu, mem) = (spark(name, "CPUUtilization"), spark(name, "MemoryUtilization"));
        let one = |s: &Option<Spark>| match s {
            Some(s) => format!(
                "{} {:>4}",
                s.bars(Some(100.0)),
                s.current().map(|v| format!("{v:.0}%")).unwrap_or_else(|| "-".into())
            ),
            None => format!("{:<w$}", "…", w = SPARK_CELLS + 5),
        };
        let high = [&cpu, &mem].iter().any(|s| s.as_ref().and_then(Spark::current).is_some_and(|v| v >= 85.0));
        let tone = if high { Tone::Warn } else { Tone::Accent };
        row.cells.push(Cell::tone(format!("{} {}", one(&cpu), one(&mem)), tone));
        row.sort.push(SortKey::Num(cpu.as_ref().and_then(Spark::current).unwrap_or(-1.0)));
    }
    table
}

const ACTIONS: &[Action] = &[
    Action::Open,
    Action::Deploy,
    Action::Scale,
    Action::Rollback,
    Action::Strategy,
    Action::EnableExec,
    Action::Watch,
    Action::TaskDefinition,
    Action::Alarms,
    Action::ToggleSparklines,
    Action::Logs,
];

impl Screen for ServicesView {
    fn context(&self) -> Context {
        Context::Services
    }
    fn title(&self) -> String {
        format!("services · {}", arn_name(&self.cluster))
    }
    fn crumbs(&self, _parent: Option<&View>) -> Vec<String> {
        vec![arn_name(&self.cluster).to_string()]
    }
    fn loads(&self, _data: &Data) -> Vec<Load> {
        let mut out = vec![Load::Services { cluster: self.cluster.clone() }];
        if let Some(queries) = self.metric_queries() {
            out.push(Load::Metrics { queries });
        }
        out
    }
    fn primary(&self) -> Option<Load> {
        Some(Load::Services { cluster: self.cluster.clone() })
    }
    fn actions(&self) -> &'static [Action] {
        ACTIONS
    }
    fn body(&self) -> Body<'_> {
        Body::List(&self.list)
    }
    fn list_mut(&mut self) -> Option<&mut ListState> {
        Some(&mut self.list)
    }
    fn table(&self, data: &Data, now: Time) -> Option<Table> {
        let table = data.services_of(&self.cluster).map(|s| service_table(s, now))?;
        Some(if self.sparklines { with_sparklines(table, data, arn_name(&self.cluster)) } else { table })
    }
    fn sync(&mut self, data: &Data, now: Time, page: usize) {
        self.page = page;
        super::sync_list(self, data, now, page);
    }
    fn empty_text(&self) -> String {
        "no services in this cluster".into()
    }
    fn act(&mut self, action: Action, data: &Data) -> Acted {
        match action {
            Action::TaskDefinition => {
                let Some(id) = self.list.selected_id() else { return Acted::Said("no service selected".into()) };
                match data.services_of(&self.cluster).and_then(|s| s.iter().find(|s| s.arn == id)) {
                    Some(s) => Acted::Open(Box::new(View::task_definition(s.task_definition.clone()))),
                    None => Acted::Said("the selected service is not loaded (any more)".into()),
                }
            }
            Action::Alarms => Acted::Open(Box::new(View::alarms(Some(self.cluster.clone())))),
            Action::ToggleSparklines => {
                self.sparklines = !self.sparklines;
                // Rebuild the rows with (or without) the column (keeping them: they say which
                // rows are on screen), and load those rows' metrics.
                if let Some(rows) = &mut self.list.rows {
                    rows.version = u64::MAX;
                }
                Acted::Done { reload: true }
            }
            _ => Acted::NotHere,
        }
    }
    fn logs(&self, data: &Data) -> Option<Result<super::LogsOf, String>> {
        let Some(id) = self.list.selected_id() else { return Some(Err("no service selected".into())) };
        Some(match data.services_of(&self.cluster).and_then(|s| s.iter().find(|s| s.arn == id)) {
            Some(s) => Ok(super::LogsOf::Service {
                cluster: self.cluster.clone(),
                service: s.arn.clone(),
                task_definition: s.task_definition.clone(),
            }),
            None => Err("the selected service is not loaded (any more)".into()),
        })
    }
    fn open(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::service(self.cluster.clone(), id))
    }
    fn describe(&self, id: &str, _data: &Data) -> Option<View> {
        Some(View::describe(Subject::Service { cluster: self.cluster.clone(), arn: id.to_string() }))
    }
    fn origin(&self) -> Option<String> {
        Some(self.cluster.clone())
    }
    fn cluster(&self) -> Option<&str> {
        Some(&self.cluster)
    }
}
