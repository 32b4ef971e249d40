//! The WorkSpaces Applications errors the operations' model lists (all HTTP 400, `__type` and
//! `message`). Validation and common errors (throttling, internal failures) are the shared
//! `ApiError` constructors.

use crate::sim::error::ApiError;

pub fn not_found(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "ResourceNotFoundException", message)
}

pub fn already_exists(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "ResourceAlreadyExistsException", message)
}

pub fn in_use(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "ResourceInUseException", message)
}

pub fn not_available(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "ResourceNotAvailableException", message)
}

pub fn not_permitted(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "OperationNotPermittedException", message)
}

pub fn invalid_combination(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "InvalidParameterCombinationException", message)
}

pub fn limit_exceeded(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "LimitExceededException", message)
}

pub fn concurrent_modification(message: impl Into<String>) -> ApiError {
    ApiError::new(400, "ConcurrentModificationException", message)
}
