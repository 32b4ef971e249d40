use crate::app::model::dialog::Target;
use crate::domain::Action;
use crate::domain::ServiceError;
use crate::domain::{ConnectionStatus, Tag, Workspace};
use crate::panes::PaneKind;
use crate::queue::QueueEvent;
use crossterm::event::KeyEvent;

pub use crate::app::model::panes::Rows;

/// What handling a key or a message did: whether anything visible changed (so the runtime
/// redraws) and the commands to start.
pub type Outcome = (bool, Vec<Command>);

/// Everything that can change the state: input, and answers from background tasks.
#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// Text pasted into the terminal (bracketed paste: one event, however long).
    Paste(String),
    Resize(u16, u16),
    /// One page of a Region's sweep; `last` closes the sweep. Sweep numbers are unique
    /// across Regions and panes.
    Page {
        region: String,
        sweep: u64,
        rows: Rows,
        last: bool,
    },
    PageFailed {
        pane: PaneKind,
        region: String,
        sweep: u64,
        error: ServiceError,
    },
    /// A Region's warm-start snapshot, read off the UI thread (`Ok(None)`: no cache yet;
    /// `Err`: unusable, with why).
    Cached {
        profile: String,
        result: Result<Option<crate::app::io::cache::Snapshot>, String>,
    },
    /// DescribeTags of one resource, fetched in the background for tag filters and the TAGS
    /// column; `done` ends the Region's fetch (`result` then may be the error that stopped
    /// it, with `resource_id` the one that failed).
    FleetTags {
        region: String,
        resource_id: String,
        result: Result<Vec<Tag>, ServiceError>,
        done: bool,
    },
    /// GetMetricData for the WorkSpace (or, keyed by ARN, the WorkSpaces Applications fleet)
    /// whose details were opened (`Command::LoadMetrics`, `Command::LoadFleetMetrics`).
    Metrics {
        workspace_id: String,
        result: Result<crate::domain::metrics::WorkspaceMetrics, ServiceError>,
    },
    /// Usage summaries of `ids` (`Command::LoadUsage`), or why they could not be read.
    Usage {
        ids: Vec<String>,
        result: Result<Vec<(String, crate::domain::usage::UsageSummary)>, ServiceError>,
    },
    /// DescribeTags for the resource open in the detail view.
    Tags {
        resource_id: String,
        result: Result<Vec<Tag>, ServiceError>,
    },
    /// An event from the command queue (jobs, progress, outcomes, what an action touched).
    Queue(QueueEvent),
    /// WorkSpaces re-read by ID after an action; `gone` no longer exist.
    WorkspacesRead {
        /// The account context they were read in.
        profile: String,
        items: Vec<Workspace>,
        gone: Vec<String>,
    },
    /// Connection status read by ID (a lookup), outside any sweep.
    ConnectionsRead {
        profile: String,
        items: Vec<ConnectionStatus>,
    },
    /// DescribeWorkspaceImagePermissions for one image.
    ImageShares {
        image_id: String,
        result: Result<Vec<String>, ServiceError>,
    },
    /// DescribeWorkspaceSnapshots of one WorkSpace, for a restore's confirmation.
    Snapshots {
        workspace_id: String,
        result: Result<crate::domain::WorkspaceSnapshots, ServiceError>,
    },
    /// Unfinished image update campaigns of this profile, read on start and already folded
    /// with their journaled jobs.
    Campaigns(Vec<crate::queue::campaign::Campaign>),
    /// A campaign's updated image left PENDING (or could not be read).
    CampaignImage {
        key: String,
        result: Result<Option<crate::domain::WorkspaceImage>, ServiceError>,
    },
    /// A campaign's pause between waves is over.
    CampaignWake(String),
    /// The `:` prompt's history, read on start from the journal directory.
    History(Vec<String>),
    /// The unfinished-jobs journal of this profile, read on start.
    Unfinished(Result<Vec<crate::queue::journal::UnfinishedJob>, String>),
    /// An unfinished job's targets were re-read for resuming (`Command::ResumeJob`): its
    /// ordinary confirmation opens, built from the action and what was read.
    Resumable(Box<Resumable>),
    /// The create form's precheck looked one user up (`Command::LookupCreateUsers`):
    /// `target` is `directory/user`; `Ok(Some(id))` they already have WorkSpace `id`,
    /// `Ok(None)` they have none. A failure ends the round (`app::create::lookup`).
    CreateUserLooked {
        round: u64,
        target: String,
        result: Result<Option<String>, ServiceError>,
    },
    /// Time passed: a notice may have expired (sent by the runtime at the notice's deadline).
    Tick,
    /// A one-line answer for the status line (an export written or failed).
    Notice(String),
    /// The profiles `:ctx` offers.
    Profiles(Result<Vec<crate::domain::ProfileInfo>, String>),
    /// The account context changed (or could not): rows of the old one go.
    ContextSwitched {
        profile: String,
        result: Result<(), String>,
    },
}

/// Who asks for a connection-status lookup, which says how it waits for the Region's budget.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Asker {
    /// The rows on screen: in line with actions, the user is looking at them.
    Screen,
    /// An open confirmation's targets: only with the calls a running job leaves, so a job
    /// keeps its rate while the next one is being confirmed (issue 24, item 10).
    Confirmation,
}

/// Work `update` asks the runtime to start; never awaited by `update` itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Start a refresh of every pane now instead of waiting for the interval.
    RefreshAll,
    LoadTags {
        region: String,
        resource_id: String,
    },
    /// The last days of a WorkSpace's CloudWatch metrics, for its details; answered with
    /// `Msg::Metrics`.
    LoadMetrics {
        region: String,
        workspace_id: String,
    },
    /// The last days of a WorkSpaces Applications fleet's CloudWatch metrics (AWS/AppStream),
    /// for its details; answered with `Msg::Metrics` keyed by the fleet's ARN.
    LoadFleetMetrics {
        region: String,
        arn: String,
    },
    /// The usage summaries of these WorkSpaces of `region` (GetMetricData, at most
    /// `navigate::usage::CHUNK`), for the usage columns and the advisor; answered with
    /// `Msg::Usage`.
    LoadUsage {
        region: String,
        ids: Vec<String>,
    },
    /// Look these WorkSpaces up now, ahead of the sweep: by ID (25 per call) and by
    /// (directory, user) pairs; answered with `Msg::WorkspacesRead` and
    /// `Msg::ConnectionsRead`.
    LookupWorkspaces {
        region: String,
        ids: Vec<String>,
        users: Vec<(String, String)>,
    },
    /// The create form's precheck for users the table cannot vouch for: DescribeWorkspaces
    /// by DirectoryId and UserName, one call per `(directory, user)`, with the calls a
    /// running job leaves; answered by one `Msg::CreateUserLooked` each (round `round`).
    LookupCreateUsers {
        region: String,
        round: u64,
        users: Vec<(String, String)>,
    },
    /// DescribeWorkspacesConnectionStatus for these WorkSpaces (25 per call), ahead of the
    /// sweep; answered with `Msg::ConnectionsRead`.
    LookupConnections {
        region: String,
        ids: Vec<String>,
        asker: Asker,
    },
    /// DescribeTags for each of these resources of `region`, one call each, in the budget's
    /// spare line; answered with one `Msg::FleetTags` per resource.
    LoadFleetTags {
        region: String,
        resource_ids: Vec<String>,
    },
    LoadImageShares {
        region: String,
        image_id: String,
    },
    /// DescribeWorkspaceSnapshots of one WorkSpace (a restore's confirmation is open);
    /// answered by `Msg::Snapshots`.
    LoadSnapshots {
        region: String,
        workspace_id: String,
    },
    /// The accounts a WorkSpaces Applications image is shared with (DescribeImagePermissions);
    /// answered as `Msg::ImageShares` keyed by the ARN.
    LoadAppImageShares {
        region: String,
        arn: String,
    },
    /// Page through one fleet's streaming sessions, stack by stack, as sweep `sweep` of the
    /// app sessions pane.
    LoadAppSessions {
        region: String,
        fleet: String,
        stacks: Vec<String>,
        sweep: u64,
    },
    /// Save the `:` history (oldest first).
    SaveHistory(Vec<String>),
    /// Page through one pool's sessions as sweep `sweep` of the sessions pane.
    LoadSessions {
        region: String,
        pool_id: String,
        sweep: u64,
    },
    /// Refresh one pane of one Region now (an action changed images or pools; they are few,
    /// so the pane is re-read rather than by ID).
    RefreshPane {
        region: String,
        pane: PaneKind,
    },
    /// Re-read these WorkSpaces by ID at the next re-read round, and every round while they
    /// are transitional (an action went out for them).
    Reread {
        region: String,
        ids: Vec<String>,
    },
    /// Save this Region's fleet for the next start (its WorkSpaces sweep just ended), off
    /// the UI thread.
    SaveCache(String),
    /// Show these Regions from now on (`:region`): start or stop their refreshes.
    SetRegions(Vec<String>),
    /// Switch the account context to this profile (`:ctx`); answered by
    /// `Msg::ContextSwitched` once its credentials check out.
    SwitchProfile(String),
    /// List the profiles `:ctx` can switch to; answered by `Msg::Profiles`.
    ListProfiles,
    /// Resume a job of the unfinished-jobs journal: re-read its never-sent targets, then send
    /// those still eligible (`queue::journal::resume_spec`).
    ResumeJob(Box<crate::queue::journal::UnfinishedJob>),
    /// Take a job out of the unfinished-jobs journal (the user chose not to resume it).
    DiscardJob {
        profile: Option<String>,
        key: String,
    },
    /// Stop a job: batches not yet sent are not sent.
    CancelJob(u64),
    /// A confirmed action for the queue.
    Submit {
        action: Action,
        /// The account context it was confirmed in.
        profile: String,
        region: String,
        targets: Vec<Target>,
        skipped: Vec<(Target, String)>,
        /// The image update campaign this job is a step of.
        campaign: Option<crate::queue::campaign::CampaignTag>,
        /// The journal key of the unfinished job this one resumes (it leaves the journal when
        /// this one is recorded).
        resumes: Option<String>,
    },
    /// A resumed create job (`submit` is its `Command::Submit`) with the outcomes its
    /// lookups settled without a call: users whose lost call did create a WorkSpace
    /// (succeeded with its ID) and those still unknown (never resent). Recorded by the
    /// queue when the job is accepted (`QueueHandle::resume_settled`).
    ResumeCreate {
        submit: Box<Command>,
        settled: Vec<(Target, crate::domain::Outcome)>,
    },
    /// Write a campaign's record into the unfinished-jobs journal (before its next job).
    SaveCampaign(Box<crate::queue::campaign::Campaign>),
    /// Take a finished or stopped campaign (and its jobs) out of the journal.
    RemoveCampaign {
        profile: Option<String>,
        key: String,
    },
    /// Read a campaign's updated image until it leaves PENDING; answered by
    /// `Msg::CampaignImage`.
    FollowImage {
        key: String,
        region: String,
        image_id: String,
    },
    /// Send `Msg::CampaignWake` after the pause between waves.
    WakeCampaign {
        key: String,
        after_secs: u64,
    },
    /// Put this text on the user's clipboard (OSC 52, written between frames).
    Copy(String),
    /// Write the view of a pane to a file; answered by `Msg::Notice`.
    Export {
        format: crate::app::io::export::Format,
        path: std::path::PathBuf,
        /// `:export!`: replace an existing file.
        force: bool,
        /// What the rows are ("WorkSpaces"), for the notice.
        plural: &'static str,
        headers: Vec<&'static str>,
        rows: Vec<Vec<crate::table::resource::CellValue>>,
    },
}

/// An unfinished job ready to be confirmed again: the targets still eligible now and those
/// skipped (with why), planned by the queue's preconditions on the re-read resources, and
/// the WorkSpaces as read (to show their state and users).
#[derive(Debug, Clone)]
pub struct Resumable {
    pub job: crate::queue::journal::UnfinishedJob,
    pub targets: Vec<Target>,
    pub skipped: Vec<(Target, String)>,
    pub workspaces: Vec<crate::domain::Workspace>,
    /// A create job's lookups by directory and user (`runtime::resume_create`): its
    /// unknown users found or not, and its never-sent users found (skipped with the ID).
    pub create: Option<Box<crate::service::UnknownCreates>>,
}
