//! Where rows come from. With one AWS profile a place is a Region name ("eu-west-1"), as it
//! always was. With several profiles in one view (`--profile a,b`) WorkSpaces throttles and
//! names resources per account *and* Region, so every row, job, cache file and budget is
//! kept per place "PROFILE/REGION" ("prod/eu-west-1"). Region names never hold a '/', so the
//! last '/' splits a place even when a profile name has one.

/// The place of `region` in `profile`'s account, in a view of several profiles.
pub fn of(profile: &str, region: &str) -> String {
    format!("{profile}/{region}")
}

/// The AWS Region of a place: what the SDK client is built for and `SourceRegion` names.
pub fn region(place: &str) -> &str {
    place.rsplit_once('/').map_or(place, |(_, r)| r)
}

/// The profile a place belongs to, if it names one (a view of several profiles).
pub fn profile(place: &str) -> Option<&str> {
    place.rsplit_once('/').map(|(p, _)| p)
}

/// The places of `regions` in every profile of `profiles`: the Regions themselves for one
/// profile (or none given), "PROFILE/REGION" for each pair when there are several.
pub fn all(profiles: &[String], regions: &[String]) -> Vec<String> {
    if profiles.len() < 2 {
        return regions.to_vec();
    }
    profiles
        .iter()
        .flat_map(|p| regions.iter().map(move |r| of(p, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_region_alone_is_its_own_place() {
        assert_eq!(region("eu-west-1"), "eu-west-1");
        assert_eq!(profile("eu-west-1"), None);
        assert_eq!(all(&["prod".into()], &["eu-west-1".into()]), ["eu-west-1"]);
        assert_eq!(all(&[], &["eu-west-1".into()]), ["eu-west-1"]);
    }

    #[test]
    fn places_of_several_profiles_split_at_the_last_slash() {
        let p = of("team/prod", "us-east-1");
        assert_eq!(p, "team/prod/us-east-1");
        assert_eq!(region(&p), "us-east-1");
        assert_eq!(profile(&p), Some("team/prod"));
        assert_eq!(
            all(
                &["a".into(), "b".into()],
                &["us-east-1".into(), "eu-west-1".into()]
            ),
            ["a/us-east-1", "a/eu-west-1", "b/us-east-1", "b/eu-west-1"]
        );
    }
}
