//! The body being edited, with what is derived from it (pretty text, problems, dirty state),
//! recomputed once per edit rather than once per frame. Pure: no egui, no disk, no network.

use crate::contract::{Mode, RequestBody, VoiceProvider, fields, number};
use crate::validate::{self, Hints, Problem};
use serde_json::{Map, Value};

#[derive(Debug, Clone)]
pub struct Draft {
    body: RequestBody,
    /// The other mode's `personaConfig`, kept while the user switches modes.
    stashed: Option<Value>,
    /// The voice provider the user picked; `None` while inferred from the body.
    picked_provider: Option<VoiceProvider>,
    /// The pretty text as last saved or loaded.
    saved_text: String,
    // Derived, recomputed on every change.
    text: String,
    problems: Vec<Problem>,
    revision: u64,
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
            body,
            stashed: None,
            picked_provider: None,
            saved_text: String::new(),
            text: String::new(),
            problems: Vec::new(),
            revision: 0,
        };
        draft.refresh();
        draft.saved_text = draft.text.clone();
        draft
    }

    /// A draft that is not yet saved anywhere (dirty until saved).
    pub fn unsaved(body: RequestBody) -> Self {
        let mut draft = Draft::new(body);
        draft.saved_text.clear();
        draft
    }

    pub fn body(&self) -> &RequestBody {
        &self.body
    }

    /// The body as it will be sent and saved.
    pub fn text(&self) -> &str {
        &self.text
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

    /// Changes with every edit.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    pub fn is_dirty(&self) -> bool {
        self.text != self.saved_text
    }

    /// Marks the current body as saved.
    pub fn mark_saved(&mut self) {
        self.saved_text = self.text.clone();
    }

    pub fn mode(&self) -> Mode {
        self.body.mode()
    }

    pub fn get(&self, path: &str) -> Option<&Value> {
        self.body.get(path)
    }

    /// Applies an edit and recomputes what derives from the body.
    pub fn edit(&mut self, f: impl FnOnce(&mut RequestBody)) {
        f(&mut self.body);
        self.refresh();
    }

    pub fn set(&mut self, path: &str, value: Value) {
        if self.body.get(path) != Some(&value) {
            self.edit(|b| b.set(path, value));
        }
    }

    /// Sets a number, rounded to the decimals of `step` so a slider never writes `0.30000000000000004`.
    pub fn set_number(&mut self, path: &str, x: f64, step: f64) {
        self.set(path, number(round_to_step(x, step)));
    }

    pub fn unset(&mut self, path: &str) {
        if self.body.contains(path) {
            self.edit(|b| {
                b.remove(path);
            });
        }
    }

    /// Replaces the whole body (from the Body tab), keeping the saved state and stash.
    pub fn replace_body(&mut self, body: RequestBody) {
        if body != self.body {
            self.body = body;
            if self
                .picked_provider
                .is_some_and(|p| !self.body.voice_providers().contains(p))
            {
                self.picked_provider = None;
            }
            self.refresh();
        }
    }

    /// Switches between stateful and ephemeral, keeping the other mode's draft.
    pub fn set_mode(&mut self, mode: Mode) {
        if mode == self.mode() {
            return;
        }
        let restored = self.stashed.take().or_else(|| match mode {
            Mode::Stateful => Some(serde_json::json!({ "personaId": "" })),
            Mode::Ephemeral => None,
        });
        self.stashed = self.body.replace_persona_config(restored);
        // `personaConfig` left empty by a switch to ephemeral stays out of the body.
        if self
            .body
            .get(fields::PERSONA)
            .is_some_and(|v| v.as_object().is_some_and(Map::is_empty))
        {
            self.body.replace_persona_config(None);
        }
        self.refresh();
    }

    /// The voice provider the form shows: the user's pick, else the one the body implies.
    pub fn voice_provider(&self) -> Option<VoiceProvider> {
        self.picked_provider
            .or_else(|| self.body.voice_providers().single())
    }

    /// Picks a provider. Options the new provider does not have are removed from the body.
    pub fn pick_provider(&mut self, provider: VoiceProvider) {
        self.picked_provider = Some(provider);
        let foreign: Vec<String> = match self.body.get(fields::VOICE_GENERATION) {
            Some(Value::Object(options)) => options
                .keys()
                .filter(|k| {
                    crate::contract::voice::is_known_key(k)
                        && fields::voice_field(provider, k).is_none()
                })
                .map(|k| format!("{}.{k}", fields::VOICE_GENERATION))
                .collect(),
            _ => Vec::new(),
        };
        self.edit(|b| {
            for path in &foreign {
                b.remove(path);
            }
        });
    }

    /// Removes all voice options and forgets the picked provider.
    pub fn clear_voice(&mut self) {
        self.picked_provider = None;
        self.unset(fields::VOICE_GENERATION);
        self.refresh();
    }

    fn refresh(&mut self) {
        self.text = self.body.to_pretty();
        let hints = Hints {
            voice_provider: self.voice_provider(),
        };
        self.problems = validate::validate_with(&self.body.to_value(), hints);
        self.revision += 1;
    }
}

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
