//! SDK errors turned into the domain's `ServiceError`.

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_workspaces::error::{ProvideErrorMetadata, SdkError};
use aws_smithy_runtime_api::client::dns::ResolveDnsError;
use aws_smithy_runtime_api::client::result::ConnectorError;
use std::error::Error;
use std::fmt;

use crate::domain::{classify_code, ErrorKind, ServiceError};

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
            // The attempt timed out: the request may have been written and acted on.
            SdkError::TimeoutError(_) => {
                Self::new(ErrorKind::Retryable, "Timeout", "the call timed out")
            }
            SdkError::DispatchFailure(d) => {
                // The whole chain, not just the connector's "io error": the OS's own words
                // ("Connection refused (os error 111)") are what the user needs.
                let detail = match d.as_connector_error() {
                    Some(c) => chain(c),
                    None => err.to_string(),
                };
                match d.as_connector_error().and_then(never_written) {
                    Some(code) => Self::new(ErrorKind::NotSent, code, detail),
                    None => Self::new(ErrorKind::Retryable, "ConnectionFailed", detail),
                }
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
                    "unexpected response: not the AWS JSON protocol",
                )
            }
            // The SDK could not build the request (a required member missing): nothing was
            // sent, but sending it again would fail the same way, so it is a refusal, not a
            // NotSent to retry.
            SdkError::ConstructionFailure(_) => Self::new(
                ErrorKind::InvalidInput,
                "InvalidRequest",
                format!("not sent: the request could not be built: {err:?}"),
            ),
            _ => Self::new(ErrorKind::Other, "Error", format!("{err}")),
        }
    }
}

/// Why a DispatchFailure certainly never wrote the request, as the error code to show, or
/// `None` when it may have been written (a reset or closed connection mid-call, an incomplete
/// answer, anything unrecognised: the service may have acted).
///
/// What the SDK's HTTP client (aws-smithy-http-client over hyper-util's legacy client) and its
/// orchestrator put in the source chain:
/// - hyper-util `client::legacy::Error` with `is_connect()`: the connector failed, which covers
///   DNS resolution, the TCP connect (refused, unreachable, connect timeout) and the TLS
///   handshake. A request is only written on an established connection.
/// - `std::io::Error` of kind ConnectionRefused: only `connect(2)` returns it.
/// - `ResolveDnsError`: a custom DNS resolver failed, before any connection.
/// - `CredentialsError`: identity resolution failed; the orchestrator resolves the identity
///   and signs before it transmits, and reports that failure as a DispatchFailure too.
fn never_written(err: &ConnectorError) -> Option<&'static str> {
    let mut next: Option<&(dyn Error + 'static)> = Some(err);
    while let Some(e) = next {
        if let Some(h) = e.downcast_ref::<hyper_util::client::legacy::Error>() {
            if h.is_connect() {
                return Some("EndpointUnreachable");
            }
        }
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::ConnectionRefused {
                return Some("EndpointUnreachable");
            }
        }
        if e.is::<ResolveDnsError>() {
            return Some("EndpointUnreachable");
        }
        if e.is::<CredentialsError>() {
            return Some("CredentialsUnavailable");
        }
        next = e.source();
    }
    None
}

/// "io error: client error (Connect): tcp connect error: Connection refused (os error 111)":
/// each error of the chain once, outermost first.
fn chain(err: &(dyn Error + 'static)) -> String {
    let mut parts: Vec<String> = vec![];
    let mut next = Some(err);
    while let Some(e) = next {
        let text = e.to_string();
        if !parts.last().is_some_and(|p| p.ends_with(&text)) {
            parts.push(text);
        }
        next = e.source();
    }
    parts.join(": ")
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    #[test]
    fn only_errors_from_before_the_write_are_not_sent() {
        let refused =
            ConnectorError::io(Box::new(io::Error::from(io::ErrorKind::ConnectionRefused)));
        assert_eq!(never_written(&refused), Some("EndpointUnreachable"));
        let creds = ConnectorError::other(Box::new(CredentialsError::not_loaded("none")), None);
        assert_eq!(never_written(&creds), Some("CredentialsUnavailable"));
        let dns = ConnectorError::io(Box::new(ResolveDnsError::new("no such host")));
        assert_eq!(never_written(&dns), Some("EndpointUnreachable"));
        // A reset or a read timeout may come after the request was written.
        for maybe in [
            ConnectorError::io(Box::new(io::Error::from(io::ErrorKind::ConnectionReset))),
            ConnectorError::timeout("read timed out".into()),
            ConnectorError::other("who knows".into(), None),
        ] {
            assert_eq!(never_written(&maybe), None, "{maybe:?}");
        }
    }

    #[test]
    fn the_chain_reads_outermost_first_without_repeats() {
        let e = ConnectorError::io(Box::new(io::Error::other("tcp connect error")));
        assert_eq!(chain(&e), "io error: tcp connect error");
    }
}
