//! The loop: one task owns the state; it reacts to keys, worker replies, timers and signals,
//! runs the effects `update` returns, and draws when something changed (at most ~60 frames/s).
use crate::config::Themes;
use crate::connect::{Backend, connect, profile_names};
use crate::state::{Effect, Msg, State, update};
use crate::worker::Worker;
use crate::{tui, ui};
use chrono::Utc;
use color_eyre::Result;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use std::time::Duration;
use tokio::sync::mpsc;
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
}

pub async fn run(launch: Launch) -> Result<()> {
    let Launch { backend, mut state, themes, concurrency, no_color } = launch;
    let mut terminal = tui::enter()?;
    let _guard = tui::Guard;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    spawn_input(tx.clone());
    {
        let tx = tx.clone();
        tokio::spawn(async move {
            let _ = tx.send(Msg::Profiles(profile_names().await));
        });
    }
    let (conn_tx, mut conn_rx) = mpsc::unbounded_channel();
    let mut worker: Option<Worker> = None;
    let size = terminal.size()?;
    let mut effects = update(&mut state, Msg::Resize(size.width, size.height), Utc::now());
    effects.push(Effect::Connect { profile: state.target.profile.clone(), region: state.target.region.clone() });

    let mut sigterm = signal(tokio::signal::unix::SignalKind::terminate())?;
    let mut sighup = signal(tokio::signal::unix::SignalKind::hangup())?;
    let mut refresh = tokio::time::interval_at(Instant::now() + state.settings.refresh, state.settings.refresh);
    refresh.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut next_tick = Instant::now() + TICK_BUSY;
    let mut last_draw = Instant::now() - FRAME;

    loop {
        for effect in effects.drain(..) {
            match effect {
                Effect::Load { req, load } => match &worker {
                    Some(w) => w.spawn(req, load),
                    None => tracing::warn!(?load, "load before connecting"),
                },
                Effect::Connect { profile, region } => {
                    let backend = backend.clone();
                    let conn_tx = conn_tx.clone();
                    tokio::spawn(async move {
                        let result = connect(&backend, profile.clone(), region.clone()).await;
                        let _ = conn_tx.send((profile, region, result));
                    });
                }
                Effect::Quit => state.quit = true,
            }
        }
        if state.quit {
            break;
        }
        let now = Instant::now();
        if state.dirty && now >= last_draw + FRAME {
            let theme = themes.pick(Some(&state.theme), no_color).0;
            terminal.draw(|f| ui::render(&state, &theme, f))?;
            state.dirty = false;
            last_draw = now;
        }
        let msg = tokio::select! {
            Some(msg) = rx.recv() => msg,
            Some((profile, region, result)) = conn_rx.recv() => match result {
                Ok(conn) => {
                    worker = Some(Worker::new(conn.clients, concurrency, tx.clone()));
                    Msg::Connected { profile: conn.profile.or(profile), region: conn.region.or(region), result: Ok(()) }
                }
                Err(e) => Msg::Connected { profile, region, result: Err(e) },
            },
            _ = refresh.tick() => Msg::RefreshDue,
            _ = sleep_until(next_tick) => {
                next_tick = Instant::now() + if state.loading() { TICK_BUSY } else { TICK_IDLE };
                Msg::Tick
            }
            // Wake up to draw a frame that the rate limit held back.
            _ = sleep_until(last_draw + FRAME), if state.dirty => continue,
            _ = sigterm.recv() => break,
            _ = sighup.recv() => break,
        };
        effects = update(&mut state, msg, Utc::now());
        // Drain what is already queued so a burst of replies costs one frame.
        while let Ok(msg) = rx.try_recv() {
            effects.extend(update(&mut state, msg, Utc::now()));
        }
    }
    terminal.show_cursor()?;
    Ok(())
}

fn signal(kind: tokio::signal::unix::SignalKind) -> std::io::Result<tokio::signal::unix::Signal> {
    tokio::signal::unix::signal(kind)
}

/// Terminal events on their own task, so a slow frame never loses a key.
fn spawn_input(tx: mpsc::UnboundedSender<Msg>) {
    tokio::spawn(async move {
        let mut events = EventStream::new();
        while let Some(event) = events.next().await {
            let msg = match event {
                Ok(Event::Key(k)) => Msg::Key(k),
                Ok(Event::Resize(w, h)) => Msg::Resize(w, h),
                Ok(_) => continue,
                Err(e) => {
                    tracing::error!(error = %e, "terminal input failed");
                    break;
                }
            };
            if tx.send(msg).is_err() {
                break;
            }
        }
    });
}
