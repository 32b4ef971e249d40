//! The campaign's form and step 1's confirmation at 80×24 (issue 26), drawn from fixed state
//! with ratatui's TestBackend: the form shows the new image's default name and the bundles it
//! updates with their WorkSpaces; step 1's confirmation names the image it creates.

use wsfleet::app::state::Overlay;
use wsfleet::app::{update, Msg, State};

mod app_fixtures;
mod campaign_fixtures;
use app_fixtures::*;
use campaign_fixtures::*;

/// The campaign fleet on a fixed day, at 80×24, with the images pane showing.
fn at_80x24() -> State {
    let mut s = fleet();
    s.fixed_now = Some(NOW);
    s.now = NOW;
    // Loaded "now": the status line's time is the fixed one, not the clock's.
    s.panes.images.refresh.last_ok = Some(NOW);
    update(&mut s, Msg::Resize(80, 24));
    keys(&mut s, ":img\r");
    s
}

#[test]
fn the_campaign_form_at_80x24() {
    let mut s = at_80x24();
    keys(&mut s, "W");
    assert!(matches!(s.overlay, Overlay::Form(_)), "{:?}", s.overlay);
    let text = screen(&s, 80, 24);
    for whole in ["golden-20261121", "wsb-abc12345 std: 6 WorkSpaces"] {
        assert!(text.contains(whole), "{whole}:\n{text}");
    }
    insta::assert_snapshot!("campaign_form_80x24", text);
}

#[test]
fn step_1s_confirmation_at_80x24() {
    let mut s = at_80x24();
    keys(&mut s, "W");
    keys(&mut s, "\r");
    assert!(matches!(s.overlay, Overlay::Confirm(_)), "{:?}", s.notice);
    let text = screen(&s, 80, 24);
    assert!(text.contains("wsi-old000001  → golden-20261121"), "{text}");
    insta::assert_snapshot!("campaign_step_1_confirm_80x24", text);
}

#[test]
fn the_campaign_form_at_160x48() {
    let mut s = at_80x24();
    update(&mut s, Msg::Resize(160, 48));
    keys(&mut s, "W");
    let text = screen(&s, 160, 48);
    assert!(text.contains("create one (step 1)"), "{text}");
    insta::assert_snapshot!("campaign_form_160x48", text);
}

/// The roll's pick list with the focus: rebuild chosen, the bundles WorkSpaces may migrate
/// to listed with their name, compute type and owner.
#[test]
fn the_campaign_forms_roll_list_at_80x24_and_160x48() {
    let mut s = at_80x24();
    keys(&mut s, "W");
    keys(&mut s, "\t\t\t");
    let text = screen(&s, 80, 24);
    assert!(text.contains("> rebuild"), "{text}");
    insta::assert_snapshot!("campaign_form_roll_80x24", text);
    update(&mut s, Msg::Resize(160, 48));
    insta::assert_snapshot!("campaign_form_roll_160x48", screen(&s, 160, 48));
}
