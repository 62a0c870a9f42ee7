//! Splitting a pasted Windows `cmd` line into words (`^` escapes and continuations, then the C
//! runtime's `"…"` and `\"` rules, as in a browser's "Copy as cURL (cmd)"), running nothing.

use super::IntakeError;
use super::lex::{Piece, Token, Word, is_name, line_of};

/// Windows `cmd` words: `cmd` takes out `^` escapes and continuations (outside `"…"`) and
/// expands `%NAME%`; then the C runtime splits words at spaces outside `"…"`, with `\"` a
/// quote, `""` inside quotes a quote, and backslashes literal unless they precede a quote. A
/// browser's `^"…^"` quoting is read as the browser meant it (its `\\` is one backslash).
pub(crate) fn cmd(text: &str) -> Result<Vec<Token>, IntakeError> {
    enum Unit {
        Char(char),
        Var(String),
        End(bool),
    }
    let browser = text.contains("^\"");
    let chars: Vec<char> = text.chars().filter(|&c| c != '\r').collect();
    let mut units = Vec::new();
    let mut quoted = false;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '"' => {
                quoted = !quoted;
                units.push(Unit::Char(c));
            }
            '^' if !quoted => {
                match chars.get(i + 1) {
                    // A continuation: the newline goes, and the next character is taken as it is.
                    Some('\n') => {
                        if let Some(&next) = chars.get(i + 2) {
                            units.push(Unit::Char(next));
                        }
                        i += 2;
                    }
                    Some(&next) => {
                        units.push(Unit::Char(next));
                        i += 1;
                    }
                    None => {}
                }
            }
            '%' => {
                let len = chars[i + 1..].iter().take_while(|&&c| is_name(c)).count();
                if len > 0 && chars.get(i + 1 + len) == Some(&'%') {
                    units.push(Unit::Var(chars[i + 1..i + 1 + len].iter().collect()));
                    i += len + 2;
                    continue;
                }
                units.push(Unit::Char(c));
            }
            '\n' | '&' | '|' if !quoted => units.push(Unit::End(c == '\n')),
            _ => units.push(Unit::Char(c)),
        }
        i += 1;
    }
    let mut tokens = Vec::new();
    let mut word = Word::default();
    let mut started = false;
    let mut in_quotes = false;
    let mut j = 0;
    while j < units.len() {
        match &units[j] {
            Unit::End(newline) => {
                if started {
                    tokens.push(Token::Word(std::mem::take(&mut word)));
                    started = false;
                }
                in_quotes = false;
                tokens.push(Token::End { newline: *newline });
            }
            Unit::Var(name) => {
                word.0.push(Piece::Var(name.clone()));
                started = true;
            }
            Unit::Char(' ' | '\t') if !in_quotes => {
                if started {
                    tokens.push(Token::Word(std::mem::take(&mut word)));
                    started = false;
                }
            }
            // A browser's "Copy as cURL (cmd)" doubles every backslash, also the ones the C
            // runtime keeps as they are: undo exactly what it did, so the body is the one the
            // browser sent.
            Unit::Char('\\') if browser => {
                match units.get(j + 1) {
                    Some(Unit::Char(c @ ('\\' | '"'))) => {
                        word.push_char(*c);
                        j += 1;
                    }
                    _ => word.push_char('\\'),
                }
                started = true;
            }
            Unit::Char('\\') => {
                let run = units[j..]
                    .iter()
                    .take_while(|u| matches!(u, Unit::Char('\\')))
                    .count();
                let before_quote = matches!(units.get(j + run), Some(Unit::Char('"')));
                let keep = if before_quote { run / 2 } else { run };
                (0..keep).for_each(|_| word.push_char('\\'));
                started = true;
                j += run;
                if before_quote && run % 2 == 1 {
                    word.push_char('"');
                    j += 1;
                }
                continue;
            }
            Unit::Char('"') => {
                started = true;
                if in_quotes && matches!(units.get(j + 1), Some(Unit::Char('"'))) {
                    word.push_char('"');
                    j += 1;
                } else {
                    in_quotes = !in_quotes;
                }
            }
            Unit::Char(c) => {
                word.push_char(*c);
                started = true;
            }
        }
        j += 1;
    }
    if in_quotes {
        return Err(IntakeError::UnclosedQuote {
            kind: "double".into(),
            line: line_of(&chars, chars.len()),
        });
    }
    if started {
        tokens.push(Token::Word(word));
    }
    Ok(tokens)
}
