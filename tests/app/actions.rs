//! Actions no other GUI test clicked: each driven by label through the real app, with what it
//! must leave on disk, in the clipboard or in the window checked.

use crate::harness::{App, Setup, config_file, copied, step_until};
use anam_studio::core::contract::VoiceProvider;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use serde_json::json;
use std::path::Path;

/// Records the commands the app sends to its window (close, cancel close, title...).
#[derive(Default)]
struct ViewportSpy(Vec<egui::ViewportCommand>);

impl egui::Plugin for ViewportSpy {
    fn debug_name(&self) -> &'static str {
        "ViewportSpy"
    }
    fn output_hook(&mut self, _ctx: &egui::Context, out: &mut egui::FullOutput) {
        for viewport in out.viewport_output.values() {
            self.0.extend(viewport.commands.iter().cloned());
        }
    }
}

fn app(dir: &Path) -> Harness<'static, App> {
    Setup::new(dir).plugin(ViewportSpy::default()).build()
}

fn preset(dir: &Path, name: &str) -> std::path::PathBuf {
    dir.join("presets").join(format!("{name}.json"))
}

fn type_client_label(h: &mut Harness<'_, App>, text: &str) {
    h.get_by_role_and_label(Role::TextInput, "Client label")
        .set_text_value_accesskit(text);
    h.run_ok();
}

/// Types `name` into the open name dialog and presses OK.
fn answer_name(h: &mut Harness<'_, App>, name: &str) {
    h.get_by_role_and_label(Role::TextInput, "Preset name")
        .set_text_value_accesskit(name);
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "OK").click();
    h.run_ok();
}

#[test]
fn duplicate_writes_a_copy_and_opens_it_leaving_the_original_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let original = preset(dir.path(), "cartesia-calm-support");
    let before = std::fs::read(&original).unwrap();
    h.get_by_role_and_label(Role::Button, "Duplicate").click();
    h.run_ok();
    h.get_by_label("Duplicate preset");
    answer_name(&mut h, "calm copy");
    assert_eq!(h.state().current_preset(), Some("calm copy"));
    assert_eq!(
        std::fs::read(preset(dir.path(), "calm copy")).unwrap(),
        before,
        "the copy holds the same body, byte for byte"
    );
    assert_eq!(std::fs::read(&original).unwrap(), before);
    h.get_by_label("calm copy");
    assert!(
        h.query_by_label_contains("unsaved changes").is_none(),
        "nothing to say about edits when there are none"
    );
}

#[test]
fn duplicate_of_an_edited_preset_says_the_copy_gets_the_edits_and_the_original_keeps_its_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let original = preset(dir.path(), "cartesia-calm-support");
    let before = std::fs::read(&original).unwrap();
    type_client_label(&mut h, "edited-then-duplicated");
    h.get_by_label("cartesia-calm-support *");
    h.get_by_role_and_label(Role::Button, "Duplicate").click();
    h.run_ok();
    h.get_by_label(
        "The copy gets your unsaved changes; \"cartesia-calm-support\" keeps its saved version.",
    );
    answer_name(&mut h, "calm edited");
    // What the dialog said is what happened: the copy holds the edits and is open, clean; the
    // original's file is as it was saved, so the list shows it without a `*`.
    assert_eq!(h.state().current_preset(), Some("calm edited"));
    assert!(!h.state().draft().is_dirty());
    let copy: serde_json::Value =
        serde_json::from_slice(&std::fs::read(preset(dir.path(), "calm edited")).unwrap()).unwrap();
    assert_eq!(copy["clientLabel"], json!("edited-then-duplicated"));
    assert_eq!(std::fs::read(&original).unwrap(), before);
    h.get_by_label("calm edited");
    h.get_by_label("cartesia-calm-support");
    assert_eq!(h.state().window_title(), "calm edited — anam-studio");
}

#[test]
fn copy_body_copies_exactly_what_mint_sends() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    type_client_label(&mut h, "copy-me");
    h.get_by_label("Body").click();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, "Copy body").click();
    h.run_ok();
    let body = copied(&h).pop().expect("something was copied");
    assert_eq!(body, h.state().draft().text());
    let value: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(value["clientLabel"], json!("copy-me"));
}

#[test]
fn ctrl_n_asks_before_dropping_edits_then_starts_an_untitled_preset() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let path = preset(dir.path(), "cartesia-calm-support");
    let before = std::fs::read(&path).unwrap();
    type_client_label(&mut h, "unsaved");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run_ok();
    h.get_by_label("Unsaved changes");
    assert_eq!(
        h.state().current_preset(),
        Some("cartesia-calm-support"),
        "nothing is replaced before the answer"
    );
    h.get_by_role_and_label(Role::Button, "Discard changes")
        .click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), None);
    assert_eq!(h.state().window_title(), "Untitled — anam-studio");
    assert_eq!(h.state().draft().get("clientLabel"), None);
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "discarding writes nothing"
    );
}

#[test]
fn ctrl_shift_s_saves_under_a_new_name_and_leaves_the_old_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let old = preset(dir.path(), "cartesia-calm-support");
    let before = std::fs::read(&old).unwrap();
    type_client_label(&mut h, "saved-as");
    h.key_press_modifiers(
        egui::Modifiers::COMMAND | egui::Modifiers::SHIFT,
        egui::Key::S,
    );
    h.run_ok();
    h.get_by_label("Save preset as");
    answer_name(&mut h, "support v2");
    assert_eq!(h.state().current_preset(), Some("support v2"));
    assert!(!h.state().draft().is_dirty());
    let written = std::fs::read_to_string(preset(dir.path(), "support v2")).unwrap();
    assert_eq!(written, h.state().draft().text());
    assert!(
        written.contains("\"clientLabel\": \"saved-as\""),
        "{written}"
    );
    assert_eq!(std::fs::read(&old).unwrap(), before);
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_and_saves_before_it_closes() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let path = preset(dir.path(), "cartesia-calm-support");
    type_client_label(&mut h, "keep-me");
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run_ok();
    let sent = |h: &Harness<'_, App>| {
        h.ctx
            .with_plugin(|p: &mut ViewportSpy| p.0.clone())
            .unwrap_or_default()
    };
    assert!(
        sent(&h).contains(&egui::ViewportCommand::CancelClose),
        "the close is held back: {:?}",
        sent(&h)
    );
    assert!(!sent(&h).contains(&egui::ViewportCommand::Close));
    h.get_by_label("Unsaved changes");
    h.get_by_role_and_label(Role::Button, "Save changes")
        .click();
    h.run_ok();
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("\"clientLabel\": \"keep-me\"")
    );
    assert!(
        sent(&h).contains(&egui::ViewportCommand::Close),
        "after saving, the window closes: {:?}",
        sent(&h)
    );
}

#[test]
fn save_mine_as_keeps_both_the_other_programs_file_and_my_edits() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    let path = preset(dir.path(), "cartesia-calm-support");
    let theirs = std::fs::read_to_string(&path)
        .unwrap()
        .replace("\"Leo\"", "\"Leo from git pull\"");
    std::fs::write(&path, &theirs).unwrap();
    type_client_label(&mut h, "mine");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    h.get_by_label("Changed by another program");
    h.get_by_role_and_label(Role::Button, "Save mine as…")
        .click();
    h.run_ok();
    h.get_by_label("Save preset as");
    answer_name(&mut h, "mine");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
    let mine = std::fs::read_to_string(preset(dir.path(), "mine")).unwrap();
    assert!(mine.contains("\"clientLabel\": \"mine\""), "{mine}");
    assert!(!mine.contains("git pull"), "{mine}");
    assert_eq!(h.state().current_preset(), Some("mine"));
}

#[test]
fn mint_anyway_sends_a_body_with_errors_and_shows_the_apis_answer() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let text = anam_studio::store::preset::SHIPPED
        .iter()
        .find(|(name, _)| *name == "cartesia-calm-support")
        .unwrap()
        .1;
    let mut body: serde_json::Value = serde_json::from_str(text).unwrap();
    body["sessionOptions"] = json!({"videoQuality": "4k"});
    std::fs::write(
        presets.join("a-bad.json"),
        serde_json::to_string_pretty(&body).unwrap(),
    )
    .unwrap();
    let mut h = app(dir.path());
    h.get_by_label("a-bad").click();
    h.run_ok();
    assert_eq!(h.state().current_preset(), Some("a-bad"));
    assert!(h.state().draft().error_count() > 0);
    assert!(
        h.get_by_role_and_label(Role::Button, "Mint")
            .accesskit_node()
            .is_disabled(),
        "Mint waits for the problems to be fixed"
    );
    h.get_by_role_and_label(Role::Button, "Mint anyway").click();
    h.run_ok();
    step_until(&mut h, "the API's answer", |app| !app.is_minting());
    let banner = h.state().banner().expect("the answer is shown");
    assert!(
        banner
            .sentence
            .starts_with("The API rejected the request (400)")
            && banner.sentence.contains("videoQuality"),
        "{}",
        banner.sentence
    );
    assert!(h.state().tokens().current().is_none());
}

fn open_picker(h: &mut Harness<'_, App>, picker: &str) {
    h.get_by_role_and_label(Role::Button, picker).scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::Button, picker).click();
    h.run_ok();
    step_until(h, "the catalog", |app| app.catalog().is_some());
}

#[test]
fn the_llm_picker_sets_the_llm_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    open_picker(&mut h, "Pick LLM");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("4o");
    h.run_ok();
    h.get_by_label_contains("GPT-4o  ·").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.llmId"),
        Some(&json!("6c14e7c0-0b11-46b1-a12e-b9c828344468"))
    );
    assert!(h.state().draft().is_dirty());
}

#[test]
fn picking_an_elevenlabs_voice_keeps_elevenlabs_v1_when_v1_was_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = app(dir.path());
    h.get_by_label("elevenlabs-v2-sales-demo").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(VoiceProvider::ElevenLabsV2)
    );
    h.get_by_role_and_label(Role::ComboBox, "Provider")
        .scroll_to_me();
    h.run_ok();
    h.get_by_role_and_label(Role::ComboBox, "Provider").click();
    h.run_ok();
    h.get_by_label("ElevenLabs V1").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(VoiceProvider::ElevenLabsV1)
    );
    open_picker(&mut h, "Pick voice");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .type_text("adam");
    h.run_ok();
    h.get_by_label_contains("Adam  ·  ElevenLabs").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().get("personaConfig.voiceId"),
        Some(&json!("e6364b30-c4fa-4efd-85f6-efb49d27a17f"))
    );
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(VoiceProvider::ElevenLabsV1),
        "an ElevenLabs voice fits V1 and V2: the choice stays"
    );

    // A voice of another family does switch the provider.
    open_picker(&mut h, "Pick voice");
    h.get_by_role_and_label(Role::TextInput, "Search the catalog")
        .set_text_value_accesskit("lena");
    h.run_ok();
    h.get_by_label_contains("Lena  ·  Fish Audio").click();
    h.run_ok();
    assert_eq!(
        h.state().draft().voice_provider(),
        Some(VoiceProvider::FishAudio)
    );
}

#[test]
fn a_bad_base_url_in_the_config_is_named_at_start_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        config_file(dir.path()),
        r#"{"environments": [
            {"name": "Staging", "baseUrl": "https://staging.example.com"},
            {"name": "Pasted", "baseUrl": "https://h/'$(touch pwned)'"}
        ]}"#,
    )
    .unwrap();
    let mut h = app(dir.path());
    h.get_by_label_contains(
        "The environment \"Pasted\" is left out: \"https://h/'$(touch pwned)'\" is not a usable base URL: it contains a quote (').",
    );
    h.get_by_role_and_label(Role::ComboBox, "Environment")
        .click();
    h.run_ok();
    h.get_by_label("Staging");
    assert!(h.query_by_label("Pasted").is_none());
}
