//! Environments: where tokens are minted. Sandbox and Production are built in; custom ones (a
//! name and a base URL) live in the app's config file, which never holds a key.

use crate::api;
use std::fmt;
use std::path::Path;

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
            target: Target::Url(api::PRODUCTION_URL.into()),
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
            Target::Url(url) => crate::store::keychain::account_for(url),
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
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomEnvironment {
    pub name: String,
    pub base_url: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {source}", path.display())]
    Io {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: std::path::PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

impl Config {
    /// Reads the config; a missing file is an empty config.
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        match std::fs::read(path) {
            Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
                let e = crate::core::contract::JsonError::from(e);
                ConfigError::Parse {
                    path: path.to_path_buf(),
                    line: e.line,
                    column: e.column,
                    message: e.message,
                }
            }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Config::default()),
            Err(source) => Err(ConfigError::Io {
                path: path.to_path_buf(),
                source,
            }),
        }
    }

    /// Writes the config atomically.
    pub fn save(&self, path: &Path) -> Result<(), ConfigError> {
        let io = |source| ConfigError::Io {
            path: path.to_path_buf(),
            source,
        };
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(io)?;
        }
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        crate::store::preset::write_atomic(path, text.as_bytes()).map_err(io)
    }

    /// Sandbox, Production, then the custom environments whose base URL passes the check (see
    /// [`Config::problems`] for the others, which stay in the file).
    pub fn environments(&self) -> Vec<Environment> {
        let mut all = vec![Environment::sandbox(), Environment::production()];
        all.extend(self.environments.iter().filter_map(|c| {
            let url = api::normalize_base_url(&c.base_url).ok()?;
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
                let e = api::normalize_base_url(&c.base_url).err()?;
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
        let url = api::check_base_url(base_url).map_err(|e| e.to_string())?;
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

    #[test]
    fn config_round_trips_and_holds_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.json");
        assert_eq!(Config::load(&path).unwrap(), Config::default());
        let mut c = Config::default();
        c.upsert(None, "Demo", "https://demo.example.com").unwrap();
        c.save(&path).unwrap();
        assert_eq!(Config::load(&path).unwrap(), c);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text,
            "{\n  \"environments\": [\n    {\n      \"name\": \"Demo\",\n      \"baseUrl\": \"https://demo.example.com\"\n    }\n  ]\n}\n"
        );
    }

    #[test]
    fn a_hand_edited_bad_base_url_is_named_and_left_out_but_kept_in_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(
            &path,
            r#"{"environments": [
                {"name": "Good", "baseUrl": "https://API.good.example.com:443/"},
                {"name": "Evil", "baseUrl": "https://h/'$(touch pwned)'"},
                {"name": "Creds", "baseUrl": "https://me:secret@h.example.com"}
            ]}"#,
        )
        .unwrap();
        let c = Config::load(&path).unwrap();
        let envs = c.environments();
        let names: Vec<&str> = envs.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Sandbox", "Production", "Good"]);
        assert_eq!(
            envs[2].target,
            Target::Url("https://api.good.example.com".into())
        );
        assert_eq!(envs[2].key_account(), "https://api.good.example.com");
        assert_eq!(
            c.problems(),
            [
                "The environment \"Evil\" is left out: \"https://h/'$(touch pwned)'\" is not a usable base URL: it contains a quote (').",
                "The environment \"Creds\" is left out: \"https://***@h.example.com/\" is not a usable base URL: it holds a user name or password (user@host): keep the API key in the keychain instead.",
            ]
        );
        assert_eq!(c.environments.len(), 3, "the bad entries stay in the file");
    }

    #[test]
    fn a_broken_config_names_line_and_column() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.json");
        std::fs::write(&path, "{\n  \"environments\": [,]\n}").unwrap();
        let err = Config::load(&path).unwrap_err().to_string();
        assert!(err.ends_with("config.json:2:20: expected value"), "{err}");
    }
}
