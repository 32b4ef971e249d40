//! DescribeWorkspaceDirectories and DescribeWorkspaceBundles.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{parse, reply, Ctx};
use crate::sim::error::ApiError;
use crate::sim::paging::{cursor, finish_page, take_page};
use crate::sim::types::{WorkspaceBundle, WorkspaceDirectory};
use crate::sim::validate::{item, pattern, Violations};

/// The `DescribeWorkspaceDirectoriesFilter` shape.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DirectoryFilter {
    name: Option<String>,
    values: Option<Vec<String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeDirectoriesRequest {
    directory_ids: Option<Vec<String>>,
    workspace_directory_names: Option<Vec<String>>,
    filters: Option<Vec<DirectoryFilter>>,
    limit: Option<i64>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeDirectoriesResponse {
    directories: Vec<WorkspaceDirectory>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// Lists registered directories in ID order; DirectoryIds, WorkspaceDirectoryNames and
/// Filters (USER_IDENTITY_TYPE, WORKSPACE_TYPE) all narrow the result.
pub fn describe_directories(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspaceDirectories";
    let req: DescribeDirectoriesRequest = parse(body)?;
    let mut v = Violations::new();
    check_describe_directories(&mut v, &req);
    v.next_token(&req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let limit = req.limit.map_or(25, |l| l as usize);

    ctx.with_store(|store| {
        let rest = store
            .directories
            .values()
            .filter(|d| after.as_ref().is_none_or(|a| &d.directory_id > a))
            .filter(|d| req.selects(d));
        let (page, next_token) =
            finish_page(OP, take_page(rest, limit), |d| d.directory_id.clone());
        reply(&DescribeDirectoriesResponse {
            directories: page.into_iter().cloned().collect(),
            next_token,
        })
    })
}

/// DescribeWorkspaceDirectories' model constraints (NextToken apart).
fn check_describe_directories(v: &mut Violations, req: &DescribeDirectoriesRequest) {
    if let Some(ids) = &req.directory_ids {
        v.count("directoryIds", ids.len(), 1, 25);
        for (i, id) in ids.iter().enumerate() {
            v.length(&item("directoryIds", i), id, 10, Some(65));
            v.pattern(&item("directoryIds", i), id, pattern::DIRECTORY_ID);
        }
    }
    if let Some(names) = &req.workspace_directory_names {
        v.count("workspaceDirectoryNames", names.len(), 1, 25);
        for (i, n) in names.iter().enumerate() {
            v.pattern(
                &item("workspaceDirectoryNames", i),
                n,
                pattern::DIRECTORY_NAME,
            );
        }
    }
    if let Some(filters) = &req.filters {
        v.count("filters", filters.len(), 1, 25);
        for (i, f) in filters.iter().enumerate() {
            let path = item("filters", i);
            let name_path = format!("{path}.name");
            if v.required(&name_path, &f.name) {
                v.one_of(
                    &name_path,
                    f.name.as_deref().unwrap_or(""),
                    &["USER_IDENTITY_TYPE", "WORKSPACE_TYPE"],
                );
            }
            let values_path = format!("{path}.values");
            if v.required(&values_path, &f.values) {
                let values = f.values.as_deref().unwrap_or_default();
                v.count(&values_path, values.len(), 1, 25);
                for (j, x) in values.iter().enumerate() {
                    v.pattern(&item(&values_path, j), x, pattern::DIRECTORY_FILTER_VALUE);
                }
            }
        }
    }
    if let Some(l) = req.limit {
        v.range("limit", l, 1, Some(25));
    }
}

impl DescribeDirectoriesRequest {
    /// Whether `d` passes DirectoryIds, WorkspaceDirectoryNames and every filter.
    fn selects(&self, d: &WorkspaceDirectory) -> bool {
        self.directory_ids
            .as_ref()
            .is_none_or(|ids| ids.contains(&d.directory_id))
            && self
                .workspace_directory_names
                .as_ref()
                .is_none_or(|n| n.contains(&d.workspace_directory_name))
            && self.filters.iter().flatten().all(|f| {
                let field = match f.name.as_deref() {
                    Some("USER_IDENTITY_TYPE") => &d.user_identity_type,
                    _ => &d.workspace_type,
                };
                f.values.iter().flatten().any(|x| x == field)
            })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeBundlesRequest {
    bundle_ids: Option<Vec<String>>,
    owner: Option<String>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeBundlesResponse {
    bundles: Vec<WorkspaceBundle>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// "You can filter the results using either bundle ID or owner, but not both." Without
/// either, the account's own bundles are listed; Owner AMAZON lists the public bundles.
pub fn describe_bundles(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeWorkspaceBundles";
    let req: DescribeBundlesRequest = parse(body)?;
    let mut v = Violations::new();
    if let Some(ids) = &req.bundle_ids {
        v.count("bundleIds", ids.len(), 1, 25);
        for (i, id) in ids.iter().enumerate() {
            v.pattern(&item("bundleIds", i), id, pattern::BUNDLE_ID);
        }
    }
    v.next_token(&req.next_token);
    v.finish()?;
    if req.bundle_ids.is_some() && req.owner.is_some() {
        return Err(ApiError::invalid_parameter(
            "BundleIds and Owner cannot be combined; specify only one filter",
        ));
    }
    let after = cursor(OP, &req.next_token)?;

    ctx.with_store(|store| {
        let account = store.account_id.clone();
        let keep = |b: &WorkspaceBundle| match (&req.bundle_ids, req.owner.as_deref()) {
            (Some(ids), _) => ids.contains(&b.bundle_id),
            (None, None) => b.owner == account,
            (None, Some(owner)) => b.owner == owner,
        };
        let rest = store
            .bundles
            .values()
            .filter(|b| after.as_ref().is_none_or(|a| &b.bundle_id > a))
            .filter(|b| keep(b));
        let (page, next_token) = finish_page(OP, take_page(rest, 25), |b| b.bundle_id.clone());
        reply(&DescribeBundlesResponse {
            bundles: page.into_iter().cloned().collect(),
            next_token,
        })
    })
}
