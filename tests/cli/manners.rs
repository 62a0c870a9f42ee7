//! The binary's manners: `--version`, `--help` with examples, `completions`, and what it says
//! when there is no display for the window.

use anam_studio::cli::Args;
use clap::CommandFactory;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], env_clear_display: bool) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_anam-studio"));
    cmd.args(args).stdin(Stdio::null());
    if env_clear_display {
        for var in ["DISPLAY", "WAYLAND_DISPLAY", "WAYLAND_SOCKET"] {
            cmd.env_remove(var);
        }
    }
    cmd.output().expect("the binary runs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_cli_definition_is_consistent() {
    Args::command().debug_assert();
}

#[test]
fn version_names_the_package_version() {
    let out = run(&["--version"], false);
    assert!(out.status.success());
    let line = stdout(&out);
    let expected = format!("anam-studio {}", env!("CARGO_PKG_VERSION"));
    assert!(line.starts_with(&expected), "{line}");
    assert_eq!(line.lines().count(), 1, "{line}");
}

#[test]
fn version_names_the_git_commit_when_built_from_git() {
    let commit = Command::new("git")
        .args(["rev-parse", "--short", "HEAD"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string());
    let line = stdout(&run(&["--version"], false));
    match commit {
        // Built from this checkout: the build script read the same HEAD (a commit made after the
        // build would differ, but cargo rebuilds when HEAD moves).
        Some(commit) if std::env::var_os("ANAM_STUDIO_GIT_COMMIT").is_none() => {
            assert!(line.contains(&format!("({commit})")), "{line} vs {commit}")
        }
        _ => assert!(!line.contains("()"), "{line}"),
    }
}

#[test]
fn help_shows_an_example_for_every_command() {
    let mut top = Args::command();
    top.build();
    let mut checked = 0;
    let mut stack: Vec<(Vec<String>, clap::Command)> = vec![(vec![], top)];
    while let Some((path, cmd)) = stack.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let out = run(&args, false);
        assert!(out.status.success(), "{args:?}");
        let help = stdout(&out);
        assert!(
            help.contains("Example:") || help.contains("Examples:"),
            "no example in `anam-studio {}`:\n{help}",
            args.join(" ")
        );
        // The examples are runnable lines of this program.
        assert!(
            help.contains("\n  anam-studio ") || help.contains("| anam-studio"),
            "{help}"
        );
        checked += 1;
        for sub in cmd.get_subcommands().filter(|s| s.get_name() != "help") {
            let mut sub_path = path.clone();
            sub_path.push(sub.get_name().to_string());
            stack.push((sub_path, sub.clone()));
        }
    }
    // The top level, 13 commands, the 3 key actions, persona pull|push, presets status and
    // sessions list|show.
    assert_eq!(checked, 22);
}

#[test]
fn completions_for_bash_zsh_and_fish_name_the_commands() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell], false);
        assert!(out.status.success(), "{shell}");
        let script = stdout(&out);
        for word in [
            "anam-studio",
            "validate",
            "mint",
            "completions",
            "--base-url",
        ] {
            assert!(script.contains(word), "{shell} script lacks {word}");
        }
    }
    let out = run(&["completions", "tcsh"], false);
    assert!(!out.status.success());
}

#[cfg(target_os = "linux")]
#[test]
fn without_a_display_the_app_says_what_is_missing_in_one_sentence() {
    let out = run(&[], true);
    assert!(!out.status.success());
    assert_eq!(stdout(&out), "");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr.trim_end();
    assert_eq!(line.lines().count(), 1, "{stderr}");
    assert_eq!(line.matches(". ").count(), 0, "one sentence: {line}");
    assert!(
        line.contains("DISPLAY") && line.contains("anam-studio --help"),
        "{line}"
    );
}
