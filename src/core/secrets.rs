//! The API key type: it never prints itself and is zeroed when dropped.

use secrecy::{ExposeSecret, SecretString};
use std::fmt;

/// The environment variable that overrides any stored key.
pub const ENV_VAR: &str = "ANAM_API_KEY";

/// An Anam API key. `Debug` and `Display` print `***`; the memory is zeroed on drop.
#[derive(Clone)]
pub struct ApiKey(SecretString);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeyError {
    #[error("the API key is empty")]
    Empty,
    #[error("the API key contains spaces or control characters")]
    Malformed,
}

impl ApiKey {
    /// A key from user input: surrounding whitespace and newlines are trimmed; an empty key or one
    /// with inner whitespace is refused.
    pub fn new(text: &str) -> Result<Self, KeyError> {
        let key = text.trim();
        if key.is_empty() {
            return Err(KeyError::Empty);
        }
        if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(KeyError::Malformed);
        }
        Ok(ApiKey(SecretString::from(key)))
    }

    /// The key from `ANAM_API_KEY`, if it is set and not empty.
    pub fn from_env() -> Option<Self> {
        std::env::var(ENV_VAR)
            .ok()
            .and_then(|v| ApiKey::new(&v).ok())
    }

    /// The key itself, for the `Authorization` header and the keychain only.
    pub fn expose(&self) -> &str {
        self.0.expose_secret()
    }

    /// `text` with every occurrence of the key replaced by `***`.
    pub fn scrub(&self, text: &str) -> String {
        text.replace(self.expose(), "***")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

impl fmt::Display for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

impl PartialEq for ApiKey {
    fn eq(&self, other: &Self) -> bool {
        self.expose() == other.expose()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_trimmed_and_checked() {
        assert_eq!(ApiKey::new("  sk-1\n").unwrap().expose(), "sk-1");
        assert_eq!(ApiKey::new(" \n"), Err(KeyError::Empty));
        assert_eq!(ApiKey::new("a b"), Err(KeyError::Malformed));
    }

    #[test]
    fn keys_never_print() {
        let key = ApiKey::new("sk-very-secret").unwrap();
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(format!("{key}"), "***");
        assert_eq!(format!("{:?}", Some(key.clone())), "Some(ApiKey(***))");
        assert_eq!(key.scrub("echo sk-very-secret!"), "echo ***!");
    }
}
