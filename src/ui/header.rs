//! The top two lines: where we are (target and breadcrumbs) and the data's age, a spinner or
//! the load's progress; then the current view's title with counts, filter and sort.
use crate::config::Theme;
use crate::model::age;
use crate::state::State;
use crate::views::Body;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

const SPINNER: [&str; 8] = ["⣾", "⣽", "⣻", "⢿", "⡿", "⣟", "⣯", "⣷"];

pub fn render(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let mut crumbs: Vec<String> = Vec::new();
    for (i, entry) in state.stack.iter().enumerate() {
        let parent = i.checked_sub(1).map(|p| &state.stack[p].view);
        crumbs.extend(entry.view.screen().crumbs(parent));
    }
    let status = state.view().status(&state.data);
    let right = match (state.loading(), status.progress) {
        (true, Some(p)) if p.listed > 0 => {
            let of = if p.listing_done { format!("{}", p.listed) } else { format!("{}+", p.listed) };
            format!("{} loading {} / {of} ", SPINNER[state.spinner % SPINNER.len()], p.described)
        }
        (true, _) => format!("{} loading ", SPINNER[state.spinner % SPINNER.len()]),
        (false, _) => status.loaded_at.map(|at| format!("updated {} ago ", age(at, state.now))).unwrap_or_default(),
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
    // The alarms in ALARM across the region, on every view; like the age, never cut.
    let badge = alarm_badge(state, theme);
    let badge_width = badge.as_ref().map_or(0, |b| b.content.width());
    // The age always stays readable: the breadcrumbs give way (cut with …), never the age.
    let room = (area.width as usize).saturating_sub(right.width() + badge_width + 1);
    let left = fit_spans(left, room);
    let used: usize = left.iter().map(|s| s.content.width()).sum();
    let pad = (area.width as usize).saturating_sub(used + right.width() + badge_width);
    let mut spans = left;
    spans.push(Span::raw(" ".repeat(pad)));
    spans.extend(badge);
    spans.push(Span::styled(right, theme.muted));
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.text), area);
}

/// `✖ 3 in ALARM` when alarms fire, `alarms unreadable` when they could not be loaded at all;
/// nothing when none fire (or before they are loaded).
fn alarm_badge(state: &State, theme: &Theme) -> Option<Span<'static>> {
    match state.data.alarms_firing() {
        Some(0) => None,
        Some(n) => Some(Span::styled(format!(" ✖ {n} in ALARM "), theme.error)),
        None if state.data.alarms.error.is_some() => Some(Span::styled(" alarms unreadable ", theme.muted)),
        None => None,
    }
}

/// Keep spans within `room` cells, cutting the last one that does not fit with `…`.
fn fit_spans(spans: Vec<Span<'static>>, room: usize) -> Vec<Span<'static>> {
    let mut out = Vec::new();
    let mut used = 0;
    for s in spans {
        let w = s.content.width();
        if used + w <= room {
            used += w;
            out.push(s);
            continue;
        }
        let left = room.saturating_sub(used);
        if left > 1 {
            let mut cut = String::new();
            let mut cw = 0;
            for c in s.content.chars() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if cw + w + 1 > left {
                    break;
                }
                cut.push(c);
                cw += w;
            }
            cut.push('…');
            out.push(Span::styled(cut, s.style));
        }
        break;
    }
    out
}

/// A list's count, sort, marks and filter for the title; `compact` drops the sort and the
/// marks' words.
fn list_spans(list: &crate::views::ListState, theme: &Theme, compact: bool) -> Vec<Span<'static>> {
    let mut spans = Vec::new();
    if let Some(rows) = &list.rows {
        let shown = rows.visible.len();
        let total = rows.table.rows.len();
        let count = if shown == total { format!(" {total} ") } else { format!(" {shown}/{total} ") };
        spans.push(Span::styled(count, theme.accent));
        let sort = list.sort();
        if let Some(col) = rows.table.columns.get(sort.column).filter(|_| !compact) {
            let arrow = if sort.reverse { "↓" } else { "↑" };
            spans.push(Span::styled(format!(" sort {}{arrow} ", col.title.to_lowercase()), theme.muted));
        }
        let (need, watch) = if compact { ("", "") } else { (" need attention", " to watch") };
        if rows.problems > 0 {
            spans.push(Span::styled(format!(" ✖ {}{need} ", rows.problems), theme.error));
        }
        if rows.warnings > 0 {
            spans.push(Span::styled(format!(" ▲ {}{watch} ", rows.warnings), theme.warn));
        }
    }
    if !list.filter.is_empty() {
        spans.push(Span::styled(format!(" /{} ", list.filter), theme.warn));
    }
    spans
}

pub fn render_title(state: &State, theme: &Theme, frame: &mut Frame, area: Rect) {
    let view = state.view();
    let screen = view.screen();
    let mut spans = vec![Span::styled(format!(" {} ", screen.title()), theme.title)];
    match screen.body() {
        Body::List(list) => {
            // In full when it fits; else the sort goes and the marks keep only their counts, so
            // the filter (what hides rows) is never the part cut.
            let full = list_spans(list, theme, false);
            let width = |s: &[Span]| s.iter().map(|s| s.content.width()).sum::<usize>();
            if width(&spans) + width(&full) <= area.width as usize {
                spans.extend(full);
            } else {
                spans.extend(list_spans(list, theme, true));
            }
        }
        Body::Text(text) => {
            for label in screen.labels() {
                spans.push(Span::styled(format!(" {label} "), theme.muted));
            }
            if !text.search.is_empty() {
                let n = text.matches.len();
                let lines = if n == 1 { "line" } else { "lines" };
                spans.push(Span::styled(format!(" /{} ({n} {lines}) ", text.search), theme.warn));
            }
            if !text.wrap {
                spans.push(Span::styled(" nowrap ", theme.muted));
            }
        }
        Body::Strategy(editor) => {
            let errors = editor.verdict().errors().count();
            if errors > 0 {
                let what = if errors == 1 { "problem" } else { "problems" };
                spans.push(Span::styled(format!(" ✖ {errors} {what}: Enter proposes nothing "), theme.error));
            } else {
                spans.push(Span::styled(" ✓ passes ECS's rules ", theme.ok));
            }
        }
        Body::Service(panes) => {
            let counted = panes.detail().map(|d| &d.mix.actual);
            if let Some(crate::views::service::Actual::Loading) = counted {
                spans.push(Span::styled(" loading its tasks… ", theme.muted));
            }
        }
        Body::Rollout(_) => {
            // Say when the watch refreshes faster than the setting.
            if let Some(every) = screen.refresh_every().filter(|e| *e < state.settings.refresh) {
                spans.push(Span::styled(format!(" refreshing every {}s ", every.as_secs()), theme.muted));
            }
        }
        Body::Logs(v) => {
            for label in screen.labels() {
                spans.push(Span::styled(format!(" {label} "), theme.muted));
            }
            let kept = v.buffer.len();
            let shown = v.shown();
            let count = if shown == kept { format!(" {kept} lines ") } else { format!(" {shown}/{kept} lines ") };
            spans.push(Span::styled(count, theme.accent));
            if v.buffer.dropped() > 0 {
                let text = format!(" ▲ {} oldest dropped (keeps {}) ", v.buffer.dropped(), v.buffer.capacity());
                spans.push(Span::styled(text, theme.warn));
            }
            if !v.filter.is_empty() {
                let how = if v.narrow { "" } else { " marking" };
                spans.push(Span::styled(format!(" /{}{how} ", v.filter.input), theme.warn));
            }
        }
        Body::Cluster(panes) => {
            // The instances that want a look, counted from the rows that carry the marks.
            if let Some(d) = panes.detail() {
                let lost = d.instances.iter().filter(|r| r.disconnected).count();
                let draining = d.instances.iter().filter(|r| r.draining).count();
                if lost > 0 {
                    let agents = if lost == 1 { "agent" } else { "agents" };
                    spans.push(Span::styled(format!(" ✖ {lost} {agents} disconnected "), theme.error));
                }
                if draining > 0 {
                    spans.push(Span::styled(format!(" ▲ {draining} draining "), theme.warn));
                }
            }
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)).style(theme.border), area);
}
