//! What a mint asked for beside what its session ran with: the request body sent to
//! `POST /v1/auth/session-token` and the `personaConfig` snapshot `GET /v1/sessions/{id}` returns
//! (taken when the session started, in the engine's own names), field by field with the form's
//! labels, so a setting that silently had no effect is seen.
//!
//! The snapshot is read back into the request's shape through [`SNAPSHOT_NAMES`] (the keys whose
//! names differ, written once; every other key keeps its name) and the two bodies go through
//! [`crate::core::compare::rows`], the same field-by-field view as "Compare with saved file".
//! The session's own `clientLabel` and `personaId` stand beside the request's.
//!
//! Pure: no disk, no network.

use super::SessionDetail;
use crate::core::compare::{self, Row};
use crate::core::contract::FIELDS;
use crate::core::contract::fields;
use crate::core::contract::pages::{DIRECTOR_NOTES, DIRECTOR_NOTES_MODEL, takes_director_notes};
use crate::core::shown::shown;
use serde_json::{Map, Value};

/// How the snapshot reports a request field whose key differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reported {
    /// The same value under another name: compared.
    Renamed(&'static str),
    /// Another value that stands for it (the provider's voice id for Anam's, the LLM's settings
    /// for its id): shown beside it, not compared; `why` says what it is.
    AsOther {
        key: &'static str,
        why: &'static str,
    },
}

/// Request key under `personaConfig` → where the snapshot reports it. Keys not listed keep
/// their name (`name`, `systemPrompt`, `skipGreeting`, `zeroDataRetention`, `languageCode`,
/// `voiceDetectionOptions`, `voiceGenerationOptions`, `maxSessionLengthSeconds`, `tools`, …).
pub const SNAPSHOT_NAMES: &[(&str, Reported)] = &[
    ("avatarModel", Reported::Renamed("avatarVersion")),
    (
        "voiceId",
        Reported::AsOther {
            key: "ttsProviderVoiceId",
            why: "the voice provider's own id for the voice",
        },
    ),
    (
        "llmId",
        Reported::AsOther {
            key: "llmConfig",
            why: "the LLM's settings, not its id",
        },
    ),
];

/// The request's top-level object the snapshot does not cover.
const SESSION_OPTIONS: &str = "sessionOptions";

/// What became of one field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Asked for, and the session ran with it.
    Same,
    /// Asked for one value, ran with another.
    Differs,
    /// Asked for, and not in the snapshot: it had no effect, or the session does not say.
    Missing,
    /// Not asked for: what the session ran with anyway (a default, or the saved persona's).
    OnlyRan,
    /// Shown side by side, not compared: the snapshot reports it in another form, or not at all.
    Unchecked,
}

impl Verdict {
    /// Whether the row is worth a mark: asked for, and not what the session ran with.
    pub fn marked(self) -> bool {
        matches!(self, Verdict::Differs | Verdict::Missing)
    }

    /// A few words for the row's mark.
    pub fn text(self) -> &'static str {
        match self {
            Verdict::Same => "same",
            Verdict::Differs => "differs",
            Verdict::Missing => "asked but not in the snapshot",
            Verdict::OnlyRan => "only in the snapshot",
            Verdict::Unchecked => "not compared",
        }
    }
}

/// One field: what was asked, what the session ran with.
#[derive(Debug, Clone, PartialEq)]
pub struct Compared {
    /// The form's label (the field table's), or the key for a field the form does not have.
    pub label: String,
    /// The request's dotted path (a snapshot-only key: `personaConfig.` and its key).
    pub path: String,
    /// Whether the field table has the path.
    pub known: bool,
    /// The value shown, or "not set".
    pub asked: String,
    /// The value shown, or "not reported" / "not applied (…)".
    pub ran_with: String,
    pub verdict: Verdict,
    /// Why, where it is known: the snapshot's own name, or why a field was not applied.
    pub note: Option<String>,
}

pub const NOT_SET: &str = "not set";
pub const NOT_REPORTED: &str = "not reported";

/// A value as a row shows it: a string as it is (escapes for control characters, `""` when
/// empty), anything else as compact JSON.
pub fn shown_value(value: &Value) -> String {
    match value {
        Value::String(s) if s.is_empty() => "\"\"".into(),
        Value::String(s) => shown(s),
        other => shown(&other.to_string()),
    }
}

/// The request body `asked` beside the session's snapshot, field by field in form order (then
/// the snapshot's keys the form does not have). Empty when the session reports no snapshot.
pub fn asked_and_ran(asked: &Value, session: &SessionDetail) -> Vec<Compared> {
    let Some(Value::Object(snapshot)) = &session.persona_config else {
        return Vec::new();
    };
    let mut persona = snapshot.clone();
    let mut elsewhere: Vec<(&str, &str, &str, Value)> = Vec::new();
    for (request, reported) in SNAPSHOT_NAMES {
        match *reported {
            Reported::Renamed(key) => {
                if let Some(v) = persona.remove(key) {
                    persona.insert((*request).to_string(), v);
                }
            }
            Reported::AsOther { key, why } => {
                if let Some(v) = persona.remove(key) {
                    elsewhere.push((request, key, why, v));
                }
            }
        }
    }
    if let Some(id) = &session.summary.persona_id {
        persona.insert("personaId".into(), Value::from(id.clone()));
    }
    let mut ran = Map::new();
    if let Some(label) = &session.summary.client_label {
        ran.insert("clientLabel".into(), Value::from(label.clone()));
    }
    ran.insert(fields::PERSONA.into(), Value::Object(persona));
    let ran = Value::Object(ran);
    // The model the session ran with (else the one asked for): director notes need Cara 4.
    let model = ran
        .pointer("/personaConfig/avatarModel")
        .or_else(|| asked.pointer("/personaConfig/avatarModel"))
        .and_then(Value::as_str)
        .map(str::to_string);

    let mut out: Vec<Compared> = compare::rows(asked, &ran)
        .into_iter()
        .map(|row| one(row, model.as_deref()))
        .collect();
    for (request, key, why, value) in elsewhere {
        let path = format!("{}.{request}", fields::PERSONA);
        let note = Some(format!("reported as {key}: {why}"));
        match out.iter_mut().find(|c| c.path == path) {
            Some(row) => {
                row.ran_with = shown_value(&value);
                row.verdict = Verdict::Unchecked;
                row.note = note;
            }
            None => out.push(Compared {
                label: fields::spec(&path).map_or(path.clone(), |s| s.long_label()),
                known: fields::spec(&path).is_some(),
                path,
                asked: NOT_SET.into(),
                ran_with: shown_value(&value),
                verdict: Verdict::OnlyRan,
                note,
            }),
        }
    }
    out.sort_by_cached_key(|r| {
        FIELDS
            .iter()
            .position(|f| f.path == r.path)
            .unwrap_or(FIELDS.len())
    });
    out
}

/// One row of [`compare::rows`] (asked on the left, ran with on the right) with its verdict.
fn one(row: Row, model: Option<&str>) -> Compared {
    let verdict = match (&row.left, &row.right) {
        (Some(_), Some(_)) if row.same() => Verdict::Same,
        (Some(_), Some(_)) => Verdict::Differs,
        (Some(_), None) if row.path.starts_with(&format!("{SESSION_OPTIONS}.")) => {
            Verdict::Unchecked
        }
        (Some(_), None) => Verdict::Missing,
        (None, _) => Verdict::OnlyRan,
    };
    let mut note = None;
    let ran_with = match &row.right {
        Some(v) => shown_value(v),
        None if verdict == Verdict::Unchecked => {
            note =
                Some("the snapshot holds the persona's settings, not the session options".into());
            NOT_REPORTED.into()
        }
        None if row.path.starts_with(&format!("{DIRECTOR_NOTES}.")) => {
            match model.filter(|m| !takes_director_notes(m)) {
                Some(m) => {
                    note = Some(format!(
                        "director notes apply only to {} avatars; others have them stripped",
                        model_name(DIRECTOR_NOTES_MODEL)
                    ));
                    format!("not applied ({} avatar)", model_name(m))
                }
                None => NOT_REPORTED.into(),
            }
        }
        None => NOT_REPORTED.into(),
    };
    let label = match row.known {
        true => row.label,
        // A key of the snapshot's own: its path below personaConfig.
        false => (row.path.strip_prefix(&format!("{}.", fields::PERSONA)))
            .map_or_else(|| shown(&row.path), shown),
    };
    Compared {
        label,
        known: row.known,
        asked: row.left.as_ref().map_or(NOT_SET.into(), shown_value),
        ran_with,
        verdict,
        note,
        path: row.path,
    }
}

/// `cara-3` → "Cara 3", `cara-4-latest` → "Cara 4 latest".
pub fn model_name(model: &str) -> String {
    let words = model.trim().replace('-', " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// One sentence on the rows: how many were asked for and not run with, or that all were.
pub fn summary(rows: &[Compared]) -> String {
    let count = |v: Verdict| rows.iter().filter(|r| r.verdict == v).count();
    let (differs, missing) = (count(Verdict::Differs), count(Verdict::Missing));
    let asked = rows.iter().filter(|r| r.asked != NOT_SET).count();
    let plural = |n: usize, one: &str, many: &str| match n {
        1 => format!("1 {one}"),
        n => format!("{n} {many}"),
    };
    match (differs, missing) {
        (0, 0) if asked == 0 => {
            "Nothing was asked for beyond the persona; below is what the session ran with.".into()
        }
        (0, 0) => "Every setting asked for is what the session ran with (where it says).".into(),
        _ => {
            let mut parts = Vec::new();
            if missing > 0 {
                parts.push(plural(
                    missing,
                    "setting asked for is not in what the session ran with",
                    "settings asked for are not in what the session ran with",
                ));
            }
            if differs > 0 {
                parts.push(plural(
                    differs,
                    "ran with another value",
                    "ran with other values",
                ));
            }
            let mut text = parts.join("; ");
            text.push('.');
            text
        }
    }
}

#[cfg(test)]
mod tests;
