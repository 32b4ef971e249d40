use super::*;

fn ws(state: WorkspaceState, compute: &str, root: i32, user: i32) -> Workspace {
    Workspace {
        id: "ws-aaaaaaaa1".into(),
        state,
        compute_type: compute.into(),
        running_mode: "AUTO_STOP".into(),
        root_volume_gib: Some(root),
        user_volume_gib: Some(user),
        auto_stop_minutes: Some(60),
        protocols: vec!["PCOIP".into()],
        ..Default::default()
    }
}

fn compute(c: &str) -> PropertyChange {
    PropertyChange {
        compute: Some(c.into()),
        ..Default::default()
    }
}

#[test]
fn the_form_refuses_what_no_workspace_can_take() {
    assert!(PropertyChange::default().check_form().is_err());
    let both = PropertyChange {
        compute: Some("POWER".into()),
        root_gb: Some(175),
        ..Default::default()
    };
    assert!(both.check_form().unwrap_err().contains("same time"));
    let volumes = PropertyChange {
        root_gb: Some(175),
        user_gb: Some(100),
        ..Default::default()
    };
    assert!(volumes.check_form().unwrap_err().contains("root and user"));
    let odd = PropertyChange {
        auto_stop_minutes: Some(90),
        ..Default::default()
    };
    assert!(odd.check_form().unwrap_err().contains("60-minute"));
    let huge = PropertyChange {
        user_gb: Some(2001),
        ..Default::default()
    };
    assert!(huge.check_form().is_err());
    assert!(compute("POWER").check_form().is_ok());
}

#[test]
fn each_workspace_is_checked_against_the_admin_guide_rules() {
    use WorkspaceState::*;
    let a = ws(Available, "STANDARD", 80, 50);
    assert_eq!(compute("PERFORMANCE").check(&a), Ok(()));
    assert_eq!(
        compute("PERFORMANCE").changes_for(&a),
        vec!["STANDARD → PERFORMANCE".to_string()]
    );
    assert!(compute("STANDARD")
        .check(&a)
        .unwrap_err()
        .contains("already"));
    assert!(compute("GRAPHICS")
        .check(&a)
        .unwrap_err()
        .contains("graphics"));
    let rebooting = ws(Rebooting, "STANDARD", 80, 50);
    assert!(compute("POWER")
        .check(&rebooting)
        .unwrap_err()
        .contains("AVAILABLE or STOPPED"));
    let mut modifying = a.clone();
    modifying.modification_states = vec![("COMPUTE_TYPE".into(), "UPDATE_IN_PROGRESS".into())];
    assert!(compute("POWER")
        .check(&modifying)
        .unwrap_err()
        .contains("being modified (COMPUTE)"));

    let root = |n| PropertyChange {
        root_gb: Some(n),
        ..Default::default()
    };
    // 80/50 → 175/50 is not a group; 175/100 → 200/100 is.
    assert!(root(175).check(&a).unwrap_err().contains("allowed pair"));
    let big = ws(Available, "STANDARD", 175, 100);
    assert_eq!(root(200).check(&big), Ok(()));
    assert_eq!(root(200).changes_for(&big), vec!["root 175 → 200 GB"]);
    assert!(root(100).check(&big).unwrap_err().contains("only grow"));
    let user = PropertyChange {
        user_gb: Some(100),
        ..Default::default()
    };
    assert_eq!(user.check(&a), Ok(()));
}

#[test]
fn running_mode_and_protocol_rules() {
    use WorkspaceState::*;
    let stopped = ws(Stopped, "STANDARD", 80, 50);
    let always = PropertyChange {
        running_mode: Some("ALWAYS_ON".into()),
        ..Default::default()
    };
    assert!(always.check(&stopped).unwrap_err().contains("start it"));
    let mut on = ws(Available, "STANDARD", 80, 50);
    on.running_mode = "ALWAYS_ON".into();
    let timeout = PropertyChange {
        auto_stop_minutes: Some(120),
        ..Default::default()
    };
    assert!(timeout.check(&on).unwrap_err().contains("needs AUTO_STOP"));
    let wsp = PropertyChange {
        protocol: Some("WSP".into()),
        ..Default::default()
    };
    assert_eq!(wsp.check(&on), Ok(()));
    let mut dcv = on.clone();
    dcv.protocols = vec!["WSP".into()];
    let pcoip = PropertyChange {
        protocol: Some("PCOIP".into()),
        ..Default::default()
    };
    assert!(pcoip.check(&dcv).unwrap_err().contains("PCoIP bundle"));
}
