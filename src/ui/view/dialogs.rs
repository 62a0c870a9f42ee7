//! The modal dialogs: unsaved changes, a file changed by another program, delete, a name, a
//! path typed by hand, the shortcuts. Each answer is a command.

use crate::store::DiskChange;
use crate::ui::command::{self, CommandSender, UiCommand};
use crate::ui::model::dialog::Dialog;
use egui::{Key, RichText, Ui};

/// Draws the open dialog; its answers are pushed as commands. `name`: the current preset's.
pub fn ui(
    ctx: &egui::Context,
    dialog: &mut Option<Dialog>,
    name: Option<&str>,
    tx: &CommandSender,
) {
    let Some(open) = dialog.as_mut() else {
        return;
    };
    let mut close = false;
    let modal = egui::Modal::new(egui::Id::unique("dialog")).show(ctx, |ui| {
        ui.set_width(380.0);
        match open {
            Dialog::Unsaved { then, also } => {
                ui.heading("Unsaved changes");
                let name = name.unwrap_or("Untitled");
                ui.label(format!("\"{name}\" has changes that are not saved."));
                if let Some(also) = also {
                    ui.add(egui::Label::new(also.as_str()).wrap());
                }
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Save changes").clicked() {
                        tx.send(UiCommand::SaveChanges(then.clone()));
                    }
                    if ui.button("Discard changes").clicked() {
                        tx.send(UiCommand::DiscardChanges(then.clone()));
                    }
                    close |= ui.button("Keep editing").clicked();
                });
            }
            Dialog::ChangedOnDisk(change) => {
                let name = name.unwrap_or_default();
                ui.heading("Changed by another program");
                ui.label(match change {
                    DiskChange::Changed => {
                        format!("\"{name}\" was changed on disk since you opened it.")
                    }
                    DiskChange::Deleted => {
                        format!("\"{name}\" was deleted from the presets folder.")
                    }
                });
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if *change == DiskChange::Changed
                        && ui
                            .button("Reload from disk")
                            .on_hover_text(
                                "Show the file's new contents; your edits here are dropped",
                            )
                            .clicked()
                    {
                        tx.send(UiCommand::ReloadFromDisk);
                    }
                    if ui
                        .button("Keep my version")
                        .on_hover_text("Keep what is on screen; Save writes it over the file")
                        .clicked()
                    {
                        tx.send(UiCommand::KeepMine);
                    }
                    if ui.button("Save mine as…").clicked() {
                        tx.send(UiCommand::SaveMineAs);
                    }
                });
            }
            Dialog::Delete(name) => {
                ui.heading("Delete preset?");
                ui.label(format!(
                    "\"{name}\" will be deleted from the presets folder. This cannot be undone."
                ));
                ui.add_space(8.0);
                ui.horizontal(|ui| {
                    if ui.button("Delete preset").clicked() {
                        tx.send(UiCommand::ConfirmDelete(name.clone()));
                    }
                    close |= ui.button("Keep it").clicked();
                });
            }
            Dialog::Name {
                purpose,
                text,
                note,
                error,
                then,
            } => {
                ui.heading(purpose.title());
                if let Some(note) = note {
                    ui.add(egui::Label::new(note.as_str()).wrap());
                    ui.add_space(4.0);
                }
                let mut ok = entry_row(ui, "Preset name", text, None, Some(error));
                ui.horizontal(|ui| {
                    ok |= ui.button("OK").clicked();
                    close |= ui.button("Cancel").clicked();
                });
                if ok {
                    tx.send(UiCommand::SubmitName {
                        purpose: purpose.clone(),
                        text: text.clone(),
                        then: then.clone(),
                    });
                }
            }
            Dialog::Path {
                export,
                failed,
                text,
            } => {
                ui.heading(if *export {
                    "Export the request body"
                } else {
                    "Import a request body"
                });
                ui.add(
                    egui::Label::new(if *failed {
                        "The file chooser could not open: type the file's path instead."
                    } else {
                        "No file was chosen. If no file chooser opened, this desktop has none (no xdg-desktop-portal): type the file's path instead."
                    })
                    .wrap(),
                );
                let submitted = entry_row(ui, "File path", text, Some("/home/me/body.json"), None);
                let typed = !text.trim().is_empty();
                let mut go = submitted;
                ui.horizontal(|ui| {
                    let verb = if *export { "Export" } else { "Import" };
                    go |= ui
                        .add_enabled(typed, egui::Button::new(verb))
                        .clicked();
                    close |= ui.button("Cancel").clicked();
                });
                if go && typed {
                    tx.send(UiCommand::SubmitPath {
                        export: *export,
                        text: text.trim().to_string(),
                    });
                }
            }
            Dialog::AddEnvironment {
                base_url,
                name,
                error,
            } => {
                ui.heading("Add environment");
                ui.label(format!("Base URL: {base_url}"));
                ui.add_space(4.0);
                let mut ok = entry_row(ui, "Environment name", name, None, Some(error));
                ui.horizontal(|ui| {
                    ok |= ui.button("Add environment").clicked();
                    close |= ui.button("Cancel").clicked();
                });
                if ok {
                    tx.send(UiCommand::AddPastedEnvironment {
                        name: name.clone(),
                        base_url: base_url.clone(),
                    });
                }
            }
            Dialog::Commit {
                choices,
                message,
                error,
            } => {
                ui.heading("Commit presets");
                ui.label("Only the ticked presets go into the commit, as they are saved on disk.");
                ui.add_space(4.0);
                for choice in choices.iter_mut() {
                    let name = choice.file.to_string_lossy();
                    let name = name.strip_suffix(".json").unwrap_or(&name);
                    let text = format!("{name} ({})", choice.state.word());
                    ui.checkbox(&mut choice.chosen, text);
                    if choice.unsaved {
                        ui.label(
                            RichText::new("Has unsaved changes: the commit takes the saved file.")
                                .color(ui.visuals().warn_fg_color),
                        );
                    }
                }
                ui.add_space(4.0);
                let ok = entry_row(ui, "Message", message, Some("What this changes"), Some(error));
                let mut commit = ok;
                ui.horizontal(|ui| {
                    commit |= ui.button("Commit").clicked();
                    close |= ui.button("Cancel").clicked();
                });
                if commit {
                    let files = (choices.iter())
                        .filter(|c| c.chosen)
                        .map(|c| c.file.clone())
                        .collect();
                    let message = message.clone();
                    tx.send(UiCommand::Commit { files, message });
                }
            }
            Dialog::Shortcuts => {
                ui.heading("Keyboard shortcuts");
                egui::Grid::new("shortcuts")
                    .num_columns(2)
                    .spacing([24.0, 6.0])
                    .show(ui, |ui| {
                        for command in command::SHORTCUTS {
                            if let Some(s) = command.shortcut() {
                                ui.label(command.shortcut_help());
                                ui.monospace(ui.ctx().format_shortcut(&s));
                                ui.end_row();
                            }
                        }
                    });
                ui.add_space(8.0);
                close |= ui.button("Close").clicked();
            }
        }
    });
    if close || modal.should_close() {
        tx.send(UiCommand::CloseDialog);
    }
}

/// A labelled one-line text entry that has the keyboard, with the cursor at the end, and an
/// error under it that goes when the text is edited. Returns whether Enter was pressed in it.
fn entry_row(
    ui: &mut Ui,
    label: &str,
    text: &mut String,
    hint: Option<&str>,
    error: Option<&mut Option<String>>,
) -> bool {
    let label = ui.label(label);
    let mut edit = egui::TextEdit::singleline(text).desired_width(f32::INFINITY);
    if let Some(hint) = hint {
        edit = edit.hint_text(hint);
    }
    let edit = ui.add(edit).labelled_by(label.id);
    if !edit.has_focus() && !edit.lost_focus() {
        edit.request_focus();
        // Typing goes after the suggested text, not into its middle.
        let end = egui::text::CCursor::new(text.chars().count());
        if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), edit.id) {
            state
                .cursor
                .set_char_range(Some(egui::text::CCursorRange::one(end)));
            state.store(ui.ctx(), edit.id);
        }
    }
    if let Some(error) = error {
        if edit.changed() {
            // The error was about the text as it was.
            *error = None;
        }
        if let Some(e) = error {
            ui.label(RichText::new(e.as_str()).color(ui.visuals().error_fg_color));
        }
    }
    ui.add_space(8.0);
    edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))
}
