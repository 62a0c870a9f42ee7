//! Where tokens are minted, and which key is used there.

use crate::api;
use crate::secrets::{self, ApiKey};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Environment {
    /// The in-process sandbox server: no account and no key needed.
    #[default]
    Sandbox,
    /// The real Anam API.
    Production,
}

/// The key the sandbox is sent (it accepts any non-empty key).
pub const SANDBOX_KEY: &str = "sandbox-demo-key";

impl Environment {
    pub const ALL: [Environment; 2] = [Environment::Sandbox, Environment::Production];

    pub fn name(self) -> &'static str {
        match self {
            Environment::Sandbox => "Sandbox",
            Environment::Production => "Production",
        }
    }

    /// A line for the picker's tooltip.
    pub fn describe(self) -> &'static str {
        match self {
            Environment::Sandbox => {
                "A fake Anam API inside this app: it validates bodies and signs real test tokens. No account or key needed."
            }
            Environment::Production => {
                "The real Anam API at https://api.anam.ai, with your API key."
            }
        }
    }

    /// The base URL, given where the in-process sandbox listens.
    pub fn base_url(self, sandbox_url: &str) -> String {
        match self {
            Environment::Sandbox => sandbox_url.to_string(),
            Environment::Production => api::PRODUCTION_URL.to_string(),
        }
    }

    /// The key to send, or the sentence that says how to provide one.
    pub fn key(self) -> Result<ApiKey, String> {
        match self {
            Environment::Sandbox => ApiKey::new(SANDBOX_KEY).map_err(|e| e.to_string()),
            Environment::Production => ApiKey::from_env().ok_or_else(|| {
                format!(
                    "No API key for Production: set {} before starting anam-studio.",
                    secrets::ENV_VAR
                )
            }),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
