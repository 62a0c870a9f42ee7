//! Validation: a pure function from a body to the problems in it.

use crate::core::contract::fields::{self, EPHEMERAL_CORE, Scope, ValueIssue};
use crate::core::contract::voice::is_known_key;
use crate::core::contract::{VoiceProvider, infer_provider, type_name};
use serde_json::{Map, Value};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The API would reject the body.
    Error,
    /// The body is accepted but probably not what was meant.
    Warning,
}

/// One thing wrong with a body, at a dotted JSON path (`""` for the body itself).
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    pub path: String,
    pub severity: Severity,
    pub message: String,
}

impl Problem {
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = if self.path.is_empty() {
            "body"
        } else {
            &self.path
        };
        write!(f, "{path}: {}", self.message)
    }
}

/// What the caller knows beyond the body.
#[derive(Debug, Clone, Copy, Default)]
pub struct Hints {
    /// The voice provider the user picked: voice options are then checked against it alone.
    pub voice_provider: Option<VoiceProvider>,
}

/// The problems in `body`, errors first, each group in body order.
pub fn validate(body: &Value) -> Vec<Problem> {
    validate_with(body, Hints::default())
}

/// Like [`validate`], with hints from the form.
pub fn validate_with(body: &Value, hints: Hints) -> Vec<Problem> {
    let mut out = Out(Vec::new());
    match body {
        Value::Object(root) => check_root(root, hints, &mut out),
        other => out.error(
            "",
            format!("expected a JSON object, found {}", type_name(other)),
        ),
    }
    suspect_durations(body, &mut out);
    let mut problems = out.0;
    problems.sort_by_key(|p| p.severity);
    problems
}

/// A duration the contract allows but no one means: a number of seconds that is 0 or less (the
/// contract sets no minimum, so it is a warning, and the body is sent as it is).
fn suspect_durations(body: &Value, out: &mut Out) {
    for spec in fields::FIELDS
        .iter()
        .filter(|f| f.kind == fields::Kind::Number && f.unit == Some("s"))
    {
        let pointer = format!("/{}", spec.path.replace('.', "/"));
        if let Some(n) = body.pointer(&pointer).and_then(Value::as_number)
            && n.as_f64().is_some_and(|x| x <= 0.0)
        {
            out.warning(
                spec.path,
                format!(
                    "{n} s: a session this short ends as soon as it starts. The contract sets no minimum, so it is sent as it is."
                ),
            );
        }
    }
}

/// Whether any problem is an error.
pub fn has_errors(problems: &[Problem]) -> bool {
    problems.iter().any(Problem::is_error)
}

struct Out(Vec<Problem>);

impl Out {
    fn push(&mut self, path: &str, severity: Severity, message: String) {
        self.0.push(Problem {
            path: path.to_string(),
            severity,
            message,
        });
    }
    fn error(&mut self, path: &str, message: String) {
        self.push(path, Severity::Error, message);
    }
    fn warning(&mut self, path: &str, message: String) {
        self.push(path, Severity::Warning, message);
    }
    fn issue(&mut self, path: &str, issue: ValueIssue) {
        self.error(path, issue.to_string());
    }
    fn unknown(&mut self, path: &str) {
        self.warning(
            path,
            "unknown field: it is sent as it is, but the contract does not define it".into(),
        );
    }
}

fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

/// An object at `path`, or a type error.
fn object<'a>(value: &'a Value, path: &str, out: &mut Out) -> Option<&'a Map<String, Value>> {
    match value {
        Value::Object(map) => Some(map),
        other => {
            out.error(
                path,
                format!("expected an object, found {}", type_name(other)),
            );
            None
        }
    }
}

/// Checks each key of an object whose children are plain fields of the table.
fn check_plain_object(map: &Map<String, Value>, parent: &str, out: &mut Out) {
    for (key, value) in map {
        let path = join(parent, key);
        match fields::spec(&path) {
            Some(spec) => {
                if let Err(issue) = spec.check(value) {
                    out.issue(&path, issue);
                }
            }
            None => out.unknown(&path),
        }
    }
}

fn check_root(root: &Map<String, Value>, hints: Hints, out: &mut Out) {
    for (key, value) in root {
        match key.as_str() {
            fields::PERSONA => {
                if let Some(persona) = object(value, key, out) {
                    check_persona(persona, hints, out);
                }
            }
            fields::SESSION_OPTIONS => {
                if let Some(options) = object(value, key, out) {
                    check_session_options(options, out);
                }
            }
            _ => check_plain_object(&single(key, value), "", out),
        }
    }
    if !root.contains_key(fields::PERSONA) {
        out.warning(
            fields::PERSONA,
            "not set: the session has no persona (set personaId, or avatarId, voiceId, llmId and systemPrompt)".into(),
        );
    }
}

fn single(key: &str, value: &Value) -> Map<String, Value> {
    let mut m = Map::new();
    m.insert(key.to_string(), value.clone());
    m
}

fn check_session_options(options: &Map<String, Value>, out: &mut Out) {
    for (key, value) in options {
        let path = join(fields::SESSION_OPTIONS, key);
        if path == fields::SESSION_REPLAY {
            if let Some(replay) = object(value, &path, out) {
                check_plain_object(replay, &path, out);
            }
        } else {
            check_plain_object(&single(key, value), fields::SESSION_OPTIONS, out);
        }
    }
}

/// Keys of `personaConfig` that belong to the ephemeral form.
fn is_ephemeral_key(key: &str) -> bool {
    let path = join(fields::PERSONA, key);
    path == fields::VOICE_DETECTION
        || path == fields::VOICE_GENERATION
        || fields::spec(&path).is_some_and(|s| s.scope == Scope::Ephemeral)
}

fn check_persona(persona: &Map<String, Value>, hints: Hints, out: &mut Out) {
    let stateful = persona.contains_key("personaId");
    if persona
        .get("personaId")
        .and_then(Value::as_str)
        .is_some_and(|id| id.trim().is_empty())
    {
        out.error(
            &join(fields::PERSONA, "personaId"),
            "empty: enter the ID of a persona you have created".into(),
        );
    }
    if stateful {
        let mixed: Vec<&str> = persona
            .keys()
            .map(String::as_str)
            .filter(|k| is_ephemeral_key(k))
            .collect();
        if !mixed.is_empty() {
            out.error(
                fields::PERSONA,
                format!(
                    "personaId (a stateful persona) cannot be combined with ephemeral fields ({}): remove personaId, or remove them",
                    mixed.join(", ")
                ),
            );
        }
    }
    for (key, value) in persona {
        let path = join(fields::PERSONA, key);
        if path == fields::VOICE_DETECTION {
            if let Some(options) = object(value, &path, out) {
                check_plain_object(options, &path, out);
            }
        } else if path == fields::VOICE_GENERATION {
            if let Some(options) = object(value, &path, out) {
                check_voice(options, hints, out);
            }
        } else {
            check_plain_object(&single(key, value), fields::PERSONA, out);
            if key == "avatarModel" && value.as_str().is_some_and(|m| m.ends_with("-latest")) {
                out.warning(
                    &path,
                    "models with the '-latest' suffix are invite only".into(),
                );
            }
        }
    }
    if !stateful {
        let missing: Vec<&str> = EPHEMERAL_CORE
            .into_iter()
            .filter(|k| !persona.contains_key(*k))
            .collect();
        for key in &missing {
            out.warning(
                &join(fields::PERSONA, key),
                format!(
                    "not set: an ephemeral persona is configured by {}",
                    EPHEMERAL_CORE.join(", ")
                ),
            );
        }
    }
}

fn check_voice(options: &Map<String, Value>, hints: Hints, out: &mut Out) {
    let base = fields::VOICE_GENERATION;
    let mut field_errors = false;
    for (key, value) in options {
        let path = join(base, key);
        if !is_known_key(key) {
            out.unknown(&path);
            continue;
        }
        if let Some(provider) = hints.voice_provider {
            match fields::voice_field(provider, key) {
                Some(spec) => {
                    if let Err(issue) = spec.check(value) {
                        out.issue(&path, issue);
                    }
                }
                None => out.error(&path, format!("{provider} has no `{key}` option")),
            }
            continue;
        }
        // Without a chosen provider, a value is wrong on its own only when every provider that
        // has the field rejects it; report it against the widest range.
        let specs: Vec<_> = fields::at_path(&path).collect();
        let issues: Vec<ValueIssue> = specs.iter().filter_map(|s| s.check(value).err()).collect();
        if issues.len() == specs.len() {
            field_errors = true;
            out.issue(&path, widest(issues));
        }
    }
    if hints.voice_provider.is_none() && !field_errors && infer_provider(options).is_empty() {
        let reasons: Vec<String> = VoiceProvider::ALL
            .iter()
            .filter_map(|p| p.rejects(options).map(|r| format!("{p}: {r}")))
            .collect();
        out.error(
            base,
            format!(
                "no voice provider accepts these options together ({})",
                reasons.join("; ")
            ),
        );
    }
}

/// Of the providers' objections to one value, the one with the widest bound.
fn widest(issues: Vec<ValueIssue>) -> ValueIssue {
    issues
        .into_iter()
        .reduce(|a, b| match (&a, &b) {
            (ValueIssue::AboveMaximum { max: x, .. }, ValueIssue::AboveMaximum { max: y, .. })
                if y > x =>
            {
                b
            }
            (ValueIssue::BelowMinimum { min: x, .. }, ValueIssue::BelowMinimum { min: y, .. })
                if y < x =>
            {
                b
            }
            _ => a,
        })
        .expect("a known key has at least one spec")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::contract::{FIELDS, Kind, number};
    use serde_json::json;

    fn errors(body: Value) -> Vec<String> {
        validate(&body)
            .into_iter()
            .filter(Problem::is_error)
            .map(|p| p.to_string())
            .collect()
    }

    fn warnings(body: Value) -> Vec<String> {
        validate(&body)
            .into_iter()
            .filter(|p| !p.is_error())
            .map(|p| p.to_string())
            .collect()
    }

    /// A complete, valid ephemeral body with `path` set to `value`.
    fn with(path: &str, value: Value) -> Value {
        let mut body = crate::core::contract::RequestBody::parse(
            br#"{"personaConfig":{"avatarId":"a","voiceId":"v","llmId":"l","systemPrompt":"s"}}"#,
        )
        .unwrap();
        body.set(path, value);
        body.into_value()
    }

    #[test]
    fn the_issue_example_reads_as_written() {
        let e = errors(with(
            "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity",
            json!(1.5),
        ));
        assert_eq!(
            e,
            [
                "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity: 1.5 is above the maximum 1"
            ]
        );
    }

    #[test]
    fn every_range_accepts_its_bounds_and_rejects_just_outside() {
        for spec in FIELDS {
            let Kind::Range { min, max, .. } = spec.kind else {
                continue;
            };
            let provider = match spec.scope {
                Scope::Voice(p) => Some(p),
                _ => None,
            };
            let check = |x: f64| {
                validate_with(
                    &with(spec.path, number(x)),
                    Hints {
                        voice_provider: provider,
                    },
                )
                .into_iter()
                .filter(Problem::is_error)
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
            };
            assert_eq!(check(min), Vec::<String>::new(), "{} at min", spec.path);
            assert_eq!(check(max), Vec::<String>::new(), "{} at max", spec.path);
            assert_eq!(
                check((min + max) / 2.0),
                Vec::<String>::new(),
                "{} mid",
                spec.path
            );
            let below = check(min - 0.01);
            assert_eq!(below.len(), 1, "{} below min: {below:?}", spec.path);
            assert!(
                below[0].starts_with(spec.path)
                    && below[0].contains(&format!("below the minimum {min}")),
                "{below:?}"
            );
            let above = check(max + 0.01);
            assert_eq!(above.len(), 1, "{} above max: {above:?}", spec.path);
            assert!(
                above[0].contains(&format!("above the maximum {max}")),
                "{above:?}"
            );
        }
    }

    #[test]
    fn wrong_types_are_named() {
        assert_eq!(
            errors(with("personaConfig.skipGreeting", json!("yes"))),
            ["personaConfig.skipGreeting: expected true or false, found a string"]
        );
        assert_eq!(
            errors(with("clientLabel", json!(3))),
            ["clientLabel: expected a string, found a number"]
        );
        assert_eq!(
            errors(with("personaConfig.voiceDetectionOptions", json!([]))),
            ["personaConfig.voiceDetectionOptions: expected an object, found an array"]
        );
        assert_eq!(
            errors(json!([])),
            ["body: expected a JSON object, found an array"]
        );
        assert_eq!(
            errors(with("personaConfig.initialMessage", json!(null))),
            Vec::<String>::new()
        );
        assert_eq!(
            errors(with("personaConfig.initialMessage", json!(""))),
            Vec::<String>::new()
        );
    }

    #[test]
    fn enums_and_language_codes() {
        assert_eq!(
            errors(with("personaConfig.avatarModel", json!("cara-9"))),
            ["personaConfig.avatarModel: \"cara-9\" is not one of cara-2, cara-3, cara-4-latest"]
        );
        assert_eq!(
            errors(with("sessionOptions.videoQuality", json!("low"))),
            ["sessionOptions.videoQuality: \"low\" is not one of high, auto"]
        );
        assert!(errors(with("personaConfig.languageCode", json!("fr"))).is_empty());
        assert_eq!(
            errors(with("personaConfig.languageCode", json!("xx"))),
            [
                "personaConfig.languageCode: \"xx\" is not an ISO 639-1 language code (such as \"en\" or \"fr\")"
            ]
        );
        assert_eq!(
            errors(with("personaConfig.languageCode", json!("EN"))),
            ["personaConfig.languageCode: \"EN\" must be lower case: \"en\""]
        );
        assert_eq!(
            errors(with("personaConfig.languageCode", json!("eng"))).len(),
            1
        );
        assert!(
            warnings(with("personaConfig.avatarModel", json!("cara-4-latest")))
                .iter()
                .any(|w| w.contains("invite only"))
        );
    }

    #[test]
    fn persona_id_mixed_with_ephemeral_fields() {
        let e = errors(
            json!({"personaConfig": {"personaId": "p", "avatarId": "a", "voiceDetectionOptions": {}}}),
        );
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("personaConfig: personaId (a stateful persona) cannot be combined with ephemeral fields (avatarId, voiceDetectionOptions)"), "{e:?}");
        assert!(
            validate(&json!({"personaConfig": {"personaId": "p"}, "clientLabel": "qa"})).is_empty()
        );
        assert_eq!(
            errors(json!({"personaConfig": {"personaId": " "}})),
            ["personaConfig.personaId: empty: enter the ID of a persona you have created"]
        );
    }

    #[test]
    fn voice_options_no_provider_accepts() {
        let e = errors(with(
            "personaConfig.voiceGenerationOptions",
            json!({"style": 0.2, "emotion": "sad"}),
        ));
        assert_eq!(e.len(), 1);
        assert!(e[0].starts_with("personaConfig.voiceGenerationOptions: no voice provider accepts these options together"), "{e:?}");
        assert!(e[0].contains("Cartesia Sonic-3: has no `style`"), "{e:?}");
        let e = errors(with(
            "personaConfig.voiceGenerationOptions",
            json!({"stability": 0.5, "speed": 1.3}),
        ));
        assert!(
            e[0].contains("ElevenLabs V2: speed: 1.3 is above the maximum 1.2"),
            "{e:?}"
        );
    }

    #[test]
    fn voice_values_no_provider_allows_are_reported_at_the_field() {
        assert_eq!(
            errors(with(
                "personaConfig.voiceGenerationOptions.speed",
                json!(2.5)
            )),
            ["personaConfig.voiceGenerationOptions.speed: 2.5 is above the maximum 2"]
        );
        assert_eq!(
            errors(with(
                "personaConfig.voiceGenerationOptions.speed",
                json!(0.4)
            )),
            ["personaConfig.voiceGenerationOptions.speed: 0.4 is below the minimum 0.5"]
        );
        assert_eq!(
            errors(with(
                "personaConfig.voiceGenerationOptions.emotion",
                json!("happy")
            )),
            [
                "personaConfig.voiceGenerationOptions.emotion: \"happy\" is not one of neutral, calm, angry, content, sad, scared"
            ]
        );
    }

    #[test]
    fn ambiguous_provider_is_valid() {
        assert!(
            errors(with(
                "personaConfig.voiceGenerationOptions",
                json!({"speed": 1, "volume": 1})
            ))
            .is_empty()
        );
    }

    #[test]
    fn a_chosen_provider_checks_strictly() {
        let body = with(
            "personaConfig.voiceGenerationOptions",
            json!({"speed": 1.4, "style": 0}),
        );
        let hinted = validate_with(
            &body,
            Hints {
                voice_provider: Some(VoiceProvider::CartesiaSonic3),
            },
        );
        let text: Vec<String> = hinted.iter().map(ToString::to_string).collect();
        assert_eq!(
            text,
            ["personaConfig.voiceGenerationOptions.style: Cartesia Sonic-3 has no `style` option"]
        );
        let hinted = validate_with(
            &body,
            Hints {
                voice_provider: Some(VoiceProvider::ElevenLabsV2),
            },
        );
        assert_eq!(
            hinted[0].to_string(),
            "personaConfig.voiceGenerationOptions.speed: 1.4 is above the maximum 1.2"
        );
    }

    #[test]
    fn warnings_do_not_fail() {
        let w = warnings(json!({"personaConfig": {"name": "x", "pitch": 2}, "extra": true}));
        assert!(w.contains(&"personaConfig.pitch: unknown field: it is sent as it is, but the contract does not define it".to_string()), "{w:?}");
        assert!(w.iter().any(|p| p.starts_with("extra: unknown field")));
        assert_eq!(
            w.iter()
                .filter(|p| p.contains("not set: an ephemeral persona"))
                .count(),
            4
        );
        assert!(
            errors(json!({"personaConfig": {"name": "x", "pitch": 2}, "extra": true})).is_empty()
        );
    }
}
