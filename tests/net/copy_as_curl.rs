//! "Copy as curl" is pasted into a shell: whatever the base URL and the body hold, the shell runs
//! curl with exactly the URL and body as arguments, and nothing else. Each command is run in
//! `sh`: once with a stand-in `curl` that records its arguments, once with the real curl against
//! the sandbox on loopback.

use crate::common;

use anam_studio::api::curl_command;
use anam_studio::sandbox::{Config, Sandbox};
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Payloads that would run `touch pwned-N` if they reached the shell unquoted.
fn hostile(n: usize) -> Vec<String> {
    let cmd = format!("touch pwned-{n}");
    vec![
        format!("'$({cmd})'"),
        format!("$({cmd})"),
        format!("`{cmd}`"),
        format!("'; {cmd}; '"),
        format!("\"; {cmd}; \""),
        format!("x\n{cmd}\n"),
        format!("a'\\''b;{cmd}"),
        format!("${{IFS}}$({cmd})"),
    ]
}

/// Runs `line` with `sh` in `dir`, with `bin` first on the PATH and a key in the environment.
fn run_in_sh(line: &str, dir: &Path, bin: &Path) -> std::process::Output {
    let path = format!("{}:{}", bin.display(), std::env::var("PATH").unwrap());
    Command::new("sh")
        .args(["-c", line])
        .current_dir(dir)
        .env("PATH", path)
        .env("ANAM_API_KEY", "sk-from-the-environment")
        .output()
        .expect("sh runs")
}

fn nothing_ran(dir: &Path, case: &str) {
    let strays: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("pwned"))
        .collect();
    assert!(strays.is_empty(), "{case}: the shell ran {strays:?}");
}

#[test]
fn hostile_urls_and_bodies_reach_curl_as_exactly_one_argument_each() {
    let work = tempfile::tempdir().unwrap();
    let bin = tempfile::tempdir().unwrap();
    let args_file = work.path().join("args");
    let fake = bin.path().join("curl");
    std::fs::write(
        &fake,
        format!(
            "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\0' \"$a\"; done > '{}'\n",
            args_file.display()
        ),
    )
    .unwrap();
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&fake, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let mut cases = 0;
    for (i, payload) in hostile(0).into_iter().enumerate() {
        let base = format!("https://api.example.com/{payload}");
        let body = json!({"clientLabel": hostile(1)[i], "x": payload});
        let line = curl_command(&base, &body);
        let _ = std::fs::remove_file(&args_file);
        let out = run_in_sh(&line, work.path(), bin.path());
        assert!(out.status.success(), "{line}: {out:?}");
        nothing_ran(work.path(), &line);
        let recorded = std::fs::read(&args_file).expect("curl was run");
        let args: Vec<String> = recorded
            .split(|b| *b == 0)
            .filter(|a| !a.is_empty())
            .map(|a| String::from_utf8(a.to_vec()).unwrap())
            .collect();
        assert_eq!(
            args,
            [
                "-sS",
                "-X",
                "POST",
                &format!("{base}/v1/auth/session-token"),
                "-H",
                "Authorization: Bearer sk-from-the-environment",
                "-H",
                "Content-Type: application/json",
                "-d",
                &body.to_string(),
            ],
            "{line}"
        );
        cases += 1;
    }
    assert_eq!(cases, 8);
}

#[test]
fn the_copied_command_mints_with_the_real_curl_and_runs_nothing_else() {
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let work = tempfile::tempdir().unwrap();
    let none = tempfile::tempdir().unwrap();
    let mut body: Value = serde_json::from_str(
        &std::fs::read_to_string(common::preset("stateful-persona.json")).unwrap(),
    )
    .unwrap();
    for (i, payload) in hostile(2).into_iter().enumerate() {
        body["clientLabel"] = json!(payload);
        let line = curl_command(&sandbox.base_url(), &body);
        let out = run_in_sh(&line, work.path(), none.path());
        assert!(
            out.status.success(),
            "case {i}: curl failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let reply: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("case {i}: {e}: {}", String::from_utf8_lossy(&out.stdout)));
        let token = reply["sessionToken"].as_str().expect("a token");
        // The body arrived as JSON the sandbox accepted, with the key from the environment.
        let claims = anam_studio::core::jwt::decode(token).unwrap().claims;
        assert_eq!(claims.get("type"), Some(&json!("stateful")), "case {i}");
        nothing_ran(work.path(), &line);

        // The same payload in the URL's path: curl asks for that path (which does not exist,
        // or curl refuses the URL), and the shell still runs nothing.
        let line = curl_command(&format!("{}/{payload}", sandbox.base_url()), &body);
        run_in_sh(&line, work.path(), none.path());
        nothing_ran(work.path(), &line);
    }
}
