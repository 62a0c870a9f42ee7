//! The form: one row per field of the contract's table, in sections, with the catalog pickers
//! beside the id fields. It edits the draft directly (each edit is one undo step).

// The sections, in form order: the persona, voice detection, voice generation, the session.
mod detection;
mod persona;
mod section;
mod session;
mod tools;
mod voice;

pub mod catalog_picker;
pub mod field;
mod language;

pub use field::{Form, FormState};

use crate::core::contract::{Mode, fields, pages};
use crate::core::draft::Draft;
use egui::{RichText, Ui};

/// The whole form for the draft's mode.
pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    // Problems that belong to no field row (a mixed persona, unknown fields, …).
    let loose: Vec<_> = draft
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
    match draft.mode() {
        Mode::Stateful => persona::stateful_ui(ui, draft, form),
        Mode::Ephemeral => {
            persona::ephemeral_ui(ui, draft, form);
            tools::ui(ui, draft, form);
            detection::ui(ui, draft, form);
            voice::ui(ui, draft, form);
        }
    }
    session::ui(ui, draft, form);
    // A jump nobody claimed (a field of the other mode) is dropped.
    *form.jump_to = None;
}

/// Paths whose problems a section shows at its top.
fn is_section_path(path: &str) -> bool {
    // The Tools section shows each tool's problems under its own fields.
    path.starts_with(&format!("{}.", pages::TOOLS))
        || matches!(
            path,
            fields::VOICE_DETECTION
                | fields::VOICE_GENERATION
                | fields::SESSION_OPTIONS
                | fields::SESSION_REPLAY
                | pages::DIRECTOR_NOTES
        )
}
