//! Puts the git commit into `--version` when built from a git checkout: sets
//! `ANAM_STUDIO_VERSION` to `0.1.0 (abc1234)`, or to plain `0.1.0` when git or the repository is
//! missing (a source tarball, `cargo install` from a registry). For Windows, also embeds the
//! version information and, when `ANAM_STUDIO_WINDOWS_ICON` names one (`cargo run -p xtask --
//! dist-windows` makes it from assets/icon.png), the icon Explorer and the Start menu show.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (!text.is_empty()).then_some(text)
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() == Ok("windows") {
        windows_resources();
    }
    println!("cargo:rerun-if-env-changed=ANAM_STUDIO_GIT_COMMIT");
    let version = env!("CARGO_PKG_VERSION");
    // A packager building from a tarball can still name the commit.
    let commit = std::env::var("ANAM_STUDIO_GIT_COMMIT")
        .ok()
        .filter(|c| !c.is_empty())
        .or_else(|| git(&["rev-parse", "--short", "HEAD"]));
    match commit {
        Some(commit) => {
            println!("cargo:rustc-env=ANAM_STUDIO_VERSION={version} ({commit})");
            // Rebuild when HEAD moves: HEAD itself (a branch switch), the folder of the ref it
            // points at (a commit writes or creates the loose ref there) and packed-refs. In a
            // worktree these live in different folders, so ask git for each path; only paths that
            // exist are watched (cargo reruns the script every time for a missing one).
            let mut watch = vec!["HEAD".to_string()];
            if let Some(head_ref) = git(&["symbolic-ref", "-q", "HEAD"]) {
                let folder = head_ref.rsplit_once('/').map_or("refs", |(f, _)| f);
                watch.push(folder.to_string());
                watch.push("packed-refs".to_string());
            }
            for name in watch {
                if let Some(path) =
                    git(&["rev-parse", "--path-format=absolute", "--git-path", &name])
                        .map(PathBuf::from)
                        .filter(|p| p.exists())
                {
                    println!("cargo:rerun-if-changed={}", path.display());
                }
            }
        }
        None => println!("cargo:rustc-env=ANAM_STUDIO_VERSION={version}"),
    }
}

/// The `.exe`'s version information (from Cargo.toml) and icon, compiled with the resource
/// compiler of the toolchain (mingw's `x86_64-w64-mingw32-windres` when cross-building).
fn windows_resources() {
    println!("cargo:rerun-if-env-changed=ANAM_STUDIO_WINDOWS_ICON");
    let mut res = winresource::WindowsResource::new();
    res.set("ProductName", "anam-studio")
        .set("FileDescription", "anam-studio")
        .set("CompanyName", "Anam")
        .set("LegalCopyright", "MIT licence");
    if let Ok(icon) = std::env::var("ANAM_STUDIO_WINDOWS_ICON") {
        println!("cargo:rerun-if-changed={icon}");
        res.set_icon(&icon);
    }
    if let Err(e) = res.compile() {
        panic!("could not compile the Windows resources (version, icon): {e}");
    }
}
