//! What the app uses but does not draw: the worker (network and store calls), the sandbox, the
//! file dialogs, and the one table of requests in flight (id → what the answer is for).

use crate::core::environment::Environment;
use crate::core::secrets::ApiKey;
use crate::demo::{DemoError, DemoLaunch, DemoServer, LaunchId, LaunchRequest, SdkOptions};
use crate::sandbox::{self, Sandbox};
use crate::store::{Op, Store};
use crate::ui::model::purpose::{NeedsKey, Purpose, Ticket};
use crate::worker::{Request, RequestId, Worker};
use std::collections::HashMap;
use std::path::PathBuf;

mod anam;
mod file_dialogs;

pub use file_dialogs::{ChooserFailed, ChooserLog, Chosen, FileDialogs, NativeDialogs, NoDialogs};
use std::sync::Arc;
use std::time::Duration;

pub struct Services {
    worker: Worker,
    store: Arc<dyn Store>,
    in_flight: HashMap<Ticket, Purpose>,
    sandbox: Option<Sandbox>,
    /// The demo page server, started on the first Launch demo and stopped with the app.
    demo: Option<DemoServer>,
    pub sdk: SdkOptions,
    /// Asks for a frame (a demo page's answer arrived).
    wake: Arc<dyn Fn() + Send + Sync>,
    pub sandbox_config: sandbox::Config,
    /// The value of `ANAM_API_KEY`, which overrides stored keys.
    pub env_key: Option<String>,
    pub dialogs: Box<dyn FileDialogs>,
    pub timeout: Duration,
    pub config_path: PathBuf,
    pub cache_dir: Option<PathBuf>,
}

impl Services {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        wake: Arc<dyn Fn() + Send + Sync>,
        sdk: SdkOptions,
        worker: Worker,
        store: Arc<dyn Store>,
        sandbox_config: sandbox::Config,
        env_key: Option<String>,
        dialogs: Box<dyn FileDialogs>,
        timeout: Duration,
        config_path: PathBuf,
        cache_dir: Option<PathBuf>,
    ) -> Self {
        Services {
            worker,
            store,
            in_flight: HashMap::new(),
            sandbox: None,
            demo: None,
            sdk,
            wake,
            sandbox_config,
            env_key,
            dialogs,
            timeout,
            config_path,
            cache_dir,
        }
    }

    /// Runs a store call on the worker; its answer comes back for `purpose`.
    pub fn store(&mut self, op: Op, purpose: Purpose) {
        let id = self.worker.next_id();
        let store = self.store.clone();
        self.worker.send(Request::Store { id, store, op });
        self.in_flight.insert(Ticket::Worker(id), purpose);
    }

    /// Sends a network request built for a fresh id; its answer comes back for `purpose`.
    pub fn request(&mut self, purpose: Purpose, build: impl FnOnce(RequestId) -> Request) {
        let id = self.worker.next_id();
        self.worker.send(build(id));
        self.in_flight.insert(Ticket::Worker(id), purpose);
    }

    /// What the answer with this ticket is for; `None` when it was cancelled or is unknown.
    pub fn answered(&mut self, ticket: Ticket) -> Option<Purpose> {
        self.in_flight.remove(&ticket)
    }

    /// Serves a demo page for `request` (the server starts on first use); the page's address
    /// comes back through [`Services::next_demo`].
    pub fn launch_demo(&mut self, request: LaunchRequest, entry: usize) -> Result<(), String> {
        if self.demo.is_none() {
            let wake = self.wake.clone();
            let server = DemoServer::start(self.sdk.clone(), move || wake())
                .map_err(|e| format!("Could not start the demo page server: {e}"))?;
            self.demo = Some(server);
        }
        if let Some(server) = &self.demo {
            let id = server.launch(request);
            self.in_flight
                .insert(Ticket::Demo(id), Purpose::Demo { entry });
        }
        Ok(())
    }

    /// The next demo page made ready (or refused), if one has.
    pub fn next_demo(&self) -> Option<(LaunchId, Result<DemoLaunch, DemoError>)> {
        self.demo.as_ref()?.try_recv()
    }

    /// Where the SDK comes from changed: the next launch uses it.
    pub fn set_sdk(&mut self, sdk: SdkOptions) {
        if let Some(server) = &self.demo {
            server.set_sdk_options(sdk.clone());
        }
        self.sdk = sdk;
    }

    pub fn next_event(&self) -> Option<crate::worker::Event> {
        self.worker.try_recv()
    }

    /// Whether a request for which `is` holds is in flight.
    pub fn waiting_for(&self, is: impl Fn(&Purpose) -> bool) -> bool {
        self.in_flight.values().any(is)
    }

    /// Whether a disk or keychain call is in flight (they are short: frames go on until it is
    /// answered, so its answer shows at once).
    pub fn store_busy(&self) -> bool {
        self.in_flight.values().any(|p| {
            !matches!(
                p,
                Purpose::Mint(_)
                    | Purpose::TestKey { .. }
                    | Purpose::Catalog
                    | Purpose::Persona
                    | Purpose::Image(_)
                    | Purpose::Demo { .. }
                    | Purpose::Anam(_)
                    | Purpose::GitCommit
                    | Purpose::GitPull
                    | Purpose::GitPush
            )
        })
    }

    /// Forgets the requests for which `is` holds, cancelling those on the network. True when
    /// there was one.
    pub fn cancel(&mut self, is: impl Fn(&Purpose) -> bool) -> bool {
        let tickets: Vec<Ticket> = self
            .in_flight
            .iter()
            .filter(|(_, p)| is(p))
            .map(|(ticket, _)| *ticket)
            .collect();
        for ticket in &tickets {
            let purpose = self.in_flight.remove(ticket);
            if let (Ticket::Worker(id), Some(purpose)) = (ticket, purpose)
                && !matches!(purpose, Purpose::FindKey(_))
            {
                self.worker.send(Request::Cancel { id: *id });
            }
        }
        !tickets.is_empty()
    }

    /// The base URL of `env`, starting the sandbox on first use.
    pub fn base_url_of(&mut self, env: &Environment) -> Result<String, String> {
        if env.is_sandbox() && self.sandbox.is_none() {
            let sandbox = Sandbox::start(self.sandbox_config.clone())
                .map_err(|e| format!("Could not start the sandbox server: {e}"))?;
            self.sandbox = Some(sandbox);
        }
        Ok(env.base_url(&self.sandbox_url()))
    }

    /// The sandbox's base URL, or a placeholder before it runs.
    pub fn sandbox_url(&self) -> String {
        self.sandbox
            .as_ref()
            .map(Sandbox::base_url)
            .unwrap_or_else(|| "http://127.0.0.1:PORT".into())
    }

    /// Looks for the key of `env` (on the worker); `next` goes on once it is found.
    pub fn find_key(&mut self, env: &Environment, next: NeedsKey) {
        let env_value = match next {
            // A test checks the stored key, not ANAM_API_KEY.
            NeedsKey::TestKey { .. } => None,
            _ => self.env_key.clone(),
        };
        let op = Op::FindKey {
            base_url: env.key_account(),
            env_value,
        };
        self.store(op, Purpose::FindKey(next));
    }

    /// Sends what was waiting for a key.
    pub fn send_with_key(&mut self, next: NeedsKey, key: ApiKey) {
        let timeout = self.timeout;
        match next {
            NeedsKey::Mint(info) => {
                let (base_url, body) = (info.base_url.clone(), info.body.clone());
                self.request(Purpose::Mint(info), |id| Request::Mint {
                    id,
                    base_url,
                    key,
                    body,
                    timeout,
                });
            }
            NeedsKey::Catalog { base_url } => {
                self.request(Purpose::Catalog, |id| Request::FetchCatalog {
                    id,
                    base_url,
                    key,
                    timeout,
                })
            }
            NeedsKey::Persona {
                base_url,
                id: persona_id,
            } => self.request(Purpose::Persona, |id| Request::FetchPersona {
                id,
                base_url,
                key,
                persona_id,
                timeout,
            }),
            NeedsKey::TestKey { env, base_url } => {
                self.request(Purpose::TestKey { env: env.name }, |id| Request::TestKey {
                    id,
                    base_url,
                    key,
                    timeout,
                })
            }
            NeedsKey::Anam(next) => self.send_anam(next, key),
        }
    }
}
