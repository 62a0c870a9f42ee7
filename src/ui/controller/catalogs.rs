//! The catalog of the selected environment, a persona for "Start from persona", and the
//! avatars' thumbnails: each fetched on the worker once the key is found.

use crate::ui::controller::Controller;
use crate::ui::model::purpose::{NeedsKey, Purpose};
use crate::worker::Request;

impl Controller {
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
}
