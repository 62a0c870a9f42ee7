//! The hand-off commands: `snippet` (code that mints the same token) and `diff` (two presets
//! field by field), and the report of an older body's upgrade that `validate`, `mint` and
//! `snippet` print.

use super::Failure;
use crate::api;
use crate::core::contract::RequestBody;
use crate::core::shown::shown;
use crate::core::snippet::{self, Lang};
use crate::core::{compare, legacy};
use crate::store::preset;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// `--lang` of `snippet`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SnippetLang {
    /// A curl command line (POSIX shell).
    Curl,
    /// A Node 20 program: `node mint.mjs`.
    Js,
    /// A Python 3 program, standard library only: `python3 mint.py`.
    Python,
    /// The browser side: the Anam SDK started on a video element with a token.
    Sdk,
}

impl From<SnippetLang> for Lang {
    fn from(lang: SnippetLang) -> Lang {
        match lang {
            SnippetLang::Curl => Lang::Curl,
            SnippetLang::Js => Lang::Js,
            SnippetLang::Python => Lang::Python,
            SnippetLang::Sdk => Lang::Sdk,
        }
    }
}

/// `body` in today's shape; each change of an older shape is said on stderr as
/// `FILE: path: older shape: sentence`.
pub(super) fn upgrade_older(file: &Path, body: RequestBody) -> RequestBody {
    let upgrade = legacy::upgrade(&body);
    for change in &upgrade.changes {
        eprintln!(
            "{}: {}: older shape: {}",
            super::shown_path(file),
            shown(&change.path),
            shown(&change.to_string())
        );
    }
    upgrade.body
}

pub(super) fn snippet(
    preset: Option<&Path>,
    lang: SnippetLang,
    base_url: &str,
) -> Result<(), Failure> {
    let base_url = api::normalize_base_url(base_url)?;
    let body = match preset {
        Some(path) => upgrade_older(path, preset::load(path)?).into_value(),
        None if lang == SnippetLang::Sdk => serde_json::Value::Null,
        None => {
            return Err(Failure(
                "--preset is needed for a curl, js or python snippet: it is the body they send."
                    .into(),
            ));
        }
    };
    let mut text = snippet::snippet(lang.into(), &base_url, &body);
    if !text.ends_with('\n') {
        text.push('\n');
    }
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(())
}

/// Exit 0 when the presets are the same, 1 when they differ (each difference on stdout), 2
/// when one cannot be read.
pub(super) fn diff(a: &Path, b: &Path) -> ExitCode {
    let load = |path: &Path| preset::load(path).map(RequestBody::into_value);
    let (left, right) = match (load(a), load(b)) {
        (Ok(left), Ok(right)) => (left, right),
        (left, right) => {
            for e in [left.err(), right.err()].into_iter().flatten() {
                eprintln!("anam-studio: {}", shown(&e.to_string()));
            }
            return ExitCode::from(2);
        }
    };
    let differences = compare::differences(&left, &right);
    if differences.is_empty() {
        return ExitCode::SUCCESS;
    }
    let mut out = std::io::stdout().lock();
    for row in &differences {
        if writeln!(out, "{row}").is_err() {
            return ExitCode::from(2);
        }
    }
    ExitCode::FAILURE
}
