//! The contract's rows of the field table, in form order: each written as the contract says it
//! (`tests/core/contract_drift.rs` checks every one). The lookups are in [`super::fields`].

use super::VoiceProvider;
use super::spec::*;

pub(super) const AVATAR_MODELS: &[&str] = &["cara-2", "cara-3", "cara-4-latest"];
pub(super) const VIDEO_QUALITIES: &[&str] = &["high", "auto"];
pub const EMOTIONS: &[&str] = &["neutral", "calm", "angry", "content", "sad", "scared"];

// Rows two providers share, word for word (each provider keeps its own row, as the contract
// has one schema per provider).

const fn stability(p: VoiceProvider) -> FieldSpec {
    example(
        described(
            field(
                "personaConfig.voiceGenerationOptions.stability",
                "Stability",
                range(0.0, 1.0, 0.01),
                Scope::Voice(p),
            ),
            "Controls how stable the generated voice is between each generation, between 0 (more varied/higher emotional range) and 1 (more stable/less emotional range).",
        ),
        "0.5",
    )
}

const fn similarity(p: VoiceProvider, example_value: &'static str) -> FieldSpec {
    example(
        described(
            field(
                "personaConfig.voiceGenerationOptions.similarityBoost",
                "Similarity boost",
                range(0.0, 1.0, 0.01),
                Scope::Voice(p),
            ),
            "Controls how close the generated voice is to the original speaker, between 0 (more varied) and 1 (more similar).",
        ),
        example_value,
    )
}

const fn speed_elevenlabs(p: VoiceProvider) -> FieldSpec {
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceGenerationOptions.speed",
                    "Speed",
                    range(0.7, 1.2, 0.01),
                    Scope::Voice(p),
                ),
                "Controls the speed of the spoken voice as a multiplier, between 0.7 (slower) and 1.2 (faster).",
            ),
            "1",
        ),
        "×",
    )
}

const fn volume(p: VoiceProvider) -> FieldSpec {
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceGenerationOptions.volume",
                    "Volume",
                    range(0.5, 2.0, 0.01),
                    Scope::Voice(p),
                ),
                "Controls the volume level of the generated voice as a multiplier, between 0.5 (quieter) and 2.0 (louder).",
            ),
            "1",
        ),
        "×",
    )
}

use Kind::*;
use Scope::*;
use VoiceProvider::*;

/// The contract's fields, in form order.
pub(super) const CONTRACT_ROWS: &[FieldSpec] = &[
    hinted(
        described(
            field("clientLabel", "Client label", Text, Session),
            "The client label for the session",
        ),
        "",
    ),
    hinted(
        field("personaConfig.personaId", "Persona ID", Text, Stateful),
        "The ID of a persona you have already created in Anam Lab (stateful mode).",
    ),
    hinted(
        example(
            field("personaConfig.name", "Name", Text, Ephemeral),
            "\"Cara\"",
        ),
        "A display name for this run-time persona.",
    ),
    hinted(
        example(
            field("personaConfig.avatarId", "Avatar ID", Text, Ephemeral),
            "\"071b0286-4cce-4808-bee2-e642f1062de3\"",
        ),
        "The avatar (face) the persona uses.",
    ),
    also(
        example(
            described(
                field(
                    "personaConfig.avatarModel",
                    "Avatar model",
                    Enum(AVATAR_MODELS),
                    Ephemeral,
                ),
                "Avatar model version. Models with the '-latest' suffix are invite only.",
            ),
            "\"cara-3\"",
        ),
        super::pages::NEWER_AVATAR_MODELS,
    ),
    hinted(
        example(
            field("personaConfig.voiceId", "Voice ID", Text, Ephemeral),
            "\"de23e340-1416-4dd8-977d-065a7ca11697\"",
        ),
        "The voice the persona speaks with.",
    ),
    hinted(
        example(
            field("personaConfig.llmId", "LLM ID", Text, Ephemeral),
            "\"a7cf662c-2ace-4de1-a21e-ef0fbf144bb7\"",
        ),
        "The language model that drives the conversation.",
    ),
    hinted(
        example(
            field(
                "personaConfig.systemPrompt",
                "System prompt",
                LongText,
                Ephemeral,
            ),
            "\"You are a helpful assistant\"",
        ),
        "Instructions that shape the persona's behaviour.",
    ),
    unit(
        hinted(
            example(
                field(
                    "personaConfig.maxSessionLengthSeconds",
                    "Max session length",
                    Number,
                    Ephemeral,
                ),
                "600",
            ),
            "The longest a session may last before it is ended.",
        ),
        "s",
    ),
    hinted(
        example(
            field(
                "personaConfig.skipGreeting",
                "Skip greeting",
                Bool,
                Ephemeral,
            ),
            "false",
        ),
        "When true, the persona waits for the user to speak first.",
    ),
    example(
        described(
            field(
                "personaConfig.uninterruptibleGreeting",
                "Uninterruptible greeting",
                Bool,
                Ephemeral,
            ),
            "When true, the greeting message cannot be interrupted by the user.",
        ),
        "false",
    ),
    example(
        described(
            field(
                "personaConfig.initialMessage",
                "Initial message",
                NullableText,
                Ephemeral,
            ),
            "Custom first message the persona speaks to open the conversation. If empty or not provided, the persona generates its own greeting.",
        ),
        "\"Hi there! I'm excited to chat with you today.\"",
    ),
    described(
        field(
            "personaConfig.languageCode",
            "Language",
            LanguageCode,
            Ephemeral,
        ),
        "ISO 639-1 formatted language code override for transcription, replaces organisation level settings and multilingual (default) mode.",
    ),
    // Voice detection.
    example(
        described(
            field(
                "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity",
                "End-of-speech sensitivity",
                range(0.0, 1.0, 0.01),
                Ephemeral,
            ),
            "Sensitivity for detecting end of speech, between 0 (least sensitive) and 1 (most sensitive).",
        ),
        "0.5",
    ),
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceDetectionOptions.silenceBeforeSkipTurnSeconds",
                    "Silence before skipping turn",
                    range(0.0, 900.0, 1.0),
                    Ephemeral,
                ),
                "Duration of silence (in seconds) before the current user turn is skipped.",
            ),
            "5",
        ),
        "s",
    ),
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceDetectionOptions.silenceBeforeSessionEndSeconds",
                    "Silence before session end",
                    range(0.0, 7200.0, 1.0),
                    Ephemeral,
                ),
                "Duration of silence (in seconds) before the session is automatically ended.",
            ),
            "60",
        ),
        "s",
    ),
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceDetectionOptions.silenceBeforeAutoEndTurnSeconds",
                    "Silence before auto end of turn",
                    range(0.5, 10.0, 0.1),
                    Ephemeral,
                ),
                "Duration of silence (in seconds) before the user turn is automatically ended.",
            ),
            "5",
        ),
        "s",
    ),
    example(
        described(
            field(
                "personaConfig.voiceDetectionOptions.speechEnhancementLevel",
                "Speech enhancement",
                range(0.0, 1.0, 0.01),
                Ephemeral,
            ),
            "Level of speech enhancement to apply, 0 (no speech enhancement) 1 (max speech enhancement)",
        ),
        "0.8",
    ),
    // ElevenLabs V1.
    stability(ElevenLabsV1),
    similarity(ElevenLabsV1, "0"),
    speed_elevenlabs(ElevenLabsV1),
    // ElevenLabs V2.
    stability(ElevenLabsV2),
    similarity(ElevenLabsV2, "0.75"),
    example(
        described(
            field(
                "personaConfig.voiceGenerationOptions.style",
                "Style",
                range(0.0, 1.0, 0.01),
                Voice(ElevenLabsV2),
            ),
            "Amplifies the style of the original speaker, between 0 and 1, it is recommended to keep this value low (0) to reduce latency.",
        ),
        "0",
    ),
    example(
        described(
            field(
                "personaConfig.voiceGenerationOptions.useSpeakerBoost",
                "Speaker boost",
                Bool,
                Voice(ElevenLabsV2),
            ),
            "Whether to use speaker boost for the generated voice, enhancing the similarity to the original speaker.",
        ),
        "true",
    ),
    speed_elevenlabs(ElevenLabsV2),
    described(
        field(
            "personaConfig.voiceGenerationOptions.model",
            "Model",
            Text,
            Voice(ElevenLabsV2),
        ),
        "The ElevenLabs model ID to use for voice generation.",
    ),
    // Cartesia Sonic-3.
    volume(CartesiaSonic3),
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceGenerationOptions.speed",
                    "Speed",
                    range(0.6, 1.5, 0.01),
                    Voice(CartesiaSonic3),
                ),
                "Controls the speed of the spoken voice as a multiplier, between 0.6 (slower) and 1.5 (faster).",
            ),
            "1",
        ),
        "×",
    ),
    example(
        described(
            field(
                "personaConfig.voiceGenerationOptions.emotion",
                "Emotion",
                Enum(EMOTIONS),
                Voice(CartesiaSonic3),
            ),
            "Sets the emotional tone of the generated voice. Supported emotions are: neutral, calm, angry, content, sad, scared.",
        ),
        "\"neutral\"",
    ),
    // Fish Audio.
    volume(FishAudio),
    unit(
        example(
            described(
                field(
                    "personaConfig.voiceGenerationOptions.speed",
                    "Speed",
                    range(0.5, 2.0, 0.01),
                    Voice(FishAudio),
                ),
                "Controls the speed of the spoken voice as a multiplier, between 0.5 (slower) and 2.0 (faster).",
            ),
            "1",
        ),
        "×",
    ),
    // Session options.
    hinted(
        FieldSpec {
            default: Some("true"),
            example: Some("true"),
            ..field(
                "sessionOptions.sessionReplay.enableSessionReplay",
                "Session replay",
                Bool,
                Session,
            )
        },
        "Record the session so it can be replayed in Anam Lab. The API treats a missing value as true.",
    ),
    example(
        described(
            field(
                "sessionOptions.videoQuality",
                "Video quality",
                Enum(VIDEO_QUALITIES),
                Session,
            ),
            "'high' pins highest bitrate, 'auto' enables adaptive bitrate.",
        ),
        "\"high\"",
    ),
];
