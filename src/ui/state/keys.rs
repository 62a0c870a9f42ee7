//! What is known of each environment's API key: where it is stored (read on the worker when
//! Settings opens and after a change), whether there is a keychain at all, and the latest word
//! on it (saved, deleted, tested). The key itself is never held here.

use crate::api::ApiError;
use crate::store::keychain::Stored;
use std::collections::HashMap;

#[derive(Default)]
pub struct Keys {
    /// Where each environment's key is stored (`None`: it has none).
    stored: HashMap<String, Option<Stored>>,
    /// Why there is no keychain, if there is none (known once the keychain was asked).
    pub unavailable: Option<String>,
    /// The environment whose key is being tested.
    pub testing: Option<String>,
    /// The latest word on each environment's key: (sentence, success). A newer one replaces
    /// it; only the selected environment's is shown.
    said: HashMap<String, (String, bool)>,
}

impl Keys {
    /// Where `env`'s key is stored, if it has one.
    pub fn stored(&self, env: &str) -> Option<Stored> {
        self.stored.get(env).copied().flatten()
    }

    /// The latest word on `env`'s key.
    pub fn said(&self, env: &str) -> Option<&(String, bool)> {
        self.said.get(env)
    }

    /// Where each environment's key is stored, as read on the worker.
    pub fn read(&mut self, states: HashMap<String, Option<Stored>>, unavailable: Option<String>) {
        self.stored = states;
        self.unavailable = unavailable;
    }

    /// The latest word on `env`'s key.
    pub fn say(&mut self, env: &str, text: String, ok: bool) {
        if self.testing.as_deref() == Some(env) {
            self.testing = None;
        }
        self.said.insert(env.to_string(), (text, ok));
    }

    /// Forgets the latest word on `env`'s key (a new one is coming).
    pub fn unsay(&mut self, env: &str) {
        self.said.remove(env);
    }

    /// Records the answer to a key test.
    pub fn test_done(&mut self, env: &str, result: Result<(), ApiError>) {
        let (text, ok) = match result {
            Ok(()) => ("valid: the API accepted this key".to_string(), true),
            Err(ApiError::Unauthorized { .. }) => (
                "rejected (401): the API does not accept this key".to_string(),
                false,
            ),
            Err(e) => (e.to_string(), false),
        };
        self.say(env, text, ok);
    }
}
