//! Serving an axum router on a loopback listener with limits: the sandbox and the demo page
//! server both run through [`serve`]. `axum::serve` sets no timer and no cap, so a connection
//! left silent, stopped halfway through its request head, or kept alive after an answer stayed
//! open forever, and every one of them held a file descriptor.

use axum::Router;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

/// How long a connection may wait for a request head, and how many may be open at once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// A connection that sends no complete request head within this long is closed: a new one
    /// left silent, one partway through its head (however slowly it trickles), and one kept
    /// alive after its last answer (the idle timeout). It is hyper's header-read timeout, whose
    /// timer starts whenever the connection waits for a request head. A request under way, such
    /// as one held by the sandbox's `Fault::Hang`, is not waiting for a head.
    pub idle_timeout: Duration,
    /// At most this many connections are open at once; the next ones wait in the listen backlog
    /// (not accepted, holding no file descriptor of this process) until one closes.
    pub max_connections: usize,
}

/// The default [`Limits::idle_timeout`].
pub const IDLE_TIMEOUT: Duration = Duration::from_secs(30);

/// The default [`Limits::max_connections`]: far more than a browser opens to one host (six).
pub const MAX_CONNECTIONS: usize = 128;

impl Default for Limits {
    fn default() -> Self {
        Limits {
            idle_timeout: IDLE_TIMEOUT,
            max_connections: MAX_CONNECTIONS,
        }
    }
}

/// Serves `router` on `listener` within `limits` until the future is dropped (`name` is for the
/// log). Dropping it stops accepting; connections end with their runtime.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    limits: Limits,
    name: &'static str,
) -> std::io::Result<()> {
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        // Wait for a free slot before accepting: the connection over the cap stays queued.
        let Ok(slot) = slots.clone().acquire_owned().await else {
            return Ok(());
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: wait a little instead of spinning.
            Err(e) => {
                tracing::warn!("{name}: could not accept a connection: {e}");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let service = hyper_util::service::TowerToHyperService::new(router.clone());
        tokio::spawn(async move {
            let _slot = slot;
            let mut builder = hyper::server::conn::http1::Builder::new();
            builder
                .timer(hyper_util::rt::TokioTimer::new())
                .header_read_timeout(limits.idle_timeout);
            let io = hyper_util::rt::TokioIo::new(stream);
            if let Err(e) = builder.serve_connection(io, service).await {
                tracing::debug!("{name}: connection ended: {e}");
            }
        });
    }
}
