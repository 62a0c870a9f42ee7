//! API keys in the OS keychain, one entry per environment (service `anam-studio`, account = the
//! environment's base URL). When no keychain is available, keys are held in memory for this run
//! only; they are never written to a plaintext file.

use crate::core::secrets::ApiKey;
use keyring_core::{CredentialStore, Entry, Error};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// The keychain service name of every entry.
pub const SERVICE: &str = "anam-studio";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum KeychainError {
    #[error("no keychain is available ({0})")]
    Unavailable(String),
    #[error("the keychain could not {action}: {reason}")]
    Failed {
        action: &'static str,
        reason: String,
    },
}

/// Where keys are kept.
pub struct Keychain {
    store: Result<Arc<CredentialStore>, String>,
    /// Keys held for this run when the keychain is unavailable.
    memory: Mutex<HashMap<String, ApiKey>>,
}

/// Where a key was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stored {
    Keychain,
    /// In memory, because there is no keychain.
    Memory,
}

impl Keychain {
    /// The platform's keychain (Secret Service on Linux). Never fails: an unavailable keychain
    /// is reported by each call, and keys then live in memory.
    pub fn os() -> Keychain {
        let store = match keyring::Entry::store_status() {
            Ok(()) => keyring_core::get_default_store()
                .ok_or_else(|| "the platform store did not initialise".to_string()),
            Err(e) => Err(describe(e)),
        };
        Keychain::from_store(store)
    }

    /// A keychain over a given credential store (e.g. keyring's mock store in tests).
    pub fn with_store(store: Arc<CredentialStore>) -> Keychain {
        Keychain::from_store(Ok(store))
    }

    /// No keychain: keys are held in memory only.
    pub fn unavailable(reason: &str) -> Keychain {
        Keychain::from_store(Err(reason.to_string()))
    }

    fn from_store(store: Result<Arc<CredentialStore>, String>) -> Keychain {
        Keychain {
            store,
            memory: Mutex::new(HashMap::new()),
        }
    }

    /// Why there is no keychain, if there is none.
    pub fn unavailable_reason(&self) -> Option<&str> {
        self.store.as_ref().err().map(String::as_str)
    }

    fn entry(&self, account: &str) -> Result<Entry, KeychainError> {
        let store = self
            .store
            .as_ref()
            .map_err(|r| KeychainError::Unavailable(r.clone()))?;
        Entry::new_in_store(store, SERVICE, account)
            .map_err(|e| unavailable_or(e, "open the entry"))
    }

    fn memory(&self) -> std::sync::MutexGuard<'_, HashMap<String, ApiKey>> {
        self.memory.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// The key stored for `account`, and where it was.
    pub fn get(&self, account: &str) -> Result<Option<(ApiKey, Stored)>, KeychainError> {
        if let Some(key) = self.memory().get(account) {
            return Ok(Some((key.clone(), Stored::Memory)));
        }
        let entry = match self.entry(account) {
            Ok(entry) => entry,
            Err(KeychainError::Unavailable(_)) => return Ok(None),
            Err(e) => return Err(e),
        };
        match entry.get_password() {
            Ok(text) => match ApiKey::new(&text) {
                Ok(key) => Ok(Some((key, Stored::Keychain))),
                Err(_) => Ok(None),
            },
            Err(Error::NoEntry) => Ok(None),
            Err(e) => Err(unavailable_or(e, "read the key")),
        }
    }

    /// Stores a key; without a keychain it is held in memory and `Stored::Memory` says so.
    pub fn set(&self, account: &str, key: &ApiKey) -> Result<Stored, KeychainError> {
        match self.entry(account) {
            Ok(entry) => match entry.set_password(key.expose()) {
                Ok(()) => {
                    self.memory().remove(account);
                    Ok(Stored::Keychain)
                }
                Err(e) => match unavailable_or(e, "save the key") {
                    KeychainError::Unavailable(_) => self.hold(account, key),
                    other => Err(other),
                },
            },
            Err(KeychainError::Unavailable(_)) => self.hold(account, key),
            Err(e) => Err(e),
        }
    }

    fn hold(&self, account: &str, key: &ApiKey) -> Result<Stored, KeychainError> {
        self.memory().insert(account.to_string(), key.clone());
        Ok(Stored::Memory)
    }

    /// Deletes the key for `account`; true when there was one.
    pub fn delete(&self, account: &str) -> Result<bool, KeychainError> {
        let in_memory = self.memory().remove(account).is_some();
        match self.entry(account) {
            Ok(entry) => match entry.delete_credential() {
                Ok(()) => Ok(true),
                Err(Error::NoEntry) => Ok(in_memory),
                Err(e) => Err(unavailable_or(e, "delete the key")),
            },
            Err(KeychainError::Unavailable(_)) => Ok(in_memory),
            Err(e) => Err(e),
        }
    }
}

pub use crate::core::base_url::account_for;

/// Where the key in use came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeySource {
    /// `ANAM_API_KEY`, which overrides everything else.
    EnvVar,
    Keychain,
    /// Held in memory for this run (no keychain).
    Memory,
}

impl KeySource {
    pub fn describe(self) -> &'static str {
        match self {
            KeySource::EnvVar => "from ANAM_API_KEY",
            KeySource::Keychain => "in the keychain",
            KeySource::Memory => "in memory for this run (no keychain)",
        }
    }
}

/// The key for `base_url`, the same way for the app and the command line: `ANAM_API_KEY` when it
/// is set (pass its value as `env_value`), else the keychain entry for the base URL.
pub fn resolve(
    env_value: Option<&str>,
    keychain: &Keychain,
    base_url: &str,
) -> Result<Option<(ApiKey, KeySource)>, KeychainError> {
    if let Some(key) = env_value.and_then(|v| ApiKey::new(v).ok()) {
        return Ok(Some((key, KeySource::EnvVar)));
    }
    Ok(keychain.get(&account_for(base_url))?.map(|(key, stored)| {
        let source = match stored {
            Stored::Keychain => KeySource::Keychain,
            Stored::Memory => KeySource::Memory,
        };
        (key, source)
    }))
}

/// keyring errors as sentences. Never formats the error's payload (it may hold secret bytes).
fn describe(e: &Error) -> String {
    match e {
        Error::NoDefaultStore => "no Secret Service or other keychain is running".into(),
        Error::NoStorageAccess(_) => "the keychain is locked or access was refused".into(),
        Error::PlatformFailure(inner) => {
            // The service's own words (a D-Bus error, say) are for the log (ANAM_STUDIO_LOG=debug),
            // not the window; at the default level a machine without a keychain prints nothing.
            tracing::debug!(detail = %inner, "the keychain service failed");
            "the system's keychain service did not answer".into()
        }
        Error::NoEntry => "no key is stored".into(),
        Error::BadEncoding(_) | Error::BadDataFormat(..) => {
            "the stored key is not valid text".into()
        }
        Error::TooLong(what, max) => format!("the {what} is longer than {max}"),
        Error::Invalid(what, why) => {
            tracing::debug!(%what, detail = %why, "the keychain refused an entry");
            format!("the keychain refused the entry's {what}")
        }
        _ => "the keychain reported an error".into(),
    }
}

fn unavailable_or(e: Error, action: &'static str) -> KeychainError {
    match e {
        Error::NoDefaultStore | Error::PlatformFailure(_) | Error::NoStorageAccess(_) => {
            KeychainError::Unavailable(describe(&e))
        }
        other => KeychainError::Failed {
            action,
            reason: describe(&other),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mock() -> Keychain {
        Keychain::with_store(keyring_core::mock::Store::new().unwrap())
    }

    #[test]
    fn a_key_stored_under_one_spelling_is_found_under_every_other() {
        let k = Keychain::with_store(keyring_core::mock::Store::new().unwrap());
        k.set(
            &account_for("https://API.anam.ai:443/"),
            &ApiKey::new("sk-spelled").unwrap(),
        )
        .unwrap();
        for url in [
            "https://api.anam.ai",
            "https://api.anam.ai/",
            "https://Api.Anam.ai",
        ] {
            let (key, _) = resolve(None, &k, url).unwrap().expect(url);
            assert_eq!(key.expose(), "sk-spelled", "{url}");
        }
        assert_eq!(account_for("https://api.anam.ai/"), "https://api.anam.ai");
        // A URL that cannot be used is only trimmed.
        assert_eq!(account_for(" not a url/ "), "not a url");
    }

    #[test]
    fn set_get_delete_in_a_keychain() {
        let k = mock();
        let key = ApiKey::new("sk-abc").unwrap();
        assert_eq!(k.get("https://api.anam.ai").unwrap(), None);
        assert_eq!(
            k.set("https://api.anam.ai", &key).unwrap(),
            Stored::Keychain
        );
        assert_eq!(
            k.get("https://api.anam.ai").unwrap(),
            Some((key, Stored::Keychain))
        );
        assert_eq!(
            k.get("https://other").unwrap(),
            None,
            "one entry per environment"
        );
        assert!(k.delete("https://api.anam.ai").unwrap());
        assert!(!k.delete("https://api.anam.ai").unwrap());
        assert_eq!(k.get("https://api.anam.ai").unwrap(), None);
    }

    #[test]
    fn resolution_order_env_then_keychain() {
        let k = mock();
        let url = "https://api.anam.ai/";
        assert_eq!(resolve(None, &k, url).unwrap(), None);
        k.set(&account_for(url), &ApiKey::new("sk-keychain").unwrap())
            .unwrap();
        let (key, source) = resolve(None, &k, url).unwrap().unwrap();
        assert_eq!((key.expose(), source), ("sk-keychain", KeySource::Keychain));
        let (key, source) = resolve(Some(" sk-env\n"), &k, url).unwrap().unwrap();
        assert_eq!((key.expose(), source), ("sk-env", KeySource::EnvVar));
        // An empty variable does not count as set.
        let (_, source) = resolve(Some(""), &k, url).unwrap().unwrap();
        assert_eq!(source, KeySource::Keychain);
    }

    #[test]
    fn a_failing_keychain_service_is_said_in_our_words_not_its_own() {
        let raw = "org.freedesktop.DBus.Error.ServiceUnknown: The name org.freedesktop.secrets was not provided by any .service files";
        let failure = Error::PlatformFailure(Box::new(std::io::Error::other(raw)));
        assert_eq!(
            describe(&failure),
            "the system's keychain service did not answer"
        );
        let invalid = Error::Invalid("service".into(), "zbus: empty attribute".into());
        assert_eq!(
            describe(&invalid),
            "the keychain refused the entry's service"
        );
    }

    #[test]
    fn without_a_keychain_keys_live_in_memory_only() {
        let k = Keychain::unavailable("no Secret Service");
        let key = ApiKey::new("sk-mem").unwrap();
        assert_eq!(k.unavailable_reason(), Some("no Secret Service"));
        assert_eq!(k.set("u", &key).unwrap(), Stored::Memory);
        assert_eq!(k.get("u").unwrap(), Some((key, Stored::Memory)));
        assert!(k.delete("u").unwrap());
        assert_eq!(k.get("u").unwrap(), None);
    }
}
