//! SDK errors turned into the domain's `ServiceError`.

use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use std::fmt;

pub use crate::domain::{classify_code, ErrorKind, ServiceError};

impl ServiceError {
    /// Classify an SDK error from any operation.
    pub fn from_sdk<E, R>(err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + 'static,
        R: fmt::Debug + HttpStatus,
    {
        match &err {
            SdkError::ServiceError(ctx) => {
                let status = ctx.raw().status_code();
                let code = ctx.err().code().unwrap_or("UnknownError").to_string();
                let message = ctx.err().message().unwrap_or_default().to_string();
                let kind = classify_code(&code, status);
                Self::new(kind, code, message)
            }
            SdkError::TimeoutError(_) => {
                Self::new(ErrorKind::Retryable, "Timeout", "the call timed out")
            }
            SdkError::DispatchFailure(d) => {
                let detail = d
                    .as_connector_error()
                    .map(|c| c.to_string())
                    .unwrap_or_else(|| format!("{err}"));
                Self::new(ErrorKind::Retryable, "ConnectionFailed", detail)
            }
            SdkError::ResponseError(ctx) => {
                // The body was not the JSON the protocol promises (e.g. an HTML error page
                // from a proxy). Say so with the status, rather than a parser message.
                let status = ctx.raw().status_code();
                let kind = if status >= 500 {
                    ErrorKind::Retryable
                } else {
                    ErrorKind::Other
                };
                Self::new(
                    kind,
                    format!("HTTP {status}"),
                    "unexpected response: not the WorkSpaces JSON protocol",
                )
            }
            SdkError::ConstructionFailure(_) => Self::new(
                ErrorKind::InvalidInput,
                "InvalidRequest",
                format!("{err:?}"),
            ),
            _ => Self::new(ErrorKind::Other, "Error", format!("{err}")),
        }
    }
}

/// Lets `from_sdk` read the HTTP status without naming the SDK's response type everywhere.
pub trait HttpStatus {
    fn status_code(&self) -> u16;
}

impl HttpStatus for aws_smithy_runtime_api::http::Response {
    fn status_code(&self) -> u16 {
        self.status().as_u16()
    }
}
