//! The document on screen is the document that is sent and saved (issue 12): text in the Body
//! tab that does not parse belongs to its preset and blocks Mint with the reason; every action
//! that replaces the document asks first; settings a provider switch drops are named, with
//! Undo; Ctrl+Z / Ctrl+Shift+Z take edits back and forth.

use crate::harness::{App, Setup, step_until};
use anam_studio::core::contract::Mode;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::path::Path;

fn preset(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join("presets").join(format!("{name}.json"))
}

fn body_text(h: &Harness<'_, App>) -> String {
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .value()
        .unwrap_or_default()
}

/// Opens the Body tab and puts `oops` after the client label's line: no longer JSON.
fn break_the_body(h: &mut Harness<'_, App>) -> String {
    h.get_by_label("Body").click();
    h.run_ok();
    let broken = body_text(h).replacen(",\n", ", oops\n", 1);
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit(&broken);
    h.run_ok();
    broken
}

#[test]
fn broken_body_text_is_an_unsaved_change_of_its_own_preset() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let calm = std::fs::read(preset(dir.path(), "cartesia-calm-support")).unwrap();
    let tutor = std::fs::read(preset(dir.path(), "fish-audio-french-tutor")).unwrap();
    let broken = break_the_body(&mut h);
    assert!(h.state().draft().is_dirty(), "the broken text is an edit");
    h.get_by_label("cartesia-calm-support *");

    // Opening another preset asks first; "Keep editing" keeps the text where it was typed.
    h.get_by_label("fish-audio-french-tutor").click();
    h.run_ok();
    h.get_by_label("Unsaved changes");
    h.get_by_role_and_label(Role::Button, "Keep editing")
        .click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert_eq!(body_text(&h), broken);

    // Discarding opens the other preset, whose Body shows its own text.
    h.get_by_label("fish-audio-french-tutor").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("fish-audio-french-tutor"));
    assert!(!h.state().draft().is_dirty());
    assert_eq!(body_text(&h), h.state().draft().text());
    assert!(!body_text(&h).contains("oops"));
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert_eq!(
        std::fs::read(preset(dir.path(), "fish-audio-french-tutor")).unwrap(),
        tutor
    );
    assert_eq!(
        std::fs::read(preset(dir.path(), "cartesia-calm-support")).unwrap(),
        calm
    );
}

#[test]
fn broken_body_text_blocks_mint_and_save_with_the_reason() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let path = preset(dir.path(), "cartesia-calm-support");
    let before = std::fs::read(&path).unwrap();
    break_the_body(&mut h);
    let reason = "The Body tab's text is not JSON (line 2, column 34): fix it, or use Revert to last valid body.";
    assert!(
        h.get_by_role_and_label(Role::Button, "Mint")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.query_by_label("Mint anyway").is_none(),
        "Mint anyway is for bodies with problems, not for text that is not JSON"
    );
    h.get_by_label_contains("Body is not JSON");
    assert!(h.query_by_label("Valid").is_none());

    // The shortcut is refused with the same reason; nothing is minted.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Enter);
    h.run_ok();
    assert!(!h.state().is_minting());
    assert_eq!(
        h.state().banner().map(|b| b.sentence.as_str()),
        Some(reason)
    );
    // So is a save.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(h.state().draft().is_dirty());

    // Reverting brings Mint back, and the message goes with its cause.
    h.get_by_role_and_label(Role::Button, "Revert to last valid body")
        .click();
    h.run_ok();
    assert!(
        !h.get_by_role_and_label(Role::Button, "Mint")
            .accesskit_node()
            .is_disabled()
    );
    assert!(
        h.state().banner().is_none(),
        "the reason went with its cause"
    );
    h.get_by_label("Valid");
}

#[test]
fn start_from_persona_asks_before_replacing_unsaved_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("my unsaved label");
    h.run_ok();
    h.get_by_label("Stateful").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .set_text_value_accesskit(anam_studio::sandbox::catalog::DEMO_PERSONA);
    h.run_ok();
    h.get_by_label("Start from persona").click();
    step_until(&mut h, "the question", |app| app.dialog_open());
    h.get_by_label("Unsaved changes");
    h.get_by_role_and_label(Role::Button, "Keep editing")
        .click();
    h.run_ok();
    assert_eq!(h.state().draft().mode(), Mode::Stateful);
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("my unsaved label"))
    );

    h.get_by_label("Start from persona").click();
    step_until(&mut h, "the question", |app| app.dialog_open());
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    assert_eq!(h.state().draft().mode(), Mode::Ephemeral);
    assert_eq!(h.state().current_preset(), None);
    h.get_by_label_contains("Started from the persona");
}

#[test]
fn a_provider_switch_names_the_settings_it_dropped_and_undo_brings_them_back() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let options = "personaConfig.voiceGenerationOptions";
    let before = h.state().draft().get(options).cloned().unwrap();
    assert!(before.get("volume").is_some() && before.get("emotion").is_some());
    h.get_by_role_and_label(Role::ComboBox, "Provider")
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::ComboBox, "Provider").click();
    h.run_ok();
    h.get_by_label("ElevenLabs V2").click();
    h.run_ok();
    h.get_by_label_contains("Removed volume and emotion: ElevenLabs V2 has no such options.");
    h.get_by_role_and_label(Role::Button, "Undo").click();
    h.run_ok();
    assert_eq!(h.state().draft().get(options), Some(&before));
    assert!(h.query_by_label_contains("Removed volume").is_none());
}

#[test]
fn ctrl_z_and_ctrl_shift_z_undo_and_redo_form_and_body_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let saved = h.state().draft().text().to_string();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("first");
    h.run_ok();
    h.get_by_role_and_label(Role::CheckBox, "Avatar ID").click();
    h.run_ok();
    assert_eq!(h.state().draft().get("personaConfig.avatarId"), None);

    let undo = |h: &mut Harness<'_, App>| {
        h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
        h.run_ok();
    };
    undo(&mut h);
    assert!(
        h.state().draft().get("personaConfig.avatarId").is_some(),
        "the dropped setting is back"
    );
    undo(&mut h);
    assert_eq!(h.state().draft().text(), saved);
    assert!(!h.state().draft().is_dirty());
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::Z,
    );
    h.run_ok();
    assert_eq!(h.state().draft().get("clientLabel"), Some(&json!("first")));

    // Text typed in the Body tab is a step too, broken or not.
    break_the_body(&mut h);
    assert!(h.state().draft().unparsed().is_some());
    undo(&mut h);
    assert!(h.state().draft().unparsed().is_none());
    assert!(!body_text(&h).contains("oops"));
}

/// Types `text` into a number box (a click puts it in edit mode with its text selected) and
/// presses Enter.
fn type_number(h: &mut Harness<'_, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::SpinButton, label)
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::SpinButton, label).click();
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text(text.into()));
    h.run_ok();
    h.key_press(egui::Key::Enter);
    h.run_ok();
}

#[test]
fn a_number_box_says_why_typed_text_was_not_taken_and_sends_what_it_shows() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let path = "personaConfig.maxSessionLengthSeconds";
    type_number(&mut h, "Max session length", "900");
    assert_eq!(h.state().draft().get(path), Some(&json!(900)));

    type_number(&mut h, "Max session length", "abc");
    h.get_by_label("\"abc\" is not a number, so the value was kept.");
    assert_eq!(h.state().draft().get(path), Some(&json!(900)));

    // The contract sets no minimum: -5 is sent as -5, and said to be suspect.
    type_number(&mut h, "Max session length", "-5");
    assert_eq!(h.state().draft().get(path), Some(&json!(-5)));
    assert!(
        h.query_by_label_contains("is not a number").is_none(),
        "the refusal went when a value was taken"
    );
    h.get_by_label_contains("-5 s: a session this short ends as soon as it starts.");
    type_number(&mut h, "Max session length", "0");
    assert_eq!(h.state().draft().get(path), Some(&json!(0)));
    h.get_by_label_contains("0 s: a session this short ends as soon as it starts.");
    assert_eq!(
        h.state().draft().error_count(),
        0,
        "a warning, not an error"
    );
}

#[test]
fn a_key_typed_twice_in_the_body_is_warned_about_with_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Body").click();
    h.run_ok();
    let twice = body_text(&h).replacen(
        "  \"clientLabel\": \"support-desk\",\n",
        "  \"clientLabel\": \"support-desk\",\n  \"clientLabel\": \"second\",\n",
        1,
    );
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit(&twice);
    h.run_ok();
    h.get_by_label_contains("the key \"clientLabel\" appears twice (lines 2 and 3)");
    assert_eq!(h.state().draft().get("clientLabel"), Some(&json!("second")));
}

/// Issue 23 (1, 2): while the Body's text does not parse, a form edit would be replaced by that
/// text the moment it parses. So the form and the mode switch are read-only then, with the
/// reason, and what they show is what is really there.
#[test]
fn while_the_body_does_not_parse_the_form_and_the_mode_switch_are_read_only_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let name = "personaConfig.name";
    assert_eq!(h.state().draft().get(name), Some(&json!("Leo")));
    let broken = break_the_body(&mut h);
    h.get_by_label("Form").click();
    h.run_ok();
    h.get_by_label_contains("The form is read-only while the Body tab's text is not JSON (line 2");
    let field = h.get_by_role_and_label(Role::TextInput, "Name");
    assert!(
        field.accesskit_node().is_disabled(),
        "the Name field is read-only"
    );
    field.click();
    h.run_ok();
    h.event(egui::Event::Text("Zed".into()));
    h.run_ok();
    assert_eq!(h.state().draft().get(name), Some(&json!("Leo")));

    // The mode switch shows the mode the body has, and cannot be flipped now.
    let stateful = h.get_by_role_and_label(Role::Button, "Stateful");
    assert!(stateful.accesskit_node().is_disabled());
    stateful.click();
    h.run_ok();
    assert_eq!(h.state().draft().mode(), Mode::Ephemeral);
    let shown = |h: &Harness<'_, App>, label: &str| {
        h.get_by_role_and_label(Role::Button, label)
            .accesskit_node()
            .toggled()
    };
    assert_eq!(shown(&h, "Ephemeral"), Some(Toggled::True));
    assert_eq!(shown(&h, "Stateful"), Some(Toggled::False));

    // The way out is beside the reason; fixing the text gives the form back, as the text says.
    h.get_by_role_and_label(Role::Button, "Go to Body").click();
    h.run_ok();
    assert_eq!(body_text(&h), broken);
    h.get_by_role_and_label(Role::MultilineTextInput, "Request body (JSON)")
        .set_text_value_accesskit(&broken.replacen(", oops", ",", 1));
    h.run_ok();
    h.get_by_label("Form").click();
    h.run_ok();
    assert!(h.query_by_label_contains("The form is read-only").is_none());
    let field = h.get_by_role_and_label(Role::TextInput, "Name");
    assert!(!field.accesskit_node().is_disabled());
    assert!(
        !h.get_by_role_and_label(Role::Button, "Stateful")
            .accesskit_node()
            .is_disabled()
    );
}

/// Issue 23 (3): Ctrl+Z in a field of the draft is the draft's Undo, so the step it takes back
/// can be redone after the field loses the keyboard (the field's own undo was recorded as a new
/// edit, and Redo was lost).
#[test]
fn undo_inside_the_body_editor_or_a_form_field_can_be_redone_after_leaving_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let redo = |h: &mut Harness<'_, App>| {
        h.key_press_modifiers(
            egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
            egui::Key::Z,
        );
        h.run_ok();
    };
    h.get_by_label("Body").click();
    h.run_ok();
    let saved = body_text(&h);
    let editor = || Role::MultilineTextInput;
    h.get_by_role_and_label(editor(), "Request body (JSON)")
        .focus();
    h.run_ok();
    h.event(egui::Event::Text("XX".into()));
    h.run_ok();
    assert!(body_text(&h).contains("XX"));
    assert!(h.state().draft().unparsed().is_some());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(
        body_text(&h),
        saved,
        "Ctrl+Z in the editor took the typing back"
    );
    assert!(h.state().draft().can_redo(), "and it can be redone");
    // Leave the editor, then redo.
    h.get_by_label("Request body (JSON)").click();
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!h.ctx.text_edit_focused());
    redo(&mut h);
    assert!(
        body_text(&h).contains("XX"),
        "Ctrl+Shift+Z brought the typing back"
    );
    assert!(h.state().draft().unparsed().is_some());
    h.get_by_role_and_label(Role::Button, "Revert to last valid body")
        .click();
    h.run_ok();

    // The same in a form field.
    h.get_by_label("Form").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .focus();
    h.run_ok();
    h.key_press(egui::Key::End);
    h.event(egui::Event::Text("-x".into()));
    h.run_ok();
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("support-desk-x"))
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_ok();
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("support-desk"))
    );
    h.key_press(egui::Key::Escape);
    h.run_ok();
    redo(&mut h);
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("support-desk-x"))
    );
}

/// Issue 24 (3): a preset written with CRLF line endings (a Windows editor, git's autocrlf)
/// is saved with them: byte for byte what it was, outside the value edited.
#[test]
fn a_crlf_preset_is_saved_with_its_line_endings() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let lf = "{\n  \"clientLabel\": \"windows-desk\",\n  \"personaConfig\": {\n    \"personaId\": \"p-1\"\n  }\n}\n";
    let crlf = lf.replace('\n', "\r\n");
    std::fs::write(presets.join("from-windows.json"), &crlf).unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("from-windows").click();
    h.run_ok();
    assert!(!h.state().draft().is_dirty(), "CRLF alone is no change");
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("windows-desk-2");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    step_until(&mut h, "the save", |app| !app.draft().is_dirty());
    assert_eq!(
        std::fs::read_to_string(presets.join("from-windows.json")).unwrap(),
        crlf.replace("windows-desk", "windows-desk-2")
    );
}

/// Issue 24 (3): names a shared folder cannot hold on every system are refused before Save as,
/// Duplicate or Rename: a Windows device name, and a name that differs from another only in case.
#[test]
fn save_as_duplicate_and_rename_refuse_names_that_do_not_travel() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = Setup::new(dir.path()).build();
    let try_name = |h: &mut Harness<'_, App>, action: &str, name: &str| {
        h.get_by_role_and_label(Role::Button, action).click();
        h.run_ok();
        h.get_by_role_and_label(Role::TextInput, "Preset name")
            .set_text_value_accesskit(name);
        h.run_ok();
        h.get_by_label("OK").click();
        h.run_ok();
    };
    try_name(&mut h, "Save as…", "nul.backup");
    h.get_by_label_contains("\"nul\" is a device name on Windows");
    h.get_by_label("Cancel").click();
    h.run_ok();
    try_name(&mut h, "Duplicate", "Fish-Audio-French-Tutor");
    h.get_by_label_contains(
        "\"fish-audio-french-tutor\" already exists: on Windows and macOS it is the same file as \"Fish-Audio-French-Tutor\"",
    );
    h.get_by_label("Cancel").click();
    h.run_ok();
    try_name(&mut h, "Rename", "STATEFUL-persona");
    h.get_by_label_contains("\"stateful-persona\" already exists");
    h.get_by_label("Cancel").click();
    h.run_ok();
    let files = |dir: &Path| {
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        files(&presets).len(),
        4,
        "nothing was written: {:?}",
        files(&presets)
    );
    // The open preset's own name in another case is a rename, not a clash.
    try_name(&mut h, "Rename", "Cartesia-Calm-Support");
    step_until(&mut h, "the rename", |app| {
        app.current_preset() == Some("Cartesia-Calm-Support")
    });
    assert!(presets.join("Cartesia-Calm-Support.json").exists());
}
