//! Unit tests of `draft`.

use super::*;
use serde_json::json;

fn parse(v: Value) -> RequestBody {
    RequestBody::parse(v.to_string().as_bytes()).unwrap()
}

#[test]
fn switching_modes_keeps_both_drafts() {
    let mut d = Draft::new(parse(
        json!({"clientLabel": "x", "personaConfig": {"name": "Cara", "llmId": "l"}}),
    ));
    d.set_mode(Mode::Stateful);
    assert_eq!(
        d.body().to_value(),
        json!({"clientLabel": "x", "personaConfig": {"personaId": ""}})
    );
    d.set("personaConfig.personaId", json!("p-1"));
    d.set_mode(Mode::Ephemeral);
    assert_eq!(
        d.body().to_value(),
        json!({"clientLabel": "x", "personaConfig": {"name": "Cara", "llmId": "l"}})
    );
    d.set_mode(Mode::Stateful);
    assert_eq!(d.get("personaConfig.personaId"), Some(&json!("p-1")));
}

#[test]
fn an_empty_ephemeral_persona_leaves_the_body() {
    let mut d = Draft::new(parse(json!({"personaConfig": {"personaId": "p"}})));
    d.set_mode(Mode::Ephemeral);
    assert_eq!(d.body().to_value(), json!({}));
    assert_eq!(d.mode(), Mode::Ephemeral);
}

#[test]
fn dirty_follows_the_text() {
    let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
    assert!(!d.is_dirty());
    d.set("clientLabel", json!("b"));
    assert!(d.is_dirty());
    d.set("clientLabel", json!("a"));
    assert!(!d.is_dirty());
    d.set("clientLabel", json!("c"));
    d.mark_saved();
    assert!(!d.is_dirty());
    assert!(Draft::unsaved(RequestBody::new()).is_dirty());
}

#[test]
fn slider_numbers_are_rounded_to_the_step() {
    let mut d = Draft::default();
    d.set_number(
        "personaConfig.voiceDetectionOptions.silenceBeforeAutoEndTurnSeconds",
        26.0 * 0.1,
        0.1,
    );
    assert!(
        d.text()
            .contains("\"silenceBeforeAutoEndTurnSeconds\": 2.6\n"),
        "{}",
        d.text()
    );
    d.set_number(
        "personaConfig.voiceDetectionOptions.speechEnhancementLevel",
        1.0,
        0.01,
    );
    assert!(
        d.text().contains("\"speechEnhancementLevel\": 1\n"),
        "{}",
        d.text()
    );
}

#[test]
fn picking_a_provider_drops_foreign_options_and_checks_strictly() {
    let mut d = Draft::new(parse(
        json!({"personaConfig": {"voiceGenerationOptions": {"speed": 1.4, "volume": 1, "pitch": 2}}}),
    ));
    assert_eq!(d.voice_provider(), None, "Cartesia or Fish: ambiguous");
    d.pick_provider(VoiceProvider::ElevenLabsV2);
    assert_eq!(
        d.get("personaConfig.voiceGenerationOptions"),
        Some(&json!({"speed": 1.4, "pitch": 2}))
    );
    let speed: Vec<String> = d
        .problems_at("personaConfig.voiceGenerationOptions.speed")
        .map(|p| p.message.clone())
        .collect();
    assert_eq!(speed, ["1.4 is above the maximum 1.2"]);
    assert_eq!(d.error_count(), 1);
}

#[test]
fn text_that_does_not_parse_is_kept_makes_the_draft_dirty_and_sends_nothing_new() {
    let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
    d.set_text("{\"clientLabel\": \"b\", oops}");
    let u = d.unparsed().expect("kept");
    assert_eq!(u.text, "{\"clientLabel\": \"b\", oops}");
    assert_eq!((u.error.line, u.error.column), (1, 22));
    assert!(d.is_dirty());
    assert_eq!(
        d.get("clientLabel"),
        Some(&json!("a")),
        "the last body that parsed"
    );
    d.set_text("{\"clientLabel\": \"b\"}");
    assert!(d.unparsed().is_none());
    assert_eq!(d.get("clientLabel"), Some(&json!("b")));
    d.set_text("{\"clientLabel\": \"a\"}");
    assert!(!d.is_dirty(), "back to the saved body");
    d.set_text("nope");
    d.discard_unparsed();
    assert!(d.unparsed().is_none());
    assert!(!d.is_dirty());
}

#[test]
fn undo_takes_back_a_run_of_one_field_as_one_step_and_redo_brings_it_again() {
    let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
    assert!(!d.can_undo());
    for label in ["ab", "abc", "abcd"] {
        d.set("clientLabel", json!(label));
    }
    d.unset("clientLabel");
    assert!(d.undo());
    assert_eq!(
        d.get("clientLabel"),
        Some(&json!("abcd")),
        "the unset undone"
    );
    assert!(d.undo());
    assert_eq!(d.get("clientLabel"), Some(&json!("a")), "the typing undone");
    assert!(!d.is_dirty());
    assert!(!d.undo());
    assert!(d.redo());
    assert_eq!(d.get("clientLabel"), Some(&json!("abcd")));
    assert!(d.redo());
    assert_eq!(d.get("clientLabel"), None);
    assert!(!d.redo());
}

#[test]
fn undo_covers_body_text_modes_and_providers() {
    let mut d = Draft::new(parse(json!({"personaConfig": {
        "name": "Cara",
        "voiceGenerationOptions": {"speed": 1.1, "volume": 1.5, "emotion": "calm"}
    }})));
    assert_eq!(d.voice_provider(), Some(VoiceProvider::CartesiaSonic3));
    let removed = d.pick_provider(VoiceProvider::ElevenLabsV2);
    assert_eq!(removed, ["volume", "emotion"]);
    assert!(d.undo());
    assert_eq!(
        d.get("personaConfig.voiceGenerationOptions"),
        Some(&json!({"speed": 1.1, "volume": 1.5, "emotion": "calm"}))
    );
    assert_eq!(d.voice_provider(), Some(VoiceProvider::CartesiaSonic3));

    d.set_mode(Mode::Stateful);
    d.set_text("{ broken");
    assert!(d.undo(), "the broken text undone");
    assert!(d.unparsed().is_none());
    assert_eq!(d.mode(), Mode::Stateful);
    assert!(d.undo(), "the mode switch undone");
    assert_eq!(d.mode(), Mode::Ephemeral);
    assert_eq!(d.get("personaConfig.name"), Some(&json!("Cara")));
    assert!(!d.is_dirty());
}

#[test]
fn problems_are_recomputed_on_edit() {
    let mut d = Draft::default();
    d.set(
        "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity",
        json!(1.5),
    );
    assert_eq!(d.error_count(), 1);
    d.unset("personaConfig.voiceDetectionOptions.endOfSpeechSensitivity");
    assert_eq!(d.error_count(), 0);
    assert_eq!(d.get("personaConfig"), None);
}

#[test]
fn while_the_text_does_not_parse_no_field_edit_is_taken_to_be_lost_later() {
    let mut d = Draft::new(parse(json!({"personaConfig": {"name": "Leo"}})));
    let fixed = d.text().to_string();
    d.set_text(&format!("{fixed}XX"));
    assert!(!d.fields_editable());
    // Each of these would be replaced by the text once it parses: they are refused instead.
    d.set("personaConfig.name", json!("LeoZed"));
    d.unset("personaConfig.name");
    d.set_mode(Mode::Stateful);
    assert!(d.pick_provider(VoiceProvider::FishAudio).is_empty());
    d.clear_voice();
    assert_eq!(d.get("personaConfig.name"), Some(&json!("Leo")));
    assert_eq!(d.mode(), Mode::Ephemeral);
    assert_eq!(
        d.unparsed().map(|u| u.text.clone()),
        Some(format!("{fixed}XX"))
    );
    // Once it parses, the form edits again, and what it shows is what the text said.
    d.set_text(&fixed);
    assert!(d.fields_editable());
    d.set("personaConfig.name", json!("LeoZed"));
    assert_eq!(d.get("personaConfig.name"), Some(&json!("LeoZed")));
}
