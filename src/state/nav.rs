//! Moving around: the current table, selection, opening and leaving views, and the loads a
//! view needs.
use super::{Effect, Level, Load, State, View, ViewKind};
use crate::model::{Cluster, Service, Task, arn_name};
use crate::table::{Table, cluster_table, container_table, service_table, task_table};

/// The table of the view on screen, if it is a list view with data.
pub fn table_of(state: &State, view: &View) -> Option<Table> {
    let d = &state.data;
    match &view.kind {
        ViewKind::Clusters => d.clusters.value.as_deref().map(cluster_table),
        ViewKind::Services { cluster } => {
            d.services.get(cluster).and_then(|r| r.value.as_deref()).map(|s| service_table(s, state.now))
        }
        ViewKind::Tasks { cluster, .. } => {
            let filter = view.task_filter()?;
            let status = filter.status;
            d.tasks
                .get(&(cluster.clone(), filter))
                .and_then(|r| r.value.as_deref())
                .map(|t| task_table(t, status, state.now))
        }
        ViewKind::Containers { task, .. } => {
            task_of(state, view.cluster()?, task).map(|t| container_table(&t.containers))
        }
        ViewKind::Describe { .. } => None,
    }
}

/// A task by ARN: its own (freshest) resource, else from any loaded task list of the cluster.
pub fn task_of<'a>(state: &'a State, cluster: &str, arn: &str) -> Option<&'a Task> {
    if let Some(t) = state.data.task.get(arn).and_then(|r| r.value.as_ref()) {
        return Some(t);
    }
    state
        .data
        .tasks
        .iter()
        .filter(|((c, _), _)| c == cluster)
        .filter_map(|(_, r)| r.value.as_ref())
        .flat_map(|v| v.iter())
        .find(|t| t.arn == arn)
}

/// The id of the selected row of the current view, resolved against what is visible now.
pub fn selected_id(state: &State) -> Option<String> {
    let view = state.view();
    let table = table_of(state, view)?;
    let visible = table.visible(&view.filter, view.sort);
    let i = *visible.get(view.selected.min(visible.len().saturating_sub(1)))?;
    Some(table.rows[i].id.clone())
}

/// After data, filter or sort changed: keep the selection on the same object if it is still
/// visible, else keep the index in range.
pub fn reselect(state: &mut State) {
    let view = state.view();
    let Some(table) = table_of(state, view) else { return };
    let visible = table.visible(&view.filter, view.sort);
    let by_id = view.selected_id.as_ref().and_then(|id| visible.iter().position(|&i| &table.rows[i].id == id));
    let index = by_id.unwrap_or(view.selected).min(visible.len().saturating_sub(1));
    let id = visible.get(index).map(|&i| table.rows[i].id.clone());
    let page = state.page;
    let v = state.view_mut();
    v.selected = index;
    v.offset = scroll_offset(index, v.offset, page, visible.len());
    if id.is_some() {
        v.selected_id = id;
    }
}

/// Move the selection by `delta` rows (clamped), or to an absolute end.
pub fn move_selection(state: &mut State, to: Move) {
    let view = state.view();
    if let ViewKind::Describe { yaml, json, .. } = &view.kind {
        let lines = match view.format {
            super::DescribeFormat::Yaml => yaml.lines().count(),
            super::DescribeFormat::Json => json.lines().count(),
        };
        let max = lines.saturating_sub(state.page.max(1));
        let offset = apply_move(view.offset, max, to, state.page);
        state.view_mut().offset = offset;
        state.dirty = true;
        return;
    }
    let Some(table) = table_of(state, view) else { return };
    let visible = table.visible(&view.filter, view.sort);
    if visible.is_empty() {
        return;
    }
    let index = apply_move(view.selected, visible.len() - 1, to, state.page);
    let id = table.rows[visible[index]].id.clone();
    let page = state.page;
    let v = state.view_mut();
    v.selected = index;
    v.selected_id = Some(id);
    v.offset = scroll_offset(index, v.offset, page, visible.len());
    state.dirty = true;
}

/// Keep the selection on screen with the least scrolling from the previous offset.
pub fn scroll_offset(selected: usize, previous: usize, height: usize, len: usize) -> usize {
    if height == 0 {
        return selected;
    }
    let mut offset = previous.min(len.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    By(isize),
    Page(isize),
    Top,
    Bottom,
}

fn apply_move(current: usize, max: usize, to: Move, page: usize) -> usize {
    let step = |d: isize| (current as isize + d).clamp(0, max as isize) as usize;
    match to {
        Move::By(d) => step(d),
        Move::Page(n) => step(n * page.max(1) as isize),
        Move::Top => 0,
        Move::Bottom => max,
    }
}

/// The load that refreshes what `view` shows.
pub fn load_for(state: &State, view: &View) -> Option<Load> {
    match &view.kind {
        ViewKind::Clusters => Some(Load::Clusters),
        ViewKind::Services { cluster } => Some(Load::Services { cluster: cluster.clone() }),
        ViewKind::Tasks { cluster, .. } => Some(Load::Tasks { cluster: cluster.clone(), filter: view.task_filter()? }),
        ViewKind::Containers { cluster, task } => {
            let _ = state;
            Some(Load::Task { cluster: cluster.clone(), arn: task.clone() })
        }
        ViewKind::Describe { .. } => None,
    }
}

/// Start loading the current view if its data is missing or older than the refresh interval
/// (`force`: regardless of age). Never starts a second request for the same resource.
pub fn refresh(state: &mut State, force: bool) -> Vec<Effect> {
    if !state.connected {
        return vec![];
    }
    let Some(load) = load_for(state, state.view()) else { return vec![] };
    if state.data.resource_pending(&load) {
        return vec![];
    }
    let max_age = if force { std::time::Duration::ZERO } else { state.settings.refresh };
    let stale = match &load {
        Load::Clusters => state.data.clusters.stale(state.now, max_age),
        Load::Services { cluster } => state.data.services.get(cluster).is_none_or(|r| r.stale(state.now, max_age)),
        Load::Tasks { cluster, filter } => {
            state.data.tasks.get(&(cluster.clone(), filter.clone())).is_none_or(|r| r.stale(state.now, max_age))
        }
        Load::Task { arn, .. } => state.data.task.get(arn).is_none_or(|r| r.stale(state.now, max_age)),
        Load::Identity => false,
    };
    if !stale {
        return vec![];
    }
    let req = state.req();
    state.data.start(&load, req);
    state.dirty = true;
    vec![Effect::Load { req, load }]
}

/// Push a view and load what it needs.
pub fn push(state: &mut State, kind: ViewKind) -> Vec<Effect> {
    state.stack.push(View::new(kind));
    state.dirty = true;
    reselect(state);
    refresh(state, false)
}

/// Enter on the selected row.
pub fn open(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else { return vec![] };
    let view = state.view().clone();
    match &view.kind {
        ViewKind::Clusters => push(state, ViewKind::Services { cluster: id }),
        ViewKind::Services { cluster } => {
            let name = arn_name(&id).to_string();
            push(state, ViewKind::Tasks { cluster: cluster.clone(), service: Some(name) })
        }
        ViewKind::Tasks { cluster, .. } => push(state, ViewKind::Containers { cluster: cluster.clone(), task: id }),
        ViewKind::Containers { .. } => describe(state),
        ViewKind::Describe { .. } => vec![],
    }
}

/// `t` on a cluster: every task of the cluster.
pub fn cluster_tasks(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else { return vec![] };
    push(state, ViewKind::Tasks { cluster: id, service: None })
}

/// Esc: clear a filter first, then go back one view (the root stays).
pub fn back(state: &mut State) -> Vec<Effect> {
    if !state.view().filter.is_empty() {
        state.view_mut().filter.clear();
        reselect(state);
        state.dirty = true;
        return vec![];
    }
    if state.stack.len() > 1 {
        state.stack.pop();
        state.dirty = true;
        reselect(state);
        return refresh(state, false);
    }
    vec![]
}

/// `d`: the selected object in full, as YAML (and JSON on toggle).
pub fn describe(state: &mut State) -> Vec<Effect> {
    let Some(id) = selected_id(state) else { return vec![] };
    let view = state.view().clone();
    let found: Option<(String, (String, String))> = match &view.kind {
        ViewKind::Clusters => find::<Cluster>(state.data.clusters.value.as_deref(), |c| c.arn == id)
            .map(|c| (format!("cluster {}", c.name), to_value(c))),
        ViewKind::Services { cluster } => state
            .data
            .services
            .get(cluster)
            .and_then(|r| find::<Service>(r.value.as_deref(), |s| s.arn == id))
            .map(|s| (format!("service {}", s.name), to_value(s))),
        ViewKind::Tasks { cluster, .. } => {
            task_of(state, cluster, &id).map(|t| (format!("task {}", t.short_id()), to_value(t)))
        }
        ViewKind::Containers { cluster, task } => task_of(state, cluster, task)
            .and_then(|t| t.containers.iter().find(|c| c.name == id))
            .map(|c| (format!("container {}", c.name), to_value(c))),
        ViewKind::Describe { .. } => None,
    };
    let Some((title, (yaml, json))) = found else { return vec![] };
    push(state, ViewKind::Describe { title, yaml, json })
}

fn find<T>(items: Option<&[T]>, pred: impl Fn(&T) -> bool) -> Option<&T> {
    items.and_then(|v| v.iter().find(|x| pred(x)))
}

fn to_value<T: serde::Serialize>(v: &T) -> (String, String) {
    crate::model::describe_text(v)
}

/// Replace the stack by `[clusters, kind]` (command-mode jumps).
pub fn jump(state: &mut State, kind: Option<ViewKind>) -> Vec<Effect> {
    state.stack.truncate(1);
    state.mode = super::Mode::Normal;
    state.dirty = true;
    match kind {
        Some(k) => push(state, k),
        None => refresh(state, false),
    }
}

/// The cluster ARN for a name typed by the user (the name itself if not loaded: ECS accepts both).
pub fn cluster_by_name(state: &State, name: &str) -> String {
    state
        .data
        .clusters
        .value
        .as_deref()
        .and_then(|cs| cs.iter().find(|c| c.name == name || c.arn == name))
        .map(|c| c.arn.clone())
        .unwrap_or_else(|| name.to_string())
}

pub fn need_cluster(state: &mut State, what: &str) -> Option<String> {
    let c = state.view().cluster().map(str::to_string);
    if c.is_none() {
        state.flash(Level::Warn, format!("{what} needs a cluster: open one first, or give its name"));
    }
    c
}
