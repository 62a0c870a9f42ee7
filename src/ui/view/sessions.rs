//! The session window of a history entry (state, length, exit status, transcript) and the
//! Sessions list (View menu), filterable by label and preset.

use crate::core::session::SessionSummary;
use crate::core::session::resolved::{self, Compared, Verdict};
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::sessions::{SessionList, SessionView, Sessions};
use chrono::Utc;
use egui::Ui;

/// How the session windows are drawn: whether the list is open, and its filters.
#[derive(Default)]
pub struct SessionsPanel {
    pub list_open: bool,
    /// Asked of the API: the sessions whose label contains it.
    pub label_filter: String,
    /// Applied to the list shown: the sessions whose label contains this preset's name.
    pub preset_filter: String,
}

impl SessionsPanel {
    pub fn ui(&mut self, ctx: &egui::Context, sessions: &Sessions, tx: &CommandSender) {
        if let Some(view) = &sessions.view {
            let mut open = true;
            egui::Window::new("Session")
                .id(egui::Id::unique("session-view"))
                .open(&mut open)
                .default_width(520.0)
                // Its height follows what it shows (the detail and transcript come later).
                .resizable([true, false])
                .pivot(egui::Align2::CENTER_TOP)
                .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 90.0))
                .show(ctx, |ui| view_ui(ui, view, tx));
            if !open {
                tx.send(UiCommand::CloseSession);
            }
        }
        if self.list_open {
            let mut open = true;
            egui::Window::new("Sessions")
                .id(egui::Id::unique("sessions-list"))
                .open(&mut open)
                .default_width(640.0)
                .pivot(egui::Align2::CENTER_TOP)
                .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
                .show(ctx, |ui| self.list_ui(ui, &sessions.list, tx));
            if !open {
                tx.send(UiCommand::CloseSessions);
            }
        }
    }

    fn list_ui(&mut self, ui: &mut Ui, list: &SessionList, tx: &CommandSender) {
        ui.label(format!("Environment: {}", list.environment));
        ui.horizontal(|ui| {
            let l = ui.label("Label");
            ui.add(egui::TextEdit::singleline(&mut self.label_filter).desired_width(180.0))
                .labelled_by(l.id);
            let p = ui.label("Preset");
            ui.add(egui::TextEdit::singleline(&mut self.preset_filter).desired_width(140.0))
                .labelled_by(p.id)
                .on_hover_text("Shows the sessions whose label contains this preset's name");
            tx.button_enabled(ui, !list.loading, UiCommand::SearchSessions);
            if list.loading {
                ui.spinner();
            }
        });
        if let Some(e) = &list.error {
            ui.colored_label(ui.visuals().error_fg_color, e);
        }
        let preset = self.preset_filter.trim().to_lowercase();
        let shown: Vec<(&SessionSummary, &String)> = (list.items.iter().zip(&list.presets))
            .filter(|(s, _)| {
                preset.is_empty()
                    || (s.client_label.as_deref())
                        .is_some_and(|l| l.to_lowercase().contains(&preset))
            })
            .collect();
        if shown.is_empty() && !list.loading {
            ui.weak("No sessions.");
            return;
        }
        let now = Utc::now();
        egui::ScrollArea::vertical()
            .max_height(400.0)
            .show(ui, |ui| {
                egui::Grid::new("sessions-grid")
                    .num_columns(5)
                    .striped(true)
                    .show(ui, |ui| {
                        for h in ["Started", "Label", "Preset", "State", "Length"] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for (s, preset) in shown {
                            let started = s.started().map_or("—".to_string(), |t| {
                                t.with_timezone(&chrono::Local)
                                    .format("%m-%d %H:%M:%S")
                                    .to_string()
                            });
                            ui.label(started).on_hover_text(&s.id);
                            ui.label(s.client_label.as_deref().unwrap_or("—"));
                            ui.label(preset);
                            ui.label(s.state_text());
                            ui.label(s.length_text(now));
                            ui.end_row();
                        }
                    });
            });
    }
}

fn view_ui(ui: &mut Ui, view: &SessionView, tx: &CommandSender) {
    let when = view.minted_at.with_timezone(&chrono::Local);
    ui.label(format!(
        "Token minted {} from {} in {}",
        when.format("%H:%M:%S"),
        view.preset,
        view.environment
    ));
    let Some(label) = &view.label else {
        ui.label("This token was minted without a client label, so its session cannot be looked up. Set a client label template for this environment in Settings, or a Client label in the preset.");
        return;
    };
    ui.label(format!("Client label: {label}"));
    ui.separator();
    match (&view.found, view.searched) {
        (Some(s), _) => summary_grid(ui, s),
        (None, true) => {
            ui.label("No session yet: the token has not been used to start one.");
        }
        (None, false) => {}
    }
    if let Some(e) = &view.error {
        ui.colored_label(ui.visuals().error_fg_color, e);
    }
    ui.horizontal(|ui| {
        tx.button_enabled(ui, !view.loading, UiCommand::RefreshSession);
        if view.loading {
            ui.spinner();
        }
        if view.found.is_some() {
            let enabled = !view.transcript_loading;
            tx.button_enabled(ui, enabled, UiCommand::ShowTranscript);
        }
    });
    // Below the buttons, so they stay where they are when the detail comes.
    if view.found.is_some() {
        asked_and_ran(ui, view);
    }
    if let Some(t) = &view.transcript {
        ui.separator();
        ui.strong("Transcript");
        egui::ScrollArea::vertical()
            .max_height(300.0)
            .id_salt("transcript")
            .show(ui, |ui| {
                for line in t.lines() {
                    ui.add(egui::Label::new(line).wrap());
                }
            });
    }
}

/// How many characters of a value a cell shows; the whole value is its tooltip.
const CELL_CHARS: usize = 36;

/// "Asked for and ran with": the mint's body beside the session's snapshot, the fields asked
/// for first (marked where they did not take), then what the session ran with unasked.
fn asked_and_ran(ui: &mut Ui, view: &SessionView) {
    ui.separator();
    ui.strong("Asked for and ran with");
    let Some(detail) = &view.detail else {
        if view.detail_loading {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Reading what the session ran with…");
            });
        }
        return;
    };
    ui.weak("This mint's session, matched by its client label and start time.");
    if view.compared.is_empty() {
        let why = match detail.persona_config {
            None => "The session reports no persona settings, so nothing can be set beside them.",
            Some(_) => "The session's persona settings are empty.",
        };
        ui.label(why);
        return;
    }
    ui.label(resolved::summary(&view.compared));
    // The fields that did not take first (in form order), then the rest asked for, then what
    // the session ran with unasked (folded).
    let (mut asked, unasked): (Vec<&Compared>, Vec<&Compared>) =
        (view.compared.iter()).partition(|r| r.verdict != Verdict::OnlyRan);
    asked.sort_by_key(|r| !r.verdict.marked());
    egui::ScrollArea::vertical()
        .max_height(240.0)
        // As tall as its rows, up to 240, even in a window sized before the detail came.
        .min_scrolled_height(240.0)
        .id_salt("asked-and-ran")
        .auto_shrink([false, true])
        .show(ui, |ui| {
            compared_grid(ui, "asked-grid", &asked);
            if !unasked.is_empty() {
                egui::CollapsingHeader::new(format!("Ran with, not asked for ({})", unasked.len()))
                    .id_salt("ran-unasked")
                    .show(ui, |ui| compared_grid(ui, "unasked-grid", &unasked));
            }
        });
}

fn compared_grid(ui: &mut Ui, id: &str, rows: &[&Compared]) {
    if rows.is_empty() {
        return;
    }
    let warn = ui.visuals().warn_fg_color;
    egui::Grid::new(id)
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            for h in ["Field", "Asked for", "Ran with", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for r in rows {
                ui.label(&r.label).on_hover_text(&r.path);
                cell(ui, &r.asked, None);
                let color = r.verdict.marked().then_some(warn);
                let ran = cell(ui, &r.ran_with, color);
                if let Some(note) = &r.note {
                    ran.on_hover_text(note);
                }
                match r.verdict {
                    Verdict::Differs | Verdict::Missing => {
                        ui.label(egui::RichText::new(r.verdict.text()).strong().color(warn))
                    }
                    Verdict::Unchecked => ui.weak(r.verdict.text()),
                    _ => ui.label(""),
                };
                ui.end_row();
            }
        });
}

/// A value cut to [`CELL_CHARS`], the whole of it on hover.
fn cell(ui: &mut Ui, text: &str, color: Option<egui::Color32>) -> egui::Response {
    let short: String = match text.chars().count() > CELL_CHARS {
        true => text.chars().take(CELL_CHARS - 1).chain(['…']).collect(),
        false => text.to_string(),
    };
    let cut = short.len() != text.len();
    let shown = match color {
        Some(c) => ui.colored_label(c, short),
        None => ui.label(short),
    };
    if cut {
        shown.on_hover_text(text)
    } else {
        shown
    }
}

fn summary_grid(ui: &mut Ui, s: &SessionSummary) {
    egui::Grid::new("session-summary")
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Session");
            ui.monospace(&s.id);
            ui.end_row();
            ui.label("State");
            ui.strong(s.state_text());
            ui.end_row();
            ui.label("Started");
            ui.label(s.started().map_or("—".to_string(), |t| {
                t.with_timezone(&chrono::Local)
                    .format("%H:%M:%S")
                    .to_string()
            }));
            ui.end_row();
            ui.label("Length");
            ui.label(s.length_text(Utc::now()));
            ui.end_row();
            ui.label("Exit status");
            ui.label(
                s.exit_status
                    .as_deref()
                    .map_or("—".to_string(), crate::core::session::exit_text),
            );
            ui.end_row();
        });
}
