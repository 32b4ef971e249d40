//! Resources described as data: each pane's row type lists its columns once, and the same
//! description drives drawing, filtering, sorting and the detail view.

use super::filter::ColumnName;
use super::rows::Keyed;
use super::sort::SortKey;
use super::touched::TouchLog;
use crate::domain::{ConnectionStatus, StateClass, Tag, UpdateCheck};
use std::collections::HashMap;

/// What a cell may need beyond its own row: the clock and data joined from other panes.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub now: i64,
    /// Connection status by WorkSpace ID (joined into the WorkSpaces pane).
    pub connections: &'a foldhash::HashMap<String, ConnectionStatus>,
    /// User name by WorkSpace ID (joined into the connection pane).
    pub users: &'a HashMap<String, String>,
    /// WorkSpaces per directory ID (shown in the directories pane).
    pub workspaces_per_directory: &'a HashMap<String, usize>,
    /// Accounts each image is shared with, for the images fetched so far (lazily).
    pub image_shares: &'a HashMap<String, Vec<String>>,
    /// What the last dry run said about each WorkSpaces Applications image, by ARN.
    pub app_updates: &'a HashMap<String, UpdateCheck>,
    /// Tags by resource ID, for those fetched so far (lazily).
    pub tags: &'a HashMap<String, Vec<Tag>>,
    /// WorkSpaces' usage from CloudWatch, for those fetched so far (the usage columns).
    pub usage: &'a crate::domain::usage_book::UsageBook,
    /// The `[billing]` config the ADVICE column advises from.
    pub billing: &'a crate::domain::billing::Billing,
    /// Rows unused for this many days are highlighted in the connection pane.
    pub idle_days: i64,
    /// Several Regions are shown, so the REGION column stays even when space is short.
    pub multi_region: bool,
    /// Changes whenever the joined data above changes, so an order sorted by a joined
    /// column is known to be out of date.
    pub generation: u64,
    /// Which resources each change of `generation` was about.
    pub touched: &'a TouchLog,
}

/// The priority of a column shown only in wide mode (Ctrl-W).
pub const WIDE_ONLY: u8 = u8::MAX;

/// One column of a pane.
pub struct Column<R> {
    pub name: ColumnName,
    /// Width the column needs on screen.
    pub width: u16,
    /// Lower numbers stay longest when the terminal is narrow; 0 never drops.
    pub priority: u8,
    pub text: fn(&R, &Ctx) -> String,
    /// How the column sorts; `None` sorts by its text.
    pub sort: Option<fn(&R, &Ctx) -> SortKey>,
    /// Whether the cell is coloured by the row's state class.
    pub state_coloured: bool,
    /// Whether the cell depends on `Ctx` (data joined from another pane, or the clock): a
    /// change there re-sorts a pane sorted by it, and its text is never cached.
    pub live: bool,
    /// An opaque identifier: sorted bytewise, not naturally (`ws-2…` is not "2").
    pub opaque: bool,
    /// Its sort key is an epoch timestamp: exported as ISO 8601, not as shown ("3d ago").
    pub time: bool,
    /// Its sort key is a rank, not a value: exported as shown.
    pub ranked: bool,
    /// When the cell's value is known to be out of date: drawn dimmed.
    pub faded: Option<fn(&R, &Ctx) -> bool>,
    /// When the row needs attention: a `!` is drawn after the cell. Drawn only: filters,
    /// sorts and exports see the text without it (`idle>30` on an idle `59!`).
    pub flagged: Option<fn(&R, &Ctx) -> bool>,
    /// What is drawn instead of the text, when the value filters and exports see is terser
    /// than what the screen explains (ADVICE: `AUTO_STOP` drawn as `→ AUTO_STOP 23h<81h`).
    pub drawn: Option<fn(&R, &Ctx) -> String>,
}

/// A cell whose value is not known yet (tags never fetched, shares not read): shown as is,
/// exported as empty (null in JSON), never as a value.
pub const UNKNOWN: &str = "?";

/// A cell as exported: the value behind what the screen shows.
#[derive(Debug, Clone, PartialEq)]
pub enum CellValue {
    Text(String),
    Number(f64),
    /// Epoch seconds, written as ISO 8601 in UTC.
    Time(i64),
    /// Nothing known (or a last connection that never happened).
    Empty,
}

/// Numbers come from sort keys, which are never NaN (`SortKey::number`), so equality is
/// reflexive.
impl Eq for CellValue {}

impl CellValue {
    /// As CSV (and JSON strings) write it.
    pub fn text(&self) -> String {
        match self {
            CellValue::Text(s) => s.clone(),
            CellValue::Number(n) => n.to_string(),
            CellValue::Time(t) => chrono::DateTime::from_timestamp(*t, 0)
                .map(|d| d.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
                .unwrap_or_default(),
            CellValue::Empty => String::new(),
        }
    }
}

impl<R> Column<R> {
    /// The value behind the cell (exports): numbers and times from the column's sort key,
    /// everything else as shown (states as the API spells them).
    pub fn value(&self, r: &R, ctx: &Ctx) -> CellValue {
        if self.sort.is_some() && !self.ranked {
            match self.sort_key(r, ctx) {
                SortKey::Number(n) if n.is_infinite() => return CellValue::Empty,
                SortKey::Number(n) if self.time => return CellValue::Time(n as i64),
                SortKey::Number(n) => return CellValue::Number(n),
                SortKey::Missing => return CellValue::Empty,
                _ => {}
            }
        }
        match (self.text)(r, ctx) {
            t if t == UNKNOWN => CellValue::Empty,
            t => CellValue::Text(t),
        }
    }

    /// The cell as drawn: its text (or what `drawn` says instead), and `!` after it when
    /// the row is flagged.
    pub fn shown(&self, r: &R, ctx: &Ctx) -> String {
        let text = (self.drawn.unwrap_or(self.text))(r, ctx);
        match self.flagged {
            Some(flag) if flag(r, ctx) => text + "!",
            _ => text,
        }
    }

    pub fn sort_key(&self, r: &R, ctx: &Ctx) -> SortKey {
        match self.sort {
            Some(f) => f(r, ctx),
            None if self.opaque => SortKey::id(&(self.text)(r, ctx)),
            None => SortKey::text_owned((self.text)(r, ctx)),
        }
    }
}

/// A row type a pane can show.
pub trait Resource: Keyed + Clone + PartialEq + std::fmt::Debug + Send + 'static {
    /// Singular and plural names in WorkSpaces terms ("WorkSpace", "images").
    const NOUN: &'static str;
    const PLURAL: &'static str;

    fn columns() -> &'static [Column<Self>];

    /// The row's state class, for colour; `None` for resources without a state.
    fn state_class(&self) -> Option<StateClass> {
        None
    }

    /// A short text identifying the state, used to notice state changes between refreshes.
    fn state_text(&self) -> &str {
        ""
    }

    /// Whether the row deserves attention beyond its state colour (e.g. idle for too long).
    fn attention(&self, _ctx: &Ctx) -> bool {
        false
    }

    /// Every field, for the detail view.
    fn detail(&self, ctx: &Ctx) -> Vec<(&'static str, String)>;

    /// Filter haystacks are built ahead as rows arrive, so the first `/` costs nothing: for
    /// the pane an admin filters first. Others build theirs when first filtered (about
    /// 1 µs a row), which keeps 50,000 rows' worth of text out of memory until then.
    const FILTER_AHEAD: bool = false;

    /// Every text the live columns build from the clock comes from `format::age`, whose
    /// changes `format::clock_watch` sees: their filter haystacks are rebuilt when their
    /// text changes, not every minute.
    const CLOCK_WATCHED: bool = false;

    /// Rows that are noise by default (AWS's public base images) show only when the filter
    /// mentions `REVEAL` (`public`, `vis=public`).
    const REVEAL: &'static str = "";

    fn shown_by_default(&self) -> bool {
        true
    }
}

/// Column indices for `names` (titles or aliases, as in filters), in that order: a pane's
/// visible columns as the config sets them.
pub fn column_layout<R: Resource>(names: &[String]) -> Result<Vec<usize>, String> {
    let cols = R::columns();
    let mut out = vec![];
    for n in names {
        match cols.iter().position(|c| c.name.accepts(n)) {
            Some(i) if !out.contains(&i) => out.push(i),
            Some(_) => return Err(format!("column '{n}' is listed twice")),
            None => {
                let known: Vec<String> = cols.iter().map(|c| c.name.typed_form()).collect();
                return Err(format!(
                    "unknown column '{n}' (columns: {})",
                    known.join(", ")
                ));
            }
        }
    }
    if out.is_empty() {
        return Err("at least one column".into());
    }
    Ok(out)
}

/// Column names of a resource, for the filter parser.
pub fn column_names<R: Resource>() -> Vec<ColumnName> {
    R::columns().iter().map(|c| c.name).collect()
}

/// Columns that fit in `width`, from `layout` (the config's visible columns, in its order)
/// or else all columns in their declared order. With several Regions shown, the REGION
/// column is raised to priority 1.
pub fn fitting_layout<R: Resource>(
    width: u16,
    multi_region: bool,
    layout: Option<&[usize]>,
) -> Vec<usize> {
    let cols = R::columns();
    let priority = |i: usize| {
        if multi_region && cols[i].name.title == "REGION" {
            1
        } else {
            cols[i].priority
        }
    };
    let order: Vec<usize> = match layout {
        Some(l) => l.to_vec(),
        None => (0..cols.len()).collect(),
    };
    let mut by_priority: Vec<usize> = order.clone();
    by_priority.sort_by_key(|&i| (priority(i), i));
    let mut keep = vec![false; cols.len()];
    let mut used: u16 = 0;
    for i in by_priority {
        let need = cols[i].width + u16::from(used > 0);
        // Essential columns stay even on a tiny terminal (ratatui clips them).
        if used + need <= width || priority(i) == 0 {
            keep[i] = true;
            used = used.saturating_add(need);
        }
    }
    order.into_iter().filter(|&i| keep[i]).collect()
}

/// A plain text column; refine with `.sorted()` / `.coloured()`.
pub const fn col<R>(
    title: &'static str,
    aliases: &'static [&'static str],
    width: u16,
    priority: u8,
    text: fn(&R, &Ctx) -> String,
) -> Column<R> {
    Column {
        name: ColumnName { title, aliases },
        width,
        priority,
        text,
        sort: None,
        state_coloured: false,
        live: false,
        opaque: false,
        time: false,
        ranked: false,
        faded: None,
        flagged: None,
        drawn: None,
    }
}

impl<R> Column<R> {
    /// Sort this column by `key` instead of its text (numbers, timestamps).
    pub const fn sorted(mut self, key: fn(&R, &Ctx) -> SortKey) -> Self {
        self.sort = Some(key);
        self
    }

    /// Colour this column by the row's state class.
    pub const fn coloured(mut self) -> Self {
        self.state_coloured = true;
        self
    }

    /// Its sort key is a rank (see `Column::ranked`).
    pub const fn ranked(mut self) -> Self {
        self.ranked = true;
        self
    }

    /// Its sort key is an epoch timestamp (see `Column::time`).
    pub const fn time(mut self) -> Self {
        self.time = true;
        self
    }

    /// This column holds an opaque identifier (see `Column::opaque`).
    pub const fn id(mut self) -> Self {
        self.opaque = true;
        self
    }

    /// Dim the cell when `stale` says its value is out of date (see `Column::faded`).
    pub const fn faded(mut self, stale: fn(&R, &Ctx) -> bool) -> Self {
        self.faded = Some(stale);
        self
    }

    /// A `!` after the cell when `attention` holds (see `Column::flagged`).
    pub const fn flagged(mut self, attention: fn(&R, &Ctx) -> bool) -> Self {
        self.flagged = Some(attention);
        self
    }

    /// Draw `drawn` instead of the text (see `Column::drawn`).
    pub const fn drawn(mut self, drawn: fn(&R, &Ctx) -> String) -> Self {
        self.drawn = Some(drawn);
        self
    }

    /// This column's cell depends on `Ctx` (see `Column::live`).
    pub const fn live(mut self) -> Self {
        self.live = true;
        self
    }
}

/// Sort key of a last connection: `never` (status known, no connection) is the oldest of
/// all, so idle WorkSpaces sort together; only an unknown status is missing.
pub fn last_conn_key(status_known: bool, last: Option<i64>) -> SortKey {
    match (status_known, last) {
        (false, _) => SortKey::Missing,
        (true, Some(t)) => SortKey::number(t as f64),
        (true, None) => SortKey::number(f64::NEG_INFINITY),
    }
}

/// Sort key of an optional number: missing values sort last either way.
pub fn num_key(v: Option<f64>) -> SortKey {
    v.map(SortKey::number).unwrap_or(SortKey::Missing)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Workspace;

    fn titles(width: u16) -> Vec<&'static str> {
        fitting_layout::<Workspace>(width, false, None)
            .into_iter()
            .map(|i| Workspace::columns()[i].name.title)
            .collect()
    }

    #[test]
    fn narrow_terminals_keep_the_essential_columns_in_order() {
        // 80 columns less the borders: the essentials, then what still fits.
        assert_eq!(
            titles(78),
            vec!["ID", "USER", "STATE", "CONN", "LAST CONN", "ROOT"]
        );
        // Tiny: the priority-0 columns stay (clipped by ratatui), nothing else.
        assert_eq!(titles(10), vec!["ID", "USER", "STATE"]);
        // Wide: everything, in declaration order.
        assert_eq!(titles(400).len(), Workspace::columns().len());
        // Spare room goes to the next column by priority that fits, even past a wider one.
        assert_eq!(
            titles(98),
            vec![
                "ID",
                "USER",
                "STATE",
                "CONN",
                "LAST CONN",
                "COMPUTER",
                "MODE"
            ]
        );
    }
}
