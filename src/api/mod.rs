//! The HTTP client for the Anam API. Every failure is an [`ApiError`] that reads as one sentence.

use crate::core::jwt::{self, DecodedJwt};
use crate::core::secrets::ApiKey;
use crate::core::{base_url, item_id};
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::error::Error as _;
use std::fmt;
use std::time::Duration;

// The catalog calls (lists, persona detail, images): an `impl Client` of their own.
mod answer;
mod catalog;
mod error;
// Saved personas written (create, update) and sessions read (list, detail, transcript).
mod personas;
mod sessions;
#[cfg(test)]
mod tests;
use answer::{interpret, retry_after_value};
pub use catalog::{MAX_IMAGE_BYTES, MAX_PAGES, PER_PAGE, fetch_image};
pub use error::{ApiError, Reply, is_plain_http_reply};

pub use crate::core::base_url::SESSION_TOKEN_PATH;
pub use crate::core::environment::PRODUCTION_URL;
// Copy as curl lives with the other snippets (core::snippet), beside the code it must match.
pub use crate::core::snippet::{curl_command, shell_quote};
/// Replies larger than this are not read to the end.
pub const MAX_RESPONSE_BYTES: usize = 1024 * 1024;
/// How much of a reply body error details keep.
const EXCERPT_CHARS: usize = 600;
/// How much of the server's own message a sentence quotes.
const MESSAGE_CHARS: usize = 300;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Connecting gives up after this long, or after the whole timeout if that is shorter.
pub const MAX_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A freshly minted token and its decoded parts.
#[derive(Debug, Clone)]
pub struct Minted {
    pub token: String,
    pub jwt: DecodedJwt,
}

/// TLS uses rustls with the ring crypto provider (Cargo.toml says why not aws-lc-rs). reqwest
/// is built without a provider of its own, so one is installed process-wide before the first
/// client; a provider someone else installed first is kept. Call it before building a
/// `reqwest::Client` of your own.
pub fn install_crypto_provider() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        if rustls::crypto::CryptoProvider::get_default().is_none() {
            // Err only if another thread installed one in between, which is as good.
            let _ = rustls::crypto::ring::default_provider().install_default();
        }
    });
}

/// A client for one base URL.
#[derive(Clone)]
pub struct Client {
    http: reqwest::Client,
    base: Url,
    timeout: Duration,
    connect_timeout: Duration,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("base", &self.base.as_str())
            .finish()
    }
}

/// Checks a base URL ([`base_url::check`]), as an [`ApiError`].
pub fn check_base_url(url: &str) -> Result<Url, ApiError> {
    Ok(base_url::check(url)?)
}

/// The one spelling of a base URL ([`base_url::normalize`]), as an [`ApiError`].
pub fn normalize_base_url(url: &str) -> Result<String, ApiError> {
    Ok(base_url::normalize(url)?)
}

impl Client {
    /// A client for `base_url`; refuses plain http to a non-loopback host before any connection.
    /// Connecting may take up to [`MAX_CONNECT_TIMEOUT`] of `timeout`.
    pub fn new(base_url: &str, timeout: Duration) -> Result<Self, ApiError> {
        Self::with_timeouts(base_url, timeout, timeout.min(MAX_CONNECT_TIMEOUT))
    }

    /// [`Client::new`] with its own limit for connecting (at most `timeout`).
    pub fn with_timeouts(
        base_url: &str,
        timeout: Duration,
        connect_timeout: Duration,
    ) -> Result<Self, ApiError> {
        let base = check_base_url(base_url)?;
        let connect_timeout = connect_timeout.min(timeout);
        install_crypto_provider();
        let http = reqwest::Client::builder()
            .user_agent(concat!("anam-studio/", env!("CARGO_PKG_VERSION")))
            .connect_timeout(connect_timeout)
            .timeout(timeout)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| ApiError::Network {
                host: base.host_str().unwrap_or_default().to_string(),
                detail: e.to_string(),
            })?;
        Ok(Client {
            http,
            base,
            timeout,
            connect_timeout,
        })
    }

    pub fn base_url(&self) -> &str {
        self.base.as_str()
    }

    fn host(&self) -> String {
        match self.base.port() {
            Some(p) => format!("{}:{p}", self.base.host_str().unwrap_or_default()),
            None => self.base.host_str().unwrap_or_default().to_string(),
        }
    }

    fn url(&self, path: &str) -> Result<Url, ApiError> {
        self.base.join(path).map_err(|e| ApiError::InvalidUrl {
            url: self.base.to_string(),
            reason: e.to_string(),
        })
    }

    /// `{base}/v1/{collection}/{id}`, the id (trimmed) as one URL-encoded path segment. An id
    /// that names no single item (empty, `.`, `..`, a control character) is refused here, before
    /// anything is sent ([`item_id::check`]); `what` names the item in that sentence.
    fn item_url(&self, collection: &str, what: &'static str, id: &str) -> Result<Url, ApiError> {
        let id = item_id::check(id, what)?;
        let mut url = self.url(&format!("v1/{collection}"))?;
        url.path_segments_mut()
            .map_err(|()| ApiError::InvalidUrl {
                url: self.base.to_string(),
                reason: "it cannot have a path".into(),
            })?
            .push(id);
        Ok(url)
    }

    /// `POST /v1/auth/session-token` with `body`; the reply's token, decoded.
    pub async fn mint(&self, key: &ApiKey, body: &Value) -> Result<Minted, ApiError> {
        let url = self.url(SESSION_TOKEN_PATH)?;
        let request = self.http.post(url.clone()).json(body);
        let (json, reply) = self.exchange(request, &url, key).await?;
        let Some(token) = json.get("sessionToken").and_then(Value::as_str) else {
            return Err(ApiError::MissingToken { reply });
        };
        let jwt = jwt::decode(token).map_err(|reason| ApiError::NotAJwt { reason })?;
        Ok(Minted {
            token: token.trim().to_string(),
            jwt,
        })
    }

    /// A cheap authenticated call (`GET /v1/personas`, one item) to check a key.
    pub async fn test_key(&self, key: &ApiKey) -> Result<(), ApiError> {
        let url = self.url("v1/personas?page=1&perPage=1")?;
        let request = self.http.get(url.clone());
        self.exchange(request, &url, key).await.map(|_| ())
    }

    /// Sends with the key, reads the reply within the size and time bounds, and turns every
    /// failure into an [`ApiError`]; a success is the reply's JSON.
    async fn exchange(
        &self,
        request: reqwest::RequestBuilder,
        url: &Url,
        key: &ApiKey,
    ) -> Result<(Value, Reply), ApiError> {
        let request = request.bearer_auth(key.expose());
        // The client's own timeout covers the whole exchange; this one also bounds a body that
        // trickles in after the headers.
        let exchange = async {
            let response = request.send().await.map_err(|e| self.transport_error(&e))?;
            let status = response.status();
            let retry_after = response
                .headers()
                .get(reqwest::header::RETRY_AFTER)
                .and_then(|v| v.to_str().ok())
                .and_then(retry_after_value);
            let bytes = read_bounded(response, status).await.map_err(|e| match e {
                Bounded::TooLarge => ApiError::TooLarge {
                    status: status.as_u16(),
                },
                Bounded::Transport(e) => self.transport_error(&e),
            })?;
            Ok::<_, ApiError>((status, retry_after, bytes))
        };
        let (status, retry_after, bytes) = tokio::time::timeout(self.timeout, exchange)
            .await
            .map_err(|_| ApiError::Timeout {
                secs: self.timeout.as_secs().max(1),
            })??;
        interpret(status, retry_after, &bytes, url, key)
    }

    fn transport_error(&self, e: &reqwest::Error) -> ApiError {
        // The connection itself timed out (before the whole timeout): the time to report is the
        // connect timeout, and the server never answered because it never accepted.
        if e.is_connect() && e.is_timeout() {
            return ApiError::ConnectTimeout {
                host: self.host(),
                secs: self.connect_timeout.as_secs_f64().round().max(1.0) as u64,
            };
        }
        if e.is_timeout() {
            return ApiError::Timeout {
                secs: self.timeout.as_secs().max(1),
            };
        }
        let host = self.host();
        let mut source: Option<&dyn std::error::Error> = e.source();
        let mut detail = None;
        while let Some(err) = source {
            if error::is_plain_http_reply(err) {
                return ApiError::NotHttps { host };
            }
            if let Some(io) = err.downcast_ref::<std::io::Error>() {
                match io.kind() {
                    std::io::ErrorKind::ConnectionRefused => return ApiError::Refused { host },
                    std::io::ErrorKind::TimedOut => {
                        return ApiError::Timeout {
                            secs: self.timeout.as_secs().max(1),
                        };
                    }
                    _ => {}
                }
            }
            let text = err.to_string();
            if text.contains("dns error") || text.contains("failed to lookup address") {
                return ApiError::Dns {
                    host: self.base.host_str().unwrap_or_default().to_string(),
                };
            }
            detail = Some(text);
            source = err.source();
        }
        ApiError::Network {
            host,
            detail: detail.unwrap_or_else(|| e.to_string()),
        }
    }
}

enum Bounded {
    TooLarge,
    Transport(reqwest::Error),
}

async fn read_bounded(
    mut response: reqwest::Response,
    _status: StatusCode,
) -> Result<Vec<u8>, Bounded> {
    if response
        .content_length()
        .is_some_and(|n| n > MAX_RESPONSE_BYTES as u64)
    {
        return Err(Bounded::TooLarge);
    }
    let mut bytes = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(Bounded::Transport)? {
        if bytes.len() + chunk.len() > MAX_RESPONSE_BYTES {
            return Err(Bounded::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}
