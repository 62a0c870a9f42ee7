//! Voice generation: the provider, then exactly that provider's options.

use super::field::{self, Form};
use super::section;
use crate::core::contract::{VoiceProvider, fields};
use crate::core::draft::Draft;
use egui::{RichText, Ui};

pub fn ui(ui: &mut Ui, draft: &mut Draft, form: &mut Form) {
    section::section(
        ui,
        draft,
        form,
        "Voice generation",
        &[fields::VOICE_GENERATION],
        |ui, draft, form| {
            let provider = draft.voice_provider();
            let family = form.catalogs.state.voice_family(draft);
            let has_options = draft.get(fields::VOICE_GENERATION).is_some();
            field::problems(ui, draft, fields::VOICE_GENERATION);
            if provider.is_none() && has_options {
                let candidates = draft.body().voice_providers();
                if !candidates.is_empty() {
                    ui.label(
                    RichText::new(format!(
                        "These options fit {candidates}: the body does not say which. Pick the provider they are for."
                    ))
                    .color(ui.visuals().warn_fg_color),
                );
                    ui.horizontal(|ui| {
                        for p in candidates.iter() {
                            if ui.button(format!("Use {p}")).clicked() {
                                draft.pick_provider(p);
                            }
                        }
                    });
                }
            }
            field::grid(ui, "voice-generation", |ui| {
                let label = ui.label("Provider").on_hover_text(
                "The contract's voiceGenerationOptions is one of four shapes. The body never names the provider: it is inferred from the options.",
            );
                ui.horizontal(|ui| {
                    let selected = provider.map_or("Not chosen", VoiceProvider::title);
                    let mut picked = None;
                    egui::ComboBox::from_id_salt("voice-provider")
                        .selected_text(selected)
                        .width(180.0)
                        .show_ui(ui, |ui| {
                            for p in VoiceProvider::ALL {
                                let allowed = family.as_ref().is_none_or(|f| f.contains(&p));
                                let item = ui
                                    .add_enabled(
                                        allowed,
                                        egui::Button::selectable(provider == Some(p), p.title()),
                                    )
                                    .on_disabled_hover_text(
                                        "The chosen voice belongs to another provider.",
                                    );
                                if item.clicked() {
                                    picked = Some(p);
                                }
                            }
                        })
                        .response
                        .labelled_by(label.id);
                    if let Some(p) = picked {
                        draft.pick_provider(p);
                    }
                    if has_options
                        && ui
                            .button("Clear options")
                            .on_hover_text("Leave voiceGenerationOptions out of the body")
                            .clicked()
                    {
                        draft.clear_voice();
                    }
                });
                ui.end_row();
                if let Some((p, keys)) = draft.dropped_by_provider() {
                    ui.label("");
                    let mut undo = false;
                    ui.horizontal_wrapped(|ui| {
                        ui.label(
                            RichText::new(format!(
                                "Removed {}: {} has no such options.",
                                and_list(keys),
                                p.title()
                            ))
                            .color(ui.visuals().warn_fg_color),
                        );
                        undo = ui
                            .button("Undo")
                            .on_hover_text("Bring the removed options and the provider back")
                            .clicked();
                    });
                    if undo {
                        draft.undo();
                    }
                    ui.end_row();
                }
                if let Some(p) = provider {
                    for spec in fields::voice_fields(p) {
                        field::row(ui, draft, spec, form);
                    }
                }
            });
        },
    );
}

/// "a", "a and b", "a, b and c".
fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}
