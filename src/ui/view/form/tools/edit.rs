//! One tool's fields, by its kind: each edit writes the tool list back whole (a dotted path into
//! the list would turn it into an object), as one undo step per click or per run of typing.

use super::super::field;
use super::{TOOLS, list_of};
use crate::core::draft::Draft;
use crate::core::tools::{METHODS, SYSTEM_TOOLS, TIMEOUT_DEFAULT, TIMEOUT_RANGE};
use crate::ui::style;
use egui::{RichText, Ui};
use serde_json::{Map, Value};

/// One tool's fields, edited in place.
pub(super) struct Edit<'a> {
    pub(super) at: &'a str,
    pub(super) n: usize,
    pub(super) map: &'a Map<String, Value>,
}

impl Edit<'_> {
    fn path(&self, key: &str) -> String {
        format!("{}.{key}", self.at)
    }

    /// Sets (or, with `None`, removes) one key of this tool. A run of edits of one key (typing)
    /// is one undo step; `group: false` makes the edit a step of its own (a click).
    fn put(&self, draft: &mut Draft, key: &str, value: Option<Value>, group: bool) {
        let mut list = list_of(draft);
        let Some(Value::Object(tool)) = list.get_mut(self.n - 1) else {
            return;
        };
        match value {
            Some(v) => {
                tool.insert(key.to_string(), v);
            }
            None => {
                tool.remove(key);
            }
        }
        let list = Value::Array(list);
        if group {
            draft.set_grouped(&self.path(key), TOOLS, list);
        } else {
            draft.edit(|b| b.set(TOOLS, list));
        }
    }

    /// The label cell, and the accessible name of the control ("Tool 2 name").
    fn label(&self, ui: &mut Ui, label: &str) -> String {
        ui.label(label);
        format!("Tool {} {}", self.n, label.to_lowercase())
    }

    pub(super) fn text(
        &self,
        ui: &mut Ui,
        draft: &mut Draft,
        key: &str,
        label: &str,
        multiline: bool,
    ) {
        let name = self.label(ui, label);
        let path = self.path(key);
        ui.vertical(|ui| {
            let mut text = self
                .map
                .get(key)
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let edit = if multiline {
                egui::TextEdit::multiline(&mut text).desired_rows(2)
            } else {
                egui::TextEdit::singleline(&mut text)
            };
            let r = ui
                .add(edit.desired_width(style::FIELD_WIDTH))
                .accessible_name(name);
            crate::ui::command::edits_draft(ui, &r);
            if r.changed() {
                self.put(draft, key, Some(Value::String(text)), true);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    pub(super) fn flag(&self, ui: &mut Ui, draft: &mut Draft, key: &str, label: &str, help: &str) {
        let path = self.path(key);
        let mut on = self.map.get(key).and_then(Value::as_bool).unwrap_or(false);
        ui.label("");
        ui.vertical(|ui| {
            let r = ui
                .checkbox(&mut on, label)
                .accessible_name(format!("Tool {} {}", self.n, label.to_lowercase()))
                .on_hover_text(help);
            if r.changed() {
                self.put(draft, key, Some(Value::Bool(on)), false);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    /// `toolTimeoutSeconds` of a client tool (1 to 600 s): how long the persona waits for the
    /// page's answer. Left out, the API waits its default.
    pub(super) fn timeout(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Timeout");
        let path = self.path("toolTimeoutSeconds");
        let (min, max) = TIMEOUT_RANGE;
        let value = self.map.get("toolTimeoutSeconds");
        ui.vertical(|ui| {
            ui.horizontal(|ui| {
                let mut set = value.is_some();
                let check = ui
                    .checkbox(&mut set, "")
                    .accessible_name(format!("{name} set"))
                    .on_hover_text("How long the persona waits for the page's answer, when it awaits a result.");
                if check.changed() {
                    let v = set.then(|| Value::from(TIMEOUT_DEFAULT as u64));
                    self.put(draft, "toolTimeoutSeconds", v, false);
                }
                match value {
                    Some(v) => {
                        let mut x = v.as_f64().unwrap_or(TIMEOUT_DEFAULT);
                        let r = ui
                            .add(
                                egui::DragValue::new(&mut x)
                                    .range(min..=max)
                                    .speed(1.0)
                                    .suffix(" s"),
                            )
                            .accessible_name(name);
                        if r.changed() {
                            let v = crate::core::contract::number(x.round());
                            self.put(draft, "toolTimeoutSeconds", Some(v), true);
                        }
                    }
                    None => {
                        ui.weak(format!("not set: the API waits {TIMEOUT_DEFAULT} s"));
                    }
                }
            });
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    pub(super) fn method(&self, ui: &mut Ui, draft: &mut Draft) {
        let choices: Vec<(&str, &str)> = METHODS.iter().map(|m| (*m, "")).collect();
        self.choice(ui, draft, "method", "Method", &choices);
    }

    pub(super) fn system_name(&self, ui: &mut Ui, draft: &mut Draft) {
        self.choice(ui, draft, "name", "Tool", SYSTEM_TOOLS);
    }

    /// A picker of `choices` (a value and what it does) for `key`; what the current one does
    /// is said beside it.
    fn choice(
        &self,
        ui: &mut Ui,
        draft: &mut Draft,
        key: &str,
        label: &str,
        choices: &[(&str, &str)],
    ) {
        let name = self.label(ui, label);
        let path = self.path(key);
        let current = self
            .map
            .get(key)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        ui.vertical(|ui| {
            let mut picked = None;
            egui::ComboBox::from_id_salt(&path)
                .selected_text(&current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    for (value, help) in choices {
                        let r = ui.selectable_label(current == *value, *value);
                        let r = if help.is_empty() {
                            r
                        } else {
                            r.on_hover_text(*help)
                        };
                        if r.clicked() {
                            picked = Some(*value);
                        }
                    }
                })
                .response
                .accessible_name(name);
            if let Some((_, help)) = choices.iter().find(|(v, _)| *v == current)
                && !help.is_empty()
            {
                ui.weak(*help);
            }
            if let Some(v) = picked {
                self.put(draft, key, Some(Value::from(v)), false);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    /// The knowledge-base folders, one id per line.
    pub(super) fn folders(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Folder ids");
        let path = self.path("documentFolderIds");
        let ids: Vec<&str> = self
            .map
            .get("documentFolderIds")
            .and_then(Value::as_array)
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        ui.vertical(|ui| {
            let mut text = ids.join("\n");
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .desired_rows(2)
                        .desired_width(style::FIELD_WIDTH)
                        .hint_text("One folder id per line"),
                )
                .accessible_name(name);
            crate::ui::command::edits_draft(ui, &r);
            if r.changed() {
                let list: Vec<Value> = text
                    .lines()
                    .map(str::trim)
                    .filter(|l| !l.is_empty())
                    .map(Value::from)
                    .collect();
                self.put(draft, "documentFolderIds", Some(Value::Array(list)), true);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    /// `parameters`: JSON Schema as text, checked as it is typed.
    pub(super) fn parameters(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Parameters");
        let path = self.path("parameters");
        let value = self.map.get("parameters");
        ui.vertical(|ui| {
            let id = egui::Id::unique(("parameters text", &path));
            // The text as typed is kept, with the value it put in the body, while the body
            // still holds that value (so the user's own layout stays, and the text is read only
            // when it changes); anything else (undo, a load) shows the body's value.
            let kept: Option<(String, Option<Value>)> = ui.data(|d| d.get_temp(id));
            let (mut text, mut meant) = match kept {
                Some((t, v)) if v.as_ref() == value => (t, v),
                _ => {
                    let t = match value {
                        None => String::new(),
                        Some(Value::String(s)) => s.clone(),
                        Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
                    };
                    (t, value.cloned())
                }
            };
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut text)
                        .code_editor()
                        .desired_rows(4)
                        .desired_width(style::FIELD_WIDTH)
                        .hint_text("{\"type\": \"object\", \"properties\": {}}"),
                )
                .accessible_name(name)
                .on_hover_text(
                    "A JSON Schema object: the arguments the persona passes to the tool.",
                );
            crate::ui::command::edits_draft(ui, &r);
            if r.changed() {
                meant = parameters_value(&text);
                self.put(draft, "parameters", meant.clone(), true);
            }
            ui.data_mut(|d| d.insert_temp(id, (text, meant)));
            if draft.problems_at(&path).next().is_none() && value.is_some() {
                ui.label(RichText::new("An object schema: valid.").color(style::ok_color(ui)));
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }
}

/// What typed parameters text puts in the body: the JSON it holds, the text itself while it is
/// not JSON (still the user's work), nothing when it is blank.
fn parameters_value(text: &str) -> Option<Value> {
    if text.trim().is_empty() {
        return None;
    }
    Some(serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.to_string())))
}
