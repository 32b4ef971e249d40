//! The error codes of the CloudWatch model (awsQuery codes, which `x-amzn-query-error`
//! carries): InvalidParameterValueException is `InvalidParameterValue`,
//! MissingRequiredParameterException `MissingParameter`,
//! InvalidParameterCombinationException `InvalidParameterCombination`, and GetMetricData's own
//! InvalidNextToken.

use super::super::error::ApiError;

pub fn invalid_value(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidParameterValue", message)
}

pub fn missing(parameter: &str) -> ApiError {
    ApiError::new(
        400,
        "MissingParameter",
        format!("The parameter {parameter} is required."),
    )
}

pub fn combination(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidParameterCombination", message)
}

pub fn invalid_next_token() -> ApiError {
    ApiError::new(
        400,
        "InvalidNextToken",
        "The service returned an invalid token.",
    )
}
