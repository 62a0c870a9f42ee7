//! Values written as JavaScript and Python literals: strings quoted and escaped for the
//! language, and the rule for when a body's literal sends exactly the body's JSON.

use serde_json::Value;

/// Which language a string literal is for: they differ in how a character beyond U+FFFF is
/// escaped, and the browser's also escapes `<`.
#[derive(Clone, Copy, PartialEq)]
pub(super) enum Target {
    Js,
    Python,
    Html,
}

/// A character written as an escape rather than as itself: one that shows nothing, moves the
/// text (bidirectional controls), or ends a line in some reader (U+2028, U+2029, U+0085).
fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{00ad}' | '\u{034f}' | '\u{061c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
            | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
            | '\u{ffa0}' | '\u{fff0}'..='\u{fffb}' | '\u{e0000}'..='\u{e0fff}')
}

/// `text` as a double-quoted string literal for `target`.
pub(super) fn string_literal(text: &str, target: Target) -> String {
    // serde_json escapes `"`, `\` and the C0 controls; the rest is done here. No character this
    // adds an escape for can be part of an escape serde_json wrote (those are printable ASCII).
    let json = serde_json::to_string(text).expect("a string serialises");
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c == '<' && target == Target::Html {
            out.push_str("\\u003c");
        } else if needs_escape(c) {
            let code = c as u32;
            match (code > 0xffff, target) {
                (false, _) => out.push_str(&format!("\\u{code:04x}")),
                (true, Target::Python) => out.push_str(&format!("\\U{code:08x}")),
                (true, _) => {
                    let mut units = [0u16; 2];
                    for unit in c.encode_utf16(&mut units) {
                        out.push_str(&format!("\\u{unit:04x}"));
                    }
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Whether a number's text is what `JSON.stringify` writes for the number it reads as.
fn js_keeps(text: &str) -> bool {
    keeps(text, 1e-6, 1e21, false)
}

/// Whether a number's text is what Python's `json.dumps` writes for the number it reads as.
fn python_keeps(text: &str) -> bool {
    let integer = !text.contains(['.', 'e', 'E']);
    if integer {
        // Python integers are exact at any size; only `-0` becomes `0`.
        return text != "-0";
    }
    keeps(text, 1e-4, 1e16, true)
}

/// Shared rule: the shortest round-trip digits (Rust's `Display` and both languages agree on
/// them), in the range where neither language switches to an exponent.
fn keeps(text: &str, low: f64, high: f64, needs_point: bool) -> bool {
    let Ok(x) = text.parse::<f64>() else {
        return false;
    };
    if !x.is_finite() || (x == 0.0 && text.starts_with('-')) {
        return false;
    }
    if x != 0.0 && !(low..high).contains(&x.abs()) {
        return false;
    }
    let shown = if needs_point && x.fract() == 0.0 {
        format!("{x:.1}")
    } else {
        format!("{x}")
    };
    let integer_text = !text.contains(['.', 'e', 'E']);
    shown == text && (!integer_text || x.abs() <= 9_007_199_254_740_992.0)
}

/// Whether a JavaScript object literal would give this key a different place or meaning: array
/// indices come first whatever the order, and `__proto__` sets the prototype.
fn js_special_key(key: &str) -> bool {
    key == "__proto__"
        || (key
            .parse::<u32>()
            .is_ok_and(|n| n < u32::MAX && n.to_string() == key))
}

/// Whether `value` written as a literal of the language sends exactly its JSON.
pub(super) fn literal_is_exact(value: &Value, target: Target) -> bool {
    match value {
        Value::Number(n) => {
            let text = n.to_string();
            match target {
                Target::Python => python_keeps(&text),
                _ => js_keeps(&text),
            }
        }
        Value::Array(items) => items.iter().all(|v| literal_is_exact(v, target)),
        Value::Object(map) => map.iter().all(|(k, v)| {
            (target == Target::Python || !js_special_key(k)) && literal_is_exact(v, target)
        }),
        _ => true,
    }
}

/// `value` as an indented literal of the language (`indent`: the current line's indent).
pub(super) fn literal(value: &Value, target: Target, indent: &str, step: &str, out: &mut String) {
    let (null, yes, no) = match target {
        Target::Python => ("None", "True", "False"),
        _ => ("null", "true", "false"),
    };
    match value {
        Value::Null => out.push_str(null),
        Value::Bool(true) => out.push_str(yes),
        Value::Bool(false) => out.push_str(no),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => out.push_str(&string_literal(s, target)),
        Value::Array(items) if items.is_empty() => out.push_str("[]"),
        Value::Object(map) if map.is_empty() => out.push_str("{}"),
        Value::Array(items) => {
            let inner = format!("{indent}{step}");
            out.push_str("[\n");
            for item in items {
                out.push_str(&inner);
                literal(item, target, &inner, step, out);
                out.push_str(",\n");
            }
            out.push_str(indent);
            out.push(']');
        }
        Value::Object(map) => {
            let inner = format!("{indent}{step}");
            out.push_str("{\n");
            for (key, item) in map {
                out.push_str(&inner);
                out.push_str(&string_literal(key, target));
                out.push_str(": ");
                literal(item, target, &inner, step, out);
                out.push_str(",\n");
            }
            out.push_str(indent);
            out.push('}');
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn string_literals_escape_what_would_hide_or_end_a_line() {
        assert_eq!(string_literal("a\"b\\c", Target::Js), r#""a\"b\\c""#);
        assert_eq!(string_literal("x\u{2028}y", Target::Js), r#""x\u2028y""#);
        assert_eq!(string_literal("\u{202e}", Target::Python), r#""\u202e""#);
        assert_eq!(
            string_literal("\u{e0041}", Target::Python),
            r#""\U000e0041""#
        );
        assert_eq!(string_literal("\u{e0041}", Target::Js), r#""\udb40\udc41""#);
        assert_eq!(
            string_literal("</script>", Target::Html),
            r#""\u003c/script>""#
        );
        assert_eq!(string_literal("</script>", Target::Js), r#""</script>""#);
        assert_eq!(string_literal("Amélie 😀", Target::Python), "\"Amélie 😀\"");
    }

    #[test]
    fn numbers_the_language_would_rewrite_are_found() {
        for keep in ["0", "1", "0.55", "2.5", "-3", "120", "9007199254740992"] {
            assert!(js_keeps(keep), "{keep}");
        }
        for rewrite in ["1E2", "1.50", "-0", "1e-7", "9007199254740993", "1.0", "00"] {
            assert!(!js_keeps(rewrite), "{rewrite}");
        }
        for keep in ["0", "1", "0.55", "1.0", "123456789012345678901234567890"] {
            assert!(python_keeps(keep), "{keep}");
        }
        for rewrite in ["1E2", "1.50", "-0", "1e-7", "-0.0"] {
            assert!(!python_keeps(rewrite), "{rewrite}");
        }
    }
}
