//! The field-spec table, [`FIELDS`]: the one place each field's path, kind, range, enum, default
//! and description is written (the contract's rows in `rows.rs`, the newer ones in `pages.rs`),
//! and its lookups. The validator, the form's sliders and pickers, and the sandbox all read it;
//! `tests/core/contract_drift.rs` checks it against `assets/openapi/session-token.yaml` and the
//! pages.

use super::VoiceProvider;

pub use super::spec::*;

/// The fields (one per provider) at `path`.
pub fn at_path(path: &str) -> impl Iterator<Item = &'static FieldSpec> + '_ {
    FIELDS.iter().filter(move |f| f.path == path)
}

/// The first field at `path` (for paths outside voice generation there is exactly one).
pub fn spec(path: &str) -> Option<&'static FieldSpec> {
    at_path(path).next()
}

/// The fields of one voice provider, in form order.
pub fn voice_fields(provider: VoiceProvider) -> impl Iterator<Item = &'static FieldSpec> {
    FIELDS
        .iter()
        .filter(move |f| f.scope == Scope::Voice(provider))
}

/// The field of `provider` with JSON key `key`.
pub fn voice_field(provider: VoiceProvider, key: &str) -> Option<&'static FieldSpec> {
    voice_fields(provider).find(|f| f.key() == key)
}

/// Fields directly under the object at `parent` (one per distinct key), in form order.
pub fn children_of(parent: &str) -> impl Iterator<Item = &'static FieldSpec> + '_ {
    FIELDS.iter().filter(move |f| {
        f.path
            .strip_prefix(parent)
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|rest| !rest.contains('.'))
    })
}

impl FieldSpec {
    /// The label with its group where the group is not in it ("Director notes: preset
    /// style"), for lines read away from the form's sections.
    pub fn long_label(&self) -> String {
        let group = super::pages::GROUPS.iter().find(|(prefix, _)| {
            self.path
                .strip_prefix(prefix)
                .is_some_and(|rest| rest.starts_with('.'))
        });
        match group {
            Some((_, name)) => {
                let mut chars = self.label.chars();
                let first = chars.next().map(|c| c.to_lowercase().to_string());
                format!("{name}: {}{}", first.unwrap_or_default(), chars.as_str())
            }
            None => self.label.to_string(),
        }
    }
}

pub const PERSONA: &str = "personaConfig";
pub const VOICE_DETECTION: &str = "personaConfig.voiceDetectionOptions";
pub const VOICE_GENERATION: &str = "personaConfig.voiceGenerationOptions";
pub const SESSION_OPTIONS: &str = "sessionOptions";
pub const SESSION_REPLAY: &str = "sessionOptions.sessionReplay";

/// The ephemeral fields the contract names as the set that configures a persona at run time.
pub const EPHEMERAL_CORE: [&str; 4] = ["avatarId", "voiceId", "llmId", "systemPrompt"];

use super::rows::CONTRACT_ROWS;
pub use super::rows::EMOTIONS;

/// Every field of the body: the contract's, in form order, then the newer ones Anam's pages
/// document ([`super::pages`]).
pub static FIELDS: &[FieldSpec] =
    &join::<{ CONTRACT_ROWS.len() + super::pages::ROWS.len() }>(CONTRACT_ROWS, super::pages::ROWS);
