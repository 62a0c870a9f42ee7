//! The `clientLabel` template: one per environment (for example `studio/{preset}/{user}/{time}`),
//! filled at mint time so each session can be found by its label. A `clientLabel` the preset
//! writes itself wins; the template is never written into a preset (only into the body sent).
//!
//! Placeholders: `{preset}` (the preset's name), `{user}` (the OS user), `{env}` (the
//! environment's name), `{time}` (the mint's UTC time as `2026-11-28T13-25-34Z`: ISO 8601 with
//! `-` for `:`, so it is also a file name). `{{` and `}}` are literal braces. Filled-in values
//! keep letters, digits and `-_.@+`; anything else becomes `-`, so a value cannot fake the
//! template's own separators.
//!
//! Pure: no disk, no network, no clock (the time is given).

use crate::core::contract::RequestBody;
use chrono::{DateTime, Utc};
use serde_json::Value;

pub const PLACEHOLDERS: [&str; 4] = ["preset", "user", "env", "time"];

/// A label longer than this is cut (the API does not document a limit; this keeps it readable).
pub const MAX_LABEL_CHARS: usize = 200;

/// What the placeholders are filled with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelContext {
    pub preset: String,
    pub user: String,
    pub env: String,
    pub time: DateTime<Utc>,
}

/// A template that cannot be filled, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LabelError {
    #[error(
        "The client label template has an unknown placeholder {{{0}}}: use {{preset}}, {{user}}, {{env}} or {{time}}."
    )]
    Unknown(String),
    #[error(
        "The client label template has a brace that is not closed at character {0}: write {{{{ or }}}} for a literal brace."
    )]
    Unbalanced(usize),
}

/// The mint time as a file-name-safe ISO 8601 text: `2026-11-28T13-25-34Z`.
pub fn time_text(time: DateTime<Utc>) -> String {
    time.format("%Y-%m-%dT%H-%M-%SZ").to_string()
}

/// A value made safe to put between the template's separators.
fn clean(value: &str) -> String {
    let cleaned: String = value
        .trim()
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.@+".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if cleaned.is_empty() {
        "unknown".into()
    } else {
        cleaned
    }
}

/// Splits a template into literal text and placeholder names.
fn parts(template: &str) -> Result<Vec<(bool, String)>, LabelError> {
    let mut out = Vec::new();
    let mut text = String::new();
    let mut chars = template.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '{' if chars.peek().map(|p| p.1) == Some('{') => {
                chars.next();
                text.push('{');
            }
            '}' if chars.peek().map(|p| p.1) == Some('}') => {
                chars.next();
                text.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some((_, '}')) => break,
                        Some((_, '{')) | None => return Err(LabelError::Unbalanced(i + 1)),
                        Some((_, ch)) => name.push(ch),
                    }
                }
                if !PLACEHOLDERS.contains(&name.trim()) {
                    return Err(LabelError::Unknown(name));
                }
                out.push((false, std::mem::take(&mut text)));
                out.push((true, name.trim().to_string()));
            }
            '}' => return Err(LabelError::Unbalanced(i + 1)),
            _ => text.push(c),
        }
    }
    out.push((false, text));
    Ok(out)
}

/// Checks a template (for a settings field): `Ok` when it can be filled.
pub fn check(template: &str) -> Result<(), LabelError> {
    parts(template).map(|_| ())
}

/// The template filled in.
pub fn fill(template: &str, ctx: &LabelContext) -> Result<String, LabelError> {
    let mut label = String::new();
    for (placeholder, text) in parts(template)? {
        if !placeholder {
            label.push_str(&text);
            continue;
        }
        label.push_str(&match text.as_str() {
            "preset" => clean(&ctx.preset),
            "user" => clean(&ctx.user),
            "env" => clean(&ctx.env),
            _ => time_text(ctx.time),
        });
    }
    Ok(label.chars().take(MAX_LABEL_CHARS).collect())
}

/// The body to send: `body` with the filled template as its `clientLabel`, unless the body has
/// a `clientLabel` of its own (then it is sent as it is) or there is no template. The preset
/// itself is never changed. Returns the label it set, if any.
pub fn apply(
    body: &RequestBody,
    template: Option<&str>,
    ctx: &LabelContext,
) -> Result<(RequestBody, Option<String>), LabelError> {
    let template = template.map(str::trim).filter(|t| !t.is_empty());
    match template {
        Some(t) if !body.contains("clientLabel") => {
            let label = fill(t, ctx)?;
            let mut sent = body.clone();
            sent.set("clientLabel", Value::from(label.clone()));
            Ok((sent, Some(label)))
        }
        _ => Ok((body.clone(), None)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ctx() -> LabelContext {
        LabelContext {
            preset: "sales demo/v2".into(),
            user: "qa".into(),
            env: "Sandbox".into(),
            time: DateTime::parse_from_rfc3339("2026-11-28T13:25:34.789Z")
                .unwrap()
                .with_timezone(&Utc),
        }
    }

    #[test]
    fn a_template_is_filled_with_safe_values() {
        assert_eq!(
            fill("studio/{preset}/{user}/{time}", &ctx()).unwrap(),
            "studio/sales-demo-v2/qa/2026-11-28T13-25-34Z"
        );
        assert_eq!(fill("{{{env}}}-{ user }", &ctx()).unwrap(), "{Sandbox}-qa");
        let empty = LabelContext {
            user: " ".into(),
            ..ctx()
        };
        assert_eq!(fill("{user}", &empty).unwrap(), "unknown");
        assert_eq!(
            fill(&"x".repeat(300), &ctx()).unwrap().len(),
            MAX_LABEL_CHARS
        );
    }

    #[test]
    fn bad_templates_are_named_in_one_sentence() {
        assert_eq!(check("a/{host}"), Err(LabelError::Unknown("host".into())));
        assert_eq!(check("a/{preset"), Err(LabelError::Unbalanced(3)));
        assert_eq!(check("a}"), Err(LabelError::Unbalanced(2)));
        assert!(
            LabelError::Unknown("host".into())
                .to_string()
                .contains("{host}: use {preset}, {user}, {env} or {time}.")
        );
        assert!(check("plain").is_ok());
    }

    #[test]
    fn a_literal_label_wins_and_the_preset_is_left_alone() {
        let preset = RequestBody::from_map(
            json!({"personaConfig": {"name": "A"}})
                .as_object()
                .unwrap()
                .clone(),
        );
        let (sent, label) = apply(&preset, Some("s/{env}"), &ctx()).unwrap();
        assert_eq!(label.as_deref(), Some("s/Sandbox"));
        assert_eq!(sent.get("clientLabel"), Some(&json!("s/Sandbox")));
        assert!(!preset.contains("clientLabel"));
        let own =
            RequestBody::from_map(json!({"clientLabel": "mine"}).as_object().unwrap().clone());
        let (sent, label) = apply(&own, Some("s/{env}"), &ctx()).unwrap();
        assert_eq!(
            (sent.get("clientLabel"), label),
            (Some(&json!("mine")), None)
        );
        let (sent, label) = apply(&preset, Some("  "), &ctx()).unwrap();
        assert_eq!((sent, label), (preset.clone(), None));
        assert!(apply(&preset, Some("{nope}"), &ctx()).is_err());
    }
}
