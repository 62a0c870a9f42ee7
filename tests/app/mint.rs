//! Minting in the window against the in-process sandbox: the token with its claims and
//! countdown, copied; a slow mint cancelled while the UI stays live; a rejected key's banner with
//! its details; and the token panel below the form in a narrow window.

use crate::harness::{Settle, Setup, copied, step_until};
use anam_studio::sandbox::{self, Fault};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

#[test]
fn mint_against_the_sandbox_shows_token_claims_and_countdown_and_copies() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Mint").click();
    h.step();
    assert!(h.state().is_minting());
    h.step();
    h.get_by_label_contains("Minting against Sandbox…");
    assert!(h.state().tokens().current().is_none());
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    assert!(!h.state().is_minting());
    assert!(h.query_by_label_contains("Minting against").is_none());
    let token = h.state().tokens().current().unwrap().token.clone();
    assert_eq!(token.split('.').count(), 3);
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "JWT")
            .value()
            .as_deref(),
        Some(token.as_str())
    );
    h.get_by_label("ephemeral");
    h.get_by_label("sandbox-account-0001");
    // The status line and the history row both count down.
    assert_eq!(h.get_all_by_label_contains("expires in 59 min").count(), 2);
    h.get_by_label_contains("Decoded without verifying the signature");

    h.get_by_label("Copy token").click();
    h.settle();
    assert_eq!(copied(&h).last(), Some(&token));
    h.get_by_label("Token copied");

    // The shortcut copies too, and a second mint goes into the history.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    step_until(&mut h, "the second token", |app| {
        app.tokens().history().len() == 2
    });
    h.get_by_label("History (2)");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND.plus(egui::Modifiers::SHIFT),
        egui::Key::C,
    );
    h.settle();
    let second = h.state().tokens().current().unwrap().token.clone();
    assert_eq!(copied(&h).last(), Some(&second));
    h.get_by_label("Copy token 1").click();
    h.settle();
    assert_eq!(copied(&h).last(), Some(&token));
}

#[test]
fn a_slow_mint_can_be_cancelled_and_the_ui_stays_live() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path())
        .sandbox(sandbox::Config {
            fault: Some(Fault::Hang),
            ..Default::default()
        })
        .build();
    h.get_by_label("Mint").click();
    h.step();
    assert!(h.state().is_minting());
    // The UI keeps drawing and answering while the request hangs.
    for _ in 0..20 {
        h.step();
    }
    h.get_by_label("Minting against Sandbox…");
    h.get_by_role_and_label(Role::Slider, "End-of-speech sensitivity")
        .set_value_accesskit(0.3);
    h.step();
    h.step();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.endOfSpeechSensitivity"),
        Some(&json!(0.3))
    );
    h.get_by_label("Cancel").click();
    h.settle();
    assert!(!h.state().is_minting());
    h.get_by_label("Minting cancelled.");
    assert!(h.query_by_label("Minting against Sandbox…").is_none());
    assert!(h.state().tokens().current().is_none());
}

#[test]
fn a_rejected_key_shows_a_401_banner_with_details() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path())
        .sandbox(sandbox::Config {
            required_key: Some("sk-only-this-one".into()),
            ..Default::default()
        })
        .build();
    h.get_by_label("Mint").click();
    step_until(&mut h, "the failure", |app| app.banner().is_some());
    h.get_by_label("The API key was rejected (401): check that it is right for this environment.");
    h.get_by_label("Details").click();
    h.settle();
    h.get_by_label_contains("HTTP 401");
    h.get_by_label("Dismiss").click();
    h.settle();
    assert!(h.state().banner().is_none());
}

#[test]
fn narrow_windows_put_the_token_panel_below() {
    let dir = tempfile::tempdir().unwrap();
    let h = Setup::new(dir.path()).size(1024.0, 700.0).build();
    let token = h.get_by_label("Session token").rect();
    let mint = h.get_by_label("Mint").rect();
    assert!(token.top() > 400.0, "token panel at the bottom: {token:?}");
    assert!(mint.right() <= 1024.0, "Mint is on screen: {mint:?}");
}
