//! The presets sidebar: the presets folder, a filter, and the file actions.

use crate::store::preset::{self, Entry};
use egui::{RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

/// A scan of the folder done on another thread: its number and its result.
type ScanResult = (u64, std::io::Result<Vec<Entry>>);

pub struct PresetsSidebar {
    pub dir: PathBuf,
    entries: Vec<Entry>,
    /// Background scans: the newest one's number; older answers are dropped.
    scans: (mpsc::Sender<ScanResult>, mpsc::Receiver<ScanResult>),
    scan_number: u64,
    /// Woken when a background scan is done.
    ctx: Option<egui::Context>,
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
    /// The sidebar of `dir`, read once now (before the first frame); later reads happen on
    /// another thread and wake `ctx` when done.
    pub fn new(dir: PathBuf, ctx: Option<egui::Context>) -> Self {
        let mut sidebar = PresetsSidebar {
            dir,
            entries: Vec::new(),
            scans: mpsc::channel(),
            scan_number: 0,
            ctx,
            lowercase: Vec::new(),
            filter: String::new(),
            matched: None,
            scan_error: None,
        };
        sidebar.rescan();
        sidebar
    }

    /// Reads the folder again, here and now.
    pub fn rescan(&mut self) {
        self.scan_number += 1;
        let scanned = preset::scan(&self.dir);
        self.take_scan(scanned);
    }

    /// Reads the folder again on another thread; the list changes when it is done (a folder of
    /// 10,000 presets, or one with a large file in it, never stalls a frame).
    pub fn rescan_in_background(&mut self) {
        self.scan_number += 1;
        let (number, dir, tx, ctx) = (
            self.scan_number,
            self.dir.clone(),
            self.scans.0.clone(),
            self.ctx.clone(),
        );
        let spawned = std::thread::Builder::new()
            .name("presets-scan".into())
            .spawn(move || {
                let _ = tx.send((number, preset::scan(&dir)));
                if let Some(ctx) = ctx {
                    ctx.request_repaint();
                }
            });
        if spawned.is_err() {
            self.rescan();
        }
    }

    /// Takes the newest background scan, if one is done.
    fn poll_scans(&mut self) {
        while let Ok((number, scanned)) = self.scans.1.try_recv() {
            if number == self.scan_number {
                self.take_scan(scanned);
            }
        }
    }

    fn take_scan(&mut self, scanned: std::io::Result<Vec<Entry>>) {
        match scanned {
            Ok(entries) => {
                self.entries = entries;
                self.scan_error = None;
            }
            Err(e) => {
                self.entries.clear();
                self.scan_error = Some(format!(
                    "Could not read the presets folder {}: {}",
                    self.dir.display(),
                    preset::files::describe(&e)
                ));
            }
        }
        self.names_changed();
    }

    fn names_changed(&mut self) {
        self.lowercase = self.entries.iter().map(|e| e.name.to_lowercase()).collect();
        self.matched = None;
    }

    /// The preset `name` was just written at `path`: list it (or mark it readable) at once,
    /// without reading the folder.
    pub fn saved(&mut self, name: &str, path: &Path) {
        let status = Ok(());
        match self.entries.iter_mut().find(|e| e.name == name) {
            Some(e) => {
                e.path = path.to_path_buf();
                e.status = status;
            }
            None => {
                let key = name.to_lowercase();
                let at = self.entries.partition_point(|e| {
                    (e.name.to_lowercase(), e.name.as_str()) < (key.clone(), name)
                });
                self.entries.insert(
                    at,
                    Entry {
                        name: name.to_string(),
                        path: path.to_path_buf(),
                        status,
                    },
                );
            }
        }
        self.names_changed();
    }

    /// The preset `name` is gone from the folder.
    pub fn removed(&mut self, name: &str) {
        self.entries.retain(|e| e.name != name);
        self.names_changed();
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
        self.poll_scans();
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
                    // Names that look alike are shown apart; a long name is cut to one line,
                    // the whole of it in the tooltip.
                    let shown = preset::display_name(&entry.name);
                    let whole = if shown == entry.name {
                        entry.name.clone()
                    } else {
                        format!("{shown}\n(the name on disk has characters that do not show: they are written as escapes)")
                    };
                    let response = match &entry.status {
                        Ok(()) => {
                            let text = if is_current && dirty {
                                format!("{shown} *")
                            } else {
                                shown
                            };
                            ui.add(egui::Button::selectable(is_current, text).truncate())
                                .on_hover_text(whole)
                        }
                        Err(e) => ui
                            .add(
                                egui::Button::selectable(
                                    is_current,
                                    RichText::new(format!("{shown} (unreadable)"))
                                        .color(ui.visuals().error_fg_color),
                                )
                                .truncate(),
                            )
                            .on_hover_text(format!(
                                "{whole}\n\n{e}\n\nThis file is never overwritten; fix it in an editor."
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::time::{Duration, Instant};

    #[test]
    fn a_save_updates_its_entry_without_reading_the_folder_and_rescans_in_the_background() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.json"), "{}").unwrap();
        let mut sidebar = PresetsSidebar::new(dir.path().to_path_buf(), None);
        let names = |s: &PresetsSidebar| -> Vec<String> {
            s.entries().iter().map(|e| e.name.clone()).collect()
        };
        assert_eq!(names(&sidebar), ["a"]);
        // Another program adds "c"; this app saves "b": "b" is listed at once, in order, and
        // "c" only once the folder has been read again.
        fs::write(dir.path().join("c.json"), "{}").unwrap();
        fs::write(dir.path().join("b.json"), "{}").unwrap();
        sidebar.saved("b", &dir.path().join("b.json"));
        assert_eq!(names(&sidebar), ["a", "b"]);
        sidebar.rescan_in_background();
        let started = Instant::now();
        while names(&sidebar).len() < 3 {
            assert!(
                started.elapsed() < Duration::from_secs(20),
                "no scan came back"
            );
            std::thread::sleep(Duration::from_millis(5));
            sidebar.poll_scans();
        }
        assert_eq!(names(&sidebar), ["a", "b", "c"]);
        sidebar.removed("a");
        assert_eq!(names(&sidebar), ["b", "c"]);
    }

    #[test]
    fn an_older_background_scan_never_replaces_a_newer_one() {
        let dir = tempfile::tempdir().unwrap();
        let mut sidebar = PresetsSidebar::new(dir.path().to_path_buf(), None);
        sidebar.saved("kept", &dir.path().join("kept.json"));
        sidebar.scan_number = 5;
        sidebar.scans.0.send((4, Ok(Vec::new()))).unwrap();
        sidebar.poll_scans();
        assert_eq!(sidebar.entries().len(), 1, "the stale scans were dropped");
    }
}
