//! The presets folder seen through git: whether it is in a work tree, its branch, and each
//! file's state against the last commit. Runs the `git` program (the user's own, with their
//! configuration), never a library: what it reports is what `git status` says in a terminal.
//! Every call may block; the app makes them on the worker.

use crate::core::git_status::{self, Branch, FileState};
use std::collections::BTreeMap;
use std::ffi::OsString;
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
}

fn folder_status(git: &Git, dir: &Path) -> Result<Option<FolderStatus>, GitError> {
    let doing = "read the presets folder's work tree";
    let top = run(git, dir, &["rev-parse", "--show-toplevel"], doing)?;
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
    // From the top folder, so paths come back relative to it; `:(literal)`: the folder's name
    // is a name, not a pattern.
    let pathspec = match inside.as_os_str().is_empty() {
        true => ":(literal).".to_string(),
        false => format!(":(literal){}", slashed(&inside)),
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
    let out = run(git, &root, &args, doing)?;
    if !out.status.success() {
        return Err(failed(doing, &out));
    }
    let status = git_status::parse(&out.stdout).map_err(|e| GitError::Failed {
        doing,
        detail: e.to_string(),
    })?;
    let prefix = match inside.as_os_str().is_empty() {
        true => String::new(),
        false => format!("{}/", slashed(&inside)),
    };
    let files = (status.files.into_iter())
        .filter_map(|(path, state)| {
            let name = path.strip_prefix(prefix.as_bytes())?;
            (!name.contains(&b'/')).then(|| (os_string(name.to_vec()), state))
        })
        .collect();
    Ok(Some(FolderStatus {
        root,
        branch: status.branch,
        files,
    }))
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
mod tests {
    use super::*;
    use std::fs;

    // The tests that make repositories need the `git` program: they run where the suite runs
    // on Linux (CI installs git); the Windows suite under Wine has no git for Windows.

    /// Runs git for a test's set-up, with an identity and no user configuration.
    #[cfg(unix)]
    fn sh(dir: &Path, args: &[&str]) -> String {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_AUTHOR_NAME", "QA")
            .env("GIT_AUTHOR_EMAIL", "qa@example.com")
            .env("GIT_COMMITTER_NAME", "QA")
            .env("GIT_COMMITTER_EMAIL", "qa@example.com")
            .output()
            .expect("git runs");
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// A repository with `presets/` holding two committed presets, a `.gitignore` and a file
    /// outside the folder.
    #[cfg(unix)]
    fn repo() -> (tempfile::TempDir, PathBuf) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("team");
        let presets = root.join("presets");
        fs::create_dir_all(&presets).unwrap();
        sh(&root, &["init", "-q", "-b", "main"]);
        fs::write(presets.join("a.json"), "{}\n").unwrap();
        fs::write(presets.join("b c.json"), "{}\n").unwrap();
        fs::write(root.join(".gitignore"), "presets/*.local.json\n").unwrap();
        fs::write(root.join("README.md"), "team\n").unwrap();
        sh(&root, &["add", "-A"]);
        sh(&root, &["commit", "-q", "-m", "first"]);
        (tmp, presets)
    }

    #[cfg(unix)]
    fn states(status: &FolderStatus) -> Vec<(String, FileState)> {
        (status.files.iter())
            .map(|(n, s)| (n.to_string_lossy().into_owned(), *s))
            .collect()
    }

    #[test]
    #[cfg(unix)]
    fn a_folder_outside_git_has_no_status() {
        let tmp = tempfile::tempdir().unwrap();
        assert_eq!(Git::default().folder_status(tmp.path()), Ok(None));
    }

    #[test]
    #[cfg(unix)]
    fn each_preset_has_its_state_against_the_last_commit() {
        let (_tmp, presets) = repo();
        let status = Git::default().folder_status(&presets).unwrap().unwrap();
        assert!(status.files.is_empty(), "{status:?}");
        assert_eq!(status.state("a.json".as_ref()), FileState::Unchanged);
        assert_eq!(status.branch.describe(), "main (no upstream)");

        fs::write(presets.join("a.json"), "{\"clientLabel\": \"x\"}\n").unwrap();
        fs::remove_file(presets.join("b c.json")).unwrap();
        fs::write(presets.join("new one.json"), "{}\n").unwrap();
        fs::write(presets.join("mine.local.json"), "{}\n").unwrap();
        fs::create_dir(presets.join("sub")).unwrap();
        fs::write(presets.join("sub/deeper.json"), "{}\n").unwrap();
        // Outside the folder: not the presets' business.
        fs::write(presets.join("../README.md"), "changed\n").unwrap();
        let status = Git::default().folder_status(&presets).unwrap().unwrap();
        assert_eq!(
            states(&status),
            [
                ("a.json".to_string(), FileState::Changed),
                ("b c.json".to_string(), FileState::Deleted),
                ("mine.local.json".to_string(), FileState::Ignored),
                ("new one.json".to_string(), FileState::New),
            ]
        );
    }

    #[test]
    #[cfg(unix)]
    fn a_conflict_and_the_distance_to_the_upstream_are_seen() {
        let (tmp, presets) = repo();
        let root = presets.parent().unwrap().to_path_buf();
        let remote = tmp.path().join("remote.git");
        sh(
            tmp.path(),
            &[
                "clone",
                "-q",
                "--bare",
                root.to_str().unwrap(),
                remote.to_str().unwrap(),
            ],
        );
        sh(
            &root,
            &["remote", "add", "origin", remote.to_str().unwrap()],
        );
        sh(&root, &["fetch", "-q", "origin"]);
        sh(&root, &["branch", "-q", "--set-upstream-to=origin/main"]);
        // Someone else's commit on the remote.
        let other = tmp.path().join("other");
        sh(
            tmp.path(),
            &[
                "clone",
                "-q",
                remote.to_str().unwrap(),
                other.to_str().unwrap(),
            ],
        );
        fs::write(other.join("presets/a.json"), "{\"theirs\": 1}\n").unwrap();
        sh(&other, &["commit", "-q", "-am", "theirs"]);
        sh(&other, &["push", "-q", "origin", "main"]);
        // Ours, on the same line.
        fs::write(presets.join("a.json"), "{\"ours\": 1}\n").unwrap();
        sh(&root, &["commit", "-q", "-am", "ours"]);
        sh(&root, &["fetch", "-q", "origin"]);
        let status = Git::default().folder_status(&presets).unwrap().unwrap();
        assert_eq!(
            status.branch.describe(),
            "main, 1 ahead of and 1 behind origin/main"
        );
        let merge = Command::new("git")
            .arg("-C")
            .arg(&root)
            .args(["-c", "user.name=QA", "-c", "user.email=qa@example.com"])
            .args(["merge", "-q", "origin/main"])
            .output()
            .unwrap();
        assert!(!merge.status.success(), "the merge conflicts");
        let status = Git::default().folder_status(&presets).unwrap().unwrap();
        assert_eq!(status.state("a.json".as_ref()), FileState::Conflict);
    }

    #[test]
    fn no_git_on_the_machine_is_said() {
        let tmp = tempfile::tempdir().unwrap();
        let missing = tmp.path().join("no-such-git");
        let err = Git::at(missing).folder_status(tmp.path()).unwrap_err();
        assert_eq!(err, GitError::NotInstalled);
        assert!(err.to_string().starts_with("git is not installed"));
    }
}
