//! The resources a mutating request names, for the request log (`SimConfig::request_log`):
//! which WorkSpaces, images, pools or sessions a call asked to act on, read from the request
//! body whatever the answer was (a throttled RebootWorkspaces still names its WorkSpaces).
//!
//! Member names are the input shapes' in the WorkSpaces API model (2015-04-08).

use serde_json::Value;

/// Where a request names its resources.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Members {
    /// One ID per entry of a list member: `RebootWorkspaceRequests[].WorkspaceId`.
    EachOf(&'static str, &'static str),
    /// One ID member: `WorkspaceId`.
    One(&'static str),
    /// CreateWorkspaces: no WorkSpace ID yet, so each request is named `directory/user`
    /// (the user name in lower case), as wsfleet's create jobs name their targets.
    EachUser(&'static str),
}

use Members::{EachOf, EachUser, One};

/// The members of each mutating operation the emulator serves; None for the others
/// (Describe*, which name no resource they change, and unknown operations).
fn members(op: &str) -> Option<Members> {
    Some(match op {
        // Batch actions: a list of RebootRequest, RebuildRequest… each with a WorkspaceId.
        "RebootWorkspaces" => EachOf("RebootWorkspaceRequests", "WorkspaceId"),
        "RebuildWorkspaces" => EachOf("RebuildWorkspaceRequests", "WorkspaceId"),
        "StartWorkspaces" => EachOf("StartWorkspaceRequests", "WorkspaceId"),
        "StopWorkspaces" => EachOf("StopWorkspaceRequests", "WorkspaceId"),
        "TerminateWorkspaces" => EachOf("TerminateWorkspaceRequests", "WorkspaceId"),
        "RestoreWorkspace" | "ModifyWorkspaceProperties" | "ModifyWorkspaceState" => {
            One("WorkspaceId")
        }
        // CreateWorkspaceImage names the WorkSpace the image is made from; the new image's ID
        // only exists in the answer.
        "CreateWorkspaceImage" => One("WorkspaceId"),
        // Both read an existing image, named SourceImageId; the new image is in the answer.
        "CreateUpdatedWorkspaceImage" | "CopyWorkspaceImage" => One("SourceImageId"),
        "DeleteWorkspaceImage" | "UpdateWorkspaceImagePermission" => One("ImageId"),
        // UpdateWorkspaceBundle changes the bundle (its new ImageId only points at an image).
        "UpdateWorkspaceBundle" => One("BundleId"),
        // MigrateWorkspace acts on the source; the target WorkSpace is in the answer.
        "MigrateWorkspace" => One("SourceWorkspaceId"),
        "StartWorkspacesPool" | "StopWorkspacesPool" | "UpdateWorkspacesPool" => One("PoolId"),
        "TerminateWorkspacesPoolSession" => One("SessionId"),
        // CreateTags / DeleteTags: any taggable resource (WorkSpace, image, directory, pool…).
        "CreateTags" | "DeleteTags" => One("ResourceId"),
        "CreateWorkspaces" => EachUser("Workspaces"),
        _ => return None,
    })
}

/// The resource IDs a request for `op` names, in request order; None when `op` is not a
/// mutating operation. `body` is the request decoded from either protocol (Null when it did
/// not decode): a body that is not a map, or an entry without a string ID, contributes
/// nothing: the log shows what was sent, and a malformed request named no resource.
pub fn resource_ids(op: &str, body: &Value) -> Option<Vec<String>> {
    let members = members(op)?;
    let id = |v: &Value, member: &str| v.get(member).and_then(Value::as_str).map(String::from);
    Some(match members {
        EachOf(list, member) => body
            .get(list)
            .and_then(Value::as_array)
            .map(|entries| entries.iter().filter_map(|e| id(e, member)).collect())
            .unwrap_or_default(),
        One(member) => id(body, member).into_iter().collect(),
        EachUser(list) => body
            .get(list)
            .and_then(Value::as_array)
            .map(|entries| {
                entries
                    .iter()
                    .filter_map(|e| {
                        let user = id(e, "UserName")?.to_lowercase();
                        Some(format!("{}/{user}", id(e, "DirectoryId")?))
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::OPERATIONS;
    use super::*;
    use serde_json::json;

    fn ids(op: &str, body: Value) -> Option<Vec<String>> {
        resource_ids(op, &body)
    }

    #[test]
    fn every_mutating_operation_names_its_resources_and_no_other_does() {
        for spec in OPERATIONS.iter() {
            assert_eq!(
                members(spec.name).is_some(),
                spec.mutating,
                "{}: resources are logged exactly for mutating operations",
                spec.name
            );
        }
        assert_eq!(members("DescribeWorkspaceSnapshots"), None, "a read");
    }

    #[test]
    fn batch_actions_list_each_workspace_id() {
        for (op, list) in [
            ("RebootWorkspaces", "RebootWorkspaceRequests"),
            ("RebuildWorkspaces", "RebuildWorkspaceRequests"),
            ("StartWorkspaces", "StartWorkspaceRequests"),
            ("StopWorkspaces", "StopWorkspaceRequests"),
            ("TerminateWorkspaces", "TerminateWorkspaceRequests"),
        ] {
            let body = json!({ list: [
                {"WorkspaceId": "ws-aaaaaaaa1"},
                {"WorkspaceId": "ws-bbbbbbbb2"},
                {"WorkspaceId": "ws-aaaaaaaa1"},
            ]});
            assert_eq!(
                ids(op, body).unwrap(),
                ["ws-aaaaaaaa1", "ws-bbbbbbbb2", "ws-aaaaaaaa1"],
                "{op}: every entry, in order, repeats kept (they were sent)"
            );
        }
    }

    #[test]
    fn single_resource_operations_take_their_id_member() {
        let cases = [
            ("RestoreWorkspace", json!({"WorkspaceId": "ws-r1"}), "ws-r1"),
            (
                "ModifyWorkspaceProperties",
                json!({"WorkspaceId": "ws-p1", "WorkspaceProperties": {"RunningMode": "ALWAYS_ON"}}),
                "ws-p1",
            ),
            (
                "ModifyWorkspaceState",
                json!({"WorkspaceId": "ws-s1", "WorkspaceState": "ADMIN_MAINTENANCE"}),
                "ws-s1",
            ),
            (
                "CreateWorkspaceImage",
                json!({"Name": "n", "Description": "d", "WorkspaceId": "ws-i1"}),
                "ws-i1",
            ),
            (
                "CreateUpdatedWorkspaceImage",
                json!({"Name": "n", "Description": "d", "SourceImageId": "wsi-u1"}),
                "wsi-u1",
            ),
            (
                "CopyWorkspaceImage",
                json!({"Name": "n", "SourceImageId": "wsi-c1", "SourceRegion": "eu-west-1"}),
                "wsi-c1",
            ),
            (
                "DeleteWorkspaceImage",
                json!({"ImageId": "wsi-d1"}),
                "wsi-d1",
            ),
            (
                "UpdateWorkspaceImagePermission",
                json!({"ImageId": "wsi-p1", "AllowCopyImage": true, "SharedAccountId": "210987654321"}),
                "wsi-p1",
            ),
            (
                "UpdateWorkspaceBundle",
                json!({"BundleId": "wsb-b1", "ImageId": "wsi-new"}),
                "wsb-b1",
            ),
            (
                "MigrateWorkspace",
                json!({"SourceWorkspaceId": "ws-m1", "BundleId": "wsb-t1"}),
                "ws-m1",
            ),
            (
                "StartWorkspacesPool",
                json!({"PoolId": "wspool-a1"}),
                "wspool-a1",
            ),
            (
                "StopWorkspacesPool",
                json!({"PoolId": "wspool-b1"}),
                "wspool-b1",
            ),
            (
                "UpdateWorkspacesPool",
                json!({"PoolId": "wspool-c1", "Capacity": {"DesiredUserSessions": 3}}),
                "wspool-c1",
            ),
            (
                "TerminateWorkspacesPoolSession",
                json!({"SessionId": "00000000-0000-4000-8000-000000000001"}),
                "00000000-0000-4000-8000-000000000001",
            ),
            (
                "CreateTags",
                json!({"ResourceId": "ws-t1", "Tags": [{"Key": "k", "Value": "v"}]}),
                "ws-t1",
            ),
            (
                "DeleteTags",
                json!({"ResourceId": "wsi-t2", "TagKeys": ["k"]}),
                "wsi-t2",
            ),
        ];
        for (op, body, want) in cases {
            assert_eq!(ids(op, body).unwrap(), [want], "{op}");
        }
    }

    #[test]
    fn reads_are_not_listed_and_malformed_requests_name_nothing() {
        assert_eq!(
            ids("DescribeWorkspaces", json!({"WorkspaceIds": ["ws-x"]})),
            None
        );
        assert_eq!(ids("NoSuchOperation", json!({"WorkspaceId": "ws-x"})), None);
        let none: Vec<String> = Vec::new();
        assert_eq!(
            resource_ids("RebootWorkspaces", &Value::Null),
            Some(none.clone())
        );
        assert_eq!(
            resource_ids("RestoreWorkspace", &Value::Null),
            Some(none.clone())
        );
        assert_eq!(
            ids("StopWorkspaces", json!({"StopWorkspaceRequests": "ws-x"})),
            Some(none.clone())
        );
        assert_eq!(
            ids("RestoreWorkspace", json!({"WorkspaceId": 7})),
            Some(none)
        );
        // An entry without a WorkspaceId (StartRequest's is optional in the model) is skipped.
        assert_eq!(
            ids(
                "StartWorkspaces",
                json!({"StartWorkspaceRequests": [{}, {"WorkspaceId": "ws-ok"}]})
            )
            .unwrap(),
            ["ws-ok"]
        );
    }
}
