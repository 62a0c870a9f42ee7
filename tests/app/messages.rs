//! What the window says is true and readable (issue 12): the badge counts errors and warnings,
//! each status reads as what it means, a failed catalog load is said in full and nothing above
//! it says otherwise.

use crate::common;
use crate::harness::{App, Setup, step_until, step_while_busy};
use anam_studio::sandbox::{self, Fault, FaultQueue};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::time::Instant;

#[test]
fn the_badge_counts_problems_and_warnings_together() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    std::fs::write(
        presets.join("mixed.json"),
        r#"{"personaConfig": {"personaId": "p"}, "sessionOptions": {"videoQuality": "4k"}, "extra": 1}"#,
    )
    .unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("mixed").click();
    h.run_ok();
    assert_eq!(h.state().draft().error_count(), 1);
    assert_eq!(h.state().draft().problems().len(), 2);
    h.get_by_label("1 problem, 1 warning");
}

#[test]
fn a_501_says_the_server_does_not_do_this_not_to_try_again() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    queue.push(Fault::json(501, json!({"message": "Not Implemented"})));
    let mut h = Setup::new(dir.path()).faults(&queue).build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(&mut h, "the answer", |app| !app.is_minting());
    let sentence = h.state().banner().unwrap().sentence.clone();
    assert!(
        sentence.starts_with("The server at http://127.0.0.1:")
            && sentence.ends_with(
                "/v1/auth/session-token does not do this (501: Not Implemented): check that the base URL points at the Anam API."
            ),
        "{sentence}"
    );
    assert!(!sentence.contains("try again"), "{sentence}");
}

#[test]
fn a_failed_catalog_load_is_said_in_full_and_the_status_line_agrees() {
    let dir = tempfile::tempdir().unwrap();
    let faults = FaultQueue::default();
    faults.push(Fault::json(
        403,
        json!({"message": "catalogs are off for this key"}),
    ));
    let mut h = Setup::new(dir.path())
        .sandbox(sandbox::Config {
            catalog_faults: faults,
            ..Default::default()
        })
        .build();
    h.get_by_role_and_label(Role::Button, "Pick avatar").click();
    h.run_ok();
    let started = Instant::now();
    while h
        .query_by_label_contains("Could not load the catalog")
        .is_none()
    {
        assert!(started.elapsed() < common::DEADLINE, "no failure shown");
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    h.run_ok();
    h.get_by_label_contains("catalogs are off for this key");
    assert!(
        h.query_by_label_contains("not loaded (the pickers load it)")
            .is_none(),
        "the status line does not contradict the failure"
    );
    h.get_by_label("Sandbox catalog: could not be loaded");
    // One line of it is at least as tall as the body font (the small font is about 9 px).
    let error = h.get_by_label_contains("Could not load the catalog").rect();
    let body = h.ctx.style_of(h.ctx.theme()).text_styles[&egui::TextStyle::Body].size;
    assert!(
        error.height() >= body,
        "the failure is in the body font ({body} px), not the small one: {error:?}"
    );
}

#[test]
fn minting_cancelled_goes_when_the_next_token_arrives() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    queue.push(Fault::Hang);
    let mut h = Setup::new(dir.path()).faults(&queue).build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    // Cancel only once the sandbox has taken the hang, or the next mint would meet it. (Running
    // to rest instead stepped thousands of spinner frames: on a slow machine the mint then timed
    // out under the test, and Cancel was gone.)
    step_while_busy(&mut h, "the request to reach the sandbox", |_| {
        queue.is_empty()
    });
    assert!(h.state().is_minting());
    h.get_by_role_and_label(Role::Button, "Cancel").click();
    h.run_ok();
    h.get_by_label("Minting cancelled.");
    h.get_by_role_and_label(Role::Button, "Mint").click();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    assert!(
        h.query_by_label("Minting cancelled.").is_none(),
        "no word of a cancel beside a fresh token"
    );
}

#[test]
fn started_from_the_persona_goes_when_another_preset_opens() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("stateful-persona").click();
    h.run_ok();
    h.get_by_label("Start from persona").click();
    step_until(&mut h, "the persona", |app| {
        app.draft().mode() == anam_studio::core::contract::Mode::Ephemeral
    });
    h.get_by_label_contains("Started from the persona");
    h.get_by_label("cartesia-calm-support").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert!(
        h.query_by_label_contains("Started from the persona")
            .is_none()
    );
}

#[test]
fn a_mint_failure_goes_when_the_mode_or_the_environment_changes() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    let mut h = Setup::new(dir.path()).faults(&queue).build();
    let fail = |h: &mut Harness<'_, App>| {
        queue.push(Fault::json(
            400,
            json!({"message": "personaConfig.name is wrong"}),
        ));
        h.get_by_role_and_label(Role::Button, "Mint").click();
        h.run_ok();
        step_until(h, "the failure", |app| app.banner().is_some());
        h.get_by_label_contains("personaConfig.name is wrong");
    };
    fail(&mut h);
    h.get_by_label("Stateful").click();
    h.run_ok();
    assert!(
        h.state().banner().is_none(),
        "the failure was about the other body"
    );

    h.get_by_label("Ephemeral").click();
    h.run_ok();
    fail(&mut h);
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_label("Production").click();
    h.run_ok();
    assert!(
        h.state().banner().is_none(),
        "the failure was about Sandbox"
    );
}

#[test]
fn settings_show_one_word_per_key_and_only_the_selected_environments() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_label("Production").click();
    h.run_ok();
    h.get_by_role_and_label(Role::PasswordInput, "API key")
        .set_text_value_accesskit("sk-production-test");
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Save key").click();
    h.run_ok();
    h.get_by_label("Saved the key for Production in the keychain.");
    h.get_by_role_and_label(Role::Button, "Delete key").click();
    h.run_ok();
    h.get_by_label("Deleted the key for Production.");
    assert!(
        h.query_by_label("Saved the key for Production in the keychain.")
            .is_none(),
        "the newer word replaces the older"
    );
    h.get_by_label("Sandbox").click();
    h.run_ok();
    assert!(
        h.query_by_label("Deleted the key for Production.")
            .is_none(),
        "Production's word is not shown for Sandbox"
    );
}

#[test]
fn the_name_dialogs_error_goes_when_the_name_changes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run_ok();
    let name = |h: &mut Harness<'_, App>, text: &str| {
        h.get_by_role_and_label(Role::TextInput, "Preset name")
            .set_text_value_accesskit(text);
        h.run_ok();
    };
    name(&mut h, ".hidden");
    h.get_by_role_and_label(Role::Button, "OK").click();
    h.run_ok();
    h.get_by_label("a preset name cannot start with a dot");
    name(&mut h, "visible");
    assert!(
        h.query_by_label("a preset name cannot start with a dot")
            .is_none(),
        "the error was about the old name"
    );
}

#[test]
fn a_long_banner_wraps_and_dismiss_keeps_its_size_in_both_themes() {
    for theme in [egui::Theme::Light, egui::Theme::Dark] {
        let dir = tempfile::tempdir().unwrap();
        let queue = FaultQueue::default();
        let long = "the reply names every field that was wrong, one after another, ".repeat(4);
        queue.push(Fault::json(400, json!({"message": long})));
        let mut h = Setup::new(dir.path()).faults(&queue).build();
        h.ctx.set_theme(theme);
        h.run_ok();
        h.get_by_role_and_label(Role::Button, "Mint").click();
        h.run_ok();
        step_until(&mut h, "the failure", |app| app.banner().is_some());
        let sentence = h
            .get_by_label_contains("The API rejected the request")
            .rect();
        let dismiss = h.get_by_role_and_label(Role::Button, "Dismiss").rect();
        assert!(
            sentence.right() <= dismiss.left(),
            "{theme:?}: the sentence runs under Dismiss: {sentence:?} {dismiss:?}"
        );
        assert!(
            sentence.height() > 30.0,
            "{theme:?}: it wraps: {sentence:?}"
        );
        assert!(
            dismiss.width() >= 40.0,
            "{theme:?}: Dismiss is whole: {dismiss:?}"
        );
        assert!(
            dismiss.right() <= 1400.0 && sentence.left() >= 0.0,
            "{theme:?}: on screen"
        );
    }
}

#[test]
fn escape_closes_settings() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Settings…").click();
    h.run_ok();
    h.get_by_label("Close settings");
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(h.query_by_label("Close settings").is_none());
}

#[test]
fn picker_search_ignores_accents_and_enter_picks_the_only_match() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Stateful").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Pick persona")
        .click();
    h.run_ok();
    step_until(&mut h, "the catalog", |app| app.catalog().is_some());
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("amelie");
    h.run_ok();
    h.get_by_label_contains("Amélie — French tutor");
    h.key_press(egui::Key::Enter);
    h.run_ok();
    let id = h
        .state()
        .catalog()
        .unwrap()
        .personas
        .iter()
        .find(|p| p.name == "Amélie — French tutor")
        .unwrap()
        .id
        .clone();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!(id))
    );
}

#[test]
fn the_duplicate_dialog_types_after_the_suggested_name() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::Button, "Duplicate").click();
    h.run_ok();
    h.event(egui::Event::Text(" 2".into()));
    h.run_ok();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Preset name")
            .value()
            .as_deref(),
        Some("cartesia-calm-support copy 2")
    );
}

#[test]
fn history_rows_name_the_environment_of_each_token() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    h.get_by_label_contains("cartesia-calm-support · support-desk · Sandbox");
}

#[test]
fn a_fields_problem_wraps_inside_the_form() {
    let dir = tempfile::tempdir().unwrap();
    // The narrowest window that still has the token panel on the right: the least room.
    let mut h = Setup::new(dir.path()).size(1200.0, 800.0).build();
    h.get_by_role_and_label(Role::CheckBox, "Avatar ID").click();
    h.run_ok();
    let problem = h
        .get_by_label_contains("an ephemeral persona is configured by avatarId")
        .rect();
    let token_panel = h.get_by_label("Session token").rect();
    assert!(
        problem.right() <= token_panel.left(),
        "the sentence runs under the token panel: {problem:?} vs {token_panel:?}"
    );
}

#[test]
fn at_1024_by_700_the_token_panel_shows_the_jwt_copy_and_countdown() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).size(1024.0, 700.0).build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    for (role, label) in [
        (Role::MultilineTextInput, "JWT"),
        (Role::Button, "Copy token"),
        (Role::Label, "Status"),
    ] {
        let r = h.get_by_role_and_label(role, label).rect();
        assert!(
            r.bottom() <= 700.0,
            "{label} is out of sight at the bottom: {r:?}"
        );
    }
    assert!(
        h.query_all_by_label_contains("expires in")
            .any(|n| n.rect().bottom() <= 700.0),
        "the countdown is in sight"
    );
}

#[test]
fn import_and_export_offer_a_path_when_no_file_chooser_gives_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    let exported = dir.path().join("out.json");
    h.get_by_role_and_label(Role::Button, "Export…").click();
    h.run_ok();
    h.get_by_label("Export the request body");
    h.get_by_label_contains("If no file chooser opened, this desktop has none");
    h.get_by_role_and_label(Role::TextInput, "File path")
        .set_text_value_accesskit(exported.to_str().unwrap());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Export").click();
    h.run_ok();
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        h.state().draft().text()
    );

    let body = dir.path().join("in.json");
    std::fs::write(&body, r#"{"personaConfig": {"personaId": "from-a-file"}}"#).unwrap();
    h.get_by_role_and_label(Role::Button, "Import…").click();
    h.run_ok();
    h.get_by_label("Import a request body");
    h.get_by_role_and_label(Role::TextInput, "File path")
        .set_text_value_accesskit(body.to_str().unwrap());
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Import").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("from-a-file"))
    );
}

#[test]
fn the_apis_rejection_goes_when_the_body_it_was_about_changes() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    queue.push(Fault::json(
        400,
        json!({"message": "clientLabel is too long"}),
    ));
    let mut h = Setup::new(dir.path()).faults(&queue).build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(&mut h, "the rejection", |app| app.banner().is_some());
    h.get_by_label_contains("clientLabel is too long");
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("short");
    h.run_ok();
    assert!(
        h.state().banner().is_none(),
        "the answer was about the body as it was"
    );
}

/// Issue 23 (4): a token never takes the form's room. At 1400×900, after two mints with a long
/// client label, every control of the form ends left of the token panel: none is clipped.
#[test]
fn after_mints_at_1400_by_900_no_form_control_is_under_the_token_panel() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).size(1400.0, 900.0).build();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("qa-run-with-a-long-client-label");
    h.run_ok();
    for n in 1..=2 {
        h.get_by_role_and_label(Role::Button, "Mint").click();
        step_until(&mut h, "a token", |app| app.tokens().history().len() == n);
    }
    let panel_left = h.get_by_label("Session token").rect().left() - 8.0;
    let form_top = h.get_by_label("Form").rect().bottom();
    let roles = [
        Role::SpinButton,
        Role::Slider,
        Role::ComboBox,
        Role::TextInput,
        Role::MultilineTextInput,
        Role::CheckBox,
        Role::Button,
        Role::Label,
    ];
    let mut seen = 0;
    for role in roles {
        for node in h.query_all_by_role(role) {
            let r = node.rect();
            if r.top() > form_top && r.left() < panel_left {
                seen += 1;
                assert!(
                    r.right() <= panel_left,
                    "{role:?} {:?} ends at x = {}, under the token panel (from x = {panel_left})",
                    node.accesskit_node().label(),
                    r.right()
                );
            }
        }
    }
    assert!(seen > 50, "the form's controls were measured ({seen})");
}
