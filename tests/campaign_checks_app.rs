//! Issue 26, campaigns, driven through `update` like the running app: every step's input is
//! checked when the form is submitted (a refused form names the rule, sends and saves
//! nothing and stays open), the form's defaults and what it lists, and the names the
//! campaign goes by (its image's, and "step 3 of 3: WorkSpaces, wave 1 of 3").

use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Command, Msg, Rows, State};
use wsfleet::domain::*;
use wsfleet::panes::PaneKind;

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

/// The fleet with two more images and their bundles: a Linux one, and a second Windows one
/// (the bundle a roll may migrate to).
fn fleet_with_other_platforms() -> State {
    let mut s = fleet();
    let image = |id: &str, name: &str, os: &str| WorkspaceImage {
        id: id.into(),
        region: "us-east-1".into(),
        name: name.into(),
        state: "AVAILABLE".into(),
        os_type: os.into(),
        ..Default::default()
    };
    let mut golden = image("wsi-old000001", "golden", "WINDOWS");
    golden.update_available = true;
    page(
        &mut s,
        Rows::Images(vec![
            golden,
            image("wsi-xlnx00001", "ubuntu", "LINUX"),
            image("wsi-xwin00002", "win-two", "WINDOWS"),
        ]),
    );
    let bundle = |id: &str, image: &str| WorkspaceBundle {
        id: id.into(),
        region: "us-east-1".into(),
        name: id.into(),
        image_id: image.into(),
        owner: "123456789012".into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    let mut std = bundle("wsb-abc12345", "wsi-old000001");
    std.name = "std".into();
    page(
        &mut s,
        Rows::Bundles(vec![
            std,
            bundle("wsb-lnx00001", "wsi-xlnx00001"),
            bundle("wsb-win00002", "wsi-xwin00002"),
        ]),
    );
    s
}

/// `W` on the image, the fields set (index, value), Enter: the commands.
fn submit_form(s: &mut State, fields: &[(usize, &str)]) -> Vec<Command> {
    keys(s, ":img\r");
    keys(s, "W");
    let Overlay::Form(f) = &mut s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    for (i, v) in fields {
        f.fields[*i].1 = tui_input::Input::new(v.to_string());
    }
    keys(s, "\r")
}

/// Refused: the form is still open with `rule` as its error, and nothing was made, saved or
/// sent.
fn refused(s: &State, commands: &[Command], rule: &str) {
    assert!(commands.is_empty(), "sent or saved: {commands:?}");
    assert!(s.campaigns.is_empty(), "a campaign was made");
    let Overlay::Form(f) = &s.overlay else {
        panic!("the form closed: {:?}", s.overlay)
    };
    let error = f.error.clone().unwrap_or_default();
    assert!(error.contains(rule), "{error:?} does not say {rule:?}");
}

#[test]
fn a_migrate_roll_with_no_bundle_is_refused_before_anything_is_sent() {
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(3, "migrate:")]);
    refused(&s, &c, "roll: migrate needs the bundle to migrate to");
    // Still open: fixed in place, it goes.
    let Overlay::Form(f) = &mut s.overlay else {
        panic!()
    };
    f.fields[3].1 = tui_input::Input::new("migrate:wsb-win00002".into());
    let c = keys(&mut s, "\r");
    assert!(matches!(c.as_slice(), [Command::SaveCampaign(_)]), "{c:?}");
    assert!(matches!(s.overlay, Overlay::Confirm(_)));
}

#[test]
fn a_migrate_roll_to_a_bundle_not_in_the_region_is_refused() {
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(3, "migrate:wsb-nothere01")]);
    refused(&s, &c, "roll: wsb-nothere01 is not a bundle of us-east-1");
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(3, "migrate:bundle-1")]);
    refused(&s, &c, "roll: 'bundle-1' is not a wsb- ID");
}

#[test]
fn a_migrate_roll_to_a_bundle_of_another_platform_is_refused() {
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(3, "migrate:wsb-lnx00001")]);
    refused(
        &s,
        &c,
        "roll: wsb-lnx00001 is a LINUX DEFAULT bundle and golden a WINDOWS DEFAULT image",
    );
}

#[test]
fn the_other_steps_inputs_are_checked_too() {
    // Step 1: a name an image of the Region has.
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(1, "ubuntu")]);
    refused(&s, &c, "new image name: ubuntu is taken in us-east-1");
    // Step 1 skipped: an updated image that is not there.
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(0, "wsi-gone00001")]);
    refused(
        &s,
        &c,
        "updated image: wsi-gone00001 is not an image of us-east-1",
    );
    // Step 2: a bundle not built from the image.
    let mut s = fleet_with_other_platforms();
    let c = submit_form(&mut s, &[(2, "wsb-win00002")]);
    refused(
        &s,
        &c,
        "bundles: wsb-win00002 is not a bundle built from wsi-old000001",
    );
}

#[test]
fn the_new_image_is_named_as_p_names_an_updated_image_and_step_1_shows_it() {
    let mut s = fleet();
    keys(&mut s, ":img\r");
    keys(&mut s, "W");
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form")
    };
    let day = chrono::DateTime::from_timestamp(s.now, 0)
        .unwrap()
        .format("%Y%m%d")
        .to_string();
    assert_eq!(f.fields[1].1.value(), format!("golden-{day}"));
    // Taken as it is: step 1's confirmation names the image it creates.
    keys(&mut s, "\r");
    let Overlay::Confirm(conf) = &s.overlay else {
        panic!("{:?} {:?}", s.overlay, s.notice)
    };
    assert_eq!(
        conf.action,
        Action::CreateUpdatedImage {
            name: format!("golden-{day}"),
            description: "updated from wsi-old000001 by a wsfleet campaign".into()
        }
    );
    let text = screen(&s, 80, 24);
    assert!(
        text.contains(&format!("wsi-old000001  → golden-{day}")),
        "{text}"
    );
}

#[test]
fn the_form_lists_the_bundles_it_updates_with_their_workspaces() {
    let mut s = fleet_with_other_platforms();
    keys(&mut s, ":img\r");
    keys(&mut s, "W");
    let text = screen(&s, 80, 24);
    assert!(
        text.contains("Bundles to update (WorkSpaces on each):"),
        "{text}"
    );
    assert!(text.contains("wsb-abc12345 std: 6 WorkSpaces"), "{text}");
    assert!(!text.contains("wsb-win00002"), "not built from it:\n{text}");
}

#[test]
fn steps_and_campaigns_are_named_by_their_place_and_their_image() {
    let mut s = fleet();
    through_the_first_wave_pausing(&mut s, 60);
    let c = &s.campaigns[0];
    assert_eq!(
        c.summary(),
        "campaign golden → golden-dec: step 3 of 3: WorkSpaces, wave 1 of 3; 2 ok, 0 failed or \
         unknown, 0 skipped, 4 to go"
    );
    let key = c.key.clone();
    // The jobs say their step; the campaign's row names the images.
    keys(&mut s, ":queue\r");
    let actions: Vec<String> = s
        .panes
        .queue
        .table
        .rows()
        .iter()
        .map(|r| r.action.clone())
        .collect();
    for want in [
        "campaign golden → golden-dec",
        "create updated image [campaign step 1 of 3]",
        "point bundle at wsi-new000001 [campaign step 2 of 3]",
        "rebuild [campaign step 3 of 3, wave 1 of 3]",
    ] {
        assert!(actions.iter().any(|a| a == want), "{want:?} in {actions:?}");
    }
    assert!(
        !actions.iter().any(|a| a.contains(&key)),
        "an ID-like key names it: {actions:?}"
    );
    // Its outcomes pane is headed by the image's name.
    let c = update(&mut s, Msg::CampaignWake(key.clone())).commands;
    assert!(!submits(&c).is_empty());
    wsfleet::app::campaign::row::open_outcomes(&mut s, &key);
    assert_eq!(s.active, PaneKind::Outcomes);
    assert_eq!(
        s.panes.outcomes.heading.as_deref(),
        Some("Outcomes of campaign golden")
    );
    assert!(screen(&s, 140, 50).contains("Outcomes of campaign golden"));
}

/// The values a pick field of the open campaign form offers.
fn offered(s: &State, field: usize) -> Vec<String> {
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    let pick = f.pick(field).expect("a pick list");
    pick.items().iter().map(|i| i.value.clone()).collect()
}

/// The open form's field `i` as it will be read.
fn value(s: &State, i: usize) -> String {
    let Overlay::Form(f) = &s.overlay else {
        panic!("no form: {:?} {:?}", s.overlay, s.notice)
    };
    f.fields[i].1.value().to_string()
}

#[test]
fn the_roll_is_picked_from_the_bundles_the_checks_accept_and_rebuild_is_the_default() {
    let mut s = fleet_with_other_platforms();
    keys(&mut s, ":img\r");
    keys(&mut s, "W");
    // Rebuild, then the Region's AVAILABLE bundles on the image's platform (by name): not the
    // Linux one.
    assert_eq!(
        offered(&s, 3),
        ["rebuild", "migrate:wsb-abc12345", "migrate:wsb-win00002"]
    );
    assert_eq!(
        value(&s, 3),
        "rebuild",
        "the default roll, no bundle guessed"
    );
    let text = screen(&s, 80, 24);
    assert!(
        text.contains("Roll (rebuild, or migrate): rebuild"),
        "{text}"
    );
    // Tab to the roll, type to narrow: the one left is chosen.
    keys(&mut s, "\t\t\twin00002");
    assert_eq!(value(&s, 3), "migrate:wsb-win00002");
    let text = screen(&s, 80, 24);
    assert!(text.contains("> migrate to wsb-win00002"), "{text}");
    let c = keys(&mut s, "\r");
    assert!(matches!(c.as_slice(), [Command::SaveCampaign(_)]), "{c:?}");
    let plan = s.campaigns[0].plan.clone().unwrap();
    assert_eq!(
        plan.roll,
        wsfleet::queue::campaign::Roll::Migrate {
            bundle_id: "wsb-win00002".into()
        }
    );
}

#[test]
fn the_updated_image_and_the_bundles_are_picked_too() {
    let mut s = fleet_with_other_platforms();
    keys(&mut s, ":img\r");
    keys(&mut s, "W");
    // "create one" first (chosen: the image has an update), then the Region's other
    // AVAILABLE images.
    let images = offered(&s, 0);
    assert_eq!(images[0], "");
    assert_eq!(images.len(), 3);
    assert!(images.contains(&"wsi-xwin00002".to_string()), "{images:?}");
    assert_eq!(value(&s, 0), "");
    keys(&mut s, "win-two");
    assert_eq!(value(&s, 0), "wsi-xwin00002");
    // The bundles built from the image, none ticked (all); Space ticks the highlighted one.
    assert_eq!(offered(&s, 2), ["wsb-abc12345"]);
    keys(&mut s, "\t\t");
    update(
        &mut s,
        Msg::Key(crossterm::event::KeyEvent::from(
            crossterm::event::KeyCode::Down,
        )),
    );
    keys(&mut s, " ");
    assert_eq!(value(&s, 2), "wsb-abc12345");
    let text = screen(&s, 80, 24);
    assert!(text.contains("[x] wsb-abc12345"), "{text}");
    let c = keys(&mut s, "\r");
    assert!(matches!(c.as_slice(), [Command::SaveCampaign(_)]), "{c:?}");
    let camp = &s.campaigns[0];
    assert_eq!(camp.new_image.as_deref(), Some("wsi-xwin00002"));
    let ids: Vec<&str> = camp.bundles.iter().map(|b| b.id.as_str()).collect();
    assert_eq!(ids, ["wsb-abc12345"]);
}

#[test]
fn the_lists_follow_bundles_that_arrive_while_the_form_is_open() {
    let mut s = fleet_with_other_platforms();
    keys(&mut s, ":img\r");
    keys(&mut s, "W");
    let mut late = WorkspaceBundle {
        id: "wsb-win00003".into(),
        region: "us-east-1".into(),
        name: "win-three".into(),
        image_id: "wsi-xwin00002".into(),
        owner: "123456789012".into(),
        state: "AVAILABLE".into(),
        ..Default::default()
    };
    page(&mut s, Rows::Bundles(vec![late.clone()]));
    assert!(
        offered(&s, 3).contains(&"migrate:wsb-win00003".to_string()),
        "{:?}",
        offered(&s, 3)
    );
    late.state = "PENDING".into();
    page(&mut s, Rows::Bundles(vec![late]));
    assert!(!offered(&s, 3).contains(&"migrate:wsb-win00003".to_string()));
}
