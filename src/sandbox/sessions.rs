//! Sessions in the sandbox: one is recorded for every token it signs (its `clientLabel`, the
//! persona id or ephemeral config, the time), live for [`Config::session_length`] (or the body's
//! `maxSessionLengthSeconds`, if shorter), then ended by the engine with that length. Served as
//! the API serves them: `GET /v1/sessions` (newest first; `search` on the id and label,
//! `personaId`, `apiKeyId`, paging), `GET /v1/sessions/{id}` and its made-up `/transcript`.
//!
//! [`Config::session_length`]: super::Config::session_length

use super::catalog::{admit, origin, page_of};
use super::records::SessionRecord;
use super::{Config, api_key_id, message, personas, snapshot, stamp};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

/// How the sandbox's sessions end (the value the API's pages show for a normal end).
pub const EXIT_STATUS: &str = "CLOSED_BY_ENGINE";

/// Records the session of a token just signed for `key` with `body` (`origin`: where the
/// sandbox is reached, for the saved persona's lookup).
pub(super) fn record(config: &Config, key: &str, body: &Value, origin: &str) {
    let cap = body
        .pointer("/personaConfig/maxSessionLengthSeconds")
        .and_then(Value::as_f64)
        .filter(|s| *s > 0.0)
        .map(Duration::from_secs_f64);
    let length = cap.map_or(config.session_length, |c| c.min(config.session_length));
    config.records.add_session(SessionRecord {
        id: uuid::Uuid::new_v4().to_string(),
        created: Utc::now(),
        client_label: body
            .get("clientLabel")
            .and_then(Value::as_str)
            .map(str::to_string),
        persona_id: body
            .pointer("/personaConfig/personaId")
            .and_then(Value::as_str)
            .map(str::to_string),
        persona_config: body.get("personaConfig").cloned().unwrap_or(json!({})),
        resolved: snapshot::resolve(config, body, origin),
        api_key_id: api_key_id(key),
        length,
    });
}

/// The session as the list shows it; `detail` adds the engine, the persona config it ran with
/// (resolved, [`snapshot`]) and its tool calls (none: the sandbox runs no tools).
fn session_json(s: &SessionRecord, now: DateTime<Utc>, detail: bool) -> Value {
    let ended = s.ended(now);
    let mut item = json!({
        "id": s.id,
        "personaId": s.persona_id,
        "clientLabel": s.client_label,
        "startTime": stamp(s.created),
        "endTime": if ended { json!(stamp(s.end())) } else { Value::Null },
        "sessionLengthMs": if ended { json!(s.length.as_millis() as u64) } else { Value::Null },
        "exitStatus": if ended { json!(EXIT_STATUS) } else { Value::Null },
        "apiKeyId": s.api_key_id,
        "createdAt": stamp(s.created),
        "updatedAt": stamp(if ended { s.end() } else { s.created }),
    });
    if detail && let Some(map) = item.as_object_mut() {
        map.insert(
            "engineHost".into(),
            json!("sandbox.local/v1/engines/sandbox-engine-0"),
        );
        map.insert("engineProtocol".into(), json!("http"));
        map.insert("engineVersion".into(), json!("sandbox"));
        map.insert(
            "clientMetadata".into(),
            json!({"userAgent": "anam-studio sandbox"}),
        );
        map.insert("personaConfig".into(), s.resolved.clone());
        map.insert("toolCalls".into(), json!([]));
        map.insert("organizationId".into(), json!("sandbox-account-0001"));
    }
    item
}

/// `GET /v1/sessions`.
pub(super) async fn list(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = admit(&config, &headers, "/v1/sessions", query.as_deref()).await {
        return response;
    }
    let mut persona = None;
    let mut key = None;
    for (name, value) in
        url::form_urlencoded::parse(query.as_deref().unwrap_or_default().as_bytes())
    {
        match name.as_ref() {
            "personaId" => persona = Some(value.trim().to_string()),
            "apiKeyId" => key = Some(value.trim().to_string()),
            _ => {}
        }
    }
    let now = Utc::now();
    let items: Vec<Value> = config
        .records
        .sessions()
        .iter()
        .rev()
        .filter(|s| {
            persona
                .as_ref()
                .is_none_or(|p| s.persona_id.as_ref() == Some(p))
        })
        .filter(|s| key.as_ref().is_none_or(|k| &s.api_key_id == k))
        .map(|s| session_json(s, now, false))
        .collect();
    page_of(items, &["id", "clientLabel"], query.as_deref())
}

/// `GET /v1/sessions/{id}`.
pub(super) async fn detail(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(response) = admit(&config, &headers, &format!("/v1/sessions/{id}"), None).await {
        return response;
    }
    match config.records.session(&id) {
        Some(s) => (
            StatusCode::OK,
            axum::Json(session_json(&s, Utc::now(), true)),
        )
            .into_response(),
        None => message(StatusCode::NOT_FOUND, "Session not found"),
    }
}

/// `GET /v1/sessions/{id}/transcript`: a short made-up conversation, each message shown once
/// its time has come.
pub(super) async fn transcript(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(response) = admit(
        &config,
        &headers,
        &format!("/v1/sessions/{id}/transcript"),
        None,
    )
    .await
    {
        return response;
    }
    let Some(s) = config.records.session(&id) else {
        return message(StatusCode::NOT_FOUND, "Session not found");
    };
    let name = persona_name(&config, &s, &origin(&headers));
    let greeting = s
        .persona_config
        .get("initialMessage")
        .and_then(Value::as_str)
        .filter(|g| !g.trim().is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("Hi, I'm {name}. How can I help you today?"));
    let script = [
        ("persona", greeting.as_str(), false),
        ("user", "Hello! Can you hear me all right?", false),
        (
            "persona",
            "Loud and clear. This is a sandbox session, so I can only",
            true,
        ),
        (
            "user",
            "No worries, that's all I needed. Thanks, bye!",
            false,
        ),
        ("persona", "Goodbye, and have a lovely day.", false),
    ];
    let now = Utc::now();
    let step = s.length / script.len() as u32;
    let messages: Vec<Value> = script
        .iter()
        .enumerate()
        .map(|(i, (role, text, cut))| {
            let at = s.created + chrono::Duration::from_std(step * i as u32).unwrap_or_default();
            (
                at,
                json!({
                    "role": role,
                    "message": text,
                    "timestamp": stamp(at),
                    "speakingDurationSeconds": (text.len() as f64 / 15.0 * 10.0).round() / 10.0,
                    "wasInterrupted": cut,
                }),
            )
        })
        .filter(|(at, _)| *at <= now)
        .map(|(_, m)| m)
        .collect();
    let ended = s.ended(now);
    let body = json!({
        "sessionId": s.id,
        "personaName": name,
        "startTime": stamp(s.created),
        "endTime": if ended { json!(stamp(s.end())) } else { Value::Null },
        "durationMs": if ended { json!(s.length.as_millis() as u64) } else { Value::Null },
        "totalMessages": messages.len(),
        "transcriptsEnabled": true,
        "messages": messages,
    });
    (StatusCode::OK, axum::Json(body)).into_response()
}

/// The name the session's persona goes by.
fn persona_name(config: &Config, s: &SessionRecord, origin: &str) -> String {
    let stored = s
        .persona_id
        .as_deref()
        .and_then(|id| personas::find(config, id, origin));
    stored
        .as_ref()
        .unwrap_or(&s.persona_config)
        .get("name")
        .and_then(Value::as_str)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or("your persona")
        .to_string()
}
