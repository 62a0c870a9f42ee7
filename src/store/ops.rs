//! Every blocking call the app makes, as a value: an [`Op`] goes to the worker, which runs it
//! on a blocking thread through a [`Store`] and sends back its [`Reply`]. The UI thread never
//! touches the disk or the keychain itself.

use super::catalog_cache;
use super::config::{self, ConfigError};
use super::git::{FolderStatus, Git, GitError, Pulled, Sides};
use super::keychain::{self, KeySource, Keychain, KeychainError, Stored};
use super::preset::files::{self, Comparison};
use super::preset::{self, Entry, PresetError};
use crate::core::catalog::Catalog;
use crate::core::contract::RequestBody;
use crate::core::environment::Config;
use crate::core::secrets::ApiKey;
use std::collections::HashMap;
use std::ffi::OsString;
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

/// What another program did to a preset's file since this app last read or wrote it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiskChange {
    Changed,
    Deleted,
}

/// A blocking call, to be run off the UI thread.
#[derive(Debug)]
pub enum Op {
    /// First run: the presets folder seeded with the shipped presets; and the config file read.
    Start {
        presets_dir: PathBuf,
        config_path: PathBuf,
    },
    /// The presets folder listed.
    Scan {
        dir: PathBuf,
    },
    /// A preset read (again), with its bytes.
    Load {
        path: PathBuf,
    },
    /// The body written to `path`. `seen`: the bytes this app last saw there; when the file is
    /// no longer those, nothing is written and the change is the answer. `replace: false`
    /// writes only a file that does not exist yet.
    Save {
        path: PathBuf,
        body: RequestBody,
        replace: bool,
        seen: Option<Arc<[u8]>>,
    },
    Rename {
        from: PathBuf,
        to: PathBuf,
    },
    Remove {
        path: PathBuf,
    },
    /// A file's bytes, up to a preset's size.
    Read {
        path: PathBuf,
    },
    /// Whether the file is still what was seen there.
    CheckDisk {
        path: PathBuf,
        seen: Arc<[u8]>,
    },
    SaveConfig {
        path: PathBuf,
        config: Config,
    },
    LoadCache {
        path: PathBuf,
    },
    SaveCache {
        path: PathBuf,
        catalog: Box<Catalog>,
    },
    /// The key for a base URL: `ANAM_API_KEY` (`env_value`), else the keychain.
    FindKey {
        base_url: String,
        env_value: Option<String>,
    },
    /// Whether a key is stored for each (name, account), and why there is no keychain, if so.
    KeyStates {
        accounts: Vec<(String, String)>,
    },
    SetKey {
        account: String,
        key: ApiKey,
    },
    DeleteKey {
        account: String,
    },
    /// A file a request is read from (Import…, or a pasted command's `-d @file`): its bytes,
    /// up to a preset's size, whatever they hold.
    ReadFile {
        path: PathBuf,
    },
    /// The presets folder's state in git (`None`: not in a work tree).
    GitStatus {
        dir: PathBuf,
    },
    /// A preset of the folder as the last commit has it.
    GitCommitted {
        dir: PathBuf,
        name: OsString,
    },
    /// These presets of the folder committed, and nothing else.
    GitCommit {
        dir: PathBuf,
        names: Vec<OsString>,
        message: String,
    },
    GitPull {
        dir: PathBuf,
    },
    GitPush {
        dir: PathBuf,
    },
    /// Both sides of a preset in conflict.
    GitVersions {
        dir: PathBuf,
        name: OsString,
    },
}

/// The answer to an [`Op`], of the same name.
#[derive(Debug)]
pub enum Reply {
    Started {
        seeded: io::Result<bool>,
        config: Result<Config, ConfigError>,
    },
    Scanned(io::Result<Vec<Entry>>),
    Loaded(Result<(RequestBody, Vec<u8>), PresetError>),
    Saved(Result<Arc<[u8]>, SaveError>),
    Renamed(Result<(), PresetError>),
    Removed(io::Result<()>),
    Read(Option<Arc<[u8]>>),
    DiskChange(Option<DiskChange>),
    ConfigSaved(Result<(), ConfigError>),
    Cache(Option<Catalog>),
    CacheSaved(io::Result<()>),
    Key {
        found: Result<Option<(ApiKey, KeySource)>, KeychainError>,
        /// Why there is no keychain, if there is none (a key is then held in memory).
        unavailable: Option<String>,
    },
    KeyStates {
        states: HashMap<String, Option<Stored>>,
        unavailable: Option<String>,
    },
    KeySet(Result<Stored, KeychainError>),
    KeyDeleted(Result<bool, KeychainError>),
    FileRead(Result<Vec<u8>, PresetError>),
    GitStatus(Result<Option<FolderStatus>, GitError>),
    GitCommitted(Result<Option<Vec<u8>>, GitError>),
    /// The new commit's short id.
    GitCommit(Result<String, GitError>),
    GitPull(Result<Pulled, GitError>),
    GitPush(Result<(), GitError>),
    GitVersions(Result<Sides, GitError>),
    /// The call panicked (a bug): what it was doing.
    Panicked(&'static str),
}

/// Why a save did not happen.
#[derive(Debug)]
pub enum SaveError {
    /// Another program changed or deleted the file since it was seen.
    Changed(DiskChange),
    Preset(PresetError),
}

impl Op {
    /// What the call does, for a sentence when it fails in an unexpected way.
    pub fn doing(&self) -> &'static str {
        match self {
            Op::Start { .. } => "reading the presets folder and the config",
            Op::Scan { .. } => "listing the presets folder",
            Op::Load { .. } | Op::Read { .. } => "reading a preset",
            Op::Save { .. } => "writing a preset",
            Op::Rename { .. } => "renaming a preset",
            Op::Remove { .. } => "deleting a preset",
            Op::CheckDisk { .. } => "checking the preset on disk",
            Op::SaveConfig { .. } => "saving the settings",
            Op::LoadCache { .. } | Op::SaveCache { .. } => "using the catalog cache",
            Op::FindKey { .. } | Op::KeyStates { .. } => "reading the keychain",
            Op::SetKey { .. } | Op::DeleteKey { .. } => "writing the keychain",
            Op::ReadFile { .. } => "reading a file",
            Op::GitStatus { .. } | Op::GitCommitted { .. } => "asking git about the presets folder",
            Op::GitCommit { .. } => "committing presets",
            Op::GitPull { .. } => "pulling",
            Op::GitPush { .. } => "pushing",
            Op::GitVersions { .. } => "reading both sides of a conflict",
        }
    }
}

/// What runs the blocking calls: [`DiskStore`], or a stand-in in tests.
pub trait Store: Send + Sync {
    fn run(&self, op: Op) -> Reply;
}

/// The real disk and the OS keychain (opened on first use, on the thread of that call: it can be
/// slow to start).
pub struct DiskStore {
    keychain: OnceLock<Arc<Keychain>>,
}

impl DiskStore {
    /// `keychain`: a given one (tests: an in-memory store), or `None` for the OS keychain.
    pub fn new(keychain: Option<Arc<Keychain>>) -> DiskStore {
        let cell = OnceLock::new();
        if let Some(k) = keychain {
            let _ = cell.set(k);
        }
        DiskStore { keychain: cell }
    }

    fn keychain(&self) -> &Keychain {
        self.keychain.get_or_init(|| Arc::new(Keychain::os()))
    }
}

impl Store for DiskStore {
    fn run(&self, op: Op) -> Reply {
        match op {
            Op::Start {
                presets_dir,
                config_path,
            } => Reply::Started {
                seeded: preset::seed(&presets_dir),
                config: config::load(&config_path),
            },
            Op::Scan { dir } => Reply::Scanned(preset::scan(&dir)),
            Op::Load { path } => Reply::Loaded(preset::load_with_bytes(&path)),
            Op::Save {
                path,
                body,
                replace,
                seen,
            } => Reply::Saved(save(path, &body, replace, seen)),
            Op::Rename { from, to } => Reply::Renamed(preset::rename(&from, &to)),
            Op::Remove { path } => Reply::Removed(std::fs::remove_file(&path)),
            Op::Read { path } => Reply::Read(preset::read_bounded(&path).ok().map(Into::into)),
            Op::CheckDisk { path, seen } => Reply::DiskChange(change(&path, &seen)),
            Op::SaveConfig { path, config } => Reply::ConfigSaved(config::save(&config, &path)),
            Op::LoadCache { path } => Reply::Cache(catalog_cache::load_cache(&path)),
            Op::SaveCache { path, catalog } => {
                Reply::CacheSaved(catalog_cache::save_cache(&path, &catalog))
            }
            Op::FindKey {
                base_url,
                env_value,
            } => Reply::Key {
                found: keychain::resolve(env_value.as_deref(), self.keychain(), &base_url),
                unavailable: self.keychain().unavailable_reason().map(str::to_string),
            },
            Op::KeyStates { accounts } => {
                let keychain = self.keychain();
                let states = accounts
                    .into_iter()
                    .map(|(name, account)| {
                        let state = keychain.get(&account).ok().flatten().map(|(_, s)| s);
                        (name, state)
                    })
                    .collect();
                Reply::KeyStates {
                    states,
                    unavailable: keychain.unavailable_reason().map(str::to_string),
                }
            }
            Op::SetKey { account, key } => Reply::KeySet(self.keychain().set(&account, &key)),
            Op::DeleteKey { account } => Reply::KeyDeleted(self.keychain().delete(&account)),
            Op::ReadFile { path } => Reply::FileRead(preset::read_bounded(&path)),
            Op::GitStatus { dir } => Reply::GitStatus(Git::default().folder_status(&dir)),
            Op::GitCommitted { dir, name } => {
                Reply::GitCommitted(Git::default().committed(&dir, &name))
            }
            Op::GitCommit {
                dir,
                names,
                message,
            } => Reply::GitCommit(Git::default().commit(&dir, &names, &message)),
            Op::GitPull { dir } => Reply::GitPull(Git::default().pull(&dir)),
            Op::GitPush { dir } => Reply::GitPush(Git::default().push(&dir)),
            Op::GitVersions { dir, name } => {
                Reply::GitVersions(Git::default().versions(&dir, &name))
            }
        }
    }
}

/// Whether the file at `path` is no longer what was `seen` there.
pub fn change(path: &std::path::Path, seen: &[u8]) -> Option<DiskChange> {
    match files::compare(path, seen) {
        Comparison::Same | Comparison::Unknown => None,
        Comparison::Changed => Some(DiskChange::Changed),
        Comparison::Deleted => Some(DiskChange::Deleted),
    }
}

fn save(
    path: PathBuf,
    body: &RequestBody,
    replace: bool,
    seen: Option<Arc<[u8]>>,
) -> Result<Arc<[u8]>, SaveError> {
    if let Some(change) = seen.as_ref().and_then(|seen| change(&path, seen)) {
        return Err(SaveError::Changed(change));
    }
    let text = preset::text_like(body, seen.as_deref());
    let written = if replace {
        preset::write_atomic(&path, text.as_bytes())
    } else {
        preset::write_new(&path, text.as_bytes())
    };
    written.map_err(|e| SaveError::Preset(preset::PresetError::io(&path, e)))?;
    Ok(text.into_bytes().into())
}
