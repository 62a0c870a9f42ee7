//! Helpers shared by the integration-test binaries (each declares this module with `#[path]`;
//! the GUI harness, tests/common/harness.rs, only the app binary does).
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

/// How long a test waits for an event (a reply, a frame showing it) before it fails. Generous on
/// purpose: a loaded 2-core machine is slow, and a wait that ends early only makes a test flaky.
/// Time budgets are measured in the benches (docs/performance.md), not asserted in tests.
pub const DEADLINE: Duration = Duration::from_secs(60);

pub fn preset(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("presets")
        .join(name)
}

/// The binary under test: cargo's build of it, or the one `ANAM_STUDIO_BIN` names (a copy that
/// another build sharing the target folder cannot replace mid-run, or a release build).
pub fn bin() -> PathBuf {
    std::env::var_os("ANAM_STUDIO_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_anam-studio")))
}

/// Runs the real binary with `args`, a clean environment for the key, and `stdin`.
pub fn cli(args: &[&str], key: Option<&str>, stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env_remove("ANAM_API_KEY")
        .env("ANAM_STUDIO_LOG", "debug");
    if let Some(k) = key {
        cmd.env("ANAM_API_KEY", k);
    }
    cmd.stdin(if stdin.is_some() {
        Stdio::piped()
    } else {
        Stdio::null()
    });
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    if let Some(text) = stdin {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
    }
    child.wait_with_output().unwrap()
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A port on loopback that nothing listens on.
pub fn closed_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// A key distinctive enough that finding it anywhere is a leak.
pub const LEAKY_KEY: &str = "sk-live-DO-NOT-LEAK-1234";

/// Runs the real binary with `args` and exactly these extra environment variables (the key and
/// the log filter are cleared first, so logging is at its default, `warn`, unless `envs` sets
/// `ANAM_STUDIO_LOG`).
pub fn cli_env(args: &[&str], envs: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(bin());
    cmd.args(args)
        .env_remove("ANAM_API_KEY")
        .env_remove("ANAM_STUDIO_LOG")
        .envs(envs.iter().copied())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd.output().expect("the binary runs")
}

/// Fails if `key` appears in `text`, or any 10-character piece of it does (a key cut short is
/// still a leak).
pub fn assert_no_key(text: &str, key: &str, place: &str) {
    let pieces = key.len().saturating_sub(9).max(1);
    for i in 0..pieces {
        let piece = &key[i..(i + 10).min(key.len())];
        assert!(!text.contains(piece), "the key leaked into {place}: {text}");
    }
}

/// A loopback address where a TCP connect never completes: a listener with a backlog of 0 whose
/// single queue slot is taken, so Linux drops further SYNs and the client waits for its connect
/// timeout. The address works as long as this value lives.
#[cfg(target_os = "linux")]
pub struct Unconnectable {
    pub addr: std::net::SocketAddr,
    // Dropped in this order: the listener before the runtime it is registered with.
    _listener: tokio::net::TcpListener,
    _held: Vec<std::net::TcpStream>,
    _runtime: tokio::runtime::Runtime,
}

#[cfg(target_os = "linux")]
pub fn unconnectable() -> Unconnectable {
    use std::time::Duration;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .unwrap();
    let listener = runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
        socket.listen(0).unwrap()
    });
    let addr = listener.local_addr().unwrap();
    let mut held = Vec::new();
    // Fill the accept queue until a connect stops completing (one connection on Linux).
    loop {
        match std::net::TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => held.push(s),
            Err(e) if e.kind() == std::io::ErrorKind::TimedOut => break,
            Err(e) => panic!("could not make an unconnectable address: {e}"),
        }
        assert!(held.len() < 16, "the listener's queue never filled");
    }
    Unconnectable {
        addr,
        _listener: listener,
        _held: held,
        _runtime: runtime,
    }
}

/// A sandbox on loopback, with the records (sessions, the request log) a test reads back.
pub fn sandbox_with_records() -> (anam_studio::sandbox::Sandbox, anam_studio::sandbox::Records) {
    use anam_studio::sandbox::{Config, Records, Sandbox};
    let records = Records::default();
    let config = Config {
        records: records.clone(),
        ..Default::default()
    };
    (Sandbox::start(config).unwrap(), records)
}

/// Makes a named pipe (FIFO) at `path`.
#[cfg(unix)]
pub fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Runs git in `dir` for a test's set-up: no user or system configuration, an identity of its
/// own unless the repository (or `args`) names one later; fails the test when git fails.
/// Returns what git printed.
pub fn git(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=QA", "-c", "user.email=qa@example.com"])
        .args(args)
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .expect("git runs");
    assert!(out.status.success(), "git {args:?}: {}", text(&out.stderr));
    text(&out.stdout)
}
