//! Settings' "Client label template" of the selected environment: checked as it is typed
//! (`label::check`), saved with the config when it is valid and Save is pressed.

use crate::core::label;
use crate::ui::command::{CommandSender, UiCommand};
use egui::Ui;

pub const HINT: &str = "studio/{preset}/{user}/{time}";

#[derive(Default)]
pub struct LabelTemplateField {
    /// The environment the text is for, and the template saved for it.
    env: String,
    pub saved: String,
    text: String,
}

impl LabelTemplateField {
    /// What the config has for `env` now; the text follows it when the environment changes.
    pub fn sync(&mut self, env: &str, saved: Option<&str>) {
        let saved = saved.unwrap_or_default().to_string();
        if self.env != env || (self.saved != saved && self.text == self.saved) {
            self.text = saved.clone();
        }
        self.env = env.to_string();
        self.saved = saved;
    }

    pub fn ui(&mut self, ui: &mut Ui, tx: &CommandSender) {
        ui.strong(format!("Client label template for {}", self.env));
        ui.horizontal(|ui| {
            let l = ui.label("Client label template");
            ui.add(
                egui::TextEdit::singleline(&mut self.text)
                    .hint_text(HINT)
                    .desired_width(300.0),
            )
            .labelled_by(l.id)
            .on_hover_text(
                "Filled at mint time when the preset has no clientLabel of its own: {preset}, {user}, {env}, {time}. Never written into a preset.",
            );
            let check = label::check(self.text.trim());
            let changed = self.text.trim() != self.saved.trim();
            if ui
                .add_enabled(changed && check.is_ok(), egui::Button::new("Save template"))
                .clicked()
            {
                tx.send(UiCommand::SetLabelTemplate {
                    env: self.env.clone(),
                    template: self.text.trim().to_string(),
                });
            }
        });
        if let Err(e) = label::check(self.text.trim()) {
            ui.colored_label(ui.visuals().error_fg_color, e.to_string());
        } else {
            ui.weak("Tokens minted here get this label when the preset has none, so their sessions can be found.");
        }
    }
}
