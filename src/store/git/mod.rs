//! The presets folder seen through git: whether it is in a work tree, its branch, and each
//! file's state against the last commit. Runs the `git` program (the user's own, with their
//! configuration), never a library: what it reports is what `git status` says in a terminal.
//! Every call may block; the app makes them on the worker.

mod share;

pub use share::{Pulled, Sides};
use share::{commit, pull, push, versions};

use crate::core::git_status::{self, Branch, FileState};
use std::collections::BTreeMap;
use std::ffi::{OsStr, OsString};
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The folder's state in git.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderStatus {
    /// The work tree's top folder.
    pub root: PathBuf,
    pub branch: Branch,
    /// The files directly in the folder that differ from the last commit (or are ignored), by
    /// file name; a tracked file that is not here is unchanged.
    pub files: BTreeMap<OsString, FileState>,
}

impl FolderStatus {
    /// The state of the file `name` in the folder.
    pub fn state(&self, name: &std::ffi::OsStr) -> FileState {
        self.files
            .get(name)
            .copied()
            .unwrap_or(FileState::Unchanged)
    }

    /// The presets (the files the folder's scan lists: `*.json`) that differ from the last
    /// commit in a way a commit takes: changed, new or deleted.
    pub fn changed_presets(&self) -> impl Iterator<Item = (&OsString, FileState)> {
        (self.files.iter())
            .filter(|(file, _)| super::preset::is_json_like(file))
            .filter(|(_, state)| {
                matches!(
                    state,
                    FileState::Changed | FileState::New | FileState::Deleted
                )
            })
            .map(|(file, state)| (file, *state))
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    #[error(
        "git is not installed, or not on the PATH: the presets folder's changes cannot be shown"
    )]
    NotInstalled,
    #[error("git could not {doing}: {detail}")]
    Failed { doing: &'static str, detail: String },
}

/// The `git` program: the one on the PATH, or another (a test's).
#[derive(Debug, Clone)]
pub struct Git {
    program: OsString,
}

impl Default for Git {
    fn default() -> Self {
        Git {
            program: "git".into(),
        }
    }
}

impl Git {
    pub fn at(program: impl Into<OsString>) -> Self {
        Git {
            program: program.into(),
        }
    }

    /// The state of `dir` in git, or `None` when it is not in a git work tree.
    pub fn folder_status(&self, dir: &Path) -> Result<Option<FolderStatus>, GitError> {
        folder_status(self, dir)
    }

    /// The preset `name` of `dir` as last committed (`None`: not in the last commit).
    pub fn committed(&self, dir: &Path, name: &OsStr) -> Result<Option<Vec<u8>>, GitError> {
        committed(self, dir, name)
    }

    /// Commits these presets of `dir`, and nothing else; returns the commit's short id.
    pub fn commit(
        &self,
        dir: &Path,
        names: &[OsString],
        message: &str,
    ) -> Result<String, GitError> {
        commit(self, dir, names, message)
    }

    /// Pulls the upstream's commits into `dir`'s branch (fast-forward or rebase).
    pub fn pull(&self, dir: &Path) -> Result<Pulled, GitError> {
        pull(self, dir)
    }

    /// Pushes `dir`'s branch to its upstream.
    pub fn push(&self, dir: &Path) -> Result<(), GitError> {
        push(self, dir)
    }

    /// Both sides of the preset `name` in conflict.
    pub fn versions(&self, dir: &Path, name: &OsStr) -> Result<Sides, GitError> {
        versions(self, dir, name)
    }
}

/// Where the folder sits: the work tree's top folder, and the folder's path inside it as git
/// writes paths (`presets`, or empty for the top itself).
struct Place {
    root: PathBuf,
    inside: String,
}

impl Place {
    /// A file of the folder as a pathspec from the top (`:(literal)`: a name, not a pattern).
    fn spec(&self, name: &OsStr) -> String {
        format!(":(literal){}", self.path(name))
    }

    /// A file of the folder as git names it from the top: `presets/a.json`.
    fn path(&self, name: &OsStr) -> String {
        match self.inside.is_empty() {
            true => name.to_string_lossy().into_owned(),
            false => format!("{}/{}", self.inside, name.to_string_lossy()),
        }
    }
}

/// The work tree `dir` is in, or `None` when it is in none.
fn locate(git: &Git, dir: &Path) -> Result<Option<Place>, GitError> {
    let doing = "read the presets folder's work tree";
    let top = match run(git, dir, &["rev-parse", "--show-toplevel"], doing) {
        // Without git, a folder in no work tree shows nothing either; one in a work tree (a
        // `.git` above it) says that git is missing.
        Err(GitError::NotInstalled) if !in_work_tree(dir) => return Ok(None),
        other => other?,
    };
    if !top.status.success() {
        let stderr = String::from_utf8_lossy(&top.stderr);
        if stderr.contains("not a git repository") {
            return Ok(None);
        }
        return Err(failed(doing, &top));
    }
    let root = PathBuf::from(String::from_utf8_lossy(&top.stdout).trim_end_matches(['\n', '\r']));
    let inside = relative(dir, &root).ok_or_else(|| GitError::Failed {
        doing,
        detail: format!("{} is not under {}", dir.display(), root.display()),
    })?;
    let inside = slashed(&inside);
    Ok(Some(Place { root, inside }))
}

/// Whether `dir` or a folder above it holds `.git` (a folder, or a file for a linked work tree).
fn in_work_tree(dir: &Path) -> bool {
    let dir = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
    dir.ancestors().any(|d| d.join(".git").exists())
}

/// The folder's place, when an action needs one.
fn place(git: &Git, dir: &Path) -> Result<Place, GitError> {
    locate(git, dir)?.ok_or_else(|| GitError::Failed {
        doing: "find the presets folder's repository",
        detail: format!("{} is not in a git work tree", dir.display()),
    })
}

fn folder_status(git: &Git, dir: &Path) -> Result<Option<FolderStatus>, GitError> {
    let Some(place) = locate(git, dir)? else {
        return Ok(None);
    };
    let pathspec = match place.inside.is_empty() {
        true => ":(literal).".to_string(),
        false => format!(":(literal){}", place.inside),
    };
    let doing = "read the presets folder's status";
    let args = [
        "status",
        "--porcelain=v2",
        "--branch",
        "-z",
        "--untracked-files=all",
        "--ignored=matching",
        "--",
        &pathspec,
    ];
    let out = run(git, &place.root, &args, doing)?;
    if !out.status.success() {
        return Err(failed(doing, &out));
    }
    let status = git_status::parse(&out.stdout).map_err(|e| GitError::Failed {
        doing,
        detail: e.to_string(),
    })?;
    let prefix = match place.inside.is_empty() {
        true => String::new(),
        false => format!("{}/", place.inside),
    };
    let files = (status.files.into_iter())
        .filter_map(|(path, state)| {
            let name = path.strip_prefix(prefix.as_bytes())?;
            (!name.contains(&b'/')).then(|| (os_string(name.to_vec()), state))
        })
        .collect();
    Ok(Some(FolderStatus {
        root: place.root,
        branch: status.branch,
        files,
    }))
}

/// The file `name` of the folder as the last commit has it; `None` when it is not in it.
fn committed(git: &Git, dir: &Path, name: &OsStr) -> Result<Option<Vec<u8>>, GitError> {
    let place = place(git, dir)?;
    let object = format!("HEAD:{}", place.path(name));
    let doing = "read the preset's last committed version";
    let exists = run(git, &place.root, &["cat-file", "-e", &object], doing)?;
    if !exists.status.success() {
        return Ok(None);
    }
    let out = run(git, &place.root, &["cat-file", "blob", &object], doing)?;
    match out.status.success() {
        true => Ok(Some(out.stdout)),
        false => Err(failed(doing, &out)),
    }
}

/// Runs git in `dir` with the user's configuration; no prompt can wait on a terminal.
fn run(git: &Git, dir: &Path, args: &[&str], doing: &'static str) -> Result<Output, GitError> {
    let out = Command::new(&git.program)
        .arg("-C")
        .arg(dir)
        .args(args)
        // Reading must not take the index lock another git (the user's own) may need.
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_TERMINAL_PROMPT", "0")
        .stdin(Stdio::null())
        .output();
    match out {
        Ok(out) => Ok(out),
        Err(e) if e.kind() == ErrorKind::NotFound => Err(GitError::NotInstalled),
        Err(e) => Err(GitError::Failed {
            doing,
            detail: e.to_string(),
        }),
    }
}

/// git's own first line of complaint.
fn failed(doing: &'static str, out: &Output) -> GitError {
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let line = line
        .trim()
        .trim_start_matches("fatal: ")
        .trim_start_matches("error: ");
    GitError::Failed {
        doing,
        detail: match line {
            "" => format!("it ended with {}", out.status),
            line => line.to_string(),
        },
    }
}

/// `dir` relative to `root`, both as the file system has them (a link or `..` may differ in
/// spelling).
fn relative(dir: &Path, root: &Path) -> Option<PathBuf> {
    let dir = dir.canonicalize().ok()?;
    let root = root.canonicalize().ok()?;
    dir.strip_prefix(&root).ok().map(Path::to_path_buf)
}

/// A relative path as git writes it: `/` between the parts.
fn slashed(path: &Path) -> String {
    let parts: Vec<_> = path.iter().map(|p| p.to_string_lossy()).collect();
    parts.join("/")
}

#[cfg(unix)]
fn os_string(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

/// git for Windows writes paths in UTF-8.
#[cfg(not(unix))]
fn os_string(bytes: Vec<u8>) -> OsString {
    OsString::from(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests;
