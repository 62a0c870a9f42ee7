//! What a command that talks to the API starts with: the key, a client and a runtime, and the
//! environment the base URL is.

use super::*;
use crate::core::environment::{self, Environment};

/// The key, a client and a runtime for one command, in that order (a missing key is reported
/// before a bad base URL).
pub(super) fn connect(
    base_url: &str,
    timeout: u64,
) -> Result<(ApiKey, Client, tokio::runtime::Runtime), Failure> {
    let key = resolve_key(base_url)?;
    let client = Client::new(base_url, Duration::from_secs(timeout))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    Ok((key, client, runtime))
}

/// The environment a base URL is, as the config names it (Production, a custom one, the
/// Sandbox for loopback); a config that does not load is only a warning here.
pub(super) fn environment_for(base_url: &str) -> (Option<Environment>, environment::Config) {
    let path = crate::store::config::default_path();
    let config = crate::store::config::load(&path).unwrap_or_else(|e| {
        eprintln!(
            "anam-studio: warning: the config was not read ({}); going on without it.",
            shown(&e.to_string())
        );
        Default::default()
    });
    (config.environment_for_url(base_url), config)
}

/// The key for `base_url`: `ANAM_API_KEY`, else the keychain; or a sentence naming both.
fn resolve_key(base_url: &str) -> Result<ApiKey, Failure> {
    let env = std::env::var(secrets::ENV_VAR).ok();
    let found = keychain::resolve(env.as_deref(), &Keychain::os(), base_url)?;
    found.map(|(key, _)| key).ok_or_else(|| {
        Failure(format!(
            "no API key: set {} to your Anam API key, or store one with `anam-studio key set --base-url {}` (it reads the key from stdin). The sandbox accepts any non-empty key.",
            secrets::ENV_VAR,
            keychain::account_for(base_url)
        ))
    })
}
