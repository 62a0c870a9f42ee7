//! The push (and compare) window: the target, then field by field what the persona has now and
//! what it will have, what is left out, and in Production the name typed before "Push" is on.

use crate::core::catalog::PersonaSummary;
use crate::core::compare::Row;
use crate::core::persona::{self, Plan, Target, describe_left_out};
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::personas::{Push, Stage};
use egui::style::{ScrollStyle, StyleModifier};
use egui::{RichText, Ui};
use serde_json::Value;

/// How the push window is drawn: whether it is open, what is typed and picked in it.
#[derive(Default)]
pub struct PersonaPushPanel {
    pub open: bool,
    /// The persona's name, typed to confirm a push to Production.
    pub typed: String,
    show_unchanged: bool,
    /// The id of the persona to update, picked or typed.
    picked: String,
}

impl PersonaPushPanel {
    /// Opens the window with nothing typed or picked; a comparison lists every setting, a push
    /// what changes.
    pub fn open(&mut self, read_only: bool) {
        self.open = true;
        self.show_unchanged = read_only;
        self.typed.clear();
        self.picked.clear();
    }

    pub fn ui(
        &mut self,
        ctx: &egui::Context,
        push: &Push,
        personas: &[PersonaSummary],
        tx: &CommandSender,
    ) {
        let title = match push.read_only {
            true => UiCommand::ComparePersona.label(),
            false => UiCommand::PushToPersona.label().trim_end_matches('…'),
        };
        let modal = egui::Modal::new(egui::Id::unique("persona-push"))
            .area(pinned_area(ctx))
            .show(ctx, |ui| {
                ui.set_width(760.0);
                ui.heading(title);
                ui.label(format!("Environment: {}", push.env));
                ui.separator();
                match push.stage.clone() {
                    Stage::Choose => self.choose_ui(ui, personas, tx),
                    Stage::Loading(id) => {
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Fetching persona {id}…"));
                        });
                    }
                    Stage::Failed(sentence) => {
                        ui.colored_label(ui.visuals().error_fg_color, sentence);
                    }
                    Stage::Ready(plan) => self.plan_ui(ui, push, &plan),
                    Stage::Pushing(plan) => {
                        diff_ui(ui, &plan, self.show_unchanged, false);
                        ui.horizontal(|ui| {
                            ui.spinner();
                            ui.label(format!("Pushing to {}…", push.env));
                        });
                    }
                }
                ui.separator();
                ui.horizontal(|ui| {
                    tx.button(ui, UiCommand::ClosePersonaPush);
                    if let (Stage::Ready(plan), false) = (&push.stage, push.read_only) {
                        let confirmed = !push.guarded
                            || persona::confirm_typed(&self.typed, &plan.guard_phrase()).is_ok();
                        let enabled = confirmed && !plan.is_noop();
                        tx.button_enabled(ui, enabled, UiCommand::ConfirmPush);
                    }
                });
            });
        if modal.should_close() {
            tx.send(UiCommand::ClosePersonaPush);
        }
    }

    fn choose_ui(&mut self, ui: &mut Ui, personas: &[PersonaSummary], tx: &CommandSender) {
        ui.label("Write the form's persona settings to a saved persona:");
        ui.add_space(4.0);
        tx.button(ui, UiCommand::PlanPush(None));
        ui.add_space(4.0);
        ui.label("Or update a saved persona:");
        ui.horizontal(|ui| {
            let label = ui.label("Update persona");
            let shown = (personas.iter())
                .find(|p| p.id == self.picked.trim())
                .map_or("Pick a persona".to_string(), |p| p.name.clone());
            egui::ComboBox::from_id_salt("push-target")
                .selected_text(shown)
                .width(240.0)
                .height(list_height(ui, personas.len()))
                .popup_style(StyleModifier::new(|s| {
                    s.spacing.scroll = ScrollStyle::solid()
                }))
                .show_ui(ui, |ui| {
                    for p in personas {
                        let text = format!("{} ({})", p.name, p.id);
                        if ui.selectable_label(self.picked == p.id, text).clicked() {
                            self.picked = p.id.clone();
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        ui.horizontal(|ui| {
            let id_label = ui.label("Persona ID");
            ui.add(egui::TextEdit::singleline(&mut self.picked).desired_width(200.0))
                .labelled_by(id_label.id);
            let id = self.picked.trim().to_string();
            tx.button_enabled(ui, !id.is_empty(), UiCommand::PlanPush(Some(id)));
        });
        if personas.is_empty() {
            ui.weak("No saved personas listed: refresh the catalog to pick one.");
            tx.button(ui, UiCommand::RefreshCatalog);
        }
    }

    fn plan_ui(&mut self, ui: &mut Ui, push: &Push, plan: &Plan) {
        let what = match (&plan.target, push.read_only) {
            (Target::Update { id }, true) => format!("Saved persona {} ({id})", plan.name),
            (Target::Update { id }, false) => {
                format!("Update persona {} ({id}) in {}", plan.name, push.env)
            }
            (Target::Create, _) => format!("Create a persona in {}", push.env),
        };
        ui.strong(what);
        ui.checkbox(&mut self.show_unchanged, "Show unchanged fields");
        diff_ui(ui, plan, self.show_unchanged, push.read_only);
        if !plan.left_out.is_empty() {
            ui.add_space(4.0);
            for line in describe_left_out(&plan.left_out) {
                ui.label(line);
            }
        }
        if push.guarded && !push.read_only && !plan.is_noop() {
            ui.add_space(6.0);
            let phrase = plan.guard_phrase();
            let text = format!("This writes to {}. Type \"{phrase}\" to confirm:", push.env);
            let label = ui.label(RichText::new(text).color(ui.visuals().warn_fg_color));
            ui.text_edit_singleline(&mut self.typed)
                .labelled_by(label.id)
                .on_hover_text("The persona's name, exactly");
        } else if !push.read_only && !plan.is_noop() {
            ui.label(format!("Push writes these settings to {}.", push.env));
        }
    }
}

/// The window's place: its top edge stays where it first opened, so a window whose content grows
/// or shrinks (a refreshed catalog, a plan) never moves what is under the pointer. (A modal's
/// own area is re-centred every frame.)
fn pinned_area(ctx: &egui::Context) -> egui::Area {
    let top = ctx.content_rect().center_top() + egui::vec2(0.0, 60.0);
    egui::Area::new(egui::Id::unique("persona-push"))
        .kind(egui::UiKind::Modal)
        .sense(egui::Sense::hover())
        .order(egui::Order::Foreground)
        .interactable(true)
        .movable(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(top)
}

/// Tall enough for every persona, up to most of the window; a list that still does not fit keeps
/// its scroll bar in sight (the popup's style), so no persona is hidden without a sign.
fn list_height(ui: &Ui, rows: usize) -> f32 {
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let most = ui.ctx().content_rect().height() * 0.6;
    ((rows + 1) as f32 * row).min(most)
}

/// The rows: label, now, will be (compared: saved, this preset). Changed rows only, unless `all`.
fn diff_ui(ui: &mut Ui, plan: &Plan, all: bool, compared: bool) {
    let changes = plan.changes();
    if changes.is_empty() {
        ui.label("No changes: the persona already has these settings.");
    }
    let rows: Vec<Row> = match all {
        true => plan.rows(),
        false => changes,
    };
    if rows.is_empty() {
        return;
    }
    let (now, then) = match (
        compared,
        plan.current.as_object().is_some_and(|m| m.is_empty()),
    ) {
        (true, _) => ("Saved persona", "This preset"),
        (false, true) => ("Now (new persona)", "Will be"),
        (false, false) => ("Now", "Will be"),
    };
    egui::ScrollArea::vertical()
        .max_height(360.0)
        .auto_shrink([false, true])
        .show(ui, |ui| {
            egui::Grid::new("persona-diff")
                .num_columns(3)
                .striped(true)
                .min_col_width(140.0)
                .show(ui, |ui| {
                    ui.strong("Field");
                    ui.strong(now);
                    ui.strong(then);
                    ui.end_row();
                    for row in rows {
                        let label = match row.known {
                            true => row.label.clone(),
                            false => row.path.clone(),
                        };
                        let changed = !row.same();
                        let cell = |ui: &mut Ui, v: &Option<Value>| {
                            let text = value_text(v);
                            let rich = match changed {
                                true => RichText::new(text).strong(),
                                false => RichText::new(text).weak(),
                            };
                            ui.add(egui::Label::new(rich).wrap());
                        };
                        ui.label(label).on_hover_text(&row.path);
                        ui.scope(|ui| {
                            ui.set_max_width(260.0);
                            cell(ui, &row.left);
                        });
                        ui.scope(|ui| {
                            ui.set_max_width(260.0);
                            cell(ui, &row.right);
                        });
                        ui.end_row();
                    }
                });
        });
}

/// A value as a cell shows it: text without quotes, "—" when absent, long text cut.
fn value_text(v: &Option<Value>) -> String {
    let text = match v {
        None => return "—".into(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    match text.chars().count() > 300 {
        true => format!("{}…", text.chars().take(300).collect::<String>()),
        false => text,
    }
}
