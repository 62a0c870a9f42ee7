//! The tokens minted in this run. Tokens live in memory only: never written to disk.

use crate::core::jwt::DecodedJwt;
use chrono::{DateTime, Utc};

/// One minted token.
#[derive(Debug, Clone)]
pub struct TokenEntry {
    pub token: String,
    pub jwt: DecodedJwt,
    pub preset: String,
    pub label: Option<String>,
    pub environment: String,
    /// The environment's base URL when it was minted (the demo page's SDK talks to it).
    pub base_url: String,
    pub minted_at: DateTime<Utc>,
    /// The body the mint sent (its label filled in): what the session window sets beside what
    /// the session ran with. In memory only, as the token.
    pub body: serde_json::Value,
    /// The address of the demo page serving this token, once launched.
    pub demo_url: Option<String>,
}

impl TokenEntry {
    /// Whether the token is still valid at `now` (a token without `exp` counts as live).
    pub fn is_live(&self, now: DateTime<Utc>) -> bool {
        self.jwt.seconds_left(now).is_none_or(|s| s > 0)
    }
}

/// The tokens minted in this run (in memory only), and the one shown.
#[derive(Default)]
pub struct Tokens {
    history: Vec<TokenEntry>,
    selected: usize,
}

impl Tokens {
    /// Adds a token and shows it; returns its place in the history.
    pub fn push(&mut self, entry: TokenEntry) -> usize {
        self.history.push(entry);
        self.selected = self.history.len() - 1;
        self.selected
    }

    /// The shown token's place in the history.
    pub fn selected(&self) -> Option<usize> {
        (self.selected < self.history.len()).then_some(self.selected)
    }

    /// The demo page serving token `i` is at `url`.
    pub fn set_demo_url(&mut self, i: usize, url: String) {
        if let Some(entry) = self.history.get_mut(i) {
            entry.demo_url = Some(url);
        }
    }

    pub fn current(&self) -> Option<&TokenEntry> {
        self.history.get(self.selected)
    }

    pub fn history(&self) -> &[TokenEntry] {
        &self.history
    }

    /// The token minted `i`-th in this run.
    pub fn at(&self, i: usize) -> Option<&TokenEntry> {
        self.history.get(i)
    }

    /// Shows token `i` of the history.
    pub fn select(&mut self, i: usize) {
        if i < self.history.len() {
            self.selected = i;
        }
    }
}
