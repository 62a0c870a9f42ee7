//! What became of each token: its session (found by its client label and mint time) and the
//! session list, as the API last answered.

use crate::core::label;
use crate::core::session::resolved::{self, Compared};
use crate::core::session::{SessionDetail, SessionSummary, Transcript};
use crate::ui::state::tokens::TokenEntry;
use chrono::{DateTime, Utc};
use std::time::Instant;

/// The session of one token.
pub struct SessionView {
    pub entry: usize,
    pub label: Option<String>,
    pub preset: String,
    pub environment: String,
    pub base_url: String,
    pub minted_at: DateTime<Utc>,
    pub loading: bool,
    /// Whether an answer came (then `found: None` means "not started yet").
    pub searched: bool,
    pub found: Option<SessionSummary>,
    pub error: Option<String>,
    pub transcript: Option<Transcript>,
    pub transcript_loading: bool,
    pub answered_at: Option<Instant>,
    /// The body the mint sent.
    pub asked: serde_json::Value,
    /// The session in full, once read (what it ran with).
    pub detail: Option<SessionDetail>,
    pub detail_loading: bool,
    /// The mint's body beside the session's snapshot, worked out once when the detail comes.
    pub compared: Vec<Compared>,
}

impl SessionView {
    pub fn new(entry: usize, token: &TokenEntry) -> Self {
        SessionView {
            entry,
            label: token.label.clone(),
            preset: token.preset.clone(),
            environment: token.environment.clone(),
            base_url: token.base_url.clone(),
            minted_at: token.minted_at,
            loading: false,
            searched: false,
            found: None,
            error: None,
            transcript: None,
            transcript_loading: false,
            answered_at: None,
            asked: token.body.clone(),
            detail: None,
            detail_loading: false,
            compared: Vec::new(),
        }
    }

    /// Whether the session found still needs its detail read.
    pub fn wants_detail(&self) -> bool {
        let found = self.found.as_ref().map(|f| &f.id);
        !self.detail_loading
            && found.is_some()
            && self.detail.as_ref().map(|d| &d.summary.id) != found
    }

    /// The session in full: what it ran with, beside what was asked.
    pub fn detailed(&mut self, detail: SessionDetail) {
        self.detail_loading = false;
        self.compared = resolved::asked_and_ran(&self.asked, &detail);
        self.detail = Some(detail);
    }

    pub fn answered(&mut self, found: Option<SessionSummary>) {
        self.loading = false;
        self.searched = true;
        self.error = None;
        self.answered_at = Some(Instant::now());
        if found.as_ref().map(|f| &f.id) != self.found.as_ref().map(|f| &f.id) {
            self.transcript = None;
            self.detail = None;
            self.compared.clear();
        }
        self.found = found;
    }

    pub fn failed(&mut self, sentence: String) {
        self.loading = false;
        self.error = Some(sentence);
        self.answered_at = Some(Instant::now());
    }
}

/// The sessions listed for QA (the Sessions window).
#[derive(Default)]
pub struct SessionList {
    pub environment: String,
    pub loading: bool,
    pub error: Option<String>,
    pub items: Vec<SessionSummary>,
    /// Each item's preset, read back from its label with the environment's template ("—" when
    /// the label is not one the template filled).
    pub presets: Vec<String>,
}

impl SessionList {
    /// The sessions found, and their presets by `template` (worked out once, not each frame).
    pub fn listed(&mut self, items: Vec<SessionSummary>, template: Option<&str>) {
        let preset = |s: &SessionSummary| {
            let found = template.zip(s.client_label.as_deref());
            found.and_then(|(t, l)| label::preset_in(t, l))
        };
        self.presets = (items.iter())
            .map(|s| preset(s).unwrap_or_else(|| "—".into()))
            .collect();
        self.items = items;
        self.error = None;
    }
}

/// What became of the tokens: the session of one, and the list.
#[derive(Default)]
pub struct Sessions {
    /// The session window's, once a token's session is asked for.
    pub view: Option<SessionView>,
    pub list: SessionList,
}
