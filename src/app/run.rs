//! The event loop: one `select!` over terminal input and background messages. The screen is
//! drawn only when `update` reports a change, so an idle screen writes nothing (there is no
//! render tick: nothing on screen depends on the passing of time alone).

use super::jobs::JobBook;
use super::msg::{Command, Msg, Rows};
use super::refresh::{page, sweep_once, Intervals, Refreshers};
use super::state::State;
use super::update::update;
use super::watch::watch_workspaces;
use crate::domain::TargetKind;
use crate::panes::PaneKind;
use crate::queue::{ActionApi, AuditLog, JobId, JobSpec, QueueEvent, QueueHandle};
use crate::service::WorkspacesService;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{self, UnboundedSender};

/// What the loop needs besides the state: the service, refresh intervals, and the audit log.
pub struct RunContext {
    pub svc: WorkspacesService,
    pub every: Intervals,
    pub audit: AuditLog,
    pub profile: Option<String>,
}

pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    mut state: State,
    cx: RunContext,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let RunContext {
        svc,
        every,
        audit,
        profile,
    } = cx;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let refreshers = Refreshers::start(svc.clone(), tx.clone(), &every);
    let (qtx, mut qrx) = mpsc::unbounded_channel();
    let api: Arc<dyn ActionApi> = Arc::new(svc.clone());
    let region = svc.region().to_string();
    let queue = crate::queue::spawn(
        move |r: &str| (r == region).then(|| api.clone()),
        audit,
        profile,
        qtx,
    );
    let mut book = JobBook::default();
    let ex = Executor {
        refreshers: &refreshers,
        svc: &svc,
        tx: &tx,
        queue: &queue,
    };
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
            Some(event) = qrx.recv() => {
                match &event {
                    QueueEvent::Touched { kind: TargetKind::Workspace, ids, .. } => {
                        tokio::spawn(watch_workspaces(svc.clone(), ids.clone(), tx.clone(), Duration::from_secs(2)));
                    }
                    // Images and pools are few: re-read the pane rather than by ID.
                    QueueEvent::Touched { kind: TargetKind::Image, ids, .. } => {
                        refreshers.refresh_pane(PaneKind::Images);
                        let (changed, commands) = update(&mut state, Msg::ImagesTouched(ids.clone()));
                        dirty |= changed;
                        for c in commands {
                            ex.execute(c);
                        }
                    }
                    QueueEvent::Touched { kind: TargetKind::Pool, .. } => refreshers.refresh_pane(PaneKind::Pools),
                    _ => {}
                }
                let news = book.apply(&event);
                for n in news {
                    let (changed, _) = update(&mut state, Msg::Queue(n));
                    dirty |= changed;
                }
                continue;
            }
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
                ex.execute(c);
            }
        }
        if state.quit {
            break;
        }
    }
    drop(refreshers);
    Ok(())
}

struct Executor<'a> {
    refreshers: &'a Refreshers,
    svc: &'a WorkspacesService,
    tx: &'a UnboundedSender<Msg>,
    queue: &'a QueueHandle,
}

impl Executor<'_> {
    /// Start the work a command asks for; results come back as messages.
    fn execute(&self, c: Command) {
        let (svc, tx) = (self.svc.clone(), self.tx.clone());
        match c {
            Command::RefreshAll => self.refreshers.refresh_now(),
            Command::Submit {
                action,
                region,
                targets,
                skipped,
            } => {
                self.queue.submit(JobSpec {
                    action,
                    region,
                    targets,
                    skipped,
                });
            }
            Command::CancelJob(job) => self.queue.cancel(JobId(job)),
            // Between frames, straight to the terminal: ratatui never sees these bytes.
            Command::Copy(text) => {
                if let Err(e) = super::clipboard::write_osc52(&text) {
                    let _ = tx.send(Msg::Notice(format!("copy failed: {e}")));
                }
            }
            Command::Export {
                format,
                path,
                plural,
                headers,
                rows,
            } => {
                tokio::task::spawn_blocking(move || {
                    let notice = super::export::write(format, &path, plural, &headers, &rows);
                    let _ = tx.send(Msg::Notice(notice));
                });
            }
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
}
