//! The mint beside its session's snapshot: unit tests.

use super::*;
use serde_json::json;

fn session(persona_id: Option<&str>, label: Option<&str>, config: Value) -> SessionDetail {
    serde_json::from_value(json!({
        "id": "s1", "personaId": persona_id, "clientLabel": label, "personaConfig": config,
    }))
    .unwrap()
}

fn row<'a>(rows: &'a [Compared], path: &str) -> &'a Compared {
    rows.iter()
        .find(|r| r.path == path)
        .unwrap_or_else(|| panic!("no row {path} in {rows:#?}"))
}

#[test]
fn director_notes_on_a_cara_3_avatar_were_not_applied_and_say_why() {
    let asked = json!({
        "clientLabel": "qa/1",
        "personaConfig": {
            "name": "Cara", "avatarModel": "cara-3", "voiceId": "v-anam",
            "directorNotes": {"presetStyle": "happy", "expressivity": 0.7},
        },
        "sessionOptions": {"videoQuality": "high"},
    });
    let ran = session(
        None,
        Some("qa/1"),
        json!({
            "type": "ephemeral", "name": "Cara", "avatarVersion": "cara-3",
            "ttsProvider": "elevenlabs", "ttsProviderVoiceId": "el-123",
            "zeroDataRetention": false,
        }),
    );
    let rows = asked_and_ran(&asked, &ran);
    let style = row(&rows, "personaConfig.directorNotes.presetStyle");
    assert_eq!(style.label, "Director notes: preset style");
    assert_eq!(style.asked, "happy");
    assert_eq!(style.ran_with, "not applied (Cara 3 avatar)");
    assert_eq!(style.verdict, Verdict::Missing);
    assert!(style.verdict.marked());
    assert!(style.note.as_deref().unwrap().contains("Cara 4"));
    assert_eq!(
        row(&rows, "personaConfig.directorNotes.expressivity").asked,
        "0.7"
    );

    let model = row(&rows, "personaConfig.avatarModel");
    assert_eq!(
        (model.label.as_str(), model.verdict),
        ("Avatar model", Verdict::Same)
    );
    assert_eq!(model.ran_with, "cara-3");
    assert_eq!(row(&rows, "clientLabel").verdict, Verdict::Same);

    let voice = row(&rows, "personaConfig.voiceId");
    assert_eq!(
        (voice.asked.as_str(), voice.ran_with.as_str()),
        ("v-anam", "el-123")
    );
    assert_eq!(voice.verdict, Verdict::Unchecked);
    assert!(
        voice
            .note
            .as_deref()
            .unwrap()
            .contains("ttsProviderVoiceId")
    );

    let zdr = row(&rows, "personaConfig.zeroDataRetention");
    assert_eq!(
        (zdr.label.as_str(), zdr.asked.as_str()),
        ("Zero data retention", NOT_SET)
    );
    assert_eq!(
        (zdr.ran_with.as_str(), zdr.verdict),
        ("false", Verdict::OnlyRan)
    );

    let quality = row(&rows, "sessionOptions.videoQuality");
    assert_eq!(
        (quality.ran_with.as_str(), quality.verdict),
        (NOT_REPORTED, Verdict::Unchecked)
    );

    // Engine-only keys keep their own name as the label, after the form's fields.
    let provider = row(&rows, "personaConfig.ttsProvider");
    assert_eq!(
        (provider.label.as_str(), provider.known),
        ("ttsProvider", false)
    );
    let form_order: Vec<&str> = rows
        .iter()
        .filter(|r| r.known)
        .map(|r| r.path.as_str())
        .collect();
    assert_eq!(form_order[0], "clientLabel");
    assert!(rows.iter().skip_while(|r| r.known).all(|r| !r.known));
    assert_eq!(
        summary(&rows),
        "2 settings asked for are not in what the session ran with."
    );
}

#[test]
fn director_notes_on_cara_4_compare_and_a_changed_value_differs() {
    let asked = json!({"personaConfig": {
        "avatarModel": "cara-4", "directorNotes": {"presetStyle": "happy"}, "skipGreeting": true,
        "voiceGenerationOptions": {"speed": 1.10},
    }});
    let ran = session(
        None,
        None,
        json!({
            "avatarVersion": "cara-4", "directorNotes": {"presetStyle": "happy"},
            "skipGreeting": false, "voiceGenerationOptions": {"speed": 1.1},
        }),
    );
    let rows = asked_and_ran(&asked, &ran);
    assert_eq!(
        row(&rows, "personaConfig.directorNotes.presetStyle").verdict,
        Verdict::Same
    );
    assert_eq!(
        row(&rows, "personaConfig.voiceGenerationOptions.speed").verdict,
        Verdict::Same
    );
    let greeting = row(&rows, "personaConfig.skipGreeting");
    assert_eq!(
        (
            greeting.asked.as_str(),
            greeting.ran_with.as_str(),
            greeting.verdict
        ),
        ("true", "false", Verdict::Differs)
    );
    assert_eq!(summary(&rows), "1 ran with another value.");
    // On Cara 4, a missing note is only "not reported": the reason is not known.
    let none = session(None, None, json!({"avatarVersion": "cara-4-latest"}));
    let rows = asked_and_ran(&asked, &none);
    assert_eq!(
        row(&rows, "personaConfig.directorNotes.presetStyle").ran_with,
        NOT_REPORTED
    );
}

#[test]
fn a_stateful_mint_shows_what_the_saved_persona_ran_with() {
    let asked = json!({"personaConfig": {"personaId": "p1"}});
    let ran = session(
        Some("p1"),
        None,
        json!({"type": "stateful", "name": "Cara", "llmConfig": {"model": "gpt-4.1"}}),
    );
    let rows = asked_and_ran(&asked, &ran);
    assert_eq!(row(&rows, "personaConfig.personaId").verdict, Verdict::Same);
    let name = row(&rows, "personaConfig.name");
    assert_eq!(
        (name.asked.as_str(), name.ran_with.as_str()),
        (NOT_SET, "Cara")
    );
    let llm = row(&rows, "personaConfig.llmId");
    assert_eq!(llm.label, "LLM ID");
    assert_eq!(llm.ran_with, r#"{"model":"gpt-4.1"}"#);
    assert_eq!(llm.verdict, Verdict::OnlyRan);
    assert!(!rows.iter().any(|r| r.verdict.marked()));
    assert!(summary(&rows).starts_with("Every setting asked for"));
    // No snapshot, no rows.
    let bare: SessionDetail = serde_json::from_value(json!({"id": "s"})).unwrap();
    assert!(asked_and_ran(&asked, &bare).is_empty());
}

#[test]
fn values_and_models_are_shown_plainly() {
    assert_eq!(shown_value(&json!("a\nb")), "a\\nb");
    assert_eq!(shown_value(&json!("")), "\"\"");
    assert_eq!(shown_value(&json!([1, "x"])), r#"[1,"x"]"#);
    assert_eq!(model_name("cara-4-latest"), "Cara 4 latest");
    // Every renamed key is a field of the form.
    for (request, _) in SNAPSHOT_NAMES {
        assert!(
            fields::spec(&format!("personaConfig.{request}")).is_some(),
            "{request}"
        );
    }
}
