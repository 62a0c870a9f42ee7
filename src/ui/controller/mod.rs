//! The app without its window: state, services and panels, and what happens around each frame.
//! Commands are applied in [`crate::ui::controller::apply`]; the worker's answers in [`crate::ui::controller::events`].

mod apply;
mod catalogs;
mod compare;
mod copy_as;
mod demo;
mod document;
mod environments;
mod events;
mod git;
mod intake;
mod keys;
mod mint;
mod personas;
mod sessions;

use crate::store::Op;
use crate::ui::command::CommandSender;
use crate::ui::model::dialog::Dialog;
use crate::ui::model::purpose::Purpose;
use crate::ui::services::Services;
use crate::ui::state::AppState;
use crate::ui::view::Panels;
use egui::Ui;

pub struct Controller {
    pub state: AppState,
    pub services: Services,
    pub panels: Panels,
    pub tx: CommandSender,
    /// The preset to open once the folder has been read (the last one, at start).
    pub(super) open_when_listed: Option<Option<String>>,
    /// Paste request asked for the clipboard's text (it comes back next frame, if any).
    pub(super) clipboard_asked: bool,
    /// The app's own presets folder (or `ANAM_STUDIO_PRESETS`'s): Settings' "Default folder".
    presets_home: std::path::PathBuf,
}

impl Controller {
    pub fn new(state: AppState, services: Services, panels: Panels, tx: CommandSender) -> Self {
        let presets_home = state.folder.dir.clone();
        Controller {
            state,
            services,
            panels,
            tx,
            open_when_listed: None,
            clipboard_asked: false,
            presets_home,
        }
    }

    /// First run seeds the presets folder; then the config and the folder are read, and the
    /// last preset (else the first readable one) opens. All on the worker.
    pub fn start(&mut self, last_preset: Option<String>) {
        self.open_when_listed = Some(last_preset);
        let op = Op::Start {
            presets_dir: self.state.folder.dir.clone(),
            config_path: self.services.config_path.clone(),
        };
        self.services.store(op, Purpose::Start);
    }

    /// Lists `dir` as the presets folder (`None`: the app's own). The open preset stays open: it
    /// is saved where it was found.
    pub(super) fn use_presets_folder(&mut self, dir: Option<std::path::PathBuf>) {
        let dir = dir.unwrap_or_else(|| self.presets_home.clone());
        if dir != self.state.folder.dir {
            self.state.folder.switch_to(dir);
            self.rescan();
        }
    }

    /// Reads the presets folder again (on the worker); the list changes when it is done.
    pub fn rescan(&mut self) {
        let number = self.state.folder.next_scan();
        let dir = self.state.folder.dir.clone();
        self.services.store(Op::Scan { dir }, Purpose::Scan(number));
    }

    pub fn is_minting(&self) -> bool {
        self.services.waiting_for(|p| {
            matches!(
                p,
                Purpose::Mint(_) | Purpose::FindKey(crate::ui::model::purpose::NeedsKey::Mint(_))
            )
        })
    }

    /// Whether Escape has something to close: Settings, else a mint in flight.
    pub fn escape_closes(&self) -> bool {
        self.panels.settings.open || self.is_minting()
    }

    /// Before drawing: stale messages go; the catalog follows the environment; coming back to
    /// the window is when another program's edits are noticed (checked on the worker).
    pub fn before_frame(&mut self, ui: &Ui) {
        let state = &mut self.state;
        let env = state.environments.current().clone();
        state.feedback.drop_stale(&env.name, &state.document.draft);
        if let Some(path) = state.catalogs.select(
            &env.key_account(),
            &env.name,
            !env.is_sandbox(),
            self.services.cache_dir.as_deref(),
        ) {
            let account = env.key_account();
            self.services
                .store(Op::LoadCache { path }, Purpose::LoadCache { account });
        }
        if ui.input(|i| i.viewport().close_requested())
            && state.document.draft.is_dirty()
            && !state.allow_close
        {
            ui.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            let quit = crate::ui::model::dialog::Intent::Quit;
            let selected = &state.environments.selected;
            state.dialog = Some(Dialog::unsaved(quit, state.document.discard_also(selected)));
        }
        let focused = ui.input(|i| {
            i.events
                .iter()
                .any(|e| matches!(e, egui::Event::WindowFocused(true)))
        });
        if focused && state.dialog.is_none() {
            self.check_disk();
        }
    }

    /// Is the open preset's file still what was seen there? Another program (an editor, a
    /// `git pull`) may have changed it: the answer asks what to keep.
    pub(super) fn check_disk(&mut self) {
        let document = &self.state.document;
        if let (Some(path), Some(seen)) = (&document.path, &document.on_disk) {
            let (path, seen) = (path.clone(), seen.clone());
            let purpose = Purpose::CheckDisk {
                path: path.clone(),
                seen: seen.clone(),
            };
            self.services.store(Op::CheckDisk { path, seen }, purpose);
        }
    }

    /// Asks about unsaved edits before `then`, or does it now.
    pub fn guard(&mut self, then: crate::ui::model::dialog::Intent) {
        if self.state.document.draft.is_dirty() {
            let state = &self.state;
            let selected = &state.environments.selected;
            self.state.dialog = Some(Dialog::unsaved(then, state.document.discard_also(selected)));
        } else {
            self.proceed(then);
        }
    }
}
