//! The app: one state, the panels around it, the shortcuts, and the conversation with the worker.

use super::body_tab::{BodyAction, BodyTab};
use super::catalog_picker::{CatalogAction, Catalogs};
use super::disk_watch::{self, DiskChange, DiskWatch};
use super::field::Form;
use super::presets_sidebar::{PresetsSidebar, SidebarAction};
use super::settings::{SettingsAction, SettingsPanel};
use super::token_panel::{TokenEntry, TokenPanel};
use super::{detection_panel, persona_form, session_panel, style, voice_panel};
use crate::api;
use crate::core::contract::{Mode, RequestBody, fields};
use crate::core::draft::Draft;
use crate::core::environment::{self, Environment};
use crate::core::secrets::{self, ApiKey};
use crate::sandbox::{self, Sandbox};
use crate::store::keychain::{self, KeySource, Keychain};
use crate::store::preset;
use crate::worker::{Command, Event, RequestId, Worker};
use egui::{Key, KeyboardShortcut, Modifiers, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub const SAVE: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::S);
pub const SAVE_AS: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
pub const MINT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Enter);
pub const COPY_TOKEN: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::C);
pub const NEW: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::N);
pub const CANCEL: KeyboardShortcut = KeyboardShortcut::new(Modifiers::NONE, Key::Escape);
pub const UNDO: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Z);
pub const REDO: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::Z);

/// Every shortcut, for the Help menu.
pub const SHORTCUTS: &[(&str, KeyboardShortcut)] = &[
    ("Mint a token", MINT),
    ("Cancel minting", CANCEL),
    ("Copy the token", COPY_TOKEN),
    ("Save the preset", SAVE),
    ("Save as a new preset", SAVE_AS),
    ("New preset", NEW),
    ("Undo an edit", UNDO),
    ("Redo an edit", REDO),
];

/// File dialogs, behind a trait so tests can stand in for them.
pub trait FileDialogs {
    fn open_body(&mut self) -> Option<PathBuf>;
    fn save_body(&mut self, suggested_name: &str) -> Option<PathBuf>;
}

/// The platform's dialogs (`rfd`).
pub struct NativeDialogs;

impl FileDialogs for NativeDialogs {
    fn open_body(&mut self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Import a request body")
            .add_filter("JSON", &["json"])
            .pick_file()
    }

    fn save_body(&mut self, suggested_name: &str) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .set_title("Export the request body")
            .add_filter("JSON", &["json"])
            .set_file_name(format!("{suggested_name}.json"))
            .save_file()
    }
}

/// How the app is set up: where presets and the config live, which dialogs and keychain to use,
/// the sandbox's settings.
pub struct AppConfig {
    pub presets_dir: PathBuf,
    /// The config file (custom environments; never a key).
    pub config_path: PathBuf,
    pub dialogs: Box<dyn FileDialogs>,
    /// `None`: the OS keychain, opened on first use (it can be slow to start).
    pub keychain: Option<Arc<Keychain>>,
    /// The value of `ANAM_API_KEY`, which overrides stored keys.
    pub env_key: Option<String>,
    /// Where catalogs are cached (`None`: not cached).
    pub cache_dir: Option<PathBuf>,
    pub sandbox: sandbox::Config,
    pub mint_timeout: Duration,
    /// What carries out the worker's requests: `None` is the network ([`crate::worker::perform`]);
    /// tests stand in here.
    pub requests: Option<crate::worker::Requests>,
}

impl AppConfig {
    /// The platform's data folder (or `ANAM_STUDIO_PRESETS`), and native dialogs.
    pub fn from_platform() -> Self {
        let dirs = directories::ProjectDirs::from("ai", "Anam", "anam-studio");
        let presets_dir = std::env::var_os("ANAM_STUDIO_PRESETS")
            .map(PathBuf::from)
            .or_else(|| dirs.as_ref().map(|d| d.data_dir().join("presets")))
            .unwrap_or_else(|| PathBuf::from("presets"));
        let config_path = dirs
            .as_ref()
            .map(|d| d.config_dir().join("config.json"))
            .unwrap_or_else(|| PathBuf::from("anam-studio-config.json"));
        let cache_dir = dirs.as_ref().map(|d| d.cache_dir().join("catalogs"));
        AppConfig {
            presets_dir,
            config_path,
            dialogs: Box::new(NativeDialogs),
            keychain: None,
            env_key: std::env::var(secrets::ENV_VAR)
                .ok()
                .filter(|v| !v.trim().is_empty()),
            cache_dir,
            sandbox: sandbox::Config::default(),
            mint_timeout: api::DEFAULT_TIMEOUT,
            requests: None,
        }
    }
}

impl AppConfig {
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
            env_key: None,
            cache_dir: Some(dir.join("cache")),
            sandbox: sandbox::Config::default(),
            mint_timeout: api::DEFAULT_TIMEOUT,
            requests: None,
        }
    }
}

/// File dialogs that are always cancelled.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn open_body(&mut self) -> Option<PathBuf> {
        None
    }
    fn save_body(&mut self, _suggested_name: &str) -> Option<PathBuf> {
        None
    }
}

/// What is remembered between runs (never the key, never a token).
#[derive(Debug, Default, serde::Serialize, serde::Deserialize)]
struct Persisted {
    last_preset: Option<String>,
    /// The environment's name.
    environment: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Form,
    Body,
}

/// A failure shown as a banner: one sentence, and details to expand.
#[derive(Debug, Clone)]
pub struct Banner {
    pub sentence: String,
    pub details: Option<String>,
    /// The state it belongs to: the banner goes when that state goes.
    cause: Cause,
}

/// What a banner is about: it goes when that goes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Cause {
    /// Something that happened (a refused file, a failed save): it stays until dismissed or
    /// replaced.
    Event,
    /// The Body tab's text does not parse: the banner goes when it parses or is reverted.
    UnparsedBody,
    /// A mint of this mode's body against this environment failed (or could not start): the
    /// banner goes when either changes, or the document is replaced.
    Attempt { environment: String, mode: Mode },
    /// The API rejected the body of this revision (400): the answer goes when the body
    /// changes (or the environment, or the document).
    Rejected { environment: String, revision: u64 },
}

/// A line of news above the form. It goes when dismissed, or with the state it is about.
#[derive(Debug, Clone)]
struct Notice {
    text: String,
    until: Until,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Until {
    Dismissed,
    /// Another preset is opened, or a new one started.
    DocumentReplaced,
    /// A mint starts, or a token arrives.
    NextMint,
}

impl Banner {
    pub fn new(sentence: impl Into<String>) -> Self {
        Banner {
            sentence: sentence.into(),
            details: None,
            cause: Cause::Event,
        }
    }

    pub fn with_details(sentence: impl Into<String>, details: Option<String>) -> Self {
        Banner {
            details,
            ..Banner::new(sentence)
        }
    }
}

struct Pending {
    id: RequestId,
    preset: String,
    label: Option<String>,
    environment: String,
}

/// Something to do once the user has decided about unsaved changes.
#[derive(Debug, Clone, PartialEq)]
enum Then {
    Open(String),
    New,
    Import,
    /// "Start from persona": the persona's settings as a new ephemeral preset.
    Persona(Box<crate::core::catalog::PersonaDetail>),
    Quit,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum NamePurpose {
    SaveAs,
    Duplicate,
    Rename,
}

impl NamePurpose {
    fn title(&self) -> &'static str {
        match self {
            NamePurpose::SaveAs => "Save preset as",
            NamePurpose::Duplicate => "Duplicate preset",
            NamePurpose::Rename => "Rename preset",
        }
    }
}

/// Why an environment cannot be reached.
enum Unreachable {
    /// No key: the user is asked for one.
    NoKey,
    /// The keychain or the sandbox failed, in a sentence.
    Failed(String),
}

impl Unreachable {
    fn sentence(self, env: &Environment) -> String {
        match self {
            Unreachable::NoKey => format!(
                "No API key for {}: add one in Settings (it is kept in the keychain), or set {}.",
                env.name,
                secrets::ENV_VAR
            ),
            Unreachable::Failed(sentence) => sentence,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Dialog {
    Unsaved(Then),
    ChangedOnDisk(DiskChange),
    Delete(String),
    Name {
        purpose: NamePurpose,
        text: String,
        error: Option<String>,
        /// What was waiting for the save this name is for ("Save changes" on an untitled
        /// draft, before opening another preset): done once the name is taken.
        then: Option<Box<Then>>,
    },
    Shortcuts,
    /// A path typed by hand, when the file chooser gave none (cancelled, or there is none).
    Path {
        export: bool,
        text: String,
    },
}

pub struct StudioApp {
    draft: Draft,
    /// The preset the draft belongs to; `None` for an untitled draft.
    current: Option<String>,
    /// Where the current preset's file is: the path it was found at or saved to, never one
    /// rebuilt from its name (`foo .json` is not `foo.json`).
    current_path: Option<PathBuf>,
    /// The bytes of the current preset's file as this app last read or wrote them, to notice
    /// another program changing or deleting it.
    on_disk: Option<Arc<[u8]>>,
    /// The "changed on disk" check that runs on another thread when the window regains focus.
    disk_watch: DiskWatch,
    presets: PresetsSidebar,
    /// The selected environment's name.
    environment: String,
    env_config: environment::Config,
    config_path: PathBuf,
    keychain: Option<Arc<Keychain>>,
    env_key: Option<String>,
    settings: SettingsPanel,
    sandbox_config: sandbox::Config,
    sandbox: Option<Sandbox>,
    worker: Worker,
    mint_timeout: Duration,
    pending: Option<Pending>,
    banner: Option<Banner>,
    notice: Option<Notice>,
    tokens: TokenPanel,
    tab: Tab,
    body_tab: BodyTab,
    form: Form,
    dialog: Option<Dialog>,
    dialogs: Box<dyn FileDialogs>,
    allow_close: bool,
    title: String,
    /// `ANAM_STUDIO_FRAME_LOG`: log each frame's number and CPU time to stderr.
    frame_log: Option<u64>,
}

impl StudioApp {
    pub fn new(cc: &eframe::CreationContext<'_>, config: AppConfig) -> Self {
        let persisted: Persisted = cc
            .storage
            .and_then(|s| eframe::get_value(s, eframe::APP_KEY))
            .unwrap_or_default();
        Self::with_state(&cc.egui_ctx, config, persisted)
    }

    fn with_state(ctx: &egui::Context, config: AppConfig, persisted: Persisted) -> Self {
        style::apply(ctx);
        egui_extras::install_image_loaders(ctx);
        // `ANAM_STUDIO_THEME=light|dark` overrides the saved theme (for screenshots and demos).
        match std::env::var("ANAM_STUDIO_THEME").as_deref() {
            Ok("light") => ctx.set_theme(egui::ThemePreference::Light),
            Ok("dark") => ctx.set_theme(egui::ThemePreference::Dark),
            _ => {}
        }
        let mut notice = None;
        match preset::seed(&config.presets_dir) {
            Ok(true) => {
                notice = Some(format!(
                    "Example presets were copied to {}.",
                    config.presets_dir.display()
                ))
            }
            Ok(false) => {}
            Err(e) => {
                notice = Some(format!(
                    "Could not create the presets folder {}: {e}",
                    config.presets_dir.display()
                ))
            }
        }
        let presets = PresetsSidebar::new(config.presets_dir, Some(ctx.clone()));
        let env_config = match crate::store::config::load(&config.config_path) {
            Ok(c) => {
                let problems = c.problems();
                if !problems.is_empty() {
                    let said = format!(
                        "In {}: {}",
                        config.config_path.display(),
                        problems.join(" ")
                    );
                    notice = Some(match notice {
                        Some(earlier) => format!("{earlier} {said}"),
                        None => said,
                    });
                }
                c
            }
            Err(e) => {
                notice = Some(format!(
                    "The config file could not be read, so custom environments are not shown (it is left untouched): {e}"
                ));
                environment::Config::default()
            }
        };
        let wake_ctx = ctx.clone();
        let wake = move || wake_ctx.request_repaint();
        let worker = match config.requests {
            Some(requests) => Worker::start_with(wake, requests),
            None => Worker::start(wake),
        }
        .expect("the worker's runtime starts (it only needs a thread)");
        let mut app = StudioApp {
            draft: Draft::default(),
            current: None,
            current_path: None,
            on_disk: None,
            disk_watch: DiskWatch::default(),
            presets,
            environment: persisted
                .environment
                .filter(|name| env_config.environments().iter().any(|e| e.name == *name))
                .unwrap_or_else(|| environment::SANDBOX.to_string()),
            env_config,
            config_path: config.config_path,
            keychain: config.keychain,
            env_key: config.env_key,
            settings: SettingsPanel::default(),
            sandbox_config: config.sandbox,
            sandbox: None,
            worker,
            mint_timeout: config.mint_timeout,
            pending: None,
            banner: None,
            notice: notice.map(|text| Notice {
                text,
                until: Until::Dismissed,
            }),
            tokens: TokenPanel::default(),
            tab: Tab::Form,
            body_tab: BodyTab::default(),
            form: Form {
                catalogs: Catalogs::new(config.cache_dir),
                ..Form::default()
            },
            dialog: None,
            dialogs: config.dialogs,
            allow_close: false,
            title: String::new(),
            frame_log: std::env::var_os("ANAM_STUDIO_FRAME_LOG").map(|_| 0),
        };
        let start = persisted
            .last_preset
            .filter(|name| app.presets.entry(name).is_some_and(|e| e.status.is_ok()))
            .or_else(|| {
                app.presets
                    .entries()
                    .iter()
                    .find(|e| e.status.is_ok())
                    .map(|e| e.name.clone())
            });
        if let Some(name) = start {
            app.open(&name);
        }
        app
    }

    // ----- read-only views, for tests and the title -----

    pub fn draft(&self) -> &Draft {
        &self.draft
    }

    pub fn current_preset(&self) -> Option<&str> {
        self.current.as_deref()
    }

    pub fn tokens(&self) -> &TokenPanel {
        &self.tokens
    }

    /// The current environment's catalog, once loaded.
    pub fn catalog(&self) -> Option<&crate::core::catalog::Catalog> {
        self.form.catalogs.catalog()
    }

    pub fn banner(&self) -> Option<&Banner> {
        self.banner.as_ref()
    }

    /// Whether a dialog (a question, a name) is open.
    pub fn dialog_open(&self) -> bool {
        self.dialog.is_some()
    }

    pub fn is_minting(&self) -> bool {
        self.pending.is_some()
    }

    /// The selected environment.
    pub fn environment(&self) -> Environment {
        self.env_config
            .environments()
            .into_iter()
            .find(|e| e.name == self.environment)
            .unwrap_or_else(Environment::sandbox)
    }

    /// The keychain, opened on first use.
    fn keychain(&mut self) -> Arc<Keychain> {
        self.keychain
            .get_or_insert_with(|| Arc::new(Keychain::os()))
            .clone()
    }

    pub fn presets_dir(&self) -> &Path {
        &self.presets.dir
    }

    /// The window title: preset name, a dirty marker, the app name.
    pub fn window_title(&self) -> String {
        let name = self.current.as_deref().unwrap_or("Untitled");
        let dirty = if self.draft.is_dirty() { " *" } else { "" };
        format!("{name}{dirty} — anam-studio")
    }

    // ----- actions -----

    fn open(&mut self, name: &str) {
        let Some(entry) = self.presets.entry(name) else {
            self.banner = Some(Banner::new(format!(
                "The preset \"{name}\" is no longer in the presets folder."
            )));
            return;
        };
        match &entry.status {
            Ok(()) => match preset::load_with_bytes(&entry.path) {
                // Read again: the file may have changed since the folder was scanned.
                Ok((body, bytes)) => {
                    let duplicates = duplicates_notice(&bytes);
                    self.on_disk = Some(bytes.into());
                    self.draft = Draft::new(body);
                    self.current = Some(name.to_string());
                    self.current_path = Some(entry.path.clone());
                    self.banner = None;
                    self.replaced_document();
                    if let Some(warning) = duplicates {
                        self.say(warning, Until::DocumentReplaced);
                    }
                }
                Err(e) => self.show_preset_error(&e),
            },
            Err(e) => {
                let sentence = format!("{e}");
                self.banner = Some(Banner::with_details(
                    format!("This preset cannot be read, so it was not opened: {sentence}"),
                    Some(
                        "The file is left exactly as it is. Fix it in a text editor, or delete it."
                            .into(),
                    ),
                ));
            }
        }
    }

    /// "Reload from disk": the current preset's file, read again at the path it was found at.
    fn reload(&mut self) {
        let Some(path) = self.current_path.clone() else {
            return;
        };
        match preset::load_with_bytes(&path) {
            Ok((body, bytes)) => {
                self.on_disk = Some(bytes.into());
                self.draft = Draft::new(body);
                self.banner = None;
                self.replaced_document();
            }
            Err(e) => self.show_preset_error(&e),
        }
        self.presets.rescan_in_background();
    }

    fn show_preset_error(&mut self, e: &preset::PresetError) {
        self.banner = Some(Banner::new(e.to_string()));
    }

    fn new_preset(&mut self) {
        let mut body = RequestBody::new();
        for core in fields::EPHEMERAL_CORE {
            let path = format!("{}.{core}", fields::PERSONA);
            if let Some(spec) = fields::spec(&path) {
                body.set(&path, spec.initial_value());
            }
        }
        self.replaced_document();
        // Untouched, it is no unsaved work: replacing it asks nothing. The first edit makes it
        // one; Save asks for a name.
        self.draft = Draft::new(body);
        self.current = None;
        self.current_path = None;
    }

    /// Runs `then` now, or asks first when there are unsaved edits.
    fn guard(&mut self, then: Then) {
        if self.draft.is_dirty() {
            self.dialog = Some(Dialog::Unsaved(then));
        } else {
            self.proceed(then);
        }
    }

    fn proceed(&mut self, then: Then) {
        match then {
            Then::Open(name) => self.open(&name),
            Then::New => self.new_preset(),
            Then::Import => self.import(),
            Then::Persona(detail) => self.start_from_persona(*detail),
            Then::Quit => self.allow_close = true,
        }
    }

    /// Saves to the current preset; an untitled draft asks for a name. Returns whether it saved.
    fn save(&mut self) -> bool {
        match self.current.clone() {
            Some(name) => {
                if self.presets.entry(&name).is_some_and(|e| e.status.is_err()) {
                    self.banner = Some(Banner::new(format!(
                        "\"{name}\" could not be read when it was listed, so it is never overwritten: use Save as."
                    )));
                    return false;
                }
                self.save_to(&name)
            }
            None => {
                self.ask_name(NamePurpose::SaveAs);
                false
            }
        }
    }

    /// Whether another program changed or deleted the current preset's file. Reads at most
    /// as many bytes as were seen (never more than a preset can have), at the path the preset
    /// was found at.
    fn disk_change(&self) -> Option<DiskChange> {
        let (path, seen) = (self.current_path.as_ref()?, self.on_disk.as_ref()?);
        disk_watch::change(path, seen)
    }

    /// Asks the user when the file changed under us; true when it did.
    fn check_disk(&mut self) -> bool {
        match self.disk_change() {
            Some(change) => {
                self.dialog = Some(Dialog::ChangedOnDisk(change));
                true
            }
            None => false,
        }
    }

    /// "Keep my version": the next save overwrites (or recreates) the file.
    fn keep_mine(&mut self) {
        self.on_disk = self
            .current_path
            .as_ref()
            .and_then(|p| preset::read_bounded(p).ok())
            .map(Into::into);
        let body = self.draft.body().clone();
        self.draft = Draft::unsaved(body);
        self.presets.rescan_in_background();
    }

    /// Why the body cannot be sent or written: the Body tab holds text that is not JSON.
    fn unsendable(&self) -> Option<String> {
        self.draft.unparsed().map(|u| {
            format!(
                "The Body tab's text is not JSON (line {}, column {}): fix it, or use Revert to last valid body.",
                u.error.line, u.error.column
            )
        })
    }

    /// Refuses an action on the body while its text does not parse, saying why (the banner
    /// goes when the text parses or is reverted). True when refused.
    fn refuse_unparsed(&mut self) -> bool {
        match self.unsendable() {
            Some(reason) => {
                self.banner = Some(Banner {
                    cause: Cause::UnparsedBody,
                    ..Banner::new(reason)
                });
                true
            }
            None => false,
        }
    }

    /// Saves the draft as preset `name`: over the current preset's own file, or as a new file
    /// that must not exist yet (a name the user typed: a file another program created since the
    /// folder was read is never replaced).
    fn save_to(&mut self, name: &str) -> bool {
        if self.refuse_unparsed() {
            return false;
        }
        let own = self.current.as_deref() == Some(name);
        if own && self.check_disk() {
            return false;
        }
        let path = match &self.current_path {
            Some(path) if own => path.clone(),
            _ => preset::path_for(&self.presets.dir, name),
        };
        let saved = if own {
            preset::save(&path, self.draft.body())
        } else {
            preset::save_new(&path, self.draft.body())
        };
        match saved {
            Ok(()) => {
                self.on_disk = Some(self.draft.text().as_bytes().into());
                self.draft.mark_saved();
                self.current = Some(name.to_string());
                self.current_path = Some(path.clone());
                self.presets.saved(name, &path);
                self.presets.rescan_in_background();
                self.banner = None;
                true
            }
            Err(e) if preset::is_taken(&e) => {
                self.presets.rescan_in_background();
                self.banner = Some(Banner::with_details(
                    taken(name),
                    Some("Nothing was overwritten: the file on disk is as it was.".into()),
                ));
                false
            }
            Err(e) => {
                self.banner = Some(Banner::with_details(
                    format!("Could not save the preset: {e}"),
                    Some("Nothing was overwritten: the file on disk is as it was.".into()),
                ));
                false
            }
        }
    }

    fn ask_name(&mut self, purpose: NamePurpose) {
        let base = self.current.clone().unwrap_or_else(|| "new-preset".into());
        let text = match purpose {
            NamePurpose::Rename => base,
            NamePurpose::SaveAs | NamePurpose::Duplicate => self.free_name(&format!("{base} copy")),
        };
        self.dialog = Some(Dialog::Name {
            purpose,
            text,
            error: None,
            then: None,
        });
    }

    fn free_name(&self, base: &str) -> String {
        let base = if self.current.is_none() && base == "new-preset copy" {
            "new-preset"
        } else {
            base
        };
        if !self.presets.contains(base) {
            return base.to_string();
        }
        (2..)
            .map(|n| format!("{base} {n}"))
            .find(|n| !self.presets.contains(n))
            .unwrap_or_default()
    }

    /// Carries out a named action; returns an error sentence to show in the dialog.
    fn apply_name(&mut self, purpose: &NamePurpose, name: &str) -> Result<(), String> {
        let name = name.trim();
        preset::check_name(name).map_err(str::to_string)?;
        let unchanged_rename =
            *purpose == NamePurpose::Rename && self.current.as_deref() == Some(name);
        if self.presets.contains(name) && !unchanged_rename {
            return Err(format!("A preset named \"{name}\" already exists."));
        }
        match purpose {
            NamePurpose::SaveAs => {
                if !self.save_to(name) {
                    return Err(match &self.banner {
                        Some(b) if b.sentence == taken(name) => b.sentence.clone(),
                        _ => "Could not save: see the message above the form.".into(),
                    });
                }
            }
            NamePurpose::Duplicate => {
                if let Some(reason) = self.unsendable() {
                    return Err(reason);
                }
                let path = preset::path_for(&self.presets.dir, name);
                preset::save_new(&path, self.draft.body()).map_err(|e| {
                    self.presets.rescan_in_background();
                    if preset::is_taken(&e) {
                        taken(name)
                    } else {
                        e.to_string()
                    }
                })?;
                self.presets.saved(name, &path);
                self.presets.rescan_in_background();
                self.open(name);
            }
            NamePurpose::Rename => {
                if unchanged_rename {
                    return Ok(());
                }
                let Some(old) = self.current.clone() else {
                    return self.apply_name(&NamePurpose::SaveAs, name);
                };
                let from = self
                    .current_path
                    .clone()
                    .unwrap_or_else(|| preset::path_for(&self.presets.dir, &old));
                let to = preset::path_for(&self.presets.dir, name);
                preset::rename(&from, &to).map_err(|e| {
                    self.presets.rescan_in_background();
                    if preset::is_taken(&e) {
                        taken(name)
                    } else {
                        format!("Could not rename: {e}")
                    }
                })?;
                self.current = Some(name.to_string());
                self.current_path = Some(to.clone());
                self.presets.removed(&old);
                self.presets.saved(name, &to);
                self.presets.rescan_in_background();
            }
        }
        Ok(())
    }

    fn delete(&mut self, name: &str) {
        // The file the entry was found at: `foo .json` is not `foo.json`.
        let path = match (&self.current_path, self.presets.entry(name)) {
            (Some(path), _) if self.current.as_deref() == Some(name) => path.clone(),
            (_, Some(entry)) => entry.path.clone(),
            _ => preset::path_for(&self.presets.dir, name),
        };
        match std::fs::remove_file(&path) {
            Ok(()) => {
                self.presets.removed(name);
                self.presets.rescan_in_background();
                if self.current.as_deref() == Some(name) {
                    // The edits stay on screen as an untitled draft: nothing typed is lost.
                    self.current = None;
                    self.current_path = None;
                    let body = self.draft.body().clone();
                    self.draft = Draft::unsaved(body);
                }
            }
            Err(e) => {
                self.banner = Some(Banner::new(format!(
                    "Could not delete {}: {e}",
                    path.display()
                )))
            }
        }
    }

    fn import(&mut self) {
        match self.dialogs.open_body() {
            Some(path) => self.import_from(&path),
            None => self.ask_path(false),
        }
    }

    /// The file chooser gave nothing: cancelled, or there is none (no desktop portal). Either
    /// way, a path can be typed.
    fn ask_path(&mut self, export: bool) {
        self.dialog = Some(Dialog::Path {
            export,
            text: String::new(),
        });
    }

    fn import_from(&mut self, path: &Path) {
        match preset::load(path) {
            Ok(body) => {
                self.replaced_document();
                self.draft = Draft::unsaved(body);
                self.current = None;
                self.current_path = None;
                self.banner = None;
                self.say(
                    format!("Imported {}: Save keeps it as a preset.", path.display()),
                    Until::DocumentReplaced,
                );
            }
            Err(e) => self.show_preset_error(&e),
        }
    }

    fn export(&mut self) {
        let name = self
            .current
            .clone()
            .unwrap_or_else(|| "request-body".into());
        if self.refuse_unparsed() {
            return;
        }
        match self.dialogs.save_body(&name) {
            Some(path) => self.export_to(&path),
            None => self.ask_path(true),
        }
    }

    fn export_to(&mut self, path: &Path) {
        match preset::save(path, self.draft.body()) {
            Ok(()) => self.say(format!("Exported to {}.", path.display()), Until::Dismissed),
            Err(e) => self.banner = Some(Banner::new(format!("Could not export: {e}"))),
        }
    }

    fn sidebar_action(&mut self, action: SidebarAction) {
        match action {
            SidebarAction::Open(name) => self.guard(Then::Open(name)),
            SidebarAction::New => self.guard(Then::New),
            SidebarAction::Save => {
                self.save();
            }
            SidebarAction::SaveAs => self.ask_name(NamePurpose::SaveAs),
            SidebarAction::Duplicate => self.ask_name(NamePurpose::Duplicate),
            SidebarAction::Rename => self.ask_name(NamePurpose::Rename),
            SidebarAction::Delete => match self.current.clone() {
                Some(name) => self.dialog = Some(Dialog::Delete(name)),
                None => self.say(
                    "This draft is not saved, so there is no file to delete.",
                    Until::DocumentReplaced,
                ),
            },
            SidebarAction::Import => self.guard(Then::Import),
            SidebarAction::Export => self.export(),
        }
    }

    /// The base URL of `env`, starting the sandbox on first use.
    fn base_url_of(&mut self, env: &Environment) -> Result<String, String> {
        if env.is_sandbox() && self.sandbox.is_none() {
            let sandbox = Sandbox::start(self.sandbox_config.clone())
                .map_err(|e| format!("Could not start the sandbox server: {e}"))?;
            self.sandbox = Some(sandbox);
        }
        let sandbox_url = self
            .sandbox
            .as_ref()
            .map(Sandbox::base_url)
            .unwrap_or_default();
        Ok(env.base_url(&sandbox_url))
    }

    /// The key for `env`: `ANAM_API_KEY`, else the keychain, else the sandbox's demo key.
    /// `None` when there is none; the caller asks for one.
    fn key_for(&mut self, env: &Environment) -> Result<Option<(ApiKey, KeySource)>, String> {
        let keychain = self.keychain();
        let found = keychain::resolve(self.env_key.as_deref(), &keychain, &env.key_account())
            .map_err(|e| format!("Could not read the API key: {e}."))?;
        Ok(found.or_else(|| {
            env.is_sandbox()
                .then(|| ApiKey::new(environment::SANDBOX_KEY).ok())
                .flatten()
                .map(|k| (k, KeySource::Memory))
        }))
    }

    /// The key and base URL to reach `env`, or why there are none.
    fn connection(&mut self, env: &Environment) -> Result<(ApiKey, String), Unreachable> {
        match self.key_for(env).map_err(Unreachable::Failed)? {
            Some((key, _)) => Ok((key, self.base_url_of(env).map_err(Unreachable::Failed)?)),
            None => Err(Unreachable::NoKey),
        }
    }

    /// Sends the body to the worker. With errors, only when `anyway`.
    fn mint(&mut self, anyway: bool) {
        if self.refuse_unparsed() {
            return;
        }
        if self.pending.is_some() || (self.draft.error_count() > 0 && !anyway) {
            return;
        }
        let env = self.environment();
        let (key, base_url) = match self.connection(&env) {
            Ok(ready) => ready,
            Err(why) => {
                if let Unreachable::NoKey = why {
                    let keychain = self.keychain();
                    self.settings
                        .open_on(&env.name, &keychain, &self.env_config.environments());
                }
                self.banner = Some(self.attempt_banner(why.sentence(&env), None));
                return;
            }
        };
        let id = self.worker.next_id();
        self.worker.send(Command::Mint {
            id,
            base_url,
            key,
            body: self.draft.body().to_value(),
            timeout: self.mint_timeout,
        });
        self.banner = None;
        self.end_notice(Until::NextMint);
        self.pending = Some(Pending {
            id,
            preset: self.current.clone().unwrap_or_else(|| "Untitled".into()),
            label: self
                .draft
                .get("clientLabel")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            environment: env.name,
        });
    }

    /// Carries out what the pickers asked for.
    fn catalog_actions(&mut self) {
        let actions = std::mem::take(&mut self.form.catalogs.actions);
        if actions.is_empty() {
            return;
        }
        let env = self.environment();
        for action in actions {
            if let CatalogAction::LoadImage(url) = action {
                let id = self.worker.next_id();
                self.worker.send(Command::FetchImage {
                    id,
                    url: url.clone(),
                    timeout: self.mint_timeout,
                });
                self.form.catalogs.image_requests.insert(id, url);
                continue;
            }
            let (key, base_url) = match self.connection(&env) {
                Ok(ready) => ready,
                Err(why) => {
                    self.form.catalogs.failed(why.sentence(&env));
                    continue;
                }
            };
            let id = self.worker.next_id();
            match action {
                CatalogAction::Refresh => {
                    self.worker.send(Command::FetchCatalog {
                        id,
                        base_url,
                        key,
                        timeout: self.mint_timeout,
                    });
                    self.form.catalogs.loading = Some(id);
                }
                CatalogAction::StartFromPersona(persona_id) => {
                    self.worker.send(Command::FetchPersona {
                        id,
                        base_url,
                        key,
                        persona_id,
                        timeout: self.mint_timeout,
                    });
                    self.form.catalogs.persona_loading = Some(id);
                }
                CatalogAction::LoadImage(_) => {}
            }
        }
    }

    fn settings_action(&mut self, action: SettingsAction) {
        match action {
            SettingsAction::TestKey { env, key } => match self.base_url_of(&env) {
                Ok(base_url) => {
                    let id = self.worker.next_id();
                    self.worker.send(Command::TestKey {
                        id,
                        base_url,
                        key,
                        timeout: self.mint_timeout,
                    });
                    self.settings.testing = Some((id, env.name));
                }
                Err(sentence) => self.banner = Some(Banner::new(sentence)),
            },
            SettingsAction::ConfigChanged => {
                if let Err(e) = crate::store::config::save(&self.env_config, &self.config_path) {
                    self.banner = Some(Banner::new(format!("Could not save the settings: {e}")));
                }
            }
        }
    }

    fn cancel(&mut self) {
        if let Some(p) = self.pending.take() {
            self.worker.send(Command::Cancel { id: p.id });
            self.say("Minting cancelled.", Until::NextMint);
        }
    }

    /// Takes the worker's answers; an answer to a cancelled request is ignored.
    fn poll_worker(&mut self, ctx: &egui::Context) {
        while let Some(event) = self.worker.try_recv() {
            let catalogs = &mut self.form.catalogs;
            match event {
                Event::Minted { id, minted } => {
                    if let Some(pending) = self.pending.take_if(|p| p.id == id) {
                        self.end_notice(Until::NextMint);
                        self.tokens.push(TokenEntry {
                            token: minted.token,
                            jwt: minted.jwt,
                            preset: pending.preset,
                            label: pending.label,
                            environment: pending.environment,
                            minted_at: chrono::Utc::now(),
                        });
                    }
                }
                Event::Failed { id, error } => {
                    if self.pending.take_if(|p| p.id == id).is_some() {
                        let mut banner = self.attempt_banner(
                            error.to_string(),
                            error.reply().map(ToString::to_string),
                        );
                        if matches!(error, api::ApiError::BadRequest { .. }) {
                            banner.cause = Cause::Rejected {
                                environment: self.environment.clone(),
                                revision: self.draft.revision(),
                            };
                        }
                        self.banner = Some(banner);
                    }
                }
                Event::KeyTested { id, result } => self.settings.test_done(id, result),
                Event::Catalog { id, result } => {
                    if catalogs.loading.take_if(|l| *l == id).is_some() {
                        match result {
                            Ok(catalog) => catalogs.loaded(catalog),
                            Err(e) => catalogs.failed(e.to_string()),
                        }
                    }
                }
                Event::Image { id, url, result } => {
                    if catalogs.image_requests.remove(&id).is_some() {
                        let ok = result.is_ok();
                        if let Ok(bytes) = result {
                            ctx.include_bytes(url.clone(), bytes);
                        }
                        catalogs.image_loaded(&url, ok);
                    }
                }
                Event::Persona { id, result } => {
                    if catalogs.persona_loading.take_if(|l| *l == id).is_some() {
                        self.persona_loaded(result);
                    }
                }
                // An answer to a cancelled request: already dealt with.
                Event::Cancelled { .. } => {}
            }
        }
    }

    /// "Start from persona": the persona's detail becomes a new, unsaved ephemeral preset.
    fn persona_loaded(
        &mut self,
        result: Result<crate::core::catalog::PersonaDetail, api::ApiError>,
    ) {
        match result {
            // It replaces the document, so it asks first like every other replace.
            Ok(detail) => self.guard(Then::Persona(Box::new(detail))),
            Err(e) => {
                self.banner = Some(Banner::with_details(
                    format!("Could not load the persona: {e}"),
                    e.reply().map(ToString::to_string),
                ))
            }
        }
    }

    fn start_from_persona(&mut self, detail: crate::core::catalog::PersonaDetail) {
        self.replaced_document();
        self.draft = Draft::unsaved(detail.to_ephemeral_body());
        self.current = None;
        self.current_path = None;
        self.on_disk = None;
        self.banner = None;
        self.say(
            format!(
                "Started from the persona \"{}\": a new ephemeral preset, not saved yet.",
                detail.name
            ),
            Until::DocumentReplaced,
        );
    }

    /// The notice goes if it was waiting for `until`.
    fn end_notice(&mut self, until: Until) {
        if self.notice.as_ref().is_some_and(|n| n.until == until) {
            self.notice = None;
        }
    }

    fn say(&mut self, text: impl Into<String>, until: Until) {
        self.notice = Some(Notice {
            text: text.into(),
            until,
        });
    }

    /// Messages about the document that was on screen go with it.
    fn replaced_document(&mut self) {
        self.end_notice(Until::DocumentReplaced);
        if self
            .banner
            .as_ref()
            .is_some_and(|b| matches!(b.cause, Cause::Attempt { .. } | Cause::Rejected { .. }))
        {
            self.banner = None;
        }
    }

    /// Messages whose state has ended (checked once a frame, before drawing).
    fn drop_stale_messages(&mut self) {
        let stale = match self.banner.as_ref().map(|b| &b.cause) {
            Some(Cause::UnparsedBody) => self.draft.unparsed().is_none(),
            Some(Cause::Attempt { environment, mode }) => {
                *environment != self.environment || *mode != self.draft.mode()
            }
            Some(Cause::Rejected {
                environment,
                revision,
            }) => *environment != self.environment || *revision != self.draft.revision(),
            Some(Cause::Event) | None => false,
        };
        if stale {
            self.banner = None;
        }
    }

    /// A banner about a failed (or refused) mint of the current body in the current environment.
    fn attempt_banner(&self, sentence: String, details: Option<String>) -> Banner {
        Banner {
            cause: Cause::Attempt {
                environment: self.environment.clone(),
                mode: self.draft.mode(),
            },
            ..Banner::with_details(sentence, details)
        }
    }

    fn jump_to_first_problem(&mut self) {
        if let Some(p) = self.draft.problems().first() {
            self.tab = Tab::Form;
            self.form.jump_to = Some(p.path.clone());
        }
    }

    fn shortcuts(&mut self, ui: &mut Ui) {
        // The shift variants first: Ctrl+S would also match Ctrl+Shift+S.
        let pressed = |ui: &mut Ui, s: &KeyboardShortcut| ui.input_mut(|i| i.consume_shortcut(s));
        if pressed(ui, &SAVE_AS) {
            self.ask_name(NamePurpose::SaveAs);
        }
        if pressed(ui, &SAVE) {
            self.save();
        }
        if pressed(ui, &COPY_TOKEN) {
            self.tokens.copy_current(ui.ctx());
        }
        if pressed(ui, &MINT) {
            self.mint(false);
        }
        if pressed(ui, &NEW) {
            self.guard(Then::New);
        }
        // While a text field has the keyboard, Ctrl+Z is that field's own undo.
        if !ui.ctx().text_edit_focused() {
            if pressed(ui, &REDO) {
                self.draft.redo();
            }
            if pressed(ui, &UNDO) {
                self.draft.undo();
            }
        }
        // Escape closes the topmost thing: Settings, else a mint in flight.
        if self.settings.open && pressed(ui, &CANCEL) {
            self.settings.open = false;
        }
        if self.pending.is_some() && self.dialog.is_none() && pressed(ui, &CANCEL) {
            self.cancel();
        }
    }

    // ----- layout -----

    fn top_bar(&mut self, ui: &mut Ui) {
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                let item = |ui: &mut Ui, label: &str, shortcut: Option<KeyboardShortcut>| {
                    let mut button = egui::Button::new(label);
                    if let Some(s) = shortcut {
                        button = button.shortcut_text(ui.ctx().format_shortcut(&s));
                    }
                    ui.add(button).clicked()
                };
                if item(ui, "New preset", Some(NEW)) {
                    self.guard(Then::New);
                }
                if item(ui, "Save preset", Some(SAVE)) {
                    self.save();
                }
                if item(ui, "Save preset as…", Some(SAVE_AS)) {
                    self.ask_name(NamePurpose::SaveAs);
                }
                ui.separator();
                if item(ui, "Import body…", None) {
                    self.guard(Then::Import);
                }
                if item(ui, "Export body…", None) {
                    self.export();
                }
                ui.separator();
                if item(ui, "Quit", None) {
                    ui.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("Edit", |ui| {
                if ui
                    .add_enabled(
                        self.draft.can_undo(),
                        egui::Button::new("Undo").shortcut_text(ui.ctx().format_shortcut(&UNDO)),
                    )
                    .clicked()
                {
                    self.draft.undo();
                }
                if ui
                    .add_enabled(
                        self.draft.can_redo(),
                        egui::Button::new("Redo").shortcut_text(ui.ctx().format_shortcut(&REDO)),
                    )
                    .clicked()
                {
                    self.draft.redo();
                }
            });
            ui.menu_button("View", |ui| {
                let mut pref = ui.options(|o| o.theme_preference);
                let before = pref;
                ui.label("Theme");
                ui.radio_value(
                    &mut pref,
                    egui::ThemePreference::System,
                    "Follow the system",
                );
                ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
                ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
                if pref != before {
                    ui.ctx().set_theme(pref);
                }
            });
            ui.menu_button("Help", |ui| {
                if ui.button("Keyboard shortcuts").clicked() {
                    self.dialog = Some(Dialog::Shortcuts);
                }
                ui.separator();
                ui.label(format!("anam-studio {}", env!("CARGO_PKG_VERSION")));
                ui.weak(format!("Presets: {}", self.presets.dir.display()));
            });
        });
        ui.add_space(2.0);
        ui.horizontal(|ui| {
            let env_label = ui.label("Environment");
            let current = self.environment();
            let mut manage = false;
            egui::ComboBox::from_id_salt("environment")
                .selected_text(&current.name)
                .show_ui(ui, |ui| {
                    for env in self.env_config.environments() {
                        let hover = env.describe();
                        ui.selectable_value(&mut self.environment, env.name.clone(), env.name)
                            .on_hover_text(hover);
                    }
                    ui.separator();
                    manage = ui
                        .selectable_label(false, "Manage environments and keys…")
                        .clicked();
                })
                .response
                .labelled_by(env_label.id)
                .on_hover_text(current.describe());
            if ui
                .button("Settings…")
                .on_hover_text("Environments and API keys")
                .clicked()
                || manage
            {
                let keychain = self.keychain();
                self.settings
                    .open_on(&current.name, &keychain, &self.env_config.environments());
            }
            ui.separator();
            let mode = self.draft.mode();
            for m in [Mode::Ephemeral, Mode::Stateful] {
                if ui.selectable_label(mode == m, m.to_string()).clicked() && mode != m {
                    self.draft.set_mode(m);
                }
            }
            ui.separator();
            self.validation_summary(ui);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                self.mint_controls(ui);
            });
        });
        ui.add_space(2.0);
    }

    fn validation_summary(&mut self, ui: &mut Ui) {
        if let Some(u) = self.draft.unparsed() {
            let text = format!(
                "Body is not JSON (line {}, column {})",
                u.error.line, u.error.column
            );
            if ui
                .button(RichText::new(text).color(ui.visuals().error_fg_color))
                .on_hover_text(format!(
                    "{}. Nothing is minted or saved until it parses. Click to see it.",
                    u.error.message
                ))
                .clicked()
            {
                self.tab = Tab::Body;
            }
            return;
        }
        let errors = self.draft.error_count();
        let warnings = self.draft.problems().len() - errors;
        if errors == 0 && warnings == 0 {
            ui.label(RichText::new("Valid").color(style::ok_color(ui)))
                .on_hover_text("The body matches the API contract.");
            return;
        }
        let text = match (errors, warnings) {
            (0, w) => RichText::new(plural(w, "warning")).color(ui.visuals().warn_fg_color),
            (e, 0) => RichText::new(plural(e, "problem")).color(ui.visuals().error_fg_color),
            (e, w) => RichText::new(format!(
                "{}, {}",
                plural(e, "problem"),
                plural(w, "warning")
            ))
            .color(ui.visuals().error_fg_color),
        };
        let tip = if errors > 0 {
            "Problems stop Mint; warnings do not. Click to jump to the first.".to_string()
        } else {
            "Warnings do not stop minting. Click to jump to the first.".into()
        };
        if ui.button(text).on_hover_text(tip).clicked() {
            self.jump_to_first_problem();
        }
    }

    fn mint_controls(&mut self, ui: &mut Ui) {
        if self.pending.is_some() {
            if ui
                .button("Cancel")
                .on_hover_text("Stop this request (Esc)")
                .clicked()
            {
                self.cancel();
            }
            ui.spinner();
            ui.label(format!("Minting against {}…", self.environment));
            return;
        }
        let errors = self.draft.error_count();
        let unsendable = self.unsendable();
        let mint = ui
            .add_enabled(
                errors == 0 && unsendable.is_none(),
                egui::Button::new(RichText::new("Mint").strong()).min_size(egui::vec2(72.0, 0.0)),
            )
            .on_hover_text(format!(
                "Mint a session token against {} (Ctrl+Enter)",
                self.environment
            ))
            .on_disabled_hover_text(unsendable.clone().unwrap_or_else(|| {
                "Fix the problems first, or use Mint anyway to test the API's own errors.".into()
            }));
        if mint.clicked() {
            self.mint(false);
        }
        if errors > 0
            && unsendable.is_none()
            && ui
                .button("Mint anyway")
                .on_hover_text("Send the body with its errors, to see how the API answers")
                .clicked()
        {
            self.mint(true);
        }
    }

    fn banner_ui(&mut self, ui: &mut Ui) {
        if let Some(banner) = &self.banner {
            let mut dismiss = false;
            egui::Frame::new()
                .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
                .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
                .corner_radius(4)
                .inner_margin(8)
                .show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_top(|ui| {
                        // The sentence wraps in what Dismiss leaves; Dismiss keeps its size.
                        let dismiss_width = 72.0;
                        let text_width = (ui.available_width() - dismiss_width).max(120.0);
                        ui.allocate_ui_with_layout(
                            egui::vec2(text_width, 0.0),
                            egui::Layout::top_down(egui::Align::Min),
                            |ui| {
                                ui.set_width(text_width);
                                ui.add(
                                    egui::Label::new(
                                        RichText::new(&banner.sentence)
                                            .color(ui.visuals().error_fg_color)
                                            .strong(),
                                    )
                                    .wrap(),
                                );
                            },
                        );
                        dismiss = ui.small_button("Dismiss").clicked();
                    });
                    if let Some(details) = &banner.details {
                        egui::CollapsingHeader::new("Details")
                            .id_salt("banner-details")
                            .show(ui, |ui| {
                                ui.add(egui::Label::new(RichText::new(details).monospace()).wrap());
                            });
                    }
                });
            if dismiss {
                self.banner = None;
            }
            ui.add_space(4.0);
        }
        if let Some(notice) = &self.notice {
            let mut dismiss = false;
            ui.horizontal_top(|ui| {
                let text_width = (ui.available_width() - 56.0).max(120.0);
                ui.allocate_ui_with_layout(
                    egui::vec2(text_width, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(text_width);
                        ui.add(egui::Label::new(&notice.text).wrap());
                    },
                );
                dismiss = ui.small_button("Hide").clicked();
            });
            if dismiss {
                self.notice = None;
            }
        }
    }

    fn central(&mut self, ui: &mut Ui) {
        self.banner_ui(ui);
        ui.horizontal(|ui| {
            ui.selectable_value(&mut self.tab, Tab::Form, "Form");
            ui.selectable_value(&mut self.tab, Tab::Body, "Body");
            if self.draft.unparsed().is_some() {
                ui.label(
                    RichText::new("(Body has a JSON error)").color(ui.visuals().error_fg_color),
                );
            }
        });
        ui.separator();
        match self.tab {
            Tab::Form => {
                egui::ScrollArea::vertical()
                    .auto_shrink([false; 2])
                    .show(ui, |ui| self.form_ui(ui));
            }
            Tab::Body => {
                let base = self.environment().base_url(
                    &self
                        .sandbox
                        .as_ref()
                        .map(Sandbox::base_url)
                        .unwrap_or_else(|| "http://127.0.0.1:PORT".into()),
                );
                match self.body_tab.ui(ui, &mut self.draft) {
                    Some(BodyAction::CopyBody) => {
                        ui.ctx().copy_text(self.draft.text().to_string());
                        self.tokens.toast("Body copied", ui.ctx());
                    }
                    Some(BodyAction::CopyCurl) => {
                        ui.ctx()
                            .copy_text(api::curl_command(&base, &self.draft.body().to_value()));
                        self.tokens.toast("curl command copied", ui.ctx());
                    }
                    None => {}
                }
            }
        }
    }

    fn form_ui(&mut self, ui: &mut Ui) {
        // Problems that belong to no field row (a mixed persona, unknown fields, …).
        let loose: Vec<_> = self
            .draft
            .problems()
            .iter()
            .filter(|p| fields::spec(&p.path).is_none() && !is_section_path(&p.path))
            .cloned()
            .collect();
        for p in &loose {
            let color = if p.is_error() {
                ui.visuals().error_fg_color
            } else {
                ui.visuals().warn_fg_color
            };
            ui.label(RichText::new(p.to_string()).color(color));
        }
        if !loose.is_empty() {
            ui.add_space(4.0);
        }
        let draft = &mut self.draft;
        let form = &mut self.form;
        match draft.mode() {
            Mode::Stateful => persona_form::stateful_ui(ui, draft, form),
            Mode::Ephemeral => {
                persona_form::ephemeral_ui(ui, draft, form);
                detection_panel::ui(ui, draft, form);
                voice_panel::ui(ui, draft, form);
            }
        }
        session_panel::ui(ui, draft, form);
        // A jump nobody claimed (a field of the other mode) is dropped.
        form.jump_to = None;
    }

    fn dialogs_ui(&mut self, ctx: &egui::Context) {
        let Some(dialog) = self.dialog.clone() else {
            return;
        };
        let shown = dialog.clone();
        let mut close = false;
        let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
            ui.set_width(380.0);
            match dialog {
                Dialog::Unsaved(then) => {
                    let name = self.current.clone().unwrap_or_else(|| "Untitled".into());
                    ui.heading("Unsaved changes");
                    ui.label(format!("\"{name}\" has changes that are not saved."));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Save changes").clicked() {
                            close = true;
                            if self.save() {
                                self.proceed(then.clone());
                            } else if let Some(Dialog::Name { then: waiting, .. }) = &mut self.dialog
                            {
                                // An untitled draft asked for a name: what was waiting goes on
                                // once it is saved.
                                *waiting = Some(Box::new(then.clone()));
                            }
                        }
                        if ui.button("Discard changes").clicked() {
                            close = true;
                            self.draft.mark_saved();
                            self.proceed(then.clone());
                        }
                        if ui.button("Keep editing").clicked() {
                            close = true;
                        }
                    });
                    if then == Then::Quit && self.allow_close {
                        ui.send_viewport_cmd(egui::ViewportCommand::Close);
                    }
                }
                Dialog::ChangedOnDisk(change) => {
                    let name = self.current.clone().unwrap_or_default();
                    ui.heading("Changed by another program");
                    ui.label(match change {
                        DiskChange::Changed => {
                            format!("\"{name}\" was changed on disk since you opened it.")
                        }
                        DiskChange::Deleted => {
                            format!("\"{name}\" was deleted from the presets folder.")
                        }
                    });
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if change == DiskChange::Changed
                            && ui
                                .button("Reload from disk")
                                .on_hover_text(
                                    "Show the file's new contents; your edits here are dropped",
                                )
                                .clicked()
                        {
                            close = true;
                            self.reload();
                        }
                        if ui
                            .button("Keep my version")
                            .on_hover_text("Keep what is on screen; Save writes it over the file")
                            .clicked()
                        {
                            close = true;
                            self.keep_mine();
                        }
                        if ui.button("Save mine as…").clicked() {
                            close = true;
                            self.keep_mine();
                            self.ask_name(NamePurpose::SaveAs);
                        }
                    });
                }
                Dialog::Delete(name) => {
                    ui.heading("Delete preset?");
                    ui.label(format!(
                        "\"{name}\" will be deleted from the presets folder. This cannot be undone."
                    ));
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button("Delete preset").clicked() {
                            close = true;
                            self.delete(&name);
                        }
                        if ui.button("Keep it").clicked() {
                            close = true;
                        }
                    });
                }
                Dialog::Name {
                    purpose,
                    mut text,
                    mut error,
                    then,
                } => {
                    ui.heading(purpose.title());
                    let label = ui.label("Preset name");
                    let edit = ui
                        .add(egui::TextEdit::singleline(&mut text).desired_width(f32::INFINITY))
                        .labelled_by(label.id);
                    if !edit.has_focus() && !edit.lost_focus() {
                        edit.request_focus();
                        // Typing goes after the suggested name, not into its middle.
                        let end = egui::text::CCursor::new(text.chars().count());
                        if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), edit.id) {
                            state
                                .cursor
                                .set_char_range(Some(egui::text::CCursorRange::one(end)));
                            state.store(ui.ctx(), edit.id);
                        }
                    }
                    if edit.changed() {
                        // The error was about the name as it was.
                        error = None;
                    }
                    if let Some(e) = &error {
                        ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
                    }
                    ui.add_space(8.0);
                    let mut ok = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.horizontal(|ui| {
                        ok |= ui.button("OK").clicked();
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    if ok {
                        match self.apply_name(&purpose, &text) {
                            Ok(()) => {
                                close = true;
                                if let Some(then) = then {
                                    self.proceed(*then);
                                }
                            }
                            Err(e) => {
                                self.dialog = Some(Dialog::Name {
                                    purpose,
                                    text,
                                    error: Some(e),
                                    then,
                                });
                            }
                        }
                    } else if !close {
                        self.dialog = Some(Dialog::Name {
                            purpose,
                            text,
                            error,
                            then,
                        });
                    }
                }
                Dialog::Path { export, mut text } => {
                    ui.heading(if export {
                        "Export the request body"
                    } else {
                        "Import a request body"
                    });
                    ui.add(
                        egui::Label::new(
                            "No file was chosen. If no file chooser opened, this desktop has none (no xdg-desktop-portal): type the file's path instead.",
                        )
                        .wrap(),
                    );
                    let label = ui.label("File path");
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut text)
                                .hint_text("/home/me/body.json")
                                .desired_width(f32::INFINITY),
                        )
                        .labelled_by(label.id);
                    if !edit.has_focus() && !edit.lost_focus() {
                        edit.request_focus();
                    }
                    let typed = text.trim().to_string();
                    let mut go = edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                    ui.horizontal(|ui| {
                        go |= ui
                            .add_enabled(
                                !typed.is_empty(),
                                egui::Button::new(if export { "Export" } else { "Import" }),
                            )
                            .clicked();
                        if ui.button("Cancel").clicked() {
                            close = true;
                        }
                    });
                    if go && !typed.is_empty() {
                        close = true;
                        let path = PathBuf::from(typed);
                        if export {
                            self.export_to(&path);
                        } else {
                            self.import_from(&path);
                        }
                    } else if !close {
                        self.dialog = Some(Dialog::Path { export, text });
                    }
                }
                Dialog::Shortcuts => {
                    ui.heading("Keyboard shortcuts");
                    egui::Grid::new("shortcuts")
                        .num_columns(2)
                        .spacing([24.0, 6.0])
                        .show(ui, |ui| {
                            for (what, shortcut) in SHORTCUTS {
                                ui.label(*what);
                                ui.monospace(ui.ctx().format_shortcut(shortcut));
                                ui.end_row();
                            }
                        });
                    ui.add_space(8.0);
                    if ui.button("Close").clicked() {
                        close = true;
                    }
                }
            }
        });
        // A choice may have opened the next dialog (Save asks for a name): keep that one.
        if (close || modal.should_close()) && self.dialog.as_ref() == Some(&shown) {
            self.dialog = None;
        }
    }

    fn update_title(&mut self, ui: &Ui) {
        let title = self.window_title();
        if title != self.title {
            ui.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }

    fn handle_close_request(&mut self, ui: &Ui) {
        if ui.input(|i| i.viewport().close_requested())
            && self.draft.is_dirty()
            && !self.allow_close
        {
            ui.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.dialog = Some(Dialog::Unsaved(Then::Quit));
        }
    }
}

/// A warning about keys written twice in a preset's text, if any (the file keeps only the last).
fn duplicates_notice(text: &[u8]) -> Option<String> {
    let found = crate::core::contract::duplicates::duplicate_keys(text);
    let first = found.first()?;
    let more = match found.len() {
        1 => String::new(),
        n => format!(" ({} more)", n - 1),
    };
    Some(format!(
        "Warning: in {}, {first}{more}. A save writes only the value that is used.",
        if first.object.is_empty() {
            "the body".to_string()
        } else {
            first.object.clone()
        }
    ))
}

/// The sentence for a name whose file (or folder) appeared since the folder was read.
fn taken(name: &str) -> String {
    format!(
        "\"{name}.{}\" appeared in the presets folder since it was read (another program or window made it), and it is not replaced: choose another name.",
        preset::EXTENSION
    )
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Paths whose problems a section shows at its top.
fn is_section_path(path: &str) -> bool {
    matches!(
        path,
        fields::VOICE_DETECTION
            | fields::VOICE_GENERATION
            | fields::SESSION_OPTIONS
            | fields::SESSION_REPLAY
    )
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let started = std::time::Instant::now();
        self.poll_worker(&ui.ctx().clone());
        self.drop_stale_messages();
        let env = self.environment();
        self.form
            .catalogs
            .select(&env.key_account(), &env.name, !env.is_sandbox());
        if self.dialog.is_none() {
            // Coming back to the window is when another program's edits are noticed.
            // The check runs on another thread; its answer opens the dialog a frame later.
            if ui.input(|i| {
                i.events
                    .iter()
                    .any(|e| matches!(e, egui::Event::WindowFocused(true)))
            }) && let (Some(path), Some(seen)) = (&self.current_path, &self.on_disk)
            {
                self.disk_watch.start(path, seen, ui.ctx());
            }
            if let Some(change) = self
                .disk_watch
                .poll(self.current_path.as_deref(), self.on_disk.as_ref())
            {
                self.dialog = Some(Dialog::ChangedOnDisk(change));
            }
            self.shortcuts(ui);
        }
        self.handle_close_request(ui);
        egui::Panel::top("top-bar").show(ui, |ui| self.top_bar(ui));
        egui::Panel::left("presets")
            .resizable(true)
            .default_size(230.0)
            .size_range(180.0..=400.0)
            .show(ui, |ui| {
                if let Some(action) =
                    self.presets
                        .ui(ui, self.current.as_deref(), self.draft.is_dirty())
                {
                    self.sidebar_action(action);
                }
            });
        let narrow = ui.ctx().content_rect().width() < style::NARROW;
        let env = self.environment.clone();
        let env = env.as_str();
        if narrow {
            // Tall enough for the JWT, Copy and the countdown; drag its edge for the claims.
            egui::Panel::bottom("token-bottom")
                .resizable(true)
                .default_size(280.0)
                .size_range(200.0..=ui.ctx().content_rect().height() * 0.7)
                .show(ui, |ui| self.tokens.ui(ui, env));
        } else {
            egui::Panel::right("token-right")
                .resizable(true)
                .default_size(400.0)
                .size_range(300.0..=700.0)
                .show(ui, |ui| self.tokens.ui(ui, env));
        }
        egui::CentralPanel::default().show(ui, |ui| self.central(ui));
        self.catalog_actions();
        self.dialogs_ui(&ui.ctx().clone());
        if self.settings.open {
            let keychain = self.keychain();
            let env_var_set = self.env_key.is_some();
            if let Some(action) =
                self.settings
                    .ui(ui.ctx(), &mut self.env_config, &keychain, env_var_set)
            {
                self.settings_action(action);
            }
        }
        self.update_title(ui);
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
            last_preset: self.current.clone(),
            environment: Some(self.environment.clone()),
        };
        eframe::set_value(storage, eframe::APP_KEY, &persisted);
    }
}
