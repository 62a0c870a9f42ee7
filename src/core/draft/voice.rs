//! The draft's voice provider: the one the user picked or the body implies, switching it (and
//! what a switch removes), and clearing the voice options.

use super::Draft;
use crate::core::contract::{VoiceProvider, fields};
use serde_json::Value;

impl Draft {
    /// A picked provider the body's voice options no longer fit is forgotten.
    pub(super) fn forget_unfit_provider(&mut self) {
        let s = &mut self.state;
        if s.picked_provider
            .is_some_and(|p| !s.body.voice_providers().contains(p))
        {
            s.picked_provider = None;
        }
    }

    /// The voice provider the form shows: the user's pick, else the one the body implies.
    pub fn voice_provider(&self) -> Option<VoiceProvider> {
        self.state
            .picked_provider
            .or_else(|| self.state.body.voice_providers().single())
    }

    /// Picks a provider (one undo step). Options the new provider does not have are removed
    /// from the body; their keys are returned, so the user can be told.
    /// Ignored while the body text does not parse ([`Draft::fields_editable`]).
    pub fn pick_provider(&mut self, provider: VoiceProvider) -> Vec<String> {
        if !self.fields_editable() {
            return Vec::new();
        }
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

    /// Removes all voice options and forgets the picked provider (one undo step). Ignored while
    /// the body text does not parse ([`Draft::fields_editable`]).
    pub fn clear_voice(&mut self) {
        if !self.fields_editable() {
            return;
        }
        self.record(None);
        self.state.picked_provider = None;
        self.state.body.remove(fields::VOICE_GENERATION);
        self.refresh();
    }
}
