//! The session window of a history entry (state, length, exit status, transcript) and the
//! Sessions list (View menu), filterable by label and preset.

use crate::core::label;
use crate::core::session::{SessionSummary, Transcript};
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::tokens::TokenEntry;
use chrono::{DateTime, Utc};
use egui::Ui;
use std::time::Instant;

/// The session of one token.
pub struct SessionView {
    pub entry: usize,
    pub label: Option<String>,
    pub preset: String,
    pub environment: String,
    pub base_url: String,
    pub minted_at: DateTime<Utc>,
    pub loading: bool,
    /// Whether an answer came (then `found: None` means "not started yet").
    pub searched: bool,
    pub found: Option<SessionSummary>,
    pub error: Option<String>,
    pub transcript: Option<Transcript>,
    pub transcript_loading: bool,
    pub answered_at: Option<Instant>,
}

impl SessionView {
    pub fn new(entry: usize, token: &TokenEntry) -> Self {
        SessionView {
            entry,
            label: token.label.clone(),
            preset: token.preset.clone(),
            environment: token.environment.clone(),
            base_url: token.base_url.clone(),
            minted_at: token.minted_at,
            loading: false,
            searched: false,
            found: None,
            error: None,
            transcript: None,
            transcript_loading: false,
            answered_at: None,
        }
    }

    pub fn answered(&mut self, found: Option<SessionSummary>) {
        self.loading = false;
        self.searched = true;
        self.error = None;
        self.answered_at = Some(Instant::now());
        if found.as_ref().map(|f| &f.id) != self.found.as_ref().map(|f| &f.id) {
            self.transcript = None;
        }
        self.found = found;
    }

    pub fn failed(&mut self, sentence: String) {
        self.loading = false;
        self.error = Some(sentence);
        self.answered_at = Some(Instant::now());
    }
}

/// The Sessions window's state.
#[derive(Default)]
pub struct SessionList {
    pub open: bool,
    pub environment: String,
    pub label_filter: String,
    pub preset_filter: String,
    pub loading: bool,
    pub error: Option<String>,
    pub items: Vec<SessionSummary>,
    /// Each item's preset, read back from its label with the environment's template ("—" when
    /// the label is not one the template filled).
    presets: Vec<String>,
}

impl SessionList {
    /// The sessions found, and their presets by `template` (worked out once, not each frame).
    pub fn listed(&mut self, items: Vec<SessionSummary>, template: Option<&str>) {
        let preset = |s: &SessionSummary| {
            let found = template.zip(s.client_label.as_deref());
            found.and_then(|(t, l)| label::preset_in(t, l))
        };
        self.presets = (items.iter())
            .map(|s| preset(s).unwrap_or_else(|| "—".into()))
            .collect();
        self.items = items;
        self.error = None;
    }
}

#[derive(Default)]
pub struct SessionsPanel {
    pub view: Option<SessionView>,
    pub list: SessionList,
}

impl SessionsPanel {
    pub fn ui(&mut self, ctx: &egui::Context, tx: &CommandSender) {
        if let Some(view) = &self.view {
            let mut open = true;
            egui::Window::new("Session")
                .id(egui::Id::unique("session-view"))
                .open(&mut open)
                .default_width(520.0)
                .pivot(egui::Align2::CENTER_TOP)
                .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 90.0))
                .show(ctx, |ui| view_ui(ui, view, tx));
            if !open {
                tx.send(UiCommand::CloseSession);
            }
        }
        if self.list.open {
            let mut open = true;
            egui::Window::new("Sessions")
                .id(egui::Id::unique("sessions-list"))
                .open(&mut open)
                .default_width(640.0)
                .pivot(egui::Align2::CENTER_TOP)
                .default_pos(ctx.content_rect().center_top() + egui::vec2(0.0, 120.0))
                .show(ctx, |ui| list_ui(ui, &mut self.list, tx));
            if !open {
                tx.send(UiCommand::CloseSessions);
            }
        }
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

fn list_ui(ui: &mut Ui, list: &mut SessionList, tx: &CommandSender) {
    ui.label(format!("Environment: {}", list.environment));
    ui.horizontal(|ui| {
        let l = ui.label("Label");
        ui.add(egui::TextEdit::singleline(&mut list.label_filter).desired_width(180.0))
            .labelled_by(l.id);
        let p = ui.label("Preset");
        ui.add(egui::TextEdit::singleline(&mut list.preset_filter).desired_width(140.0))
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
    let preset = list.preset_filter.trim().to_lowercase();
    let shown: Vec<(&SessionSummary, &String)> = (list.items.iter().zip(&list.presets))
        .filter(|(s, _)| {
            preset.is_empty()
                || (s.client_label.as_deref()).is_some_and(|l| l.to_lowercase().contains(&preset))
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
