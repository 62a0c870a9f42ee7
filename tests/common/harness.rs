//! The one way the tests open the real app in egui_kittest ([`Setup`]), and the ways they let it
//! answer ([`Settle`], [`step_until`], [`step_while_busy`]). Only the app binary builds this file
//! (tests/app/main.rs).

use crate::common::DEADLINE;
use anam_studio::demo::SdkOptions;
use anam_studio::sandbox::{self, FaultQueue};
use anam_studio::store::Store;
use anam_studio::store::keychain::Keychain;
use anam_studio::ui::{AppConfig, Chosen, FileDialogs};
use anam_studio::worker::Requests;
use egui_kittest::Harness;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The app under test: the tests name its type only through this alias.
pub use anam_studio::ui::App;

/// How many frames [`Settle::settle`] runs to bring the window to rest once no disk or keychain
/// call is out (kittest's `run`, with this as its `max_steps`; at rest, `run` also checks that
/// every input has an accessible name). A frame is kittest's `step_dt`, a quarter of a second of
/// app time, so an animation is over in a frame or two: the most any action of the app tests
/// needed was 4 (a paste that waits for the clipboard), and every test passes with 1. A request
/// out on the network keeps its spinner turning until its answer; tests wait for that answer
/// with [`step_until`], and `settle` stops after these frames.
pub const REST_STEPS: u64 = 6;

/// Records what the app copies to the clipboard (`harness.output()` keeps only the last frame).
/// Every [`Setup`] installs one.
#[derive(Default)]
pub struct ClipSpy(pub Vec<String>);

impl egui::Plugin for ClipSpy {
    fn debug_name(&self) -> &'static str {
        "ClipSpy"
    }
    fn output_hook(&mut self, _ctx: &egui::Context, out: &mut egui::FullOutput) {
        for c in &out.platform_output.commands {
            if let egui::OutputCommand::CopyText(t) = c {
                self.0.push(t.clone());
            }
        }
    }
}

/// Everything copied so far.
pub fn copied(h: &Harness<'_, App>) -> Vec<String> {
    h.ctx
        .with_plugin(|p: &mut ClipSpy| p.0.clone())
        .unwrap_or_default()
}

/// Stands in for the file dialogs: each answers with the path a test put in `open` or `save`
/// (none at first: as if the person cancelled).
#[derive(Clone, Default)]
pub struct FakeDialogs {
    pub open: Arc<Mutex<Option<PathBuf>>>,
    pub save: Arc<Mutex<Option<PathBuf>>>,
}

impl FileDialogs for FakeDialogs {
    fn open_body(&mut self) -> Chosen {
        Ok(self.open.lock().unwrap().clone())
    }
    fn save_body(&mut self, _suggested: &str) -> Chosen {
        Ok(self.save.lock().unwrap().clone())
    }
}

/// A keychain of its own (keyring's mock store), empty.
pub fn mock_keychain() -> Arc<Keychain> {
    Arc::new(Keychain::with_store(
        keyring_core::mock::Store::new().unwrap(),
    ))
}

/// The app as a test needs it, built in egui_kittest. [`Setup::new`] gives the defaults: everything
/// in the test's folder (`presets/`, `config/config.json`, `cache/`, `sdk/`), an empty mock
/// keychain, no `ANAM_API_KEY`, [`FakeDialogs`], the in-process sandbox as it comes, the app's
/// own mint timeout, a 1400×1000 window and a [`ClipSpy`]. Each method changes one of them.
#[must_use]
pub struct Setup {
    config: AppConfig,
    size: egui::Vec2,
    plugins: Vec<AddPlugin>,
}

/// Adds one plugin to the app's context before the app starts.
type AddPlugin = Box<dyn FnOnce(&egui::Context)>;

impl Setup {
    pub fn new(dir: &Path) -> Self {
        Setup {
            config: AppConfig {
                presets_dir: dir.join("presets"),
                config_path: config_file(dir),
                dialogs: Box::new(FakeDialogs::default()),
                keychain: Some(mock_keychain()),
                store: None,
                env_key: None,
                cache_dir: Some(dir.join("cache")),
                sdk: SdkOptions::pinned(Some(dir.join("sdk")), None),
                sandbox: sandbox::Config::default(),
                mint_timeout: anam_studio::api::DEFAULT_TIMEOUT,
                requests: None,
            },
            size: egui::vec2(1400.0, 1000.0),
            plugins: Vec::new(),
        }
    }

    /// The window's size in points.
    pub fn size(mut self, width: f32, height: f32) -> Self {
        self.size = egui::vec2(width, height);
        self
    }

    /// The in-process sandbox (Sandbox environment) as `sandbox` sets it up.
    pub fn sandbox(mut self, sandbox: sandbox::Config) -> Self {
        self.config.sandbox = sandbox;
        self
    }

    /// A sandbox whose next mints meet what `queue` holds then, in order.
    pub fn faults(self, queue: &FaultQueue) -> Self {
        self.sandbox(sandbox::Config {
            next_faults: queue.clone(),
            ..Default::default()
        })
    }

    pub fn keychain(mut self, keychain: Arc<Keychain>) -> Self {
        self.config.keychain = Some(keychain);
        self
    }

    /// A keychain that cannot be used, for `reason`.
    pub fn no_keychain(self, reason: &str) -> Self {
        self.keychain(Arc::new(Keychain::unavailable(reason)))
    }

    /// The value of `ANAM_API_KEY`.
    pub fn env_key(mut self, key: &str) -> Self {
        self.config.env_key = Some(key.to_string());
        self
    }

    pub fn dialogs(mut self, dialogs: impl FileDialogs + 'static) -> Self {
        self.config.dialogs = Box::new(dialogs);
        self
    }

    /// What runs the disk and keychain calls, in place of the disk and the keychain.
    pub fn store(mut self, store: Arc<dyn Store>) -> Self {
        self.config.store = Some(store);
        self
    }

    /// What carries out the worker's network requests, in place of the network.
    pub fn requests(mut self, requests: Requests) -> Self {
        self.config.requests = Some(requests);
        self
    }

    /// Where the demo page's browser SDK comes from.
    pub fn sdk(mut self, sdk: SdkOptions) -> Self {
        self.config.sdk = sdk;
        self
    }

    /// How long a mint (and any API request) may take.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.config.mint_timeout = timeout;
        self
    }

    /// Another plugin beside the [`ClipSpy`] (a spy on what the app sends its window).
    pub fn plugin(mut self, plugin: impl egui::Plugin + 'static) -> Self {
        self.plugins
            .push(Box::new(move |ctx| ctx.add_plugin(plugin)));
        self
    }

    /// The app, started and settled: its first answers from the disk (the presets, the config)
    /// are on screen.
    pub fn build(self) -> Harness<'static, App> {
        let Setup {
            config,
            size,
            plugins,
        } = self;
        let mut h = Harness::builder()
            .with_size(size)
            .with_max_steps(REST_STEPS)
            .with_context_setup(move |ctx| {
                ctx.add_plugin(ClipSpy::default());
                for add in plugins {
                    add(ctx);
                }
            })
            .build_eframe(move |cc| App::new(cc, config));
        h.settle();
        h
    }
}

/// The config file a [`Setup`] gives the app in `dir`.
pub fn config_file(dir: &Path) -> PathBuf {
    dir.join("config/config.json")
}

/// Running the app's frames after an action, as its window does for a person.
pub trait Settle {
    /// Steps frames (a short sleep between them) while a disk or keychain call is out on the
    /// worker (the app repaints until it is answered), failing after [`DEADLINE`]; then runs the
    /// frames to rest, at most [`REST_STEPS`] of them. Use it after every click, key or edit: an
    /// action that asked nothing of the worker just runs to rest.
    fn settle(&mut self);
}

impl Settle for Harness<'_, App> {
    fn settle(&mut self) {
        let started = Instant::now();
        // The frame that takes the action in (it may send a disk or keychain call).
        self.step();
        loop {
            while self.state().store_busy() {
                assert!(
                    started.elapsed() < DEADLINE,
                    "timed out waiting for the worker to answer a disk or keychain call"
                );
                self.step();
                std::thread::sleep(Duration::from_millis(2));
            }
            // The frames to rest; the first may send another disk or keychain call.
            self.run_ok();
            if !self.state().store_busy() {
                return;
            }
        }
    }
}

/// Steps frames (the UI stays live while the worker answers on its own thread) until `done`,
/// or fails after [`DEADLINE`], then settles. Returns the number of frames stepped.
/// While a request is still out, use [`step_while_busy`]: its spinner never rests.
pub fn step_until(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&App) -> bool) -> usize {
    let frames = step_to(h, what, done);
    h.settle();
    frames
}

/// Like [`step_until`], for a state in which a request is still out: after `done` it draws two
/// frames instead of settling. The spinner repaints every frame, so settling would run all of
/// [`REST_STEPS`] for nothing.
pub fn step_while_busy(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&App) -> bool) -> usize {
    let frames = step_to(h, what, done);
    h.run_steps(2);
    frames
}

fn step_to(h: &mut Harness<'_, App>, what: &str, done: impl Fn(&App) -> bool) -> usize {
    let started = Instant::now();
    let mut frames = 0;
    while !done(h.state()) {
        assert!(started.elapsed() < DEADLINE, "timed out waiting for {what}");
        h.step();
        frames += 1;
        std::thread::sleep(Duration::from_millis(5));
    }
    frames
}
