//! Catalog pickers beside the avatar, voice, LLM and persona ids, and one that adds a saved tool's
//! id to a list ([`Pickers::tool_picker_ui`]): searchable lists with names, secondary text and
//! (for avatars) thumbnails loaded lazily off the UI thread. The raw id stays editable; an id the
//! catalog does not know is shown as "unknown id", never rejected.

use crate::core::catalog::{self, Catalog};
use crate::core::draft::Draft;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::catalogs::{Catalogs, Image};
use egui::{RichText, Ui};
use serde_json::Value;
use std::collections::HashSet;

mod list;

pub use crate::ui::state::catalogs::{AVATAR, LLM, PERSONA, TOOL_IDS, VOICE};

/// The pickers of one frame: the catalog as the state holds it, where they push commands, and
/// what was asked for this frame (each once, however many pickers ask).
pub struct Pickers<'a> {
    pub state: &'a Catalogs,
    tx: &'a CommandSender,
    asked: &'a mut HashSet<String>,
}

impl<'a> Pickers<'a> {
    pub fn new(state: &'a Catalogs, tx: &'a CommandSender, asked: &'a mut HashSet<String>) -> Self {
        Pickers { state, tx, asked }
    }

    /// Where the form's own buttons push their commands.
    pub fn sender(&self) -> &CommandSender {
        self.tx
    }

    /// Asks for the catalog the first time a picker needs it.
    fn ensure(&mut self) {
        let state = self.state;
        let idle = !state.loading && !state.reading_cache;
        if state.catalog().is_none() && idle && state.error.is_none() {
            self.ask("refresh", UiCommand::RefreshCatalog);
        }
    }

    /// Pushes `command` once a frame, however many pickers ask.
    fn ask(&mut self, what: &str, command: UiCommand) {
        if self.asked.insert(what.to_string()) {
            self.tx.send(command);
        }
    }

    /// The status line: what is loaded, how old, Refresh.
    pub fn status_ui(&mut self, ui: &mut Ui) {
        let state = self.state;
        let environment = &state.env_name;
        ui.horizontal_wrapped(|ui| {
            let now = chrono::Utc::now();
            match state.catalog() {
                Some(c) => {
                    ui.weak(format!(
                        "{environment} catalog: {} avatars, {} voices, {} LLMs, {} personas, {} tools · {}",
                        c.avatars.len(),
                        c.voices.len(),
                        c.llms.len(),
                        c.personas.len(),
                        c.tools.len(),
                        catalog::describe_age(c.fetched_at, now)
                    ));
                }
                None if state.loading => {
                    ui.weak(format!("Loading the {environment} catalog…"));
                }
                // The failure is said below, in full; this line must not contradict it.
                None if state.error.is_some() => {
                    ui.weak(format!("{environment} catalog: could not be loaded"));
                }
                None => {
                    ui.weak(format!(
                        "{environment} catalog: not loaded (the pickers load it)"
                    ));
                }
            }
            if state.loading {
                ui.spinner();
            } else if ui
                .small_button("Refresh catalog")
                .on_hover_text("Fetch the avatars, voices, LLMs, personas and tools again")
                .clicked()
            {
                self.ask("refresh", UiCommand::RefreshCatalog);
            }
        });
        if let Some(reason) = &state.offline {
            ui.label(
                RichText::new(format!("Offline: showing the cached catalog. {reason}"))
                    .color(ui.visuals().warn_fg_color),
            );
        }
        if let Some(e) = &state.error {
            ui.label(
                RichText::new(format!("Could not load the catalog: {e}"))
                    .color(ui.visuals().error_fg_color),
            );
        }
    }

    /// The picker and the resolved name for an id field; nothing for other fields.
    pub fn field_ui(&mut self, ui: &mut Ui, draft: &mut Draft, path: &str) {
        if ![AVATAR, VOICE, LLM, PERSONA].contains(&path) {
            return;
        }
        let id = draft
            .get(path)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        let title = match path {
            AVATAR => "Pick avatar",
            VOICE => "Pick voice",
            LLM => "Pick LLM",
            _ => "Pick persona",
        };
        ui.horizontal(|ui| self.picker_row(ui, draft, path, &id, title));
    }

    fn picker_row(&mut self, ui: &mut Ui, draft: &mut Draft, path: &str, id: &str, title: &str) {
        let id = id.to_string();
        let picked = self.popup(
            ui,
            title,
            "Choose from this environment's catalog",
            path,
            std::slice::from_ref(&id),
        );
        if let Some(new_id) = picked {
            draft.set(path, Value::from(new_id.clone()));
            if path == VOICE {
                self.voice_picked(draft, &new_id);
            }
        }
        if path == PERSONA
            && ui
                .add_enabled(!id.trim().is_empty(), egui::Button::new("Start from persona"))
                .on_hover_text("Copy this persona's avatar, voice, LLM, prompt, greeting and voice options into a new ephemeral preset")
                .clicked()
        {
            self.ask("persona", UiCommand::StartFromPersona(id.clone()));
        }
        if self.state.persona_loading && path == PERSONA {
            ui.spinner();
        }
        if !id.is_empty()
            && let Some(c) = self.state.catalog()
        {
            match name_of(c, path, &id) {
                Some(name) => ui.weak(name),
                None => ui
                    .label(RichText::new("unknown id").color(ui.visuals().warn_fg_color))
                    .on_hover_text("Not in this environment's catalog. It is sent as it is."),
            };
        }
    }

    /// "Add saved tool…": a searchable list of the account's saved tools (name, kind,
    /// description); those in `selected` are shown ticked. Returns the id picked this frame, for
    /// the caller to add to `personaConfig.toolIds` (or to remove, when it is already there).
    pub fn tool_picker_ui(&mut self, ui: &mut Ui, selected: &[String]) -> Option<String> {
        self.popup(
            ui,
            "Add saved tool",
            "Choose from the tools saved in this environment's account",
            TOOL_IDS,
            selected,
        )
    }

    /// A "`title`…" button that opens the catalog's list for `path`; the id clicked, if any.
    fn popup(
        &mut self,
        ui: &mut Ui,
        title: &str,
        help: &str,
        path: &str,
        selected: &[String],
    ) -> Option<String> {
        let mut picked = None;
        let button = ui
            .button(format!("{title}…"))
            .accessible_name(title)
            .on_hover_text(help);
        egui::Popup::menu(&button)
            .width(440.0)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| {
                self.ensure();
                ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                picked = self.list_ui(ui, path, selected);
            });
        picked
    }

    /// "name · Webhook · description" for a saved tool's id, when the catalog knows it.
    pub fn tool_name(&self, id: &str) -> Option<String> {
        self.state.catalog().and_then(|c| name_of(c, TOOL_IDS, id))
    }

    /// After a voice is picked: the provider follows the voice's family (ElevenLabs V1 or V2
    /// stays a choice).
    fn voice_picked(&self, draft: &mut Draft, id: &str) {
        let Some(voice) = self.state.catalog().and_then(|c| c.voice(id)) else {
            return;
        };
        let family = voice.providers();
        match draft.voice_provider() {
            Some(p) if family.contains(&p) => {}
            _ => {
                if let Some(p) = family.last() {
                    draft.pick_provider(*p);
                }
            }
        }
    }
}

/// "Name · secondary" for an id of the catalog.
fn name_of(c: &Catalog, path: &str, id: &str) -> Option<String> {
    match path {
        AVATAR => c.avatar(id).map(|a| a.display_name.clone()),
        VOICE => c
            .voice(id)
            .map(|v| format!("{} · {}", v.display_name, v.secondary())),
        LLM => c.llm(id).map(|l| l.display_name.clone()),
        TOOL_IDS => c
            .tool(id)
            .map(|t| format!("{} · {}", t.name, t.secondary())),
        _ => c.persona(id).map(|p| p.name.clone()),
    }
}
