//! The loopback servers under a hostile client (issue 23): the demo page server closes idle,
//! half-sent and kept-alive connections and caps how many are open; the sandbox answers a body
//! declared over its cap at once, ends one that never arrives whole, and keeps only its newest
//! sessions. Every connection here is to 127.0.0.1, few, and short-lived (limits of a second or
//! less instead of the 30 s defaults).

use anam_studio::core::secrets::ApiKey;
use anam_studio::demo::{DemoServer, SdkOptions};
use anam_studio::sandbox::{self, Config, Records, Sandbox};
use anam_studio::serve::Limits;
use serde_json::json;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn demo_server(limits: Limits) -> DemoServer {
    DemoServer::start_with_limits(SdkOptions::pinned(None, None), limits, || {}).unwrap()
}

/// Reads until the server closes the connection, for at most `within`; `Err` with how long it
/// waited when it was still open.
fn closed_within(stream: &mut TcpStream, within: Duration) -> Result<Vec<u8>, Duration> {
    stream.set_read_timeout(Some(within)).unwrap();
    let started = Instant::now();
    let mut got = Vec::new();
    match stream.read_to_end(&mut got) {
        Ok(_) => Ok(got),
        Err(e) if e.kind() == ErrorKind::ConnectionReset => Ok(got),
        Err(_) => Err(started.elapsed()),
    }
}

fn get_request(addr: SocketAddr) -> String {
    format!("GET /nothing-here HTTP/1.1\r\nhost: {addr}\r\n\r\n")
}

#[test]
fn the_demo_page_server_closes_silent_half_sent_and_kept_alive_connections() {
    let server = demo_server(Limits {
        idle_timeout: Duration::from_millis(500),
        ..Limits::default()
    });
    let addr = server.addr();
    let mut silent = TcpStream::connect(addr).unwrap();
    let mut half_sent = TcpStream::connect(addr).unwrap();
    write!(half_sent, "GET / HTTP/1.1\r\nhost: 127").unwrap();
    let mut kept = TcpStream::connect(addr).unwrap();
    kept.write_all(get_request(addr).as_bytes()).unwrap();
    // A slow loris: a byte of its head every 100 ms, never the end of it.
    let mut trickling = TcpStream::connect(addr).unwrap();
    let mut writer = trickling.try_clone().unwrap();
    let trickle = std::thread::spawn(move || {
        let _ = writer.write_all(b"GET / HTTP/1.1\r\n");
        for _ in 0..30 {
            if writer.write_all(b"x").is_err() {
                break;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    });
    for (what, stream) in [
        ("silent", &mut silent),
        ("half-sent", &mut half_sent),
        ("kept-alive", &mut kept),
        ("trickling", &mut trickling),
    ] {
        let got = closed_within(stream, Duration::from_secs(5))
            .unwrap_or_else(|waited| panic!("the {what} connection was open after {waited:?}"));
        if what == "kept-alive" {
            assert!(
                String::from_utf8_lossy(&got).starts_with("HTTP/1.1 404"),
                "it was answered first"
            );
        }
    }
    trickle.join().unwrap();
}

#[test]
fn the_demo_page_server_keeps_connections_over_its_cap_waiting() {
    let server = demo_server(Limits {
        idle_timeout: Duration::from_secs(10),
        max_connections: 2,
    });
    let addr = server.addr();
    let first = TcpStream::connect(addr).unwrap();
    let _second = TcpStream::connect(addr).unwrap();
    // The third connects (the kernel's backlog takes it) but is not served while two are open.
    let mut third = TcpStream::connect(addr).unwrap();
    third.write_all(get_request(addr).as_bytes()).unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(700)))
        .unwrap();
    let mut byte = [0u8; 1];
    match third.read(&mut byte) {
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
        other => panic!("a third connection was served over the cap of two: {other:?}"),
    }
    // One closes: the third is served.
    drop(first);
    assert_eq!(status_of(&mut third), "HTTP/1.1 404");
}

/// The start of the status line that arrives on `stream` within 5 s.
fn status_of(stream: &mut TcpStream) -> String {
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).unwrap();
    String::from_utf8_lossy(&head).into_owned()
}

/// Sends `head` (and nothing after it) to the sandbox; its answer, once it closes.
fn sandbox_answer(sandbox: &Sandbox, head: &str) -> Result<String, Duration> {
    let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
    stream.write_all(head.as_bytes()).unwrap();
    closed_within(&mut stream, Duration::from_secs(5))
        .map(|got| String::from_utf8_lossy(&got).into_owned())
}

fn post_head(path: &str, length: u64) -> String {
    format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nauthorization: Bearer demo\r\ncontent-type: application/json\r\ncontent-length: {length}\r\n\r\n"
    )
}

#[test]
fn the_sandbox_refuses_a_declared_length_over_its_cap_at_once() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    for path in ["/v1/auth/session-token", "/v1/personas"] {
        let started = Instant::now();
        let answer = sandbox_answer(&sandbox, &post_head(path, 99_999_999_999))
            .unwrap_or_else(|waited| panic!("{path}: no answer after {waited:?}"));
        assert!(answer.starts_with("HTTP/1.1 413"), "{path}: {answer}");
        assert!(
            answer.ends_with(r#"{"message":"The body is larger than the sandbox takes (2 MiB)."}"#),
            "{path}: {answer}"
        );
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "{path}: at once"
        );
    }
}

#[test]
fn the_sandbox_ends_a_body_shorter_than_its_content_length() {
    let sandbox = Sandbox::start(Config {
        body_timeout: Duration::from_millis(500),
        ..Config::default()
    })
    .unwrap();
    // 2 bytes of the 100 declared, then nothing.
    let head = post_head("/v1/auth/session-token", 100) + "{}";
    let answer = sandbox_answer(&sandbox, &head)
        .unwrap_or_else(|waited| panic!("no answer after {waited:?}"));
    assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
    assert!(
        answer.ends_with(r#"{"message":"The body did not arrive within 0.5 s: it was shorter than its Content-Length, or too slow."}"#),
        "{answer}"
    );
    // The sandbox still mints.
    let body = r#"{"personaConfig":{"personaId":"3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21"}}"#;
    let whole = post_head("/v1/auth/session-token", body.len() as u64) + body;
    let mut stream = TcpStream::connect(sandbox.addr()).unwrap();
    stream.write_all(whole.as_bytes()).unwrap();
    assert_eq!(status_of(&mut stream), "HTTP/1.1 200");
}

#[test]
fn the_sandbox_keeps_only_its_newest_sessions() {
    let config = Config {
        records: Records::keeping(3),
        ..Config::default()
    };
    let records = config.records.clone();
    let sandbox = Sandbox::start(config).unwrap();
    let client =
        anam_studio::api::Client::new(&sandbox.base_url(), Duration::from_secs(5)).unwrap();
    let key = ApiKey::new("demo").unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    for n in 0..5 {
        let body = json!({ "clientLabel": format!("mint-{n}"), "personaConfig": { "personaId": "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21" } });
        runtime.block_on(client.mint(&key, &body)).unwrap();
    }
    let labels: Vec<_> = records
        .sessions()
        .into_iter()
        .map(|s| s.client_label.unwrap_or_default())
        .collect();
    assert_eq!(labels, ["mint-2", "mint-3", "mint-4"]);
    let logged = records.requests();
    assert_eq!(logged.len(), 3);
    assert_eq!(logged[2].body.as_ref().unwrap()["clientLabel"], "mint-4");
    assert_eq!(Records::default().keeps(), sandbox::MAX_RECORDS);
    assert_eq!(sandbox::MAX_RECORDS, 1000);
}

#[test]
fn the_sandbox_command_says_how_many_sessions_it_keeps() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_anam-studio"))
        .args(["sandbox", "--port", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stderr.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        line.starts_with("Sandbox listening on http://127.0.0.1:"),
        "{line}"
    );
    assert!(
        line.ends_with(
            "(any non-empty API key is accepted; it keeps the newest 1000 sessions). Ctrl+C stops it.\n"
        ),
        "{line}"
    );
}
