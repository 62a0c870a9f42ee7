//! Presets in the window, driven by label: the first launch seeds them, Save writes the exact
//! body, unsaved edits are asked about, Save as / Rename / Delete, a broken preset is listed and
//! never overwritten, nor is one another program changed, an untitled draft is named when saved,
//! the filter box, and Import… / Export… through the file dialogs.

use crate::harness::{App, FakeDialogs, Settle, Setup};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::time::{Duration, Instant};

fn open_preset(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_label(name).click();
    h.settle();
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
fn save_writes_the_exact_body_and_load_shows_its_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path()).build();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .focus();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .type_text("-v2");
    h.settle();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.settle();
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
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .type_text("!");
    h.settle();
    h.get_by_label("stateful-persona").click();
    h.settle();
    h.get_by_label("Unsaved changes");
    h.get_by_label("Keep editing").click();
    h.settle();
    assert_eq!(h.state().current_preset(), Some("cartesia-calm-support"));
    assert_eq!(
        h.state().draft().get("clientLabel"),
        Some(&json!("support-desk!"))
    );
    h.get_by_label("stateful-persona").click();
    h.settle();
    h.get_by_label("Discard changes").click();
    h.settle();
    assert_eq!(h.state().current_preset(), Some("stateful-persona"));
}

#[test]
fn save_as_duplicate_rename_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    let mut h = Setup::new(dir.path()).build();
    h.get_by_label("Save as…").click();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .focus();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .type_text(" 2");
    h.settle();
    h.get_by_label("OK").click();
    h.settle();
    assert_eq!(
        h.state().current_preset(),
        Some("cartesia-calm-support copy 2")
    );
    assert!(presets.join("cartesia-calm-support copy 2.json").exists());

    h.get_by_label("Rename").click();
    h.settle();
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("support / bad");
    h.settle();
    h.get_by_label("OK").click();
    h.settle();
    h.get_by_label_contains("cannot contain /");
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("support-calm");
    h.settle();
    h.get_by_label("OK").click();
    h.settle();
    assert!(presets.join("support-calm.json").exists());
    assert!(!presets.join("cartesia-calm-support copy 2.json").exists());

    h.get_by_label("Delete").click();
    h.settle();
    h.get_by_label_contains("will be deleted");
    h.get_by_label("Keep it").click();
    h.settle();
    assert!(presets.join("support-calm.json").exists());
    h.get_by_label("Delete").click();
    h.settle();
    h.get_by_label("Delete preset").click();
    h.settle();
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
    h.settle();
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
    h.settle();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.settle();
    h.get_by_label("Changed by another program");
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "not overwritten"
    );
    h.get_by_label("Reload from disk").click();
    h.settle();
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
    h.settle();
    h.get_by_label("Keep my version").click();
    h.settle();
    assert!(h.state().draft().is_dirty());
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.settle();
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
    h.settle();
    assert_eq!(h.state().current_preset(), None);
    // An untouched new preset is no unsaved work; an edit makes it one.
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit("from scratch");
    h.settle();
    h.get_by_label("stateful-persona").click();
    h.settle();
    h.get_by_label("Save changes").click();
    h.settle();
    h.get_by_label("Save preset as");
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit("from-scratch");
    h.settle();
    h.get_by_label("OK").click();
    h.settle();
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
    h.settle();
    h.get_by_label("elevenlabs-v2-sales-demo");
    assert!(h.query_by_label("fish-audio-french-tutor").is_none());
    h.get_by_role_and_label(Role::TextInput, "Filter presets")
        .set_text_value_accesskit("nothing like it");
    h.settle();
    h.get_by_label("No preset matches the filter.");
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
    h.settle();
    assert_eq!(
        h.state().draft().get("personaConfig.personaId"),
        Some(&json!("from-a-file"))
    );
    assert_eq!(h.state().current_preset(), None);
    h.get_by_label("Export…").click();
    h.settle();
    assert_eq!(
        std::fs::read_to_string(&exported).unwrap(),
        std::fs::read_to_string(&outside).unwrap()
    );
}
