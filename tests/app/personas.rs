//! Personas and sessions in the window, by label, through the real app against its in-process
//! sandbox: the push diff (a changed voice speed, both values), the Production guard, a push that
//! sends only the changed field, and a history entry's session with its transcript.

use crate::common::{cli, text};
use crate::harness::{App, Setup, config_file, step_until};
use anam_studio::core::contract::RequestBody;
use anam_studio::sandbox::catalog::DEMO_PERSONA;
use anam_studio::sandbox::{self, Records, Sandbox};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::path::Path;

const CARA: &str = "Cara — product demo";

/// The sandbox's Cara pulled (by the CLI, from a sandbox of its own) into the presets folder as
/// "cara-faster", with the voice speed changed from 1 to 1.1.
fn faster_cara(dir: &Path) {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let pulled = dir.join("cara.json");
    let out = cli(
        &[
            "persona",
            "pull",
            DEMO_PERSONA,
            "--out",
            pulled.to_str().unwrap(),
            "--base-url",
            &sandbox.base_url(),
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut body = RequestBody::parse(&std::fs::read(&pulled).unwrap()).unwrap();
    body.set("personaConfig.voiceGenerationOptions.speed", json!(1.1));
    let presets = dir.join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let text = serde_json::to_string_pretty(&body.into_value()).unwrap();
    std::fs::write(presets.join("cara-faster.json"), text).unwrap();
}

fn app(dir: &Path) -> (Harness<'static, App>, Records) {
    faster_cara(dir);
    let records = Records::default();
    let mut h = Setup::new(dir)
        .sandbox(sandbox::Config {
            records: records.clone(),
            ..Default::default()
        })
        .build();
    step_until(&mut h, "the preset to open", |app| {
        app.current_preset() == Some("cara-faster")
    });
    (h, records)
}

fn disabled(h: &Harness<'_, App>, label: &str) -> bool {
    h.get_by_role_and_label(Role::Button, label)
        .accesskit_node()
        .is_disabled()
}

fn open_push_window(h: &mut Harness<'_, App>) {
    h.get_by_role_and_label(Role::Button, "Push to saved persona…")
        .click();
    h.run_ok();
}

/// Opens the push window and asks for the update of Cara.
fn plan_update_of_cara(h: &mut Harness<'_, App>) {
    open_push_window(h);
    h.get_by_role_and_label(Role::TextInput, "Persona ID")
        .set_text_value_accesskit(DEMO_PERSONA);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Show the changes")
        .click();
    h.run_ok();
    step_until(h, "the plan", |app| app.persona_plan().is_some());
}

#[test]
fn the_diff_shows_the_changed_speed_and_a_push_sends_only_that_field() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());
    plan_update_of_cara(&mut h);
    let changes = h.state().persona_plan().unwrap().changes();
    assert_eq!(changes.len(), 1, "{changes:?}");
    assert_eq!(changes[0].label, "Speed");
    // The diff's row: the form's label, what the persona has now, what it will have.
    h.get_by_label(&format!(
        "Update persona {CARA} ({DEMO_PERSONA}) in Sandbox"
    ));
    assert!(h.query_all_by_label("Speed").count() >= 1);
    h.get_by_label("1");
    h.get_by_label("1.1");
    assert!(!disabled(&h, "Push"), "no guard outside Production");
    assert!(records.requests_to("PUT", "/v1/personas/").is_empty());

    h.get_by_role_and_label(Role::Button, "Push").click();
    h.run_ok();
    step_until(&mut h, "the push", |_| {
        !records.requests_to("PUT", "/v1/personas/").is_empty()
    });
    step_until(&mut h, "the window to close", |app| {
        app.persona_plan().is_none()
    });
    h.get_by_label(&format!(
        "Pushed to persona {CARA} ({DEMO_PERSONA}) in Sandbox."
    ));
    let puts = records.requests_to("PUT", "/v1/personas/");
    assert_eq!(puts.len(), 1);
    let sent = puts[0].body.clone().unwrap();
    let keys: Vec<&String> = sent.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["voiceGenerationOptions"], "only the change: {sent}");
    assert_eq!(sent["voiceGenerationOptions"]["speed"], json!(1.1));

    // Compared again, the saved persona now has it: no changes.
    h.get_by_role_and_label(Role::Button, "Compare with saved persona")
        .click();
    h.run_ok();
    step_until(&mut h, "the comparison", |app| app.persona_plan().is_some());
    h.get_by_label("No changes: the persona already has these settings.");
    assert!(h.query_by_label("Push").is_none(), "compare is read-only");
}

#[test]
fn production_keeps_push_disabled_until_the_name_is_typed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_label("Production").click();
    h.run_ok();
    open_push_window(&mut h);
    // A create needs nothing from the network to be planned.
    h.get_by_role_and_label(Role::Button, "Create new persona")
        .click();
    h.run_ok();
    assert!(h.state().persona_plan().is_some());
    h.get_by_label("Create a persona in Production");
    assert!(disabled(&h, "Push"), "nothing typed yet");
    let confirm = format!("This writes to Production. Type \"{CARA}\" to confirm:");
    h.get_by_role_and_label(Role::TextInput, &confirm)
        .set_text_value_accesskit("Cara");
    h.run_ok();
    assert!(disabled(&h, "Push"), "not the whole name");
    h.get_by_role_and_label(Role::TextInput, &confirm)
        .set_text_value_accesskit(CARA);
    h.run_ok();
    assert!(!disabled(&h, "Push"), "the name typed");
    h.get_by_role_and_label(Role::Button, "Close").click();
    h.run_ok();
    assert!(h.state().persona_plan().is_none() || h.query_by_label("Push").is_none());
    assert!(records.requests().is_empty(), "nothing was sent");
}

/// Sets the client label template in Settings (once the config keeps it, the preset still has no
/// label of its own), then mints: the token's label.
fn mint_with_template(h: &mut Harness<'_, App>, dir: &Path, template: &str) -> String {
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_role_and_label(Role::TextInput, "Client label template")
        .set_text_value_accesskit(template);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Save template")
        .click();
    h.run_ok();
    step_until(h, "the config to be written", |_| {
        std::fs::read_to_string(config_file(dir)).is_ok_and(|t| t.contains(template))
    });
    assert!(
        !std::fs::read_to_string(dir.join("presets/cara-faster.json"))
            .unwrap()
            .contains("clientLabel"),
        "the template is never written into the preset"
    );
    h.get_by_role_and_label(Role::Button, "Close settings")
        .click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(h, "the token", |app| !app.tokens().history().is_empty());
    h.state().tokens().history()[0].label.clone().unwrap()
}

#[test]
fn a_labelled_mint_shows_its_session_and_transcript_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());
    let label = mint_with_template(&mut h, dir.path(), "studio/{preset}/{env}/{time}");
    assert!(label.starts_with("studio/cara-faster/Sandbox/"), "{label}");
    let session = records.sessions();
    assert_eq!(session[0].client_label.as_deref(), Some(label.as_str()));

    h.get_by_role_and_label(Role::Button, "Session of token 1")
        .click();
    h.run_ok();
    step_until(&mut h, "the session", |app| app.session_shown().is_some());
    assert_eq!(h.state().session_shown().unwrap().id, session[0].id);
    h.get_by_label(&format!("Client label: {label}"));
    h.get_by_label("live");
    h.get_by_role_and_label(Role::Button, "Show transcript")
        .click();
    h.run_ok();
    step_until(&mut h, "the transcript", |app| {
        app.transcript_shown().is_some()
    });
    h.get_by_label("Transcript");
}

#[test]
fn the_sessions_window_lists_by_label_and_preset() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(&mut h, "the token", |app| {
        !app.tokens().history().is_empty()
    });
    assert_eq!(records.sessions().len(), 1);
    h.get_by_label("View").click();
    h.run_ok();
    h.get_by_label("Sessions…").click();
    h.run_ok();
    step_until(&mut h, "the list", |app| app.sessions_listed() == Some(1));
    h.get_by_role_and_label(Role::TextInput, "Preset")
        .set_text_value_accesskit("no-such-preset");
    h.run_ok();
    h.get_by_label("No sessions.");
    h.get_by_role_and_label(Role::TextInput, "Preset")
        .set_text_value_accesskit("");
    h.get_by_role_and_label(Role::TextInput, "Label")
        .set_text_value_accesskit("nothing-has-this-label");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Refresh").click();
    h.run_ok();
    step_until(&mut h, "the filtered list", |app| {
        app.sessions_listed() == Some(0)
    });
    let asked = records.requests_to("GET", "/v1/sessions");
    let query = asked.last().unwrap().query.clone().unwrap_or_default();
    assert!(query.contains("search=nothing-has-this-label"), "{query}");
}

/// Opens the push window and pushes the form's settings to a new persona.
fn create_persona(h: &mut Harness<'_, App>, records: &Records) {
    let before = records.personas().len();
    open_push_window(h);
    h.get_by_role_and_label(Role::Button, "Create new persona")
        .click();
    h.run_ok();
    step_until(h, "the plan", |app| app.persona_plan().is_some());
    h.get_by_role_and_label(Role::Button, "Push").click();
    h.run_ok();
    step_until(h, "the window to close", |app| app.persona_plan().is_none());
    assert_eq!(records.personas().len(), before + 1);
}

/// The push window's "Refresh catalog" (the form has one too, under the window).
fn refresh_in_push_window(h: &mut Harness<'_, App>) {
    let refresh = h.query_all_by_role_and_label(Role::Button, "Refresh catalog");
    refresh
        .last()
        .expect("the window offers Refresh catalog")
        .click();
    h.run_ok();
    step_until(h, "the catalog", |app| {
        app.catalog().is_some_and(|c| !c.personas.is_empty())
    });
}

#[test]
fn the_push_window_keeps_its_place_when_the_catalog_is_refreshed() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _records) = app(dir.path());
    open_push_window(&mut h);
    h.get_by_label("No saved personas listed: refresh the catalog to pick one.");
    let place = |h: &Harness<'_, App>| {
        [
            "Push to saved persona",
            "Create new persona",
            "Update persona",
        ]
        .map(|l| h.get_by_label(l).rect())
    };
    let before = place(&h);
    refresh_in_push_window(&mut h);
    assert!(
        h.query_by_label("No saved personas listed: refresh the catalog to pick one.")
            .is_none()
    );
    assert_eq!(place(&h), before, "the window and its list stayed put");
}

#[test]
fn the_push_windows_list_reaches_every_persona() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, records) = app(dir.path());
    create_persona(&mut h, &records);
    create_persona(&mut h, &records);
    open_push_window(&mut h);
    refresh_in_push_window(&mut h);
    let listed = h.state().catalog().unwrap().personas.clone();
    assert!(listed.len() >= 9, "the sandbox's and the 2 created");
    for persona in [&listed[0], &listed[listed.len() - 1]] {
        h.get_by_role_and_label(Role::ComboBox, "Update persona")
            .click();
        h.run_ok();
        // A pointer click at the option's middle: one cut off by the list is not hit.
        h.get_by_label(&format!("{} ({})", persona.name, persona.id))
            .click();
        h.run_ok();
        let typed = h.get_by_role_and_label(Role::TextInput, "Persona ID");
        assert_eq!(typed.value().as_deref(), Some(persona.id.as_str()));
    }
}

#[test]
fn the_sessions_window_shows_each_sessions_preset() {
    let dir = tempfile::tempdir().unwrap();
    let (mut h, _records) = app(dir.path());
    let label = mint_with_template(&mut h, dir.path(), "studio/{preset}/{time}");
    h.get_by_label("View").click();
    h.run_ok();
    h.get_by_label("Sessions…").click();
    h.run_ok();
    step_until(&mut h, "the list", |app| app.sessions_listed() == Some(1));
    let filter = h.get_by_role_and_label(Role::TextInput, "Preset").rect();
    let header = (h.query_all_by_role_and_label(Role::Label, "Preset"))
        .map(|n| n.rect())
        .find(|r| r.top() > filter.bottom())
        .expect("a Preset column below the filter");
    // The session's row: its label, and the preset it was minted from, side by side.
    let row = h.get_by_label(&label).rect();
    let preset = h
        .query_all_by_label("cara-faster")
        .map(|n| n.rect())
        .find(|r| (r.center().y - row.center().y).abs() < 1.0)
        .expect("the preset in the session's row");
    assert!(preset.left() >= header.left() - 1.0);
}
