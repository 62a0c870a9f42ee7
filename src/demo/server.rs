//! The page server: axum on 127.0.0.1, one unguessable path per launch. Under it, and only
//! there: the page, its script and style, the SDK, and `session.json` (the token and what the
//! page shows). Every reply is `no-store`, with a Content-Security-Policy that runs scripts from
//! the page's own origin only; anything else is 404.

use super::sdk::SDK_VERSION;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};

const INDEX_HTML: &str = include_str!("../../assets/demo/index.html");
const DEMO_JS: &str = include_str!("../../assets/demo/demo.js");
const DEMO_CSS: &str = include_str!("../../assets/demo/demo.css");

/// How many launches the server keeps; the oldest page goes (404) when one more is launched.
pub const MAX_LAUNCHES: usize = 64;

/// One launch: what its page and `session.json` serve.
pub(crate) struct Page {
    pub token: String,
    /// The environment's base URL without a trailing slash (the SDK appends `/v1/...`).
    pub base_url: String,
    pub preset_name: String,
    pub environment_name: String,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    pub sdk: Arc<[u8]>,
    pub sdk_origin: &'static str,
}

/// The launches, by their secret path segment.
#[derive(Default)]
pub(crate) struct Pages {
    by_secret: HashMap<String, Arc<Page>>,
    order: VecDeque<String>,
}

impl Pages {
    pub fn insert(&mut self, secret: String, page: Page) {
        while self.order.len() >= MAX_LAUNCHES {
            if let Some(old) = self.order.pop_front() {
                self.by_secret.remove(&old);
            }
        }
        self.order.push_back(secret.clone());
        self.by_secret.insert(secret, Arc::new(page));
    }

    fn get(&self, secret: &str) -> Option<Arc<Page>> {
        self.by_secret.get(secret).cloned()
    }
}

pub(crate) struct ServerState {
    pub pages: Mutex<Pages>,
    /// The port, for the Host check.
    pub port: u16,
}

impl ServerState {
    fn page(&self, secret: &str) -> Option<Arc<Page>> {
        self.pages
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(secret)
    }
}

pub(crate) fn router(state: Arc<ServerState>) -> Router {
    Router::new().fallback(handle).with_state(state)
}

/// The Content-Security-Policy of every reply. Scripts, styles and images: this origin only.
/// `connect-src`: this origin, the environment's base URL (the SDK's `POST /v1/engine/session`
/// and `/v1/metrics/client`), and any https/wss origin, because the engine host the SDK then
/// talks to (REST over https, signalling over wss) is chosen by the API per session and is not
/// known when the page is served. WebRTC media is not governed by CSP; the video plays a
/// MediaStream (`srcObject`), which `media-src` does not restrict.
pub fn content_security_policy(base_url: Option<&str>) -> String {
    let api = base_url
        .and_then(|b| url::Url::parse(b).ok())
        .map(|u| u.origin().ascii_serialization())
        .filter(|o| o != "null")
        .map(|o| format!(" {o}"))
        .unwrap_or_default();
    format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         media-src 'self' blob: mediastream:; connect-src 'self'{api} https: wss:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
    )
}

async fn handle(
    State(state): State<Arc<ServerState>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let page_for_csp;
    let response = if !host_is_loopback(&headers, state.port) {
        page_for_csp = None;
        text(StatusCode::MISDIRECTED_REQUEST, "Not this host.")
    } else if method != Method::GET && method != Method::HEAD {
        page_for_csp = None;
        not_found()
    } else {
        let (page, response) = route(&state, uri.path());
        page_for_csp = page;
        response
    };
    with_common_headers(response, page_for_csp.as_ref().map(|p| p.base_url.as_str()))
}

/// `/{secret}/{file}`: the page and its files; `/{secret}` goes to `/{secret}/`.
fn route(state: &ServerState, path: &str) -> (Option<Arc<Page>>, Response) {
    let rest = path.strip_prefix('/').unwrap_or(path);
    let (secret, file) = match rest.split_once('/') {
        Some((secret, file)) => (secret, Some(file)),
        None => (rest, None),
    };
    let Some(page) = state.page(secret) else {
        return (None, not_found());
    };
    let response = match file {
        None => (
            StatusCode::PERMANENT_REDIRECT,
            [(header::LOCATION, format!("/{secret}/"))],
        )
            .into_response(),
        Some("") | Some("index.html") => asset(INDEX_HTML.as_bytes(), "text/html; charset=utf-8"),
        Some("demo.js") => asset(DEMO_JS.as_bytes(), "text/javascript; charset=utf-8"),
        Some("demo.css") => asset(DEMO_CSS.as_bytes(), "text/css; charset=utf-8"),
        Some("anam.js") => asset(&page.sdk, "text/javascript; charset=utf-8"),
        Some("session.json") => session_json(&page),
        Some(_) => not_found(),
    };
    (Some(page), response)
}

fn session_json(page: &Page) -> Response {
    let now = chrono::Utc::now();
    let seconds_left = page.expires_at.map(|e| (e - now).num_seconds());
    let expired = seconds_left.is_some_and(|s| s <= 0);
    let mut body = json!({
        "baseUrl": page.base_url,
        "preset": page.preset_name,
        "environment": page.environment_name,
        "expiresAt": page.expires_at.map(|e| e.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
        "secondsLeft": seconds_left,
        "expired": expired,
        "sdkVersion": SDK_VERSION,
        "sdkOrigin": page.sdk_origin,
    });
    // An expired token is of no use to the page: it is not handed out.
    if !expired && let Some(map) = body.as_object_mut() {
        map.insert("token".into(), page.token.clone().into());
    }
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        body.to_string(),
    )
        .into_response()
}

fn asset(bytes: &[u8], content_type: &'static str) -> Response {
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, content_type)],
        bytes.to_vec(),
    )
        .into_response()
}

fn not_found() -> Response {
    text(StatusCode::NOT_FOUND, "Not found.")
}

fn text(status: StatusCode, body: &'static str) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        body,
    )
        .into_response()
}

fn with_common_headers(mut response: Response, base_url: Option<&str>) -> Response {
    let h = response.headers_mut();
    let mut set = |name: header::HeaderName, value: &str| {
        if let Ok(v) = HeaderValue::from_str(value) {
            h.insert(name, v);
        }
    };
    set(header::CACHE_CONTROL, "no-store");
    set(
        header::CONTENT_SECURITY_POLICY,
        &content_security_policy(base_url),
    );
    set(header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    // The secret path never leaves in a Referer.
    set(header::REFERRER_POLICY, "no-referrer");
    set(header::X_FRAME_OPTIONS, "DENY");
    set(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        header::HeaderName::from_static("permissions-policy"),
        "microphone=(self), camera=(), geolocation=()",
    );
    response
}

/// The Host header names this server on loopback (not a DNS name pointed at 127.0.0.1 by
/// someone else's page).
fn host_is_loopback(headers: &HeaderMap, port: u16) -> bool {
    let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
        return false;
    };
    let host = host.to_ascii_lowercase();
    [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
    ]
    .contains(&host)
}
