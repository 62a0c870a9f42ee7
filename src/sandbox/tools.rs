//! Saved tools in the sandbox: `GET /v1/tools` (four sample tools, one of each type, and those
//! created this run; `page`, `perPage` and `search` on the name and description, the catalog
//! lists' envelope) and `POST /v1/tools` (the create-tool page's body, checked: a 400 names the
//! field; 201 with the new tool). `usageCount` is the number of the run's personas that name
//! the tool in their `toolIds`. Every request is logged ([`Records`]).
//!
//! [`Records`]: super::records::Records

use super::catalog::{admit, page_of, refuse};
use super::{Config, message, stamp};
use crate::core::tools::{
    MAX_DESCRIPTION, MAX_NAME, METHODS, TIMEOUT_DEFAULT, TIMEOUT_RANGE, empty_schema, is_name_char,
};
use axum::body::Bytes;
use axum::extract::{RawQuery, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};
use std::sync::Arc;

/// The sample client tool (`CLIENT`).
pub const OPEN_PRODUCT_PAGE: &str = "5b0e8c1a-3f47-4d2a-9e61-0c7a2b9d4f13";
/// The sample webhook tool (`SERVER_WEBHOOK`).
pub const CHECK_ORDER_STATUS: &str = "8d2f4a6b-1c3e-4b5d-8f70-2a9c6e1b3d47";
/// The sample knowledge tool (`SERVER_RAG`).
pub const SEARCH_HELP_CENTER: &str = "c41a7e92-6b0d-4f38-a5c1-9e3b7d2f0a68";
/// The sample system tool (`SYSTEM`).
pub const CHANGE_LANGUAGE: &str = "e7b3d15f-9a2c-4e86-b0d4-3f1c8a6e5b29";

/// The tool types `POST /v1/tools` takes.
pub const TYPES: [&str; 4] = ["CLIENT", "SERVER_RAG", "SERVER_WEBHOOK", "SYSTEM"];
/// The fields of a create body.
const WRITABLE: [&str; 5] = [
    "name",
    "description",
    "type",
    "config",
    "disableInterruptions",
];

const CREATED_AT: &str = "2025-03-04T09:12:00.000Z";

/// The sample tools, in the API's shape (`usageCount` 0).
fn samples() -> Vec<Value> {
    let tool = |id: &str, name: &str, description: &str, kind: &str, config: Value| {
        json!({
            "id": id,
            "name": name,
            "description": description,
            "type": kind,
            "config": config,
            "disableInterruptions": false,
            "createdAt": CREATED_AT,
            "updatedAt": null,
            "usageCount": 0,
        })
    };
    vec![
        tool(
            OPEN_PRODUCT_PAGE,
            "open_product_page",
            "Opens the page of a product the user asks about, in the user's browser.",
            "CLIENT",
            json!({
                "parameters": {
                    "type": "object",
                    "properties": {
                        "productId": {"type": "string", "description": "The product's SKU"}
                    },
                    "required": ["productId"]
                },
                "awaitResult": false,
                "toolTimeoutSeconds": 10,
            }),
        ),
        tool(
            CHECK_ORDER_STATUS,
            "check_order_status",
            "Looks up the status of an order by its number: shipped, in transit or delivered.",
            "SERVER_WEBHOOK",
            json!({
                "url": "https://shop.example.com/api/orders/status",
                "method": "POST",
                "headers": {"Authorization": "Bearer ••••"},
                "bodyTemplate": "{\"orderId\": \"{{orderId}}\"}",
            }),
        ),
        tool(
            SEARCH_HELP_CENTER,
            "search_help_center",
            "Searches the help-center articles for an answer to the user's question.",
            "SERVER_RAG",
            json!({"documentFolderIds": ["0f6d2c84-7a31-4e9b-b258-6c1e9a4d3f70"]}),
        ),
        tool(
            CHANGE_LANGUAGE,
            "change_language",
            "Switches the conversation to the language the user asks for.",
            "SYSTEM",
            json!({"action": "change_language"}),
        ),
    ]
}

/// Every tool: the samples, then those created this run, each with its `usageCount`.
pub(super) fn all(config: &Config) -> Vec<Value> {
    let personas = config.records.personas();
    let mut tools = samples();
    tools.extend(config.records.tools());
    for tool in &mut tools {
        let id = tool.get("id").cloned();
        let used = personas
            .iter()
            .filter(|p| {
                p.get("tools")
                    .and_then(Value::as_array)
                    .is_some_and(|ts| ts.iter().any(|t| t.get("id") == id.as_ref()))
            })
            .count();
        tool["usageCount"] = json!(used);
    }
    tools
}

/// The tool with this id, as it is now.
pub(super) fn find(config: &Config, id: &str) -> Option<Value> {
    all(config)
        .into_iter()
        .find(|t| t.get("id").and_then(Value::as_str) == Some(id))
}

/// The tools that `ids` (a `toolIds` value) names, in its order; the 400's text for a value that
/// is not a list of ids, or an id no tool has (`field` is the name the text starts with).
pub(super) fn named(config: &Config, field: &str, ids: &Value) -> Result<Vec<Value>, String> {
    let Some(ids) = ids.as_array() else {
        return Err(format!("{field} must be an array of tool ids"));
    };
    let mut tools: Vec<Value> = Vec::new();
    for id in ids {
        let Some(id) = id.as_str() else {
            return Err(format!("{field} must be an array of tool ids"));
        };
        let tool =
            find(config, id).ok_or_else(|| format!("{field}: no tool has the id \"{id}\""))?;
        if !tools.iter().any(|t| t.get("id") == tool.get("id")) {
            tools.push(tool);
        }
    }
    Ok(tools)
}

/// `GET /v1/tools`.
pub(super) async fn list(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = admit(&config, &headers, "/v1/tools", query.as_deref()).await {
        return response;
    }
    page_of(all(&config), &["name", "description"], query.as_deref())
}

/// `POST /v1/tools`.
pub(super) async fn create(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let parsed = match serde_json::from_slice::<Value>(&body) {
        Ok(Value::Object(map)) => Ok(map),
        Ok(_) => Err("The body must be a JSON object".to_string()),
        Err(e) => Err(format!("The body is not valid JSON: {e}")),
    };
    config.records.log(
        "POST",
        "/v1/tools",
        None,
        parsed.as_ref().ok().cloned().map(Value::Object),
    );
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let tool = match parsed.and_then(|body| checked(&body)) {
        Ok(tool) => tool,
        Err(text) => return message(StatusCode::BAD_REQUEST, text),
    };
    config.records.put_tool(tool.clone());
    (StatusCode::CREATED, axum::Json(tool)).into_response()
}

/// The new tool a create body makes, or the first thing wrong with it (in the sandbox's words:
/// the field's name first).
fn checked(body: &Map<String, Value>) -> Result<Value, String> {
    if let Some(other) = body.keys().find(|k| !WRITABLE.contains(&k.as_str())) {
        return Err(format!("property {other} should not exist"));
    }
    let name = text(body, "name", MAX_NAME)?;
    if !name.chars().all(is_name_char) {
        return Err(format!(
            "name must contain only letters, digits, _, . and - (pattern [a-zA-Z0-9_.-]+), not \"{name}\""
        ));
    }
    let description = text(body, "description", MAX_DESCRIPTION)?;
    let kind = match body.get("type") {
        None => return Err("type is required".into()),
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => t.clone(),
        Some(other) => {
            return Err(format!(
                "type must be one of the following values: {}, not {other}",
                TYPES.join(", ")
            ));
        }
    };
    let disable = match body.get("disableInterruptions") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return Err("disableInterruptions must be a boolean value".into()),
    };
    let config = match body.get("config") {
        None => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err("config must be an object".into()),
    };
    let config = config_of(&kind, config)?;
    Ok(json!({
        "id": uuid::Uuid::new_v4().to_string(),
        "name": name,
        "description": description,
        "type": kind,
        "config": config,
        "disableInterruptions": disable,
        "createdAt": stamp(chrono::Utc::now()),
        "updatedAt": null,
        "usageCount": 0,
    }))
}

/// A required string of 1 to `max` characters.
fn text(body: &Map<String, Value>, key: &str, max: usize) -> Result<String, String> {
    match body.get(key) {
        None => Err(format!("{key} is required")),
        Some(Value::String(s)) => {
            let n = s.chars().count();
            if (1..=max).contains(&n) {
                Ok(s.clone())
            } else {
                Err(format!("{key} must be 1 to {max} characters long, not {n}"))
            }
        }
        Some(_) => Err(format!("{key} must be a string")),
    }
}

/// The config of a tool of type `kind`, checked, with the defaults filled in.
fn config_of(kind: &str, mut config: Map<String, Value>) -> Result<Value, String> {
    let allowed: &[&str] = match kind {
        "CLIENT" => &["parameters", "awaitResult", "toolTimeoutSeconds"],
        "SERVER_RAG" => &["documentFolderIds"],
        "SERVER_WEBHOOK" => &["url", "method", "headers", "bodyTemplate"],
        _ => &["action"],
    };
    if let Some(other) = config.keys().find(|k| !allowed.contains(&k.as_str())) {
        return Err(format!("config.{other} should not exist for a {kind} tool"));
    }
    match kind {
        "CLIENT" => {
            match config.get("parameters") {
                None => {
                    config.insert("parameters".into(), empty_schema());
                }
                Some(Value::Object(_)) => {}
                Some(_) => return Err("config.parameters must be an object".into()),
            }
            match config.get("awaitResult") {
                None => {
                    config.insert("awaitResult".into(), json!(false));
                }
                Some(Value::Bool(_)) => {}
                Some(_) => return Err("config.awaitResult must be a boolean value".into()),
            }
            let (min, max) = TIMEOUT_RANGE;
            match config.get("toolTimeoutSeconds") {
                None => {
                    config.insert("toolTimeoutSeconds".into(), json!(TIMEOUT_DEFAULT as u64));
                }
                Some(v) if v.as_f64().is_some_and(|n| (min..=max).contains(&n)) => {}
                Some(v) => {
                    return Err(format!(
                        "config.toolTimeoutSeconds must be a number from {min} to {max}, not {v}"
                    ));
                }
            }
        }
        "SERVER_RAG" => match config.get("documentFolderIds") {
            None => return Err("config.documentFolderIds is required".into()),
            Some(Value::Array(ids)) if ids.iter().all(Value::is_string) => {}
            Some(_) => {
                return Err("config.documentFolderIds must be an array of folder ids".into());
            }
        },
        "SERVER_WEBHOOK" => {
            match config.get("url") {
                None => return Err("config.url is required".into()),
                Some(Value::String(url))
                    if url::Url::parse(url)
                        .is_ok_and(|u| matches!(u.scheme(), "http" | "https")) => {}
                Some(other) => return Err(format!("config.url must be a URL, not {other}")),
            }
            match config.get("method") {
                None => return Err("config.method is required".into()),
                Some(Value::String(m)) if METHODS.contains(&m.as_str()) => {}
                Some(other) => {
                    return Err(format!(
                        "config.method must be one of the following values: {}, not {other}",
                        METHODS.join(", ")
                    ));
                }
            }
            match config.get("headers") {
                None => {}
                Some(Value::Object(h)) if h.values().all(Value::is_string) => {}
                Some(_) => {
                    return Err("config.headers must be an object of string values".into());
                }
            }
        }
        _ => match config.get("action") {
            None => return Err("config.action is required".into()),
            Some(Value::String(a)) if !a.trim().is_empty() => {}
            Some(_) => return Err("config.action must be a non-empty string".into()),
        },
    }
    Ok(Value::Object(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(v: Value) -> Map<String, Value> {
        v.as_object().unwrap().clone()
    }

    #[test]
    fn the_samples_are_one_of_each_type_with_unique_uuids() {
        let tools = samples();
        let kinds: Vec<&str> = tools.iter().map(|t| t["type"].as_str().unwrap()).collect();
        assert_eq!(kinds, ["CLIENT", "SERVER_WEBHOOK", "SERVER_RAG", "SYSTEM"]);
        for t in &tools {
            assert!(uuid::Uuid::parse_str(t["id"].as_str().unwrap()).is_ok());
            let kind = t["type"].as_str().unwrap();
            let config = t["config"].as_object().unwrap().clone();
            assert_eq!(config_of(kind, config.clone()), Ok(Value::Object(config)));
        }
    }

    #[test]
    fn a_client_tool_gets_the_config_defaults() {
        let tool = checked(&body(json!({
            "name": "show_map", "description": "Shows a map.", "type": "CLIENT"
        })))
        .unwrap();
        assert_eq!(tool["config"]["toolTimeoutSeconds"], json!(10));
        assert_eq!(tool["config"]["awaitResult"], json!(false));
        assert_eq!(tool["disableInterruptions"], json!(false));
        assert_eq!(tool["usageCount"], json!(0));
    }

    #[test]
    fn wrong_values_are_named() {
        let base =
            json!({"name": "a", "description": "d", "type": "SYSTEM", "config": {"action": "x"}});
        let with = |key: &str, value: Value| {
            let mut b = body(base.clone());
            b.insert(key.into(), value);
            checked(&b).unwrap_err()
        };
        assert!(with("name", json!("has space")).starts_with("name must contain only"));
        assert!(with("name", json!("x".repeat(65))).starts_with("name must be 1 to 64"));
        assert!(with("description", json!("")).starts_with("description must be 1 to 1024"));
        assert!(with("type", json!("SERVER")).starts_with("type must be one of"));
        assert_eq!(with("extra", json!(1)), "property extra should not exist");
        assert_eq!(with("config", json!({})), "config.action is required");
        let mut b = body(base.clone());
        b.remove("description");
        assert_eq!(checked(&b).unwrap_err(), "description is required");
    }
}
