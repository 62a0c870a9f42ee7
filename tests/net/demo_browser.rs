//! The demo page in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`). Ignored by `cargo test`; `.ci/browser-tests` runs them,
//! and there a missing browser is a failure, not a skip.
//!
//! With a test double of the SDK (tests/browser/fake-anam.js, recording every call) the page's
//! calls and what it shows of the SDK's events are checked; with the real SDK 4.27.0, fetched
//! and verified by the app's own code path, the session against the sandbox ends with the
//! sandbox's message and no other error. Screenshots in light and dark at 1280×720 go to
//! target/ (and to assets/screenshots/ with UPDATE_SCREENSHOTS=1).

#[path = "../browser/mod.rs"]
mod browser;

use anam_studio::demo::{self, DemoServer, LaunchRequest, Sdk, SdkOptions, SdkOrigin};
use anam_studio::sandbox::{self, Sandbox};
use browser::{Browser, Theme};
use serde_json::{Value, json};

const DOUBLE: &str = include_str!("../browser/fake-anam.js");

fn request(token: &str, base_url: &str) -> LaunchRequest {
    LaunchRequest {
        token: token.into(),
        base_url: base_url.into(),
        preset_name: "elevenlabs-v2-sales-demo".into(),
        environment_name: "Sandbox".into(),
    }
}

fn double() -> Sdk {
    Sdk::from_bytes(
        DOUBLE.as_bytes().to_vec(),
        SdkOrigin::LocalFile("fake-anam.js".into()),
    )
}

/// A token from the sandbox, as the app mints it.
fn mint(sandbox: &Sandbox) -> String {
    anam_studio::api::install_crypto_provider();
    let client =
        anam_studio::api::Client::new(&sandbox.base_url(), std::time::Duration::from_secs(10))
            .unwrap();
    let body: Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/presets/elevenlabs-v2-sales-demo.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let key = anam_studio::core::secrets::ApiKey::new("demo").unwrap();
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap()
        .block_on(client.mint(&key, &body))
        .unwrap()
        .token
}

fn server() -> DemoServer {
    DemoServer::start(SdkOptions::pinned(None, None), || {}).unwrap()
}

#[test]
#[ignore = "needs chromium and chromium-driver: run .ci/browser-tests"]
fn the_page_drives_the_sdk_with_the_minted_token_and_shows_its_events() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let token = mint(&sandbox);
    let server = server();
    let launch = server
        .launch_with_sdk(request(&token, &sandbox.base_url()), &double())
        .unwrap();
    let b = Browser::start(Theme::Light, (1280, 720));
    b.goto(&launch.url);
    b.wait_text("#log", "Ready: press Start");

    let calls = b.calls();
    assert_eq!(calls[0]["name"], "createClient");
    assert_eq!(
        calls[0]["args"][0],
        token.as_str(),
        "exactly the minted token"
    );
    assert_eq!(
        calls[0]["args"][1],
        json!({ "api": { "baseUrl": sandbox.base_url() } })
    );
    assert_eq!(b.text("#preset"), "elevenlabs-v2-sales-demo");
    assert!(b.text("#environment").contains(&sandbox.base_url()));
    assert!(
        b.text("#countdown").starts_with("Token expires in 59:"),
        "{}",
        b.text("#countdown")
    );
    assert!(!b.enabled("#send"), "nothing to send to before Start");

    b.click("#start");
    b.wait_until("streamToVideoElement called", || {
        b.calls()
            .iter()
            .any(|c| c["name"] == "streamToVideoElement")
    });
    let start = b.last_call("streamToVideoElement");
    assert_eq!(start["args"][0], "persona-video");
    b.wait_until("Send enabled", || b.enabled("#send"));

    b.type_into("#message", "What does the premium plan include?");
    b.click("#send");
    b.wait_until("sendUserMessage", || {
        b.calls().iter().any(|c| c["name"] == "sendUserMessage")
    });
    assert_eq!(
        b.last_call("sendUserMessage")["args"][0],
        "What does the premium plan include?"
    );
    assert_eq!(b.value("#message"), "", "the box is cleared after sending");
    b.type_into("#message", "Welcome to the demo.");
    b.click("#say");
    b.wait_until("talk", || b.calls().iter().any(|c| c["name"] == "talk"));
    assert_eq!(b.last_call("talk")["args"][0], "Welcome to the demo.");

    b.click("#interrupt");
    b.click("#mic");
    b.wait_until("interrupt and mute", || {
        let names: Vec<Value> = b.calls().iter().map(|c| c["name"].clone()).collect();
        names.contains(&json!("interruptPersona")) && names.contains(&json!("muteInputAudio"))
    });
    assert_eq!(b.text("#mic"), "Unmute mic");

    // Events the SDK emits appear in the log and the transcript.
    b.emit("SESSION_READY", json!(["sess-42"]));
    b.emit("SERVER_WARNING", json!(["The persona is slow to answer"]));
    b.emit(
        "MIC_PERMISSION_DENIED",
        json!(["NotAllowedError: Permission denied"]),
    );
    b.emit(
        "MESSAGE_HISTORY_UPDATED",
        json!([[
            { "id": "1", "role": "user", "content": "What does the premium plan include?" },
            { "id": "2", "role": "persona", "content": "Unlimited sessions and priority support.", "interrupted": true }
        ]]),
    );
    let log = b.text("#log");
    for expected in [
        "Session ready",
        "session sess-42",
        "Server warning",
        "The persona is slow to answer",
        "Microphone denied",
        "NotAllowedError: Permission denied",
        "Message sent",
    ] {
        assert!(log.contains(expected), "{expected} not in the log:\n{log}");
    }
    let transcript = b.text("#transcript");
    assert!(
        transcript.contains("You What does the premium plan include?"),
        "{transcript}"
    );
    assert!(
        transcript.contains("Persona Unlimited sessions and priority support. (interrupted)"),
        "{transcript}"
    );
    b.emit(
        "CONNECTION_CLOSED",
        json!(["CONNECTION_CLOSED_CODE_WEBRTC_FAILURE", "ICE failed"]),
    );
    let log = b.text("#log");
    assert!(
        log.contains("Connection closed: the WebRTC connection failed"),
        "{log}"
    );
    assert!(log.contains("ICE failed"), "{log}");

    // Start again, then Stop.
    b.wait_until("Start enabled again", || b.enabled("#start"));
    b.click("#start");
    b.wait_until("Stop enabled", || b.enabled("#stop"));
    b.click("#stop");
    b.wait_until("stopStreaming", || {
        b.calls().iter().any(|c| c["name"] == "stopStreaming")
    });
    b.wait_text("#log", "Connection closed: the session ended");
}

#[test]
#[ignore = "needs chromium and chromium-driver: run .ci/browser-tests"]
fn an_api_error_shows_the_sdk_sentence_and_its_cause() {
    let server = server();
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let launch = server
        .launch_with_sdk(request(&mint(&sandbox), &sandbox.base_url()), &double())
        .unwrap();
    let b = Browser::start(Theme::Light, (1280, 720));
    b.goto(&launch.url);
    b.wait_text("#log", "Ready");
    b.script(
        "window.__anamStartError = Object.assign(new Error('Concurrency limit reached, please upgrade your plan'), \
         { name: 'ClientError', code: 'CLIENT_ERROR_CODE_MAX_CONCURRENT_SESSIONS_REACHED', statusCode: 429, \
           details: { cause: 'You have 3 sessions running' } }); return true;",
    );
    b.click("#start");
    b.wait_text("#log", "Could not start the session");
    let log = b.text("#log");
    assert!(
        log.contains("Concurrency limit reached, please upgrade your plan"),
        "{log}"
    );
    assert!(log.contains("You have 3 sessions running"), "{log}");
    assert!(log.contains("HTTP 429"), "{log}");
    assert!(b.text("#notice").contains("You have 3 sessions running"));
    assert!(b.enabled("#start"), "Start can be tried again");
}

#[test]
#[ignore = "needs chromium and chromium-driver: run .ci/browser-tests"]
fn an_expired_tokens_page_says_so_and_cannot_start() {
    let server = server();
    let now = chrono::Utc::now().timestamp();
    let expired = sandbox::token::sign(
        b"x",
        &json!({ "type": "ephemeral", "iat": now - 3700, "exp": now - 100 }),
    )
    .unwrap();
    let launch = server
        .launch_with_sdk(request(&expired, "http://127.0.0.1:8787"), &double())
        .unwrap();
    let b = Browser::start(Theme::Light, (1280, 720));
    b.goto(&launch.url);
    b.wait_text("#countdown", "Token expired");
    let notice = b.text("#notice");
    assert!(notice.contains("The session token expired"), "{notice}");
    assert!(notice.contains("Mint a new one"), "{notice}");
    assert!(!b.enabled("#start"));
    assert!(
        b.calls().is_empty(),
        "no client is created for an expired token"
    );
}

#[test]
#[ignore = "needs chromium, chromium-driver and the npm registry: run .ci/browser-tests"]
fn the_real_sdk_against_the_sandbox_shows_the_sandboxs_message_and_no_other_error() {
    // The app's own path: fetched from the npm registry, verified, cached (in a fresh folder).
    let cache = tempfile::tempdir().unwrap();
    let mut options = SdkOptions::pinned(Some(cache.path().to_path_buf()), None);
    options.local_file = None;
    let server = DemoServer::start(options, || {}).unwrap();
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let launch = server
        .launch_blocking(
            request(&mint(&sandbox), &sandbox.base_url()),
            std::time::Duration::from_secs(120),
        )
        .unwrap();
    assert!(
        matches!(launch.sdk_origin, SdkOrigin::Registry { .. }),
        "{:?}",
        launch.sdk_origin
    );
    let b = Browser::start(Theme::Light, (1280, 720));
    b.goto(&launch.url);
    b.wait_text("#log", "Ready: press Start");
    assert_eq!(
        b.text("#sdk"),
        format!("@anam-ai/js-sdk {}", demo::SDK_VERSION)
    );
    b.click("#start");
    b.wait_text("#log", sandbox::engine::CANNOT_STREAM);
    // Any late error would land within this time.
    std::thread::sleep(std::time::Duration::from_secs(2));
    let errors = b.errors();
    assert_eq!(errors.len(), 1, "exactly one error: {errors:#?}");
    assert!(
        errors[0].starts_with("Could not start the session: Unknown error when starting session"),
        "{errors:?}"
    );
    assert!(
        errors[0].contains(sandbox::engine::CANNOT_STREAM),
        "{errors:?}"
    );
    assert!(errors[0].contains("HTTP 422"), "{errors:?}");
    assert!(b.text("#notice").contains(sandbox::engine::CANNOT_STREAM));
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-sandbox.png");
    std::fs::write(out, b.screenshot()).unwrap();
}

#[test]
#[ignore = "needs chromium and chromium-driver: run .ci/browser-tests"]
fn screenshots_in_light_and_dark_and_at_a_phones_width() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let server = server();
    let launch = server
        .launch_with_sdk(request(&mint(&sandbox), &sandbox.base_url()), &double())
        .unwrap();
    for (theme, size, name) in [
        (Theme::Light, (1280, 720), "demo-light.png"),
        (Theme::Dark, (1280, 720), "demo-dark.png"),
        (Theme::Light, (390, 844), "demo-phone.png"),
    ] {
        let b = Browser::start(theme, size);
        b.goto(&launch.url);
        b.wait_text("#log", "Ready");
        assert_eq!(b.is_dark(), theme == Theme::Dark, "{name}");
        b.click("#start");
        b.wait_until("Send enabled", || b.enabled("#send"));
        b.emit("SESSION_READY", json!(["3f2a9c1e"]));
        b.emit("CONNECTION_ESTABLISHED", json!([]));
        b.emit("VIDEO_PLAY_STARTED", json!([]));
        assert_eq!(
            b.text("#video-placeholder"),
            "",
            "{name}: the placeholder goes"
        );
        assert_eq!(
            b.script(
                "return getComputedStyle(document.getElementById('video-placeholder')).display;"
            ),
            json!("none"),
            "{name}"
        );
        b.emit(
            "MESSAGE_HISTORY_UPDATED",
            json!([[
                { "id": "1", "role": "persona", "content": "Hi, I'm Cara. What would you like to know about our plans?" },
                { "id": "2", "role": "user", "content": "What does the premium plan include?" },
                { "id": "3", "role": "persona", "content": "Unlimited sessions, custom avatars and priority support." }
            ]]),
        );
        b.emit(
            "SERVER_WARNING",
            json!(["Network is slow: video quality lowered"]),
        );
        b.type_into("#message", "And the price?");
        std::thread::sleep(std::time::Duration::from_millis(500));
        let png = b.screenshot();
        let (w, h) = browser::png_size(&png);
        assert_eq!((w, h), size, "{name}");
        let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        std::fs::write(&out, &png).unwrap();
        if std::env::var_os("UPDATE_SCREENSHOTS").is_some() {
            let dest = concat!(env!("CARGO_MANIFEST_DIR"), "/assets/screenshots/");
            std::fs::write(format!("{dest}{name}"), &png).unwrap();
        }
    }
}
