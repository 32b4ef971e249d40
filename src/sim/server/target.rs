//! Which service and operation a request is for: its X-Amz-Target, or the service and
//! operation of its RPC v2 CBOR path.

use super::super::appstream::{self, SeedParams};
use super::super::cloudwatch;
use super::super::operation::OpSpec;
use super::super::ops;
use super::super::seed::FleetParams;

const TARGET_PREFIX: &str = "WorkspacesService.";

/// The service a call is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Service {
    WorkSpaces,
    AppStream,
    /// CloudWatch, for the metrics WorkSpaces publishes.
    CloudWatch,
}

impl Service {
    /// The SigV4 signing name: the IAM action prefix, and the throttling bucket's key.
    pub(super) fn signing_name(self) -> &'static str {
        match self {
            Service::WorkSpaces => "workspaces",
            Service::AppStream => appstream::SIGNING_NAME,
            Service::CloudWatch => cloudwatch::SIGNING_NAME,
        }
    }
}

/// The service and operation name of an X-Amz-Target (`WorkspacesService.DescribeWorkspaces`,
/// `PhotonAdminProxyService.DescribeImages`).
pub(super) fn split_target(target: &str) -> Option<(Service, &str)> {
    if let Some(op) = target.strip_prefix(TARGET_PREFIX) {
        return Some((Service::WorkSpaces, op));
    }
    if let Some(op) = target
        .strip_prefix(cloudwatch::SERVICE)
        .and_then(|rest| rest.strip_prefix('.'))
    {
        return Some((Service::CloudWatch, op));
    }
    let op = target
        .strip_prefix(appstream::SERVICE)
        .and_then(|rest| rest.strip_prefix('.'))?;
    Some((Service::AppStream, op))
}

/// An operation the emulator serves, in either service.
#[derive(Clone, Copy)]
pub(super) enum Op {
    WorkSpaces(&'static OpSpec<FleetParams>),
    AppStream(&'static OpSpec<SeedParams>),
    CloudWatch(&'static cloudwatch::CwOp),
}

impl Op {
    pub(super) fn find(target: &str) -> Option<Op> {
        match split_target(target)? {
            (Service::WorkSpaces, op) => ops::OPERATIONS.find(op).map(Op::WorkSpaces),
            (Service::AppStream, op) => appstream::OPERATIONS.find(op).map(Op::AppStream),
            (Service::CloudWatch, op) => cloudwatch::OPERATIONS.find(op).map(Op::CloudWatch),
        }
    }

    pub(super) fn name(self) -> &'static str {
        match self {
            Op::WorkSpaces(spec) => spec.name,
            Op::AppStream(spec) => spec.name,
            Op::CloudWatch(spec) => spec.name,
        }
    }

    pub(super) fn service(self) -> Service {
        match self {
            Op::WorkSpaces(_) => Service::WorkSpaces,
            Op::AppStream(_) => Service::AppStream,
            Op::CloudWatch(_) => Service::CloudWatch,
        }
    }
}
