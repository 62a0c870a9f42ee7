//! What a real window showed (issue 23): a banner that comes or goes moves no control a person is
//! about to click, and with no key and no keychain the words match the real state and stay in
//! sight when Settings opens.

use crate::harness::{App, Setup, step_until};
use anam_studio::sandbox::{Fault, FaultQueue};
use anam_studio::store::keychain::Keychain;
use anam_studio::ui::Banner;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use std::sync::Arc;

/// The app with a preset open.
fn started(setup: Setup) -> Harness<'static, App> {
    let mut h = setup.build();
    step_until(&mut h, "a preset to open", |app| {
        app.current_preset().is_some()
    });
    h
}

/// Where the controls above and in the Body tab are.
fn controls(h: &Harness<'_, App>) -> Vec<egui::Rect> {
    let tabs = ["Form", "Body"].map(|t| h.get_by_role_and_label(Role::Button, t).rect());
    let buttons =
        ["Copy body", "Copy as curl"].map(|b| h.get_by_role_and_label(Role::Button, b).rect());
    tabs.into_iter().chain(buttons).collect()
}

#[test]
fn a_banner_coming_or_going_moves_no_control_in_both_sizes() {
    for size in [egui::vec2(1400.0, 900.0), egui::vec2(1024.0, 700.0)] {
        let dir = tempfile::tempdir().unwrap();
        let queue = FaultQueue::default();
        queue.push(Fault::json(501, json!({"message": "Not Implemented"})));
        let mut h = started(Setup::new(dir.path()).faults(&queue).size(size.x, size.y));
        h.get_by_role_and_label(Role::Button, "Body").click();
        h.run_ok();
        let before = controls(&h);

        h.get_by_role_and_label(Role::Button, "Mint").click();
        h.run_ok();
        step_until(&mut h, "the failure", |app| app.banner().is_some());
        h.get_by_label_contains("does not do this (501: Not Implemented)");
        assert_eq!(controls(&h), before, "{size:?}: the banner came");

        h.get_by_role_and_label(Role::Button, "Dismiss").click();
        h.run_ok();
        assert!(h.state().banner().is_none());
        assert_eq!(controls(&h), before, "{size:?}: the banner went");
    }
}

/// Picks Production and presses Mint: the banner that says why it did not mint.
fn mint_on_production(h: &mut Harness<'_, App>) -> Banner {
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_label("Production").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(h, "the refusal", |app| app.banner().is_some());
    h.state().banner().unwrap().clone()
}

#[test]
fn production_with_no_key_and_no_keychain_says_so_where_settings_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let reason = "no Secret Service or other keychain is running";
    let mut h = started(
        Setup::new(dir.path())
            .no_keychain(reason)
            .size(1024.0, 700.0),
    );
    let sentence = mint_on_production(&mut h).sentence;
    assert_eq!(
        sentence,
        "No API key for Production, and no keychain to keep one in: add one in Settings (it is held in memory for this run only), or set ANAM_API_KEY."
    );
    // Settings opened on Production, and the reason is in it, beside the key field.
    h.get_by_label("API key for Production");
    h.get_by_label_contains(&format!("No keychain is available ({reason})"));
    assert_eq!(
        h.query_all_by_label(&sentence).count(),
        2,
        "the banner, and Settings under its API key field"
    );
}

#[test]
fn a_failing_keychain_is_said_in_a_sentence_not_in_the_librarys_words() {
    use anam_studio::core::environment::PRODUCTION_URL;
    use anam_studio::store::keychain::{SERVICE, account_for};
    let dir = tempfile::tempdir().unwrap();
    let store: Arc<keyring_core::CredentialStore> = keyring_core::mock::Store::new().unwrap();
    let entry =
        keyring_core::Entry::new_in_store(&store, SERVICE, &account_for(PRODUCTION_URL)).unwrap();
    let raw = "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files";
    let failure = keyring_core::Error::PlatformFailure(Box::new(std::io::Error::other(raw)));
    (entry.as_any().downcast_ref::<keyring_core::mock::Cred>())
        .expect("a mock credential")
        .set_error(failure);
    let mut h = started(
        Setup::new(dir.path())
            .keychain(Arc::new(Keychain::with_store(store)))
            .size(1400.0, 900.0),
    );
    let banner = mint_on_production(&mut h);
    assert_eq!(
        banner.sentence,
        "Could not read the API key: no keychain is available (the system's keychain service did not answer)."
    );
    assert!(!format!("{banner:?}").contains("freedesktop"), "{banner:?}");
    h.get_by_label(&banner.sentence);
}
