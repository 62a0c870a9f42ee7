//! The SDK without a CDN: fetched from a registry (a fake one on loopback here, serving a
//! tarball built by the test), checked against its integrity hash, unpacked, cached; refused
//! when the hash does not match; a local file used as it is. Every failure is one sentence.

use crate::common;

use anam_studio::demo::sdk::{self, SdkError, SdkOptions, SdkOrigin};
use axum::Router;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use axum::routing::get;
use base64::Engine;
use sha2::Digest;
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

const SCRIPT: &[u8] = b"window.anam = { createClient: function () {} }; // built by the test\n";

/// A gzipped npm-style tarball holding `files`.
fn tarball(files: &[(&str, &[u8])]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut builder = tar::Builder::new(gz);
    for (path, bytes) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(bytes.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        builder.append_data(&mut header, path, *bytes).unwrap();
    }
    builder.into_inner().unwrap().finish().unwrap()
}

fn integrity(bytes: &[u8]) -> String {
    format!(
        "sha512-{}",
        base64::engine::general_purpose::STANDARD.encode(sha2::Sha512::digest(bytes))
    )
}

/// A fake npm registry for `@anam-ai/js-sdk` 4.27.0: its metadata publishes `published`
/// as the integrity, and the tarball is `tgz`.
struct Registry {
    url: String,
    hits: Arc<AtomicUsize>,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Registry {
    fn start(tgz: Vec<u8>, published: String) -> Registry {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let listener = runtime
            .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
            .unwrap();
        let url = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let tarball_url = format!("{url}/@anam-ai/js-sdk/-/js-sdk-4.27.0.tgz");
        let (h1, h2) = (hits.clone(), hits.clone());
        let app = Router::new()
            .route(
                "/@anam-ai/js-sdk/4.27.0",
                get(move || async move {
                    h1.fetch_add(1, Ordering::SeqCst);
                    axum::Json(serde_json::json!({
                        "name": "@anam-ai/js-sdk",
                        "version": "4.27.0",
                        "dist": { "tarball": tarball_url, "integrity": published }
                    }))
                }),
            )
            .route(
                "/@anam-ai/js-sdk/-/js-sdk-4.27.0.tgz",
                get(move || async move {
                    h2.fetch_add(1, Ordering::SeqCst);
                    (StatusCode::OK, tgz).into_response()
                }),
            );
        runtime.spawn(async move { axum::serve(listener, app).await });
        Registry {
            url,
            hits,
            runtime: Some(runtime),
        }
    }

    fn options(&self, cache: &std::path::Path) -> SdkOptions {
        SdkOptions {
            local_file: None,
            cache_dir: Some(cache.to_path_buf()),
            registry: self.url.clone(),
            package: sdk::SDK_PACKAGE.into(),
            version: sdk::SDK_VERSION.into(),
            pinned_integrity: None,
            timeout: Duration::from_secs(10),
        }
    }
}

impl Drop for Registry {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn ensure(options: &SdkOptions) -> Result<sdk::Sdk, SdkError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(sdk::ensure(options))
}

fn good_tarball() -> Vec<u8> {
    tarball(&[
        ("package/package.json", b"{\"name\":\"@anam-ai/js-sdk\"}"),
        ("package/dist/umd/anam.js.LICENSE.txt", b"MIT"),
        (sdk::SDK_PATH_IN_TARBALL, SCRIPT),
    ])
}

#[test]
fn fetches_verifies_unpacks_and_caches_the_bundle() {
    let tgz = good_tarball();
    let registry = Registry::start(tgz.clone(), integrity(&tgz));
    let cache = tempfile::tempdir().unwrap();
    let options = registry.options(cache.path());

    let fetched = ensure(&options).unwrap();
    assert_eq!(&*fetched.script, SCRIPT);
    assert!(
        matches!(&fetched.origin, SdkOrigin::Registry { tarball } if tarball.ends_with(".tgz")),
        "{:?}",
        fetched.origin
    );
    assert_eq!(
        registry.hits.load(Ordering::SeqCst),
        2,
        "metadata, then tarball"
    );
    let cached_files: Vec<_> = std::fs::read_dir(cache.path()).unwrap().collect();
    assert_eq!(cached_files.len(), 1);

    // The second time comes from the cache: the registry is not asked again.
    let again = ensure(&options).unwrap();
    assert_eq!(&*again.script, SCRIPT);
    assert!(
        matches!(again.origin, SdkOrigin::Cache(_)),
        "{:?}",
        again.origin
    );
    assert_eq!(registry.hits.load(Ordering::SeqCst), 2);
}

#[test]
fn a_tarball_that_does_not_match_its_integrity_is_refused_and_nothing_is_kept() {
    let tgz = good_tarball();
    let other = tarball(&[(sdk::SDK_PATH_IN_TARBALL, b"window.anam = 'tampered';")]);
    let registry = Registry::start(tgz, integrity(&other));
    let cache = tempfile::tempdir().unwrap();
    let err = ensure(&registry.options(cache.path())).unwrap_err();
    assert!(matches!(err, SdkError::Integrity { .. }), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("does not match"), "{text}");
    assert!(text.contains("nothing was saved or served"), "{text}");
    assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
    assert_eq!(std::fs::read_dir(cache.path()).unwrap().count(), 0);
}

#[test]
fn a_registry_publishing_another_hash_than_the_pinned_one_is_refused() {
    let tgz = good_tarball();
    let registry = Registry::start(tgz.clone(), integrity(&tgz));
    let cache = tempfile::tempdir().unwrap();
    let mut options = registry.options(cache.path());
    options.pinned_integrity = Some(sdk::SDK_INTEGRITY.into());
    let err = ensure(&options).unwrap_err();
    assert!(matches!(err, SdkError::Integrity { .. }), "{err:?}");
    assert!(
        err.to_string().contains("different integrity hash"),
        "{err}"
    );
    // Refused before the tarball was fetched.
    assert_eq!(registry.hits.load(Ordering::SeqCst), 1);
}

#[test]
fn a_package_without_the_bundle_says_what_is_missing() {
    let tgz = tarball(&[("package/package.json", b"{}")]);
    let registry = Registry::start(tgz.clone(), integrity(&tgz));
    let cache = tempfile::tempdir().unwrap();
    let err = ensure(&registry.options(cache.path())).unwrap_err();
    assert!(matches!(err, SdkError::Package { .. }), "{err:?}");
    assert!(
        err.to_string().contains("package/dist/umd/anam.js"),
        "{err}"
    );
}

#[test]
fn a_registry_that_cannot_be_reached_is_one_sentence_naming_the_way_out() {
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let cache = tempfile::tempdir().unwrap();
    let mut options = SdkOptions::pinned(Some(cache.path().to_path_buf()), None);
    options.local_file = None;
    options.registry = format!("http://127.0.0.1:{port}");
    let err = ensure(&options).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SdkError::Fetch { .. }), "{err:?}");
    assert!(
        text.contains("Could not download the Anam SDK 4.27.0"),
        "{text}"
    );
    assert!(text.contains("refused"), "{text}");
    assert!(text.contains(sdk::SDK_FILE_ENV), "{text}");
    assert_eq!(text.matches(". ").count(), 0, "one sentence: {text}");
}

#[test]
fn a_registry_address_with_https_at_a_plain_http_port_says_so() {
    let registry = Registry::start(good_tarball(), integrity(&good_tarball()));
    let cache = tempfile::tempdir().unwrap();
    let mut options = registry.options(cache.path());
    options.registry = registry.url.replace("http://", "https://");
    let err = ensure(&options).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "Could not download the Anam SDK 4.27.0 from {}/@anam-ai/js-sdk/4.27.0: it answered in plain HTTP, not HTTPS; without internet, set {} (or the SDK file setting) to a copy of dist/umd/anam.js from `npm pack @anam-ai/js-sdk@4.27.0`.",
            options.registry,
            sdk::SDK_FILE_ENV
        )
    );
}

#[test]
fn a_local_file_is_served_as_it_is_and_a_missing_one_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("anam.js");
    std::fs::File::create(&path)
        .unwrap()
        .write_all(SCRIPT)
        .unwrap();
    let mut options = SdkOptions::pinned(None, Some(path.clone()));
    // The setting is used unless the environment variable overrides it.
    if std::env::var_os(sdk::SDK_FILE_ENV).is_some() {
        options.local_file = Some(path.clone());
    }
    options.registry = "http://127.0.0.1:9".into();
    let got = ensure(&options).unwrap();
    assert_eq!(&*got.script, SCRIPT);
    assert_eq!(got.origin, SdkOrigin::LocalFile(path.clone()));

    options.local_file = Some(dir.path().join("missing.js"));
    let err = ensure(&options).unwrap_err();
    assert!(matches!(err, SdkError::LocalFile { .. }), "{err:?}");
    assert!(err.to_string().contains("missing.js"), "{err}");
}

#[test]
fn integrity_strings_are_read_as_sri() {
    assert!(sdk::sha512_of_integrity(sdk::SDK_INTEGRITY).is_some());
    assert!(sdk::sha512_of_integrity("sha1-AAAA").is_none());
    let both = format!("sha1-AAAA {}", sdk::SDK_INTEGRITY);
    assert_eq!(
        sdk::sha512_of_integrity(&both),
        sdk::sha512_of_integrity(sdk::SDK_INTEGRITY)
    );
    assert!(sdk::sha512_of_integrity("sha512-not base64!").is_none());
}

/// An SDK file that is a named pipe with no writer: `demo` (and Launch demo, through the same
/// server) says what it is instead of waiting forever in `open`.
#[cfg(unix)]
#[test]
fn the_demo_command_with_a_named_pipe_as_its_sdk_file_says_so_and_ends() {
    use anam_studio::sandbox::{Config, Sandbox};
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("anam.js");
    common::mkfifo(&fifo);
    let sandbox = Sandbox::start(Config::default()).unwrap();
    let preset =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("presets/stateful-persona.json");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_anam-studio"))
        .args(["demo", "--no-open", "--preset"])
        .arg(&preset)
        .args(["--base-url", &sandbox.base_url()])
        .env("ANAM_API_KEY", "demo")
        .env(sdk::SDK_FILE_ENV, &fifo)
        .env("XDG_CACHE_HOME", dir.path())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while child.try_wait().unwrap().is_none() {
        if std::time::Instant::now() > deadline {
            child.kill().unwrap();
            child.wait().unwrap();
            panic!("`demo` was still waiting on the named pipe after 20 s");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&out.stdout), "");
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "anam-studio: Could not read the Anam SDK file {} (set by {}): it is a named pipe (FIFO), not a file.\n",
            fifo.display(),
            sdk::SDK_FILE_ENV
        )
    );
}
