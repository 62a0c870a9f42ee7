//! What `git status --porcelain=v2 --branch -z` says of a work tree, read into values: the
//! branch, how far it is ahead of or behind its upstream, and each file that differs from the
//! last commit. The `git` program is run by `store::git`; this is only its output, parsed.
//!
//! The format is git's documented machine-readable one (`git help status`, "Porcelain Format
//! Version 2"): NUL-terminated entries, paths unquoted and relative to where git ran.

use std::collections::BTreeMap;

/// A file's state against the last commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileState {
    /// Tracked and the same as in the last commit (never in git's output: it is the absence).
    Unchanged,
    /// Tracked, with changes (staged or not).
    Changed,
    /// Not in the last commit: untracked, or added to the index.
    New,
    /// In the last commit, gone from the work tree or the index.
    Deleted,
    /// Both sides of a merge or rebase changed it: git left it with conflict markers.
    Conflict,
    /// Matched by `.gitignore`: git does not track it.
    Ignored,
}

impl FileState {
    /// The word a person reads beside a preset.
    pub fn word(self) -> &'static str {
        match self {
            FileState::Unchanged => "unchanged",
            FileState::Changed => "changed",
            FileState::New => "new",
            FileState::Deleted => "deleted",
            FileState::Conflict => "in conflict",
            FileState::Ignored => "ignored",
        }
    }
}

/// The branch and its upstream.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Branch {
    /// The branch's name; `None` when HEAD is detached.
    pub head: Option<String>,
    /// No commit yet (a new repository).
    pub unborn: bool,
    /// The upstream (`origin/main`), if one is set.
    pub upstream: Option<String>,
    /// Commits on this branch not on the upstream, and the other way round.
    pub ahead: u32,
    pub behind: u32,
}

impl Branch {
    /// "main, 2 ahead of and 1 behind origin/main", "main (no upstream)", "a detached HEAD".
    pub fn describe(&self) -> String {
        let Some(head) = &self.head else {
            return "a detached HEAD".to_string();
        };
        let Some(upstream) = &self.upstream else {
            return format!("{head} (no upstream)");
        };
        match (self.ahead, self.behind) {
            (0, 0) => format!("{head}, up to date with {upstream}"),
            (a, 0) => format!("{head}, {a} ahead of {upstream}"),
            (0, b) => format!("{head}, {b} behind {upstream}"),
            (a, b) => format!("{head}, {a} ahead of and {b} behind {upstream}"),
        }
    }
}

/// A work tree's status: the branch, and every path that is not unchanged.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Status {
    pub branch: Branch,
    /// Path (as git wrote it, `/`-separated, relative to where git ran) → its state.
    pub files: BTreeMap<Vec<u8>, FileState>,
}

/// Output that is not git's porcelain v2.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("git's status could not be read: {0}")]
pub struct ParseError(String);

/// Reads `git status --porcelain=v2 --branch -z` output.
pub fn parse(out: &[u8]) -> Result<Status, ParseError> {
    let mut status = Status::default();
    let mut entries = out.split(|b| *b == 0).filter(|e| !e.is_empty());
    while let Some(entry) = entries.next() {
        let text = String::from_utf8_lossy(entry);
        let bad = || ParseError(format!("an entry git wrote is not as documented: {text:?}"));
        match entry[0] {
            b'#' => header(&mut status.branch, &text).ok_or_else(bad)?,
            b'1' => {
                let (xy, path) = fields(entry, 8).ok_or_else(bad)?;
                status.files.insert(path, changed(xy).ok_or_else(bad)?);
            }
            b'2' => {
                // A rename or copy: the new path, then (its own entry) the old one.
                let (xy, path) = fields(entry, 9).ok_or_else(bad)?;
                let from = entries.next().ok_or_else(bad)?;
                status.files.insert(path, FileState::New);
                if xy[0] == b'R' || xy[1] == b'R' {
                    status.files.insert(from.to_vec(), FileState::Deleted);
                }
            }
            b'u' => {
                let (_, path) = fields(entry, 10).ok_or_else(bad)?;
                status.files.insert(path, FileState::Conflict);
            }
            b'?' | b'!' => {
                let path = entry.get(2..).filter(|p| !p.is_empty()).ok_or_else(bad)?;
                let state = match entry[0] {
                    b'?' => FileState::New,
                    _ => FileState::Ignored,
                };
                status.files.insert(path.to_vec(), state);
            }
            _ => return Err(bad()),
        }
    }
    Ok(status)
}

/// `# branch.…` lines; other headers (a future git's) are skipped.
fn header(branch: &mut Branch, line: &str) -> Option<()> {
    let mut words = line.splitn(3, ' ');
    let (_, key, value) = (words.next()?, words.next()?, words.next()?);
    match key {
        "branch.oid" => branch.unborn = value == "(initial)",
        "branch.head" => branch.head = (value != "(detached)").then(|| value.to_string()),
        "branch.upstream" => branch.upstream = Some(value.to_string()),
        "branch.ab" => {
            let (ahead, behind) = value.split_once(' ')?;
            branch.ahead = ahead.strip_prefix('+')?.parse().ok()?;
            branch.behind = behind.strip_prefix('-')?.parse().ok()?;
        }
        _ => {}
    }
    Some(())
}

/// The XY field and the path of an entry whose path follows `before` space-separated fields
/// (the path itself may hold spaces).
fn fields(entry: &[u8], before: usize) -> Option<([u8; 2], Vec<u8>)> {
    let mut parts = entry.splitn(before + 1, |b| *b == b' ');
    let _kind = parts.next()?;
    let xy = parts.next()?;
    let xy: [u8; 2] = xy.try_into().ok()?;
    let path = parts.nth(before - 2)?;
    (!path.is_empty()).then(|| (xy, path.to_vec()))
}

/// An ordinary entry's state from its XY (index, work tree; `.` is unmodified).
fn changed(xy: [u8; 2]) -> Option<FileState> {
    Some(match xy {
        [b'D', _] | [_, b'D'] => FileState::Deleted,
        [b'A', _] => FileState::New,
        [x, y] if x.is_ascii_uppercase() || y.is_ascii_uppercase() => FileState::Changed,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn z(lines: &[&str]) -> Vec<u8> {
        lines
            .iter()
            .flat_map(|l| [l.as_bytes(), b"\0"].concat())
            .collect()
    }

    const OID: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn the_branch_and_how_far_it_is_from_its_upstream() {
        let out = z(&[
            &format!("# branch.oid {OID}"),
            "# branch.head main",
            "# branch.upstream origin/main",
            "# branch.ab +2 -1",
        ]);
        let status = parse(&out).unwrap();
        assert_eq!(status.branch.head.as_deref(), Some("main"));
        assert_eq!((status.branch.ahead, status.branch.behind), (2, 1));
        assert_eq!(
            status.branch.describe(),
            "main, 2 ahead of and 1 behind origin/main"
        );
        assert!(status.files.is_empty());
        let detached = parse(&z(&[
            &format!("# branch.oid {OID}"),
            "# branch.head (detached)",
        ]));
        assert_eq!(detached.unwrap().branch.describe(), "a detached HEAD");
        let new = parse(&z(&["# branch.oid (initial)", "# branch.head main"])).unwrap();
        assert!(new.branch.unborn);
        assert_eq!(new.branch.describe(), "main (no upstream)");
    }

    #[test]
    fn each_kind_of_entry_gives_its_state() {
        let h = format!("100644 100644 100644 {OID} {OID}");
        let out = z(&[
            &format!("1 .M N... {h} presets/edited.json"),
            &format!("1 M. N... {h} presets/staged.json"),
            &format!("1 A. N... 000000 100644 100644 {OID} {OID} presets/added.json"),
            &format!("1 .D N... {h} presets/gone.json"),
            &format!("2 R. N... {h} R100 presets/new name.json"),
            "presets/old name.json",
            &format!("u UU N... 100644 100644 100644 100644 {OID} {OID} {OID} presets/both.json"),
            "? presets/untracked file.json",
            "! presets/ignored.json",
        ]);
        let files = parse(&out).unwrap().files;
        let state = |p: &str| files.get(p.as_bytes()).copied();
        assert_eq!(state("presets/edited.json"), Some(FileState::Changed));
        assert_eq!(state("presets/staged.json"), Some(FileState::Changed));
        assert_eq!(state("presets/added.json"), Some(FileState::New));
        assert_eq!(state("presets/gone.json"), Some(FileState::Deleted));
        assert_eq!(state("presets/new name.json"), Some(FileState::New));
        assert_eq!(state("presets/old name.json"), Some(FileState::Deleted));
        assert_eq!(state("presets/both.json"), Some(FileState::Conflict));
        assert_eq!(state("presets/untracked file.json"), Some(FileState::New));
        assert_eq!(state("presets/ignored.json"), Some(FileState::Ignored));
        assert_eq!(files.len(), 9);
    }

    #[test]
    fn a_path_is_taken_byte_for_byte() {
        // -z: no quoting; a name may hold spaces, quotes, newlines and bytes that are not UTF-8.
        let mut out = b"? presets/a \"b\"\nc \xff.json\0".to_vec();
        out.extend(z(&["? presets/ü.json"]));
        let files = parse(&out).unwrap().files;
        assert!(files.contains_key(&b"presets/a \"b\"\nc \xff.json"[..]));
        assert!(files.contains_key("presets/ü.json".as_bytes()));
    }

    #[test]
    fn output_that_is_not_porcelain_v2_is_refused() {
        for out in [
            &b"M  presets/a.json\0"[..],
            b"1 .M\0",
            b"? \0",
            b"2 R. N... x\0",
        ] {
            assert!(parse(out).is_err(), "{:?}", String::from_utf8_lossy(out));
        }
        // A header a later git may add is not an error.
        assert!(parse(&z(&["# stash 3"])).is_ok());
    }
}
