//! The presets folder as last read.

use crate::core::git_status::FileState;
use crate::store::git::FolderStatus;
use crate::store::preset::{self, Entry};
use std::path::{Path, PathBuf};

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
    /// The folder in git, as last asked (after each read of the folder).
    pub git: InGit,
    /// A preset in conflict, both of its versions shown.
    pub conflict: Option<Conflict>,
}

/// Both versions of a preset git could not merge: the upstream's and the user's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub file: std::ffi::OsString,
    /// `None`: that side deleted it.
    pub upstream: Option<String>,
    pub yours: Option<String>,
}

/// What git says of the presets folder.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum InGit {
    /// Not in a work tree (or not asked yet): nothing of git is shown.
    #[default]
    No,
    Yes(FolderStatus),
    /// In a work tree, but git is missing or could not answer: one sentence.
    Unknown(String),
}

impl InGit {
    /// The state of `entry`'s file against the last commit, when the folder is in git.
    pub fn state(&self, entry: &Entry) -> Option<FileState> {
        let InGit::Yes(status) = self else {
            return None;
        };
        Some(status.state(entry.path.file_name()?))
    }
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
            git: InGit::No,
            conflict: None,
        }
    }

    /// Another folder: nothing listed until it is read. Its generation and read numbers go on
    /// from this one's, so nothing computed for this folder's names (the sidebar's filter) is
    /// taken for the new one's, and a read of this folder still out is never taken for it.
    pub fn switch_to(&mut self, dir: PathBuf) {
        let (generation, scan) = (self.generation + 1, self.scan);
        *self = Folder {
            generation,
            scan,
            ..Folder::new(dir)
        };
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

    #[test]
    fn after_a_switch_nothing_of_the_old_folder_is_taken_for_the_new_one() {
        let (old_dir, new_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let mut folder = Folder::new(old_dir.path().to_path_buf());
        folder.saved("old", &old_dir.path().join("old.json"));
        let generation = folder.generation;
        let old_read = folder.next_scan();
        folder.switch_to(new_dir.path().to_path_buf());
        assert!(folder.entries().is_empty());
        assert!(
            folder.generation > generation,
            "the sidebar's filter is computed again"
        );
        let new_read = folder.next_scan();
        assert_ne!(old_read, new_read);
        folder.scanned(old_read, Ok(vec![]));
        assert_eq!(
            folder.generation,
            generation + 1,
            "the old folder's read is dropped"
        );
    }
}
