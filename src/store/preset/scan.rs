//! Reading a presets folder as it really is: every `*.json`-like entry is listed, the ones that
//! cannot be presets with the reason, and names that look alike are shown so they do not.

use super::{EXTENSION, PresetError, files, load};
use std::ffi::OsStr;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One entry of a presets folder.
#[derive(Debug)]
pub struct Entry {
    /// The preset's name: the file name without `.json`, exactly as on disk (spaces and all).
    /// Entries that are not plain `NAME.json` (an upper-case extension, a name that is not
    /// UTF-8) are named by their whole file name. Unique within a scan.
    pub name: String,
    /// Where the entry was found: every action on it uses this path, never one rebuilt from
    /// the name.
    pub path: PathBuf,
    /// Whether the file parsed when the folder was scanned. The body itself is not kept: a
    /// preset is read again when it is opened, so a folder of 1,000 presets costs little memory.
    pub status: Result<(), PresetError>,
}

/// Whether a file name looks like a preset: it ends in `.json` in any case.
pub fn is_json_like(file_name: &OsStr) -> bool {
    let bytes = file_name.as_encoded_bytes();
    bytes.len() > 5 && bytes[bytes.len() - 5..].eq_ignore_ascii_case(b".json")
}

/// The entries of a folder that look like presets (`*.json`, in any case), sorted by name
/// (case-insensitive). Each is listed: a preset that parses, or the reason it cannot be one
/// (broken JSON, a folder, a named pipe, a link loop, a name that is not UTF-8, …). Special
/// files are never opened in a way that could block.
pub fn scan(dir: &Path) -> io::Result<Vec<Entry>> {
    let mut entries = Vec::new();
    for item in fs::read_dir(dir)? {
        let item = item?;
        let file_name = item.file_name();
        if !is_json_like(&file_name) {
            continue;
        }
        let path = item.path();
        let (name, status) = match file_name.to_str() {
            Some(text) => match text.strip_suffix(&format!(".{EXTENSION}")) {
                Some(stem) => (stem.to_string(), check(&path)),
                // `NAME.JSON`: a preset like any other, named by its whole file name so it
                // cannot be confused with a `NAME.json` beside it.
                None => (text.to_string(), check(&path)),
            },
            None => (
                escape_bytes(file_name.as_encoded_bytes()),
                Err(PresetError::Unlisted {
                    path: path.clone(),
                    reason: "the file name is not valid UTF-8 text (shown with \\x escapes), so it is not opened: rename it".into(),
                }),
            ),
        };
        entries.push(Entry { name, path, status });
    }
    entries.sort_by_cached_key(|e| (e.name.to_lowercase(), e.name.clone()));
    // Names are unique by construction except in odd corners (`a.JSON` beside `a.JSON.json`):
    // the later one gets a number so each entry can be picked.
    for i in 1..entries.len() {
        if entries[..i].iter().any(|e| e.name == entries[i].name) {
            let mut n = 2;
            while entries
                .iter()
                .any(|e| e.name == format!("{} ({n})", entries[i].name))
            {
                n += 1;
            }
            entries[i].name = format!("{} ({n})", entries[i].name);
        }
    }
    Ok(entries)
}

/// Whether `path` is a preset that parses; what it is instead, when it is not a file.
fn check(path: &Path) -> Result<(), PresetError> {
    match fs::metadata(path) {
        Ok(meta) if !meta.is_file() => Err(PresetError::NotAFile {
            path: path.to_path_buf(),
            what: files::kind_of(meta.file_type()),
        }),
        // A dangling link or a loop: `load` says which.
        _ => load(path).map(|_| ()),
    }
}

/// Bytes that are not UTF-8, with every byte outside printable ASCII as `\xNN`.
fn escape_bytes(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        out.push_str(chunk.valid());
        for b in chunk.invalid() {
            out.push_str(&format!("\\x{b:02X}"));
        }
    }
    out
}

/// Characters that draw as nothing or rearrange the text around them: zero-width and
/// formatting characters, bidirectional controls, variation selectors, tags.
fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{FFF0}'..='\u{FFFB}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Combining marks, as a decomposed (NFD) name has them where a composed (NFC) one has a
/// single letter: shown so `é` and `e` + U+0301 do not look the same.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// A name as the sidebar shows it, so names that look alike do not: a leading or trailing
/// space as `·` (a `·` there as `\u{B7}`), control characters as `\n`, `\t`, `\u{1B}`, invisible and bidirectional
/// characters and combining marks as `\u{…}`, a backslash as `\\`. Plain names are unchanged.
pub fn display_name(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let lead = chars.iter().take_while(|c| **c == ' ').count();
    let trail = if lead == chars.len() {
        0
    } else {
        chars.iter().rev().take_while(|c| **c == ' ').count()
    };
    let mut out = String::with_capacity(name.len());
    for (i, &c) in chars.iter().enumerate() {
        match c {
            ' ' if i < lead || i >= chars.len() - trail => out.push('·'),
            '·' if i == 0 || i == chars.len() - 1 => out.push_str("\\u{B7}"),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() || is_invisible(c) || is_combining(c) => {
                out.push_str(&format!("\\u{{{:X}}}", c as u32));
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_alike_names_are_shown_apart() {
        let names = [
            "foo",
            "foo ",
            " foo",
            "foo\n",
            "fo\u{200B}o",
            "foo\u{202E}",
            "caf\u{E9}",
            "cafe\u{301}",
            "a\\n",
            "foo·",
        ];
        let shown: Vec<String> = names.iter().map(|n| display_name(n)).collect();
        assert_eq!(
            shown,
            [
                "foo",
                "foo·",
                "·foo",
                "foo\\n",
                "fo\\u{200B}o",
                "foo\\u{202E}",
                "café",
                "cafe\\u{301}",
                "a\\\\n",
                "foo\\u{B7}"
            ]
        );
        let mut unique = shown.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), names.len());
        assert_eq!(display_name("Demo — Cara (fr)"), "Demo — Cara (fr)");
    }

    #[test]
    fn non_utf8_bytes_are_escaped() {
        assert_eq!(escape_bytes(b"caf\xe9.json"), "caf\\xE9.json");
    }
}
