//! wsfleet's WorkSpaces Applications service layer (`AppsService`, reached through
//! `WorkspacesService` as the queue reaches it) against the emulator over HTTP: paging, the
//! update check by dry run, creating updated images, switching a fleet's image, expiring a
//! session, read-only, and a budget of its own.

mod common;

use common::{quiet_config, REGION, SETTLE};
use std::sync::Arc;
use wsfleet::domain::*;
use wsfleet::queue::ActionApi;
use wsfleet::service::{
    demo_apps_client, demo_client, AppsService, ClientOptions, RateBudget, WorkspacesService,
};
use wsfleet::sim::Emulator;

fn services(emu: &Emulator, read_only: bool) -> WorkspacesService {
    let opts = ClientOptions::default();
    let apps = AppsService::new(
        demo_apps_client(&emu.endpoint_url(), REGION, "AKIDWSFLEETDEMO", &opts),
        REGION.into(),
        Arc::new(RateBudget::unlimited()),
    );
    WorkspacesService::new(
        demo_client(&emu.endpoint_url(), REGION, &opts),
        REGION.into(),
        Arc::new(RateBudget::unlimited()),
    )
    .with_apps(apps)
    .with_read_only(read_only)
}

async fn images(apps: &AppsService) -> Vec<AppImage> {
    let (mut out, mut token) = (vec![], None);
    loop {
        let p = apps.describe_app_images_page(token).await.unwrap();
        assert!(p.items.len() <= 25);
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return out;
        }
    }
}

async fn fleets(apps: &AppsService) -> Vec<AppFleet> {
    let (mut out, mut token) = (vec![], None);
    loop {
        let p = apps.describe_app_fleets_page(token).await.unwrap();
        out.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            return out;
        }
    }
}

async fn one(svc: &WorkspacesService, action: Action, id: &str) -> Outcome {
    let mut r = svc.execute(&action, &[id.to_string()]).await.unwrap();
    assert_eq!(r.len(), 1);
    r.remove(0).outcome
}

#[tokio::test]
async fn images_and_fleets_page_into_domain_rows_with_their_stacks() {
    let emu = common::start_with(quiet_config(300)).await;
    let svc = services(&emu, false);
    let apps = svc.apps().unwrap();
    let all = images(apps).await;
    assert!(all.iter().filter(|i| i.visibility == "PRIVATE").count() >= 12);
    assert!(all.iter().any(|i| i.is_public()));
    assert!(all
        .iter()
        .all(|i| i.arn.ends_with(&format!("image/{}", i.name))));
    assert!(all.iter().any(|i| i.state == "FAILED"));
    let f = fleets(apps).await;
    assert_eq!(f.len(), 4);
    assert!(f.iter().any(|f| f.state == "RUNNING") && f.iter().any(|f| f.state == "STOPPED"));
    assert!(f.iter().any(|f| !f.stacks.is_empty()), "{f:?}");
    // Sessions of a running fleet with a stack, across its stacks and types.
    let running = f
        .iter()
        .find(|f| f.state == "RUNNING" && !f.stacks.is_empty() && f.in_use() > 0)
        .expect("a running fleet in use");
    let (mut sessions, mut token) = (vec![], None);
    loop {
        let p = apps
            .describe_app_sessions_page(&running.arn, &running.stacks, token)
            .await
            .unwrap();
        sessions.extend(p.items);
        token = p.next_token;
        if token.is_none() {
            break;
        }
    }
    assert!(!sessions.is_empty());
    assert!(sessions.iter().all(|s| s.fleet == running.name));
    emu.shutdown().await;
}

#[tokio::test]
async fn the_update_check_is_a_dry_run_that_read_only_allows_and_creates_nothing() {
    let emu = common::start_with(quiet_config(300)).await;
    let svc = services(&emu, true);
    let apps = svc.apps().unwrap();
    let before = images(apps).await;
    let private: Vec<&AppImage> = before
        .iter()
        .filter(|i| i.visibility == "PRIVATE" && i.state == "AVAILABLE")
        .collect();
    let mut answers = vec![];
    for img in &private {
        match one(&svc, Action::CheckAppImageUpdate, &img.arn).await {
            Outcome::Succeeded { result } => answers.push(result.unwrap()),
            other => panic!("{}: {other:?}", img.name),
        }
    }
    assert!(answers.iter().any(|a| a == UPDATE_AVAILABLE), "{answers:?}");
    assert!(answers.iter().any(|a| a == UPDATE_NONE), "{answers:?}");
    assert_eq!(images(apps).await.len(), before.len(), "nothing created");
    // Anything that changes something is refused in read-only, before the network.
    let err = svc
        .execute(&Action::DeleteAppImage, &[private[0].arn.clone()])
        .await
        .unwrap_err();
    assert_eq!(err.code, "ReadOnly");
    emu.shutdown().await;
}

#[tokio::test]
async fn an_updated_image_is_created_followed_to_available_and_a_fleet_switches_to_it() {
    let emu = common::start_with(quiet_config(300)).await;
    let svc = services(&emu, false);
    let apps = svc.apps().unwrap();
    let all = images(apps).await;
    // The image of a fleet that has an update.
    let f = fleets(apps).await;
    let mut pick = None;
    for fleet in &f {
        let Some(img) = all
            .iter()
            .find(|i| i.name == fleet.image_name && i.state == "AVAILABLE")
        else {
            continue;
        };
        if img.visibility != "PRIVATE" {
            continue;
        }
        let answer = one(&svc, Action::CheckAppImageUpdate, &img.arn).await;
        if answer.result() == Some(UPDATE_AVAILABLE) {
            pick = Some((fleet.clone(), img.clone()));
            break;
        }
    }
    let (fleet, img) = pick.expect("a fleet whose image has an update");
    let create = Action::CreateUpdatedAppImage {
        name_template: "{name}-{yyyymmdd}".into(),
        date: "20261130".into(),
        description: "November patch".into(),
        display_name: String::new(),
        tags: vec![("Patch".into(), "2026-11".into())],
    };
    let new_name = format!("{}-20261130", img.name);
    let outcome = one(&svc, create.clone(), &img.arn).await;
    assert_eq!(outcome.result(), Some(new_name.as_str()), "{outcome:?}");
    // The same name again: the service refuses it for this image, and says why.
    match one(&svc, create, &img.arn).await {
        Outcome::Failed { code, .. } => assert_eq!(code, "ResourceAlreadyExistsException"),
        other => panic!("{other:?}"),
    }
    // Followed until AVAILABLE (PENDING first).
    let deadline = std::time::Instant::now() + SETTLE;
    loop {
        let now = images(apps).await;
        let new = now
            .iter()
            .find(|i| i.name == new_name)
            .expect("listed at once");
        if new.state == "AVAILABLE" {
            break;
        }
        assert_eq!(new.state, "PENDING");
        assert!(std::time::Instant::now() < deadline, "never AVAILABLE");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let switch = Action::SwitchFleetImage {
        image: new_name.clone(),
    };
    assert_eq!(one(&svc, switch, &fleet.arn).await, Outcome::succeeded());
    let after = fleets(apps).await;
    let now = after.iter().find(|x| x.arn == fleet.arn).unwrap();
    assert_eq!(now.image_name, new_name);
    emu.shutdown().await;
}

#[tokio::test]
async fn expiring_a_session_removes_it_and_the_calls_spend_only_the_apps_budget() {
    let emu = common::start_with(quiet_config(300)).await;
    let svc = services(&emu, false);
    let apps = svc.apps().unwrap();
    let f = fleets(apps).await;
    let running = f
        .iter()
        .find(|f| f.state == "RUNNING" && !f.stacks.is_empty() && f.in_use() > 0)
        .unwrap();
    let list = |apps: AppsService, fleet: AppFleet| async move {
        let (mut out, mut token) = (vec![], None);
        loop {
            let p = apps
                .describe_app_sessions_page(&fleet.arn, &fleet.stacks, token)
                .await
                .unwrap();
            out.extend(p.items);
            token = p.next_token;
            if token.is_none() {
                return out;
            }
        }
    };
    let before = list(apps.clone(), running.clone()).await;
    let target = before[0].id.clone();
    assert_eq!(
        one(&svc, Action::ExpireSession, &target).await,
        Outcome::succeeded()
    );
    let after = list(apps.clone(), running.clone()).await;
    assert!(after.iter().all(|s| s.id != target), "expired");
    assert_eq!(svc.budget().granted(), 0, "no WorkSpaces call was made");
    assert!(apps.budget().granted() > 0);
    emu.shutdown().await;
}
