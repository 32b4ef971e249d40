//! The resources a mutating WorkSpaces Applications request names, for the request log: the
//! image, fleet or session names and IDs it acts on, or the ARN it tags, read from the request
//! body whatever the answer was. Member names are the input shapes' in the 2016-12-01 model.

use serde_json::Value;

/// The members naming resources, per mutating operation; None for the others.
fn members(op: &str) -> Option<&'static [&'static str]> {
    Some(match op {
        // The image updated, then the one created from it.
        "CreateUpdatedImage" => &["existingImageName", "newImageName"],
        "DeleteImage" | "UpdateImagePermissions" | "DeleteImagePermissions" => &["Name"],
        "StartFleet" | "StopFleet" | "UpdateFleet" => &["Name"],
        "ExpireSession" => &["SessionId"],
        "TagResource" | "UntagResource" => &["ResourceArn"],
        _ => return None,
    })
}

/// The names, IDs or ARNs a request for `op` names, in member order; None when `op` is not a
/// mutating operation. A body that is not a JSON object names nothing.
pub fn resource_ids(op: &str, body: &Value) -> Option<Vec<String>> {
    let members = members(op)?;
    Some(
        members
            .iter()
            .filter_map(|m| body.get(*m).and_then(Value::as_str).map(String::from))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::super::OPERATIONS;
    use super::*;
    use serde_json::json;

    #[test]
    fn exactly_the_mutating_operations_name_resources() {
        for spec in OPERATIONS.iter() {
            assert_eq!(members(spec.name).is_some(), spec.mutating, "{}", spec.name);
        }
    }

    #[test]
    fn names_come_from_the_body() {
        let body = json!({"existingImageName": "a", "newImageName": "b", "dryRun": true});
        assert_eq!(
            resource_ids("CreateUpdatedImage", &body).unwrap(),
            ["a", "b"]
        );
        assert_eq!(
            resource_ids("StartFleet", &json!({"Name": "f"})).unwrap(),
            ["f"]
        );
        assert_eq!(
            resource_ids("StopFleet", &json!({"Name": 3}))
                .unwrap()
                .len(),
            0
        );
        assert_eq!(resource_ids("DescribeFleets", &json!({})), None);
    }
}
