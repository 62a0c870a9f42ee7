//! Older body shapes people still paste, upgraded to today's contract with each change said.
//!
//! Read for this (November 2026), through the search tool's pages corpus:
//! - docs.anam.ai/resources/migrating-legacy: "Deprecate brainType in favor of llmId" (existing
//!   brainType values keep working as LLM ids, so the value moves unchanged) and "Deprecate GET
//!   /session-token" (persona configuration moved from the client into the POST body).
//! - docs.anam.ai/guides/get-started/production: the stateful body was once
//!   `{"personaConfig": {"id": "<YOUR_PERSONA_ID>"}}`; the contract now names it `personaId`.
//! - docs.anam.ai/api-reference/auth/post-v1authsession-token (older copy): a top-level
//!   `expiresIn` ("1h" … "2w"), and `personaPreset`, `personality`, `fillerPhrases` in the
//!   persona. The current contract has none of them; docs.anam.ai/concepts/session-tokens says
//!   tokens expire after one hour by default.
//!
//! Pure: a body in, the upgraded body and one sentence per change out. Nothing is changed
//! silently: a field with no equivalent today stays, and is named.

use crate::core::contract::RequestBody;
use serde_json::{Map, Value};
use std::fmt;

/// One change made to (or one older field found in) a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// The older field's dotted path.
    pub path: String,
    /// Whether the body was changed (false: the field was only named).
    pub changed: bool,
    /// What happened, as a sentence.
    pub sentence: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence)
    }
}

/// A body upgraded from an older shape.
#[derive(Debug, Clone, PartialEq)]
pub struct Upgrade {
    pub body: RequestBody,
    /// In body order; empty when the body was already in today's shape.
    pub changes: Vec<Change>,
}

/// Persona fields renamed since: (older key, key today, what the rename is about).
const RENAMED: [(&str, &str, &str); 2] = [
    ("id", "personaId", "the persona's id"),
    (
        "brainType",
        "llmId",
        "its value works as an LLM id, as Anam's migration notes say",
    ),
];

/// Persona fields with no equivalent in today's contract, and what to do instead.
const RETIRED: [(&str, &str); 3] = [
    (
        "personaPreset",
        "presets chose a face and a voice together; pick an avatar and a voice instead",
    ),
    (
        "personality",
        "describe the character in the system prompt instead",
    ),
    ("fillerPhrases", "today's contract has no filler phrases"),
];

/// Whether `body` has a field of an older shape.
pub fn is_older(body: &RequestBody) -> bool {
    !upgrade(body).changes.is_empty()
}

/// `body` in today's shape, with each change.
pub fn upgrade(body: &RequestBody) -> Upgrade {
    let mut root = body.as_map().clone();
    let mut changes = Vec::new();
    if let Some(Value::Object(persona)) = root.get_mut("personaConfig") {
        for (old, new, about) in RENAMED {
            rename(persona, old, new, about, &mut changes);
        }
        for (old, instead) in RETIRED {
            if persona.contains_key(old) {
                changes.push(Change {
                    path: format!("personaConfig.{old}"),
                    changed: false,
                    sentence: format!(
                        "`{old}` is from an older API and has no equivalent today: left as it is ({instead})."
                    ),
                });
            }
        }
    }
    if let Some(expires) = root.shift_remove("expiresIn") {
        changes.push(Change {
            path: "expiresIn".into(),
            changed: true,
            sentence: format!(
                "`expiresIn` ({expires}) is no longer part of the request: removed (a token now lasts the API's default, one hour)."
            ),
        });
    }
    changes.sort_by_key(|c| position(body, &c.path));
    Upgrade {
        body: RequestBody::from_map(root),
        changes,
    }
}

/// Renames `old` to `new` in place; when both are there, the older one goes only if it says
/// the same.
fn rename(
    persona: &mut Map<String, Value>,
    old: &str,
    new: &str,
    about: &str,
    changes: &mut Vec<Change>,
) {
    let Some(index) = index_of(persona, old) else {
        return;
    };
    let path = format!("personaConfig.{old}");
    match persona.get(new) {
        None => {
            let value = persona.shift_remove(old).expect("the key is there");
            persona.shift_insert(index, new.to_string(), value);
            changes.push(Change {
                path,
                changed: true,
                sentence: format!("`{old}` is now `{new}`: moved ({about})."),
            });
        }
        Some(current) if Some(current) == persona.get(old) => {
            persona.shift_remove(old);
            changes.push(Change {
                path,
                changed: true,
                sentence: format!(
                    "`{old}` is now `{new}`, and the body has both with the same value: removed `{old}`."
                ),
            });
        }
        Some(current) => {
            let sentence = format!(
                "`{old}` is now `{new}`, and the body has both with different values ({} and {current}): left as they are; remove one.",
                persona[old]
            );
            changes.push(Change {
                path,
                changed: false,
                sentence,
            });
        }
    }
}

/// Where `path` is in `body` (document order of its top-level key, then of its key within
/// `personaConfig`), so changes are listed as the body reads.
fn position(body: &RequestBody, path: &str) -> (usize, usize) {
    let map = body.as_map();
    match path.split_once('.') {
        Some((top, key)) => (
            index_of(map, top).unwrap_or(usize::MAX),
            map.get(top)
                .and_then(Value::as_object)
                .and_then(|m| index_of(m, key))
                .unwrap_or(usize::MAX),
        ),
        None => (index_of(map, path).unwrap_or(usize::MAX), 0),
    }
}

fn index_of(map: &Map<String, Value>, key: &str) -> Option<usize> {
    map.keys().position(|k| k == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> RequestBody {
        RequestBody::parse(text.as_bytes()).unwrap()
    }

    #[test]
    fn an_older_stateful_body_is_upgraded_in_place_with_each_change_said() {
        let up = upgrade(&body(
            r#"{"expiresIn": "12h", "clientLabel": "x", "personaConfig": {"id": "p-1", "name": "n"}}"#,
        ));
        assert_eq!(
            up.body.to_value().to_string(),
            r#"{"clientLabel":"x","personaConfig":{"personaId":"p-1","name":"n"}}"#
        );
        let sentences: Vec<_> = up.changes.iter().map(|c| c.sentence.as_str()).collect();
        assert_eq!(
            sentences,
            [
                "`expiresIn` (\"12h\") is no longer part of the request: removed (a token now lasts the API's default, one hour).",
                "`id` is now `personaId`: moved (the persona's id).",
            ]
        );
    }

    #[test]
    fn brain_type_moves_to_llm_id_keeping_its_place_and_value() {
        let up = upgrade(&body(
            r#"{"personaConfig": {"avatarId": "a", "brainType": "ANAM_GPT_4O_MINI_V1", "systemPrompt": "s"}}"#,
        ));
        assert_eq!(
            up.body.to_value().to_string(),
            r#"{"personaConfig":{"avatarId":"a","llmId":"ANAM_GPT_4O_MINI_V1","systemPrompt":"s"}}"#
        );
        assert_eq!(
            up.changes[0].to_string(),
            "`brainType` is now `llmId`: moved (its value works as an LLM id, as Anam's migration notes say)."
        );
        assert_eq!(up.changes[0].path, "personaConfig.brainType");
    }

    #[test]
    fn both_spellings_are_merged_only_when_they_agree() {
        let same = upgrade(&body(
            r#"{"personaConfig": {"llmId": "l", "brainType": "l"}}"#,
        ));
        assert_eq!(
            same.body.to_value().to_string(),
            r#"{"personaConfig":{"llmId":"l"}}"#
        );
        assert!(same.changes[0].changed);
        let differ = upgrade(&body(
            r#"{"personaConfig": {"llmId": "l", "brainType": "m"}}"#,
        ));
        assert_eq!(
            differ.body.to_value().to_string(),
            r#"{"personaConfig":{"llmId":"l","brainType":"m"}}"#
        );
        assert!(!differ.changes[0].changed);
        assert!(
            differ.changes[0].sentence.contains("(\"m\" and \"l\")"),
            "{}",
            differ.changes[0]
        );
    }

    #[test]
    fn retired_fields_stay_and_are_named() {
        let up = upgrade(&body(
            r#"{"personaConfig": {"personaPreset": "eva", "personality": "p", "fillerPhrases": ["hm"]}}"#,
        ));
        assert_eq!(up.changes.len(), 3);
        assert!(up.changes.iter().all(|c| !c.changed));
        assert_eq!(
            up.body,
            body(
                r#"{"personaConfig": {"personaPreset": "eva", "personality": "p", "fillerPhrases": ["hm"]}}"#,
            )
        );
        assert!(
            up.changes[0]
                .sentence
                .starts_with("`personaPreset` is from an older API")
        );
    }

    #[test]
    fn todays_bodies_are_left_alone() {
        for name in [
            "cartesia-calm-support.json",
            "elevenlabs-v2-sales-demo.json",
            "fish-audio-french-tutor.json",
            "stateful-persona.json",
        ] {
            let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("presets")
                .join(name);
            let b = body(&std::fs::read_to_string(path).unwrap());
            let up = upgrade(&b);
            assert!(up.changes.is_empty(), "{name}: {:?}", up.changes);
            assert_eq!(up.body, b);
            assert!(!is_older(&b));
        }
    }
}
