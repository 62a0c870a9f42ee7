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

#[test]
fn show_with_the_preset_says_what_had_no_effect() {
    let (sandbox, records) = start(Duration::from_secs(600));
    let base = sandbox.base_url();
    let envs = [("ANAM_API_KEY", "demo")];
    let dir = tempfile::tempdir().unwrap();
    let mut body: Value =
        serde_json::from_slice(&std::fs::read(preset("cartesia-calm-support.json")).unwrap())
            .unwrap();
    body["personaConfig"]["avatarModel"] = json!("cara-3");
    body["personaConfig"]["directorNotes"] = json!({"presetStyle": "warm"});
    let file = dir.path().join("notes.json");
    std::fs::write(&file, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    let file = file.to_str().unwrap();
    let out = cli_env(&["mint", "--preset", file, "--base-url", &base], &envs);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let id = records.sessions()[0].id.clone();
    let show = |extra: &[&str]| {
        let mut args = vec![
            "sessions",
            "show",
            &id,
            "--preset",
            file,
            "--base-url",
            &base,
        ];
        args.extend_from_slice(extra);
        cli_env(&args, &envs)
    };
    let out = show(&[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let shown = text(&out.stdout);
    let section = shown
        .split_once("\nAsked for and ran with:\n")
        .expect("the section")
        .1;
    let lines: Vec<&str> = section.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "  1 setting asked for is not in what the session ran with.",
            "  Director notes: preset style: warm → not applied (Cara 3 avatar)  [asked but not in the snapshot]",
        ],
        "{shown}"
    );
    assert!(
        lines.contains(&"  Avatar model: cara-3 → cara-3"),
        "{shown}"
    );
    let out = show(&["--json"]);
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = json["askedAndRan"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "personaConfig.directorNotes.presetStyle")
        .cloned()
        .unwrap();
    assert_eq!(row["verdict"], "asked but not in the snapshot");
    // A preset that does not load fails before anything is sent.
    let requests = records.requests().len();
    let out = cli_env(
        &[
            "sessions",
            "show",
            &id,
            "--preset",
            "no-such.json",
            "--base-url",
            &base,
        ],
        &envs,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("no-such.json"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records.requests().len(), requests);
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

/// The session a body minted: minted, found by its label, and read in full.
fn minted_session(
    worker: &mut Worker,
    base: &str,
    body: Value,
) -> anam_studio::core::session::SessionDetail {
    let key = ApiKey::new("demo").unwrap();
    let timeout = Duration::from_secs(10);
    let label = body["clientLabel"].as_str().unwrap().to_string();
    let event = ask(worker, |id| Request::Mint {
        id,
        base_url: base.to_string(),
        key: key.clone(),
        body,
        timeout,
    });
    assert!(matches!(event, Event::Minted { .. }), "{event:?}");
    let event = ask(worker, |id| Request::FetchSessions {
        id,
        base_url: base.to_string(),
        key: key.clone(),
        query: SessionQuery::by_label(&label),
        timeout,
    });
    let Event::Sessions {
        result: Ok(page), ..
    } = event
    else {
        panic!("{event:?}")
    };
    let session_id = page.data[0].id.clone();
    let event = ask(worker, |id| Request::FetchSession {
        id,
        base_url: base.to_string(),
        key: key.clone(),
        session_id,
        timeout,
    });
    let Event::Session {
        result: Ok(detail), ..
    } = event
    else {
        panic!("{event:?}")
    };
    detail
}

#[test]
fn the_sandbox_reports_what_each_session_ran_with_in_the_engines_names() {
    use anam_studio::core::session::resolved::{Verdict, asked_and_ran};
    let (sandbox, records) = start(Duration::from_secs(600));
    let base = sandbox.base_url();
    let mut worker = Worker::start(|| {}).unwrap();
    let voice = "de23e340-1416-4dd8-977d-065a7ca11697";
    let persona = |model: &str| {
        json!({
            "name": "Cara", "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "avatarModel": model, "voiceId": voice, "systemPrompt": "Be brief.",
            "directorNotes": {"presetStyle": "happy"},
            "tools": [{"type": "client", "name": "open_page", "description": "Opens a page."}],
        })
    };
    // Cara 3: director notes stripped, the rest in the engine's names with the defaults filled.
    let asked = json!({"clientLabel": "snap/cara-3", "personaConfig": persona("cara-3")});
    let detail = minted_session(&mut worker, &base, asked.clone());
    let ran = detail.persona_config.clone().unwrap();
    assert_eq!(ran["type"], "ephemeral");
    assert_eq!(ran["avatarVersion"], "cara-3");
    assert!(ran.get("avatarModel").is_none() && ran.get("voiceId").is_none());
    assert!(ran.get("directorNotes").is_none(), "{ran}");
    assert_eq!(ran["zeroDataRetention"], false);
    assert_eq!(ran["ttsProvider"], "ELEVENLABS", "{ran}");
    assert!(ran["ttsProviderVoiceId"].is_string());
    assert_eq!(
        ran["llmConfig"]["llmId"],
        "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7"
    );
    assert_eq!(ran["tools"][0]["name"], "open_page");
    assert_eq!(ran["systemPrompt"], "Be brief.");
    // The reply as sent: the snapshot, and the tool calls (none: the sandbox runs no tools).
    assert_eq!(records.sessions()[0].resolved, ran);
    let id = &detail.summary.id;
    let raw = raw_get(&base, &format!("/v1/sessions/{id}"));
    assert_eq!(raw["personaConfig"], ran);
    assert_eq!(raw["toolCalls"], json!([]));
    let rows = asked_and_ran(&asked, &detail);
    let style = rows
        .iter()
        .find(|r| r.label == "Director notes: preset style")
        .expect("the row");
    assert_eq!(style.verdict, Verdict::Missing);
    assert_eq!(style.ran_with, "not applied (Cara 3 avatar)");

    // Cara 4 keeps them.
    let asked = json!({"clientLabel": "snap/cara-4", "personaConfig": persona("cara-4")});
    let detail = minted_session(&mut worker, &base, asked.clone());
    let ran = detail.persona_config.clone().unwrap();
    assert_eq!(ran["directorNotes"]["presetStyle"], "happy");
    let rows = asked_and_ran(&asked, &detail);
    assert!(!rows.iter().any(|r| r.verdict.marked()), "{rows:#?}");

    // A stateful session: the saved persona's settings, resolved the same way.
    let asked = json!({"clientLabel": "snap/saved", "personaConfig": {"personaId": anam_studio::sandbox::catalog::DEMO_PERSONA}});
    let detail = minted_session(&mut worker, &base, asked);
    let ran = detail.persona_config.unwrap();
    assert_eq!(ran["type"], "stateful");
    assert!(
        ran["name"].is_string() && ran["avatarVersion"].is_string(),
        "{ran}"
    );
    assert!(ran.get("brain").is_none() && ran.get("voice").is_none());
    assert_eq!(ran["zeroDataRetention"], false);
}

/// `GET path` on the sandbox with the demo key, over a plain socket: the reply's JSON as sent.
fn raw_get(base: &str, path: &str) -> Value {
    use std::io::{Read, Write};
    let host = base.trim_start_matches("http://").trim_end_matches('/');
    let mut stream = std::net::TcpStream::connect(host).unwrap();
    stream.set_read_timeout(Some(DEADLINE)).unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer demo\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut reply = String::new();
    stream.read_to_string(&mut reply).unwrap();
    let (head, body) = reply.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}
