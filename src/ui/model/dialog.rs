//! What a dialog asks, and what waits on its answer.

use crate::core::catalog::PersonaDetail;
use crate::store::DiskChange;

/// Something to do once the user has decided about unsaved changes.
#[derive(Debug, Clone, PartialEq)]
pub enum Intent {
    Open(String),
    New,
    Import,
    /// "Start from persona": the persona's settings as a new ephemeral preset.
    Persona(Box<PersonaDetail>),
    Quit,
    /// A pasted or imported request (a JSON body, a curl command) as a new draft.
    Intake(Box<super::intake::Taken>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameFor {
    SaveAs,
    Duplicate,
    Rename,
}

impl NameFor {
    pub fn title(&self) -> &'static str {
        match self {
            NameFor::SaveAs => "Save preset as",
            NameFor::Duplicate => "Duplicate preset",
            NameFor::Rename => "Rename preset",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub enum Dialog {
    /// Unsaved changes, before `then`. `also`: what Discard undoes besides the edits.
    Unsaved {
        then: Intent,
        also: Option<String>,
    },
    ChangedOnDisk(DiskChange),
    Delete(String),
    Name {
        purpose: NameFor,
        text: String,
        /// What the name is given to, when that needs saying (a copy of unsaved changes).
        note: Option<String>,
        error: Option<String>,
        /// What was waiting for the save this name is for ("Save changes" on an untitled
        /// draft, before opening another preset): done once the name is taken.
        then: Option<Box<Intent>>,
    },
    Shortcuts,
    /// A path typed by hand, when the file chooser gave none (cancelled, or there is none), or
    /// `failed` to open.
    Path {
        export: bool,
        failed: bool,
        text: String,
    },
    /// Commit…: the presets that differ from the last commit, each ticked or not, and the
    /// message.
    Commit {
        choices: Vec<CommitChoice>,
        message: String,
        error: Option<String>,
    },
    /// A pasted command's base URL, to add as an environment under a name.
    AddEnvironment {
        base_url: String,
        name: String,
        error: Option<String>,
    },
}

impl Dialog {
    /// "Unsaved changes" before `then`; `also`: what Discard undoes besides the edits.
    pub fn unsaved(then: Intent, also: Option<String>) -> Self {
        Dialog::Unsaved { then, also }
    }
}

/// A preset offered in the Commit dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct CommitChoice {
    /// The file's name in the presets folder.
    pub file: std::ffi::OsString,
    /// What it is against the last commit: changed, new, deleted.
    pub state: crate::core::git_status::FileState,
    /// It is the open preset, with changes not saved yet (the commit takes the saved file).
    pub unsaved: bool,
    pub chosen: bool,
}
