//! Rules of the fields newer than the contract, as their pages give them
//! ([`crate::core::contract::pages`]): director notes apply to Cara 4 avatars only, take a
//! preset style or a custom prompt (not both); the video size is set whole, and each avatar
//! model has its sizes.

use super::Out;
use crate::core::contract::pages::{
    self, DIRECTOR_NOTES, VIDEO_HEIGHT, VIDEO_WIDTH, takes_director_notes, video_sizes,
};
use serde_json::{Map, Value};

/// The longest custom style prompt, in characters (Anam's OpenAPI and SDK).
pub const MAX_STYLE_PROMPT: usize = 2000;

/// Director notes beside the persona's avatar model.
pub(super) fn director_notes(notes: &Map<String, Value>, model: Option<&str>, out: &mut Out) {
    let prompt = notes.get("customStylePrompt").and_then(Value::as_str);
    if notes.contains_key("presetStyle") && notes.contains_key("customStylePrompt") {
        out.error(
            DIRECTOR_NOTES,
            "a preset style or a custom style prompt, not both: remove one".into(),
        );
    }
    if let Some(p) = prompt {
        let path = format!("{DIRECTOR_NOTES}.customStylePrompt");
        let n = p.chars().count();
        if n > MAX_STYLE_PROMPT {
            out.error(
                &path,
                format!("{n} characters: the most is {MAX_STYLE_PROMPT}"),
            );
        } else if p.trim().is_empty() {
            out.warning(
                &path,
                "empty: describe the style, or remove the field".into(),
            );
        }
    }
    match model {
        Some(m) if !takes_director_notes(m) => out.warning(
            DIRECTOR_NOTES,
            format!(
                "director notes apply to Cara 4 avatars only: with {m} they are ignored (avatar model cara-4 or cara-4-latest)"
            ),
        ),
        _ => {}
    }
}

/// `videoWidth` and `videoHeight`: both or neither, whole pixels, a size the model supports.
pub(super) fn video_size(options: &Map<String, Value>, model: Option<&str>, out: &mut Out) {
    let width = options.get("videoWidth");
    let height = options.get("videoHeight");
    let (w, h) = match (width, height) {
        (None, None) => return,
        (Some(_), None) => {
            return out.error(
                VIDEO_HEIGHT,
                "not set: set the width and the height together, or neither".into(),
            );
        }
        (None, Some(_)) => {
            return out.error(
                VIDEO_WIDTH,
                "not set: set the width and the height together, or neither".into(),
            );
        }
        (Some(w), Some(h)) => (w, h),
    };
    let (Some(w), Some(h)) = (pixels(w, VIDEO_WIDTH, out), pixels(h, VIDEO_HEIGHT, out)) else {
        return;
    };
    let supported = |m: &str| video_sizes(m).is_some_and(|s| s.contains(&(w, h)));
    match model {
        Some(m) if supported(m) => {}
        Some(m) => out.warning(
            VIDEO_WIDTH,
            match video_sizes(m) {
                Some(sizes) => format!(
                    "{w}×{h} is not a size {m} supports ({}): the API refuses it",
                    list(sizes)
                ),
                None => format!("the pages name no video sizes for {m}"),
            },
        ),
        None => {
            if !pages::VIDEO_SIZES
                .iter()
                .any(|(family, _)| supported(family))
            {
                out.warning(
                    VIDEO_WIDTH,
                    format!(
                        "{w}×{h} is a size no avatar model supports (Cara 3: 720×480; Cara 4: 1152×768 or 768×1152)"
                    ),
                );
            }
        }
    }
}

/// A whole, positive number of pixels; else an error at `path`.
fn pixels(v: &Value, path: &str, out: &mut Out) -> Option<u64> {
    match v.as_u64() {
        Some(n) if n > 0 => Some(n),
        _ => {
            out.error(
                path,
                format!("expected a whole number of pixels, found {v}"),
            );
            None
        }
    }
}

fn list(sizes: &[(u64, u64)]) -> String {
    sizes
        .iter()
        .map(|(w, h)| format!("{w}×{h}"))
        .collect::<Vec<_>>()
        .join(" or ")
}
