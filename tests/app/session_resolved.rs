//! The session window sets what the mint asked for beside what the session ran with, by label:
//! director notes asked of a Cara 3 avatar show as not applied.

use crate::harness::{Settle, Setup, step_until};
use anam_studio::core::session::resolved::Verdict;
use anam_studio::sandbox::catalog::{CARA_AVATAR, DEFAULT_LLM};
use anam_studio::sandbox::{self, Records};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;

#[test]
fn director_notes_asked_of_a_cara_3_avatar_show_as_not_applied() {
    let dir = tempfile::tempdir().unwrap();
    let presets = dir.path().join("presets");
    std::fs::create_dir_all(&presets).unwrap();
    let body = json!({
        "clientLabel": "qa/notes-on-cara-3",
        "personaConfig": {
            "name": "Cara", "avatarId": CARA_AVATAR, "avatarModel": "cara-3",
            "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697", "llmId": DEFAULT_LLM,
            "systemPrompt": "Be brief.",
            "directorNotes": {"presetStyle": "happy"},
        },
    });
    std::fs::write(
        presets.join("notes-on-cara-3.json"),
        serde_json::to_string_pretty(&body).unwrap(),
    )
    .unwrap();
    let records = Records::default();
    let mut h = Setup::new(dir.path())
        .sandbox(sandbox::Config {
            records: records.clone(),
            ..Default::default()
        })
        .build();
    step_until(&mut h, "the preset to open", |app| {
        app.current_preset() == Some("notes-on-cara-3")
    });
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.settle();
    step_until(&mut h, "the token", |app| {
        !app.tokens().history().is_empty()
    });
    assert_eq!(records.sessions().len(), 1);

    h.get_by_role_and_label(Role::Button, "Session of token 1")
        .click();
    h.settle();
    step_until(&mut h, "what the session ran with", |app| {
        !app.asked_and_ran_shown().is_empty()
    });
    h.get_by_label("Asked for and ran with");
    h.get_by_label("1 setting asked for is not in what the session ran with.");
    let row = (h.state().asked_and_ran_shown().iter())
        .find(|r| r.path == "personaConfig.directorNotes.presetStyle")
        .cloned()
        .expect("the director notes' row");
    assert_eq!(row.verdict, Verdict::Missing);
    // The row, by its label and its two values.
    h.get_by_label("Director notes: preset style");
    h.get_by_label("happy");
    h.get_by_label("not applied (Cara 3 avatar)");
    h.get_by_label("asked but not in the snapshot");
    // The avatar model asked for is the one it ran with (the snapshot's avatarVersion).
    let model = (h.state().asked_and_ran_shown().iter())
        .find(|r| r.label == "Avatar model")
        .cloned()
        .unwrap();
    assert_eq!(
        (model.ran_with.as_str(), model.verdict),
        ("cara-3", Verdict::Same)
    );
}
