//! The `anam-studio` binary run as a process, against the sandbox over real loopback HTTP.

use crate::common;

use crate::common::{cli, closed_port, preset, text};
use anam_studio::sandbox::{Config, Fault, Sandbox};
use serde_json::{Value, json};

const KEY: &str = "sk-test-cli-0123456789";

fn mint_args<'a>(preset_path: &'a str, base: &'a str) -> Vec<&'a str> {
    vec!["mint", "--preset", preset_path, "--base-url", base]
}

/// Stdout empty, one sentence on stderr, non-zero exit, and the key nowhere.
fn assert_fails_with(out: &std::process::Output, sentence: &str) {
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(!out.status.success(), "should fail; stderr: {stderr}");
    assert_eq!(stdout, "", "nothing on stdout on failure");
    assert!(
        stderr.contains(sentence),
        "expected {sentence:?} in stderr: {stderr}"
    );
    assert!(!stderr.contains(KEY), "the key leaked: {stderr}");
}

#[test]
fn mint_prints_the_token_alone() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let p = preset("elevenlabs-v2-sales-demo.json");
    let out = cli(
        &mint_args(p.to_str().unwrap(), &sandbox.base_url()),
        Some(KEY),
        None,
    );
    assert!(out.status.success(), "{}", text(&out.stderr));
    let token = text(&out.stdout);
    assert_eq!(token.trim().split('.').count(), 3, "{token}");
    assert_eq!(token.lines().count(), 1);
    // The token decodes with the sandbox's claims.
    let decoded = cli(&["decode", token.trim()], None, None);
    let json: Value = serde_json::from_slice(&decoded.stdout).unwrap();
    assert_eq!(json["header"]["alg"], "HS256");
    assert_eq!(json["claims"]["type"], "ephemeral");
    let (iat, exp) = (
        json["claims"]["iat"].as_i64().unwrap(),
        json["claims"]["exp"].as_i64().unwrap(),
    );
    assert_eq!(exp - iat, 3600);
    assert!(!text(&out.stderr).contains(KEY));
}

#[test]
fn mint_json_has_token_and_claims() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let p = preset("stateful-persona.json");
    let base = sandbox.base_url();
    let mut args = mint_args(p.to_str().unwrap(), &base);
    args.push("--json");
    let out = cli(&args, Some(KEY), None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["claims"]["type"], "stateful");
    assert_eq!(json["token"].as_str().unwrap().split('.').count(), 3);
    assert!(json["header"].is_object());
}

#[test]
fn mint_401_with_a_wrong_key() {
    let sandbox = Sandbox::start(Config {
        required_key: Some("sk-right".into()),
        ..Config::default()
    })
    .unwrap();
    let p = preset("stateful-persona.json");
    let out = cli(
        &mint_args(p.to_str().unwrap(), &sandbox.base_url()),
        Some(KEY),
        None,
    );
    assert_fails_with(&out, "The API key was rejected (401)");
}

#[test]
fn mint_400_names_the_field_when_validation_is_skipped() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, json!({"personaConfig": {"personaId": "p", "voiceDetectionOptions": {"endOfSpeechSensitivity": 3}}}).to_string()).unwrap();
    let path = bad.to_str().unwrap();
    // Validation catches it first...
    let out = cli(&mint_args(path, &sandbox.base_url()), Some(KEY), None);
    assert_fails_with(
        &out,
        "has 2 validation errors; fix them, or pass --no-validate",
    );
    assert!(text(&out.stderr).contains(
        "personaConfig.voiceDetectionOptions.endOfSpeechSensitivity: 3 is above the maximum 1"
    ));
    // ...and with --no-validate the sandbox's 400 names the field.
    let base = sandbox.base_url();
    let mut args = mint_args(path, &base);
    args.push("--no-validate");
    let out = cli(&args, Some(KEY), None);
    assert_fails_with(
        &out,
        "The API rejected the request (400): personaConfig: personaId (a stateful persona) cannot be combined",
    );
}

#[test]
fn mint_500() {
    let fault = Fault::json(500, json!({"error": "database on fire"}));
    let sandbox = Sandbox::start(Config {
        fault: Some(fault),
        ..Config::default()
    })
    .unwrap();
    let p = preset("stateful-persona.json");
    let out = cli(
        &mint_args(p.to_str().unwrap(), &sandbox.base_url()),
        Some(KEY),
        None,
    );
    assert_fails_with(
        &out,
        "The server failed (500): database on fire: try again later.",
    );
}

#[test]
fn mint_timeout() {
    let sandbox = Sandbox::start(Config {
        fault: Some(Fault::Hang),
        ..Config::default()
    })
    .unwrap();
    let p = preset("stateful-persona.json");
    let base = sandbox.base_url();
    let mut args = mint_args(p.to_str().unwrap(), &base);
    args.extend(["--timeout", "1"]);
    let started = std::time::Instant::now();
    let out = cli(&args, Some(KEY), None);
    assert_fails_with(&out, "The server did not answer within 1 s.");
    assert!(
        started.elapsed() < common::DEADLINE,
        "the 1 s timeout ends the wait"
    );
}

#[test]
fn mint_refused() {
    let base = format!("http://127.0.0.1:{}", closed_port());
    let p = preset("stateful-persona.json");
    let out = cli(&mint_args(p.to_str().unwrap(), &base), Some(KEY), None);
    assert_fails_with(&out, "the connection was refused");
}

#[test]
fn mint_without_a_key_says_how_to_give_one() {
    let p = preset("stateful-persona.json");
    let out = cli(
        &mint_args(p.to_str().unwrap(), "http://127.0.0.1:9"),
        None,
        None,
    );
    assert_fails_with(&out, "no API key: set ANAM_API_KEY");
}

#[test]
fn mint_refuses_plain_http_to_a_remote_host() {
    let p = preset("stateful-persona.json");
    let out = cli(
        &mint_args(p.to_str().unwrap(), "http://api.anam.ai"),
        Some(KEY),
        None,
    );
    assert_fails_with(&out, "Refusing to send the API key over plain http://");
}

#[test]
fn validate_reports_each_problem_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"personaConfig": {"personaId": "p"}, "sessionOptions": {"videoQuality": "4k"}}"#,
    )
    .unwrap();
    let broken = dir.path().join("broken.json");
    std::fs::write(&broken, "{\n  \"a\": 1,\n  oops\n}").unwrap();
    let files_before = [
        std::fs::read(&bad).unwrap(),
        std::fs::read(&broken).unwrap(),
    ];
    let good = preset("cartesia-calm-support.json");
    let out = cli(
        &[
            "validate",
            good.to_str().unwrap(),
            bad.to_str().unwrap(),
            broken.to_str().unwrap(),
        ],
        None,
        None,
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(&format!(
            "{}: sessionOptions.videoQuality: \"4k\" is not one of high, auto",
            bad.display()
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("{}:3:3: key must be a string", broken.display())),
        "{stderr}"
    );
    assert_eq!(
        [
            std::fs::read(&bad).unwrap(),
            std::fs::read(&broken).unwrap()
        ],
        files_before,
        "validate never touches the files it reads"
    );

    let all_good: Vec<String> = std::fs::read_dir(preset(""))
        .unwrap()
        .map(|e| e.unwrap().path().to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["validate"];
    args.extend(all_good.iter().map(String::as_str));
    let out = cli(&args, None, None);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

#[test]
fn decode_reads_stdin_and_rejects_garbage() {
    let token = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzZXNzaW9uSWQiOiIwMDAwMDAwMC0wMDAwLTAwMDAtMDAwMC0wMDAwMDAwMDAwMDAifQ.signature";
    let out = cli(&["decode", "-"], None, Some(&format!("{token}\n")));
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json,
        json!({"header": {"alg": "HS256", "typ": "JWT"}, "claims": {"sessionId": "00000000-0000-0000-0000-000000000000"}})
    );

    let out = cli(&["decode", "not-a-token"], None, None);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(text(&out.stdout), "");
    assert_eq!(
        text(&out.stderr).trim(),
        "anam-studio: not a JWT: a JWT has three parts separated by dots, this has 1"
    );
}
