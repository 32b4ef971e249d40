//! The Region a request is for, read from its SigV4 credential scope:
//! `AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/workspaces/aws4_request,
//! SignedHeaders=..., Signature=...`. The signature itself is not verified.

use super::error::ApiError;

/// The Region named in the Authorization header's credential scope.
#[cfg(test)]
pub fn region_from_authorization(header: Option<&str>) -> Result<String, ApiError> {
    scope_from_authorization(header).map(|(_, region)| region)
}

/// The access key ID and Region of the credential scope. The access key picks the emulated
/// account, as it does in AWS.
pub fn scope_from_authorization(header: Option<&str>) -> Result<(String, String), ApiError> {
    let header = header
        .map(str::trim)
        .filter(|h| !h.is_empty())
        .ok_or_else(ApiError::missing_authentication)?;
    let rest = header.strip_prefix("AWS4-HMAC-SHA256").ok_or_else(|| {
        ApiError::incomplete_signature(
            "Authorization header must use the AWS4-HMAC-SHA256 algorithm (Signature Version 4)",
        )
    })?;
    let mut credential = None;
    let mut signed_headers = false;
    let mut signature = false;
    for part in rest.split(',') {
        let part = part.trim();
        if let Some(v) = part.strip_prefix("Credential=") {
            credential = Some(v);
        } else if part.starts_with("SignedHeaders=") {
            signed_headers = true;
        } else if part.starts_with("Signature=") {
            signature = true;
        }
    }
    let credential = credential.ok_or_else(|| {
        ApiError::incomplete_signature("Authorization header requires 'Credential' parameter")
    })?;
    if !signed_headers {
        return Err(ApiError::incomplete_signature(
            "Authorization header requires 'SignedHeaders' parameter",
        ));
    }
    if !signature {
        return Err(ApiError::incomplete_signature(
            "Authorization header requires 'Signature' parameter",
        ));
    }
    // AKID/date/region/service/aws4_request
    let scope: Vec<&str> = credential.split('/').collect();
    let valid_region = |r: &str| {
        !r.is_empty()
            && r.len() <= 31
            && r.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
    };
    match scope.as_slice() {
        [akid, date, region, _service, "aws4_request"]
            if !akid.is_empty() && date.len() == 8 && valid_region(region) =>
        {
            Ok((akid.to_string(), region.to_string()))
        }
        _ => Err(ApiError::incomplete_signature(format!(
            "Credential should be scoped to a valid Region and service: \
             'AKID/YYYYMMDD/region/workspaces/aws4_request', got '{credential}'"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_comes_from_the_credential_scope() {
        let h = "AWS4-HMAC-SHA256 Credential=AKIDTEST/20261121/eu-west-1/workspaces/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature=abcdef";
        assert_eq!(region_from_authorization(Some(h)).unwrap(), "eu-west-1");
    }

    #[test]
    fn missing_or_garbled_headers_are_rejected() {
        let e = region_from_authorization(None).unwrap_err();
        assert_eq!((e.code, e.status), ("MissingAuthenticationToken", 403));
        for bad in [
            "Basic dXNlcjpwYXNz",
            "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/20261121/us-east-1/workspaces/aws4_request",
            "AWS4-HMAC-SHA256 Credential=AKID/us-east-1, SignedHeaders=host, Signature=x",
            "AWS4-HMAC-SHA256 Credential=AKID/20261121/US_EAST_1/workspaces/aws4_request, \
             SignedHeaders=host, Signature=x",
        ] {
            let e = region_from_authorization(Some(bad)).unwrap_err();
            assert_eq!((e.code, e.status), ("IncompleteSignature", 400), "{bad}");
        }
    }
}
