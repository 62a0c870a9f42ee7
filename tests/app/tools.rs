//! The newer persona settings in the window, by label: a product person builds an ephemeral
//! persona with two tools (a client tool and a webhook), director notes and a video size; sees
//! each rule of the tool pages under its field as they type; moves and removes tools; and mints
//! it against the sandbox, which receives exactly what the form shows.

use crate::harness::{App, Settle, Setup, step_until};
use anam_studio::sandbox::{self, records::Records};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::{Value, json};

fn type_into(h: &mut Harness<'_, App>, role: Role, label: &str, text: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.settle();
    h.get_by_role_and_label(role, label).focus();
    h.settle();
    h.get_by_role_and_label(role, label).type_text(text);
    h.settle();
}

fn click(h: &mut Harness<'_, App>, role: Role, label: &str) {
    h.get_by_role_and_label(role, label).scroll_to_me();
    h.settle();
    h.get_by_role_and_label(role, label).click();
    h.settle();
}

/// Unfolds a section the body does not use yet (folded until then).
fn unfold(h: &mut Harness<'_, App>, title: &str) {
    h.get_by_label(title).scroll_to_me();
    h.settle();
    h.get_by_label(title).click();
    h.settle();
}

fn tools(h: &Harness<'_, App>) -> Vec<Value> {
    h.state()
        .draft()
        .get("personaConfig.tools")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn app(dir: &std::path::Path) -> (Harness<'static, App>, Records) {
    let records = Records::default();
    let h = Setup::new(dir)
        .size(1400.0, 2400.0)
        .sandbox(sandbox::Config {
            records: records.clone(),
            ..Default::default()
        })
        .build();
    (h, records)
}

#[test]
fn two_tools_director_notes_and_a_video_size_are_built_checked_and_minted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());

    // Unused, the newer sections are folded: the form stays short.
    assert!(h.query_by_label("Client tool").is_none());
    assert!(h.query_by_label("Preset style").is_none());
    unfold(&mut h, "Tools");
    // A client tool: its name is needed, and the pages' rules show as it is typed.
    click(&mut h, Role::Button, "Client tool");
    assert_eq!(
        tools(&h),
        [json!({"type": "client", "name": "", "description": "",
        "parameters": {"type": "object", "properties": {}}, "awaitResult": false})]
    );
    h.get_by_label("empty: the name the persona calls the tool by");
    type_into(&mut h, Role::TextInput, "Tool 1 name", "open page");
    h.get_by_label_contains("' ' is not allowed");
    h.get_by_role_and_label(Role::TextInput, "Tool 1 name")
        .set_text_value_accesskit("open_page");
    h.settle();
    assert_eq!(tools(&h)[0]["name"], "open_page");
    assert!(
        h.query_by_label_contains("is not allowed").is_none(),
        "the message goes with its cause"
    );
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "Tool 1 description",
        "Opens a product page.",
    );

    // Parameters: text that is not JSON yet is kept and named; Mint waits for it.
    h.get_by_role_and_label(Role::MultilineTextInput, "Tool 1 parameters")
        .set_text_value_accesskit("{\"type\": \"object\", \"properties\": {\"sku\": ");
    h.settle();
    h.get_by_label_contains("not valid JSON yet: 1:");
    assert!(
        tools(&h)[0]["parameters"].is_string(),
        "the text is still the user's work"
    );
    assert!(h.state().draft().error_count() > 0);
    h.get_by_role_and_label(Role::MultilineTextInput, "Tool 1 parameters")
        .set_text_value_accesskit("{\"type\": \"string\"}");
    h.settle();
    h.get_by_label_contains("the schema's type must be \"object\"");
    let schema =
        r#"{"type": "object", "properties": {"sku": {"type": "string"}}, "required": ["sku"]}"#;
    h.get_by_role_and_label(Role::MultilineTextInput, "Tool 1 parameters")
        .set_text_value_accesskit(schema);
    h.settle();
    h.get_by_label("An object schema: valid.");
    assert_eq!(
        tools(&h)[0]["parameters"],
        serde_json::from_str::<Value>(schema).unwrap()
    );
    click(&mut h, Role::CheckBox, "Tool 1 await result");
    assert_eq!(tools(&h)[0]["awaitResult"], true);
    // Its timeout: left out until ticked, then the API's default, bound to 1 to 600 s.
    h.get_by_label("not set: the API waits 10 s");
    click(&mut h, Role::CheckBox, "Tool 1 timeout set");
    assert_eq!(tools(&h)[0]["toolTimeoutSeconds"], 10);
    h.get_by_role_and_label(Role::SpinButton, "Tool 1 timeout")
        .set_value_accesskit(30.0);
    h.settle();
    assert_eq!(tools(&h)[0]["toolTimeoutSeconds"], 30);

    // A webhook: https only, http only to this machine.
    click(&mut h, Role::Button, "Webhook tool");
    type_into(&mut h, Role::TextInput, "Tool 2 name", "check_order");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "Tool 2 description",
        "Order status.",
    );
    h.get_by_role_and_label(Role::TextInput, "Tool 2 url")
        .set_text_value_accesskit("http://shop.example.com/orders");
    h.settle();
    h.get_by_label("http is only for this machine (localhost): use https");
    h.get_by_role_and_label(Role::TextInput, "Tool 2 url")
        .set_text_value_accesskit("https://shop.example.com/orders");
    h.settle();
    assert!(h.query_by_label_contains("http is only").is_none());

    // Two tools of one name are refused, at the second.
    h.get_by_role_and_label(Role::TextInput, "Tool 2 name")
        .set_text_value_accesskit("open_page");
    h.settle();
    h.get_by_label("tool 1 has this name too: each tool needs its own");
    h.get_by_role_and_label(Role::TextInput, "Tool 2 name")
        .set_text_value_accesskit("check_order");
    h.settle();

    // Moved up, then a third tool added and removed.
    click(&mut h, Role::Button, "Move tool 2 up");
    let names: Vec<Value> = tools(&h).iter().map(|t| t["name"].clone()).collect();
    assert_eq!(names, [json!("check_order"), json!("open_page")]);
    click(&mut h, Role::Button, "System tool");
    assert_eq!(tools(&h).len(), 3);
    assert_eq!(
        tools(&h)[2],
        json!({"type": "system", "name": "change_language"})
    );
    click(&mut h, Role::Button, "Remove tool 3");
    assert_eq!(tools(&h).len(), 2);
    h.get_by_label_contains("Tools (2)");

    // Director notes on a Cara 3 avatar are warned of; on Cara 4 they are not.
    unfold(&mut h, "Director notes");
    click(&mut h, Role::CheckBox, "Preset style");
    h.get_by_label_contains("director notes apply to Cara 4 avatars only: with cara-3");
    click(&mut h, Role::ComboBox, "Avatar model");
    click(&mut h, Role::Button, "cara-4");
    assert_eq!(
        h.state().draft().get("personaConfig.avatarModel"),
        Some(&json!("cara-4"))
    );
    assert!(h.query_by_label_contains("director notes apply").is_none());

    // The video size: the model's sizes offered, set together.
    click(&mut h, Role::CheckBox, "Video size");
    assert_eq!(
        h.state().draft().get("sessionOptions.videoWidth"),
        Some(&json!(1152))
    );
    click(&mut h, Role::ComboBox, "Video size");
    click(&mut h, Role::Button, "768 × 1152 (Cara 4, portrait)");
    assert_eq!(
        h.state().draft().get("sessionOptions.videoWidth"),
        Some(&json!(768))
    );
    assert_eq!(
        h.state().draft().get("sessionOptions.videoHeight"),
        Some(&json!(1152))
    );

    // Valid, and minted: the sandbox receives the body the window shows.
    assert_eq!(
        h.state().draft().error_count(),
        0,
        "{:?}",
        h.state().draft().problems()
    );
    let shown: Value = serde_json::from_str(h.state().draft().text()).unwrap();
    click(&mut h, Role::Button, "Mint");
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    let sent = records.requests_to("POST", "/v1/auth/session-token");
    assert_eq!(
        sent.last().and_then(|r| r.body.clone()),
        Some(shown.clone())
    );
    assert_eq!(
        shown["personaConfig"]["directorNotes"],
        json!({"presetStyle": "happy"})
    );
    assert_eq!(shown["personaConfig"]["tools"][1]["awaitResult"], true);
}

#[test]
fn undo_brings_back_a_removed_tool_and_typing_is_one_step() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = app(dir.path());
    unfold(&mut h, "Tools");
    click(&mut h, Role::Button, "Knowledge tool");
    type_into(&mut h, Role::TextInput, "Tool 1 name", "search_docs");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "Tool 1 folder ids",
        "f-1\nf-2",
    );
    assert_eq!(tools(&h)[0]["documentFolderIds"], json!(["f-1", "f-2"]));
    click(&mut h, Role::Button, "Remove tool 1");
    assert!(
        h.state().draft().get("personaConfig.tools").is_none(),
        "an empty list leaves the body"
    );
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.settle();
    assert_eq!(tools(&h)[0]["documentFolderIds"], json!(["f-1", "f-2"]));
    // Undo again: the folder ids typed go in one step, the name in another.
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.settle();
    assert_eq!(tools(&h)[0]["documentFolderIds"], json!([]));
    assert_eq!(tools(&h)[0]["name"], "search_docs");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.settle();
    assert_eq!(tools(&h)[0]["name"], "");
}

#[test]
fn saved_tools_are_added_and_removed_by_id() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _) = app(dir.path());
    unfold(&mut h, "Tools");
    type_into(&mut h, Role::TextInput, "Saved tool id", "tool-123");
    click(&mut h, Role::Button, "Add id");
    assert_eq!(
        h.state().draft().get("personaConfig.toolIds"),
        Some(&json!(["tool-123"]))
    );
    h.get_by_label("not in this environment's catalog (yet)");
    click(&mut h, Role::Button, "Remove saved tool tool-123");
    assert!(h.state().draft().get("personaConfig.toolIds").is_none());

    // From the sandbox's catalog: picked by name, then shown with it.
    click(&mut h, Role::Button, "Add saved tool");
    step_until(&mut h, "the catalog", |app| {
        app.catalog().is_some_and(|c| !c.tools.is_empty())
    });
    h.settle();
    h.get_by_label_contains("check_order_status").click();
    h.settle();
    assert_eq!(
        h.state().draft().get("personaConfig.toolIds"),
        Some(&json!([anam_studio::sandbox::tools::CHECK_ORDER_STATUS]))
    );
    h.key_press(egui::Key::Escape);
    h.settle();
    assert!(
        h.get_all_by_label_contains("check_order_status · Webhook")
            .next()
            .is_some()
    );
}

#[test]
fn values_the_form_cannot_edit_are_kept_not_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let body = json!({"personaConfig": {
        "avatarId": "a", "voiceId": "v", "llmId": "l", "systemPrompt": "s",
        "tools": {"type": "client", "name": "one"},
        "toolIds": ["t-1", 7]
    }});
    std::fs::write(presets.join("odd.json"), body.to_string()).unwrap();
    let (mut h, _) = app(dir.path());
    step_until(&mut h, "the preset", |app| {
        app.current_preset() == Some("odd")
    });
    // Tools that is not a list: named, and adding a tool (which would replace it) is off.
    h.get_by_label("expected an array of tools, found an object");
    assert!(
        h.get_by_role_and_label(Role::Button, "Client tool")
            .accesskit_node()
            .is_disabled()
    );
    // A saved-tool id that is not a string stays as written when another is added.
    type_into(&mut h, Role::TextInput, "Saved tool id", "t-2");
    click(&mut h, Role::Button, "Add id");
    assert_eq!(
        h.state().draft().get("personaConfig.toolIds"),
        Some(&json!(["t-1", 7, "t-2"]))
    );
    assert_eq!(
        h.state().draft().get("personaConfig.tools"),
        Some(&json!({"type": "client", "name": "one"}))
    );
}
