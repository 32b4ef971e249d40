//! DescribeTags for one resource, converted to domain types.

use super::WorkspacesService;
use crate::domain::{ServiceError, Tag};
use aws_sdk_workspaces::types as sdk;

impl WorkspacesService {
    /// The tags of one WorkSpace, directory, image, custom bundle, IP access control group or
    /// connection alias. DescribeTags is not paginated: one call returns them all.
    pub async fn describe_tags(&self, resource_id: &str) -> Result<Vec<Tag>, ServiceError> {
        let out = self
            .read(|| self.client.describe_tags().resource_id(resource_id).send())
            .await?;
        Ok(out.tag_list().iter().map(tag_from_sdk).collect())
    }

    /// DescribeTags in the budget's spare line: the tag filter's background fetch, one
    /// resource per call (the operation takes one ResourceId), never ahead of a refresh or
    /// an action.
    pub async fn describe_tags_spare(&self, resource_id: &str) -> Result<Vec<Tag>, ServiceError> {
        let out = super::read::read_spare(&self.budget, self.read_retry, || {
            self.client.describe_tags().resource_id(resource_id).send()
        })
        .await?;
        Ok(out.tag_list().iter().map(tag_from_sdk).collect())
    }
}

pub(crate) fn tag_from_sdk(t: &sdk::Tag) -> Tag {
    Tag {
        key: t.key().to_string(),
        value: t.value().unwrap_or_default().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_convert_and_a_missing_value_reads_as_empty() {
        let full = sdk::Tag::builder()
            .key("CostCenter")
            .value("4711")
            .build()
            .unwrap();
        assert_eq!(
            tag_from_sdk(&full),
            Tag {
                key: "CostCenter".into(),
                value: "4711".into()
            }
        );
        let key_only = sdk::Tag::builder().key("Legacy").build().unwrap();
        assert_eq!(
            tag_from_sdk(&key_only),
            Tag {
                key: "Legacy".into(),
                value: String::new()
            }
        );
    }
}
