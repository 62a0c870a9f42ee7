//! Reaching an environment: minting, the catalog, and the settings' keys and environments.
//! A key is always looked up on the worker; what needed it goes on when it is found.

use crate::core::environment::{self, Environment};
use crate::core::secrets::{self, ApiKey};
use crate::store::Op;
use crate::store::keychain::{KeySource, KeychainError, Stored};
use crate::ui::controller::Controller;
use crate::ui::feedback::{Banner, Until};
use crate::ui::model::purpose::{MintInfo, NeedsKey, Purpose};
use crate::worker::Request;

impl Controller {
    /// Sends the body to the worker (once the key is found). With errors, only when `anyway`;
    /// `then_demo`: the demo page opens with the token.
    pub(super) fn mint(&mut self, anyway: bool, then_demo: bool) {
        if self.refuse_unparsed() {
            return;
        }
        let draft = &self.state.document.draft;
        if self.is_minting() || (draft.error_count() > 0 && !anyway) {
            return;
        }
        let env = self.state.environments.current().clone();
        let base_url = match self.services.base_url_of(&env) {
            Ok(url) => url,
            Err(sentence) => return self.mint_refused(&env, sentence),
        };
        // The label actually sent: the preset's own, else the environment's template filled in.
        let (body, label) = match self.labelled_body(&env) {
            Ok(labelled) => labelled,
            Err(sentence) => return self.mint_refused(&env, sentence),
        };
        let info = MintInfo {
            preset: (self.state.document.name.clone()).unwrap_or_else(|| "Untitled".into()),
            label,
            environment: env.name.clone(),
            base_url,
            body,
            then_demo,
        };
        self.state.feedback.banner = None;
        self.state.feedback.end_notice(Until::NextMint);
        self.services.find_key(&env, NeedsKey::Mint(info));
    }

    fn mint_refused(&mut self, env: &Environment, sentence: String) {
        let mode = self.state.document.draft.mode();
        self.state.feedback.banner = Some(Banner::attempt(sentence, None, &env.name, mode));
    }

    pub(super) fn cancel_mint(&mut self) {
        let cancelled = self
            .services
            .cancel(|p| matches!(p, Purpose::Mint(_) | Purpose::FindKey(NeedsKey::Mint(_))));
        if cancelled {
            self.state
                .feedback
                .say("Minting cancelled.", Until::NextMint);
        }
    }

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
                    (self.panels.settings).outcome(&env.name, sentence.clone(), false);
                }
                self.mint_refused(&env, sentence);
            }
            (Err(sentence), NeedsKey::Catalog { .. } | NeedsKey::Persona { .. }) => {
                self.panels.form.catalogs.failed(sentence)
            }
            (Err(sentence), NeedsKey::TestKey { env, .. }) => {
                self.panels.settings.outcome(&env.name, sentence, false)
            }
            (Err(sentence), NeedsKey::Anam(next)) => self.anam_refused(next, sentence),
        }
    }

    pub(super) fn refresh_catalog(&mut self) {
        let env = self.state.environments.current().clone();
        self.panels.form.catalogs.loading = true;
        match self.services.base_url_of(&env) {
            Ok(base_url) => self.services.find_key(&env, NeedsKey::Catalog { base_url }),
            Err(sentence) => self.panels.form.catalogs.failed(sentence),
        }
    }

    pub(super) fn fetch_persona(&mut self, id: String) {
        let env = self.state.environments.current().clone();
        self.panels.form.catalogs.persona_loading = true;
        match self.services.base_url_of(&env) {
            Ok(base_url) => self
                .services
                .find_key(&env, NeedsKey::Persona { base_url, id }),
            Err(sentence) => self.panels.form.catalogs.failed(sentence),
        }
    }

    pub(super) fn load_image(&mut self, url: String) {
        let timeout = self.services.timeout;
        let purpose = Purpose::Image(url.clone());
        self.services
            .request(purpose, |id| Request::FetchImage { id, url, timeout });
    }

    /// Opens Settings on `env`; where each key is stored is read on the worker.
    pub(super) fn open_settings(&mut self, env: &str) {
        self.panels.settings.open_on(env);
        self.read_key_states();
    }

    fn read_key_states(&mut self) {
        let accounts = (self.state.environments.list().iter())
            .map(|e| (e.name.clone(), e.key_account()))
            .collect();
        self.services
            .store(Op::KeyStates { accounts }, Purpose::KeyStates);
    }

    pub(super) fn add_environment(&mut self, name: &str, base_url: &str) {
        let mut config = self.state.environments.config().clone();
        match config.upsert(None, name, base_url) {
            Ok(()) => {
                self.panels.settings.added(name.trim());
                self.save_config(config);
            }
            Err(e) => self.panels.settings.add_error = Some(e),
        }
    }

    /// The config changes now; the file is written on the worker.
    pub(super) fn save_config(&mut self, config: environment::Config) {
        self.state.environments.set_config(config.clone());
        let path = self.services.config_path.clone();
        self.services
            .store(Op::SaveConfig { path, config }, Purpose::SaveConfig);
        self.read_key_states();
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
        self.panels.settings.testing = Some(env.name.clone());
        self.panels.settings.clear_outcome(&env.name);
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
        self.panels.settings.outcome(env, outcome.0, outcome.1);
        self.panels.settings.key_text.clear();
        self.read_key_states();
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
