//! The `anam-studio` binary: no command opens the app, a command runs headless.

// A Windows GUI program: no console window opens from the Start menu or Explorer (commands
// attach to the console they were run from, see `console`).
#![cfg_attr(windows, windows_subsystem = "windows")]

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    if std::env::args_os().len() > 1 {
        anam_studio::console::attach_to_parent();
    }
    let args = anam_studio::cli::Args::parse();
    // The window's file chooser says it failed only in the log: the window listens there.
    let window = args.command.is_none();
    let listener = window.then(|| Box::new(anam_studio::ui::ChooserLog) as _);
    anam_studio::cli::init_logging(listener);
    match args.command {
        Some(command) => anam_studio::cli::run(command),
        None => anam_studio::ui::run(),
    }
}
