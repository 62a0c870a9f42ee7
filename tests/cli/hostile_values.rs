//! Values as they really are (docs/reliability.md, "Hostile files"): numbers keep the text they
//! were written with through a save and a mint, keys written twice are named, an over-long token
//! is called that, and idle connections to the sandbox end.

use crate::common;

use anam_studio::core::contract::RequestBody;
use anam_studio::sandbox;
use anam_studio::store::preset;
use std::fs;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// Numbers written in every way JSON allows, in known fields and in one the app does not know.
const EXACT: &str = r#"{
  "clientLabel": "numbers",
  "personaConfig": {
    "name": "Numbers",
    "voiceDetectionOptions": {
      "endOfSpeechSensitivity": 0.50,
      "silenceBeforeAutoEndTurnSeconds": 1E0
    },
    "maxSessionLengthSeconds": 6E2
  },
  "unknownCounter": 123456789012345678901234567890,
  "unknownList": [
    1E2,
    1.50,
    -0,
    1e-7,
    0.1
  ]
}
"#;

#[test]
fn numbers_keep_their_text_through_load_and_save() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.json");
    fs::write(&path, EXACT).unwrap();
    let body = preset::load(&path).unwrap();
    preset::save(&path, &body).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), EXACT);
    // Validation still reads them as numbers: in range, no type errors.
    let problems = anam_studio::core::validate::validate(&body.to_value());
    assert!(
        problems
            .iter()
            .all(|p| !p.is_error()
                || !(p.path.contains("Seconds") || p.path.contains("Sensitivity"))),
        "{problems:?}"
    );
    let out_of_range = RequestBody::parse(
        br#"{"personaConfig": {"voiceDetectionOptions": {"endOfSpeechSensitivity": 1E2}}}"#,
    )
    .unwrap();
    let problems = anam_studio::core::validate::validate(&out_of_range.to_value());
    assert!(
        problems.iter().any(|p| p.is_error()
            && p.path == "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity"),
        "{problems:?}"
    );
}

/// A one-request HTTP server that keeps the request body and answers with a token.
fn capture_one_request() -> (u16, std::thread::JoinHandle<String>) {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let handle = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let mut got = Vec::new();
        let mut buf = [0u8; 4096];
        let body = loop {
            let n = stream.read(&mut buf).unwrap();
            assert!(n > 0, "the request ended early");
            got.extend_from_slice(&buf[..n]);
            let text = String::from_utf8_lossy(&got).into_owned();
            let Some(end) = text.find("\r\n\r\n") else {
                continue;
            };
            let length: usize = text[..end]
                .lines()
                .find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.eq_ignore_ascii_case("content-length")
                        .then(|| v.trim().parse().ok())?
                })
                .expect("a Content-Length");
            if got.len() >= end + 4 + length {
                break String::from_utf8(got[end + 4..end + 4 + length].to_vec()).unwrap();
            }
        };
        // header {"alg":"HS256"}, claims {"x":1}: a JWT by shape.
        let reply = r#"{"sessionToken":"eyJhbGciOiJIUzI1NiJ9.eyJ4IjoxfQ.c2ln"}"#;
        write!(
            stream,
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{reply}",
            reply.len()
        )
        .unwrap();
        body
    });
    (port, handle)
}

#[test]
fn cli_mint_sends_every_number_as_written() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("n.json");
    fs::write(&path, EXACT).unwrap();
    let (port, server) = capture_one_request();
    let out = common::cli(
        &[
            "mint",
            "--preset",
            path.to_str().unwrap(),
            "--base-url",
            &format!("http://127.0.0.1:{port}"),
            "--timeout",
            "20",
            "--no-validate",
        ],
        Some("demo-key"),
        None,
    );
    assert!(out.status.success(), "{}", common::text(&out.stderr));
    let sent = server.join().unwrap();
    let compact = |t: &str| -> String {
        // The request is compact JSON; compare token by token with the file.
        t.split(|c: char| c.is_whitespace()).collect::<String>()
    };
    assert_eq!(compact(&sent), compact(EXACT));
    for text in [
        "-0",
        "1E0",
        "6E2",
        "0.50",
        "1E2",
        "1.50",
        "1e-7",
        "123456789012345678901234567890",
    ] {
        assert!(sent.contains(text), "{text} is not in {sent}");
    }
}

#[test]
fn cli_validate_warns_about_a_key_written_twice_naming_both_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("twice.json");
    fs::write(
        &path,
        "{\n  \"clientLabel\": \"first\",\n  \"personaConfig\": {\"personaId\": \"p\"},\n  \"clientLabel\": \"second\"\n}\n",
    )
    .unwrap();
    let out = common::cli(&["validate", path.to_str().unwrap()], None, None);
    assert!(out.status.success(), "a warning is not an error");
    assert_eq!(
        common::text(&out.stderr),
        format!(
            "{}: clientLabel: warning: the key \"clientLabel\" appears twice (lines 2 and 4): the value on line 4 is used and the one on line 2 is ignored\n",
            path.display()
        )
    );
}

#[test]
fn cli_decode_of_an_over_long_token_on_stdin_says_longer_than_the_limit() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anam-studio"))
        .arg("decode")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    // The CLI stops reading at its limit: the rest of the write may fail, which is fine.
    let writer = std::thread::spawn(move || {
        let chunk = vec![b'a'; 1024 * 1024];
        for _ in 0..10 {
            if stdin.write_all(&chunk).is_err() {
                break;
            }
        }
    });
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        common::text(&out.stderr),
        "anam-studio: not a JWT: the token on stdin is longer than 65536 bytes; a session token is at most 65536\n"
    );
}

#[test]
fn the_sandbox_closes_idle_connections() {
    let sandbox = sandbox::Sandbox::start(sandbox::Config {
        limits: anam_studio::serve::Limits {
            idle_timeout: Duration::from_secs(1),
            ..Default::default()
        },
        ..sandbox::Config::default()
    })
    .unwrap();
    let addr = sandbox.addr();
    // One connection that never sends anything, one kept alive after an answer.
    let silent = TcpStream::connect(addr).unwrap();
    let mut kept = TcpStream::connect(addr).unwrap();
    write!(
        kept,
        "GET /v1/llms HTTP/1.1\r\nhost: x\r\nauthorization: Bearer demo\r\n\r\n"
    )
    .unwrap();
    for (what, mut stream) in [("silent", silent), ("kept-alive", kept)] {
        // Generous: the point is that it ends at all (it used to stay open forever).
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let started = Instant::now();
        let mut sink = Vec::new();
        match stream.read_to_end(&mut sink) {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::ConnectionReset => {}
            Err(e) => panic!(
                "the {what} connection was still open after {:?}: {e}",
                started.elapsed()
            ),
        }
        if what == "kept-alive" {
            assert!(
                String::from_utf8_lossy(&sink).starts_with("HTTP/1.1 200"),
                "it was answered first"
            );
        }
    }
}
