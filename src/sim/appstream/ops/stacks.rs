//! DescribeStacks, ListAssociatedStacks and ListAssociatedFleets: stacks and which fleets
//! they stream from.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{check_names, cursor, page, parse, reply, Ctx};
use crate::sim::appstream::errors;
use crate::sim::appstream::store::StackRec;
use crate::sim::appstream::types::Stack;
use crate::sim::error::ApiError;
use crate::sim::validate::Violations;

/// Items per page of these operations (none of them has a MaxResults).
pub const STACKS_PER_PAGE: usize = 10;

fn check_token(v: &mut Violations, token: &Option<String>) {
    if let Some(t) = token {
        v.length("nextToken", t, 1, None);
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStacksRequest {
    names: Option<Vec<String>>,
    next_token: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeStacksResult {
    stacks: Vec<Stack>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

/// DescribeStacks: the named stacks (ResourceNotFoundException for an unknown name) or all
/// of them, sorted by name.
pub fn describe_stacks(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "DescribeStacks";
    let req: DescribeStacksRequest = parse(body)?;
    let mut v = Violations::new();
    check_names(&mut v, "names", &req.names);
    check_token(&mut v, &req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    ctx.with_store(|store| {
        for name in req.names.iter().flatten() {
            if !store.stacks.contains_key(name) {
                return Err(errors::not_found(format!(
                    "The stack {name} does not exist."
                )));
            }
        }
        let rows: Vec<&StackRec> = store
            .stacks
            .values()
            .filter(|s| req.names.as_ref().is_none_or(|n| n.contains(&s.stack.name)))
            .collect();
        let (rows, next_token) = page(OP, rows, after, STACKS_PER_PAGE, |s| s.stack.name.clone());
        reply(&DescribeStacksResult {
            stacks: rows.into_iter().map(|s| s.stack.clone()).collect(),
            next_token,
        })
    })
}

#[derive(Serialize)]
#[serde(rename_all = "PascalCase")]
struct NamesResult {
    names: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    next_token: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListAssociatedStacksRequest {
    fleet_name: Option<String>,
    next_token: Option<String>,
}

/// ListAssociatedStacks: the stacks a fleet is associated with. The model lists no errors:
/// an unknown fleet has no stacks.
pub fn list_associated_stacks(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "ListAssociatedStacks";
    let req: ListAssociatedStacksRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("fleetName", &req.fleet_name) {
        v.length(
            "fleetName",
            req.fleet_name.as_deref().unwrap_or(""),
            1,
            None,
        );
    }
    check_token(&mut v, &req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let fleet = req.fleet_name.unwrap_or_default();
    ctx.with_store(|store| {
        let names: Vec<String> = store
            .stacks
            .values()
            .filter(|s| s.fleets.contains(&fleet))
            .map(|s| s.stack.name.clone())
            .collect();
        let (names, next_token) = page(OP, names, after, STACKS_PER_PAGE, String::clone);
        reply(&NamesResult { names, next_token })
    })
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ListAssociatedFleetsRequest {
    stack_name: Option<String>,
    next_token: Option<String>,
}

/// ListAssociatedFleets: the fleets a stack is associated with (none for an unknown stack).
pub fn list_associated_fleets(ctx: &Ctx, body: Value) -> Result<Value, ApiError> {
    const OP: &str = "ListAssociatedFleets";
    let req: ListAssociatedFleetsRequest = parse(body)?;
    let mut v = Violations::new();
    if v.required("stackName", &req.stack_name) {
        v.length(
            "stackName",
            req.stack_name.as_deref().unwrap_or(""),
            1,
            None,
        );
    }
    check_token(&mut v, &req.next_token);
    v.finish()?;
    let after = cursor(OP, &req.next_token)?;
    let stack = req.stack_name.unwrap_or_default();
    ctx.with_store(|store| {
        let mut names: Vec<String> = store
            .stacks
            .get(&stack)
            .map(|s| s.fleets.clone())
            .unwrap_or_default();
        names.sort();
        let (names, next_token) = page(OP, names, after, STACKS_PER_PAGE, String::clone);
        reply(&NamesResult { names, next_token })
    })
}
