//! Settings: environments (built in and custom) and each one's API key in the keychain.

use super::style;
use crate::api::ApiError;
use crate::core::environment::{self, Environment};
use crate::core::secrets::ApiKey;
use crate::store::keychain::{Keychain, Stored};
use crate::worker::RequestId;
use egui::{RichText, Ui};
use std::collections::HashMap;

/// What the app must do for the settings window.
pub enum SettingsAction {
    /// Check `key` against `env` on the worker.
    TestKey { env: Environment, key: ApiKey },
    /// The custom environments changed: save the config.
    ConfigChanged,
}

#[derive(Default)]
pub struct SettingsPanel {
    pub open: bool,
    selected: String,
    key_text: String,
    show_key: bool,
    new_name: String,
    new_url: String,
    add_error: Option<String>,
    /// Where each environment's key is: cached, refreshed on open and after a change.
    key_state: HashMap<String, Option<Stored>>,
    /// The key test in flight: its id and environment.
    pub testing: Option<(RequestId, String)>,
    /// The latest word on each environment's key (saved, deleted, tested): (sentence,
    /// success). A newer one replaces it; only the selected environment's is shown.
    outcomes: HashMap<String, (String, bool)>,
}

impl SettingsPanel {
    /// Opens the window on `env`.
    pub fn open_on(&mut self, env: &str, keychain: &Keychain, envs: &[Environment]) {
        self.open = true;
        self.selected = env.to_string();
        self.refresh(keychain, envs);
    }

    fn refresh(&mut self, keychain: &Keychain, envs: &[Environment]) {
        self.key_state = envs
            .iter()
            .map(|e| {
                let state = keychain
                    .get(&e.key_account())
                    .ok()
                    .flatten()
                    .map(|(_, s)| s);
                (e.name.clone(), state)
            })
            .collect();
    }

    /// Records the answer to a key test.
    pub fn test_done(&mut self, id: RequestId, result: Result<(), ApiError>) {
        let Some((_, env)) = self.testing.take_if(|(t, _)| *t == id) else {
            return;
        };
        let outcome = match result {
            Ok(()) => ("valid: the API accepted this key".to_string(), true),
            Err(ApiError::Unauthorized { .. }) => (
                "rejected (401): the API does not accept this key".to_string(),
                false,
            ),
            Err(e) => (e.to_string(), false),
        };
        self.outcomes.insert(env, outcome);
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        config: &mut environment::Config,
        keychain: &Keychain,
        env_var_set: bool,
    ) -> Option<SettingsAction> {
        let mut open = self.open;
        let mut action = None;
        egui::Window::new("Settings")
            .open(&mut open)
            .default_width(620.0)
            .collapsible(false)
            .show(ctx, |ui| {
                action = self.contents(ui, config, keychain, env_var_set)
            });
        self.open &= open;
        action
    }

    fn contents(
        &mut self,
        ui: &mut Ui,
        config: &mut environment::Config,
        keychain: &Keychain,
        env_var_set: bool,
    ) -> Option<SettingsAction> {
        let mut action = None;
        let envs = config.environments();
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
        if let Some(reason) = keychain.unavailable_reason() {
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
                for env in &envs {
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
                    let state = self.key_state.get(&env.name).copied().flatten();
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
            config.remove(&name);
            action = Some(SettingsAction::ConfigChanged);
        }
        ui.add_space(8.0);
        if let Some(env) = envs.iter().find(|e| e.name == self.selected).cloned()
            && let Some(a) = self.key_ui(ui, &env, keychain, &envs)
        {
            action = Some(a);
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
            match config.upsert(None, &self.new_name, &self.new_url) {
                Ok(()) => {
                    self.selected = self.new_name.trim().to_string();
                    self.new_name.clear();
                    self.new_url.clear();
                    self.add_error = None;
                    self.refresh(keychain, &config.environments());
                    action = Some(SettingsAction::ConfigChanged);
                }
                Err(e) => self.add_error = Some(e),
            }
        }
        if let Some(e) = &self.add_error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        ui.add_space(8.0);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Min), |ui| {
            if ui.button("Close settings").clicked() {
                self.open = false;
            }
        });
        action
    }

    fn key_ui(
        &mut self,
        ui: &mut Ui,
        env: &Environment,
        keychain: &Keychain,
        envs: &[Environment],
    ) -> Option<SettingsAction> {
        let mut action = None;
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
                let outcome = match keychain.set(&env.key_account(), key) {
                    Ok(Stored::Keychain) => (
                        format!("Saved the key for {} in the keychain.", env.name),
                        true,
                    ),
                    Ok(Stored::Memory) => (
                        format!(
                            "Holding the key for {} in memory for this run (no keychain).",
                            env.name
                        ),
                        true,
                    ),
                    Err(e) => (format!("Could not save the key: {e}."), false),
                };
                self.outcomes.insert(env.name.clone(), outcome);
                self.key_text.clear();
                self.refresh(keychain, envs);
            }
            let stored = self.key_state.get(&env.name).copied().flatten().is_some();
            if ui
                .add_enabled(stored, egui::Button::new("Delete key"))
                .clicked()
            {
                let outcome = match keychain.delete(&env.key_account()) {
                    Ok(_) => (format!("Deleted the key for {}.", env.name), true),
                    Err(e) => (format!("Could not delete the key: {e}."), false),
                };
                self.outcomes.insert(env.name.clone(), outcome);
                self.refresh(keychain, envs);
            }
            let testing = self.testing.as_ref().is_some_and(|(_, e)| *e == env.name);
            // The stored key is read only when it is needed, not on every frame.
            if ui
                .add_enabled(
                    (typed.is_ok() || stored) && !testing,
                    egui::Button::new("Test key"),
                )
                .on_hover_text("A cheap authenticated call: lists one persona")
                .clicked()
                && let Some(key) = typed.ok().or_else(|| {
                    keychain
                        .get(&env.key_account())
                        .ok()
                        .flatten()
                        .map(|(k, _)| k)
                })
            {
                self.outcomes.remove(&env.name);
                action = Some(SettingsAction::TestKey {
                    env: env.clone(),
                    key,
                });
            }
            if testing {
                ui.spinner();
            }
        });
        if let Some((text, ok)) = self.outcomes.get(&env.name) {
            let color = if *ok {
                style::ok_color(ui)
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(text).color(color));
        }
        action
    }
}
