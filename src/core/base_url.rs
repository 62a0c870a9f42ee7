//! Base URLs as users type them: checked, and spelled one way.

use url::Url;

/// The token endpoint, relative to a base URL.
pub const SESSION_TOKEN_PATH: &str = "v1/auth/session-token";

/// Why a base URL is refused, in a sentence.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BaseUrlError {
    #[error("\"{url}\" is not a usable base URL: {reason}.")]
    Invalid { url: String, reason: String },
    #[error(
        "Refusing to send the API key over plain http:// to {host}: use https:// (plain http is only allowed for localhost)."
    )]
    Insecure { host: String },
}

/// Checks a base URL, typed by a user or read from the config: https (plain http only to a
/// loopback host), a host, no user info, no query or fragment, and no whitespace, quote or
/// control character anywhere. Returns it ending in `/`, ready for `Url::join`.
pub fn check(url: &str) -> Result<Url, BaseUrlError> {
    let typed = url.trim();
    let invalid = |reason: &str| BaseUrlError::Invalid {
        url: crate::core::shown::shown(typed),
        reason: reason.to_string(),
    };
    if let Some(c) = typed
        .chars()
        .find(|c| c.is_whitespace() || c.is_control() || matches!(c, '\'' | '"' | '`'))
    {
        return Err(invalid(&match c {
            '\'' | '"' | '`' => format!("it contains a quote ({c})"),
            c if c.is_whitespace() && !c.is_control() => "it contains a space".into(),
            _ => "it contains a control character".into(),
        }));
    }
    let mut parsed = Url::parse(typed).map_err(|e| invalid(&e.to_string()))?;
    if !matches!(parsed.scheme(), "https" | "http") {
        return Err(invalid(&format!(
            "the scheme must be https, not {}",
            parsed.scheme()
        )));
    }
    let host = parsed
        .host_str()
        .ok_or_else(|| invalid("it has no host"))?
        .to_string();
    if parsed.scheme() == "http" && !is_loopback(&parsed) {
        return Err(BaseUrlError::Insecure { host });
    }
    if !parsed.username().is_empty() || parsed.password().is_some() {
        // The user info may be a key or a password: the sentence shows it masked.
        let mut shown = parsed.clone();
        let _ = shown.set_password(None);
        let _ = shown.set_username("***");
        return Err(BaseUrlError::Invalid {
            url: shown.to_string(),
            reason: "it holds a user name or password (user@host): keep the API key in the keychain instead".into(),
        });
    }
    if parsed.query().is_some() {
        return Err(invalid(
            "it has a query (?…): a base URL ends with its path",
        ));
    }
    if parsed.fragment().is_some() {
        return Err(invalid(
            "it has a fragment (#…): a base URL ends with its path",
        ));
    }
    if !parsed.path().ends_with('/') {
        let path = format!("{}/", parsed.path());
        parsed.set_path(&path);
    }
    Ok(parsed)
}

/// The one spelling of a base URL, used wherever it names something (a keychain account, a
/// custom environment): checked, lower-case host, no default port, no trailing slash. So
/// `https://API.anam.ai:443/` and `https://api.anam.ai` are the same environment.
pub fn normalize(url: &str) -> Result<String, BaseUrlError> {
    let url = check(url)?;
    Ok(url.as_str().trim_end_matches('/').to_string())
}

pub fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(url::Host::Domain(d)) => d.eq_ignore_ascii_case("localhost"),
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    }
}

/// The keychain account for a base URL: its one spelling ([`normalize`]), so every
/// caller (the app, `key set`, `mint`, `list`) stores and looks up the same entry however the URL
/// was typed. A URL that does not pass the check is only trimmed (nothing can be minted with it).
pub fn account_for(base_url: &str) -> String {
    normalize(base_url).unwrap_or_else(|_| base_url.trim().trim_end_matches('/').to_string())
}
