//! The curl command in the words of a paste: its options, the variables set beside it, the key.

use super::lex::{Piece, Token, Word};
use super::{FoundKey, Intake, IntakeError, NeedsFile, Request, Source, literal_key};
use crate::core::base_url::SESSION_TOKEN_PATH;
use crate::core::contract::RequestBody;
use std::collections::HashMap;

/// Options of curl that take a value, beyond the ones read here (so their value is not taken
/// for the URL). Short ones are letters.
const SHORT_WITH_VALUE: &str = "dHXouAebcmwxFTKErCzYyUQtPD";
#[rustfmt::skip]
const LONG_WITH_VALUE: &[&str] = &[
    "user-agent", "referer", "cookie", "cookie-jar", "max-time", "connect-timeout", "write-out",
    "output", "proxy", "retry", "retry-delay", "retry-max-time", "cacert", "capath", "cert",
    "key", "resolve", "connect-to", "interface", "limit-rate", "range", "continue-at",
    "time-cond", "speed-limit", "speed-time", "config", "dump-header", "trace", "trace-ascii",
    "stderr", "proxy-user", "max-filesize", "max-redirs", "header-file", "unix-socket",
    "local-port", "dns-servers", "ciphers", "tls-max", "aws-sigv4", "variable", "expand-url",
    "request-target", "user", "form", "form-string", "upload-file", "data-urlencode",
];

/// Finds the curl command among the pasted commands (and the variables they set), and reads it.
pub(super) fn curl(tokens: Vec<Token>) -> Result<Intake, IntakeError> {
    // Commands, with a line that starts with an option joined to the one before it (a paste
    // that lost its line continuations).
    let mut commands: Vec<Vec<Word>> = vec![Vec::new()];
    let mut after_newline = false;
    for token in tokens {
        match token {
            Token::End { newline } => {
                after_newline = newline;
                if !newline {
                    commands.push(Vec::new());
                }
            }
            Token::Word(word) => {
                let continues = word.head().starts_with('-');
                if after_newline && !continues && commands.last().is_some_and(|c| !c.is_empty()) {
                    commands.push(Vec::new());
                }
                after_newline = false;
                if let Some(command) = commands.last_mut() {
                    command.push(word);
                }
            }
        }
    }
    let mut vars: HashMap<String, String> = HashMap::new();
    let mut found: Vec<Vec<Word>> = Vec::new();
    for command in commands {
        let mut words = command.into_iter().peekable();
        // A prompt (`$ curl …`), then `export`/`set`, then NAME=value words.
        while words.peek().is_some_and(|w| {
            matches!(
                w.text().as_deref(),
                Some("$" | ">" | "%" | "export" | "set")
            )
        }) {
            words.next();
        }
        while let Some((name, value)) = words.peek().and_then(|w| assignment(w, &vars)) {
            vars.insert(name, value);
            words.next();
        }
        let Some(first) = words.next() else { continue };
        let program = first.text().unwrap_or_default();
        let program = program.rsplit(['/', '\\']).next().unwrap_or_default();
        if program.eq_ignore_ascii_case("curl") || program.eq_ignore_ascii_case("curl.exe") {
            found.push(words.collect());
        }
    }
    let mut found = found.into_iter();
    let Some(words) = found.next() else {
        return Err(IntakeError::NotRecognised);
    };
    let mut notes = Vec::new();
    let others = found.count();
    if others > 0 {
        notes.push(format!(
            "The paste holds {} curl commands: only the first was read.",
            others + 1
        ));
    }
    let mut cmd = Curl::default();
    cmd.read(words, &vars, &mut notes)?;
    cmd.finish(&vars, notes)
}

/// `NAME=value` with its value (variables in it filled in from `vars`).
fn assignment(word: &Word, vars: &HashMap<String, String>) -> Option<(String, String)> {
    let Some(Piece::Text(head)) = word.0.first() else {
        return None;
    };
    let (name, first) = head.split_once('=')?;
    let mut chars = name.chars();
    if !chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        || !chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return None;
    }
    let mut rest = Word(vec![Piece::Text(first.to_string())]);
    rest.0.extend(word.0[1..].iter().cloned());
    Some((name.to_string(), fill(&rest, vars, "value").ok()?))
}

/// A word's text with variables from `vars` filled in; a variable or command it cannot fill
/// in is an error naming it and `part`.
fn fill(
    word: &Word,
    vars: &HashMap<String, String>,
    part: &'static str,
) -> Result<String, IntakeError> {
    let mut out = String::new();
    for piece in &word.0 {
        match piece {
            Piece::Text(t) => out.push_str(t),
            Piece::Var(name) => match vars.get(name) {
                Some(v) => out.push_str(v),
                None => {
                    return Err(IntakeError::NeedsShell {
                        part,
                        what: format!("${name}"),
                    });
                }
            },
            Piece::Command(c) => {
                return Err(IntakeError::NeedsShell {
                    part,
                    what: c.clone(),
                });
            }
        }
    }
    Ok(out)
}

/// What the options of one curl command say.
#[derive(Default)]
struct Curl {
    urls: Vec<Word>,
    data: Vec<(String, Word)>,
    method: Option<String>,
    get: bool,
    headers: Vec<Word>,
    bearer: Option<Word>,
}

impl Curl {
    fn read(
        &mut self,
        words: Vec<Word>,
        vars: &HashMap<String, String>,
        notes: &mut Vec<String>,
    ) -> Result<(), IntakeError> {
        let mut words = words.into_iter();
        let mut ignored: Vec<String> = Vec::new();
        let value_of = |flag: &str, words: &mut std::vec::IntoIter<Word>| {
            words.next().ok_or_else(|| IntakeError::MissingValue {
                flag: flag.to_string(),
            })
        };
        while let Some(word) = words.next() {
            let head = word.head().to_string();
            if let Some(long) = head.strip_prefix("--").filter(|l| !l.is_empty()) {
                let flag = format!("--{long}");
                match long {
                    "data" | "data-ascii" | "data-binary" | "data-raw" | "json" => {
                        let value = value_of(&flag, &mut words)?;
                        self.data.push((flag, value));
                    }
                    "header" => self.headers.push(value_of(&flag, &mut words)?),
                    "request" => {
                        self.method = Some(fill(&value_of(&flag, &mut words)?, vars, "method")?)
                    }
                    "url" => self.urls.push(value_of(&flag, &mut words)?),
                    "oauth2-bearer" => self.bearer = Some(value_of(&flag, &mut words)?),
                    "get" | "head" => self.get = true,
                    "form" | "form-string" | "data-urlencode" | "upload-file" => {
                        return Err(IntakeError::Form { flag });
                    }
                    "user" => {
                        value_of(&flag, &mut words)?;
                        ignored.push(flag);
                    }
                    _ if LONG_WITH_VALUE.contains(&long) => {
                        value_of(&flag, &mut words)?;
                    }
                    _ => {}
                }
                continue;
            }
            let Some(cluster) = head.strip_prefix('-').filter(|c| !c.is_empty()) else {
                self.urls.push(word);
                continue;
            };
            // Short options, together (`-sS`) or with their value attached (`-XPOST`, `-d@f`).
            for (at, letter) in cluster.char_indices() {
                if !SHORT_WITH_VALUE.contains(letter) {
                    if matches!(letter, 'G' | 'I') {
                        self.get = true;
                    }
                    continue;
                }
                let flag = format!("-{letter}");
                let attached = &cluster[at + letter.len_utf8()..];
                let value = if attached.is_empty() && word.0.len() == 1 {
                    value_of(&flag, &mut words)?
                } else {
                    let mut rest = Word(vec![Piece::Text(attached.to_string())]);
                    rest.0.extend(word.0[1..].iter().cloned());
                    rest
                };
                match letter {
                    'd' => self.data.push((flag, value)),
                    'H' => self.headers.push(value),
                    'X' => self.method = Some(fill(&value, vars, "method")?),
                    'F' | 'T' => return Err(IntakeError::Form { flag }),
                    'u' => ignored.push(flag),
                    _ => {}
                }
                break;
            }
        }
        if !ignored.is_empty() {
            notes.push(format!(
                "{} was left out: Anam takes the key as an Authorization: Bearer header.",
                ignored.join(", ")
            ));
        }
        Ok(())
    }

    /// The key the command sends: the Authorization header's Bearer value, or --oauth2-bearer.
    fn key(&self, vars: &HashMap<String, String>) -> Option<FoundKey> {
        let header_value = self.headers.iter().rev().find_map(|h| {
            let (name, _) = h.head().split_once(':')?;
            if !name.trim().eq_ignore_ascii_case("authorization") {
                return None;
            }
            // The value after "Authorization:", as pieces.
            let mut pieces = h.0.clone();
            if let Some(Piece::Text(t)) = pieces.first_mut() {
                *t = t.split_once(':').map(|(_, v)| v.trim_start().to_string())?;
            }
            let first = pieces.first().map(|p| match p {
                Piece::Text(t) => t.clone(),
                _ => String::new(),
            })?;
            let rest = first
                .get(..7)
                .filter(|s| s.eq_ignore_ascii_case("bearer "))
                .map(|_| first[7..].trim_start().to_string())?;
            pieces[0] = Piece::Text(rest);
            pieces.retain(|p| !matches!(p, Piece::Text(t) if t.is_empty()));
            Some(Word(pieces))
        });
        let word = header_value.or_else(|| self.bearer.clone())?;
        if let [Piece::Var(name)] = word.0.as_slice() {
            return Some(match vars.get(name) {
                Some(value) => literal_key(value),
                None => FoundKey::Variable(name.clone()),
            });
        }
        match fill(&word, vars, "key") {
            Ok(text) => Some(literal_key(text.trim())),
            Err(_) => word.0.iter().find_map(|p| match p {
                Piece::Var(name) => Some(FoundKey::Variable(name.clone())),
                _ => None,
            }),
        }
    }

    fn finish(
        self,
        vars: &HashMap<String, String>,
        mut notes: Vec<String>,
    ) -> Result<Intake, IntakeError> {
        if let Some(method) = &self.method {
            let method = method.to_ascii_uppercase();
            if method == "GET" && self.data.is_empty() {
                return Err(IntakeError::Get);
            }
            if method != "POST" {
                return Err(IntakeError::Method { method });
            }
        }
        if self.get || (self.data.is_empty() && self.method.is_none()) {
            return Err(IntakeError::Get);
        }
        let base_url = Some(self.base_url(vars, &mut notes)?);
        let key = self.key(vars);
        let (flag, data) = match self.data.as_slice() {
            [] => return Err(IntakeError::NoBody),
            [one] => one,
            many => return Err(IntakeError::ManyBodies { count: many.len() }),
        };
        let text = fill(data, vars, "body")?;
        let mut request = Request {
            source: Source::Curl,
            body: RequestBody::new(),
            base_url,
            key,
            notes,
        };
        if flag != "--data-raw"
            && let Some(path) = text.strip_prefix('@')
        {
            if path == "-" {
                return Err(IntakeError::Stdin);
            }
            return Ok(Intake::NeedsFile(NeedsFile {
                path: path.to_string(),
                request,
            }));
        }
        let not_json = |line, column, message| IntakeError::BodyNotJson {
            flag: flag.clone(),
            line,
            column,
            message,
        };
        let start = text.trim_start();
        if !start.starts_with(['{', '[']) {
            let head: String = start.chars().take(24).collect();
            let more = if start.chars().count() > 24 {
                "…"
            } else {
                ""
            };
            return Err(not_json(
                1,
                1,
                format!("a JSON body starts with {{, this one with {head:?}{more}"),
            ));
        }
        request.body = RequestBody::parse(text.as_bytes())
            .map_err(|e| not_json(e.line, e.column, e.message))?;
        Ok(Intake::Ready(request))
    }

    /// The one URL, checked to be the session-token endpoint, as a base URL. A user name,
    /// password or query in it is left out (and said): it may hold a secret.
    fn base_url(
        &self,
        vars: &HashMap<String, String>,
        notes: &mut Vec<String>,
    ) -> Result<String, IntakeError> {
        let url = match self.urls.as_slice() {
            [] => return Err(IntakeError::NoUrl),
            [one] => fill(one, vars, "URL")?,
            many => return Err(IntakeError::ManyUrls { count: many.len() }),
        };
        let written = if url.contains("://") {
            url.clone()
        } else {
            format!("https://{url}")
        };
        let bad = |reason: String| IntakeError::BadUrl {
            url: url.clone(),
            reason,
        };
        let parsed = url::Url::parse(&written).map_err(|e| bad(e.to_string()))?;
        if !matches!(parsed.scheme(), "https" | "http") {
            return Err(bad(format!(
                "the scheme must be https, not {}",
                parsed.scheme()
            )));
        }
        let host = parsed
            .host_str()
            .ok_or_else(|| bad("it has no host".into()))?;
        let port = parsed.port().map(|p| format!(":{p}")).unwrap_or_default();
        let origin = format!("{}://{host}{port}", parsed.scheme());
        let path = parsed.path().trim_end_matches('/');
        let Some(prefix) = path.strip_suffix(&format!("/{SESSION_TOKEN_PATH}")) else {
            return Err(IntakeError::NotTokenEndpoint {
                url: format!("{origin}{}", parsed.path()),
            });
        };
        if !parsed.username().is_empty() || parsed.password().is_some() {
            notes.push("The user name and password in the URL were left out.".into());
        }
        if parsed.query().is_some() {
            notes.push("The URL's query (?…) was left out.".into());
        }
        Ok(format!("{origin}{prefix}"))
    }
}
