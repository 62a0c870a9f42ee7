//! Launch demo: a page that runs a live session from a minted token, served by the app itself.
//!
//! [`DemoServer`] runs on its own small tokio runtime (one thread), bound to `127.0.0.1` on a
//! free port, and stops when dropped. The UI thread calls [`DemoServer::launch`], which returns
//! at once; the SDK is made ready on the server's runtime ([`sdk::ensure`]: the local file, the
//! cached copy, or the npm registry), and the result arrives through
//! [`DemoServer::try_recv`] after `wake` is called, as the worker's events do. Connections are
//! served as the sandbox's are ([`crate::serve`]): closed after 30 s without a request, at most
//! 128 open at once.

pub mod sdk;
mod server;

pub use sdk::{SDK_FILE_ENV, SDK_VERSION, Sdk, SdkError, SdkOptions, SdkOrigin};
pub use server::{MAX_LAUNCHES, content_security_policy};

use crate::api::{self, ApiError};
use crate::core::jwt::{self, JwtError};
use crate::serve::{self, Limits};
use server::{Page, Pages, ServerState};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

/// What a launch serves: the token and where it came from.
#[derive(Clone)]
pub struct LaunchRequest {
    pub token: String,
    /// The environment's base URL: the SDK's `api.baseUrl`.
    pub base_url: String,
    pub preset_name: String,
    pub environment_name: String,
}

impl std::fmt::Debug for LaunchRequest {
    // The token is never printed.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LaunchRequest")
            .field("token", &"***")
            .field("base_url", &self.base_url)
            .field("preset_name", &self.preset_name)
            .field("environment_name", &self.environment_name)
            .finish()
    }
}

/// A page being served.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoLaunch {
    /// `http://127.0.0.1:PORT/SECRET/`: open it in a browser on this machine.
    pub url: String,
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Where the SDK it serves came from.
    pub sdk_origin: SdkOrigin,
}

/// Why a launch has no page: one sentence each.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DemoError {
    #[error("The token cannot be used for a demo: {0}.")]
    Token(#[from] JwtError),
    #[error("{0}")]
    BaseUrl(#[from] ApiError),
    #[error("{0}")]
    Sdk(#[from] SdkError),
    #[error("The demo page server has stopped.")]
    Stopped,
}

/// Identifies one [`DemoServer::launch`], to match its result.
pub type LaunchId = u64;

type Wake = Arc<dyn Fn() + Send + Sync>;

/// The demo page server. Dropping it stops it: every page and token it held is gone.
pub struct DemoServer {
    addr: SocketAddr,
    state: Arc<ServerState>,
    options: Arc<Mutex<SdkOptions>>,
    ready_sdk: Arc<Mutex<Option<Sdk>>>,
    results_tx: mpsc::Sender<(LaunchId, Result<DemoLaunch, DemoError>)>,
    results: mpsc::Receiver<(LaunchId, Result<DemoLaunch, DemoError>)>,
    next_id: AtomicU64,
    wake: Wake,
    runtime: Option<tokio::runtime::Runtime>,
}

impl DemoServer {
    /// Binds `127.0.0.1:0` and starts serving (quick: no network). `wake` is called after each
    /// launch result is queued (the UI asks for a repaint).
    pub fn start(
        options: SdkOptions,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<DemoServer> {
        Self::start_with_limits(options, Limits::default(), wake)
    }

    /// [`DemoServer::start`] with other connection limits than the defaults (tests use short
    /// timeouts).
    pub fn start_with_limits(
        options: SdkOptions,
        limits: Limits,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> std::io::Result<DemoServer> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("demo-server")
            .enable_all()
            .build()?;
        let std_listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        std_listener.set_nonblocking(true)?;
        let addr = std_listener.local_addr()?;
        let state = Arc::new(ServerState {
            pages: Mutex::new(Pages::default()),
            port: addr.port(),
        });
        let router = server::router(state.clone());
        let listener = {
            let _guard = runtime.enter();
            tokio::net::TcpListener::from_std(std_listener)?
        };
        runtime.spawn(async move {
            if let Err(e) = serve::serve(listener, router, limits, "demo page server").await {
                tracing::error!("demo page server stopped: {e}");
            }
        });
        let (results_tx, results) = mpsc::channel();
        Ok(DemoServer {
            addr,
            state,
            options: Arc::new(Mutex::new(options)),
            ready_sdk: Arc::new(Mutex::new(None)),
            results_tx,
            results,
            next_id: AtomicU64::new(1),
            wake: Arc::new(wake),
            runtime: Some(runtime),
        })
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Changes where the SDK comes from (the app's SDK file setting); the next launch uses it.
    pub fn set_sdk_options(&self, options: SdkOptions) {
        *lock(&self.options) = options;
        *lock(&self.ready_sdk) = None;
    }

    /// Starts a launch and returns at once; its page address (or why there is none) arrives
    /// through [`DemoServer::try_recv`]. Fetching the SDK, the first time, may take seconds.
    pub fn launch(&self, request: LaunchRequest) -> LaunchId {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (state, options, ready, tx, wake) = (
            self.state.clone(),
            self.options.clone(),
            self.ready_sdk.clone(),
            self.results_tx.clone(),
            self.wake.clone(),
        );
        let port = self.addr.port();
        let task = async move {
            let result = match checked(&request) {
                Err(e) => Err(e),
                Ok(checked) => match ready_sdk(&options, &ready).await {
                    Ok(sdk) => Ok(register(&state, port, request, checked, &sdk)),
                    Err(e) => Err(DemoError::Sdk(e)),
                },
            };
            let _ = tx.send((id, result));
            wake();
        };
        match &self.runtime {
            Some(rt) => {
                rt.spawn(task);
            }
            None => {
                let _ = self.results_tx.send((id, Err(DemoError::Stopped)));
                (self.wake)();
            }
        }
        id
    }

    /// The next launch result, if one has arrived.
    pub fn try_recv(&self) -> Option<(LaunchId, Result<DemoLaunch, DemoError>)> {
        self.results.try_recv().ok()
    }

    /// Launches and waits for the page (the CLI and tests; never on the UI thread). Results of
    /// other launches that arrive meanwhile are dropped: use either this or `launch`/`try_recv`.
    pub fn launch_blocking(
        &self,
        request: LaunchRequest,
        timeout: Duration,
    ) -> Result<DemoLaunch, DemoError> {
        let id = self.launch(request);
        let deadline = std::time::Instant::now() + timeout;
        loop {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            match self.results.recv_timeout(left) {
                Ok((got, result)) if got == id => return result,
                Ok(_) => continue,
                Err(_) => return Err(DemoError::Stopped),
            }
        }
    }

    /// Serves `request` with `sdk` as the SDK, at once (no fetch): tests serve a double of it.
    pub fn launch_with_sdk(
        &self,
        request: LaunchRequest,
        sdk: &Sdk,
    ) -> Result<DemoLaunch, DemoError> {
        let checked = checked(&request)?;
        Ok(register(
            &self.state,
            self.addr.port(),
            request,
            checked,
            sdk,
        ))
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            if tokio::runtime::Handle::try_current().is_ok() {
                // Inside another runtime nothing may block: the port closes a moment later.
                rt.shutdown_background();
            } else {
                // Drops the accept loop and every connection: the port is closed on return.
                rt.shutdown_timeout(Duration::from_secs(1));
            }
        }
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

struct Checked {
    base_url: String,
    expires_at: Option<chrono::DateTime<chrono::Utc>>,
}

fn checked(request: &LaunchRequest) -> Result<Checked, DemoError> {
    let decoded = jwt::decode(&request.token)?;
    let base_url = api::normalize_base_url(&request.base_url)?;
    Ok(Checked {
        base_url,
        expires_at: decoded.expires_at(),
    })
}

async fn ready_sdk(
    options: &Mutex<SdkOptions>,
    ready: &Mutex<Option<Sdk>>,
) -> Result<Sdk, SdkError> {
    if let Some(sdk) = lock(ready).clone() {
        return Ok(sdk);
    }
    let options = lock(options).clone();
    let sdk = sdk::ensure(&options).await?;
    *lock(ready) = Some(sdk.clone());
    Ok(sdk)
}

fn register(
    state: &ServerState,
    port: u16,
    request: LaunchRequest,
    checked: Checked,
    sdk: &Sdk,
) -> DemoLaunch {
    // 122 random bits from the OS's generator (a v4 UUID), as 32 hex digits.
    let secret = uuid::Uuid::new_v4().simple().to_string();
    let sdk_origin = match sdk.origin {
        SdkOrigin::LocalFile(_) => "file",
        SdkOrigin::Cache(_) => "cache",
        SdkOrigin::Registry { .. } => "registry",
    };
    let page = Page {
        token: request.token.trim().to_string(),
        base_url: checked.base_url,
        preset_name: request.preset_name,
        environment_name: request.environment_name,
        expires_at: checked.expires_at,
        sdk: sdk.script.clone(),
        sdk_origin,
    };
    lock(&state.pages).insert(secret.clone(), page);
    DemoLaunch {
        url: format!("http://127.0.0.1:{port}/{secret}/"),
        expires_at: checked.expires_at,
        sdk_origin: sdk.origin.clone(),
    }
}
