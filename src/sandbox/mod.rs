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
use std::collections::VecDeque;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_stream::wrappers::ReceiverStream;

// The catalog (avatars, voices, LLMs, personas, thumbnails) and its routes.
pub mod catalog;

// What it answers Anam's browser SDK: the engine session (a plain refusal) and client metrics.
pub mod engine;

// Saved personas written and read, sessions for the tokens it signed, and what it remembers.
mod personas;
pub mod records;
pub mod sessions;
pub use records::{LoggedRequest, Records, SessionRecord};

/// How long a sandbox session is live before the engine "ends" it, unless the body's
/// `maxSessionLengthSeconds` is shorter.
pub const SESSION_LENGTH: Duration = Duration::from_secs(45);

/// Tokens are valid for this long, as Anam's are.
pub const TOKEN_LIFETIME_SECS: i64 = 3600;

/// A deliberate failure, to test clients against.
#[derive(Debug, Clone)]
pub enum Fault {
    /// Answer every request with this status, content type and body.
    Respond {
        status: u16,
        content_type: &'static str,
        body: String,
        headers: Vec<(&'static str, String)>,
    },
    /// Accept the connection and never answer.
    Hang,
    /// Send headers, then the body one byte per `interval`.
    Trickle { interval: Duration },
    /// A 200 with a body of this many bytes, announced by `Content-Length`.
    Huge { bytes: usize },
    /// A 200 with a body of this many bytes, streamed in chunks with no `Content-Length`, so a
    /// client only finds out how big it is by reading it.
    HugeChunked { bytes: usize },
}

impl Fault {
    /// A JSON reply with `status`.
    pub fn json(status: u16, body: Value) -> Fault {
        Fault::respond(status, "application/json", body.to_string())
    }

    /// A reply with `status`, `content_type` and `body` exactly as given.
    pub fn respond(status: u16, content_type: &'static str, body: impl Into<String>) -> Fault {
        Fault::Respond {
            status,
            content_type,
            body: body.into(),
            headers: Vec::new(),
        }
    }

    /// The same reply with one more header (only for [`Fault::Respond`]; other faults are kept
    /// as they are).
    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Fault {
        if let Fault::Respond { headers, .. } = &mut self {
            headers.push((name, value.into()));
        }
        self
    }
}

/// Faults for the next requests, in order, shared between clones: a test keeps one clone and
/// queues faults while the server runs; once the queue is empty the server answers normally (or
/// with [`Config::fault`]).
#[derive(Debug, Clone, Default)]
pub struct FaultQueue(Arc<Mutex<VecDeque<Fault>>>);

impl FaultQueue {
    /// The next request gets `fault` (after any already queued).
    pub fn push(&self, fault: Fault) {
        self.lock().push_back(fault);
    }

    /// How many faults are still waiting for a request.
    pub fn len(&self) -> usize {
        self.lock().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn pop(&self) -> Option<Fault> {
        self.lock().pop_front()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Fault>> {
        // A panic while holding the lock cannot leave the queue half-changed.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

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
    /// config, so a test keeps one and reads what was sent.
    pub records: Records,
    /// How long a session is live (see [`SESSION_LENGTH`]).
    pub session_length: Duration,
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
        .route("/v1/sessions", get(sessions::list))
        .route("/v1/sessions/{id}", get(sessions::detail))
        .route("/v1/sessions/{id}/transcript", get(sessions::transcript))
        .route("/thumbnails/{file}", get(catalog::thumbnail))
        .merge(engine::routes())
        .with_state(Arc::new(config))
}

/// How long a connection may stay open without a request before the sandbox closes it (a
/// request under way, such as one held by [`Fault::Hang`], is not idle).
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves on `listener` until the future is dropped.
pub async fn serve(listener: tokio::net::TcpListener, config: Config) -> std::io::Result<()> {
    serve_with_idle_timeout(listener, config, IDLE_TIMEOUT).await
}

/// [`serve`], closing a connection that sends no complete request head within `idle`: a
/// connection opened and left silent, or kept alive after its last answer. (`axum::serve` sets
/// no timer, so hyper's header timeout never ran and idle connections were kept forever.)
pub async fn serve_with_idle_timeout(
    listener: tokio::net::TcpListener,
    config: Config,
    idle: Duration,
) -> std::io::Result<()> {
    let router = router(config);
    loop {
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a little instead of spinning.
            Err(e) => {
                tracing::warn!("sandbox: could not accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(idle);
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = builder.serve_connection(io, service).await {
                tracing::debug!("sandbox: connection ended: {e}");
            }
        });
    }
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
    match sign(&config, key, &body, &problems) {
        Ok(token) => {
            sessions::record(&config, key, &body);
            (StatusCode::OK, axum::Json(json!({ "sessionToken": token }))).into_response()
        }
        Err(e) => message(
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not sign the token: {e}"),
        ),
    }
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
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        &claims,
        &jsonwebtoken::EncodingKey::from_secret(config.secret.as_bytes()),
    )
}

/// A stable, non-reversible id for a key (never the key itself).
fn api_key_id(key: &str) -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    key.hash(&mut h);
    format!("sandbox-key-{:08x}", h.finish() as u32)
}

async fn fault_response(fault: &Fault) -> Response {
    match fault {
        Fault::Respond {
            status,
            content_type,
            body,
            headers,
        } => {
            let mut response = (
                StatusCode::from_u16(*status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
                [(header::CONTENT_TYPE, *content_type)],
                body.clone(),
            )
                .into_response();
            for (name, value) in headers {
                if let Ok(v) = value.parse() {
                    response.headers_mut().insert(*name, v);
                }
            }
            response
        }
        Fault::Hang => {
            std::future::pending::<()>().await;
            unreachable!("pending never resolves")
        }
        Fault::Trickle { interval } => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from_stream(trickle(*interval)))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
        Fault::Huge { bytes } => {
            let body = format!("{{\"pad\":\"{}\"}}", "x".repeat(bytes.saturating_sub(10)));
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, "application/json")],
                body,
            )
                .into_response()
        }
        Fault::HugeChunked { bytes } => Response::builder()
            .status(StatusCode::OK)
            .header(header::CONTENT_TYPE, "application/json")
            .body(axum::body::Body::from_stream(chunked(*bytes)))
            .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response()),
    }
}

/// `bytes` bytes of JSON-ish padding in 64 KiB chunks; stops early when the client goes away.
fn chunked(bytes: usize) -> ReceiverStream<Result<Bytes, std::io::Error>> {
    const CHUNK: usize = 64 * 1024;
    let (tx, rx) = tokio::sync::mpsc::channel(2);
    tokio::spawn(async move {
        let block = Bytes::from(vec![b' '; CHUNK]);
        let mut left = bytes;
        while left > 0 {
            let n = left.min(CHUNK);
            if tx.send(Ok(block.slice(..n))).await.is_err() {
                return;
            }
            left -= n;
        }
    });
    ReceiverStream::new(rx)
}

/// `{"sessionToken": "slow"}`, one byte per `interval`.
fn trickle(interval: Duration) -> ReceiverStream<Result<Bytes, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel(1);
    tokio::spawn(async move {
        for &b in b"{\"sessionToken\": \"slow\"}" {
            tokio::time::sleep(interval).await;
            if tx.send(Ok(Bytes::from(vec![b]))).await.is_err() {
                return;
            }
        }
    });
    ReceiverStream::new(rx)
}
