//! The `personaConfig` of `GET /v1/sessions/{id}`: a snapshot of the persona the session started
//! with, resolved as the API resolves it and in the engine's own names (`docs/anam-api.md`,
//! "What a session ran with"). Taken when the token is signed (the sandbox's sessions start
//! then), so a saved persona changed later does not change it.
//!
//! - `avatarModel` is `avatarVersion`; when not asked, the avatar's active version (`cara-3`).
//! - `voiceId` is `ttsProvider` and `ttsProviderVoiceId` (the catalog voice's provider and its
//!   own id for the voice); `llmId` is `llmConfig` (the catalog LLM; the default LLM when none
//!   was asked).
//! - `zeroDataRetention` and `skipGreeting` are `false` when not asked.
//! - Director notes are stripped unless the avatar model is Cara 4 (the API does so silently).
//! - A stateful session: the saved persona's settings resolved the same way.

use super::catalog::{self, DEFAULT_LLM};
use super::{Config, personas};
use crate::core::contract::pages::takes_director_notes;
use serde_json::{Map, Value, json};

/// The avatar model a session gets when none was asked: the avatar's active version.
const DEFAULT_MODEL: &str = "cara-3";

/// What a token's session ran with, from the body it was minted with.
pub(super) fn resolve(config: &Config, body: &Value, origin: &str) -> Value {
    let asked = body
        .get("personaConfig")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    if let Some(id) = asked.get("personaId").and_then(Value::as_str) {
        return match personas::find(config, id, origin) {
            Some(saved) => stateful(&saved),
            None => json!({"type": "stateful"}),
        };
    }
    let mut out = Map::new();
    out.insert("type".into(), json!("ephemeral"));
    for (key, value) in &asked {
        match key.as_str() {
            "avatarModel" | "voiceId" | "llmId" => {}
            _ => {
                out.insert(key.clone(), value.clone());
            }
        }
    }
    let avatar = asked.get("avatarId").and_then(Value::as_str);
    let model = asked.get("avatarModel").and_then(Value::as_str);
    engine_names(
        &mut out,
        avatar,
        model,
        asked.get("voiceId").and_then(Value::as_str),
        asked.get("llmId").and_then(Value::as_str),
    );
    Value::Object(out)
}

/// A saved persona (the API's full shape) as a session snapshot.
fn stateful(saved: &Value) -> Value {
    let mut out = Map::new();
    out.insert("type".into(), json!("stateful"));
    let copy = [
        "name",
        "languageCode",
        "skipGreeting",
        "zeroDataRetention",
        "voiceDetectionOptions",
        "voiceGenerationOptions",
        "maxSessionLengthSeconds",
        "tools",
        "directorNotes",
    ];
    for key in copy {
        if let Some(v) = saved.get(key).filter(|v| !v.is_null()) {
            out.insert(key.into(), v.clone());
        }
    }
    if let Some(prompt) = saved
        .pointer("/brain/systemPrompt")
        .filter(|v| !v.is_null())
    {
        out.insert("systemPrompt".into(), prompt.clone());
    }
    let text = |pointer: &str| saved.pointer(pointer).and_then(Value::as_str);
    engine_names(
        &mut out,
        text("/avatar/id"),
        text("/avatarModel"),
        text("/voice/id"),
        text("/llmId"),
    );
    Value::Object(out)
}

/// The avatar, voice and LLM in the engine's names, the defaults the API fills, and director
/// notes stripped where they do not apply.
fn engine_names(
    out: &mut Map<String, Value>,
    avatar: Option<&str>,
    model: Option<&str>,
    voice: Option<&str>,
    llm: Option<&str>,
) {
    if let Some(id) = avatar {
        out.insert("avatarId".into(), json!(id));
    }
    let active = avatar
        .and_then(|id| catalog::avatar(id, ""))
        .and_then(|a| (a.get("activeVersion").and_then(Value::as_str)).map(str::to_string));
    let model = model
        .map(str::to_string)
        .or(active)
        .unwrap_or_else(|| DEFAULT_MODEL.to_string());
    if !takes_director_notes(&model) {
        out.remove("directorNotes");
    }
    out.insert("avatarVersion".into(), json!(model));
    if let Some(id) = voice {
        let found = catalog::voice(id);
        let field = |key: &str| found.as_ref().and_then(|v| v.get(key)).cloned();
        out.insert(
            "ttsProvider".into(),
            field("provider").unwrap_or(Value::Null),
        );
        out.insert(
            "ttsProviderVoiceId".into(),
            field("providerVoiceId").unwrap_or_else(|| json!(id)),
        );
    }
    let llm = llm.unwrap_or(DEFAULT_LLM);
    let model_name = catalog::llm(llm).and_then(|l| l.get("modelName").cloned());
    out.insert(
        "llmConfig".into(),
        json!({"llmId": llm, "model": model_name.unwrap_or(Value::Null)}),
    );
    for key in ["zeroDataRetention", "skipGreeting"] {
        out.entry(key).or_insert(json!(false));
    }
}
