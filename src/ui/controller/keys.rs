//! API keys: looked up on the worker before anything that needs one goes on; Settings' Save,
//! Delete and Test key; and what each outcome says.

use crate::core::environment::{self, Environment};
use crate::core::secrets::{self, ApiKey};
use crate::store::Op;
use crate::store::keychain::{KeySource, KeychainError, Stored};
use crate::ui::controller::Controller;
use crate::ui::feedback::Banner;
use crate::ui::model::purpose::{NeedsKey, Purpose};

impl Controller {
    /// A key lookup's answer: the request goes on, or the user hears why it cannot (`keychain`:
    /// whether there is a keychain to keep a key in).
    pub(super) fn key_found(
        &mut self,
        next: NeedsKey,
        found: Result<Option<(ApiKey, KeySource)>, KeychainError>,
        keychain: bool,
    ) {
        let env = match &next {
            NeedsKey::Mint(info) => info.environment.clone(),
            NeedsKey::TestKey { env, .. } => env.name.clone(),
            _ => self.state.environments.selected.clone(),
        };
        let env = (self.state.environments.list().iter())
            .find(|e| e.name == env)
            .cloned()
            .unwrap_or_else(Environment::sandbox);
        let key = match found {
            Ok(Some((key, _))) => Ok(key),
            Ok(None) if env.is_sandbox() => {
                ApiKey::new(environment::SANDBOX_KEY).map_err(|_| no_key(&env, keychain))
            }
            Ok(None) => Err(no_key(&env, keychain)),
            Err(e) => Err(format!("Could not read the API key: {e}.")),
        };
        match (key, next) {
            (Ok(key), next) => self.services.send_with_key(next, key),
            (Err(sentence), NeedsKey::Mint(_)) => {
                if sentence == no_key(&env, keychain) {
                    // Settings opens over the banner: it says why too, under the key field.
                    self.open_settings(&env.name);
                    self.state.keys.say(&env.name, sentence.clone(), false);
                }
                self.mint_refused(&env, sentence);
            }
            (Err(sentence), NeedsKey::Catalog { .. } | NeedsKey::Persona { .. }) => {
                self.state.catalogs.failed(sentence)
            }
            (Err(sentence), NeedsKey::TestKey { env, .. }) => {
                self.state.keys.say(&env.name, sentence, false)
            }
            (Err(sentence), NeedsKey::Anam(next)) => self.anam_refused(next, sentence),
        }
    }

    pub(super) fn save_key(&mut self, env: &Environment, key: ApiKey) {
        let account = env.key_account();
        let purpose = Purpose::SetKey {
            env: env.name.clone(),
        };
        self.services.store(Op::SetKey { account, key }, purpose);
    }

    pub(super) fn delete_key(&mut self, env: &Environment) {
        let account = env.key_account();
        let purpose = Purpose::DeleteKey {
            env: env.name.clone(),
        };
        self.services.store(Op::DeleteKey { account }, purpose);
    }

    pub(super) fn test_key(&mut self, env: Environment, typed: Option<ApiKey>) {
        let base_url = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return self.state.feedback.banner = Some(Banner::new(sentence)),
        };
        self.state.keys.testing = Some(env.name.clone());
        self.state.keys.unsay(&env.name);
        match typed {
            Some(key) => (self.services).send_with_key(NeedsKey::TestKey { env, base_url }, key),
            None => {
                let lookup = env.clone();
                (self.services).find_key(&lookup, NeedsKey::TestKey { env, base_url });
            }
        }
    }

    /// The answer about a key saved or deleted in Settings.
    pub(super) fn key_changed(&mut self, env: &str, outcome: (String, bool)) {
        self.state.keys.say(env, outcome.0, outcome.1);
        self.panels.settings.key_text.clear();
        self.read_key_states();
    }

    pub(super) fn read_key_states(&mut self) {
        let accounts = (self.state.environments.list().iter())
            .map(|e| (e.name.clone(), e.key_account()))
            .collect();
        self.services
            .store(Op::KeyStates { accounts }, Purpose::KeyStates);
    }
}

/// The sentence when `env` has no key, said as the keychain is: there, or missing.
fn no_key(env: &Environment, keychain: bool) -> String {
    let (name, var) = (&env.name, secrets::ENV_VAR);
    match keychain {
        true => format!(
            "No API key for {name}: add one in Settings (it is kept in the keychain), or set {var}."
        ),
        false => format!(
            "No API key for {name}, and no keychain to keep one in: add one in Settings (it is held in memory for this run only), or set {var}."
        ),
    }
}

/// The words after a key was saved.
pub(super) fn key_set_outcome(env: &str, result: Result<Stored, KeychainError>) -> (String, bool) {
    match result {
        Ok(Stored::Keychain) => (format!("Saved the key for {env} in the keychain."), true),
        Ok(Stored::Memory) => (
            format!("Holding the key for {env} in memory for this run (no keychain)."),
            true,
        ),
        Err(e) => (format!("Could not save the key: {e}."), false),
    }
}

/// The words after a key was deleted.
pub(super) fn key_deleted_outcome(
    env: &str,
    result: Result<bool, KeychainError>,
) -> (String, bool) {
    match result {
        Ok(_) => (format!("Deleted the key for {env}."), true),
        Err(e) => (format!("Could not delete the key: {e}."), false),
    }
}
