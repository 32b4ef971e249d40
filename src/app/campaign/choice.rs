//! What the campaign form says, read and checked field by field (`parse`); the checks
//! against what is loaded are `checks`'.

use crate::queue::campaign::{Roll, WavePlan};

/// The field of the new image's name (`CAMPAIGN_LABELS`).
pub(super) const NAME_FIELD: usize = 1;

/// What the form says, checked.
#[derive(Debug, Clone, PartialEq)]
pub struct CampaignChoice {
    pub new_image: Option<String>,
    pub image_name: String,
    /// Empty: every bundle listed.
    pub bundles: Vec<String>,
    pub plan: WavePlan,
}

/// Check every field; the first broken rule is the error.
pub fn parse(values: &[&str]) -> Result<CampaignChoice, String> {
    let new_image = Some(values[0].trim().to_string()).filter(|s| !s.is_empty());
    if let Some(id) = &new_image {
        // DescribeWorkspaceImages ImageIds: ^wsi-[0-9a-z]{9,63}$.
        if !id.starts_with("wsi-") {
            return Err(format!("{id} is not an image ID (wsi-…)"));
        }
    }
    // Checked with the image's Region in view (`checks`): the name must be new there.
    let image_name = if new_image.is_none() {
        values[NAME_FIELD].trim().to_string()
    } else {
        String::new()
    };
    let bundles = values[2]
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    let roll = match values[3].trim() {
        "rebuild" => Roll::Rebuild,
        // The pick list's query hides every roll: none is chosen.
        "" => return Err("roll: pick rebuild or a bundle to migrate to".into()),
        m if m.starts_with("migrate:") => Roll::Migrate {
            bundle_id: m["migrate:".len()..].trim().to_string(),
        },
        other => return Err(format!("roll: rebuild or migrate to a bundle, not {other}")),
    };
    let number = |i: usize, what: &str, min: u64, max: u64| -> Result<u64, String> {
        let n: u64 = values[i]
            .trim()
            .parse()
            .map_err(|_| format!("{what}: a whole number"))?;
        if !(min..=max).contains(&n) {
            return Err(format!("{what}: {min} to {max}"));
        }
        Ok(n)
    };
    let wave_size = number(4, "wave size", 1, 1000)? as usize;
    let pause_secs = number(5, "pause", 0, 86_400)?;
    let stop_over_percent = number(6, "stop rule", 0, 100)? as u32;
    // stop: the campaign stops before a wave while a WorkSpace not yet sent has a user
    // connected (re-checked before each wave).
    let (connected_last, stop_on_connected) = match values[7].trim() {
        "last" => (true, false),
        "skip" => (false, false),
        "stop" => (true, true),
        other => return Err(format!("connected users: last, skip or stop, not {other}")),
    };
    Ok(CampaignChoice {
        new_image,
        image_name,
        bundles,
        plan: WavePlan {
            roll,
            wave_size,
            pause_secs,
            stop_over_percent,
            connected_last,
            stop_on_connected,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_with_a_name_make_a_rebuild_campaign() {
        let mut v: Vec<&str> = crate::app::model::dialog::CAMPAIGN_DEFAULTS.to_vec();
        v[1] = "golden-2026-12";
        let c = parse(&v).unwrap();
        assert_eq!(c.new_image, None);
        assert_eq!(c.plan.roll, Roll::Rebuild);
        assert_eq!((c.plan.wave_size, c.plan.pause_secs), (10, 300));
        assert!(c.plan.connected_last);
        v[7] = "maybe";
        assert!(parse(&v).unwrap_err().contains("last, skip or stop"));
        v[7] = "stop";
        assert!(parse(&v).unwrap().plan.stop_on_connected);
        v[7] = "skip";
        v[4] = "0";
        assert_eq!(parse(&v).unwrap_err(), "wave size: 1 to 1000");
    }
}
