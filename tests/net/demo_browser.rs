//! The demo page in a real browser: headless Chromium driven over WebDriver (Debian's
//! `chromium` and `chromium-driver`). Ignored by `cargo test`; `.ci/browser-tests` runs them,
//! and there a missing browser is a failure, not a skip.
//!
//! With a test double of the SDK (tests/browser/fake-anam.js, recording every call) the page's
//! calls and what it shows of the SDK's events are checked; with the real SDK 4.27.0, fetched
//! and verified by the app's own code path, the session against the sandbox ends with the
//! sandbox's message and no other error. Tool calls are played to the double as the engine's
//! data channel messages, and the double answers them through the page's handler as SDK 4.27.0
//! does. Screenshots in light and dark at 1280×720 go to target/ (and to assets/screenshots/
//! with UPDATE_SCREENSHOTS=1).

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

/// A tool call event from the engine, as the data channel carries it (SDK 4.27.0's
/// `WebRtcToolCallStartedEvent`; add `result` or `error_message` for the other two).
fn tool_event(session: &str, id: &str, name: &str, tool_type: &str, arguments: Value) -> Value {
    json!({
        "event_uid": format!("evt-{id}"),
        "session_id": session,
        "tool_call_id": id,
        "tool_name": name,
        "tool_type": tool_type,
        "arguments": arguments,
        "timestamp": "2026-12-04T15:00:01.000Z",
        "timestamp_user_action": "2026-12-04T15:00:00.000Z",
        "user_action_correlation_id": format!("turn-{id}"),
        "used_outside_engine": false,
    })
}

/// The page with the SDK double, its session started; the double's session id.
fn started(b: &Browser, url: &str) -> String {
    b.goto(url);
    b.wait_text("#log", "Ready");
    b.click("#start");
    b.wait_until("Send enabled", || b.enabled("#send"));
    b.script("return window.__anamSessionId();")
        .as_str()
        .expect("a session id")
        .to_string()
}

fn tool_box(id: &str) -> String {
    format!(r#".tool-call[data-tool-call-id="{id}"]"#)
}

fn tool_boxes(b: &Browser) -> u64 {
    b.script("return document.querySelectorAll('.tool-call').length;")
        .as_u64()
        .unwrap()
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
fn a_client_tool_call_is_answered_from_the_page_and_failures_and_speech_show_in_the_log() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let server = server();
    let launch = server
        .launch_with_sdk(request(&mint(&sandbox), &sandbox.base_url()), &double())
        .unwrap();
    let b = Browser::start(Theme::Light, (1280, 720));
    let session = started(&b, &launch.url);
    b.emit("VIDEO_PLAY_STARTED", json!([]));

    b.data_channel(
        "userSpeechStarted",
        json!({ "user_action_correlation_id": "turn-1" }),
    );
    b.wait_text("#log", "You started speaking");
    b.data_channel(
        "userSpeechEnded",
        json!({ "user_action_correlation_id": "turn-1" }),
    );
    b.wait_text("#log", "You stopped speaking");

    // A client tool call: logged with its arguments, and a box to answer it in. (serde_json
    // sorts keys, so the page gets them in this order.)
    assert_eq!(b.text("#tool-calls"), "", "no box before a call");
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &session,
            "call-1",
            "check_stock",
            "client",
            json!({ "quantity": 2, "sku": "A-113" }),
        ),
    );
    b.wait_text("#log", "Tool call started: check_stock (client)");
    let log = b.text("#log");
    assert!(
        log.contains(r#"arguments: {"quantity":2,"sku":"A-113"}"#),
        "{log}"
    );
    let one = tool_box("call-1");
    b.wait_text(&one, "check_stock");
    let shown = b.text(&one);
    assert!(shown.contains(r#"{"quantity":2,"sku":"A-113"}"#), "{shown}");
    assert!(shown.contains("if unanswered"), "{shown}");
    assert!(
        b.text("#tool-calls")
            .to_lowercase()
            .contains("waiting for your answer")
    );
    assert_eq!(b.value(&format!("{one} textarea")), r#"{"ok": true}"#);
    assert_eq!(
        b.last_call("registerToolCallHandler")["args"][0],
        "check_stock"
    );
    assert!(b.sent().is_empty(), "nothing goes back before an answer");

    let answer = r#"{"inStock": true, "count": 7}"#;
    b.type_into(&format!("{one} textarea"), answer);
    b.click(&format!("{one} .tool-send"));
    b.wait_text("#log", "Tool call completed: check_stock");
    let sent = b.sent();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(sent[0]["message_type"], "tool_result");
    assert_eq!(sent[0]["session_id"], session.as_str());
    assert_eq!(sent[0]["tool_call_id"], "call-1");
    assert_eq!(sent[0]["result"], answer, "exactly what was typed");
    assert!(sent[0].get("error").is_none(), "{sent:#?}");
    let log = b.text("#log");
    assert!(log.contains(&format!("result: {answer}")), "{log}");
    assert_eq!(b.text("#tool-calls"), "", "the box goes once answered");

    // Two calls at once: a box each. One fails by hand, the other sends the default.
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &session,
            "call-2",
            "book_demo",
            "client",
            json!({ "attendees": ["ada@example.com", "grace@example.com"], "day": "Friday", "time": "10:30" }),
        ),
    );
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &session,
            "call-3",
            "check_stock",
            "client",
            json!({ "sku": "B-7" }),
        ),
    );
    b.wait_until("two boxes", || tool_boxes(&b) == 2);
    assert!(b.text(&tool_box("call-2")).contains("book_demo"));
    assert!(b.text(&tool_box("call-3")).contains(r#"{"sku":"B-7"}"#));
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("demo-tool-calls.png");
    std::fs::write(out, b.screenshot()).unwrap();

    b.click(&format!("{} .tool-fail", tool_box("call-2")));
    b.wait_text("#log", "Tool call failed: book_demo");
    assert!(
        b.text("#log")
            .contains("Error in onStart handler: Failed by hand on the anam-studio demo page"),
        "{}",
        b.text("#log")
    );
    let sent = b.sent();
    assert_eq!(sent.len(), 2, "{sent:#?}");
    assert_eq!(sent[1]["tool_call_id"], "call-2");
    assert_eq!(
        sent[1]["error"],
        "Error in handler: Failed by hand on the anam-studio demo page"
    );
    assert!(sent[1].get("result").is_none(), "{sent:#?}");
    assert_eq!(tool_boxes(&b), 1, "the other call still waits");
    b.click(&format!("{} .tool-send", tool_box("call-3")));
    b.wait_until("call-3 answered", || b.sent().len() == 3);
    assert_eq!(b.sent()[2]["tool_call_id"], "call-3");
    assert_eq!(b.sent()[2]["result"], r#"{"ok": true}"#);
    assert_eq!(b.text("#tool-calls"), "");

    // A server tool: logged, no box, no handler; its failure comes from the engine.
    let mut webhook = tool_event(
        &session,
        "call-4",
        "crm_lookup",
        "server",
        json!({ "email": "ada@example.com" }),
    );
    webhook["tool_subtype"] = json!("webhook");
    b.data_channel("toolCallStarted", webhook.clone());
    b.wait_text("#log", "Tool call started: crm_lookup (server, webhook)");
    webhook["error_message"] = json!("The webhook answered 503");
    b.data_channel("toolCallFailed", webhook);
    b.wait_text("#log", "Tool call failed: crm_lookup");
    assert!(b.text("#log").contains("The webhook answered 503"));
    assert_eq!(tool_boxes(&b), 0);
    assert!(
        !b.calls()
            .iter()
            .any(|c| c["name"] == "registerToolCallHandler" && c["args"][0] == "crm_lookup"),
        "no handler for a server tool"
    );
    assert_eq!(b.sent().len(), 3, "the page answers client tools only");
    assert!(b.errors().is_empty(), "{:?}", b.errors());
}

#[test]
#[ignore = "needs chromium and chromium-driver: run .ci/browser-tests"]
fn unanswered_tool_calls_fail_in_time_or_end_with_the_session_and_a_second_session_answers_once() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let server = server();
    let launch = server
        .launch_with_sdk(request(&mint(&sandbox), &sandbox.base_url()), &double())
        .unwrap();
    let b = Browser::start(Theme::Light, (1280, 720));
    let session = started(&b, &launch.url);

    // Nobody answers: the page fails the call when its time is up.
    b.script("window.__demoToolAnswerMs = 2000; return true;");
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &session,
            "slow-1",
            "open_page",
            "client",
            json!({ "page": "pricing" }),
        ),
    );
    b.wait_until("a box", || tool_boxes(&b) == 1);
    b.wait_text("#log", "Tool call failed: open_page");
    let sent = b.sent();
    assert_eq!(sent.len(), 1, "{sent:#?}");
    assert_eq!(
        sent[0]["error"],
        "Error in handler: No answer on the demo page within 2 s"
    );
    assert_eq!(tool_boxes(&b), 0);
    b.script("delete window.__demoToolAnswerMs; return true;");

    // The session ends first: the box goes and nothing is sent.
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &session,
            "left-2",
            "open_page",
            "client",
            json!({ "page": "faq" }),
        ),
    );
    b.wait_until("a box", || tool_boxes(&b) == 1);
    b.click("#stop");
    b.wait_text("#log", "Tool call left unanswered: open_page");
    assert_eq!(tool_boxes(&b), 0);
    assert_eq!(b.sent().len(), 1, "{:#?}", b.sent());

    // A second session on the same client: 4.27.0 calls the handler twice, one answer goes.
    b.wait_until("Start enabled again", || b.enabled("#start"));
    b.click("#start");
    b.wait_until("Send enabled", || b.enabled("#send"));
    let second = b
        .script("return window.__anamSessionId();")
        .as_str()
        .unwrap()
        .to_string();
    assert_ne!(second, session);
    b.data_channel(
        "toolCallStarted",
        tool_event(
            &second,
            "again-3",
            "open_page",
            "client",
            json!({ "page": "home" }),
        ),
    );
    b.wait_until("a box", || tool_boxes(&b) >= 1);
    std::thread::sleep(std::time::Duration::from_millis(300));
    assert_eq!(tool_boxes(&b), 1, "one box per call");
    b.click(&format!("{} .tool-send", tool_box("again-3")));
    b.wait_text("#log", "Tool call completed: open_page");
    std::thread::sleep(std::time::Duration::from_millis(300));
    let answers: Vec<Value> = b
        .sent()
        .into_iter()
        .filter(|m| m["tool_call_id"] == "again-3")
        .collect();
    assert_eq!(answers.len(), 1, "{answers:#?}");
    assert_eq!(answers[0]["result"], r#"{"ok": true}"#);
    assert_eq!(
        b.text("#log")
            .matches("Tool call completed: open_page")
            .count(),
        1,
        "{}",
        b.text("#log")
    );
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
