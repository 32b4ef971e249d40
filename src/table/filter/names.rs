//! How filters name columns (`dir`, `LastConn`, `tag.KEY`), and why an input is not a filter.

/// How a column can be named in a filter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnName {
    pub title: &'static str,
    pub aliases: &'static [&'static str],
}

impl ColumnName {
    pub const fn new(title: &'static str, aliases: &'static [&'static str]) -> Self {
        ColumnName { title, aliases }
    }

    pub fn accepts(&self, typed: &str) -> bool {
        let typed = normalize(typed);
        normalize(self.title) == typed || self.aliases.iter().any(|a| normalize(a) == typed)
    }

    /// The name shown in "unknown column" errors: the first alias (the short form people
    /// type), else the title in the form the parser accepts without quotes.
    pub fn typed_form(&self) -> String {
        match self.aliases.first() {
            Some(a) => a.to_string(),
            None => self.title.to_lowercase().replace(' ', "_"),
        }
    }
}

pub(super) fn normalize(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// Why an input is not a filter; the message is shown under the input as is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FilterError {
    #[error("unknown column '{name}' (columns: {known})")]
    UnknownColumn { name: String, known: String },
    #[error("bad regex for {column}: {reason}")]
    BadRegex { column: String, reason: String },
    #[error("unterminated quote")]
    UnterminatedQuote,
    #[error("empty column name before '{0}'")]
    EmptyColumn(char),
    #[error("'!' needs a term after it")]
    DanglingNot,
    #[error("{column}: '{value}' is not a number, size (175G) or age (7d, 12h, 30m)")]
    BadNumber { column: String, value: String },
    #[error("'tag.' needs a key: tag.KEY, tag.KEY=value or tag.KEY~regex")]
    EmptyTagKey,
}

/// The tag key of a `tag.KEY` name, or None for a column name.
pub(super) fn tag_key(name: &str) -> Result<Option<&str>, FilterError> {
    let Some(prefix) = name.get(..4) else {
        return Ok(None);
    };
    if !prefix.eq_ignore_ascii_case("tag.") {
        return Ok(None);
    }
    match &name[4..] {
        "" => Err(FilterError::EmptyTagKey),
        key => Ok(Some(key)),
    }
}

/// The column a `col=value` / `col~regex` token names.
pub(super) fn column_of(
    name: &str,
    op: char,
    columns: &[ColumnName],
) -> Result<usize, FilterError> {
    if name.is_empty() {
        return Err(FilterError::EmptyColumn(op));
    }
    columns.iter().position(|c| c.accepts(name)).ok_or_else(|| {
        let known: Vec<String> = columns.iter().map(ColumnName::typed_form).collect();
        FilterError::UnknownColumn {
            name: name.to_string(),
            known: known.join(", "),
        }
    })
}
