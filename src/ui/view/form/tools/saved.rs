//! Saved tools (`personaConfig.toolIds`): listed with their catalog names, picked from the
//! environment's catalog, added by id, removed.

use super::super::field::{self, Form};
use crate::core::contract::pages::TOOL_IDS;
use crate::core::draft::Draft;
use egui::{RichText, Ui};
use serde_json::Value;

/// The saved tools this session uses, by id: listed, removed, added by id. The list is edited
/// as the values it holds (an id that is not a string stays as written, and is flagged by
/// validation); a value that is not a list is left to the Body tab.
pub(super) fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    ui.strong("Saved tools")
        .on_hover_text(crate::core::contract::fields::spec(TOOL_IDS).map_or("", |s| s.help()));
    let list: Option<Vec<Value>> = match draft.get(TOOL_IDS) {
        None => Some(Vec::new()),
        Some(Value::Array(items)) => Some(items.clone()),
        Some(_) => None,
    };
    let Some(list) = list else {
        field::problems(ui, draft, TOOL_IDS);
        ui.weak("Not a list: edit it in the Body tab.");
        return;
    };
    // How an id reads: the string, or the JSON of anything else.
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_string);
    let ids: Vec<String> = list.iter().map(text).collect();
    if list.is_empty() {
        ui.weak("None: tools saved in your Anam account can be used here, chosen from the catalog or by id.");
    }
    let mut changed: Option<Vec<Value>> = None;
    for (i, id) in ids.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(id).monospace());
            match form.catalogs.tool_name(id) {
                Some(name) => ui.weak(name),
                None => ui.weak("not in this environment's catalog (yet)"),
            };
            if ui
                .small_button("Remove")
                .accessible_name(format!("Remove saved tool {id}"))
                .clicked()
            {
                let mut l = list.clone();
                l.remove(i);
                changed = Some(l);
            }
        });
    }
    field::problems(ui, draft, TOOL_IDS);
    ui.horizontal(|ui| {
        // The catalog's saved tools: a click adds one, or takes a chosen one out again.
        if let Some(picked) = form.catalogs.tool_picker_ui(ui, &ids) {
            let mut l = list.clone();
            match ids.iter().position(|i| *i == picked) {
                Some(at) => {
                    l.remove(at);
                }
                None => l.push(Value::from(picked)),
            }
            changed = Some(l);
        }
        ui.label("or by id:");
        let id = egui::Id::unique("saved tool id");
        let mut typed: String = ui.data(|d| d.get_temp(id)).unwrap_or_default();
        let r = ui
            .add(
                egui::TextEdit::singleline(&mut typed)
                    .desired_width(260.0)
                    .hint_text("A saved tool's id"),
            )
            .accessible_name("Saved tool id");
        let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let add = ui
            .add_enabled(!typed.trim().is_empty(), egui::Button::new("Add id"))
            .clicked();
        if (add || enter) && !typed.trim().is_empty() {
            let mut l = list.clone();
            l.push(Value::from(typed.trim()));
            changed = Some(l);
            typed.clear();
        }
        ui.data_mut(|d| d.insert_temp(id, typed));
    });
    if let Some(l) = changed {
        draft.edit(|b| {
            if l.is_empty() {
                b.remove(TOOL_IDS);
            } else {
                b.set(TOOL_IDS, Value::Array(l));
            }
        });
    }
}
