//! Unit tests of `catalog`.

use super::*;
use crate::core::validate;
use serde_json::json;

fn voice(provider: Option<&str>) -> Voice {
    Voice {
        id: "v".into(),
        display_name: "Ava".into(),
        provider: provider.map(str::to_string),
        provider_voice_id: None,
        provider_model_id: None,
        gender: Some("FEMALE".into()),
        country: Some("US".into()),
        description: None,
        sample_url: None,
    }
}

#[test]
fn providers_follow_the_voice_family() {
    use VoiceProvider::*;
    assert_eq!(voice(Some("CARTESIA")).providers(), vec![CartesiaSonic3]);
    assert_eq!(
        voice(Some("ELEVENLABS")).providers(),
        vec![ElevenLabsV1, ElevenLabsV2]
    );
    assert_eq!(voice(Some("FISH_AUDIO")).providers(), vec![FishAudio]);
    assert_eq!(voice(Some("fish_audio")).providers(), vec![FishAudio]);
    assert!(voice(Some("OPENAI_ADVANCED_VOICE")).providers().is_empty());
    assert!(voice(Some("SOMETHING_NEW")).providers().is_empty());
    assert!(voice(None).providers().is_empty());
}

#[test]
fn secondary_texts() {
    assert_eq!(
        voice(Some("CARTESIA")).secondary(),
        "Cartesia · female · US"
    );
    assert_eq!(
        voice(Some("OPENAI_ADVANCED_VOICE")).secondary(),
        "OpenAI · female · US"
    );
    let mut v = voice(None);
    v.gender = None;
    assert_eq!(v.secondary(), "US");
    let llm: Llm = serde_json::from_value(
        json!({"id": "l", "displayName": "GPT", "modelName": "gpt-4.1-mini", "isDefault": true}),
    )
    .unwrap();
    assert_eq!(llm.secondary(), "gpt-4.1-mini · default");
    let p: PersonaSummary = serde_json::from_value(
        json!({"id": "p", "name": "Cara", "description": format!("{}\nsecond line", "x".repeat(100))}),
    )
    .unwrap();
    assert_eq!(p.secondary().chars().count(), 80);
    assert!(p.secondary().ends_with('…'));
    let a: Avatar =
        serde_json::from_value(json!({"id": "a", "variantName": "Window desk"})).unwrap();
    assert_eq!(
        (a.display_name.as_str(), a.secondary().as_str()),
        ("", "Window desk")
    );
}

#[test]
fn matching_ignores_case_and_needs_every_word() {
    let hay = ["Aurora", "Cartesia · female · US"];
    assert!(matches(&hay, ""));
    assert!(matches(&hay, "  "));
    assert!(matches(&hay, "aur"));
    assert!(matches(&hay, "CARTESIA female"));
    assert!(matches(&hay, "female aurora"));
    assert!(!matches(&hay, "cartesia male us x"));
    assert!(!matches(&hay, "elevenlabs"));
    assert!(matches(&["Amélie"], "AMÉL"));
}

fn detail(v: Value) -> PersonaDetail {
    serde_json::from_value(v).unwrap()
}

#[test]
fn a_full_persona_becomes_a_valid_ephemeral_body() {
    let p = detail(json!({
        "id": "p1",
        "name": "Leo",
        "description": "Support",
        "avatar": {"id": "a1", "displayName": "Leo", "extra": 1},
        "voice": {"id": "v1", "displayName": "Calm", "provider": "CARTESIA"},
        "languageCode": "en-US",
        "avatarModel": "cara-3",
        "llmId": "l1",
        "brain": {"systemPrompt": "Be calm.", "personality": "calm"},
        "skipGreeting": true,
        "voiceDetectionOptions": {"endOfSpeechSensitivity": 0.4, "speechEnhancementLevel": null},
        "voiceGenerationOptions": {"speed": 0.9, "emotion": "calm"},
        "createdAt": "2025-01-01T00:00:00Z"
    }));
    let body = p.to_ephemeral_body();
    assert_eq!(
        body.to_value(),
        json!({"personaConfig": {
            "name": "Leo",
            "avatarId": "a1",
            "avatarModel": "cara-3",
            "voiceId": "v1",
            "llmId": "l1",
            "systemPrompt": "Be calm.",
            "skipGreeting": true,
            "languageCode": "en",
            "voiceDetectionOptions": {"endOfSpeechSensitivity": 0.4},
            "voiceGenerationOptions": {"speed": 0.9, "emotion": "calm"}
        }})
    );
    // Key order is the form's order.
    let keys: Vec<&String> = body
        .get("personaConfig")
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .collect();
    assert_eq!(keys[..3], ["name", "avatarId", "avatarModel"]);
    assert!(!validate::has_errors(&validate::validate(&body.to_value())));
    assert_eq!(p.summary.avatar.unwrap().id, "a1");
}

#[test]
fn a_sparse_persona_gives_only_what_it_has() {
    let p = detail(json!({
        "id": "p2",
        "name": "",
        "avatar": null,
        "voice": {"displayName": "no id"},
        "avatarModel": "cara-9000",
        "languageCode": "klingon",
        "brain": {"systemPrompt": "  "},
        "voiceGenerationOptions": "not an object"
    }));
    assert!(p.summary.avatar.is_none() && p.summary.voice.is_none());
    assert_eq!(
        p.to_ephemeral_body().to_value(),
        json!({"personaConfig": {}})
    );
    let p = detail(json!({"id": "p3"}));
    assert_eq!(
        p.to_ephemeral_body().to_value(),
        json!({"personaConfig": {}})
    );
}

#[test]
fn items_tolerate_unknown_missing_null_and_odd_fields() {
    let v: Voice = serde_json::from_value(json!({
        "id": 42,
        "displayName": null,
        "provider": "ELEVENLABS",
        "gender": "MALE",
        "country": {"code": "GB"},
        "brandNewField": [1, 2, 3]
    }))
    .unwrap();
    assert_eq!(v.id, "42");
    assert_eq!(v.display_name, "");
    assert_eq!(v.country, None);
    assert_eq!(v.sample_url, None);
    assert!(serde_json::from_value::<Voice>(json!({"displayName": "no id"})).is_err());
    assert!(serde_json::from_value::<Voice>(json!({"id": ""})).is_err());
    let page: Page<Llm> = serde_json::from_value(json!({
        "data": [{"id": "l", "isDefault": "true"}],
        "meta": {"total": "1", "lastPage": 1, "currentPage": 1, "perPage": 100, "prev": null, "next": null, "extra": true}
    }))
    .unwrap();
    assert_eq!(page.data[0].is_default, Some(true));
    assert_eq!(page.meta.total, 1);
    let page: Page<Llm> = serde_json::from_value(json!({"data": []})).unwrap();
    assert_eq!(page.meta, Meta::default());
}

/// A persona's summary is read through `#[serde(flatten)]`: the lenient readers must work
/// there as they do in `PersonaSummary` itself, from text (as replies are read) and from a
/// `Value`, numbers included (serde_json's `arbitrary_precision` sends them through flatten as
/// maps).
#[test]
fn a_persona_in_full_reads_odd_fields_through_its_summary() {
    let text = r#"{
        "id": 7,
        "name": 12.5,
        "description": null,
        "avatar": {"displayName": "no id"},
        "voice": {"id": 3, "displayName": ["odd"], "provider": "CARTESIA"},
        "languageCode": {"code": "en"},
        "avatarModel": 9,
        "llmId": null,
        "brain": "not an object",
        "skipGreeting": "TRUE",
        "voiceDetectionOptions": [1, 2],
        "voiceGenerationOptions": {"speed": 1.10},
        "brandNewField": {"a": 1}
    }"#;
    let from_text: PersonaDetail = serde_json::from_str(text).unwrap();
    let from_value = detail(serde_json::from_str(text).unwrap());
    for p in [&from_text, &from_value] {
        assert_eq!(p.summary.id, "7");
        assert_eq!(p.summary.name, "12.5");
        assert_eq!(p.summary.description, None);
        assert_eq!(p.summary.avatar, None);
        let voice = p.summary.voice.as_ref().unwrap();
        assert_eq!((voice.id.as_str(), voice.display_name.as_str()), ("3", ""));
        assert_eq!(p.summary.language_code, None);
        assert_eq!(p.avatar_model.as_deref(), Some("9"));
        assert_eq!(p.llm_id, None);
        assert_eq!(p.brain, None);
        assert_eq!(p.skip_greeting, Some(true));
        assert_eq!(p.voice_detection_options, None);
        assert_eq!(
            p.voice_generation_options.as_ref().unwrap()["speed"].to_string(),
            "1.10"
        );
    }
    assert_eq!(from_text, from_value);
    // Only the id is needed; without one (or with an empty one) the persona does not read.
    let bare: PersonaDetail = serde_json::from_str(r#"{"id": "p"}"#).unwrap();
    assert_eq!(bare.summary.name, "");
    assert!(bare.brain.is_none() && bare.skip_greeting.is_none());
    assert!(serde_json::from_str::<PersonaDetail>(r#"{"name": "no id"}"#).is_err());
    assert!(serde_json::from_str::<PersonaDetail>(r#"{"id": " "}"#).is_err());
}

/// Written out, a persona in full is one flat object (the summary's fields first, as the API
/// sends them), and reads back as it was.
#[test]
fn a_persona_in_full_writes_one_flat_object() {
    let p = detail(json!({
        "id": "p1",
        "name": "Leo",
        "avatar": {"id": "a1", "displayName": "Leo"},
        "languageCode": "en-US",
        "avatarModel": "cara-3",
        "brain": {"systemPrompt": "Be calm."},
        "skipGreeting": false
    }));
    let written = serde_json::to_value(&p).unwrap();
    let keys: Vec<&str> = written
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "id",
            "name",
            "description",
            "avatar",
            "voice",
            "languageCode",
            "avatarModel",
            "llmId",
            "brain",
            "skipGreeting",
            "voiceDetectionOptions",
            "voiceGenerationOptions",
            "zeroDataRetention",
            "tools"
        ]
    );
    assert_eq!(written["avatar"]["id"], "a1");
    assert_eq!(written["description"], Value::Null);
    assert_eq!(detail(written), p);
    let summary = serde_json::to_value(&p.summary).unwrap();
    for (key, value) in summary.as_object().unwrap() {
        assert_eq!(&serde_json::to_value(&p).unwrap()[key], value);
    }
}

#[test]
fn ages_read_as_words() {
    let now = Utc::now();
    let ago = |s: i64| describe_age(now - chrono::Duration::seconds(s), now);
    assert_eq!(ago(0), "updated just now");
    assert_eq!(ago(-30), "updated just now");
    assert_eq!(ago(59), "updated just now");
    assert_eq!(ago(60), "updated 1 min ago");
    assert_eq!(ago(5 * 60 + 10), "updated 5 min ago");
    assert_eq!(ago(3 * 3600 + 5), "updated 3 h ago");
    assert_eq!(ago(86_400), "updated 1 day ago");
    assert_eq!(ago(3 * 86_400), "updated 3 days ago");
}

#[test]
fn tools_read_leniently_and_describe_their_kind() {
    let page: Page<Tool> = serde_json::from_value(json!({
        "data": [
            {"id": "t1", "name": "check_order_status", "description": "Looks up an order.\nMore.",
             "type": "SERVER_WEBHOOK", "config": {"url": "https://x", "method": "POST"},
             "disableInterruptions": false, "createdAt": "2025-01-01T00:00:00Z",
             "updatedAt": null, "usageCount": 2, "somethingNew": [1]},
            {"id": 7, "name": "search", "type": "SERVER_RAG", "config": "odd", "usageCount": "3"},
            {"id": "t3", "name": "later", "type": "MCP", "description": null}
        ],
        "meta": {"total": 3, "lastPage": 1, "currentPage": 1, "perPage": 10, "prev": null, "next": null}
    }))
    .unwrap();
    let [webhook, rag, other] = &page.data[..] else {
        panic!("three tools: {:?}", page.data);
    };
    assert_eq!(webhook.kind(), Some(crate::core::tools::ToolKind::Webhook));
    assert_eq!(webhook.secondary(), "Webhook · Looks up an order.");
    assert_eq!(webhook.usage_count, Some(2));
    assert_eq!(webhook.disable_interruptions, Some(false));
    assert_eq!(webhook.config.as_ref().unwrap()["method"], "POST");
    assert_eq!(rag.id, "7");
    assert_eq!(rag.secondary(), "Knowledge");
    assert_eq!((rag.config.clone(), rag.usage_count), (None, Some(3)));
    assert_eq!(other.kind(), None);
    assert_eq!(other.secondary(), "MCP");
    assert_eq!(page.meta.total, 3);
    assert!(serde_json::from_value::<Tool>(json!({"name": "no id"})).is_err());
}

#[test]
fn a_catalog_cached_before_tools_reads_with_none() {
    let old = json!({
        "avatars": [], "voices": [], "llms": [], "personas": [],
        "fetchedAt": "2026-11-01T10:00:00Z"
    });
    let c: Catalog = serde_json::from_value(old).unwrap();
    assert!(c.tools.is_empty());
    let mut c = c;
    c.tools
        .push(serde_json::from_value(json!({"id": "t1", "name": "x", "type": "CLIENT"})).unwrap());
    let back: Catalog = serde_json::from_value(serde_json::to_value(&c).unwrap()).unwrap();
    assert_eq!(back.tool("t1").map(|t| t.name.as_str()), Some("x"));
    assert!(back.tool("t2").is_none());
}

#[test]
fn a_pulled_persona_brings_its_tool_ids_and_zero_data_retention() {
    let p = detail(json!({
        "id": "p1", "name": "Leo", "zeroDataRetention": true,
        "tools": [{"id": "t1", "name": "a"}, "t2", {"name": "no id"}, 5]
    }));
    assert_eq!(p.tools, Some(vec!["t1".into(), "t2".into(), "5".into()]));
    let body = p.to_ephemeral_body().to_value();
    assert_eq!(body["personaConfig"]["toolIds"], json!(["t1", "t2", "5"]));
    assert_eq!(body["personaConfig"]["zeroDataRetention"], json!(true));
    assert!(validate::validate(&body).iter().all(|p| !p.is_error()));
    // Off (the default) and no tools: neither is written into the preset.
    let p = detail(json!({"id": "p1", "name": "Leo", "zeroDataRetention": false, "tools": []}));
    let body = p.to_ephemeral_body().to_value();
    assert_eq!(body, json!({"personaConfig": {"name": "Leo"}}));
    assert_eq!(detail(json!({"id": "p", "tools": "odd"})).tools, None);
}
