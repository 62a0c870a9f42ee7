//! The form, driven by label: the mode switch keeps both drafts, sliders set the body by drag
//! and by typing, an out-of-range value shows under its field and disables Mint, each voice
//! provider shows exactly its fields (and an ambiguous one offers the candidates), the Body tab
//! edits the form and keeps broken JSON out, and the badge jumps to the first problem.

use crate::harness::{App, Settle, Setup, copied};
use anam_studio::core::contract::Mode;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;

/// Scrolls a widget into view, as a person would, then clicks it.
fn scroll_and_click(h: &mut Harness<'_, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.settle();
    h.get_by_role_and_label(role, label).click();
    h.settle();
}

#[test]
fn switching_modes_keeps_both_drafts() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Stateful").click();
    h.settle();
    assert_eq!(h.state().draft().mode(), Mode::Stateful);
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .focus();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .type_text("persona-42");
    h.settle();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("persona-42"))
    );
    assert!(
        h.query_by_label("Voice detection").is_none(),
        "ephemeral sections are hidden"
    );

    h.get_by_label("Ephemeral").click();
    h.settle();
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
    h.settle();
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
    h.settle();
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
    h.settle();
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
    scroll_and_click(&mut h, Role::CheckBox, "Speech enhancement");
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceDetectionOptions.speechEnhancementLevel"),
        None
    );

    // Typing an exact number in the slider's value box.
    h.get_by_role_and_label(Role::SpinButton, "Silence before session end")
        .click();
    h.settle();
    h.get_by_role_and_label(Role::SpinButton, "Silence before session end")
        .type_text("1234.5");
    h.key_press(egui::Key::Enter);
    h.settle();
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
    h.settle();
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
    h.settle();
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
        h.settle();
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
    h.settle();
    scroll_and_click(&mut h, Role::ComboBox, "Emotion");
    h.get_by_label("scared").click();
    h.settle();
    assert_eq!(
        h.state()
            .draft()
            .get("personaConfig.voiceGenerationOptions.emotion"),
        Some(&json!("scared"))
    );
}

#[test]
fn the_body_tab_edits_the_form_and_keeps_broken_json_out() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Body").click();
    h.settle();
    let editor = h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)");
    assert_eq!(editor.value().as_deref(), Some(h.state().draft().text()));
    let edited = h.state().draft().text().replace("\"Leo\"", "\"Leona\"");
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit(&edited);
    h.settle();
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leona"))
    );

    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit("{\n  \"clientLabel\": \n}");
    h.settle();
    h.get_by_label_contains("Line 3, column 1:");
    assert_eq!(
        h.state().draft().get("personaConfig.name"),
        Some(&json!("Leona")),
        "the form keeps the last valid body"
    );
    h.get_by_label("Revert to last valid body").click();
    h.settle();
    assert_eq!(
        h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
            .value()
            .as_deref(),
        Some(h.state().draft().text())
    );

    h.get_by_label("Copy as curl").click();
    h.settle();
    let curl = copied(&h).pop().unwrap();
    assert!(curl.starts_with("curl -sS -X POST 'http"), "{curl}");
    assert!(curl.contains("Bearer $ANAM_API_KEY"));
    assert!(curl.contains("\"Leona\""));
}

#[test]
fn the_jump_button_opens_the_first_problem() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::SpinButton, "Silence before auto end of turn")
        .set_value_accesskit(0.1);
    h.settle();
    h.get_by_label("Body").click();
    h.settle();
    h.get_by_label("1 problem").click();
    h.settle();
    h.get_by_label("0.1 is below the minimum 0.5");
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
