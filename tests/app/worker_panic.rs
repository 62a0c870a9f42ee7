//! A panic inside a worker request (a bug) is answered like a failure: whatever waits for the
//! answer stops waiting, with one sentence, and neither the panic hook's output, the logs, nor
//! the event hold the key. The panic is injected through the worker's request seam
//! (`Worker::start_with`, `AppConfig::requests`) while a real key is held by the request.
//!
//! This binary owns the process-wide panic hook and tracing subscriber, so it is its own file.

use crate::common::{LEAKY_KEY as KEY, assert_no_key};
use crate::harness::{Setup, step_until};
use anam_studio::api::ApiError;
use anam_studio::core::secrets::ApiKey;
use anam_studio::worker::{self, Event, Request, Requests, Worker};
use egui::accesskit::Role;
use egui_kittest::kittest::Queryable as _;
use futures_util::FutureExt as _;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// What the panic hook and the logs printed, for the whole test binary.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Captured {
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Installs, once, a panic hook that records what the default hook prints (and still prints
/// it), and a subscriber that records every log line at `trace`.
fn capture() -> Captured {
    static CAPTURED: OnceLock<Captured> = OnceLock::new();
    CAPTURED
        .get_or_init(|| {
            let captured = Captured::default();
            let hook_out = captured.clone();
            let default_hook = std::panic::take_hook();
            std::panic::set_hook(Box::new(move |info| {
                let _ = writeln!(hook_out.clone(), "panic hook: {info}");
                default_hook(info);
            }));
            let log_out = captured.clone();
            let subscriber = tracing_subscriber::fmt()
                .with_max_level(tracing::Level::TRACE)
                .with_ansi(false)
                .with_writer(move || log_out.clone())
                .finish();
            tracing::subscriber::set_global_default(subscriber).unwrap();
            captured
        })
        .clone()
}

/// Requests that panic, quoting the command as a careless `expect` would; an image request is
/// carried out for real (no network needed for the refusal it gets).
fn panicking() -> Requests {
    Arc::new(|command: Request| {
        async move {
            if let Request::FetchImage { .. } = command {
                return worker::perform(command).await;
            }
            panic!("unexpected request: {command:?}")
        }
        .boxed()
    })
}

fn key() -> ApiKey {
    ApiKey::new(KEY).unwrap()
}

fn internal(error: &ApiError, doing: &str) {
    assert_eq!(
        error.to_string(),
        format!(
            "Something went wrong inside anam-studio while {doing} (a bug, not the server): try again, and report it if it happens again."
        )
    );
}

#[test]
fn a_panicking_request_is_answered_with_a_failure_and_the_worker_goes_on() {
    let captured = capture();
    let worker = Worker::start_with(|| {}, panicking()).unwrap();
    let base_url = "https://api.anam.ai".to_string();
    let timeout = Duration::from_secs(5);
    worker.send(Request::Mint {
        id: 1,
        base_url: base_url.clone(),
        key: key(),
        body: json!({"clientLabel": "x"}),
        timeout,
    });
    worker.send(Request::TestKey {
        id: 2,
        base_url: base_url.clone(),
        key: key(),
        timeout,
    });
    worker.send(Request::FetchCatalog {
        id: 3,
        base_url: base_url.clone(),
        key: key(),
        timeout,
    });
    worker.send(Request::FetchPersona {
        id: 4,
        base_url,
        key: key(),
        persona_id: "p".into(),
        timeout,
    });
    let mut seen = Vec::new();
    for _ in 0..4 {
        let event = worker
            .recv_timeout(Duration::from_secs(30))
            .expect("every request is answered, panic or not");
        assert_no_key(&format!("{event:?}"), KEY, "the event");
        match &event {
            Event::Failed { id: 1, error } => internal(error, "minting the token"),
            Event::KeyTested { id: 2, result } => {
                internal(result.as_ref().unwrap_err(), "testing the key")
            }
            Event::Catalog { id: 3, result } => {
                internal(result.as_ref().unwrap_err(), "loading the catalogs")
            }
            Event::Persona { id: 4, result } => {
                internal(result.as_ref().unwrap_err(), "loading the persona")
            }
            other => panic!("unexpected event {other:?}"),
        }
        seen.push(event.id());
    }
    seen.sort();
    assert_eq!(seen, [1, 2, 3, 4]);

    // The worker still answers after the panics.
    worker.send(Request::FetchImage {
        id: 5,
        url: "http://example.com/a.png".into(),
        timeout,
    });
    match worker.recv_timeout(Duration::from_secs(30)) {
        Some(Event::Image { id: 5, result, .. }) => assert!(result.is_err()),
        other => panic!("expected the image's answer, got {other:?}"),
    }

    let printed = captured.text();
    assert!(
        printed.contains("unexpected request: Mint"),
        "the hook saw the panic: {printed}"
    );
    assert!(
        printed.contains("a request panicked"),
        "the log says so: {printed}"
    );
    assert_no_key(&printed, KEY, "the panic hook's output and the logs");
}

#[test]
fn a_panic_while_minting_in_the_app_ends_minting_with_a_sentence() {
    let captured = capture();
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(dir.path())
        .env_key(KEY)
        .requests(panicking())
        .build();
    h.get_by_role_and_label(Role::Button, "Mint").click();
    h.run_ok();
    step_until(&mut h, "minting to end", |app| !app.is_minting());
    let banner = h.state().banner().expect("the failure is shown");
    assert!(
        banner
            .sentence
            .starts_with("Something went wrong inside anam-studio while minting the token"),
        "{}",
        banner.sentence
    );
    assert!(h.state().tokens().current().is_none());
    assert!(
        h.query_by_label_contains("Minting against").is_none(),
        "no progress is shown"
    );
    h.get_by_role_and_label(Role::Button, "Mint");
    assert_no_key(
        &captured.text(),
        KEY,
        "the panic hook's output and the logs",
    );
}
