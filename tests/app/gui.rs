//! The real app driven through egui_kittest, by labels, as a person would.

use crate::common;

use crate::harness::{App, FakeDialogs, Setup, config_file, copied, mock_keychain, step_until};
use anam_studio::core::contract::Mode;
use anam_studio::sandbox::{self, Fault};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Scrolls a widget into view, as a person would, then clicks it.
fn scroll_and_click(h: &mut Harness<'_, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(role, label).click();
    h.run_ok();
}

fn open_preset(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_label(name).click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some(name));
}

#[test]
fn first_launch_seeds_presets_and_opens_one() {
    let dir = tempfile::tempdir().unwrap();
    let h = Setup::new(dir.path()).build();
    assert_eq!(
        std::fs::read_dir(dir.path().join("presets"))
            .unwrap()
            .count(),
        4
    );
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert_eq!(
        h.state().window_title(),
        "cartesia-calm-support — anam-studio"
    );
    h.get_by_label("elevenlabs-v2-sales-demo");
    h.get_by_label("No token yet. Press Mint (Ctrl+Enter) to mint one against Sandbox.");
}

#[test]
fn switching_modes_keeps_both_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Stateful").click();
    h.run_ok();
    assert_eq!(h.state().draft().mode(), Mode::Stateful);
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .focus();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .type_text("persona-42");
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("persona-42"))
    );
    assert!(
        h.query_by_label("Voice detection").is_none(),
        "ephemeral sections are hidden"
    );

    h.get_by_label("Ephemeral").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leo"))
    );
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .value()
            .as_deref(),
        Some("Leo")
    );
    h.get_by_label("Stateful").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("persona-42"))
    );
}

#[test]
fn sliders_set_the_body_by_drag_value_and_by_typing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    // A slider the preset has set.
    h.get_by_role_and_label(Role::Slider, "End-of-speech sensitivity")
        .set_value_accesskit(0.7);
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.endOfSpeechSensitivity"),
        Some(&json!(0.7))
    );
    // A slider the preset leaves out: "not set" until touched.
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.speechEnhancementLevel"),
        None
    );
    h.get_by_role_and_label(Role::Slider, "Speech enhancement")
        .set_value_accesskit(0.25);
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.speechEnhancementLevel"),
        Some(&json!(0.25))
    );
    assert!(h.state().draft().is_dirty());
    assert_eq!(
        h.state().window_title(),
        "cartesia-calm-support * — anam-studio"
    );
    // Unticking takes it out of the body again.
    h.get_by_role_and_label(Role::CheckBox, "Speech enhancement")
        .click();
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.speechEnhancementLevel"),
        None
    );

    // Typing an exact number in the slider's value box.
    h.get_by_role_and_label(Role::SpinButton, "Silence before session end")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::SpinButton, "Silence before session end")
        .type_text("1234.5");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.silenceBeforeSessionEndSeconds"),
        Some(&json!(1235)),
        "rounded to the slider's step of 1 s"
    );
}

#[test]
fn an_out_of_range_value_shows_under_its_field_and_disables_mint() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    assert!(!h.get_by_label("Mint").accesskit_node().is_disabled());
    h.get_by_role_and_label(Role::SpinButton, "End-of-speech sensitivity")
        .set_value_accesskit(1.5);
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.endOfSpeechSensitivity"),
        Some(&json!(1.5))
    );
    h.get_by_label("1.5 is above the maximum 1");
    h.get_by_label("1 problem");
    assert!(h.get_by_label("Mint").accesskit_node().is_disabled());
    h.get_by_label("Mint anyway");
    // Back in range: the problem and the second button go.
    h.get_by_role_and_label(Role::Slider, "End-of-speech sensitivity")
        .set_value_accesskit(0.9);
    h.run_ok();
    assert!(h.query_by_label("1.5 is above the maximum 1").is_none());
    assert!(h.query_by_label("Mint anyway").is_none());
    assert!(!h.get_by_label("Mint").accesskit_node().is_disabled());
}

#[test]
fn each_voice_provider_shows_exactly_its_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "ElevenLabs V1",
            &["Stability", "Similarity boost", "Speed"],
            &["Style", "Volume", "Emotion", "Model"],
        ),
        (
            "ElevenLabs V2",
            &[
                "Stability",
                "Similarity boost",
                "Style",
                "Speaker boost",
                "Speed",
                "Model",
            ],
            &["Volume", "Emotion"],
        ),
        (
            "Cartesia Sonic-3",
            &["Volume", "Speed", "Emotion"],
            &["Stability", "Style"],
        ),
        (
            "Fish Audio",
            &["Volume", "Speed"],
            &["Emotion", "Stability"],
        ),
    ];
    for (provider, shown, hidden) in cases {
        scroll_and_click(&mut h, Role::ComboBox, "Provider");
        h.get_by_label(provider).click();
        h.run_ok();
        for label in shown {
            h.get_by_role_and_label(Role::CheckBox, label);
        }
        for label in hidden {
            assert!(
                h.query_by_role_and_label(Role::CheckBox, label).is_none(),
                "{provider} shows {label}"
            );
        }
    }
    // Cartesia's emotion is a picker of the contract's values.
    scroll_and_click(&mut h, Role::ComboBox, "Provider");
    h.get_by_label("Cartesia Sonic-3").click();
    h.run_ok();
    scroll_and_click(&mut h, Role::ComboBox, "Emotion");
    h.get_by_label("scared").click();
    h.run_ok();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceGenerationOptions.emotion"),
        Some(&json!("scared"))
    );
}

#[test]
fn save_writes_the_exact_body_and_load_shows_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .focus();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .type_text("-v2");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert!(!h.state().draft().is_dirty());
    let path = dir.path().join("presets/cartesia-calm-support.json");
    let on_disk = std::fs::read_to_string(&path).unwrap();
    assert_eq!(on_disk, h.state().draft().text());
    let shipped = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/presets/cartesia-calm-support.json"
    ))
    .unwrap();
    assert_eq!(
        on_disk,
        shipped.replace("\"support-desk\"", "\"support-desk-v2\""),
        "only the edited field changed"
    );

    open_preset(&mut h, "elevenlabs-v2-sales-demo");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .value()
            .as_deref(),
        Some("Cara")
    );
    assert_eq!(
        h.get_by_role_and_label(Role::Slider, "Stability")
            .accesskit_node()
            .numeric_value(),
        Some(0.5)
    );
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Provider")
            .value()
            .as_deref(),
        Some("ElevenLabs V2")
    );
}

#[test]
fn unsaved_edits_are_not_lost_when_opening_another_preset() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .focus();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .type_text("!");
    h.run_ok();
    h.get_by_label("stateful-persona").click();
    h.run_ok();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Keep editing").click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("support-desk!"))
    );
    h.get_by_label("stateful-persona").click();
    h.run_ok();
    h.get_by_label("Discard changes").click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("stateful-persona"));
}

#[test]
fn save_as_duplicate_rename_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Save as…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .focus();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .type_text(" 2");
    h.run_ok();
    h.get_by_label("OK").click();
    h.run_ok();
    assert_eq!(
        h.state().current_preset(),
        Some("cartesia-calm-support copy 2")
    );
    assert!(presets.join("cartesia-calm-support copy 2.json").exists());

    h.get_by_label("Rename").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("support / bad");
    h.run_ok();
    h.get_by_label("OK").click();
    h.run_ok();
    h.get_by_label_contains("cannot contain /");
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("support-calm");
    h.run_ok();
    h.get_by_label("OK").click();
    h.run_ok();
    assert!(presets.join("support-calm.json").exists());
    assert!(!presets.join("cartesia-calm-support copy 2.json").exists());

    h.get_by_label("Delete").click();
    h.run_ok();
    h.get_by_label_contains("will be deleted");
    h.get_by_label("Keep it").click();
    h.run_ok();
    assert!(presets.join("support-calm.json").exists());
    h.get_by_label("Delete").click();
    h.run_ok();
    h.get_by_label("Delete preset").click();
    h.run_ok();
    assert!(!presets.join("support-calm.json").exists());
    assert_eq!(
        h.state().current_preset(),
        None,
        "the edits stay as an untitled draft"
    );
}

#[test]
fn a_broken_preset_is_listed_with_its_error_and_never_overwritten() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    anam_studio::store::preset::seed(&presets).unwrap();
    let broken = presets.join("zz-broken.json");
    std::fs::write(&broken, "{\n  \"clientLabel\": \"x\",\n}\n").unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("zz-broken (unreadable)").click();
    h.run_ok();
    let banner = h.state().banner().unwrap().sentence.clone();
    assert!(
        banner.contains("zz-broken.json:3:1: trailing comma"),
        "{banner}"
    );
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert_eq!(
        std::fs::read_to_string(&broken).unwrap(),
        "{\n  \"clientLabel\": \"x\",\n}\n"
    );
}

#[test]
fn the_body_tab_edits_the_form_and_keeps_broken_json_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Body").click();
    h.run_ok();
    let editor = h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)");
    assert_eq!(editor.value().as_deref(), Some(h.state().draft().text()));
    let edited = h.state().draft().text().replace("\"Leo\"", "\"Leona\"");
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit(&edited);
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leona"))
    );

    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit("{\n  \"clientLabel\": \n}");
    h.run_ok();
    h.get_by_label_contains("Line 3, column 1:");
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leona")),
        "the form keeps the last valid body"
    );
    h.get_by_label("Revert to last valid body").click();
    h.run_ok();
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
            .value()
            .as_deref(),
        Some(h.state().draft().text())
    );

    h.get_by_label("Copy as curl").click();
    h.run_ok();
    let curl = copied(&h).pop().unwrap();
    assert!(curl.starts_with("curl -sS -X POST 'http"), "{curl}");
    assert!(curl.contains("Bearer $ANAM_API_KEY"));
    assert!(curl.contains("\"Leona\""));
}

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
    h.run_ok();
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
    h.run_ok();
    let second = h.state().tokens().current().unwrap().token.clone();
    assert_eq!(copied(&h).last(), Some(&second));
    h.get_by_label("Copy token 1").click();
    h.run_ok();
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
    h.run_ok();
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
    h.run_ok();
    h.get_by_label_contains("HTTP 401");
    h.get_by_label("Dismiss").click();
    h.run_ok();
    assert!(h.state().banner().is_none());
}

#[test]
fn import_and_export_use_the_file_dialogs() {
    let dir = tempfile::tempdir().unwrap();
    let dialogs = FakeDialogs::default();
    let outside = dir.path().join("elsewhere.json");
    std::fs::write(
        &outside,
        "{\n  \"personaConfig\": {\n    \"personaId\": \"from-a-file\"\n  }\n}\n",
    )
    .unwrap();
    *dialogs.open.lock().unwrap() = Some(outside.clone());
    let exported = dir.path().join("exported.json");
    *dialogs.save.lock().unwrap() = Some(exported.clone());
    let mut h = Setup::new(dir.path()).dialogs(dialogs).build();
    h.get_by_label("Import…").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("from-a-file"))
    );
    assert_eq!(h.state().current_preset(), None);
    h.get_by_label("Export…").click();
    h.run_ok();
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        std::fs::read_to_string(&outside).unwrap()
    );
}

#[test]
fn the_jump_button_opens_the_first_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::SpinButton, "Silence before auto end of turn")
        .set_value_accesskit(0.1);
    h.run_ok();
    h.get_by_label("Body").click();
    h.run_ok();
    h.get_by_label("1 problem").click();
    h.run_ok();
    h.get_by_label("0.1 is below the minimum 0.5");
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

/// Opens Settings, adds an environment for `url`, and selects it in the settings window.
fn add_environment(h: &mut Harness<'_, App>, name: &str, url: &str) {
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Environment name")
        .set_text_value_accesskit(name);
    h.get_by_role_and_label(Role::TextInput, "Base URL")
        .set_text_value_accesskit(url);
    h.run_ok();
    h.get_by_label("Add environment").click();
    h.run_ok();
}

fn test_key_and_wait(h: &mut Harness<'_, App>, expect: &str) {
    h.get_by_label("Test key").click();
    let started = Instant::now();
    while h.query_by_label_contains(expect).is_none() {
        assert!(
            started.elapsed() < common::DEADLINE,
            "timed out waiting for {expect:?}"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
}

#[test]
fn a_custom_environment_with_a_key_in_the_keychain() {
    const RIGHT: &str = "sk-right-key-42";
    let server = anam_studio::sandbox::Sandbox::start(sandbox::Config {
        required_key: Some(RIGHT.into()),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let keychain = mock_keychain();
    let mut h = Setup::new(dir.path()).keychain(keychain.clone()).build();
    add_environment(&mut h, "Staging", &server.base_url());
    let config = std::fs::read_to_string(config_file(dir.path())).unwrap();
    assert!(
        config.contains("\"Staging\"") && config.contains(&server.base_url()),
        "{config}"
    );
    h.get_by_label("API key for Staging");
    assert_eq!(
        h.get_all_by_label("no key").count(),
        2,
        "Production and Staging"
    );

    // The key field is masked.
    let field = h.get_by_role_and_label(Role::PasswordInput, "API key");
    field.set_text_value_accesskit("sk-wrong");
    h.run_ok();
    test_key_and_wait(&mut h, "rejected (401)");

    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit(&format!("  {RIGHT}\n"));
    h.run_ok();
    test_key_and_wait(&mut h, "valid: the API accepted this key");
    h.get_by_label("Save key").click();
    h.run_ok();
    h.get_by_label("Saved the key for Staging in the keychain.");
    h.get_by_label("set (keychain)");
    let account = anam_studio::store::keychain::account_for(&server.base_url());
    let (stored, _) = keychain.get(&account).unwrap().unwrap();
    assert_eq!(stored.expose(), RIGHT, "trimmed before it is stored");
    assert!(
        !config.contains(RIGHT)
            && !std::fs::read_to_string(config_file(dir.path()))
                .unwrap()
                .contains(RIGHT)
    );

    // Pick it and mint with the stored key.
    h.get_by_label("Close settings").click();
    h.run_ok();
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.run_ok();
    assert_eq!(h.state().environment().name, "Staging");
    h.get_by_label("Mint").click();
    step_until(&mut h, "a token from Staging", |app| {
        app.tokens().current().is_some() || app.banner().is_some()
    });
    assert!(h.state().banner().is_none(), "{:?}", h.state().banner());
    assert_eq!(h.state().tokens().current().unwrap().environment, "Staging");

    // Deleting the key: the next mint asks for one.
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_label("API key for Staging");
    h.get_by_label("Delete key").click();
    h.run_ok();
    assert!(keychain.get(&account).unwrap().is_none());
    h.get_by_label("Mint").click();
    h.run_ok();
    assert!(
        h.state()
            .banner()
            .unwrap()
            .sentence
            .starts_with("No API key for Staging: add one in Settings")
    );
}

#[test]
fn without_a_keychain_keys_are_held_in_memory_and_said_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path())
        .no_keychain("no Secret Service is running")
        .build();
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_label_contains("No keychain is available (no Secret Service is running)");
    h.get_by_role_and_label(Role::Button, "Production").click();
    h.run_ok();
    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit("sk-prod");
    h.run_ok();
    h.get_by_label("Save key").click();
    h.run_ok();
    h.get_by_label("Holding the key for Production in memory for this run (no keychain).");
    h.get_by_label("set (this run only)");
    let files: Vec<_> = walk(dir.path());
    for f in files {
        let bytes = std::fs::read(&f).unwrap_or_default();
        assert!(
            !String::from_utf8_lossy(&bytes).contains("sk-prod"),
            "{} holds the key",
            f.display()
        );
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p))
        } else {
            out.push(p)
        }
    }
    out
}

#[test]
fn a_preset_changed_by_another_program_is_not_overwritten_silently() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let path = dir.path().join("presets/cartesia-calm-support.json");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"Leo\"", "\"Leo from git pull\"");
    std::fs::write(&path, &theirs).unwrap();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("mine");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    h.get_by_label("Changed by another program");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    h.get_by_label("Reload from disk").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leo from git pull"))
    );
    assert!(!h.state().draft().is_dirty());

    // Deleted while open, noticed when the window gets focus back; keeping mine recreates it.
    std::fs::remove_file(&path).unwrap();
    h.event(egui::Event::WindowFocused(true));
    // The focus check runs on another thread: wait for its answer.
    let asked = Instant::now();
    while h
        .query_by_label_contains("was deleted from the presets folder")
        .is_none()
    {
        assert!(
            asked.elapsed() < Duration::from_secs(20),
            "no disk check answer"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    h.run_ok();
    h.get_by_label("Keep my version").click();
    h.run_ok();
    assert!(h.state().draft().is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        h.state().draft().text()
    );
}

#[test]
fn saving_an_untitled_draft_from_the_unsaved_prompt_asks_for_a_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("New").click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), None);
    // An untouched new preset is no unsaved work; an edit makes it one.
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("from scratch");
    h.run_ok();
    h.get_by_label("stateful-persona").click();
    h.run_ok();
    h.get_by_label("Save changes").click();
    h.run_ok();
    h.get_by_label("Save preset as");
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("from-scratch");
    h.run_ok();
    h.get_by_label("OK").click();
    h.run_ok();
    assert!(dir.path().join("presets/from-scratch.json").exists());
    assert_eq!(
        h.state().current_preset(),
        Some("stateful-persona"),
        "once the draft is saved, the preset that was being opened opens"
    );
}

#[test]
fn the_filter_box_narrows_the_presets_list() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("fish-audio-french-tutor");
    h.get_by_role_and_label(Role::TextInput, "Filter presets")
        .set_text_value_accesskit("SALES");
    h.run_ok();
    h.get_by_label("elevenlabs-v2-sales-demo");
    assert!(h.query_by_label("fish-audio-french-tutor").is_none());
    h.get_by_role_and_label(Role::TextInput, "Filter presets")
        .set_text_value_accesskit("nothing like it");
    h.run_ok();
    h.get_by_label("No preset matches the filter.");
}

#[test]
fn an_ambiguous_voice_provider_says_so_and_offers_the_candidates() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    anam_studio::store::preset::seed(&presets).unwrap();
    std::fs::write(
        presets.join("a-ambiguous.json"),
        "{\n  \"personaConfig\": {\n    \"voiceGenerationOptions\": {\n      \"speed\": 1,\n      \"volume\": 1\n    }\n  }\n}\n",
    )
    .unwrap();
    let mut h = Setup::new(dir.path()).build();
    assert_eq!(h.state().current_preset(), Some("a-ambiguous"));
    h.get_by_label_contains("These options fit Cartesia Sonic-3 or Fish Audio");
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Provider")
            .value()
            .as_deref(),
        Some("Not chosen")
    );
    scroll_and_click(&mut h, Role::Button, "Use Fish Audio");
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Provider")
            .value()
            .as_deref(),
        Some("Fish Audio")
    );
    assert!(h.query_by_label_contains("These options fit").is_none());
    // Nothing was dropped: both options belong to Fish Audio.
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceGenerationOptions"),
        Some(&json!({"speed": 1, "volume": 1}))
    );
    assert!(!h.state().draft().is_dirty());
}

fn open_picker_and_wait(h: &mut Harness<'_, App>, picker: &str) {
    h.get_by_role_and_label(Role::Button, picker).click();
    h.run_ok();
    step_until(h, "the catalog", |app| app.catalog().is_some());
}

#[test]
fn search_and_pick_a_voice_switches_the_provider() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(anam_studio::core::contract::VoiceProvider::CartesiaSonic3)
    );
    open_picker_and_wait(&mut h, "Pick voice");
    h.get_by_label("Calm Leo · Cartesia · male · US");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("lena");
    h.run_ok();
    assert!(
        h.query_by_label_contains("Calm Leo  ·").is_none(),
        "the search filters the list"
    );
    h.get_by_label_contains("Lena  ·  Fish Audio").click();
    h.run_ok();
    let lena = h
        .state()
        .catalog()
        .unwrap()
        .voices
        .iter()
        .find(|v| v.display_name == "Lena")
        .unwrap()
        .id
        .clone();
    assert_eq!(
        h.state().draft().get("personaConfig.voiceId"),
        Some(&json!(lena))
    );
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(anam_studio::core::contract::VoiceProvider::FishAudio)
    );
    assert_eq!(
        h.get_by_role_and_label(Role::ComboBox, "Provider")
            .value()
            .as_deref(),
        Some("Fish Audio")
    );
    assert!(
        h.query_by_role_and_label(Role::CheckBox, "Emotion")
            .is_none(),
        "Cartesia's fields are gone"
    );
    assert_eq!(
        h.state().draft().error_count(),
        0,
        "{:?}",
        h.state().draft().problems()
    );
    h.get_by_label("Lena · Fish Audio · female · DE");

    // An id the catalog does not know is kept and marked, not rejected.
    h.get_by_role_and_label(Role::TextInput, "Voice ID")
        .set_text_value_accesskit("my-own-voice");
    h.run_ok();
    h.get_by_label("unknown id");
    assert_eq!(
        h.state().draft().get("personaConfig.voiceId"),
        Some(&json!("my-own-voice"))
    );
}

#[test]
fn start_from_persona_fills_the_ephemeral_form() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Stateful").click();
    h.run_ok();
    open_picker_and_wait(&mut h, "Pick persona");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("tutor");
    h.run_ok();
    h.get_by_label_contains("Amélie — French tutor").click();
    h.run_ok();
    let id = h
        .state()
        .draft()
        .get("personaConfig.personaId")
        .unwrap()
        .as_str()
        .unwrap()
        .to_string();
    assert!(!id.is_empty());
    h.get_by_label("Start from persona").click();
    // Switching to Stateful and picking an id are unsaved edits: the replace asks first.
    step_until(&mut h, "the question", |app| app.dialog_open());
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    step_until(&mut h, "the persona", |app| {
        app.draft().mode() == Mode::Ephemeral
    });
    let draft = h.state().draft();
    assert_eq!(h.state().current_preset(), None, "a new, unsaved preset");
    assert!(draft.is_dirty());
    for field in ["avatarId", "voiceId", "llmId", "systemPrompt"] {
        assert!(
            draft.get(&format!("personaConfig.{field}")).is_some(),
            "{field} missing: {}",
            draft.text()
        );
    }
    assert_eq!(draft.get("personaConfig.languageCode"), Some(&json!("fr")));
    assert_eq!(draft.error_count(), 0, "{:?}", draft.problems());
    h.get_by_label_contains("Started from the persona \"Amélie — French tutor\"");
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Name")
            .value()
            .as_deref(),
        Some("Amélie — French tutor")
    );
}

#[test]
fn avatar_thumbnails_load_off_the_ui_thread() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    open_picker_and_wait(&mut h, "Pick avatar");
    let started = Instant::now();
    while h.query_all_by_role(Role::Image).count() < 12 {
        assert!(
            started.elapsed() < common::DEADLINE,
            "thumbnails did not load"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(h.query_by_label("no image").is_none());
}

#[test]
fn the_catalog_is_cached_per_environment_and_used_offline() {
    let faults = sandbox::FaultQueue::default();
    let server = anam_studio::sandbox::Sandbox::start(sandbox::Config {
        catalog_faults: faults.clone(),
        ..Default::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut config = anam_studio::core::environment::Config::default();
    config.upsert(None, "Staging", &server.base_url()).unwrap();
    anam_studio::store::config::save(&config, &config_file(dir.path())).unwrap();
    let keychain = mock_keychain();
    let account = anam_studio::store::keychain::account_for(&server.base_url());
    keychain
        .set(
            &account,
            &anam_studio::core::secrets::ApiKey::new("sk-staging").unwrap(),
        )
        .unwrap();

    let mut h = Setup::new(dir.path()).keychain(keychain.clone()).build();
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.run_ok();
    h.get_by_label("Staging catalog: not loaded (the pickers load it)");
    open_picker_and_wait(&mut h, "Pick voice");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    h.get_by_label_contains("Staging catalog: 15 avatars, 40 voices, 6 LLMs, 8 personas");

    // The server fails: the cached catalog stays, and the UI says it is offline.
    for _ in 0..4 {
        faults.push(Fault::json(503, json!({"message": "maintenance"})));
    }
    h.get_by_label("Refresh catalog").click();
    let started = Instant::now();
    while h
        .query_by_label_contains("Offline: showing the cached catalog")
        .is_none()
    {
        assert!(started.elapsed() < common::DEADLINE, "no offline notice");
        h.step();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert_eq!(h.state().catalog().unwrap().voices.len(), 40);
    drop(h);
    drop(server);

    // The next run, with the server gone, starts from the disk cache.
    let mut h = Setup::new(dir.path()).keychain(keychain).build();
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.run_ok();
    assert_eq!(h.state().catalog().map(|c| c.avatars.len()), Some(15));
    h.get_by_label_contains("Staging catalog: 15 avatars");
}
