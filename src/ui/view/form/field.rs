//! One form row per field spec: a presence checkbox with the field's label, the control its kind
//! calls for (bound to the spec's range, enum or code list), and its problems underneath.
//!
//! A field the body does not have shows its initial value dimmed with "not set"; touching the
//! control puts the field in the body, unticking the checkbox takes it out again.

use super::catalog_picker::Pickers;
use crate::core::contract::{FieldSpec, Kind};
use crate::core::draft::Draft;
use crate::core::validate::Severity;
use crate::ui::command::CommandSender;
use crate::ui::state::catalogs::Catalogs;
use crate::ui::style;
use egui::{Align, Response, RichText, Ui};
use serde_json::Value;
use std::cell::Cell;
use std::collections::HashSet;

/// The form's own state between frames.
#[derive(Default)]
pub struct FormState {
    /// A problem path to scroll to.
    pub jump_to: Option<String>,
    /// What the pickers asked for this frame (each once, however many pickers ask).
    asked: HashSet<String>,
}

/// What rows need besides the draft, for one frame.
pub struct Form<'a> {
    /// A problem path to scroll to this frame.
    pub jump_to: &'a mut Option<String>,
    /// The catalog pickers beside the id fields.
    pub catalogs: Pickers<'a>,
}

impl<'a> Form<'a> {
    pub fn new(state: &'a mut FormState, catalogs: &'a Catalogs, tx: &'a CommandSender) -> Self {
        state.asked.clear();
        Form {
            jump_to: &mut state.jump_to,
            catalogs: Pickers::new(catalogs, tx, &mut state.asked),
        }
    }

    /// Whether the jump target lies under `prefix` (a section must open for it).
    pub fn wants(&self, prefix: &str) -> bool {
        self.jump_to
            .as_deref()
            .is_some_and(|p| p.starts_with(prefix))
    }
}

/// Two-column grid for rows.
pub fn grid(ui: &mut Ui, id: &str, add: impl FnOnce(&mut Ui)) {
    egui::Grid::new(id)
        .num_columns(2)
        .spacing([14.0, 6.0])
        .min_col_width(190.0)
        .show(ui, add);
}

/// The rows of `paths` (each a field of the table), inside a [`grid`].
pub fn rows(ui: &mut Ui, draft: &mut Draft, form: &mut Form, paths: &[&str]) {
    for spec in paths
        .iter()
        .filter_map(|p| crate::core::contract::fields::spec(p))
    {
        row(ui, draft, spec, form);
    }
}

/// A row for `spec` inside a [`grid`].
pub fn row(ui: &mut Ui, draft: &mut Draft, spec: &'static FieldSpec, form: &mut Form) {
    let mut present = draft.get(spec.path).is_some();
    let check = ui
        .checkbox(&mut present, spec.label)
        .on_hover_text(help_text(spec));
    if check.changed() {
        if present {
            draft.set(spec.path, spec.initial_value());
        } else {
            draft.unset(spec.path);
        }
    }
    // A value too large to edit in a form row (a string of megabytes, an array where text
    // belongs) is summed up in one line instead: it is never copied or laid out per frame.
    if let Some(summary) = draft.get(spec.path).and_then(too_large_to_edit) {
        ui.vertical(|ui| {
            ui.label(RichText::new(summary).color(ui.visuals().warn_fg_color))
                .on_hover_text("The value is kept as it is and sent as it is.");
            problems(ui, draft, spec.path);
        });
        ui.end_row();
        return;
    }
    let current = draft.get(spec.path).cloned();
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            let shown = current.clone().unwrap_or_else(|| spec.initial_value());
            let control = if current.is_none() {
                ui.scope(|ui| {
                    ui.multiply_opacity(0.55);
                    control(ui, draft, spec, &shown, check.id)
                })
                .inner
            } else {
                control(ui, draft, spec, &shown, check.id)
            };
            if current.is_none() {
                ui.weak("not set")
                    .on_hover_text("Left out of the body: the API uses its own default.");
            }
            if form.jump_to.as_deref() == Some(spec.path) {
                control.scroll_to_me(Some(Align::Center));
                control.request_focus();
                *form.jump_to = None;
            }
        });
        // The catalog picker (id fields only) goes under the field, where there is room.
        form.catalogs.field_ui(ui, draft, spec.path);
        problems(ui, draft, spec.path);
    });
    ui.end_row();
}

/// Strings longer than this are not edited in a form row (laying out megabytes of text in a
/// text box costs seconds a frame); the Body tab or a text editor edits them.
pub const FIELD_EDIT_LIMIT: usize = 32 * 1024;

/// Why `value` is not edited in a form row, in one line, when it is too large to be.
fn too_large_to_edit(value: &Value) -> Option<String> {
    match value {
        Value::String(s) if s.len() > FIELD_EDIT_LIMIT => Some(format!(
            "A text of {}: too long to edit here. It is kept and sent as it is; edit it in a text editor.",
            crate::ui::view::body_tab::size_text(s.len())
        )),
        Value::Array(items) => Some(format!(
            "An array of {} item{}: not editable here (see the Body tab).",
            items.len(),
            if items.len() == 1 { "" } else { "s" }
        )),
        Value::Object(map) => Some(format!(
            "An object with {} key{}: not editable here (see the Body tab).",
            map.len(),
            if map.len() == 1 { "" } else { "s" }
        )),
        _ => None,
    }
}

fn help_text(spec: &FieldSpec) -> String {
    let mut text = spec.help().to_string();
    if let Kind::Range { min, max, .. } = spec.kind {
        let unit = spec.unit.map(|u| format!(" {u}")).unwrap_or_default();
        text.push_str(&format!("\n\nRange: {min}{unit} to {max}{unit}."));
    }
    text.push_str(&format!("\n\nJSON: {}", spec.path));
    text
}

/// The problems reported at `path`, as sentences under the control, wrapped at the visible
/// edge of the form (a grid cell alone would let them run under the next panel).
pub fn problems(ui: &mut Ui, draft: &Draft, path: &str) {
    let width = (ui.clip_rect().right() - ui.cursor().left() - 8.0).max(160.0);
    for p in draft.problems_at(path) {
        let color = match p.severity {
            Severity::Error => ui.visuals().error_fg_color,
            Severity::Warning => ui.visuals().warn_fg_color,
        };
        ui.scope(|ui| {
            ui.set_max_width(width);
            ui.add(egui::Label::new(RichText::new(&p.message).color(color)).wrap());
        });
    }
}

/// The control for one field; changes go straight into the draft.
fn control(
    ui: &mut Ui,
    draft: &mut Draft,
    spec: &'static FieldSpec,
    shown: &Value,
    label: egui::Id,
) -> Response {
    match spec.kind {
        Kind::Range { min, max, step } => {
            let mut x = shown.as_f64().unwrap_or(min);
            let refused = Cell::new(None);
            // Typed values outside the range are taken (and reported by validation), so what
            // the box shows is what is sent; text that is not a number is refused, with why.
            let mut slider = egui::Slider::new(&mut x, min..=max)
                .step_by(step)
                .clamping(egui::SliderClamping::Never)
                .max_decimals(decimals(step))
                .custom_parser(|text| parse_typed(text, spec.unit, &refused));
            if let Some(unit) = spec.unit {
                slider = slider.suffix(format!(" {unit}"));
            }
            let r = ui.add(slider).labelled_by(label).on_hover_text(spec.help());
            if r.changed() {
                draft.set_number(spec.path, x, step);
            }
            refusal_ui(ui, &r, refused.into_inner());
            r
        }
        Kind::Number => {
            let mut x = shown.as_f64().unwrap_or(0.0);
            let refused = Cell::new(None);
            // No range: the contract sets none, so a typed -5 is sent as -5 (validation warns).
            let mut drag = egui::DragValue::new(&mut x)
                .speed(1.0)
                .custom_parser(|text| parse_typed(text, spec.unit, &refused));
            if let Some(unit) = spec.unit {
                drag = drag.suffix(format!(" {unit}"));
            }
            let r = ui.add(drag).labelled_by(label).on_hover_text(spec.help());
            if r.changed() {
                draft.set_number(spec.path, x, 1.0);
            }
            if spec.unit == Some("s") && x >= 60.0 {
                ui.weak(crate::ui::style::minutes(x));
            }
            refusal_ui(ui, &r, refused.into_inner());
            r
        }
        Kind::Bool => {
            let v = shown.as_bool().unwrap_or(false);
            ui.horizontal(|ui| {
                let on = ui
                    .selectable_label(v, "On")
                    .accessible_name(format!("{} on", spec.label))
                    .on_hover_text(spec.help());
                let off = ui
                    .selectable_label(!v, "Off")
                    .accessible_name(format!("{} off", spec.label))
                    .on_hover_text(spec.help());
                if on.clicked() {
                    draft.set(spec.path, Value::Bool(true));
                }
                if off.clicked() {
                    draft.set(spec.path, Value::Bool(false));
                }
                on
            })
            .inner
        }
        Kind::Enum(_) => {
            let current = shown.as_str().unwrap_or_default().to_string();
            let mut picked = None;
            let r = egui::ComboBox::from_id_salt(spec.path)
                .selected_text(&current)
                .width(180.0)
                .show_ui(ui, |ui| {
                    for v in spec.choices() {
                        if ui.selectable_label(current == v, v).clicked() {
                            picked = Some(v);
                        }
                    }
                })
                .response
                .labelled_by(label)
                .on_hover_text(spec.help());
            if let Some(v) = picked {
                draft.set(spec.path, Value::from(v));
            }
            r
        }
        Kind::Text | Kind::LongText => {
            let mut text = shown.as_str().unwrap_or_default().to_string();
            let edit = if spec.kind == Kind::LongText {
                egui::TextEdit::multiline(&mut text).desired_rows(5)
            } else {
                egui::TextEdit::singleline(&mut text)
            };
            let r = ui
                .add(edit.desired_width(style::FIELD_WIDTH))
                .labelled_by(label)
                .on_hover_text(spec.help());
            crate::ui::command::edits_draft(ui, &r);
            if r.changed() {
                draft.set(spec.path, Value::String(text));
            }
            r
        }
        Kind::NullableText => nullable_text(ui, draft, spec, shown, label),
        Kind::LanguageCode => super::language::picker(ui, draft, spec, label),
        Kind::Tools | Kind::ToolIds => ui.weak("Edited in the Tools section."),
    }
}

/// `initialMessage`: text, or an explicit JSON `null`.
fn nullable_text(
    ui: &mut Ui,
    draft: &mut Draft,
    spec: &'static FieldSpec,
    shown: &Value,
    label: egui::Id,
) -> Response {
    ui.vertical(|ui| {
        let is_null = shown.is_null();
        let mut null = is_null;
        let toggle = ui
            .checkbox(&mut null, "null (send JSON null)")
            .on_hover_text(
                "null, an empty string and leaving the field out are three different bodies.",
            );
        if toggle.changed() {
            draft.set(spec.path, if null { Value::Null } else { Value::from("") });
        }
        let mut text = shown.as_str().unwrap_or_default().to_string();
        let r = ui
            .add_enabled(
                !is_null,
                egui::TextEdit::multiline(&mut text)
                    .desired_rows(2)
                    .desired_width(style::FIELD_WIDTH)
                    .hint_text("Empty: the persona greets in its own words"),
            )
            .labelled_by(label)
            .on_hover_text(spec.help());
        crate::ui::command::edits_draft(ui, &r);
        if r.changed() {
            draft.set(spec.path, Value::String(text));
        }
        r
    })
    .inner
}

/// Decimals shown for a step: 0.01 → 2.
fn decimals(step: f64) -> usize {
    (-step.log10()).ceil().max(0.0) as usize
}

/// A number typed into a box (its unit may follow). Text that is not a finite number is
/// refused: `refused` says why, to be shown beside the box.
fn parse_typed(text: &str, unit: Option<&str>, refused: &Cell<Option<String>>) -> Option<f64> {
    let t = text.trim();
    let number = unit.and_then(|u| t.strip_suffix(u)).unwrap_or(t).trim();
    match number.parse::<f64>() {
        Ok(x) if x.is_finite() => Some(x),
        _ => {
            refused.set(Some(format!(
                "\"{t}\" is not a number, so the value was kept."
            )));
            None
        }
    }
}

/// Says why typed text was not taken, until the box's value changes or it is typed in again.
fn refusal_ui(ui: &mut Ui, response: &Response, refused: Option<String>) {
    let id = response.id.with("refused");
    if let Some(why) = refused {
        ui.data_mut(|d| d.insert_temp(id, why));
    } else if response.changed() || response.gained_focus() {
        ui.data_mut(|d| d.remove::<String>(id));
    }
    if let Some(why) = ui.data(|d| d.get_temp::<String>(id)) {
        ui.label(RichText::new(why).color(ui.visuals().error_fg_color));
    }
}
