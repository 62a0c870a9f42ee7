//! The catalog of the selected environment, a persona for "Start from persona", and the
//! avatars' thumbnails: each fetched on the worker once the key is found.

use crate::ui::controller::Controller;
use crate::ui::model::purpose::{NeedsKey, Purpose};
use crate::worker::Request;

impl Controller {
    /// Fetches the catalog again (the last failure is forgotten: a picker asks on its own only
    /// while there is none).
    pub(super) fn refresh_catalog(&mut self) {
        let env = self.state.environments.current().clone();
        let catalogs = &mut self.state.catalogs;
        catalogs.error = None;
        catalogs.loading = true;
        match self.services.base_url_of(&env) {
            Ok(base_url) => self.services.find_key(&env, NeedsKey::Catalog { base_url }),
            Err(sentence) => {
                self.state.catalogs.loading = false;
                self.state.catalogs.failed(sentence);
            }
        }
    }

    pub(super) fn fetch_persona(&mut self, id: String) {
        let env = self.state.environments.current().clone();
        self.state.catalogs.persona_loading = true;
        match self.services.base_url_of(&env) {
            Ok(base_url) => self
                .services
                .find_key(&env, NeedsKey::Persona { base_url, id }),
            Err(sentence) => self.state.catalogs.failed(sentence),
        }
    }

    /// Loads an avatar's thumbnail (it shows a spinner until then).
    pub(super) fn load_image(&mut self, url: String) {
        self.state.catalogs.image_asked(&url);
        let timeout = self.services.timeout;
        let purpose = Purpose::Image(url.clone());
        self.services
            .request(purpose, |id| Request::FetchImage { id, url, timeout });
    }
}
