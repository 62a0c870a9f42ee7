//! The request model for `POST /v1/auth/session-token`.
//!
//! The body is kept as an order-preserving JSON object, so a preset loaded and saved untouched comes
//! back byte for byte, and fields this tool does not know stay where they were. Fields are read and
//! written by their dotted path; what each path means is written once, in [`fields::FIELDS`].

pub mod count;
pub mod duplicates;
pub mod fields;
pub mod numbers;
pub mod pages;
mod rows;
mod spec;
pub mod voice;

use serde_json::{Map, Value};
use std::fmt;

pub use fields::{FIELDS, FieldSpec, Kind, Scope, Source};
pub use voice::{VoiceProvider, VoiceProviders, infer_provider};

/// Stateful (an existing persona by id) or ephemeral (the persona configured in the body).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum Mode {
    Stateful,
    Ephemeral,
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Mode::Stateful => "Stateful",
            Mode::Ephemeral => "Ephemeral",
        })
    }
}

/// A JSON text that could not be read, with the place it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{line}:{column}: {message}")]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl From<serde_json::Error> for JsonError {
    fn from(e: serde_json::Error) -> Self {
        // serde_json appends " at line L column C"; we report the place separately.
        let text = e.to_string();
        let message = match text.rfind(" at line ") {
            Some(i) => text[..i].to_string(),
            None => text,
        };
        JsonError {
            line: e.line(),
            column: e.column(),
            message,
        }
    }
}

/// The body of a session-token request: a JSON object, in its original key order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RequestBody(Map<String, Value>);

impl RequestBody {
    pub fn new() -> Self {
        Self::default()
    }

    /// Parses a body. A UTF-8 byte-order mark is skipped; the root must be an object, of at most
    /// [`count::MAX_VALUES`] values.
    pub fn parse(bytes: &[u8]) -> Result<Self, JsonError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        count::check(bytes)?;
        let mut value = serde_json::from_slice::<Value>(bytes)?;
        numbers::restore_texts(&mut value, bytes);
        match value {
            Value::Object(map) => Ok(RequestBody(map)),
            other => Err(JsonError {
                line: 1,
                column: 1,
                message: format!(
                    "a request body must be a JSON object, not {}",
                    type_name(&other)
                ),
            }),
        }
    }

    pub fn from_map(map: Map<String, Value>) -> Self {
        RequestBody(map)
    }

    pub fn as_map(&self) -> &Map<String, Value> {
        &self.0
    }

    pub fn into_value(self) -> Value {
        Value::Object(self.0)
    }

    pub fn to_value(&self) -> Value {
        Value::Object(self.0.clone())
    }

    /// Pretty JSON (two-space indent) with a trailing newline: the preset file format.
    pub fn to_pretty(&self) -> String {
        let mut s = serde_json::to_string_pretty(&self.0).unwrap_or_else(|_| "{}".into());
        s.push('\n');
        s
    }

    /// The value at a dotted path, if present.
    pub fn get(&self, path: &str) -> Option<&Value> {
        let mut parts = path.split('.');
        let mut cur = self.0.get(parts.next()?)?;
        for part in parts {
            cur = cur.as_object()?.get(part)?;
        }
        Some(cur)
    }

    pub fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Sets the value at a dotted path. An existing key keeps its place; a new key goes last.
    /// Missing parents are created; a parent that is not an object is replaced by one.
    pub fn set(&mut self, path: &str, value: Value) {
        let mut map = &mut self.0;
        let mut parts = path.split('.').peekable();
        while let Some(part) = parts.next() {
            if parts.peek().is_none() {
                match map.get_mut(part) {
                    Some(slot) => *slot = value,
                    None => {
                        map.insert(part.to_string(), value);
                    }
                }
                return;
            }
            let slot = map
                .entry(part.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !slot.is_object() {
                *slot = Value::Object(Map::new());
            }
            map = match slot {
                Value::Object(m) => m,
                _ => unreachable!("slot was just made an object"),
            };
        }
    }

    /// Sets a number, written as an integer when it is whole (`1`, not `1.0`).
    pub fn set_number(&mut self, path: &str, x: f64) {
        self.set(path, number(x));
    }

    /// Removes the value at a path; parents left empty by the removal are removed too.
    pub fn remove(&mut self, path: &str) -> Option<Value> {
        fn go(map: &mut Map<String, Value>, parts: &[&str]) -> Option<Value> {
            let (first, rest) = parts.split_first()?;
            if rest.is_empty() {
                return map.shift_remove(*first);
            }
            let child = map.get_mut(*first)?.as_object_mut()?;
            let removed = go(child, rest);
            if removed.is_some() && child.is_empty() {
                map.shift_remove(*first);
            }
            removed
        }
        let parts: Vec<&str> = path.split('.').collect();
        go(&mut self.0, &parts)
    }

    /// Stateful when `personaConfig.personaId` is present, else ephemeral.
    pub fn mode(&self) -> Mode {
        if self.contains("personaConfig.personaId") {
            Mode::Stateful
        } else {
            Mode::Ephemeral
        }
    }

    /// Replaces `personaConfig` (absent when `None`), keeping its place in the body, and returns
    /// the old one. Used to switch modes while keeping both drafts.
    pub fn replace_persona_config(&mut self, config: Option<Value>) -> Option<Value> {
        match config {
            Some(config) => {
                let old = self.0.get(fields::PERSONA).cloned();
                self.set(fields::PERSONA, config);
                old
            }
            None => self.0.shift_remove(fields::PERSONA),
        }
    }

    /// The voice provider(s) the `voiceGenerationOptions` fit.
    pub fn voice_providers(&self) -> VoiceProviders {
        match self.get(fields::VOICE_GENERATION) {
            Some(Value::Object(options)) => infer_provider(options),
            _ => VoiceProviders::ALL,
        }
    }
}

/// A JSON number for `x`: an integer when `x` is whole and exactly representable.
pub fn number(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 9_007_199_254_740_992.0 {
        Value::from(x as i64)
    } else {
        serde_json::Number::from_f64(x)
            .map(Value::Number)
            .unwrap_or(Value::Null)
    }
}

/// Every ISO 639-1 language as `(code, English name)`, sorted by name.
pub fn languages() -> &'static [(&'static str, &'static str)] {
    static LIST: std::sync::LazyLock<Vec<(&'static str, &'static str)>> =
        std::sync::LazyLock::new(|| {
            let mut list: Vec<_> = isolang::languages()
                .filter_map(|l| Some((l.to_639_1()?, l.to_name())))
                .collect();
            list.sort_by_key(|&(_, name)| name);
            list
        });
    &LIST
}

/// The English name of an ISO 639-1 code.
pub fn language_name(code: &str) -> Option<&'static str> {
    isolang::Language::from_639_1(code).map(|l| l.to_name())
}

/// "a string", "an object", ... for messages.
pub fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn body(v: Value) -> RequestBody {
        RequestBody(v.as_object().unwrap().clone())
    }

    #[test]
    fn set_keeps_place_and_appends_new_keys() {
        let mut b = body(json!({"a": 1, "personaConfig": {"x": 1, "name": "A"}, "z": 2}));
        b.set("personaConfig.name", json!("B"));
        b.set("personaConfig.llmId", json!("l"));
        assert_eq!(
            b.to_value().to_string(),
            r#"{"a":1,"personaConfig":{"x":1,"name":"B","llmId":"l"},"z":2}"#
        );
    }

    #[test]
    fn set_creates_parents() {
        let mut b = RequestBody::new();
        b.set(
            "sessionOptions.sessionReplay.enableSessionReplay",
            json!(false),
        );
        assert_eq!(
            b.to_value(),
            json!({"sessionOptions": {"sessionReplay": {"enableSessionReplay": false}}})
        );
    }

    #[test]
    fn remove_prunes_empty_parents_only() {
        let mut b = body(
            json!({"sessionOptions": {"sessionReplay": {"enableSessionReplay": true}, "videoQuality": "high"}}),
        );
        b.remove("sessionOptions.sessionReplay.enableSessionReplay");
        assert_eq!(
            b.to_value(),
            json!({"sessionOptions": {"videoQuality": "high"}})
        );
        b.remove("sessionOptions.videoQuality");
        assert_eq!(b.to_value(), json!({}));
        assert_eq!(b.remove("nothing.here"), None);
    }

    #[test]
    fn whole_numbers_are_written_as_integers() {
        assert_eq!(number(1.0).to_string(), "1");
        assert_eq!(number(0.55).to_string(), "0.55");
        assert_eq!(number(-3.0).to_string(), "-3");
        assert_eq!(number(f64::NAN), Value::Null);
    }

    #[test]
    fn mode_follows_persona_id() {
        assert_eq!(
            body(json!({"personaConfig": {"personaId": "p"}})).mode(),
            Mode::Stateful
        );
        assert_eq!(
            body(json!({"personaConfig": {"name": "p"}})).mode(),
            Mode::Ephemeral
        );
        assert_eq!(RequestBody::new().mode(), Mode::Ephemeral);
    }

    #[test]
    fn parse_reports_line_and_column() {
        let err = RequestBody::parse(b"{\n  \"a\": 1,\n  \"b\" 2\n}").unwrap_err();
        assert_eq!((err.line, err.column), (3, 7));
        assert!(err.message.contains("expected `:`"), "{}", err.message);
        let err = RequestBody::parse(b"[1]").unwrap_err();
        assert!(err.message.contains("not an array"));
    }

    #[test]
    fn parse_skips_a_bom() {
        assert!(RequestBody::parse(b"\xEF\xBB\xBF{}").is_ok());
    }

    #[test]
    fn the_language_list_is_iso_639_1() {
        let list = languages();
        assert!(list.len() > 180, "{}", list.len());
        assert!(list.contains(&("fr", "French")));
        assert!(list.iter().all(|(code, _)| code.len() == 2));
        assert_eq!(language_name("de"), Some("German"));
    }

    #[test]
    fn null_absent_and_empty_stay_distinct() {
        for text in [
            "{\n  \"personaConfig\": {\n    \"initialMessage\": null\n  }\n}\n",
            "{\n  \"personaConfig\": {\n    \"initialMessage\": \"\"\n  }\n}\n",
            "{\n  \"personaConfig\": {}\n}\n",
        ] {
            assert_eq!(
                RequestBody::parse(text.as_bytes()).unwrap().to_pretty(),
                text
            );
        }
    }
}
