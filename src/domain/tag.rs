/// One tag on a WorkSpaces resource (DescribeTags → Tag). The API lets Value be absent; it
/// reads as empty here, as the console shows it.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct Tag {
    pub key: String,
    pub value: String,
}
