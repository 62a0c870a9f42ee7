//! Saved tools (`personaConfig.toolIds`): listed with their catalog names, picked from the
//! environment's catalog, added by id, removed.

use super::super::field::{self, Form};
use crate::core::contract::pages::TOOL_IDS;
use crate::core::draft::Draft;
use egui::{RichText, Ui};
use serde_json::Value;

/// The saved tools this session uses, by id: listed, removed, added by id.
pub(super) fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    ui.strong("Saved tools")
        .on_hover_text(crate::core::contract::fields::spec(TOOL_IDS).map_or("", |s| s.help()));
    let ids: Vec<String> = draft
        .get(TOOL_IDS)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default();
    if ids.is_empty() {
        ui.weak("None: tools saved in your Anam account can be used here, chosen from the catalog or by id.");
    }
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
                let mut l = ids.clone();
                l.remove(i);
                draft.edit(|b| {
                    if l.is_empty() {
                        b.remove(TOOL_IDS);
                    } else {
                        b.set(TOOL_IDS, Value::from(l));
                    }
                });
            }
        });
    }
    field::problems(ui, draft, TOOL_IDS);
    ui.horizontal(|ui| {
        // The catalog's saved tools: a click adds one, or takes a chosen one out again.
        if let Some(picked) = form.catalogs.tool_picker_ui(ui, &ids) {
            let mut l = ids.clone();
            match l.iter().position(|i| *i == picked) {
                Some(at) => {
                    l.remove(at);
                }
                None => l.push(picked),
            }
            draft.edit(|b| {
                if l.is_empty() {
                    b.remove(TOOL_IDS);
                } else {
                    b.set(TOOL_IDS, Value::from(l));
                }
            });
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
            let mut l = ids.clone();
            l.push(typed.trim().to_string());
            draft.edit(|b| b.set(TOOL_IDS, Value::from(l)));
            typed.clear();
        }
        ui.data_mut(|d| d.insert_temp(id, typed));
    });
}
