//! Hand-off and intake in the window, through the real app and by label: Copy as…, a pasted
//! curl line or JSON body (Ctrl+V where no field has the keyboard), Import… of a file holding a
//! curl line, an older body opened, and Compare.

use crate::harness::{App, Setup, copied, mock_keychain, step_until};
use anam_studio::core::intake::IntakeError;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

const PASTED_KEY: &str = "sk-pasted-0123456789abcdef";

/// The app with its first preset open.
fn started(setup: Setup) -> Harness<'static, App> {
    let mut h = setup.build();
    step_until(&mut h, "the first preset to open", |app| {
        app.current_preset().is_some()
    });
    h
}

fn paste(h: &mut Harness<'_, App>, text: &str) {
    h.event(egui::Event::Paste(text.to_string()));
    h.run_ok();
}

#[test]
fn copy_as_python_copies_a_program_for_the_endpoint_without_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    h.get_by_label("Body").click();
    h.run_ok();
    // Copy as curl and the menu's curl are one: the sandbox's real address, never a placeholder.
    h.get_by_role_and_label(Role::Button, "Copy as curl")
        .click();
    h.run_ok();
    let curl = copied(&h).pop().expect("the curl command");
    assert!(curl.contains("'http://127.0.0.1:"), "{curl}");
    assert!(!curl.contains("PORT"), "{curl}");
    h.get_by_label("Copy as…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Python").click();
    h.run_ok();
    let code = copied(&h).pop().expect("something was copied");
    let endpoint = format!(
        "{}/v1/auth/session-token",
        h.state().environment().base_url("unused")
    );
    assert!(code.contains("urllib.request"), "{code}");
    assert!(code.contains("/v1/auth/session-token"), "{code}");
    assert!(code.contains("ANAM_API_KEY"), "{code}");
    assert!(
        !code.contains("sandbox-demo-key"),
        "no key in a snippet: {code}"
    );
    assert!(
        code.contains("http://127.0.0.1:"),
        "the sandbox's real address ({endpoint}): {code}"
    );
    h.get_by_label("Python snippet copied");
}

#[test]
fn ctrl_v_of_a_curl_line_loads_it_selects_its_environment_and_stores_no_key_unasked() {
    let dir = tempfile::tempdir().unwrap();
    let keys = mock_keychain();
    let mut h = started(Setup::new(dir.path()).keychain(keys.clone()));
    let line = format!(
        "curl -X POST 'https://API.anam.ai/v1/auth/session-token' \\\n  -H 'Authorization: Bearer {PASTED_KEY}' \\\n  -H 'Content-Type: application/json' \\\n  -d '{{\"personaConfig\":{{\"personaId\":\"pasted-persona\"}}}}'"
    );
    paste(&mut h, &line);
    let app = h.state();
    assert_eq!(
        app.draft().get("personaConfig.personaId"),
        Some(&json!("pasted-persona"))
    );
    assert_eq!(app.current_preset(), None, "an untitled draft");
    assert!(app.draft().is_dirty(), "not saved yet");
    assert_eq!(app.environment().name, "Production");
    h.get_by_label_contains(
        "Pasted a curl command: the body, and the base URL https://api.anam.ai (environment Production, now selected)",
    );
    h.get_by_label_contains("The command carried an API key: it was ignored");
    let account = "https://api.anam.ai";
    assert!(
        keys.get(account).unwrap().is_none(),
        "nothing is stored before it is asked for"
    );
    h.get_by_role_and_label(Role::Button, "Save key in keychain")
        .click();
    h.run_ok();
    h.get_by_label("Saved the key for Production in the keychain.");
    let (stored, _) = keys.get(account).unwrap().expect("the key is stored");
    assert_eq!(stored.expose(), PASTED_KEY);
}

#[test]
fn a_pasted_unknown_base_url_can_be_added_as_an_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    paste(
        &mut h,
        "curl https://staging.example.com/v1/auth/session-token --json '{\"personaConfig\":{\"personaId\":\"p\"}}'",
    );
    h.get_by_label_contains("which no environment has");
    h.get_by_role_and_label(Role::Button, "Add as environment…")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Environment name")
        .set_text_value_accesskit("Staging");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Add environment")
        .click();
    h.run_ok();
    assert!(!h.state().dialog_open());
    assert_eq!(h.state().environment().name, "Staging");
    h.get_by_label_contains("Added the environment Staging and selected it.");
}

#[test]
fn a_broken_paste_says_why_in_one_sentence_and_replaces_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    let before = h.state().draft().text().to_string();
    paste(
        &mut h,
        "curl -X GET https://api.anam.ai/v1/auth/session-token",
    );
    let banner = h.state().banner().expect("a banner").clone();
    assert_eq!(banner.sentence, IntakeError::Get.to_string());
    assert!(
        banner.details.unwrap().contains("still on the clipboard"),
        "the text is not lost"
    );
    assert_eq!(h.state().draft().text(), before);
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
}

#[test]
fn a_paste_into_a_text_field_stays_that_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    let field = h.get_by_role_and_label(Role::TextInput, "Client label");
    field.focus();
    h.run_ok();
    paste(&mut h, "{\"clientLabel\": \"not a request here\"}");
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert!(h.state().banner().is_none());
}

#[test]
fn an_older_body_opens_upgraded_as_an_unsaved_change_with_each_change_listed() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let older = r#"{"personaConfig": {"name": "Old", "avatarId": "a", "voiceId": "v", "brainType": "ANAM_GPT_4O_MINI_V1", "systemPrompt": "hi"}, "expiresIn": "1h"}"#;
    std::fs::write(presets.join("older.json"), older).unwrap();
    let h = started(Setup::new(dir.path()));
    assert_eq!(h.state().current_preset(), Some("older"));
    let draft = h.state().draft();
    assert_eq!(
        draft.get("personaConfig.llmId"),
        Some(&json!("ANAM_GPT_4O_MINI_V1"))
    );
    assert_eq!(draft.get("personaConfig.brainType"), None);
    assert_eq!(draft.get("expiresIn"), None);
    assert!(draft.is_dirty(), "Save writes the new shape");
    assert_eq!(
        std::fs::read_to_string(presets.join("older.json")).unwrap(),
        older,
        "the file is untouched until then"
    );
    h.get_by_label_contains("`brainType` is now `llmId`: moved");
    h.get_by_label_contains("`expiresIn` (\"1h\") is no longer part of the request");
}

#[test]
fn compare_with_saved_shows_what_differs_and_the_rest_on_request() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("compare-me");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Compare with saved file")
        .click();
    h.run_ok();
    h.get_by_label("1 of 13 fields differs.");
    h.get_by_label("Client label\nclientLabel");
    h.get_by_label("\"support-desk\"");
    h.get_by_label("\"compare-me\"");
    let equal = "Avatar model\npersonaConfig.avatarModel";
    assert!(h.query_by_label(equal).is_none(), "equal fields are hidden");
    h.get_by_label("Show all fields").click();
    h.run_ok();
    h.get_by_label(equal);
    assert_eq!(
        h.get_all_by_label("\"cara-3\"").count(),
        2,
        "the same on both sides"
    );
    // Saved: the file is the draft now, and the view says so.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    assert!(!h.state().draft().is_dirty());
    h.get_by_label("No differences: both send the same body.");
}

#[test]
fn compare_with_another_preset_lists_their_differences() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    h.get_all_by_label("Compare with…").next().unwrap().click();
    h.run_ok();
    // The sidebar lists it too; the open menu's entry comes first in the tree.
    let entries: Vec<_> = h
        .get_all_by_role_and_label(Role::Button, "stateful-persona")
        .collect();
    assert_eq!(entries.len(), 2);
    entries[0].click();
    h.run_ok();
    h.get_by_label_contains("fields differ.");
    h.get_by_label("Persona ID\npersonaConfig.personaId");
    h.get_all_by_label("absent")
        .next()
        .expect("a side without it");
}

#[test]
fn import_reads_a_file_holding_a_curl_line() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    let file = dir.path().join("from-the-ticket.sh");
    std::fs::write(
        &file,
        "# from the ticket\ncurl https://api.anam.ai/v1/auth/session-token \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -d '{\"personaConfig\": {\"personaId\": \"from-a-ticket\"}}'\n",
    )
    .unwrap();
    h.get_by_role_and_label(Role::Button, "Import…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "File path")
        .set_text_value_accesskit(file.to_str().unwrap());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("from-a-ticket"))
    );
    assert_eq!(h.state().environment().name, "Production");
    h.get_by_label_contains("Imported a curl command from");
    h.get_by_label_contains("The key comes from $ANAM_API_KEY");
}

/// The environment picker's value: the environment Mint goes to.
fn picked_environment(h: &Harness<'_, App>) -> Option<String> {
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .value()
}

/// Pastes a curl line for Production (which selects it), then opens another preset: the
/// unsaved pasted draft is asked about.
fn paste_for_production_then_open_another(h: &mut Harness<'_, App>) {
    paste(
        h,
        "curl https://api.anam.ai/v1/auth/session-token -d '{\"personaConfig\":{\"personaId\":\"p\"}}'",
    );
    assert_eq!(picked_environment(h).as_deref(), Some("Production"));
    h.get_by_role_and_label(Role::Button, "stateful-persona")
        .click();
    h.run_ok();
    h.get_by_label("Unsaved changes");
}

#[test]
fn discarding_a_pasted_draft_returns_to_the_environment_it_switched_from() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    assert_eq!(picked_environment(&h).as_deref(), Some("Sandbox"));
    paste_for_production_then_open_another(&mut h);
    h.get_by_label_contains("Discard changes also selects Sandbox again");
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("stateful-persona"));
    assert_eq!(
        picked_environment(&h).as_deref(),
        Some("Sandbox"),
        "the paste's switch went with the draft"
    );
    // The next Mint goes where it went before the paste.
    h.get_by_role_and_label(Role::Button, "Mint").click();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    assert_eq!(h.state().tokens().current().unwrap().environment, "Sandbox");
}

#[test]
fn a_pasted_draft_that_is_saved_keeps_its_environment() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    paste_for_production_then_open_another(&mut h);
    // Save changes keeps the draft, and with it the environment it selected.
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("for-production");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "OK").click();
    step_until(&mut h, "the other preset", |app| {
        app.current_preset() == Some("stateful-persona")
    });
    assert_eq!(picked_environment(&h).as_deref(), Some("Production"));
}

#[test]
fn paste_request_with_no_text_on_the_clipboard_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = started(Setup::new(dir.path()));
    let before = h.state().draft().text().to_string();
    // The harness has no clipboard: asking for its text brings nothing back, as the platform
    // does when the clipboard holds no text (empty, or an image).
    h.get_by_role_and_label(Role::Button, "Paste request")
        .click();
    h.run_ok();
    h.get_by_label_contains("The clipboard holds no text");
    assert_eq!(h.state().draft().text(), before, "nothing was replaced");
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));

    // With text on it, the text comes back the next frame and is read; nothing is said about
    // an empty clipboard.
    h.get_by_role_and_label(Role::Button, "Dismiss").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Paste request")
        .click();
    h.step();
    h.event(egui::Event::Paste(
        r#"{"personaConfig": {"personaId": "from-the-clipboard"}}"#.into(),
    ));
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("from-the-clipboard"))
    );
    assert!(
        h.query_by_label_contains("The clipboard holds no text")
            .is_none()
    );
}
