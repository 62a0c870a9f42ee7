//! The Body tab: the exact JSON that will be sent, live, and editable as text. A valid edit flows
//! back into the form; broken JSON shows line:column and the form keeps the last valid body.

use crate::contract::{JsonError, RequestBody};
use crate::draft::Draft;
use egui::{RichText, Ui};

#[derive(Default)]
pub struct BodyTab {
    text: String,
    /// The draft revision `text` shows (or was parsed into).
    synced: u64,
    error: Option<JsonError>,
}

/// What the tab asks the app to do.
pub enum BodyAction {
    CopyBody,
    CopyCurl,
}

impl BodyTab {
    pub fn has_error(&self) -> bool {
        self.error.is_some()
    }

    pub fn ui(&mut self, ui: &mut Ui, draft: &mut Draft) -> Option<BodyAction> {
        if self.error.is_none() && self.synced != draft.revision() {
            self.text = draft.text().to_string();
            self.synced = draft.revision();
        }
        let mut action = None;
        ui.horizontal(|ui| {
            if ui
                .button("Copy body")
                .on_hover_text("Copy the JSON body to the clipboard")
                .clicked()
            {
                action = Some(BodyAction::CopyBody);
            }
            if ui
                .button("Copy as curl")
                .on_hover_text(
                    "A curl command for this body, with $ANAM_API_KEY in place of the key",
                )
                .clicked()
            {
                action = Some(BodyAction::CopyCurl);
            }
            if self.error.is_some() && ui.button("Revert to last valid body").clicked() {
                self.error = None;
                self.text = draft.text().to_string();
                self.synced = draft.revision();
            }
        });
        match &self.error {
            Some(e) => {
                ui.label(
                    RichText::new(format!(
                        "Line {}, column {}: {}. The form keeps the last valid body until this parses.",
                        e.line, e.column, e.message
                    ))
                    .color(ui.visuals().error_fg_color),
                );
            }
            None => {
                ui.weak("This is exactly what Mint sends. Edit it here and the form follows.");
            }
        }
        let theme = egui_extras::syntax_highlighting::CodeTheme::from_memory(ui.ctx(), ui.style());
        let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, wrap_width: f32| {
            let mut job = egui_extras::syntax_highlighting::highlight(
                ui.ctx(),
                ui.style(),
                &theme,
                buf.as_str(),
                "json",
            );
            job.wrap.max_width = wrap_width;
            ui.fonts_mut(|f| f.layout_job(job))
        };
        let label = ui.label("Request body (JSON)");
        let response = egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show(ui, |ui| {
                ui.add(
                    egui::TextEdit::multiline(&mut self.text)
                        .code_editor()
                        .desired_rows(24)
                        .desired_width(f32::INFINITY)
                        .layouter(&mut layouter),
                )
                .labelled_by(label.id)
            })
            .inner;
        if response.changed() {
            match RequestBody::parse(self.text.as_bytes()) {
                Ok(body) => {
                    self.error = None;
                    draft.replace_body(body);
                    // Keep the user's own formatting while they type; it is re-pretty-printed
                    // when the form changes the body.
                    self.synced = draft.revision();
                }
                Err(e) => self.error = Some(e),
            }
        }
        action
    }
}
