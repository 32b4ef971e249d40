//! What the image forms offer: the names an updated image may not take, the images a fleet
//! can switch to (best first), the Regions an image can be copied to, and the lines the
//! fleet switch's confirmation shows.

use crate::app::model::dialog::FormKind;
use crate::app::model::pick::PickItem;
use crate::app::msg::Command;
use crate::app::state::State;
use crate::domain::{AppFleet, AppImage};

/// The form for updating `ids` (image ARNs): their names, the names already taken in their
/// Regions, and today's date for `{yyyymmdd}`.
pub fn updated_images(state: &State, ids: &[String]) -> Result<FormKind, String> {
    let table = &state.panes.app_images.table;
    let targets: Vec<&AppImage> = ids.iter().filter_map(|id| table.get(id)).collect();
    if targets.is_empty() {
        return Err("no image to update".into());
    }
    let regions: Vec<&str> = targets.iter().map(|i| i.region.as_str()).collect();
    let taken = table
        .rows()
        .iter()
        .filter(|i| regions.contains(&i.region.as_str()))
        .map(|i| i.name.clone())
        .collect();
    Ok(FormKind::CreateUpdatedAppImage {
        images: targets.iter().map(|i| i.name.clone()).collect(),
        taken,
        date: yyyymmdd(state.now),
    })
}

/// The images the first target fleet can run instead of its own: AVAILABLE ones in its
/// Region on its platform (UpdateFleet refuses an image of another platform), images another
/// account shares only where its grant allows fleets (ImagePermissions.allowFleet), and not
/// its current image. Those derived from its current image (named after it by an update, or
/// built on it) come first, then the account's own before AWS base images, newest first in
/// each group.
pub fn switch_choices(state: &State, ids: &[String]) -> Result<FormKind, String> {
    let fleet = ids
        .first()
        .and_then(|id| state.panes.app_fleets.table.get(id))
        .ok_or("no fleet to switch")?;
    let derived = |i: &AppImage| {
        i.name.starts_with(&format!("{}-", fleet.image_name))
            || (!fleet.image_arn.is_empty() && i.base_image_arn == fleet.image_arn)
    };
    let mut images: Vec<&AppImage> = state
        .panes
        .app_images
        .table
        .rows()
        .iter()
        .filter(|i| runs_on(i, fleet))
        .collect();
    images.sort_by_key(|i| (!derived(i), i.is_public(), std::cmp::Reverse(i.created)));
    let choices = images
        .iter()
        .map(|i| {
            let mut detail = format!("{}  {}", created_on(i.created), i.visibility);
            if derived(i) {
                detail.push_str("  derived");
            }
            PickItem::new(i.name.clone(), detail)
        })
        .collect();
    Ok(FormKind::SwitchFleetImage {
        fleet: fleet.name.clone(),
        choices,
        derived: images.iter().filter(|i| derived(i)).count(),
    })
}

/// Whether `fleet` can be switched to `image`.
fn runs_on(image: &AppImage, fleet: &AppFleet) -> bool {
    let platform_known = !fleet.platform.is_empty();
    image.region == fleet.region
        && image.state == "AVAILABLE"
        && image.name != fleet.image_name
        && (!platform_known || image.platform == fleet.platform)
        && (image.visibility != "SHARED" || image.allow_fleet == Some(true))
}

/// The switch opened on a fleet with sessions in use: read who is in them
/// (DescribeSessions, as Enter on the fleet does), so the confirmation can name them.
pub fn on_switch_open(state: &mut State, ids: &[String]) -> Vec<Command> {
    let Some(fleet) = ids
        .first()
        .and_then(|id| state.panes.app_fleets.table.get(id))
    else {
        return vec![];
    };
    if fleet.in_use() == 0 || state.panes.sessions_fleet.as_deref() == Some(fleet.arn.as_str()) {
        return vec![];
    }
    let arn = fleet.arn.clone();
    state.panes.app_sessions = Default::default();
    state.panes.app_sessions.heading = Some(format!("Sessions of {}", fleet.name));
    state.panes.sessions_fleet = Some(arn);
    crate::app::navigate::drill::reload_app_sessions(state)
        .into_iter()
        .collect()
}

/// One fleet's lines in the switch confirmation: its platform, and its current image → the
/// new one, each with its creation date (one a line, so names stay whole at 80 columns).
pub fn switch_lines(state: &State, fleet_arn: &str, image: &str) -> Option<Vec<String>> {
    let fleet = state.panes.app_fleets.table.get(fleet_arn)?;
    let dated = |name: &str| {
        let created = state
            .panes
            .app_images
            .table
            .rows()
            .iter()
            .find(|i| i.name == name && i.region == fleet.region)
            .and_then(|i| i.created);
        format!("{name} ({})", created_on(created))
    };
    let platform = match fleet.platform.as_str() {
        "" => "not given",
        p => p,
    };
    Some(vec![
        format!("fleet {}, platform {platform}", fleet.name),
        format!("  now {}", dated(&fleet.image_name)),
        format!("  → {}", dated(image)),
    ])
}

/// The Regions an image can be copied to: the view's other Regions first, then the other
/// Regions WorkSpaces runs in (CopyWorkspaceImage copies into the Region the call is sent
/// to, from SourceRegion).
pub fn copy_regions(state: &State, ids: &[String]) -> FormKind {
    let from: Vec<&str> = ids
        .iter()
        .filter_map(|id| state.panes.images.table.get(id))
        .map(|i| i.region.as_str())
        .collect();
    let mut regions: Vec<PickItem> = vec![];
    let viewed = state.regions.iter().map(|r| (r.as_str(), "in the view"));
    let others = WORKSPACES_REGIONS.iter().map(|r| (*r, ""));
    // An image is copied only within its partition (a GovCloud image to GovCloud).
    let same_partition = |r: &str| from.iter().all(|f| partition(f) == partition(r));
    for (region, detail) in viewed.chain(others) {
        if !from.contains(&region)
            && same_partition(region)
            && !regions.iter().any(|p| p.value == region)
        {
            regions.push(PickItem::new(region, detail));
        }
    }
    FormKind::CopyImage { regions }
}

/// The AWS partition a Region is in, from its name's prefix: CopyWorkspaceImage copies
/// between Regions of one partition (a commercial image cannot go to GovCloud or China).
pub fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-isob-") {
        "aws-iso-b"
    } else if region.starts_with("us-iso-") {
        "aws-iso"
    } else {
        "aws"
    }
}

/// The Regions Amazon WorkSpaces Personal is offered in, per "Amazon WorkSpaces endpoints and
/// quotas" (AWS General Reference, https://docs.aws.amazon.com/general/latest/gr/wsp.html:
/// "The AWS Regions in the following table apply to WorkSpaces personal"), the commercial
/// ones first, then AWS GovCloud (US). Checked against that page's table as far as the
/// documentation search showed it, and against botocore's endpoints.json (its `workspaces`
/// entries: aws-us-gov has us-gov-west-1 and us-gov-east-1); `partition` keeps a copy in its
/// source's partition.
const WORKSPACES_REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "ca-central-1",
    "sa-east-1",
    "eu-west-1",
    "eu-west-2",
    "eu-central-1",
    "af-south-1",
    "il-central-1",
    "ap-south-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-southeast-1",
    "ap-southeast-2",
    "us-gov-west-1",
    "us-gov-east-1",
];

/// An image's creation day (UTC), "YYYY-MM-DD", or "date unknown".
fn created_on(t: Option<i64>) -> String {
    t.and_then(|t| chrono::DateTime::from_timestamp(t, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "date unknown".into())
}

/// `now` (epoch seconds) as YYYYMMDD in UTC (also the campaign form's default name).
pub fn yyyymmdd(now: i64) -> String {
    chrono::DateTime::from_timestamp(now, 0)
        .map(|t| t.format("%Y%m%d").to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn regions_are_in_their_partition_and_the_list_keeps_govcloud_apart() {
        use super::{partition, WORKSPACES_REGIONS};
        assert_eq!(partition("us-east-1"), "aws");
        assert_eq!(partition("il-central-1"), "aws");
        assert_eq!(partition("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition("cn-northwest-1"), "aws-cn");
        let gov: Vec<&str> = (WORKSPACES_REGIONS.iter().copied())
            .filter(|r| partition(r) == "aws-us-gov")
            .collect();
        assert_eq!(gov, ["us-gov-west-1", "us-gov-east-1"]);
    }

    #[test]
    fn dates_are_utc_days() {
        assert_eq!(super::yyyymmdd(1_796_000_000), "20261130");
    }
}
