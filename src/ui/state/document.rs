//! The body being edited and the file it belongs to.

use crate::core::draft::Draft;
use std::path::PathBuf;
use std::sync::Arc;

/// The body being edited and the file it belongs to.
#[derive(Default)]
pub struct Document {
    pub draft: Draft,
    /// The preset the draft belongs to; `None` for an untitled draft.
    pub name: Option<String>,
    /// Where the preset's file is: the path it was found at or saved to, never one rebuilt from
    /// its name (`foo .json` is not `foo.json`).
    pub path: Option<PathBuf>,
    /// The bytes of the file as this app last read or wrote them, to notice another program
    /// changing or deleting it.
    pub on_disk: Option<Arc<[u8]>>,
    /// The environment a pasted request's base URL switched from: the switch belongs to the
    /// draft, and is undone when the draft is discarded. `None` once it is saved.
    pub switched: Option<Switch>,
}

/// A paste selected the environment `to`; `from` was selected before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switch {
    pub from: String,
    pub to: String,
}

impl Document {
    /// The window title: preset name, a dirty marker, the app name.
    pub fn title(&self) -> String {
        let name = self.name.as_deref().unwrap_or("Untitled");
        let dirty = if self.draft.is_dirty() { " *" } else { "" };
        format!("{name}{dirty} — anam-studio")
    }

    /// Replaces the document with `draft`, belonging to no file (imported, new, from a persona).
    pub fn untitled(&mut self, draft: Draft) {
        *self = Document {
            draft,
            ..Document::default()
        };
    }

    /// The environment to select again when the draft is discarded: the one a paste switched
    /// from, while the paste's is still `selected` (a choice made since then stays).
    pub fn switched_back(&self, selected: &str) -> Option<&str> {
        (self.switched.as_ref())
            .filter(|s| s.to == selected)
            .map(|s| s.from.as_str())
    }

    /// What "Discard changes" also undoes besides the edits: the environment switch of a paste,
    /// while its environment is still `selected`.
    pub fn discard_also(&self, selected: &str) -> Option<String> {
        self.switched_back(selected).map(|from| {
            format!("Discard changes also selects {from} again: the paste selected {selected}.")
        })
    }

    /// Why the form and the mode switch are read-only now, if they are: a field edited while the
    /// body text does not parse would be replaced by that text once it parses.
    pub fn form_locked(&self) -> Option<String> {
        self.draft.unparsed().map(|u| {
            format!(
                "The form is read-only while the Body tab's text is not JSON (line {}, column {}): fix it there, or use Revert to last valid body.",
                u.error.line, u.error.column
            )
        })
    }

    /// Why the body cannot be sent or written: the Body tab holds text that is not JSON.
    pub fn unsendable(&self) -> Option<String> {
        self.draft.unparsed().map(|u| {
            format!(
                "The Body tab's text is not JSON (line {}, column {}): fix it, or use Revert to last valid body.",
                u.error.line, u.error.column
            )
        })
    }
}
