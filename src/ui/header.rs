//! The top two lines: where we are (target and breadcrumbs), data age or a spinner, and the
//! current view's title with counts, filter and sort.
use crate::config::Theme;
use crate::model::{age, arn_name};
use crate::state::{State, ViewKind};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

const SPINNER: [&str; 8] = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"];

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut crumbs: Vec<String> = Vec::new();
    for v in &state.stack {
        match &v.kind {
            ViewKind::Clusters => {}
            ViewKind::Services { cluster } => crumbs.push(arn_name(cluster).to_string()),
            ViewKind::Tasks { cluster, service } => {
                if crumbs.is_empty() {
                    crumbs.push(arn_name(cluster).to_string());
                }
                crumbs.push(service.clone().unwrap_or_else(|| "all tasks".into()));
            }
            ViewKind::Containers { task, .. } => crumbs.push(crate::model::short_id(task).to_string()),
            ViewKind::Describe { title, .. } => crumbs.push(title.clone()),
        }
    }
    let right = if state.loading() {
        format!("{} loading ", SPINNER[state.spinner % SPINNER.len()])
    } else if let Some(at) = state.data.status(state.view()).loaded_at {
        format!("updated {} ago ", age(at, state.now))
    } else {
        String::new()
    };
    let mut left =
        vec![Span::styled(" bosun ", theme.title), Span::styled(format!(" {} ", state.target.label()), theme.header)];
    if state.settings.read_only {
        left.push(Span::styled(" read-only ", theme.warn));
    }
    for c in crumbs {
        left.push(Span::styled(" › ", theme.muted));
        left.push(Span::styled(c, theme.accent));
    }
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width());
    left.push(Span::raw(" ".repeat(pad)));
    left.push(Span::styled(right, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(left)).style(theme.text), area);
}

pub fn render_title(
    state: &State,
    theme: &Theme,
    frame: &mut Frame,
    area: Rect,
    shown: Option<(&crate::table::Table, &[usize])>,
) {
    let view = state.view();
    let mut spans = vec![Span::styled(format!(" {} ", view.title()), theme.title)];
    if let Some((table, visible)) = shown {
        let shown = visible.len();
        let total = table.rows.len();
        let count = if shown == total { format!(" {total} ") } else { format!(" {shown}/{total} ") };
        spans.push(Span::styled(count, theme.accent));
        if let Some(col) = table.columns.get(view.sort.column) {
            let arrow = if view.sort.reverse { "↓" } else { "↑" };
            spans.push(Span::styled(format!(" sort {}{arrow} ", col.title.to_lowercase()), theme.muted));
        }
        let problems = table.rows.iter().filter(|r| r.health == crate::table::Tone::Error).count();
        if problems > 0 {
            spans.push(Span::styled(format!(" {problems} need attention "), theme.error));
        }
    }
    if !view.filter.is_empty() {
        spans.push(Span::styled(format!(" /{} ", view.filter), theme.warn));
    }
    if let ViewKind::Describe { .. } = view.kind {
        let f = match view.format {
            crate::state::DescribeFormat::Yaml => "yaml",
            crate::state::DescribeFormat::Json => "json",
        };
        spans.push(Span::styled(format!(" {f} "), theme.muted));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.border), area);
}
