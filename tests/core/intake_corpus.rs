//! Pasting a request: a corpus of curl lines in the shapes people paste (Anam's docs, a
//! terminal, browsers' "Copy as cURL" for bash and for cmd), each with what must be read from
//! it, and broken ones, each with the sentence it must give. Then the round trip: every shipped
//! preset, copied as curl and pasted back, is the same body byte for byte.

use crate::common;

use anam_studio::api::curl_command;
use anam_studio::core::contract::RequestBody;
use anam_studio::core::intake::{FoundKey, Intake, IntakeError, Request, Source, parse};

fn ready(text: &str) -> Request {
    match parse(text) {
        Ok(Intake::Ready(r)) => r,
        other => panic!("{text}\n=> {other:?}"),
    }
}

fn error(text: &str) -> String {
    match parse(text) {
        Err(e) => e.to_string(),
        Ok(other) => panic!("{text}\n=> accepted: {other:?}"),
    }
}

fn compact(r: &Request) -> String {
    r.body.to_value().to_string()
}

fn key(r: &Request) -> Option<String> {
    r.key.as_ref().map(|k| match k {
        FoundKey::Key(k) => format!("key {}", k.expose()),
        FoundKey::Variable(v) => format!("variable {v}"),
        FoundKey::Placeholder(p) => format!("placeholder {p}"),
    })
}

const PROD: &str = "https://api.anam.ai";

/// (what the line is, the line, body, base URL, key).
fn corpus() -> Vec<(
    &'static str,
    String,
    &'static str,
    &'static str,
    Option<&'static str>,
)> {
    vec![
        (
            "the app's own Copy as curl",
            "curl -sS -X POST 'https://api.anam.ai/v1/auth/session-token' \\\n  -H \"Authorization: Bearer $ANAM_API_KEY\" \\\n  -H 'Content-Type: application/json' \\\n  -d '{\"clientLabel\":\"it'\\''s\"}'".into(),
            r#"{"clientLabel":"it's"}"#, PROD, Some("variable ANAM_API_KEY"),
        ),
        (
            "Anam's API reference (--request, --url, --header, --data over lines)",
            "curl --request POST \\\n  --url https://api.anam.ai/v1/auth/session-token \\\n  --header 'Authorization: Bearer <token>' \\\n  --header 'Content-Type: application/json' \\\n  --data '{\n  \"clientLabel\": \"<string>\",\n  \"personaConfig\": {\n    \"name\": \"Cara\",\n    \"maxSessionLengthSeconds\": 600\n  }\n}'".into(),
            r#"{"clientLabel":"<string>","personaConfig":{"name":"Cara","maxSessionLengthSeconds":600}}"#, PROD, Some("placeholder <token>"),
        ),
        (
            "Chrome's Copy as cURL (bash)",
            "curl 'https://api.anam.ai/v1/auth/session-token' \\\n  -H 'accept: */*' \\\n  -H 'authorization: Bearer sk-chrome-123' \\\n  -H 'content-type: application/json' \\\n  --data-raw '{\"personaConfig\":{\"personaId\":\"p-1\"}}' \\\n  --compressed".into(),
            r#"{"personaConfig":{"personaId":"p-1"}}"#, PROD, Some("key sk-chrome-123"),
        ),
        (
            "Chrome's $'…' quoting for a body with a quote, a ! and a newline escape",
            "curl 'https://api.anam.ai/v1/auth/session-token' \\\n  -H 'content-type: application/json' \\\n  --data-raw $'{\"clientLabel\":\"it\\'s\\u0021 \\\\n\\u00e9\"}'".into(),
            "{\"clientLabel\":\"it's! \\né\"}", PROD, None,
        ),
        (
            "Chrome's Copy as cURL (cmd)",
            "curl ^\"https://api.anam.ai/v1/auth/session-token^\" ^\n  -H ^\"authorization: Bearer sk-cmd-1^\" ^\n  -H ^\"content-type: application/json^\" ^\n  --data-raw ^\"^{^\\^\"clientLabel^\\^\":^\\^\"a b 50^%^\\^\"^}^\"".into(),
            r#"{"clientLabel":"a b 50%"}"#, PROD, Some("key sk-cmd-1"),
        ),
        (
            "a hand-written Windows line with %VARIABLE% and \\\" quotes",
            "curl -X POST \"https://api.anam.ai/v1/auth/session-token\" ^\n  -H \"Authorization: Bearer %ANAM_API_KEY%\" ^\n  -H \"Content-Type: application/json\" ^\n  -d \"{\\\"personaConfig\\\": {\\\"personaId\\\": \\\"p\\\"}}\"".into(),
            r#"{"personaConfig":{"personaId":"p"}}"#, PROD, Some("variable ANAM_API_KEY"),
        ),
        (
            "--json (curl 7.82+)",
            "curl --json '{\"clientLabel\":\"j\"}' -H 'Authorization: Bearer sk-json' https://api.anam.ai/v1/auth/session-token".into(),
            r#"{"clientLabel":"j"}"#, PROD, Some("key sk-json"),
        ),
        (
            "short options with their values attached",
            "curl -XPOST -H'Content-Type: application/json' -H'Authorization: Bearer sk-attached' -d'{\"clientLabel\":\"a\"}' https://api.anam.ai/v1/auth/session-token".into(),
            r#"{"clientLabel":"a"}"#, PROD, Some("key sk-attached"),
        ),
        (
            "flags together, and options whose values are not URLs",
            "curl -sSL --max-time 10 -o reply.json -A 'agent 1' -X POST https://api.anam.ai/v1/auth/session-token --data-binary '{\"clientLabel\":\"b\"}'".into(),
            r#"{"clientLabel":"b"}"#, PROD, None,
        ),
        (
            "a loopback URL with a port and a path prefix",
            "curl -X POST http://LOCALHOST:8787/anam/v1/auth/session-token/ -d '{}'".into(),
            "{}", "http://localhost:8787/anam", None,
        ),
        (
            "a prompt, and the key exported on the line before",
            "$ export ANAM_API_KEY=sk-exported\n$ curl -X POST https://api.anam.ai/v1/auth/session-token -H \"Authorization: Bearer ${ANAM_API_KEY}\" -d '{}'".into(),
            "{}", PROD, Some("key sk-exported"),
        ),
        (
            "the key set for this command only",
            "ANAM_API_KEY='sk-prefix' curl -X POST https://api.anam.ai/v1/auth/session-token -H \"Authorization: Bearer $ANAM_API_KEY\" -d '{}'".into(),
            "{}", PROD, Some("key sk-prefix"),
        ),
        (
            "a double-quoted body with shell escapes",
            "curl -X POST https://api.anam.ai/v1/auth/session-token -d \"{\\\"clientLabel\\\": \\\"\\$HOME \\`x\\` \\\\\\\\ a\\\"}\"".into(),
            r#"{"clientLabel":"$HOME `x` \\ a"}"#, PROD, None,
        ),
        (
            "--oauth2-bearer",
            "curl --oauth2-bearer sk-oauth -d '{}' https://api.anam.ai/v1/auth/session-token".into(),
            "{}", PROD, Some("key sk-oauth"),
        ),
        (
            "numbers as written (1.50, 1E0, 30 digits, -0)",
            "curl https://api.anam.ai/v1/auth/session-token -d '{\"personaConfig\":{\"voiceGenerationOptions\":{\"speed\":1.50,\"volume\":1E0}},\"x\":123456789012345678901234567890,\"y\":-0}'".into(),
            r#"{"personaConfig":{"voiceGenerationOptions":{"speed":1.50,"volume":1E0}},"x":123456789012345678901234567890,"y":-0}"#, PROD, None,
        ),
        (
            "lines that lost their backslashes",
            "curl -X POST https://api.anam.ai/v1/auth/session-token\n  -H 'Authorization: Bearer sk-lost'\n  -d '{}'".into(),
            "{}", PROD, Some("key sk-lost"),
        ),
        (
            "a comment before the command, and CRLF line ends",
            "# mint a token\r\ncurl -X POST https://api.anam.ai/v1/auth/session-token \\\r\n  -d '{\"clientLabel\":\"crlf\"}'\r\n".into(),
            r#"{"clientLabel":"crlf"}"#, PROD, None,
        ),
        (
            "a lower-case method",
            "curl -X post https://api.anam.ai/v1/auth/session-token -d '{}'".into(),
            "{}", PROD, None,
        ),
        (
            "Firefox's Copy as cURL",
            "curl 'https://api.anam.ai/v1/auth/session-token' -X POST -H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' -H 'Accept: */*' -H 'Authorization: Bearer sk-fx' -H 'Content-Type: application/json' -H 'Origin: https://lab.anam.ai' --data-raw '{\"personaConfig\":{\"personaId\":\"fx\"}}'".into(),
            r#"{"personaConfig":{"personaId":"fx"}}"#, PROD, Some("key sk-fx"),
        ),
        (
            "curl.exe with a scheme-less URL",
            "curl.exe -X POST api.anam.ai/v1/auth/session-token -d \"{}\"".into(),
            "{}", PROD, None,
        ),
        (
            "a placeholder key from docs",
            "curl -X POST https://api.anam.ai/v1/auth/session-token -H 'Authorization: Bearer YOUR_API_KEY' -d '{}'".into(),
            "{}", PROD, Some("placeholder YOUR_API_KEY"),
        ),
        (
            "the key in a header with odd spacing and case",
            "curl -X POST https://api.anam.ai/v1/auth/session-token -H 'AUTHORIZATION:bearer   sk-spaced ' -d '{}'".into(),
            "{}", PROD, Some("key sk-spaced"),
        ),
        (
            "$'…' with an octal escape and a character as two UTF-16 halves",
            "curl https://api.anam.ai/v1/auth/session-token --data-raw $'{\"clientLabel\":\"\\101\\ud83d\\ude00\\x21\"}'".into(),
            "{\"clientLabel\":\"A😀!\"}", PROD, None,
        ),
        (
            "a Windows key set on the line before",
            "set ANAM_API_KEY=sk-win\ncurl -X POST \"https://api.anam.ai/v1/auth/session-token\" ^\n  -H \"Authorization: Bearer %ANAM_API_KEY%\" ^\n  -d \"{}\"".into(),
            "{}", PROD, Some("key sk-win"),
        ),
        (
            "a backslash with spaces after it, in a Markdown code fence",
            "```bash\ncurl -X POST https://api.anam.ai/v1/auth/session-token \\  \n  -d '{}'\n```".into(),
            "{}", PROD, None,
        ),
    ]
}

#[test]
fn every_line_of_the_corpus_is_read() {
    let corpus = corpus();
    assert!(corpus.len() >= 20);
    for (what, line, body, base, found) in corpus {
        let r = ready(&line);
        assert_eq!(r.source, Source::Curl, "{what}");
        assert_eq!(compact(&r), body, "{what}");
        assert_eq!(r.base_url.as_deref(), Some(base), "{what}");
        assert_eq!(key(&r).as_deref(), found, "{what}");
    }
}

#[test]
fn a_body_from_a_file_is_asked_for() {
    for (line, path) in [
        (
            "curl -X POST https://api.anam.ai/v1/auth/session-token -d @preset.json",
            "preset.json",
        ),
        (
            "curl https://api.anam.ai/v1/auth/session-token --data-binary @\"my preset.json\"",
            "my preset.json",
        ),
        (
            "curl https://api.anam.ai/v1/auth/session-token --json @/tmp/b.json",
            "/tmp/b.json",
        ),
    ] {
        let Ok(Intake::NeedsFile(needs)) = parse(line) else {
            panic!("{line}");
        };
        assert_eq!(needs.path, path);
        assert_eq!(needs.base_url(), Some(PROD));
        let r = needs
            .clone()
            .with_contents(b"{\n  \"clientLabel\": 1.50\n}\n")
            .unwrap();
        assert_eq!(compact(&r), r#"{"clientLabel":1.50}"#);
        assert_eq!(
            needs.with_contents(b"{oops").unwrap_err().to_string(),
            format!("The file {path} is not a JSON body: line 1, column 2: key must be a string.")
        );
    }
}

#[test]
fn a_json_body_is_read_as_it_is() {
    for text in [
        "\u{feff}  {\"clientLabel\": \"x\", \"n\": 1E2}\n",
        "```json\n{\"clientLabel\": \"x\", \"n\": 1E2}\n```\n",
    ] {
        let r = ready(text);
        assert_eq!(r.source, Source::Json);
        assert_eq!(compact(&r), r#"{"clientLabel":"x","n":1E2}"#);
        assert_eq!((r.base_url, r.key), (None, None));
    }
}

#[test]
fn broken_input_gets_one_clear_sentence() {
    let url = "https://api.anam.ai/v1/auth/session-token";
    for (line, sentence) in [
        (String::new(), "Nothing to read: the pasted text is empty."),
        (
            "hello world".into(),
            "The pasted text is neither a JSON body nor a curl command.",
        ),
        (
            "{\"a\": }".into(),
            "The JSON body does not parse at line 1, column 7: expected value.",
        ),
        (
            format!("curl -d '{{\"a\":1}} {url}"),
            "The command has an unclosed single quote, opened on line 1.",
        ),
        (
            format!("curl {url} \\\n -d \"{{\n  'a': 1}}"),
            "The command has an unclosed double quote, opened on line 2.",
        ),
        (
            format!("curl {url} -H 'Authorization: Bearer x'"),
            "The command sends a GET without a body: tokens were once minted with GET, but the API now takes a POST with the persona in a JSON body (-d '{…}').",
        ),
        (
            format!("curl -X GET {url}"),
            "The command sends a GET without a body: tokens were once minted with GET, but the API now takes a POST with the persona in a JSON body (-d '{…}').",
        ),
        (
            format!("curl -G {url} -d '{{}}'"),
            "The command sends a GET without a body: tokens were once minted with GET, but the API now takes a POST with the persona in a JSON body (-d '{…}').",
        ),
        (
            format!("curl -X PUT {url} -d '{{}}'"),
            "The command sends PUT, but a session token is minted with POST.",
        ),
        (
            format!("curl -X POST {url}"),
            "The command sends no body: add the JSON body with -d '{…}'.",
        ),
        (
            "curl -X POST https://api.anam.ai/v1/personas -d '{}'".into(),
            "The command calls https://api.anam.ai/v1/personas, not the session-token endpoint (…/v1/auth/session-token).",
        ),
        (
            "curl -X POST -d '{}'".into(),
            "The curl command has no URL.",
        ),
        (
            format!("curl {url} {url} -d '{{}}'"),
            "The curl command has 2 URLs: paste a command for the session-token endpoint alone.",
        ),
        (
            format!("curl {url} -d 'name=Cara'"),
            "The body after -d is not JSON: line 1, column 1: a JSON body starts with {, this one with \"name=Cara\".",
        ),
        (
            format!("curl {url} -d '[1]'"),
            "The body after -d is not JSON: line 1, column 1: a request body must be a JSON object, not an array.",
        ),
        (
            format!("curl {url} --data-raw '@x.json'"),
            "The body after --data-raw is not JSON: line 1, column 1: a JSON body starts with {, this one with \"@x.json\".",
        ),
        (
            format!("curl {url} -F 'file=@x.json'"),
            "The command sends a form (-F), not a JSON body.",
        ),
        (
            format!("curl {url} --data-urlencode 'a=b'"),
            "The command sends a form (--data-urlencode), not a JSON body.",
        ),
        (
            format!("curl {url} -d @-"),
            "The command reads its body from stdin (@-): paste the body itself instead.",
        ),
        (
            format!("curl {url} -d \"{{\\\"clientLabel\\\": \\\"$USER\\\"}}\""),
            "The body depends on the shell ($USER), which is not in the pasted text: fill in the value and paste again.",
        ),
        (
            format!("curl {url} -d \"$(cat body.json)\""),
            "The body depends on the shell ($(cat body.json)), which is not in the pasted text: fill in the value and paste again.",
        ),
        (
            "curl \"$ANAM_BASE/v1/auth/session-token\" -d '{}'".into(),
            "The URL depends on the shell ($ANAM_BASE), which is not in the pasted text: fill in the value and paste again.",
        ),
        (
            format!("curl {url} -d '{{}}' -d '{{}}'"),
            "The command has 2 bodies (-d and the like): curl would join them with & into text that is not one JSON body.",
        ),
        (
            format!("curl {url} -d"),
            "The option -d has nothing after it.",
        ),
        (
            "curl -X POST 'http://[::1/v1/auth/session-token' -d '{}'".into(),
            "\"http://[::1/v1/auth/session-token\" is not a URL: invalid IPv6 address.",
        ),
        (
            "curl -X POST 'ftp://h/v1/auth/session-token' -d '{}'".into(),
            "\"ftp://h/v1/auth/session-token\" is not a URL: the scheme must be https, not ftp.",
        ),
        (
            "curl -X POST 'https://me:sk-secret@api.anam.ai/v1/personas?key=sk-2' -d '{}'".into(),
            "The command calls https://api.anam.ai/v1/personas, not the session-token endpoint (…/v1/auth/session-token).",
        ),
    ] {
        assert_eq!(error(&line), sentence, "{line}");
    }
}

#[test]
fn notes_say_what_was_left_out() {
    let r = ready(
        "curl -u me:secret -X POST https://api.anam.ai/v1/auth/session-token -d '{}'\ncurl https://example.com",
    );
    assert_eq!(
        r.notes,
        [
            "The paste holds 2 curl commands: only the first was read.",
            "-u was left out: Anam takes the key as an Authorization: Bearer header."
        ]
    );
}

#[test]
fn credentials_in_the_url_are_left_out_and_said() {
    let r =
        ready("curl -X POST 'https://me:pw@api.anam.ai:8443/v1/auth/session-token?k=1' -d '{}'");
    assert_eq!(r.base_url.as_deref(), Some("https://api.anam.ai:8443"));
    assert_eq!(
        r.notes,
        [
            "The user name and password in the URL were left out.",
            "The URL's query (?…) was left out."
        ]
    );
}

#[test]
fn a_key_never_shows_in_debug_output_or_errors() {
    let text = format!(
        "curl -X POST https://api.anam.ai/v1/auth/session-token -H 'Authorization: Bearer {}' -d '{{}}'",
        common::LEAKY_KEY
    );
    let parsed = parse(&text).unwrap();
    common::assert_no_key(&format!("{parsed:?}"), common::LEAKY_KEY, "Debug");
    let broken = text.replace("-d '{}'", "-d 'x'");
    common::assert_no_key(&error(&broken), common::LEAKY_KEY, "the error");
}

#[test]
fn every_preset_copied_as_curl_and_pasted_back_is_the_same_body_byte_for_byte() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets");
    let mut seen = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let file = std::fs::read_to_string(&path).unwrap();
        let body = RequestBody::parse(file.as_bytes()).unwrap();
        for base in [PROD, "http://127.0.0.1:8787"] {
            let r = ready(&curl_command(base, &body.to_value()));
            assert_eq!(r.body.to_pretty(), file, "{}", path.display());
            assert_eq!(r.base_url.as_deref(), Some(base));
            assert_eq!(r.key, Some(FoundKey::Variable("ANAM_API_KEY".into())));
        }
        seen += 1;
    }
    assert!(seen >= 4);
}

#[test]
fn errors_are_typed() {
    assert_eq!(parse("  \n"), Err(IntakeError::Empty));
}
