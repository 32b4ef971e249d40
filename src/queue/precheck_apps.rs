//! Preconditions of the WorkSpaces Applications operations (the `appstream` model's
//! documentation and error lists), checked before anything is sent, as for WorkSpaces.

use super::job::Target;
use super::precheck::Precheck;
use crate::domain::{Action, AppFleet, AppImage, AppSession, TargetKind, UpdateCheck};

/// "STOPPED: start fleet needs RUNNING".
fn needs(state: &str, action: &Action, allowed: &str) -> String {
    format!("{state}: {action} needs {allowed}")
}

/// An image with the last dry run's answer about it, if there was one.
pub struct CheckedImage<'a> {
    pub image: &'a AppImage,
    pub update: Option<&'a UpdateCheck>,
}

/// The image operations' rules.
pub fn check_app_image(
    action: &Action,
    img: &AppImage,
    update: Option<&UpdateCheck>,
) -> Result<(), String> {
    let s = img.state.as_str();
    let own = || match img.visibility.as_str() {
        "PUBLIC" => Err("an AWS base image belongs to AWS".to_string()),
        "SHARED" => Err("shared with this account by its owner".to_string()),
        _ => Ok(()),
    };
    match action {
        // CreateUpdatedImage updates an image of this account; OperationNotPermittedException
        // for one that is not AVAILABLE.
        Action::CheckAppImageUpdate => {
            own()?;
            match s {
                "AVAILABLE" => Ok(()),
                _ => Err(needs(s, action, "AVAILABLE")),
            }
        }
        Action::CreateUpdatedAppImage { .. } => {
            own()?;
            if s != "AVAILABLE" {
                return Err(needs(s, action, "AVAILABLE"));
            }
            match update {
                Some(UpdateCheck::Available { .. }) => Ok(()),
                Some(UpdateCheck::Current { .. }) => {
                    Err("no update available (the last check said so)".into())
                }
                Some(UpdateCheck::Refused { code, .. }) => {
                    Err(format!("the update check was refused: {code}"))
                }
                None => Err("not checked for updates yet (check first)".into()),
            }
        }
        // UpdateImagePermissions / DeleteImagePermissions: "the specified private image".
        Action::ShareAppImage { .. } => {
            own()?;
            match s {
                "AVAILABLE" => Ok(()),
                _ => Err(needs(s, action, "AVAILABLE")),
            }
        }
        Action::UnshareAppImage { .. } => own(),
        // DeleteImage: "You cannot delete an image when it is in use" (ResourceInUseException
        // comes back per image from the service; a fleet's use is not known here).
        Action::DeleteAppImage => {
            own()?;
            match s {
                "PENDING" | "CREATING" | "COPYING" | "IMPORTING" | "DELETING" => {
                    Err(format!("{s}: wait until the image is AVAILABLE or FAILED"))
                }
                _ => Ok(()),
            }
        }
        _ => Err(format!("{action} does not apply to images")),
    }
}

/// The fleet operations' rules.
pub fn check_app_fleet(action: &Action, fleet: &AppFleet) -> Result<(), String> {
    let s = fleet.state.as_str();
    match action {
        Action::StartFleet => match s {
            "STOPPED" => Ok(()),
            _ => Err(needs(s, action, "STOPPED")),
        },
        Action::StopFleet => match s {
            "RUNNING" | "STARTING" => Ok(()),
            _ => Err(needs(s, action, "RUNNING or STARTING")),
        },
        // UpdateFleet: any attribute while STOPPED; while RUNNING, ImageName and
        // ComputeCapacity only on Always-On and On-Demand fleets.
        Action::SwitchFleetImage { image } if fleet.image_name == *image => {
            Err(format!("already on {image}"))
        }
        Action::SetFleetCapacity(n) if fleet.capacity.is_some_and(|c| c.desired == *n) => {
            Err(format!("already {n} desired instances"))
        }
        Action::SwitchFleetImage { .. } | Action::SetFleetCapacity(_) => {
            if fleet.fleet_type == "ELASTIC" {
                match (action, s) {
                    (Action::SetFleetCapacity(_), _) => {
                        Err("an elastic fleet has no desired instances to set".into())
                    }
                    (_, "STOPPED") => Ok(()),
                    _ => Err(format!(
                        "{s}: an elastic fleet changes image only when STOPPED"
                    )),
                }
            } else {
                match s {
                    "RUNNING" | "STOPPED" => Ok(()),
                    _ => Err(needs(s, action, "RUNNING or STOPPED")),
                }
            }
        }
        _ => Err(format!("{action} does not apply to fleets")),
    }
}

/// ExpireSession lists no rule: an ACTIVE or PENDING session may be expired.
pub fn check_app_session(action: &Action, session: &AppSession) -> Result<(), String> {
    match action {
        Action::ExpireSession if session.state == "EXPIRED" => Err("already expired".into()),
        Action::ExpireSession => Ok(()),
        _ => Err(format!("{action} does not apply to sessions")),
    }
}

impl Precheck for CheckedImage<'_> {
    fn kind(&self) -> TargetKind {
        TargetKind::AppImage
    }
    fn target(&self) -> Target {
        Target::new(&self.image.arn, &self.image.name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_app_image(action, self.image, self.update)
    }
}

impl Precheck for AppFleet {
    fn kind(&self) -> TargetKind {
        TargetKind::AppFleet
    }
    fn target(&self) -> Target {
        Target::new(&self.arn, &self.name)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_app_fleet(action, self)
    }
}

impl Precheck for AppSession {
    fn kind(&self) -> TargetKind {
        TargetKind::AppSession
    }
    fn target(&self) -> Target {
        Target::new(&self.id, &self.user_id)
    }
    fn check(&self, action: &Action) -> Result<(), String> {
        check_app_session(action, self)
    }
}
