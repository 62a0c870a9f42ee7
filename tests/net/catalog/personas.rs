//! Start from a persona: every sandbox persona's detail gives a valid ephemeral body, and a
//! detail that cannot be had reads as a sentence.

use super::{block, client, key, sandbox};
use anam_studio::api::ApiError;
use anam_studio::core::catalog::PersonaDetail;
use anam_studio::core::contract::{RequestBody, VoiceProvider, infer_provider};
use anam_studio::core::validate;
use serde_json::{Value, json};

#[test]
fn every_sandbox_persona_starts_a_valid_ephemeral_body() {
    let sandbox = sandbox();
    let c = client(&sandbox.base_url());
    let catalog = block(c.catalog(&key())).unwrap();
    for summary in &catalog.personas {
        let detail: PersonaDetail = block(c.persona(&key(), &summary.id)).unwrap();
        assert_eq!(detail.summary, *summary);
        assert!(detail.llm_id.is_some() && detail.avatar_model.is_some());
        assert!(
            detail
                .brain
                .as_ref()
                .and_then(|b| b.system_prompt.as_ref())
                .is_some()
        );
        let body: RequestBody = detail.to_ephemeral_body();
        let problems = validate::validate(&body.to_value());
        assert!(
            !validate::has_errors(&problems),
            "{}: {problems:?}",
            summary.name
        );
        assert_eq!(
            body.get("personaConfig.avatarId").and_then(Value::as_str),
            summary.avatar.as_ref().map(|a| a.id.as_str())
        );
        assert_eq!(
            body.get("personaConfig.llmId").and_then(Value::as_str),
            detail.llm_id.as_deref()
        );
        assert!(catalog.llm(detail.llm_id.as_deref().unwrap()).is_some());
        // The voice options fit the voice's provider family, and a voice without providers (an
        // OpenAI one) has none.
        let voice = detail.summary.voice.as_ref().unwrap();
        match detail.voice_generation_options.as_ref() {
            Some(options) => {
                let fits = infer_provider(options.as_object().unwrap());
                assert!(
                    voice.providers().iter().any(|p| fits.contains(*p)),
                    "{}: {fits:?} vs {:?}",
                    summary.name,
                    voice.providers()
                );
            }
            None => assert!(voice.providers().is_empty(), "{}", summary.name),
        }
    }
    // The demo persona in full.
    let cara = block(c.persona(&key(), "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21")).unwrap();
    let body = cara.to_ephemeral_body();
    assert_eq!(
        body.voice_providers().single(),
        Some(VoiceProvider::ElevenLabsV2)
    );
    assert_eq!(
        body.get("personaConfig.avatarModel"),
        Some(&json!("cara-3"))
    );
}

#[test]
fn persona_detail_errors_read_as_sentences() {
    let sandbox = sandbox();
    let c = client(&sandbox.base_url());
    let err = block(c.persona(&key(), "no-such-persona")).unwrap_err();
    assert_eq!(
        err.to_string(),
        "No persona has the id \"no-such-persona\" (404): it may have been deleted, or belong to another account."
    );
    assert_eq!(err.status(), Some(404));
    // The id is one path segment, whatever it holds.
    let err = block(c.persona(&key(), "../avatars")).unwrap_err();
    assert!(
        matches!(err, ApiError::NoSuchPersona { ref id, .. } if id == "../avatars"),
        "{err}"
    );
    let err = block(c.persona(&key(), "a/b?c#d")).unwrap_err();
    assert!(matches!(err, ApiError::NoSuchPersona { .. }), "{err}");
    // An id that names no single persona is refused before anything is sent.
    for id in ["  ", "..", ".", "a\nb"] {
        let err = block(c.persona(&key(), id)).unwrap_err();
        assert!(matches!(err, ApiError::BadId(_)), "{id:?}: {err}");
    }
}
