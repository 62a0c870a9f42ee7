//! The picker's searchable list, with thumbnails for avatars.

use super::*;

impl Pickers<'_> {
    /// The searchable list (those in `current` shown selected); returns the picked id.
    pub(super) fn list_ui(
        &mut self,
        ui: &mut Ui,
        path: &str,
        current: &[String],
    ) -> Option<String> {
        let search_id = ui.make_persistent_id(("picker-search", path));
        let mut search: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
        let search_box = ui
            .add(
                egui::TextEdit::singleline(&mut search)
                    .hint_text("Search")
                    .desired_width(f32::INFINITY),
            )
            .accessible_name("Search the catalog")
            .on_hover_text("Enter picks the only match");
        search_box.request_focus();
        let enter = ui.input(|i| i.key_pressed(egui::Key::Enter));
        ui.data_mut(|d| d.insert_temp(search_id, search.clone()));
        ui.separator();
        let state = self.state;
        let Some(c) = state.catalog() else {
            if state.loading {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label("Loading the catalog…");
                });
            } else if let Some(e) = &state.error {
                ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
            }
            return None;
        };
        let rows: Vec<(String, String, String, Option<String>)> = match path {
            AVATAR => c
                .avatars
                .iter()
                .map(|a| {
                    (
                        a.id.clone(),
                        a.display_name.clone(),
                        a.secondary(),
                        a.image_url.clone(),
                    )
                })
                .collect(),
            VOICE => c
                .voices
                .iter()
                .map(|v| (v.id.clone(), v.display_name.clone(), v.secondary(), None))
                .collect(),
            LLM => c
                .llms
                .iter()
                .map(|l| (l.id.clone(), l.display_name.clone(), l.secondary(), None))
                .collect(),
            TOOL_IDS => c
                .tools
                .iter()
                .map(|t| (t.id.clone(), t.name.clone(), t.secondary(), None))
                .collect(),
            _ => c
                .personas
                .iter()
                .map(|p| (p.id.clone(), p.name.clone(), p.secondary(), None))
                .collect(),
        };
        let mut picked = None;
        let mut shown = 0;
        let mut only_match = None;
        egui::ScrollArea::vertical()
            .max_height(420.0)
            .min_scrolled_height(320.0)
            .show(ui, |ui| {
                for (id, name, secondary, image) in rows {
                    if !catalog::matches(&[&name, &secondary, &id], &search) {
                        continue;
                    }
                    shown += 1;
                    only_match = (shown == 1).then(|| id.clone());
                    ui.horizontal(|ui| {
                        if let Some(url) = image {
                            self.thumbnail(ui, &url);
                        }
                        let text = format!("{name}  ·  {secondary}");
                        if ui
                            .selectable_label(current.contains(&id), text)
                            .on_hover_text(&id)
                            .clicked()
                        {
                            picked = Some(id.clone());
                            ui.close();
                        }
                    });
                }
            });
        if shown == 0 {
            ui.weak("Nothing matches.");
        }
        if picked.is_none() && enter && shown == 1 && !search.trim().is_empty() {
            picked = only_match;
            ui.close();
        }
        picked
    }

    fn thumbnail(&mut self, ui: &mut Ui, url: &str) {
        let size = egui::vec2(40.0, 40.0);
        match self.state.image(url) {
            Some(Image::Ready) => {
                ui.add(
                    egui::Image::new(url.to_string())
                        .fit_to_exact_size(size)
                        .corner_radius(4),
                );
            }
            Some(Image::Loading) => {
                ui.add_sized(size, egui::Spinner::new());
            }
            Some(Image::Failed) => {
                ui.add_sized(
                    size,
                    egui::Label::new(RichText::new("no image").small().weak()),
                );
            }
            None => {
                self.ask(url, UiCommand::LoadImage(url.to_string()));
                ui.add_sized(size, egui::Spinner::new());
            }
        }
    }
}
