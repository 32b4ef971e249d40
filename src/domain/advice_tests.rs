use super::*;
use crate::domain::usage::Session;

/// 2025-12-01T00:00Z; December has 31 days.
const DEC1: i64 = 1_764_547_200;
/// Mid-month and the last days: the 10th at noon, the 30th at noon.
const MID: i64 = DEC1 + 9 * DAY + 12 * HOUR;
const END: i64 = DEC1 + 29 * DAY + 12 * HOUR;

fn ws(mode: &str, compute: &str, auto_stop: Option<i32>) -> Workspace {
    Workspace {
        id: "ws-1".into(),
        running_mode: mode.into(),
        compute_type: compute.into(),
        auto_stop_minutes: auto_stop,
        ..Workspace::default()
    }
}

/// `n` one-hour sessions, three hours apart from the 1st at 09:00 (all before `MID`).
fn usage(n: u32, seen_last_month: bool) -> UsageSummary {
    UsageSummary {
        hours: Some(f64::from(n)),
        sessions: (0..n)
            .map(|i| Session {
                start: DEC1 + i64::from(i) * 3 * HOUR + 9 * HOUR,
                hours: 1,
            })
            .collect(),
        seen_last_month,
        ..UsageSummary::default()
    }
}

fn no_tags() -> Option<&'static [Tag]> {
    Some(&[])
}

#[test]
fn autostop_bills_the_timeout_after_each_session_but_not_past_the_next_one() {
    // Three one-hour sessions two hours apart, a two-hour timeout: 3 + 3 × 2.
    assert_eq!(billed_hours(&usage(3, true), 120, MID), Some(9.0));
    // Two sessions one hour apart: the first's timeout stops at the second.
    let close = UsageSummary {
        hours: Some(2.0),
        sessions: vec![
            Session {
                start: DEC1,
                hours: 1,
            },
            Session {
                start: DEC1 + 2 * HOUR,
                hours: 1,
            },
        ],
        ..UsageSummary::default()
    };
    assert_eq!(billed_hours(&close, 180, MID), Some(2.0 + 1.0 + 3.0));
    // A session going on now has no timeout billed yet.
    let now = DEC1 + 10 * HOUR + 5;
    let going = UsageSummary {
        hours: Some(1.0),
        sessions: vec![Session {
            start: DEC1 + 10 * HOUR,
            hours: 1,
        }],
        ..UsageSummary::default()
    };
    assert_eq!(billed_hours(&going, 60, now), Some(1.0));
    assert_eq!(billed_hours(&UsageSummary::default(), 60, MID), None);
}

#[test]
fn autostop_above_break_even_is_advised_always_on_at_once() {
    let billing = Billing::default();
    // 45 sessions of an hour + 45 × 1 h timeout = 90 h > 85 h (STANDARD).
    let a = advise(
        &usage(45, true),
        &ws(AUTO_STOP, "STANDARD", Some(60)),
        no_tags(),
        &billing,
        MID,
    );
    let hours = Hours {
        billed: 90.0,
        break_even: 85.0,
    };
    assert_eq!(
        a,
        Advice::Switch {
            to: ALWAYS_ON,
            hours
        }
    );
    assert_eq!(a.text(), "→ ALWAYS_ON 90h>85h");
    assert_eq!(a.mode(), Some(ALWAYS_ON));
    // 40 + 40 = 80 h ≤ 85 h: AUTO_STOP is the cheaper one.
    let keep = advise(
        &usage(40, true),
        &ws(AUTO_STOP, "STANDARD", Some(60)),
        no_tags(),
        &billing,
        MID,
    );
    assert_eq!(keep.text(), "keep 80h<85h");
    assert_eq!(keep.mode(), None);
}

#[test]
fn always_on_below_break_even_is_advised_auto_stop_only_at_the_month_end() {
    let billing = Billing::default();
    let always_on = ws(ALWAYS_ON, "VALUE", None);
    // 10 sessions + 10 × the assumed 60-minute timeout = 20 h ≤ 81 h (VALUE).
    let mid = advise(&usage(10, true), &always_on, no_tags(), &billing, MID);
    assert_eq!(mid.text(), "from 29th 20h<81h");
    assert_eq!(mid.mode(), None, "not advised before the last three days");
    let end = advise(&usage(10, true), &always_on, no_tags(), &billing, END);
    assert_eq!(end.text(), "→ AUTO_STOP 20h<81h");
    assert_eq!(end.mode(), Some(AUTO_STOP));
    // Used above the break-even: keep paying monthly.
    let busy = advise(&usage(50, true), &always_on, no_tags(), &billing, END);
    assert_eq!(busy.text(), "keep 100h>81h");
}

#[test]
fn never_auto_stop_in_the_first_month() {
    let first = advise(
        &usage(2, false),
        &ws(ALWAYS_ON, "VALUE", None),
        no_tags(),
        &Billing::default(),
        END,
    );
    assert_eq!(first.text(), "1st month 4h<81h");
    assert_eq!(first.mode(), None);
}

#[test]
fn the_skip_tag_and_unknown_tags_are_never_advised() {
    let billing = Billing::default();
    let w = ws(AUTO_STOP, "STANDARD", Some(60));
    let busy = usage(60, true);
    let skip = [Tag {
        key: "Skip_Convert".into(),
        value: String::new(),
    }];
    assert_eq!(
        advise(&busy, &w, Some(&skip), &billing, MID),
        Advice::Skipped
    );
    assert_eq!(advise(&busy, &w, None, &billing, MID), Advice::TagsUnknown);
    // No skip tag configured: tags are not needed.
    let no_skip = Billing {
        skip_tag: String::new(),
        ..Billing::default()
    };
    assert_eq!(
        advise(&busy, &w, None, &no_skip, MID).mode(),
        Some(ALWAYS_ON)
    );
}

#[test]
fn no_data_other_modes_and_unknown_compute_types_are_not_advised() {
    let billing = Billing::default();
    let none = UsageSummary::default();
    let a = advise(
        &none,
        &ws(ALWAYS_ON, "VALUE", None),
        no_tags(),
        &billing,
        END,
    );
    assert_eq!((a.clone(), a.text().as_str()), (Advice::NoData, "–"));
    assert_eq!(
        advise(
            &usage(1, true),
            &ws("MANUAL", "VALUE", None),
            no_tags(),
            &billing,
            END
        ),
        Advice::OtherMode
    );
    assert_eq!(
        advise(
            &usage(1, true),
            &ws(ALWAYS_ON, "GRAPHICS_G4DN", None),
            no_tags(),
            &billing,
            END
        ),
        Advice::NoBreakEven
    );
}
