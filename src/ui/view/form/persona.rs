//! The persona: by id (stateful), or configured here (ephemeral: persona, greeting, language).

use super::field::{self, Form};
use super::section;
use crate::core::contract::{fields, pages};
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

const PRIVACY: &[&str] = &["personaConfig.zeroDataRetention"];

/// The stateful form: the persona's id.
pub fn stateful_ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    section::section(
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
                field::rows(ui, draft, form, STATEFUL);
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
    section::rows_section(ui, draft, form, "Persona", PERSONA);
    section::rows_section(ui, draft, form, "Greeting", GREETING);
    section::rows_section(ui, draft, form, "Language", LANGUAGE);
    director_notes_ui(ui, draft, form);
    section::rows_section(ui, draft, form, "Privacy", PRIVACY);
}

/// Director notes: Cara 4 avatars only, said before the rows (and warned of, by validation,
/// when the avatar model is another).
fn director_notes_ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    let paths = [pages::DIRECTOR_NOTES];
    section::optional_section(
        ui,
        draft,
        form,
        "Director notes",
        &paths,
        |ui, draft, form| {
            ui.weak("Beta, Cara 4 avatars only (avatar model cara-4 or cara-4-latest). A preset style or a custom style prompt, not both.");
            field::problems(ui, draft, pages::DIRECTOR_NOTES);
            field::grid(ui, "director notes", |ui| {
                for spec in fields::children_of(pages::DIRECTOR_NOTES) {
                    field::row(ui, draft, spec, form);
                }
            });
        },
    );
}
