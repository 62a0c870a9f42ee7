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

/// The config file: custom environments (never a key), and the `clientLabel` templates
/// ([`crate::core::label`]). Files written before the templates existed load as they are, and
/// a config without templates is written without them.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    #[serde(default)]
    pub environments: Vec<CustomEnvironment>,
    /// A local copy of the browser SDK (`anam.js`) for the demo page; absent: fetched from npm.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sdk_file: Option<std::path::PathBuf>,
    /// The presets folder chosen in Settings (a team's git clone, say); absent: the app's own.
    /// `ANAM_STUDIO_PRESETS` wins over it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presets_folder: Option<std::path::PathBuf>,
    /// Templates for the built-in environments (and any other), by environment name; a custom
    /// environment's own `clientLabelTemplate` comes first.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub label_templates: std::collections::BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CustomEnvironment {
    pub name: String,
    pub base_url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub client_label_template: Option<String>,
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
            client_label_template: old_name
                .and_then(|old| self.environments.iter().find(|e| e.name == old))
                .and_then(|e| e.client_label_template.clone()),
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

    /// The `clientLabel` template for an environment: a custom one's own, else the one in
    /// `labelTemplates` under its name; blank counts as none.
    pub fn label_template(&self, env_name: &str) -> Option<&str> {
        self.environments
            .iter()
            .find(|e| e.name == env_name)
            .and_then(|e| e.client_label_template.as_deref())
            .or_else(|| self.label_templates.get(env_name).map(String::as_str))
            .map(str::trim)
            .filter(|t| !t.is_empty())
    }

    /// Sets (or with `None`, removes) an environment's template, after checking it: on a custom
    /// environment its own field, else `labelTemplates`.
    pub fn set_label_template(
        &mut self,
        env_name: &str,
        template: Option<&str>,
    ) -> Result<(), String> {
        let template = template.map(str::trim).filter(|t| !t.is_empty());
        if let Some(t) = template {
            super::label::check(t).map_err(|e| e.to_string())?;
        }
        if let Some(custom) = self.environments.iter_mut().find(|e| e.name == env_name) {
            custom.client_label_template = template.map(str::to_string);
            return Ok(());
        }
        match template {
            Some(t) => self
                .label_templates
                .insert(env_name.to_string(), t.to_string()),
            None => self.label_templates.remove(env_name),
        };
        Ok(())
    }

    /// The environment a base URL belongs to (for the CLI, which is given a URL): a custom one
    /// with that URL, Production, or — for a loopback URL no custom environment claims — the
    /// Sandbox (the CLI's sandbox listens on loopback).
    pub fn environment_for_url(&self, url: &str) -> Option<Environment> {
        let url = base_url::normalize(url).ok()?;
        if let Some(e) = self
            .environments()
            .into_iter()
            .skip(2)
            .find(|e| e.target == Target::Url(url.clone()))
        {
            return Some(e);
        }
        if url == PRODUCTION_URL {
            return Some(Environment::production());
        }
        let parsed = base_url::check(&url).ok()?;
        base_url::is_loopback(&parsed).then(Environment::sandbox)
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
    fn label_templates_per_environment_and_old_files_still_load() {
        let old: Config = serde_json::from_str(
            r#"{"environments": [{"name": "Staging", "baseUrl": "https://s.example.com"}]}"#,
        )
        .unwrap();
        assert_eq!(old.label_template("Staging"), None);
        let mut c = old.clone();
        c.set_label_template("Sandbox", Some("studio/{preset}/{time}"))
            .unwrap();
        c.set_label_template("Staging", Some("stage/{user}"))
            .unwrap();
        assert!(
            c.set_label_template("Production", Some("{nope}"))
                .unwrap_err()
                .contains("{nope}")
        );
        assert_eq!(c.label_template("Sandbox"), Some("studio/{preset}/{time}"));
        assert_eq!(c.label_template("Staging"), Some("stage/{user}"));
        assert_eq!(c.label_template("Production"), None);
        c.upsert(Some("Staging"), "Staging", "https://s2.example.com")
            .unwrap();
        assert_eq!(
            c.label_template("Staging"),
            Some("stage/{user}"),
            "kept on edit"
        );
        let text = serde_json::to_string(&c).unwrap();
        assert!(
            text.contains(r#""clientLabelTemplate":"stage/{user}""#),
            "{text}"
        );
        assert!(
            text.contains(r#""labelTemplates":{"Sandbox":"studio/{preset}/{time}"}"#),
            "{text}"
        );
        assert_eq!(serde_json::from_str::<Config>(&text).unwrap(), c);
        c.set_label_template("Sandbox", None).unwrap();
        assert!(
            !serde_json::to_string(&c)
                .unwrap()
                .contains("labelTemplates")
        );
    }

    #[test]
    fn a_base_url_finds_its_environment() {
        let mut c = Config::default();
        c.upsert(None, "Local", "http://127.0.0.1:9000").unwrap();
        let name = |u: &str| c.environment_for_url(u).map(|e| e.name);
        assert_eq!(name("https://api.anam.ai/").as_deref(), Some("Production"));
        assert_eq!(name("http://127.0.0.1:9000").as_deref(), Some("Local"));
        assert_eq!(name("http://127.0.0.1:8787").as_deref(), Some("Sandbox"));
        assert_eq!(name("https://elsewhere.example.com"), None);
    }
}
