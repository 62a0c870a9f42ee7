//! Sessions read: `GET /v1/sessions` (one page, filtered by `search` and `personaId`),
//! `GET /v1/sessions/{id}` and `GET /v1/sessions/{id}/transcript`. A 404 on either of the last
//! two is [`ApiError::NoSuchSession`].

use super::answer::split_page;
use super::{ApiError, Client, Reply};
use crate::core::secrets::ApiKey;
use crate::core::session::{SessionDetail, SessionPage, SessionQuery, Transcript};
use serde::de::DeserializeOwned;
use serde_json::Value;

impl Client {
    /// One page of sessions, newest first (as the API orders them).
    pub async fn sessions(
        &self,
        key: &ApiKey,
        query: &SessionQuery,
    ) -> Result<SessionPage, ApiError> {
        let mut url = self.url("v1/sessions")?;
        url.query_pairs_mut().extend_pairs(query.pairs());
        let request = self.http.get(url.clone());
        let (json, reply) = self.exchange(request, &url, key).await?;
        let (items, meta) = split_page(json, "list of sessions", &reply)?;
        let count = items.len();
        let page = SessionPage::from_items(items, meta);
        if count > 0 && page.data.is_empty() {
            return Err(ApiError::Malformed {
                what: "list of sessions".into(),
                detail: "none of its items has an id".into(),
                reply,
            });
        }
        Ok(page)
    }

    /// One session: state, length, exit status, the persona config it ran with.
    pub async fn session(&self, key: &ApiKey, id: &str) -> Result<SessionDetail, ApiError> {
        self.session_part(key, id, None, "session").await
    }

    /// A session's conversation.
    pub async fn transcript(&self, key: &ApiKey, id: &str) -> Result<Transcript, ApiError> {
        self.session_part(key, id, Some("transcript"), "transcript")
            .await
    }

    async fn session_part<T: DeserializeOwned>(
        &self,
        key: &ApiKey,
        id: &str,
        part: Option<&str>,
        what: &str,
    ) -> Result<T, ApiError> {
        let mut url = self.item_url("sessions", "session", id)?;
        let id = id.trim();
        if let Some(part) = part
            && let Ok(mut segments) = url.path_segments_mut()
        {
            segments.push(part);
        }
        let request = self.http.get(url.clone());
        let (json, reply) = match self.exchange(request, &url, key).await {
            Ok(ok) => ok,
            Err(ApiError::NotFound { reply, .. }) => {
                return Err(ApiError::NoSuchSession {
                    id: id.to_string(),
                    reply: Some(reply),
                });
            }
            Err(e) => return Err(e),
        };
        read(json, reply, what)
    }
}

/// An item reply (bare, or wrapped as `{"data": {...}}`).
fn read<T: DeserializeOwned>(json: Value, reply: Reply, what: &str) -> Result<T, ApiError> {
    let json = match json {
        Value::Object(mut map) if map.len() == 1 && map.contains_key("data") => {
            map.remove("data").unwrap_or_default()
        }
        other => other,
    };
    serde_json::from_value(json).map_err(|e| ApiError::Malformed {
        what: what.to_string(),
        detail: e.to_string(),
        reply,
    })
}
