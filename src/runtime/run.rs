//! The event loop: one `select!` over terminal input and background messages. The screen is
//! drawn only when `update` reports a change, so an idle screen writes nothing (there is no
//! render tick: nothing on screen depends on the passing of time alone).

use super::fleet::{lookup, Fleet, FleetSettings};
use super::refresh::{page, sweep_once};
use super::rereads::{Rereads, REREAD_EVERY};
use crate::app::{update, Command, Msg, Rows, State};
use crate::panes::PaneKind;
use crate::queue::{journal, AuditLog, JobId, JobSpec, Plan, QueueConfig, QueueHandle};
use crate::service::Connector;
use crossterm::event::{Event, EventStream};
use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use tokio::sync::mpsc::{self, UnboundedSender};

/// What the loop needs besides the state: how to reach each Region, refresh settings, and
/// the audit log. The Regions and profile to start with are the state's.
pub struct RunContext {
    pub connector: Connector,
    /// With several profiles in one view: each profile's context (empty with one).
    pub accounts: Vec<(String, Connector)>,
    pub settings: FleetSettings,
    pub audit: AuditLog,
    /// Where the warm-start snapshot is saved on the way out (None: not at all).
    pub cache_dir: Option<std::path::PathBuf>,
    /// Where the queue keeps its unfinished-jobs journal (None: no journal).
    pub journal_dir: Option<std::path::PathBuf>,
}

/// How long calls in flight may still answer when a signal stops the session.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

/// What background work tells the loop itself (not the state): a new account context is
/// ready to replace the current one.
enum Control {
    Switched {
        profile: String,
        result: Result<Connector, String>,
    },
}

/// How a session ended, for the exit status and whether the terminal can be restored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// `q` (after every job ended or was cancelled by the user).
    Quit,
    /// SIGTERM, SIGHUP or SIGINT: stopped as described at `SHUTDOWN_GRACE`.
    Signal,
    /// The terminal hung up or could not be written (an SSH drop): stopped as on SIGHUP; the
    /// terminal is gone, so it is not restored.
    TerminalLost,
}

pub async fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    mut state: State,
    cx: RunContext,
) -> anyhow::Result<Ended>
where
    B::Error: Send + Sync + 'static,
{
    let RunContext {
        connector,
        accounts,
        settings,
        audit,
        cache_dir,
        journal_dir,
    } = cx;
    let (tx, mut rx) = mpsc::unbounded_channel();
    let (ctl_tx, mut ctl_rx) = mpsc::unbounded_channel();
    // Warm start: read each Region's snapshot off the UI thread (50,000 WorkSpaces are tens
    // of megabytes of JSON), so the first frame never waits for it.
    if let Some(dir) = &cache_dir {
        for region in &state.regions {
            let path = crate::app::cache::path_for(dir, &state, region);
            let (tx, profile) = (tx.clone(), state.context_name());
            tokio::task::spawn_blocking(move || {
                let result = crate::app::cache::load(&path);
                let _ = tx.send(Msg::Cached { profile, result });
            });
        }
    }
    let mut fleet =
        Fleet::new(connector, state.context_name(), settings, tx.clone()).with_accounts(accounts);
    fleet.set_regions(&state.regions);
    let (qtx, mut qrx) = mpsc::unbounded_channel();
    let queue = crate::queue::spawn_configured(
        lookup(fleet.apis(), state.context_name()),
        audit,
        Some(state.context_name()),
        qtx,
        QueueConfig {
            journal_dir: journal_dir.clone(),
            ..QueueConfig::default()
        },
    );
    // Jobs an earlier session did not finish: those whose process died are recorded first
    // (the queue does it before it accepts any job), then said at once, offered one at a time.
    if let Some(dir) = journal_dir.clone() {
        super::resume::offer_unfinished(&queue, dir, state.context_name(), tx.clone());
    }
    if let Some(dir) = &journal_dir {
        let _ = tx.send(Msg::History(super::history_file::load(dir)));
    }
    let mut ex = Executor {
        fleet,
        rereads: Rereads::default(),
        tx: tx.clone(),
        ctl: ctl_tx,
        queue,
        cache_dir,
        journal_dir,
    };
    let mut reread_tick = tokio::time::interval(REREAD_EVERY);
    reread_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let mut events = EventStream::new();
    if let Ok(size) = terminal.size() {
        let effects = update(&mut state, Msg::Resize(size.width, size.height));
        ex.carry_out(&state, effects);
    }
    let mut dirty = true;
    let mut stop = Stop::new();
    let hangup = super::hangup::watch();
    tokio::pin!(hangup);
    let mut ended = Ended::Quit;
    loop {
        // A frame that cannot be written means the terminal is gone: stop as on SIGHUP.
        if dirty && terminal.draw(|f| crate::ui::draw(f, &state)).is_err() {
            ended = Ended::TerminalLost;
            break;
        }
        dirty = false;
        let msg = tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(ev)) => match input_msg(ev) {
                    Some(msg) => msg,
                    None => continue,
                },
                // Input closed or broken (e.g. the SSH session died): stop as on SIGHUP.
                Some(Err(_)) | None => {
                    ended = Ended::TerminalLost;
                    break;
                }
            },
            // SIGTERM, SIGHUP (the SSH session closed) or SIGINT: nobody can be asked. Stop
            // sending, let calls in flight answer for a few seconds, record every target's
            // outcome and keep the rest in the journal; then leave as `q` does.
            _ = stop.wait() => {
                ended = Ended::Signal;
                break;
            }
            // The terminal hung up with no SIGHUP for us (an SSH drop behind a shell that
            // ignores it): the same stop.
            _ = &mut hangup => {
                ended = Ended::TerminalLost;
                break;
            }
            Some(msg) = rx.recv() => msg,
            Some(event) = qrx.recv() => Msg::Queue(event),
            Some(ctl) = ctl_rx.recv() => ex.control(ctl),
            // A notice clears by itself after a few seconds (one redraw, then idle again).
            _ = until(state.notice_deadline()) => Msg::Tick,
            // Nothing on screen changes from a tick itself: only answers redraw.
            _ = reread_tick.tick() => {
                ex.rereads.tick(&state, |r| ex.fleet.svc(r), &tx);
                continue;
            }
        };
        let mut pending = vec![msg];
        // Fold whatever else is already waiting into the same frame: many pages arriving
        // together cost one redraw, not one each, and keys typed faster than frames (a
        // paste without bracketed paste) filter the table once, not once per key.
        let input_ended = fold_waiting_input(&mut pending);
        while let Ok(more) = rx.try_recv() {
            pending.push(more);
        }
        while let Ok(event) = qrx.try_recv() {
            pending.push(Msg::Queue(event));
        }
        let last = pending.len() - 1;
        for (i, msg) in pending.into_iter().enumerate() {
            state.more_waiting = i < last;
            let effects = update(&mut state, msg);
            dirty |= ex.carry_out(&state, effects);
        }
        if input_ended {
            // As when the input ends between frames (in the `select!`): the terminal is gone.
            ended = Ended::TerminalLost;
            break;
        }
        if state.quit {
            break;
        }
    }
    if ended == Ended::TerminalLost {
        // Nothing may be written to, or read from, a dead terminal from here on.
        super::hangup::silence();
    }
    drop(events);
    let Executor {
        fleet,
        cache_dir,
        queue,
        ..
    } = ex;
    if ended != Ended::Quit || !queue.summary().is_idle() {
        // Every target gets its outcome and the audit its `finished` lines before we go.
        let _ = queue.shutdown(SHUTDOWN_GRACE).await;
    }
    drop(fleet);
    if let Some(dir) = cache_dir {
        save_cache(&state, &dir);
    }
    Ok(ended)
}

/// The message a terminal event makes, if any.
fn input_msg(ev: Event) -> Option<Msg> {
    match ev {
        Event::Key(k) => Some(Msg::Key(k)),
        Event::Resize(w, h) => Some(Msg::Resize(w, h)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        _ => None,
    }
}

/// Most terminal events one frame takes: a flood of keys still shows its progress.
pub const INPUT_PER_FRAME: usize = 1_024;

/// Add the terminal events already read and waiting, without waiting for more; true when
/// the input ended or failed. Read with `event::read` only once `event::poll` says one is
/// ready, so it never blocks, and no waker is left with the `EventStream` outside the
/// loop's `select!` (crossterm's stream keeps one waker for its wake-up thread). While that
/// thread waits for input it holds the reader, and `poll` says nothing is ready.
fn fold_waiting_input(pending: &mut Vec<Msg>) -> bool {
    let zero = std::time::Duration::ZERO;
    for _ in 0..INPUT_PER_FRAME {
        match crossterm::event::poll(zero) {
            Ok(true) => {}
            Ok(false) => return false,
            Err(_) => return true,
        }
        match crossterm::event::read() {
            Ok(ev) => pending.extend(input_msg(ev)),
            Err(_) => return true,
        }
    }
    false
}

/// Sleep until `deadline`; never, without one.
async fn until(deadline: Option<std::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}

/// Keep each Region's fleet for the next start, if this run saw it refreshed.
fn save_cache(state: &State, dir: &std::path::Path) {
    for region in &state.regions {
        if let Some((path, snapshot)) = fresh_snapshot(state, dir, region) {
            // The terminal is being restored; a cache that cannot be written is not worth
            // failing the exit for.
            let _ = crate::app::cache::save(&path, &snapshot);
        }
    }
}

/// A Region's WorkSpaces sweep just ended: save its fleet now too, off the UI thread, so a
/// crash or a SIGKILL loses at most one sweep's news (at 50,000 a save is ~24 MB of JSON).
fn save_cache_in_background(
    state: &State,
    dir: &std::path::Path,
    region: &str,
    tx: &UnboundedSender<Msg>,
) {
    if let Some((path, snapshot)) = fresh_snapshot(state, dir, region) {
        let tx = tx.clone();
        tokio::task::spawn_blocking(move || {
            if let Err(e) = crate::app::cache::save(&path, &snapshot) {
                // Said once per run: every later save would fail the same way.
                static SAID: std::sync::atomic::AtomicBool =
                    std::sync::atomic::AtomicBool::new(false);
                if !SAID.swap(true, std::sync::atomic::Ordering::Relaxed) {
                    let _ = tx.send(Msg::Notice(format!(
                        "fleet cache not saved ({}: {e}); the next start loads from scratch",
                        path.display()
                    )));
                }
            }
        });
    }
}

/// Where and what to save for `region`, if this run saw it refreshed (never a Region still
/// showing only the old cache, or one that never answered).
fn fresh_snapshot(
    state: &State,
    dir: &std::path::Path,
    region: &str,
) -> Option<(std::path::PathBuf, crate::app::cache::Snapshot)> {
    let fresh = state
        .panes
        .workspaces
        .regions
        .get(region)
        .is_some_and(|s| s.last_ok.is_some() && s.cached_at.is_none());
    fresh.then(|| {
        (
            crate::app::cache::path_for(dir, state, region),
            crate::app::cache::snapshot_of(state, region),
        )
    })
}

/// Carries out everything `update` asks for: the one place where commands become work.
/// It owns what has effects (the Regions' services and refreshers, the re-reads, the queue).
struct Executor {
    fleet: Fleet,
    rereads: Rereads,
    tx: UnboundedSender<Msg>,
    ctl: UnboundedSender<Control>,
    queue: QueueHandle,
    /// Where the warm-start snapshot is saved (None: not at all).
    cache_dir: Option<std::path::PathBuf>,
    /// Where the unfinished-jobs journal is.
    journal_dir: Option<std::path::PathBuf>,
}

impl Executor {
    /// Start every command of one `update`; returns whether to redraw.
    fn carry_out(&mut self, state: &State, effects: crate::app::Effects) -> bool {
        for c in effects.commands {
            self.execute(state, c);
        }
        effects.redraw
    }

    /// Background work the loop itself must finish: a new account context is ready.
    fn control(&mut self, ctl: Control) -> Msg {
        match ctl {
            Control::Switched { profile, result } => {
                let result = result.map(|connector| self.fleet.switch(connector, profile.clone()));
                Msg::ContextSwitched { profile, result }
            }
        }
    }

    /// Start the work a command asks for; results come back as messages.
    fn execute(&mut self, state: &State, c: Command) {
        let tx = self.tx.clone();
        let svc_of = |region: &str| {
            let svc = self.fleet.svc(region).cloned();
            if svc.is_none() {
                let _ = tx.send(Msg::Notice(format!("{region} is not shown any more")));
            }
            svc
        };
        match c {
            Command::RefreshAll => self.fleet.refresh_now(),
            Command::RefreshPane { region, pane } => self.fleet.refresh_pane(&region, pane),
            Command::Reread { region, ids } => self.rereads.touched(&region, &ids),
            Command::SaveCache(region) => {
                if let Some(dir) = &self.cache_dir {
                    save_cache_in_background(state, dir, &region, &self.tx);
                }
            }
            Command::SetRegions(regions) => self.fleet.set_regions(&regions),
            Command::ListProfiles => {
                let connector = self.fleet.connector().clone();
                tokio::spawn(async move {
                    let _ = tx.send(Msg::Profiles(connector.profiles().await));
                });
            }
            Command::SwitchProfile(profile) => {
                let (connector, ctl) = (self.fleet.connector().clone(), self.ctl.clone());
                tokio::spawn(async move {
                    let result = connector.for_profile(&profile).await;
                    let _ = ctl.send(Control::Switched { profile, result });
                });
            }
            Command::Submit {
                action,
                profile,
                region,
                targets,
                skipped,
                campaign,
                resumes,
            } => {
                let plan = Plan {
                    to_send: targets,
                    skipped,
                };
                let spec = JobSpec {
                    profile: Some(profile),
                    campaign,
                    ..JobSpec::new(action, region, plan)
                };
                match resumes {
                    // Recorded in the same journal write that takes the old entry out.
                    Some(key) => self.queue.resume(key, spec),
                    None => self.queue.submit(spec),
                };
            }
            Command::SaveCampaign(c) => {
                // Written before the step's job is submitted (the next command), so a
                // restart always finds the record of what was about to be sent.
                if let Some(dir) = &self.journal_dir {
                    if let Err(e) = super::campaign_io::save(dir, &c) {
                        let _ = tx.send(Msg::Notice(format!("campaign not saved: {e}")));
                    }
                }
            }
            Command::RemoveCampaign { profile, key } => {
                if let Some(dir) = &self.journal_dir {
                    let profile = profile.unwrap_or_else(|| journal::DEFAULT_PROFILE.into());
                    if let Err(e) = journal::remove_campaign(dir, &profile, &key) {
                        let _ = tx.send(Msg::Notice(format!("campaign: {e}")));
                    }
                }
            }
            Command::FollowImage {
                key,
                region,
                image_id,
            } => {
                let Some(svc) = svc_of(&region) else { return };
                tokio::spawn(super::campaign_io::follow_image(svc, key, image_id, tx));
            }
            Command::WakeCampaign { key, after_secs } => {
                tokio::spawn(async move {
                    tokio::time::sleep(std::time::Duration::from_secs(after_secs)).await;
                    let _ = tx.send(Msg::CampaignWake(key));
                });
            }
            Command::CancelJob(job) => self.queue.cancel(JobId(job)),
            Command::SaveHistory(entries) => {
                let Some(dir) = self.journal_dir.clone() else {
                    return;
                };
                tokio::task::spawn_blocking(move || {
                    // Losing the history is not worth a message in the middle of work.
                    let _ = super::history_file::save(&dir, &entries);
                });
            }
            Command::ResumeJob(job) => {
                let Some(svc) = svc_of(&job.region) else {
                    return;
                };
                tokio::spawn(super::resume::reread(*job, svc, tx));
            }
            Command::DiscardJob { profile, key } => {
                let Some(dir) = self.journal_dir.clone() else {
                    return;
                };
                let profile = profile.unwrap_or_else(|| state.context_name());
                tokio::task::spawn_blocking(move || {
                    let notice = match journal::discard(&dir, &profile, &key) {
                        Ok(()) => "unfinished job discarded".to_string(),
                        Err(e) => format!("could not discard the unfinished job: {e}"),
                    };
                    let _ = tx.send(Msg::Notice(notice));
                });
            }
            // Between frames, straight to the terminal: ratatui never sees these bytes.
            Command::Copy(text) => {
                if let Err(e) = crate::app::clipboard::write_osc52(&text) {
                    let _ = tx.send(Msg::Notice(format!("copy failed: {e}")));
                }
            }
            Command::Export {
                format,
                path,
                force,
                plural,
                headers,
                rows,
            } => {
                tokio::task::spawn_blocking(move || {
                    let notice =
                        crate::app::export::write(format, &path, force, plural, &headers, &rows);
                    let _ = tx.send(Msg::Notice(notice));
                });
            }
            Command::LoadTags {
                region,
                resource_id,
            } => {
                let Some(svc) = svc_of(&region) else { return };
                tokio::spawn(async move {
                    let result = svc.describe_tags(&resource_id).await;
                    let _ = tx.send(Msg::Tags {
                        resource_id,
                        result,
                    });
                });
            }
            Command::LookupWorkspaces { region, ids, users } => {
                let Some(svc) = svc_of(&region) else { return };
                let profile = state.context_name();
                tokio::spawn(super::lookups::look_up(svc, ids, users, profile, tx));
            }
            Command::LookupConnections { region, ids, asker } => {
                let Some(svc) = svc_of(&region) else { return };
                let profile = state.context_name();
                tokio::spawn(super::lookups::connections(svc, ids, asker, profile, tx));
            }
            Command::LoadFleetTags {
                region,
                resource_ids,
            } => {
                let Some(svc) = svc_of(&region) else { return };
                tokio::spawn(async move {
                    let last = resource_ids.len().saturating_sub(1);
                    for (n, resource_id) in resource_ids.into_iter().enumerate() {
                        let result = svc.describe_tags_spare(&resource_id).await;
                        // An error (denied, endpoint gone) stops the fetch: said once, and
                        // the next filter or sweep asks again.
                        let done = n == last || result.is_err();
                        let stop = result.is_err();
                        let msg = Msg::FleetTags {
                            region: region.clone(),
                            resource_id,
                            result,
                            done,
                        };
                        if tx.send(msg).is_err() || stop {
                            return;
                        }
                    }
                });
            }
            Command::LoadSnapshots {
                region,
                workspace_id,
            } => {
                let Some(svc) = svc_of(&region) else { return };
                tokio::spawn(async move {
                    let result = svc.describe_workspace_snapshots(&workspace_id).await;
                    let _ = tx.send(Msg::Snapshots {
                        workspace_id,
                        result,
                    });
                });
            }
            Command::LoadImageShares { region, image_id } => {
                let Some(svc) = svc_of(&region) else { return };
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
            Command::LoadAppImageShares { region, arn } => {
                let Some(apps) = svc_of(&region).and_then(|s| s.apps().cloned()) else {
                    return;
                };
                tokio::spawn(async move {
                    let mut accounts = vec![];
                    let mut token = None;
                    let result = loop {
                        match apps.describe_app_image_permissions_page(&arn, token).await {
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
                    let _ = tx.send(Msg::ImageShares {
                        image_id: arn,
                        result,
                    });
                });
            }
            Command::LoadAppSessions {
                region,
                fleet,
                stacks,
                sweep,
            } => {
                let Some(apps) = svc_of(&region).and_then(|s| s.apps().cloned()) else {
                    return;
                };
                tokio::spawn(async move {
                    let fetch = |t: Option<String>| {
                        let (a, f, st) = (apps.clone(), fleet.clone(), stacks.clone());
                        async move {
                            page(
                                a.describe_app_sessions_page(&f, &st, t).await,
                                Rows::AppSessions,
                            )
                        }
                    };
                    let budget = apps.budget().clone();
                    let pane = PaneKind::AppSessions;
                    sweep_once(&tx, pane, &region, sweep, &fetch, &budget, &mut false).await;
                });
            }
            Command::LoadSessions {
                region,
                pool_id,
                sweep,
            } => {
                let Some(svc) = svc_of(&region) else { return };
                tokio::spawn(async move {
                    let fetch = |t: Option<String>| {
                        let (s, id) = (svc.clone(), pool_id.clone());
                        async move { page(s.describe_pool_sessions_page(&id, t).await, Rows::Sessions) }
                    };
                    let budget = svc.budget().clone();
                    let pane = PaneKind::Sessions;
                    sweep_once(&tx, pane, &region, sweep, &fetch, &budget, &mut false).await;
                });
            }
        }
    }
}

/// The signals that end a session: SIGTERM, SIGHUP and SIGINT. Without handlers the default
/// action kills the process with the terminal still in raw mode and nothing cached.
struct Stop {
    #[cfg(unix)]
    signals: Vec<tokio::signal::unix::Signal>,
}

impl Stop {
    fn new() -> Stop {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            // In raw mode Ctrl-C is a key; SIGINT comes only from `kill -INT`.
            let signals = [
                SignalKind::terminate(),
                SignalKind::hangup(),
                SignalKind::interrupt(),
            ]
            .into_iter()
            .filter_map(|k| signal(k).ok())
            .collect();
            Stop { signals }
        }
        #[cfg(not(unix))]
        Stop {}
    }

    /// Resolves when a stop signal arrives; never, where signals cannot be watched.
    async fn wait(&mut self) {
        #[cfg(unix)]
        if !self.signals.is_empty() {
            let waits = self.signals.iter_mut().map(|s| Box::pin(s.recv()));
            futures::future::select_all(waits).await;
            return;
        }
        std::future::pending::<()>().await
    }
}
