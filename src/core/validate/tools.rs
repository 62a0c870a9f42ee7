//! `personaConfig.tools`: each tool checked against the rules of its kind (Anam's tool pages:
//! `docs/anam-api.md`), and no two tools with one name. Problems are reported at
//! `personaConfig.tools.<index>.<key>`, so the form's Tools section shows each under its field.

use super::Out;
use crate::core::contract::pages::TOOLS;
use crate::core::contract::type_name;
use crate::core::tools::{
    MAX_DESCRIPTION, MAX_NAME, MAX_PARAMETERS_BYTES, METHODS, SYSTEM_TOOLS, TIMEOUT_RANGE,
    ToolKind, is_name_char,
};
use serde_json::{Map, Value};
use std::collections::HashMap;

/// Checks the list (its type is checked by the table's row).
pub(super) fn check(tools: &[Value], out: &mut Out) {
    let mut names: HashMap<&str, usize> = HashMap::new();
    for (i, tool) in tools.iter().enumerate() {
        let at = format!("{TOOLS}.{i}");
        let Some(map) = tool.as_object() else {
            out.error(
                &at,
                format!("a tool is an object, found {}", type_name(tool)),
            );
            continue;
        };
        let Some(kind) = ToolKind::of(tool) else {
            out.error(
                &format!("{at}.type"),
                "type must be \"client\", \"server\" (with subtype \"webhook\" or \"knowledge\") or \"system\"".into(),
            );
            continue;
        };
        if let Some(name) = map.get("name").and_then(Value::as_str)
            && let Some(first) = names.insert(name, i)
            && !name.is_empty()
        {
            out.error(
                &format!("{at}.name"),
                format!(
                    "tool {} has this name too: each tool needs its own",
                    first + 1
                ),
            );
        }
        check_one(kind, map, &at, out);
    }
}

fn check_one(kind: ToolKind, tool: &Map<String, Value>, at: &str, out: &mut Out) {
    let path = |key: &str| format!("{at}.{key}");
    match kind {
        ToolKind::System => {
            let names: Vec<&str> = SYSTEM_TOOLS.iter().map(|(n, _)| *n).collect();
            match tool.get("name") {
                Some(Value::String(n)) if names.contains(&n.as_str()) => {}
                Some(Value::String(n)) => out.error(
                    &path("name"),
                    format!(
                        "\"{n}\" is not a system tool: the pages name {}",
                        names.join(" and ")
                    ),
                ),
                _ => out.error(&path("name"), "required: the system tool's name".into()),
            }
            return;
        }
        _ => check_name(tool.get("name"), &path("name"), out),
    }
    match tool.get("description") {
        Some(Value::String(d)) if d.trim().is_empty() => out.warning(
            &path("description"),
            "empty: the persona decides when to call a tool from its description".into(),
        ),
        Some(Value::String(d)) if d.chars().count() > MAX_DESCRIPTION => out.error(
            &path("description"),
            format!(
                "{} characters: the most is {MAX_DESCRIPTION}",
                d.chars().count()
            ),
        ),
        Some(Value::String(_)) => {}
        Some(other) => out.error(
            &path("description"),
            format!("expected a string, found {}", type_name(other)),
        ),
        None => out.warning(
            &path("description"),
            "not set: the persona decides when to call a tool from its description".into(),
        ),
    }
    match kind {
        ToolKind::Client => {
            check_parameters(tool.get("parameters"), &path("parameters"), out);
            check_bool(tool, "awaitResult", at, out);
            if let Some(t) = tool.get("toolTimeoutSeconds") {
                let (min, max) = TIMEOUT_RANGE;
                match t.as_f64() {
                    Some(x) if (min..=max).contains(&x) => {}
                    Some(x) => out.error(
                        &path("toolTimeoutSeconds"),
                        format!("{x} s is outside {min} to {max} s"),
                    ),
                    None => out.error(
                        &path("toolTimeoutSeconds"),
                        format!("expected a number, found {}", type_name(t)),
                    ),
                }
            }
        }
        ToolKind::Webhook => {
            check_url(tool.get("url"), &path("url"), out);
            match tool.get("method") {
                Some(Value::String(m)) if METHODS.contains(&m.as_str()) => {}
                Some(Value::String(m)) => out.error(
                    &path("method"),
                    format!("\"{m}\" is not one of {}", METHODS.join(", ")),
                ),
                Some(other) => out.error(
                    &path("method"),
                    format!("expected a string, found {}", type_name(other)),
                ),
                None => out.error(&path("method"), "required: the HTTP method".into()),
            }
            if let Some(h) = tool.get("headers") {
                match h.as_object() {
                    Some(headers) if headers.values().all(Value::is_string) => {}
                    _ => out.error(
                        &path("headers"),
                        "expected an object of header names to string values".into(),
                    ),
                }
            }
            check_parameters(tool.get("parameters"), &path("parameters"), out);
            check_bool(tool, "awaitResponse", at, out);
            check_bool(tool, "disableInterruptions", at, out);
        }
        ToolKind::Knowledge => match tool.get("documentFolderIds") {
            Some(Value::Array(ids)) if ids.is_empty() => out.error(
                &path("documentFolderIds"),
                "empty: name at least one knowledge-base folder by its id".into(),
            ),
            Some(Value::Array(ids)) => {
                if ids
                    .iter()
                    .any(|id| id.as_str().is_none_or(|s| s.trim().is_empty()))
                {
                    out.error(
                        &path("documentFolderIds"),
                        "each folder id must be a non-empty string".into(),
                    );
                }
            }
            Some(other) => out.error(
                &path("documentFolderIds"),
                format!(
                    "expected an array of folder ids, found {}",
                    type_name(other)
                ),
            ),
            None => out.error(
                &path("documentFolderIds"),
                "required: the knowledge-base folders to search, by id".into(),
            ),
        },
        ToolKind::System => {}
    }
}

fn check_name(name: Option<&Value>, path: &str, out: &mut Out) {
    let name = match name {
        Some(Value::String(n)) => n,
        Some(other) => {
            return out.error(
                path,
                format!("expected a string, found {}", type_name(other)),
            );
        }
        None => return out.error(path, "required: the name the persona calls it by".into()),
    };
    if name.is_empty() {
        return out.error(path, "empty: the name the persona calls the tool by".into());
    }
    if name.chars().count() > MAX_NAME {
        return out.error(
            path,
            format!(
                "{} characters: the most is {MAX_NAME}",
                name.chars().count()
            ),
        );
    }
    if let Some(c) = name.chars().find(|c| !is_name_char(*c)) {
        return out.error(
            path,
            format!(
                "{c:?} is not allowed: use letters, digits and _ (snake_case, such as get_weather)"
            ),
        );
    }
    if name
        .chars()
        .any(|c| c.is_ascii_uppercase() || matches!(c, '-' | '.'))
    {
        out.warning(
            path,
            "the tool pages ask for snake_case names (such as get_weather)".into(),
        );
    }
}

/// `parameters`: a JSON Schema object of type "object", at most 10,000 bytes as JSON.
fn check_parameters(parameters: Option<&Value>, path: &str, out: &mut Out) {
    match parameters {
        None => {}
        Some(Value::String(text)) => out.error(
            path,
            match serde_json::from_str::<Value>(text) {
                Err(e) => format!(
                    "not valid JSON yet: {}",
                    crate::core::contract::JsonError::from(e)
                ),
                Ok(_) => "a JSON Schema object is expected here, not a string".into(),
            },
        ),
        Some(Value::Object(schema)) => {
            match schema.get("type") {
                Some(Value::String(t)) if t == "object" => {}
                Some(t) => out.error(
                    path,
                    format!("the schema's type must be \"object\", found {t}"),
                ),
                None => out.error(path, "the schema needs \"type\": \"object\"".into()),
            }
            if let Some(p) = schema.get("properties")
                && !p.is_object()
            {
                out.error(path, "\"properties\" must be an object".into());
            }
            let size = serde_json::to_string(schema).map_or(0, |s| s.len());
            if size > MAX_PARAMETERS_BYTES {
                out.error(
                    path,
                    format!("{size} bytes as JSON: the most is {MAX_PARAMETERS_BYTES}"),
                );
            }
        }
        Some(other) => out.error(
            path,
            format!("expected a JSON Schema object, found {}", type_name(other)),
        ),
    }
}

/// A webhook's URL: absolute https, or http only to this machine (loopback).
fn check_url(url: Option<&Value>, path: &str, out: &mut Out) {
    let text = match url {
        Some(Value::String(u)) => u.trim(),
        Some(other) => {
            return out.error(
                path,
                format!("expected a string, found {}", type_name(other)),
            );
        }
        None => return out.error(path, "required: the HTTPS address Anam calls".into()),
    };
    match url::Url::parse(text) {
        Ok(u) if u.scheme() == "https" && u.host().is_some() => {}
        Ok(u) if u.scheme() == "http" && is_loopback(&u) => {}
        Ok(u) if u.scheme() == "http" => out.error(
            path,
            "http is only for this machine (localhost): use https".into(),
        ),
        Ok(u) if u.host().is_none() => out.error(path, "the address has no host".into()),
        Ok(u) => out.error(path, format!("{}: is not https", u.scheme())),
        Err(e) => out.error(
            path,
            format!("not an absolute URL ({e}): such as https://example.com/hook"),
        ),
    }
}

fn is_loopback(u: &url::Url) -> bool {
    match u.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

fn check_bool(tool: &Map<String, Value>, key: &str, at: &str, out: &mut Out) {
    if let Some(v) = tool.get(key)
        && !v.is_boolean()
    {
        out.error(
            &format!("{at}.{key}"),
            format!("expected true or false, found {}", type_name(v)),
        );
    }
}
