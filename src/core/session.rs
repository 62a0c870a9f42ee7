//! Sessions as the API lists and shows them (`GET /v1/sessions`, `/v1/sessions/{id}`,
//! `/v1/sessions/{id}/transcript`; `docs/anam-api.md` names the pages): models tolerant of
//! unknown and missing fields, the list's query, finding a minted token's session by its label,
//! and the words and numbers a view shows (state, length, transcript lines).
//!
//! Pure: no disk, no network.

use crate::core::catalog::{Meta, lenient};
use chrono::{DateTime, Utc};
use serde::de::Deserializer;
use serde::{Deserialize, Serialize};
use serde_json::Value;

pub mod resolved;

/// A time the API sent; one that does not read is absent.
fn time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<DateTime<Utc>>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::String(s) => DateTime::parse_from_rfc3339(s.trim())
            .ok()
            .map(|t| t.with_timezone(&Utc)),
        _ => None,
    })
}

fn opt_u64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n
            .as_u64()
            .or_else(|| n.as_f64().filter(|f| *f >= 0.0).map(|f| f as u64)),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

fn opt_f64<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Ok(match Value::deserialize(d)? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    })
}

/// A session as the list shows it (the detail has these fields too).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionSummary {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    /// `None` for a session minted with an ephemeral persona.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub persona_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub client_label: Option<String>,
    #[serde(default, deserialize_with = "time")]
    pub start_time: Option<DateTime<Utc>>,
    /// `None` while the session is live.
    #[serde(default, deserialize_with = "time")]
    pub end_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_u64")]
    pub session_length_ms: Option<u64>,
    /// How it ended (`CLOSED_BY_ENGINE`, `ERROR`, ...); `None` while live.
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub exit_status: Option<String>,
    #[serde(default, deserialize_with = "time")]
    pub created_at: Option<DateTime<Utc>>,
}

/// One session in full: the summary and what the API adds.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SessionDetail {
    #[serde(flatten)]
    pub summary: SessionSummary,
    pub engine_host: Option<String>,
    pub engine_version: Option<String>,
    pub api_key_id: Option<String>,
    pub client_metadata: Option<Value>,
    /// The persona's settings as the session started with them.
    pub persona_config: Option<Value>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct DetailExtra {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    engine_host: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    engine_version: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    api_key_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    client_metadata: Option<Value>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    persona_config: Option<Value>,
}

impl<'de> Deserialize<'de> for SessionDetail {
    // Read twice from one value (no `flatten`, which misreads numbers with arbitrary_precision).
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        let value = Value::deserialize(d)?;
        let summary = SessionSummary::deserialize(&value).map_err(D::Error::custom)?;
        let extra = DetailExtra::deserialize(&value).map_err(D::Error::custom)?;
        Ok(SessionDetail {
            summary,
            engine_host: extra.engine_host,
            engine_version: extra.engine_version,
            api_key_id: extra.api_key_id,
            client_metadata: extra.client_metadata,
            persona_config: extra.persona_config,
        })
    }
}

/// One page of the list.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct SessionPage {
    pub data: Vec<SessionSummary>,
    pub meta: Meta,
}

impl SessionPage {
    /// A list reply's `data` and `meta`; items that do not read (no id) are skipped.
    pub fn from_items(items: Vec<Value>, meta: Meta) -> SessionPage {
        SessionPage {
            data: items
                .into_iter()
                .filter_map(|v| serde_json::from_value(v).ok())
                .collect(),
            meta,
        }
    }
}

/// What the list is asked for: `search` matches a session id or its client label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionQuery {
    pub search: Option<String>,
    pub persona_id: Option<String>,
    pub page: u32,
    /// 1 to 100.
    pub per_page: u32,
}

impl Default for SessionQuery {
    fn default() -> Self {
        SessionQuery {
            search: None,
            persona_id: None,
            page: 1,
            per_page: 20,
        }
    }
}

impl SessionQuery {
    /// Sessions whose label or id contains `label`.
    pub fn by_label(label: &str) -> Self {
        SessionQuery {
            search: Some(label.to_string()),
            ..Default::default()
        }
    }

    /// The query string's pairs, in the API's names (empty values left out, `perPage` kept
    /// within 1–100).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![
            ("page", self.page.max(1).to_string()),
            ("perPage", self.per_page.clamp(1, 100).to_string()),
        ];
        let text = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(s) = text(&self.search) {
            pairs.push(("search", s));
        }
        if let Some(p) = text(&self.persona_id) {
            pairs.push(("personaId", p));
        }
        pairs
    }
}

/// Live or ended, as a view says it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SessionState {
    Live,
    Ended { exit_status: Option<String> },
}

impl SessionSummary {
    pub fn state(&self) -> SessionState {
        if self.end_time.is_none() && self.exit_status.is_none() && self.session_length_ms.is_none()
        {
            SessionState::Live
        } else {
            SessionState::Ended {
                exit_status: self.exit_status.clone(),
            }
        }
    }

    /// "live", or "ended (closed by engine)".
    pub fn state_text(&self) -> String {
        match self.state() {
            SessionState::Live => "live".into(),
            SessionState::Ended { exit_status: None } => "ended".into(),
            SessionState::Ended {
                exit_status: Some(s),
            } => format!("ended ({})", exit_text(&s)),
        }
    }

    /// The length: the API's, else (while live) the time since it started; "—" when neither.
    pub fn length_text(&self, now: DateTime<Utc>) -> String {
        match (self.session_length_ms, self.start_time) {
            (Some(ms), _) => format_length(ms),
            (None, Some(start)) if self.state() == SessionState::Live => {
                format!(
                    "{} so far",
                    format_length((now - start).num_milliseconds().max(0) as u64)
                )
            }
            _ => "—".into(),
        }
    }

    /// When it started (or was created), for sorting and matching.
    pub fn started(&self) -> Option<DateTime<Utc>> {
        self.start_time.or(self.created_at)
    }
}

/// `CLOSED_BY_ENGINE` → "closed by engine".
pub fn exit_text(code: &str) -> String {
    code.trim().replace('_', " ").to_lowercase()
}

/// "45 s", "12 min 34 s", "1 h 02 min".
pub fn format_length(ms: u64) -> String {
    let s = ms / 1000;
    match s {
        0..60 => format!("{s} s"),
        60..3600 => format!("{} min {:02} s", s / 60, s % 60),
        _ => format!("{} h {:02} min", s / 3600, (s % 3600) / 60),
    }
}

/// The session a token minted at `minted_at` with `label` started: same label exactly, started
/// no earlier than a minute before the mint (clocks differ), the earliest such. `None` until the
/// token is used.
pub fn session_for_mint<'a>(
    sessions: &'a [SessionSummary],
    label: &str,
    minted_at: DateTime<Utc>,
) -> Option<&'a SessionSummary> {
    let earliest = minted_at - chrono::Duration::minutes(1);
    sessions
        .iter()
        .filter(|s| s.client_label.as_deref() == Some(label))
        .filter(|s| s.started().is_none_or(|t| t >= earliest))
        .min_by_key(|s| s.started())
}

/// A session's conversation.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Transcript {
    pub session_id: Option<String>,
    pub persona_name: Option<String>,
    pub start_time: Option<DateTime<Utc>>,
    pub end_time: Option<DateTime<Utc>>,
    pub duration_ms: Option<u64>,
    pub total_messages: Option<u64>,
    /// `Some(false)` when the session kept no transcript (zero data retention).
    pub transcripts_enabled: Option<bool>,
    pub messages: Vec<Message>,
}

/// One turn: `role` is who spoke (`user`, or the persona).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Message {
    #[serde(default, deserialize_with = "lenient::string")]
    pub role: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub message: String,
    #[serde(default, deserialize_with = "time")]
    pub timestamp: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_f64")]
    pub speaking_duration_seconds: Option<f64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub was_interrupted: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RawTranscript {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    session_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    persona_name: Option<String>,
    #[serde(default, deserialize_with = "time")]
    start_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "time")]
    end_time: Option<DateTime<Utc>>,
    #[serde(default, deserialize_with = "opt_u64")]
    duration_ms: Option<u64>,
    #[serde(default, deserialize_with = "opt_u64")]
    total_messages: Option<u64>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    transcripts_enabled: Option<bool>,
    #[serde(default)]
    messages: Value,
}

impl<'de> Deserialize<'de> for Transcript {
    /// Messages that do not read are skipped; a missing list is an empty one.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawTranscript::deserialize(d)?;
        let messages = match raw.messages {
            Value::Array(items) => items
                .into_iter()
                .filter_map(|m| serde_json::from_value(m).ok())
                .collect(),
            _ => Vec::new(),
        };
        Ok(Transcript {
            session_id: raw.session_id,
            persona_name: raw.persona_name,
            start_time: raw.start_time,
            end_time: raw.end_time,
            duration_ms: raw.duration_ms,
            total_messages: raw.total_messages,
            transcripts_enabled: raw.transcripts_enabled,
            messages,
        })
    }
}

impl Transcript {
    /// One line a message: `[m:ss] role: text` (the offset from the session's start when known),
    /// `(interrupted)` after a cut-off turn. A session that kept none says so.
    pub fn lines(&self) -> Vec<String> {
        if self.messages.is_empty() {
            return vec![match self.transcripts_enabled {
                Some(false) => "No transcript: this session did not keep one.".into(),
                _ => "No messages.".into(),
            }];
        }
        let start = self
            .start_time
            .or_else(|| self.messages.iter().find_map(|m| m.timestamp));
        self.messages
            .iter()
            .map(|m| {
                let at = match (start, m.timestamp) {
                    (Some(s), Some(t)) => {
                        let secs = (t - s).num_seconds().max(0);
                        format!("[{}:{:02}] ", secs / 60, secs % 60)
                    }
                    _ => String::new(),
                };
                let cut = if m.was_interrupted == Some(true) {
                    " (interrupted)"
                } else {
                    ""
                };
                format!("{at}{}: {}{cut}", m.role, m.message.trim())
            })
            .collect()
    }
}

#[cfg(test)]
mod tests;
