//! Environments: where tokens are minted. Sandbox and Production are built in; custom ones (a
//! name and a base URL) live in the app's config file, which never holds a key.

use super::base_url;
use std::fmt;

/// Where the real API lives.
pub const PRODUCTION_URL: &str = "https://api.anam.ai";

/// Where an environment's requests go.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Target {
    /// The in-process sandbox server: no account and no key needed.
    Sandbox,
    /// An API at a base URL.
    Url(String),
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Environment {
    pub name: String,
    pub target: Target,
}

/// The key the sandbox is sent when none is stored for it (it accepts any non-empty key).
pub const SANDBOX_KEY: &str = "sandbox-demo-key";
pub const SANDBOX: &str = "Sandbox";
pub const PRODUCTION: &str = "Production";

impl Environment {
    pub fn sandbox() -> Self {
        Environment {
            name: SANDBOX.into(),
            target: Target::Sandbox,
        }
    }

    pub fn production() -> Self {
        Environment {
            name: PRODUCTION.into(),
            target: Target::Url(PRODUCTION_URL.into()),
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.target == Target::Sandbox
    }

    /// Sandbox and Production cannot be edited or removed.
    pub fn is_builtin(&self) -> bool {
        self.name == SANDBOX || self.name == PRODUCTION
    }

    /// The base URL, given where the in-process sandbox listens.
    pub fn base_url(&self, sandbox_url: &str) -> String {
        match &self.target {
            Target::Sandbox => sandbox_url.to_string(),
            Target::Url(url) => url.clone(),
        }
    }

    /// The keychain account for this environment: its base URL (`sandbox` for the sandbox,
    /// whose port changes every run).
    pub fn key_account(&self) -> String {
        match &self.target {
            Target::Sandbox => "sandbox".into(),
            Target::Url(url) => base_url::account_for(url),
        }
    }

    /// A line for the picker's tooltip.
    pub fn describe(&self) -> String {
        match &self.target {
            Target::Sandbox => {
                "A fake Anam API inside this app: it validates bodies and signs real test tokens. No account or key needed.".into()
            }
            Target::Url(url) => url.clone(),
        }
    }
}

impl fmt::Display for Environment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.name)
    }
}

/// The config file: custom environments (never a key).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    #[serde(default)]
    pub environments: Vec<CustomEnvironment>,
    /// A local copy of the browser SDK (`anam.js`) for the demo page; absent: fetched from npm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_file: Option<std::path::PathBuf>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomEnvironment {
    pub name: String,
    pub base_url: String,
}

impl Config {
    /// Sandbox, Production, then the custom environments whose base URL passes the check (see
    /// [`Config::problems`] for the others, which stay in the file).
    pub fn environments(&self) -> Vec<Environment> {
        let mut all = vec![Environment::sandbox(), Environment::production()];
        all.extend(self.environments.iter().filter_map(|c| {
            let url = base_url::normalize(&c.base_url).ok()?;
            Some(Environment {
                name: c.name.clone(),
                target: Target::Url(url),
            })
        }));
        all
    }

    /// A sentence for each custom environment that is left out because its base URL does not
    /// pass the check (edited by hand, or written by an older version). The entry stays in the
    /// file, so fixing the file brings it back.
    pub fn problems(&self) -> Vec<String> {
        self.environments
            .iter()
            .filter_map(|c| {
                let e = base_url::normalize(&c.base_url).err()?;
                Some(format!("The environment \"{}\" is left out: {e}", c.name))
            })
            .collect()
    }

    /// Adds or replaces (by `old_name`) a custom environment, after checking it.
    pub fn upsert(
        &mut self,
        old_name: Option<&str>,
        name: &str,
        base_url: &str,
    ) -> Result<(), String> {
        let name = name.trim();
        if name.is_empty() {
            return Err("An environment needs a name.".into());
        }
        if name == SANDBOX || name == PRODUCTION {
            return Err(format!("\"{name}\" is built in: choose another name."));
        }
        if self
            .environments
            .iter()
            .any(|e| e.name == name && Some(e.name.as_str()) != old_name)
        {
            return Err(format!("An environment named \"{name}\" already exists."));
        }
        let url = base_url::check(base_url).map_err(|e| e.to_string())?;
        let entry = CustomEnvironment {
            name: name.to_string(),
            base_url: url.as_str().trim_end_matches('/').to_string(),
        };
        match old_name.and_then(|old| self.environments.iter_mut().find(|e| e.name == old)) {
            Some(existing) => *existing = entry,
            None => self.environments.push(entry),
        }
        Ok(())
    }

    pub fn remove(&mut self, name: &str) {
        self.environments.retain(|e| e.name != name);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_ins_come_first_and_cannot_be_shadowed() {
        let mut c = Config::default();
        c.upsert(None, "Staging", "https://staging.example.com/")
            .unwrap();
        let names: Vec<String> = c.environments().into_iter().map(|e| e.name).collect();
        assert_eq!(names, ["Sandbox", "Production", "Staging"]);
        assert_eq!(c.environments[0].base_url, "https://staging.example.com");
        assert!(
            c.upsert(None, "Production", "https://x.example.com")
                .is_err()
        );
        assert!(c.upsert(None, "Staging", "https://y.example.com").is_err());
        assert!(
            c.upsert(None, "Plain", "http://example.com")
                .unwrap_err()
                .contains("plain http://")
        );
        c.upsert(Some("Staging"), "Staging 2", "https://s2.example.com")
            .unwrap();
        assert_eq!(c.environments.len(), 1);
        c.remove("Staging 2");
        assert!(c.environments.is_empty());
    }
}
