//! Deliberate failures for the sandbox to answer with, queued by tests while it runs.

use axum::body::Bytes;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio_stream::wrappers::ReceiverStream;

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

    pub(super) fn pop(&self) -> Option<Fault> {
        self.lock().pop_front()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, VecDeque<Fault>> {
        // A panic while holding the lock cannot leave the queue half-changed.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

pub(super) async fn fault_response(fault: &Fault) -> Response {
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
