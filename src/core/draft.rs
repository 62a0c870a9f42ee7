//! The body being edited, with what is derived from it (pretty text, problems, dirty state),
//! recomputed once per edit rather than once per frame; undo and redo of every edit. Pure: no
//! egui, no disk, no network.

use crate::core::contract::{JsonError, Mode, RequestBody, VoiceProvider, fields, number};
use crate::core::history::History;
use crate::core::validate::{self, Hints, Problem};
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

    /// Applies an edit (a step of its own for undo) and recomputes what derives from the body.
    pub fn edit(&mut self, f: impl FnOnce(&mut RequestBody)) {
        self.edit_in(None, f);
    }

    /// An edit of `group`: a run of edits of one group is one undo step.
    fn edit_in(&mut self, group: Option<&str>, f: impl FnOnce(&mut RequestBody)) {
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
        if self.state.body.get(path) != Some(&value) {
            self.edit_in(Some(path), |b| b.set(path, value));
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

    /// A picked provider the body's voice options no longer fit is forgotten.
    fn forget_unfit_provider(&mut self) {
        let s = &mut self.state;
        if s.picked_provider
            .is_some_and(|p| !s.body.voice_providers().contains(p))
        {
            s.picked_provider = None;
        }
    }

    /// Switches between stateful and ephemeral, keeping the other mode's draft.
    pub fn set_mode(&mut self, mode: Mode) {
        if mode == self.mode() {
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

    /// The voice provider the form shows: the user's pick, else the one the body implies.
    pub fn voice_provider(&self) -> Option<VoiceProvider> {
        self.state
            .picked_provider
            .or_else(|| self.state.body.voice_providers().single())
    }

    /// Picks a provider (one undo step). Options the new provider does not have are removed
    /// from the body; their keys are returned, so the user can be told.
    pub fn pick_provider(&mut self, provider: VoiceProvider) -> Vec<String> {
        self.record(None);
        self.state.picked_provider = Some(provider);
        let foreign: Vec<String> = match self.state.body.get(fields::VOICE_GENERATION) {
            Some(Value::Object(options)) => options
                .keys()
                .filter(|k| {
                    crate::core::contract::voice::is_known_key(k)
                        && fields::voice_field(provider, k).is_none()
                })
                .map(|k| format!("{}.{k}", fields::VOICE_GENERATION))
                .collect(),
            _ => Vec::new(),
        };
        for path in &foreign {
            self.state.body.remove(path);
        }
        self.refresh();
        let keys: Vec<String> = foreign
            .iter()
            .map(|p| p.rsplit('.').next().unwrap_or(p).to_string())
            .collect();
        self.dropped = (!keys.is_empty()).then(|| (provider, keys.clone(), self.revision));
        keys
    }

    /// The option keys the last provider switch removed, while nothing else has changed since
    /// (an Undo then brings them back).
    pub fn dropped_by_provider(&self) -> Option<(VoiceProvider, &[String])> {
        match &self.dropped {
            Some((provider, keys, revision)) if *revision == self.revision => {
                Some((*provider, keys.as_slice()))
            }
            _ => None,
        }
    }

    /// Removes all voice options and forgets the picked provider (one undo step).
    pub fn clear_voice(&mut self) {
        self.record(None);
        self.state.picked_provider = None;
        self.state.body.remove(fields::VOICE_GENERATION);
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
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> RequestBody {
        RequestBody::parse(v.to_string().as_bytes()).unwrap()
    }

    #[test]
    fn switching_modes_keeps_both_drafts() {
        let mut d = Draft::new(parse(
            json!({"clientLabel": "x", "personaConfig": {"name": "Cara", "llmId": "l"}}),
        ));
        d.set_mode(Mode::Stateful);
        assert_eq!(
            d.body().to_value(),
            json!({"clientLabel": "x", "personaConfig": {"personaId": ""}})
        );
        d.set("personaConfig.personaId", json!("p-1"));
        d.set_mode(Mode::Ephemeral);
        assert_eq!(
            d.body().to_value(),
            json!({"clientLabel": "x", "personaConfig": {"name": "Cara", "llmId": "l"}})
        );
        d.set_mode(Mode::Stateful);
        assert_eq!(d.get("personaConfig.personaId"), Some(&json!("p-1")));
    }

    #[test]
    fn an_empty_ephemeral_persona_leaves_the_body() {
        let mut d = Draft::new(parse(json!({"personaConfig": {"personaId": "p"}})));
        d.set_mode(Mode::Ephemeral);
        assert_eq!(d.body().to_value(), json!({}));
        assert_eq!(d.mode(), Mode::Ephemeral);
    }

    #[test]
    fn dirty_follows_the_text() {
        let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
        assert!(!d.is_dirty());
        d.set("clientLabel", json!("b"));
        assert!(d.is_dirty());
        d.set("clientLabel", json!("a"));
        assert!(!d.is_dirty());
        d.set("clientLabel", json!("c"));
        d.mark_saved();
        assert!(!d.is_dirty());
        assert!(Draft::unsaved(RequestBody::new()).is_dirty());
    }

    #[test]
    fn slider_numbers_are_rounded_to_the_step() {
        let mut d = Draft::default();
        d.set_number(
            "personaConfig.voiceDetectionOptions.silenceBeforeAutoEndTurnSeconds",
            26.0 * 0.1,
            0.1,
        );
        assert!(
            d.text()
                .contains("\"silenceBeforeAutoEndTurnSeconds\": 2.6\n"),
            "{}",
            d.text()
        );
        d.set_number(
            "personaConfig.voiceDetectionOptions.speechEnhancementLevel",
            1.0,
            0.01,
        );
        assert!(
            d.text().contains("\"speechEnhancementLevel\": 1\n"),
            "{}",
            d.text()
        );
    }

    #[test]
    fn picking_a_provider_drops_foreign_options_and_checks_strictly() {
        let mut d = Draft::new(parse(
            json!({"personaConfig": {"voiceGenerationOptions": {"speed": 1.4, "volume": 1, "pitch": 2}}}),
        ));
        assert_eq!(d.voice_provider(), None, "Cartesia or Fish: ambiguous");
        d.pick_provider(VoiceProvider::ElevenLabsV2);
        assert_eq!(
            d.get("personaConfig.voiceGenerationOptions"),
            Some(&json!({"speed": 1.4, "pitch": 2}))
        );
        let speed: Vec<String> = d
            .problems_at("personaConfig.voiceGenerationOptions.speed")
            .map(|p| p.message.clone())
            .collect();
        assert_eq!(speed, ["1.4 is above the maximum 1.2"]);
        assert_eq!(d.error_count(), 1);
    }

    #[test]
    fn text_that_does_not_parse_is_kept_makes_the_draft_dirty_and_sends_nothing_new() {
        let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
        d.set_text("{\"clientLabel\": \"b\", oops}");
        let u = d.unparsed().expect("kept");
        assert_eq!(u.text, "{\"clientLabel\": \"b\", oops}");
        assert_eq!((u.error.line, u.error.column), (1, 22));
        assert!(d.is_dirty());
        assert_eq!(
            d.get("clientLabel"),
            Some(&json!("a")),
            "the last body that parsed"
        );
        d.set_text("{\"clientLabel\": \"b\"}");
        assert!(d.unparsed().is_none());
        assert_eq!(d.get("clientLabel"), Some(&json!("b")));
        d.set_text("{\"clientLabel\": \"a\"}");
        assert!(!d.is_dirty(), "back to the saved body");
        d.set_text("nope");
        d.discard_unparsed();
        assert!(d.unparsed().is_none());
        assert!(!d.is_dirty());
    }

    #[test]
    fn undo_takes_back_a_run_of_one_field_as_one_step_and_redo_brings_it_again() {
        let mut d = Draft::new(parse(json!({"clientLabel": "a"})));
        assert!(!d.can_undo());
        for label in ["ab", "abc", "abcd"] {
            d.set("clientLabel", json!(label));
        }
        d.unset("clientLabel");
        assert!(d.undo());
        assert_eq!(
            d.get("clientLabel"),
            Some(&json!("abcd")),
            "the unset undone"
        );
        assert!(d.undo());
        assert_eq!(d.get("clientLabel"), Some(&json!("a")), "the typing undone");
        assert!(!d.is_dirty());
        assert!(!d.undo());
        assert!(d.redo());
        assert_eq!(d.get("clientLabel"), Some(&json!("abcd")));
        assert!(d.redo());
        assert_eq!(d.get("clientLabel"), None);
        assert!(!d.redo());
    }

    #[test]
    fn undo_covers_body_text_modes_and_providers() {
        let mut d = Draft::new(parse(json!({"personaConfig": {
            "name": "Cara",
            "voiceGenerationOptions": {"speed": 1.1, "volume": 1.5, "emotion": "calm"}
        }})));
        assert_eq!(d.voice_provider(), Some(VoiceProvider::CartesiaSonic3));
        let removed = d.pick_provider(VoiceProvider::ElevenLabsV2);
        assert_eq!(removed, ["volume", "emotion"]);
        assert!(d.undo());
        assert_eq!(
            d.get("personaConfig.voiceGenerationOptions"),
            Some(&json!({"speed": 1.1, "volume": 1.5, "emotion": "calm"}))
        );
        assert_eq!(d.voice_provider(), Some(VoiceProvider::CartesiaSonic3));

        d.set_mode(Mode::Stateful);
        d.set_text("{ broken");
        assert!(d.undo(), "the broken text undone");
        assert!(d.unparsed().is_none());
        assert_eq!(d.mode(), Mode::Stateful);
        assert!(d.undo(), "the mode switch undone");
        assert_eq!(d.mode(), Mode::Ephemeral);
        assert_eq!(d.get("personaConfig.name"), Some(&json!("Cara")));
        assert!(!d.is_dirty());
    }

    #[test]
    fn problems_are_recomputed_on_edit() {
        let mut d = Draft::default();
        d.set(
            "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity",
            json!(1.5),
        );
        assert_eq!(d.error_count(), 1);
        d.unset("personaConfig.voiceDetectionOptions.endOfSpeechSensitivity");
        assert_eq!(d.error_count(), 0);
        assert_eq!(d.get("personaConfig"), None);
    }
}
