//! The background worker: a tokio runtime on its own thread. The UI sends [`Request`]s and
//! receives [`Event`]s; it never waits on the network, the disk or the keychain. Each event
//! wakes the UI once.

use crate::api::{ApiError, Minted};
use crate::core::catalog::{Catalog, PersonaDetail};
use crate::core::persona::Push;
use crate::core::secrets::ApiKey;
use crate::core::session::{SessionDetail, SessionPage, SessionQuery, Transcript};
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

// What a request that panics is answered with.
mod failed;
use failed::Failed;
// Carrying out a request over the network.
mod perform;
pub use perform::perform;

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
    /// Fetches the five catalog lists (avatars, voices, LLMs, personas, tools), every page.
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
    /// Creates a saved persona or updates one (only the changed fields): what
    /// [`Plan::push`](crate::core::persona::Plan::push) gives. Pull is [`Request::FetchPersona`]
    /// with [`PersonaDetail::to_ephemeral_body`].
    PushPersona {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        push: Push,
        timeout: Duration,
    },
    /// One page of sessions (by label with [`SessionQuery::by_label`]).
    FetchSessions {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        query: SessionQuery,
        timeout: Duration,
    },
    /// One session's detail (state, length, exit status).
    FetchSession {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        session_id: String,
        timeout: Duration,
    },
    /// A session's transcript.
    FetchTranscript {
        id: RequestId,
        base_url: String,
        key: ApiKey,
        session_id: String,
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
            | Request::PushPersona { id, .. }
            | Request::FetchSessions { id, .. }
            | Request::FetchSession { id, .. }
            | Request::FetchTranscript { id, .. }
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
    /// The persona as the API has it after a [`Request::PushPersona`].
    PersonaPushed {
        id: RequestId,
        result: Result<PersonaDetail, ApiError>,
    },
    Sessions {
        id: RequestId,
        result: Result<SessionPage, ApiError>,
    },
    Session {
        id: RequestId,
        result: Result<SessionDetail, ApiError>,
    },
    Transcript {
        id: RequestId,
        result: Result<Transcript, ApiError>,
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
            | Event::PersonaPushed { id, .. }
            | Event::Sessions { id, .. }
            | Event::Session { id, .. }
            | Event::Transcript { id, .. }
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
