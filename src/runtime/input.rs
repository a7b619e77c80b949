//! Terminal input on its own task, so a slow frame never loses a key. It can be paused (nothing
//! reads the terminal then), for handing the whole terminal to a full-screen session.
use crate::state::Msg;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use tokio::sync::{mpsc, watch};

pub struct Input {
    paused: watch::Sender<bool>,
}

impl Input {
    /// Start reading; messages arrive on the returned channel (never behind worker replies).
    pub fn spawn() -> (Input, mpsc::UnboundedReceiver<Msg>) {
        let (tx, rx) = mpsc::unbounded_channel();
        let (paused, mut watch) = watch::channel(false);
        tokio::spawn(async move {
            loop {
                if *watch.borrow_and_update() {
                    if watch.changed().await.is_err() {
                        return;
                    }
                    continue;
                }
                // A fresh stream per resume: the old one is dropped while paused.
                let mut events = EventStream::new();
                loop {
                    tokio::select! {
                        biased;
                        changed = watch.changed() => {
                            if changed.is_err() {
                                return;
                            }
                            if *watch.borrow() {
                                break;
                            }
                        }
                        event = events.next() => {
                            let msg = match event {
                                Some(Ok(Event::Key(k))) => Msg::Key(k),
                                Some(Ok(Event::Paste(text))) => Msg::Paste(text),
                                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                                Some(Ok(_)) => continue,
                                Some(Err(e)) => {
                                    // The terminal is gone (ssh drop): say so once, quietly.
                                    tracing::info!(error = %e, "terminal input ended");
                                    let _ = tx.send(Msg::InputClosed);
                                    return;
                                }
                                None => {
                                    let _ = tx.send(Msg::InputClosed);
                                    return;
                                }
                            };
                            if tx.send(msg).is_err() {
                                return;
                            }
                        }
                    }
                }
            }
        });
        (Input { paused }, rx)
    }

    /// Stop reading the terminal until [`Input::resume`].
    pub fn pause(&self) {
        let _ = self.paused.send(true);
    }

    pub fn resume(&self) {
        let _ = self.paused.send(false);
    }
}
