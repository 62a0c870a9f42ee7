//! Numbers keep the text they were written with. serde_json's `arbitrary_precision` keeps a
//! number's digits (`-0`, `1.50`, 30-digit integers) but writes exponents its own way (`1E2`
//! becomes `1e+2`); this puts the written text back, so a preset saved untouched, and the body
//! `mint` sends, are what the file says.

use serde_json::{Number, Value};

/// The texts of the numbers in `text` (a JSON text), in document order.
fn number_texts(text: &[u8]) -> Vec<&str> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < text.len() {
        match text[i] {
            b'"' => {
                i += 1;
                while i < text.len() && text[i] != b'"' {
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
            }
            b'-' | b'0'..=b'9' => {
                let start = i;
                while i < text.len()
                    && matches!(text[i], b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E')
                {
                    i += 1;
                }
                if let Ok(t) = std::str::from_utf8(&text[start..i]) {
                    found.push(t);
                }
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    found
}

/// How serde_json writes an exponent: `e`, then always a sign.
fn normalised(text: &str) -> String {
    match text.find(['e', 'E']) {
        Some(at) => {
            let (mantissa, exponent) = (&text[..at], &text[at + 1..]);
            let sign = if exponent.starts_with(['+', '-']) {
                ""
            } else {
                "+"
            };
            format!("{mantissa}e{sign}{exponent}")
        }
        None => text.to_string(),
    }
}

/// Gives every number in `value` that came from `source` (the text it was parsed from) the
/// text it was written with. Only exponents differ; a body without one is left alone at the
/// cost of one walk over its numbers.
pub fn restore_texts(value: &mut Value, source: &[u8]) {
    fn has_exponent(v: &Value) -> bool {
        match v {
            Value::Number(n) => n.to_string().contains('e'),
            Value::Array(items) => items.iter().any(has_exponent),
            Value::Object(map) => map.values().any(has_exponent),
            _ => false,
        }
    }
    fn walk(v: &mut Value, texts: &[&str], cursor: &mut usize) {
        match v {
            Value::Number(n) => {
                let now = n.to_string();
                // The next written number with the same value (a key written twice leaves one
                // value where the text has two: search forward rather than assume one-to-one).
                if let Some(offset) = texts[*cursor..].iter().position(|t| normalised(t) == now) {
                    let written = texts[*cursor + offset];
                    *cursor += offset + 1;
                    if written != now {
                        // The text is one the parser has just accepted as this very number.
                        *n = Number::from_string_unchecked(written.to_string());
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|i| walk(i, texts, cursor)),
            Value::Object(map) => map.values_mut().for_each(|i| walk(i, texts, cursor)),
            _ => {}
        }
    }
    if has_exponent(value) {
        let texts = number_texts(source);
        walk(value, &texts, &mut 0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exponents_keep_their_spelling() {
        let text = br#"{"a": 1E2, "s": "9e9 in a string", "b": [1e-7, 2E+3, -0, 1.50], "c": 3e0}"#;
        let mut value: Value = serde_json::from_slice(text).unwrap();
        restore_texts(&mut value, text);
        assert_eq!(
            value.to_string(),
            r#"{"a":1E2,"s":"9e9 in a string","b":[1e-7,2E+3,-0,1.50],"c":3e0}"#
        );
        assert_eq!(value["a"].as_f64(), Some(100.0));
    }
}
