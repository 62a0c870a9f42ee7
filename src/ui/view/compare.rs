//! Compare: the draft beside its saved file or another preset, field by field with the form's
//! labels ([`crate::core::compare`]). Only the fields that differ, unless "Show all fields" is
//! ticked. The draft's side follows edits; opening another document closes the view.

use crate::core::compare::{self, Row};
use crate::core::contract::RequestBody;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::Document;
use egui::text::LayoutJob;
use egui::{RichText, TextFormat, Ui};
use serde_json::Value;
use std::path::PathBuf;
use std::sync::Arc;

/// Longer values are cut in the view (all of it in the tooltip).
const SHOWN_CHARS: usize = 600;

#[derive(Default)]
pub struct CompareView {
    open: Option<Comparison>,
    show_all: bool,
}

struct Comparison {
    /// What the other side is: "Saved file", or a preset's name.
    label: String,
    other: Value,
    /// The file of the document it was opened for: another document closes the view.
    doc_path: Option<PathBuf>,
    /// For "Saved file": the bytes it was read from; a save replaces them, and the view.
    saved: Option<Arc<[u8]>>,
    /// The draft revision the rows are for, and the rows.
    rows: Option<(u64, Vec<Row>)>,
}

impl CompareView {
    /// Opens the view: the draft beside `other`. `saved`: the document's bytes on disk when
    /// `other` is its saved file (the view follows later saves).
    pub fn show(
        &mut self,
        label: String,
        other: Value,
        doc_path: Option<PathBuf>,
        saved: Option<Arc<[u8]>>,
    ) {
        self.open = Some(Comparison {
            label,
            other,
            doc_path,
            saved,
            rows: None,
        });
    }

    pub fn close(&mut self) {
        self.open = None;
    }

    pub fn ui(&mut self, ctx: &egui::Context, document: &Document, tx: &CommandSender) {
        let Some(c) = &mut self.open else {
            return;
        };
        if document.path != c.doc_path {
            self.open = None;
            return;
        }
        if let (Some(seen), Some(now)) = (&c.saved, &document.on_disk)
            && !Arc::ptr_eq(seen, now)
            && let Ok(body) = RequestBody::parse(now)
        {
            // Saved since: the other side is the file as written now.
            c.other = body.into_value();
            c.saved = Some(now.clone());
            c.rows = None;
        }
        let revision = document.draft.revision();
        if c.rows.as_ref().is_none_or(|(r, _)| *r != revision) {
            let draft = document.draft.body().to_value();
            c.rows = Some((revision, compare::rows(&c.other, &draft)));
        }
        let screen = ctx.content_rect();
        let size = egui::vec2(
            (screen.width() - 80.0).clamp(360.0, 960.0),
            (screen.height() - 160.0).clamp(240.0, 600.0),
        );
        let mut open = true;
        let show_all = &mut self.show_all;
        egui::Window::new("Compare")
            .open(&mut open)
            .collapsible(false)
            .resizable(true)
            .default_size(size)
            .pivot(egui::Align2::CENTER_TOP)
            .default_pos(screen.center_top() + egui::vec2(0.0, 72.0))
            .max_width(screen.width() - 24.0)
            .max_height(screen.height() - 48.0)
            .show(ctx, |ui| {
                let unparsed = document.draft.unparsed().is_some();
                body(ui, c, show_all, unparsed);
            });
        if !open {
            tx.send(UiCommand::CloseCompare);
        }
    }
}

fn body(ui: &mut Ui, c: &Comparison, show_all: &mut bool, unparsed: bool) {
    let rows = c
        .rows
        .as_ref()
        .map(|(_, r)| r.as_slice())
        .unwrap_or_default();
    let differ = rows.iter().filter(|r| !r.same()).count();
    ui.horizontal_wrapped(|ui| {
        let summary = match differ {
            0 => "No differences: both send the same body.".to_string(),
            1 => format!("1 of {} fields differs.", rows.len()),
            n => format!("{n} of {} fields differ.", rows.len()),
        };
        ui.label(RichText::new(summary).strong());
        ui.checkbox(show_all, "Show all fields")
            .on_hover_text("Also list the fields both sides have the same");
    });
    if unparsed {
        ui.label(
            RichText::new(
                "The Body tab's text does not parse: this draft's side is its last valid body.",
            )
            .color(ui.visuals().warn_fg_color),
        );
    }
    ui.separator();
    let width = ui.available_width();
    let field_w = (width * 0.28).max(120.0);
    let value_w = ((width - field_w) / 2.0 - 12.0).max(100.0);
    row_ui(ui, [field_w, value_w], None, |ui, column| {
        let text = match column {
            0 => "Field",
            1 => c.label.as_str(),
            _ => "This draft",
        };
        ui.label(RichText::new(text).strong());
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            for row in rows.iter().filter(|r| *show_all || !r.same()) {
                let tint = (!row.same()).then(|| ui.visuals().warn_fg_color.gamma_multiply(0.12));
                row_ui(ui, [field_w, value_w], tint, |ui, column| match column {
                    0 => field_label(ui, row),
                    1 => value_label(ui, row.left.as_ref()),
                    _ => value_label(ui, row.right.as_ref()),
                });
            }
        });
}

/// One row: the field, then each side, each in its own column; wrapped text keeps to it.
fn row_ui(
    ui: &mut Ui,
    [field_w, value_w]: [f32; 2],
    tint: Option<egui::Color32>,
    mut cell: impl FnMut(&mut Ui, usize),
) {
    let frame = egui::Frame::new()
        .inner_margin(egui::Margin::symmetric(4, 2))
        .corner_radius(3);
    let frame = match tint {
        Some(fill) => frame.fill(fill),
        None => frame,
    };
    frame.show(ui, |ui| {
        ui.horizontal_top(|ui| {
            for (column, w) in [field_w, value_w, value_w].into_iter().enumerate() {
                ui.allocate_ui_with_layout(
                    egui::vec2(w, 0.0),
                    egui::Layout::top_down(egui::Align::Min),
                    |ui| {
                        ui.set_width(w);
                        cell(ui, column);
                    },
                );
            }
        });
    });
}

/// The form's label, and the path under it (one label, so it reads as one).
fn field_label(ui: &mut Ui, row: &Row) {
    let style = ui.style();
    let mut job = LayoutJob::default();
    let body = egui::TextStyle::Body.resolve(style);
    let mut small = egui::TextStyle::Monospace.resolve(style);
    small.size = (small.size - 1.5).max(10.0);
    let (label, path) = if row.known {
        (row.label.clone(), row.path.clone())
    } else {
        (row.path.clone(), "not in the contract".to_string())
    };
    job.append(
        &label,
        0.0,
        TextFormat::simple(body, ui.visuals().text_color()),
    );
    job.append(
        &format!("\n{path}"),
        0.0,
        TextFormat::simple(small, ui.visuals().weak_text_color()),
    );
    ui.add(egui::Label::new(job).wrap());
}

/// A side's value as JSON (strings quoted, so `""`, `null` and absent read apart).
fn value_label(ui: &mut Ui, value: Option<&Value>) {
    let Some(value) = value else {
        ui.label(RichText::new("absent").italics().weak());
        return;
    };
    let text = value.to_string();
    let cut = text.chars().count() > SHOWN_CHARS;
    let shown = if cut {
        format!("{}…", text.chars().take(SHOWN_CHARS).collect::<String>())
    } else {
        text.clone()
    };
    let response = ui.add(egui::Label::new(RichText::new(shown).monospace()).wrap());
    if cut {
        response.on_hover_text(text);
    }
}
