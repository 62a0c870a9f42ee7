//! The shipped presets: valid, byte-stable, and covering each persona kind.

use anam_studio::core::contract::{Mode, RequestBody, VoiceProvider};
use anam_studio::core::validate;
use anam_studio::store::preset;
use std::path::Path;

fn shipped() -> Vec<preset::Entry> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let entries = preset::scan(&dir).unwrap();
    assert!(entries.len() >= 4, "at least four presets ship");
    entries
}

#[test]
fn every_shipped_preset_is_valid_and_round_trips_byte_for_byte() {
    for entry in shipped() {
        let body = &preset::load(&entry.path).unwrap_or_else(|e| panic!("{e}"));
        let errors: Vec<String> = validate::validate(&body.to_value())
            .into_iter()
            .filter(validate::Problem::is_error)
            .map(|p| p.to_string())
            .collect();
        assert!(errors.is_empty(), "{}: {errors:?}", entry.name);
        let on_disk = std::fs::read_to_string(&entry.path).unwrap();
        assert_eq!(
            body.to_pretty(),
            on_disk,
            "{} does not round-trip",
            entry.name
        );

        // And through a real save.
        let dir = tempfile::tempdir().unwrap();
        let copy = dir.path().join("copy.json");
        preset::save(&copy, body).unwrap();
        assert_eq!(
            std::fs::read(&copy).unwrap(),
            on_disk.as_bytes(),
            "{}",
            entry.name
        );
    }
}

#[test]
fn the_shipped_presets_cover_each_kind() {
    let bodies: Vec<RequestBody> = shipped()
        .into_iter()
        .map(|e| preset::load(&e.path).unwrap())
        .collect();
    assert!(bodies.iter().any(|b| b.mode() == Mode::Stateful));
    for provider in [
        VoiceProvider::ElevenLabsV2,
        VoiceProvider::CartesiaSonic3,
        VoiceProvider::FishAudio,
    ] {
        assert!(
            bodies
                .iter()
                .any(|b| b.mode() == Mode::Ephemeral
                    && b.voice_providers().single() == Some(provider)),
            "no shipped preset is unambiguously {provider}"
        );
    }
    assert!(bodies.iter().any(|b| {
        b.get("personaConfig.voiceGenerationOptions.emotion")
            .is_some()
    }));
}

#[test]
fn unknown_fields_keep_their_place_through_an_edit() {
    let text = "{\n  \"x-trace\": true,\n  \"personaConfig\": {\n    \"futureField\": [\n      1,\n      2\n    ],\n    \"name\": \"A\"\n  },\n  \"z\": null\n}\n";
    let mut body = RequestBody::parse(text.as_bytes()).unwrap();
    assert_eq!(body.to_pretty(), text);
    body.set("personaConfig.name", serde_json::json!("B"));
    assert_eq!(body.to_pretty(), text.replace("\"A\"", "\"B\""));
}

#[test]
fn every_file_in_presets_ships_with_the_app() {
    let on_disk: Vec<String> = shipped().into_iter().map(|e| e.name).collect();
    let mut built_in: Vec<String> = preset::SHIPPED.iter().map(|(n, _)| n.to_string()).collect();
    built_in.sort_by_key(|n| n.to_lowercase());
    assert_eq!(on_disk, built_in);
}
