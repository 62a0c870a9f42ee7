//! Pushing the form to a saved persona, or comparing with one: where it stands, and which
//! persona each preset was pushed to in this run.

use crate::core::environment::{self, Environment};
use crate::core::persona::Plan;
use std::collections::HashMap;

/// Where the window is.
#[derive(Debug, Clone, Default)]
pub enum Stage {
    /// Create a persona, or pick one to update.
    #[default]
    Choose,
    /// Fetching the persona with this id.
    Loading(String),
    Ready(Box<Plan>),
    Pushing(Box<Plan>),
    Failed(String),
}

/// The push (or comparison) under way, and the pushes of this run.
#[derive(Default)]
pub struct Push {
    /// The environment it was started on (the push goes there).
    pub env: String,
    /// Production: the persona's name must be typed.
    pub guarded: bool,
    /// "Compare with saved persona": nothing can be pushed from here.
    pub read_only: bool,
    pub stage: Stage,
    /// (preset, environment) → the persona it was pushed to in this run.
    pushed: HashMap<(String, String), String>,
}

impl Push {
    /// Starts a push (or a comparison) on `env`.
    pub fn start(&mut self, env: &Environment, read_only: bool) {
        self.env = env.name.clone();
        self.guarded =
            env.name == environment::PRODUCTION || env.base_url("") == environment::PRODUCTION_URL;
        self.read_only = read_only;
        self.stage = Stage::Choose;
    }

    pub fn pushed(&mut self, preset: &str, env: &str, id: &str) {
        let key = (preset.to_string(), env.to_string());
        self.pushed.insert(key, id.to_string());
    }

    pub fn pushed_id(&self, preset: &str, env: &str) -> Option<String> {
        let key = (preset.to_string(), env.to_string());
        self.pushed.get(&key).cloned()
    }
}
