//! The `anam-studio` binary: no command opens the app, a command runs headless.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = anam_studio::cli::Args::parse();
    anam_studio::cli::init_logging();
    match args.command {
        Some(command) => anam_studio::cli::run(command),
        None => anam_studio::ui::run(),
    }
}
