//! Fields newer than the seed contract, each documented on one of Anam's pages (its address is
//! the row's [`Source::Page`]). They join [`super::fields::FIELDS`] after the contract's rows;
//! what the pages leave unclear, and what was assumed, is in `docs/anam-api.md`.

use super::spec::*;
use Kind::*;
use Scope::*;

pub const DIRECTOR_NOTES_PAGE: &str = "https://anam.ai/docs/personas/director-notes";
pub const VIDEO_PAGE: &str = "https://anam.ai/docs/personas/session/video";
pub const PRIVACY_PAGE: &str = "https://docs.anam.ai/concepts/privacy";
pub const TOOLS_PAGE: &str = "https://anam.ai/docs/tools/introduction";
pub const CREATE_TOOL_PAGE: &str = "https://anam.ai/docs/api-reference/tools/create-tool";

/// Director notes' preset styles, as the page lists them.
pub const PRESET_STYLES: &[&str] = &[
    "happy",
    "warm",
    "playful",
    "supportive",
    "sad",
    "angry",
    "distressed",
];

/// Avatar models the pages document beyond the contract's enum: `cara-4` is Cara 4's stable
/// model (the director-notes page's examples use it; Anam's OpenAPI lists `cara-3`, `cara-4`
/// and `cara-4-latest`), where `cara-4-latest` is the invite-only newest.
pub const NEWER_AVATAR_MODELS: &[&str] = &["cara-4"];

/// The avatar model family director notes apply to (the page's `cara-4`; the contract's enum
/// names it `cara-4-latest`, and the get-avatar page maps every `cara-4-*` to that).
pub const DIRECTOR_NOTES_MODEL: &str = "cara-4";

/// The video sizes each avatar model family supports, `(width, height)` in pixels.
pub const VIDEO_SIZES: &[(&str, &[(u64, u64)])] = &[
    ("cara-3", &[(720, 480)]),
    ("cara-4", &[(1152, 768), (768, 1152)]),
];

/// The sizes `model` supports (by family: `cara-4-latest` is `cara-4`); `None` when the page
/// names none for it.
pub fn video_sizes(model: &str) -> Option<&'static [(u64, u64)]> {
    VIDEO_SIZES
        .iter()
        .find(|(family, _)| model == *family || model.starts_with(&format!("{family}-")))
        .map(|(_, sizes)| *sizes)
}

/// Whether `model` is of the family director notes apply to.
pub fn takes_director_notes(model: &str) -> bool {
    model == DIRECTOR_NOTES_MODEL || model.starts_with(&format!("{DIRECTOR_NOTES_MODEL}-"))
}

pub const DIRECTOR_NOTES: &str = "personaConfig.directorNotes";
pub const TOOLS: &str = "personaConfig.tools";
pub const TOOL_IDS: &str = "personaConfig.toolIds";
pub const VIDEO_WIDTH: &str = "sessionOptions.videoWidth";
pub const VIDEO_HEIGHT: &str = "sessionOptions.videoHeight";

/// Objects whose fields' labels need the object's name beside them outside the form's section
/// (a diff line, the session window): "Preset style" alone could be anything.
pub const GROUPS: &[(&str, &str)] = &[(DIRECTOR_NOTES, "Director notes")];

pub(super) const ROWS: &[FieldSpec] = &[
    documented_at(
        hinted(
            field(
                "personaConfig.directorNotes.presetStyle",
                "Preset style",
                Enum(PRESET_STYLES),
                Ephemeral,
            ),
            "Director notes (beta, Cara 4 avatars only): a ready-made style for how the avatar looks and sounds while it speaks.",
        ),
        DIRECTOR_NOTES_PAGE,
    ),
    documented_at(
        hinted(
            field(
                "personaConfig.directorNotes.customStylePrompt",
                "Custom style prompt",
                LongText,
                Ephemeral,
            ),
            "Director notes (beta, Cara 4 avatars only): your own description of the style, in words.",
        ),
        DIRECTOR_NOTES_PAGE,
    ),
    documented_at(
        example(
            hinted(
                field(
                    "personaConfig.directorNotes.expressivity",
                    "Expressivity",
                    range(0.0, 1.0, 0.01),
                    Ephemeral,
                ),
                "Director notes (beta, Cara 4 avatars only): how strongly the style shows, from 0 (subtle) to 1 (most expressive).",
            ),
            "0.5",
        ),
        DIRECTOR_NOTES_PAGE,
    ),
    documented_at(
        example(
            hinted(
                field(
                    "personaConfig.zeroDataRetention",
                    "Zero data retention",
                    Bool,
                    Ephemeral,
                ),
                "When true, Anam keeps nothing of the session once it ends: no transcript, no recording and no session replay are stored.",
            ),
            "true",
        ),
        PRIVACY_PAGE,
    ),
    documented_at(
        hinted(
            field("personaConfig.tools", "Tools", Tools, Ephemeral),
            "Tools (beta) the persona may call during the session: client tools the page answers, webhooks Anam calls, knowledge searches and system tools.",
        ),
        TOOLS_PAGE,
    ),
    documented_at(
        hinted(
            field("personaConfig.toolIds", "Saved tools", ToolIds, Ephemeral),
            "Tools saved in your Anam account (POST /v1/tools), by id: the session uses them beside the tools defined here, and Push to persona gives them to the saved persona.",
        ),
        CREATE_TOOL_PAGE,
    ),
    documented_at(
        unit(
            hinted(
                field("sessionOptions.videoWidth", "Video width", Number, Session),
                "The width of the avatar's video in pixels; set together with the height. Cara 3 supports 720×480, Cara 4 1152×768 or 768×1152.",
            ),
            "px",
        ),
        VIDEO_PAGE,
    ),
    documented_at(
        unit(
            hinted(
                field(
                    "sessionOptions.videoHeight",
                    "Video height",
                    Number,
                    Session,
                ),
                "The height of the avatar's video in pixels; set together with the width. Cara 3 supports 720×480, Cara 4 1152×768 or 768×1152.",
            ),
            "px",
        ),
        VIDEO_PAGE,
    ),
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn model_families() {
        assert_eq!(video_sizes("cara-4-latest"), video_sizes("cara-4"));
        assert_eq!(video_sizes("cara-3"), Some(&[(720, 480)][..]));
        assert_eq!(video_sizes("cara-2"), None);
        assert_eq!(video_sizes("cara-40"), None);
        assert!(takes_director_notes("cara-4-latest") && takes_director_notes("cara-4"));
        assert!(!takes_director_notes("cara-3") && !takes_director_notes("cara-45"));
    }

    #[test]
    fn grouped_labels_name_their_group() {
        let spec = |p| super::super::fields::spec(p).unwrap();
        assert_eq!(
            spec("personaConfig.directorNotes.presetStyle").long_label(),
            "Director notes: preset style"
        );
        assert_eq!(spec("personaConfig.name").long_label(), "Name");
    }
}
