//! The Tools section (ephemeral persona): the tools defined here (`personaConfig.tools`), listed
//! in order, added by kind, moved, removed and edited by kind; and the saved tools used by id
//! (`personaConfig.toolIds`). Each tool stays the JSON object it is in the body (keys the form
//! does not know are kept); `parameters` is edited as JSON text, checked as it is typed, and
//! text that is not JSON yet is kept in the body as a string (validation names the place, and
//! nothing is minted until it parses).

use super::field::{self, Form};
use crate::core::contract::pages::{TOOL_IDS, TOOLS};
use crate::core::draft::Draft;
use crate::core::tools::{self, METHODS, SYSTEM_TOOLS, ToolKind};
use crate::ui::style;
use egui::{RichText, Ui};
use serde_json::{Map, Value};

pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    let count = draft
        .get(TOOLS)
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    let title = if count == 0 {
        "Tools".to_string()
    } else {
        format!("Tools ({count})")
    };
    field::optional_section(
        ui,
        draft,
        form,
        &title,
        &[TOOLS, TOOL_IDS],
        |ui, draft, form| {
            ui.label(
            "Tools (beta) the persona may call. Client tools are answered by the page the session runs in; webhooks are called by Anam.",
        );
            field::problems(ui, draft, TOOLS);
            if let Some(Value::Array(list)) = draft.get(TOOLS).cloned() {
                for (i, tool) in list.iter().enumerate() {
                    tool_ui(ui, draft, form, &list, i, tool);
                }
            } else if draft.get(TOOLS).is_some() {
                // Not a list: the row's problem says so; the Body tab edits it.
                field::problems(ui, draft, TOOLS);
            }
            ui.horizontal_wrapped(|ui| {
                ui.label("Add:");
                for kind in ToolKind::ALL {
                    if ui
                        .button(format!("{kind} tool"))
                        .on_hover_text(kind.help())
                        .clicked()
                    {
                        add(draft, kind);
                    }
                }
            });
            ui.add_space(6.0);
            saved_tools_ui(ui, draft, form);
        },
    );
}

/// The list as it is in the body (empty when there is none).
fn list_of(draft: &Draft) -> Vec<Value> {
    draft
        .get(TOOLS)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

fn add(draft: &mut Draft, kind: ToolKind) {
    let mut list = list_of(draft);
    list.push(kind.template());
    draft.edit(|b| b.set(TOOLS, Value::Array(list)));
}

/// Replaces the list (one undo step); an empty list leaves the body.
fn replace(draft: &mut Draft, list: Vec<Value>) {
    draft.edit(|b| {
        if list.is_empty() {
            b.remove(TOOLS);
        } else {
            b.set(TOOLS, Value::Array(list));
        }
    });
}

fn tool_ui(
    ui: &mut Ui,
    draft: &mut Draft,
    form: &mut Form,
    list: &[Value],
    i: usize,
    tool: &Value,
) {
    let n = i + 1;
    let at = format!("{TOOLS}.{i}");
    let kind = ToolKind::of(tool);
    let frame = egui::Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width().min(style::FIELD_WIDTH + 240.0));
        ui.horizontal(|ui| {
            let kind_text = kind.map_or("Unknown kind".to_string(), |k| k.to_string());
            ui.strong(format!("{n}. {}", tools::display_name(tool)));
            ui.weak(kind_text);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui
                    .button("Remove")
                    .accessible_name(format!("Remove tool {n}"))
                    .on_hover_text("Take this tool out (Ctrl+Z brings it back).")
                    .clicked()
                {
                    let mut l = list.to_vec();
                    l.remove(i);
                    replace(draft, l);
                }
                if ui
                    .add_enabled(i + 1 < list.len(), egui::Button::new("Down"))
                    .accessible_name(format!("Move tool {n} down"))
                    .on_hover_text("Move this tool down the list")
                    .clicked()
                {
                    let mut l = list.to_vec();
                    l.swap(i, i + 1);
                    replace(draft, l);
                }
                if ui
                    .add_enabled(i > 0, egui::Button::new("Up"))
                    .accessible_name(format!("Move tool {n} up"))
                    .on_hover_text("Move this tool up the list")
                    .clicked()
                {
                    let mut l = list.to_vec();
                    l.swap(i, i - 1);
                    replace(draft, l);
                }
            });
        });
        field::problems(ui, draft, &at);
        let Some(map) = tool.as_object() else {
            return;
        };
        let Some(kind) = kind else {
            field::problems(ui, draft, &format!("{at}.type"));
            ui.weak("Edit this tool in the Body tab: its type is not one the form knows.");
            return;
        };
        egui::Grid::new(("tool", i))
            .num_columns(2)
            .spacing([14.0, 6.0])
            .min_col_width(150.0)
            .show(ui, |ui| {
                let edit = Edit { at: &at, n, map };
                match kind {
                    ToolKind::System => edit.system_name(ui, draft),
                    _ => {
                        edit.text(ui, draft, "name", "Name", false);
                        edit.text(ui, draft, "description", "Description", true);
                    }
                }
                match kind {
                    ToolKind::Client => {
                        edit.parameters(ui, draft);
                        edit.flag(ui, draft, "awaitResult", "Await result",
                            "When on, the persona waits for the page's answer (up to the timeout) before it goes on.");
                    }
                    ToolKind::Webhook => {
                        edit.text(ui, draft, "url", "URL", false);
                        edit.method(ui, draft);
                        edit.parameters(ui, draft);
                        edit.flag(ui, draft, "awaitResponse", "Await response",
                            "When on, the persona waits for your endpoint's answer and uses it.");
                        edit.flag(ui, draft, "disableInterruptions", "Disable interruptions",
                            "When on, the user cannot interrupt the persona while the webhook runs.");
                    }
                    ToolKind::Knowledge => edit.folders(ui, draft),
                    ToolKind::System => {}
                }
            });
    });
    // A jump to one of this tool's problems (the problem badge) shows the tool.
    if form.wants(&at) {
        frame.response.scroll_to_me(Some(egui::Align::Center));
        *form.jump_to = None;
    }
    ui.add_space(4.0);
}

/// One tool's fields, edited in place.
struct Edit<'a> {
    at: &'a str,
    n: usize,
    map: &'a Map<String, Value>,
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

    fn text(&self, ui: &mut Ui, draft: &mut Draft, key: &str, label: &str, multiline: bool) {
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

    fn flag(&self, ui: &mut Ui, draft: &mut Draft, key: &str, label: &str, help: &str) {
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

    fn method(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Method");
        let path = self.path("method");
        let current = self
            .map
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        ui.vertical(|ui| {
            let mut picked = None;
            egui::ComboBox::from_id_salt(&path)
                .selected_text(&current)
                .width(120.0)
                .show_ui(ui, |ui| {
                    for m in METHODS {
                        if ui.selectable_label(current == *m, *m).clicked() {
                            picked = Some(*m);
                        }
                    }
                })
                .response
                .accessible_name(name);
            if let Some(m) = picked {
                self.put(draft, "method", Some(Value::from(m)), false);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    fn system_name(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Tool");
        let path = self.path("name");
        let current = self
            .map
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string();
        ui.vertical(|ui| {
            let mut picked = None;
            egui::ComboBox::from_id_salt(&path)
                .selected_text(&current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    for (n, help) in SYSTEM_TOOLS {
                        if ui
                            .selectable_label(current == *n, *n)
                            .on_hover_text(*help)
                            .clicked()
                        {
                            picked = Some(*n);
                        }
                    }
                })
                .response
                .accessible_name(name);
            if let Some(help) = SYSTEM_TOOLS.iter().find(|(n, _)| *n == current) {
                ui.weak(help.1);
            }
            if let Some(n) = picked {
                self.put(draft, "name", Some(Value::from(n)), false);
            }
            field::problems(ui, draft, &path);
        });
        ui.end_row();
    }

    /// The knowledge-base folders, one id per line.
    fn folders(&self, ui: &mut Ui, draft: &mut Draft) {
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
    fn parameters(&self, ui: &mut Ui, draft: &mut Draft) {
        let name = self.label(ui, "Parameters");
        let path = self.path("parameters");
        let value = self.map.get("parameters");
        ui.vertical(|ui| {
            let id = egui::Id::unique(("parameters text", &path));
            // The text as typed is kept while it still says what the body holds (so the
            // user's own layout stays); anything else (undo, a load) shows the body's value.
            let kept: Option<String> = ui.data(|d| d.get_temp(id));
            let mut text = match kept {
                Some(t) if parameters_value(&t).as_ref() == value => t,
                _ => match value {
                    None => String::new(),
                    Some(Value::String(s)) => s.clone(),
                    Some(v) => serde_json::to_string_pretty(v).unwrap_or_default(),
                },
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
                self.put(draft, "parameters", parameters_value(&text), true);
            }
            ui.data_mut(|d| d.insert_temp(id, text));
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

/// The saved tools this session uses, by id: listed, removed, added by id.
fn saved_tools_ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
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
