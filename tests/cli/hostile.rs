//! The CLI against hostile input (issue 23): repeated keys, names that hold terminal escapes,
//! ids that would reach another endpoint, and out-of-range numbers. The real binary, run as a
//! process; the API is the sandbox on loopback, whose request log shows what was sent.

use crate::common;

use crate::common::{cli_env, preset, text};
use anam_studio::sandbox::{Records, Sandbox};
use serde_json::json;
use std::path::Path;

const KEY: &str = "sk-test-hostile";

/// The binary with the key set and logging at its default (warnings only).
fn cli(args: &[&str], key: Option<&str>) -> std::process::Output {
    match key {
        Some(k) => cli_env(args, &[("ANAM_API_KEY", k)]),
        None => cli_env(args, &[]),
    }
}

fn start() -> (Sandbox, Records) {
    common::sandbox_with_records()
}

fn write(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, body).unwrap();
    path.to_string_lossy().into_owned()
}

/// No byte of a control character (ESC, BEL, CR, ...) other than the line ends.
fn assert_no_controls(output: &str, place: &str) {
    assert!(
        !output.chars().any(|c| c.is_control() && c != '\n'),
        "a control character reached {place}: {output:?}"
    );
}

/// `validate` on a body whose key `x` is written `times` times.
fn validate_repeated(times: usize) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let repeats = vec!["\"x\": 1"; times].join(", ");
    let file = write(
        dir.path(),
        "repeated.json",
        &format!("{{\"clientLabel\": \"r\", {repeats}}}\n"),
    );
    let out = cli(&["validate", &file], None);
    (text(&out.stdout).replace(&file, "FILE"), text(&out.stderr))
}

#[test]
fn a_key_repeated_200000_times_is_reported_in_a_few_lines_and_a_count() {
    let (stdout, stderr) = validate_repeated(200_000);
    let warnings = stderr.lines().filter(|l| l.contains("appears twice"));
    assert_eq!(warnings.count(), 5);
    assert!(
        stderr.lines().count() < 10,
        "{} lines",
        stderr.lines().count()
    );
    assert!(
        stderr.contains("warning: 199994 more keys appear twice; only the first 5 are listed."),
        "no count in: {stderr}"
    );
    assert_eq!(stdout, "FILE: valid\n");
}

#[test]
fn a_key_repeated_466000_times_is_refused_in_one_sentence() {
    // More values than a body may hold: refused before it is built.
    let (stdout, stderr) = validate_repeated(466_000);
    assert_eq!(stdout, "");
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.contains("more than 250000 values"), "{stderr}");
}

#[test]
fn file_names_reach_the_terminal_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let body = std::fs::read_to_string(preset("stateful-persona.json")).unwrap();
    let title = write(dir.path(), "t\u{1b}]0;pwned\u{7}\u{1b}[2J.json", &body);
    let forged = write(dir.path(), "x\nFAKE.json", &body);
    let broken = write(dir.path(), "b\u{1b}[31m.json", "{");
    let out = cli(&["validate", &title, &forged, &broken], None);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_no_controls(&stdout, "stdout");
    assert_no_controls(&stderr, "stderr");
    assert!(
        !stdout.lines().any(|l| l.starts_with("FAKE.json")),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 2, "{stdout}");
    assert!(
        stdout.contains("t\\u{1b}]0;pwned\\u{7}\\u{1b}[2J.json: valid"),
        "{stdout}"
    );
    assert!(stdout.contains("x\\nFAKE.json: valid"), "{stdout}");
    assert!(stderr.contains("b\\u{1b}[31m.json"), "{stderr}");

    // The other commands that name a file: diff (unreadable), mint (refused body).
    let missing = dir.path().join("gone\u{1b}[2J.json");
    let out = cli(&["diff", &title, missing.to_str().unwrap()], None);
    assert_no_controls(&text(&out.stderr), "diff's stderr");
    assert!(text(&out.stderr).contains("gone\\u{1b}[2J.json"));
    let invalid = write(dir.path(), "i\u{1b}[2J.json", "{\"clientLabel\": 5}");
    let out = cli(&["mint", "--preset", &invalid], Some(KEY));
    assert_no_controls(&text(&out.stderr), "mint's stderr");
    assert!(text(&out.stderr).contains("i\\u{1b}[2J.json"));
}

#[test]
fn a_persona_name_and_an_unknown_key_reach_the_terminal_escaped() {
    let (sandbox, _) = start();
    let dir = tempfile::tempdir().unwrap();
    let body = json!({
        "personaConfig": {
            "name": "Nova\u{1b}]0;pwned\u{7}\nFAKE",
            "avatarId": "071b0286-4cce-4808-bee2-e642f1062de3",
            "voiceId": "de23e340-1416-4dd8-977d-065a7ca11697",
            "llmId": "a7cf662c-2ace-4de1-a21e-ef0fbf144bb7",
            "systemPrompt": "Hi."
        },
        "x\u{1b}[2J": 1
    });
    let file = write(dir.path(), "nova.json", &body.to_string());
    let base = sandbox.base_url();
    let args = [
        "persona",
        "push",
        "--preset",
        &file,
        "--dry-run",
        "--base-url",
        &base,
    ];
    let out = cli(&args, Some(KEY));
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert!(out.status.success(), "{stderr}");
    assert_no_controls(&stdout, "stdout");
    assert!(
        stdout.starts_with("Create a persona in Sandbox (\"Nova\\u{1b}]0;pwned\\u{7}\\nFAKE\"):\n"),
        "{stdout}"
    );
    assert!(stdout.contains("x\\u{1b}[2J"), "{stdout}");

    let other = write(dir.path(), "other.json", "{\"x\\u001b[2J\": 2}");
    let plain = write(dir.path(), "plain.json", "{}");
    let out = cli(&["diff", &plain, &other], None);
    assert_no_controls(&text(&out.stdout), "diff's stdout");
    assert_eq!(
        text(&out.stdout),
        "x\\u{1b}[2J (not in the contract): absent → 2\n"
    );
}

/// Each of these ids is refused before any request, with one sentence.
const ODD_IDS: [(&str, &str); 7] = [
    ("..", "is not an id"),
    (".", "is not an id"),
    ("", "is empty"),
    ("   ", "is empty"),
    ("abc\r\ndef", "control character"),
    ("abc\tdef", "control character"),
    ("a\u{1b}[2Jb", "control character"),
];

#[test]
fn odd_ids_are_refused_before_any_request() {
    let (sandbox, records) = start();
    let base = sandbox.base_url();
    let dir = tempfile::tempdir().unwrap();
    let body = json!({"personaConfig": {"name": "Nova", "systemPrompt": "Hi."}});
    let file = write(dir.path(), "nova.json", &body.to_string());
    for (id, sentence) in ODD_IDS {
        for args in [
            vec!["persona", "push", "--preset", &file, "--id", id, "--yes"],
            vec!["persona", "pull", id],
            vec!["sessions", "show", id, "--transcript"],
        ] {
            let mut args = args.clone();
            args.extend(["--base-url", &base]);
            let out = cli(&args, Some(KEY));
            let stderr = text(&out.stderr);
            assert!(!out.status.success(), "{args:?} succeeded");
            assert_eq!(text(&out.stdout), "", "{args:?}");
            assert!(stderr.contains(sentence), "{args:?}: {stderr}");
            assert!(!stderr.contains("404"), "{args:?}: {stderr}");
            assert_no_controls(&stderr, "stderr");
            assert_eq!(records.requests(), vec![], "{args:?} sent a request");
        }
    }
    // An ordinary id still goes where it says, spaces around it trimmed.
    let out = cli(
        &["sessions", "show", " no-such-session ", "--base-url", &base],
        Some(KEY),
    );
    assert!(text(&out.stderr).contains("\"no-such-session\" (404)"));
    let asked = records.requests();
    assert_eq!(asked.len(), 1);
    assert_eq!(asked[0].path, "/v1/sessions/no-such-session");
}

#[test]
fn out_of_range_numbers_are_refused_with_their_range() {
    let p = preset("stateful-persona.json");
    let p = p.to_str().unwrap();
    let closed = format!("http://127.0.0.1:{}", common::closed_port());
    for (args, range) in [
        (vec!["mint", "--preset", p, "--timeout", "0"], "1..=3600"),
        (vec!["list", "voices", "--timeout", "0"], "1..=3600"),
        (vec!["persona", "pull", "x", "--timeout", "0"], "1..=3600"),
        (vec!["sessions", "list", "--limit", "0"], "1..=100"),
        (vec!["sessions", "list", "--limit", "101"], "1..=100"),
        (vec!["sessions", "show", "x", "--timeout", "0"], "1..=3600"),
        (vec!["demo", "--preset", p, "--timeout", "0"], "1..=3600"),
    ] {
        let mut args = args.clone();
        args.extend(["--base-url", &closed]);
        let out = cli(&args, Some(KEY));
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(&format!("is not in {range}")),
            "{args:?}: {stderr}"
        );
    }
}
