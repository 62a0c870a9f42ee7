//! A saved persona as an ephemeral request body ("Start from persona", `persona pull`).

use super::PersonaDetail;
use crate::core::contract::{RequestBody, fields};
use serde_json::{Map, Value};

impl PersonaDetail {
    /// The persona as an ephemeral request body (`{"personaConfig": {...}}`): name, avatarId,
    /// avatarModel (only when it is one of the contract's values), voiceId, llmId, systemPrompt,
    /// skipGreeting, languageCode (only an ISO 639-1 code; "en-US" becomes "en"),
    /// voiceDetectionOptions and voiceGenerationOptions (without `null` values),
    /// zeroDataRetention (only when on: off is the API's default), and toolIds (the ids of its saved tools, when it has any) — only what
    /// the persona has. The personality has no place in the body and is left out.
    pub fn to_ephemeral_body(&self) -> RequestBody {
        let mut config = Map::new();
        let mut put = |key: &str, value: Option<Value>| {
            if let Some(v) = value {
                config.insert(key.to_string(), v);
            }
        };
        let text = |s: Option<&str>| {
            s.map(str::trim)
                .filter(|s| !s.is_empty())
                .map(|s| Value::from(s.to_string()))
        };
        let fits = |key: &str, value: Value| {
            fields::spec(&format!("{}.{key}", fields::PERSONA))
                .is_some_and(|spec| spec.check(&value).is_ok())
                .then_some(value)
        };
        put("name", text(Some(&self.summary.name)));
        put(
            "avatarId",
            text(self.summary.avatar.as_ref().map(|a| a.id.as_str())),
        );
        put(
            "avatarModel",
            text(self.avatar_model.as_deref()).and_then(|v| fits("avatarModel", v)),
        );
        put(
            "voiceId",
            text(self.summary.voice.as_ref().map(|v| v.id.as_str())),
        );
        put("llmId", text(self.llm_id.as_deref()));
        put(
            "systemPrompt",
            text(self.brain.as_ref().and_then(|b| b.system_prompt.as_deref())),
        );
        put("skipGreeting", self.skip_greeting.map(Value::from));
        put(
            "languageCode",
            self.summary
                .language_code
                .as_deref()
                .map(language_code)
                .and_then(|code| fits("languageCode", Value::from(code))),
        );
        put(
            "voiceDetectionOptions",
            options(self.voice_detection_options.as_ref()),
        );
        put(
            "voiceGenerationOptions",
            options(self.voice_generation_options.as_ref()),
        );
        put(
            "zeroDataRetention",
            (self.zero_data_retention == Some(true)).then_some(Value::Bool(true)),
        );
        put(
            "toolIds",
            self.tools
                .as_ref()
                .filter(|ids| !ids.is_empty())
                .map(|ids| Value::from(ids.clone())),
        );
        let mut body = Map::new();
        body.insert(fields::PERSONA.into(), Value::Object(config));
        RequestBody::from_map(body)
    }
}

/// "en-US" / "EN_us" -> "en".
fn language_code(code: &str) -> String {
    code.trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// A non-empty options object without its `null` values.
fn options(value: Option<&Value>) -> Option<Value> {
    let map: Map<String, Value> = value?
        .as_object()?
        .iter()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    (!map.is_empty()).then_some(Value::Object(map))
}
