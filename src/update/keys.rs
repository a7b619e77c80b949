//! Keys go to the top layer (filter, search, command line, help); with no layer, the keymap
//! turns them into actions for the view on screen. A key that does nothing here says so.
use super::command;
use super::nav;
use super::{actions, guard};
use crate::config::{Action, Context, KeySpec};
use crate::state::{Effect, Layer, Level, Prompt, State};
use crate::views::{Acted, Move};
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn is_ctrl_c(key: &KeyEvent) -> bool {
    key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL)
}

fn quit(state: &mut State) -> Vec<Effect> {
    state.quit = true;
    vec![Effect::Quit]
}

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    if key.kind == KeyEventKind::Release {
        return vec![];
    }
    // A key after a flash means the user moved on: the flash has been read.
    state.flash = None;
    match state.layers.last().cloned() {
        Some(Layer::Filter { input }) => filter_key(state, input, key),
        Some(Layer::Search { input }) => search_key(state, input, key),
        Some(Layer::Command { input, .. }) => command_key(state, input, key),
        Some(Layer::Help { scroll }) => help_key(state, scroll, key),
        Some(Layer::Confirm(_)) => confirm_key(state, key),
        Some(Layer::Prompt(p)) => prompt_key(state, p, key),
        None => {
            let typed = {
                let State { stack, data, .. } = state;
                stack.last_mut().expect("navigation stack is never empty").view.screen_mut().input(&key, data)
            };
            if let Some(acted) = typed {
                return acted_on(state, acted);
            }
            let ctx = state.view().screen().context();
            match state.keymap.action(ctx, &key) {
                Some(action) if state.view().offers(action) => act(state, action),
                Some(action) => {
                    not_here(state, action, &key);
                    vec![]
                }
                // Ctrl-C quits even if a user keymap unbound it: the way out must always work.
                None if is_ctrl_c(&key) => quit(state),
                None => {
                    unbound(state, &key);
                    vec![]
                }
            }
        }
    }
}

/// A bound key whose action has no meaning in this view: say what it is and where it works.
fn not_here(state: &mut State, action: Action, key: &KeyEvent) {
    let name = KeySpec::from_event(key).map(|k| k.to_string()).unwrap_or_default();
    let places: Vec<&str> = Context::all()
        .iter()
        .filter(|c| **c != Context::Global && state.keymap.action(**c, key) == Some(action))
        .map(|c| c.name())
        .collect();
    let here = state.view().screen().context().name();
    let places = places.into_iter().filter(|p| *p != here).collect::<Vec<_>>();
    let text = if places.is_empty() {
        format!("{name} ({}) does nothing in {here}", action.description())
    } else {
        format!("{name} ({}) works in {} — not in {here}", action.description(), places.join(", "))
    };
    state.flash(Level::Info, text);
}

/// A key this view's table and `[global]` do not bind: k9s reflexes get a word on where bosun
/// has them (or not yet); a key another view binds says where it works.
fn unbound(state: &mut State, key: &KeyEvent) {
    let Some(name) = KeySpec::from_event(key).map(|k| k.to_string()) else { return };
    let reflex = match name.as_str() {
        "s" => Some("s (shell): ECS Exec is not on screen yet".to_string()),
        "l" => Some("l (logs): select a service, a task or a container first (or :logs GROUP)".to_string()),
        "ctrl-d" => Some("ctrl-d: bosun deletes nothing (stop a task with ctrl-k in a task list)".to_string()),
        "ctrl-k" => Some("ctrl-k (kill): stops a task — select one in a task list".to_string()),
        _ => None,
    };
    let elsewhere = Context::all().iter().find_map(|c| state.keymap.action(*c, key).map(|a| (*c, a)));
    match (reflex, elsewhere) {
        (Some(r), Some((ctx, action))) => {
            state.flash(Level::Info, format!("{r} (in {}, {name} means: {})", ctx.name(), action.description()))
        }
        (Some(r), None) => state.flash(Level::Info, r),
        (None, Some((_, action))) => not_here(state, action, key),
        (None, None) => state.flash(Level::Info, format!("{name} does nothing here — ? lists the keys")),
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

/// Pasted text goes to the line being typed; elsewhere it would be a storm of key actions.
pub fn on_paste(state: &mut State, text: &str) -> Vec<Effect> {
    // One line: a pasted newline must not run a command.
    let text: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    let text = text.trim();
    match state.layers.last_mut() {
        Some(Layer::Filter { input }) | Some(Layer::Search { input }) | Some(Layer::Command { input, .. }) => {
            input.push_str(text);
        }
        Some(Layer::Prompt(p)) => {
            p.input.push_str(text);
            p.problem = actions::check(&p.ask, &p.input);
        }
        Some(Layer::Confirm(c)) if c.protect.is_some() => {
            c.typed.push_str(text);
            c.refusal = None;
        }
        _ => {
            state.flash(Level::Info, "paste goes into / (filter) or : (command) — type one first");
            return vec![];
        }
    }
    match state.layers.last().cloned() {
        Some(Layer::Filter { input }) => set_filter(state, input),
        Some(Layer::Search { input }) => set_search(state, input),
        _ => {}
    }
    state.dirty = true;
    vec![]
}

fn set_filter(state: &mut State, input: String) {
    super::logs::filter_typed(state, &input);
    if let Some(list) = state.view_mut().list_mut() {
        list.filter = input;
        list.selected = 0;
        list.selected_id = None;
    }
}

fn set_search(state: &mut State, input: String) {
    if let Some(text) = state.view_mut().screen_mut().text_mut() {
        text.search = input;
        text.find();
        let offset = text.offset;
        // Show the first match from where the reader is.
        if !text.matches.contains(&offset) {
            text.jump(true);
        }
    }
}

fn filter_key(state: &mut State, mut input: String, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    match key.code {
        _ if is_ctrl_c(&key) => return quit(state),
        KeyCode::Esc => {
            state.layers.pop();
            set_filter(state, String::new());
            super::logs::filter_done(state);
        }
        KeyCode::Enter => {
            state.layers.pop();
            super::logs::filter_done(state);
        }
        KeyCode::Up | KeyCode::Down => {
            state.layers.pop();
            super::logs::filter_done(state);
            nav::move_by(state, if key.code == KeyCode::Up { Move::By(-1) } else { Move::By(1) });
        }
        _ => {
            if edit(&mut input, &key).is_some() {
                set_filter(state, input.clone());
                *state.layers.last_mut().expect("filter layer") = Layer::Filter { input };
            }
        }
    }
    vec![]
}

fn search_key(state: &mut State, mut input: String, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    match key.code {
        _ if is_ctrl_c(&key) => return quit(state),
        KeyCode::Esc => {
            state.layers.pop();
            set_search(state, String::new());
        }
        KeyCode::Enter => {
            state.layers.pop();
        }
        _ => {
            if edit(&mut input, &key).is_some() {
                set_search(state, input.clone());
                *state.layers.last_mut().expect("search layer") = Layer::Search { input };
            }
        }
    }
    vec![]
}

fn command_key(state: &mut State, mut input: String, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    match key.code {
        _ if is_ctrl_c(&key) => quit(state),
        KeyCode::Esc => {
            state.layers.pop();
            vec![]
        }
        KeyCode::Enter => {
            state.layers.pop();
            if input.trim().is_empty() {
                return vec![];
            }
            match command::parse_command(&input) {
                Ok(cmd) => command::run(state, cmd),
                Err(e) => {
                    state.flash(Level::Error, e);
                    vec![]
                }
            }
        }
        KeyCode::Tab => {
            let (out, hint) = {
                let names = command::candidates(state);
                command::complete(&input, &names)
            };
            *state.layers.last_mut().expect("command layer") = Layer::Command { input: out, hint };
            vec![]
        }
        _ => {
            if edit(&mut input, &key).is_some() {
                *state.layers.last_mut().expect("command layer") = Layer::Command { input, hint: vec![] };
            }
            vec![]
        }
    }
}

/// The confirm dialog: Enter sends (a protected target's name typed first), Esc and Ctrl-C
/// cancel — Ctrl-C does not quit from here, a reflex must not be what sends or loses a change.
fn confirm_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    if is_ctrl_c(&key) || key.code == KeyCode::Esc {
        guard::cancel(state);
        return vec![];
    }
    if key.code == KeyCode::Enter {
        return guard::confirm(state);
    }
    if let Some(Layer::Confirm(c)) = state.layers.last_mut() {
        if c.protect.is_some() {
            if edit(&mut c.typed, &key).is_some() {
                c.refusal = None;
            }
        } else {
            // Every other key does nothing here: say what does.
            c.refusal = Some("Enter sends it, Esc cancels".into());
        }
    }
    vec![]
}

/// A one-line question (a desired count, a stop reason): checked as typed, Enter answers.
fn prompt_key(state: &mut State, mut p: Prompt, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    if is_ctrl_c(&key) || key.code == KeyCode::Esc {
        state.layers.pop();
        state.flash(Level::Info, "cancelled: nothing was sent");
        return vec![];
    }
    if key.code == KeyCode::Enter {
        if let Some(problem) = actions::check(&p.ask, &p.input) {
            p.problem = Some(problem);
            *state.layers.last_mut().expect("prompt layer") = Layer::Prompt(p);
            return vec![];
        }
        state.layers.pop();
        return actions::answer(state, p.ask, &p.input);
    }
    if edit(&mut p.input, &key).is_some() {
        p.problem = actions::check(&p.ask, &p.input);
    }
    *state.layers.last_mut().expect("prompt layer") = Layer::Prompt(p);
    vec![]
}

fn help_key(state: &mut State, scroll: u16, key: KeyEvent) -> Vec<Effect> {
    state.dirty = true;
    if is_ctrl_c(&key) {
        return quit(state);
    }
    let ctx = state.view().screen().context();
    let next = match (key.code, state.keymap.action(ctx, &key)) {
        (KeyCode::Esc, _) | (_, Some(Action::Help)) | (_, Some(Action::Quit)) | (_, Some(Action::Back)) => None,
        (_, Some(Action::Down)) => Some(scroll.saturating_add(1)),
        (_, Some(Action::Up)) => Some(scroll.saturating_sub(1)),
        (_, Some(Action::PageDown)) => Some(scroll.saturating_add(10)),
        (_, Some(Action::PageUp)) => Some(scroll.saturating_sub(10)),
        (_, Some(Action::Top)) => Some(0),
        _ => Some(scroll),
    };
    match next {
        Some(scroll) => *state.layers.last_mut().expect("help layer") = Layer::Help { scroll },
        None => {
            state.layers.pop();
        }
    }
    vec![]
}

pub fn act(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Quit => quit(state),
        Action::Back => nav::back(state),
        Action::Open => nav::open(state),
        Action::Describe => nav::describe(state),
        Action::Filter => {
            let search = state.view_mut().screen_mut().text_mut().map(|t| t.search.clone());
            let layer = match search {
                Some(input) => Layer::Search { input },
                None => Layer::Filter {
                    input: super::logs::filter_input(state)
                        .or_else(|| state.view().list().map(|l| l.filter.clone()))
                        .unwrap_or_default(),
                },
            };
            state.layers.push(layer);
            state.dirty = true;
            vec![]
        }
        Action::Command => {
            state.layers.push(Layer::Command { input: String::new(), hint: vec![] });
            state.dirty = true;
            vec![]
        }
        Action::Help => {
            state.layers.push(Layer::Help { scroll: 0 });
            state.dirty = true;
            vec![]
        }
        Action::Refresh if super::logs::is_on_screen(state) && state.connected => super::logs::refresh(state),
        Action::Refresh if !state.connected => {
            state.setup_error = None;
            state.flash(Level::Info, "connecting…");
            command::connect(state, state.target.profile.clone(), state.target.region.clone())
        }
        Action::Refresh => {
            let effects = nav::refresh(state, true);
            if effects.is_empty() {
                state.flash(Level::Info, "already refreshing");
            }
            effects
        }
        Action::Up => move_by(state, Move::By(-1)),
        Action::Down => move_by(state, Move::By(1)),
        Action::PageUp => move_by(state, Move::Page(-1)),
        Action::PageDown => move_by(state, Move::Page(1)),
        Action::Top => move_by(state, Move::Top),
        Action::Bottom => move_by(state, Move::Bottom),
        Action::SortNext | Action::SortReverse => sort(state, action),
        Action::Deploy => actions::deploy(state, None),
        Action::Scale => actions::scale(state, None),
        Action::StopTask => actions::stop(state, None, true),
        Action::Rollback => actions::rollback(state, None),
        Action::Strategy => actions::strategy(state, None),
        Action::EnableExec => actions::enable_exec(state, None),
        Action::Watch => actions::watch(state, None),
        Action::Journal => actions::journal(state),
        Action::Logs => super::logs::open(state),
        Action::SaveLog => super::logs::save(state),
        Action::CopyLine => super::logs::copy(state),
        _ => {
            let State { stack, data, .. } = state;
            let view = &mut stack.last_mut().expect("navigation stack is never empty").view;
            let acted = view.screen_mut().act(action, data);
            acted_on(state, acted)
        }
    }
}

/// Carry out what a view answered to a key or an action.
fn acted_on(state: &mut State, acted: Acted) -> Vec<Effect> {
    match acted {
        Acted::Done { reload } => {
            state.dirty = true;
            if reload { nav::refresh(state, false) } else { vec![] }
        }
        Acted::Open(v) => nav::push(state, *v),
        Acted::Said(text) => {
            state.flash(Level::Info, text);
            vec![]
        }
        Acted::Propose(m) => guard::propose(state, m),
        Acted::NotHere => vec![],
    }
}

fn move_by(state: &mut State, to: Move) -> Vec<Effect> {
    nav::move_by(state, to);
    vec![]
}

fn sort(state: &mut State, action: Action) -> Vec<Effect> {
    let Some(list) = state.view_mut().list_mut() else { return vec![] };
    let Some(columns) = list.rows.as_ref().map(|r| r.table.columns) else { return vec![] };
    let mut sort = list.sort();
    if action == Action::SortNext {
        sort.column = (sort.column + 1) % columns.len().max(1);
        sort.reverse = false;
    } else {
        sort.reverse = !sort.reverse;
    }
    list.sort = Some(sort);
    let label = format!("sorted by {}{}", columns[sort.column].title, if sort.reverse { " ↓" } else { " ↑" });
    state.flash(Level::Info, label);
    vec![]
}
