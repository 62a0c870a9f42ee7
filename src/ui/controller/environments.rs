//! Settings' environments and the config file that keeps them (written on the worker).

use crate::core::environment::{self};
use crate::store::Op;
use crate::ui::controller::Controller;
use crate::ui::model::purpose::Purpose;

impl Controller {
    /// Opens Settings on `env`; where each key is stored is read on the worker.
    pub(super) fn open_settings(&mut self, env: &str) {
        self.panels.settings.open_on(env);
        self.read_key_states();
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
}
