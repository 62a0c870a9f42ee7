//! Build helpers for anam-studio.
//!
//! `cargo run -p xtask -- dist-assets [OUT]` writes what the packages install beside the binary
//! and that is generated rather than written by hand (default OUT: `target/dist-assets`):
//!
//! - `man/anam-studio.1` and one `man/anam-studio-COMMAND.1` per command, from the clap definition;
//! - `completions/anam-studio.bash`, `completions/_anam-studio` (zsh), `completions/anam-studio.fish`;
//! - `icons/hicolor/NxN/apps/anam-studio.png` at the usual sizes, from `assets/icon.png`.
//!
//! The output depends only on the source, so two runs give the same bytes.
//!
//! `cargo run -p xtask -- dist-windows [--profile PROFILE]` builds the Windows program and its
//! installer into `target/dist/` (see [`windows`]).

mod windows;

use anam_studio::cli::Args;
use clap::CommandFactory;
use clap_complete::Shell;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The hicolor sizes the icon is installed at (the source is 256×256, so nothing is upscaled).
pub const ICON_SIZES: [u32; 7] = [16, 24, 32, 48, 64, 128, 256];

const BIN: &str = "anam-studio";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in a folder of the workspace")
        .to_path_buf();
    match args.first().map(String::as_str) {
        Some("dist-assets") => {
            let out = args
                .get(1)
                .map(PathBuf::from)
                .unwrap_or_else(|| root.join("target/dist-assets"));
            match dist_assets(&root, &out) {
                Ok(()) => {
                    println!("wrote {}", out.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("xtask: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        Some("dist-windows") => {
            let profile = match args.get(1).map(String::as_str) {
                Some("--profile") => args.get(2).map_or("dist", String::as_str),
                _ => "dist",
            };
            match windows::dist_windows(&root, profile) {
                Ok(installer) => {
                    println!("wrote {}", installer.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("xtask: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!(
                "usage: cargo run -p xtask -- dist-assets [OUT]\n\
                 writes the man pages, shell completions and hicolor icons (default OUT: target/dist-assets)\n\
                 usage: cargo run -p xtask -- dist-windows [--profile PROFILE]\n\
                 builds the Windows program and its installer into target/dist (default PROFILE: dist)"
            );
            ExitCode::FAILURE
        }
    }
}

type Result<T> = std::result::Result<T, Box<dyn std::error::Error>>;

fn dist_assets(root: &Path, out: &Path) -> Result<()> {
    if out.exists() {
        std::fs::remove_dir_all(out)?;
    }
    man_pages(&out.join("man"))?;
    completions(&out.join("completions"))?;
    icons(&root.join("assets/icon.png"), &out.join("icons/hicolor"))?;
    Ok(())
}

/// `anam-studio.1`, and `anam-studio-COMMAND.1` for each command (`anam-studio-key-set.1`, …).
fn man_pages(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut cmd = Args::command();
    cmd.build();
    write_man(&cmd, dir)
}

fn write_man(cmd: &clap::Command, dir: &Path) -> Result<()> {
    let name = cmd
        .get_display_name()
        .unwrap_or_else(|| cmd.get_name())
        .to_string();
    let mut page = Vec::new();
    clap_mangen::Man::new(cmd.clone())
        .title(name.to_uppercase())
        .render(&mut page)?;
    std::fs::write(dir.join(format!("{name}.1")), page)?;
    for sub in cmd
        .get_subcommands()
        .filter(|s| !s.is_hide_set() && s.get_name() != "help")
    {
        write_man(sub, dir)?;
    }
    Ok(())
}

fn completions(dir: &Path) -> Result<()> {
    std::fs::create_dir_all(dir)?;
    for (shell, file) in [
        (Shell::Bash, format!("{BIN}.bash")),
        (Shell::Zsh, format!("_{BIN}")),
        (Shell::Fish, format!("{BIN}.fish")),
    ] {
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut Args::command(), BIN, &mut script);
        std::fs::write(dir.join(file), script)?;
    }
    Ok(())
}

fn icons(source: &Path, dir: &Path) -> Result<()> {
    let icon = image::open(source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .into_rgba8();
    for size in ICON_SIZES {
        let resized = if icon.width() == size {
            icon.clone()
        } else {
            image::imageops::resize(&icon, size, size, image::imageops::FilterType::Lanczos3)
        };
        let apps = dir.join(format!("{size}x{size}/apps"));
        std::fs::create_dir_all(&apps)?;
        resized.save(apps.join(format!("{BIN}.png")))?;
    }
    Ok(())
}
