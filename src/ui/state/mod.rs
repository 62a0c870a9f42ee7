//! The app's state, apart from its services: the document, the presets folder as last read, the
//! environments, the feedback, the tab, the open dialog, and the data of the run (the catalog,
//! the tokens, the keys' states, a push, the sessions). Views borrow the parts they draw.

pub mod catalogs;
mod document;
mod environments;
mod folder;
pub mod keys;
pub mod personas;
pub mod sessions;
pub mod tokens;

pub use document::{Document, Switch};
pub use environments::Environments;
pub use folder::{Conflict, Folder, InGit};

use crate::ui::feedback::Feedback;
use crate::ui::model::dialog::Dialog;
use std::path::PathBuf;

pub struct AppState {
    pub document: Document,
    pub folder: Folder,
    pub environments: Environments,
    pub feedback: Feedback,
    pub tab: Tab,
    pub dialog: Option<Dialog>,
    /// The selected environment's catalog, and what is being fetched.
    pub catalogs: catalogs::Catalogs,
    /// What is known of each environment's API key.
    pub keys: keys::Keys,
    /// The push to a persona under way, and the pushes of this run.
    pub push: personas::Push,
    /// What became of the tokens: a token's session and the session list.
    pub sessions: sessions::Sessions,
    /// The tokens minted in this run, and the one shown.
    pub tokens: tokens::Tokens,
    /// The user chose to quit with unsaved changes (or saved them): the window may close.
    pub allow_close: bool,
}

impl AppState {
    pub fn new(presets_dir: PathBuf, persisted: &Persisted) -> Self {
        AppState {
            document: Document::default(),
            folder: Folder::new(presets_dir),
            environments: Environments::new(persisted.environment.clone()),
            feedback: Feedback::default(),
            tab: Tab::Form,
            dialog: None,
            catalogs: catalogs::Catalogs::default(),
            tokens: tokens::Tokens::default(),
            keys: keys::Keys::default(),
            push: personas::Push::default(),
            sessions: sessions::Sessions::default(),
            allow_close: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Form,
    Body,
}

/// What is remembered between runs (never the key, never a token).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    pub last_preset: Option<String>,
    /// The environment's name.
    pub environment: Option<String>,
}
