//! The Body tab: the exact JSON that will be sent, live, and editable as text. A valid edit flows
//! back into the form; text that does not parse stays in the draft (it is the user's work) with
//! its line:column, and nothing is minted or saved until it parses or is reverted.

use crate::core::draft::Draft;
use crate::ui::command::{CommandSender, UiCommand};
use egui::{RichText, Ui};

#[derive(Default)]
pub struct BodyTab {
    text: String,
    /// The draft revision `text` shows (or was parsed into).
    synced: u64,
    /// Keys written twice in `text` as typed (the parsed body keeps only the last value).
    duplicates: Vec<crate::core::contract::duplicates::DuplicateKey>,
}

/// Bodies longer than this open read-only: a text box lays out and hashes its whole text, so a
/// body of megabytes would cost seconds a frame and gigabytes of memory (docs/performance.md).
pub const BODY_EDIT_LIMIT: usize = 32 * 1024;

/// How much of a read-only body is shown.
pub const PREVIEW_BYTES: usize = 16 * 1024;

/// "7.0 MB", "300 KB", "512 bytes".
pub fn size_text(bytes: usize) -> String {
    match bytes {
        b if b >= 1_000_000 => format!("{:.1} MB", b as f64 / 1e6),
        b if b >= 1_000 => format!("{} KB", b / 1_000),
        b => format!("{b} bytes"),
    }
}

/// "Copy as…": code that mints the same token, in each language.
fn copy_as_menu(ui: &mut Ui, tx: &CommandSender) {
    ui.menu_button("Copy as…", |ui| {
        for lang in crate::core::snippet::Lang::ALL {
            tx.button(ui, UiCommand::CopySnippet(lang));
        }
    })
    .response
    .on_hover_text(
        "Code that mints the same token: the key is read from ANAM_API_KEY, never written in it",
    );
}

/// A body too large to edit: the copy buttons, a notice, and its beginning, read-only. The
/// work a frame does is the same for 300 KB and 8 MB.
fn read_only(ui: &mut Ui, text: &str, tx: &CommandSender) {
    ui.horizontal(|ui| {
        tx.button(ui, UiCommand::CopyBody);
        tx.button(ui, UiCommand::CopyCurl);
        copy_as_menu(ui, tx);
    });
    ui.label(
        RichText::new(format!(
            "This body is {}: too large to edit here, so it is shown read-only (its first {} KB). Mint sends all of it; the form still edits its fields; edit the rest in a text editor.",
            size_text(text.len()),
            PREVIEW_BYTES / 1024
        ))
        .color(ui.visuals().warn_fg_color),
    );
    let mut end = PREVIEW_BYTES.min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    egui::ScrollArea::vertical()
        .auto_shrink([false; 2])
        .show(ui, |ui| {
            ui.add(egui::Label::new(
                RichText::new(format!("{}\n…", &text[..end])).monospace(),
            ))
        });
}

impl BodyTab {
    pub fn ui(&mut self, ui: &mut Ui, draft: &mut Draft, tx: &CommandSender) {
        if draft.text().len() > BODY_EDIT_LIMIT && draft.unparsed().is_none() {
            return read_only(ui, draft.text(), tx);
        }
        if self.synced != draft.revision() {
            // The draft changed elsewhere (the form, undo, another preset): show what it holds.
            self.text = match draft.unparsed() {
                Some(u) => u.text.clone(),
                None => draft.text().to_string(),
            };
            self.synced = draft.revision();
            self.duplicates =
                crate::core::contract::duplicates::duplicate_keys(self.text.as_bytes());
        }
        ui.horizontal(|ui| {
            tx.button(ui, UiCommand::CopyBody);
            tx.button(ui, UiCommand::CopyCurl);
            copy_as_menu(ui, tx);
            if draft.unparsed().is_some() {
                tx.button(ui, UiCommand::RevertBody);
            }
        });
        match draft.unparsed() {
            Some(u) => {
                let e = &u.error;
                ui.label(
                    RichText::new(format!(
                        "Line {}, column {}: {}. Nothing is minted or saved until this parses: the form shows the last valid body.",
                        e.line, e.column, e.message
                    ))
                    .color(ui.visuals().error_fg_color),
                );
            }
            None => {
                ui.weak("This is exactly what Mint sends. Edit it here and the form follows.");
            }
        }
        for d in &self.duplicates {
            ui.label(
                RichText::new(format!(
                    "Warning: {d}. Mint sends only the value that is used."
                ))
                .color(ui.visuals().warn_fg_color),
            );
        }
        let theme = crate::ui::style::code_theme(ui.style());
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
        crate::ui::command::edits_draft(ui, &response);
        if response.changed() {
            self.duplicates =
                crate::core::contract::duplicates::duplicate_keys(self.text.as_bytes());
            draft.set_text(&self.text);
            // Keep the user's own formatting while they type; it is re-pretty-printed when the
            // form changes the body.
            self.synced = draft.revision();
        }
    }
}
