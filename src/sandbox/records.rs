//! What the sandbox remembers for one run, shared between the clones of its [`Config`]: the
//! personas it was given (created or updated), a session for every token it signed, and a log
//! of the requests that wrote or read them (so tests can check what a client sent). Nothing is
//! written to disk; a new sandbox starts empty.
//!
//! [`Config`]: super::Config

use chrono::{DateTime, Utc};
use serde_json::Value;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

/// One request as the sandbox received it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoggedRequest {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    pub query: Option<String>,
    /// The JSON body, when there was one.
    pub body: Option<Value>,
}

/// A session the sandbox made up for a token it signed.
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub id: String,
    pub created: DateTime<Utc>,
    pub client_label: Option<String>,
    /// The persona of a stateful token.
    pub persona_id: Option<String>,
    /// The token body's `personaConfig`, as it was.
    pub persona_config: Value,
    pub api_key_id: String,
    /// How long it "runs": it is live until `created + length`, then ended.
    pub length: Duration,
}

impl SessionRecord {
    pub fn end(&self) -> DateTime<Utc> {
        self.created + chrono::Duration::from_std(self.length).unwrap_or_default()
    }

    pub fn ended(&self, now: DateTime<Utc>) -> bool {
        now >= self.end()
    }
}

#[derive(Debug, Default)]
struct Inner {
    /// Personas in the API's full shape, by id; a catalog persona once updated is here too.
    personas: Vec<Value>,
    sessions: Vec<SessionRecord>,
    requests: Vec<LoggedRequest>,
}

/// The sandbox's memory for a run; clones share it.
#[derive(Debug, Clone, Default)]
pub struct Records(Arc<Mutex<Inner>>);

impl Records {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every logged request so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().requests.clone()
    }

    /// The logged requests with this method whose path starts with `prefix`.
    pub fn requests_to(&self, method: &str, prefix: &str) -> Vec<LoggedRequest> {
        self.requests()
            .into_iter()
            .filter(|r| r.method == method && r.path.starts_with(prefix))
            .collect()
    }

    /// Every session so far, oldest first.
    pub fn sessions(&self) -> Vec<SessionRecord> {
        self.lock().sessions.clone()
    }

    /// The personas given this run (created, or catalog ones updated), in the API's shape.
    pub fn personas(&self) -> Vec<Value> {
        self.lock().personas.clone()
    }

    pub(super) fn log(&self, method: &str, path: &str, query: Option<&str>, body: Option<Value>) {
        self.lock().requests.push(LoggedRequest {
            method: method.to_string(),
            path: path.to_string(),
            query: query.map(str::to_string),
            body,
        });
    }

    pub(super) fn persona(&self, id: &str) -> Option<Value> {
        self.lock()
            .personas
            .iter()
            .find(|p| p.get("id").and_then(Value::as_str) == Some(id))
            .cloned()
    }

    /// Adds a persona, or replaces the one with the same id.
    pub(super) fn put_persona(&self, persona: Value) {
        let id = persona.get("id").cloned();
        let mut inner = self.lock();
        match inner
            .personas
            .iter_mut()
            .find(|p| p.get("id") == id.as_ref())
        {
            Some(slot) => *slot = persona,
            None => inner.personas.push(persona),
        }
    }

    pub(super) fn add_session(&self, session: SessionRecord) {
        self.lock().sessions.push(session);
    }

    pub(super) fn session(&self, id: &str) -> Option<SessionRecord> {
        self.lock().sessions.iter().find(|s| s.id == id).cloned()
    }
}
