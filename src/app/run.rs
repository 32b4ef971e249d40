//! The event loop: one `select!` over terminal input and background messages. The screen is
//! drawn only when `update` reports a change, so an idle screen writes nothing (there is no
//! render tick: nothing on screen depends on the passing of time alone).

use super::msg::{Command, Msg};
use super::refresh::Refreshers;
use super::state::State;
use super::update::update;
use crate::service::WorkspacesService;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::time::Duration;
use tokio::sync::mpsc;

pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    mut state: State,
    svc: WorkspacesService,
    interval: Duration,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel();
    let refreshers = Refreshers::start(svc, tx, interval);
    let mut events = EventStream::new();
    if let Ok(size) = terminal.size() {
        update(&mut state, Msg::Resize(size.width, size.height));
    }
    let mut dirty = true;
    loop {
        if dirty {
            terminal.draw(|f| crate::ui::draw(f, &state))?;
            dirty = false;
        }
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(Event::Key(k))) => Msg::Key(k),
                Some(Ok(Event::Resize(w, h))) => Msg::Resize(w, h),
                Some(Ok(_)) => continue,
                // Input closed or broken (e.g. the SSH session died): nothing more to do.
                Some(Err(_)) | None => break,
            },
            Some(msg) = rx.recv() => msg,
        };
        let mut pending = vec![msg];
        // Fold whatever else is already waiting into the same frame: many pages arriving
        // together cost one redraw, not one each.
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        for msg in pending {
            let (changed, commands) = update(&mut state, msg);
            dirty |= changed;
            for c in commands {
                match c {
                    Command::RefreshAll => refreshers.refresh_now(),
                }
            }
        }
        if state.quit {
            break;
        }
    }
    drop(refreshers);
    // Give aborted tasks a moment to unwind so no request is left mid-flight at exit.
    tokio::time::sleep(Duration::from_millis(1)).await;
    Ok(())
}
