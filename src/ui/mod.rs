//! The desktop app (egui). Only this module knows egui. Each frame, panels draw from the
//! [`state`] and push [`command`]s; the commands are applied in one place ([`apply`]), which asks
//! the [`services`] (the worker, the sandbox, the file dialogs); the worker's answers come back
//! through [`events`] and change the state for the next frame.

// The layers, lowest first; each names only those below it (src/layers/ checks it).
mod app;
pub mod command;
/// What happens: commands applied, the worker's answers taken in.
mod controller;
pub mod feedback;
/// Plain data the layers share: dialogs, what answers are for, a pasted request.
pub mod model;
mod services;
pub mod state;
pub mod style;
/// What is drawn: panels, the form and the dialogs, from the state; they push commands.
pub mod view;

pub use app::{App, AppConfig};
pub use feedback::Banner;
pub use services::{ChooserFailed, ChooserLog, Chosen, FileDialogs, NativeDialogs, NoDialogs};
pub use state::Tab;
pub use state::tokens::{TokenEntry, Tokens};

/// The shortcuts, for the Help menu: what each does and its key.
pub use command::SHORTCUTS;

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
        persistence_path: crate::store::paths::window_state_file(),
        ..Default::default()
    };
    let result = eframe::run_native(
        "anam-studio",
        options,
        Box::new(|cc| Ok(Box::new(App::new(cc, AppConfig::from_platform())))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            crate::console::alert(&window_failed(&e));
            ExitCode::FAILURE
        }
    }
}

/// Why the window could not open, in one sentence, and that the command line still works.
fn window_failed(e: &eframe::Error) -> String {
    let graphics = match e {
        #[cfg(not(windows))]
        eframe::Error::Glutin(_)
        | eframe::Error::NoGlutinConfigs(..)
        | eframe::Error::OpenGL(_) => true,
        #[cfg(windows)]
        eframe::Error::Wgpu(_) => true,
        _ => false,
    };
    let reason = match graphics {
        true if cfg!(windows) => {
            "no graphics driver on this computer could draw it (DirectX 12, Vulkan or OpenGL)"
                .to_string()
        }
        true => {
            "this computer offers no OpenGL 2 (or newer) graphics driver, which the window needs; \
                 virtual machines and remote desktop sessions often have none"
                .to_string()
        }
        false => format!("the system refused it ({e})"),
    };
    format!(
        "The window could not open: {reason}. The command line still works: run anam-studio --help in a terminal."
    )
}
