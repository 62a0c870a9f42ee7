//! What the app tells the user, drawn: the banner, the notice and the offer under it, the toast.

use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::feedback::{Banner, Feedback};
use crate::ui::style;
use egui::{RichText, Ui};
use std::time::Duration;

/// The banner and the notice.
pub fn messages(ui: &mut Ui, feedback: &mut Feedback) {
    if let Some(banner) = &feedback.banner {
        if banner_ui(ui, banner) {
            feedback.banner = None;
        }
        ui.add_space(4.0);
    }
    if let Some(notice) = &feedback.notice {
        let mut dismiss = false;
        ui.horizontal_top(|ui| {
            let text_width = (ui.available_width() - 56.0).max(120.0);
            ui.allocate_ui_with_layout(
                egui::vec2(text_width, 0.0),
                egui::Layout::top_down(egui::Align::Min),
                |ui| {
                    ui.set_width(text_width);
                    ui.add(egui::Label::new(&notice.text).wrap());
                },
            );
            dismiss = ui.small_button("Hide").clicked();
        });
        if dismiss {
            feedback.notice = None;
        }
    }
}

/// The toast, while it lasts (one repaint when it ends, none before).
pub fn toast(ui: &mut Ui, feedback: &mut Feedback) {
    if let Some((text, until)) = &feedback.toast {
        let now = ui.input(|i| i.time);
        if now < *until {
            ui.label(RichText::new(text.as_str()).color(style::ok_color(ui)));
            ui.ctx()
                .request_repaint_after(Duration::from_secs_f64(until - now));
        } else {
            feedback.toast = None;
        }
    }
}

/// Draws a banner; true when Dismiss was clicked.
fn banner_ui(ui: &mut Ui, banner: &Banner) -> bool {
    let mut dismiss = false;
    egui::Frame::new()
        .fill(ui.visuals().error_fg_color.gamma_multiply(0.15))
        .stroke(egui::Stroke::new(1.0, ui.visuals().error_fg_color))
        .corner_radius(4)
        .inner_margin(8)
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_top(|ui| {
                // The sentence wraps in what Dismiss leaves; Dismiss keeps its size.
                let dismiss_width = 72.0;
                let text_width = (ui.available_width() - dismiss_width).max(120.0);
                ui.allocate_ui_with_layout(
                    egui::vec2(text_width, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(text_width);
                        ui.add(
                            egui::Label::new(
                                RichText::new(&banner.sentence)
                                    .color(ui.visuals().error_fg_color)
                                    .strong(),
                            )
                            .wrap(),
                        );
                    },
                );
                dismiss = ui.small_button("Dismiss").clicked();
            });
            if let Some(details) = &banner.details {
                egui::CollapsingHeader::new("Details")
                    .id_salt("banner-details")
                    .show(ui, |ui| {
                        ui.add(egui::Label::new(RichText::new(details).monospace()).wrap());
                    });
            }
        });
    dismiss
}

/// The offer under the notice: "Add as environment…", "Save key in keychain". It goes with the
/// notice (and the key with it).
pub fn offer_ui(ui: &mut Ui, feedback: &mut Feedback, tx: &CommandSender) {
    if feedback.notice.is_none() {
        feedback.offer = None;
    }
    let Some(offer) = &feedback.offer else {
        return;
    };
    ui.horizontal_wrapped(|ui| {
        if let Some(url) = &offer.base_url {
            tx.button(ui, UiCommand::NameEnvironment(url.clone()));
        }
        if offer.key.is_some() {
            let command = UiCommand::SaveOfferedKey;
            let response = ui
                .add_enabled(offer.env.is_some(), egui::Button::new(command.label()))
                .on_disabled_hover_text("Add the environment first: the key is kept for it.");
            let response = match &offer.env {
                Some(env) => response.on_hover_text(format!(
                    "Keep the key the command carried as the key of {}, in the keychain",
                    env.name
                )),
                None => response,
            };
            if response.clicked() {
                tx.send(command);
            }
        }
        if let Some((sentence, ok)) = &offer.key_said {
            let color = if *ok {
                style::ok_color(ui)
            } else {
                ui.visuals().error_fg_color
            };
            ui.label(RichText::new(sentence).color(color));
        }
    });
    ui.add_space(4.0);
}
