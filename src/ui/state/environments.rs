//! The environments: the config as last read or saved, and the selected one.

use crate::core::environment::{self, Config, Environment};

/// The environments: the config as last read or saved, the list built from it once per change,
/// and the selected one.
pub struct Environments {
    config: Config,
    list: Vec<Environment>,
    pub selected: String,
}

impl Environments {
    /// Before the config is read: the built-in environments, and the one selected last time
    /// (kept if the config, once read, has it).
    pub fn new(selected: Option<String>) -> Self {
        let config = Config::default();
        let list = config.environments();
        let selected = selected.unwrap_or_else(|| environment::SANDBOX.to_string());
        Environments {
            config,
            list,
            selected,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the config (read at start, or changed in Settings).
    pub fn set_config(&mut self, config: Config) {
        self.list = config.environments();
        self.config = config;
        if !self.list.iter().any(|e| e.name == self.selected) {
            self.selected = environment::SANDBOX.to_string();
        }
    }

    pub fn list(&self) -> &[Environment] {
        &self.list
    }

    /// The selected environment.
    pub fn current(&self) -> &Environment {
        self.list
            .iter()
            .find(|e| e.name == self.selected)
            .unwrap_or(&self.list[0])
    }
}
