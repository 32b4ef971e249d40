/// Connection status of one WorkSpace (DescribeWorkspacesConnectionStatus →
/// WorkspaceConnectionStatus). Timestamps are epoch seconds; `None` means the service sent none
/// (for the last user connection: the WorkSpace was never used).
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct ConnectionStatus {
    pub workspace_id: String,
    pub region: String,
    pub state: String,
    pub check_time: Option<i64>,
    pub last_user_connection: Option<i64>,
}

impl ConnectionStatus {
    /// Whole days since the last user connection, as of `now` (epoch seconds).
    pub fn idle_days(&self, now: i64) -> Option<i64> {
        self.last_user_connection
            .map(|t| ((now - t).max(0)) / 86_400)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idle_days_counts_whole_days_and_never_is_none() {
        let c = ConnectionStatus {
            last_user_connection: Some(1_000_000),
            ..Default::default()
        };
        assert_eq!(c.idle_days(1_000_000 + 43 * 86_400 + 5), Some(43));
        assert_eq!(ConnectionStatus::default().idle_days(5), None);
    }
}
