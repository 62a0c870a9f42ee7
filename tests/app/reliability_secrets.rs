//! The key never leaks (docs/reliability.md): not in the CLI's output or its trace logs, not in
//! any error (its sentence, its details, its `Debug`), not in the `Debug` of what holds a key,
//! not in the copied curl text, the clipboard, the window or a file the app writes, not in a panic
//! (tests/worker_panic.rs panics inside a real request that holds a key); and plain `http://` to
//! a host that is not loopback is refused before any connection.
//! Every failure of the fault matrix (tests/reliability_network.rs) also checks that its output,
//! quiet and at `trace`, holds no piece of the key.

use crate::common::{LEAKY_KEY as KEY, assert_no_key, cli_env, preset, text};
use crate::harness::{App, Setup, copied, step_until};
use anam_studio::api::{self, ApiError, Client};
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::{self, Config, Fault, FaultQueue, Sandbox};
use anam_studio::worker::{Event, Request, Worker};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable as _};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

fn key() -> ApiKey {
    ApiKey::new(KEY).unwrap()
}

fn body() -> Value {
    anam_studio::store::preset::load(&preset("stateful-persona.json"))
        .unwrap()
        .into_value()
}

/// Every file under `dir`, recursively, as bytes.
fn all_files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            out.extend(all_files(&path));
        } else {
            out.push((path.clone(), std::fs::read(&path).unwrap()));
        }
    }
    out
}

/// Replies from a server that echoes the key back, in every place a reply can carry it.
fn echoes() -> Vec<(&'static str, Fault, String)> {
    vec![
        (
            "400 message quoting the key",
            Fault::json(400, json!({"message": format!("bad key {KEY}")})),
            "The API rejected the request (400): bad key ***".into(),
        ),
        (
            "403 error object quoting the key",
            Fault::json(403, json!({"error": {"message": format!("{KEY} may not")}})),
            "The API key is not allowed to do this (403): *** may not".into(),
        ),
        (
            // Terminal escapes inside the key: removing them must not rebuild an unscrubbed key.
            "400 message with the key split by escapes",
            Fault::json(
                400,
                json!({"message": format!("key {}\u{1b}{}", &KEY[..8], &KEY[8..])}),
            ),
            "The API rejected the request (400): key ***".into(),
        ),
        (
            "400 message with the key split by a zero-width space",
            Fault::json(
                400,
                json!({"message": format!("key {}\u{200b}{}", &KEY[..8], &KEY[8..])}),
            ),
            "The API rejected the request (400): key ***".into(),
        ),
        (
            // Before the fix the sentence said "Try again after sk-live-DO-NOT-LEAK-1234."
            "429 with the key as Retry-After",
            Fault::json(429, json!({"message": "slow down"})).with_header("retry-after", KEY),
            "Too many requests (429): slow down. Wait a moment before trying again.".into(),
        ),
        (
            // The key straddles the 600-character cut of the details excerpt. Before the fix
            // the excerpt was cut first and scrubbed second, so the key's first characters
            // survived.
            "502 page with the key across the excerpt cut",
            Fault::respond(
                502,
                "text/html",
                format!("<html>{}{KEY}</html>", "a".repeat(580)),
            ),
            "The server failed (502): it sent an HTML error page: try again later.".into(),
        ),
        (
            "200 with the key as the token",
            Fault::json(200, json!({"sessionToken": KEY})),
            "The server's sessionToken is not a JWT: a JWT has three parts separated by dots, this has 1.".into(),
        ),
        (
            "200 plain text quoting the key",
            Fault::respond(200, "text/plain", format!("hello {KEY}")),
            "The server answered with plain text instead of JSON (status 200).".into(),
        ),
    ]
}

fn assert_error_holds_no_key(case: &str, error: &ApiError) {
    assert_no_key(&error.to_string(), KEY, &format!("{case}: the sentence"));
    assert_no_key(&format!("{error:?}"), KEY, &format!("{case}: Debug"));
    if let Some(reply) = error.reply() {
        assert_no_key(&reply.to_string(), KEY, &format!("{case}: the details"));
    }
}

#[test]
fn a_server_echoing_the_key_never_gets_it_printed() {
    let queue = FaultQueue::default();
    let sandbox = Sandbox::start(Config {
        next_faults: queue.clone(),
        ..Config::default()
    })
    .unwrap();
    let client = Client::new(&sandbox.base_url(), Duration::from_secs(5)).unwrap();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let p = preset("stateful-persona.json");
    for (case, fault, sentence) in echoes() {
        // In process: the error's sentence, details and Debug.
        queue.push(fault.clone());
        let error = runtime.block_on(client.mint(&key(), &body())).unwrap_err();
        assert_eq!(error.to_string(), sentence, "{case}");
        if case.contains("split by escapes") {
            // Only the sentence: the raw reply in the details shows the escape as the six
            // characters `\u001b` (JSON escapes control characters), so the server's text is
            // shown as it was sent. What matters is that dropping the control character from
            // the message did not rebuild an unscrubbed key.
            assert_no_key(&error.to_string(), KEY, case);
        } else {
            assert_error_holds_no_key(case, &error);
        }
        // And the CLI, at trace level.
        queue.push(fault);
        let out = cli_env(
            &[
                "mint",
                "--preset",
                p.to_str().unwrap(),
                "--base-url",
                &sandbox.base_url(),
            ],
            &[("ANAM_API_KEY", KEY), ("ANAM_STUDIO_LOG", "trace")],
        );
        assert_eq!(out.status.code(), Some(1), "{case}");
        assert_eq!(text(&out.stdout), "", "{case}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.ends_with(&format!("anam-studio: {sentence}\n")),
            "{case}: {stderr}"
        );
        assert_no_key(&stderr, KEY, &format!("{case}: CLI stderr"));
    }
}

#[test]
fn a_successful_mint_logs_no_key_even_at_trace_and_writes_nothing_holding_it() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let presets = h.join("presets");
    anam_studio::store::preset::seed(&presets).unwrap();
    let p = presets.join("stateful-persona.json");
    let before = std::fs::read(&p).unwrap();
    let out = cli_env(
        &[
            "mint",
            "--preset",
            p.to_str().unwrap(),
            "--base-url",
            &sandbox.base_url(),
            "--json",
        ],
        &[
            ("ANAM_API_KEY", KEY),
            ("ANAM_STUDIO_LOG", "trace"),
            ("HOME", h.to_str().unwrap()),
            ("XDG_CONFIG_HOME", h.join("config").to_str().unwrap()),
            ("XDG_DATA_HOME", h.join("data").to_str().unwrap()),
            ("XDG_CACHE_HOME", h.join("cache").to_str().unwrap()),
            ("XDG_STATE_HOME", h.join("state").to_str().unwrap()),
        ],
    );
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("TRACE"),
        "trace logging is on, so the check means something"
    );
    assert!(
        stderr.contains("connected to 127.0.0.1"),
        "the exchange itself was logged: {stderr}"
    );
    assert_no_key(&stderr, KEY, "trace log of a success");
    assert_no_key(&stdout, KEY, "the minted token and claims");
    assert_eq!(
        std::fs::read(&p).unwrap(),
        before,
        "the preset is untouched"
    );
    for (path, bytes) in all_files(h) {
        assert_no_key(
            &String::from_utf8_lossy(&bytes),
            KEY,
            &path.display().to_string(),
        );
    }
}

#[test]
fn debug_of_everything_that_holds_a_key_is_redacted() {
    let client = Client::new("https://api.anam.ai", Duration::from_secs(5)).unwrap();
    let mint = Request::Mint {
        id: 1,
        base_url: "https://api.anam.ai".into(),
        key: key(),
        body: body(),
        timeout: Duration::from_secs(5),
    };
    let test_key = Request::TestKey {
        id: 2,
        base_url: "https://api.anam.ai".into(),
        key: key(),
        timeout: Duration::from_secs(5),
    };
    for (what, debug) in [
        ("ApiKey", format!("{:?} {}", key(), key())),
        ("Option<ApiKey>", format!("{:?}", Some(key()))),
        ("api::Client", format!("{client:?}")),
        ("worker::Request::Mint", format!("{mint:?}")),
        ("worker::Request::TestKey", format!("{test_key:?}")),
        ("keychain::resolve", {
            let keychain = anam_studio::store::keychain::Keychain::unavailable("tests");
            format!(
                "{:?}",
                anam_studio::store::keychain::resolve(Some(KEY), &keychain, "https://api.anam.ai")
            )
        }),
    ] {
        assert_no_key(&debug, KEY, what);
    }
    assert!(format!("{mint:?}").contains("ApiKey(***)"));
}

#[test]
fn the_copied_curl_command_never_holds_the_key() {
    for (name, text) in anam_studio::store::preset::SHIPPED {
        let body: Value = serde_json::from_str(text).unwrap();
        let curl = api::curl_command("https://api.anam.ai", &body);
        assert!(
            curl.contains("Authorization: Bearer $ANAM_API_KEY"),
            "{name}: {curl}"
        );
        assert_no_key(&curl, KEY, name);
    }
}

// ----- plain http -----

#[test]
fn plain_http_to_a_host_that_is_not_loopback_is_refused_before_any_connection() {
    // `Client::new` is synchronous and has no runtime: it cannot have connected, or even looked
    // the name up (`.invalid` would fail as a DNS error, not this one).
    for (url, host) in [
        ("http://example.invalid", "example.invalid"),
        ("http://api.anam.ai/", "api.anam.ai"),
        ("http://0.0.0.0:1", "0.0.0.0"),
        (
            "http://localhost.example.invalid:8080",
            "localhost.example.invalid",
        ),
    ] {
        let err = Client::new(url, Duration::from_secs(1)).unwrap_err();
        assert_eq!(err, ApiError::Insecure { host: host.into() }, "{url}");
    }

    // 0.0.0.0 reaches this machine's listeners, but it is not a loopback name: the CLI refuses it
    // and the listener never sees a connection.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let port = listener.local_addr().unwrap().port();
    let p = preset("stateful-persona.json");
    let base = format!("http://0.0.0.0:{port}");
    let out = cli_env(
        &["mint", "--preset", p.to_str().unwrap(), "--base-url", &base],
        &[("ANAM_API_KEY", KEY), ("ANAM_STUDIO_LOG", "trace")],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert!(
        stderr.ends_with(
            "anam-studio: Refusing to send the API key over plain http:// to 0.0.0.0: use https:// (plain http is only allowed for localhost).\n"
        ),
        "{stderr}"
    );
    // The HTTP stack logs every connection it starts (at trace, as here); other lines (the
    // keychain's D-Bus attempt, say) are not connections to the server.
    assert!(
        !stderr
            .lines()
            .any(|l| l.contains("hyper") || l.contains("reqwest")),
        "no connection was even started: {stderr}"
    );
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "nothing connected"
    );
    assert_no_key(&stderr, KEY, "the refusal");

    // The app's worker refuses it the same way.
    let mut worker = Worker::start(|| {}).unwrap();
    let id = worker.next_id();
    worker.send(Request::Mint {
        id,
        base_url: "http://example.invalid".into(),
        key: key(),
        body: body(),
        timeout: Duration::from_secs(1),
    });
    match worker.recv_timeout(Duration::from_secs(5)) {
        Some(Event::Failed { error, .. }) => assert_eq!(
            error.to_string(),
            "Refusing to send the API key over plain http:// to example.invalid: use https:// (plain http is only allowed for localhost)."
        ),
        other => panic!("expected the refusal, got {other:?}"),
    }
}

// ----- the GUI -----

/// Every label, value and description in the window, as one text.
fn screen_text(h: &Harness<'_, App>) -> String {
    let mut all = String::new();
    for node in h.query_all(By::new().include_labels()) {
        let n = node.accesskit_node();
        for part in [n.label(), n.value(), n.description()]
            .into_iter()
            .flatten()
        {
            all.push_str(&part);
            all.push('\n');
        }
    }
    all
}

#[test]
fn gui_with_the_key_in_the_environment_never_shows_copies_or_saves_it() {
    let dir = tempfile::tempdir().unwrap();
    let queue = FaultQueue::default();
    queue.push(Fault::json(
        400,
        json!({"message": format!("bad key {KEY}")}),
    ));
    let mut h = Setup::new(dir.path())
        .env_key(KEY)
        .sandbox(sandbox::Config {
            // Only this key mints: a success proves the app sent the key from the environment.
            required_key: Some(KEY.into()),
            next_faults: queue,
            ..sandbox::Config::default()
        })
        .timeout(Duration::from_secs(5))
        .build();
    let mut seen = Vec::new();

    // A failure whose reply quotes the key: banner and details.
    h.get_by_label("Mint").click();
    step_until(&mut h, "the failure", |app| app.banner().is_some());
    assert_eq!(
        h.state().banner().unwrap().sentence,
        "The API rejected the request (400): bad key ***"
    );
    h.get_by_label("Details").click();
    h.run_ok();
    h.get_by_label_contains("HTTP 400");
    seen.push(screen_text(&h));
    seen.push(format!("{:?}", h.state().banner()));

    // A success (the sandbox accepts only the key from ANAM_API_KEY), the token copied.
    h.get_by_label("Mint").click();
    step_until(&mut h, "the token", |app| app.tokens().current().is_some());
    h.get_by_label("Copy token").click();
    h.run_ok();
    seen.push(screen_text(&h));

    // The Body tab and Copy as curl; then a save.
    h.get_by_label("Body").click();
    h.run_ok();
    h.get_by_label("Copy as curl").click();
    h.run_ok();
    seen.push(screen_text(&h));
    let saved = h.state().presets_dir().join(format!(
        "{}.json",
        h.state().current_preset().expect("a preset is open")
    ));
    let before = std::fs::read_to_string(&saved).unwrap();
    h.get_by_label("Form").click();
    h.run_ok();
    h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Client label")
        .set_text_value_accesskit("saved-after-minting");
    h.run_ok();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_ok();
    seen.push(h.state().window_title());
    let after = std::fs::read_to_string(&saved).unwrap();
    assert_ne!(after, before, "the save under test wrote the preset");
    assert!(after.contains("saved-after-minting"), "{after}");

    let copied = copied(&h);
    assert!(
        copied.iter().any(|c| c.contains("$ANAM_API_KEY")),
        "the curl text was copied: {copied:?}"
    );
    assert!(copied.len() >= 2, "token and curl copied: {copied:?}");
    seen.extend(copied);
    for (i, text) in seen.iter().enumerate() {
        assert_no_key(text, KEY, &format!("the GUI (check {i})"));
    }
    let files = all_files(dir.path());
    for (path, bytes) in files {
        assert_no_key(
            &String::from_utf8_lossy(&bytes),
            KEY,
            &path.display().to_string(),
        );
    }
}
