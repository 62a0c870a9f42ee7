//! "Copy as…": code that mints the same token as the app, for a developer to start from.
//!
//! Four languages: curl (the Body tab's Copy as curl, [`curl_command`]), JavaScript (Node 20,
//! `fetch`, run with `node mint.mjs`), Python 3 (standard library only, `urllib`) and the browser
//! side (the lines that start the Anam SDK with a token your server minted). The server snippets
//! read the key from `ANAM_API_KEY`, never hold it, and print the token alone (curl prints the
//! reply, `{"sessionToken":…}`).
//!
//! Every value is quoted for its language, the URL included: JSON string literals (from
//! serde_json) with line and paragraph separators, invisible and bidirectional-control
//! characters written as escapes, and `<` escaped in the browser snippet so a value cannot end
//! its `<script>`. The body is a literal of the language (readable, editable) when that literal
//! sends exactly the body's JSON; when it holds something the language would rewrite (`1E2`,
//! `1.50`, `-0`, an integer past 2^53, a key JavaScript reorders such as `"1"`, or `__proto__`),
//! the snippet holds the body's JSON text instead and sends it as it is.
//!
//! Pure: no disk, no network.

use crate::core::base_url::SESSION_TOKEN_PATH;
use literal::{Target, literal, literal_is_exact, string_literal};
use serde_json::Value;
use std::fmt;

mod literal;

/// A snippet's language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// A curl command line for a POSIX shell.
    Curl,
    /// A Node 20 program (`node mint.mjs`).
    Js,
    /// A Python 3 program, standard library only (`python3 mint.py`).
    Python,
    /// The browser side: start the Anam SDK on a video element with a minted token.
    Sdk,
}

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::Curl, Lang::Js, Lang::Python, Lang::Sdk];

    /// The menu label: "curl", "JavaScript (Node)", …
    pub fn label(self) -> &'static str {
        match self {
            Lang::Curl => "curl",
            Lang::Js => "JavaScript (Node)",
            Lang::Python => "Python",
            Lang::Sdk => "Browser SDK",
        }
    }

    /// A file name to save the snippet as.
    pub fn file_name(self) -> &'static str {
        match self {
            Lang::Curl => "mint.sh",
            Lang::Js => "mint.mjs",
            Lang::Python => "mint.py",
            Lang::Sdk => "anam-client.html",
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// The snippet in `lang` that sends `body` to `base_url` (the SDK snippet uses only the URL).
pub fn snippet(lang: Lang, base_url: &str, body: &Value) -> String {
    match lang {
        Lang::Curl => curl_command(base_url, body),
        Lang::Js => javascript(base_url, body),
        Lang::Python => python(base_url, body),
        Lang::Sdk => browser_sdk(base_url, body),
    }
}

/// `text` quoted for a POSIX shell: inside single quotes nothing is special but `'` itself.
pub fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A `curl` command that sends `body` to `base_url`, with `$ANAM_API_KEY` in place of the key.
/// Every argument is quoted, the URL included, so pasting it runs curl and nothing else.
pub fn curl_command(base_url: &str, body: &Value) -> String {
    format!(
        "curl -sS -X POST {} \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d {}",
        shell_quote(&endpoint(base_url)),
        shell_quote(&body.to_string())
    )
}

/// The token endpoint under `base_url`.
pub fn endpoint(base_url: &str) -> String {
    format!("{}/{SESSION_TOKEN_PATH}", base_url.trim_end_matches('/'))
}

fn javascript(base_url: &str, body: &Value) -> String {
    let url = string_literal(&endpoint(base_url), Target::Js);
    let (declaration, send) = if literal_is_exact(body, Target::Js) {
        let mut text = String::new();
        literal(body, Target::Js, "", "  ", &mut text);
        (format!("const body = {text};"), "JSON.stringify(body)")
    } else {
        let json = string_literal(&body.to_string(), Target::Js);
        (
            format!(
                "// The body as JSON text: it holds numbers or keys JavaScript would rewrite, so it is sent as written.\nconst body = {json};"
            ),
            "body",
        )
    };
    format!(
        r#"// Mints an Anam session token and prints it. Run: node mint.mjs (Node 20 or later).
// The API key is read from the environment variable ANAM_API_KEY.
const apiKey = process.env.ANAM_API_KEY;
if (!apiKey) {{
  console.error("Set ANAM_API_KEY to your Anam API key.");
  process.exit(1);
}}

const url = {url};
{declaration}

const response = await fetch(url, {{
  method: "POST",
  headers: {{
    "Content-Type": "application/json",
    Authorization: `Bearer ${{apiKey}}`,
  }},
  body: {send},
}});
const text = await response.text();
if (!response.ok) {{
  console.error(`HTTP ${{response.status}}: ${{text}}`);
  process.exit(1);
}}
console.log(JSON.parse(text).sessionToken);
"#
    )
}

fn python(base_url: &str, body: &Value) -> String {
    let url = string_literal(&endpoint(base_url), Target::Python);
    let (declaration, data) = if literal_is_exact(body, Target::Python) {
        let mut text = String::new();
        literal(body, Target::Python, "", "    ", &mut text);
        (
            format!("BODY = {text}"),
            r#"json.dumps(BODY, separators=(",", ":"), ensure_ascii=False).encode("utf-8")"#,
        )
    } else {
        let json = string_literal(&body.to_string(), Target::Python);
        (
            format!(
                "# The body as JSON text: it holds numbers Python would rewrite, so it is sent as written.\nBODY_JSON = {json}"
            ),
            r#"BODY_JSON.encode("utf-8")"#,
        )
    };
    format!(
        r#"#!/usr/bin/env python3
"""Mints an Anam session token and prints it. Run: python3 mint.py (standard library only).

The API key is read from the environment variable ANAM_API_KEY.
"""
import json
import os
import sys
import urllib.error
import urllib.request

URL = {url}
{declaration}

api_key = os.environ.get("ANAM_API_KEY")
if not api_key:
    sys.exit("Set ANAM_API_KEY to your Anam API key.")

request = urllib.request.Request(
    URL,
    data={data},
    headers={{"Content-Type": "application/json", "Authorization": "Bearer " + api_key}},
    method="POST",
)
try:
    with urllib.request.urlopen(request, timeout=30) as response:
        reply = json.load(response)
except urllib.error.HTTPError as error:
    sys.exit(f"HTTP {{error.code}}: {{error.read().decode('utf-8', 'replace')}}")
except urllib.error.URLError as error:
    sys.exit(f"Could not reach {{URL}}: {{error.reason}}")
print(reply["sessionToken"])
"#
    )
}

/// The id of the video element the browser snippet streams to.
pub const VIDEO_ELEMENT_ID: &str = "anam-video";

/// The Anam SDK version the browser snippet loads.
pub const SDK_VERSION: &str = "4.27.0";

fn browser_sdk(base_url: &str, body: &Value) -> String {
    let base = string_literal(base_url.trim_end_matches('/'), Target::Html);
    let id = string_literal(VIDEO_ELEMENT_ID, Target::Html);
    let handlers = tool_handlers(body);
    format!(
        r#"<!-- The browser side: start the Anam SDK with a session token your server minted
     (never the API key). The SDK's browser bundle is dist/umd/anam.js of @anam-ai/js-sdk. -->
<video id="{VIDEO_ELEMENT_ID}" autoplay playsinline></video>
<script src="https://unpkg.com/@anam-ai/js-sdk@{SDK_VERSION}/dist/umd/anam.js"></script>
<script>
  async function startAnam(sessionToken) {{
    const client = window.anam.createClient(sessionToken, {{
      api: {{ baseUrl: {base} }},
    }});
{handlers}    await client.streamToVideoElement({id});
    return client;
  }}
  // For example: startAnam(await (await fetch("/your-token-endpoint")).text());
</script>
"#
    )
}

/// A tool-call handler for each client tool of the body (`personaConfig.tools`): the page's
/// part of the tool, and, for a tool that awaits a result, the text the persona gets back.
fn tool_handlers(body: &Value) -> String {
    let tools = body
        .pointer("/personaConfig/tools")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let mut out = String::new();
    for tool in tools {
        if tool.get("type").and_then(Value::as_str) != Some("client") {
            continue;
        }
        let Some(name) = tool.get("name").and_then(Value::as_str) else {
            continue;
        };
        let awaits = tool.get("awaitResult").and_then(Value::as_bool) == Some(true);
        let (said, returned) = if awaits {
            (
                "The persona waits for this answer: return the tool's result as text.",
                "return JSON.stringify({ ok: true });",
            )
        } else {
            (
                "The persona does not wait (awaitResult is off): do the page's part here.",
                "return undefined;",
            )
        };
        out.push_str(&format!(
            r#"    // A client tool of this persona. {said}
    client.registerToolCallHandler({name}, {{
      onStart: async (call) => {{
        console.log(call.toolName, call.arguments);
        {returned}
      }},
    }});
"#,
            name = string_literal(name, Target::Html),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::contract::RequestBody;

    fn body(text: &str) -> Value {
        RequestBody::parse(text.as_bytes()).unwrap().into_value()
    }

    #[test]
    fn a_body_with_exact_numbers_is_a_literal_else_json_text() {
        let plain = body(r#"{"a": 0.5, "b": [true, null], "c": {}}"#);
        let js = snippet(Lang::Js, "https://api.anam.ai", &plain);
        assert!(
            js.contains("const body = {\n  \"a\": 0.5,\n  \"b\": [\n    true,\n    null,\n  ],\n  \"c\": {},\n};"),
            "{js}"
        );
        let py = snippet(Lang::Python, "https://api.anam.ai", &plain);
        assert!(
            py.contains("BODY = {\n    \"a\": 0.5,\n    \"b\": [\n        True,\n        None,\n    ],\n    \"c\": {},\n}"),
            "{py}"
        );
        let odd = body(r#"{"a": 1E2}"#);
        assert!(snippet(Lang::Js, "https://h", &odd).contains(r#"const body = "{\"a\":1E2}";"#));
        assert!(snippet(Lang::Python, "https://h", &odd).contains(r#"BODY_JSON = "{\"a\":1E2}""#));
        let keys = body(r#"{"1": 1, "__proto__": 2}"#);
        assert!(snippet(Lang::Js, "https://h", &keys).contains(r#"const body = "{"#));
        assert!(snippet(Lang::Python, "https://h", &keys).contains("BODY = {"));
    }

    #[test]
    fn no_snippet_holds_a_key_and_each_names_the_environment_variable() {
        let b = body(r#"{"personaConfig": {"personaId": "p"}}"#);
        for lang in [Lang::Curl, Lang::Js, Lang::Python] {
            let text = snippet(lang, "https://api.anam.ai", &b);
            assert!(text.contains("ANAM_API_KEY"), "{lang}: {text}");
            assert!(
                text.contains("https://api.anam.ai/v1/auth/session-token"),
                "{text}"
            );
        }
        let sdk = snippet(Lang::Sdk, "https://api.anam.ai/", &b);
        assert!(sdk.contains(r#"baseUrl: "https://api.anam.ai""#), "{sdk}");
        assert!(!sdk.contains("ANAM_API_KEY"));
    }

    #[test]
    fn the_browser_snippet_answers_each_client_tool() {
        let b = body(
            r#"{"personaConfig": {"tools": [
                {"type": "client", "name": "open_page", "awaitResult": true},
                {"type": "server", "subtype": "webhook", "name": "hook"},
                {"type": "client", "name": "</script><b>", "awaitResult": false}
            ]}}"#,
        );
        let sdk = snippet(Lang::Sdk, "https://api.anam.ai", &b);
        assert!(
            sdk.contains("client.registerToolCallHandler(\"open_page\", {"),
            "{sdk}"
        );
        assert!(sdk.contains("return JSON.stringify({ ok: true });"));
        assert!(
            !sdk.contains("\"hook\""),
            "a webhook is answered by Anam, not the page"
        );
        assert_eq!(sdk.matches("registerToolCallHandler").count(), 2);
        assert_eq!(
            sdk.matches("</script>").count(),
            2,
            "a name cannot end the script"
        );
        // Handlers are registered before the session starts, so no early call is missed.
        assert!(sdk.find("registerToolCallHandler") < sdk.find("streamToVideoElement"));
    }

    #[test]
    fn the_browser_snippet_cannot_be_ended_by_its_url() {
        let sdk = snippet(
            Lang::Sdk,
            "https://h/</script><script>alert(1)</script><!--",
            &Value::Null,
        );
        assert_eq!(sdk.matches("</script>").count(), 2, "{sdk}");
        assert_eq!(sdk.matches("<!--").count(), 1, "{sdk}");
    }
}
