//! The catalog pickers: search and pick a voice (which switches the provider), start from a
//! persona, avatar thumbnails loaded off the UI thread, and the catalog cached per environment
//! and used offline.

use crate::common;
use crate::harness::{App, Settle, Setup, config_file, mock_keychain, step_until};
use anam_studio::core::contract::Mode;
use anam_studio::sandbox::{self, Fault};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use std::time::{Duration, Instant};

fn open_picker_and_wait(h: &mut Harness<'_, App>, picker: &str) {
    h.get_by_role_and_label(Role::Button, picker).click();
    h.settle();
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
    h.settle();
    assert!(
        h.query_by_label_contains("Calm Leo  ·").is_none(),
        "the search filters the list"
    );
    h.get_by_label_contains("Lena  ·  Fish Audio").click();
    h.settle();
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
    h.settle();
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
    h.settle();
    open_picker_and_wait(&mut h, "Pick persona");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("tutor");
    h.settle();
    h.get_by_label_contains("Amélie — French tutor").click();
    h.settle();
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
    h.settle();
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
    h.settle();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.settle();
    h.get_by_label("Staging catalog: not loaded (the pickers load it)");
    open_picker_and_wait(&mut h, "Pick voice");
    h.key_press(egui::Key::Escape);
    h.settle();
    h.get_by_label_contains("Staging catalog: 15 avatars, 40 voices, 6 LLMs, 8 personas, 4 tools");

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
    h.settle();
    h.get_by_role_and_label(Role::Button, "Staging").click();
    h.settle();
    assert_eq!(h.state().catalog().map(|c| c.avatars.len()), Some(15));
    h.get_by_label_contains("Staging catalog: 15 avatars");
}
