//! Presets: a preset file is exactly a request body (pretty JSON, trailing newline), so
//! `curl -d @file` accepts it. Loads say where a broken file is broken; saves are atomic.

pub mod files;
mod scan;

pub use scan::{Entry, display_name, is_json_like, scan};

use crate::core::contract::RequestBody;
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Presets larger than this are refused rather than loaded into a form.
pub const MAX_PRESET_BYTES: u64 = 8 * 1024 * 1024;

/// The file extension of presets.
pub const EXTENSION: &str = "json";

#[derive(Debug, thiserror::Error)]
pub enum PresetError {
    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}:{line}:{column}: {message}", path.display())]
    Parse {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    /// `size` is the file's size, or how much was read before giving up (a file that grew).
    #[error("{}: the file is over {} MiB, too large to be a preset", path.display(), MAX_PRESET_BYTES / (1024 * 1024))]
    TooLarge { path: PathBuf, size: u64 },
    /// Something other than a file stands at the path: it is never read (a named pipe would
    /// wait forever for a writer).
    #[error("{} is {what}, not a preset file", path.display())]
    NotAFile { path: PathBuf, what: &'static str },
    /// A folder entry that is listed but not opened, and why.
    #[error("{}: {reason}", path.display())]
    Unlisted { path: PathBuf, reason: String },
}

impl PresetError {
    pub(crate) fn io(path: &Path, source: io::Error) -> Self {
        // The kernel's "Too many levels of symbolic links" says little: say it is a loop.
        let source = if files::is_link_loop(&source) {
            io::Error::new(source.kind(), files::describe(&source))
        } else {
            source
        };
        PresetError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// Reads and parses a preset. A file over [`MAX_PRESET_BYTES`] is refused without being read,
/// and the read itself stops there (a file that grows meanwhile, or a device such as
/// `/dev/zero`, cannot exhaust memory).
pub fn load(path: &Path) -> Result<RequestBody, PresetError> {
    load_with_bytes(path).map(|(body, _)| body)
}

/// [`load`], also returning the file's bytes as read (to notice later changes by another
/// program without reading the file twice).
pub fn load_with_bytes(path: &Path) -> Result<(RequestBody, Vec<u8>), PresetError> {
    let bytes = read_bounded(path)?;
    let body = parse_preset(path, &bytes)?;
    Ok((body, bytes))
}

/// Parses a preset's bytes as read from `path` (errors name it, with line and column).
pub fn parse_preset(path: &Path, bytes: &[u8]) -> Result<RequestBody, PresetError> {
    let parse_error = |line, column, message: &str| PresetError::Parse {
        path: path.to_path_buf(),
        line,
        column,
        message: message.to_string(),
    };
    // Two failures the JSON parser words poorly ("EOF while parsing a value" at column 0,
    // "invalid unicode code point"): say what is wrong with the file instead.
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(text) {
        let before = &text[..e.valid_up_to()];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        let column = before.len()
            - before
                .iter()
                .rposition(|&b| b == b'\n')
                .map_or(0, |i| i + 1)
            + 1;
        return Err(parse_error(
            line,
            column,
            "the file is not UTF-8 text: save it as UTF-8",
        ));
    }
    if text.iter().all(u8::is_ascii_whitespace) {
        return Err(parse_error(1, 1, "the file is empty"));
    }
    RequestBody::parse(bytes).map_err(|e| parse_error(e.line, e.column, &e.message))
}

/// The bytes of the regular file at `path`, at most [`MAX_PRESET_BYTES`] of them. A named pipe,
/// a device or a folder is refused without being read.
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, PresetError> {
    files::read_regular(path, MAX_PRESET_BYTES).map_err(|e| match e {
        files::ReadError::Io(e) => PresetError::io(path, e),
        files::ReadError::NotAFile(what) => PresetError::NotAFile {
            path: path.to_path_buf(),
            what,
        },
        files::ReadError::TooLarge(size) => PresetError::TooLarge {
            path: path.to_path_buf(),
            size,
        },
    })
}

/// Writes a preset atomically: it lands whole or the old file stays as it was.
pub fn save(path: &Path, body: &RequestBody) -> Result<(), PresetError> {
    write_atomic(path, body.to_pretty().as_bytes()).map_err(|e| PresetError::io(path, e))
}

/// Writes a preset as a new file: when anything exists at `path` (a file another program
/// created since the folder was read, say), it fails with `AlreadyExists` and leaves it as it was.
pub fn save_new(path: &Path, body: &RequestBody) -> Result<(), PresetError> {
    write_new(path, body.to_pretty().as_bytes()).map_err(|e| PresetError::io(path, e))
}

/// Writes `bytes` as a new file at `path`, refusing (`AlreadyExists`) when anything is there.
pub fn write_new(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_via_temp(path, bytes, |f, b| f.write_all(b), false)
}

/// Renames a preset's file, refusing (`AlreadyExists`) when `to` exists.
pub fn rename(from: &Path, to: &Path) -> Result<(), PresetError> {
    files::rename_no_replace(from, to).map_err(|e| PresetError::io(to, e))
}

/// Whether a failed save or rename found its target already taken.
pub fn is_taken(e: &PresetError) -> bool {
    matches!(e, PresetError::Io { source, .. } if source.kind() == io::ErrorKind::AlreadyExists)
}

/// Writes `bytes` to a temporary file beside `path`, flushes it to disk and renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, bytes, |file, bytes| file.write_all(bytes))
}

/// [`write_atomic`] with the write itself done by `write` (given the temporary file and the
/// bytes), so a caller can stand in for a disk that fills up halfway. When anything fails, the
/// temporary file is removed and `path` is left exactly as it was; on success `path` keeps the
/// permissions it had.
pub fn write_atomic_with(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
) -> io::Result<()> {
    write_via_temp(path, bytes, write, true)
}

/// The temporary-file write, then a rename that replaces `path` or, without `replace`, one
/// that refuses to.
fn write_via_temp(
    path: &Path,
    bytes: &[u8],
    write: impl FnOnce(&mut fs::File, &[u8]) -> io::Result<()>,
    replace: bool,
) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    // Dropping `tmp` on any early return deletes the temporary file.
    let mut tmp = tempfile::Builder::new()
        .prefix(".anam-studio-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(without_temp_path)?;
    write(tmp.as_file_mut(), bytes)?;
    tmp.as_file().sync_all()?;
    if let Ok(old) = fs::metadata(path) {
        // The temporary file is private (0600); the replacement keeps the old file's mode.
        tmp.as_file().set_permissions(old.permissions())?;
    }
    if replace {
        tmp.persist(path).map_err(|e| e.error)?;
    } else {
        // Dropping the temporary file (on failure) deletes it; `path` is never touched.
        tmp.persist_noclobber(path).map_err(|e| e.error)?;
    }
    // Make the rename itself durable; a filesystem that cannot sync a folder loses nothing here.
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// tempfile adds the temporary file's path to its errors ("… at path "/x/.anam-studio-1a2B.tmp"");
/// that name means nothing to the user, who is told which preset failed. Keep the cause alone.
fn without_temp_path(e: io::Error) -> io::Error {
    if e.raw_os_error().is_some() {
        return e;
    }
    let text = e.to_string();
    let Some((cause, _)) = text.rsplit_once(" at path ") else {
        return e;
    };
    let code = cause
        .strip_suffix(')')
        .and_then(|c| c.rsplit_once("(os error "))
        .and_then(|(_, n)| n.parse().ok());
    match code {
        Some(code) => io::Error::from_raw_os_error(code),
        None => io::Error::new(e.kind(), cause.to_string()),
    }
}

/// The example presets that ship with the app, as `(name, file text)`.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "stateful-persona",
        include_str!("../../../presets/stateful-persona.json"),
    ),
    (
        "elevenlabs-v2-sales-demo",
        include_str!("../../../presets/elevenlabs-v2-sales-demo.json"),
    ),
    (
        "cartesia-calm-support",
        include_str!("../../../presets/cartesia-calm-support.json"),
    ),
    (
        "fish-audio-french-tutor",
        include_str!("../../../presets/fish-audio-french-tutor.json"),
    ),
];

/// Creates `dir` with the shipped presets in it, when it does not exist yet (first run).
/// Returns whether it seeded the folder.
pub fn seed(dir: &Path) -> io::Result<bool> {
    match fs::metadata(dir) {
        Ok(_) => return Ok(false),
        Err(e) if files::is_link_loop(&e) => {
            return Err(io::Error::new(e.kind(), files::describe(&e)));
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            // A link to nowhere: creating the folder would fail with "File exists".
            if let Ok(target) = fs::read_link(dir) {
                return Err(io::Error::new(
                    e.kind(),
                    format!(
                        "it is a symbolic link to {}, which does not exist",
                        target.display()
                    ),
                ));
            }
        }
        Err(e) => return Err(e),
    }
    fs::create_dir_all(dir)?;
    for (name, text) in SHIPPED {
        write_atomic(&path_for(dir, name), text.as_bytes())?;
    }
    Ok(true)
}

/// Why a name cannot be used for a preset file, if it cannot. The rules are the strictest of
/// the three desktop systems, on every system, so a shared presets folder works everywhere: a
/// name Windows refuses is refused on Linux too.
pub fn check_name(name: &str) -> Result<(), String> {
    let name = name.trim();
    if name.is_empty() {
        return Err("a preset needs a name".into());
    }
    if name.starts_with('.') {
        return Err("a preset name cannot start with a dot".into());
    }
    if name.ends_with('.') {
        return Err("a preset name cannot end with a dot (Windows drops it)".into());
    }
    if name.chars().any(|c| {
        matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') || c.is_control()
    }) {
        return Err(
            "a preset name cannot contain / \\ : * ? \" < > | or control characters".into(),
        );
    }
    if name.len() > 120 {
        return Err("a preset name can be at most 120 characters".into());
    }
    // Windows keeps these for devices, with any extension: `con.json`, `nul.backup.json`.
    let stem = name.split('.').next().unwrap_or(name).trim_end();
    let upper = stem.to_ascii_uppercase();
    let device = matches!(upper.as_str(), "CON" | "PRN" | "AUX" | "NUL")
        || (upper.len() == 4
            && (upper.starts_with("COM") || upper.starts_with("LPT"))
            && matches!(upper.as_bytes()[3], b'1'..=b'9'));
    if device {
        return Err(format!(
            "\"{stem}\" is a device name on Windows, so a preset cannot be called that"
        ));
    }
    Ok(())
}

/// The preset text for `body`, with the line endings of the file it replaces: a preset written
/// with CRLF (by a Windows editor, or git's autocrlf) stays byte for byte what it was, outside
/// the values edited. (JSON strings hold no raw line breaks, so only line ends change.)
pub fn text_like(body: &RequestBody, replaced: Option<&[u8]>) -> String {
    let text = body.to_pretty();
    match replaced {
        Some(old) if uses_crlf(old) => text.replace('\n', "\r\n"),
        _ => text,
    }
}

/// Whether the first line of `bytes` ends with CRLF.
fn uses_crlf(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && bytes[i - 1] == b'\r')
}

/// The file path of preset `name` in `dir`.
pub fn path_for(dir: &Path, name: &str) -> PathBuf {
    dir.join(format!("{}.{EXTENSION}", name.trim()))
}

#[cfg(test)]
mod tests;
