//! The presets sidebar: the presets folder, a filter, and the file actions.

use crate::core::git_status::FileState;
use crate::store::preset;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::{Folder, InGit};
use egui::{RichText, Ui};

/// The sidebar's own state: the filter, and which entries match it.
#[derive(Default)]
pub struct PresetsSidebar {
    filter: String,
    /// The filter and folder generation the matches were computed for, and the matching
    /// entries' indices.
    matched: Option<(String, u64, Vec<usize>)>,
}

impl PresetsSidebar {
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        folder: &Folder,
        (current, dirty): (Option<&str>, bool),
        git_busy: bool,
        tx: &CommandSender,
    ) {
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
        ui.horizontal_wrapped(|ui| {
            for command in [
                UiCommand::New,
                UiCommand::Save,
                UiCommand::SaveAs,
                UiCommand::Duplicate,
                UiCommand::Rename,
                UiCommand::Delete,
                UiCommand::Import,
                UiCommand::Export,
            ] {
                tx.button(ui, command);
            }
        });
        hand_off_row(ui, folder, current, tx);
        git_line(ui, &folder.git, current, git_busy, tx);
        ui.separator();
        if let Some(e) = &folder.error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        let needle = self.filter.trim().to_lowercase();
        let generation = folder.generation;
        if (self.matched.as_ref()).is_none_or(|(n, g, _)| *n != needle || *g != generation) {
            let lowercase = folder.lowercase();
            let hits = (0..lowercase.len())
                .filter(|&i| needle.is_empty() || lowercase[i].contains(&needle))
                .collect();
            self.matched = Some((needle, generation, hits));
        }
        let hits = (self.matched.as_ref())
            .map(|(_, _, h)| h.as_slice())
            .unwrap_or_default();
        let entries = folder.entries();
        if current.is_none() {
            let _ = ui.selectable_label(true, if dirty { "Untitled *" } else { "Untitled" });
        }
        if hits.is_empty() && !entries.is_empty() {
            ui.weak("No preset matches the filter.");
        }
        if entries.is_empty() && folder.error.is_none() {
            ui.weak("No presets yet: Save keeps the current body here.");
        }
        // Only the visible rows are laid out: a folder of 1,000 presets costs what 30 do.
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        egui::ScrollArea::vertical()
            .auto_shrink([false; 2])
            .show_rows(ui, row_height, hits.len(), |ui, rows| {
                for &i in &hits[rows] {
                    let entry = &entries[i];
                    let is_current = current == Some(entry.name.as_str());
                    // Names that look alike are shown apart; a long name is cut to one line,
                    // the whole of it in the tooltip.
                    let shown = preset::display_name(&entry.name);
                    let whole = if shown == entry.name {
                        entry.name.clone()
                    } else {
                        format!("{shown}\n(the name on disk has characters that do not show: they are written as escapes)")
                    };
                    let in_git = folder.git.state(entry).filter(|s| *s != FileState::Unchanged);
                    let response = match &entry.status {
                        Ok(()) => {
                            let mut text = if is_current && dirty {
                                format!("{shown} *")
                            } else {
                                shown
                            };
                            if let Some(state) = in_git {
                                text = format!("{text} · {}", state.word());
                            }
                            let text = RichText::new(text);
                            let text = match in_git {
                                Some(FileState::Conflict) => text.color(ui.visuals().error_fg_color),
                                _ => text,
                            };
                            ui.add(egui::Button::selectable(is_current, text).truncate())
                                .on_hover_text(whole)
                        }
                        Err(e) => ui
                            .add(
                                egui::Button::selectable(
                                    is_current,
                                    RichText::new(match in_git {
                                        // Git's markers are why it does not parse.
                                        Some(FileState::Conflict) => format!("{shown} (in conflict)"),
                                        _ => format!("{shown} (unreadable)"),
                                    })
                                        .color(ui.visuals().error_fg_color),
                                )
                                .truncate(),
                            )
                            .on_hover_text(format!(
                                "{whole}\n\n{e}\n\nThis file is never overwritten; fix it in an editor."
                            )),
                    };
                    if response.clicked() && !is_current {
                        tx.send(UiCommand::Open(entry.name.clone()));
                    }
                }
            });
    }
}

/// Paste request, and Compare with saved / Compare with… another preset of the folder.
fn hand_off_row(ui: &mut Ui, folder: &Folder, current: Option<&str>, tx: &CommandSender) {
    ui.horizontal_wrapped(|ui| {
        tx.button(ui, UiCommand::ReadClipboard);
        tx.button_enabled(ui, current.is_some(), UiCommand::CompareWithSaved)
            .on_disabled_hover_text("This draft is not saved: there is no file to compare with");
        compare_with_menu(ui, folder, current, tx);
    });
}

/// "Compare with…": a menu of the folder's readable presets.
pub fn compare_with_menu(ui: &mut Ui, folder: &Folder, current: Option<&str>, tx: &CommandSender) {
    let command = UiCommand::CompareWith(String::new());
    ui.menu_button(command.label(), |ui| {
        egui::ScrollArea::vertical()
            .max_height(360.0)
            .show(ui, |ui| {
                let readable = folder.entries().iter().filter(|e| e.status.is_ok());
                for entry in readable.filter(|e| Some(e.name.as_str()) != current) {
                    let shown = preset::display_name(&entry.name);
                    if ui.add(egui::Button::new(shown).truncate()).clicked() {
                        tx.send(UiCommand::CompareWith(entry.name.clone()));
                    }
                }
            });
    })
    .response
    .on_hover_text(command.tooltip());
}

/// Where the folder stands in git: its branch and upstream, the presets deleted since the last
/// commit, and Compare with last commit. Nothing when the folder is not in git.
fn git_line(ui: &mut Ui, git: &InGit, current: Option<&str>, busy: bool, tx: &CommandSender) {
    match git {
        InGit::No => {}
        InGit::Unknown(sentence) => {
            ui.label(RichText::new(sentence).color(ui.visuals().warn_fg_color));
        }
        InGit::Yes(status) => {
            ui.label(RichText::new(format!("Git: {}", status.branch.describe())).weak())
                .on_hover_text(format!(
                    "The presets folder is in the git work tree {}",
                    status.root.display()
                ));
            let deleted: Vec<String> = (status.files.iter())
                .filter(|(_, s)| **s == FileState::Deleted)
                .map(|(name, _)| name.to_string_lossy().into_owned())
                .collect();
            if !deleted.is_empty() {
                ui.weak(format!(
                    "Deleted since the last commit: {}",
                    deleted.join(", ")
                ));
            }
            for (file, _) in (status.files.iter()).filter(|(_, s)| **s == FileState::Conflict) {
                let name = file.to_string_lossy();
                let text = format!("Both versions of {}", name.trim_end_matches(".json"));
                let both = ui.button(text);
                if both
                    .on_hover_text("The upstream's version and yours, side by side")
                    .clicked()
                {
                    tx.send(UiCommand::ShowConflict(file.clone()));
                }
            }
            tx.button_enabled(ui, current.is_some(), UiCommand::CompareWithCommitted)
                .on_disabled_hover_text("This draft is not saved: it has no committed version");
            let changes = status.changed_presets().next().is_some();
            let branch = &status.branch;
            let upstream = branch.upstream.is_some();
            ui.horizontal_wrapped(|ui| {
                tx.button_enabled(ui, !busy && changes, UiCommand::OpenCommit)
                    .on_disabled_hover_text("No preset differs from the last commit");
                tx.button_enabled(ui, !busy && upstream, UiCommand::Pull)
                    .on_disabled_hover_text("This branch has no upstream to pull from");
                tx.button_enabled(ui, !busy && upstream && branch.ahead > 0, UiCommand::Push)
                    .on_disabled_hover_text("No commit of this branch is missing upstream");
                if busy {
                    ui.spinner();
                }
            });
        }
    }
}

/// Both versions of a preset in conflict, side by side, as text to copy from.
pub fn conflict_ui(ctx: &egui::Context, conflict: &crate::ui::state::Conflict, tx: &CommandSender) {
    let mut open = true;
    let name = conflict.file.to_string_lossy();
    egui::Window::new(format!("Both versions of {name}"))
        .id(egui::Id::unique("conflict"))
        .open(&mut open)
        .default_width(760.0)
        .show(ctx, |ui| {
            ui.label("Git could not merge this preset. Nothing is lost: the file holds both versions between git's markers until you resolve it.");
            ui.columns(2, |columns| {
                let sides = [
                    ("Upstream (already pushed)", &conflict.upstream),
                    ("Yours (your commit)", &conflict.yours),
                ];
                for (ui, (title, text)) in columns.iter_mut().zip(sides) {
                    ui.strong(title);
                    egui::ScrollArea::vertical()
                        .id_salt(title)
                        .max_height(420.0)
                        .show(ui, |ui| match text {
                            Some(text) => {
                                let mut shown = text.as_str();
                                ui.add(egui::TextEdit::multiline(&mut shown).code_editor());
                            }
                            None => {
                                ui.weak("Deleted on this side.");
                            }
                        });
                }
            });
            tx.button(ui, UiCommand::CloseConflict);
        });
    if !open {
        tx.send(UiCommand::CloseConflict);
    }
}
