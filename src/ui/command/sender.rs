//! How commands travel: panels push them through a [`CommandSender`] during the frame; the app
//! drains the [`CommandReceiver`] after it. [`pressed`] turns this frame's shortcuts into commands.

use super::{UiCommand, WITH_SHORTCUTS};
use egui::Ui;

use std::sync::mpsc;

/// Where panels push commands during a frame (cheap to clone, as rerun's `CommandSender`).
#[derive(Clone)]
pub struct CommandSender(mpsc::Sender<UiCommand>);

pub struct CommandReceiver(mpsc::Receiver<UiCommand>);

pub fn channel() -> (CommandSender, CommandReceiver) {
    let (tx, rx) = mpsc::channel();
    (CommandSender(tx), CommandReceiver(rx))
}

impl CommandSender {
    pub fn send(&self, command: UiCommand) {
        // The receiver lives in the app, as long as every sender.
        let _ = self.0.send(command);
    }

    /// A button for `command`: its label, its tooltip with the shortcut; pushes it when clicked.
    pub fn button(&self, ui: &mut Ui, command: UiCommand) -> egui::Response {
        self.button_enabled(ui, true, command)
    }

    pub fn button_enabled(&self, ui: &mut Ui, enabled: bool, command: UiCommand) -> egui::Response {
        let response = ui
            .add_enabled(enabled, egui::Button::new(command.label()))
            .on_hover_text(command.hover(ui.ctx()));
        if response.clicked() {
            self.send(command);
        }
        response
    }

    /// A menu item: `label`, the shortcut on the right; pushes `command` when clicked.
    pub fn menu_item(&self, ui: &mut Ui, label: &str, enabled: bool, command: UiCommand) {
        let mut button = egui::Button::new(label);
        if let Some(s) = command.shortcut() {
            button = button.shortcut_text(ui.ctx().format_shortcut(&s));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.send(command);
        }
    }
}

impl CommandReceiver {
    pub fn try_recv(&self) -> Option<UiCommand> {
        self.0.try_recv().ok()
    }
}

/// The shortcuts pressed this frame, as commands. While a text field has the keyboard, Ctrl+Z
/// and Ctrl+Shift+Z are that field's own undo; Escape is taken only when it has something to
/// close (`escape_closes`), so menus and pickers still close with it.
pub fn pressed(ui: &mut Ui, sender: &CommandSender, escape_closes: bool) {
    // In a field of the draft, Undo and Redo are the draft's; in any other text field, its own.
    let typing = ui.ctx().text_edit_focused() && !draft_field_focused(ui.ctx());
    let modifiers = |c: &&UiCommand| {
        let m = c.shortcut().map(|s| s.modifiers).unwrap_or_default();
        [m.shift, m.ctrl, m.alt, m.command, m.mac_cmd]
            .iter()
            .filter(|on| **on)
            .count()
    };
    let mut commands: Vec<&UiCommand> = WITH_SHORTCUTS.iter().collect();
    commands.sort_by_key(|c| std::cmp::Reverse(modifiers(c)));
    for command in commands {
        let skip = match command {
            UiCommand::Undo | UiCommand::Redo => typing,
            UiCommand::Escape => !escape_closes,
            _ => false,
        };
        if skip {
            continue;
        }
        if let Some(s) = command.shortcut()
            && ui.input_mut(|i| i.consume_shortcut(&s))
        {
            sender.send(command.clone());
        }
    }
}

/// Where the id of the draft's text field that had the keyboard last frame is kept.
fn draft_field_key() -> egui::Id {
    egui::Id::unique("draft text field with the keyboard")
}

/// Marks a text field that edits the draft (the Body, a form field): while it has the keyboard,
/// Ctrl+Z and Ctrl+Shift+Z are the draft's Undo and Redo, not the field's own. The field's own
/// undo would reach the draft as one more edit, and the redo steps would be lost.
pub fn edits_draft(ui: &Ui, response: &egui::Response) {
    if response.has_focus() {
        ui.ctx()
            .data_mut(|d| d.insert_temp(draft_field_key(), response.id));
    }
}

fn draft_field_focused(ctx: &egui::Context) -> bool {
    let marked = ctx.data(|d| d.get_temp::<egui::Id>(draft_field_key()));
    marked.is_some() && ctx.memory(|m| m.focused()) == marked
}

/// Text pasted this frame where no text field has the keyboard and nothing is open over the
/// window (`blocked`): a request to read. A paste into a field stays that field's.
///
/// `asked`: Paste request asked the platform for the clipboard's text last frame. Its text
/// comes back this frame, and nothing comes when the clipboard holds no text: that is said.
pub fn pasted(ui: &Ui, tx: &CommandSender, blocked: bool, asked: bool) {
    if blocked || ui.ctx().text_edit_focused() {
        return;
    }
    let text = ui.input(|i| {
        i.events.iter().rev().find_map(|e| match e {
            egui::Event::Paste(text) => Some(text.clone()),
            _ => None,
        })
    });
    match text {
        Some(text) => tx.send(UiCommand::PasteRequest(text)),
        None if asked => tx.send(UiCommand::PasteRequest(String::new())),
        None => {}
    }
}
