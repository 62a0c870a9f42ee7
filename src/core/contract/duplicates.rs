//! Keys written twice in one object. JSON parsers disagree about them (serde_json keeps the last
//! value, some servers the first), so a body that has one is warned about, naming the key and
//! both lines. Pure: a single pass over the text, no allocation per value.

use std::collections::HashMap;
use std::fmt;

/// A key that appears twice in the same object.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DuplicateKey {
    /// The dotted path of the object holding the key (`""` for the body itself).
    pub object: String,
    pub key: String,
    pub first_line: usize,
    pub second_line: usize,
}

impl DuplicateKey {
    /// The dotted path of the key itself.
    pub fn path(&self) -> String {
        if self.object.is_empty() {
            self.key.clone()
        } else {
            format!("{}.{}", self.object, self.key)
        }
    }
}

impl fmt::Display for DuplicateKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the key \"{}\" appears twice (lines {} and {}): the value on line {} is used and the one on line {} is ignored",
            crate::core::shown::shown(&self.key),
            self.first_line,
            self.second_line,
            self.second_line,
            self.first_line
        )
    }
}

enum Frame {
    Object {
        path: String,
        keys: HashMap<String, usize>,
        expect_key: bool,
        last_key: String,
    },
    Array {
        path: String,
        index: usize,
    },
}

/// The keys that appear twice in one object of `text` (a JSON text; on text that is not JSON
/// the answer is whatever was found before it went wrong).
pub fn duplicate_keys(text: &[u8]) -> Vec<DuplicateKey> {
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut line = 1;
    let mut i = 0;
    let child_path = |stack: &[Frame]| -> String {
        match stack.last() {
            Some(Frame::Object { path, last_key, .. }) if path.is_empty() => last_key.clone(),
            Some(Frame::Object { path, last_key, .. }) => format!("{path}.{last_key}"),
            Some(Frame::Array { path, index }) => format!("{path}[{index}]"),
            None => String::new(),
        }
    };
    while i < text.len() {
        match text[i] {
            b'\n' => line += 1,
            b'{' => {
                let path = child_path(&stack);
                stack.push(Frame::Object {
                    path,
                    keys: HashMap::new(),
                    expect_key: true,
                    last_key: String::new(),
                });
            }
            b'[' => {
                let path = child_path(&stack);
                stack.push(Frame::Array { path, index: 0 });
            }
            b'}' | b']' => {
                stack.pop();
            }
            b',' => match stack.last_mut() {
                Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                Some(Frame::Array { index, .. }) => *index += 1,
                None => {}
            },
            b'"' => {
                let start = i;
                i += 1;
                let mut escaped = false;
                while i < text.len() && text[i] != b'"' {
                    escaped |= text[i] == b'\\';
                    i += if text[i] == b'\\' { 2 } else { 1 };
                }
                let raw = &text[start..(i + 1).min(text.len())];
                if let Some(Frame::Object {
                    path,
                    keys,
                    expect_key,
                    last_key,
                }) = stack.last_mut()
                    && *expect_key
                {
                    *expect_key = false;
                    let key = if escaped {
                        serde_json::from_slice::<String>(raw).unwrap_or_default()
                    } else {
                        String::from_utf8_lossy(&raw[1..raw.len().saturating_sub(1).max(1)])
                            .into_owned()
                    };
                    if let Some(&first_line) = keys.get(&key) {
                        found.push(DuplicateKey {
                            object: path.clone(),
                            key: key.clone(),
                            first_line,
                            second_line: line,
                        });
                    } else {
                        keys.insert(key.clone(), line);
                    }
                    *last_key = key;
                }
            }
            _ => {}
        }
        i += 1;
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_written_twice_is_named_with_both_lines() {
        let text = "{\n  \"clientLabel\": \"a\",\n  \"personaConfig\": {\n    \"name\": \"A\",\n    \"n\\u0061me\": \"B\"\n  },\n  \"list\": [{\"x\": 1}, {\"x\": 2, \"x\": 3}],\n  \"clientLabel\": \"b\"\n}\n";
        let found = duplicate_keys(text.as_bytes());
        let shown: Vec<(String, String)> =
            found.iter().map(|d| (d.path(), d.to_string())).collect();
        assert_eq!(
            shown,
            [
                (
                    "personaConfig.name".to_string(),
                    "the key \"name\" appears twice (lines 4 and 5): the value on line 5 is used and the one on line 4 is ignored".to_string()
                ),
                (
                    "list[1].x".to_string(),
                    "the key \"x\" appears twice (lines 7 and 7): the value on line 7 is used and the one on line 7 is ignored".to_string()
                ),
                (
                    "clientLabel".to_string(),
                    "the key \"clientLabel\" appears twice (lines 2 and 8): the value on line 8 is used and the one on line 2 is ignored".to_string()
                ),
            ]
        );
    }

    #[test]
    fn strings_that_look_like_keys_are_not_keys() {
        let text = br#"{"a": "b", "c": ["a", "a"], "d": {"a": 1}, "e": "\"a\": 2"}"#;
        assert!(duplicate_keys(text).is_empty());
    }
}
