//! Splitting a pasted command line into words as a POSIX shell would, without running anything:
//! `'…'`, `"…"`, `$'…'`, `\` and line continuations (Windows `cmd` lines: `cmd.rs`).
//! Variables and command substitutions are kept as pieces of their own: their values are not in
//! the pasted text.

use super::IntakeError;

/// A piece of a word.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Piece {
    Text(String),
    /// `$NAME`, `${NAME}` or `%NAME%`.
    Var(String),
    /// `$(…)` or `` `…` ``: the text as written.
    Command(String),
}

/// A word: its pieces in order.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Word(pub Vec<Piece>);

impl Word {
    pub(super) fn push_char(&mut self, c: char) {
        match self.0.last_mut() {
            Some(Piece::Text(t)) => t.push(c),
            _ => self.0.push(Piece::Text(c.to_string())),
        }
    }

    /// The word's text when it holds nothing but text.
    pub fn text(&self) -> Option<String> {
        let mut out = String::new();
        for piece in &self.0 {
            match piece {
                Piece::Text(t) => out.push_str(t),
                _ => return None,
            }
        }
        Some(out)
    }

    /// The leading text (up to the first variable or command).
    pub fn head(&self) -> &str {
        match self.0.first() {
            Some(Piece::Text(t)) => t,
            _ => "",
        }
    }
}

/// A word, or the end of a command (a newline, `;`, `&`, `|`) and whether it was a newline.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Token {
    Word(Word),
    End { newline: bool },
}

/// Whether `text` may be a Windows `cmd` line: a `^` ending a line, or a `^"`.
pub(crate) fn is_cmd(text: &str) -> bool {
    text.contains("^\"") || text.lines().any(|l| l.trim_end().ends_with('^'))
}

/// Whether POSIX words read as a `cmd` line: one of them starts with `^`.
pub(crate) fn looks_like_cmd(tokens: &[Token]) -> bool {
    tokens
        .iter()
        .any(|t| matches!(t, Token::Word(w) if w.head().starts_with('^')))
}

pub(super) fn line_of(chars: &[char], i: usize) -> usize {
    chars[..i.min(chars.len())]
        .iter()
        .filter(|&&c| c == '\n')
        .count()
        + 1
}

fn is_name_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

pub(super) fn is_name(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// POSIX shell words.
pub(crate) fn posix(text: &str) -> Result<Vec<Token>, IntakeError> {
    let chars: Vec<char> = text.chars().collect();
    let mut tokens = Vec::new();
    let mut word = Word::default();
    let mut started = false;
    let mut i = 0;
    let end_word = |tokens: &mut Vec<Token>, word: &mut Word, started: &mut bool| {
        if *started {
            tokens.push(Token::Word(std::mem::take(word)));
            *started = false;
        }
    };
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' | '\r' => end_word(&mut tokens, &mut word, &mut started),
            '\n' | ';' | '&' | '|' => {
                end_word(&mut tokens, &mut word, &mut started);
                tokens.push(Token::End { newline: c == '\n' });
            }
            '#' if !started => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '\\' => {
                // A continuation with spaces after the backslash (a common copying slip) is
                // still a continuation, not an escaped space.
                let blanks = chars[i + 1..]
                    .iter()
                    .take_while(|c| matches!(c, ' ' | '\t' | '\r'))
                    .count();
                if blanks > 0 && chars.get(i + 1 + blanks) == Some(&'\n') {
                    i += blanks + 2;
                    continue;
                }
                match chars.get(i + 1) {
                    Some('\n') => {}
                    Some('\r') if chars.get(i + 2) == Some(&'\n') => i += 1,
                    Some(&next) => {
                        word.push_char(next);
                        started = true;
                    }
                    None => {}
                }
                i += 2;
                continue;
            }
            '\'' => {
                let open = i;
                i += 1;
                started = true;
                while i < chars.len() && chars[i] != '\'' {
                    word.push_char(chars[i]);
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(unclosed("single", &chars, open));
                }
            }
            '"' => {
                let open = i;
                i += 1;
                started = true;
                loop {
                    match chars.get(i) {
                        None => return Err(unclosed("double", &chars, open)),
                        Some('"') => break,
                        Some('\\') => match chars.get(i + 1) {
                            Some('\n') => i += 1,
                            Some(&e @ ('$' | '`' | '"' | '\\')) => {
                                word.push_char(e);
                                i += 1;
                            }
                            _ => word.push_char('\\'),
                        },
                        Some('$' | '`') => {
                            i = expansion(&chars, i, &mut word)?;
                            continue;
                        }
                        Some(&other) => word.push_char(other),
                    }
                    i += 1;
                }
            }
            '$' if chars.get(i + 1) == Some(&'\'') => {
                let open = i;
                i = ansi_c(&chars, i + 2, &mut word)
                    .ok_or_else(|| unclosed("$'…'", &chars, open))?;
                started = true;
            }
            '$' | '`' => {
                i = expansion(&chars, i, &mut word)?;
                started = true;
                continue;
            }
            other => {
                word.push_char(other);
                started = true;
            }
        }
        i += 1;
    }
    end_word(&mut tokens, &mut word, &mut started);
    Ok(tokens)
}

fn unclosed(kind: &str, chars: &[char], open: usize) -> IntakeError {
    IntakeError::UnclosedQuote {
        kind: kind.to_string(),
        line: line_of(chars, open),
    }
}

/// `$NAME`, `${NAME}`, `$(…)` or `` `…` `` at `i`; returns the index after it. A `$` that starts
/// none of them is itself.
fn expansion(chars: &[char], i: usize, word: &mut Word) -> Result<usize, IntakeError> {
    let rest = |from: usize| chars[from.min(chars.len())..].iter();
    if chars[i] == '`' {
        let len = rest(i + 1)
            .position(|&c| c == '`')
            .ok_or_else(|| unclosed("backquote", chars, i))?;
        let inner: String = chars[i + 1..i + 1 + len].iter().collect();
        word.0.push(Piece::Command(format!("`{inner}`")));
        return Ok(i + len + 2);
    }
    match chars.get(i + 1) {
        Some('(') => {
            let mut depth = 0;
            for (j, &c) in chars.iter().enumerate().skip(i + 1) {
                match c {
                    '(' => depth += 1,
                    ')' => {
                        depth -= 1;
                        if depth == 0 {
                            let inner: String = chars[i..=j].iter().collect();
                            word.0.push(Piece::Command(inner));
                            return Ok(j + 1);
                        }
                    }
                    _ => {}
                }
            }
            Err(unclosed("$(…)", chars, i))
        }
        Some('{') => {
            let len = rest(i + 2)
                .position(|&c| c == '}')
                .ok_or_else(|| unclosed("${…}", chars, i))?;
            let inner: String = chars[i + 2..i + 2 + len].iter().collect();
            word.0.push(Piece::Var(inner));
            Ok(i + len + 3)
        }
        Some(&c) if is_name_start(c) => {
            let len = rest(i + 1).take_while(|&&c| is_name(c)).count();
            word.0
                .push(Piece::Var(chars[i + 1..i + 1 + len].iter().collect()));
            Ok(i + 1 + len)
        }
        _ => {
            word.push_char('$');
            Ok(i + 1)
        }
    }
}

/// The inside of `$'…'` from `i`; returns the index of the closing quote.
fn ansi_c(chars: &[char], mut i: usize, word: &mut Word) -> Option<usize> {
    let hex = |from: usize, max: usize| -> (u32, usize) {
        let digits: String = chars[from.min(chars.len())..]
            .iter()
            .take(max)
            .take_while(|c| c.is_ascii_hexdigit())
            .collect();
        (u32::from_str_radix(&digits, 16).unwrap_or(0), digits.len())
    };
    let mut pending_high: Option<u32> = None;
    loop {
        let c = *chars.get(i)?;
        if c == '\'' {
            return Some(i);
        }
        if c != '\\' {
            word.push_char(c);
            i += 1;
            continue;
        }
        let e = *chars.get(i + 1)?;
        i += 2;
        let simple = match e {
            'n' => Some('\n'),
            't' => Some('\t'),
            'r' => Some('\r'),
            'a' => Some('\u{7}'),
            'b' => Some('\u{8}'),
            'e' | 'E' => Some('\u{1b}'),
            'f' => Some('\u{c}'),
            'v' => Some('\u{b}'),
            '\\' | '\'' | '"' | '?' => Some(e),
            _ => None,
        };
        if let Some(s) = simple {
            word.push_char(s);
            continue;
        }
        let code = match e {
            'x' => {
                let (v, n) = hex(i, 2);
                i += n;
                v
            }
            'u' | 'U' => {
                let (v, n) = hex(i, if e == 'u' { 4 } else { 8 });
                i += n;
                v
            }
            '0'..='7' => {
                let digits: String = std::iter::once(e)
                    .chain(
                        chars[i..]
                            .iter()
                            .copied()
                            .take(2)
                            .take_while(|c| ('0'..='7').contains(c)),
                    )
                    .collect();
                i += digits.len() - 1;
                u32::from_str_radix(&digits, 8).unwrap_or(0)
            }
            'c' => {
                let ctl = chars.get(i).map_or(0, |c| (*c as u32) & 0x1f);
                i += 1;
                ctl
            }
            other => {
                word.push_char('\\');
                word.push_char(other);
                continue;
            }
        };
        // A browser writes characters beyond U+FFFF as two \u escapes (UTF-16 halves).
        match (pending_high.take(), code) {
            (None, 0xd800..=0xdbff) => pending_high = Some(code),
            (Some(high), 0xdc00..=0xdfff) => {
                let joined = 0x10000 + ((high - 0xd800) << 10) + (code - 0xdc00);
                word.push_char(char::from_u32(joined).unwrap_or('\u{fffd}'));
            }
            (_, code) => word.push_char(char::from_u32(code).unwrap_or('\u{fffd}')),
        }
    }
}
