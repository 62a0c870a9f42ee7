//! Two bodies side by side, field by field, with the form's labels from
//! [`FIELDS`](crate::core::contract::FIELDS): known fields in form order, then fields the contract
//! does not define in the order the bodies have them.
//!
//! Values are compared as the API reads them: `1`, `1.0` and `1E0` are the same number (compared
//! exactly as decimals, so two 30-digit integers that differ in the last digit differ), while
//! `null`, `""` and an absent field stay three different things. Arrays are compared whole.
//!
//! Pure: no disk, no network.

use crate::core::contract::fields::{self, FIELDS};
use serde_json::{Map, Value};
use std::fmt;

/// One field of either body.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// The dotted path.
    pub path: String,
    /// The form's label, or the path for a field the contract does not define.
    pub label: String,
    /// Whether the contract defines the field.
    pub known: bool,
    /// The value on each side; `None` when absent.
    pub left: Option<Value>,
    pub right: Option<Value>,
}

impl Row {
    /// Whether both sides hold the same value (or are both absent).
    pub fn same(&self) -> bool {
        match (&self.left, &self.right) {
            (Some(a), Some(b)) => same_value(a, b),
            (None, None) => true,
            _ => false,
        }
    }
}

impl fmt::Display for Row {
    /// `Label (path): left → right`, with `absent` for a missing side.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let side = |v: &Option<Value>| v.as_ref().map_or("absent".to_string(), Value::to_string);
        if self.known {
            write!(f, "{} ({})", self.label, self.path)?;
        } else {
            write!(f, "{} (not in the contract)", self.path)?;
        }
        write!(f, ": {} → {}", side(&self.left), side(&self.right))
    }
}

/// Every field of either body, in order, whether or not it differs (for a side-by-side view
/// with a "show all" switch).
pub fn rows(left: &Value, right: &Value) -> Vec<Row> {
    let mut paths: Vec<String> = Vec::new();
    for side in [left, right] {
        leaves(side, "", &mut |path| {
            if !paths.iter().any(|p| p == path) {
                paths.push(path.to_string());
            }
        });
    }
    // Known fields by their place in the form; the others after them, as found.
    let rank = |path: &str| {
        FIELDS
            .iter()
            .position(|f| f.path == path)
            .unwrap_or(FIELDS.len())
    };
    paths.sort_by_key(|p| rank(p));
    paths
        .into_iter()
        .map(|path| {
            let spec = fields::spec(&path);
            Row {
                label: spec.map_or_else(|| path.clone(), |s| s.label.to_string()),
                known: spec.is_some(),
                left: at(left, &path).cloned(),
                right: at(right, &path).cloned(),
                path,
            }
        })
        .collect()
}

/// Only the fields that differ, in the same order as [`rows`].
pub fn differences(left: &Value, right: &Value) -> Vec<Row> {
    rows(left, right)
        .into_iter()
        .filter(|r| !r.same())
        .collect()
}

/// Calls `found` with the dotted path of every leaf: every value that is not a non-empty
/// object (an empty object is a leaf, so `{}` and absent differ).
fn leaves(value: &Value, prefix: &str, found: &mut dyn FnMut(&str)) {
    match value {
        Value::Object(map) if !map.is_empty() => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                leaves(child, &path, found);
            }
        }
        _ if prefix.is_empty() => {}
        _ => found(prefix),
    }
}

/// The value at a dotted path: the keys as written, a key that holds a dot included.
fn at<'a>(value: &'a Value, path: &str) -> Option<&'a Value> {
    fn go<'a>(map: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
        if let Some(v) = map.get(path) {
            return Some(v);
        }
        map.iter().find_map(|(key, child)| {
            let rest = path.strip_prefix(key.as_str())?.strip_prefix('.')?;
            go(child.as_object()?, rest)
        })
    }
    go(value.as_object()?, path)
}

/// Equal as JSON values, numbers by their exact decimal value.
pub fn same_value(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.to_string(), y.to_string());
            x == y || decimal(&x).is_some_and(|d| Some(d) == decimal(&y))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| same_value(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| same_value(v, w)))
        }
        _ => a == b,
    }
}

/// A JSON number's exact value as (negative, significant digits, exponent): `1.50` and `15E-1`
/// both give (false, "15", -1); every zero gives (false, "", 0).
fn decimal(text: &str) -> Option<(bool, String, i64)> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (unsigned, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if !(whole.chars().chain(fraction.chars())).all(|c| c.is_ascii_digit()) {
        return None;
    }
    let digits = format!("{whole}{fraction}");
    let mut exponent = exponent.checked_sub(fraction.len() as i64)?;
    let trimmed_end = digits.trim_end_matches('0');
    exponent += (digits.len() - trimmed_end.len()) as i64;
    let significant = trimmed_end.trim_start_matches('0');
    if significant.is_empty() {
        return Some((false, String::new(), 0));
    }
    Some((negative, significant.to_string(), exponent))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::contract::RequestBody;

    fn body(text: &str) -> Value {
        RequestBody::parse(text.as_bytes()).unwrap().into_value()
    }

    #[test]
    fn numbers_compare_by_exact_value() {
        for (a, b) in [
            ("1", "1.0"),
            ("1.50", "15E-1"),
            ("-0", "0"),
            ("100", "1E2"),
            ("0.0", "0e5"),
        ] {
            assert!(
                same_value(
                    &body(&format!("{{\"x\":{a}}}")),
                    &body(&format!("{{\"x\":{b}}}"))
                ),
                "{a} {b}"
            );
        }
        for (a, b) in [
            ("1", "-1"),
            ("0.1", "0.10000000000000001"),
            (
                "123456789012345678901234567890",
                "123456789012345678901234567891",
            ),
        ] {
            assert!(
                !same_value(
                    &body(&format!("{{\"x\":{a}}}")),
                    &body(&format!("{{\"x\":{b}}}"))
                ),
                "{a} {b}"
            );
        }
    }

    #[test]
    fn differences_use_the_form_labels_in_form_order_then_unknown_fields() {
        let a = body(
            r#"{"zeta": 1, "personaConfig": {"voiceId": "v", "name": "A", "initialMessage": null}, "clientLabel": "x"}"#,
        );
        let b = body(
            r#"{"clientLabel": "x", "personaConfig": {"name": "B", "initialMessage": "", "extra": {}}, "zeta": 2}"#,
        );
        let shown: Vec<String> = differences(&a, &b).iter().map(Row::to_string).collect();
        assert_eq!(
            shown,
            [
                "Name (personaConfig.name): \"A\" → \"B\"",
                "Voice ID (personaConfig.voiceId): \"v\" → absent",
                "Initial message (personaConfig.initialMessage): null → \"\"",
                "zeta (not in the contract): 1 → 2",
                "personaConfig.extra (not in the contract): absent → {}",
            ]
        );
        let all = rows(&a, &b);
        assert_eq!(all[0].path, "clientLabel");
        assert_eq!(all[0].label, "Client label");
        assert!(all[0].same());
    }

    #[test]
    fn a_body_compared_with_itself_has_no_differences() {
        let a = body(
            r#"{"personaConfig": {"voiceGenerationOptions": {"speed": 1.50}}, "a.b": [1, {"c": 2}]}"#,
        );
        assert!(differences(&a, &a).is_empty());
        assert_eq!(rows(&a, &a).len(), 2);
        assert_eq!(rows(&a, &a)[0].label, "Speed");
        assert_eq!(rows(&a, &a)[1].left, Some(serde_json::json!([1, {"c": 2}])));
    }
}
