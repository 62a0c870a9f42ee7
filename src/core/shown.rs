//! Text from outside (a file name, a key, a persona's name, an id) made safe to print: control
//! characters and bidirectional overrides are shown as escapes (`\n`, `\u{1b}`, `\u{202e}`), so
//! text can neither move the cursor, retitle or clear a terminal, forge a line, nor reorder
//! what is shown. Every name or value the command line prints goes through [`shown`].

/// `text` with control characters and bidirectional overrides escaped; the rest as it is.
pub fn shown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_hidden(c) {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// A character that acts on a terminal instead of showing: a control character, or one that
/// changes the direction of the text around it.
pub fn is_hidden(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_direction_overrides_become_escapes() {
        assert_eq!(
            shown("a\u{1b}]0;t\u{7}\nb\tc\u{202e}d é"),
            "a\\u{1b}]0;t\\u{7}\\nb\\tc\\u{202e}d é"
        );
        // Nothing left to escape: shown twice is shown once.
        let once = shown("x\r\ny");
        assert_eq!(shown(&once), once);
    }
}
