//! Images shared with accounts outside `shared_image_accounts`, as far as their shares were
//! read (DescribeWorkspaceImagePermissions, one call per image: the doctor asks for those of
//! every listed image when its pane opens).

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};

pub const RULE: Rule = Rule {
    name: "image-shared-outside",
    reads: &[Reads::Images],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let allowed = &f.config.shared_image_accounts;
    let (mut ids, mut read) = (vec![], 0);
    for image in f.images {
        let shares = f.image_shares.get(&image.id);
        read += usize::from(shares.is_some());
        let shares = shares.unwrap_or(&image.shared_with);
        if shares.iter().any(|a| !allowed.contains(a)) {
            ids.push(image.id.clone());
        }
    }
    let of = f.images.len();
    vec![Finding::new(
        "image-shared-outside",
        Severity::Warning,
        Subject::Images,
        ids,
    )
    .why(format!("shared outside the allow-list ({read}/{of} read)"))
    .fix(Fix::Unshare)]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::Owned;
    use crate::domain::WorkspaceImage;

    #[test]
    fn shares_outside_the_allow_list_are_named() {
        let mut o = Owned::default();
        o.config.shared_image_accounts = vec!["111122223333".into()];
        for id in ["wsi-a", "wsi-b", "wsi-c"] {
            o.images.push(WorkspaceImage {
                id: id.into(),
                ..Default::default()
            });
        }
        o.image_shares
            .insert("wsi-a".into(), vec!["111122223333".into()]);
        o.image_shares.insert(
            "wsi-b".into(),
            vec!["111122223333".into(), "999988887777".into()],
        );
        let found = examine(&o.fleet());
        assert_eq!(found[0].ids, ["wsi-b"]);
        assert!(found[0].why.contains("(2/3 read)"), "{}", found[0].why);
    }
}
