//! Settings: environments (built in and custom) and each one's API key in the keychain.

use crate::core::environment::{self, Environment};
use crate::core::secrets::ApiKey;
use crate::demo::SDK_VERSION;
use crate::store::keychain::Stored;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::keys::Keys;
use crate::ui::style;
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct SettingsPanel {
    pub open: bool,
    selected: String,
    pub key_text: String,
    show_key: bool,
    new_name: String,
    new_url: String,
    pub add_error: Option<String>,
    /// The SDK file path being typed.
    sdk_text: String,
    /// The presets folder path being typed.
    folder_text: String,
    pub label_template: super::label_template::LabelTemplateField,
}

impl SettingsPanel {
    /// The environment shown.
    pub fn selected(&self) -> &str {
        &self.selected
    }

    /// Opens the window on `env` (the app reads the key states).
    pub fn open_on(&mut self, env: &str) {
        self.open = true;
        self.selected = env.to_string();
    }

    /// An environment was added: it is selected and the fields empty.
    pub fn added(&mut self, name: &str) {
        self.selected = name.to_string();
        self.new_name.clear();
        self.new_url.clear();
        self.add_error = None;
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        envs: &[Environment],
        keys: &Keys,
        files: &Files,
        env_var_set: bool,
        tx: &CommandSender,
    ) {
        let mut open = self.open;
        egui::Window::new("Settings")
            .open(&mut open)
            .default_width(620.0)
            .collapsible(false)
            .show(ctx, |ui| {
                self.contents(ui, envs, keys, env_var_set, tx);
                ui.add_space(8.0);
                ui.separator();
                self.sdk_ui(ui, files.sdk_file, tx);
                ui.add_space(8.0);
                ui.separator();
                self.folder_ui(ui, files, tx);
                ui.add_space(8.0);
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
                    if ui.button("Close settings").clicked() {
                        tx.send(UiCommand::CloseSettings);
                    }
                });
            });
        self.open &= open;
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        envs: &[Environment],
        keys: &Keys,
        env_var_set: bool,
        tx: &CommandSender,
    ) {
        if !envs.iter().any(|e| e.name == self.selected) {
            self.selected = environment::SANDBOX.into();
        }
        ui.heading("Environments");
        if env_var_set {
            ui.label(
                RichText::new(
                    "ANAM_API_KEY is set: it is used for every environment instead of stored keys.",
                )
                .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(reason) = &keys.unavailable {
            ui.label(
                RichText::new(format!(
                    "No keychain is available ({reason}). Keys you save are held in memory for this run only, never written to a file."
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        let mut remove = None;
        egui::Grid::new("environments")
            .num_columns(4)
            .striped(true)
            .spacing([16.0, 6.0])
            .show(ui, |ui| {
                ui.strong("Name");
                ui.strong("Base URL");
                ui.strong("API key");
                ui.end_row();
                for env in envs {
                    if ui
                        .selectable_label(self.selected == env.name, &env.name)
                        .clicked()
                    {
                        self.selected = env.name.clone();
                        self.key_text.clear();
                    }
                    ui.label(match &env.target {
                        environment::Target::Sandbox => "in this app".to_string(),
                        environment::Target::Url(url) => url.clone(),
                    });
                    let state = keys.stored(&env.name);
                    let text = match (env_var_set, state, env.is_sandbox()) {
                        (true, _, _) => "from ANAM_API_KEY",
                        (false, Some(Stored::Keychain), _) => "set (keychain)",
                        (false, Some(Stored::Memory), _) => "set (this run only)",
                        (false, None, true) => "not needed",
                        (false, None, false) => "no key",
                    };
                    ui.label(text);
                    if !env.is_builtin()
                        && ui
                            .small_button("Remove")
                            .on_hover_text(format!("Remove {}", env.name))
                            .clicked()
                    {
                        remove = Some(env.name.clone());
                    }
                    ui.end_row();
                }
            });
        if let Some(name) = remove {
            tx.send(UiCommand::RemoveEnvironment(name));
        }
        ui.add_space(8.0);
        if let Some(env) = envs.iter().find(|e| e.name == self.selected).cloned() {
            self.key_ui(ui, &env, keys, tx);
            ui.add_space(8.0);
            self.label_template.ui(ui, tx);
        }
        ui.add_space(8.0);
        ui.separator();
        ui.strong("Add an environment");
        egui::Grid::new("add-environment")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label("Environment name");
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_name)
                        .hint_text("Staging")
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("Base URL");
                ui.add(
                    egui::TextEdit::singleline(&mut self.new_url)
                        .hint_text("https://staging.example.com")
                        .desired_width(260.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        if ui.button("Add environment").clicked() {
            tx.send(UiCommand::AddEnvironment {
                name: self.new_name.clone(),
                base_url: self.new_url.clone(),
            });
        }
        if let Some(e) = &self.add_error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
    }

    /// Where the demo page's browser SDK comes from.
    /// The presets folder: the app's own, or one chosen (a team's git clone).
    fn folder_ui(&mut self, ui: &mut Ui, presets: &Files, tx: &CommandSender) {
        ui.strong("Presets folder");
        ui.label(format!("Now: {}", presets.dir.display()));
        if presets.from_env {
            ui.label(
                RichText::new(
                    "ANAM_STUDIO_PRESETS is set: it chooses the folder, whatever is chosen here.",
                )
                .color(ui.visuals().warn_fg_color),
            );
            return;
        }
        ui.horizontal(|ui| {
            let label = ui.label("Folder");
            ui.add(
                egui::TextEdit::singleline(&mut self.folder_text)
                    .hint_text("/path/to/team-presets")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            let typed = self.folder_text.trim();
            if ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Use this folder"))
                .on_hover_text("List and save presets in this folder; a folder in git shows each preset's state and Commit, Pull and Push")
                .clicked()
            {
                tx.send(UiCommand::SetPresetsFolder(Some(PathBuf::from(typed))));
                self.folder_text.clear();
            }
            if presets.chosen && ui.button("Default folder").clicked() {
                tx.send(UiCommand::SetPresetsFolder(None));
            }
        });
    }

    fn sdk_ui(&mut self, ui: &mut Ui, sdk_file: Option<&Path>, tx: &CommandSender) {
        ui.strong("Demo page");
        ui.add(
            egui::Label::new(format!(
                "Launch demo runs Anam's browser SDK {SDK_VERSION}, fetched once from the npm registry, checked against its published hash and cached. On a machine without internet, use a local copy of its dist/umd/anam.js."
            ))
            .wrap(),
        );
        ui.label(match sdk_file {
            Some(path) => format!("Now: the file {}", path.display()),
            None => "Now: fetched from the npm registry".to_string(),
        });
        ui.horizontal(|ui| {
            let label = ui.label("Browser SDK file");
            ui.add(
                egui::TextEdit::singleline(&mut self.sdk_text)
                    .hint_text("/path/to/anam.js")
                    .desired_width(260.0),
            )
            .labelled_by(label.id);
            let typed = self.sdk_text.trim();
            if ui
                .add_enabled(!typed.is_empty(), egui::Button::new("Use this file"))
                .clicked()
            {
                tx.send(UiCommand::SetSdkFile(Some(PathBuf::from(typed))));
                self.sdk_text.clear();
            }
            if sdk_file.is_some() && ui.button("Fetch from npm").clicked() {
                tx.send(UiCommand::SetSdkFile(None));
            }
        });
    }

    fn key_ui(&mut self, ui: &mut Ui, env: &Environment, keys: &Keys, tx: &CommandSender) {
        ui.strong(format!("API key for {}", env.name));
        if env.is_sandbox() {
            ui.weak(
                "The sandbox accepts any key; a key stored here is sent instead of the demo key.",
            );
        }
        ui.horizontal(|ui| {
            let l = ui.label("API key");
            ui.add(
                egui::TextEdit::singleline(&mut self.key_text)
                    .password(!self.show_key)
                    .hint_text("Paste a key to save or test it")
                    .desired_width(300.0),
            )
            .labelled_by(l.id);
            let label = if self.show_key { "Hide" } else { "Show" };
            ui.toggle_value(&mut self.show_key, label);
        });
        ui.horizontal(|ui| {
            let typed = ApiKey::new(&self.key_text);
            if ui
                .add_enabled(typed.is_ok(), egui::Button::new("Save key"))
                .clicked()
                && let Ok(key) = &typed
            {
                tx.send(UiCommand::SaveKey {
                    env: env.clone(),
                    key: key.clone(),
                });
            }
            let stored = keys.stored(&env.name).is_some();
            if ui
                .add_enabled(stored, egui::Button::new("Delete key"))
                .clicked()
            {
                tx.send(UiCommand::DeleteKey(env.clone()));
            }
            let testing = keys.testing.as_deref() == Some(env.name.as_str());
            // The stored key is read (on the worker) only when it is needed.
            if ui
                .add_enabled(
                    (typed.is_ok() || stored) && !testing,
                    egui::Button::new("Test key"),
                )
                .on_hover_text("A cheap authenticated call: lists one persona")
                .clicked()
            {
                tx.send(UiCommand::TestKey {
                    env: env.clone(),
                    typed: typed.ok(),
                });
            }
            if testing {
                ui.spinner();
            }
        });
        if let Some((text, ok)) = keys.said(&env.name) {
            let color = if *ok {
                style::ok_color(ui)
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(text).color(color));
        }
    }
}

/// The files Settings shows: the presets folder, the demo page's SDK file.
pub struct Files<'a> {
    /// The presets folder listed now.
    pub dir: &'a Path,
    /// One is chosen in Settings (else it is the app's own).
    pub chosen: bool,
    /// `ANAM_STUDIO_PRESETS` names it.
    pub from_env: bool,
    /// A local copy of the browser SDK, if one is set.
    pub sdk_file: Option<&'a Path>,
}
