//! DescribeWorkspaces and DescribeWorkspacesConnectionStatus.

use std::collections::BTreeSet;
use std::ops::Bound;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::store::{RegionStore, WorkspaceRec};
use crate::sim::types::{Workspace, WorkspaceConnectionStatus};
use crate::sim::validate::{item, pattern, Violations};

/// Page size when no Limit is given (the maximum Limit).
const DEFAULT_PAGE: usize = 25;

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeWorkspacesRequest {
    workspace_ids: Option<Vec<String>>,
    directory_id: Option<String>,
    user_name: Option<String>,
    bundle_id: Option<String>,
    workspace_name: Option<String>,
    limit: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeWorkspacesResponse {
    workspaces: Vec<Workspace>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Checks the `WorkspaceIds` list member shared by several operations: 1..25 items, each
/// `^ws-[0-9a-z]{8,63}$`.
pub fn check_workspace_ids(v: &mut Violations, member: &str, ids: &Option<Vec<String>>) {
    if let Some(ids) = ids {
        v.count(member, ids.len(), 1, 25);
        for (i, id) in ids.iter().enumerate() {
            v.pattern(&item(member, i), id, pattern::WORKSPACE_ID);
        }
    }
}

pub fn describe_workspaces(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspaces";
    let req: DescribeWorkspacesRequest = parse(body)?;
    let mut v = Violations::new();
    check_workspace_ids(&mut v, "workspaceIds", &req.workspace_ids);
    if let Some(d) = &req.directory_id {
        v.length("directoryId", d, 10, Some(65));
        v.pattern("directoryId", d, pattern::DIRECTORY_ID);
    }
    if let Some(u) = &req.user_name {
        v.length("userName", u, 1, Some(63));
    }
    if let Some(b) = &req.bundle_id {
        v.pattern("bundleId", b, pattern::BUNDLE_ID);
    }
    if let Some(n) = &req.workspace_name {
        v.pattern("workspaceName", n, pattern::WORKSPACE_NAME);
    }
    if let Some(l) = req.limit {
        v.range("limit", l, 1, Some(25));
    }
    v.next_token(&req.next_token);
    v.finish()?;

    // "You can filter the results by using the bundle identifier, directory identifier, or
    // owner, but you can specify only one filter at a time." UserName goes with DirectoryId.
    let filters = [
        req.workspace_ids.is_some(),
        req.directory_id.is_some(),
        req.bundle_id.is_some(),
        req.workspace_name.is_some(),
    ];
    if filters.iter().filter(|f| **f).count() > 1 {
        return Err(ApiError::invalid_parameter(
            "WorkspaceIds, DirectoryId, BundleId and WorkspaceName cannot be combined; specify \
             only one filter at a time",
        ));
    }
    if req.user_name.is_some() && req.directory_id.is_none() {
        return Err(ApiError::invalid_parameter(
            "UserName must be specified together with DirectoryId",
        ));
    }
    let after = cursor(OP, &req.next_token)?;
    let limit = req.limit.map_or(DEFAULT_PAGE, |l| l as usize);

    ctx.with_store(|store| {
        super::workspaces_modify::progress(store, ctx.now);
        let matches = |r: &WorkspaceRec| {
            let w = &r.ws;
            req.directory_id
                .as_ref()
                .is_none_or(|d| &w.directory_id == d)
                && req
                    .user_name
                    .as_ref()
                    .is_none_or(|u| w.user_name.eq_ignore_ascii_case(u))
                && req.bundle_id.as_ref().is_none_or(|b| &w.bundle_id == b)
                && req
                    .workspace_name
                    .as_ref()
                    .is_none_or(|n| w.workspace_name.as_ref() == Some(n))
        };
        let page = match &req.workspace_ids {
            Some(ids) => take_page(by_ids(store, ids, &after), limit),
            None => take_page(from(store, &after).filter(|r| matches(r)), limit),
        };
        let (rows, next_token) = finish_page(OP, page, |r| r.ws.workspace_id.clone());
        reply(&DescribeWorkspacesResponse {
            workspaces: rows.into_iter().map(|r| r.ws.clone()).collect(),
            next_token,
        })
    })
}

/// WorkSpaces in ID order, strictly after the cursor.
fn from<'a>(
    store: &'a RegionStore,
    after: &Option<String>,
) -> impl Iterator<Item = &'a WorkspaceRec> + 'a {
    let lower = match after {
        Some(k) => Bound::Excluded(k.clone()),
        None => Bound::Unbounded,
    };
    store
        .workspaces
        .range((lower, Bound::Unbounded))
        .map(|(_, r)| r)
}

/// The existing WorkSpaces among `ids`, in ID order, strictly after the cursor.
fn by_ids<'a>(
    store: &'a RegionStore,
    ids: &[String],
    after: &Option<String>,
) -> impl Iterator<Item = &'a WorkspaceRec> + 'a {
    let wanted: BTreeSet<String> = ids
        .iter()
        .filter(|id| after.as_ref().is_none_or(|a| *id > a))
        .cloned()
        .collect();
    wanted
        .into_iter()
        .filter_map(move |id| store.workspaces.get(&id))
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ConnectionStatusRequest {
    workspace_ids: Option<Vec<String>>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct ConnectionStatusResponse {
    workspaces_connection_status: Vec<WorkspaceConnectionStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

pub fn describe_connection_status(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspacesConnectionStatus";
    let req: ConnectionStatusRequest = parse(body)?;
    let mut v = Violations::new();
    check_workspace_ids(&mut v, "workspaceIds", &req.workspace_ids);
    v.next_token(&req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;

    ctx.with_store(|store| {
        let page = match &req.workspace_ids {
            Some(ids) => take_page(by_ids(store, ids, &after), DEFAULT_PAGE),
            None => take_page(from(store, &after), DEFAULT_PAGE),
        };
        let (rows, next_token) = finish_page(OP, page, |r| r.ws.workspace_id.clone());
        reply(&ConnectionStatusResponse {
            workspaces_connection_status: rows
                .into_iter()
                .map(|r| RegionStore::connection_status(r, ctx.now))
                .collect(),
            next_token,
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::seed::FleetParams;
    use crate::sim::seed::Regions;
    use crate::sim::stores::lock;
    use serde_json::json;

    const NOW: u64 = 1_760_000_000_000;

    fn page(ctx: &Ctx, token: Option<&str>) -> (Vec<String>, Option<String>) {
        let mut body = json!({ "Limit": 10 });
        if let Some(t) = token {
            body["NextToken"] = json!(t);
        }
        let out = describe_workspaces(ctx, body).unwrap();
        let ids = out["Workspaces"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["WorkspaceId"].as_str().unwrap().to_string())
            .collect();
        (ids, out["NextToken"].as_str().map(str::to_string))
    }

    #[test]
    fn a_workspace_vanishing_mid_paging_neither_skips_nor_repeats_others() {
        let regions = Regions::new(FleetParams {
            seed: 3,
            size: 35,
            account_id: "123456789012".into(),
            transition: 3_000,
        });
        let ctx = Ctx {
            account: "123456789012",
            stores: &regions,
            region: "us-east-1",
            now: NOW,
        };
        let all: Vec<String> = {
            let arc = regions.get("123456789012", "us-east-1", NOW);
            let store = lock(&arc);
            store.workspaces.keys().cloned().collect()
        };
        let (first, token) = page(&ctx, None);
        assert_eq!(first, all[..10]);
        // The last WorkSpace returned (the cursor) and the next one both disappear.
        {
            let arc = regions.get("123456789012", "us-east-1", NOW);
            let mut store = lock(&arc);
            store.workspaces.remove(&all[9]);
            store.workspaces.remove(&all[10]);
        }
        let (second, token) = page(&ctx, token.as_deref());
        assert_eq!(second, all[11..21]);
        let (third, token) = page(&ctx, token.as_deref());
        assert_eq!(third, all[21..31]);
        let (last, token) = page(&ctx, token.as_deref());
        assert_eq!(last, all[31..35]);
        assert_eq!(token, None, "the last page carries no NextToken");
    }

    #[test]
    fn filters_cannot_be_combined_and_user_name_needs_a_directory() {
        let regions = Regions::new(FleetParams {
            seed: 3,
            size: 5,
            account_id: "123456789012".into(),
            transition: 3_000,
        });
        let ctx = Ctx {
            account: "123456789012",
            stores: &regions,
            region: "us-east-1",
            now: NOW,
        };
        let e = describe_workspaces(
            &ctx,
            json!({ "BundleId": "wsb-abcdefghi", "DirectoryId": "d-9000000000" }),
        )
        .unwrap_err();
        assert_eq!(e.code, "InvalidParameterValuesException");
        let e = describe_workspaces(&ctx, json!({ "UserName": "alice" })).unwrap_err();
        assert_eq!(e.code, "InvalidParameterValuesException");
        let ok = describe_workspaces(
            &ctx,
            json!({ "DirectoryId": "d-9000000000", "UserName": "alice" }),
        );
        assert!(ok.is_ok());
        let e = describe_workspaces(&ctx, json!({ "Limit": "ten" })).unwrap_err();
        assert_eq!(e.code, "SerializationException");
    }
}
