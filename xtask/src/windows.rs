//! `cargo run -p xtask -- dist-windows [--profile PROFILE]`: the Windows program and its
//! installer, into `target/dist/`.
//!
//! 1. `anam-studio.ico` from `assets/icon.png` (the sizes Explorer and the Start menu use);
//! 2. `anam-studio.exe` (the size-tuned `dist` profile unless told otherwise, with the icon and
//!    version information embedded by build.rs) and `anam-studio.com`, its console face;
//! 3. `anam-studio-VERSION-setup.exe` with NSIS (`makensis`): packaging/windows/installer.nsi.
//!
//! From Linux this cross-builds with mingw-w64 (`x86_64-pc-windows-gnu`); on Windows it builds
//! natively with the same target.

use super::Result;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "x86_64-pc-windows-gnu";

pub fn dist_windows(root: &Path, profile: &str) -> Result<PathBuf> {
    let staging = root.join("target/dist/windows");
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    std::fs::create_dir_all(&staging)?;
    let ico = staging.join("anam-studio.ico");
    write_ico(&root.join("assets/icon.png"), &ico)?;

    for package in ["anam-studio", "anam-studio-console"] {
        let mut cargo = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        cargo
            .current_dir(root)
            .args([
                "build",
                "--locked",
                "--profile",
                profile,
                "--target",
                TARGET,
            ])
            .args(["-p", package])
            .env("ANAM_STUDIO_WINDOWS_ICON", &ico);
        if !cfg!(windows) && std::env::var_os("CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER").is_none()
        {
            cargo.env(
                "CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER",
                "x86_64-w64-mingw32-gcc",
            );
        }
        run(&mut cargo)?;
    }
    let built = cargo_target_dir(root).join(TARGET).join(profile);
    std::fs::copy(
        built.join("anam-studio.exe"),
        staging.join("anam-studio.exe"),
    )?;
    std::fs::copy(
        built.join("anam-studio-console.exe"),
        staging.join("anam-studio.com"),
    )?;

    let version = env!("CARGO_PKG_VERSION");
    let out = root.join(format!("target/dist/anam-studio-{version}-setup.exe"));
    let size_kb = ["anam-studio.exe", "anam-studio.com", "anam-studio.ico"]
        .iter()
        .map(|f| std::fs::metadata(staging.join(f)).map(|m| m.len()))
        .sum::<std::io::Result<u64>>()?
        / 1024;
    let mut makensis = Command::new("makensis");
    makensis
        .arg("-V2")
        .arg(format!("-DVERSION={version}"))
        .arg(format!("-DSTAGING={}", staging.display()))
        .arg(format!("-DOUTFILE={}", out.display()))
        .arg(format!("-DSIZE_KB={size_kb}"))
        .arg(root.join("packaging/windows/installer.nsi"));
    run(&mut makensis)?;
    Ok(out)
}

/// Where cargo puts what it builds (`CARGO_TARGET_DIR`, else `target/`).
fn cargo_target_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .map(|p| if p.is_relative() { root.join(p) } else { p })
        .unwrap_or_else(|| root.join("target"))
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .map_err(|e| format!("could not run {:?}: {e}", command.get_program()))?;
    if !status.success() {
        return Err(format!("{:?} failed ({status})", command.get_program()).into());
    }
    Ok(())
}

/// An `.ico` holding the icon at each size Windows asks for, each a PNG (Windows Vista and
/// later read PNG frames).
fn write_ico(source: &Path, ico: &Path) -> Result<()> {
    use image::codecs::ico::{IcoEncoder, IcoFrame};
    let icon = image::open(source)
        .map_err(|e| format!("{}: {e}", source.display()))?
        .into_rgba8();
    let frames = [16, 24, 32, 48, 64, 128, 256]
        .into_iter()
        .map(|size| {
            let resized =
                image::imageops::resize(&icon, size, size, image::imageops::FilterType::Lanczos3);
            IcoFrame::as_png(
                resized.as_raw(),
                size,
                size,
                image::ExtendedColorType::Rgba8,
            )
        })
        .collect::<std::result::Result<Vec<_>, _>>()?;
    IcoEncoder::new(std::fs::File::create(ico)?).encode_images(&frames)?;
    Ok(())
}
