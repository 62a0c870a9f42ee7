//! "Copy as…" snippets run for real: each server snippet (curl in `sh`, JavaScript in `node`,
//! Python in `python3`) is saved to a file and run as it is against the sandbox on loopback,
//! with the key only in `ANAM_API_KEY`, and must print a token the sandbox signed (its HS256
//! signature checked with the sandbox's secret). Against a recording server, the body each one
//! sends is the body's JSON byte for byte. Hostile values in the body and the URL run nothing
//! but the snippet. The browser snippet runs in `node` with a stand-in SDK.
//!
//! When `node` or `python3` is missing the test fails under CI (`CI` set), and says so loudly
//! anywhere else.

use crate::common;

use anam_studio::core::contract::RequestBody;
use anam_studio::core::snippet::{Lang, snippet};
use anam_studio::sandbox::{Config, Sandbox};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

const KEY: &str = "sk-from-the-environment";

/// The program that runs a snippet of `lang`, if it is installed.
fn runner(lang: Lang) -> Option<&'static str> {
    let program = match lang {
        Lang::Curl => "sh",
        Lang::Js | Lang::Sdk => "node",
        Lang::Python => "python3",
    };
    let found = Command::new(program)
        .arg(if program == "sh" { "-c" } else { "--version" })
        .args((program == "sh").then_some("true"))
        .output()
        .is_ok_and(|o| o.status.success());
    if found {
        return Some(program);
    }
    let message = format!("{program} is not installed: the {lang} snippet was NOT run");
    assert!(
        std::env::var_os("CI").is_none(),
        "{message} (CI must install it: .ci/run)"
    );
    eprintln!("WARNING: {message}.");
    None
}

/// Saves `code` as `lang`'s file in `dir` and runs it there with the key in the environment.
fn run(lang: Lang, code: &str, dir: &Path) -> Option<Output> {
    let program = runner(lang)?;
    // The browser snippet's script runs in a harness of its own, a module (top-level await).
    let file = dir.join(match lang {
        Lang::Sdk => "harness.mjs",
        _ => lang.file_name(),
    });
    std::fs::write(&file, code).unwrap();
    Some(
        Command::new(program)
            .arg(&file)
            .current_dir(dir)
            .env("ANAM_API_KEY", KEY)
            .output()
            .expect("the runner starts"),
    )
}

/// The token a snippet printed: the line itself, or curl's `{"sessionToken":…}` reply.
fn printed_token(lang: Lang, out: &Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout);
    match lang {
        Lang::Curl => serde_json::from_str::<Value>(&stdout).unwrap()["sessionToken"]
            .as_str()
            .unwrap()
            .to_string(),
        _ => {
            assert_eq!(stdout.lines().count(), 1, "one line: {stdout}");
            stdout.trim().to_string()
        }
    }
}

/// The token's claims, after checking the sandbox's signature.
fn signed_by_the_sandbox(token: &str) -> Value {
    anam_studio::sandbox::token::verify(Config::default().secret.as_bytes(), token)
        .unwrap_or_else(|e| panic!("not signed by the sandbox: {e}: {token}"))
}

fn nothing_ran(dir: &Path, case: &str) {
    let strays: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pwned"))
        .collect();
    assert!(strays.is_empty(), "{case}: the snippet ran {strays:?}");
}

/// Text that would create a `pwned-*` file if it reached a shell, JavaScript or Python
/// unquoted.
fn hostile() -> Vec<String> {
    vec![
        "'$(touch pwned-sh)'".into(),
        "`touch pwned-bq`".into(),
        "\"; require('fs').writeFileSync('pwned-js', ''); \"".into(),
        "\\\"); require('fs').writeFileSync('pwned-js2', ''); //".into(),
        "${require('fs').writeFileSync('pwned-tpl', '')}".into(),
        "\"\"\"\nopen('pwned-py', 'w')\n'''".into(),
        "\\\nopen('pwned-py2', 'w') #".into(),
        "line\u{2028}sep\u{2029}para\u{85}next".into(),
        "\u{202e}txt.exe \u{200b} Amélie 😀 \u{e0041}".into(),
        "</script><script>require('fs').writeFileSync('pwned-html', '')</script>".into(),
        "back\\slash \\u0041 \\n %PATH% ^ \u{7f}\u{1b}[31m".into(),
    ]
}

fn bodies() -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for name in [
        "cartesia-calm-support.json",
        "elevenlabs-v2-sales-demo.json",
        "fish-audio-french-tutor.json",
        "stateful-persona.json",
    ] {
        let text = std::fs::read(common::preset(name)).unwrap();
        out.push((name.into(), RequestBody::parse(&text).unwrap().into_value()));
    }
    // Numbers JavaScript and Python would rewrite: the snippet holds the JSON text instead.
    let exact = br#"{"personaConfig": {"personaId": "p-1"}, "zz": [1E2, 1.50, -0, 123456789012345678901234567890], "1": {"__proto__": 0.10}}"#;
    out.push((
        "numbers as written".into(),
        RequestBody::parse(exact).unwrap().into_value(),
    ));
    for (i, value) in hostile().into_iter().enumerate() {
        let mut body = json!({ "clientLabel": value, "personaConfig": { "personaId": "p" } });
        body["personaConfig"][value.as_str()] = json!(value);
        out.push((format!("hostile value {i}"), body));
    }
    out
}

#[test]
fn each_server_snippet_mints_a_token_the_sandbox_signed() {
    let sandbox = Sandbox::start(Config {
        required_key: Some(KEY.into()),
        ..Config::default()
    })
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let mut ran = 0;
    for (case, body) in bodies() {
        for lang in [Lang::Curl, Lang::Js, Lang::Python] {
            let code = snippet(lang, &sandbox.base_url(), &body);
            assert!(!code.contains(KEY), "{lang}: the key is inline");
            let Some(out) = run(lang, &code, dir.path()) else {
                continue;
            };
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "{case}, {lang}: {stderr}\n{code}");
            let claims = signed_by_the_sandbox(&printed_token(lang, &out));
            let kind = if body.pointer("/personaConfig/personaId").is_some() {
                "stateful"
            } else {
                "ephemeral"
            };
            assert_eq!(claims["type"], kind, "{case}, {lang}");
            nothing_ran(dir.path(), &format!("{case}, {lang}"));
            ran += 1;
        }
    }
    assert!(ran > 0, "no snippet ran at all");
}

/// What a recording server saw: each request's Authorization header and body.
type Seen = Arc<Mutex<Vec<(String, Vec<u8>)>>>;

/// A one-thread HTTP/1.1 server on loopback that records each request and answers with a
/// token-shaped reply; its base URL.
fn recorder() -> (String, Seen) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    let seen: Seen = Arc::default();
    let log = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let (mut length, mut auth) = (0, String::new());
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                let (name, value) = line.split_once(':').unwrap_or((&line, ""));
                match name.to_ascii_lowercase().as_str() {
                    "content-length" => length = value.trim().parse().unwrap_or(0),
                    "authorization" => auth = value.trim().to_string(),
                    _ => {}
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            log.lock().unwrap().push((auth, body));
            let reply = r#"{"sessionToken":"e30.e30.c2ln"}"#;
            let _ = write!(
                stream,
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{reply}",
                reply.len()
            );
        }
    });
    (url, seen)
}

#[test]
fn each_server_snippet_sends_the_body_byte_for_byte() {
    let (url, seen) = recorder();
    let dir = tempfile::tempdir().unwrap();
    for (case, body) in bodies() {
        for lang in [Lang::Curl, Lang::Js, Lang::Python] {
            seen.lock().unwrap().clear();
            let Some(out) = run(lang, &snippet(lang, &url, &body), dir.path()) else {
                continue;
            };
            assert!(
                out.status.success(),
                "{case}, {lang}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            let requests = seen.lock().unwrap().clone();
            assert_eq!(requests.len(), 1, "{case}, {lang}");
            assert_eq!(requests[0].0, format!("Bearer {KEY}"), "{case}, {lang}");
            assert_eq!(
                String::from_utf8_lossy(&requests[0].1),
                body.to_string(),
                "{case}, {lang}"
            );
        }
    }
}

#[test]
fn hostile_base_urls_run_nothing() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let body = json!({"personaConfig": {"personaId": "p"}});
    for payload in hostile() {
        let base = format!("{}/{payload}", sandbox.base_url());
        for lang in [Lang::Curl, Lang::Js, Lang::Python] {
            // The request fails (no such path, or a URL the language refuses); nothing else runs.
            run(lang, &snippet(lang, &base, &body), dir.path());
            nothing_ran(dir.path(), &format!("{lang}: {payload:?}"));
        }
    }
}

#[test]
fn the_browser_snippet_starts_the_sdk_with_the_token_and_the_base_url() {
    let dir = tempfile::tempdir().unwrap();
    for payload in hostile() {
        let base = format!("https://api.example.com/{payload}");
        let html = snippet(Lang::Sdk, &base, &Value::Null);
        // Only the snippet's own two scripts end.
        assert_eq!(html.matches("</script>").count(), 2, "{html}");
        let start = html.rfind("<script>").unwrap() + "<script>".len();
        let end = html.rfind("</script>").unwrap();
        let script = &html[start..end];
        let harness = format!(
            "const calls = [];\nglobalThis.window = {{ anam: {{ createClient(token, options) {{\n  calls.push({{ token, options }});\n  return {{ async streamToVideoElement(id) {{ calls.push({{ id }}); }} }};\n}} }} }};\n{script}\nawait startAnam(\"tok.en.sig\");\nconsole.log(JSON.stringify(calls));\n"
        );
        let Some(out) = run(Lang::Sdk, &harness, dir.path()) else {
            return;
        };
        assert!(
            out.status.success(),
            "{}\n{harness}",
            String::from_utf8_lossy(&out.stderr)
        );
        let calls: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(
            calls,
            json!([
                // A base URL ends without a slash.
                { "token": "tok.en.sig", "options": { "api": { "baseUrl": base.trim_end_matches('/') } } },
                { "id": "anam-video" }
            ]),
            "{payload:?}"
        );
        nothing_ran(dir.path(), &payload);
    }
}
