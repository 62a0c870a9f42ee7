//! Reading what the API answered: the token, a list's page, or the failure in one sentence,
//! with the key never quoted back.

use super::*;
use crate::core::catalog::Meta;

/// The server's own words: `message` (a string or a list of strings) or `error` (a string or an
/// object with a `message`).
pub(super) fn server_message(json: &Value) -> Option<String> {
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
pub(super) fn retry_after_value(raw: &str) -> Option<String> {
    let raw = raw.trim();
    let seconds = !raw.is_empty() && raw.len() <= 10 && raw.bytes().all(|b| b.is_ascii_digit());
    let date = raw.len() <= 40 && chrono::DateTime::parse_from_rfc2822(raw).is_ok();
    (seconds || date).then(|| raw.to_string())
}

/// Characters that show nothing (or move the cursor) where a reply is displayed: control
/// characters such as terminal escapes, and invisible formatting characters (zero-width spaces,
/// bidirectional overrides). Dropping them keeps replies from hiding or disguising text, and from
/// splitting the key so that scrubbing misses it while it still reads as the key.
pub(super) fn hidden(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2060}'..='\u{2064}'
                | '\u{2066}'..='\u{2069}' | '\u{feff}'
        )
}

/// The start of a reply body as text for "details": hidden characters dropped (newlines and
/// tabs kept), the key scrubbed out, and only then cut (so no piece of the key survives the cut).
pub(super) fn excerpt(bytes: &[u8], key: &ApiKey) -> String {
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
pub(super) fn one_line(message: &str, key: &ApiKey) -> String {
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

pub(super) fn looks_like_html(bytes: &[u8]) -> bool {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(256)])
        .trim_start()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || head.starts_with('<')
}

pub(super) fn interpret(
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

/// The items and paging of one list reply. A bare array is taken as a single page.
pub(super) fn split_page(
    json: Value,
    what: &str,
    reply: &Reply,
) -> Result<(Vec<Value>, Meta), ApiError> {
    let malformed = |detail: &str| ApiError::Malformed {
        what: what.to_string(),
        detail: detail.to_string(),
        reply: reply.clone(),
    };
    match json {
        Value::Array(items) => Ok((items, Meta::default())),
        Value::Object(mut map) => {
            let data = match map.remove("data") {
                Some(Value::Array(items)) => items,
                Some(other) => {
                    return Err(malformed(&format!(
                        "\"data\" is {}, not a list",
                        crate::core::contract::type_name(&other)
                    )));
                }
                None => return Err(malformed("it has no \"data\" list")),
            };
            let meta = map
                .remove("meta")
                .and_then(|m| serde_json::from_value(m).ok())
                .unwrap_or_default();
            Ok((data, meta))
        }
        other => Err(malformed(&format!(
            "it is {}, not an object with a \"data\" list",
            crate::core::contract::type_name(&other)
        ))),
    }
}
