//! Session options and the client label: the same in both persona modes.

use super::field::{self, Form};
use crate::core::draft::Draft;
use egui::Ui;

const SESSION: &[&str] = &[
    "clientLabel",
    "sessionOptions.sessionReplay.enableSessionReplay",
    "sessionOptions.videoQuality",
];

pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    field::section(
        ui,
        draft,
        form,
        "Session",
        &["clientLabel", "sessionOptions"],
        |ui, draft, form| {
            field::problems(ui, draft, "sessionOptions");
            field::problems(ui, draft, "sessionOptions.sessionReplay");
            field::grid(ui, "session", |ui| {
                for path in SESSION {
                    if let Some(spec) = crate::core::contract::fields::spec(path) {
                        field::row(ui, draft, spec, form);
                    }
                }
            });
        },
    );
}
