//! The language picker: ISO 639-1 codes with their names, searchable.

use crate::core::contract::{FieldSpec, language_name, languages};
use crate::core::draft::Draft;
use egui::{Response, Ui};
use serde_json::Value;

pub fn picker(
    ui: &mut Ui,
    draft: &mut Draft,
    spec: &'static FieldSpec,
    label: egui::Id,
) -> Response {
    let current = draft.get(spec.path).cloned();
    let selected = match &current {
        None => "Organisation default (multilingual)".to_string(),
        Some(Value::String(code)) => match language_name(code) {
            Some(name) => format!("{name} ({code})"),
            None => format!("\"{code}\" (not a language code)"),
        },
        Some(other) => other.to_string(),
    };
    let search_id = ui.make_persistent_id("language-search");
    let mut picked: Option<Option<&'static str>> = None;
    let response = egui::ComboBox::from_id_salt(spec.path)
        .selected_text(selected)
        .width(260.0)
        .height(320.0)
        .show_ui(ui, |ui| {
            let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
            let field = ui.add(
                egui::TextEdit::singleline(&mut search)
                    .hint_text("Search languages")
                    .desired_width(240.0),
            );
            field.request_focus();
            ui.data_mut(|d| d.insert_temp(search_id, search.clone()));
            ui.separator();
            if ui
                .selectable_label(current.is_none(), "Organisation default (multilingual)")
                .clicked()
            {
                picked = Some(None);
            }
            let needle = search.trim().to_lowercase();
            for &(code, name) in languages() {
                if !needle.is_empty() && !name.to_lowercase().contains(&needle) && code != needle {
                    continue;
                }
                let is_current = current.as_ref().and_then(Value::as_str) == Some(code);
                if ui
                    .selectable_label(is_current, format!("{name} ({code})"))
                    .clicked()
                {
                    picked = Some(Some(code));
                }
            }
        })
        .response
        .labelled_by(label)
        .on_hover_text(spec.help());
    match picked {
        Some(Some(code)) => draft.set(spec.path, Value::from(code)),
        Some(None) => draft.unset(spec.path),
        None => {}
    }
    response
}
