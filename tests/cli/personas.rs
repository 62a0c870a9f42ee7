//! Saved personas against the sandbox over loopback: push then pull gives back the same
//! settings, an update sends only the changed fields (read from the sandbox's request log), a dry
//! run changes nothing, and the guards (no terminal, Production's typed name) stop a push.

use crate::common;

use crate::common::{cli, text};
use anam_studio::api::{ApiError, Client};
use anam_studio::core::contract::RequestBody;
use anam_studio::core::persona;
use anam_studio::core::secrets::ApiKey;
use anam_studio::sandbox::catalog::DEMO_PERSONA;
use anam_studio::sandbox::{self, Records, Sandbox};
use serde_json::{Value, json};
use std::path::Path;
use std::time::Duration;

fn start() -> (Sandbox, Records) {
    common::sandbox_with_records()
}

fn write(dir: &Path, name: &str, body: Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(&body).unwrap()).unwrap();
    path.to_string_lossy().into_owned()
}

fn load(path: &Path) -> RequestBody {
    RequestBody::parse(&std::fs::read(path).unwrap()).unwrap()
}

fn new_persona() -> Value {
    json!({
        "clientLabel": "stays/in/the/preset",
        "personaConfig": {
            "name": "Nova",
            "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
            "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
            "systemPrompt": "You are Nova. Keep it short.",
            "skipGreeting": true,
            "languageCode": "en",
            "maxSessionLengthSeconds": 300,
            "voiceGenerationOptions": {"stability": 0.4, "similarityBoost": 0.8, "speed": 1.05}
        }
    })
}

#[test]
fn push_then_pull_gives_back_the_same_settings() {
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let preset = write(dir.path(), "nova.json", new_persona());
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--yes",
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with("Create a persona in Sandbox (\"Nova\"):\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  Speed (personaConfig.voiceGenerationOptions.speed): absent → 1.05"),
        "{stdout}"
    );
    assert!(
        stdout.contains("Max session length (personaConfig.maxSessionLengthSeconds)"),
        "{stdout}"
    );
    let id = stdout
        .lines()
        .last()
        .and_then(|l| l.strip_prefix("Created persona "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no id in {stdout}"))
        .to_string();
    // What was created is what the preset's persona fields say, and nothing of the session's.
    let posted = records.requests_to("POST", "/v1/personas");
    assert_eq!(posted.len(), 1);
    let sent = posted[0].body.clone().unwrap();
    assert!(sent.get("clientLabel").is_none() && sent.get("maxSessionLengthSeconds").is_none());
    assert_eq!(sent["voiceGenerationOptions"]["speed"], json!(1.05));

    let pulled = dir.path().join("pulled.json");
    let out = cli(
        &[
            "persona",
            "pull",
            &id,
            "--out",
            pulled.to_str().unwrap(),
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pulled = load(&pulled);
    let original = RequestBody::parse(new_persona().to_string().as_bytes()).unwrap();
    for key in persona::PUSHED {
        let path = format!("personaConfig.{key}");
        assert_eq!(pulled.get(&path), original.get(&path), "{path}");
    }
    // Pushing the pulled settings again would change nothing.
    let client = Client::new(&base, Duration::from_secs(10)).unwrap();
    let key = ApiKey::new("demo").unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let detail = rt.block_on(client.persona(&key, &id)).unwrap();
    assert!(persona::plan_update(&original, &detail).unwrap().is_noop());
    // And the list shows it.
    let out = cli(
        &["list", "personas", "--search", "Nova", "--base-url", &base],
        Some("demo"),
        None,
    );
    assert!(text(&out.stdout).contains(&id), "{}", text(&out.stdout));
}

/// The sandbox's Cara persona pulled into a preset whose voice speed is then changed.
fn faster_cara(base: &str, dir: &Path) -> String {
    let pulled = dir.join("cara.json");
    let out = cli(
        &[
            "persona",
            "pull",
            DEMO_PERSONA,
            "--out",
            pulled.to_str().unwrap(),
            "--base-url",
            base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let mut body = load(&pulled);
    assert_eq!(
        body.get("personaConfig.voiceGenerationOptions.speed"),
        Some(&json!(1))
    );
    body.set("personaConfig.voiceGenerationOptions.speed", json!(1.1));
    write(dir, "cara-faster.json", body.into_value())
}

#[test]
fn an_update_sends_only_the_changed_fields() {
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let preset = faster_cara(&base, dir.path());
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--id",
            DEMO_PERSONA,
            "--yes",
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("Update persona 3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21 in Sandbox (\"Cara — product demo\"):\n  Speed (personaConfig.voiceGenerationOptions.speed): 1 → 1.1\n"),
        "{stdout}"
    );
    let puts = records.requests_to("PUT", "/v1/personas/");
    assert_eq!(puts.len(), 1);
    let sent = puts[0].body.clone().unwrap();
    let keys: Vec<&String> = sent.as_object().unwrap().keys().collect();
    assert_eq!(
        keys,
        ["voiceGenerationOptions"],
        "only the changed field: {sent}"
    );
    assert_eq!(sent["voiceGenerationOptions"]["speed"], json!(1.1));
    assert_eq!(
        sent["voiceGenerationOptions"]["stability"],
        json!(0.5),
        "sent whole"
    );
    // The persona has it now, and the same push again sends nothing.
    let out = cli(
        &["persona", "pull", DEMO_PERSONA, "--base-url", &base],
        Some("demo"),
        None,
    );
    let now = RequestBody::parse(&out.stdout).unwrap();
    assert_eq!(
        now.get("personaConfig.voiceGenerationOptions.speed"),
        Some(&json!(1.1))
    );
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--id",
            DEMO_PERSONA,
            "--yes",
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("Nothing to push"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(records.requests_to("PUT", "/v1/personas/").len(), 1);
}

#[test]
fn a_dry_run_prints_the_diff_and_changes_nothing() {
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let preset = faster_cara(&base, dir.path());
    for extra in [vec!["--dry-run"], vec!["--dry-run", "--yes"]] {
        let mut args = vec![
            "persona",
            "push",
            "--preset",
            &preset,
            "--id",
            DEMO_PERSONA,
            "--base-url",
            &base,
        ];
        args.extend(extra);
        let out = cli(&args, Some("demo"), None);
        assert!(out.status.success(), "{}", text(&out.stderr));
        assert!(
            text(&out.stdout)
                .contains("Speed (personaConfig.voiceGenerationOptions.speed): 1 → 1.1")
        );
        assert!(text(&out.stderr).contains("Dry run: nothing was sent."));
    }
    let new = write(dir.path(), "nova.json", new_persona());
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &new,
            "--dry-run",
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(
        records.requests_to("PUT", "/").is_empty()
            && records.requests_to("POST", "/v1/personas").is_empty()
    );
    assert!(
        records.personas().is_empty(),
        "the sandbox was given nothing"
    );
}

#[test]
fn without_a_terminal_or_yes_nothing_is_pushed() {
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let preset = faster_cara(&base, dir.path());
    // `cli` gives the binary no stdin (not a terminal).
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--id",
            DEMO_PERSONA,
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(!out.status.success());
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Not on a terminal, so nothing was pushed"),
        "{stderr}"
    );
    // One sentence (the rest of stderr is the debug log `cli` turns on).
    let said: Vec<&str> = stderr
        .lines()
        .filter(|l| l.starts_with("anam-studio:"))
        .collect();
    assert_eq!(said.len(), 1, "{stderr}");
    assert!(
        text(&out.stdout).contains("→ 1.1"),
        "the diff is still shown"
    );
    assert!(records.requests_to("PUT", "/").is_empty());
}

#[test]
fn production_wants_the_persona_name_before_anything_is_sent() {
    let dir = tempfile::tempdir().unwrap();
    let preset = write(dir.path(), "nova.json", new_persona());
    let prod = "https://api.anam.ai";
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--yes",
            "--base-url",
            prod,
        ],
        Some("demo"),
        None,
    );
    assert!(!out.status.success());
    assert!(text(&out.stdout).starts_with("Create a persona in Production (\"Nova\"):"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("--confirm-name \"Nova\""), "{stderr}");
    assert!(stderr.contains("nothing was pushed"), "{stderr}");
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--yes",
            "--confirm-name",
            "nova",
            "--base-url",
            prod,
        ],
        Some("demo"),
        None,
    );
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("Not confirmed: type the persona's name \"Nova\" exactly"),
        "{}",
        text(&out.stderr)
    );
    // The guard itself, as the GUI's dialog uses it.
    assert!(persona::confirm_typed("Nova", "Nova").is_ok());
    assert!(persona::confirm_typed("Nova!", "Nova").is_err());
}

#[test]
fn the_sandbox_refuses_as_the_api_does() {
    let records = Records::default();
    let sandbox = Sandbox::start(sandbox::Config {
        required_key: Some("right".into()),
        records: records.clone(),
        ..Default::default()
    })
    .unwrap();
    let client = Client::new(&sandbox.base_url(), Duration::from_secs(10)).unwrap();
    let key = ApiKey::new("right").unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    let settings = |v: Value| v.as_object().unwrap().clone();
    let e = rt
        .block_on(client.update_persona(&key, "no-such-persona", &settings(json!({"name": "x"}))))
        .unwrap_err();
    assert!(matches!(e, ApiError::NoSuchPersona { .. }), "{e}");
    assert!(
        e.to_string()
            .starts_with("No persona has the id \"no-such-persona\" (404)")
    );
    let e = rt
        .block_on(client.update_persona(
            &key,
            DEMO_PERSONA,
            &settings(json!({"voiceGenerationOptions": {"speed": 9}})),
        ))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("(400): voiceGenerationOptions.speed: "),
        "{e}"
    );
    let e = rt
        .block_on(client.create_persona(
            &key,
            &settings(json!({"avatarId": "nope", "voiceId": "nope"})),
        ))
        .unwrap_err();
    assert!(
        e.to_string()
            .contains("avatarId: no avatar has the id \"nope\""),
        "{e}"
    );
    let e = rt
        .block_on(client.create_persona(&key, &settings(json!({"name": "x"}))))
        .unwrap_err();
    assert!(e.to_string().contains("avatarId is required"), "{e}");
    let wrong = ApiKey::new("wrong").unwrap();
    let e = rt
        .block_on(client.create_persona(&wrong, &settings(json!({"name": "x"}))))
        .unwrap_err();
    assert!(matches!(e, ApiError::Unauthorized { .. }), "{e}");
    assert!(records.personas().is_empty(), "nothing refused was kept");
    // The CLI says the 404 in one sentence, before any diff.
    let dir = tempfile::tempdir().unwrap();
    let preset = write(dir.path(), "nova.json", new_persona());
    let out = cli(
        &[
            "persona",
            "push",
            "--preset",
            &preset,
            "--id",
            "gone",
            "--dry-run",
            "--base-url",
            &sandbox.base_url(),
        ],
        Some("right"),
        None,
    );
    assert!(!out.status.success());
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("No persona has the id \"gone\" (404)"),
        "{}",
        text(&out.stderr)
    );
}

/// Saved tools travel by id, with zero data retention; inline tools and director notes stay in
/// the preset, each said with its reason; a pull brings the ids back.
#[test]
fn push_sends_tool_ids_and_zero_data_retention_and_says_why_inline_tools_stay() {
    use anam_studio::sandbox::tools::{CHECK_ORDER_STATUS, SEARCH_HELP_CENTER};
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let mut body = new_persona();
    let config = body["personaConfig"].as_object_mut().unwrap();
    config.insert(
        "toolIds".into(),
        json!([CHECK_ORDER_STATUS, SEARCH_HELP_CENTER]),
    );
    config.insert("zeroDataRetention".into(), json!(true));
    config.insert(
        "tools".into(),
        json!([{"type": "client", "name": "open_modal", "description": "Opens a modal.",
                "parameters": {"type": "object", "properties": {}}}]),
    );
    let preset = write(dir.path(), "tools.json", body);
    let args = [
        "persona",
        "push",
        "--preset",
        &preset,
        "--yes",
        "--base-url",
        &base,
    ];
    let out = cli(&args, Some("demo"), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains(
            "Not pushed: Tools (personaConfig.tools): a saved persona refers to tools by id, so tools defined inline cannot be pushed"
        ),
        "{stdout}"
    );
    let posted = records.requests_to("POST", "/v1/personas");
    let sent = posted[0].body.clone().unwrap();
    assert_eq!(
        sent["toolIds"],
        json!([CHECK_ORDER_STATUS, SEARCH_HELP_CENTER])
    );
    assert_eq!(sent["zeroDataRetention"], json!(true));
    assert!(sent.get("tools").is_none(), "{sent}");
    let created = records.personas().pop().unwrap();
    let id = created["id"].as_str().unwrap().to_string();

    let pulled = dir.path().join("pulled.json");
    let out = cli(
        &[
            "persona",
            "pull",
            &id,
            "--out",
            pulled.to_str().unwrap(),
            "--base-url",
            &base,
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let pulled = load(&pulled);
    assert_eq!(
        pulled.get("personaConfig.toolIds"),
        Some(&json!([CHECK_ORDER_STATUS, SEARCH_HELP_CENTER]))
    );
    assert_eq!(
        pulled.get("personaConfig.zeroDataRetention"),
        Some(&json!(true))
    );

    // A tool id the sandbox does not have: the API's 400, in one sentence.
    let mut body = new_persona();
    body["personaConfig"]["toolIds"] = json!(["no-such-tool"]);
    let preset = write(dir.path(), "unknown.json", body);
    let args = [
        "persona",
        "push",
        "--preset",
        &preset,
        "--yes",
        "--base-url",
        &base,
    ];
    let out = cli(&args, Some("demo"), None);
    assert!(!out.status.success());
    assert!(
        text(&out.stderr).contains("toolIds: no tool has the id \"no-such-tool\""),
        "{}",
        text(&out.stderr)
    );
}
