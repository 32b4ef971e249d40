use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use std::fmt;

/// What kind of failure a call met, so callers can decide to retry, tell the user to fix
/// their permissions, or hide a pane the endpoint cannot serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// ThrottlingException and friends: retry later, nothing was done.
    Throttled,
    /// Timeouts, dropped connections, 5xx: worth another try.
    Retryable,
    /// The credentials are not allowed to do this (or are invalid/expired).
    AccessDenied,
    /// The endpoint does not offer this operation.
    NotSupported,
    /// The request itself was rejected (bad ID, bad parameter).
    InvalidInput,
    Other,
}

/// A failed WorkSpaces call, with the service's error name and message kept for display.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct ServiceError {
    pub kind: ErrorKind,
    /// The service's error name (`__type`), or a short description of a transport failure.
    pub code: String,
    pub message: String,
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.message.is_empty() {
            write!(f, "{}", self.code)
        } else {
            write!(f, "{}: {}", self.code, self.message)
        }
    }
}

impl ServiceError {
    pub fn new(kind: ErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            kind,
            code: code.into(),
            message: message.into(),
        }
    }

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

/// Map a service error name to a kind. Names come from the WorkSpaces reference ("Common
/// Errors" and each operation's error list) plus the generic AWS auth errors.
pub fn classify_code(code: &str, status: u16) -> ErrorKind {
    match code {
        "ThrottlingException"
        | "Throttling"
        | "ThrottledException"
        | "RequestLimitExceeded"
        | "TooManyRequestsException" => ErrorKind::Throttled,
        "AccessDeniedException"
        | "AccessDenied"
        | "UnauthorizedOperation"
        | "UnrecognizedClientException"
        | "InvalidClientTokenId"
        | "ExpiredTokenException"
        | "NotAuthorized"
        | "MissingAuthenticationToken"
        | "IncompleteSignature"
        | "InvalidSignatureException"
        | "SignatureDoesNotMatch" => ErrorKind::AccessDenied,
        "UnknownOperationException" | "OperationNotSupportedException" | "InvalidAction" => {
            ErrorKind::NotSupported
        }
        "InvalidParameterValuesException"
        | "ValidationException"
        | "ValidationError"
        | "InvalidParameterValue"
        | "InvalidParameterCombination"
        | "MissingParameter"
        | "MalformedQueryString"
        | "SerializationException" => ErrorKind::InvalidInput,
        "InternalFailure"
        | "InternalServerError"
        | "ServiceUnavailable"
        | "ServiceUnavailableException"
        | "RequestTimeout"
        | "RequestTimeoutException" => ErrorKind::Retryable,
        _ if status >= 500 => ErrorKind::Retryable,
        _ => ErrorKind::Other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_classify_by_meaning() {
        assert_eq!(
            classify_code("ThrottlingException", 400),
            ErrorKind::Throttled
        );
        assert_eq!(
            classify_code("AccessDeniedException", 400),
            ErrorKind::AccessDenied
        );
        assert_eq!(
            classify_code("UnknownOperationException", 400),
            ErrorKind::NotSupported
        );
        assert_eq!(
            classify_code("InvalidParameterValuesException", 400),
            ErrorKind::InvalidInput
        );
        assert_eq!(
            classify_code("ServiceUnavailable", 503),
            ErrorKind::Retryable
        );
        assert_eq!(classify_code("WhoKnows", 502), ErrorKind::Retryable);
        assert_eq!(
            classify_code("ResourceNotFoundException", 400),
            ErrorKind::Other
        );
    }
}
