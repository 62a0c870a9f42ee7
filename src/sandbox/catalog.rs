//! The sandbox's catalog: 15 avatars (with thumbnails drawn in code), 40 voices across the four
//! providers, 6 LLMs and 8 personas with their details, served like the Anam API
//! (`GET /v1/avatars|voices|llms|personas` with `page`, `perPage` and `search`, and
//! `GET /v1/personas/{id}`). Thumbnails are at `GET /thumbnails/{id}.png`, without a key.
//!
//! Ids are fixed, so tests and presets can name them; the shipped presets' ids are among them.

use super::{Config, authorize, fault_response, message};
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Value, json};
use std::collections::HashMap;
use std::sync::{Arc, LazyLock};

/// `perPage` when the request does not say.
pub const DEFAULT_PER_PAGE: usize = 10;
/// The side of a thumbnail, in pixels.
pub const THUMBNAIL_SIZE: u32 = 96;

/// The avatar of the "Cara" presets (Window desk).
pub const CARA_AVATAR: &str = "071b0286-4cce-4808-bee2-e642f1062de3";
/// The default LLM (`isDefault: true`).
pub const DEFAULT_LLM: &str = "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7";
/// The persona of `presets/stateful-persona.json`.
pub const DEMO_PERSONA: &str = "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21";

struct AvatarRow {
    id: &'static str,
    name: &'static str,
    variant: &'static str,
    description: &'static str,
    /// The thumbnail's hue, in degrees.
    hue: f32,
}

const fn avatar(
    id: &'static str,
    name: &'static str,
    variant: &'static str,
    hue: f32,
    description: &'static str,
) -> AvatarRow {
    AvatarRow {
        id,
        name,
        variant,
        description,
        hue,
    }
}

#[rustfmt::skip]
static AVATARS: &[AvatarRow] = &[
    avatar(CARA_AVATAR, "Cara", "Window desk", 205.0, "Friendly and professional, at a desk by a bright window."),
    avatar("b2319b89-f37f-48d9-98f8-bfc5d4ca84a5", "Cara", "Kitchen", 32.0, "Cara at home in a warm, sunlit kitchen."),
    avatar("5d2c7e1b-9a44-4c0e-b3f1-2e6a8d9c4b70", "Leo", "Home office", 150.0, "Calm and attentive, in a tidy home office."),
    avatar("c9a1e3b5-7d2f-4a6c-8e0b-1f3d5a7c9e2b", "Amélie", "Library", 330.0, "Patient tutor among bookshelves."),
    avatar("f5a0082d-cd62-4e52-bc50-6d93a90a7b13", "Mia", "Studio", 280.0, "Energetic presenter against a plain studio wall."),
    avatar("c380e2ed-ac11-4ce6-9d72-0959417dd033", "Gabriel", "Reception", 15.0, "Welcoming front-desk host."),
    avatar("21939c6e-65e6-428b-b949-5cd6b119a896", "Sophie", "Clinic", 180.0, "Reassuring clinician in a bright consulting room."),
    avatar("73db4a14-ab4a-42ac-ba47-31a40933e452", "Kai", "Café", 45.0, "Relaxed barista behind the counter."),
    avatar("d739b9f3-f8fc-440a-b933-e4d2f0fd0873", "Richard", "Boardroom", 225.0, "Senior executive in a glass-walled boardroom."),
    avatar("1f143cb8-4f72-4267-9fbc-9d7e61f2b5b4", "Astrid", "Bookshelf", 95.0, "Thoughtful expert in front of a bookshelf."),
    avatar("4a74d06f-b41c-4c4d-b5b3-21ec0e403350", "Noah", "Classroom", 260.0, "Teacher at a whiteboard."),
    avatar("64f4d013-2cba-4cd9-9fdb-aaf7c0d7583f", "Priya", "Lab", 165.0, "Scientist in a modern laboratory."),
    avatar("a7be5a5c-20f1-47c6-906a-05dcbe821057", "Tomás", "Garden", 120.0, "Outdoors, in a green garden."),
    avatar("9257c1aa-128f-49df-bed0-6253f88b8bc2", "Hana", "Living room", 350.0, "Cosy living room with soft evening light."),
    avatar("8b0549e7-548a-42be-9dd7-6c776b30e37b", "Oliver", "Storefront", 60.0, "Shopkeeper at the door of his store."),
];

struct VoiceRow {
    id: &'static str,
    name: &'static str,
    provider: &'static str,
    model: &'static str,
    gender: &'static str,
    country: &'static str,
    description: &'static str,
}

const CARTESIA: &str = "CARTESIA";
const ELEVENLABS: &str = "ELEVENLABS";
const FISH_AUDIO: &str = "FISH_AUDIO";
const OPENAI: &str = "OPENAI_ADVANCED_VOICE";

const fn voice(
    id: &'static str,
    name: &'static str,
    provider: &'static str,
    model: &'static str,
    gender: &'static str,
    country: &'static str,
    description: &'static str,
) -> VoiceRow {
    VoiceRow {
        id,
        name,
        provider,
        model,
        gender,
        country,
        description,
    }
}

#[rustfmt::skip]
static VOICES: &[VoiceRow] = &[
    // Cartesia (12).
    voice("8b4e2f6a-1c3d-4e5f-9a7b-0c2d4e6f8a1b", "Calm Leo", CARTESIA, "sonic-3", "MALE", "US", "A steady, reassuring voice for support."),
    voice("43a860a6-943c-4bde-abd4-0d375b09f41c", "Aurora", CARTESIA, "sonic-3", "FEMALE", "US", "Bright and clear, for onboarding and guides."),
    voice("0be6c071-47d6-4e02-b619-aff383cd3cf9", "Harper", CARTESIA, "sonic-3", "FEMALE", "US", "Conversational and upbeat."),
    voice("36cb38c6-39e3-4489-9c25-158d9c1285a2", "Marcus", CARTESIA, "sonic-3", "MALE", "GB", "Deep British narrator."),
    voice("3d98948d-ca9c-466f-89d7-433be20da7aa", "Isla", CARTESIA, "sonic-3", "FEMALE", "GB", "Soft Scottish accent, gentle pace."),
    voice("b849b202-0875-49bd-b3cc-4c2270db5dce", "Mateo", CARTESIA, "sonic-3", "MALE", "ES", "Warm Castilian Spanish."),
    voice("904fc8d0-b99d-4988-8fed-7522192a2a5c", "Élodie", CARTESIA, "sonic-3", "FEMALE", "FR", "Crisp Parisian French."),
    voice("a9a08f56-d816-4d93-b311-01483fd0e42e", "Jonas", CARTESIA, "sonic-3", "MALE", "DE", "Friendly, precise German."),
    voice("fbdc831f-0fe2-4941-b9c5-59e82cd1d14d", "Priyanka", CARTESIA, "sonic-3", "FEMALE", "IN", "Indian English, clear and warm."),
    voice("f6e1cbc6-8f4f-4aa0-998e-8a0af8b5ed6f", "Kenji", CARTESIA, "sonic-3", "MALE", "JP", "Polite, measured Japanese."),
    voice("e54847bb-c649-48d0-9076-6721dc2b1faa", "Chloe", CARTESIA, "sonic-3", "FEMALE", "AU", "Relaxed Australian English."),
    voice("88d69ae1-3228-4832-bda7-26d5aceba240", "Liam", CARTESIA, "sonic-3", "MALE", "IE", "Lilting Irish English."),
    // ElevenLabs (14).
    voice("de23e340-1416-4dd8-977d-065a7ca11697", "Sarah", ELEVENLABS, "eleven_turbo_v2_5", "FEMALE", "US", "Warm and upbeat, for demos and sales."),
    voice("caf90fe1-8003-4ae6-a333-09c47dae7dc3", "Rachel", ELEVENLABS, "eleven_multilingual_v2", "FEMALE", "US", "Calm, young American narrator."),
    voice("e6364b30-c4fa-4efd-85f6-efb49d27a17f", "Adam", ELEVENLABS, "eleven_turbo_v2_5", "MALE", "US", "Deep and confident."),
    voice("0365aabc-8b3c-44b3-9717-b7b5644fa743", "Charlotte", ELEVENLABS, "eleven_multilingual_v2", "FEMALE", "GB", "Smooth British English."),
    voice("f94f0f46-65fd-43d3-b41c-48400a1a3ece", "Daniel", ELEVENLABS, "eleven_multilingual_v2", "MALE", "GB", "Authoritative British presenter."),
    voice("d006bef1-2109-48d0-86bb-48a2fa111817", "Freya", ELEVENLABS, "eleven_flash_v2_5", "FEMALE", "US", "Expressive and lively."),
    voice("a1948ad8-4278-49ef-b865-d199c8f80512", "George", ELEVENLABS, "eleven_turbo_v2_5", "MALE", "GB", "Raspy, storytelling voice."),
    voice("64e24259-3bf5-4ba3-8836-d1b2318f1aa4", "Matilda", ELEVENLABS, "eleven_flash_v2_5", "FEMALE", "AU", "Friendly Australian."),
    voice("eb2b0ce0-bcd5-4259-a042-c5784f86b5d6", "Lucas", ELEVENLABS, "eleven_multilingual_v2", "MALE", "BR", "Brazilian Portuguese, easy-going."),
    voice("7cb627d3-1785-4b04-9aea-74cc54855db3", "Giulia", ELEVENLABS, "eleven_multilingual_v2", "FEMALE", "IT", "Melodic Italian."),
    voice("5cefff88-b89b-42a5-af0e-94c75091bca2", "Henrik", ELEVENLABS, "eleven_multilingual_v2", "MALE", "NL", "Clear Dutch."),
    voice("3e7d5623-e215-4b13-99a2-ed2bc10e194f", "Sofía", ELEVENLABS, "eleven_multilingual_v2", "FEMALE", "MX", "Mexican Spanish, bright."),
    voice("5cf24c61-8af3-4f25-b544-44a370c8c50f", "Ethan", ELEVENLABS, "eleven_turbo_v2_5", "MALE", "CA", "Casual Canadian English."),
    voice("77df3855-141a-4c43-8cfb-1d7948335d7a", "Nora", ELEVENLABS, "eleven_flash_v2_5", "FEMALE", "IE", "Soft Irish English."),
    // Fish Audio (8).
    voice("f2e4d6c8-a0b1-4c3d-9e5f-7a8b9c0d1e2f", "Amélie", FISH_AUDIO, "speech-1.6", "FEMALE", "FR", "Gentle Parisian French, good for tutoring."),
    voice("fff73263-558c-498c-8d77-a93f1cf9790d", "Hugo", FISH_AUDIO, "speech-1.6", "MALE", "FR", "Lively southern French."),
    voice("0c75d4c7-43bf-4e07-9351-eba27cfe2f71", "Lena", FISH_AUDIO, "speech-1.6", "FEMALE", "DE", "Calm Bavarian German."),
    voice("4edec972-e0cc-4953-9737-9d4fa6beb7bc", "Pablo", FISH_AUDIO, "speech-1.6", "MALE", "ES", "Andalusian Spanish."),
    voice("b05bff7a-3c7a-430a-b80d-fce46535285e", "Yuki", FISH_AUDIO, "speech-1.6", "FEMALE", "JP", "Gentle Tokyo Japanese."),
    voice("21b200e7-90dd-4440-a218-ef164e7f1a9e", "Arjun", FISH_AUDIO, "speech-1.6", "MALE", "IN", "Hindi and Indian English."),
    voice("81a4f52d-3ed9-4bbf-8576-fc8986f1d416", "Beatrice", FISH_AUDIO, "speech-1.6", "FEMALE", "GB", "Crisp received pronunciation."),
    voice("33ef4556-ae9d-44f7-8d69-da09d777ddcb", "Omar", FISH_AUDIO, "speech-1.6", "MALE", "AE", "Gulf Arabic, warm and slow."),
    // OpenAI advanced voice (6).
    voice("eedfcdbe-35a9-4326-90d4-95f7ec5f3242", "Alloy", OPENAI, "gpt-4o-realtime-preview", "NEUTRAL", "US", "Balanced and versatile."),
    voice("abe54247-7b04-4678-9d62-e836036e2157", "Ash", OPENAI, "gpt-4o-realtime-preview", "MALE", "US", "Clear and direct."),
    voice("11fad161-be83-4f33-a23b-846866ab9c0f", "Ballad", OPENAI, "gpt-4o-realtime-preview", "MALE", "GB", "Melodic, expressive."),
    voice("41bb1fc3-a2be-4efd-b3a0-86fd7a49efb2", "Coral", OPENAI, "gpt-4o-realtime-preview", "FEMALE", "US", "Warm and friendly."),
    voice("72acd571-6017-4e9c-abe5-8c27d352d434", "Sage", OPENAI, "gpt-4o-realtime-preview", "FEMALE", "US", "Calm and thoughtful."),
    voice("9edb9a95-efd7-4de3-a04c-4e5d0ef1d74c", "Verse", OPENAI, "gpt-4o-realtime-preview", "MALE", "US", "Versatile, dynamic."),
];

#[rustfmt::skip]
static LLMS: &[(&str, &str, &str, &str)] = &[
    (DEFAULT_LLM, "GPT-4.1 mini", "gpt-4.1-mini", "Fast and capable; the default for new personas."),
    ("0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a", "Llama 3.3 70B", "llama-3.3-70b-versatile", "Open-weights model served at very low latency."),
    ("6c14e7c0-0b11-46b1-a12e-b9c828344468", "GPT-4o", "gpt-4o", "Strong reasoning for complex conversations."),
    ("266ea421-8780-40f0-91ca-43d98c3928c0", "Claude Haiku 4.5", "claude-haiku-4-5", "Quick, careful and concise."),
    ("e4cd53e6-bb99-4d28-affc-1741c330e8af", "Gemini 2.5 Flash", "gemini-2.5-flash", "Multilingual and fast."),
    ("4b55b54b-e26a-468c-9143-1344c7c9eb96", "Custom LLM (client side)", "CUSTOMER_CLIENT_V1", "Your own LLM: transcripts go to your client, which sends the replies."),
];

struct PersonaRow {
    id: &'static str,
    name: &'static str,
    description: &'static str,
    avatar: Option<&'static str>,
    voice: Option<&'static str>,
    language: Option<&'static str>,
    avatar_model: &'static str,
    llm: &'static str,
    prompt: &'static str,
    personality: &'static str,
    skip_greeting: bool,
    /// JSON text.
    detection: &'static str,
    /// JSON text; "" for none.
    generation: &'static str,
}

static PERSONAS: &[PersonaRow] = &[
    PersonaRow {
        id: DEMO_PERSONA,
        name: "Cara — product demo",
        description: "Walks prospects through the product and books a follow-up call.",
        avatar: Some(CARA_AVATAR),
        voice: Some("de23e340-1416-4dd8-977d-065a7ca11697"),
        language: Some("en"),
        avatar_model: "cara-3",
        llm: DEFAULT_LLM,
        prompt: "You are Cara, a friendly product specialist. Keep answers short and warm, and ask one question at a time.",
        personality: "Warm, curious and upbeat.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.6, "silenceBeforeSkipTurnSeconds": 5, "silenceBeforeSessionEndSeconds": 120, "silenceBeforeAutoEndTurnSeconds": 2.5, "speechEnhancementLevel": 0.8}"#,
        generation: r#"{"stability": 0.5, "similarityBoost": 0.75, "style": 0, "useSpeakerBoost": true, "speed": 1, "model": "eleven_turbo_v2_5"}"#,
    },
    PersonaRow {
        id: "c14837ae-fae9-42e9-ae5d-9c19c4eaba08",
        name: "Leo — support desk",
        description: "First-line technical support: calm, step by step.",
        avatar: Some("5d2c7e1b-9a44-4c0e-b3f1-2e6a8d9c4b70"),
        voice: Some("8b4e2f6a-1c3d-4e5f-9a7b-0c2d4e6f8a1b"),
        language: Some("en"),
        avatar_model: "cara-3",
        llm: DEFAULT_LLM,
        prompt: "You are Leo, a calm support agent. Acknowledge the problem, then walk the user through one step at a time.",
        personality: "Patient and reassuring.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.4, "silenceBeforeAutoEndTurnSeconds": 3}"#,
        generation: r#"{"volume": 1, "speed": 0.9, "emotion": "calm"}"#,
    },
    PersonaRow {
        id: "3ce8bad8-cd70-41e3-88a1-4a92a84833d7",
        name: "Amélie — French tutor",
        description: "Conversational French practice for beginners.",
        avatar: Some("c9a1e3b5-7d2f-4a6c-8e0b-1f3d5a7c9e2b"),
        voice: Some("f2e4d6c8-a0b1-4c3d-9e5f-7a8b9c0d1e2f"),
        language: Some("fr"),
        avatar_model: "cara-2",
        llm: "0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a",
        prompt: "Tu es Amélie, une tutrice de français patiente. Parle lentement et corrige les erreurs avec gentillesse.",
        personality: "Encouraging and gentle.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.3, "silenceBeforeSkipTurnSeconds": 8}"#,
        generation: r#"{"volume": 1.2, "speed": 0.55}"#,
    },
    PersonaRow {
        id: "3e3c45ba-a2c6-41bc-a1d5-0acd8536beba",
        name: "Dr. Sophie — clinic intake",
        description: "Collects symptoms and history before an appointment.",
        avatar: Some("21939c6e-65e6-428b-b949-5cd6b119a896"),
        voice: Some("43a860a6-943c-4bde-abd4-0d375b09f41c"),
        language: Some("en"),
        avatar_model: "cara-3",
        llm: "6c14e7c0-0b11-46b1-a12e-b9c828344468",
        prompt: "You are Sophie, a clinic intake assistant. Ask about symptoms one at a time, never diagnose, and summarise at the end.",
        personality: "Professional and kind.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.5, "speechEnhancementLevel": 1}"#,
        generation: r#"{"speed": 1, "emotion": "content"}"#,
    },
    PersonaRow {
        id: "6217bc8c-1697-4489-af06-4f15a338bb83",
        name: "Richard — interview coach",
        description: "Runs mock job interviews and gives feedback.",
        avatar: Some("d739b9f3-f8fc-440a-b933-e4d2f0fd0873"),
        voice: Some("f94f0f46-65fd-43d3-b41c-48400a1a3ece"),
        language: Some("en"),
        avatar_model: "cara-3",
        llm: "266ea421-8780-40f0-91ca-43d98c3928c0",
        prompt: "You are Richard, an interview coach. Ask one interview question at a time, then give short, specific feedback.",
        personality: "Direct but encouraging.",
        skip_greeting: true,
        detection: r#"{"silenceBeforeSessionEndSeconds": 300}"#,
        generation: r#"{"stability": 0.6, "similarityBoost": 0.8, "speed": 1.05}"#,
    },
    PersonaRow {
        id: "341fb09f-44ee-4dd1-a606-0ab6e9a5607d",
        name: "Kai — barista trainer",
        description: "Trains new café staff on drinks and service.",
        avatar: Some("73db4a14-ab4a-42ac-ba47-31a40933e452"),
        voice: Some("abe54247-7b04-4678-9d62-e836036e2157"),
        language: Some("en"),
        avatar_model: "cara-3",
        llm: "6c14e7c0-0b11-46b1-a12e-b9c828344468",
        prompt: "You are Kai, a barista trainer. Quiz the trainee on recipes and explain the answers in a relaxed way.",
        personality: "Laid-back and funny.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.7}"#,
        generation: "",
    },
    PersonaRow {
        id: "feeb679b-c34d-487e-9cad-dbeb2511dafb",
        name: "Hana — hotel concierge",
        description: "Japanese-speaking concierge for hotel guests.",
        avatar: Some("9257c1aa-128f-49df-bed0-6253f88b8bc2"),
        voice: Some("b05bff7a-3c7a-430a-b80d-fce46535285e"),
        language: Some("ja"),
        avatar_model: "cara-3",
        llm: "e4cd53e6-bb99-4d28-affc-1741c330e8af",
        prompt: "あなたはホテルのコンシェルジュのハナです。丁寧に、簡潔に答えてください。",
        personality: "Polite and attentive.",
        skip_greeting: false,
        detection: r#"{"endOfSpeechSensitivity": 0.5, "silenceBeforeAutoEndTurnSeconds": 2}"#,
        generation: r#"{"volume": 0.9, "speed": 1.1}"#,
    },
    PersonaRow {
        id: "5ccebc02-4d0b-421b-b1cf-38d677d8526e",
        name: "Onboarding guide (draft)",
        description: "Not finished: no avatar chosen yet.",
        avatar: None,
        voice: Some("0be6c071-47d6-4e02-b619-aff383cd3cf9"),
        language: None,
        avatar_model: "cara-3",
        llm: DEFAULT_LLM,
        prompt: "You are an onboarding guide. Help new users set up their account.",
        personality: "",
        skip_greeting: false,
        detection: "{}",
        generation: r#"{"volume": 1.1}"#,
    },
];

/// Where this sandbox is reachable, from the request's `Host` (kept only if it looks like a
/// host and port).
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .filter(|h| {
            !h.is_empty()
                && h.len() <= 100
                && h.chars()
                    .all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c))
        })
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

/// A stable id-like string for a provider's own voice id.
fn provider_voice_id(row: &VoiceRow) -> String {
    let h = fnv(row.id);
    match row.provider {
        ELEVENLABS => {
            const ALPHABET: &[u8] =
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
            let mut x = h;
            (0..20)
                .map(|i| {
                    if i % 10 == 0 {
                        x = fnv_step(x, i);
                    }
                    let c = ALPHABET[(x % ALPHABET.len() as u64) as usize] as char;
                    x /= ALPHABET.len() as u64;
                    c
                })
                .collect()
        }
        FISH_AUDIO => format!("{h:016x}{:016x}", fnv_step(h, 1)),
        OPENAI => row.name.to_lowercase(),
        _ => {
            let l = fnv_step(h, 7);
            format!(
                "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
                h >> 32,
                (h >> 16) & 0xffff,
                h & 0xfff,
                l >> 52,
                l & 0xffff_ffff_ffff
            )
        }
    }
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn fnv_step(h: u64, salt: u64) -> u64 {
    (h ^ salt.wrapping_add(0x9e37_79b9_7f4a_7c15)).wrapping_mul(0x0100_0000_01b3)
}

const CREATED_AT: &str = "2025-03-04T09:12:00.000Z";

fn avatar_json(row: &AvatarRow, origin: &str) -> Value {
    json!({
        "id": row.id,
        "displayName": row.name,
        "variantName": row.variant,
        "imageUrl": format!("{origin}/thumbnails/{}.png", row.id),
        "videoUrl": null,
        "description": row.description,
        "availableVersions": ["cara-2", "cara-3"],
        "activeVersion": "cara-3",
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    })
}

fn voice_json(row: &VoiceRow) -> Value {
    json!({
        "id": row.id,
        "displayName": row.name,
        "provider": row.provider,
        "providerVoiceId": provider_voice_id(row),
        "providerModelId": row.model,
        "gender": row.gender,
        "country": row.country,
        "description": row.description,
        "sampleUrl": null,
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    })
}

fn llm_json(&(id, name, model, description): &(&str, &str, &str, &str)) -> Value {
    json!({
        "id": id,
        "displayName": name,
        "description": description,
        "modelName": model,
        "isDefault": id == DEFAULT_LLM,
        "isGlobal": true,
        "createdAt": CREATED_AT,
    })
}

fn persona_json(row: &PersonaRow, origin: &str, detail: bool) -> Value {
    let avatar = row
        .avatar
        .and_then(|id| AVATARS.iter().find(|a| a.id == id))
        .map(|a| avatar_json(a, origin));
    let voice = row
        .voice
        .and_then(|id| VOICES.iter().find(|v| v.id == id))
        .map(voice_json);
    let mut item = json!({
        "id": row.id,
        "name": row.name,
        "description": row.description,
        "personaPreset": null,
        "avatar": avatar,
        "voice": voice,
        "languageCode": row.language,
        "createdAt": CREATED_AT,
        "updatedAt": CREATED_AT,
    });
    if detail && let Some(map) = item.as_object_mut() {
        let parse = |text: &str| serde_json::from_str::<Value>(text).unwrap_or(Value::Null);
        let generation = if row.generation.is_empty() {
            Value::Null
        } else {
            parse(row.generation)
        };
        map.insert("avatarModel".into(), json!(row.avatar_model));
        map.insert("llmId".into(), json!(row.llm));
        map.insert(
            "brain".into(),
            json!({
                "id": format!("brain-{}", &row.id[..8]),
                "systemPrompt": row.prompt,
                "personality": row.personality,
                "fillerPhrases": [],
            }),
        );
        map.insert("skipGreeting".into(), json!(row.skip_greeting));
        map.insert("voiceDetectionOptions".into(), parse(row.detection));
        map.insert("voiceGenerationOptions".into(), generation);
        map.insert("maxSessionLengthSeconds".into(), json!(1800));
    }
    item
}

/// The first response a catalog request gets: a queued fault, or a 401 for a missing or wrong
/// key (as the token endpoint).
async fn refuse(config: &Config, headers: &HeaderMap) -> Option<Response> {
    if let Some(fault) = config.catalog_faults.pop() {
        return Some(fault_response(&fault).await);
    }
    authorize(config, headers).err().map(|refusal| *refusal)
}

/// `page`, `perPage` and `search` from a query string; a 400 naming the parameter when one is
/// out of range.
fn paging(query: Option<&str>) -> Result<(usize, usize, String), Box<Response>> {
    let mut page = 1;
    let mut per_page = DEFAULT_PER_PAGE;
    let mut search = String::new();
    for (name, value) in url::form_urlencoded::parse(query.unwrap_or_default().as_bytes()) {
        match name.as_ref() {
            "page" => match value.trim().parse::<usize>() {
                Ok(n) if n >= 1 => page = n,
                _ => {
                    return Err(Box::new(message(
                        StatusCode::BAD_REQUEST,
                        format!("page must be a whole number from 1, not \"{value}\""),
                    )));
                }
            },
            "perPage" => match value.trim().parse::<usize>() {
                Ok(n) if (1..=100).contains(&n) => per_page = n,
                _ => {
                    return Err(Box::new(message(
                        StatusCode::BAD_REQUEST,
                        format!("perPage must be a whole number from 1 to 100, not \"{value}\""),
                    )));
                }
            },
            "search" => search = value.trim().to_lowercase(),
            _ => {}
        }
    }
    Ok((page, per_page, search))
}

/// One page of `items` (those whose `names` contain the search), with the API's `meta`.
fn page_of(items: Vec<Value>, names: &[&str], query: Option<&str>) -> Response {
    let (page, per_page, search) = match paging(query) {
        Ok(p) => p,
        Err(response) => return *response,
    };
    let matching: Vec<Value> = items
        .into_iter()
        .filter(|item| {
            search.is_empty()
                || names.iter().any(|n| {
                    item.get(*n)
                        .and_then(Value::as_str)
                        .is_some_and(|s| s.to_lowercase().contains(&search))
                })
        })
        .collect();
    let total = matching.len();
    let last_page = total.div_ceil(per_page).max(1);
    let data: Vec<Value> = matching
        .into_iter()
        .skip((page - 1).saturating_mul(per_page))
        .take(per_page)
        .collect();
    let meta = json!({
        "total": total,
        "lastPage": last_page,
        "currentPage": page,
        "perPage": per_page,
        "prev": if page > 1 { json!(page - 1) } else { Value::Null },
        "next": if page < last_page { json!(page + 1) } else { Value::Null },
    });
    (
        StatusCode::OK,
        axum::Json(json!({ "data": data, "meta": meta })),
    )
        .into_response()
}

/// `GET /v1/avatars`.
pub(super) async fn list_avatars(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let origin = origin(&headers);
    let items = AVATARS.iter().map(|a| avatar_json(a, &origin)).collect();
    page_of(items, &["displayName", "variantName"], query.as_deref())
}

/// `GET /v1/voices`.
pub(super) async fn list_voices(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let items = VOICES.iter().map(voice_json).collect();
    page_of(items, &["displayName"], query.as_deref())
}

/// `GET /v1/llms`.
pub(super) async fn list_llms(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let items = LLMS.iter().map(llm_json).collect();
    page_of(items, &["displayName", "modelName"], query.as_deref())
}

/// `GET /v1/personas`: also what a key test calls (with `perPage=1`).
pub(super) async fn list_personas(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    RawQuery(query): RawQuery,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    let origin = origin(&headers);
    let items = PERSONAS
        .iter()
        .map(|p| persona_json(p, &origin, false))
        .collect();
    page_of(items, &["name"], query.as_deref())
}

/// `GET /v1/personas/{id}`.
pub(super) async fn persona_detail(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    if let Some(response) = refuse(&config, &headers).await {
        return response;
    }
    match PERSONAS.iter().find(|p| p.id == id) {
        Some(row) => (
            StatusCode::OK,
            axum::Json(persona_json(row, &origin(&headers), true)),
        )
            .into_response(),
        None => message(StatusCode::NOT_FOUND, "Persona not found"),
    }
}

/// The thumbnails, drawn once.
static THUMBNAILS: LazyLock<HashMap<&'static str, Vec<u8>>> = LazyLock::new(|| {
    AVATARS
        .iter()
        .enumerate()
        .map(|(i, a)| (a.id, thumbnail_png(a.hue, i)))
        .collect()
});

/// `GET /thumbnails/{id}.png`: no key needed, as images on a CDN.
pub(super) async fn thumbnail(Path(file): Path<String>) -> Response {
    let png = file.strip_suffix(".png").and_then(|id| THUMBNAILS.get(id));
    match png {
        Some(bytes) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, "image/png"),
                (header::CACHE_CONTROL, "public, max-age=86400"),
            ],
            bytes.clone(),
        )
            .into_response(),
        None => message(StatusCode::NOT_FOUND, "No such thumbnail"),
    }
}

fn hsv(h: f32, s: f32, v: f32) -> [f32; 3] {
    let h = h.rem_euclid(360.0) / 60.0;
    let c = v * s;
    let x = c * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (c, x, 0.0),
        1 => (x, c, 0.0),
        2 => (0.0, c, x),
        3 => (0.0, x, c),
        4 => (x, 0.0, c),
        _ => (c, 0.0, x),
    };
    let m = v - c;
    [r + m, g + m, b + m]
}

fn mix(a: [f32; 3], b: [f32; 3], t: f32) -> [f32; 3] {
    let t = t.clamp(0.0, 1.0);
    [
        a[0] + (b[0] - a[0]) * t,
        a[1] + (b[1] - a[1]) * t,
        a[2] + (b[2] - a[2]) * t,
    ]
}

/// A head-and-shoulders silhouette on a diagonal gradient of `hue`, as a PNG. `variant` varies
/// the hair and the shirt so avatars of one hue still differ.
fn thumbnail_png(hue: f32, variant: usize) -> Vec<u8> {
    let size = THUMBNAIL_SIZE as f32;
    let top = hsv(hue, 0.35, 0.95);
    let bottom = hsv(hue + 25.0, 0.75, 0.55);
    let skin = hsv(
        25.0 + (variant % 4) as f32 * 4.0,
        0.30 + (variant % 3) as f32 * 0.12,
        0.92 - (variant % 5) as f32 * 0.08,
    );
    let hair = hsv(
        20.0 + (variant % 6) as f32 * 9.0,
        0.55,
        0.12 + (variant % 4) as f32 * 0.1,
    );
    let shirt = hsv(hue + 180.0, 0.45, 0.45 + (variant % 3) as f32 * 0.12);
    // Coverage of a shape whose signed distance is `d` (negative inside), smoothed over a pixel.
    let cover = |d: f32| (0.5 - d).clamp(0.0, 1.0);
    let image = image::RgbImage::from_fn(THUMBNAIL_SIZE, THUMBNAIL_SIZE, |x, y| {
        let (px, py) = (x as f32 + 0.5, y as f32 + 0.5);
        let mut c = mix(top, bottom, (px + py) / (2.0 * size));
        // Shoulders: an ellipse rising from the bottom edge.
        let (ex, ey, rx, ry) = (size * 0.5, size * 1.02, size * 0.40, size * 0.30);
        let e = (((px - ex) / rx).powi(2) + ((py - ey) / ry).powi(2)).sqrt();
        c = mix(c, shirt, cover((e - 1.0) * rx.min(ry)));
        // Neck.
        let neck = (px - size * 0.5).abs() - size * 0.07;
        let neck = neck.max(py - size * 0.78).max(size * 0.55 - py);
        c = mix(c, skin, cover(neck));
        // Hair behind the head, then the face.
        let (hx, hy, r) = (size * 0.5, size * 0.42, size * 0.19);
        let d = ((px - hx).powi(2) + (py - hy).powi(2)).sqrt();
        c = mix(c, hair, cover(d - (r + size * 0.035)));
        let face = ((px - hx).powi(2) + ((py - hy - size * 0.025) * 1.08).powi(2)).sqrt() - r;
        c = mix(c, skin, cover(face));
        // A fringe on some avatars.
        if variant.is_multiple_of(2) {
            let fringe = ((px - hx).powi(2) + (py - (hy - size * 0.13)).powi(2)).sqrt() - r * 0.85;
            c = mix(c, hair, cover(fringe.max(py - (hy - size * 0.06))));
        }
        image::Rgb(c.map(|v| (v.clamp(0.0, 1.0) * 255.0).round() as u8))
    });
    let mut bytes = Vec::new();
    image
        .write_to(
            &mut std::io::Cursor::new(&mut bytes),
            image::ImageFormat::Png,
        )
        .expect("encoding a small PNG in memory cannot fail");
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn the_catalog_is_big_enough_and_ids_are_unique() {
        assert!(AVATARS.len() >= 12);
        assert_eq!(VOICES.len(), 40);
        assert_eq!(LLMS.len(), 6);
        assert_eq!(PERSONAS.len(), 8);
        for provider in [CARTESIA, ELEVENLABS, FISH_AUDIO, OPENAI] {
            assert!(VOICES.iter().filter(|v| v.provider == provider).count() >= 6);
        }
        let ids: Vec<&str> = AVATARS
            .iter()
            .map(|a| a.id)
            .chain(VOICES.iter().map(|v| v.id))
            .chain(LLMS.iter().map(|l| l.0))
            .chain(PERSONAS.iter().map(|p| p.id))
            .collect();
        let unique: HashSet<&str> = ids.iter().copied().collect();
        assert_eq!(unique.len(), ids.len(), "duplicate ids");
        assert!(
            ids.iter().all(|id| uuid::Uuid::parse_str(id).is_ok()),
            "UUID-like ids"
        );
        assert_eq!(LLMS.iter().filter(|l| l.0 == DEFAULT_LLM).count(), 1);
        for p in PERSONAS {
            assert!(p.avatar.is_none_or(|id| AVATARS.iter().any(|a| a.id == id)));
            assert!(p.voice.is_none_or(|id| VOICES.iter().any(|v| v.id == id)));
            assert!(LLMS.iter().any(|l| l.0 == p.llm));
        }
    }

    #[test]
    fn thumbnails_are_distinct_pngs() {
        let pngs: HashSet<&Vec<u8>> = THUMBNAILS.values().collect();
        assert_eq!(pngs.len(), AVATARS.len());
        for png in pngs {
            let image = image::load_from_memory_with_format(png, image::ImageFormat::Png).unwrap();
            assert_eq!(
                (image.width(), image.height()),
                (THUMBNAIL_SIZE, THUMBNAIL_SIZE)
            );
            assert!(png.len() < 64 * 1024);
        }
    }

    #[test]
    fn provider_voice_ids_look_like_the_providers() {
        let by = |p| VOICES.iter().find(|v| v.provider == p).unwrap();
        assert_eq!(provider_voice_id(by(ELEVENLABS)).len(), 20);
        assert_eq!(provider_voice_id(by(FISH_AUDIO)).len(), 32);
        assert!(uuid::Uuid::parse_str(&provider_voice_id(by(CARTESIA))).is_ok());
        assert_eq!(provider_voice_id(by(OPENAI)), "alloy");
    }

    #[test]
    fn the_host_header_is_only_trusted_when_it_looks_like_one() {
        let mut h = HeaderMap::new();
        assert_eq!(origin(&h), "http://127.0.0.1");
        h.insert(header::HOST, "127.0.0.1:8787".parse().unwrap());
        assert_eq!(origin(&h), "http://127.0.0.1:8787");
        h.insert(header::HOST, "[::1]:9".parse().unwrap());
        assert_eq!(origin(&h), "http://[::1]:9");
        h.insert(header::HOST, "evil.com/x?<script>".parse().unwrap());
        assert_eq!(origin(&h), "http://127.0.0.1");
    }
}
