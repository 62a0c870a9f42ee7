//! The API's failures, each one sentence (and what came back, for "details").

use super::MAX_RESPONSE_BYTES;
use crate::core::base_url::BaseUrlError;
use crate::core::item_id::IdError;
use crate::core::jwt::JwtError;
use std::fmt;

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
    /// An https:// base URL whose server speaks plain HTTP (rustls meets a reply that is not TLS).
    #[error(
        "The server at {host} answered in plain HTTP, not HTTPS: check the base URL's scheme (https:// or http://) and port."
    )]
    NotHttps { host: String },
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
    #[error(
        "No session has the id \"{id}\" (404): check the id, and that the key belongs to the account that ran it."
    )]
    NoSuchSession { id: String, reply: Option<Reply> },
    /// An id that names no single item (empty, `.`, `..`, a control character): nothing was sent.
    #[error(transparent)]
    BadId(#[from] IdError),
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
            ApiError::NoSuchPersona { reply, .. } | ApiError::NoSuchSession { reply, .. } => {
                reply.as_ref()
            }
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

/// Whether `err` is the TLS handshake meeting a reply that is not TLS at all (rustls's
/// "received corrupt message of type InvalidContentType"): a plain-HTTP server at an https://
/// address. rustls's error sits inside `io::Error`s (two, through reqwest's connector), whose
/// `source` skips what they wrap, so each is opened with `get_ref`.
pub fn is_plain_http_reply(err: &(dyn std::error::Error + 'static)) -> bool {
    let mut err = err;
    loop {
        if let Some(tls) = err.downcast_ref::<rustls::Error>() {
            return matches!(
                tls,
                rustls::Error::InvalidMessage(rustls::InvalidMessage::InvalidContentType)
            );
        }
        match err
            .downcast_ref::<std::io::Error>()
            .and_then(|io| io.get_ref())
        {
            Some(inner) => err = inner,
            None => return false,
        }
    }
}

impl From<BaseUrlError> for ApiError {
    fn from(e: BaseUrlError) -> Self {
        match e {
            BaseUrlError::Invalid { url, reason } => ApiError::InvalidUrl { url, reason },
            BaseUrlError::Insecure { host } => ApiError::Insecure { host },
        }
    }
}
