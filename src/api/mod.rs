//! The HTTP client for the Anam API. Every failure is an [`ApiError`] that reads as one sentence.

use crate::core::base_url::{self, BaseUrlError};
use crate::core::jwt::{self, DecodedJwt, JwtError};
use crate::core::secrets::ApiKey;
use reqwest::{StatusCode, Url};
use serde_json::Value;
use std::error::Error as _;
use std::fmt;
use std::time::Duration;

// The catalog calls (lists, persona detail, images): an `impl Client` of their own.
mod catalog;
pub use catalog::{MAX_IMAGE_BYTES, MAX_PAGES, PER_PAGE, fetch_image};

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

/// What came back with a failed reply, for "details".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    /// The start of the body, as text.
    pub excerpt: String,
}

impl fmt::Display for Reply {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HTTP {}", self.status)?;
        if !self.excerpt.is_empty() {
            write!(f, "\n{}", self.excerpt)?;
        }
        Ok(())
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ApiError {
    #[error("\"{url}\" is not a usable base URL: {reason}.")]
    InvalidUrl { url: String, reason: String },
    #[error(
        "Refusing to send the API key over plain http:// to {host}: use https:// (plain http is only allowed for localhost)."
    )]
    Insecure { host: String },
    #[error(
        "Could not connect to {host}: the connection was refused. Is the server running, and is the base URL right?"
    )]
    Refused { host: String },
    #[error(
        "Could not find the server {host}: the DNS lookup failed. Check the base URL and your network."
    )]
    Dns { host: String },
    #[error("The server did not answer within {secs} s.")]
    Timeout { secs: u64 },
    #[error(
        "Could not connect to {host} within {secs} s: the server did not accept the connection. Check the base URL and your network."
    )]
    ConnectTimeout { host: String, secs: u64 },
    #[error("Could not reach {host}: {detail}.")]
    Network { host: String, detail: String },
    #[error("The API rejected the request (400): {message}")]
    BadRequest { message: String, reply: Reply },
    #[error("The API key was rejected (401): check that it is right for this environment.")]
    Unauthorized { reply: Reply },
    #[error("The API key is not allowed to do this (403){}", colon(message))]
    Forbidden {
        message: Option<String>,
        reply: Reply,
    },
    #[error("Nothing answers at {url} (404): check the base URL.")]
    NotFound { url: String, reply: Reply },
    #[error("Too many requests (429){}{}", colon(message), retry(retry_after))]
    RateLimited {
        message: Option<String>,
        retry_after: Option<String>,
        reply: Reply,
    },
    /// 501 and 505: the server will never do this, so trying again does not help.
    #[error(
        "The server at {url} does not do this ({}{}): check that the base URL points at the Anam API.",
        reply.status, colon(message)
    )]
    NotImplemented {
        url: String,
        message: Option<String>,
        reply: Reply,
    },
    #[error("The server failed ({}){}: try again later.", reply.status, colon(message))]
    Server {
        message: Option<String>,
        reply: Reply,
    },
    #[error("The server answered with an unexpected status ({}){}", reply.status, colon(message))]
    UnexpectedStatus {
        message: Option<String>,
        reply: Reply,
    },
    #[error("The server answered with {what} instead of JSON (status {}).", reply.status)]
    NotJson { what: &'static str, reply: Reply },
    #[error("The reply was larger than {} MiB and was not read to the end.", MAX_RESPONSE_BYTES / (1024 * 1024))]
    TooLarge { status: u16 },
    #[error("The server answered 200 but the reply has no sessionToken.")]
    MissingToken { reply: Reply },
    #[error("The server's sessionToken is not a JWT: {reason}.")]
    NotAJwt { reason: JwtError },
    /// A catalog reply that is JSON but not what was asked for (`what`: "list of voices", ...).
    #[error("The server's {what} could not be read: {detail}.")]
    Malformed {
        what: String,
        detail: String,
        reply: Reply,
    },
    #[error(
        "No persona has the id \"{id}\" (404): it may have been deleted, or belong to another account."
    )]
    NoSuchPersona { id: String, reply: Option<Reply> },
    /// A request that failed inside the app (a panic), not at the server. `doing`: "minting the
    /// token", ...
    #[error(
        "Something went wrong inside anam-studio while {doing} (a bug, not the server): try again, and report it if it happens again."
    )]
    Internal { doing: &'static str },
    /// An image (an avatar's thumbnail) that could not be loaded; no key is ever sent for one.
    #[error("Could not load the image {url}: {reason}.")]
    Image { url: String, reason: String },
}

fn colon(message: &Option<String>) -> String {
    message
        .as_deref()
        .map(|m| format!(": {m}"))
        .unwrap_or_default()
}

fn retry(after: &Option<String>) -> String {
    match after.as_deref() {
        Some(s) if s.chars().all(|c| c.is_ascii_digit()) => format!(". Try again in {s} s."),
        Some(s) => format!(". Try again after {s}."),
        None => ". Wait a moment before trying again.".into(),
    }
}

impl ApiError {
    /// The HTTP status and body excerpt, when the server answered.
    pub fn reply(&self) -> Option<&Reply> {
        match self {
            ApiError::BadRequest { reply, .. }
            | ApiError::Unauthorized { reply }
            | ApiError::Forbidden { reply, .. }
            | ApiError::NotFound { reply, .. }
            | ApiError::RateLimited { reply, .. }
            | ApiError::Server { reply, .. }
            | ApiError::NotImplemented { reply, .. }
            | ApiError::UnexpectedStatus { reply, .. }
            | ApiError::NotJson { reply, .. }
            | ApiError::Malformed { reply, .. }
            | ApiError::MissingToken { reply } => Some(reply),
            ApiError::NoSuchPersona { reply, .. } => reply.as_ref(),
            _ => None,
        }
    }

    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::TooLarge { status } => Some(*status),
            _ => self.reply().map(|r| r.status),
        }
    }
}

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

impl From<BaseUrlError> for ApiError {
    fn from(e: BaseUrlError) -> Self {
        match e {
            BaseUrlError::Invalid { url, reason } => ApiError::InvalidUrl { url, reason },
            BaseUrlError::Insecure { host } => ApiError::Insecure { host },
        }
    }
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

/// The server's own words: `message` (a string or a list of strings) or `error` (a string or an
/// object with a `message`).
fn server_message(json: &Value) -> Option<String> {
    let pick = |v: &Value| -> Option<String> {
        match v {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Array(items) => {
                let parts: Vec<&str> = items.iter().filter_map(Value::as_str).collect();
                (!parts.is_empty()).then(|| parts.join("; "))
            }
            Value::Object(o) => o.get("message").and_then(Value::as_str).map(str::to_string),
            _ => None,
        }
    };
    json.get("message")
        .and_then(pick)
        .or_else(|| json.get("error").and_then(pick))
}

/// A `Retry-After` value worth quoting: delta-seconds or an HTTP date. Anything else (a server's
/// free text, which could be anything) is dropped.
fn retry_after_value(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let seconds = !raw.is_empty() && raw.len() <= 10 && raw.bytes().all(|b| b.is_ascii_digit());
    let date = raw.len() <= 40 && chrono::DateTime::parse_from_rfc2822(raw).is_ok();
    (seconds || date).then(|| raw.to_string())
}

/// Characters that show nothing (or move the cursor) where a reply is displayed: control
/// characters such as terminal escapes, and invisible formatting characters (zero-width spaces,
/// bidirectional overrides). Dropping them keeps replies from hiding or disguising text, and from
/// splitting the key so that scrubbing misses it while it still reads as the key.
fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// The start of a reply body as text for "details": hidden characters dropped (newlines and
/// tabs kept), the key scrubbed out, and only then cut (so no piece of the key survives the cut).
fn excerpt(bytes: &[u8], key: &ApiKey) -> String {
    let head = &bytes[..bytes.len().min(EXCERPT_CHARS * 4 + key.expose().len() * 4)];
    let visible: String = String::from_utf8_lossy(head)
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !hidden(c))
        .collect();
    let text = key.scrub(&visible);
    let mut cut: String = text.chars().take(EXCERPT_CHARS).collect();
    if text.chars().count() > EXCERPT_CHARS || head.len() < bytes.len() {
        cut.push('…');
    }
    cut
}

/// A server's message made fit for one line of a terminal or a banner: hidden characters
/// dropped, whitespace folded to single spaces, the key scrubbed out, and then cut to at most
/// [`MESSAGE_CHARS`] characters (scrubbing before cutting, so no piece of the key survives).
fn one_line(message: &str, key: &ApiKey) -> String {
    let words: Vec<String> = message
        .split_whitespace()
        .map(|w| w.chars().filter(|&c| !hidden(c)).collect::<String>())
        .filter(|w| !w.is_empty())
        .collect();
    let text = key.scrub(&words.join(" "));
    let mut cut: String = text.chars().take(MESSAGE_CHARS).collect();
    if text.chars().count() > MESSAGE_CHARS {
        cut.push('…');
    }
    cut
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)])
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with('<')
}

fn interpret(
    status: StatusCode,
    retry_after: Option<String>,
    bytes: &[u8],
    url: &Url,
    key: &ApiKey,
) -> Result<(Value, Reply), ApiError> {
    let reply = Reply {
        status: status.as_u16(),
        excerpt: excerpt(bytes, key),
    };
    let json: Option<Value> = serde_json::from_slice(bytes).ok();
    let message = json
        .as_ref()
        .and_then(server_message)
        .map(|m| one_line(&m, key))
        .filter(|m| !m.is_empty());
    if status.is_success() {
        let Some(json) = json else {
            let what = if looks_like_html(bytes) {
                "an HTML page"
            } else if bytes.is_empty() {
                "an empty body"
            } else {
                "plain text"
            };
            return Err(ApiError::NotJson { what, reply });
        };
        return Ok((json, reply));
    }
    Err(match status.as_u16() {
        400 => ApiError::BadRequest {
            message: message.unwrap_or_else(|| match json {
                Some(_) => "the reply did not say why".into(),
                None if bytes.is_empty() => "the reply was empty".into(),
                None => "the reply was not JSON".into(),
            }),
            reply,
        },
        401 => ApiError::Unauthorized { reply },
        403 => ApiError::Forbidden { message, reply },
        404 => ApiError::NotFound {
            url: url.to_string(),
            reply,
        },
        429 => ApiError::RateLimited {
            message,
            retry_after,
            reply,
        },
        501 | 505 => ApiError::NotImplemented {
            url: url.to_string(),
            message,
            reply,
        },
        500..=599 if json.is_none() && looks_like_html(bytes) => ApiError::Server {
            message: Some("it sent an HTML error page".into()),
            reply,
        },
        500..=599 => ApiError::Server { message, reply },
        _ => ApiError::UnexpectedStatus { message, reply },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn curl_quotes_the_body_and_never_holds_a_key() {
        let body = serde_json::json!({"clientLabel": "it's"});
        let cmd = curl_command("https://api.anam.ai/", &body);
        assert_eq!(
            cmd,
            "curl -sS -X POST 'https://api.anam.ai/v1/auth/session-token' \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"clientLabel\":\"it'\\''s\"}'"
        );
    }

    #[test]
    fn a_base_url_with_quotes_spaces_user_info_or_a_query_is_refused() {
        for (url, reason) in [
            ("https://h/'$(touch x)'", "it contains a quote (')"),
            ("https://h/\"x", "it contains a quote (\")"),
            ("https://h/`id`", "it contains a quote (`)"),
            ("https://h/a b", "it contains a space"),
            ("https://h/a\u{a0}b", "it contains a space"),
            ("https://h/a\nb", "it contains a control character"),
            (
                "https://user:pass@h",
                "it holds a user name or password (user@host): keep the API key in the keychain instead",
            ),
            (
                "https://user@h",
                "it holds a user name or password (user@host): keep the API key in the keychain instead",
            ),
            (
                "https://h/?x=1",
                "it has a query (?…): a base URL ends with its path",
            ),
            (
                "https://h/#x",
                "it has a fragment (#…): a base URL ends with its path",
            ),
            ("ftp://h", "the scheme must be https, not ftp"),
            ("file:///etc/passwd", "the scheme must be https, not file"),
            ("https://", "empty host"),
        ] {
            let err = check_base_url(url).unwrap_err();
            let ApiError::InvalidUrl { reason: got, .. } = &err else {
                panic!("{url}: {err:?}");
            };
            assert_eq!(got, reason, "{url}");
        }
        assert_eq!(
            check_base_url("https://h/a\nb").unwrap_err().to_string(),
            "\"https://h/a\\nb\" is not a usable base URL: it contains a control character."
        );
        assert!(check_base_url("  https://api.anam.ai/v1-proxy \n").is_ok());
    }

    #[test]
    fn every_spelling_of_a_base_url_normalises_to_one() {
        for url in [
            "https://api.anam.ai",
            "https://api.anam.ai/",
            "https://API.Anam.AI",
            "https://api.anam.ai:443/",
            " https://api.anam.ai ",
        ] {
            assert_eq!(
                normalize_base_url(url).unwrap(),
                "https://api.anam.ai",
                "{url}"
            );
        }
        assert_eq!(
            normalize_base_url("http://LOCALHOST:8787/proxy/").unwrap(),
            "http://localhost:8787/proxy"
        );
        assert_eq!(
            normalize_base_url("https://h.example.com:8443").unwrap(),
            "https://h.example.com:8443"
        );
    }

    #[test]
    fn shell_quote_leaves_nothing_for_the_shell_to_expand() {
        assert_eq!(shell_quote("a b"), "'a b'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote("$(x) `y` \"z\""), "'$(x) `y` \"z\"'");
    }

    #[test]
    fn plain_http_only_for_loopback() {
        assert!(check_base_url("https://api.anam.ai").is_ok());
        assert!(check_base_url("http://127.0.0.1:8080").is_ok());
        assert!(check_base_url("http://localhost:1").is_ok());
        assert!(check_base_url("http://[::1]:1").is_ok());
        assert_eq!(
            check_base_url("http://api.anam.ai")
                .unwrap_err()
                .to_string(),
            "Refusing to send the API key over plain http:// to api.anam.ai: use https:// (plain http is only allowed for localhost)."
        );
        assert!(matches!(
            check_base_url("ftp://x"),
            Err(ApiError::InvalidUrl { .. })
        ));
        assert!(matches!(
            check_base_url("not a url"),
            Err(ApiError::InvalidUrl { .. })
        ));
    }

    #[test]
    fn base_path_is_kept() {
        let url = check_base_url("https://example.com/anam").unwrap();
        assert_eq!(
            url.join(SESSION_TOKEN_PATH).unwrap().as_str(),
            "https://example.com/anam/v1/auth/session-token"
        );
    }

    fn run(status: u16, body: &str, retry: Option<&str>) -> ApiError {
        let key = ApiKey::new("sk-secret").unwrap();
        let url = Url::parse("https://h/v1/auth/session-token").unwrap();
        interpret(
            StatusCode::from_u16(status).unwrap(),
            retry.map(str::to_string),
            body.as_bytes(),
            &url,
            &key,
        )
        .unwrap_err()
    }

    #[test]
    fn failures_read_as_sentences() {
        assert_eq!(
            run(400, r#"{"message":"personaConfig.x: bad"}"#, None).to_string(),
            "The API rejected the request (400): personaConfig.x: bad"
        );
        assert_eq!(
            run(400, r#"{"error":"Bad thing"}"#, None).to_string(),
            "The API rejected the request (400): Bad thing"
        );
        assert_eq!(
            run(400, r#"{"message":["a","b"]}"#, None).to_string(),
            "The API rejected the request (400): a; b"
        );
        assert_eq!(
            run(400, "", None).to_string(),
            "The API rejected the request (400): the reply was empty"
        );
        assert_eq!(
            run(401, "{}", None).to_string(),
            "The API key was rejected (401): check that it is right for this environment."
        );
        assert_eq!(
            run(403, r#"{"message":"Plan limit"}"#, None).to_string(),
            "The API key is not allowed to do this (403): Plan limit"
        );
        assert_eq!(
            run(404, "", None).to_string(),
            "Nothing answers at https://h/v1/auth/session-token (404): check the base URL."
        );
        assert_eq!(
            run(429, r#"{"message":"Slow down"}"#, Some("30")).to_string(),
            "Too many requests (429): Slow down. Try again in 30 s."
        );
        assert_eq!(
            run(500, r#"{"error":"boom"}"#, None).to_string(),
            "The server failed (500): boom: try again later."
        );
        assert_eq!(
            run(502, "<html><body>Bad gateway</body></html>", None).to_string(),
            "The server failed (502): it sent an HTML error page: try again later."
        );
        assert_eq!(
            run(200, "<!DOCTYPE html><p>hi", None).to_string(),
            "The server answered with an HTML page instead of JSON (status 200)."
        );
    }

    #[test]
    fn the_key_is_scrubbed_from_replies() {
        let err = run(400, r#"{"message":"bad key sk-secret"}"#, None);
        assert!(!err.to_string().contains("sk-secret"));
        assert!(!err.reply().unwrap().excerpt.contains("sk-secret"));
        assert!(!format!("{err:?}").contains("sk-secret"));
    }
}
