//! The desktop app (egui). Only this module knows egui; it reads and edits the core's
//! [`Draft`](crate::core::draft::Draft) and talks to the network through the [`Worker`](crate::worker::Worker).

mod app;
mod body_tab;
mod catalog_picker;
mod detection_panel;
mod disk_watch;
mod field;
mod language;
mod persona_form;
mod presets_sidebar;
mod session_panel;
mod settings;
pub mod style;
mod token_panel;
mod voice_panel;

pub use app::{
    AppConfig, Banner, FileDialogs, NativeDialogs, NoDialogs, SHORTCUTS, StudioApp, Tab,
};
pub use token_panel::{TokenEntry, TokenPanel};

use std::process::ExitCode;

const ICON: &[u8] = include_bytes!("../../assets/icon.png");

/// Opens the main window; returns when it is closed.
pub fn run() -> ExitCode {
    let has_display = ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()));
    if cfg!(target_os = "linux") && !has_display {
        eprintln!(
            "anam-studio: no display to open the window on (neither DISPLAY nor WAYLAND_DISPLAY is set); \
             run it in a desktop session, or use the command line instead (anam-studio --help)."
        );
        return ExitCode::FAILURE;
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("anam-studio")
        .with_app_id("anam-studio")
        .with_inner_size([1360.0, 860.0])
        .with_min_inner_size([900.0, 600.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions {
        viewport,
        ..Default::default()
    };
    let result = eframe::run_native(
        "anam-studio",
        options,
        Box::new(|cc| Ok(Box::new(StudioApp::new(cc, AppConfig::from_platform())))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anam-studio: could not open the window: {e}");
            ExitCode::FAILURE
        }
    }
}
