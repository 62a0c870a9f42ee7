//! The Tools section (ephemeral persona): the tools defined here (`personaConfig.tools`), listed
//! in order, added by kind, moved, removed and edited by kind; and the saved tools used by id
//! (`personaConfig.toolIds`). Each tool stays the JSON object it is in the body (keys the form
//! does not know are kept); `parameters` is edited as JSON text, checked as it is typed, and
//! text that is not JSON yet is kept in the body as a string (validation names the place, and
//! nothing is minted until it parses).

mod edit;
mod saved;

use super::field::{self, Form};
use super::section;
use crate::core::contract::pages::{TOOL_IDS, TOOLS};
use crate::core::draft::Draft;
use crate::core::tools::{self, ToolKind};
use crate::ui::style;
use edit::Edit;
use egui::Ui;
use serde_json::Value;

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
    section::optional_section(
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
            }
            // A value that is not a list (its problem is above) is the user's: adding a tool
            // would replace it, so it is edited in the Body tab instead.
            let not_a_list = draft.get(TOOLS).is_some_and(|v| !v.is_array());
            ui.horizontal_wrapped(|ui| {
                ui.label("Add:");
                for kind in ToolKind::ALL {
                    if ui
                        .add_enabled(!not_a_list, egui::Button::new(format!("{kind} tool")))
                        .on_hover_text(kind.help())
                        .on_disabled_hover_text("Tools is not a list: edit it in the Body tab.")
                        .clicked()
                    {
                        add(draft, kind);
                    }
                }
            });
            ui.add_space(6.0);
            saved::ui(ui, draft, form);
        },
    );
}

/// The list as it is in the body (empty when there is none).
pub(super) fn list_of(draft: &Draft) -> Vec<Value> {
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
                        edit.timeout(ui, draft);
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
