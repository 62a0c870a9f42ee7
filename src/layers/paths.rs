//! Reading Rust source as far as the layers need: the code without comments and literals, the
//! `crate::`/`super::` paths in it, and the module file each names.

use super::Sources;

/// Every path starting `crate::` or `super::`, with one level of `{…}` groups
/// spread out (`super::{a, b::C}` gives `super::a` and `super::b::C`).
pub(super) fn paths_in(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let starts = ["crate::", "super::"]
            .iter()
            .find(|p| code[i..].starts_with(**p))
            .filter(|_| i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':');
        let Some(_) = starts else {
            i += 1;
            continue;
        };
        let (prefix, end) = read_path(code, i);
        i = end;
        if code[end..].starts_with("::{") {
            let close = code[end..].find('}').map_or(code.len(), |c| end + c);
            for item in code[end + 3..close].split(',') {
                let (rest, _) = read_path(item.trim(), 0);
                let mut path = prefix.clone();
                path.extend(rest.into_iter().filter(|s| s != "self"));
                out.push(path);
            }
            i = close;
        } else {
            out.push(prefix);
        }
    }
    out
}

/// The `::`-separated identifiers from `at`; returns them and where they end.
fn read_path(code: &str, at: usize) -> (Vec<String>, usize) {
    let bytes = code.as_bytes();
    let mut parts = Vec::new();
    let mut i = at;
    loop {
        let start = i;
        while i < bytes.len() && is_ident(bytes[i]) {
            i += 1;
        }
        if i == start {
            break;
        }
        parts.push(code[start..i].to_string());
        if code[i..].starts_with("::") && bytes.get(i + 2).is_some_and(|b| is_ident(*b)) {
            i += 2;
        } else {
            break;
        }
    }
    (parts, i)
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// The module a path names: the longest prefix of it that is a module with a file.
pub(super) fn resolve(module: &str, path: &[String], sources: &Sources) -> Option<String> {
    let mut base: Vec<&str> = if module.is_empty() {
        vec![]
    } else {
        module.split("::").collect()
    };
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("super") => {
            while rest.first().is_some_and(|s| s == "super") {
                base.pop()?;
                rest = &rest[1..];
            }
        }
        _ => return None,
    }
    let mut best = None;
    let mut candidate: Vec<&str> = base.clone();
    if sources.contains_key(&candidate.join("::")) {
        best = Some(candidate.join("::"));
    }
    for part in rest {
        candidate.push(part);
        let name = candidate.join("::");
        if sources.contains_key(&name) {
            best = Some(name);
        } else {
            break;
        }
    }
    best
}

/// The code without comments, string and char literals (a path in a doc line is no use).
pub(super) fn strip_comments_and_strings(text: &str) -> String {
    let b = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < b.len() {
        if text[i..].starts_with("//") {
            while i < b.len() && b[i] != b'\n' {
                i += 1;
            }
        } else if text[i..].starts_with("/*") {
            let mut depth = 0;
            while i < b.len() {
                if text[i..].starts_with("/*") {
                    depth += 1;
                    i += 2;
                } else if text[i..].starts_with("*/") {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    i += 1;
                }
            }
        } else if b[i] == b'r'
            && (text[i + 1..].starts_with('"') || text[i + 1..].starts_with("#"))
            && (i == 0 || !is_ident(b[i - 1]))
        {
            // A raw string: r"…", r#"…"#.
            let hashes = text[i + 1..].bytes().take_while(|c| *c == b'#').count();
            let open = i + 1 + hashes;
            if b.get(open) != Some(&b'"') {
                out.push('r');
                i += 1;
                continue;
            }
            let close = format!("\"{}", "#".repeat(hashes));
            i = text[open + 1..]
                .find(&close)
                .map_or(b.len(), |c| open + 1 + c + close.len());
            out.push_str("\"\"");
        } else if b[i] == b'"' {
            i += 1;
            while i < b.len() && b[i] != b'"' {
                i += if b[i] == b'\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if b[i] == b'\'' && char_literal_len(&text[i..]).is_some() {
            i += char_literal_len(&text[i..]).unwrap_or(1);
            out.push_str("' '");
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            out.push(c);
            i += c.len_utf8();
        }
    }
    out
}

/// The length of a char literal at the start of `s` (`'a'`, `'\n'`, `'\u{1F600}'`), or `None`
/// for a lifetime.
fn char_literal_len(s: &str) -> Option<usize> {
    let rest = &s[1..];
    if let Some(esc) = rest.strip_prefix('\\') {
        let end = esc.find('\'')?;
        return Some(1 + 1 + end + 1);
    }
    let c = rest.chars().next()?;
    rest[c.len_utf8()..]
        .starts_with('\'')
        .then_some(1 + c.len_utf8() + 1)
}
