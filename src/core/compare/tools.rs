//! Two lists of tools told apart tool by tool, for `diff` and the compare view: a tool is
//! matched by its name (by its place when names repeat or are missing), so a changed URL reads
//! as that one change, not as two whole lists.

use super::same_value;
use crate::core::tools::display_name;
use serde_json::Value;

/// The changes from `left` to `right`, one sentence each, in the right list's order.
pub fn changes(left: &[Value], right: &[Value]) -> Vec<String> {
    let names = |list: &[Value]| -> Option<Vec<String>> {
        let names: Vec<String> = list
            .iter()
            .map(|t| t.get("name").and_then(Value::as_str).map(str::to_string))
            .collect::<Option<_>>()?;
        let unique: std::collections::HashSet<&String> = names.iter().collect();
        (unique.len() == names.len()).then_some(names)
    };
    let mut out = Vec::new();
    match (names(left), names(right)) {
        (Some(ln), Some(rn)) => {
            for (i, name) in rn.iter().enumerate() {
                match ln.iter().position(|n| n == name) {
                    Some(j) => keys(&left[j], &right[i], name, &mut out),
                    None => out.push(format!("{name} added")),
                }
            }
            for name in ln.iter().filter(|n| !rn.contains(n)) {
                out.push(format!("{name} removed"));
            }
            let kept = |a: &[String], b: &[String]| -> Vec<String> {
                a.iter().filter(|n| b.contains(n)).cloned().collect()
            };
            let (before, after) = (kept(&ln, &rn), kept(&rn, &ln));
            if before != after {
                out.push(format!(
                    "order {} → {}",
                    before.join(", "),
                    after.join(", ")
                ));
            }
        }
        _ => {
            for i in 0..left.len().max(right.len()) {
                let n = i + 1;
                match (left.get(i), right.get(i)) {
                    (Some(l), Some(r)) => keys(l, r, &format!("tool {n}"), &mut out),
                    (None, Some(r)) => out.push(format!("tool {n} ({}) added", display_name(r))),
                    (Some(l), None) => out.push(format!("tool {n} ({}) removed", display_name(l))),
                    (None, None) => {}
                }
            }
        }
    }
    out
}

/// The keys of one tool that differ: `name.key: a → b`.
fn keys(left: &Value, right: &Value, name: &str, out: &mut Vec<String>) {
    if same_value(left, right) {
        return;
    }
    let (Some(l), Some(r)) = (left.as_object(), right.as_object()) else {
        out.push(format!("{name}: {left} → {right}"));
        return;
    };
    let side = |v: Option<&Value>| v.map_or("absent".to_string(), Value::to_string);
    for key in l.keys().chain(r.keys().filter(|k| !l.contains_key(*k))) {
        let (a, b) = (l.get(key), r.get(key));
        let same = match (a, b) {
            (Some(a), Some(b)) => same_value(a, b),
            _ => false,
        };
        if !same {
            out.push(format!("{name}.{key}: {} → {}", side(a), side(b)));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn tools_are_matched_by_name() {
        let a = json!([{"name": "a", "url": "https://e.com"}, {"name": "b"}]);
        let b = json!([{"name": "b"}, {"name": "a", "url": "https://f.com"}, {"name": "c"}]);
        assert_eq!(
            changes(a.as_array().unwrap(), b.as_array().unwrap()),
            [
                "a.url: \"https://e.com\" → \"https://f.com\"",
                "c added",
                "order a, b → b, a",
            ]
        );
        let c = json!([{"name": "b"}]);
        assert_eq!(
            changes(a.as_array().unwrap(), c.as_array().unwrap()),
            ["a removed"]
        );
    }

    #[test]
    fn without_names_by_place() {
        let a = json!([{"type": "client"}, {"name": "x"}]);
        let b = json!([{"type": "system"}]);
        assert_eq!(
            changes(a.as_array().unwrap(), b.as_array().unwrap()),
            ["tool 1.type: \"client\" → \"system\"", "tool 2 (x) removed"]
        );
    }
}
