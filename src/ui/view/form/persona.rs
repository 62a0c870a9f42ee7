//! The persona: by id (stateful), or configured here (ephemeral: persona, greeting, language).

use super::field::{self, Form};
use crate::core::draft::Draft;
use crate::ui::command::UiCommand;
use egui::Ui;

const STATEFUL: &[&str] = &["personaConfig.personaId"];

const PERSONA: &[&str] = &[
    "personaConfig.name",
    "personaConfig.avatarId",
    "personaConfig.avatarModel",
    "personaConfig.voiceId",
    "personaConfig.llmId",
    "personaConfig.systemPrompt",
    "personaConfig.maxSessionLengthSeconds",
];

const GREETING: &[&str] = &[
    "personaConfig.skipGreeting",
    "personaConfig.uninterruptibleGreeting",
    "personaConfig.initialMessage",
];

const LANGUAGE: &[&str] = &["personaConfig.languageCode"];

/// The stateful form: the persona's id.
pub fn stateful_ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    field::section(
        ui,
        draft,
        form,
        "Persona",
        &["personaConfig"],
        |ui, draft, form| {
            form.catalogs.status_ui(ui);
            ui.label("A persona you have already created in Anam Lab, by its ID. Its avatar, voice, LLM and prompt come from Anam.");
            ui.add_space(4.0);
            field::grid(ui, "stateful", |ui| {
                for path in STATEFUL {
                    if let Some(spec) = crate::core::contract::fields::spec(path) {
                        field::row(ui, draft, spec, form);
                    }
                }
            });
            let tx = form.catalogs.sender().clone();
            tx.button(ui, UiCommand::ComparePersona);
        },
    );
}

/// The ephemeral persona's own sections.
pub fn ephemeral_ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    form.catalogs.status_ui(ui);
    // Personas and sessions.
    ui.horizontal(|ui| {
        let tx = form.catalogs.sender().clone();
        tx.button(ui, UiCommand::PushToPersona);
        tx.button(ui, UiCommand::ComparePersona);
    });
    field::rows_section(ui, draft, form, "Persona", PERSONA);
    field::rows_section(ui, draft, form, "Greeting", GREETING);
    field::rows_section(ui, draft, form, "Language", LANGUAGE);
}
