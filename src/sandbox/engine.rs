//! What the sandbox says to Anam's browser SDK. `POST /v1/engine/session` checks the session
//! token (signed by this sandbox, not expired; else 401) and then answers a 4xx JSON error that
//! says plainly the sandbox cannot stream an avatar. The SDK (4.27.0) throws a `ClientError`
//! whose `details.cause` is that message; a 4xx is not retried and its message is kept (a 503's
//! is replaced). `POST /v1/metrics/client` is accepted quietly.
//!
//! The demo page is served from another loopback port, so both endpoints answer CORS: the
//! preflight the SDK's `fetch` triggers (JSON body, `Authorization`), and the replies
//! themselves, for loopback origins only.

use super::Config;
use crate::core::base_url::is_loopback;
use axum::Router;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;
use std::sync::Arc;

/// The status of the engine-session answer to a valid token: a 4xx the SDK neither retries nor
/// rewords ("Unknown error when starting session", with our message as its cause).
pub const ENGINE_SESSION_STATUS: StatusCode = StatusCode::UNPROCESSABLE_ENTITY;

/// The message the page shows for a valid sandbox token.
pub const CANNOT_STREAM: &str = "The sandbox signs real session tokens but cannot stream an avatar: mint against Production to see one.";

/// The sandbox's routes for the SDK.
pub fn routes() -> Router<Arc<Config>> {
    Router::new()
        .route(
            "/v1/engine/session",
            post(engine_session).options(preflight),
        )
        .route("/v1/metrics/client", post(metrics).options(preflight))
}

async fn engine_session(
    axum::extract::State(config): axum::extract::State<Arc<Config>>,
    headers: HeaderMap,
) -> Response {
    let reply = match check_session_token(&config, &headers) {
        Err(message) => error(StatusCode::UNAUTHORIZED, "Unauthorized", message),
        Ok(()) => error(
            ENGINE_SESSION_STATUS,
            "Sandbox cannot stream",
            CANNOT_STREAM.into(),
        ),
    };
    with_cors(reply, &headers)
}

async fn metrics(headers: HeaderMap) -> Response {
    with_cors(StatusCode::NO_CONTENT.into_response(), &headers)
}

async fn preflight(headers: HeaderMap) -> Response {
    let mut reply = with_cors(StatusCode::NO_CONTENT.into_response(), &headers);
    if reply
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        let h = reply.headers_mut();
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static("POST, OPTIONS"),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static("authorization, content-type, x-anam-target-url"),
        );
        h.insert(
            header::ACCESS_CONTROL_MAX_AGE,
            HeaderValue::from_static("600"),
        );
        if headers.contains_key("access-control-request-private-network") {
            h.insert(
                "access-control-allow-private-network",
                HeaderValue::from_static("true"),
            );
        }
    }
    reply
}

fn error(status: StatusCode, error: &str, message: String) -> Response {
    (
        status,
        axum::Json(json!({ "error": error, "message": message })),
    )
        .into_response()
}

/// The bearer is a token this sandbox signed and it has not expired; else why not.
fn check_session_token(config: &Config, headers: &HeaderMap) -> Result<(), String> {
    let token = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or_default();
    if token.is_empty() {
        return Err("Missing session token: send Authorization: Bearer <session token>.".into());
    }
    match super::token::verify::<serde_json::Value>(config.secret.as_bytes(), token) {
        Ok(_) => Ok(()),
        Err(e) => Err(match e.kind() {
            jsonwebtoken::errors::ErrorKind::ExpiredSignature => {
                "The session token has expired: mint a new one.".into()
            }
            _ => "The session token was not signed by this sandbox: mint one against it.".into(),
        }),
    }
}

/// CORS headers for a loopback `Origin` (the demo page); none for any other.
fn with_cors(mut reply: Response, request: &HeaderMap) -> Response {
    let origin = request
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .filter(|o| is_loopback_origin(o));
    let h = reply.headers_mut();
    h.insert(header::VARY, HeaderValue::from_static("Origin"));
    if let Some(value) = origin.and_then(|o| HeaderValue::from_str(o).ok()) {
        h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, value);
    }
    reply
}

fn is_loopback_origin(origin: &str) -> bool {
    url::Url::parse(origin)
        .is_ok_and(|url| is_loopback(&url) && matches!(url.scheme(), "http" | "https"))
}
