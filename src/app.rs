//! The loop: one task owns the state. It waits for a key (first), a reply, a timer or a
//! signal; applies it and a bounded slice of what is queued behind it; hands the effects to the
//! runtime; and draws when something changed (at most ~60 frames/s).
use crate::config::{Theme, Themes};
use crate::connect::Backend;
use crate::runtime::{Input, Runtime, Writer, inbox};
use crate::state::{Msg, State};
use crate::update::{command, nav, update};
use crate::{tui, ui};
use chrono::Utc;
use color_eyre::Result;
use std::time::Duration;
use tokio::signal::unix::{SignalKind, signal};
use tokio::time::{Instant, sleep_until};

const FRAME: Duration = Duration::from_millis(16);
const TICK_IDLE: Duration = Duration::from_secs(1);
const TICK_BUSY: Duration = Duration::from_millis(100);

pub struct Launch {
    pub backend: Backend,
    pub state: State,
    pub themes: Themes,
    pub concurrency: usize,
    pub no_color: bool,
    /// Where changes are journaled.
    pub journal: crate::audit::Journal,
}

pub async fn run(launch: Launch) -> Result<()> {
    let Launch { backend, mut state, themes, concurrency, no_color, journal } = launch;
    let mut terminal = tui::enter()?;
    let _guard = tui::Guard;
    let (_input, mut keys) = Input::spawn();
    let (mut runtime, mut replies) = Runtime::new(backend, concurrency, Writer::new(state.settings.read_only, journal));
    runtime.list_profiles();
    let size = terminal.size()?;
    let mut effects = update(&mut state, Msg::Resize(size.width, size.height), Utc::now());
    let (profile, region) = (state.target.profile.clone(), state.target.region.clone());
    effects.extend(command::connect(&mut state, profile, region));

    // Every way a signal can end bosun goes through the loop's exit, so the guard restores the
    // terminal.
    let mut sigterm = signal(SignalKind::terminate())?;
    let mut sighup = signal(SignalKind::hangup())?;
    let mut sigint = signal(SignalKind::interrupt())?;
    let mut sigquit = signal(SignalKind::quit())?;
    // The refresh is due one interval after the last; the interval is asked for each time, as
    // the view on screen may want a shorter one (a rollout being watched).
    let mut refreshed = Instant::now();
    let mut next_tick = Instant::now() + TICK_BUSY;
    let mut last_draw = Instant::now() - FRAME;
    // The theme is looked up when its name changes, not per frame.
    let mut theme: (String, Theme) = (state.theme.clone(), themes.pick(Some(&state.theme), no_color).0);

    loop {
        if !effects.drain(..).all(|e| runtime.run(e)) || state.quit {
            break;
        }
        let now = Instant::now();
        if state.dirty && now >= last_draw + FRAME {
            // Rows are derived before a frame if messages (batches) left them behind.
            nav::sync(&mut state);
            if theme.0 != state.theme {
                theme = (state.theme.clone(), themes.pick(Some(&state.theme), no_color).0);
            }
            if let Err(e) = tui::draw(&mut terminal, |f| ui::render(&state, &theme.1, f)) {
                // The terminal is gone (a dropped ssh session): nothing left to show.
                tracing::info!(error = %e, "terminal closed");
                break;
            }
            state.dirty = false;
            last_draw = now;
        }
        let msg = tokio::select! {
            biased;
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
            _ = sigint.recv() => break,
            _ = sigquit.recv() => break,
            // Keys first, then replies.
            msg = inbox::next(&mut keys, &mut replies, &mut runtime) => match msg {
                Some(msg) => msg,
                None => continue,
            },
            _ = sleep_until(refreshed + state.refresh_interval()) => {
                refreshed = Instant::now();
                Msg::RefreshDue
            }
            _ = sleep_until(next_tick) => {
                next_tick = Instant::now() + if state.loading() { TICK_BUSY } else { TICK_IDLE };
                Msg::Tick
            }
            // Wake up to draw a frame that the rate limit held back.
            _ = sleep_until(last_draw + FRAME), if state.dirty => continue,
        };
        effects = update(&mut state, msg, Utc::now());
        effects.extend(inbox::drain(&mut state, &mut keys, &mut replies, &mut runtime, Utc::now));
    }
    let _ = terminal.show_cursor();
    Ok(())
}
