//! Over real repositories made in a temp folder: a bare "remote" and clones of it.

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
    // The user's own identity, as a real clone has it (commits made by the app use it).
    sh(&root, &["config", "user.name", "QA"]);
    sh(&root, &["config", "user.email", "qa@example.com"]);
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
fn no_git_on_the_machine_is_said_where_the_folder_is_in_git() {
    let tmp = tempfile::tempdir().unwrap();
    let no_git = Git::at(tmp.path().join("no-such-git"));
    // A folder in no work tree: nothing to say, with or without git.
    let plain = tmp.path().join("plain");
    fs::create_dir(&plain).unwrap();
    assert_eq!(no_git.folder_status(&plain), Ok(None));
    // In a work tree (`.git` above it): that git is missing is said.
    let presets = tmp.path().join("team/presets");
    fs::create_dir_all(&presets).unwrap();
    fs::create_dir(tmp.path().join("team/.git")).unwrap();
    let err = no_git.folder_status(&presets).unwrap_err();
    assert_eq!(err, GitError::NotInstalled);
    assert!(err.to_string().starts_with("git is not installed"));
}

/// A bare "remote" and two clones of it, each with a user; `presets/a.json` committed.
#[cfg(unix)]
fn team() -> (tempfile::TempDir, PathBuf, PathBuf) {
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
    let mut clones = ["ana", "ben"].map(|who| {
        let clone = tmp.path().join(who);
        sh(
            tmp.path(),
            &[
                "clone",
                "-q",
                remote.to_str().unwrap(),
                clone.to_str().unwrap(),
            ],
        );
        sh(&clone, &["config", "user.name", who]);
        sh(&clone, &["config", "user.email", "team@example.com"]);
        sh(&clone, &["config", "pull.rebase", "true"]);
        clone.join("presets")
    });
    let ben = std::mem::take(&mut clones[1]);
    let ana = std::mem::take(&mut clones[0]);
    (tmp, ana, ben)
}

#[test]
#[cfg(unix)]
fn a_commit_takes_the_chosen_presets_and_nothing_else() {
    let (_tmp, presets) = repo();
    let root = presets.parent().unwrap().to_path_buf();
    fs::write(presets.join("a.json"), "{\"v\": 2}\n").unwrap();
    fs::remove_file(presets.join("b c.json")).unwrap();
    fs::write(presets.join("new one.json"), "{}\n").unwrap();
    fs::write(presets.join("not chosen.json"), "{}\n").unwrap();
    fs::write(root.join("README.md"), "changed too\n").unwrap();
    // Something the user staged themselves stays staged, out of this commit.
    sh(&root, &["add", "README.md"]);
    let chosen = ["a.json", "b c.json", "new one.json"].map(OsString::from);
    let git = Git::default();
    let id = git
        .commit(&presets, &chosen, "Tune a; drop b c; add new one")
        .unwrap();
    assert!(!id.is_empty());
    let shown = sh(
        &root,
        &[
            "show",
            "--no-renames",
            "--name-status",
            "--format=%s",
            "HEAD",
        ],
    );
    assert_eq!(
        shown.trim(),
        "Tune a; drop b c; add new one\n\nM\tpresets/a.json\nD\tpresets/b c.json\nA\tpresets/new one.json"
    );
    let status = git.folder_status(&presets).unwrap().unwrap();
    assert_eq!(
        states(&status),
        [("not chosen.json".to_string(), FileState::New)]
    );
    assert_eq!(
        sh(&root, &["diff", "--cached", "--name-only"]).trim(),
        "README.md"
    );
    assert_eq!(
        git.committed(&presets, "a.json".as_ref())
            .unwrap()
            .as_deref(),
        Some(&b"{\"v\": 2}\n"[..])
    );
    assert_eq!(
        git.committed(&presets, "not chosen.json".as_ref()).unwrap(),
        None
    );
}

#[test]
#[cfg(unix)]
fn two_clones_share_presets_through_push_and_pull() {
    let (_tmp, ana, ben) = team();
    let git = Git::default();
    fs::write(ana.join("shared.json"), "{\"from\": \"ana\"}\n").unwrap();
    git.commit(&ana, &[OsString::from("shared.json")], "Add shared")
        .unwrap();
    let status = git.folder_status(&ana).unwrap().unwrap();
    assert_eq!(status.branch.describe(), "main, 1 ahead of origin/main");
    git.push(&ana).unwrap();
    assert_eq!(git.pull(&ben).unwrap(), Pulled::Updated);
    assert_eq!(
        fs::read(ben.join("shared.json")).unwrap(),
        b"{\"from\": \"ana\"}\n"
    );
    assert_eq!(git.pull(&ben).unwrap(), Pulled::UpToDate);
    // Ben's own commit is replayed on top of Ana's newer one.
    fs::write(ben.join("ben.json"), "{}\n").unwrap();
    git.commit(&ben, &[OsString::from("ben.json")], "Add ben")
        .unwrap();
    fs::write(ana.join("a.json"), "{\"v\": \"ana\"}\n").unwrap();
    git.commit(&ana, &[OsString::from("a.json")], "Tune a")
        .unwrap();
    git.push(&ana).unwrap();
    let refused = git.push(&ben).unwrap_err();
    assert!(
        refused.to_string().starts_with("git could not push"),
        "{refused}"
    );
    assert_eq!(git.pull(&ben).unwrap(), Pulled::Updated);
    git.push(&ben).unwrap();
    assert_eq!(fs::read(ben.join("a.json")).unwrap(), b"{\"v\": \"ana\"}\n");
    let status = git.folder_status(&ben).unwrap().unwrap();
    assert_eq!(
        status.branch.describe(),
        "main, up to date with origin/main"
    );
}

#[test]
#[cfg(unix)]
fn a_conflict_keeps_both_versions() {
    let (_tmp, ana, ben) = team();
    let git = Git::default();
    fs::write(ana.join("a.json"), "{\"v\": \"ana\"}\n").unwrap();
    git.commit(&ana, &[OsString::from("a.json")], "Ana's a")
        .unwrap();
    git.push(&ana).unwrap();
    fs::write(ben.join("a.json"), "{\"v\": \"ben\"}\n").unwrap();
    git.commit(&ben, &[OsString::from("a.json")], "Ben's a")
        .unwrap();
    let pulled = git.pull(&ben).unwrap();
    assert_eq!(pulled, Pulled::Conflict(vec![OsString::from("a.json")]));
    let status = git.folder_status(&ben).unwrap().unwrap();
    assert_eq!(status.state("a.json".as_ref()), FileState::Conflict);
    let sides = git.versions(&ben, "a.json".as_ref()).unwrap();
    assert_eq!(sides.upstream.as_deref(), Some(&b"{\"v\": \"ana\"}\n"[..]));
    assert_eq!(sides.yours.as_deref(), Some(&b"{\"v\": \"ben\"}\n"[..]));
    // The file itself holds both, between git's markers.
    let text = fs::read_to_string(ben.join("a.json")).unwrap();
    assert!(
        text.contains("\"ana\"") && text.contains("\"ben\""),
        "{text}"
    );
}

#[test]
#[cfg(unix)]
fn a_pull_never_touches_uncommitted_changes() {
    let (_tmp, ana, ben) = team();
    let git = Git::default();
    fs::write(ana.join("a.json"), "{\"v\": \"ana\"}\n").unwrap();
    git.commit(&ana, &[OsString::from("a.json")], "Ana's a")
        .unwrap();
    git.push(&ana).unwrap();
    fs::write(ben.join("a.json"), "{\"v\": \"unsaved work\"}\n").unwrap();
    let refused = git.pull(&ben).unwrap_err();
    assert!(
        refused.to_string().starts_with("git could not pull: "),
        "{refused}"
    );
    assert_eq!(
        fs::read(ben.join("a.json")).unwrap(),
        b"{\"v\": \"unsaved work\"}\n"
    );
}
