//! The command line: the same core as the app, for scripts and CI.

use crate::api::{self, Client};
use crate::core::contract::RequestBody;
use crate::core::secrets::{self, ApiKey};
use crate::core::shown::shown;
use crate::core::{jwt, validate};
use crate::store::keychain::{self, Keychain, Stored};
use crate::store::preset;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use tracing_subscriber::{Layer, Registry};

// clap: the commands and their options.
mod args;
// The key, the client and the environment of a command that calls the API.
mod connect;
// `demo`: the page for a token just minted.
mod demo;
// `snippet`, `diff`, and the report of an older body's upgrade.
mod handoff;
// `key set|delete|status`.
mod keys;
// `list`, and the table every listing prints.
mod list;
// `validate`, `decode`, `mint` (and the minting `demo` does first).
mod mint;
// `persona pull|push`.
mod persona;
// `presets status`.
mod presets;
// `sandbox`.
mod sandbox;
// `sessions list|show`.
mod sessions;

pub use args::{Args, Command, KeyAction, ListKind, PersonaAction, PresetsAction, SessionsAction};
use connect::*;
pub use handoff::SnippetLang;
use keys::*;
use list::*;
use mint::*;

/// A failure of a command: one sentence for stderr.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

/// Runs a command and returns the process exit code.
pub fn run(command: Command) -> ExitCode {
    let result = match command {
        Command::Validate { files } => return validate_files(&files),
        Command::Decode { token } => decode(token),
        Command::Mint {
            preset,
            base_url,
            timeout,
            json,
            no_validate,
        } => mint(&preset, &base_url, timeout, json, no_validate),
        Command::List {
            what,
            search,
            json,
            base_url,
            timeout,
        } => list(what, search.as_deref(), json, &base_url, timeout),
        Command::Key { action } => key(action),
        Command::Demo {
            preset,
            base_url,
            timeout,
            no_open,
        } => demo::run(&preset, &base_url, timeout, !no_open),
        Command::Sandbox { port } => sandbox::run(port),
        Command::Snippet {
            preset,
            lang,
            base_url,
        } => handoff::snippet(preset.as_deref(), lang, &base_url),
        Command::Diff { a, b } => return handoff::diff(&a, &b),
        Command::Persona { action } => persona::run(action),
        Command::Sessions { action } => sessions::run(action),
        Command::Presets { action } => match presets::run(action) {
            Ok(code) => return code,
            Err(e) => Err(e),
        },
        Command::Completions { shell } => {
            use clap::CommandFactory;
            let mut cmd = Args::command();
            clap_complete::generate(shell, &mut cmd, "anam-studio", &mut std::io::stdout());
            return ExitCode::SUCCESS;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(sentence)) => {
            eprintln!("anam-studio: {}", shown(&sentence));
            ExitCode::FAILURE
        }
    }
}

/// A file's name as the command line prints it: escapes shown, never acted on ([`shown`]).
fn shown_path(path: &Path) -> String {
    shown(&path.display().to_string())
}

/// `value` on stdout, pretty-printed (`decode`, and every `--json`).
fn print_json(value: &serde_json::Value) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value)?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{text}")?;
    Ok(())
}

/// Logs go to stderr; `ANAM_STUDIO_LOG` sets the filter (default `warn`): a level, or
/// comma-separated `target=level` directives (`warn,anam_studio=debug`). The key is never logged.
/// `listener` also hears what passes the filter (the window's file chooser reports its
/// failures only in the log).
pub fn init_logging(listener: Option<Box<dyn Layer<Registry> + Send + Sync>>) {
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = log_filter(std::env::var("ANAM_STUDIO_LOG").ok().as_deref());
    // Colour codes only for a terminal: logs piped to a file or another program stay plain.
    let output = tracing_subscriber::fmt::layer()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let _ = tracing_subscriber::registry()
        .with(listener)
        .with(output)
        .with(filter)
        .try_init();
}

/// The filter `ANAM_STUDIO_LOG` asks for; `warn` when it is unset or does not parse.
/// (`Targets`, not `EnvFilter`: the same directives without span filters, and no regex engine
/// to build.)
fn log_filter(setting: Option<&str>) -> tracing_subscriber::filter::Targets {
    use tracing_subscriber::filter::Targets;
    setting
        .and_then(|s| s.parse::<Targets>().ok())
        .unwrap_or_else(|| Targets::new().with_default(tracing::Level::WARN))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_align_and_show_escapes() {
        let rows = [
            [
                "a1".to_string(),
                "Amélie".to_string(),
                "Fish Audio · female".to_string(),
            ],
            [
                "b".to_string(),
                "Bob\u{1b}[31m\nred".to_string(),
                String::new(),
            ],
        ];
        assert_eq!(
            table(["ID", "NAME", "DETAILS"], &rows),
            "ID  NAME               DETAILS\na1  Amélie             Fish Audio · female\nb   Bob\\u{1b}[31m red\n"
        );
    }

    #[test]
    fn the_log_setting_is_a_level_or_directives_and_warn_otherwise() {
        use tracing::level_filters::LevelFilter;
        let at = |setting: Option<&str>, target: &str| {
            let filter = log_filter(setting);
            let level = filter.iter().find(|(t, _)| *t == target).map(|(_, l)| l);
            level.or(filter.default_level())
        };
        assert_eq!(at(None, "anam_studio"), Some(LevelFilter::WARN));
        assert_eq!(at(Some("trace"), "anam_studio"), Some(LevelFilter::TRACE));
        assert_eq!(
            at(Some("warn,anam_studio=debug"), "anam_studio"),
            Some(LevelFilter::DEBUG)
        );
        assert_eq!(
            at(Some("warn,anam_studio=debug"), "hyper"),
            Some(LevelFilter::WARN)
        );
        // Not a filter: the default, rather than no logs at all.
        assert_eq!(
            at(Some("anam_studio=loud"), "anam_studio"),
            Some(LevelFilter::WARN)
        );
    }
}
