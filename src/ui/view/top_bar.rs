//! The menu bar, and the bar under it: environment, Settings, mode, the validation summary, Mint.

use crate::core::contract::Mode;
use crate::core::draft::Draft;
use crate::ui::command::{CommandSender, UiCommand};
use crate::ui::state::AppState;
use crate::ui::style;
use egui::{RichText, Ui};

/// What is in flight, for the Mint and Launch demo controls.
#[derive(Clone, Copy)]
pub struct Busy {
    pub minting: bool,
    pub launching_demo: bool,
    /// The shown token is live and minted against the selected environment.
    pub live_token: bool,
    /// A git commit, pull or push of the presets folder is under way.
    pub git: bool,
}

pub fn ui(ui: &mut Ui, state: &AppState, tx: &CommandSender, busy: Busy) {
    menu_bar(ui, state, tx);
    ui.add_space(2.0);
    ui.horizontal(|ui| {
        let env_label = ui.label("Environment");
        let envs = &state.environments;
        let current = envs.current();
        let mut manage = false;
        egui::ComboBox::from_id_salt("environment")
            .selected_text(&current.name)
            .show_ui(ui, |ui| {
                for env in envs.list() {
                    let selected = env.name == envs.selected;
                    if ui
                        .selectable_label(selected, &env.name)
                        .on_hover_text(env.describe())
                        .clicked()
                        && !selected
                    {
                        tx.send(UiCommand::SelectEnvironment(env.name.clone()));
                    }
                }
                ui.separator();
                manage = ui
                    .selectable_label(false, "Manage environments and keys…")
                    .clicked();
            })
            .response
            .labelled_by(env_label.id)
            .on_hover_text(current.describe());
        tx.button(ui, UiCommand::OpenSettings);
        if manage {
            tx.send(UiCommand::OpenSettings);
        }
        ui.separator();
        let mode = state.document.draft.mode();
        let locked = state.document.form_locked();
        for m in [Mode::Ephemeral, Mode::Stateful] {
            let switch = egui::Button::selectable(mode == m, m.to_string());
            let r = ui.add_enabled(locked.is_none(), switch);
            match &locked {
                Some(reason) => {
                    r.on_disabled_hover_text(reason);
                }
                None if r.clicked() && mode != m => tx.send(UiCommand::SetMode(m)),
                None => {}
            }
        }
        ui.separator();
        validation_summary(ui, &state.document.draft, tx);
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            mint_controls(ui, state, tx, busy);
        });
    });
    ui.add_space(2.0);
}

fn menu_bar(ui: &mut Ui, state: &AppState, tx: &CommandSender) {
    egui::MenuBar::new().ui(ui, |ui| {
        ui.menu_button("File", |ui| {
            tx.menu_item(ui, "New preset", true, UiCommand::New);
            tx.menu_item(ui, "Save preset", true, UiCommand::Save);
            tx.menu_item(ui, "Save preset as…", true, UiCommand::SaveAs);
            ui.separator();
            tx.menu_item(ui, "Import body…", true, UiCommand::Import);
            tx.menu_item(ui, "Export body…", true, UiCommand::Export);
            tx.menu_item(ui, "Paste request", true, UiCommand::ReadClipboard);
            ui.separator();
            let current = state.document.name.as_deref();
            let saved = current.is_some();
            tx.menu_item(
                ui,
                "Compare with saved file",
                saved,
                UiCommand::CompareWithSaved,
            );
            super::presets::compare_with_menu(ui, &state.folder, current, tx);
            if matches!(state.folder.git, crate::ui::state::InGit::Yes(_)) {
                let committed = UiCommand::CompareWithCommitted;
                tx.menu_item(ui, committed.label(), saved, committed);
            }
            ui.separator();
            let ephemeral = state.document.draft.mode() == Mode::Ephemeral;
            let push = UiCommand::PushToPersona;
            tx.menu_item(ui, push.label(), ephemeral, push);
            let compare = UiCommand::ComparePersona;
            tx.menu_item(ui, compare.label(), true, compare);
            ui.separator();
            tx.menu_item(ui, "Quit", true, UiCommand::Quit);
        });
        ui.menu_button("Edit", |ui| {
            let draft = &state.document.draft;
            tx.menu_item(ui, "Undo", draft.can_undo(), UiCommand::Undo);
            tx.menu_item(ui, "Redo", draft.can_redo(), UiCommand::Redo);
        });
        ui.menu_button("View", |ui| {
            let mut pref = ui.options(|o| o.theme_preference);
            let before = pref;
            ui.label("Theme");
            ui.radio_value(
                &mut pref,
                egui::ThemePreference::System,
                "Follow the system",
            );
            ui.radio_value(&mut pref, egui::ThemePreference::Light, "Light");
            ui.radio_value(&mut pref, egui::ThemePreference::Dark, "Dark");
            if pref != before {
                tx.send(UiCommand::SetTheme(pref));
            }
            ui.separator();
            tx.menu_item(
                ui,
                UiCommand::ShowSessions.label(),
                true,
                UiCommand::ShowSessions,
            );
        });
        ui.menu_button("Help", |ui| {
            tx.menu_item(ui, "Keyboard shortcuts", true, UiCommand::ShowShortcuts);
            ui.separator();
            ui.label(format!("anam-studio {}", env!("CARGO_PKG_VERSION")));
            ui.weak(format!("Presets: {}", state.folder.dir.display()));
        });
    });
}

fn validation_summary(ui: &mut Ui, draft: &Draft, tx: &CommandSender) {
    if let Some(u) = draft.unparsed() {
        let text = format!(
            "Body is not JSON (line {}, column {})",
            u.error.line, u.error.column
        );
        if ui
            .button(RichText::new(text).color(ui.visuals().error_fg_color))
            .on_hover_text(format!(
                "{}. Nothing is minted or saved until it parses. Click to see it.",
                u.error.message
            ))
            .clicked()
        {
            tx.send(UiCommand::ShowBodyTab);
        }
        return;
    }
    let errors = draft.error_count();
    let warnings = draft.problems().len() - errors;
    if errors == 0 && warnings == 0 {
        ui.label(RichText::new("Valid").color(style::ok_color(ui)))
            .on_hover_text("The body matches the API contract.");
        return;
    }
    let text = match (errors, warnings) {
        (0, w) => RichText::new(plural(w, "warning")).color(ui.visuals().warn_fg_color),
        (e, 0) => RichText::new(plural(e, "problem")).color(ui.visuals().error_fg_color),
        (e, w) => RichText::new(format!(
            "{}, {}",
            plural(e, "problem"),
            plural(w, "warning")
        ))
        .color(ui.visuals().error_fg_color),
    };
    let tip = if errors > 0 {
        "Problems stop Mint; warnings do not. Click to jump to the first."
    } else {
        "Warnings do not stop minting. Click to jump to the first."
    };
    if ui.button(text).on_hover_text(tip).clicked() {
        tx.send(UiCommand::JumpToFirstProblem);
    }
}

fn mint_controls(ui: &mut Ui, state: &AppState, tx: &CommandSender, busy: Busy) {
    let env = &state.environments.selected;
    if busy.minting {
        let escape = UiCommand::Escape
            .shortcut()
            .map(|s| ui.ctx().format_shortcut(&s));
        if ui
            .button(UiCommand::CancelMint.label())
            .on_hover_text(format!(
                "Stop this request ({})",
                escape.unwrap_or_default()
            ))
            .clicked()
        {
            tx.send(UiCommand::CancelMint);
        }
        ui.spinner();
        ui.label(format!("Minting against {env}…"));
        return;
    }
    let errors = state.document.draft.error_count();
    let unsendable = state.document.unsendable();
    let shortcut = (UiCommand::Mint.shortcut()).map(|s| ui.ctx().format_shortcut(&s));
    let mint = ui
        .add_enabled(
            errors == 0 && unsendable.is_none(),
            egui::Button::new(RichText::new(UiCommand::Mint.label()).strong())
                .min_size(egui::vec2(72.0, 0.0)),
        )
        .on_hover_text(format!(
            "Mint a session token against {env} ({})",
            shortcut.unwrap_or_default()
        ))
        .on_disabled_hover_text(unsendable.clone().unwrap_or_else(|| {
            "Fix the problems first, or use Mint anyway to test the API's own errors.".into()
        }));
    if mint.clicked() {
        tx.send(UiCommand::Mint);
    }
    demo_button(ui, tx, busy, errors, unsendable.as_deref());
    if errors > 0 && unsendable.is_none() {
        tx.button(ui, UiCommand::MintAnyway);
    }
}

/// Launch demo: with the live token, or minting one; disabled with the reason when neither can be.
fn demo_button(
    ui: &mut Ui,
    tx: &CommandSender,
    busy: Busy,
    errors: usize,
    unsendable: Option<&str>,
) {
    if busy.launching_demo {
        ui.spinner();
        ui.label("Opening the demo…");
        return;
    }
    let why_not = match (busy.live_token, unsendable) {
        (true, _) => None,
        (false, Some(reason)) => Some(format!(
            "No live token to show, and none can be minted: {reason}"
        )),
        (false, None) if errors > 0 => Some(
            "No live token to show, and the body has problems: fix them (or Mint anyway) first."
                .to_string(),
        ),
        (false, None) => None,
    };
    let command = UiCommand::LaunchDemo;
    let response = ui
        .add_enabled(why_not.is_none(), egui::Button::new(command.label()))
        .on_hover_text(command.hover(ui.ctx()))
        .on_disabled_hover_text(why_not.unwrap_or_default());
    if response.clicked() {
        tx.send(command);
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}
