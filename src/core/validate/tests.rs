//! Unit tests of `validate`.

use super::*;
use crate::core::contract::{FIELDS, Kind, number};
use serde_json::json;

fn errors(body: Value) -> Vec<String> {
    validate(&body)
        .into_iter()
        .filter(Problem::is_error)
        .map(|p| p.to_string())
        .collect()
}

fn warnings(body: Value) -> Vec<String> {
    validate(&body)
        .into_iter()
        .filter(|p| !p.is_error())
        .map(|p| p.to_string())
        .collect()
}

/// A complete, valid ephemeral body with `path` set to `value`.
fn with(path: &str, value: Value) -> Value {
    let mut body = crate::core::contract::RequestBody::parse(
        br#"{"personaConfig":{"avatarId":"a","voiceId":"v","llmId":"l","systemPrompt":"s"}}"#,
    )
    .unwrap();
    body.set(path, value);
    body.into_value()
}

#[test]
fn the_issue_example_reads_as_written() {
    let e = errors(with(
        "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity",
        json!(1.5),
    ));
    assert_eq!(
        e,
        ["personaConfig.voiceDetectionOptions.endOfSpeechSensitivity: 1.5 is above the maximum 1"]
    );
}

#[test]
fn every_range_accepts_its_bounds_and_rejects_just_outside() {
    for spec in FIELDS {
        let Kind::Range { min, max, .. } = spec.kind else {
            continue;
        };
        let provider = match spec.scope {
            Scope::Voice(p) => Some(p),
            _ => None,
        };
        let check = |x: f64| {
            validate_with(
                &with(spec.path, number(x)),
                Hints {
                    voice_provider: provider,
                },
            )
            .into_iter()
            .filter(Problem::is_error)
            .map(|p| p.to_string())
            .collect::<Vec<_>>()
        };
        assert_eq!(check(min), Vec::<String>::new(), "{} at min", spec.path);
        assert_eq!(check(max), Vec::<String>::new(), "{} at max", spec.path);
        assert_eq!(
            check((min + max) / 2.0),
            Vec::<String>::new(),
            "{} mid",
            spec.path
        );
        let below = check(min - 0.01);
        assert_eq!(below.len(), 1, "{} below min: {below:?}", spec.path);
        assert!(
            below[0].starts_with(spec.path)
                && below[0].contains(&format!("below the minimum {min}")),
            "{below:?}"
        );
        let above = check(max + 0.01);
        assert_eq!(above.len(), 1, "{} above max: {above:?}", spec.path);
        assert!(
            above[0].contains(&format!("above the maximum {max}")),
            "{above:?}"
        );
    }
}

#[test]
fn wrong_types_are_named() {
    assert_eq!(
        errors(with("personaConfig.skipGreeting", json!("yes"))),
        ["personaConfig.skipGreeting: expected true or false, found a string"]
    );
    assert_eq!(
        errors(with("clientLabel", json!(3))),
        ["clientLabel: expected a string, found a number"]
    );
    assert_eq!(
        errors(with("personaConfig.voiceDetectionOptions", json!([]))),
        ["personaConfig.voiceDetectionOptions: expected an object, found an array"]
    );
    assert_eq!(
        errors(json!([])),
        ["body: expected a JSON object, found an array"]
    );
    assert_eq!(
        errors(with("personaConfig.initialMessage", json!(null))),
        Vec::<String>::new()
    );
    assert_eq!(
        errors(with("personaConfig.initialMessage", json!(""))),
        Vec::<String>::new()
    );
}

#[test]
fn enums_and_language_codes() {
    assert_eq!(
        errors(with("personaConfig.avatarModel", json!("cara-9"))),
        [
            "personaConfig.avatarModel: \"cara-9\" is not one of cara-2, cara-3, cara-4-latest, cara-4"
        ]
    );
    assert_eq!(
        errors(with("sessionOptions.videoQuality", json!("low"))),
        ["sessionOptions.videoQuality: \"low\" is not one of high, auto"]
    );
    assert!(errors(with("personaConfig.languageCode", json!("fr"))).is_empty());
    assert_eq!(
        errors(with("personaConfig.languageCode", json!("xx"))),
        [
            "personaConfig.languageCode: \"xx\" is not an ISO 639-1 language code (such as \"en\" or \"fr\")"
        ]
    );
    assert_eq!(
        errors(with("personaConfig.languageCode", json!("EN"))),
        ["personaConfig.languageCode: \"EN\" must be lower case: \"en\""]
    );
    assert_eq!(
        errors(with("personaConfig.languageCode", json!("eng"))).len(),
        1
    );
    assert!(
        warnings(with("personaConfig.avatarModel", json!("cara-4-latest")))
            .iter()
            .any(|w| w.contains("invite only"))
    );
}

#[test]
fn persona_id_mixed_with_ephemeral_fields() {
    let e = errors(
        json!({"personaConfig": {"personaId": "p", "avatarId": "a", "voiceDetectionOptions": {}}}),
    );
    assert_eq!(e.len(), 1);
    assert!(e[0].starts_with("personaConfig: personaId (a stateful persona) cannot be combined with ephemeral fields (avatarId, voiceDetectionOptions)"), "{e:?}");
    assert!(
        validate(&json!({"personaConfig": {"personaId": "p"}, "clientLabel": "qa"})).is_empty()
    );
    assert_eq!(
        errors(json!({"personaConfig": {"personaId": " "}})),
        ["personaConfig.personaId: empty: enter the ID of a persona you have created"]
    );
}

#[test]
fn voice_options_no_provider_accepts() {
    let e = errors(with(
        "personaConfig.voiceGenerationOptions",
        json!({"style": 0.2, "emotion": "sad"}),
    ));
    assert_eq!(e.len(), 1);
    assert!(
        e[0].starts_with(
            "personaConfig.voiceGenerationOptions: no voice provider accepts these options together"
        ),
        "{e:?}"
    );
    assert!(e[0].contains("Cartesia Sonic-3: has no `style`"), "{e:?}");
    let e = errors(with(
        "personaConfig.voiceGenerationOptions",
        json!({"stability": 0.5, "speed": 1.3}),
    ));
    assert!(
        e[0].contains("ElevenLabs V2: speed: 1.3 is above the maximum 1.2"),
        "{e:?}"
    );
}

#[test]
fn voice_values_no_provider_allows_are_reported_at_the_field() {
    assert_eq!(
        errors(with(
            "personaConfig.voiceGenerationOptions.speed",
            json!(2.5)
        )),
        ["personaConfig.voiceGenerationOptions.speed: 2.5 is above the maximum 2"]
    );
    assert_eq!(
        errors(with(
            "personaConfig.voiceGenerationOptions.speed",
            json!(0.4)
        )),
        ["personaConfig.voiceGenerationOptions.speed: 0.4 is below the minimum 0.5"]
    );
    assert_eq!(
        errors(with(
            "personaConfig.voiceGenerationOptions.emotion",
            json!("happy")
        )),
        [
            "personaConfig.voiceGenerationOptions.emotion: \"happy\" is not one of neutral, calm, angry, content, sad, scared"
        ]
    );
}

#[test]
fn ambiguous_provider_is_valid() {
    assert!(
        errors(with(
            "personaConfig.voiceGenerationOptions",
            json!({"speed": 1, "volume": 1})
        ))
        .is_empty()
    );
}

#[test]
fn a_chosen_provider_checks_strictly() {
    let body = with(
        "personaConfig.voiceGenerationOptions",
        json!({"speed": 1.4, "style": 0}),
    );
    let hinted = validate_with(
        &body,
        Hints {
            voice_provider: Some(VoiceProvider::CartesiaSonic3),
        },
    );
    let text: Vec<String> = hinted.iter().map(ToString::to_string).collect();
    assert_eq!(
        text,
        ["personaConfig.voiceGenerationOptions.style: Cartesia Sonic-3 has no `style` option"]
    );
    let hinted = validate_with(
        &body,
        Hints {
            voice_provider: Some(VoiceProvider::ElevenLabsV2),
        },
    );
    assert_eq!(
        hinted[0].to_string(),
        "personaConfig.voiceGenerationOptions.speed: 1.4 is above the maximum 1.2"
    );
}

#[test]
fn warnings_do_not_fail() {
    let w = warnings(json!({"personaConfig": {"name": "x", "pitch": 2}, "extra": true}));
    assert!(w.contains(&"personaConfig.pitch: unknown field: it is sent as it is, but the contract does not define it".to_string()), "{w:?}");
    assert!(w.iter().any(|p| p.starts_with("extra: unknown field")));
    assert_eq!(
        w.iter()
            .filter(|p| p.contains("not set: an ephemeral persona"))
            .count(),
        4
    );
    assert!(errors(json!({"personaConfig": {"name": "x", "pitch": 2}, "extra": true})).is_empty());
}
