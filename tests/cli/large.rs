//! The largest files the CLI accepts (8 MiB, of hostile shapes): `diff` in linear time, and
//! `validate`, `diff` and `mint` within a bounded peak memory. The real binary, run as a process;
//! `mint` against the sandbox over loopback.

use crate::common;

use crate::common::text;
use anam_studio::sandbox::{Config, Sandbox};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// `n` top-level keys, each a number; the first `changed` of them end in 1 instead of 0.
fn many_keys(n: usize, changed: usize) -> String {
    let fields: Vec<String> = (0..n)
        .map(|i| format!("\"key{i:06}\": {}", u8::from(i < changed)))
        .collect();
    format!("{{\"clientLabel\": \"wide\", {}}}\n", fields.join(", "))
}

/// Arrays as deep as a preset may nest, and wide: 100 arrays of 1,000 objects.
fn deep_and_wide_arrays(last: u32) -> String {
    let deep = format!("{}{last}{}", "[".repeat(120), "]".repeat(120));
    let row: Vec<String> = (0..1000).map(|i| format!("{{\"i\": {i}}}")).collect();
    let wide: Vec<String> = (0..100)
        .map(|k| format!("\"wide{k}\": [{}]", row.join(",")))
        .collect();
    format!("{{\"deep\": {deep}, {}}}\n", wide.join(", "))
}

/// Runs the binary and returns its output and how long it took.
fn timed(args: &[&str]) -> (std::process::Output, Duration) {
    let started = Instant::now();
    let out = common::cli(args, None, None);
    (out, started.elapsed())
}

// The quadratic version took 27 s for 100,000 keys; the linear one takes well under a second
// in a debug build. 10 s leaves room for a loaded 2-core machine and still fails the old one.
const DIFF_BOUND: Duration = Duration::from_secs(10);

#[test]
fn diff_of_100k_keys_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&a, many_keys(100_000, 0)).unwrap();
    std::fs::write(&b, many_keys(100_000, 3)).unwrap();
    let (out, took) = timed(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stdout),
        "key000000 (not in the contract): 0 → 1\n\
         key000001 (not in the contract): 0 → 1\n\
         key000002 (not in the contract): 0 → 1\n"
    );
    assert!(took < DIFF_BOUND, "diff of 100,000 keys took {took:?}");
}

#[test]
fn diff_of_deep_and_wide_arrays_is_linear() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&a, deep_and_wide_arrays(1)).unwrap();
    std::fs::write(&b, deep_and_wide_arrays(2)).unwrap();
    let (out, took) = timed(&["diff", a.to_str().unwrap(), a.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let (out, _) = timed(&["diff", a.to_str().unwrap(), b.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let deep = |n| format!("{}{n}{}", "[".repeat(120), "]".repeat(120));
    assert_eq!(
        text(&out.stdout),
        format!("deep (not in the contract): {} → {}\n", deep(1), deep(2))
    );
    assert!(
        took < DIFF_BOUND,
        "diff of deep and wide arrays took {took:?}"
    );
}

/// The binary's peak resident memory in MB (`wait4`'s rusage: this child alone), with its
/// stdout and stderr (written to files, so a full pipe never stalls it).
fn peak_mb(args: &[&str], key: Option<&str>) -> (i32, f64, String) {
    let dir = tempfile::tempdir().unwrap();
    let (out_path, err_path) = (dir.path().join("out"), dir.path().join("err"));
    let mut cmd = Command::new(common::bin());
    cmd.args(args)
        .env_remove("ANAM_API_KEY")
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_path).unwrap())
        .stderr(std::fs::File::create(&err_path).unwrap());
    if let Some(k) = key {
        cmd.env("ANAM_API_KEY", k);
    }
    // Waited for below by its pid with wait4, which also gives its own peak memory.
    let pid = cmd.spawn().unwrap().id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value, and wait4 writes only into the two locals.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    assert_eq!(waited, pid, "wait4 failed");
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    // ru_maxrss is in KiB on Linux.
    let mb = usage.ru_maxrss as f64 * 1024.0 / 1e6;
    (libc::WEXITSTATUS(status), mb, stderr)
}

/// A few hundred MB at most for any file the app accepts: 8 MiB of numbers was 1.7 GB in
/// `diff` and 870 MB in `validate` and `mint`.
const MEMORY_BOUND_MB: f64 = 300.0;

fn write_numbers(path: &Path, digit: char) {
    // 8 MiB, under the preset limit: four million one-digit numbers.
    let numbers = format!("{digit},").repeat(4_190_000);
    let text = format!(
        "{{\"clientLabel\": \"numbers\", \"extra\": [{}]}}\n",
        numbers.trim_end_matches(',')
    );
    assert!(text.len() <= 8 * 1024 * 1024);
    std::fs::write(path, text).unwrap();
}

#[test]
fn four_million_numbers_stay_within_the_memory_bound() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    write_numbers(&a, '0');
    write_numbers(&b, '1');
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let base = sandbox.base_url();
    for args in [
        vec!["validate", a],
        vec!["diff", a, b],
        vec!["mint", "--preset", a, "--base-url", &base],
    ] {
        let (code, mb, stderr) = peak_mb(&args, Some("sk-test-large"));
        assert!(
            mb < MEMORY_BOUND_MB,
            "{args:?} peaked at {mb:.0} MB (exit {code}): {stderr}"
        );
        // Refused with one sentence naming the file, not killed.
        assert!(code == 1 || code == 2, "{args:?} exit {code}: {stderr}");
        assert!(stderr.contains("a.json"), "{args:?}: {stderr}");
        assert!(stderr.lines().count() <= 2, "{args:?}: {stderr}");
    }
}

#[test]
fn the_largest_accepted_body_stays_within_the_memory_bound() {
    // The worst shape measured: just under the most values a body may hold, all keys (a map
    // entry costs more than an array item), every one different on the other side.
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    std::fs::write(&a, many_keys(249_990, 0)).unwrap();
    std::fs::write(&b, many_keys(249_990, 249_990)).unwrap();
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let base = sandbox.base_url();
    for (args, exit) in [
        (vec!["validate", a], 0),
        (vec!["diff", a, b], 1),
        // Sent whole; the sandbox, as a real server would, refuses a 3 MB body (413).
        (vec!["mint", "--preset", a, "--base-url", &base], 1),
    ] {
        let (code, mb, stderr) = peak_mb(&args, Some("sk-test-large"));
        assert_eq!(code, exit, "{args:?}: {stderr}");
        assert!(mb < MEMORY_BOUND_MB, "{args:?} peaked at {mb:.0} MB");
    }
}
