//! The panels around the form. Each borrows only the state it draws and pushes commands.

pub mod body_tab;
mod central;
mod compare;
pub mod dialogs;
pub mod feedback;
pub mod form;
pub mod label_template;
pub mod persona_push;
mod presets;
pub mod sessions;
mod settings;
mod token_panel;
mod top_bar;

pub use persona_push::PersonaPushPanel;
pub use sessions::SessionsPanel;
pub use settings::SettingsPanel;
pub use top_bar::Busy;

use crate::ui::command::CommandSender;
use crate::ui::state::AppState;
use crate::ui::style;
use crate::ui::view::form::FormState;
use body_tab::BodyTab;
use egui::Ui;
use presets::PresetsSidebar;

/// How the panels are drawn, apart from the app's state: what is open, typed, filtered, scrolled
/// to, and the comparison on screen.
#[derive(Default)]
pub struct Panels {
    pub sidebar: PresetsSidebar,
    pub settings: SettingsPanel,
    pub body_tab: BodyTab,
    pub form: FormState,
    pub persona_push: PersonaPushPanel,
    pub sessions: SessionsPanel,
    pub compare: compare::CompareView,
}

/// Lays out the whole window: the top bar, the presets, the token panel (right, or at the
/// bottom of a narrow window), the form, and Settings when open.
pub fn ui(
    ui: &mut Ui,
    state: &mut AppState,
    panels: &mut Panels,
    tx: &CommandSender,
    busy: Busy,
    env_var_set: bool,
) {
    egui::Panel::top("top-bar").show(ui, |ui| top_bar::ui(ui, state, tx, busy));
    let AppState {
        document,
        folder,
        environments,
        feedback,
        tab,
        catalogs,
        tokens,
        keys,
        push,
        sessions,
        ..
    } = state;
    let presets = egui::Panel::left("presets")
        .resizable(true)
        .default_size(230.0)
        .size_range(180.0..=400.0)
        .show(ui, |ui| {
            let (current, dirty) = (document.name.as_deref(), document.draft.is_dirty());
            panels
                .sidebar
                .ui(ui, folder, (current, dirty), busy.git, tx)
        });
    let env = environments.selected.as_str();
    let content = ui.ctx().content_rect();
    if content.width() < style::NARROW {
        // Tall enough for the JWT, Copy and the countdown; drag its edge for the claims.
        egui::Panel::bottom("token-bottom")
            .resizable(true)
            .default_size(280.0)
            .size_range(200.0..=content.height() * 0.7)
            .show(ui, |ui| token_panel::ui(ui, tokens, env, feedback, tx));
    } else {
        // The form keeps the width its rows need: the token panel gives way, however wide its
        // content (a panel grows to what it holds, up to the end of its range).
        let (narrowest, widest) = style::TOKEN_PANEL_WIDTH.into_inner();
        let room = content.width() - presets.response.rect.width() - style::FORM_MIN_WIDTH;
        let widest = room.clamp(narrowest, widest);
        egui::Panel::right("token-right")
            .resizable(true)
            .default_size(400.0_f32.min(widest))
            .size_range(narrowest..=widest)
            .show(ui, |ui| token_panel::ui(ui, tokens, env, feedback, tx));
    }
    egui::CentralPanel::default().show(ui, |ui| {
        central::ui(ui, document, feedback, tab, catalogs, panels, tx)
    });
    if panels.settings.open {
        let sdk_file = environments.config().sdk_file.as_deref();
        let selected = panels.settings.selected().to_string();
        let template = environments.config().label_template(&selected);
        panels.settings.label_template.sync(&selected, template);
        let envs = environments.list();
        let files = settings::Files {
            dir: &folder.dir,
            chosen: environments.config().presets_folder.is_some(),
            from_env: crate::store::paths::presets_dir_from_env(),
            sdk_file,
        };
        (panels.settings).ui(ui.ctx(), envs, keys, &files, env_var_set, tx);
    }
    // Personas and sessions.
    if panels.persona_push.open {
        let personas = (catalogs.catalog()).map_or(&[][..], |c| &c.personas[..]);
        panels.persona_push.ui(ui.ctx(), push, personas, tx);
    }
    panels.sessions.ui(ui.ctx(), sessions, tx);
    panels.compare.ui(ui.ctx(), document, tx);
    if let Some(conflict) = &folder.conflict {
        presets::conflict_ui(ui.ctx(), conflict, tx);
    }
}
