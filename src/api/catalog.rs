//! The catalog calls of [`Client`]: the five lists (every page, bounded), a persona's detail, the
//! whole [`Catalog`], and avatar images. A child module of `api`, so it shares the client's
//! exchange (key, size and time bounds, errors as sentences).

use super::answer::split_page;
use super::{ApiError, Client};
use crate::core::base_url::is_loopback;
use crate::core::catalog::{Avatar, Catalog, Llm, PersonaDetail, PersonaSummary, Tool, Voice};
use crate::core::secrets::ApiKey;
use reqwest::Url;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::HashSet;
use std::time::Duration;

/// Items asked for per page (the API's maximum).
pub const PER_PAGE: u32 = 100;
/// A list stops after this many pages (2,000 items), whatever the server says.
pub const MAX_PAGES: u32 = 20;
/// Images larger than this are not read to the end.
pub const MAX_IMAGE_BYTES: usize = 4 * 1024 * 1024;
/// Redirects an image may take (each one checked like the first URL).
const MAX_IMAGE_REDIRECTS: usize = 3;

/// "list of voices" for `v1/voices`.
fn list_name(path: &str) -> String {
    let last = path
        .trim_matches('/')
        .rsplit('/')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or("items");
    format!("list of {last}")
}

/// An item's id as text, to drop the same item sent twice.
fn item_id(item: &Value) -> Option<String> {
    match item.get("id")? {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// An image URL: https, or plain http to a loopback host only.
fn check_image_url(url: &str) -> Result<Url, ApiError> {
    let shown: String = url.trim().chars().take(200).collect();
    let bad = |reason: &str| ApiError::Image {
        url: shown.clone(),
        reason: reason.to_string(),
    };
    let parsed = Url::parse(url.trim()).map_err(|e| bad(&format!("it is not a URL ({e})")))?;
    if parsed.host_str().is_none() {
        return Err(bad("it has no host"));
    }
    match parsed.scheme() {
        "https" => Ok(parsed),
        "http" if is_loopback(&parsed) => Ok(parsed),
        "http" => Err(bad("plain http:// is only allowed for localhost")),
        other => Err(bad(&format!("the scheme must be https, not {other}"))),
    }
}

/// [`Client::image`] without an API client at hand: fetched with a client for the image's own
/// origin, so network errors name its host.
pub async fn fetch_image(url: &str, timeout: Duration) -> Result<Vec<u8>, ApiError> {
    let origin = check_image_url(url)?.origin().ascii_serialization();
    Client::new(&origin, timeout)?.image(url).await
}

impl Client {
    /// Every item of a list (`path` such as `"v1/voices"`), page by page with [`PER_PAGE`] items,
    /// optionally filtered by the server's `search`. Stops at the last page (`next` is null,
    /// `currentPage >= lastPage`, or a page is empty) and after [`MAX_PAGES`] pages in any case.
    /// Items that do not read as `T` (no id, say) are skipped and logged, the same id twice is
    /// kept once; a reply that is not a list, or whose items are all unreadable, is
    /// [`ApiError::Malformed`].
    pub async fn list<T: DeserializeOwned>(
        &self,
        key: &ApiKey,
        path: &str,
        search: Option<&str>,
    ) -> Result<Vec<T>, ApiError> {
        let what = list_name(path);
        let search = search.map(str::trim).filter(|s| !s.is_empty());
        let mut items = Vec::new();
        let mut seen = HashSet::new();
        for page in 1..=MAX_PAGES {
            let mut url = self.url(path)?;
            {
                let mut query = url.query_pairs_mut();
                query
                    .append_pair("page", &page.to_string())
                    .append_pair("perPage", &PER_PAGE.to_string());
                if let Some(s) = search {
                    query.append_pair("search", s);
                }
            }
            let request = self.http.get(url.clone());
            let (json, reply) = self.exchange(request, &url, key).await?;
            let (data, meta) = split_page(json, &what, &reply)?;
            let count = data.len();
            let mut first_error = None;
            let mut read = 0;
            for (i, item) in data.into_iter().enumerate() {
                let id = item_id(&item);
                match serde_json::from_value::<T>(item) {
                    Ok(t) => {
                        read += 1;
                        if id.is_none_or(|id| seen.insert(id)) {
                            items.push(t);
                        }
                    }
                    Err(e) => {
                        let index = (page - 1) as usize * PER_PAGE as usize + i;
                        tracing::warn!("{what}: skipping item {index}: {e}");
                        first_error.get_or_insert(format!("item {index}: {e}"));
                    }
                }
            }
            if count > 0 && read == 0 {
                return Err(ApiError::Malformed {
                    what,
                    detail: first_error.unwrap_or_default(),
                    reply,
                });
            }
            if count == 0 || meta.next.is_none() || meta.current_page >= meta.last_page {
                break;
            }
            if page == MAX_PAGES {
                tracing::warn!(
                    "{what}: stopped after {MAX_PAGES} pages ({} items) although the server says there are more",
                    items.len()
                );
            }
        }
        Ok(items)
    }

    /// `GET /v1/personas/{id}` (the id URL-encoded). A 404 is [`ApiError::NoSuchPersona`].
    pub async fn persona(&self, key: &ApiKey, id: &str) -> Result<PersonaDetail, ApiError> {
        self.persona_call(key, id, "persona detail", |http, url| http.get(url))
            .await
    }

    /// The account's saved tools (`GET /v1/tools`, every page), optionally filtered by the
    /// server's `search` (name or description).
    pub async fn tools(&self, key: &ApiKey, search: Option<&str>) -> Result<Vec<Tool>, ApiError> {
        self.list::<Tool>(key, "v1/tools", search).await
    }

    /// The five lists (fetched at the same time), stamped with the time they were fetched. A
    /// server without `/v1/tools` (a 404 there: an older proxy or stand-in) gives no tools
    /// rather than no catalog; any other failure of any list fails the catalog.
    pub async fn catalog(&self, key: &ApiKey) -> Result<Catalog, ApiError> {
        let tools = async {
            match self.tools(key, None).await {
                Err(e) if e.status() == Some(404) => {
                    tracing::warn!("no tools in the catalog: {e}");
                    Ok(Vec::new())
                }
                other => other,
            }
        };
        let (avatars, voices, llms, personas, tools) = tokio::try_join!(
            self.list::<Avatar>(key, "v1/avatars", None),
            self.list::<Voice>(key, "v1/voices", None),
            self.list::<Llm>(key, "v1/llms", None),
            self.list::<PersonaSummary>(key, "v1/personas", None),
            tools,
        )?;
        Ok(Catalog {
            avatars,
            voices,
            llms,
            personas,
            tools,
            fetched_at: chrono::Utc::now(),
        })
    }

    /// The bytes of an image (an avatar's `imageUrl`), at most [`MAX_IMAGE_BYTES`]. No key is
    /// sent. The URL must be https, or plain http to a loopback host; up to 3 redirects are
    /// followed, each checked the same way. Any failure is [`ApiError::Image`] (or, when nothing
    /// answered, the usual network sentence).
    pub async fn image(&self, url: &str) -> Result<Vec<u8>, ApiError> {
        let mut target = check_image_url(url)?;
        let fetch = async {
            for _ in 0..=MAX_IMAGE_REDIRECTS {
                let fail = |reason: String| ApiError::Image {
                    url: target.to_string(),
                    reason,
                };
                let mut response = self
                    .http
                    .get(target.clone())
                    .send()
                    .await
                    .map_err(|e| self.transport_error(&e))?;
                let status = response.status();
                if status.is_redirection() {
                    let location = response
                        .headers()
                        .get(reqwest::header::LOCATION)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|l| target.join(l).ok())
                        .ok_or_else(|| {
                            fail(format!("the server redirected ({status}) to nowhere"))
                        })?;
                    target = check_image_url(location.as_str())?;
                    continue;
                }
                if !status.is_success() {
                    return Err(fail(format!("the server answered {}", status.as_u16())));
                }
                let too_large =
                    || fail(format!("it is larger than {} KiB", MAX_IMAGE_BYTES / 1024));
                if response
                    .content_length()
                    .is_some_and(|n| n > MAX_IMAGE_BYTES as u64)
                {
                    return Err(too_large());
                }
                let mut bytes = Vec::new();
                while let Some(chunk) = response
                    .chunk()
                    .await
                    .map_err(|e| self.transport_error(&e))?
                {
                    if bytes.len() + chunk.len() > MAX_IMAGE_BYTES {
                        return Err(too_large());
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if bytes.is_empty() {
                    return Err(fail("the reply was empty".into()));
                }
                return Ok(bytes);
            }
            Err(ApiError::Image {
                url: url.trim().chars().take(200).collect(),
                reason: format!("it redirected more than {MAX_IMAGE_REDIRECTS} times"),
            })
        };
        tokio::time::timeout(self.timeout, fetch)
            .await
            .map_err(|_| ApiError::Timeout {
                secs: self.timeout.as_secs().max(1),
            })?
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_names() {
        assert_eq!(list_name("v1/voices"), "list of voices");
        assert_eq!(list_name("/v1/llms/"), "list of llms");
        assert_eq!(list_name(""), "list of items");
    }

    #[test]
    fn image_urls_follow_the_key_rules() {
        assert!(check_image_url("https://cdn.example.com/a.png").is_ok());
        assert!(check_image_url("http://127.0.0.1:9/thumbnails/a.png").is_ok());
        assert!(check_image_url("http://localhost/a.png").is_ok());
        assert_eq!(
            check_image_url("http://cdn.example.com/a.png")
                .unwrap_err()
                .to_string(),
            "Could not load the image http://cdn.example.com/a.png: plain http:// is only allowed for localhost."
        );
        assert!(check_image_url("file:///etc/passwd").is_err());
        assert!(check_image_url("data:image/png;base64,AAAA").is_err());
        assert!(check_image_url("").is_err());
    }
}
