//! Bundles whose image has an update (DescribeWorkspaceImages Updates.UpdateAvailable): an
//! image update campaign on the image (`W`) makes the updated image, points the bundles at
//! it and rebuilds or migrates their WorkSpaces in waves.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};

pub const RULE: Rule = Rule {
    name: "bundle-image-update",
    reads: &[Reads::Images, Reads::Bundles],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let (mut bundles, mut images) = (vec![], vec![]);
    for b in f.bundles {
        let updated = f
            .images
            .iter()
            .find(|i| i.id == b.image_id && i.region == b.region);
        if updated.is_some_and(|i| i.update_available) {
            bundles.push(b.id.clone());
            images.push(b.image_id.clone());
        }
    }
    images.sort();
    images.dedup();
    let n = images.len();
    let mut finding = Finding::new(
        "bundle-image-update",
        Severity::Warning,
        Subject::Bundles,
        bundles,
    )
    .why(format!("image update on {n} image(s): campaign"))
    .fix(Fix::Campaign);
    finding.fix_on = Some((Subject::Images, images));
    vec![finding]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::Owned;
    use crate::domain::doctor::Subject;
    use crate::domain::{WorkspaceBundle, WorkspaceImage};

    #[test]
    fn bundles_of_an_image_with_an_update_start_a_campaign_on_the_image() {
        let mut o = Owned::default();
        let image = |id: &str, update| WorkspaceImage {
            id: id.into(),
            region: "us-east-1".into(),
            update_available: update,
            ..Default::default()
        };
        o.images = vec![image("wsi-old", true), image("wsi-new", false)];
        let bundle = |id: &str, image: &str| WorkspaceBundle {
            id: id.into(),
            region: "us-east-1".into(),
            image_id: image.into(),
            ..Default::default()
        };
        o.bundles = vec![
            bundle("wsb-a", "wsi-old"),
            bundle("wsb-b", "wsi-old"),
            bundle("wsb-c", "wsi-new"),
            // Amazon's bundle, its image not listed: not judged.
            bundle("wsb-d", "wsi-amazon"),
        ];
        let found = examine(&o.fleet());
        assert_eq!(found[0].ids, ["wsb-a", "wsb-b"]);
        assert_eq!(
            found[0].fix_on,
            Some((Subject::Images, vec!["wsi-old".to_string()]))
        );
    }
}
