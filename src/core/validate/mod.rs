//! Validation: a pure function from a body to the problems in it.

use crate::core::contract::fields::{self, EPHEMERAL_CORE, Scope, ValueIssue};
use crate::core::contract::pages;
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
                    let model = root
                        .get(fields::PERSONA)
                        .and_then(|p| p.get("avatarModel"))
                        .and_then(Value::as_str);
                    check_session_options(options, model, out);
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

fn check_session_options(options: &Map<String, Value>, model: Option<&str>, out: &mut Out) {
    newer::video_size(options, model, out);
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
        || path == pages::DIRECTOR_NOTES
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
        } else if path == pages::DIRECTOR_NOTES {
            if let Some(notes) = object(value, &path, out) {
                check_plain_object(notes, &path, out);
                let model = persona.get("avatarModel").and_then(Value::as_str);
                newer::director_notes(notes, model, out);
            }
        } else {
            check_plain_object(&single(key, value), fields::PERSONA, out);
            if path == pages::TOOLS
                && let Some(list) = value.as_array()
            {
                tools::check(list, out);
            }
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

mod newer;
mod tools;

#[cfg(test)]
mod newer_tests;

#[cfg(test)]
mod tests;
