//! Saved personas in the sandbox: `GET /v1/personas` and `GET /v1/personas/{id}` (the catalog's
//! personas, and those given this run), `POST /v1/personas` (create) and `PUT /v1/personas/{id}`
//! (update: only the fields sent change; a new voice without `voiceGenerationOptions` resets
//! them, as the API's update page says; `toolIds` replaces the persona's tools, each of which
//! must be a sandbox tool, and the persona shows them as `tools`). Errors as the API gives them: 401 without a key, 404
//! for an unknown persona, 400 naming the field. Every request is logged ([`Records`]).
//!
//! [`Records`]: super::records::Records

use super::catalog::{self, admit, origin, page_of, refuse};
use super::{Config, message, stamp, tools};
use crate::core::contract::fields;
use axum::body::Bytes;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// The fields a create or update may send (the API's create page); others are refused.
const WRITABLE: &[&str] = &[
    "name",
    "description",
    "avatarId",
    "avatarModel",
    "voiceId",
    "llmId",
    "systemPrompt",
    "skipGreeting",
    "zeroDataRetention",
    "languageCode",
    "voiceDetectionOptions",
    "voiceGenerationOptions",
    "toolIds",
];

/// The LLM id that turns the LLM off (the API's create page).
const NO_LLM: &str = "CUSTOMER_CLIENT_V1";

fn bad(text: impl Into<String>) -> Response {
    message(StatusCode::BAD_REQUEST, text)
}

/// A persona by id: one given this run, else the catalog's.
pub(super) fn find(config: &Config, id: &str, origin: &str) -> Option<Value> {
    config.records.persona(id).or_else(|| {
        catalog::personas(origin)
            .into_iter()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
    })
}

/// `GET /v1/personas`: the catalog's personas (updated ones as they are now), then the ones
/// created this run.
pub(super) async fn list(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = admit(&config, &headers, "/v1/personas", query.as_deref()).await {
        return response;
    }
    let mut items = catalog::personas(&origin(&headers));
    for given in config.records.personas() {
        match items.iter_mut().find(|p| p.get("id") == given.get("id")) {
            Some(slot) => *slot = given,
            None => items.push(given),
        }
    }
    page_of(items, &["name"], query.as_deref())
}

/// `GET /v1/personas/{id}`.
pub(super) async fn detail(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(response) = admit(&config, &headers, &format!("/v1/personas/{id}"), None).await {
        return response;
    }
    match find(&config, &id, &origin(&headers)) {
        Some(persona) => (StatusCode::OK, axum::Json(persona)).into_response(),
        None => message(StatusCode::NOT_FOUND, "Persona not found"),
    }
}

/// The request's JSON object, or the 400 that says why not.
fn object(body: &Bytes) -> Result<Map<String, Value>, Box<Response>> {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err(Box::new(bad("The body must be a JSON object"))),
        Err(e) => Err(Box::new(bad(format!("The body is not valid JSON: {e}")))),
    }
}

/// `POST /v1/personas`: `avatarId` and `voiceId` are required (the API's create guide).
pub(super) async fn create(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed = object(&body);
    config.records.log(
        "POST",
        "/v1/personas",
        None,
        parsed.as_ref().ok().cloned().map(Value::Object),
    );
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let changes = match parsed {
        Ok(map) => map,
        Err(response) => return *response,
    };
    for required in ["avatarId", "voiceId"] {
        if !changes.contains_key(required) {
            return bad(format!("{required} is required"));
        }
    }
    let at = stamp(chrono::Utc::now());
    let mut persona = json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "name": "",
        "description": null,
        "personaPreset": null,
        "avatar": null,
        "avatarModel": null,
        "voice": null,
        "languageCode": null,
        "llmId": catalog::DEFAULT_LLM,
        "brain": {"systemPrompt": null, "personality": null, "fillerPhrases": []},
        "skipGreeting": false,
        "zeroDataRetention": false,
        "voiceDetectionOptions": null,
        "voiceGenerationOptions": null,
        "tools": [],
        "createdAt": at,
        "updatedAt": at,
    });
    if let Err(response) = apply(&config, &mut persona, &changes, &origin(&headers)) {
        return *response;
    }
    config.records.put_persona(persona.clone());
    (StatusCode::CREATED, axum::Json(persona)).into_response()
}

/// `PUT /v1/personas/{id}`.
pub(super) async fn update(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    let parsed = object(&body);
    config.records.log(
        "PUT",
        &format!("/v1/personas/{id}"),
        None,
        parsed.as_ref().ok().cloned().map(Value::Object),
    );
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let origin = origin(&headers);
    let Some(mut persona) = find(&config, &id, &origin) else {
        return message(StatusCode::NOT_FOUND, "Persona not found");
    };
    let changes = match parsed {
        Ok(map) => map,
        Err(response) => return *response,
    };
    if let Err(response) = apply(&config, &mut persona, &changes, &origin) {
        return *response;
    }
    persona["updatedAt"] = json!(stamp(chrono::Utc::now()));
    config.records.put_persona(persona.clone());
    (StatusCode::OK, axum::Json(persona)).into_response()
}

/// Writes `changes` into `persona` (the API's full shape), after checking every field; nothing
/// is written when one is refused.
fn apply(
    config: &Config,
    persona: &mut Value,
    changes: &Map<String, Value>,
    origin: &str,
) -> Result<(), Box<Response>> {
    let refuse = |text: String| Box::new(bad(text));
    let text = |key: &str, value: &Value, nullable: bool| match value {
        Value::String(s) => Ok(Value::from(s.clone())),
        Value::Null if nullable => Ok(Value::Null),
        _ => Err(refuse(format!("{key} must be a string"))),
    };
    let mut set: Vec<(&str, Value)> = Vec::new();
    for (key, value) in changes {
        match key.as_str() {
            "name" => set.push(("name", text(key, value, false)?)),
            "description" => set.push(("description", text(key, value, true)?)),
            "systemPrompt" => set.push(("brain.systemPrompt", text(key, value, true)?)),
            "avatarId" => {
                let id = value.as_str().unwrap_or_default();
                let avatar = catalog::avatar(id, origin)
                    .ok_or_else(|| refuse(format!("avatarId: no avatar has the id \"{id}\"")))?;
                set.push(("avatar", avatar));
            }
            "voiceId" => {
                let id = value.as_str().unwrap_or_default();
                let voice = catalog::voice(id)
                    .ok_or_else(|| refuse(format!("voiceId: no voice has the id \"{id}\"")))?;
                set.push(("voice", voice));
                if !changes.contains_key("voiceGenerationOptions") {
                    set.push(("voiceGenerationOptions", Value::Null));
                }
            }
            "llmId" => {
                let id = value.as_str().unwrap_or_default();
                if id != NO_LLM && !catalog::has_llm(id) {
                    return Err(refuse(format!("llmId: no LLM has the id \"{id}\"")));
                }
                set.push(("llmId", value.clone()));
            }
            "toolIds" => {
                let named = tools::named(config, "toolIds", value).map_err(refuse)?;
                set.push(("tools", Value::Array(named)));
            }
            k if WRITABLE.contains(&k) => {
                check(&format!("{}.{k}", fields::PERSONA), value)?;
                set.push((k, value.clone()));
            }
            other => return Err(refuse(format!("property {other} should not exist"))),
        }
    }
    for (path, value) in set {
        match path.split_once('.') {
            Some((parent, child)) => {
                if !persona[parent].is_object() {
                    persona[parent] = json!({});
                }
                persona[parent][child] = value;
            }
            None => persona[path] = value,
        }
    }
    Ok(())
}

/// A value against the contract's table (every leaf of an options object); a 400 names the
/// field as the persona has it (`voiceGenerationOptions.speed`).
fn check(path: &str, value: &Value) -> Result<(), Box<Response>> {
    let name = path.trim_start_matches("personaConfig.");
    match value {
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check(&format!("{path}.{k}"), v)),
        Value::Null if name.ends_with("Options") || name == "avatarModel" => Ok(()),
        _ => {
            let mut specs = fields::at_path(path).peekable();
            if specs.peek().is_none() || fields::at_path(path).any(|s| s.check(value).is_ok()) {
                return Ok(());
            }
            let issue = specs
                .next()
                .and_then(|s| s.check(value).err())
                .map(|i| i.to_string())
                .unwrap_or_default();
            Err(Box::new(bad(format!("{name}: {issue}"))))
        }
    }
}
