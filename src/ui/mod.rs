//! The desktop app (egui). Only this module knows egui.

use std::process::ExitCode;

/// Opens the main window; returns when it is closed.
pub fn run() -> ExitCode {
    let result = eframe::run_native(
        "anam-studio",
        eframe::NativeOptions::default(),
        Box::new(|_cc| Ok(Box::new(Minimal))),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("anam-studio: could not open the window: {e}");
            ExitCode::FAILURE
        }
    }
}

/// A placeholder window until the full app lands.
struct Minimal;

impl eframe::App for Minimal {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default().show(ui, |ui| {
            ui.heading("anam-studio");
            ui.label("Use the command line for now: anam-studio --help");
        });
    }
}
