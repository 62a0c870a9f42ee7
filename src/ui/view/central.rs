//! The middle of the window: the Form and Body tabs, and the banner and notice at their foot.

use super::Panels;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::feedback::Feedback;
use crate::ui::state::catalogs::Catalogs;
use crate::ui::state::{Document, Tab};
use crate::ui::view::form::{self, Form};
use egui::{RichText, Ui};

pub fn ui(
    ui: &mut Ui,
    document: &mut Document,
    feedback: &mut Feedback,
    tab: &mut Tab,
    catalogs: &Catalogs,
    panels: &mut Panels,
    tx: &CommandSender,
) {
    messages(ui, feedback, tx);
    ui.horizontal(|ui| {
        ui.selectable_value(tab, Tab::Form, "Form");
        ui.selectable_value(tab, Tab::Body, "Body");
        if document.draft.unparsed().is_some() {
            ui.label(RichText::new("(Body has a JSON error)").color(ui.visuals().error_fg_color));
        }
    });
    ui.separator();
    match tab {
        Tab::Form => {
            // While the Body's text does not parse, a field edit would be replaced by that text
            // the moment it parses: the form is shown read-only, with the reason and the ways out.
            if let Some(reason) = document.form_locked() {
                ui.label(RichText::new(reason).color(ui.visuals().warn_fg_color));
                ui.horizontal(|ui| {
                    tx.button(ui, UiCommand::ShowBodyTab);
                    tx.button(ui, UiCommand::RevertBody);
                });
                ui.add_space(4.0);
            }
            let editable = document.draft.fields_editable();
            egui::ScrollArea::vertical()
                .auto_shrink([false; 2])
                .show(ui, |ui| {
                    ui.add_enabled_ui(editable, |ui| {
                        let mut form = Form::new(&mut panels.form, catalogs, tx);
                        form::ui(ui, &mut document.draft, &mut form)
                    })
                });
        }
        Tab::Body => panels.body_tab.ui(ui, &mut document.draft, tx),
    }
}

/// The banner, the notice and what a pasted request offers, at the foot of the column: their
/// coming and going moves none of the controls above them (above, a banner pushed the tabs and
/// the Body tab's buttons down by its height, under the pointer).
fn messages(ui: &mut Ui, feedback: &mut Feedback, tx: &CommandSender) {
    if !feedback.has_messages() {
        return;
    }
    egui::Panel::bottom("messages")
        .resizable(false)
        .show_separator_line(false)
        .frame(egui::Frame::new().inner_margin(egui::Margin {
            top: 6,
            ..Default::default()
        }))
        .show(ui, |ui| {
            super::feedback::messages(ui, feedback);
            super::feedback::offer_ui(ui, feedback, tx);
        });
}
