//! What a request in flight is for, and what waits for a key: the values of the one table of
//! requests in flight ([`crate::ui::services::Services`]).

use super::dialog::{Intent, NameFor};
use crate::core::environment::Environment;
use crate::core::persona::Push;
use crate::core::session::SessionQuery;
use crate::demo::LaunchId;
use crate::worker::RequestId;
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

/// A mint as it was asked for: the body as the window showed it, and where it goes.
#[derive(Debug, Clone)]
pub struct MintInfo {
    pub preset: String,
    pub label: Option<String>,
    pub environment: String,
    pub base_url: String,
    pub body: Value,
    /// Open the demo page with the token once it is minted.
    pub then_demo: bool,
}

/// What needs a key, once the key is found.
#[derive(Debug)]
pub enum NeedsKey {
    Mint(MintInfo),
    Catalog {
        base_url: String,
    },
    Persona {
        base_url: String,
        id: String,
    },
    TestKey {
        env: Environment,
        base_url: String,
    },
    /// Personas and sessions.
    Anam(crate::ui::model::purpose::AnamCall),
}

/// What an answer is for.
#[derive(Debug)]
pub enum Purpose {
    Start,
    Scan(u64),
    Open {
        name: String,
        path: PathBuf,
    },
    Reload,
    /// A save of the document as `name` at `path`; `named` when the name came from the name
    /// dialog (its errors are said there); `then` is done once it is saved.
    Save {
        name: String,
        path: PathBuf,
        named: Option<NameFor>,
        then: Option<Intent>,
    },
    Duplicate {
        name: String,
        path: PathBuf,
    },
    Rename {
        old: String,
        name: String,
        to: PathBuf,
    },
    Delete {
        name: String,
        path: PathBuf,
    },
    Import {
        path: PathBuf,
    },
    Export {
        path: PathBuf,
    },
    /// "Keep my version": the file's bytes as they are now.
    KeepMine,
    /// The window came back into focus: is the open preset still what was seen?
    CheckDisk {
        path: PathBuf,
        seen: Arc<[u8]>,
    },
    SaveConfig,
    LoadCache {
        account: String,
    },
    SaveCache,
    FindKey(NeedsKey),
    KeyStates,
    SetKey {
        env: String,
    },
    DeleteKey {
        env: String,
    },
    Mint(MintInfo),
    TestKey {
        env: String,
    },
    Catalog,
    Persona,
    Image(String),
    /// A demo page for the token minted `entry`-th in this run.
    Demo {
        entry: usize,
    },
    /// Personas and sessions.
    Anam(crate::ui::model::purpose::AnamPurpose),
    // Hand-off and intake.
    /// The file a pasted or imported command's `-d @file` names.
    IntakeFile {
        needs: Box<crate::core::intake::NeedsFile>,
        /// The file the command was imported from (`None`: pasted).
        from: Option<PathBuf>,
        path: PathBuf,
    },
    /// A preset read to compare the draft with: `label` names it in the view.
    CompareTo {
        label: String,
        /// The document's own file ("Compare with saved file").
        saved: bool,
    },
    /// The presets folder's state in git.
    GitStatus,
    /// The open preset as the last commit has it, to compare the draft with.
    GitCommitted,
    /// Commit, Pull and Push: they may take a while (hooks, the network).
    GitCommit,
    GitPull,
    GitPush,
    /// Both sides of this preset file in conflict, to show.
    GitVersions(std::ffi::OsString),
    /// The key a pasted command carried, put into the keychain for `env`.
    OfferedKey {
        env: String,
    },
}

/// A request in flight: on the worker, or a demo page being made ready.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Ticket {
    Worker(RequestId),
    Demo(LaunchId),
}

/// What waits for a key, about personas and sessions.
#[derive(Debug)]
pub enum AnamCall {
    /// The persona to diff against (`compare`: read-only).
    Persona {
        base_url: String,
        id: String,
        compare: bool,
    },
    Push {
        base_url: String,
        push: Push,
    },
    Session(SessionCall),
}

/// What an answer about personas and sessions is for.
#[derive(Debug)]
pub enum AnamPurpose {
    Persona { compare: bool },
    Pushed,
    Session(SessionCall),
}

/// A session request, as it waits for its key and then for its answer.
#[derive(Debug, Clone)]
pub enum SessionCall {
    /// The session of the token minted `entry`-th in this run.
    ForEntry {
        base_url: String,
        entry: usize,
        label: String,
    },
    /// The full session found for the token minted `entry`-th: what it ran with.
    Detail {
        base_url: String,
        entry: usize,
        session_id: String,
    },
    Transcript {
        base_url: String,
        session_id: String,
    },
    List {
        base_url: String,
        query: SessionQuery,
    },
}
