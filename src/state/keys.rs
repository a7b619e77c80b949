//! Keys: text input in filter and command mode, the help overlay, and keymap actions otherwise.
use super::command::{self, Candidates, Command};
use super::nav::{self, Move};
use super::{DescribeFormat, Effect, Level, Mode, State, ViewKind};
use crate::config::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    // Ctrl-C always quits, whatever mode the keyboard is in.
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.quit = true;
        return vec![Effect::Quit];
    }
    match state.mode.clone() {
        Mode::Filter { input } => filter_key(state, input, key),
        Mode::Command { input, .. } => command_key(state, input, key),
        Mode::Help { scroll } => help_key(state, scroll, key),
        Mode::Normal => match state.keymap.action(state.view().context(), &key) {
            Some(action) => act(state, action),
            None => vec![],
        },
    }
}

/// Edit a line of text; returns None when the key is not an edit.
fn edit(input: &mut String, key: &KeyEvent) -> Option<()> {
    match key.code {
        KeyCode::Backspace => {
            input.pop();
        }
        KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => input.clear(),
        KeyCode::Char('w') if key.modifiers.contains(KeyModifiers::CONTROL) => {
            let trimmed = input.trim_end().len();
            let cut = input[..trimmed].rfind(' ').map(|i| i + 1).unwrap_or(0);
            input.truncate(cut);
        }
        KeyCode::Char(c) if !key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) => input.push(c),
        _ => return None,
    }
    Some(())
}

fn filter_key(state: &mut State, mut input: String, key: KeyEvent) -> Vec<Effect> {
    match key.code {
        KeyCode::Esc => {
            state.view_mut().filter.clear();
            state.mode = Mode::Normal;
        }
        KeyCode::Enter => state.mode = Mode::Normal,
        KeyCode::Up | KeyCode::Down => {
            state.mode = Mode::Normal;
            let m = if key.code == KeyCode::Up { Move::By(-1) } else { Move::By(1) };
            nav::move_selection(state, m);
            return vec![];
        }
        _ => {
            if edit(&mut input, &key).is_none() {
                return vec![];
            }
            state.view_mut().filter = input.clone();
            state.mode = Mode::Filter { input };
        }
    }
    state.view_mut().selected = 0;
    state.view_mut().selected_id = None;
    nav::reselect(state);
    state.dirty = true;
    vec![]
}

fn command_key(state: &mut State, mut input: String, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    match key.code {
        KeyCode::Esc => {
            state.mode = Mode::Normal;
            vec![]
        }
        KeyCode::Enter => {
            state.mode = Mode::Normal;
            if input.trim().is_empty() {
                return vec![];
            }
            match command::parse_command(&input) {
                Ok(cmd) => run(state, cmd),
                Err(e) => {
                    state.flash(Level::Error, e);
                    vec![]
                }
            }
        }
        KeyCode::Tab => {
            let (out, hint) = {
                let names = candidates(state);
                command::complete(&input, &names)
            };
            state.mode = Mode::Command { input: out, hint };
            vec![]
        }
        _ => {
            if edit(&mut input, &key).is_some() {
                state.mode = Mode::Command { input, hint: vec![] };
            }
            vec![]
        }
    }
}

fn candidates(state: &State) -> Candidates<'_> {
    let clusters = state.data.clusters.value.as_deref().unwrap_or(&[]).iter().map(|c| c.name.as_str()).collect();
    let services = state
        .view()
        .cluster()
        .and_then(|c| state.data.services.get(c))
        .and_then(|r| r.value.as_deref())
        .unwrap_or(&[])
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    Candidates {
        clusters,
        services,
        profiles: state.profiles.iter().map(String::as_str).collect(),
        themes: state.settings.themes.iter().map(String::as_str).collect(),
    }
}

fn run(state: &mut State, cmd: Command) -> Vec<Effect> {
    match cmd {
        Command::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
        Command::Help => {
            state.mode = Mode::Help { scroll: 0 };
            vec![]
        }
        Command::Clusters => nav::jump(state, None),
        Command::Services(name) => {
            let cluster = match name {
                Some(n) => nav::cluster_by_name(state, &n),
                None => match nav::need_cluster(state, ":services") {
                    Some(c) => c,
                    None => return vec![],
                },
            };
            nav::jump(state, Some(ViewKind::Services { cluster }))
        }
        Command::Tasks(service) => {
            let Some(cluster) = nav::need_cluster(state, ":tasks") else { return vec![] };
            let mut effects = nav::jump(state, Some(ViewKind::Services { cluster: cluster.clone() }));
            effects.extend(nav::push(state, ViewKind::Tasks { cluster, service }));
            effects
        }
        Command::Theme(name) => {
            if state.settings.themes.iter().any(|t| t == &name) {
                state.theme = name.clone();
                state.flash(Level::Info, format!("theme {name}"));
            } else {
                let known = state.settings.themes.join(", ");
                state.flash(Level::Error, format!("no theme `{name}` (known: {known})"));
            }
            vec![]
        }
        Command::Profile(p) => switch(state, Some(p), state.target.region.clone()),
        Command::Region(r) => switch(state, state.target.profile.clone(), Some(r)),
    }
}

fn switch(state: &mut State, profile: Option<String>, region: Option<String>) -> Vec<Effect> {
    if state.target.demo {
        state.flash(Level::Warn, "demo mode: profiles and regions are those of the simulator");
        return vec![];
    }
    state.flash(
        Level::Info,
        format!(
            "connecting to {} · {}…",
            profile.as_deref().unwrap_or("default"),
            region.as_deref().unwrap_or("default region")
        ),
    );
    vec![Effect::Connect { profile, region }]
}

fn help_key(state: &mut State, scroll: u16, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    let action = state.keymap.action(crate::config::Context::Global, &key);
    state.mode = match (key.code, action) {
        (KeyCode::Esc, _) | (_, Some(Action::Help)) | (_, Some(Action::Quit)) | (_, Some(Action::Back)) => Mode::Normal,
        (_, Some(Action::Down)) => Mode::Help { scroll: scroll.saturating_add(1) },
        (_, Some(Action::Up)) => Mode::Help { scroll: scroll.saturating_sub(1) },
        (_, Some(Action::PageDown)) => Mode::Help { scroll: scroll.saturating_add(10) },
        (_, Some(Action::PageUp)) => Mode::Help { scroll: scroll.saturating_sub(10) },
        (_, Some(Action::Top)) => Mode::Help { scroll: 0 },
        _ => Mode::Help { scroll },
    };
    vec![]
}

pub fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => {
            state.quit = true;
            vec![Effect::Quit]
        }
        Action::Back => nav::back(state),
        Action::Open => nav::open(state),
        Action::Describe => nav::describe(state),
        Action::ClusterTasks => nav::cluster_tasks(state),
        Action::Filter => {
            if !matches!(state.view().kind, ViewKind::Describe { .. }) {
                state.mode = Mode::Filter { input: state.view().filter.clone() };
                state.dirty = true;
            }
            vec![]
        }
        Action::Command => {
            state.mode = Mode::Command { input: String::new(), hint: vec![] };
            state.dirty = true;
            vec![]
        }
        Action::Help => {
            state.mode = Mode::Help { scroll: 0 };
            state.dirty = true;
            vec![]
        }
        Action::Refresh if !state.connected => {
            state.setup_error = None;
            state.flash(Level::Info, "connecting…");
            vec![Effect::Connect { profile: state.target.profile.clone(), region: state.target.region.clone() }]
        }
        Action::Refresh => {
            let effects = nav::refresh(state, true);
            if effects.is_empty() && nav::load_for(state, state.view()).is_some() {
                state.flash(Level::Info, "already refreshing");
            }
            effects
        }
        Action::Up => nav_move(state, Move::By(-1)),
        Action::Down => nav_move(state, Move::By(1)),
        Action::PageUp => nav_move(state, Move::Page(-1)),
        Action::PageDown => nav_move(state, Move::Page(1)),
        Action::Top => nav_move(state, Move::Top),
        Action::Bottom => nav_move(state, Move::Bottom),
        Action::SortNext | Action::SortReverse => {
            let Some(table) = nav::table_of(state, state.view()) else { return vec![] };
            let n = table.columns.len().max(1);
            let v = state.view_mut();
            if action == Action::SortNext {
                v.sort.column = (v.sort.column + 1) % n;
                v.sort.reverse = false;
            } else {
                v.sort.reverse = !v.sort.reverse;
            }
            let label =
                format!("sorted by {}{}", table.columns[v.sort.column].title, if v.sort.reverse { " ↓" } else { " ↑" });
            nav::reselect(state);
            state.flash(Level::Info, label);
            vec![]
        }
        Action::ToggleStopped => {
            if !matches!(state.view().kind, ViewKind::Tasks { .. }) {
                return vec![];
            }
            let v = state.view_mut();
            v.stopped = !v.stopped;
            v.selected = 0;
            v.selected_id = None;
            v.sort = Default::default();
            state.dirty = true;
            nav::reselect(state);
            nav::refresh(state, false)
        }
        Action::ToggleFormat => {
            let v = state.view_mut();
            if matches!(v.kind, ViewKind::Describe { .. }) {
                v.format = match v.format {
                    DescribeFormat::Yaml => DescribeFormat::Json,
                    DescribeFormat::Json => DescribeFormat::Yaml,
                };
                v.offset = 0;
                state.dirty = true;
            }
            vec![]
        }
    }
}

fn nav_move(state: &mut State, to: Move) -> Vec<Effect> {
    nav::move_selection(state, to);
    vec![]
}
