//! A push plan: unit tests.

use super::*;
use serde_json::json;

fn preset(v: Value) -> RequestBody {
    RequestBody::from_map(v.as_object().unwrap().clone())
}

fn persona(v: Value) -> PersonaDetail {
    serde_json::from_value(v).unwrap()
}

#[test]
fn a_create_sends_the_persona_fields_and_names_the_rest() {
    let p = preset(json!({
        "clientLabel": "qa",
        "personaConfig": {
            "systemPrompt": "Be brief.", "name": "Cara", "avatarId": "a", "voiceId": "v",
            "maxSessionLengthSeconds": 600, "initialMessage": "Hi",
            "voiceGenerationOptions": {"speed": 1.1}
        }
    }));
    let plan = plan_create(&p).unwrap();
    let keys: Vec<&str> = plan.send.keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "name",
            "avatarId",
            "voiceId",
            "systemPrompt",
            "voiceGenerationOptions"
        ]
    );
    let left: Vec<&str> = plan.left_out.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(
        left,
        ["Max session length", "Initial message", "Client label"]
    );
    assert_eq!(plan.guard_phrase(), "Cara");
    assert_eq!(plan.changes().len(), 5);
    assert!(
        plan.describe("Sandbox")
            .starts_with("Create a persona in Sandbox (\"Cara\"):\n")
    );
}

#[test]
fn an_update_sends_only_what_differs_and_the_diff_has_the_form_labels() {
    let now = persona(json!({
        "id": "p1", "name": "Cara", "avatar": {"id": "a"}, "voice": {"id": "v"},
        "llmId": "l", "brain": {"systemPrompt": "Be brief."},
        "voiceGenerationOptions": {"stability": 0.5, "speed": 1.0}
    }));
    let p = preset(json!({"personaConfig": {
        "name": "Cara", "avatarId": "a", "voiceId": "v", "llmId": "l",
        "systemPrompt": "Be brief.",
        "voiceGenerationOptions": {"stability": 0.50, "speed": 1.15}
    }}));
    let plan = plan_update(&p, &now).unwrap();
    assert_eq!(
        Value::Object(plan.send.clone()),
        json!({"voiceGenerationOptions": {"stability": 0.50, "speed": 1.15}})
    );
    let shown: Vec<String> = plan.changes().iter().map(Row::to_string).collect();
    assert_eq!(
        shown,
        ["Speed (personaConfig.voiceGenerationOptions.speed): 1.0 → 1.15"]
    );
    assert!(!plan.is_noop());
    assert_eq!(plan.guard_phrase(), "Cara");
    let same = plan_update(
        &preset(json!({"personaConfig": {"name": "Cara", "llmId": "l"}})),
        &now,
    )
    .unwrap();
    assert!(same.is_noop());
    assert_eq!(same.push(), None);
    assert!(matches!(plan.push(), Some(Push::Update { persona_id, .. }) if persona_id == "p1"));
    assert!(same.describe("Production").contains("no changes"));
}

#[test]
fn a_new_voice_without_options_shows_the_options_going() {
    let now = persona(json!({
        "id": "p1", "name": "", "voice": {"id": "v"},
        "voiceGenerationOptions": {"speed": 1.0}
    }));
    let plan = plan_update(&preset(json!({"personaConfig": {"voiceId": "w"}})), &now).unwrap();
    let paths: Vec<String> = plan.changes().into_iter().map(|r| r.path).collect();
    assert_eq!(
        paths,
        [
            "personaConfig.voiceId",
            "personaConfig.voiceGenerationOptions.speed"
        ]
    );
    assert_eq!(plan.guard_phrase(), "p1");
}

#[test]
fn stateful_empty_and_out_of_range_presets_are_refused_in_one_sentence() {
    let e = plan_create(&preset(json!({"personaConfig": {"personaId": "p9"}}))).unwrap_err();
    assert!(e.to_string().contains("persona p9"), "{e}");
    let e = plan_create(&preset(json!({"clientLabel": "x"}))).unwrap_err();
    assert_eq!(e, PushError::Empty);
    let e = plan_create(&preset(json!({"personaConfig": {
        "voiceDetectionOptions": {"endOfSpeechSensitivity": 7}
    }})))
    .unwrap_err();
    assert!(
        e.to_string()
            .starts_with("End-of-speech sensitivity (personaConfig.voiceDetectionOptions.endOfSpeechSensitivity) cannot be pushed: "),
        "{e}"
    );
}

#[test]
fn the_production_guard_wants_the_exact_name() {
    assert!(confirm_typed("Cara", "Cara").is_ok());
    assert!(confirm_typed("  Cara \n", "Cara").is_ok());
    assert!(confirm_typed("cara", "Cara").is_err());
    assert!(confirm_typed("", "Cara").is_err());
    assert!(confirm_typed("", "").is_err());
    assert!(
        confirm_typed("yes", "Cara")
            .unwrap_err()
            .contains("\"Cara\"")
    );
}

#[test]
fn tool_ids_and_zero_data_retention_are_pushed_inline_tools_and_director_notes_are_not() {
    let p = preset(json!({"personaConfig": {
        "name": "Cara", "avatarId": "a", "voiceId": "v",
        "toolIds": ["t1", "t2"], "zeroDataRetention": true,
        "tools": [{"type": "client", "name": "open_page", "description": "d"}],
        "directorNotes": {"presetStyle": "calm"}
    }}));
    let plan = plan_create(&p).unwrap();
    assert_eq!(plan.send["toolIds"], json!(["t1", "t2"]));
    assert_eq!(plan.send["zeroDataRetention"], json!(true));
    assert!(plan.send.get("tools").is_none() && plan.send.get("directorNotes").is_none());
    let left: Vec<(&str, bool)> = plan
        .left_out
        .iter()
        .map(|l| (l.path.as_str(), l.reason.is_some()))
        .collect();
    assert_eq!(
        left,
        [
            ("personaConfig.tools", true),
            ("personaConfig.directorNotes", true)
        ]
    );
    let text = plan.describe("Sandbox");
    assert!(
        text.contains(
            "Not pushed: Tools (personaConfig.tools): a saved persona refers to tools by id"
        ),
        "{text}"
    );
    assert!(
        text.contains("Not pushed: Director notes (personaConfig.directorNotes): "),
        "{text}"
    );
    assert!(!text.contains("they apply per session"), "{text}");
    // Each reason is one sentence.
    for l in &plan.left_out {
        let reason = l.reason.as_deref().unwrap();
        assert_eq!(reason.matches(". ").count(), 0, "{reason}");
        assert!(reason.ends_with('.'), "{reason}");
    }
    // Per-session fields and the reasoned ones are said apart.
    let lines = describe_left_out(&[
        LeftOut::per_session("clientLabel".into()),
        plan.left_out[0].clone(),
    ]);
    assert_eq!(lines.len(), 2);
    assert!(lines[0].contains("they apply per session): Client label (clientLabel)"));
}

#[test]
fn an_update_sends_tool_ids_whole_and_only_when_the_set_differs() {
    let now = persona(json!({
        "id": "p1", "name": "Cara", "zeroDataRetention": false,
        "tools": [{"id": "t1"}, {"id": "t2"}]
    }));
    let update =
        |config: Value| plan_update(&preset(json!({"personaConfig": config})), &now).unwrap();
    // The same ids in another order: nothing to send.
    assert!(update(json!({"name": "Cara", "toolIds": ["t2", "t1"]})).is_noop());
    // Off is what the persona has: nothing to send either.
    assert!(update(json!({"name": "Cara", "zeroDataRetention": false})).is_noop());
    // One id fewer: the whole list is sent (PUT replaces the tools).
    let plan = update(json!({"toolIds": ["t2"], "zeroDataRetention": true}));
    assert_eq!(
        Value::Object(plan.send.clone()),
        json!({"zeroDataRetention": true, "toolIds": ["t2"]})
    );
    assert_eq!(plan.future["personaConfig"]["toolIds"], json!(["t2"]));
    assert_eq!(
        plan.current["personaConfig"]["toolIds"],
        json!(["t1", "t2"])
    );
    // No tools pushed to a persona without tools: nothing sent.
    let bare = persona(json!({"id": "p2", "name": "Leo"}));
    let plan = plan_update(
        &preset(json!({"personaConfig": {"name": "Leo", "toolIds": []}})),
        &bare,
    )
    .unwrap();
    assert!(plan.is_noop());
    // Clearing them is sent.
    let plan = update(json!({"toolIds": []}));
    assert_eq!(plan.send["toolIds"], json!([]));
}
