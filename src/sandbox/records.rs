//! What the sandbox remembers for one run, shared between the clones of its [`Config`]: the
//! personas it was given (created or updated), the tools created, a session for every token it signed, and a log
//! of the requests that wrote or read them (so tests can check what a client sent). Of the
//! sessions and of the logged requests it keeps the newest [`MAX_RECORDS`] each (or as many as
//! [`Records::keeping`] says) and forgets older ones, so a long run of mints does not grow it
//! without end. Nothing is written to disk; a new sandbox starts empty.
//!
//! [`Config`]: super::Config

use chrono::{DateTime, Utc};
use serde_json::Value;
use std::collections::VecDeque;
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
    /// What the session ran with: the snapshot `GET /v1/sessions/{id}` returns as its
    /// `personaConfig` (`sandbox/snapshot.rs`).
    pub resolved: Value,
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

/// How many sessions, and logged requests, the sandbox keeps by default: the newest.
pub const MAX_RECORDS: usize = 1000;

#[derive(Debug)]
struct Inner {
    /// How many sessions, and logged requests, are kept.
    keep: usize,
    /// Personas in the API's full shape, by id; a catalog persona once updated is here too.
    personas: Vec<Value>,
    /// Tools created this run, in the API's shape.
    tools: Vec<Value>,
    sessions: VecDeque<SessionRecord>,
    requests: VecDeque<LoggedRequest>,
}

/// The sandbox's memory for a run; clones share it.
#[derive(Debug, Clone)]
pub struct Records(Arc<Mutex<Inner>>);

impl Default for Records {
    fn default() -> Self {
        Records::keeping(MAX_RECORDS)
    }
}

impl Records {
    /// Keeps the newest `keep` sessions and the newest `keep` logged requests (at least one).
    pub fn keeping(keep: usize) -> Records {
        Records(Arc::new(Mutex::new(Inner {
            keep: keep.max(1),
            personas: Vec::new(),
            tools: Vec::new(),
            sessions: VecDeque::new(),
            requests: VecDeque::new(),
        })))
    }

    /// How many sessions, and logged requests, are kept.
    pub fn keeps(&self) -> usize {
        self.lock().keep
    }

    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Every logged request so far, oldest first.
    pub fn requests(&self) -> Vec<LoggedRequest> {
        self.lock().requests.iter().cloned().collect()
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
        self.lock().sessions.iter().cloned().collect()
    }

    /// The personas given this run (created, or catalog ones updated), in the API's shape.
    pub fn personas(&self) -> Vec<Value> {
        self.lock().personas.clone()
    }

    /// The tools created this run, oldest first, in the API's shape.
    pub fn tools(&self) -> Vec<Value> {
        self.lock().tools.clone()
    }

    pub(super) fn put_tool(&self, tool: Value) {
        self.lock().tools.push(tool);
    }

    pub(super) fn log(&self, method: &str, path: &str, query: Option<&str>, body: Option<Value>) {
        let mut inner = self.lock();
        let keep = inner.keep;
        push_bounded(
            &mut inner.requests,
            keep,
            LoggedRequest {
                method: method.to_string(),
                path: path.to_string(),
                query: query.map(str::to_string),
                body,
            },
        );
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
        let mut inner = self.lock();
        let keep = inner.keep;
        push_bounded(&mut inner.sessions, keep, session);
    }

    pub(super) fn session(&self, id: &str) -> Option<SessionRecord> {
        self.lock().sessions.iter().find(|s| s.id == id).cloned()
    }
}

/// Appends `item`, forgetting the oldest beyond `keep`.
fn push_bounded<T>(list: &mut VecDeque<T>, keep: usize, item: T) {
    list.push_back(item);
    while list.len() > keep {
        list.pop_front();
    }
}
