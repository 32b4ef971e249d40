//! The operation table both emulators serve from (WorkSpaces in `ops`, WorkSpaces
//! Applications in `appstream::ops`): each operation's name, whether it can change state, and
//! its handler, which runs in a `Ctx` over the service's stores. Also the request parsing and
//! response building every handler shares.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use super::error::ApiError;
use super::stores::{lock, Advance, Generator, Stores};
use super::types::Millis;

/// What an operation works with: every account's and Region's stores of its service, the
/// account the request's access key belongs to, the Region of its credential scope and the
/// time it is handled at.
pub struct Ctx<'a, G: Generator> {
    pub stores: &'a Stores<G>,
    pub account: &'a str,
    pub region: &'a str,
    pub now: Millis,
}

impl<G: Generator> Ctx<'_, G> {
    /// Runs `f` on the request's store, locked and brought up to date with `now`.
    pub fn with_store<R>(
        &self,
        f: impl FnOnce(&mut G::Store) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        self.with_store_of(self.region, f)
    }

    /// Runs `f` on the store of another Region of the same account (CopyWorkspaceImage's
    /// SourceRegion), created on first use.
    pub fn with_store_of<R>(
        &self,
        region: &str,
        f: impl FnOnce(&mut G::Store) -> Result<R, ApiError>,
    ) -> Result<R, ApiError> {
        let arc = self.stores.get(self.account, region, self.now);
        let mut store = lock(&arc);
        store.advance(self.now);
        f(&mut store)
    }
}

type Handler<G> = fn(&Ctx<'_, G>, Value) -> Result<Value, ApiError>;

/// One served operation.
pub struct OpSpec<G: Generator> {
    pub name: &'static str,
    /// Whether an accepted call can change state (SimStats::mutating_calls).
    pub mutating: bool,
    handler: Handler<G>,
}

impl<G: Generator> OpSpec<G> {
    /// Runs the operation in `ctx`.
    pub fn run(&self, ctx: &Ctx<'_, G>, body: Value) -> Result<Value, ApiError> {
        (self.handler)(ctx, body)
    }
}

pub const fn op<G: Generator>(
    name: &'static str,
    mutating: bool,
    handler: Handler<G>,
) -> OpSpec<G> {
    OpSpec {
        name,
        mutating,
        handler,
    }
}

/// Every operation of a service, by its name in the model.
pub struct OpTable<G: Generator + 'static>(pub &'static [OpSpec<G>]);

impl<G: Generator> OpTable<G> {
    pub fn find(&self, name: &str) -> Option<&'static OpSpec<G>> {
        self.0.iter().find(|o| o.name == name)
    }

    pub fn is_mutating(&self, name: &str) -> bool {
        self.find(name).is_some_and(|o| o.mutating)
    }

    #[cfg(test)]
    pub fn iter(&self) -> impl Iterator<Item = &'static OpSpec<G>> {
        self.0.iter()
    }
}

/// The request members, leniently: unknown members are ignored, wrong JSON types rejected.
pub fn parse<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    serde_json::from_value(body)
        .map_err(|e| ApiError::serialization(format!("Unable to parse the request body: {e}")))
}

/// The response body.
pub fn reply<T: Serialize>(out: &T) -> Result<Value, ApiError> {
    serde_json::to_value(out).map_err(|e| {
        ApiError::new(
            500,
            "InternalFailure",
            format!("response serialization: {e}"),
        )
    })
}

/// The empty response of operations whose reference says "an empty HTTP body": awsJson
/// services send `{}`.
pub fn empty() -> Result<Value, ApiError> {
    Ok(Value::Object(Default::default()))
}
