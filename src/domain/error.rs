//! Failed calls in the service's own terms, shared by every layer that reports or retries
//! them (the queue decides from `ErrorKind` alone, without knowing the SDK).

use std::fmt;

/// What kind of failure a call met, so callers can decide to retry, tell the user to fix
/// their permissions, or hide a pane the endpoint cannot serve.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// ThrottlingException and friends: retry later, nothing was done.
    Throttled,
    /// Timeouts, dropped connections, 5xx: worth another try. For a mutating call the
    /// service may have acted already (only a 503 or a throttle says it did not).
    Retryable,
    /// The request was never written to the network: the connection was refused, the name did
    /// not resolve, the TLS handshake failed, or the credentials could not be resolved. The
    /// service certainly did not act, so sending it again is safe.
    NotSent,
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
