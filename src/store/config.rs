//! The config file: custom environments (never a key), read and written atomically.

use crate::core::environment::Config;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    #[error("{}: {source}", path.display())]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Where the config file is: `ANAM_STUDIO_CONFIG` if set, else `config.json` in the platform's
/// config folder (`~/.config/anam-studio` on Linux), as the app reads it.
pub fn default_path() -> PathBuf {
    super::paths::config_path()
}

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
pub fn save(config: &Config, path: &Path) -> Result<(), ConfigError> {
    let io = |source| ConfigError::Io {
        path: path.to_path_buf(),
        source,
    };
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(io)?;
    }
    let mut text = serde_json::to_string_pretty(config).unwrap_or_default();
    text.push('\n');
    crate::store::preset::write_atomic(path, text.as_bytes()).map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::environment::Target;

    #[test]
    fn config_round_trips_and_holds_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/config.json");
        assert_eq!(load(&path).unwrap(), Config::default());
        let mut c = Config::default();
        c.upsert(None, "Demo", "https://demo.example.com").unwrap();
        save(&c, &path).unwrap();
        assert_eq!(load(&path).unwrap(), c);
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
        let c = load(&path).unwrap();
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
        let err = load(&path).unwrap_err().to_string();
        assert!(err.ends_with("config.json:2:20: expected value"), "{err}");
    }
}
