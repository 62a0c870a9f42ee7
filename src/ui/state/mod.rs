//! The app's state, apart from its services: the document, the presets folder as last read, the
//! environments, the feedback, the tab and the open dialog. Panels borrow the parts they draw.

use crate::core::draft::Draft;
use crate::core::environment::{self, Config, Environment};
use crate::store::preset::{self, Entry};
use crate::ui::feedback::Feedback;
pub mod catalogs;
pub mod keys;
pub mod personas;
pub mod sessions;
pub mod tokens;

use crate::ui::model::dialog::Dialog;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// The presets folder as last read. Reads happen on the worker; an older read's answer never
/// replaces a newer one's.
pub struct Folder {
    pub dir: PathBuf,
    entries: Vec<Entry>,
    /// The newest read's number.
    scan: u64,
    /// The entries' names in lower case, for filtering.
    lowercase: Vec<String>,
    /// Bumped when the names change (the sidebar recomputes its filter).
    pub generation: u64,
    pub error: Option<String>,
}

impl Folder {
    pub fn new(dir: PathBuf) -> Self {
        Folder {
            dir,
            entries: Vec::new(),
            scan: 0,
            lowercase: Vec::new(),
            generation: 0,
            error: None,
        }
    }

    /// The number of a new read; only its answer will be taken.
    pub fn next_scan(&mut self) -> u64 {
        self.scan += 1;
        self.scan
    }

    /// The answer of read `number`; dropped when a newer read was started.
    pub fn scanned(&mut self, number: u64, scanned: std::io::Result<Vec<Entry>>) {
        if number != self.scan {
            return;
        }
        match scanned {
            Ok(entries) => {
                self.entries = entries;
                self.error = None;
            }
            Err(e) => {
                self.entries.clear();
                self.error = Some(format!(
                    "Could not read the presets folder {}: {}",
                    self.dir.display(),
                    preset::files::describe(&e)
                ));
            }
        }
        self.names_changed();
    }

    fn names_changed(&mut self) {
        self.lowercase = self.entries.iter().map(|e| e.name.to_lowercase()).collect();
        self.generation += 1;
    }

    /// The preset `name` was just written at `path`: list it (or mark it readable) at once,
    /// without reading the folder.
    pub fn saved(&mut self, name: &str, path: &Path) {
        match self.entries.iter_mut().find(|e| e.name == name) {
            Some(e) => {
                e.path = path.to_path_buf();
                e.status = Ok(());
            }
            None => {
                let key = name.to_lowercase();
                let at = self.entries.partition_point(|e| {
                    (e.name.to_lowercase(), e.name.as_str()) < (key.clone(), name)
                });
                let entry = Entry {
                    name: name.to_string(),
                    path: path.to_path_buf(),
                    status: Ok(()),
                };
                self.entries.insert(at, entry);
            }
        }
        self.names_changed();
    }

    /// The preset `name` is gone from the folder.
    pub fn removed(&mut self, name: &str) {
        self.entries.retain(|e| e.name != name);
        self.names_changed();
    }

    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn lowercase(&self) -> &[String] {
        &self.lowercase
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    /// A preset whose name differs from `name` only in case: Windows and macOS keep one file
    /// for both, so a shared folder cannot hold the two.
    pub fn case_twin(&self, name: &str) -> Option<&str> {
        let lower = name.to_lowercase();
        (self.entries.iter().zip(&self.lowercase))
            .find(|(e, l)| **l == lower && e.name != name)
            .map(|(e, _)| e.name.as_str())
    }

    /// `base`, or `base 2`, `base 3`… whichever is free, in any case.
    pub fn free_name(&self, base: &str) -> String {
        let free = |n: &str| !self.contains(n) && self.case_twin(n).is_none();
        if free(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base} {n}"))
            .find(|n| free(n))
            .unwrap_or_default()
    }
}

/// The environments: the config as last read or saved, the list built from it once per change,
/// and the selected one.
pub struct Environments {
    config: Config,
    list: Vec<Environment>,
    pub selected: String,
}

impl Environments {
    /// Before the config is read: the built-in environments, and the one selected last time
    /// (kept if the config, once read, has it).
    pub fn new(selected: Option<String>) -> Self {
        let config = Config::default();
        let list = config.environments();
        let selected = selected.unwrap_or_else(|| environment::SANDBOX.to_string());
        Environments {
            config,
            list,
            selected,
        }
    }

    pub fn config(&self) -> &Config {
        &self.config
    }

    /// Replaces the config (read at start, or changed in Settings).
    pub fn set_config(&mut self, config: Config) {
        self.list = config.environments();
        self.config = config;
        if !self.list.iter().any(|e| e.name == self.selected) {
            self.selected = environment::SANDBOX.to_string();
        }
    }

    pub fn list(&self) -> &[Environment] {
        &self.list
    }

    /// The selected environment.
    pub fn current(&self) -> &Environment {
        self.list
            .iter()
            .find(|e| e.name == self.selected)
            .unwrap_or(&self.list[0])
    }
}

/// What is remembered between runs (never the key, never a token).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Persisted {
    pub last_preset: Option<String>,
    /// The environment's name.
    pub environment: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(f: &Folder) -> Vec<String> {
        f.entries().iter().map(|e| e.name.clone()).collect()
    }

    #[test]
    fn a_save_updates_its_entry_without_reading_the_folder_and_a_read_brings_the_rest() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.json"), "{}").unwrap();
        let mut folder = Folder::new(dir.path().to_path_buf());
        let n = folder.next_scan();
        folder.scanned(n, preset::scan(dir.path()));
        assert_eq!(names(&folder), ["a"]);
        // Another program adds "c"; this app saves "b": "b" is listed at once, in order, and
        // "c" only once the folder has been read again.
        std::fs::write(dir.path().join("c.json"), "{}").unwrap();
        std::fs::write(dir.path().join("b.json"), "{}").unwrap();
        folder.saved("b", &dir.path().join("b.json"));
        assert_eq!(names(&folder), ["a", "b"]);
        let n = folder.next_scan();
        folder.scanned(n, preset::scan(dir.path()));
        assert_eq!(names(&folder), ["a", "b", "c"]);
        folder.removed("a");
        assert_eq!(names(&folder), ["b", "c"]);
    }

    #[test]
    fn an_older_scan_never_replaces_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut folder = Folder::new(dir.path().to_path_buf());
        folder.saved("kept", &dir.path().join("kept.json"));
        let old = folder.next_scan();
        let _new = folder.next_scan();
        folder.scanned(old, Ok(Vec::new()));
        assert_eq!(folder.entries().len(), 1, "the stale scan was dropped");
    }
}
