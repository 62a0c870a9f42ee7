//! The sandbox: a fake Anam API on loopback. It checks bearer keys, validates bodies with the
//! same rules as the app (a 400 names the field), and signs real HS256 JWTs. Tests, the CLI's
//! `sandbox` command and the app's "Sandbox" environment all use it.

use crate::core::validate::{self, Problem};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

// The catalog (avatars, voices, LLMs, personas, thumbnails) and its routes.
pub mod catalog;

// What it answers Anam's browser SDK: the engine session (a plain refusal) and client metrics.
pub mod engine;

// Saved personas and tools written and read, sessions for the tokens it signed, and what it remembers.
mod personas;
pub mod records;
pub mod sessions;
mod snapshot;
pub mod tools;
pub use records::{LoggedRequest, MAX_RECORDS, Records, SessionRecord};

// Its HS256 tokens: signed and checked here, and by tests that need a token of their own.
pub mod token;

// Bodies: a cap on their size (413 at once for a declared length over it) and on their time.
pub mod body;

// Deliberate failures (a status, a hang, a trickle, a huge body), to test clients against.
mod fault;
use fault::fault_response;
pub use fault::{Fault, FaultQueue};

/// A time as the API writes it: RFC 3339 in UTC, to the millisecond.
fn stamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// How long a sandbox session is live before the engine "ends" it, unless the body's
/// `maxSessionLengthSeconds` is shorter.
pub const SESSION_LENGTH: Duration = Duration::from_secs(45);

/// Tokens are valid for this long, as Anam's are.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

#[derive(Debug, Clone)]
pub struct Config {
    /// When set, only this bearer key is accepted; otherwise any non-empty key is.
    pub required_key: Option<String>,
    /// The HS256 signing secret.
    pub secret: String,
    /// When set, every request gets this fault (after the queued ones).
    pub fault: Option<Fault>,
    /// Faults for the next requests, one each; shared with the clones of this config.
    pub next_faults: FaultQueue,
    /// Faults for the next catalog requests (the lists and persona details; not thumbnails), one
    /// each. The catalog never takes the token endpoint's faults, nor they its.
    pub catalog_faults: FaultQueue,
    /// The personas, sessions and request log of this run; shared with the clones of this
    /// config, so a test keeps one and reads what was sent. It keeps the newest
    /// [`MAX_RECORDS`] sessions and logged requests.
    pub records: Records,
    /// How long a session is live (see [`SESSION_LENGTH`]).
    pub session_length: Duration,
    /// Idle connections closed, open ones capped (see [`crate::serve::Limits`]).
    pub limits: crate::serve::Limits,
    /// How long a request's body may take to arrive (see [`body::BODY_TIMEOUT`]).
    pub body_timeout: Duration,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            required_key: None,
            secret: "anam-studio-sandbox-secret".into(),
            fault: None,
            next_faults: FaultQueue::default(),
            catalog_faults: FaultQueue::default(),
            records: Records::default(),
            session_length: SESSION_LENGTH,
            limits: crate::serve::Limits::default(),
            body_timeout: body::BODY_TIMEOUT,
        }
    }
}

/// The sandbox's routes.
pub fn router(config: Config) -> Router {
    Router::new()
        .route("/v1/auth/session-token", post(session_token))
        .route("/v1/avatars", get(catalog::list_avatars))
        .route("/v1/voices", get(catalog::list_voices))
        .route("/v1/llms", get(catalog::list_llms))
        .route("/v1/personas", get(personas::list).post(personas::create))
        .route(
            "/v1/personas/{id}",
            get(personas::detail).put(personas::update),
        )
        .route("/v1/tools", get(tools::list).post(tools::create))
        .route("/v1/sessions", get(sessions::list))
        .route("/v1/sessions/{id}", get(sessions::detail))
        .route("/v1/sessions/{id}/transcript", get(sessions::transcript))
        .route("/thumbnails/{file}", get(catalog::thumbnail))
        .merge(engine::routes())
        .layer(axum::middleware::from_fn_with_state(
            config.body_timeout,
            body::read_whole,
        ))
        .with_state(Arc::new(config))
}

/// Serves on `listener` until the future is dropped, within `config.limits` (idle connections
/// closed, open ones capped: [`crate::serve`]).
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    let limits = config.limits;
    crate::serve::serve(listener, router(config), limits, "sandbox").await
}

/// A sandbox running on its own thread, on `127.0.0.1`. Stops when dropped.
pub struct Sandbox {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
}

impl Sandbox {
    /// Starts on a free port.
    pub fn start(config: Config) -> std::io::Result<Sandbox> {
        Self::start_on(0, config)
    }

    /// Starts on `port` (0 picks a free one).
    pub fn start_on(port: u16, config: Config) -> std::io::Result<Sandbox> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("sandbox")
            .enable_all()
            .build()?;
        let listener = runtime.block_on(tokio::net::TcpListener::bind(("127.0.0.1", port)))?;
        let addr = listener.local_addr()?;
        runtime.spawn(async move {
            if let Err(e) = serve(listener, config).await {
                tracing::error!("sandbox server stopped: {e}");
            }
        });
        Ok(Sandbox {
            addr,
            runtime: Some(runtime),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://127.0.0.1:PORT`.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

fn message(status: StatusCode, text: impl Into<String>) -> Response {
    (status, axum::Json(json!({ "message": text.into() }))).into_response()
}

/// The bearer key, or the 401 for a missing or wrong one (every endpoint but thumbnails).
fn authorize<'h>(config: &Config, headers: &'h HeaderMap) -> Result<&'h str, Box<Response>> {
    let key = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if key.is_empty() {
        return Err(Box::new(message(
            StatusCode::UNAUTHORIZED,
            "Missing API key: send Authorization: Bearer <key>",
        )));
    }
    if config.required_key.as_deref().is_some_and(|k| k != key) {
        return Err(Box::new(message(
            StatusCode::UNAUTHORIZED,
            "Invalid API key",
        )));
    }
    Ok(key)
}

async fn session_token(
    State(config): State<Arc<Config>>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(fault) = config.next_faults.pop().or_else(|| config.fault.clone()) {
        return fault_response(&fault).await;
    }
    let key = match authorize(&config, &headers) {
        Ok(key) => key,
        Err(refusal) => return *refusal,
    };
    let body: Value = match serde_json::from_slice(&body) {
        Ok(v) => v,
        Err(e) => {
            return message(
                StatusCode::BAD_REQUEST,
                format!("The body is not valid JSON: {e}"),
            );
        }
    };
    config
        .records
        .log("POST", "/v1/auth/session-token", None, Some(body.clone()));
    let problems = validate::validate(&body);
    if let Some(first) = problems.iter().find(|p| p.is_error()) {
        return message(StatusCode::BAD_REQUEST, first.to_string());
    }
    if let Some(ids) = body.pointer("/personaConfig/toolIds")
        && let Err(text) = tools::named(&config, "personaConfig.toolIds", ids)
    {
        return message(StatusCode::BAD_REQUEST, text);
    }
    if let Some(text) = unsupported_video_size(&body) {
        return message(StatusCode::BAD_REQUEST, text);
    }
    match sign(&config, key, &body, &problems) {
        Ok(token) => {
            sessions::record(&config, key, &body, &catalog::origin(&headers));
            (StatusCode::OK, axum::Json(json!({ "sessionToken": token }))).into_response()
        }
        Err(e) => message(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not sign the token: {e}"),
        ),
    }
}

/// A video size the body's avatar model does not support: the API refuses the pair rather than
/// run the session at another size (Anam's OpenAPI; `docs/anam-api.md`). The app only warns, as
/// the avatar's own model may be another than the body names.
fn unsupported_video_size(body: &Value) -> Option<String> {
    let model = body.pointer("/personaConfig/avatarModel")?.as_str()?;
    let w = body.pointer("/sessionOptions/videoWidth")?.as_u64()?;
    let h = body.pointer("/sessionOptions/videoHeight")?.as_u64()?;
    let sizes = crate::core::contract::pages::video_sizes(model).unwrap_or(&[]);
    if sizes.contains(&(w, h)) {
        return None;
    }
    let supported: Vec<String> = sizes.iter().map(|(w, h)| format!("{w}x{h}")).collect();
    Some(if supported.is_empty() {
        format!("sessionOptions: avatar model {model} does not support a video size")
    } else {
        format!(
            "sessionOptions: unsupported video size {w}x{h} for avatar model {model} (supported: {})",
            supported.join(", ")
        )
    })
}

fn sign(
    config: &Config,
    key: &str,
    body: &Value,
    _problems: &[Problem],
) -> Result<String, jsonwebtoken::errors::Error> {
    let now = chrono::Utc::now().timestamp();
    let kind = if body.pointer("/personaConfig/personaId").is_some() {
        "stateful"
    } else {
        "ephemeral"
    };
    let claims = json!({
        "accountId": "sandbox-account-0001",
        "sessionStoreId": uuid::Uuid::new_v4().to_string(),
        "type": kind,
        "apiKeyId": api_key_id(key),
        "iat": now,
        "exp": now + TOKEN_LIFETIME_SECS,
    });
    token::sign(config.secret.as_bytes(), &claims)
}

/// A stable, non-reversible id for a key (never the key itself).
fn api_key_id(key: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    format!("sandbox-key-{:08x}", h.finish() as u32)
}
