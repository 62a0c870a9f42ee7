//! The presets sidebar: the presets folder, a filter, and the file actions.

use crate::preset::{self, Entry};
use egui::{RichText, Ui};
use std::path::PathBuf;

pub struct PresetsSidebar {
    pub dir: PathBuf,
    entries: Vec<Entry>,
    /// The entries' names in lower case, for filtering.
    lowercase: Vec<String>,
    filter: String,
    /// The filter the matches were computed for, and the indices of the matching entries.
    matched: Option<(String, Vec<usize>)>,
    scan_error: Option<String>,
}

/// What the user asked for; the app carries it out (it may need to ask first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SidebarAction {
    Open(String),
    New,
    Save,
    SaveAs,
    Duplicate,
    Rename,
    Delete,
    Import,
    Export,
}

impl PresetsSidebar {
    pub fn new(dir: PathBuf) -> Self {
        let mut sidebar = PresetsSidebar {
            dir,
            entries: Vec::new(),
            lowercase: Vec::new(),
            filter: String::new(),
            matched: None,
            scan_error: None,
        };
        sidebar.rescan();
        sidebar
    }

    /// Reads the folder again.
    pub fn rescan(&mut self) {
        match preset::scan(&self.dir) {
            Ok(entries) => {
                self.entries = entries;
                self.scan_error = None;
            }
            Err(e) => {
                self.entries.clear();
                self.scan_error = Some(format!("Could not read {}: {e}", self.dir.display()));
            }
        }
        self.lowercase = self.entries.iter().map(|e| e.name.to_lowercase()).collect();
        self.matched = None;
    }

    pub fn entry(&self, name: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.name == name)
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    pub fn contains(&self, name: &str) -> bool {
        self.entry(name).is_some()
    }

    pub fn ui(&mut self, ui: &mut Ui, current: Option<&str>, dirty: bool) -> Option<SidebarAction> {
        let mut action = None;
        ui.add_space(4.0);
        ui.heading("Presets");
        ui.add(
            egui::TextEdit::singleline(&mut self.filter)
                .hint_text("Filter presets")
                .desired_width(f32::INFINITY),
        )
        .accessible_name("Filter presets")
        .on_hover_text("Show only presets whose name contains this text");
        ui.add_space(2.0);
        let mut button = |ui: &mut Ui, label: &str, tip: &str, what: SidebarAction| {
            if ui.button(label).on_hover_text(tip).clicked() {
                action = Some(what);
            }
        };
        ui.horizontal_wrapped(|ui| {
            button(ui, "New", "Start a new preset (Ctrl+N)", SidebarAction::New);
            button(
                ui,
                "Save",
                "Save the current preset (Ctrl+S)",
                SidebarAction::Save,
            );
            button(
                ui,
                "Save as…",
                "Save under a new name (Ctrl+Shift+S)",
                SidebarAction::SaveAs,
            );
            button(
                ui,
                "Duplicate",
                "Save a copy under a new name",
                SidebarAction::Duplicate,
            );
            button(
                ui,
                "Rename",
                "Rename the current preset's file",
                SidebarAction::Rename,
            );
            button(
                ui,
                "Delete",
                "Delete the current preset's file",
                SidebarAction::Delete,
            );
            button(
                ui,
                "Import…",
                "Open a request body from any file",
                SidebarAction::Import,
            );
            button(
                ui,
                "Export…",
                "Save the current body to any file",
                SidebarAction::Export,
            );
        });
        ui.separator();
        if let Some(e) = &self.scan_error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        let needle = self.filter.trim().to_lowercase();
        if self.matched.as_ref().is_none_or(|(n, _)| *n != needle) {
            let hits = (0..self.entries.len())
                .filter(|&i| needle.is_empty() || self.lowercase[i].contains(&needle))
                .collect();
            self.matched = Some((needle, hits));
        }
        let hits = self
            .matched
            .as_ref()
            .map(|(_, h)| h.as_slice())
            .unwrap_or_default();
        if current.is_none() {
            let _ = ui.selectable_label(true, if dirty { "Untitled *" } else { "Untitled" });
        }
        if hits.is_empty() && !self.entries.is_empty() {
            ui.weak("No preset matches the filter.");
        }
        if self.entries.is_empty() && self.scan_error.is_none() {
            ui.weak("No presets yet: Save keeps the current body here.");
        }
        // Only the visible rows are laid out: a folder of 1,000 presets costs what 30 do.
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show_rows(ui, row_height, hits.len(), |ui, rows| {
                for &i in &hits[rows] {
                    let entry = &self.entries[i];
                    let is_current = current == Some(entry.name.as_str());
                    let response = match &entry.status {
                        Ok(()) => {
                            let text = if is_current && dirty {
                                format!("{} *", entry.name)
                            } else {
                                entry.name.clone()
                            };
                            ui.selectable_label(is_current, text)
                        }
                        Err(e) => ui
                            .selectable_label(
                                is_current,
                                RichText::new(format!("{} (unreadable)", entry.name))
                                    .color(ui.visuals().error_fg_color),
                            )
                            .on_hover_text(format!(
                                "{e}\n\nThis file is never overwritten; fix it in an editor."
                            )),
                    };
                    if response.clicked() && !is_current {
                        action = Some(SidebarAction::Open(entry.name.clone()));
                    }
                }
            });
        action
    }
}
