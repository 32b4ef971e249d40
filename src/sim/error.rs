//! API errors and how they go on the wire.
//!
//! awsJson1.1 errors are an HTTP status plus a JSON body `{"__type": "<Code>", "message": ...}`;
//! the emulator also sends the code in `x-amzn-ErrorType`, which the AWS SDKs read first.
//! Codes are the ones each operation's "Errors" section lists, plus the API reference's
//! "Common Errors" for throttling, internal failures and authentication.

use std::fmt;

/// One error response.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    pub status: u16,
    pub code: &'static str,
    pub message: String,
    /// `ResourceId` member of ResourceNotFoundException / ResourceUnavailableException.
    pub resource_id: Option<String>,
    /// `reason` member of OperationNotSupportedException.
    pub reason: Option<String>,
}

impl ApiError {
    pub fn new(status: u16, code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            message: message.into(),
            resource_id: None,
            reason: None,
        }
    }

    fn bad_request(code: &'static str, message: impl Into<String>) -> ApiError {
        ApiError::new(400, code, message)
    }

    /// Constraint violations of the model (pattern, length, range, required, enum). AWS's
    /// JSON services name this `ValidationException` on the wire; the reference's Common Errors
    /// call it ValidationError.
    pub fn validation(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("ValidationException", message)
    }

    /// A body that is not JSON, or a member of the wrong JSON type.
    pub fn serialization(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("SerializationException", message)
    }

    /// "One or more parameter values are not valid."
    pub fn invalid_parameter(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("InvalidParameterValuesException", message)
    }

    pub fn not_found(resource_id: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            resource_id: Some(resource_id.to_string()),
            ..ApiError::bad_request("ResourceNotFoundException", message)
        }
    }

    pub fn unavailable(resource_id: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            resource_id: Some(resource_id.to_string()),
            ..ApiError::bad_request("ResourceUnavailableException", message)
        }
    }

    pub fn invalid_state(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("InvalidResourceStateException", message)
    }

    pub fn not_supported(message: impl Into<String>, reason: &str) -> ApiError {
        ApiError {
            reason: Some(reason.to_string()),
            ..ApiError::bad_request("OperationNotSupportedException", message)
        }
    }

    pub fn in_progress(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("OperationInProgressException", message)
    }

    pub fn limit_exceeded(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("ResourceLimitExceededException", message)
    }

    pub fn already_exists(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("ResourceAlreadyExistsException", message)
    }

    pub fn associated(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("ResourceAssociatedException", message)
    }

    pub fn unsupported_configuration(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("UnsupportedWorkspaceConfigurationException", message)
    }

    pub fn access_denied(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("AccessDeniedException", message)
    }

    pub fn unknown_operation(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("UnknownOperationException", message)
    }

    /// Common Errors: "ThrottlingException … HTTP Status Code: 400".
    pub fn throttling() -> ApiError {
        ApiError::bad_request("ThrottlingException", "Rate exceeded")
    }

    /// Common Errors: "InternalFailure … HTTP Status Code: 500".
    pub fn internal_failure() -> ApiError {
        ApiError::new(
            500,
            "InternalFailure",
            "The request processing has failed because of an unknown error, exception or failure.",
        )
    }

    /// Common Errors: "ServiceUnavailable … HTTP Status Code: 503".
    pub fn service_unavailable() -> ApiError {
        ApiError::new(
            503,
            "ServiceUnavailable",
            "The request has failed due to a temporary failure of the server.",
        )
    }

    /// No Authorization header at all (AWS answers 403 MissingAuthenticationToken).
    pub fn missing_authentication() -> ApiError {
        ApiError::new(
            403,
            "MissingAuthenticationToken",
            "Request is missing Authentication Token: send an AWS Signature Version 4 \
             Authorization header",
        )
    }

    /// Common Errors: "IncompleteSignature … HTTP Status Code: 400".
    pub fn incomplete_signature(message: impl Into<String>) -> ApiError {
        ApiError::bad_request("IncompleteSignature", message)
    }

    /// The JSON error body.
    pub fn body(&self) -> serde_json::Value {
        let mut body = serde_json::json!({
            "__type": self.code,
            "message": self.message,
        });
        if let Some(id) = &self.resource_id {
            body["ResourceId"] = serde_json::Value::String(id.clone());
        }
        if let Some(reason) = &self.reason {
            body["reason"] = serde_json::Value::String(reason.clone());
        }
        body
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({}): {}", self.code, self.status, self.message)
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_carries_type_message_and_extra_members() {
        let e = ApiError::not_found("ws-abcdefgh1", "gone");
        let b = e.body();
        assert_eq!(b["__type"], "ResourceNotFoundException");
        assert_eq!(b["message"], "gone");
        assert_eq!(b["ResourceId"], "ws-abcdefgh1");
        let e = ApiError::not_supported("no", "because");
        assert_eq!(e.body()["reason"], "because");
        assert_eq!(ApiError::throttling().status, 400);
        assert_eq!(ApiError::internal_failure().status, 500);
        assert_eq!(ApiError::service_unavailable().status, 503);
    }
}
