//! Sessions against the sandbox over loopback: a mint fills the environment's clientLabel
//! template, the session is found by that label, it ends with a length and a transcript, and the
//! worker answers the requests the GUI will send.

use crate::common::{DEADLINE, cli_env, preset, text};
use anam_studio::core::persona::Push;
use anam_studio::core::secrets::ApiKey;
use anam_studio::core::session::{SessionQuery, session_for_mint};
use anam_studio::sandbox::{self, Records, Sandbox};
use anam_studio::worker::{Event, Request, Worker};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

fn start(length: Duration) -> (Sandbox, Records) {
    let records = Records::default();
    let sandbox = Sandbox::start(sandbox::Config {
        records: records.clone(),
        session_length: length,
        ..Default::default()
    })
    .unwrap();
    (sandbox, records)
}

/// A shipped preset without its own clientLabel (they all have one), as `name` in `dir`.
fn unlabelled(dir: &Path, name: &str) -> std::path::PathBuf {
    let mut body: Value =
        serde_json::from_slice(&std::fs::read(preset("cartesia-calm-support.json")).unwrap())
            .unwrap();
    body.as_object_mut().unwrap().remove("clientLabel");
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    path
}

/// A config.json with a template for the Sandbox.
fn config(dir: &Path, template: &str) -> String {
    let path = dir.join("config.json");
    std::fs::write(
        &path,
        json!({"labelTemplates": {"Sandbox": template}}).to_string(),
    )
    .unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn a_minted_token_is_labelled_and_its_session_found_by_the_label() {
    let (sandbox, records) = start(Duration::from_secs(600));
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "qa/{preset}/{user}/{time}");
    let envs = [
        ("ANAM_API_KEY", "demo"),
        ("ANAM_STUDIO_CONFIG", cfg.as_str()),
        ("USER", "tester"),
    ];
    let file = unlabelled(dir.path(), "calm-support.json");
    let before = std::fs::read(&file).unwrap();
    let out = cli_env(
        &[
            "mint",
            "--preset",
            file.to_str().unwrap(),
            "--base-url",
            &base,
        ],
        &envs,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    let label = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Client label: "))
        .unwrap_or_else(|| panic!("no label in {stderr}"))
        .to_string();
    assert!(label.starts_with("qa/calm-support/tester/20"), "{label}");
    assert!(label.ends_with('Z') && !label.contains(':'), "{label}");
    // The label was sent, and the preset was left as it was.
    let sent = records.requests_to("POST", "/v1/auth/session-token");
    assert_eq!(sent[0].body.as_ref().unwrap()["clientLabel"], json!(label));
    assert_eq!(std::fs::read(&file).unwrap(), before);

    let out = cli_env(
        &[
            "sessions",
            "list",
            "--label",
            "qa/calm-support/tester",
            "--base-url",
            &base,
        ],
        &envs,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let table = text(&out.stdout);
    assert!(table.starts_with("ID"), "{table}");
    assert_eq!(table.lines().count(), 2, "{table}");
    assert!(table.contains(&label) && table.contains("live"), "{table}");
    let out = cli_env(
        &["sessions", "list", "--label", "nobody", "--base-url", &base],
        &envs,
    );
    assert!(out.status.success());
    assert_eq!(text(&out.stdout), "");
    assert!(text(&out.stderr).contains("No sessions match \"nobody\"."));
    let out = cli_env(&["sessions", "list", "--json", "--base-url", &base], &envs);
    let listed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(listed[0]["clientLabel"], json!(label));
    assert_eq!(listed[0]["id"], json!(records.sessions()[0].id));
}

#[test]
fn a_label_in_the_preset_wins_over_the_template() {
    let (sandbox, records) = start(Duration::from_secs(600));
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), "qa/{preset}");
    let own = dir.path().join("own.json");
    let mut body: Value =
        serde_json::from_slice(&std::fs::read(preset("cartesia-calm-support.json")).unwrap())
            .unwrap();
    body["clientLabel"] = json!("mine/exactly");
    std::fs::write(&own, body.to_string()).unwrap();
    let envs = [
        ("ANAM_API_KEY", "demo"),
        ("ANAM_STUDIO_CONFIG", cfg.as_str()),
    ];
    let out = cli_env(
        &[
            "mint",
            "--preset",
            own.to_str().unwrap(),
            "--base-url",
            &sandbox.base_url(),
        ],
        &envs,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        !text(&out.stderr).contains("Client label"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        records.sessions()[0].client_label.as_deref(),
        Some("mine/exactly")
    );
    // A template that cannot be filled stops the mint with one sentence.
    let bad = config(dir.path(), "qa/{host}");
    let out = cli_env(
        &[
            "mint",
            "--preset",
            unlabelled(dir.path(), "plain.json").to_str().unwrap(),
            "--base-url",
            &sandbox.base_url(),
        ],
        &[
            ("ANAM_API_KEY", "demo"),
            ("ANAM_STUDIO_CONFIG", bad.as_str()),
        ],
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("unknown placeholder {host}"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records.sessions().len(), 1);
}

#[test]
fn an_ended_session_shows_its_length_exit_status_and_transcript() {
    let (sandbox, records) = start(Duration::from_millis(300));
    let base = sandbox.base_url();
    let envs = [("ANAM_API_KEY", "demo")];
    let file = preset("stateful-persona.json");
    let out = cli_env(
        &[
            "mint",
            "--preset",
            file.to_str().unwrap(),
            "--base-url",
            &base,
        ],
        &envs,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    std::thread::sleep(Duration::from_millis(400));
    let id = records.sessions()[0].id.clone();
    let out = cli_env(
        &["sessions", "show", &id, "--transcript", "--base-url", &base],
        &envs,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    assert!(shown.starts_with(&format!("Session  {id}\n")), "{shown}");
    assert!(
        shown.contains("State    ended (closed by engine)\n"),
        "{shown}"
    );
    assert!(shown.contains("Length   0 s\n"), "{shown}");
    assert!(
        shown.contains("Persona  saved persona 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21\n"),
        "{shown}"
    );
    assert!(
        shown.contains("\nTranscript:\n  [0:00] persona: Hi, I'm Cara — product demo."),
        "{shown}"
    );
    assert!(shown.contains("(interrupted)"), "{shown}");
    let out = cli_env(
        &[
            "sessions",
            "show",
            &id,
            "--transcript",
            "--json",
            "--base-url",
            &base,
        ],
        &envs,
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["session"]["exitStatus"], json!("CLOSED_BY_ENGINE"));
    assert_eq!(json["session"]["sessionLengthMs"], json!(300));
    assert_eq!(
        json["transcript"]["messages"].as_array().map(Vec::len),
        Some(5)
    );
    let out = cli_env(
        &["sessions", "show", "no-such-session", "--base-url", &base],
        &envs,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("No session has the id \"no-such-session\" (404)"),
        "{}",
        text(&out.stderr)
    );
}

/// Sends one request to a worker and waits for its event.
fn ask(worker: &mut Worker, request: impl FnOnce(u64) -> Request) -> Event {
    let id = worker.next_id();
    worker.send(request(id));
    let event = worker.recv_timeout(DEADLINE).expect("an answer");
    assert_eq!(event.id(), id);
    event
}

#[test]
fn the_worker_pushes_and_finds_sessions_for_the_gui() {
    let (sandbox, records) = start(Duration::from_secs(600));
    let base = sandbox.base_url();
    let key = ApiKey::new("demo").unwrap();
    let timeout = Duration::from_secs(10);
    let mut worker = Worker::start(|| {}).unwrap();
    let settings = json!({
        "name": "Pushed", "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
        "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697"
    });
    let push = Push::Create {
        settings: settings.as_object().unwrap().clone(),
    };
    let event = ask(&mut worker, |id| Request::PushPersona {
        id,
        base_url: base.clone(),
        key: key.clone(),
        push,
        timeout,
    });
    let Event::PersonaPushed {
        result: Ok(persona),
        ..
    } = event
    else {
        panic!("{event:?}")
    };
    assert_eq!(persona.summary.name, "Pushed");
    // A mint with a label, found as the history entry would find it.
    let minted_at = chrono::Utc::now();
    let body = json!({"clientLabel": "studio/history/1", "personaConfig": {"personaId": persona.summary.id}});
    let event = ask(&mut worker, |id| Request::Mint {
        id,
        base_url: base.clone(),
        key: key.clone(),
        body,
        timeout,
    });
    assert!(matches!(event, Event::Minted { .. }), "{event:?}");
    let event = ask(&mut worker, |id| Request::FetchSessions {
        id,
        base_url: base.clone(),
        key: key.clone(),
        query: SessionQuery::by_label("studio/history/1"),
        timeout,
    });
    let Event::Sessions {
        result: Ok(page), ..
    } = event
    else {
        panic!("{event:?}")
    };
    let found = session_for_mint(&page.data, "studio/history/1", minted_at).expect("found");
    assert_eq!(
        found.persona_id.as_deref(),
        Some(persona.summary.id.as_str())
    );
    let session_id = found.id.clone();
    let event = ask(&mut worker, |id| Request::FetchSession {
        id,
        base_url: base.clone(),
        key: key.clone(),
        session_id: session_id.clone(),
        timeout,
    });
    let Event::Session {
        result: Ok(detail), ..
    } = event
    else {
        panic!("{event:?}")
    };
    assert_eq!(detail.summary.state_text(), "live");
    let event = ask(&mut worker, |id| Request::FetchTranscript {
        id,
        base_url: base.clone(),
        key: key.clone(),
        session_id,
        timeout,
    });
    let Event::Transcript { result: Ok(t), .. } = event else {
        panic!("{event:?}")
    };
    assert_eq!(t.persona_name.as_deref(), Some("Pushed"));
    assert!(
        t.lines()[0].contains("persona: Hi, I'm Pushed."),
        "{:?}",
        t.lines()
    );
    let event = ask(&mut worker, |id| Request::FetchSession {
        id,
        base_url: base.clone(),
        key: key.clone(),
        session_id: "gone".into(),
        timeout,
    });
    let Event::Session { result: Err(e), .. } = event else {
        panic!("{event:?}")
    };
    assert!(
        e.to_string().starts_with("No session has the id \"gone\""),
        "{e}"
    );
    assert_eq!(records.sessions().len(), 1);
}
