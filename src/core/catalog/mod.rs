//! The catalog: the avatars, voices, LLMs, personas and tools an account can use, for the
//! pickers.
//!
//! Pure core: the item types (tolerant of unknown fields, missing optional ones, and `null` or
//! oddly typed values where a picker can do without them), their one-line descriptions, local
//! filtering, turning a persona into an ephemeral request body, and the per-environment disk
//! cache. The network side is in [`crate::api`] (`Client::list`, `Client::catalog`, ...).

use crate::core::contract::VoiceProvider;
use crate::core::tools::ToolKind;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// An avatar (a face).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Avatar {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub display_name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub variant_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub image_url: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
}

/// A voice. `provider` is the API's family name: `CARTESIA`, `ELEVENLABS`, `FISH_AUDIO` or
/// `OPENAI_ADVANCED_VOICE` (others are kept as they are).
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Voice {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub display_name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub provider: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub provider_voice_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub provider_model_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub gender: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub country: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub sample_url: Option<String>,
}

/// A language model.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Llm {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub display_name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub model_name: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub is_default: Option<bool>,
}

/// A tool saved in the account (`GET /v1/tools`), which a saved persona or a session token
/// names by id (`toolIds`). `type` is `CLIENT`, `SERVER_WEBHOOK`, `SERVER_RAG` or `SYSTEM`
/// (others are kept as they are); `config` is kept as the API sends it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Tool {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(rename = "type", default, deserialize_with = "lenient::opt_string")]
    pub tool_type: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub config: Option<Value>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub disable_interruptions: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub usage_count: Option<u32>,
}

/// A persona as the list (`GET /v1/personas`) shows it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonaSummary {
    #[serde(deserialize_with = "lenient::id")]
    pub id: String,
    #[serde(default, deserialize_with = "lenient::string")]
    pub name: String,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub description: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_item")]
    pub avatar: Option<Avatar>,
    #[serde(default, deserialize_with = "lenient::opt_item")]
    pub voice: Option<Voice>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub language_code: Option<String>,
}

/// A persona in full (`GET /v1/personas/{id}`): the summary, as the list shows it, and what it
/// is made of. In JSON the summary's fields sit beside the others, as the API sends them.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonaDetail {
    #[serde(flatten)]
    pub summary: PersonaSummary,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub avatar_model: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub llm_id: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_item")]
    pub brain: Option<Brain>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub skip_greeting: Option<bool>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub voice_detection_options: Option<Value>,
    #[serde(default, deserialize_with = "lenient::opt_object")]
    pub voice_generation_options: Option<Value>,
    #[serde(default, deserialize_with = "lenient::opt_bool")]
    pub zero_data_retention: Option<bool>,
    /// The ids of the persona's saved tools: the reply's `tools` (objects with an `id`, or
    /// plain ids); `None` when the reply has no list there.
    #[serde(default, deserialize_with = "lenient::opt_ids")]
    pub tools: Option<Vec<String>>,
}

/// What a persona says and how.
#[derive(Debug, Clone, PartialEq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Brain {
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub system_prompt: Option<String>,
    #[serde(default, deserialize_with = "lenient::opt_string")]
    pub personality: Option<String>,
}

/// A list reply's paging, as the API sends it. Missing numbers read as 0, so a reply without
/// paging is taken as a single page.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Meta {
    #[serde(default, deserialize_with = "lenient::u64")]
    pub total: u64,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub last_page: u32,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub current_page: u32,
    #[serde(default, deserialize_with = "lenient::u32")]
    pub per_page: u32,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub prev: Option<u32>,
    #[serde(default, deserialize_with = "lenient::opt_u32")]
    pub next: Option<u32>,
}

/// One page of a list reply.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
pub struct Page<T> {
    pub data: Vec<T>,
    #[serde(default)]
    pub meta: Meta,
}

/// Everything the pickers need, for one environment.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Catalog {
    pub avatars: Vec<Avatar>,
    pub voices: Vec<Voice>,
    pub llms: Vec<Llm>,
    pub personas: Vec<PersonaSummary>,
    /// Absent from a catalog cached before tools were listed: read as none.
    #[serde(default)]
    pub tools: Vec<Tool>,
    pub fetched_at: DateTime<Utc>,
}

impl Catalog {
    pub fn avatar(&self, id: &str) -> Option<&Avatar> {
        self.avatars.iter().find(|a| a.id == id)
    }

    pub fn voice(&self, id: &str) -> Option<&Voice> {
        self.voices.iter().find(|v| v.id == id)
    }

    pub fn llm(&self, id: &str) -> Option<&Llm> {
        self.llms.iter().find(|l| l.id == id)
    }

    pub fn persona(&self, id: &str) -> Option<&PersonaSummary> {
        self.personas.iter().find(|p| p.id == id)
    }

    pub fn tool(&self, id: &str) -> Option<&Tool> {
        self.tools.iter().find(|t| t.id == id)
    }
}

/// Joins the non-empty parts with " · ".
fn dotted<'a>(parts: impl IntoIterator<Item = Option<&'a str>>) -> String {
    let parts: Vec<&str> = parts
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" · ")
}

/// The first line of `text`, cut to `max` characters (with "…" when cut).
fn first_line(text: &str, max: usize) -> String {
    let line = text.trim().lines().next().unwrap_or_default().trim();
    if line.chars().count() <= max {
        return line.to_string();
    }
    let mut cut: String = line.chars().take(max.saturating_sub(1)).collect();
    cut = cut.trim_end().to_string();
    cut.push('…');
    cut
}

impl Avatar {
    /// The variant ("Window desk"), or nothing.
    pub fn secondary(&self) -> String {
        dotted([self.variant_name.as_deref()])
    }
}

/// A voice family's display name: `FISH_AUDIO` -> "Fish Audio"; an unknown one as it is.
pub fn provider_name(provider: &str) -> String {
    match normalized(provider).as_str() {
        "CARTESIA" => "Cartesia".into(),
        "ELEVENLABS" => "ElevenLabs".into(),
        "FISHAUDIO" => "Fish Audio".into(),
        "OPENAIADVANCEDVOICE" | "OPENAI" => "OpenAI".into(),
        _ => provider.trim().to_string(),
    }
}

fn normalized(provider: &str) -> String {
    provider
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Voice {
    /// The providers this voice's family allows: `CARTESIA` -> [Cartesia Sonic-3], `ELEVENLABS` ->
    /// [ElevenLabs V1, ElevenLabs V2], `FISH_AUDIO` -> [Fish Audio], anything else -> none.
    pub fn providers(&self) -> Vec<VoiceProvider> {
        let Some(provider) = self.provider.as_deref() else {
            return Vec::new();
        };
        match normalized(provider).as_str() {
            "CARTESIA" => vec![VoiceProvider::CartesiaSonic3],
            "ELEVENLABS" => vec![VoiceProvider::ElevenLabsV1, VoiceProvider::ElevenLabsV2],
            "FISHAUDIO" => vec![VoiceProvider::FishAudio],
            _ => Vec::new(),
        }
    }

    /// "Cartesia · female · US": provider, gender (lower case) and country, each when known.
    pub fn secondary(&self) -> String {
        let provider = self.provider.as_deref().map(provider_name);
        let gender = self.gender.as_deref().map(str::to_lowercase);
        dotted([
            provider.as_deref(),
            gender.as_deref(),
            self.country.as_deref(),
        ])
    }
}

impl Llm {
    /// The model name, and "default" for the account's default LLM.
    pub fn secondary(&self) -> String {
        let default = (self.is_default == Some(true)).then_some("default");
        dotted([self.model_name.as_deref(), default])
    }
}

impl PersonaSummary {
    /// The first line of the description, cut to 80 characters.
    pub fn secondary(&self) -> String {
        self.description
            .as_deref()
            .map(|d| first_line(d, 80))
            .unwrap_or_default()
    }
}

impl Tool {
    /// The kind of tool its `type` names: `CLIENT` -> client, `SERVER_WEBHOOK` -> webhook,
    /// `SERVER_RAG` -> knowledge, `SYSTEM` -> system; `None` for another type.
    pub fn kind(&self) -> Option<ToolKind> {
        match normalized(self.tool_type.as_deref()?).as_str() {
            "CLIENT" => Some(ToolKind::Client),
            "SERVERWEBHOOK" => Some(ToolKind::Webhook),
            "SERVERRAG" => Some(ToolKind::Knowledge),
            "SYSTEM" => Some(ToolKind::System),
            _ => None,
        }
    }

    /// "Webhook · Looks up an order…": the kind (an unknown type as it is) and the first line
    /// of the description, cut to 80 characters.
    pub fn secondary(&self) -> String {
        let kind = match self.kind() {
            Some(kind) => Some(kind.to_string()),
            None => self.tool_type.clone(),
        };
        let description = self.description.as_deref().map(|d| first_line(d, 80));
        dotted([kind.as_deref(), description.as_deref()])
    }
}

/// Whether every word of `needle` appears, ignoring case and accents, in one of the `haystack`
/// texts (an item's name and secondary text). An empty needle matches everything.
pub fn matches(haystack: &[&str], needle: &str) -> bool {
    let hay: Vec<String> = haystack.iter().map(|h| fold(h)).collect();
    fold(needle)
        .split_whitespace()
        .all(|word| hay.iter().any(|h| h.contains(word)))
}

/// Lower case without accents: "Amélie" and "AMELIE" both fold to "amelie".
fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .collect::<String>()
        .to_lowercase()
}

/// "updated just now", "updated 5 min ago", "updated 3 h ago", "updated 2 days ago".
pub fn describe_age(fetched_at: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - fetched_at).num_seconds();
    if secs < 60 {
        "updated just now".into()
    } else if secs < 3600 {
        format!("updated {} min ago", secs / 60)
    } else if secs < 86_400 {
        format!("updated {} h ago", secs / 3600)
    } else {
        let days = secs / 86_400;
        format!("updated {days} day{} ago", if days == 1 { "" } else { "s" })
    }
}

pub(crate) mod lenient;
mod to_body;

#[cfg(test)]
mod tests;
