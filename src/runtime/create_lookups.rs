//! The create form's precheck lookups (`Command::LookupCreateUsers`): DescribeWorkspaces by
//! DirectoryId and UserName for each user the table cannot vouch for, one call each, with
//! the calls a running job leaves; each answer goes to `update` as it arrives, so the form
//! shows the count. The first failure ends the round: the form says it, and nothing opens.

use crate::app::Msg;
use crate::domain::target_id;
use crate::service::WorkspacesService;
use tokio::sync::mpsc::UnboundedSender;

pub async fn look_up_users(
    svc: WorkspacesService,
    round: u64,
    users: Vec<(String, String)>,
    tx: UnboundedSender<Msg>,
) {
    for (directory, user) in users {
        let result = svc
            .workspace_of_user_leftover(&directory, &user)
            .await
            .map(|w| w.map(|w| w.id));
        let failed = result.is_err();
        let answer = Msg::CreateUserLooked {
            round,
            target: target_id(&directory, &user),
            result,
        };
        if tx.send(answer).is_err() || failed {
            return;
        }
    }
}
