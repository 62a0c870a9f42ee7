//! The network fault matrix, over real loopback HTTP against the sandbox (docs/reliability.md).
//!
//! For each fault the CLI (`mint`, run as a process) exits 1, prints nothing on stdout and exactly
//! one sentence on stderr, and the key appears nowhere, not even in `trace` logs. The GUI side:
//! the same faults drive the real app (kittest), which stays responsive while a request is
//! pending, shows the sentence in its banner, and mints fine afterwards. Faults that need another
//! base URL (refused, DNS, connect timeout, a wrong base path) reach the app through custom
//! environments in its config file, and its worker directly.

use crate::common;

use crate::common::{LEAKY_KEY as KEY, assert_no_key, cli_env, closed_port, preset, text};
use crate::harness::{App, Setup, config_file, step_until};
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{Config, Fault, FaultQueue, Sandbox};
use anam_studio::worker::{Event, Request, Worker};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use serde_json::json;
use std::process::Output;
use std::time::{Duration, Instant};

const TEN_MB: usize = 10 * 1024 * 1024;
const HTML_502: &str = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>\n";

/// The faults the sandbox can play, each with the exact sentence the user must see. The same
/// table drives the CLI and the GUI.
fn server_faults() -> Vec<(&'static str, Fault, String)> {
    let hostile = format!("[2J[31mbad thing {}", "x".repeat(100_000));
    let cases: Vec<(&str, Fault, &str)> = vec![
        (
            "400 with message",
            Fault::json(
                400,
                json!({"message": "personaConfig.name must be a string"}),
            ),
            "The API rejected the request (400): personaConfig.name must be a string",
        ),
        (
            "400 with error",
            Fault::json(400, json!({"statusCode": 400, "error": "Bad Request"})),
            "The API rejected the request (400): Bad Request",
        ),
        (
            "400 with an empty body",
            Fault::respond(400, "application/json", ""),
            "The API rejected the request (400): the reply was empty",
        ),
        (
            "401",
            Fault::json(401, json!({"message": "Invalid API key"})),
            "The API key was rejected (401): check that it is right for this environment.",
        ),
        (
            "403",
            Fault::json(
                403,
                json!({"message": "Your plan does not include ephemeral personas"}),
            ),
            "The API key is not allowed to do this (403): Your plan does not include ephemeral personas",
        ),
        (
            "429 with Retry-After in seconds",
            Fault::json(429, json!({"message": "Rate limit exceeded"}))
                .with_header("retry-after", "30"),
            "Too many requests (429): Rate limit exceeded. Try again in 30 s.",
        ),
        (
            "429 with Retry-After as a date",
            Fault::json(429, json!({})).with_header("retry-after", "Wed, 21 Oct 2026 07:28:00 GMT"),
            "Too many requests (429). Try again after Wed, 21 Oct 2026 07:28:00 GMT.",
        ),
        (
            "500",
            Fault::json(500, json!({"error": "database on fire"})),
            "The server failed (500): database on fire: try again later.",
        ),
        (
            "502 with an HTML page",
            Fault::respond(502, "text/html", HTML_502),
            "The server failed (502): it sent an HTML error page: try again later.",
        ),
        (
            "200 with plain text",
            Fault::respond(200, "text/plain", "OK"),
            "The server answered with plain text instead of JSON (status 200).",
        ),
        (
            "200 with an empty body",
            Fault::respond(200, "application/json", ""),
            "The server answered with an empty body instead of JSON (status 200).",
        ),
        (
            "200 without sessionToken",
            Fault::json(200, json!({"token": "eyJ.eyJ.sig"})),
            "The server answered 200 but the reply has no sessionToken.",
        ),
        (
            "200 with a token that is not a JWT",
            Fault::json(200, json!({"sessionToken": "not-a-jwt"})),
            "The server's sessionToken is not a JWT: a JWT has three parts separated by dots, this has 1.",
        ),
        (
            "a 10 MB body with Content-Length",
            Fault::Huge { bytes: TEN_MB },
            "The reply was larger than 1 MiB and was not read to the end.",
        ),
        (
            "a 10 MB body, chunked",
            Fault::HugeChunked { bytes: TEN_MB },
            "The reply was larger than 1 MiB and was not read to the end.",
        ),
        (
            "400 whose message is hostile: terminal escapes, newlines, 100 KB",
            Fault::json(
                400,
                json!({"message": format!("\u{1b}[2J\u{1b}[31mbad\r\nthing {}", "x".repeat(100_000))}),
            ),
            "",
        ),
    ];
    cases
        .into_iter()
        .map(|(case, fault, sentence)| {
            let sentence = if sentence.is_empty() {
                // Control characters dropped, whitespace folded, cut to 300 characters.
                let cut: String = hostile.chars().take(300).collect();
                format!("The API rejected the request (400): {cut}…")
            } else {
                sentence.to_string()
            };
            (case, fault, sentence)
        })
        .collect()
}

/// A trickling body: one byte per 150 ms, so the 24-byte reply would take 3.6 s.
fn trickle() -> Fault {
    Fault::Trickle {
        interval: Duration::from_millis(150),
    }
}

// ----- the CLI -----

/// `mint` with the stateful preset against `base`, the key in the environment, and `log` as the
/// log filter (the default, `warn`, when `None`).
fn mint(base: &str, timeout_secs: u64, log: Option<&str>) -> Output {
    let p = preset("stateful-persona.json");
    let timeout = timeout_secs.to_string();
    let mut envs = vec![("ANAM_API_KEY", KEY)];
    if let Some(filter) = log {
        envs.push(("ANAM_STUDIO_LOG", filter));
    }
    cli_env(
        &[
            "mint",
            "--preset",
            p.to_str().unwrap(),
            "--base-url",
            base,
            "--timeout",
            &timeout,
        ],
        &envs,
    )
}

/// Exit 1, nothing on stdout, exactly `anam-studio: <sentence>` on stderr, no key anywhere.
fn assert_quiet_failure(case: &str, out: &Output, sentence: &str) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{case}: {stderr}");
    assert_eq!(stdout, "", "{case}: nothing on stdout");
    assert_eq!(stderr, format!("anam-studio: {sentence}\n"), "{case}");
    assert_no_key(&stderr, KEY, case);
}

/// The same run with `trace` logging: still nothing on stdout, the sentence last, no key in the
/// (many) log lines.
fn assert_traced_failure(case: &str, out: &Output, sentence: &str) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(1), "{case}: {stderr}");
    assert_eq!(stdout, "", "{case}: nothing on stdout");
    assert_eq!(
        stderr.lines().last(),
        Some(format!("anam-studio: {sentence}").as_str()),
        "{case}"
    );
    assert_no_key(&stderr, KEY, &format!("{case} (trace log)"));
}

/// Runs one case twice (quiet, then traced); `arm` sets the fault up before each run.
fn cli_case(case: &str, base: &str, timeout_secs: u64, sentence: &str, arm: impl Fn()) {
    arm();
    let started = Instant::now();
    let out = mint(base, timeout_secs, None);
    assert!(
        started.elapsed() < Duration::from_secs(timeout_secs) + common::DEADLINE / 2,
        "{case}: took {:?}",
        started.elapsed()
    );
    assert_quiet_failure(case, &out, sentence);
    arm();
    let out = mint(base, timeout_secs, Some("trace"));
    assert_traced_failure(case, &out, sentence);
}

#[test]
fn cli_fault_matrix() {
    let queue = FaultQueue::default();
    let sandbox = Sandbox::start(Config {
        next_faults: queue.clone(),
        ..Config::default()
    })
    .unwrap();
    let base = sandbox.base_url();
    for (case, fault, sentence) in server_faults() {
        cli_case(case, &base, 5, &sentence, || queue.push(fault.clone()));
        assert!(queue.is_empty(), "{case}: the fault was played");
    }

    // A wrong base path: the sandbox itself answers 404.
    let wrong = format!("{base}/api");
    cli_case(
        "404 (wrong base path)",
        &wrong,
        5,
        &format!("Nothing answers at {base}/api/v1/auth/session-token (404): check the base URL."),
        || {},
    );

    // And after all that, the same CLI mints fine.
    let out = mint(&base, 5, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(text(&out.stdout).trim().split('.').count(), 3);
    assert_eq!(text(&out.stderr), "");
}

#[test]
fn cli_unreachable_servers() {
    let port = closed_port();
    cli_case(
        "connection refused",
        &format!("http://127.0.0.1:{port}"),
        5,
        &format!(
            "Could not connect to 127.0.0.1:{port}: the connection was refused. Is the server running, and is the base URL right?"
        ),
        || {},
    );
    // `.invalid` never resolves (RFC 6761); the lookup fails without any server to reach.
    cli_case(
        "DNS failure",
        "https://anam-studio-test.invalid",
        5,
        "Could not find the server anam-studio-test.invalid: the DNS lookup failed. Check the base URL and your network.",
        || {},
    );
    // https:// to the sandbox's plain-HTTP port: said in words, not as rustls's message.
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let addr = sandbox.addr();
    cli_case(
        "TLS to a plain-HTTP port",
        &format!("https://{addr}"),
        5,
        &plain_http_sentence(addr),
        || {},
    );
}

fn plain_http_sentence(addr: std::net::SocketAddr) -> String {
    format!(
        "The server at {addr} answered in plain HTTP, not HTTPS: check the base URL's scheme (https:// or http://) and port."
    )
}

#[test]
fn cli_server_that_never_answers() {
    let sandbox = Sandbox::start(Config {
        fault: Some(Fault::Hang),
        ..Config::default()
    })
    .unwrap();
    cli_case(
        "accepts and never answers",
        &sandbox.base_url(),
        1,
        "The server did not answer within 1 s.",
        || {},
    );
}

#[test]
fn cli_body_that_trickles_past_the_timeout() {
    let sandbox = Sandbox::start(Config {
        fault: Some(trickle()),
        ..Config::default()
    })
    .unwrap();
    cli_case(
        "trickle",
        &sandbox.base_url(),
        1,
        "The server did not answer within 1 s.",
        || {},
    );
}

#[cfg(target_os = "linux")]
#[test]
fn cli_connect_timeout() {
    let target = common::unconnectable();
    let addr = target.addr;
    cli_case(
        "connect timeout",
        &format!("http://{addr}"),
        1,
        // With a timeout of 10 s or less, connecting may take the whole timeout.
        "The server did not answer within 1 s.",
        || {},
    );
}

/// With a whole timeout longer than the connect timeout, the sentence names the connect phase
/// and its own limit (before the fix it said "did not answer within <whole timeout> s").
#[cfg(target_os = "linux")]
#[test]
fn client_connect_timeout_names_the_connect_phase() {
    let target = common::unconnectable();
    let client = anam_studio::api::Client::with_timeouts(
        &format!("http://{}", target.addr),
        Duration::from_secs(60),
        Duration::from_secs(1),
    )
    .unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    // The sentence tells which limit ended the wait: the 1 s connect limit, not the 60 s one.
    let error = runtime
        .block_on(client.mint(&ApiKey::new(KEY).unwrap(), &json!({})))
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "Could not connect to {} within 1 s: the server did not accept the connection. Check the base URL and your network.",
            target.addr
        )
    );
}

// ----- the app's worker (what the GUI banner shows) -----

#[test]
fn worker_reports_unreachable_servers_as_sentences() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let port = closed_port();
    #[cfg(target_os = "linux")]
    let target = common::unconnectable();
    let mut cases = vec![
        (
            format!("http://127.0.0.1:{port}"),
            format!(
                "Could not connect to 127.0.0.1:{port}: the connection was refused. Is the server running, and is the base URL right?"
            ),
        ),
        (
            "https://anam-studio-test.invalid".to_string(),
            "Could not find the server anam-studio-test.invalid: the DNS lookup failed. Check the base URL and your network.".to_string(),
        ),
        (
            format!("https://{}", sandbox.addr()),
            plain_http_sentence(sandbox.addr()),
        ),
        (
            format!("{}/api", sandbox.base_url()),
            format!(
                "Nothing answers at {}/api/v1/auth/session-token (404): check the base URL.",
                sandbox.base_url()
            ),
        ),
    ];
    #[cfg(target_os = "linux")]
    cases.push((
        format!("http://{}", target.addr),
        "The server did not answer within 1 s.".to_string(),
    ));
    let mut worker = Worker::start(|| {}).unwrap();
    let body = anam_studio::store::preset::load(&preset("stateful-persona.json"))
        .unwrap()
        .into_value();
    let key = ApiKey::new(KEY).unwrap();
    // All at once: the worker runs them side by side.
    let mut ids = Vec::new();
    for (base_url, _) in &cases {
        let id = worker.next_id();
        ids.push(id);
        worker.send(Request::Mint {
            id,
            base_url: base_url.clone(),
            key: key.clone(),
            body: body.clone(),
            timeout: Duration::from_millis(800),
        });
    }
    let mut seen = std::collections::HashMap::new();
    while seen.len() < cases.len() {
        match worker.recv_timeout(Duration::from_secs(5)) {
            Some(Event::Failed { id, error }) => {
                assert_no_key(&format!("{error} {error:?}"), KEY, "a worker error");
                seen.insert(id, error.to_string());
            }
            Some(other) => panic!("expected a failure, got {other:?}"),
            None => panic!("the worker did not answer within 5 s"),
        }
    }
    for (id, (base_url, sentence)) in ids.iter().zip(&cases) {
        assert_eq!(&seen[id], sentence, "{base_url}");
    }
    // The same worker then mints.
    let id = worker.next_id();
    worker.send(Request::Mint {
        id,
        base_url: sandbox.base_url(),
        key,
        body,
        timeout: Duration::from_secs(5),
    });
    assert!(matches!(
        worker.recv_timeout(Duration::from_secs(5)),
        Some(Event::Minted { .. })
    ));
}

// ----- the GUI -----

const SENSITIVITY: &str = "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity";

/// While a request is pending the UI keeps drawing and a slider change applies at once.
fn assert_responsive(h: &mut Harness<'_, App>, case: &str, value: f64) {
    for _ in 0..4 {
        h.step();
    }
    assert!(h.state().is_minting(), "{case}: still pending");
    h.get_by_label_contains("Minting against Sandbox");
    h.get_by_role_and_label(Role::Slider, "End-of-speech sensitivity")
        .set_value_accesskit(value);
    h.step();
    h.step();
    assert_eq!(
        h.state().draft().get(SENSITIVITY),
        Some(&json!(value)),
        "{case}: the edit applied while minting"
    );
}

/// Clicks Mint and waits for a new token with no banner.
fn mint_succeeds(h: &mut Harness<'_, App>, case: &str) {
    let before = h.state().tokens().history().len();
    h.get_by_label("Mint").click();
    step_until(h, &format!("a token after {case}"), |app| {
        app.tokens().history().len() == before + 1
    });
    assert!(
        h.state().banner().is_none(),
        "{case}: no banner after a success"
    );
}

#[test]
fn gui_fault_matrix() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    let mut h = Setup::new(dir.path())
        .faults(&queue)
        .timeout(Duration::from_millis(800))
        .build();
    let mut faults: Vec<(&str, Fault, String, bool)> = server_faults()
        .into_iter()
        .map(|(case, fault, sentence)| (case, fault, sentence, false))
        .collect();
    faults.push((
        "accepts and never answers",
        Fault::Hang,
        "The server did not answer within 1 s.".to_string(),
        true,
    ));
    faults.push((
        "trickle",
        trickle(),
        "The server did not answer within 1 s.".to_string(),
        true,
    ));
    for (i, (case, fault, sentence, slow)) in faults.into_iter().enumerate() {
        queue.push(fault);
        h.get_by_label("Mint").click();
        h.step();
        if slow {
            assert_responsive(&mut h, case, (i % 9 + 1) as f64 / 10.0);
        }
        step_until(&mut h, case, |app| !app.is_minting());
        let banner = h
            .state()
            .banner()
            .unwrap_or_else(|| panic!("{case}: no banner"));
        assert_eq!(banner.sentence, sentence, "{case}");
        h.get_by_label(&sentence);
        assert!(queue.is_empty(), "{case}: the fault was played");
        mint_succeeds(&mut h, case);
    }
}

#[test]
fn gui_cancel_a_hanging_mint_then_mint_again() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    queue.push(Fault::Hang);
    // A long timeout: only Cancel ends this request.
    let mut h = Setup::new(dir.path())
        .faults(&queue)
        .timeout(Duration::from_secs(30))
        .build();
    h.get_by_label("Mint").click();
    h.step();
    assert_responsive(&mut h, "hang", 0.3);
    // The request must have reached the sandbox (taking the hang) before it is cancelled, or
    // the hang would wait for the next mint.
    step_until(&mut h, "the request to reach the sandbox", |_| {
        queue.is_empty()
    });
    // Esc cancels, as the Cancel button does.
    h.key_press(egui::Key::Escape);
    h.run_ok();
    assert!(!h.state().is_minting());
    assert!(h.state().banner().is_none(), "a cancel is not a failure");
    h.get_by_label("Minting cancelled.");
    mint_succeeds(&mut h, "a cancelled mint");
}

/// The faults that need another base URL, through the app's own custom environments (config
/// file): each shows its sentence in the banner, and the Sandbox still mints afterwards.
#[test]
fn gui_unreachable_servers_show_their_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let sandbox_server = Sandbox::start(Config::default()).unwrap();
    let port = closed_port();
    #[cfg(target_os = "linux")]
    let target = common::unconnectable();
    let mut cases = vec![
        (
            "Refused",
            format!("http://127.0.0.1:{port}"),
            format!(
                "Could not connect to 127.0.0.1:{port}: the connection was refused. Is the server running, and is the base URL right?"
            ),
        ),
        (
            "No such host",
            "https://anam-studio-test.invalid".to_string(),
            "Could not find the server anam-studio-test.invalid: the DNS lookup failed. Check the base URL and your network.".to_string(),
        ),
        (
            "Wrong path",
            format!("{}/api", sandbox_server.base_url()),
            format!(
                "Nothing answers at {}/api/v1/auth/session-token (404): check the base URL.",
                sandbox_server.base_url()
            ),
        ),
    ];
    #[cfg(target_os = "linux")]
    cases.push((
        "Never accepts",
        format!("http://{}", target.addr),
        "The server did not answer within 1 s.".to_string(),
    ));
    let environments: Vec<_> = cases
        .iter()
        .map(|(name, url, _)| json!({"name": name, "baseUrl": url}))
        .collect();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    std::fs::write(
        config_file(dir.path()),
        json!({ "environments": environments }).to_string(),
    )
    .unwrap();
    let mut h = Setup::new(dir.path())
        // A key for every environment, as `ANAM_API_KEY` would give.
        .env_key(KEY)
        .timeout(Duration::from_millis(800))
        .build();
    let pick = |h: &mut Harness<'_, App>, name: &str| {
        h.get_by_role_and_label(Role::ComboBox, "Environment")
            .click();
        h.run_ok();
        h.get_by_role_and_label(Role::Button, name).click();
        h.run_ok();
        assert_eq!(h.state().environment().name, name);
    };
    for (name, _, sentence) in &cases {
        pick(&mut h, name);
        h.get_by_label("Mint").click();
        h.step();
        step_until(&mut h, name, |app| !app.is_minting());
        let banner = h
            .state()
            .banner()
            .unwrap_or_else(|| panic!("{name}: no banner"));
        assert_eq!(&banner.sentence, sentence, "{name}");
        assert_no_key(&format!("{banner:?}"), KEY, name);
    }
    pick(&mut h, "Sandbox");
    mint_succeeds(&mut h, "the unreachable servers");
}
