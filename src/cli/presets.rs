//! `presets status`: each preset of a presets folder (a team's clone, say) with its state in
//! git and whether it validates. For scripts and CI checks of a team folder: one line per preset
//! on stdout, `STATE<TAB>NAME<TAB>VALIDITY`; exit 1 when a preset does not validate.

use super::args::PresetsAction;
use super::{Failure, shown_path};
use crate::core::git_status::FileState;
use crate::core::shown::shown;
use crate::core::{legacy, validate};
use crate::store::git::Git;
use crate::store::{paths, preset};
use std::path::PathBuf;
use std::process::ExitCode;

pub(super) fn run(action: PresetsAction) -> Result<ExitCode, Failure> {
    match action {
        PresetsAction::Status { dir } => status(dir.unwrap_or_else(chosen_folder)),
    }
}

fn status(dir: PathBuf) -> Result<ExitCode, Failure> {
    let entries = preset::scan(&dir).map_err(|e| {
        Failure(format!(
            "Could not read the presets folder {}: {e}",
            shown_path(&dir)
        ))
    })?;
    // The folder and its branch go to stderr: stdout is one line per preset, for scripts.
    let git = match Git::default().folder_status(&dir) {
        Ok(git) => git,
        Err(e) => {
            eprintln!("anam-studio: {e}.");
            None
        }
    };
    match &git {
        Some(git) => eprintln!("{}: git: {}", shown_path(&dir), git.branch.describe()),
        None => eprintln!("{}: not in a git work tree", shown_path(&dir)),
    }
    let mut invalid = 0;
    for entry in &entries {
        let name = entry.path.file_name().unwrap_or_default();
        let state = git.as_ref().map(|g| g.state(name));
        let validity = match preset::load(&entry.path) {
            Err(e) => {
                invalid += 1;
                format!("unreadable: {e}")
            }
            Ok(body) => {
                let body = legacy::upgrade(&body).body;
                let problems = validate::validate(&body.into_value());
                match problems.iter().filter(|p| p.is_error()).count() {
                    0 => "valid".to_string(),
                    n => {
                        invalid += 1;
                        let s = if n == 1 { "" } else { "s" };
                        format!("invalid: {n} error{s} (anam-studio validate shows them)")
                    }
                }
            }
        };
        let state = state.map_or("-", FileState::word);
        println!("{state}\t{}\t{}", shown(&entry.name), shown(&validity));
    }
    // Presets deleted since the last commit are not on disk, but are part of the change.
    let changed = git.iter().flat_map(|g| g.changed_presets());
    for (name, state) in changed.filter(|(_, state)| *state == FileState::Deleted) {
        let name = name.to_string_lossy();
        let stem = &name[..name.len() - ".json".len()];
        println!("{}\t{}\t-", state.word(), shown(stem));
    }
    Ok(match invalid {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    })
}

/// The folder the app lists: `ANAM_STUDIO_PRESETS`, else the one chosen in Settings, else its
/// own. A config that cannot be read counts as none chosen.
fn chosen_folder() -> PathBuf {
    let config = crate::store::config::load(&paths::config_path()).ok();
    paths::presets_dir_with(config.and_then(|c| c.presets_folder))
}
