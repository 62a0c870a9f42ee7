//! The background worker: a tokio runtime on its own thread. The UI sends [`Request`]s and
//! receives [`Event`]s; it never waits on the network, the disk or the keychain. Each event
//! wakes the UI once.

use crate::api::{ApiError, Client, Minted};
use crate::core::catalog::{Catalog, PersonaDetail};
use crate::core::secrets::ApiKey;
use crate::store::{Op, Reply, Store};
use futures_util::FutureExt;
use futures_util::future::BoxFuture;
use serde_json::Value;
use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;
use std::sync::mpsc as std_mpsc;
use std::time::Duration;
use tokio::sync::mpsc;
use tokio::task::AbortHandle;

/// Identifies one request, so its answer or cancellation can be matched.
pub type RequestId = u64;

/// What the UI asks of the worker.
#[derive(Debug)]
pub enum Request {
    Mint {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        body: Value,
        timeout: Duration,
    },
    /// Checks a key with a cheap authenticated call.
    TestKey {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        timeout: Duration,
    },
    /// Fetches the four catalog lists (avatars, voices, LLMs, personas), every page.
    FetchCatalog {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        timeout: Duration,
    },
    /// Fetches one persona's detail (for "Start from persona").
    FetchPersona {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        persona_id: String,
        timeout: Duration,
    },
    /// Fetches an image (an avatar's `imageUrl`); no key is sent.
    FetchImage {
        id: RequestId,
        url: String,
        timeout: Duration,
    },
    /// A blocking call (the disk, the keychain), run on a blocking thread.
    Store {
        id: RequestId,
        store: Arc<dyn Store>,
        op: Op,
    },
    /// Stops a request; its answer, if any, is dropped and `Cancelled` is sent instead.
    Cancel { id: RequestId },
}

impl std::fmt::Debug for dyn Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Store")
    }
}

impl Request {
    pub fn id(&self) -> RequestId {
        match self {
            Request::Mint { id, .. }
            | Request::TestKey { id, .. }
            | Request::FetchCatalog { id, .. }
            | Request::FetchPersona { id, .. }
            | Request::FetchImage { id, .. }
            | Request::Store { id, .. }
            | Request::Cancel { id } => *id,
        }
    }
}

/// What the worker tells the UI.
// A persona's detail makes `Persona` large; events are few and moved once, so it is not boxed.
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Event {
    Minted {
        id: RequestId,
        minted: Minted,
    },
    Failed {
        id: RequestId,
        error: ApiError,
    },
    KeyTested {
        id: RequestId,
        result: Result<(), ApiError>,
    },
    Catalog {
        id: RequestId,
        result: Result<Catalog, ApiError>,
    },
    Persona {
        id: RequestId,
        result: Result<PersonaDetail, ApiError>,
    },
    Image {
        id: RequestId,
        url: String,
        result: Result<Vec<u8>, ApiError>,
    },
    /// The answer to a [`Request::Store`].
    Stored {
        id: RequestId,
        reply: Reply,
    },
    Cancelled {
        id: RequestId,
    },
}

impl Event {
    pub fn id(&self) -> RequestId {
        match self {
            Event::Minted { id, .. }
            | Event::Failed { id, .. }
            | Event::KeyTested { id, .. }
            | Event::Catalog { id, .. }
            | Event::Persona { id, .. }
            | Event::Image { id, .. }
            | Event::Stored { id, .. }
            | Event::Cancelled { id } => *id,
        }
    }
}

/// The handle the UI holds. Dropping it stops the runtime and any request in flight.
pub struct Worker {
    commands: mpsc::UnboundedSender<Request>,
    events: std_mpsc::Receiver<Event>,
    runtime: Option<tokio::runtime::Runtime>,
    next_id: RequestId,
}

type Wake = Arc<dyn Fn() + Send + Sync>;

/// What carries out a request: [`perform`] (the network), or a stand-in in tests.
pub type Requests = Arc<dyn Fn(Request) -> BoxFuture<'static, Event> + Send + Sync>;

impl Worker {
    /// Starts the worker; `wake` is called after each event is queued (the UI asks for a repaint).
    pub fn start(wake: impl Fn() + Send + Sync + 'static) -> std::io::Result<Worker> {
        Self::start_with(wake, Arc::new(|command| perform(command).boxed()))
    }

    /// [`Worker::start`] with requests carried out by `requests` (a test seam).
    pub fn start_with(
        wake: impl Fn() + Send + Sync + 'static,
        requests: Requests,
    ) -> std::io::Result<Worker> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .thread_name("anam-worker")
            .enable_all()
            .build()?;
        let (commands, rx) = mpsc::unbounded_channel();
        let (tx, events) = std_mpsc::channel();
        let wake: Wake = Arc::new(wake);
        runtime.spawn(dispatch(rx, tx, wake, requests));
        Ok(Worker {
            commands,
            events,
            runtime: Some(runtime),
            next_id: 1,
        })
    }

    /// A fresh request id.
    pub fn next_id(&mut self) -> RequestId {
        let id = self.next_id;
        self.next_id += 1;
        id
    }

    pub fn send(&self, command: Request) {
        // The dispatcher lives as long as the runtime, which lives as long as `self`.
        let _ = self.commands.send(command);
    }

    /// The next event, if one has arrived.
    pub fn try_recv(&self) -> Option<Event> {
        self.events.try_recv().ok()
    }

    /// Waits up to `timeout` for the next event (for tests and the CLI).
    pub fn recv_timeout(&self, timeout: Duration) -> Option<Event> {
        self.events.recv_timeout(timeout).ok()
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_background();
        }
    }
}

async fn dispatch(
    mut rx: mpsc::UnboundedReceiver<Request>,
    tx: std_mpsc::Sender<Event>,
    wake: Wake,
    requests: Requests,
) {
    let mut running: HashMap<RequestId, AbortHandle> = HashMap::new();
    let (done_tx, mut done_rx) = mpsc::unbounded_channel::<RequestId>();
    loop {
        tokio::select! {
            command = rx.recv() => match command {
                None => return,
                Some(Request::Cancel { id }) => {
                    if let Some(task) = running.remove(&id) {
                        task.abort();
                        tracing::debug!(id, "request cancelled");
                        let _ = tx.send(Event::Cancelled { id });
                        wake();
                    }
                }
                // Every other command is a request, run as its own task: its event is sent and
                // the UI woken when it ends. A panic inside it becomes a failure event, so
                // nothing waits for an answer that will never come.
                Some(Request::Store { id, store, op }) => {
                    let (tx, wake) = (tx.clone(), wake.clone());
                    let doing = op.doing();
                    // Not abortable: a write that started finishes (it is atomic either way).
                    tokio::task::spawn_blocking(move || {
                        let reply = std::panic::catch_unwind(AssertUnwindSafe(|| store.run(op)))
                            .unwrap_or_else(|_| {
                                tracing::error!(id, doing, "a store call panicked");
                                Reply::Panicked(doing)
                            });
                        let _ = tx.send(Event::Stored { id, reply });
                        wake();
                    });
                }
                Some(command) => {
                    let id = command.id();
                    let failed = Failed::of(&command);
                    let request = requests.clone();
                    let (tx, wake, done) = (tx.clone(), wake.clone(), done_tx.clone());
                    let task = tokio::spawn(async move {
                        let run = AssertUnwindSafe(async move { request(command).await });
                        let event = run.catch_unwind().await.unwrap_or_else(|_| {
                            // The panic's own message went to the panic hook; it is not
                            // repeated here, as it may quote anything the request held.
                            tracing::error!(id, "a request panicked");
                            failed.event()
                        });
                        let _ = done.send(id);
                        let _ = tx.send(event);
                        wake();
                    });
                    running.insert(id, task.abort_handle());
                }
            },
            Some(id) = done_rx.recv() => {
                running.remove(&id);
            }
        }
    }
}

/// Which event a request answers with, kept before it runs: a request that panics is answered
/// with the same kind of event, carrying [`ApiError::Internal`].
enum Failed {
    Mint(RequestId),
    TestKey(RequestId),
    Catalog(RequestId),
    Persona(RequestId),
    Image(RequestId, String),
    Cancel(RequestId),
}

impl Failed {
    fn of(command: &Request) -> Failed {
        match command {
            Request::Mint { id, .. } => Failed::Mint(*id),
            Request::TestKey { id, .. } => Failed::TestKey(*id),
            Request::FetchCatalog { id, .. } => Failed::Catalog(*id),
            Request::FetchPersona { id, .. } => Failed::Persona(*id),
            Request::FetchImage { id, url, .. } => Failed::Image(*id, url.clone()),
            Request::Store { id, .. } | Request::Cancel { id } => Failed::Cancel(*id),
        }
    }

    fn event(self) -> Event {
        let error = |doing| ApiError::Internal { doing };
        match self {
            Failed::Mint(id) => Event::Failed {
                id,
                error: error("minting the token"),
            },
            Failed::TestKey(id) => Event::KeyTested {
                id,
                result: Err(error("testing the key")),
            },
            Failed::Catalog(id) => Event::Catalog {
                id,
                result: Err(error("loading the catalogs")),
            },
            Failed::Persona(id) => Event::Persona {
                id,
                result: Err(error("loading the persona")),
            },
            Failed::Image(id, url) => Event::Image {
                id,
                url,
                result: Err(error("loading an image")),
            },
            Failed::Cancel(id) => Event::Cancelled { id },
        }
    }
}

/// Carries out one request over the network and says how it went.
pub async fn perform(request: Request) -> Event {
    match request {
        Request::Mint {
            id,
            base_url,
            key,
            body,
            timeout,
        } => match with_client(&base_url, timeout, async |c| c.mint(&key, &body).await).await {
            Ok(minted) => Event::Minted { id, minted },
            Err(error) => Event::Failed { id, error },
        },
        Request::TestKey {
            id,
            base_url,
            key,
            timeout,
        } => Event::KeyTested {
            id,
            result: with_client(&base_url, timeout, async |c| c.test_key(&key).await).await,
        },
        Request::FetchCatalog {
            id,
            base_url,
            key,
            timeout,
        } => Event::Catalog {
            id,
            result: with_client(&base_url, timeout, async |c| c.catalog(&key).await).await,
        },
        Request::FetchPersona {
            id,
            base_url,
            key,
            persona_id,
            timeout,
        } => Event::Persona {
            id,
            result: with_client(&base_url, timeout, async |c| {
                c.persona(&key, &persona_id).await
            })
            .await,
        },
        Request::FetchImage { id, url, timeout } => {
            let result = crate::api::fetch_image(&url, timeout).await;
            Event::Image { id, url, result }
        }
        // `dispatch` runs store calls and cancels itself; they never come here.
        Request::Store { id, .. } | Request::Cancel { id } => Event::Cancelled { id },
    }
}

/// The one place a request builds its client: a base URL that does not pass the check fails
/// the request with that sentence before anything is sent.
async fn with_client<T>(
    base_url: &str,
    timeout: Duration,
    call: impl AsyncFnOnce(&Client) -> Result<T, ApiError>,
) -> Result<T, ApiError> {
    let client = Client::new(base_url, timeout)?;
    call(&client).await
}
