//! Every request's body is read whole before its handler runs, within bounds: a declared length
//! over [`MAX_BODY_BYTES`] is refused at once (413) without reading anything, and a body that
//! does not arrive within the sandbox's body timeout (fewer bytes than its `Content-Length`, or
//! a trickle) ends with a 408, instead of holding the connection forever.

use super::message;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use futures_util::StreamExt as _;
use std::time::Duration;

/// The largest body the sandbox takes (axum's own default limit, which its handlers keep).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;

/// How long a request's body may take to arrive, by default.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);

enum Unread {
    TooLarge,
    Broken,
}

/// The middleware: the body read whole (bounded in size and time), then the handler.
pub(super) async fn read_whole(
    State(timeout): State<Duration>,
    request: Request,
    next: Next,
) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return too_large();
    }
    let (parts, body) = request.into_parts();
    let bytes = match tokio::time::timeout(timeout, collect(body)).await {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(Unread::TooLarge)) => return too_large(),
        Ok(Err(Unread::Broken)) => {
            return message(
                StatusCode::BAD_REQUEST,
                "The body could not be read: the connection broke off in the middle of it.",
            );
        }
        Err(_) => {
            return message(
                StatusCode::REQUEST_TIMEOUT,
                format!(
                    "The body did not arrive within {} s: it was shorter than its Content-Length, or too slow.",
                    timeout.as_secs_f64()
                ),
            );
        }
    };
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}

async fn collect(body: Body) -> Result<Vec<u8>, Unread> {
    let mut stream = body.into_data_stream();
    let mut bytes = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk.map_err(|_| Unread::Broken)?;
        if bytes.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(Unread::TooLarge);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

fn too_large() -> Response {
    message(
        StatusCode::PAYLOAD_TOO_LARGE,
        format!(
            "The body is larger than the sandbox takes ({} MiB).",
            MAX_BODY_BYTES / 1024 / 1024
        ),
    )
}
