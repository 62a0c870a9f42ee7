//! Pasting a request: values that would break a naive reader (quotes, backslashes, `$(…)`,
//! `%VAR%`, carets, newlines, bidirectional controls) come back exactly, whichever way the line
//! was quoted: the app's Copy as curl, and Chrome's "Copy as cURL" for bash and for cmd.

use anam_studio::api::curl_command;
use anam_studio::core::intake::{Intake, parse};

const PROD: &str = "https://api.anam.ai";

/// How Chrome's devtools quote a value for bash (`escapeStringPosix`).
fn chrome_posix(s: &str) -> String {
    let special = |c: char| (c as u32) < 0x20 || (0x7f..=0x9f).contains(&(c as u32)) || c == '!';
    if s.chars().any(|c| special(c) || c == '\'') {
        let mut out = String::from("$'");
        for c in s.chars() {
            match c {
                '\\' => out.push_str("\\\\"),
                '\'' => out.push_str("\\'"),
                '\n' => out.push_str("\\n"),
                '\r' => out.push_str("\\r"),
                c if special(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('\'');
        out
    } else {
        format!("'{s}'")
    }
}

/// How Chrome's devtools quote a value for cmd (`escapeStringWin`; `&` is escaped since the
/// fix that stopped a pasted line from running a second command).
fn chrome_cmd(s: &str) -> String {
    let mut step = s.replace('\\', "\\\\").replace('"', "\\\"");
    step = step
        .chars()
        .map(|c| {
            let plain =
                c.is_ascii_alphanumeric() || c.is_whitespace() || "_-:=+~'/.,?;()*`".contains(c);
            if plain {
                c.to_string()
            } else {
                format!("^{c}")
            }
        })
        .collect();
    let chars: Vec<char> = step.chars().collect();
    let mut out = String::new();
    for (i, &c) in chars.iter().enumerate() {
        out.push(c);
        if c == '%'
            && chars
                .get(i + 1)
                .is_some_and(|n| n.is_ascii_alphanumeric() || *n == '_')
        {
            out.push('^');
        }
    }
    format!("^\"{}^\"", out.replace("\r\n", "\n").replace('\n', "^\n\n"))
}

#[test]
fn hostile_values_survive_every_quoting_style() {
    let values = [
        "it's",
        "\"quoted\"",
        "back\\slash\\\\",
        "$(touch pwned)",
        "`id`",
        "${IFS}",
        "50% %PATH% %^",
        "line\nbreak",
        "tab\tand ^caret",
        "Amélie 😀 \u{202e}",
        "!bang!",
        "a & b | c ; d",
        "\\\"",
        "%ANAM_API_KEY%",
        "{}[]",
        "^\"",
    ];
    let url = "https://api.anam.ai/v1/auth/session-token";
    for value in values {
        let body =
            serde_json::json!({ "clientLabel": value, "personaConfig": { "personaId": "p" } });
        let text = body.to_string();
        for line in [
            curl_command(PROD, &body),
            format!(
                "curl {url} \\\n  -H 'content-type: application/json' \\\n  --data-raw {}",
                chrome_posix(&text)
            ),
            format!(
                "curl ^\"{url}^\" ^\n  -H ^\"content-type: application/json^\" ^\n  --data-raw {}",
                chrome_cmd(&text)
            ),
        ] {
            let Ok(Intake::Ready(r)) = parse(&line) else {
                panic!("{line}");
            };
            assert_eq!(r.body.to_value().to_string(), text, "{line}");
            assert_eq!(r.base_url.as_deref(), Some(PROD));
        }
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// Any text in the body comes back exactly, through each quoting style.
    #[test]
    fn any_value_survives_every_quoting_style(value in "\\PC*|[\\x00-\\x7f]*|.*") {
        let body = serde_json::json!({ "clientLabel": value });
        let text = body.to_string();
        let url = "https://api.anam.ai/v1/auth/session-token";
        for line in [
            curl_command(PROD, &body),
            format!("curl {url} --data-raw {}", chrome_posix(&text)),
            format!("curl ^\"{url}^\" --data-raw {}", chrome_cmd(&text)),
        ] {
            let Ok(Intake::Ready(r)) = parse(&line) else {
                panic!("{line}: {:?}", parse(&line));
            };
            proptest::prop_assert_eq!(r.body.to_value().to_string(), text.clone());
        }
    }

    /// Whatever is pasted, reading it ends in a request or a sentence, never a panic.
    #[test]
    fn reading_any_text_never_panics(text in ".*|(curl|-d|-H|\\^|\\\\|'|\"|\\$|`|%|\n| |[a-z{}:])*") {
        if let Err(e) = parse(&text) {
            let sentence = e.to_string();
            proptest::prop_assert!(sentence.ends_with('.'), "{}", sentence);
        }
    }
}
