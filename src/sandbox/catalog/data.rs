//! The sandbox catalog's rows: a data table, nothing else.

use super::{CARA_AVATAR, DEFAULT_LLM, DEMO_PERSONA};

pub(super) struct AvatarRow {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) variant: &'static str,
    pub(super) description: &'static str,
    /// The thumbnail's hue, in degrees.
    pub(super) hue: f32,
}

pub(super) const fn avatar(
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
pub(super) static AVATARS: &[AvatarRow] = &[
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

pub(super) struct VoiceRow {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) provider: &'static str,
    pub(super) model: &'static str,
    pub(super) gender: &'static str,
    pub(super) country: &'static str,
    pub(super) description: &'static str,
}

pub(super) const CARTESIA: &str = "CARTESIA";
pub(super) const ELEVENLABS: &str = "ELEVENLABS";
pub(super) const FISH_AUDIO: &str = "FISH_AUDIO";
pub(super) const OPENAI: &str = "OPENAI_ADVANCED_VOICE";

pub(super) const fn voice(
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
pub(super) static VOICES: &[VoiceRow] = &[
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
pub(super) static LLMS: &[(&str, &str, &str, &str)] = &[
    (DEFAULT_LLM, "GPT-4.1 mini", "gpt-4.1-mini", "Fast and capable; the default for new personas."),
    ("0d9c8b7a-6f5e-4d3c-2b1a-0f9e8d7c6b5a", "Llama 3.3 70B", "llama-3.3-70b-versatile", "Open-weights model served at very low latency."),
    ("6c14e7c0-0b11-46b1-a12e-b9c828344468", "GPT-4o", "gpt-4o", "Strong reasoning for complex conversations."),
    ("266ea421-8780-40f0-91ca-43d98c3928c0", "Claude Haiku 4.5", "claude-haiku-4-5", "Quick, careful and concise."),
    ("e4cd53e6-bb99-4d28-affc-1741c330e8af", "Gemini 2.5 Flash", "gemini-2.5-flash", "Multilingual and fast."),
    ("4b55b54b-e26a-468c-9143-1344c7c9eb96", "Custom LLM (client side)", "CUSTOMER_CLIENT_V1", "Your own LLM: transcripts go to your client, which sends the replies."),
];

pub(super) struct PersonaRow {
    pub(super) id: &'static str,
    pub(super) name: &'static str,
    pub(super) description: &'static str,
    pub(super) avatar: Option<&'static str>,
    pub(super) voice: Option<&'static str>,
    pub(super) language: Option<&'static str>,
    pub(super) avatar_model: &'static str,
    pub(super) llm: &'static str,
    pub(super) prompt: &'static str,
    pub(super) personality: &'static str,
    pub(super) skip_greeting: bool,
    /// JSON text.
    pub(super) detection: &'static str,
    /// JSON text; "" for none.
    pub(super) generation: &'static str,
}

pub(super) static PERSONAS: &[PersonaRow] = &[
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
