//! What the WorkSpaces Applications forms offer: the names an updated image may not take,
//! and the images a fleet can switch to, best first.

use crate::app::model::dialog::FormKind;
use crate::app::state::State;
use crate::domain::AppImage;

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

/// The images the first target fleet can switch to: AVAILABLE ones in its Region other than
/// its own, those derived from its current image (named after it by an update, or built on
/// it) first, newest first within each group.
pub fn switch_choices(state: &State, ids: &[String]) -> FormKind {
    let fleet = ids
        .first()
        .and_then(|id| state.panes.app_fleets.table.get(id));
    let Some(fleet) = fleet else {
        return FormKind::SwitchFleetImage { choices: vec![] };
    };
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
        .filter(|i| {
            i.region == fleet.region && i.state == "AVAILABLE" && i.name != fleet.image_name
        })
        .collect();
    images.sort_by_key(|i| (!derived(i), i.is_public(), std::cmp::Reverse(i.created)));
    FormKind::SwitchFleetImage {
        choices: images.iter().map(|i| i.name.clone()).collect(),
    }
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
    fn dates_are_utc_days() {
        assert_eq!(super::yyyymmdd(1_796_000_000), "20261130");
    }
}
