//! Voice detection: five sliders, each bound to its contract range.

use super::field::{self, Form};
use super::section;
use crate::core::contract::fields;
use crate::core::draft::Draft;
use egui::Ui;

pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    section::section(
        ui,
        draft,
        form,
        "Voice detection",
        &[fields::VOICE_DETECTION],
        |ui, draft, form| {
            field::problems(ui, draft, fields::VOICE_DETECTION);
            field::grid(ui, "voice-detection", |ui| {
                for spec in fields::children_of(fields::VOICE_DETECTION) {
                    field::row(ui, draft, spec, form);
                }
            });
        },
    );
}
