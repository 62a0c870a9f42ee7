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

/// Whether a filled-in value keeps `c` (anything else becomes `-`).
fn kept(c: char) -> bool {
    c.is_alphanumeric() || "-_.@+".contains(c)
}

/// A value made safe to put between the template's separators.
fn clean(value: &str) -> String {
    let cleaned: String = value
        .trim()
        .chars()
        .map(|c| if kept(c) { c } else { '-' })
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

/// The `{preset}` value of a `label` that `template` filled, as it was cleaned into it
/// (`sales-demo-v2` for "sales demo/v2"); `None` when the label does not fit the template or the
/// template has no `{preset}`. Where several splits fit, the longest name wins.
pub fn preset_in(template: &str, label: &str) -> Option<String> {
    let parts = parts(template).ok()?;
    let chars: Vec<char> = label.chars().collect();
    let n = chars.len();
    // fits[i][p]: parts[i..] can fill chars[p..]. Worked out from the end, so the walk below
    // never backtracks (a template of many values stays fast).
    let mut fits = vec![vec![false; n + 1]; parts.len() + 1];
    fits[parts.len()][n] = true;
    for i in (0..parts.len()).rev() {
        for p in 0..=n {
            fits[i][p] = ends(&parts[i], &chars, p).any(|e| fits[i + 1][e]);
        }
    }
    let (mut p, mut preset) = (0, None);
    for (i, part) in parts.iter().enumerate() {
        let end = ends(part, &chars, p).filter(|&e| fits[i + 1][e]).last()?;
        if part.0 && part.1 == "preset" {
            preset = Some(chars[p..end].iter().collect());
        }
        p = end;
    }
    preset
}

/// Where a part of a template that starts at `chars[p]` can end, in increasing order: a literal
/// where its text does; the time after its fixed shape; another value after one or more of the
/// characters [`clean`] keeps.
fn ends(part: &(bool, String), chars: &[char], p: usize) -> impl Iterator<Item = usize> {
    let rest = &chars[p..];
    let fixed = match part {
        (false, text) => {
            let text: Vec<char> = text.chars().collect();
            Some(rest.starts_with(&text).then_some(p + text.len()))
        }
        (true, name) if name == "time" => {
            let shape = "0000-00-00T00-00-00Z";
            let fits = rest.len() >= shape.len()
                && (shape.chars().zip(rest))
                    .all(|(s, &c)| c == s || (s == '0' && c.is_ascii_digit()));
            Some(fits.then_some(p + shape.len()))
        }
        _ => None,
    };
    let run = rest.iter().take_while(|&&c| kept(c)).count();
    let values = (p + 1..=p + run).filter(move |_| fixed.is_none());
    fixed.flatten().into_iter().chain(values)
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
    fn the_preset_is_read_back_from_a_label_the_template_filled() {
        let template = "studio/{preset}/{user}/{time}";
        let label = fill(template, &ctx()).unwrap();
        assert_eq!(
            preset_in(template, &label).as_deref(),
            Some("sales-demo-v2")
        );
        // A value may hold the separator: the time's fixed shape says where the name ends.
        let label = fill("{preset}-{time}", &ctx()).unwrap();
        assert_eq!(label, "sales-demo-v2-2026-11-28T13-25-34Z");
        assert_eq!(
            preset_in("{preset}-{time}", &label).as_deref(),
            Some("sales-demo-v2")
        );
        assert_eq!(preset_in(template, "studio/x/qa"), None, "too short");
        assert_eq!(preset_in(template, "mine"), None, "not from the template");
        assert_eq!(
            preset_in("s/{env}", "s/Sandbox"),
            None,
            "no {{preset}} in it"
        );
        let slow = format!("{}/", "a".repeat(MAX_LABEL_CHARS));
        assert_eq!(preset_in("{preset}{user}{env}{preset}", &slow), None);
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
