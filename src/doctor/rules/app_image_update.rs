//! WorkSpaces Applications images whose last update check (`D`, CreateUpdatedImage with
//! dryRun) said an update is available: create updated images (`P`). Images never checked
//! are not judged: the check is a call per image, made only when asked.

use crate::doctor::{Fleet, Reads, Rule};
use crate::domain::doctor::{Finding, Fix, Severity, Subject};
use crate::domain::UpdateCheck;

pub const RULE: Rule = Rule {
    name: "app-image-update",
    reads: &[Reads::AppImages],
    check,
};

fn check(f: &Fleet) -> Vec<Finding> {
    let ids = f
        .app_images
        .iter()
        .filter(|i| {
            matches!(
                f.app_updates.get(&i.arn),
                Some(UpdateCheck::Available { .. })
            )
        })
        .map(|i| i.arn.clone())
        .collect();
    let checked = f
        .app_images
        .iter()
        .filter(|i| f.app_updates.contains_key(&i.arn))
        .count();
    let of = f.app_images.len();
    vec![
        Finding::new("app-image-update", Severity::Info, Subject::AppImages, ids)
            .why(format!("update available ({checked}/{of} checked with D)"))
            .fix(Fix::UpdateAppImage),
    ]
}

#[cfg(test)]
mod tests {
    use crate::doctor::examine;
    use crate::doctor::fixture::Owned;
    use crate::domain::{AppImage, UpdateCheck};

    #[test]
    fn only_images_a_check_found_an_update_for() {
        let mut o = Owned::default();
        for arn in ["arn:i/a", "arn:i/b", "arn:i/c"] {
            o.app_images.push(AppImage {
                arn: arn.into(),
                ..Default::default()
            });
        }
        o.app_updates
            .insert("arn:i/a".into(), UpdateCheck::Available { at: 1 });
        o.app_updates
            .insert("arn:i/b".into(), UpdateCheck::Current { at: 1 });
        let found = examine(&o.fleet());
        assert_eq!(found[0].ids, ["arn:i/a"]);
        assert!(found[0].why.contains("2/3 checked"), "{}", found[0].why);
    }
}
