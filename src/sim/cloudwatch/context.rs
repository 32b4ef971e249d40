//! What a CloudWatch operation works with: the WorkSpaces stores (AWS/WorkSpaces describes the
//! WorkSpaces there) and the WorkSpaces Applications stores (AWS/AppStream describes the
//! fleets there), both for the request's account and Region. It dereferences to the
//! WorkSpaces context, so `ctx.with_store` and `ctx.now` read as in the other services.

use std::ops::Deref;

use serde_json::Value;

use super::super::appstream;
use super::super::error::ApiError;
use super::super::ops;

pub struct Ctx<'a> {
    pub workspaces: ops::Ctx<'a>,
    pub apps: appstream::Ctx<'a>,
}

impl<'a> Deref for Ctx<'a> {
    type Target = ops::Ctx<'a>;
    fn deref(&self) -> &ops::Ctx<'a> {
        &self.workspaces
    }
}

type Handler = fn(&Ctx<'_>, Value) -> Result<Value, ApiError>;

/// One served CloudWatch operation (none changes state).
pub struct CwOp {
    pub name: &'static str,
    handler: Handler,
}

impl CwOp {
    pub fn run(&self, ctx: &Ctx<'_>, body: Value) -> Result<Value, ApiError> {
        (self.handler)(ctx, body)
    }
}

pub const fn op(name: &'static str, handler: Handler) -> CwOp {
    CwOp { name, handler }
}

/// Every CloudWatch operation served, by its name in the model.
pub struct CwTable(pub &'static [CwOp]);

impl CwTable {
    pub fn find(&self, name: &str) -> Option<&'static CwOp> {
        self.0.iter().find(|o| o.name == name)
    }
}
