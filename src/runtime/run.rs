//! The event loop: one `select!` over terminal input and background messages. The screen is
//! drawn only when `update` reports a change, so an idle screen writes nothing (there is no
//! render tick: nothing on screen depends on the passing of time alone).

use super::execute::{Control, Executor};
use super::fleet::{lookup, Fleet, FleetSettings};
use super::input::{fold_waiting_input, input_msg};
use super::rereads::REREAD_EVERY;
use super::stop::Stop;
use crate::app::{update, Msg, State};
use crate::queue::{AuditLog, QueueConfig, QueueEvent};
use crate::service::Connector;
use crossterm::event::EventStream;
use futures::StreamExt;
use ratatui::backend::Backend;
use ratatui::Terminal;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use tokio::sync::mpsc::{self, UnboundedReceiver, UnboundedSender};

/// What the loop needs besides the state: how to reach each Region, refresh settings, and
/// the audit log. The Regions and profile to start with are the state's.
pub struct RunContext {
    pub connector: Connector,
    /// With several profiles in one view: each profile's context (empty with one).
    pub accounts: Vec<(String, Connector)>,
    pub settings: FleetSettings,
    pub audit: AuditLog,
    /// Where the warm-start snapshot is saved on the way out (None: not at all).
    pub cache_dir: Option<PathBuf>,
    /// Where the queue keeps its unfinished-jobs journal (None: no journal).
    pub journal_dir: Option<PathBuf>,
}

/// How long calls in flight may still answer when a signal stops the session.
const SHUTDOWN_GRACE: std::time::Duration = std::time::Duration::from_secs(5);

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
    let (tx, rx) = mpsc::unbounded_channel();
    let (ctl_tx, ctl_rx) = mpsc::unbounded_channel();
    if let Some(dir) = &cx.cache_dir {
        super::cache_file::load_in_background(&state, dir, &tx);
    }
    let journal_dir = cx.journal_dir.clone();
    let (mut ex, qrx) = start(&state, cx, tx.clone(), ctl_tx);
    if let Some(dir) = &journal_dir {
        let _ = tx.send(Msg::History(super::history_file::load(dir)));
    }
    let mut wakes = Wakes::new(rx, qrx, ctl_rx);
    if let Ok(size) = terminal.size() {
        let effects = update(&mut state, Msg::Resize(size.width, size.height));
        ex.carry_out(&state, effects);
    }
    let ended = event_loop(terminal, &mut state, &mut ex, &mut wakes).await;
    if ended == Ended::TerminalLost {
        // Nothing may be written to, or read from, a dead terminal from here on.
        super::hangup::silence();
    }
    drop(wakes.events);
    shut_down(ex, &state, ended).await;
    Ok(ended)
}

/// The Regions' services and refreshers and the queue for the state's context; jobs an
/// earlier session did not finish are offered. Returns the executor and the queue's events.
fn start(
    state: &State,
    cx: RunContext,
    tx: UnboundedSender<Msg>,
    ctl: UnboundedSender<Control>,
) -> (Executor, UnboundedReceiver<QueueEvent>) {
    let mut fleet = Fleet::new(cx.connector, state.context_name(), cx.settings, tx.clone())
        .with_accounts(cx.accounts);
    fleet.set_regions(&state.regions);
    let (qtx, qrx) = mpsc::unbounded_channel();
    let queue = crate::queue::spawn_configured(
        lookup(fleet.apis(), state.context_name()),
        cx.audit,
        Some(state.context_name()),
        qtx,
        QueueConfig {
            journal_dir: cx.journal_dir.clone(),
            ..QueueConfig::default()
        },
    );
    // Jobs an earlier session did not finish: those whose process died are recorded first
    // (the queue does it before it accepts any job), then said at once, offered one at a time.
    if let Some(dir) = cx.journal_dir.clone() {
        super::resume::offer_unfinished(&queue, dir, state.context_name(), tx.clone());
    }
    let ex = Executor::new(fleet, queue, tx, ctl, cx.cache_dir, cx.journal_dir);
    (ex, qrx)
}

/// Draw when something changed, wait for the next wake, apply it with whatever else is
/// waiting; until `q`, a signal, or the terminal going away.
async fn event_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    state: &mut State,
    ex: &mut Executor,
    wakes: &mut Wakes,
) -> Ended {
    let mut dirty = true;
    loop {
        // A frame that cannot be written means the terminal is gone: stop as on SIGHUP.
        if dirty && terminal.draw(|f| crate::ui::draw(f, state)).is_err() {
            return Ended::TerminalLost;
        }
        dirty = false;
        let msg = match wakes.next(state.notice_deadline()).await {
            Wake::Msg(msg) => msg,
            Wake::Control(ctl) => ex.control(ctl),
            // Nothing on screen changes from a tick itself: only answers redraw.
            Wake::Reread => {
                ex.reread(state);
                continue;
            }
            Wake::Nothing => continue,
            Wake::End(ended) => return ended,
        };
        let (pending, input_ended) = wakes.with_waiting(msg);
        dirty |= apply(state, ex, pending);
        if input_ended {
            // As when the input ends between frames (in the `select!`): the terminal is gone.
            return Ended::TerminalLost;
        }
        if state.quit {
            return Ended::Quit;
        }
    }
}

/// Run `update` on each message in turn and start what it asks for; whether to redraw.
fn apply(state: &mut State, ex: &mut Executor, pending: Vec<Msg>) -> bool {
    let mut dirty = false;
    let last = pending.len() - 1;
    for (i, msg) in pending.into_iter().enumerate() {
        state.more_waiting = i < last;
        let effects = update(state, msg);
        dirty |= ex.carry_out(state, effects);
    }
    dirty
}

/// On the way out: jobs stopped and recorded unless the user quit with none left, then the
/// fleet kept for the next start.
async fn shut_down(ex: Executor, state: &State, ended: Ended) {
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
        super::cache_file::save(state, &dir);
    }
}

/// What woke the loop. One at a time, its message moved straight into `update`: boxing it
/// would cost an allocation per message for nothing.
#[allow(clippy::large_enum_variant)]
enum Wake {
    /// A message for `update`.
    Msg(Msg),
    /// Background work for the loop itself.
    Control(Control),
    /// Time for the re-read round.
    Reread,
    /// A terminal event that makes no message.
    Nothing,
    /// The session is over.
    End(Ended),
}

/// Everything the loop waits on.
struct Wakes {
    rx: UnboundedReceiver<Msg>,
    qrx: UnboundedReceiver<QueueEvent>,
    ctl_rx: UnboundedReceiver<Control>,
    reread_tick: tokio::time::Interval,
    events: EventStream,
    stop: Stop,
    hangup: Pin<Box<dyn Future<Output = ()>>>,
}

impl Wakes {
    fn new(
        rx: UnboundedReceiver<Msg>,
        qrx: UnboundedReceiver<QueueEvent>,
        ctl_rx: UnboundedReceiver<Control>,
    ) -> Wakes {
        let mut reread_tick = tokio::time::interval(REREAD_EVERY);
        reread_tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        Wakes {
            rx,
            qrx,
            ctl_rx,
            reread_tick,
            events: EventStream::new(),
            stop: Stop::new(),
            hangup: Box::pin(super::hangup::watch()),
        }
    }

    /// Wait for the next thing to do; a notice clears by itself at `notice_deadline`.
    async fn next(&mut self, notice_deadline: Option<std::time::Instant>) -> Wake {
        tokio::select! {
            ev = self.events.next() => match ev {
                Some(Ok(ev)) => input_msg(ev).map_or(Wake::Nothing, Wake::Msg),
                // Input closed or broken (e.g. the SSH session died): stop as on SIGHUP.
                Some(Err(_)) | None => Wake::End(Ended::TerminalLost),
            },
            // SIGTERM, SIGHUP (the SSH session closed) or SIGINT: nobody can be asked. Stop
            // sending, let calls in flight answer for a few seconds, record every target's
            // outcome and keep the rest in the journal; then leave as `q` does.
            _ = self.stop.wait() => Wake::End(Ended::Signal),
            // The terminal hung up with no SIGHUP for us (an SSH drop behind a shell that
            // ignores it): the same stop.
            _ = &mut self.hangup => Wake::End(Ended::TerminalLost),
            Some(msg) = self.rx.recv() => Wake::Msg(msg),
            Some(event) = self.qrx.recv() => Wake::Msg(Msg::Queue(event)),
            Some(ctl) = self.ctl_rx.recv() => Wake::Control(ctl),
            // A notice clears by itself after a few seconds (one redraw, then idle again).
            _ = until(notice_deadline) => Wake::Msg(Msg::Tick),
            _ = self.reread_tick.tick() => Wake::Reread,
        }
    }

    /// `msg` and whatever else is already waiting, for the same frame: many pages arriving
    /// together cost one redraw, not one each, and keys typed faster than frames (a paste
    /// without bracketed paste) filter the table once, not once per key. True with them when
    /// the input ended.
    fn with_waiting(&mut self, msg: Msg) -> (Vec<Msg>, bool) {
        let mut pending = vec![msg];
        let input_ended = fold_waiting_input(&mut pending);
        while let Ok(more) = self.rx.try_recv() {
            pending.push(more);
        }
        while let Ok(event) = self.qrx.try_recv() {
            pending.push(Msg::Queue(event));
        }
        (pending, input_ended)
    }
}

/// Sleep until `deadline`; never, without one.
async fn until(deadline: Option<std::time::Instant>) {
    match deadline {
        Some(d) => tokio::time::sleep_until(d.into()).await,
        None => std::future::pending().await,
    }
}
