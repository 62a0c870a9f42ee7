//! The body being edited, with what is derived from it (pretty text, problems, dirty state),
//! recomputed once per edit rather than once per frame; undo and redo of every edit. Pure: no
//! egui, no disk, no network.

use crate::core::contract::{JsonError, Mode, RequestBody, VoiceProvider, fields, number};
mod history;
mod voice;

use crate::core::validate::{self, Hints, Problem};
use history::History;
use serde_json::{Map, Value};
use std::sync::atomic::{AtomicU64, Ordering};

#[derive(Debug, Clone)]
pub struct Draft {
    state: State,
    /// The pretty text as last saved or loaded.
    saved_text: String,
    history: History<State>,
    /// What the last provider switch removed, and the revision it left; shown until the next
    /// edit (see [`Draft::dropped_by_provider`]).
    dropped: Option<(VoiceProvider, Vec<String>, u64)>,
    // Derived, recomputed on every change.
    text: String,
    problems: Vec<Problem>,
    revision: u64,
    /// `text != saved_text`, kept up to date on each change: asked several times a frame, it
    /// must not compare megabytes each time.
    text_changed: bool,
}

/// What an edit changes, and what undo brings back.
#[derive(Debug, Clone, PartialEq)]
struct State {
    body: RequestBody,
    /// The other mode's `personaConfig`, kept while the user switches modes.
    stashed: Option<Value>,
    /// The voice provider the user picked; `None` while inferred from the body.
    picked_provider: Option<VoiceProvider>,
    /// Body text that does not parse: still the user's work (see [`Unparsed`]).
    unparsed: Option<Unparsed>,
}

/// Text typed as the body that is not JSON (yet). It belongs to the draft: the draft is dirty
/// while it is there, it goes wherever the draft goes, and nothing is minted or saved from the
/// last body that did parse until it parses or is dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct Unparsed {
    pub text: String,
    pub error: JsonError,
}

impl Default for Draft {
    fn default() -> Self {
        Draft::new(RequestBody::new())
    }
}

impl Draft {
    /// A draft of `body`, counted as saved.
    pub fn new(body: RequestBody) -> Self {
        let mut draft = Draft {
            state: State {
                body,
                stashed: None,
                picked_provider: None,
                unparsed: None,
            },
            saved_text: String::new(),
            history: History::default(),
            dropped: None,
            text: String::new(),
            problems: Vec::new(),
            revision: 0,
            text_changed: false,
        };
        draft.refresh();
        draft.mark_saved();
        draft
    }

    /// A draft that is not yet saved anywhere (dirty until saved).
    pub fn unsaved(body: RequestBody) -> Self {
        let mut draft = Draft::new(body);
        draft.saved_text.clear();
        draft.text_changed = true;
        draft
    }

    pub fn body(&self) -> &RequestBody {
        &self.state.body
    }

    /// The body as it will be sent and saved (the last one that parsed: see [`Draft::unparsed`]).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Body text that does not parse, typed after the last body that did.
    pub fn unparsed(&self) -> Option<&Unparsed> {
        self.state.unparsed.as_ref()
    }

    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }

    /// Problems reported exactly at `path`.
    pub fn problems_at<'a>(&'a self, path: &'a str) -> impl Iterator<Item = &'a Problem> + 'a {
        self.problems.iter().filter(move |p| p.path == path)
    }

    /// Changes with every edit; never the same for two drafts.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// Whether there are edits that are not saved: a body unlike the saved one, or text that
    /// does not parse.
    pub fn is_dirty(&self) -> bool {
        self.state.unparsed.is_some() || self.text_changed
    }

    /// Marks the current body as saved.
    pub fn mark_saved(&mut self) {
        self.saved_text = self.text.clone();
        self.text_changed = false;
    }

    pub fn mode(&self) -> Mode {
        self.state.body.mode()
    }

    pub fn get(&self, path: &str) -> Option<&Value> {
        self.state.body.get(path)
    }

    /// Whether fields can be edited one by one (the form, the mode switch). Not while the body
    /// text does not parse: the body would replace any field edit the moment it parses, so the
    /// edit would be lost without a word. The form is read-only then, with the reason.
    pub fn fields_editable(&self) -> bool {
        self.state.unparsed.is_none()
    }

    /// Applies an edit (a step of its own for undo) and recomputes what derives from the body.
    /// Ignored while the body text does not parse ([`Draft::fields_editable`]).
    pub fn edit(&mut self, f: impl FnOnce(&mut RequestBody)) {
        self.edit_in(None, f);
    }

    /// An edit of `group`: a run of edits of one group is one undo step.
    fn edit_in(&mut self, group: Option<&str>, f: impl FnOnce(&mut RequestBody)) {
        if !self.fields_editable() {
            return;
        }
        self.record(group);
        f(&mut self.state.body);
        self.refresh();
    }

    /// Keeps the state an edit is about to change, for undo.
    fn record(&mut self, group: Option<&str>) {
        let state = &self.state;
        self.history
            .record(group, self.text.len(), || state.clone());
    }

    /// Sets a field; a run of sets of the same field (typing, dragging) is one undo step.
    pub fn set(&mut self, path: &str, value: Value) {
        self.set_grouped(path, path, value);
    }

    /// Sets `path` as part of `group`: a run of edits of one group (typing into one field of a
    /// list item, such as a tool's name) is one undo step.
    pub fn set_grouped(&mut self, group: &str, path: &str, value: Value) {
        if self.state.body.get(path) != Some(&value) {
            self.edit_in(Some(group), |b| b.set(path, value));
        }
    }

    /// Sets a number, rounded to the decimals of `step` so a slider never writes `0.30000000000000004`.
    pub fn set_number(&mut self, path: &str, x: f64, step: f64) {
        self.set(path, number(round_to_step(x, step)));
    }

    pub fn unset(&mut self, path: &str) {
        if self.state.body.contains(path) {
            self.edit(|b| {
                b.remove(path);
            });
        }
    }

    /// Text typed as the whole body (the Body tab): a body when it parses, else kept as
    /// [`Unparsed`]. A run of typing is one undo step.
    pub fn set_text(&mut self, text: &str) {
        match RequestBody::parse(text.as_bytes()) {
            Ok(body) => {
                if self.state.unparsed.is_none() && body == self.state.body {
                    return;
                }
                self.record(Some(TYPING));
                self.state.unparsed = None;
                self.state.body = body;
                self.forget_unfit_provider();
            }
            Err(error) => {
                self.record(Some(TYPING));
                self.state.unparsed = Some(Unparsed {
                    text: text.to_string(),
                    error,
                });
            }
        }
        self.refresh();
    }

    /// Drops text that does not parse: back to the last body that did.
    pub fn discard_unparsed(&mut self) {
        if self.state.unparsed.is_some() {
            self.record(None);
            self.state.unparsed = None;
            self.refresh();
        }
    }

    /// Takes back the last step; false when there is none.
    pub fn undo(&mut self) -> bool {
        let current = &self.state;
        match self.history.undo(self.text.len(), || current.clone()) {
            Some(previous) => {
                self.state = previous;
                self.refresh();
                true
            }
            None => false,
        }
    }

    /// Does again the last step undone; false when there is none.
    pub fn redo(&mut self) -> bool {
        let current = &self.state;
        match self.history.redo(self.text.len(), || current.clone()) {
            Some(next) => {
                self.state = next;
                self.refresh();
                true
            }
            None => false,
        }
    }

    pub fn can_undo(&self) -> bool {
        self.history.can_undo()
    }

    pub fn can_redo(&self) -> bool {
        self.history.can_redo()
    }

    /// Replaces the whole body, keeping the saved state and stash (one undo step).
    pub fn replace_body(&mut self, body: RequestBody) {
        if body != self.state.body || self.state.unparsed.is_some() {
            self.record(None);
            self.state.body = body;
            self.state.unparsed = None;
            self.forget_unfit_provider();
            self.refresh();
        }
    }

    /// Switches between stateful and ephemeral, keeping the other mode's draft. Ignored while
    /// the body text does not parse ([`Draft::fields_editable`]).
    pub fn set_mode(&mut self, mode: Mode) {
        if mode == self.mode() || !self.fields_editable() {
            return;
        }
        self.record(None);
        let s = &mut self.state;
        let restored = s.stashed.take().or_else(|| match mode {
            Mode::Stateful => Some(serde_json::json!({ "personaId": "" })),
            Mode::Ephemeral => None,
        });
        s.stashed = s.body.replace_persona_config(restored);
        // `personaConfig` left empty by a switch to ephemeral stays out of the body.
        if s.body
            .get(fields::PERSONA)
            .is_some_and(|v| v.as_object().is_some_and(Map::is_empty))
        {
            s.body.replace_persona_config(None);
        }
        self.refresh();
    }

    fn refresh(&mut self) {
        self.text = self.state.body.to_pretty();
        let hints = Hints {
            voice_provider: self.voice_provider(),
        };
        self.problems = validate::validate_with(&self.state.body.to_value(), hints);
        self.revision = REVISIONS.fetch_add(1, Ordering::Relaxed);
        self.text_changed = self.text != self.saved_text;
    }
}

/// Revisions are unique across drafts, so a view synced to one draft (the Body tab's text)
/// notices when another draft takes its place.
static REVISIONS: AtomicU64 = AtomicU64::new(1);

/// The undo group of typing in the Body tab.
const TYPING: &str = "\u{0}body text";

/// Rounds `x` to the number of decimals in `step` (0.01 → 2 decimals).
pub fn round_to_step(x: f64, step: f64) -> f64 {
    if step.is_nan() || step <= 0.0 || !x.is_finite() {
        return x;
    }
    let decimals = (-step.log10()).ceil().clamp(0.0, 12.0) as i32;
    let scale = 10f64.powi(decimals);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests;
