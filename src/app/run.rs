//! The event loop: one `select!` over terminal input and background messages. The screen is
//! drawn only when `update` reports a change, so an idle screen writes nothing (there is no
//! render tick: nothing on screen depends on the passing of time alone).

use super::msg::{Command, Msg, Rows};
use super::refresh::{page, sweep_once, Intervals, Refreshers};
use super::state::State;
use super::update::update;
use crate::panes::PaneKind;
use crate::service::WorkspacesService;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::{self, UnboundedSender};

pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    mut state: State,
    svc: WorkspacesService,
    every: Intervals,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let (tx, mut rx) = mpsc::unbounded_channel();
    let refreshers = Refreshers::start(svc.clone(), tx.clone(), &every);
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
                execute(c, &refreshers, &svc, &tx);
            }
        }
        if state.quit {
            break;
        }
    }
    drop(refreshers);
    Ok(())
}

/// Start the work a command asks for; results come back as messages.
fn execute(
    c: Command,
    refreshers: &Refreshers,
    svc: &WorkspacesService,
    tx: &UnboundedSender<Msg>,
) {
    let (svc, tx) = (svc.clone(), tx.clone());
    match c {
        Command::RefreshAll => refreshers.refresh_now(),
        Command::LoadTags(resource_id) => {
            tokio::spawn(async move {
                let result = svc.describe_tags(&resource_id).await;
                let _ = tx.send(Msg::Tags {
                    resource_id,
                    result,
                });
            });
        }
        Command::LoadImageShares(image_id) => {
            tokio::spawn(async move {
                let mut accounts = vec![];
                let mut token = None;
                let result = loop {
                    match svc.describe_image_permissions_page(&image_id, token).await {
                        Ok(p) => {
                            accounts.extend(p.items);
                            token = p.next_token;
                            if token.is_none() {
                                break Ok(accounts);
                            }
                        }
                        Err(e) => break Err(e),
                    }
                };
                let _ = tx.send(Msg::ImageShares { image_id, result });
            });
        }
        Command::LoadSessions { pool_id, sweep } => {
            tokio::spawn(async move {
                let fetch = |t: Option<String>| {
                    let (s, id) = (svc.clone(), pool_id.clone());
                    async move { page(s.describe_pool_sessions_page(&id, t).await, Rows::Sessions) }
                };
                sweep_once(&tx, PaneKind::Sessions, sweep, &fetch).await;
            });
        }
    }
}
