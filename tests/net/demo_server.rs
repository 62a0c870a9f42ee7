//! The demo page server over loopback (no browser): each launch at its own unguessable path,
//! nothing elsewhere, the token only in `session.json` and never once it has expired, the
//! headers, loopback only, and gone when dropped. Also the sandbox's answers to the SDK and
//! `anam-studio demo` end to end.

use crate::common;

use anam_studio::demo::{DemoError, DemoServer, LaunchRequest, Sdk, SdkOptions, SdkOrigin};
use anam_studio::sandbox::{self, Sandbox};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::time::Duration;

const SDK_DOUBLE: &[u8] = b"window.anam = {};";

struct Got {
    status: u16,
    headers: reqwest::header::HeaderMap,
    body: String,
}

fn request(method: &str, url: &str, headers: &[(&str, &str)]) -> Got {
    anam_studio::api::install_crypto_provider();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap();
        let mut req = client.request(method.parse().unwrap(), url);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        let resp = req.send().await.unwrap();
        Got {
            status: resp.status().as_u16(),
            headers: resp.headers().clone(),
            body: resp.text().await.unwrap(),
        }
    })
}

fn get(url: &str) -> Got {
    request("GET", url, &[])
}

/// A token signed as the sandbox signs them, expiring `exp_in` seconds from now.
fn token(exp_in: i64) -> String {
    let now = chrono::Utc::now().timestamp();
    sandbox::token::sign(
        sandbox::Config::default().secret.as_bytes(),
        &json!({ "type": "ephemeral", "accountId": "a", "iat": now - 10, "exp": now + exp_in }),
    )
    .unwrap()
}

fn server() -> DemoServer {
    DemoServer::start(SdkOptions::pinned(None, None), || {}).unwrap()
}

fn launch(server: &DemoServer, token: &str) -> String {
    let sdk = Sdk::from_bytes(
        SDK_DOUBLE.to_vec(),
        SdkOrigin::LocalFile("double.js".into()),
    );
    server
        .launch_with_sdk(
            LaunchRequest {
                token: token.into(),
                base_url: "http://127.0.0.1:8787/".into(),
                preset_name: "sales-demo".into(),
                environment_name: "Sandbox".into(),
            },
            &sdk,
        )
        .unwrap()
        .url
}

#[test]
fn a_launch_serves_its_page_and_token_only_under_its_own_path() {
    let server = server();
    let token = token(600);
    let url = launch(&server, &token);
    let secret = url
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap()
        .to_string();
    assert_eq!(secret.len(), 32, "{url}");
    assert!(url.starts_with(&format!("http://127.0.0.1:{}/", server.addr().port())));

    let page = get(&url);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("<video id=\"persona-video\""));
    assert!(!page.body.contains(&token), "the token is not in the HTML");
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self';"), "{csp}");
    assert!(csp.contains("default-src 'none'"), "{csp}");
    assert!(
        csp.contains("connect-src 'self' http://127.0.0.1:8787 "),
        "{csp}"
    );
    assert_eq!(page.headers["cache-control"], "no-store");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");

    let session: Value = serde_json::from_str(&get(&format!("{url}session.json")).body).unwrap();
    assert_eq!(session["token"], token.as_str());
    assert_eq!(
        session["baseUrl"], "http://127.0.0.1:8787",
        "no trailing slash"
    );
    assert_eq!(session["preset"], "sales-demo");
    assert_eq!(session["environment"], "Sandbox");
    assert_eq!(session["expired"], false);
    assert!(session["secondsLeft"].as_i64().unwrap() > 590);
    assert_eq!(get(&format!("{url}anam.js")).body.as_bytes(), SDK_DOUBLE);
    for file in ["demo.js", "demo.css"] {
        let got = get(&format!("{url}{file}"));
        assert_eq!(got.status, 200, "{file}");
        assert_eq!(got.headers["cache-control"], "no-store", "{file}");
    }
    // Without the trailing slash: sent to the page.
    let bare = get(url.trim_end_matches('/'));
    assert_eq!(bare.status, 308);
    assert_eq!(bare.headers["location"], format!("/{secret}/").as_str());

    // Anywhere else: 404, with the same headers, and nothing of the token.
    let base = format!("http://{}", server.addr());
    let mut wrong = secret.clone();
    wrong.replace_range(0..1, if secret.starts_with('0') { "1" } else { "0" });
    for path in [
        "/".to_string(),
        "/index.html".into(),
        "/session.json".into(),
        "/anam.js".into(),
        format!("/{wrong}/"),
        format!("/{wrong}/session.json"),
        format!("/{secret}/other.json"),
        format!("/{}/", secret.to_uppercase()),
    ] {
        let got = get(&format!("{base}{path}"));
        assert_eq!(got.status, 404, "{path}");
        assert!(!got.body.contains(&token), "{path}");
        assert_eq!(got.headers["cache-control"], "no-store", "{path}");
    }
    // Only GET (and HEAD).
    assert_eq!(
        request("POST", &format!("{url}session.json"), &[]).status,
        404
    );
}

#[test]
fn two_launches_get_different_paths_and_each_its_own_token() {
    let server = server();
    let (t1, t2) = (token(600), token(900));
    let (u1, u2) = (launch(&server, &t1), launch(&server, &t2));
    assert_ne!(u1, u2);
    let s1: Value = serde_json::from_str(&get(&format!("{u1}session.json")).body).unwrap();
    let s2: Value = serde_json::from_str(&get(&format!("{u2}session.json")).body).unwrap();
    assert_eq!(s1["token"], t1.as_str());
    assert_eq!(s2["token"], t2.as_str());
}

#[test]
fn an_expired_token_is_not_handed_out_and_the_page_is_told() {
    let server = server();
    let url = launch(&server, &token(-30));
    let session: Value = serde_json::from_str(&get(&format!("{url}session.json")).body).unwrap();
    assert_eq!(session["expired"], true);
    assert!(session.get("token").is_none(), "{session}");
    assert!(session["secondsLeft"].as_i64().unwrap() <= -30);
}

#[test]
fn a_request_naming_another_host_is_refused() {
    let server = server();
    let url = launch(&server, &token(600));
    let got = request("GET", &url, &[("host", "attacker.example:80")]);
    assert_eq!(got.status, 421);
    let port = server.addr().port();
    let ok = request("GET", &url, &[("host", &format!("localhost:{port}"))]);
    assert_eq!(ok.status, 200);
}

#[test]
fn only_loopback_is_bound_and_the_server_is_gone_after_drop() {
    let server = server();
    let addr = server.addr();
    assert!(addr.ip().is_loopback(), "{addr}");
    // Not reachable on the machine's other addresses.
    if let Ok(sock) = std::net::UdpSocket::bind("0.0.0.0:0")
        && sock.connect("192.0.2.1:9").is_ok()
        && let Ok(local) = sock.local_addr()
        && !local.ip().is_loopback()
        && !local.ip().is_unspecified()
    {
        let other = std::net::SocketAddr::new(local.ip(), addr.port());
        assert!(
            std::net::TcpStream::connect_timeout(&other, Duration::from_secs(2)).is_err(),
            "{other} answered"
        );
    }
    let url = launch(&server, &token(600));
    assert_eq!(get(&url).status, 200);
    drop(server);
    // The port may be handed to another test's server at once (tests run in parallel): what
    // counts is that nothing listens there any more, or that what does never serves this page.
    if std::net::TcpStream::connect_timeout(&addr, Duration::from_secs(2)).is_ok() {
        let again = std::thread::spawn(move || get(&url)).join();
        assert!(
            again.is_err() || again.is_ok_and(|got| got.status != 200),
            "the page is still served after the server was dropped"
        );
    }
}

#[test]
fn a_launch_with_a_token_that_is_not_a_jwt_or_a_bad_base_url_is_one_sentence() {
    let server = server();
    let sdk = Sdk::from_bytes(SDK_DOUBLE.to_vec(), SdkOrigin::LocalFile("x".into()));
    let mut request = LaunchRequest {
        token: "not-a-token".into(),
        base_url: "http://127.0.0.1:8787".into(),
        preset_name: "p".into(),
        environment_name: "e".into(),
    };
    let err = server.launch_with_sdk(request.clone(), &sdk).unwrap_err();
    assert!(matches!(err, DemoError::Token(_)), "{err:?}");
    assert!(
        err.to_string().starts_with("The token cannot be used"),
        "{err}"
    );
    request.token = token(60);
    request.base_url = "http://example.com".into();
    let err = server.launch_with_sdk(request.clone(), &sdk).unwrap_err();
    assert!(err.to_string().contains("plain http"), "{err}");
    assert!(!format!("{request:?}").contains(&request.token));
}

#[test]
fn launch_returns_at_once_and_reports_a_failed_sdk_fetch_through_try_recv() {
    let woken = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let w = woken.clone();
    let mut options = SdkOptions::pinned(None, None);
    options.local_file = None;
    options.registry = format!("http://127.0.0.1:{}", common::closed_port());
    let server = DemoServer::start(options, move || {
        w.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    })
    .unwrap();
    let started = std::time::Instant::now();
    let id = server.launch(LaunchRequest {
        token: token(60),
        base_url: "http://127.0.0.1:8787".into(),
        preset_name: "p".into(),
        environment_name: "e".into(),
    });
    assert!(started.elapsed() < Duration::from_millis(200));
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let (got, result) = loop {
        if let Some(r) = server.try_recv() {
            break r;
        }
        assert!(std::time::Instant::now() < deadline, "no result");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(got, id);
    let err = result.unwrap_err();
    assert!(
        err.to_string()
            .starts_with("Could not download the Anam SDK"),
        "{err}"
    );
    assert_eq!(woken.load(std::sync::atomic::Ordering::SeqCst), 1);
}

#[test]
fn the_sandbox_answers_the_sdk_engine_session_and_metrics_with_cors() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let url = format!("{}/v1/engine/session", sandbox.base_url());
    let origin = ("origin", "http://127.0.0.1:40000");
    let valid = format!("Bearer {}", token(600));
    let got = request("POST", &url, &[("authorization", &valid), origin]);
    assert_eq!(got.status, 422);
    let body: Value = serde_json::from_str(&got.body).unwrap();
    assert_eq!(body["message"], sandbox::engine::CANNOT_STREAM);
    assert!(body["error"].is_string());
    assert_eq!(
        got.headers["access-control-allow-origin"],
        "http://127.0.0.1:40000"
    );

    for (bearer, says) in [
        (String::new(), "Missing session token"),
        (format!("Bearer {}", token(-5)), "expired"),
        (
            "Bearer abc.def.ghi".to_string(),
            "not signed by this sandbox",
        ),
    ] {
        let mut headers = vec![origin];
        if !bearer.is_empty() {
            headers.push(("authorization", &bearer));
        }
        let got = request("POST", &url, &headers);
        assert_eq!(got.status, 401, "{bearer}");
        assert!(got.body.contains(says), "{}", got.body);
    }
    // A token signed with another secret is not the sandbox's.
    let foreign = sandbox::token::sign(
        b"someone else",
        &json!({ "exp": chrono::Utc::now().timestamp() + 600 }),
    )
    .unwrap();
    let got = request(
        "POST",
        &url,
        &[("authorization", &format!("Bearer {foreign}"))],
    );
    assert_eq!(got.status, 401);

    // The preflight the SDK's fetch triggers, from the page's loopback origin only.
    let preflight = [
        origin,
        ("access-control-request-method", "POST"),
        (
            "access-control-request-headers",
            "authorization,content-type",
        ),
    ];
    let got = request("OPTIONS", &url, &preflight);
    assert_eq!(got.status, 204);
    let allowed = got.headers["access-control-allow-headers"]
        .to_str()
        .unwrap();
    assert!(allowed.contains("authorization") && allowed.contains("content-type"));
    let got = request(
        "OPTIONS",
        &url,
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "POST"),
        ],
    );
    assert!(got.headers.get("access-control-allow-origin").is_none());

    let metrics = format!("{}/v1/metrics/client", sandbox.base_url());
    let got = request(
        "POST",
        &metrics,
        &[origin, ("content-type", "application/json")],
    );
    assert_eq!(got.status, 204);
    assert_eq!(
        got.headers["access-control-allow-origin"],
        "http://127.0.0.1:40000"
    );
}

#[test]
fn the_demo_command_mints_serves_and_prints_the_address() {
    let sandbox = Sandbox::start(sandbox::Config::default()).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let sdk_file = dir.path().join("anam.js");
    std::fs::write(&sdk_file, SDK_DOUBLE).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_anam-studio"))
        .args(["demo", "--no-open", "--preset"])
        .arg(common::preset("elevenlabs-v2-sales-demo.json"))
        .args(["--base-url", &sandbox.base_url()])
        .env("ANAM_API_KEY", "demo")
        .env("ANAM_STUDIO_SDK_FILE", &sdk_file)
        .env("XDG_CACHE_HOME", dir.path())
        // Every log line there is: none may hold the token.
        .env("ANAM_STUDIO_LOG", "trace")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.trim().to_string();
    let page = get(&url);
    let session: Value = serde_json::from_str(&get(&format!("{url}session.json")).body).unwrap();
    let sdk = get(&format!("{url}anam.js"));
    child.kill().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = common::text(&out.stderr);
    assert_eq!(page.status, 200, "{url} {stderr}");
    assert_eq!(session["preset"], "elevenlabs-v2-sales-demo");
    assert_eq!(session["baseUrl"], sandbox.base_url().as_str());
    assert!(session["token"].as_str().unwrap().split('.').count() == 3);
    assert_eq!(sdk.body.as_bytes(), SDK_DOUBLE);
    assert!(stderr.contains("Ctrl+C"), "{stderr}");
    let token = session["token"].as_str().unwrap();
    let signature = token.rsplit('.').next().unwrap();
    assert!(
        !stderr.contains(signature),
        "the token is never logged:\n{stderr}"
    );
    assert!(!common::text(&out.stdout).contains(signature));
}
