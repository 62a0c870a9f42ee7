//! Pushing an ephemeral preset to a saved persona: which `personaConfig` fields a persona keeps,
//! what the persona has now and what it will have (field by field, with the form's labels from
//! [`compare`]), the body `POST /v1/personas` or `PUT /v1/personas/{id}` is sent, and the
//! Production guard (the persona's name, typed).
//!
//! The persona's create/update shape uses the same keys as `personaConfig` for the fields both
//! have (`docs/anam-api.md`), so the mapping is a list of keys. An update sends only the
//! top-level fields whose value differs; an object field (`voiceGenerationOptions`,
//! `voiceDetectionOptions`) is sent whole, so the result is the same whether the API merges or
//! replaces it; so is `toolIds` (the update page: it "replaces any existing tool
//! associations"). Inline tools (`personaConfig.tools`) and director notes have no place in a
//! saved persona: they are left out with the reason. Pull is
//! [`PersonaDetail::to_ephemeral_body`].
//!
//! Pure: no disk, no network.

use crate::core::catalog::PersonaDetail;
use crate::core::compare::{self, Row, same_value};
use crate::core::contract::{Mode, RequestBody, fields};
use crate::core::shown::shown;
use serde_json::{Map, Value};

/// The `personaConfig` fields a saved persona has, in form order: what a push sends.
pub const PUSHED: [&str; 12] = [
    "name",
    "avatarId",
    "avatarModel",
    "voiceId",
    "llmId",
    "systemPrompt",
    "skipGreeting",
    "languageCode",
    "voiceDetectionOptions",
    "voiceGenerationOptions",
    "zeroDataRetention",
    "toolIds",
];

/// The `personaConfig` fields a saved persona cannot take, with why (one sentence each).
const CANNOT_PUSH: [(&str, &str, &str); 2] = [
    (
        "tools",
        "Tools",
        "a saved persona refers to tools by id, so tools defined inline cannot be pushed: save them as tools in the account (POST /v1/tools) and list their ids under Saved tools (toolIds).",
    ),
    (
        "directorNotes",
        "Director notes",
        "director notes apply to a session only: the persona's create and update bodies have no such field.",
    ),
];

/// Why a preset cannot be pushed, in one sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PushError {
    #[error(
        "This preset is stateful (it names persona {0}): a push needs an ephemeral preset, whose personaConfig holds the settings."
    )]
    Stateful(String),
    #[error("This preset has no personaConfig settings to push.")]
    Empty,
    #[error("{label} ({path}) cannot be pushed: {reason}.")]
    BadValue {
        label: String,
        path: String,
        reason: String,
    },
}

/// A field of the preset that a push does not send: one a saved persona does not keep (it
/// applies per session; `reason` is `None`), or one it cannot take (`reason` says why, in one
/// sentence).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeftOut {
    pub path: String,
    pub label: String,
    pub reason: Option<String>,
}

impl LeftOut {
    fn per_session(path: String) -> LeftOut {
        LeftOut {
            label: fields::spec(&path).map_or_else(|| path.clone(), |s| s.long_label()),
            path,
            reason: None,
        }
    }
}

/// What the fields left out are, as lines: the per-session ones together ("Not pushed (a saved
/// persona does not keep them; they apply per session): Label (path), …"), then each one that
/// cannot be pushed with its reason ("Not pushed: Tools (personaConfig.tools): a saved persona
/// refers to tools by id, …"). Names and paths are [`shown`].
pub fn describe_left_out(left_out: &[LeftOut]) -> Vec<String> {
    let name = |l: &LeftOut| format!("{} ({})", shown(&l.label), shown(&l.path));
    let per_session: Vec<String> = left_out
        .iter()
        .filter(|l| l.reason.is_none())
        .map(name)
        .collect();
    let mut lines = Vec::new();
    if !per_session.is_empty() {
        lines.push(format!(
            "Not pushed (a saved persona does not keep them; they apply per session): {}",
            per_session.join(", ")
        ));
    }
    for l in left_out {
        if let Some(reason) = &l.reason {
            lines.push(format!("Not pushed: {}: {reason}", name(l)));
        }
    }
    lines
}

/// Create a persona, or update one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Create,
    Update { id: String },
}

/// The write a plan comes down to, for the worker or the CLI to send.
#[derive(Debug, Clone, PartialEq)]
pub enum Push {
    /// `POST /v1/personas` with these settings.
    Create { settings: Map<String, Value> },
    /// `PUT /v1/personas/{persona_id}` with only these fields.
    Update {
        persona_id: String,
        changes: Map<String, Value>,
    },
}

/// What a push will do, before anything is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub target: Target,
    /// The persona's name now (an update) or the one it will have (a create); may be empty.
    pub name: String,
    /// What the persona has now, as an ephemeral body (`{"personaConfig": {...}}`); empty for a
    /// create.
    pub current: Value,
    /// What it will have after the push, in the same shape.
    pub future: Value,
    /// The request body: every pushed field for a create, only the changed ones for an update.
    pub send: Map<String, Value>,
    /// The preset's fields that are not sent, with their labels.
    pub left_out: Vec<LeftOut>,
}

impl Plan {
    /// The fields that change, with the form's labels (current → future).
    pub fn changes(&self) -> Vec<Row> {
        compare::differences(&self.current, &self.future)
    }

    /// Every field of either side, changed or not.
    pub fn rows(&self) -> Vec<Row> {
        compare::rows(&self.current, &self.future)
    }

    /// The request to send; `None` for an update that changes nothing.
    pub fn push(&self) -> Option<Push> {
        match &self.target {
            Target::Create => Some(Push::Create {
                settings: self.send.clone(),
            }),
            Target::Update { .. } if self.send.is_empty() => None,
            Target::Update { id } => Some(Push::Update {
                persona_id: id.clone(),
                changes: self.send.clone(),
            }),
        }
    }

    /// An update that would change nothing (nothing is sent then).
    pub fn is_noop(&self) -> bool {
        matches!(self.target, Target::Update { .. }) && self.send.is_empty()
    }

    /// What the guard in Production asks to be typed: the persona's name, or its id when it has
    /// none (a create without a name asks for "new persona").
    pub fn guard_phrase(&self) -> String {
        match (&self.target, self.name.trim()) {
            (_, name) if !name.is_empty() => name.to_string(),
            (Target::Update { id }, _) => id.clone(),
            (Target::Create, _) => "new persona".into(),
        }
    }

    /// The diff as lines for a terminal: a heading, `Label (path): now → then` for each change,
    /// and the fields left out. Names, ids and keys are [`shown`] (escapes never act).
    pub fn describe(&self, environment: &str) -> String {
        let environment = shown(environment);
        let what = match &self.target {
            Target::Create => format!("Create a persona in {environment}"),
            Target::Update { id } => format!("Update persona {} in {environment}", shown(id)),
        };
        let mut text = match self.name.trim() {
            "" => format!("{what}:\n"),
            name => format!("{what} (\"{}\"):\n", shown(name)),
        };
        let changes = self.changes();
        if changes.is_empty() {
            text.push_str("  no changes: the persona already has these settings\n");
        }
        for row in changes {
            text.push_str(&format!("  {row}\n"));
        }
        for line in describe_left_out(&self.left_out) {
            text.push_str(&line);
            text.push('\n');
        }
        text
    }
}

/// The preset's pushed fields (checked against the contract) and the ones left out.
pub fn settings(preset: &RequestBody) -> Result<(Map<String, Value>, Vec<LeftOut>), PushError> {
    if preset.mode() == Mode::Stateful {
        let id = preset
            .get("personaConfig.personaId")
            .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string))
            .unwrap_or_default();
        return Err(PushError::Stateful(id));
    }
    let config = match preset.get(fields::PERSONA) {
        Some(Value::Object(map)) => map.clone(),
        _ => Map::new(),
    };
    let mut pushed = Map::new();
    let mut left_out = Vec::new();
    for (key, value) in &config {
        let path = format!("{}.{key}", fields::PERSONA);
        if let Some((_, label, reason)) = CANNOT_PUSH.iter().find(|(k, ..)| k == key) {
            left_out.push(LeftOut {
                path,
                label: label.to_string(),
                reason: Some(reason.to_string()),
            });
            continue;
        }
        if !PUSHED.contains(&key.as_str()) {
            left_out.push(LeftOut::per_session(path));
            continue;
        }
        check(&path, value)?;
        pushed.insert(key.clone(), value.clone());
    }
    // The rest of the body (clientLabel, sessionOptions) is about a session, not a persona.
    for key in preset.as_map().keys().filter(|k| *k != fields::PERSONA) {
        left_out.push(LeftOut::per_session(key.clone()));
    }
    if pushed.is_empty() {
        return Err(PushError::Empty);
    }
    // Form order, whatever order the preset has them in.
    let mut ordered = Map::new();
    for key in PUSHED {
        if let Some(v) = pushed.remove(key) {
            ordered.insert(key.to_string(), v);
        }
    }
    Ok((ordered, left_out))
}

/// A pushed value, and every leaf of an object one, against the contract's field table.
fn check(path: &str, value: &Value) -> Result<(), PushError> {
    match value {
        Value::Object(map) => map
            .iter()
            .try_for_each(|(k, v)| check(&format!("{path}.{k}"), v)),
        // Voice generation fields have one spec per provider: a value any of them takes passes.
        // A field the contract does not describe inside an options object: the API judges.
        _ => match fields::at_path(path)
            .map(|spec| (spec, spec.check(value)))
            .find(|(_, r)| r.is_ok())
        {
            Some(_) => Ok(()),
            None => match fields::spec(path) {
                Some(spec) => Err(PushError::BadValue {
                    label: spec.long_label(),
                    path: path.to_string(),
                    reason: spec
                        .check(value)
                        .err()
                        .map(|i| i.to_string())
                        .unwrap_or_default(),
                }),
                None => Ok(()),
            },
        },
    }
}

/// `{"personaConfig": config}`, or `{}` when there is nothing (an empty object would show in
/// the diff as a field of its own).
fn body(config: Map<String, Value>) -> Value {
    let mut root = Map::new();
    if !config.is_empty() {
        root.insert(fields::PERSONA.into(), Value::Object(config));
    }
    Value::Object(root)
}

/// A new persona with the preset's settings.
pub fn plan_create(preset: &RequestBody) -> Result<Plan, PushError> {
    let (send, left_out) = settings(preset)?;
    Ok(Plan {
        target: Target::Create,
        name: send
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string(),
        current: body(Map::new()),
        future: body(send.clone()),
        send,
        left_out,
    })
}

/// An update of `persona` (as `GET /v1/personas/{id}` gave it) with the preset's settings: only
/// the fields whose value differs are sent. Changing the voice without sending
/// `voiceGenerationOptions` resets them at the API (its update page says so), and the future
/// side shows that.
pub fn plan_update(preset: &RequestBody, persona: &PersonaDetail) -> Result<Plan, PushError> {
    let (pushed, left_out) = settings(preset)?;
    let mut current = match persona.to_ephemeral_body().into_value() {
        Value::Object(mut root) => match root.remove(fields::PERSONA) {
            Some(Value::Object(config)) => config,
            _ => Map::new(),
        },
        _ => Map::new(),
    };
    // A pull leaves zero data retention out when it is off (the default); the plan knows it is.
    if persona.zero_data_retention == Some(false) {
        current.insert("zeroDataRetention".into(), Value::Bool(false));
    }
    let send: Map<String, Value> = pushed
        .into_iter()
        .filter(|(key, value)| !unchanged(key, current.get(key), value))
        .collect();
    let mut future = current.clone();
    if send.contains_key("voiceId") && !send.contains_key("voiceGenerationOptions") {
        future.shift_remove("voiceGenerationOptions");
    }
    for (key, value) in &send {
        future.insert(key.clone(), value.clone());
    }
    Ok(Plan {
        target: Target::Update {
            id: persona.summary.id.clone(),
        },
        name: persona.summary.name.clone(),
        current: body(current),
        future: body(future),
        send,
        left_out,
    })
}

/// Whether pushing `value` for `key` would leave the persona as it is (`now`). Tool ids are a
/// set: the same ids in another order, or none where the persona has none, change nothing.
fn unchanged(key: &str, now: Option<&Value>, value: &Value) -> bool {
    if key == "toolIds" {
        let ids = |v: Option<&Value>| {
            let mut ids: Vec<String> = v
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|id| id.as_str().map_or_else(|| id.to_string(), str::to_string))
                .collect();
            ids.sort();
            ids.dedup();
            ids
        };
        return value.is_array() && ids(now) == ids(Some(value));
    }
    now.is_some_and(|now| same_value(now, value))
}

/// The Production guard: the typed text must be the phrase (the persona's name), ignoring
/// surrounding spaces; anything else is refused with a sentence that says what to type.
pub fn confirm_typed(typed: &str, phrase: &str) -> Result<(), String> {
    if typed.trim() == phrase.trim() && !phrase.trim().is_empty() {
        Ok(())
    } else {
        Err(format!(
            "Not confirmed: type the persona's name \"{}\" exactly to write to Production.",
            phrase.trim()
        ))
    }
}

#[cfg(test)]
mod tests;
