//! Saved personas written: `POST /v1/personas` (create) and `PUT /v1/personas/{id}` (update,
//! only the fields sent change). Reading one is [`Client::persona`] (catalog.rs). The bodies come
//! from [`crate::core::persona::Plan::send`].

use super::{ApiError, Client, Reply};
use crate::core::catalog::PersonaDetail;
use crate::core::persona::Push;
use crate::core::secrets::ApiKey;
use reqwest::Url;
use serde_json::{Map, Value};

impl Client {
    /// Sends a push: a create, or an update of only the changed fields.
    pub async fn push_persona(&self, key: &ApiKey, push: &Push) -> Result<PersonaDetail, ApiError> {
        match push {
            Push::Create { settings } => self.create_persona(key, settings).await,
            Push::Update {
                persona_id,
                changes,
            } => self.update_persona(key, persona_id, changes).await,
        }
    }

    /// Creates a persona with `settings` (the create shape: `name`, `avatarId`, `voiceId`, ...);
    /// the persona as the API now has it, with its new id.
    pub async fn create_persona(
        &self,
        key: &ApiKey,
        settings: &Map<String, Value>,
    ) -> Result<PersonaDetail, ApiError> {
        let url = self.url("v1/personas")?;
        let request = self.http.post(url.clone()).json(settings);
        let (json, reply) = self.exchange(request, &url, key).await?;
        read_persona(json, reply, "persona")
    }

    /// Updates persona `id` with `changes` (only these fields change). A 404 is
    /// [`ApiError::NoSuchPersona`]; a 400 names the field the API refused.
    pub async fn update_persona(
        &self,
        key: &ApiKey,
        id: &str,
        changes: &Map<String, Value>,
    ) -> Result<PersonaDetail, ApiError> {
        self.persona_call(key, id, "persona", |http, url| http.put(url).json(changes))
            .await
    }

    /// One request about persona `id` (checked and trimmed by [`Client::item_url`]), built by
    /// `request` from the client and the URL, and the persona it answers. A 404 is
    /// [`ApiError::NoSuchPersona`]; `what` names the reply in the sentence when it is not one.
    pub(super) async fn persona_call(
        &self,
        key: &ApiKey,
        id: &str,
        what: &str,
        request: impl FnOnce(&reqwest::Client, Url) -> reqwest::RequestBuilder,
    ) -> Result<PersonaDetail, ApiError> {
        let url = self.item_url("personas", "persona", id)?;
        let id = id.trim();
        let request = request(&self.http, url.clone());
        let (json, reply) = match self.exchange(request, &url, key).await {
            Ok(ok) => ok,
            Err(ApiError::NotFound { reply, .. }) => {
                return Err(ApiError::NoSuchPersona {
                    id: id.to_string(),
                    reply: Some(reply),
                });
            }
            Err(e) => return Err(e),
        };
        read_persona(json, reply, what)
    }
}

/// A persona reply (bare, or wrapped as `{"data": {...}}`); `what` names it in the sentence when
/// it cannot be read.
pub(super) fn read_persona(
    json: Value,
    reply: Reply,
    what: &str,
) -> Result<PersonaDetail, ApiError> {
    let json = match json {
        Value::Object(mut map) if !map.contains_key("id") && map.contains_key("data") => {
            map.remove("data").unwrap_or_default()
        }
        other => other,
    };
    serde_json::from_value(json).map_err(|e| ApiError::Malformed {
        what: what.into(),
        detail: e.to_string(),
        reply,
    })
}
