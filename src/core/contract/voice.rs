//! Voice generation providers, and inferring which one a `voiceGenerationOptions` object is for.
//!
//! The contract's `oneOf` has no discriminator and no required fields, so the provider is the set of
//! providers whose schema accepts every field present. `{}` or `{speed: 1, volume: 1}` fit several:
//! that is valid, and the form asks the user to pick.

use super::fields;
use serde_json::{Map, Value};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum VoiceProvider {
    ElevenLabsV1,
    ElevenLabsV2,
    CartesiaSonic3,
    FishAudio,
}

impl VoiceProvider {
    pub const ALL: [VoiceProvider; 4] = [
        VoiceProvider::ElevenLabsV1,
        VoiceProvider::ElevenLabsV2,
        VoiceProvider::CartesiaSonic3,
        VoiceProvider::FishAudio,
    ];

    /// The contract's title for the provider's schema.
    pub fn title(self) -> &'static str {
        match self {
            VoiceProvider::ElevenLabsV1 => "ElevenLabs V1",
            VoiceProvider::ElevenLabsV2 => "ElevenLabs V2",
            VoiceProvider::CartesiaSonic3 => "Cartesia Sonic-3",
            VoiceProvider::FishAudio => "Fish Audio",
        }
    }

    /// The contract's schema name (`components.schemas.*`).
    pub fn schema_name(self) -> &'static str {
        match self {
            VoiceProvider::ElevenLabsV1 => "ElevenLabsV1VoiceGenerationOptions",
            VoiceProvider::ElevenLabsV2 => "ElevenLabsV2VoiceGenerationOptions",
            VoiceProvider::CartesiaSonic3 => "CartesiaSonic3VoiceGenerationOptions",
            VoiceProvider::FishAudio => "FishAudioVoiceGenerationOptions",
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }

    /// Why this provider does not accept `options`, or `None` when it does. Keys no provider knows
    /// are ignored here (validation warns about them separately).
    pub fn rejects(self, options: &Map<String, Value>) -> Option<String> {
        for (key, value) in options {
            if !is_known_key(key) {
                continue;
            }
            let Some(spec) = fields::voice_field(self, key) else {
                return Some(format!("has no `{key}`"));
            };
            if let Err(issue) = spec.check(value) {
                return Some(format!("{key}: {issue}"));
            }
        }
        None
    }
}

impl fmt::Display for VoiceProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

/// Whether any provider has a field named `key`.
pub fn is_known_key(key: &str) -> bool {
    VoiceProvider::ALL
        .iter()
        .any(|&p| fields::voice_field(p, key).is_some())
}

/// A set of providers.
#[derive(Clone, Copy, PartialEq, Eq, Default)]
pub struct VoiceProviders(u8);

impl VoiceProviders {
    pub const NONE: VoiceProviders = VoiceProviders(0);
    pub const ALL: VoiceProviders = VoiceProviders(0b1111);

    pub fn contains(self, p: VoiceProvider) -> bool {
        self.0 & p.bit() != 0
    }

    pub fn insert(&mut self, p: VoiceProvider) {
        self.0 |= p.bit();
    }

    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The provider when exactly one fits.
    pub fn single(self) -> Option<VoiceProvider> {
        let mut it = self.iter();
        match (it.next(), it.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    pub fn iter(self) -> impl Iterator<Item = VoiceProvider> {
        VoiceProvider::ALL
            .into_iter()
            .filter(move |&p| self.contains(p))
    }
}

impl fmt::Debug for VoiceProviders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl fmt::Display for VoiceProviders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.iter().map(VoiceProvider::title).collect();
        f.write_str(&names.join(" or "))
    }
}

/// The providers whose schema accepts every known field of `options`.
pub fn infer_provider(options: &Map<String, Value>) -> VoiceProviders {
    let mut fits = VoiceProviders::NONE;
    for p in VoiceProvider::ALL {
        if p.rejects(options).is_none() {
            fits.insert(p);
        }
    }
    fits
}

#[cfg(test)]
mod tests {
    use super::VoiceProvider::*;
    use super::*;
    use serde_json::json;

    fn infer(v: Value) -> Vec<VoiceProvider> {
        infer_provider(v.as_object().unwrap()).iter().collect()
    }

    #[test]
    fn distinctive_fields_pick_one_provider() {
        assert_eq!(infer(json!({"style": 0.1})), vec![ElevenLabsV2]);
        assert_eq!(infer(json!({"useSpeakerBoost": true})), vec![ElevenLabsV2]);
        assert_eq!(
            infer(json!({"model": "eleven_turbo_v2"})),
            vec![ElevenLabsV2]
        );
        assert_eq!(infer(json!({"emotion": "calm"})), vec![CartesiaSonic3]);
        assert_eq!(infer(json!({"volume": 1, "speed": 1.8})), vec![FishAudio]);
        assert_eq!(infer(json!({"speed": 0.55})), vec![FishAudio]);
    }

    #[test]
    fn shared_fields_stay_ambiguous() {
        assert_eq!(
            infer(json!({"speed": 1, "volume": 1})),
            vec![CartesiaSonic3, FishAudio]
        );
        assert_eq!(
            infer(json!({"stability": 0.5})),
            vec![ElevenLabsV1, ElevenLabsV2]
        );
        assert_eq!(infer(json!({"speed": 1})).len(), 4);
        assert_eq!(infer(json!({})).len(), 4);
        assert_eq!(
            infer(json!({"speed": 1.3})),
            vec![CartesiaSonic3, FishAudio]
        );
    }

    #[test]
    fn impossible_combinations_fit_none() {
        assert!(infer(json!({"style": 0, "emotion": "sad"})).is_empty());
        assert!(infer(json!({"stability": 0.5, "speed": 1.3})).is_empty());
        assert!(infer(json!({"emotion": "happy"})).is_empty());
        assert!(infer(json!({"speed": "fast"})).is_empty());
    }

    #[test]
    fn unknown_keys_do_not_decide() {
        assert_eq!(
            infer(json!({"emotion": "calm", "pitch": 3})),
            vec![CartesiaSonic3]
        );
    }

    #[test]
    fn rejection_reasons_read_well() {
        let o = json!({"stability": 0.5, "speed": 1.3});
        let o = o.as_object().unwrap();
        assert_eq!(
            ElevenLabsV1.rejects(o).unwrap(),
            "speed: 1.3 is above the maximum 1.2"
        );
        assert_eq!(FishAudio.rejects(o).unwrap(), "has no `stability`");
    }
}
