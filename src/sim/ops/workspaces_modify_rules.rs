//! ModifyWorkspaceProperties' rules for volumes, compute type and protocol, as the admin
//! guide's "Modify a WorkSpace" page states them
//! (<https://docs.aws.amazon.com/workspaces/latest/adminguide/modify-workspaces.html>):
//! volumes only grow, up to 2000 GB, in the groups [root, user] of [80, 10], [80, 50],
//! [80, 100] and [175 to 2000, 100 to 2000]; they can be expanded once in a 6-hour period and
//! root and user not at the same time; the volume size and the compute type do not change at
//! the same time; the compute type goes up once in 6 hours and down once in 30 days; and
//! Protocols is "only available for WorkSpaces created with PCoIP bundles" (API reference).
//!
//! The model lists no error for each rule; the emulator answers InvalidParameterValuesException
//! for a request that can never succeed as asked (sizes, pairs, two changes at once),
//! InvalidResourceStateException for one refused only for now (the 6-hour and 30-day
//! windows), and UnsupportedWorkspaceConfigurationException for what the WorkSpace's
//! configuration rules out (graphics ↔ non-graphics, the protocol of a WSP WorkSpace).

use crate::sim::error::ApiError;
use crate::sim::seed::MINUTE;
use crate::sim::store::ModifyHistory;
use crate::sim::types::{Millis, WorkspaceProperties};

pub const HOUR: Millis = 60 * MINUTE;
pub const DAY: Millis = 24 * HOUR;

/// Compute types smallest first, each family on its own: a change within a family is up or
/// down by this order.
const ORDER: &[&[&str]] = &[
    &[
        "VALUE",
        "STANDARD",
        "PERFORMANCE",
        "POWER",
        "POWERPRO",
        "GENERALPURPOSE_4XLARGE",
        "GENERALPURPOSE_8XLARGE",
    ],
    &["GRAPHICS", "GRAPHICSPRO"],
    &["GRAPHICS_G4DN", "GRAPHICSPRO_G4DN"],
];

fn rank(compute: &str) -> Option<usize> {
    ORDER
        .iter()
        .find_map(|family| family.iter().position(|c| *c == compute))
}

/// Whether [root, user] is one of the admin guide's groups.
pub fn pair_allowed(root: i64, user: i64) -> bool {
    matches!((root, user), (80, 10) | (80, 50) | (80, 100))
        || ((175..=2000).contains(&root) && (100..=2000).contains(&user))
}

/// What changes: a volume grows, the compute type goes up (`Some(true)`) or down.
pub struct Asked {
    pub root: bool,
    pub user: bool,
    pub compute_up: Option<bool>,
}

/// The volume and compute rules against what the WorkSpace has (`cur`) and its history.
pub fn check(
    id: &str,
    cur: &WorkspaceProperties,
    new: &WorkspaceProperties,
    history: &ModifyHistory,
    now: Millis,
) -> Result<Asked, ApiError> {
    let grows = |n: Option<i64>, o: Option<i64>| n.is_some_and(|n| Some(n) != o);
    let asked = Asked {
        root: grows(new.root_volume_size_gib, cur.root_volume_size_gib),
        user: grows(new.user_volume_size_gib, cur.user_volume_size_gib),
        compute_up: compute_direction(cur, new),
    };
    let volume = asked.root || asked.user;
    if volume && asked.compute_up.is_some() {
        return Err(ApiError::invalid_parameter(
            "The volume size and the compute type of a WorkSpace cannot be modified at the \
             same time.",
        ));
    }
    if asked.root && asked.user {
        return Err(ApiError::invalid_parameter(
            "The root volume and the user volume cannot be increased at the same time.",
        ));
    }
    if volume {
        check_volumes(cur, new)?;
        within(history.volume, 6 * HOUR, now, || {
            format!("The volumes of WorkSpace {id} can be expanded once in a 6-hour period.")
        })?;
    }
    match asked.compute_up {
        Some(true) => within(history.compute_up, 6 * HOUR, now, || {
            format!("The compute type of WorkSpace {id} can be increased once in 6 hours.")
        })?,
        Some(false) => within(history.compute_down, 30 * DAY, now, || {
            format!("The compute type of WorkSpace {id} can be decreased once in 30 days.")
        })?,
        None => {}
    }
    check_protocol(id, cur, new)?;
    Ok(asked)
}

/// Up or down within its family; across families (graphics ↔ non-graphics) is refused by
/// the caller before this.
fn compute_direction(cur: &WorkspaceProperties, new: &WorkspaceProperties) -> Option<bool> {
    let n = new.compute_type_name.as_deref()?;
    let o = cur.compute_type_name.as_deref().unwrap_or("");
    if n == o {
        return None;
    }
    Some(rank(n).unwrap_or(0) > rank(o).unwrap_or(0))
}

fn check_volumes(cur: &WorkspaceProperties, new: &WorkspaceProperties) -> Result<(), ApiError> {
    let root = new.root_volume_size_gib.or(cur.root_volume_size_gib);
    let user = new.user_volume_size_gib.or(cur.user_volume_size_gib);
    for (name, n, o) in [
        ("root", new.root_volume_size_gib, cur.root_volume_size_gib),
        ("user", new.user_volume_size_gib, cur.user_volume_size_gib),
    ] {
        if let (Some(n), Some(o)) = (n, o) {
            if n < o {
                return Err(ApiError::invalid_parameter(format!(
                    "Volumes can only grow: the {name} volume is {o} GiB, requested {n} GiB."
                )));
            }
        }
    }
    let (Some(r), Some(u)) = (root, user) else {
        return Ok(());
    };
    if !pair_allowed(r, u) {
        return Err(ApiError::invalid_parameter(format!(
            "A root volume of {r} GiB with a user volume of {u} GiB is not supported; the \
             supported sizes are 80/10, 80/50, 80/100 and 175-2000/100-2000 GiB."
        )));
    }
    Ok(())
}

/// Refused while the last such change is less than `window` ago.
fn within(
    last: Option<Millis>,
    window: Millis,
    now: Millis,
    message: impl FnOnce() -> String,
) -> Result<(), ApiError> {
    match last {
        Some(t) if now < t + window => Err(ApiError::invalid_state(message())),
        _ => Ok(()),
    }
}

/// Protocols change only on a WorkSpace created with a PCoIP bundle: one streaming WSP now
/// cannot change (the emulator keeps no other record of its bundle's protocol).
fn check_protocol(
    id: &str,
    cur: &WorkspaceProperties,
    new: &WorkspaceProperties,
) -> Result<(), ApiError> {
    let Some(p) = &new.protocols else {
        return Ok(());
    };
    let now = cur.protocols.clone().unwrap_or_default();
    if *p != now && now.iter().any(|x| x == "WSP") {
        return Err(ApiError::unsupported_configuration(format!(
            "The protocol of WorkSpace {id} cannot be modified: it was not created with a \
             PCoIP bundle."
        )));
    }
    Ok(())
}

/// A change recorded in the history, at `now`.
pub fn record(history: &mut ModifyHistory, asked: &Asked, now: Millis) {
    if asked.root || asked.user {
        history.volume = Some(now);
    }
    match asked.compute_up {
        Some(true) => history.compute_up = Some(now),
        Some(false) => history.compute_down = Some(now),
        None => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn props(compute: &str, root: i64, user: i64) -> WorkspaceProperties {
        WorkspaceProperties {
            compute_type_name: Some(compute.into()),
            root_volume_size_gib: Some(root),
            user_volume_size_gib: Some(user),
            protocols: Some(vec!["PCOIP".into()]),
            ..Default::default()
        }
    }

    fn compute(c: &str) -> WorkspaceProperties {
        WorkspaceProperties {
            compute_type_name: Some(c.into()),
            ..Default::default()
        }
    }

    #[test]
    fn the_windows_close_for_6_hours_and_30_days_then_open() {
        let cur = props("STANDARD", 175, 100);
        let mut h = ModifyHistory::default();
        let t0 = 1_000 * DAY;
        let grow = WorkspaceProperties {
            root_volume_size_gib: Some(200),
            ..Default::default()
        };
        let asked = check("ws-1", &cur, &grow, &h, t0).unwrap();
        record(&mut h, &asked, t0);
        assert!(check("ws-1", &cur, &grow, &h, t0 + 6 * HOUR - 1).is_err());
        assert!(check("ws-1", &cur, &grow, &h, t0 + 6 * HOUR).is_ok());

        let up = check("ws-1", &cur, &compute("POWER"), &h, t0).unwrap();
        assert_eq!(up.compute_up, Some(true));
        record(&mut h, &up, t0);
        assert!(check("ws-1", &cur, &compute("POWER"), &h, t0 + HOUR).is_err());
        let down = check("ws-1", &cur, &compute("VALUE"), &h, t0 + HOUR).unwrap();
        assert_eq!(down.compute_up, Some(false));
        record(&mut h, &down, t0 + HOUR);
        assert!(check("ws-1", &cur, &compute("VALUE"), &h, t0 + 29 * DAY).is_err());
        assert!(check("ws-1", &cur, &compute("VALUE"), &h, t0 + HOUR + 30 * DAY).is_ok());
    }

    #[test]
    fn pairs_follow_the_admin_guide_groups() {
        for (r, u) in [(80, 10), (80, 50), (80, 100), (175, 100), (2000, 2000)] {
            assert!(pair_allowed(r, u), "{r}/{u}");
        }
        for (r, u) in [(80, 20), (100, 100), (175, 50), (2001, 100)] {
            assert!(!pair_allowed(r, u), "{r}/{u}");
        }
    }
}
