//! Paste anything that is a request: a JSON body, or a curl command line as copied from Anam's
//! docs, a terminal or a browser's devtools ("Copy as cURL" for bash or for cmd).
//!
//! Read from a curl line: the body (`-d`, `--data`, `--data-raw`, `--data-binary`,
//! `--data-ascii`, `--json`; `@file` asks the caller for the file), the URL (anywhere, or
//! `--url`), `-X`/`--request`, and the key (`-H 'Authorization: Bearer …'`, `--oauth2-bearer`).
//! Variables set in the same paste (`export ANAM_API_KEY=…`, `NAME=… curl …`) are filled in;
//! others are named, never guessed. A key found is returned as an [`ApiKey`] (it never prints)
//! for an offer to put it in the keychain; nothing here stores it.
//!
//! Pure: no disk, no network. Every failure is an [`IntakeError`] that reads as one sentence.

mod cmd;
mod curl;
mod lex;

use crate::core::base_url::SESSION_TOKEN_PATH;
use crate::core::contract::{JsonError, RequestBody};
use crate::core::secrets::ApiKey;

/// What the pasted text was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    Json,
    Curl,
}

/// A key the command carries, as far as the paste tells.
#[derive(Debug, Clone, PartialEq)]
pub enum FoundKey {
    /// A key itself (offer to put it in the keychain; never store it unasked).
    Key(ApiKey),
    /// `$NAME` or `%NAME%`: the key comes from an environment variable not in the paste.
    Variable(String),
    /// Text that stands for a key in docs (`<token>`, `YOUR_API_KEY`).
    Placeholder(String),
}

/// A request read from pasted text.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub source: Source,
    /// The body, numbers and key order as written.
    pub body: RequestBody,
    /// `scheme://host[:port][/prefix]`, with `/v1/auth/session-token` taken off.
    pub base_url: Option<String>,
    pub key: Option<FoundKey>,
    /// Things the caller should tell the user (options left out, a second command ignored).
    pub notes: Vec<String>,
}

/// What the text asks for: a request, or a file to read first (`-d @file`).
#[derive(Debug, Clone, PartialEq)]
pub enum Intake {
    Ready(Request),
    NeedsFile(NeedsFile),
}

/// A command whose body is in a file: read `path` (relative to where the command would run)
/// and pass its bytes to [`NeedsFile::with_contents`].
#[derive(Debug, Clone, PartialEq)]
pub struct NeedsFile {
    pub path: String,
    request: Request,
}

impl NeedsFile {
    /// The request, with the file's bytes as its body.
    pub fn with_contents(self, bytes: &[u8]) -> Result<Request, IntakeError> {
        let body = RequestBody::parse(bytes).map_err(|e| IntakeError::FileNotJson {
            path: self.path.clone(),
            line: e.line,
            column: e.column,
            message: e.message,
        })?;
        Ok(Request {
            body,
            ..self.request
        })
    }

    pub fn base_url(&self) -> Option<&str> {
        self.request.base_url.as_deref()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IntakeError {
    #[error("Nothing to read: the pasted text is empty.")]
    Empty,
    #[error("The pasted text is neither a JSON body nor a curl command.")]
    NotRecognised,
    #[error("The JSON body does not parse at line {line}, column {column}: {message}.")]
    Json {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("The command has an unclosed {kind} quote, opened on line {line}.")]
    UnclosedQuote { kind: String, line: usize },
    #[error("The curl command has no URL.")]
    NoUrl,
    #[error(
        "The curl command has {count} URLs: paste a command for the session-token endpoint alone."
    )]
    ManyUrls { count: usize },
    #[error("\"{url}\" is not a URL: {reason}.")]
    BadUrl { url: String, reason: String },
    #[error("The command calls {url}, not the session-token endpoint (…/{SESSION_TOKEN_PATH}).")]
    NotTokenEndpoint { url: String },
    #[error(
        "The command sends a GET without a body: tokens were once minted with GET, but the API now takes a POST with the persona in a JSON body (-d '{{…}}')."
    )]
    Get,
    #[error("The command sends {method}, but a session token is minted with POST.")]
    Method { method: String },
    #[error("The command sends no body: add the JSON body with -d '{{…}}'.")]
    NoBody,
    #[error(
        "The command has {count} bodies (-d and the like): curl would join them with & into text that is not one JSON body."
    )]
    ManyBodies { count: usize },
    #[error("The command sends a form ({flag}), not a JSON body.")]
    Form { flag: String },
    #[error("The command reads its body from stdin (@-): paste the body itself instead.")]
    Stdin,
    #[error("The option {flag} has nothing after it.")]
    MissingValue { flag: String },
    #[error(
        "The {part} depends on the shell ({what}), which is not in the pasted text: fill in the value and paste again."
    )]
    NeedsShell { part: &'static str, what: String },
    #[error("The body after {flag} is not JSON: line {line}, column {column}: {message}.")]
    BodyNotJson {
        flag: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("The file {path} is not a JSON body: line {line}, column {column}: {message}.")]
    FileNotJson {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
}

/// Reads pasted text: a JSON body or a curl command line.
pub fn parse(text: &str) -> Result<Intake, IntakeError> {
    let text = without_fence(text.strip_prefix('\u{feff}').unwrap_or(text).trim());
    if text.is_empty() {
        return Err(IntakeError::Empty);
    }
    if text.starts_with(['{', '[']) {
        let body = RequestBody::parse(text.as_bytes()).map_err(json_error)?;
        return Ok(Intake::Ready(Request {
            source: Source::Json,
            body,
            base_url: None,
            key: None,
            notes: Vec::new(),
        }));
    }
    // A POSIX shell line, unless it reads as a Windows `cmd` one: a word that starts with `^`
    // (a continuation, or a browser's `^"…^"` quoting) never starts a word of a POSIX command.
    let tokens = match lex::posix(text) {
        Ok(tokens) if !lex::looks_like_cmd(&tokens) => tokens,
        Ok(_) => cmd::cmd(text)?,
        Err(e) if lex::is_cmd(text) => cmd::cmd(text).map_err(|_| e)?,
        Err(e) => return Err(e),
    };
    curl::curl(tokens)
}

/// The text inside a Markdown code fence (```json … ```), as copied from docs or a ticket.
fn without_fence(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("```") else {
        return text;
    };
    let inner = rest.split_once('\n').map_or("", |(_, body)| body);
    inner.strip_suffix("```").unwrap_or(inner).trim()
}

fn json_error(e: JsonError) -> IntakeError {
    IntakeError::Json {
        line: e.line,
        column: e.column,
        message: e.message,
    }
}

/// A key as written: a real one, a variable the shell did not expand (`'$KEY'`, `%KEY%` read
/// as POSIX), or a placeholder from docs.
fn literal_key(text: &str) -> FoundKey {
    let name = text
        .strip_prefix("${")
        .and_then(|t| t.strip_suffix('}'))
        .or_else(|| text.strip_prefix('$'))
        .or_else(|| text.strip_prefix('%').and_then(|t| t.strip_suffix('%')));
    if let Some(name) =
        name.filter(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
    {
        return FoundKey::Variable(name.to_string());
    }
    let lower = text.to_ascii_lowercase();
    let placeholder = text.contains(['<', '>', '{', '}'])
        || lower.contains("your")
        || matches!(
            lower.as_str(),
            "token" | "api_key" | "apikey" | "api-key" | "key"
        )
        || (text.len() > 2 && lower.chars().all(|c| c == 'x' || c == '*' || c == '.'));
    match ApiKey::new(text) {
        Ok(key) if !placeholder => FoundKey::Key(key),
        _ => FoundKey::Placeholder(text.to_string()),
    }
}
