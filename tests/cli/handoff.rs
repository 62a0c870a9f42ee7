//! The hand-off commands of the binary: `snippet`, `diff` (its exit codes), and what
//! `validate`, `mint` and `snippet` say about a body in an older shape.

use crate::common::{cli, preset, text};
use anam_studio::core::contract::RequestBody;
use anam_studio::core::snippet::{Lang, snippet};
use anam_studio::sandbox::{Config, Sandbox};

const OLDER: &str = r#"{
  "expiresIn": "1d",
  "personaConfig": {
    "id": "3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21"
  }
}
"#;

#[test]
fn snippet_prints_the_same_code_as_the_copy_menu() {
    let path = preset("elevenlabs-v2-sales-demo.json");
    let body = anam_studio::store::preset::load(&path)
        .unwrap()
        .into_value();
    for (name, lang) in [
        ("curl", Lang::Curl),
        ("js", Lang::Js),
        ("python", Lang::Python),
        ("sdk", Lang::Sdk),
    ] {
        let out = cli(
            &[
                "snippet",
                "--preset",
                path.to_str().unwrap(),
                "--lang",
                name,
                "--base-url",
                "https://API.anam.ai:443/",
            ],
            None,
            None,
        );
        assert!(out.status.success(), "{name}: {}", text(&out.stderr));
        let expected = snippet(lang, "https://api.anam.ai", &body);
        assert_eq!(text(&out.stdout).trim_end(), expected.trim_end(), "{name}");
    }
}

#[test]
fn snippet_refuses_a_url_that_would_send_the_key_in_the_clear_and_needs_a_body() {
    let out = cli(
        &[
            "snippet",
            "--lang",
            "js",
            "--base-url",
            "http://api.example.com",
        ],
        None,
        None,
    );
    assert!(!out.status.success());
    assert_eq!(text(&out.stdout), "");
    let path = preset("stateful-persona.json");
    let out = cli(
        &[
            "snippet",
            "--preset",
            path.to_str().unwrap(),
            "--lang",
            "js",
            "--base-url",
            "http://api.example.com",
        ],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        "anam-studio: Refusing to send the API key over plain http:// to api.example.com: use https:// (plain http is only allowed for localhost).\n"
    );
    let out = cli(&["snippet", "--lang", "python"], None, None);
    assert_eq!(
        text(&out.stderr),
        "anam-studio: --preset is needed for a curl, js or python snippet: it is the body they send.\n"
    );
    let out = cli(&["snippet", "--lang", "sdk"], None, None);
    assert!(out.status.success());
    assert!(text(&out.stdout).contains("createClient(sessionToken"));
}

#[test]
fn diff_exits_0_when_the_same_1_when_they_differ_and_2_when_a_file_cannot_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.json");
    let b = dir.path().join("b.json");
    std::fs::write(&a, "{\"personaConfig\": {\"name\": \"A\", \"x\": 1}}\n").unwrap();
    std::fs::write(&b, "{\"personaConfig\": {\"name\": \"A\", \"x\": 1.0}}").unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let same = cli(&["diff", a, b], None, None);
    assert_eq!(same.status.code(), Some(0));
    assert_eq!(
        (text(&same.stdout), text(&same.stderr)),
        (String::new(), String::new())
    );

    let c = dir.path().join("c.json");
    std::fs::write(
        &c,
        "{\"personaConfig\": {\"name\": \"B\", \"voiceId\": \"v\"}}",
    )
    .unwrap();
    let differ = cli(&["diff", a, c.to_str().unwrap()], None, None);
    assert_eq!(differ.status.code(), Some(1));
    assert_eq!(
        text(&differ.stdout),
        "Name (personaConfig.name): \"A\" → \"B\"\nVoice ID (personaConfig.voiceId): absent → \"v\"\npersonaConfig.x (not in the contract): 1 → absent\n"
    );

    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\"a\": }").unwrap();
    let out = cli(&["diff", a, broken.to_str().unwrap()], None, None);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(text(&out.stdout), "");
    assert!(
        text(&out.stderr).contains("broken.json:1:7: expected value"),
        "{}",
        text(&out.stderr)
    );
    let out = cli(&["diff", "/nonexistent/a.json", a], None, None);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn validate_lists_each_change_of_an_older_body_and_checks_todays_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.json");
    std::fs::write(&path, OLDER).unwrap();
    let file = path.to_str().unwrap();
    let out = cli(&["validate", file], None, None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!(
            "{file}: expiresIn: older shape: `expiresIn` (\"1d\") is no longer part of the request: removed (a token now lasts the API's default, one hour).\n\
             {file}: personaConfig.id: older shape: `id` is now `personaId`: moved (the persona's id).\n"
        )
    );
    assert_eq!(text(&out.stdout), format!("{file}: valid\n"));
    // The file itself is left as it is.
    assert_eq!(std::fs::read_to_string(&path).unwrap(), OLDER);
}

#[test]
fn mint_sends_an_older_body_in_todays_shape_and_says_so() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.json");
    std::fs::write(&path, OLDER).unwrap();
    let out = cli(
        &[
            "mint",
            "--preset",
            path.to_str().unwrap(),
            "--base-url",
            &sandbox.base_url(),
            "--json",
        ],
        Some("demo"),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("personaConfig.id: older shape: `id` is now `personaId`"),
        "{stderr}"
    );
    let minted: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // `personaId` reached the sandbox: the token is stateful.
    assert_eq!(minted["claims"]["type"], "stateful");
}

#[test]
fn snippet_of_an_older_body_sends_todays_shape() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("older.json");
    std::fs::write(&path, OLDER).unwrap();
    let out = cli(
        &[
            "snippet",
            "--preset",
            path.to_str().unwrap(),
            "--lang",
            "curl",
        ],
        None,
        None,
    );
    assert!(out.status.success());
    let today = RequestBody::parse(
        br#"{"personaConfig":{"personaId":"3c1f2a9e-7b4d-4f6a-9c2e-8d5b1a0f6e21"}}"#,
    )
    .unwrap()
    .into_value();
    assert_eq!(
        text(&out.stdout).trim_end(),
        snippet(Lang::Curl, "https://api.anam.ai", &today)
    );
    assert!(text(&out.stderr).contains("older shape"));
}
