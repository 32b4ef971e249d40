use super::*;
use crate::domain::PoolCapacity;

const ALL_STATES: [&str; 17] = [
    "PENDING",
    "AVAILABLE",
    "IMPAIRED",
    "UNHEALTHY",
    "REBOOTING",
    "STARTING",
    "REBUILDING",
    "RESTORING",
    "MAINTENANCE",
    "ADMIN_MAINTENANCE",
    "TERMINATING",
    "TERMINATED",
    "SUSPENDED",
    "UPDATING",
    "STOPPING",
    "STOPPED",
    "ERROR",
];

fn ws(state: &str, mode: &str) -> Workspace {
    Workspace {
        id: format!("ws-{}", state.to_lowercase()),
        user_name: "alice".into(),
        state: WorkspaceState::parse(state),
        running_mode: mode.into(),
        ..Default::default()
    }
}

/// The states in which `action` passes for an AUTO_STOP WorkSpace.
fn allowed(action: &Action) -> Vec<&'static str> {
    ALL_STATES
        .into_iter()
        .filter(|s| check_workspace(action, &ws(s, "AUTO_STOP")).is_ok())
        .collect()
}

#[test]
fn reboot_needs_available_or_unhealthy() {
    assert_eq!(allowed(&Action::Reboot), ["AVAILABLE", "UNHEALTHY"]);
    assert_eq!(
        check_workspace(&Action::Reboot, &ws("STOPPED", "AUTO_STOP")),
        Err("STOPPED: reboot needs AVAILABLE or UNHEALTHY".into())
    );
    let r = check_workspace(&Action::Reboot, &ws("REBOOTING", "AUTO_STOP")).unwrap_err();
    assert!(r.contains("20 minutes"), "{r}");
}

#[test]
fn rebuild_restore_and_terminate_follow_the_reference() {
    assert_eq!(
        allowed(&Action::Rebuild),
        ["AVAILABLE", "UNHEALTHY", "REBOOTING", "STOPPED", "ERROR"]
    );
    assert_eq!(
        allowed(&Action::Restore),
        ["AVAILABLE", "UNHEALTHY", "STOPPED", "ERROR"]
    );
    let terminate = allowed(&Action::Terminate);
    assert_eq!(terminate.len(), ALL_STATES.len() - 1);
    assert!(!terminate.contains(&"SUSPENDED"));
}

#[test]
fn start_and_stop_need_the_state_and_an_auto_stop_or_manual_mode() {
    assert_eq!(allowed(&Action::Start), ["STOPPED"]);
    assert_eq!(
        allowed(&Action::Stop),
        ["AVAILABLE", "IMPAIRED", "UNHEALTHY", "ERROR"]
    );
    assert!(check_workspace(&Action::Start, &ws("STOPPED", "MANUAL")).is_ok());
    assert_eq!(
        check_workspace(&Action::Stop, &ws("AVAILABLE", "ALWAYS_ON")),
        Err("ALWAYS_ON: stop needs running mode AUTO_STOP or MANUAL".into())
    );
    assert!(check_workspace(&Action::Start, &ws("STOPPED", "ALWAYS_ON")).is_err());
}

#[test]
fn admin_maintenance_ignores_power_actions_and_says_why() {
    for a in [
        Action::Reboot,
        Action::Start,
        Action::Stop,
        Action::Rebuild,
        Action::Restore,
    ] {
        let r = check_workspace(&a, &ws("ADMIN_MAINTENANCE", "AUTO_STOP")).unwrap_err();
        assert!(r.contains("maintenance off"), "{a}: {r}");
    }
    assert!(check_workspace(&Action::Terminate, &ws("ADMIN_MAINTENANCE", "AUTO_STOP")).is_ok());
}

#[test]
fn maintenance_toggles_between_available_and_admin_maintenance() {
    assert_eq!(allowed(&Action::AdminMaintenance(true)), ["AVAILABLE"]);
    assert_eq!(
        allowed(&Action::AdminMaintenance(false)),
        ["ADMIN_MAINTENANCE"]
    );
}

#[test]
fn running_mode_changes_need_available_or_stopped_and_a_different_mode() {
    let to_always = Action::SetRunningMode("ALWAYS_ON".into());
    assert_eq!(allowed(&to_always), ["AVAILABLE"]);
    let to_auto = Action::SetRunningMode("AUTO_STOP".into());
    assert_eq!(
        check_workspace(&to_auto, &ws("AVAILABLE", "AUTO_STOP")),
        Err("already AUTO_STOP".into())
    );
    assert!(check_workspace(&to_auto, &ws("STOPPED", "ALWAYS_ON")).is_ok());
    assert!(check_workspace(&to_auto, &ws("REBOOTING", "ALWAYS_ON")).is_err());
}

#[test]
fn create_image_needs_an_available_workspace() {
    let a = Action::CreateImage {
        name: "n".into(),
        description: "d".into(),
    };
    assert_eq!(allowed(&a), ["AVAILABLE"]);
}

#[test]
fn image_actions_on_a_workspace_are_refused() {
    assert!(check_workspace(&Action::DeleteImage, &ws("AVAILABLE", "AUTO_STOP")).is_err());
}

fn image(state: &str) -> WorkspaceImage {
    WorkspaceImage {
        id: "wsi-123456789".into(),
        name: "golden".into(),
        state: state.into(),
        os_type: "WINDOWS".into(),
        update_available: true,
        ..Default::default()
    }
}

#[test]
fn updated_image_needs_available_windows_with_updates() {
    let a = Action::CreateUpdatedImage {
        name: "n".into(),
        description: "d".into(),
    };
    assert!(check_image(&a, &image("AVAILABLE")).is_ok());
    assert_eq!(
        check_image(&a, &image("PENDING")),
        Err("PENDING: create updated image needs AVAILABLE".into())
    );
    let none = WorkspaceImage {
        update_available: false,
        ..image("AVAILABLE")
    };
    assert_eq!(
        check_image(&a, &none),
        Err("no WorkSpaces updates available for this image".into())
    );
    let linux = WorkspaceImage {
        os_type: "LINUX".into(),
        ..image("AVAILABLE")
    };
    assert!(check_image(&a, &linux).unwrap_err().contains("Windows"));
}

#[test]
fn delete_image_waits_for_pending_and_needs_unsharing() {
    assert!(check_image(&Action::DeleteImage, &image("AVAILABLE")).is_ok());
    assert!(check_image(&Action::DeleteImage, &image("ERROR")).is_ok());
    assert!(check_image(&Action::DeleteImage, &image("PENDING")).is_err());
    let shared = WorkspaceImage {
        shared_with: vec!["111122223333".into()],
        ..image("AVAILABLE")
    };
    assert_eq!(
        check_image(&Action::DeleteImage, &shared),
        Err("shared with 1 account(s): unshare it first".into())
    );
}

#[test]
fn share_and_copy_need_an_available_image_unshare_does_not() {
    let share = Action::ShareImage {
        account_id: "111122223333".into(),
    };
    let unshare = Action::UnshareImage {
        account_id: "111122223333".into(),
    };
    let copy = Action::CopyImage {
        name: "n".into(),
        description: "d".into(),
        destination_region: "eu-west-1".into(),
    };
    for a in [&share, &copy] {
        assert!(check_image(a, &image("AVAILABLE")).is_ok());
        assert!(check_image(a, &image("PENDING")).is_err());
    }
    assert!(check_image(&unshare, &image("ERROR")).is_ok());
    assert!(check_image(&Action::Reboot, &image("AVAILABLE")).is_err());
}

fn pool(state: &str, mode: &str) -> WorkspacesPool {
    WorkspacesPool {
        id: "wspool-12345678".into(),
        name: "call-centre".into(),
        state: state.into(),
        running_mode: mode.into(),
        capacity: Some(PoolCapacity {
            desired: 5,
            ..Default::default()
        }),
        ..Default::default()
    }
}

#[test]
fn pools_start_when_stopped_and_stop_when_running_in_auto_stop_mode() {
    assert!(check_pool(&Action::StartPool, &pool("STOPPED", "AUTO_STOP")).is_ok());
    assert_eq!(
        check_pool(&Action::StartPool, &pool("RUNNING", "AUTO_STOP")),
        Err("RUNNING: start pool needs STOPPED".into())
    );
    assert!(check_pool(&Action::StartPool, &pool("STOPPED", "ALWAYS_ON")).is_err());
    assert!(check_pool(&Action::StopPool, &pool("RUNNING", "AUTO_STOP")).is_ok());
    assert!(check_pool(&Action::StopPool, &pool("STARTING", "AUTO_STOP")).is_err());
    assert!(check_pool(&Action::StopPool, &pool("RUNNING", "ALWAYS_ON")).is_err());
}

#[test]
fn pool_capacity_changes_wait_for_a_settled_pool() {
    assert!(check_pool(&Action::SetPoolCapacity(8), &pool("RUNNING", "AUTO_STOP")).is_ok());
    assert!(check_pool(&Action::SetPoolCapacity(8), &pool("STOPPED", "AUTO_STOP")).is_ok());
    assert!(check_pool(&Action::SetPoolCapacity(8), &pool("UPDATING", "AUTO_STOP")).is_err());
    assert_eq!(
        check_pool(&Action::SetPoolCapacity(5), &pool("RUNNING", "AUTO_STOP")),
        Err("already 5 desired sessions".into())
    );
}

#[test]
fn any_session_can_be_terminated() {
    let s = PoolSession::default();
    assert!(check_session(&Action::TerminateSession, &s).is_ok());
    assert!(check_session(&Action::StopPool, &s).is_err());
}

#[test]
fn plan_splits_targets_with_labels_and_reasons() {
    let fleet = [
        ws("AVAILABLE", "AUTO_STOP"),
        ws("STOPPED", "AUTO_STOP"),
        ws("UNHEALTHY", "ALWAYS_ON"),
    ];
    let p = plan(&Action::Reboot, &fleet);
    let sent: Vec<_> = p.to_send.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(sent, ["ws-available", "ws-unhealthy"]);
    assert_eq!(p.to_send[0].label, "alice");
    assert_eq!(
        p.skipped,
        [(
            Target::new("ws-stopped", "alice"),
            "STOPPED: reboot needs AVAILABLE or UNHEALTHY".to_string()
        )]
    );
    // An action for another kind of resource skips everything, saying why.
    let p = plan(&Action::StartPool, &fleet);
    assert!(p.to_send.is_empty());
    assert_eq!(p.skipped[0].1, "start pool does not apply to WorkSpaces");
}
