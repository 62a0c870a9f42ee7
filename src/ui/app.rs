//! The eframe app. One frame: take the worker's answers; turn shortcuts into commands; lay out
//! the panels, which draw from the state and push commands; apply every command in one place.

use crate::api;
use crate::core::draft::Draft;
use crate::core::environment::Environment;
use crate::core::secrets;
use crate::demo::SdkOptions;
use crate::sandbox;
use crate::store::keychain::Keychain;
use crate::store::paths;
use crate::store::{DiskStore, Store};
use crate::ui::command::{self, CommandReceiver};
use crate::ui::controller::Controller;
use crate::ui::feedback::Banner;
use crate::ui::services::{FileDialogs, NativeDialogs, NoDialogs, Services};
use crate::ui::state::tokens::Tokens;
use crate::ui::state::{AppState, Persisted};
use crate::ui::style;
use crate::ui::view::dialogs;
use crate::ui::view::{self, Panels};
use crate::worker::Worker;
use egui::Ui;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// How the app is set up: where presets and the config live, which dialogs, keychain and store
/// to use, the sandbox's settings.
pub struct AppConfig {
    pub presets_dir: PathBuf,
    /// The config file (custom environments; never a key).
    pub config_path: PathBuf,
    pub dialogs: Box<dyn FileDialogs>,
    /// `None`: the OS keychain, opened on first use (on the worker: it can be slow to start).
    pub keychain: Option<Arc<Keychain>>,
    /// What runs disk and keychain calls: `None` is the disk and `keychain` ([`DiskStore`]);
    /// tests stand in here.
    pub store: Option<Arc<dyn Store>>,
    /// The value of `ANAM_API_KEY`, which overrides stored keys.
    pub env_key: Option<String>,
    /// Where catalogs are cached (`None`: not cached).
    pub cache_dir: Option<PathBuf>,
    pub sandbox: sandbox::Config,
    pub mint_timeout: Duration,
    /// Where the demo page's browser SDK comes from (the setting in config.json and
    /// `ANAM_STUDIO_SDK_FILE` can point at a local copy).
    pub sdk: crate::demo::SdkOptions,
    /// What carries out the worker's network requests: `None` is the network
    /// ([`crate::worker::perform`]); tests stand in here.
    pub requests: Option<crate::worker::Requests>,
}

impl AppConfig {
    /// The platform's data folder (or `ANAM_STUDIO_PRESETS`), and native dialogs.
    pub fn from_platform() -> Self {
        AppConfig {
            presets_dir: paths::presets_dir(),
            config_path: paths::config_path(),
            dialogs: Box::new(NativeDialogs),
            keychain: None,
            store: None,
            env_key: std::env::var(secrets::ENV_VAR)
                .ok()
                .filter(|v| !v.trim().is_empty()),
            cache_dir: paths::cache_dir("catalogs"),
            sdk: SdkOptions::pinned(SdkOptions::default_cache_dir(), None),
            sandbox: sandbox::Config::default(),
            mint_timeout: api::DEFAULT_TIMEOUT,
            requests: None,
        }
    }

    /// Everything under `dir` (presets in `dir/presets`, config in `dir/config.json`), an
    /// in-memory keychain, no file dialogs, no `ANAM_API_KEY`: for tests and benchmarks.
    pub fn isolated(dir: &Path) -> Self {
        let keychain = keyring_core::mock::Store::new()
            .map(|store| Keychain::with_store(store))
            .unwrap_or_else(|_| Keychain::unavailable("the mock store did not start"));
        AppConfig {
            presets_dir: dir.join("presets"),
            config_path: dir.join("config.json"),
            dialogs: Box::new(NoDialogs),
            keychain: Some(Arc::new(keychain)),
            store: None,
            env_key: None,
            cache_dir: Some(dir.join("cache")),
            sdk: SdkOptions::pinned(Some(dir.join("sdk")), None),
            sandbox: sandbox::Config::default(),
            mint_timeout: api::DEFAULT_TIMEOUT,
            requests: None,
        }
    }
}

pub struct App {
    controller: Controller,
    commands: CommandReceiver,
    title: String,
    /// `ANAM_STUDIO_FRAME_LOG`: log each frame's number and CPU time to stderr.
    frame_log: Option<u64>,
}

impl App {
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        let ctx = &cc.egui_ctx;
        style::apply(ctx);
        egui_extras::install_image_loaders(ctx);
        // `ANAM_STUDIO_THEME=light|dark` overrides the saved theme (for screenshots and demos).
        match std::env::var("ANAM_STUDIO_THEME").as_deref() {
            Ok("light") => ctx.set_theme(egui::ThemePreference::Light),
            Ok("dark") => ctx.set_theme(egui::ThemePreference::Dark),
            _ => {}
        }
        let wake_ctx = ctx.clone();
        let wake = Arc::new(move || wake_ctx.request_repaint());
        let demo_wake = wake.clone();
        let worker = match config.requests {
            Some(requests) => Worker::start_with(move || wake(), requests),
            None => Worker::start(move || wake()),
        }
        .expect("the worker's runtime starts (it only needs a thread)");
        let store = config
            .store
            .unwrap_or_else(|| Arc::new(DiskStore::new(config.keychain)));
        let services = Services::new(
            demo_wake,
            config.sdk,
            worker,
            store,
            config.sandbox,
            config.env_key,
            config.dialogs,
            config.mint_timeout,
            config.config_path,
            config.cache_dir.clone(),
        );
        let (tx, commands) = command::channel();
        let state = AppState::new(config.presets_dir, &persisted);
        let panels = Panels::default();
        let mut controller = Controller::new(state, services, panels, tx);
        controller.start(persisted.last_preset);
        App {
            controller,
            commands,
            title: String::new(),
            frame_log: std::env::var_os("ANAM_STUDIO_FRAME_LOG").map(|_| 0),
        }
    }

    // ----- read-only views, for tests -----

    pub fn draft(&self) -> &Draft {
        &self.controller.state.document.draft
    }

    pub fn current_preset(&self) -> Option<&str> {
        self.controller.state.document.name.as_deref()
    }

    pub fn tokens(&self) -> &Tokens {
        &self.controller.state.tokens
    }

    /// The current environment's catalog, once loaded.
    pub fn catalog(&self) -> Option<&crate::core::catalog::Catalog> {
        self.controller.state.catalogs.catalog()
    }

    pub fn banner(&self) -> Option<&Banner> {
        self.controller.state.feedback.banner.as_ref()
    }

    /// The notice under the form (a line of news), if one shows.
    pub fn notice(&self) -> Option<&str> {
        let notice = self.controller.state.feedback.notice.as_ref()?;
        Some(notice.text.as_str())
    }

    /// Whether a git commit, pull or push of the presets folder is under way.
    pub fn git_busy(&self) -> bool {
        self.controller.git_busy()
    }

    /// Whether a dialog (a question, a name) is open.
    pub fn dialog_open(&self) -> bool {
        self.controller.state.dialog.is_some()
    }

    pub fn is_minting(&self) -> bool {
        self.controller.is_minting()
    }

    /// Whether a disk or keychain call is in flight: the app repaints until it is answered, so a
    /// test waits for this to end before it runs the frames to rest.
    pub fn store_busy(&self) -> bool {
        self.controller.services.store_busy()
    }

    /// Whether a demo page is being made ready (or its token minted).
    pub fn is_launching_demo(&self) -> bool {
        self.controller.is_launching_demo()
    }

    /// The selected environment.
    pub fn environment(&self) -> Environment {
        self.controller.state.environments.current().clone()
    }

    pub fn presets_dir(&self) -> &Path {
        &self.controller.state.folder.dir
    }

    /// Personas and sessions: the plan the push window shows, if it shows one.
    pub fn persona_plan(&self) -> Option<&crate::core::persona::Plan> {
        match &self.controller.state.push.stage {
            crate::ui::state::personas::Stage::Ready(plan) => Some(plan),
            _ => None,
        }
    }

    /// The session the session window shows, once found.
    pub fn session_shown(&self) -> Option<&crate::core::session::SessionSummary> {
        let view = self.controller.state.sessions.view.as_ref()?;
        view.found.as_ref()
    }

    /// The session window's "Asked for and ran with" rows, once the session's detail is read.
    pub fn asked_and_ran_shown(&self) -> &[crate::core::session::resolved::Compared] {
        (self.controller.state.sessions.view.as_ref()).map_or(&[], |v| v.compared.as_slice())
    }

    /// The transcript the session window shows, once loaded.
    pub fn transcript_shown(&self) -> Option<&crate::core::session::Transcript> {
        let view = self.controller.state.sessions.view.as_ref()?;
        view.transcript.as_ref()
    }

    /// How many sessions the Sessions window lists, once it has an answer.
    pub fn sessions_listed(&self) -> Option<usize> {
        let open = self.controller.panels.sessions.list_open;
        let list = &self.controller.state.sessions.list;
        (open && !list.loading).then_some(list.items.len())
    }

    /// The window title: preset name, a dirty marker, the app name.
    pub fn window_title(&self) -> String {
        self.controller.state.document.title()
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        let ctx = ui.ctx().clone();
        let controller = &mut self.controller;
        controller.poll_worker(&ctx);
        controller.before_frame(ui);
        let asked = std::mem::take(&mut controller.clipboard_asked);
        if controller.state.dialog.is_none() && !controller.panels.persona_push.open {
            command::pressed(ui, &controller.tx, controller.escape_closes());
            crate::ui::command::pasted(ui, &controller.tx, controller.panels.settings.open, asked);
        }
        let busy = controller.busy();
        let env_var_set = controller.services.env_key.is_some();
        let tx = &controller.tx;
        let (state, panels) = (&mut controller.state, &mut controller.panels);
        view::ui(ui, state, panels, tx, busy, env_var_set);
        let name = controller.state.document.name.clone();
        dialogs::ui(
            &ctx,
            &mut controller.state.dialog,
            name.as_deref(),
            &controller.tx,
        );
        while let Some(command) = self.commands.try_recv() {
            self.controller.apply(command, &ctx);
        }
        self.controller.tick_sessions(&ctx);
        if self.controller.services.store_busy() {
            // A disk or keychain call is short: its answer shows the frame it arrives.
            ctx.request_repaint();
        }
        let title = self.controller.state.document.title();
        if title != self.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
        if let Some(frames) = &mut self.frame_log {
            *frames += 1;
            eprintln!(
                "frame {frames} at {:.3} s: {:.3} ms",
                ui.input(|i| i.time),
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        let persisted = Persisted {
            last_preset: self.controller.state.document.name.clone(),
            environment: Some(self.controller.state.environments.selected.clone()),
        };
        eframe::set_value(storage, eframe::APP_KEY, &persisted);
    }
}
