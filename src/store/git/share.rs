//! Sharing presets: commit the chosen ones, pull, push, and both sides of a conflict. Through
//! the `git` program, so the user's credentials, SSH agent and hooks apply.

use super::{FileState, Git, GitError, failed, folder_status, place, run};
use std::ffi::{OsStr, OsString};
use std::path::Path;

/// Commits the presets `names` (their changes, additions and deletions) and nothing else, with
/// the user's own identity and hooks. Returns the new commit's short id.
pub(super) fn commit(
    git: &Git,
    dir: &Path,
    names: &[OsString],
    message: &str,
) -> Result<String, GitError> {
    let place = place(git, dir)?;
    let specs: Vec<String> = names.iter().map(|n| place.spec(n)).collect();
    let doing = "commit the presets";
    let mut add = vec!["add", "-A", "--"];
    add.extend(specs.iter().map(String::as_str));
    let out = run(git, &place.root, &add, doing)?;
    if !out.status.success() {
        return Err(failed(doing, &out));
    }
    // With paths, `commit` takes only those paths, whatever else is staged.
    let mut args = vec!["commit", "--quiet", "-m", message, "--"];
    args.extend(specs.iter().map(String::as_str));
    let out = run(git, &place.root, &args, doing)?;
    if !out.status.success() {
        return Err(failed(doing, &out));
    }
    let head = run(git, &place.root, &["rev-parse", "--short", "HEAD"], doing)?;
    Ok(String::from_utf8_lossy(&head.stdout).trim().to_string())
}

/// What a pull did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pulled {
    /// Nothing new upstream.
    UpToDate,
    /// The branch now has the upstream's commits (the user's own rebased on top of them).
    Updated,
    /// The rebase stopped: these presets were changed on both sides. Each keeps both versions
    /// (git's conflict markers in the file, and `versions`), until the user resolves it.
    Conflict(Vec<OsString>),
}

/// Brings in the upstream's commits: a fast-forward, or the user's own commits replayed on top
/// (a rebase). Uncommitted changes are never touched: git refuses, and says why.
pub(super) fn pull(git: &Git, dir: &Path) -> Result<Pulled, GitError> {
    let place = place(git, dir)?;
    let doing = "pull";
    let before = run(git, &place.root, &["rev-parse", "HEAD"], doing)?;
    let out = run(
        git,
        &place.root,
        &["pull", "--rebase", "--no-autostash", "--quiet"],
        doing,
    )?;
    if !out.status.success() {
        let conflicts = folder_status(git, dir)?
            .map(|s| {
                (s.files.into_iter())
                    .filter(|(_, state)| *state == FileState::Conflict)
                    .map(|(name, _)| name)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default();
        if conflicts.is_empty() {
            return Err(failed(doing, &out));
        }
        return Ok(Pulled::Conflict(conflicts));
    }
    let after = run(git, &place.root, &["rev-parse", "HEAD"], doing)?;
    Ok(match before.stdout == after.stdout {
        true => Pulled::UpToDate,
        false => Pulled::Updated,
    })
}

/// Sends the branch's commits to its upstream.
pub(super) fn push(git: &Git, dir: &Path) -> Result<(), GitError> {
    let place = place(git, dir)?;
    let out = run(git, &place.root, &["push", "--quiet"], "push")?;
    match out.status.success() {
        true => Ok(()),
        false => Err(failed("push", &out)),
    }
}

/// The two sides of a preset in conflict: the upstream's (already on the branch being rebased
/// onto) and the user's own commit's. `None` for a side that deleted it.
pub(super) fn versions(git: &Git, dir: &Path, name: &OsStr) -> Result<Sides, GitError> {
    let place = place(git, dir)?;
    let doing = "read both sides of the conflict";
    let side = |stage: u8| -> Result<Option<Vec<u8>>, GitError> {
        let object = format!(":{stage}:{}", place.path(name));
        let out = run(git, &place.root, &["cat-file", "blob", &object], doing)?;
        Ok(out.status.success().then_some(out.stdout))
    };
    // During a rebase, stage 2 is the branch being built (the upstream's side) and stage 3 the
    // commit being replayed (the user's).
    Ok(Sides {
        upstream: side(2)?,
        yours: side(3)?,
    })
}

/// Both versions of a preset in conflict.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sides {
    pub upstream: Option<Vec<u8>>,
    pub yours: Option<Vec<u8>>,
}
