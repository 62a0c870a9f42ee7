//! The sandbox's catalog: 15 avatars (with thumbnails drawn in code), 40 voices across the four
//! providers, 6 LLMs and 8 personas with their details, served like the Anam API
//! (`GET /v1/avatars|voices|llms|personas` with `page`, `perPage` and `search`, and
//! `GET /v1/personas/{id}`, served with those given this run by `sandbox/personas.rs`; the
//! tools are in `sandbox/tools.rs`). Thumbnails are at `GET /thumbnails/{id}.png`, without a key.
//!
//! Ids are fixed, so tests and presets can name them; the shipped presets' ids are among them.

use super::{Config, authorize, fault_response, message};
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::sync::Arc;

mod data;
mod thumbnails;

use data::*;
pub use thumbnails::thumbnail;

/// `perPage` when the request does not say.
pub const DEFAULT_PER_PAGE: usize = 10;
/// The side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 96;

/// The avatar of the "Cara" presets (Window desk).
pub const CARA_AVATAR: &str = "071b0286-4cce-4808-bee2-e642f1062de3";
/// The default LLM (`isDefault: true`).
pub const DEFAULT_LLM: &str = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7";
/// The persona of `presets/stateful-persona.json`.
pub const DEMO_PERSONA: &str = "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21";

/// Where this sandbox is reachable, from the request's `Host` (kept only if it looks like a
/// host and port).
pub(super) fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 100
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// A stable id-like string for a provider's own voice id.
fn provider_voice_id(row: &VoiceRow) -> String {
    let h = fnv(row.id);
    match row.provider {
        ELEVENLABS => {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let mut x = h;
            (0..20)
                .map(|i| {
                    if i % 10 == 0 {
                        x = fnv_step(x, i);
                    }
                    let c = ALPHABET[(x % ALPHABET.len() as u64) as usize] as char;
                    x /= ALPHABET.len() as u64;
                    c
                })
                .collect()
        }
        FISH_AUDIO => format!("{h:016x}{:016x}", fnv_step(h, 1)),
        OPENAI => row.name.to_lowercase(),
        _ => {
            let l = fnv_step(h, 7);
            format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                h >> 32,
                (h >> 16) & 0xffff,
                h & 0xfff,
                l >> 52,
                l & 0xffff_ffff_ffff
            )
        }
    }
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn fnv_step(h: u64, salt: u64) -> u64 {
    (h ^ salt.wrapping_add(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x0100_0000_01b3)
}

const CREATED_AT: &str = "2025-03-04T09:12:00.000Z";

fn avatar_json(row: &AvatarRow, origin: &str) -> Value {
    json!({
        "id": row.id,
        "displayName": row.name,
        "variantName": row.variant,
        "imageUrl": format!("{origin}/thumbnails/{}.png", row.id),
        "videoUrl": null,
        "description": row.description,
        "availableVersions": ["cara-2", "cara-3"],
        "activeVersion": "cara-3",
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    })
}

fn voice_json(row: &VoiceRow) -> Value {
    json!({
        "id": row.id,
        "displayName": row.name,
        "provider": row.provider,
        "providerVoiceId": provider_voice_id(row),
        "providerModelId": row.model,
        "gender": row.gender,
        "country": row.country,
        "description": row.description,
        "sampleUrl": null,
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    })
}

fn llm_json(&(id, name, model, description): &(&str, &str, &str, &str)) -> Value {
    json!({
        "id": id,
        "displayName": name,
        "description": description,
        "modelName": model,
        "isDefault": id == DEFAULT_LLM,
        "isGlobal": true,
        "createdAt": CREATED_AT,
    })
}

fn persona_json(row: &PersonaRow, origin: &str, detail: bool) -> Value {
    let avatar = row
        .avatar
        .and_then(|id| AVATARS.iter().find(|a| a.id == id))
        .map(|a| avatar_json(a, origin));
    let voice = row
        .voice
        .and_then(|id| VOICES.iter().find(|v| v.id == id))
        .map(voice_json);
    let mut item = json!({
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "personaPreset": null,
        "avatar": avatar,
        "voice": voice,
        "languageCode": row.language,
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    });
    if detail && let Some(map) = item.as_object_mut() {
        let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        let generation = if row.generation.is_empty() {
            Value::Null
        } else {
            parse(row.generation)
        };
        map.insert("avatarModel".into(), json!(row.avatar_model));
        map.insert("llmId".into(), json!(row.llm));
        map.insert(
            "brain".into(),
            json!({
                "id": format!("brain-{}", &row.id[..8]),
                "systemPrompt": row.prompt,
                "personality": row.personality,
                "fillerPhrases": [],
            }),
        );
        map.insert("skipGreeting".into(), json!(row.skip_greeting));
        map.insert("voiceDetectionOptions".into(), parse(row.detection));
        map.insert("voiceGenerationOptions".into(), generation);
        map.insert("maxSessionLengthSeconds".into(), json!(1800));
        map.insert("tools".into(), json!([]));
    }
    item
}

/// A `GET` of `path` logged, then [`refuse`]d or let through.
pub(super) async fn admit(
    config: &Config,
    headers: &HeaderMap,
    path: &str,
    query: Option<&str>,
) -> Option<Response> {
    config.records.log("GET", path, query, None);
    refuse(config, headers).await
}

/// The first response a catalog request gets: a queued fault, or a 401 for a missing or wrong
/// key (as the token endpoint).
pub(super) async fn refuse(config: &Config, headers: &HeaderMap) -> Option<Response> {
    if let Some(fault) = config.catalog_faults.pop() {
        return Some(fault_response(&fault).await);
    }
    authorize(config, headers).err().map(|refusal| *refusal)
}

/// `page`, `perPage` and `search` from a query string; a 400 naming the parameter when one is
/// out of range.
fn paging(query: Option<&str>) -> Result<(usize, usize, String), Box<Response>> {
    let mut page = 1;
    let mut per_page = DEFAULT_PER_PAGE;
    let mut search = String::new();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "page" => match value.trim().parse::<usize>() {
                Ok(n) if n >= 1 => page = n,
                _ => {
                    return Err(Box::new(message(
                        StatusCode::BAD_REQUEST,
                        format!("page must be a whole number from 1, not \"{value}\""),
                    )));
                }
            },
            "perPage" => match value.trim().parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => per_page = n,
                _ => {
                    return Err(Box::new(message(
                        StatusCode::BAD_REQUEST,
                        format!("perPage must be a whole number from 1 to 100, not \"{value}\""),
                    )));
                }
            },
            "search" => search = value.trim().to_lowercase(),
            _ => {}
        }
    }
    Ok((page, per_page, search))
}

/// One page of `items` (those whose `names` contain the search), with the API's `meta`.
pub(super) fn page_of(items: Vec<Value>, names: &[&str], query: Option<&str>) -> Response {
    let (page, per_page, search) = match paging(query) {
        Ok(p) => p,
        Err(response) => return *response,
    };
    let matching: Vec<Value> = items
        .into_iter()
        .filter(|item| {
            search.is_empty()
                || names.iter().any(|n| {
                    item.get(*n)
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.to_lowercase().contains(&search))
                })
        })
        .collect();
    let total = matching.len();
    let last_page = total.div_ceil(per_page).max(1);
    let data: Vec<Value> = matching
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let meta = json!({
        "total": total,
        "lastPage": last_page,
        "currentPage": page,
        "perPage": per_page,
        "prev": if page > 1 { json!(page - 1) } else { Value::Null },
        "next": if page < last_page { json!(page + 1) } else { Value::Null },
    });
    (
        StatusCode::OK,
        axum::Json(json!({ "data": data, "meta": meta })),
    )
        .into_response()
}

/// `GET /v1/avatars`.
pub(super) async fn list_avatars(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let origin = origin(&headers);
    let items = AVATARS.iter().map(|a| avatar_json(a, &origin)).collect();
    page_of(items, &["displayName", "variantName"], query.as_deref())
}

/// `GET /v1/voices`.
pub(super) async fn list_voices(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let items = VOICES.iter().map(voice_json).collect();
    page_of(items, &["displayName"], query.as_deref())
}

/// `GET /v1/llms`.
pub(super) async fn list_llms(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let items = LLMS.iter().map(llm_json).collect();
    page_of(items, &["displayName", "modelName"], query.as_deref())
}

/// The catalog's personas in full, for the sandbox's persona store (`sandbox/personas.rs`).
pub(super) fn personas(origin: &str) -> Vec<Value> {
    PERSONAS
        .iter()
        .map(|p| persona_json(p, origin, true))
        .collect()
}

/// The catalog's avatar with this id, as the API shows it inside a persona.
pub(super) fn avatar(id: &str, origin: &str) -> Option<Value> {
    AVATARS
        .iter()
        .find(|a| a.id == id)
        .map(|a| avatar_json(a, origin))
}

/// The catalog's voice with this id.
pub(super) fn voice(id: &str) -> Option<Value> {
    VOICES.iter().find(|v| v.id == id).map(voice_json)
}

/// The catalog's LLM with this id, as `GET /v1/llms` lists it.
pub(super) fn llm(id: &str) -> Option<Value> {
    LLMS.iter().find(|l| l.0 == id).map(llm_json)
}

/// Whether the catalog has an LLM with this id.
pub(super) fn has_llm(id: &str) -> bool {
    LLMS.iter().any(|l| l.0 == id)
}

#[cfg(test)]
mod tests;
