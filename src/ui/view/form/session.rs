//! Session options and the client label: the same in both persona modes.

use super::field::{self, Form};
use super::section;
use crate::core::contract::fields;
use crate::core::contract::pages::{self, VIDEO_HEIGHT, VIDEO_WIDTH};
use crate::core::draft::Draft;
use egui::Ui;
use serde_json::Value;

const SESSION: &[&str] = &[
    "clientLabel",
    "sessionOptions.sessionReplay.enableSessionReplay",
    "sessionOptions.videoQuality",
];

pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    section::section(
        ui,
        draft,
        form,
        "Session",
        &["clientLabel", "sessionOptions"],
        |ui, draft, form| {
            field::problems(ui, draft, "sessionOptions");
            field::problems(ui, draft, "sessionOptions.sessionReplay");
            field::grid(ui, "session", |ui| {
                field::rows(ui, draft, form, SESSION);
                video_size_row(ui, draft);
            });
        },
    );
}

/// The video size: width and height together (a picker of the sizes each avatar model
/// supports, and the two numbers for any other), or neither.
fn video_size_row(ui: &mut Ui, draft: &mut Draft) {
    let width = draft.get(VIDEO_WIDTH).cloned();
    let height = draft.get(VIDEO_HEIGHT).cloned();
    let model = draft
        .get("personaConfig.avatarModel")
        .and_then(Value::as_str)
        .map(str::to_string);
    let mut present = width.is_some() || height.is_some();
    let help = fields::spec(VIDEO_WIDTH).map_or("", |s| s.help());
    let check = ui.checkbox(&mut present, "Video size").on_hover_text(help);
    if check.changed() {
        if present {
            let (w, h) = model
                .as_deref()
                .and_then(pages::video_sizes)
                .map_or(pages::VIDEO_SIZES[0].1[0], |s| s[0]);
            set_size(draft, Some(w), Some(h));
        } else {
            draft.edit(|b| {
                b.remove(VIDEO_WIDTH);
                b.remove(VIDEO_HEIGHT);
            });
        }
    }
    let w = width.as_ref().and_then(Value::as_u64);
    let h = height.as_ref().and_then(Value::as_u64);
    ui.vertical(|ui| {
        ui.horizontal(|ui| {
            if !present {
                ui.multiply_opacity(0.55);
            }
            let shown = match (w, h) {
                (Some(w), Some(h)) => size_label(w, h),
                _ if present => "Width and height together".into(),
                _ => "The avatar model's own".into(),
            };
            let mut picked = None;
            egui::ComboBox::from_id_salt("video size")
                .selected_text(shown)
                .width(220.0)
                .show_ui(ui, |ui| {
                    for (_, sizes) in pages::VIDEO_SIZES {
                        for &(sw, sh) in *sizes {
                            let on = (w, h) == (Some(sw), Some(sh));
                            if ui.selectable_label(on, size_label(sw, sh)).clicked() {
                                picked = Some((sw, sh));
                            }
                        }
                    }
                })
                .response
                .labelled_by(check.id)
                .on_hover_text(help);
            if let Some((pw, ph)) = picked {
                set_size(draft, Some(pw), Some(ph));
            }
            if present {
                let mut x = w.unwrap_or(0) as f64;
                let mut y = h.unwrap_or(0) as f64;
                let rw = ui
                    .add(
                        egui::DragValue::new(&mut x)
                            .range(0.0..=8192.0)
                            .suffix(" px"),
                    )
                    .accessible_name("Video width");
                ui.label("×");
                let rh = ui
                    .add(
                        egui::DragValue::new(&mut y)
                            .range(0.0..=8192.0)
                            .suffix(" px"),
                    )
                    .accessible_name("Video height");
                if rw.changed() || rh.changed() {
                    set_size(draft, Some(x as u64), Some(y as u64));
                }
            } else {
                ui.weak("not set")
                    .on_hover_text("Left out of the body: the avatar model's own size is used.");
            }
        });
        field::problems(ui, draft, VIDEO_WIDTH);
        field::problems(ui, draft, VIDEO_HEIGHT);
    });
    ui.end_row();
}

/// "1152 × 768 (Cara 4, landscape)".
fn size_label(w: u64, h: u64) -> String {
    let models: Vec<&str> = pages::VIDEO_SIZES
        .iter()
        .filter(|(_, sizes)| sizes.contains(&(w, h)))
        .map(|(family, _)| match *family {
            "cara-3" => "Cara 3",
            "cara-4" => "Cara 4",
            other => other,
        })
        .collect();
    let shape = match w.cmp(&h) {
        std::cmp::Ordering::Greater => "landscape",
        std::cmp::Ordering::Less => "portrait",
        std::cmp::Ordering::Equal => "square",
    };
    if models.is_empty() {
        format!("{w} × {h} (no model lists it)")
    } else {
        format!("{w} × {h} ({}, {shape})", models.join(", "))
    }
}

/// Sets both numbers in one undo step.
fn set_size(draft: &mut Draft, w: Option<u64>, h: Option<u64>) {
    draft.edit(|b| {
        if let Some(w) = w {
            b.set(VIDEO_WIDTH, Value::from(w));
        }
        if let Some(h) = h {
            b.set(VIDEO_HEIGHT, Value::from(h));
        }
    });
}
